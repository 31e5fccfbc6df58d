"""Datasets: the engine's declaration, and what the spec cannot say of them.

- ``POST /v1/datasets/`` is a ``multipart/form-data`` upload: the spec's form fields (``name``, ``type``,
  ``tags`` repeated, ``has_header`` ...) are checked as the spec says, and ``file`` must be a CSV file:
  UTF-8 text (a byte order mark is dropped) that parses as CSV, under a name ending ``.csv`` or ``.txt``
  if it has one. Anything else is a 400 worded as DRF words file errors. A dataset may instead be given
  by ``url`` alone (not fetched: it then has no rows), or by neither: an empty dataset, whose rows are
  added as items (as scorable 1.15 builds a labelled dataset). A form without a file may also come
  URL-encoded, as the spec allows (the official 1.15 SDK sends it so).
- The file is stored with the dataset, as sent (decoded), with its rows parsed (the first row is the
  header when ``has_header`` is true); ``Emulator.dataset_file(id)`` returns them. ``file`` in the answer
  to the upload is the dataset's download URL.
- ``GET /v1/datasets/{id}/?download=true`` answers what the spec declares for it: the dataset's JSON.
- ``search`` filters by a part of the name (any case), ``type`` by type.
"""

from __future__ import annotations

import csv
import io
import urllib.parse
import uuid
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.contract import cast
from root.emulator.engine import Engine, Resource, field_equals, fields_contain
from root.emulator.replies import Reply
from root.emulator.resources import projects
from root.emulator.store import Table, fields_of

KEY: Final = "datasets"
COLLECTION: Final = "/v1/datasets/"
ITEM: Final = "/v1/datasets/{id}/"
TABLE: Final = Table(resource=KEY)
# Where the file and its rows are kept among the stored fields (the spec shows neither).
FILE_FIELD: Final = "_file"

NOT_A_FILE: Final = "The submitted data was not a file. Check the encoding type on the form."
NO_FILE: Final = "No file was submitted."
EMPTY_FILE: Final = "The submitted file is empty."
NOT_CSV: Final = "Upload a valid CSV file. The file you uploaded was either not a CSV file or a corrupted one."
_CSV_NAMES: Final = (".csv", ".txt")


def _parts(request: web.Request, raw: bytes) -> list[EmailMessage] | None:
    content_type = request.headers.get("Content-Type", "")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + raw
    )
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        return None
    return [part for part in message.iter_parts() if isinstance(part, EmailMessage)]


def _read_csv(part: EmailMessage) -> tuple[str, list[list[str]]] | None:
    filename = part.get_filename()
    if filename and "." in filename and not filename.lower().endswith(_CSV_NAMES):
        return None
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    try:
        text = data.decode("utf-8-sig")
        if "\x00" in text:
            return None
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error):
        return None
    return text, rows


def _fields(
    request: web.Request, raw: bytes, media_type: str
) -> tuple[dict[str, list[str]], list[EmailMessage]] | None:
    """A form's text fields (each name's values, in order) and its file parts; None for a malformed body.

    A URL-encoded form has text fields only; a multipart one may carry files (parts with a file name).
    """
    if media_type == "application/x-www-form-urlencoded":
        texts: dict[str, list[str]] = {}
        try:
            pairs = urllib.parse.parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            return None
        for key, value in pairs:
            texts.setdefault(key, []).append(value)
        return texts, []
    # No body at all is an empty form (the spec does not require one), as in DRF.
    parts = _parts(request, raw) if raw else []
    if parts is None:
        return None
    texts, files = {}, []
    for part in parts:
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            return None  # a part that names no field is no form field: a malformed form
        if name == "file":
            files.append(part)
        else:
            texts.setdefault(name, []).append(str(part.get_content()))
    return texts, files


async def _create(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    operation = engine.contract.operation(COLLECTION, "POST")
    rules = operation.form
    raw = await request.read()
    media_type = request.headers.get("Content-Type", "").partition(";")[0].strip().lower()
    if rules is None or (raw and media_type not in operation.form_media_types):
        return replies.unsupported_media_type()
    read = _fields(request, raw, media_type)
    if read is None:
        if media_type == "application/x-www-form-urlencoded":
            return replies.non_field_error("The form is not UTF-8 text.")
        return replies.non_field_error("Multipart form parse error - Invalid boundary in multipart: None")
    sent, files = read
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, schema in rules.properties.items():
        if name not in sent or schema.get("format") == "binary":
            continue
        texts = sent[name]
        try:
            if schema.get("type") == "array":
                data[name] = [cast(t, schema.get("items", {})) for t in texts if t != ""]
            else:
                data[name] = cast(texts[-1], schema)
        except ValueError as exc:
            errors[name] = [str(exc)]
    if "file" in sent:
        errors["file"] = [NOT_A_FILE]
    values, schema_errors = rules.clean({k: v for k, v in data.items() if k not in errors})
    errors |= schema_errors
    stored: dict[str, Any] | None = None
    if files and "file" not in errors:
        file_part = files[-1]
        if file_part.get_filename() is None:
            errors["file"] = [NOT_A_FILE]
        else:
            parsed = _read_csv(file_part)
            if parsed is None:
                errors["file"] = [NOT_CSV]
            elif not parsed[0]:
                errors["file"] = [EMPTY_FILE]
            else:
                text, rows = parsed
                header = rows[0] if values.get("has_header") else None
                stored = {
                    "name": file_part.get_filename(),
                    "content": text,
                    "header": header,
                    "rows": rows[1:] if header else rows,
                }
    if errors:
        return replies.bad_request(errors)
    dataset_id = str(uuid.uuid4())
    fields = projects.check_project(engine, rules.defaults() | values, None)
    if not isinstance(fields, dict):
        return fields
    if stored is not None:
        url = f"{engine.base_url(request)}{ITEM.format(id=dataset_id)}?download=true"
        fields |= {"file": url, FILE_FIELD: stored}
    row = engine.store.insert(TABLE, dataset_id, fields)
    return replies.ok(engine.show(resource, row, "POST", "201"), 201)


def stored_file(engine: Engine, dataset_id: str) -> dict[str, Any]:
    """Returns a dataset's stored file: ``name``, ``content`` (text), ``header`` (None without) and ``rows``.

    Raises:
        KeyError: There is no such dataset, or it has no file.
    """
    row = engine.store.get(TABLE, dataset_id)
    if row is None:
        raise KeyError(dataset_id)
    stored: dict[str, Any] = fields_of(row)[FILE_FIELD]
    return stored


DATASETS: Final = Resource(
    key=KEY,
    name="DataSet",
    table=TABLE,
    collection=COLLECTION,
    item=ITEM,
    ordering=("created_at", "name"),
    filters={"search": fields_contain("name"), "type": field_equals("type"), "project_id": projects.FILTER},
    actions={(COLLECTION, "POST"): _create},
)
