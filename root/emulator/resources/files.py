"""Files: the engine's declaration, and what the spec cannot say of them.

- ``POST /v1/files/`` is a ``multipart/form-data`` upload of one ``file``: a PDF or an image whose name
  ends ``.pdf``, ``.png``, ``.jpg``, ``.jpeg``, ``.webp`` or ``.svg`` and whose content is of that kind
  (its first bytes are checked; an SVG must hold ``<svg``). Anything else is a 400 on ``file``.
- A file larger than :data:`MAX_FILE_SIZE` (20 MB) is a 413 saying the limit.
- Files are stored in the emulator's database (its content base64-encoded), so they are bounded by
  the limit above and go with ``reset``. The same content uploaded again answers the first upload's
  id with 200, as the service does for the same user (the emulator has one user).
- :func:`stored_file` returns a file's name and content, for code that references files by id.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from typing import Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource
from root.emulator.replies import Reply
from root.emulator.resources import datasets
from root.emulator.store import Table, fields_of

KEY: Final = "files"
COLLECTION: Final = "/v1/files/"
TABLE: Final = Table(resource=KEY)
MAX_FILE_SIZE: Final = 20 * 1024 * 1024
"""The largest file the service takes: 20 MB."""

TOO_LARGE: Final = f"File too large: the limit is 20 MB ({MAX_FILE_SIZE} bytes)."
NOT_ALLOWED: Final = "File type not allowed. Allowed types: pdf, png, jpg, jpeg, webp, svg."
NOT_MATCHING: Final = "The file's content is not a {kind} file."
_SIGNATURES: Final = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def _content_matches(kind: str, content: bytes) -> bool:
    if kind == "webp":
        return content[:4] == b"RIFF" and content[8:12] == b"WEBP"
    if kind == "svg":
        return b"<svg" in content[:4096].lower()
    return content.startswith(_SIGNATURES[kind])


def _find(engine: Engine, digest: str) -> str | None:
    row = engine.store.db.execute(
        "SELECT id FROM records WHERE resource = ? AND json_extract(fields, '$.sha256') = ?", (KEY, digest)
    ).fetchone()
    return None if row is None else str(row["id"])


async def _upload(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    raw = await request.read()
    media_type = request.headers.get("Content-Type", "").partition(";")[0].strip().lower()
    if raw and media_type != "multipart/form-data":
        return replies.unsupported_media_type()
    # No body at all is an empty form, as in DRF: no file.
    parts = datasets._parts(request, raw) if raw else []
    if parts is None:
        return replies.non_field_error("Multipart form parse error - Invalid boundary in multipart: None")
    sent = [p for p in parts if p.get_param("name", header="content-disposition") == "file"]
    if not sent:
        return replies.bad_request({"file": [datasets.NO_FILE]})
    part = sent[-1]
    filename = part.get_filename()
    if filename is None:
        return replies.bad_request({"file": [datasets.NOT_A_FILE]})
    payload = part.get_payload(decode=True)
    content = payload if isinstance(payload, bytes) else b""
    if not content:
        return replies.bad_request({"file": [datasets.EMPTY_FILE]})
    if len(content) > MAX_FILE_SIZE:
        return replies.detail(413, TOO_LARGE)
    kind = filename.rpartition(".")[2].lower() if "." in filename else ""
    if kind not in ("pdf", "png", "jpg", "jpeg", "webp", "svg"):
        return replies.bad_request({"file": [NOT_ALLOWED]})
    if not _content_matches(kind, content):
        return replies.bad_request({"file": [NOT_MATCHING.format(kind=kind)]})
    digest = hashlib.sha256(content).hexdigest()
    known = _find(engine, digest)
    if known is not None:
        return replies.ok({"id": known}, 200)
    file_id = str(uuid.uuid4())
    fields = {"name": filename, "size": len(content), "sha256": digest, "content": base64.b64encode(content).decode()}
    engine.store.insert(TABLE, file_id, fields)
    return replies.ok({"id": file_id}, 201)


def stored_file(engine: Engine, file_id: str) -> tuple[str, bytes]:
    """Returns an uploaded file's name and content.

    Raises:
        KeyError: No file has this id.
    """
    row = engine.store.get(TABLE, file_id)
    if row is None:
        raise KeyError(file_id)
    fields = fields_of(row)
    return str(fields["name"]), base64.b64decode(fields["content"])


FILES: Final = Resource(
    key=KEY,
    name="File",
    table=TABLE,
    collection=COLLECTION,
    actions={(COLLECTION, "POST"): _upload},
)
