"""Execution logs: the engine's declaration, and what the spec cannot say of them.

- Append-only: the API only reads them (newest first). Every run writes them through
  :func:`root.emulator.services.logs.append_log`, and tests through the admin API
  (``POST /_emulator/execution-logs``, ``Emulator.add_execution_log``).
- Filters: ``search`` (a part of the executed item's name or id, any case), ``tags`` (comma-separated
  names; a log with any of them), ``executed_item_id``, ``execution_type``, ``min_score`` and
  ``max_score`` (inclusive; a log without a score never passes either), ``unique_skills`` (only the
  newest log of each executed item), ``batch_execution_id`` (the logs a batch execution wrote).
- A listing shows ``llm_output``, ``variables`` and ``evaluation_context`` only when ``include`` names
  them (comma-separated); they are null otherwise. One log's details show everything.
- A log given without some field the details require gets an empty value of the field's type.
- A run of a conversation shows its ``turns`` (role, content, contexts, tool calls, the tool call's id,
  and the ``evaluation_justification`` of a turn a verdict targeted), and ``session_id``, ``user_id``
  and ``system_prompt`` when given (:mod:`root.emulator.services.scoring`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource, View, Where, field_equals, fields_contain
from root.emulator.replies import Reply
from root.emulator.resources import batch_executions, projects
from root.emulator.services.logs import ITEM, KEY, append_log
from root.emulator.store import Table, fields_of

ADMIN_PATH: Final = "/_emulator/execution-logs"
_INCLUDABLE: Final = ("llm_output", "variables", "evaluation_context")


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
    item=ITEM,
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
        "batch_execution_id": batch_executions.logs_of_batch,
    },
    list_view=_list_view,
)
ADMIN: Final = {ADMIN_PATH: _admin}
