"""Execution logs, as every run writes them (evaluator, judge and calibration runs, batch executions).

:func:`append_log` adds a log as the service's own code would: no request, no validation; a field the
log's details require but the caller leaves out gets an empty value of its type. The API only reads logs
(:mod:`root.emulator.resources.execution_logs`); tests add them through the admin API.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Final

from root.emulator.engine import Engine, View

KEY: Final = "execution_logs"
"""The execution logs' resource key."""
ITEM: Final = "/v1/execution-logs/{log_id}/"
"""The path of one log's details, whose schema says what a log holds."""
PREVIEW: Final = 500
"""The longest request or response preview a log shows."""
_EMPTY: Final[dict[str, Any]] = {"string": "", "number": 0.0, "integer": 0, "boolean": False, "array": [], "object": {}}


def evaluation_context(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """A log's ``evaluation_context`` from a run's inputs: ``contexts``, and ``expected_output`` if given."""
    context: dict[str, Any] = {"contexts": list(inputs.get("contexts") or [])}
    if inputs.get("expected_output") is not None:
        context["expected_output"] = inputs["expected_output"]
    return context


def turns(conversation: Sequence[Mapping[str, Any]], justifications: Mapping[int, str]) -> list[dict[str, Any]]:
    """A log's ``turns`` from a run's turns (the spec's ``MessageLogTurn``): role, content (empty when the
    turn had none), contexts, the tool call's id and the tool calls as sent, and the
    ``evaluation_justification`` given for a turn (by its index)."""
    shown = []
    for index, turn in enumerate(conversation):
        logged: dict[str, Any] = {"role": turn.get("role"), "content": turn.get("content") or ""}
        if isinstance(turn.get("contexts"), list):
            logged["contexts"] = list(turn["contexts"])
        if isinstance(turn.get("tool_call_id"), str):
            logged["tool_call_id"] = turn["tool_call_id"]
        logged["tool_calls"] = turn.get("tool_calls")
        logged["evaluation_justification"] = justifications.get(index)
        shown.append(logged)
    return shown


def preview(value: Any) -> str:
    """A request or response as a log previews it."""
    return str(value or "")[:PREVIEW]


def append_log(engine: Engine, fields: Mapping[str, Any], *, created_at: str | None = None) -> View:
    """Adds an execution log, as a run does; returns its details as the API shows them.

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
    shown = engine.contract.operation(ITEM, "GET").shown["200"]
    for name, schema in shown.items():
        if name not in values and name not in ("id", "created_at", "owner") and not schema.get("nullable"):
            values[name] = _EMPTY.get(str(schema.get("type")), None)
    return engine.append(KEY, values, object_id=log_id, created_at=created_at)
