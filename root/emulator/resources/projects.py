"""Projects: the engine's declaration, and what the spec cannot say of them.

- A project shows ``owner`` as the emulator user's id (a UUID, where other resources show the user).
- At most one project is the default: creating or changing a project with ``is_default`` true makes it
  the default and demotes the one that was; ``is_default`` false on a change is a 400 (the default is
  moved by promoting another project, never cleared). The emulator starts with no project at all, so
  with no default.
- Projects scope what they own (:data:`SCOPED`: objectives, datasets, evaluators, judges and execution
  logs): an object created with a ``project_id`` carries it; one created without it belongs to the
  default project when there is one (else to none); a ``project_id`` of no project is a 400 on create
  and on change (moving an object to another project); and their listings filter by ``project_id``
  (:data:`FILTER`).
- Deleting a project that still owns objects, or the default project, is a 400 that says why: the
  emulator never deletes or detaches what a project holds behind the caller's back. Move or delete the
  objects first (or promote another project).
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Prepare, Resource, View, Where, field_equals
from root.emulator.replies import Reply
from root.emulator.store import Table, fields_of

KEY: Final = "projects"
COLLECTION: Final = "/v1/projects/"
ITEM: Final = "/v1/projects/{id}/"
TABLE: Final = Table(resource=KEY)
OWNER_ID: Final = str(uuid.uuid5(uuid.NAMESPACE_URL, "https://emulator.invalid/users/emulator"))
"""The emulator user's id, the ``owner`` every project shows."""

SCOPED: Final = ("objectives", "datasets", "evaluators", "judges", "execution_logs")
"""The resources a project owns, by key: their objects carry a ``project_id``."""

FILTER: Final = field_equals("project_id")
"""The ``project_id`` listing filter of the resources in :data:`SCOPED`."""


def _evaluators_of(value: Any) -> Where:
    where = FILTER(value)
    if not where.conditions:
        return where
    return Where((f"({where.conditions[0]} OR json_extract(fields, '$.is_root_evaluator') = 1)",), where.values)


EVALUATORS_FILTER: Final = _evaluators_of
"""The evaluators' ``project_id`` filter: the project's evaluators, and the root (preset) ones, as the
service lists them."""

_IS_DEFAULT: Final = "coalesce(json_extract(fields, '$.is_default'), 0) = 1"
_OWNED_BY: Final = "json_extract(fields, '$.project_id') = ?"


def _default(engine: Engine) -> sqlite3.Row | None:
    found = engine.store.page(TABLE, order="created_at", descending=False, after=None, limit=1,
                              conditions=[_IS_DEFAULT], values=[])  # fmt: skip
    return found[0] if found else None


def check_project(engine: Engine, values: dict[str, Any], row: sqlite3.Row | None) -> dict[str, Any] | Reply:
    """A create's or change's ``project_id``: a project's (else a 400); on create, the default when absent.

    Args:
        engine: The running engine.
        values: The validated values of the write.
        row: The object a change changes; None on create.
    """
    project_id = values.get("project_id")
    if project_id is None:
        if row is None:
            default = _default(engine)
            return values | {"project_id": default["id"] if default is not None else None}
        return values
    if engine.store.get(TABLE, str(project_id)) is None:
        return replies.bad_request({"project_id": [f'Invalid pk "{project_id}" - object does not exist.']})
    return values


def scoped(prepare: Prepare | None = None) -> Prepare:
    """A resource's ``prepare`` hook that first checks the ``project_id`` (:func:`check_project`)."""

    def hook(engine: Engine, values: dict[str, Any], row: sqlite3.Row | None) -> dict[str, Any] | Reply:
        checked = check_project(engine, values, row)
        if not isinstance(checked, dict) or prepare is None:
            return checked
        return prepare(engine, checked, row)

    return hook


def _prepare(engine: Engine, values: dict[str, Any], row: sqlite3.Row | None) -> dict[str, Any] | Reply:
    if values.get("is_default") is False and row is not None:
        if fields_of(row).get("is_default"):
            message = "The default project cannot be unset; make another project the default instead."
            return replies.bad_request({"is_default": [message]})
        return {k: v for k, v in values.items() if k != "is_default"}
    if values.get("is_default"):
        default = _default(engine)
        if default is not None and (row is None or default["id"] != row["id"]):
            engine.store.update(TABLE, default["id"], {"is_default": False})
    return values


def _view(row: sqlite3.Row, view: View) -> View:
    return view | {"owner": OWNER_ID, "is_default": bool(view.get("is_default"))}


async def _delete(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = engine.find(resource, request)
    if row is None:
        return replies.no_match(resource.name)
    if fields_of(row).get("is_default"):
        return replies.non_field_error("The default project cannot be deleted; make another project the default first.")
    owned = {
        key: engine.store.count(engine.resources[key].table, [_OWNED_BY], [row["id"]])
        for key in SCOPED
        if key in engine.resources
    }
    held = ", ".join(f"{count} {key.replace('_', ' ')}" for key, count in owned.items() if count)
    if held:
        return replies.non_field_error(f"The project still holds {held}: move or delete them first.")
    return engine.delete(resource, row)


PROJECTS: Final = Resource(
    key=KEY,
    name="Project",
    table=TABLE,
    collection=COLLECTION,
    item=ITEM,
    ordering=("created_at", "name"),
    prepare=_prepare,
    view=_view,
    actions={(ITEM, "DELETE"): _delete},
)
