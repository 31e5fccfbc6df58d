"""Execution logs: the engine's declaration, and what the spec cannot say of them.

- Append-only: the API only reads them (newest first). They are written by evaluator and judge runs
  through :func:`append_log`, and for tests through the admin API (``POST /_emulator/execution-logs``,
  ``Emulator.add_execution_log``).
- Filters: ``search`` (a part of the executed item's name or id, any case), ``tags`` (comma-separated
  names; a log with any of them), ``executed_item_id``, ``execution_type``, ``min_score`` and
  ``max_score`` (inclusive; a log without a score never passes either), ``unique_skills`` (only the
  newest log of each executed item).
- A listing shows ``llm_output``, ``variables`` and ``evaluation_context`` only when ``include`` names
  them (comma-separated); they are null otherwise. One log's details show everything.
- A log given without some field the details require gets an empty value of the field's type.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource, View, Where, field_equals, fields_contain
from root.emulator.replies import Reply
from root.emulator.resources import projects
from root.emulator.store import Table, fields_of

KEY: Final = "execution_logs"
ADMIN_PATH: Final = "/_emulator/execution-logs"
_INCLUDABLE: Final = ("llm_output", "variables", "evaluation_context")
_EMPTY: Final[dict[str, Any]] = {"string": "", "number": 0.0, "integer": 0, "boolean": False, "array": [], "object": {}}


def _names(value: Any) -> set[str]:
    """A comma-separated query value's names: the spec types ``tags`` and ``include`` as arrays sent
    comma separated, which the contract layer splits; a bare string is split here."""
    parts = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    return {str(part).strip() for part in parts if str(part).strip()}


def _tags(value: Any) -> Where:
    wanted = _names(value)
    if not wanted:
        return Where()
    return Where(keep=lambda row: not wanted.isdisjoint(fields_of(row).get("tags") or ()))


def _score(bound: str) -> Any:
    def where(value: Any) -> Where:
        return Where((f"json_extract(fields, '$.score') {bound} ?",), (value,))

    return where


def _unique_skills(value: Any) -> Where:
    if not value:
        return Where()
    newest = (
        "seq = (SELECT max(later.seq) FROM records AS later WHERE later.resource = records.resource"
        " AND json_extract(later.fields, '$.executed_item_id') IS json_extract(records.fields, '$.executed_item_id'))"
    )
    return Where((newest,))


def _list_view(row: sqlite3.Row, view: View, params: Mapping[str, Any]) -> View:
    included = _names(params.get("include"))
    return view | {name: None for name in _INCLUDABLE if name not in included}


def append_log(engine: Engine, fields: Mapping[str, Any], *, created_at: str | None = None) -> View:
    """Adds an execution log, as an evaluator or judge run does; returns its details as the API shows them.

    Args:
        engine: The running engine.
        fields: The log's fields, as its details show them (``id`` among them, or a new one is made).
        created_at: When it was written (ISO 8601, with a time zone); None is now.

    Raises:
        ValueError: ``created_at`` is not such a time.
    """
    values = dict(fields)
    log_id = str(values.pop("id", None) or uuid.uuid4())
    if created_at is not None:
        # Stored in the fixed-width UTC form every row has, so that logs sort by time.
        when = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
        if when.tzinfo is None:
            raise ValueError(f"created_at needs a time zone: {created_at!r}")
        created_at = when.astimezone(timezone.utc).isoformat(timespec="microseconds")
    shown = engine.contract.operation(str(LOGS.item), "GET").shown["200"]
    for name, schema in shown.items():
        if name not in values and name not in ("id", "created_at", "owner") and not schema.get("nullable"):
            values[name] = _EMPTY.get(str(schema.get("type")), None)
    return engine.append(KEY, values, object_id=log_id, created_at=created_at)


async def _admin(engine: Engine, request: web.Request) -> Reply:
    if request.method != "POST":
        return replies.not_allowed(request.method, "POST")
    raw = await request.read()
    try:
        data = replies.parse_json(raw or b"{}")
    except ValueError as exc:
        return replies.detail(400, f"JSON parse error - {exc}")
    logs = data if isinstance(data, list) else [data]
    if not all(isinstance(log, dict) for log in logs):
        return replies.detail(400, "Expected a JSON object (a log) or a list of them.")
    try:
        added = [append_log(engine, log, created_at=log.pop("created_at", None)) for log in logs]
    except (TypeError, ValueError) as exc:
        return replies.detail(400, str(exc))
    return replies.ok({KEY: added}, 201)


LOGS: Final = Resource(
    key=KEY,
    name="ExecutionLog",
    table=Table(resource=KEY),
    collection="/v1/execution-logs/",
    item="/v1/execution-logs/{log_id}/",
    id_param="log_id",
    filters={
        "search": fields_contain("executed_item_name", "executed_item_id"),
        "tags": _tags,
        "executed_item_id": field_equals("executed_item_id"),
        "execution_type": field_equals("execution_type"),
        "min_score": _score(">="),
        "max_score": _score("<="),
        "unique_skills": _unique_skills,
        "project_id": projects.FILTER,
    },
    list_view=_list_view,
)
ADMIN: Final = {ADMIN_PATH: _admin}
