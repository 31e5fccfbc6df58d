"""Evaluation filters and traces against a stand-in server written from the contract (not the emulator):
every method sends what the contract says, sync and async, and the trace listing follows every page."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from root import RootSignals
from root.errors import BadRequestError, InvalidArgumentError, NotFoundError
from tests.contract_server import CREATED_AT, Sent, contract_server, contract_violations, new_id, not_found, paged

FILTER_ID = new_id()
EVALUATOR_ID = new_id()
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"


def _filter(**fields: Any) -> dict[str, Any]:
    return {
        "id": FILTER_ID,
        "name": "chat turns",
        "evaluator_id": None,
        "judge_id": None,
        "filter_criteria": {},
        "sampling_rate": 1.0,
        "delay_seconds": 20,
        "applies_to_new_only": True,
        "is_active": True,
        "extractor_rules": [],
        "created_at": CREATED_AT,
        "updated_at": CREATED_AT,
        **fields,
    }


def _trace(i: int) -> dict[str, Any]:
    return {
        "trace_id": f"{i:032x}",
        "root_span_name": f"chat {i}",
        "first_span_at": "2026-01-02T03:04:05Z",
        "last_span_at": "2026-01-02T03:04:06Z",
        "span_count": i + 1,
        "input_preview": "hi",
        "output_preview": "hello",
    }


TRACES = [_trace(i) for i in range(7)]
SPANS = [
    {"trace_id": TRACE_ID, "span_id": "00f067aa0ba902b7", "timestamp": "2026-01-02T03:04:05Z",
     "span": {"name": "chat", "attributes": {"llm.input": "hi"}}},
    {"trace_id": TRACE_ID, "span_id": "00f067aa0ba902b8", "parent_span_id": "00f067aa0ba902b7",
     "timestamp": "2026-01-02T03:04:06Z", "span": {"name": "llm"}},
]  # fmt: skip


def _answer(request: Sent) -> tuple[int, Any]:
    path, method = request.path, request.method
    if path == "/v1/otel/evaluation-filters/":
        if method == "GET":
            return 200, [_filter(), _filter(id=new_id(), name="other")]
        if method == "POST":
            return 201, _filter(**request.json())
    if path == "/v1/otel/evaluation-filters/validate/" and method == "POST":
        body = request.json()
        if body.get("sampling_rate") == 0.5:
            return 400, {"evaluator_id": ["No such evaluator."]}
        return 200, {"valid": True, "errors": {}}
    if path == f"/v1/otel/evaluation-filters/{FILTER_ID}/":
        if method == "GET":
            return 200, _filter()
        if method == "PUT":
            return 200, _filter(**request.json())
        if method == "DELETE":
            return 204, None
    if path == "/v1/otel/traces/" and method == "GET":
        # The service caps its pages: three traces at most, whatever page_size asks.
        size = min(int(request.query_dict().get("page_size", "20")), 3)
        capped = [(k, str(size) if k == "page_size" else v) for k, v in request.query]
        return paged(dataclasses.replace(request, query=capped), TRACES)
    if path == f"/v1/otel/traces/{TRACE_ID}/spans/" and method == "GET":
        return 200, SPANS
    return not_found()


@pytest.fixture
def server() -> Iterator[tuple[RootSignals, list[Sent]]]:
    with contract_server(_answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, sent


def _as_the_contract_says(sent: list[Sent]) -> None:
    for request in sent:
        assert contract_violations(request, _answer(request)) == []


def test_filters_sync(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    created = client.evaluation_filters.create(
        name="chat turns",
        evaluator_id=uuid.UUID(EVALUATOR_ID),
        filter_criteria={"root_span_name": "chat"},
        sampling_rate=0.25,
        delay_seconds=0,
        extractor_rules=[{"field": "request", "attribute": "llm.input"}],
    )
    assert (created.id, created.evaluator_id, created.sampling_rate) == (FILTER_ID, EVALUATOR_ID, 0.25)
    assert (sent[0].method, sent[0].path) == ("POST", "/v1/otel/evaluation-filters/")
    assert sent[0].json() == {
        "name": "chat turns",
        "evaluator_id": EVALUATOR_ID,
        "filter_criteria": {"root_span_name": "chat"},
        "sampling_rate": 0.25,
        "delay_seconds": 0,
        "applies_to_new_only": True,
        "is_active": True,
        "extractor_rules": [{"field": "request", "attribute": "llm.input"}],
    }
    assert sent[0].headers["Authorization"] == "Api-Key k"

    assert [f.name for f in client.evaluation_filters.list()] == ["chat turns", "other"]
    assert client.evaluation_filters.get(uuid.UUID(FILTER_ID)).id == FILTER_ID
    updated = client.evaluation_filters.update(FILTER_ID, name="renamed", is_active=False)
    assert (updated.name, updated.is_active) == ("renamed", False)
    assert client.evaluation_filters.validate(name="check", judge_id=new_id()) == {"valid": True, "errors": {}}
    assert client.evaluation_filters.delete(FILTER_ID) is None
    assert [(r.method, r.path) for r in sent[1:]] == [
        ("GET", "/v1/otel/evaluation-filters/"),
        ("GET", f"/v1/otel/evaluation-filters/{FILTER_ID}/"),
        ("PUT", f"/v1/otel/evaluation-filters/{FILTER_ID}/"),
        ("POST", "/v1/otel/evaluation-filters/validate/"),
        ("DELETE", f"/v1/otel/evaluation-filters/{FILTER_ID}/"),
    ]
    # A PUT: the signature's defaults are sent; what is None is not.
    assert sent[3].json() == {
        "name": "renamed",
        "sampling_rate": 1.0,
        "delay_seconds": 20,
        "applies_to_new_only": True,
        "is_active": False,
    }
    _as_the_contract_says(sent)


async def test_filters_async(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    created = await client.evaluation_filters.acreate(name="chat turns", judge_id=EVALUATOR_ID, is_active=False)
    assert (created.judge_id, created.is_active) == (EVALUATOR_ID, False)
    assert sent[0].json() == {
        "name": "chat turns",
        "judge_id": EVALUATOR_ID,
        "sampling_rate": 1.0,
        "delay_seconds": 20,
        "applies_to_new_only": True,
        "is_active": False,
    }
    assert len(await client.evaluation_filters.alist()) == 2
    assert (await client.evaluation_filters.aget(FILTER_ID)).name == "chat turns"
    assert (await client.evaluation_filters.aupdate(FILTER_ID, name="renamed")).name == "renamed"
    with pytest.raises(BadRequestError) as refused:
        await client.evaluation_filters.avalidate(name="check", sampling_rate=0.5)
    assert refused.value.field_errors == {"evaluator_id": ["No such evaluator."]}
    await client.evaluation_filters.adelete(uuid.UUID(FILTER_ID))
    assert [r.method for r in sent] == ["POST", "GET", "GET", "PUT", "POST", "DELETE"]
    _as_the_contract_says(sent)


def test_filters_are_checked_before_sending(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    for call in (
        lambda: client.evaluation_filters.create(name="x" * 256),
        lambda: client.evaluation_filters.create(name="x", sampling_rate=1.5),
        lambda: client.evaluation_filters.create(name="x", delay_seconds=-1),
        lambda: client.evaluation_filters.create(name="x", evaluator_id="not-a-uuid"),
        lambda: client.evaluation_filters.validate(name="x", judge_id=7),  # type: ignore[arg-type]
        lambda: client.evaluation_filters.update("", name="x"),
        lambda: client.evaluation_filters.get(""),
        lambda: asyncio.run(client.evaluation_filters.aupdate(FILTER_ID, name="x", extractor_rules=["rule"])),  # type: ignore[list-item]
    ):
        with pytest.raises(InvalidArgumentError):
            call()
    assert sent == []
    with pytest.raises(NotFoundError):
        client.evaluation_filters.get(new_id())


def test_traces_follow_every_page(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    traces = list(client.traces.list(filters="span_count;number;;>=;3", limit=None))
    assert [t.trace_id for t in traces] == [t["trace_id"] for t in TRACES]
    assert len(sent) > 1
    assert all(r.query_dict()["filters"] == "span_count;number;;>=;3" for r in sent)
    sent.clear()
    assert len(list(client.traces.list(limit=3))) == 3
    assert [r.query_dict()["page_size"] for r in sent] == ["3"]
    sent.clear()
    spans = client.traces.spans(TRACE_ID)
    assert [s.span_id for s in spans] == ["00f067aa0ba902b7", "00f067aa0ba902b8"]
    assert spans[0].span == {"name": "chat", "attributes": {"llm.input": "hi"}}
    assert (sent[0].method, sent[0].path) == ("GET", f"/v1/otel/traces/{TRACE_ID}/spans/")
    with pytest.raises(NotFoundError):
        client.traces.spans("f" * 32)
    with pytest.raises(InvalidArgumentError):
        client.traces.spans("")
    with pytest.raises(InvalidArgumentError):
        client.traces.list(limit=-1)


async def test_traces_async(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    traces = [t async for t in client.traces.alist(limit=None)]
    assert len(traces) == 7
    assert (await client.traces.aspans(TRACE_ID))[1].parent_span_id == "00f067aa0ba902b7"
    with pytest.raises(InvalidArgumentError):
        client.traces.alist(limit=-1)
    _as_the_contract_says(sent)
