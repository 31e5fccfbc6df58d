"""OpenTelemetry: trace evaluation filters and traces; the engine's declarations, and what the spec cannot say.

Evaluation filters (``/v1/otel/evaluation-filters/``):

- The listing is one JSON array, newest first, not a cursor page (as the contract says).
- A filter names an evaluator (``evaluator_id``) or a judge (``judge_id``), or both; each must exist (a
  400 on the field otherwise), and one of them is needed (a 400 on ``non_field_errors``). On PUT, a field
  left out keeps its value, so the rule is checked on the filter as it would be after the change.
- ``validate/`` checks a body as create does, stores nothing, and answers ``{"valid": bool, "errors":
  {field: [messages]}}``; a body the spec refuses (no ``name``, ``sampling_rate`` above 1) is a 400, as on
  create.
- The emulator stores filters; it never runs them on traces (no evaluation happens in the background).

Traces (``/v1/otel/traces/``): the service receives them from OpenTelemetry exporters, which the emulator
does not serve; tests seed them with the admin API (``POST /_emulator/traces``, a trace or a list of them)
or ``Emulator.add_trace``, through :func:`add_trace`. Spans sent for a trace that exists are added to it.

- A trace's record is summed up from its spans: ``root_span_name`` is the ``name`` of its first span
  without a parent, ``first_span_at``/``last_span_at`` the earliest and latest span ``timestamp``,
  ``span_count`` how many spans it has, ``input_preview``/``output_preview`` the trace's own (when given),
  else the root span's ``input.value``/``output.value`` attribute, cut to 500 characters.
- The listing is cursor paginated, newest first (by ``first_span_at``). ``filters`` is
  ``column;type;key;operator;value`` groups separated by commas, each part URL-encoded; a trace passes
  when it passes every group. ``column`` is a field of the record, or ``attributes`` with ``key`` naming a
  span attribute (a trace passes when one of its spans does). ``type`` is ``string``, ``number`` or
  ``datetime``. ``any of`` and ``none of`` take a comma-separated list. ``>``, ``>=``, ``<`` and ``<=`` take
  a ``number`` or ``datetime``. A malformed group is a 400 on ``filters``.
- ``{trace_id}/spans/`` is every span of a trace, oldest first, one JSON array; an unknown trace is a 404.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, Final
from urllib.parse import unquote

from aiohttp import web

from root.emulator import replies
from root.emulator.contract import Errors
from root.emulator.engine import Engine, Resource, View, Where, shape
from root.emulator.replies import Reply
from root.emulator.store import Table, fields_of, now

FILTERS_KEY: Final = "otel_evaluation_filters"
FILTERS: Final = "/v1/otel/evaluation-filters/"
FILTER: Final = "/v1/otel/evaluation-filters/{id}/"
VALIDATE: Final = "/v1/otel/evaluation-filters/validate/"
TRACES_KEY: Final = "otel_traces"
TRACES_PATH: Final = "/v1/otel/traces/"
SPANS_PATH: Final = "/v1/otel/traces/{trace_id}/spans/"
ADMIN_PATH: Final = "/_emulator/traces"

_TRACES_TABLE: Final = Table(resource=TRACES_KEY)
_SPANS_TABLE: Final = Table(resource="otel_spans")
_TRACE_ID: Final = re.compile(r"[0-9a-f]{32}")
_SPAN_ID: Final = re.compile(r"[0-9a-f]{16}")
_PREVIEW: Final = 500
_ATTRIBUTES: Final = "span_attributes"
"""A trace record's stored field (never shown) holding each span's attributes, for the listing's filters."""
_MAX_SPANS: Final = 1000
"""The most spans one trace may hold in the emulator: seeding more is a 400, not an unbounded row."""

# -- evaluation filters ------------------------------------------------------------------------------------


def _problems(engine: Engine, fields: Mapping[str, Any]) -> Errors:
    """What the spec cannot say is wrong with a filter's fields (as stored after the write)."""
    errors: Errors = {}
    for name, key in (("evaluator_id", "evaluators"), ("judge_id", "judges")):
        value = fields.get(name)
        resource = engine.resources.get(key)
        if value is None:
            continue
        try:
            found = resource is not None and engine.store.get(resource.table, str(uuid.UUID(str(value)))) is not None
        except ValueError:
            found = False
        if not found:
            errors[name] = [f'Invalid pk "{str(value)[:40]}" - object does not exist.']
    if fields.get("evaluator_id") is None and fields.get("judge_id") is None:
        errors["non_field_errors"] = ["Give an evaluator_id or a judge_id: what scores the picked traces."]
    return errors


def _prepare(engine: Engine, values: dict[str, Any], row: sqlite3.Row | None) -> dict[str, Any] | Reply:
    after = (fields_of(row) if row is not None else {}) | values
    errors = _problems(engine, after)
    return replies.bad_request(errors) if errors else values


def _filter_view(row: sqlite3.Row, view: View) -> View:
    return view | {"updated_at": row["updated_at"]}


async def _list_filters(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    _, errors = engine.contract.operation(FILTERS, "GET").parse_query(request.query)
    if errors:
        return replies.bad_request(errors)
    rows = engine.store.page(resource.table, order="created_at", descending=True, after=None, limit=sys.maxsize)
    return replies.ok([engine.show(resource, row, "GET") for row in rows])


async def _validate(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    rules = engine.contract.operation(VALIDATE, "POST").body
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    problems = _problems(engine, values)
    return replies.ok({"valid": not problems, "errors": problems})


# -- traces ------------------------------------------------------------------------------------------------


def _utc(text: Any, what: str) -> str:
    """An ISO 8601 time with a time zone, in the fixed-width UTC form that sorts as text.

    Raises:
        ValueError: It is not such a time.
    """
    try:
        when = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{what} must be an ISO 8601 time: {str(text)[:40]!r}") from None
    if when.tzinfo is None:
        raise ValueError(f"{what} needs a time zone: {str(text)[:40]!r}")
    return when.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _span(trace_id: str, given: Any, index: int) -> dict[str, Any]:
    """One seeded span as stored (and as the spans listing shows it).

    Raises:
        ValueError: The span is not an object, or an id or its timestamp is malformed.
    """
    if not isinstance(given, Mapping):
        raise ValueError(f"spans[{index}] must be a JSON object")
    span_id = str(given.get("span_id") or f"{index + 1:016x}")
    parent = given.get("parent_span_id")
    for name, value in (("span_id", span_id), ("parent_span_id", parent)):
        if value is not None and not (isinstance(value, str) and _SPAN_ID.fullmatch(value)):
            raise ValueError(f"spans[{index}].{name} must be 16 lowercase hexadecimal digits")
    content = given.get("span", {})
    if not isinstance(content, Mapping):
        raise ValueError(f"spans[{index}].span must be a JSON object (name, attributes ...)")
    span: dict[str, Any] = {
        "trace_id": trace_id,
        "span_id": span_id,
        "timestamp": _utc(given.get("timestamp") or now(), f"spans[{index}].timestamp"),
        "span": dict(content),
    }
    if parent is not None:
        span["parent_span_id"] = parent
    return span


def _preview(value: Any) -> str:
    return "" if value is None else str(value)[:_PREVIEW]


def _record(
    trace_id: str, spans: list[dict[str, Any]], given: Mapping[str, Any], before: Mapping[str, Any]
) -> dict[str, Any]:
    """A trace's record, summed up from its spans (``given``: the trace's own fields; ``before``: stored)."""
    roots = [s for s in spans if "parent_span_id" not in s]
    root = (roots or spans)[0]["span"]
    attributes = root.get("attributes") if isinstance(root.get("attributes"), Mapping) else {}
    times = sorted(s["timestamp"] for s in spans)
    record = {
        "trace_id": trace_id,
        "root_span_name": str(root.get("name") or "")[:255],
        "first_span_at": times[0],
        "last_span_at": times[-1],
        "span_count": len(spans),
        _ATTRIBUTES: [a for a in (s["span"].get("attributes") for s in spans) if isinstance(a, Mapping)],
    }
    for field, attribute in (("input_preview", "input.value"), ("output_preview", "output.value")):
        value = given.get(field, before.get(field))
        record[field] = _preview(value if value is not None else attributes.get(attribute))
    return record


def add_trace(engine: Engine, trace: Mapping[str, Any]) -> View:
    """Adds a trace's spans, as the service's OpenTelemetry receiver would; returns the trace's record.

    Args:
        engine: The running engine.
        trace: ``spans`` (a list of ``{"span_id", "parent_span_id", "timestamp", "span"}``, each key
            optional; ``span`` holds the span's ``name``, ``attributes`` ...), and optionally
            ``trace_id`` (32 lowercase hexadecimal digits; a new one when left out; the spans are added
            to it when it exists), ``input_preview`` and ``output_preview``.

    Raises:
        ValueError: A malformed trace, span, id or time; a span id the trace already has; too many spans.
    """
    trace_id = trace.get("trace_id") or uuid.uuid4().hex
    if not (isinstance(trace_id, str) and _TRACE_ID.fullmatch(trace_id)):
        raise ValueError("trace_id must be 32 lowercase hexadecimal digits")
    given = trace.get("spans")
    if not isinstance(given, list) or not given:
        raise ValueError("spans must be a non-empty list of spans")
    store = engine.store
    stored = [fields_of(r) for r in _span_rows(engine, trace_id)]
    if len(stored) + len(given) > _MAX_SPANS:
        raise ValueError(f"A trace holds at most {_MAX_SPANS} spans in the emulator")
    new = [_span(trace_id, s, len(stored) + i) for i, s in enumerate(given)]
    ids = [s["span_id"] for s in stored + new]
    if len(set(ids)) != len(ids):
        raise ValueError("span_id must be unique within a trace")
    row = store.get(_TRACES_TABLE, trace_id)
    record = _record(trace_id, stored + new, trace, fields_of(row) if row is not None else {})

    def write() -> None:
        for span in new:
            store.insert(_SPANS_TABLE, f"{trace_id}:{span['span_id']}", span, parent=trace_id)
        if row is None:
            store.insert(_TRACES_TABLE, trace_id, record)
        else:
            store.update(_TRACES_TABLE, trace_id, record)

    store.write_all(write)
    return {k: v for k, v in record.items() if k != _ATTRIBUTES}


def _span_rows(engine: Engine, trace_id: str) -> list[sqlite3.Row]:
    return engine.store.page(
        _SPANS_TABLE, order="timestamp", descending=False, after=None, limit=_MAX_SPANS, parent=trace_id
    )


async def _spans(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    trace_id = request.match_info["trace_id"]
    if engine.store.get(_TRACES_TABLE, trace_id) is None:
        return replies.no_match(resource.name)
    shown = engine.contract.schema("OtelTrace").get("properties", {})
    return replies.ok([shape(fields_of(row), shown) for row in _span_rows(engine, trace_id)])


async def _admin(engine: Engine, request: web.Request) -> Reply:
    if request.method != "POST":
        return replies.not_allowed(request.method, "POST")
    try:
        data = replies.parse_json(await request.read() or b"{}")
    except ValueError as exc:
        return replies.detail(400, f"JSON parse error - {exc}")
    traces = data if isinstance(data, list) else [data]
    if not all(isinstance(trace, dict) for trace in traces):
        return replies.detail(400, "Expected a JSON object (a trace with its spans) or a list of them.")
    try:
        added = [add_trace(engine, trace) for trace in traces]
    except ValueError as exc:
        return replies.detail(400, str(exc))
    return replies.ok({"traces": added}, 201)


# -- the traces listing's filters ----------------------------------------------------------------------------

_RECORD_FIELDS: Final = frozenset(
    {"trace_id", "root_span_name", "first_span_at", "last_span_at", "span_count", "input_preview", "output_preview"}
)
_OPERATORS: Final = frozenset({"=", "!=", "contains", "starts with", "any of", "none of", ">", ">=", "<", "<="})
_ORDERED: Final = frozenset({">", ">=", "<", "<="})


def _typed(kind: str, text: Any) -> Any:
    """A value as its filter type compares it.

    Raises:
        ValueError: It is not of the type.
    """
    if kind == "number":
        return float(text)
    if kind == "datetime":
        return _utc(text, "value")
    return "" if text is None else str(text)


def _condition(group: str) -> Callable[[Mapping[str, Any], list[Mapping[str, Any]]], bool]:
    """One ``column;type;key;operator;value`` group as a predicate on a record and its spans.

    Raises:
        ValueError: The group is malformed (the message says how).
    """
    parts = [unquote(part) for part in group.split(";")]
    if len(parts) != 5:
        raise ValueError(f"A filter group has five parts, column;type;key;operator;value, not {len(parts)}.")
    column, kind, key, operator, value = (part.strip() for part in parts)
    if column not in _RECORD_FIELDS and column != "attributes":
        raise ValueError(f"Unknown column {column[:40]!r}: a field of the trace, or attributes.")
    if column == "attributes" and not key:
        raise ValueError("The attributes column needs the attribute's name as its key.")
    if kind not in ("string", "number", "datetime"):
        raise ValueError(f"Unknown type {kind[:40]!r}: string, number or datetime.")
    if operator not in _OPERATORS:
        raise ValueError(f"Unknown operator {operator[:40]!r}.")
    if operator in _ORDERED and kind == "string":
        raise ValueError(f"The operator {operator!r} compares numbers or datetimes, not strings.")
    listed = operator in ("any of", "none of")
    wanted = [_typed(kind, v.strip()) for v in value.split(",")] if listed else [_typed(kind, value)]

    def passes(actual: Any) -> bool:
        try:
            have = _typed(kind, actual)
        except ValueError:
            return operator in ("!=", "none of")
        target = wanted[0]
        if operator == "=":
            return bool(have == target)
        if operator == "!=":
            return bool(have != target)
        if operator == "contains":
            return str(target).lower() in str(have).lower()
        if operator == "starts with":
            return str(have).lower().startswith(str(target).lower())
        if operator == "any of":
            return have in wanted
        if operator == "none of":
            return have not in wanted
        if actual is None:
            return False
        return bool({">": have > target, ">=": have >= target, "<": have < target, "<=": have <= target}[operator])

    def check(record: Mapping[str, Any], attributes: list[Mapping[str, Any]]) -> bool:
        if column != "attributes":
            return passes(record.get(column))
        return any(key in each and passes(each[key]) for each in attributes)

    return check


def _conditions(value: Any) -> list[Callable[[Mapping[str, Any], list[Mapping[str, Any]]], bool]]:
    """Every group of a ``filters`` value. Raises ValueError for a malformed one."""
    return [_condition(group) for group in str(value or "").split(",") if group.strip()]


def _trace_filters(value: Any) -> Where:
    try:
        conditions = _conditions(value)
    except ValueError:
        # GET answers a malformed filter with a 400 first (_list_traces); HEAD lists nothing.
        return Where(nothing=True)
    if not conditions:
        return Where()

    def keep(row: sqlite3.Row) -> bool:
        record = fields_of(row)
        spans = record.get(_ATTRIBUTES) or []
        return all(condition(record, spans) for condition in conditions)

    return Where(keep=keep)


async def _list_traces(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    # A malformed filter is the caller's 400, found before the engine lists the page.
    try:
        _conditions(request.query.get("filters"))
    except ValueError as exc:
        return replies.bad_request({"filters": [str(exc)]})
    return engine.list(resource, request)


SPANS: Final = Resource(key="otel_spans", name="OtelTrace", table=_SPANS_TABLE, parent_param="trace_id")
"""The spans of the traces: the traces' action lists them."""

TRACES: Final = Resource(
    key=TRACES_KEY,
    name="OtelTraceRecord",
    table=_TRACES_TABLE,
    collection=TRACES_PATH,
    uuid_ids=False,
    ordering=("first_span_at",),
    default_ordering="-first_span_at",
    filters={"filters": _trace_filters},
    actions={
        (TRACES_PATH, "GET"): _list_traces,
        (SPANS_PATH, "GET"): _spans,
        (SPANS_PATH, "HEAD"): _spans,
    },
)

EVALUATION_FILTERS: Final = Resource(
    key=FILTERS_KEY,
    name="OtelTraceEvaluationFilter",
    table=Table(resource=FILTERS_KEY),
    collection=FILTERS,
    item=FILTER,
    prepare=_prepare,
    view=_filter_view,
    actions={(FILTERS, "GET"): _list_filters, (FILTERS, "HEAD"): _list_filters, (VALIDATE, "POST"): _validate},
)

ADMIN: Final = {ADMIN_PATH: _admin}
