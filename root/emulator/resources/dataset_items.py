"""Dataset items: the engine's declaration, and what the spec cannot say of them.

- Items belong to a dataset (``/v1/datasets/{dataset_id}/items/``); an unknown dataset is a 404, as is an
  item of another dataset.
- Items are versioned with their dataset. Every write (an item added, many added at once, an item edited
  or archived) makes a new version of the dataset; an item version's ``version_id`` is the dataset version
  it was written in (all the items of one bulk share it). Editing an item (PUT or PATCH) writes a new
  version of it, with a new ``id`` and the same ``external_id``, and marks the old one
  ``is_latest_version: false``; only the latest version of an item can be edited or archived (else 400).
  Archiving (``DELETE``) marks the latest version ``is_archived`` in place: it stays readable by id.
- The listing shows the latest version of each item, in the order they were added (oldest first), and
  leaves archived items out unless ``is_archived=true``.
- A dataset uploaded as a CSV file exposes its rows as items, made on the first call that reaches its
  items: with a header line, the columns named ``request``, ``response`` or ``expected_output`` fill
  those fields and every other column goes into ``variables`` by its name; without one, a row is read as
  a test row (``[expected score, request, response, contexts...]``, ``[expected score, response]`` with
  two columns, ``[response]`` with one), the expected score kept in ``metadata.expected_score``.
  Calibrations and batch executions still read the file's rows, not the items; a batch over a dataset
  without a file reads its items as the listing shows them.
- ``annotations`` holds the item version's published annotations (newest first) when an item is read or
  listed (:func:`root.emulator.resources.annotations.annotations_for`); a write answers none yet.
- The bulk body is a JSON array of at most the spec's ``maxItems`` items; each is checked as a single item is, and an
  error names its item by position (``"2.response"``).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource, View, Where, shape
from root.emulator.replies import Reply
from root.emulator.resources import datasets
from root.emulator.resources.annotations import annotations_for
from root.emulator.store import Table, fields_of

KEY: Final = "dataset_items"
COLLECTION: Final = "/v1/datasets/{dataset_id}/items/"
ITEM: Final = "/v1/datasets/{dataset_id}/items/{item_id}/"
BULK: Final = "/v1/datasets/{dataset_id}/items/bulk/"
TABLE: Final = Table(resource=KEY)
# The dataset's current version among its stored fields (the spec does not show it).
VERSION_FIELD: Final = "_items_version"

NOT_LATEST: Final = "Only the latest version of an item can be changed."
ARCHIVED: Final = "An archived item cannot be edited."
NOT_A_LIST: Final = 'Expected a list of items but got type "{kind}".'
TOO_MANY: Final = "Ensure this field has no more than {most} elements."
_TEXT_COLUMNS: Final = ("request", "response", "expected_output")


def _dataset(engine: Engine, request: web.Request) -> sqlite3.Row | None:
    try:
        dataset_id = str(uuid.UUID(request.match_info["dataset_id"]))
    except ValueError:
        return None
    return engine.store.get(datasets.TABLE, dataset_id)


def _row_item(row: Sequence[str], header: Sequence[str] | None) -> dict[str, Any]:
    """A CSV row as an item's fields (see the module's docstring)."""
    if header is not None:
        item: dict[str, Any] = {"variables": {}}
        for name, value in zip(header, row, strict=False):
            key = name.strip().lower()
            if key in _TEXT_COLUMNS:
                item[key] = value
            else:
                item["variables"][name] = value
        return item
    if len(row) == 1:
        return {"response": row[0]}
    if len(row) == 2:
        return {"response": row[1], "metadata": {"expected_score": row[0]}}
    return {"request": row[1], "response": row[2], "contexts": list(row[3:]), "metadata": {"expected_score": row[0]}}


def _ready(engine: Engine, dataset_id: str) -> None:
    """Makes the items of a dataset's file (see the module's docstring) on the first call that reaches them."""
    dataset = engine.store.get(datasets.TABLE, dataset_id)
    if dataset is None:
        return
    stored = fields_of(dataset)
    if VERSION_FIELD in stored:
        return
    version = str(uuid.uuid4())
    file = stored.get(datasets.FILE_FIELD)
    rows = [_row_item(r, file.get("header")) for r in file.get("rows", [])] if isinstance(file, dict) else []

    def make() -> None:
        engine.store.update(datasets.TABLE, dataset_id, {VERSION_FIELD: version})
        for fields in rows:
            _insert(engine, dataset_id, fields, version, created_at=dataset["created_at"])

    engine.store.write_all(make)


def _new_version(engine: Engine, dataset_id: str) -> str:
    """A new version of the dataset, its items made from its file first if they are not yet."""
    _ready(engine, dataset_id)
    version = str(uuid.uuid4())
    engine.store.update(datasets.TABLE, dataset_id, {VERSION_FIELD: version})
    return version


def _insert(
    engine: Engine,
    dataset_id: str,
    fields: Mapping[str, Any],
    version: str,
    *,
    external_id: str | None = None,
    created_at: str | None = None,
) -> sqlite3.Row:
    item_id = str(uuid.uuid4())
    stored = {
        **fields,
        "external_id": external_id or item_id,
        "version_id": version,
        "is_latest_version": True,
        "is_archived": False,
    }
    return engine.store.insert(TABLE, item_id, stored, parent=dataset_id, created_at=created_at)


def _view(row: sqlite3.Row, view: View) -> View:
    # The engine shows a row with a parent as a version of it; an item is an object of its own.
    # What an item was given without shows empty, not null, as the service's fields default to.
    unset = {name: type(value)() for name, value in _EMPTY.items() if view.get(name) is None}
    return view | unset | {"id": row["id"], "version_id": fields_of(row)["version_id"], "annotations": []}


_EMPTY: Final[dict[str, Any]] = {"variables": {}, "metadata": {}, "contexts": []}
"""The free-form fields of an item, as they show when it was given none."""


def _latest(value: Any) -> Where:
    """The listing's filter: latest versions, and the archived ones only when ``is_archived`` is true."""
    conditions = ["json_extract(fields, '$.is_latest_version') = 1"]
    if not value:
        conditions.append("json_extract(fields, '$.is_archived') = 0")
    return Where(tuple(conditions))


def _item(engine: Engine, request: web.Request) -> tuple[sqlite3.Row | None, sqlite3.Row | None]:
    """The dataset and the item an item path names (None where there is none)."""
    dataset = _dataset(engine, request)
    if dataset is None:
        return None, None
    _ready(engine, dataset["id"])
    row = engine.find(ITEMS, request)
    return dataset, row if row is not None and row["parent"] == dataset["id"] else None


def _missing(dataset: sqlite3.Row | None) -> Reply:
    return replies.no_match("DataSet" if dataset is None else ITEMS.name)


async def _list(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    dataset = _dataset(engine, request)
    if dataset is None:
        return replies.no_match("DataSet")
    _ready(engine, dataset["id"])
    if "is_archived" not in request.query:
        # The filter that leaves archived items out runs only for a parameter sent; its next links keep it.
        request = request.clone(rel_url=request.rel_url.update_query(is_archived="false"))
    status, body, headers = engine.list(resource, request)
    if status != 200 or body is None:
        return status, body, headers
    page = json.loads(body)
    page["results"] = [_annotated(engine, item) for item in page["results"]]
    return status, replies.dumps(page), headers


def _annotated(engine: Engine, item: View) -> View:
    """An item as read: with its published annotations, which live in the annotations resource."""
    return item | {"annotations": annotations_for(engine, dataset_item=str(item["id"]))}


async def _create(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    dataset = _dataset(engine, request)
    if dataset is None:
        return replies.no_match("DataSet")
    rules = engine.contract.operation(COLLECTION, "POST").body
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    row = _insert(engine, dataset["id"], values, _new_version(engine, dataset["id"]))
    return replies.ok(engine.show(resource, row, "POST", "201"), 201)


async def _bulk(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    dataset = _dataset(engine, request)
    if dataset is None:
        return replies.no_match("DataSet")
    raw = await request.read()
    media_type = request.headers.get("Content-Type", "").partition(";")[0].strip().lower()
    if raw and media_type != replies.JSON and not media_type.endswith("+json"):
        return replies.unsupported_media_type()
    try:
        data = replies.parse_json(raw) if raw else None
    except ValueError as exc:
        return replies.non_field_error(f"JSON parse error - {exc}")
    if not isinstance(data, list):
        kind = "null" if data is None else type(data).__name__
        return replies.non_field_error(NOT_A_LIST.format(kind=kind))
    bulk = engine.contract.operation(BULK, "POST").body
    most = bulk.schema.get("maxItems") if bulk is not None else None  # the spec's limit
    if most is not None and len(data) > most:
        return replies.non_field_error(TOO_MANY.format(most=most))
    rules = engine.contract.operation(COLLECTION, "POST").body
    cleaned: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    for index, sent in enumerate(data):
        if not isinstance(sent, dict):
            errors[str(index)] = [f"Invalid data. Expected a dictionary, but got {type(sent).__name__}."]
            continue
        values, failed = rules.clean(sent) if rules is not None else ({}, {})
        errors |= {f"{index}.{name}": messages for name, messages in failed.items()}
        cleaned.append(values)
    if errors:
        return replies.bad_request(errors)
    version = _new_version(engine, dataset["id"])
    made: list[sqlite3.Row] = []
    engine.store.write_all(lambda: made.extend(_insert(engine, dataset["id"], v, version) for v in cleaned))
    shown = engine.contract.operation(COLLECTION, "POST").shown["201"]  # each is what one create answers
    return replies.ok([shape(engine.view(resource, row), shown) for row in made], 201)


async def _retrieve(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    dataset, row = _item(engine, request)
    if row is None:
        return _missing(dataset)
    return replies.ok(_annotated(engine, engine.show(resource, row, "GET")))


async def _edit(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    dataset, row = _item(engine, request)
    if dataset is None or row is None:
        return _missing(dataset)
    rules = engine.contract.operation(ITEM, request.method).body
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    row = engine.store.get(TABLE, row["id"]) or row  # as it is now, after the body was read
    old = fields_of(row)
    if not old["is_latest_version"]:
        return replies.non_field_error(NOT_LATEST)
    if old["is_archived"]:
        return replies.non_field_error(ARCHIVED)
    kept = {k: v for k, v in old.items() if k not in ("external_id", "version_id", "is_latest_version", "is_archived")}
    version = _new_version(engine, dataset["id"])
    made: list[sqlite3.Row] = []

    def edit() -> None:
        engine.store.update(TABLE, row["id"], {"is_latest_version": False})
        again = {"external_id": old["external_id"], "created_at": row["created_at"]}
        made.append(_insert(engine, dataset["id"], kept | values, version, **again))

    engine.store.write_all(edit)
    return replies.ok(engine.show(resource, made[0], request.method))


async def _archive(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    dataset, row = _item(engine, request)
    if dataset is None or row is None:
        return _missing(dataset)
    if not fields_of(row)["is_latest_version"]:
        return replies.non_field_error(NOT_LATEST)
    _new_version(engine, dataset["id"])
    engine.store.update(TABLE, row["id"], {"is_archived": True})
    return replies.NO_CONTENT


ITEMS: Final = Resource(
    key=KEY,
    name="DatasetItem",
    table=TABLE,
    collection=COLLECTION,
    item=ITEM,
    id_param="item_id",
    parent_param="dataset_id",
    default_ordering="created_at",
    filters={"is_archived": _latest},
    view=_view,
    actions={
        (COLLECTION, "GET"): _list,
        (COLLECTION, "POST"): _create,
        (BULK, "POST"): _bulk,
        (ITEM, "GET"): _retrieve,
        (ITEM, "PUT"): _edit,
        (ITEM, "PATCH"): _edit,
        (ITEM, "DELETE"): _archive,
    },
)
