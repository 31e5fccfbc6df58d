"""Execution logs after the fact: their tags set, and the session and user ids they carry.

- ``POST /v1/execution-logs/set-tags/`` gives every listed log the body's ``tags`` in place of its own
  (``[]``, the spec's default, clears them), in one transaction: a list naming a log that does not exist
  changes nothing and is a 400 on ``log_ids``. The answer is a 204.
- ``GET /v1/execution-logs/session-ids/`` and ``.../user-ids/`` list the distinct non-empty ids the logs
  carry (runs write them from their ``session_id`` / ``user_id``), those of the newest logs first, at
  most :data:`MOST_IDS`; ``starts_with`` keeps those that begin with it (case-sensitively).
"""

from __future__ import annotations

from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource
from root.emulator.replies import Reply
from root.emulator.resources.execution_logs import LOGS
from root.emulator.store import Table

SET_TAGS: Final = "/v1/execution-logs/set-tags/"
SESSION_IDS: Final = "/v1/execution-logs/session-ids/"
USER_IDS: Final = "/v1/execution-logs/user-ids/"
MOST_IDS: Final = 30
"""The most ids a listing of session or user ids answers, as the service's."""


async def _set_tags(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(SET_TAGS, "POST").body
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    log_ids = list(dict.fromkeys(str(i) for i in values["log_ids"]))
    missing = [i for i in log_ids if engine.store.get(LOGS.table, i) is None]
    if missing:
        return replies.bad_request({"log_ids": [f"No execution log {i}." for i in missing[:5]]})
    tags = list((rules.defaults() | values)["tags"]) if rules is not None else []
    engine.store.write_all(lambda: [engine.store.update(LOGS.table, i, {"tags": tags}) for i in log_ids])
    return replies.NO_CONTENT


def _distinct(field: str, path: str) -> Any:
    async def listing(engine: Engine, resource: Resource, request: web.Request) -> Reply:
        params, errors = engine.contract.operation(path, "GET").parse_query(request.query)
        if errors:
            return replies.bad_request(errors)
        prefix = str(params.get("starts_with") or "")
        value = f"json_extract(fields, '$.{field}')"
        rows = engine.store.db.execute(
            f"SELECT {value} AS id FROM records WHERE resource = ? AND coalesce({value}, '') != ''"  # noqa: S608
            f" AND substr({value}, 1, ?) = ? GROUP BY {value} ORDER BY max(seq) DESC LIMIT ?",
            [LOGS.table.resource, len(prefix), prefix, MOST_IDS],
        ).fetchall()
        return replies.ok([str(row["id"]) for row in rows])

    return listing


LOG_EXTRAS: Final = Resource(
    key="execution_log_extras",
    name="ExecutionLog",
    table=Table(resource="execution_log_extras"),
    actions={
        (SET_TAGS, "POST"): _set_tags,
        **dict.fromkeys([(SESSION_IDS, "GET"), (SESSION_IDS, "HEAD")], _distinct("session_id", SESSION_IDS)),
        **dict.fromkeys([(USER_IDS, "GET"), (USER_IDS, "HEAD")], _distinct("user_id", USER_IDS)),
    },
    snapshot=lambda store, query: {},
)
"""Actions on the execution logs' table; the table of its own stays empty (the engine needs one)."""
