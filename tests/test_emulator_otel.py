"""Evaluation filters and traces against the emulator, over real HTTP, sync and async: filters are checked,
stored and listed; traces are seeded through the admin API and listed over several pages, filtered."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from root import RootSignals
from root.emulator import Emulator
from root.errors import BadRequestError, NotFoundError
from root.skills import Evaluators

from .conftest import API_KEY
from .test_emulator import call

HELPFULNESS = Evaluators.Eval.Helpfulness.value


def test_filters_round_trip(client: RootSignals) -> None:
    filters = client.evaluation_filters
    created = filters.create(name="chat turns", evaluator_id=HELPFULNESS, filter_criteria={"root_span_name": "chat"})
    assert (created.name, created.evaluator_id, created.judge_id) == ("chat turns", HELPFULNESS, None)
    assert (created.sampling_rate, created.delay_seconds, created.is_active) == (1.0, 20, True)
    assert (created.filter_criteria, created.extractor_rules) == ({"root_span_name": "chat"}, [])
    assert isinstance(created.id, str)
    assert filters.get(created.id) == created

    updated = filters.update(uuid.UUID(created.id), name="renamed", sampling_rate=0.5, is_active=False)
    assert (updated.name, updated.sampling_rate, updated.is_active) == ("renamed", 0.5, False)
    # Left out of the PUT (None): kept.
    assert (updated.evaluator_id, updated.filter_criteria) == (HELPFULNESS, {"root_span_name": "chat"})
    assert updated.updated_at >= created.updated_at

    other = filters.create(name="second", evaluator_id=HELPFULNESS)
    assert [f.id for f in filters.list()] == [other.id, created.id]  # newest first, in one answer
    filters.delete(created.id)
    assert [f.id for f in filters.list()] == [other.id]
    with pytest.raises(NotFoundError):
        filters.get(created.id)
    with pytest.raises(NotFoundError):
        filters.delete(created.id)
    with pytest.raises(NotFoundError):
        filters.get("not-a-uuid")


async def test_filters_async(client: RootSignals) -> None:
    judge = await client.judges.acreate(name="judge", intent="Check support answers")
    filters = client.evaluation_filters
    created = await filters.acreate(name="judged", judge_id=judge.id, delay_seconds=0)
    assert (created.judge_id, created.delay_seconds) == (judge.id, 0)
    assert [f.id for f in await filters.alist()] == [created.id]
    assert (await filters.aget(created.id)).name == "judged"
    assert (await filters.aupdate(created.id, name="again")).name == "again"
    assert await filters.avalidate(name="x", judge_id=judge.id) == {"valid": True, "errors": {}}
    await filters.adelete(created.id)
    assert await filters.alist() == []


def test_filters_refer_to_what_exists(client: RootSignals) -> None:
    filters = client.evaluation_filters
    nobody = str(uuid.uuid4())
    with pytest.raises(BadRequestError) as refused:
        filters.create(name="x", evaluator_id=nobody)
    assert list(refused.value.field_errors) == ["evaluator_id"]
    with pytest.raises(BadRequestError) as refused:
        filters.create(name="x")
    assert list(refused.value.field_errors) == ["non_field_errors"]
    assert filters.list() == []

    checked = filters.validate(name="x", evaluator_id=nobody, judge_id=nobody)
    assert checked["valid"] is False
    assert set(checked["errors"]) == {"evaluator_id", "judge_id"}
    assert filters.validate(name="x", evaluator_id=HELPFULNESS) == {"valid": True, "errors": {}}
    assert filters.list() == []  # validate stores nothing

    assert filters.validate(name="x", evaluator_id=HELPFULNESS.upper())["valid"] is True
    kept = filters.create(name="x", evaluator_id=HELPFULNESS)
    with pytest.raises(BadRequestError):
        filters.update(kept.id, name="x", judge_id=nobody)
    assert filters.get(kept.id).judge_id is None


def test_filter_bodies_the_spec_refuses_are_400s(emulator: Emulator) -> None:
    for body in (
        {},
        {"name": "x" * 256, "evaluator_id": HELPFULNESS},
        {"name": "x", "evaluator_id": HELPFULNESS, "sampling_rate": 2},
        {"name": "x", "evaluator_id": HELPFULNESS, "delay_seconds": -1},
        {"name": "x", "evaluator_id": "not-a-uuid"},
        {"name": "x", "evaluator_id": HELPFULNESS, "extractor_rules": ["not an object"]},
    ):
        for path in ("/v1/otel/evaluation-filters/", "/v1/otel/evaluation-filters/validate/"):
            response = call(emulator, "POST", path, body, key=API_KEY)
            assert response.status == 400, (path, body, response.body)
    assert call(emulator, "GET", "/v1/otel/evaluation-filters/validate/", key=API_KEY).status == 405
    assert call(emulator, "HEAD", "/v1/otel/evaluation-filters/", key=API_KEY).status == 200


def _spans(name: str, count: int, *, start: int = 0) -> list[dict[str, object]]:
    spans: list[dict[str, object]] = [
        {
            "span_id": f"{1:016x}",
            "timestamp": f"2026-01-0{1 + start % 9}T00:00:00Z",
            "span": {"name": name, "attributes": {"input.value": f"{name}?", "output.value": f"{name}!", "n": count}},
        }
    ]
    for i in range(1, count):
        spans.append(
            {
                "span_id": f"{i + 1:016x}",
                "parent_span_id": f"{1:016x}",
                "timestamp": f"2026-01-0{1 + start % 9}T00:00:0{i % 10}+00:00",
                "span": {"name": f"step {i}", "attributes": {"llm.model": "gpt-4o" if i % 2 else "claude"}},
            }
        )
    return spans


def test_traces_are_seeded_listed_over_pages_and_read_span_by_span(emulator: Emulator, client: RootSignals) -> None:
    ids = [
        emulator.add_trace(_spans(f"chat {i}", i + 1, start=i), trace_id=f"{i + 1:032x}")["trace_id"] for i in range(7)
    ]
    emulator.configure(max_page_size=3)
    listed = list(client.traces.list(limit=None))
    assert [t.trace_id for t in listed] == ids[::-1]  # newest first
    assert len([r for r in emulator.requests() if r["path"] == "/v1/otel/traces/"]) == 3
    third = listed[-3]
    assert (third.root_span_name, third.span_count, third.input_preview, third.output_preview) == (
        "chat 2",
        3,
        "chat 2?",
        "chat 2!",
    )
    assert third.first_span_at < third.last_span_at

    spans = client.traces.spans(third.trace_id)
    assert [s.span_id for s in spans] == [f"{i + 1:016x}" for i in range(3)]
    assert [s.parent_span_id for s in spans] == [None, f"{1:016x}", f"{1:016x}"]
    assert spans[1].span == {"name": "step 1", "attributes": {"llm.model": "gpt-4o"}}
    with pytest.raises(NotFoundError):
        client.traces.spans("f" * 32)

    # Spans sent later for the same trace are added to it.
    more = emulator.add_trace(
        [{"span_id": "a" * 16, "parent_span_id": f"{1:016x}", "timestamp": "2026-02-01T00:00:00Z"}],
        trace_id=third.trace_id,
    )
    assert (more["span_count"], more["last_span_at"][:10]) == (4, "2026-02-01")
    with pytest.raises(ValueError, match="unique"):
        emulator.add_trace([{"span_id": "a" * 16}], trace_id=third.trace_id)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ("root_span_name;string;;=;chat 3", ["chat 3"]),
        ("root_span_name;string;;contains;CHAT 1", ["chat 1"]),
        ("span_count;number;;>=;3,span_count;number;;<;5", ["chat 3", "chat 2"]),
        (f"root_span_name;string;;any of;{quote('chat 0,chat 4', safe='')}", ["chat 4", "chat 0"]),
        (f"root_span_name;string;;none of;{quote('chat 0,chat 4', safe='')}", ["chat 3", "chat 2", "chat 1"]),
        ("attributes;string;llm.model;=;claude", ["chat 4", "chat 3", "chat 2"]),
        ("first_span_at;datetime;;<;2026-01-03T00:00:00Z", ["chat 1", "chat 0"]),
        ("output_preview;string;;starts with;chat 4", ["chat 4"]),
        ("trace_id;string;;!=;" + f"{1:032x}", ["chat 4", "chat 3", "chat 2", "chat 1"]),
    ],
)
async def test_traces_filters(emulator: Emulator, client: RootSignals, filters: str, expected: list[str]) -> None:
    for i in range(5):
        emulator.add_trace(_spans(f"chat {i}", i + 1, start=i), trace_id=f"{i + 1:032x}")
    emulator.configure(max_page_size=2)
    assert [t.root_span_name for t in client.traces.list(filters=filters, limit=None)] == expected
    assert [t.root_span_name async for t in client.traces.alist(filters=filters, limit=None)] == expected


@pytest.mark.parametrize(
    "filters",
    ["nonsense", "no_such;string;;=;x", "span_count;string;;>;3", "span_count;number;;=;abc", "trace_id;string;;~;x",
     "attributes;string;;=;x", "first_span_at;datetime;;<;yesterday", "span_count;boolean;;=;1"],
)  # fmt: skip
def test_malformed_trace_filters_are_400s(client: RootSignals, emulator: Emulator, filters: str) -> None:
    emulator.add_trace(_spans("chat", 1))
    with pytest.raises(BadRequestError) as refused:
        list(client.traces.list(filters=filters))
    assert list(refused.value.field_errors) == ["filters"]
    assert call(emulator, "HEAD", f"/v1/otel/traces/?filters={quote(filters)}", key=API_KEY).status == 200


def test_the_admin_api_seeds_traces(emulator: Emulator, client: RootSignals) -> None:
    trace = {
        "trace_id": "b" * 32,
        "input_preview": "in",
        "spans": [{"span": {"name": "root"}}, {"span": {"name": "x"}}],
    }
    response = call(emulator, "POST", "/_emulator/traces", [trace], key=API_KEY)
    assert response.status == 201, response.body
    (added,) = response.json()["traces"]
    assert (added["trace_id"], added["span_count"], added["input_preview"], added["output_preview"]) == (
        "b" * 32, 2, "in", ""
    )  # fmt: skip
    assert [t.trace_id for t in client.traces.list()] == ["b" * 32]
    for bad in (
        {"spans": []},
        {"trace_id": "XYZ", "spans": [{}]},
        {"spans": [{"span_id": "short"}]},
        {"spans": [{"timestamp": "2026-01-01T00:00:00"}]},
        {"spans": [{"span": "not an object"}]},
        {"spans": ["not an object"]},
        ["not a trace"],
        {"spans": [{}] * 1001},
    ):
        response = call(emulator, "POST", "/_emulator/traces", bad, key=API_KEY)
        assert response.status == 400, (bad, response.body)
    assert call(emulator, "GET", "/_emulator/traces", key=API_KEY).status == 405
    assert emulator.reset() >= 1
    assert list(client.traces.list()) == []


# -- hostile input ------------------------------------------------------------------------------------------

_GROUP_PART = st.sampled_from(
    [
        "span_count",
        "attributes",
        "root_span_name",
        "number",
        "string",
        "datetime",
        "=",
        ">=",
        "any of",
        "",
        "x",
        "1",
        "2026-01-01T00:00:00Z",
        "%3B",
        "%2C",
        "%ZZ",
        "\u00e9",
    ]
)


@settings(
    derandomize=True,
    database=None,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    filters=st.one_of(
        st.text(max_size=60),
        st.lists(st.lists(_GROUP_PART, min_size=1, max_size=6).map(";".join), max_size=3).map(",".join),
    )
)
def test_any_filters_value_is_a_page_or_a_400(emulator: Emulator, filters: str) -> None:
    response = call(emulator, "GET", f"/v1/otel/traces/?filters={quote(filters, safe='')}", key=API_KEY)
    assert response.status in (200, 400), response.body
    if response.status == 400:
        assert list(response.json()) == ["filters"]
    assert emulator.response_failures() == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=10,
)


@settings(
    derandomize=True,
    database=None,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    trace=st.one_of(
        _JSON,
        st.fixed_dictionaries(
            {
                "spans": st.lists(
                    st.dictionaries(
                        st.sampled_from(["span_id", "parent_span_id", "timestamp", "span"]), _JSON, max_size=4
                    ),
                    max_size=3,
                )
            },
            optional={"trace_id": _JSON, "input_preview": _JSON},
        ),
    )
)
def test_any_seeded_trace_is_added_or_a_400(emulator: Emulator, trace: object) -> None:
    response = call(emulator, "POST", "/_emulator/traces", trace, key=API_KEY)
    assert response.status in (201, 400), response.body
    listing = call(emulator, "GET", "/v1/otel/traces/", key=API_KEY)
    assert listing.status == 200
    for record in listing.json()["results"]:
        spans = call(emulator, "GET", f"/v1/otel/traces/{record['trace_id']}/spans/", key=API_KEY)
        assert spans.status == 200
    assert emulator.response_failures() == []
