"""Batch executions against a stand-in server written from the contract (not the emulator): every method
sends what the contract says, every listing follows every page, and ``wait()`` reads until the batch has
finished. Every request and every answer is checked against openapi.yaml as well."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from root import RootSignals
from root.batch_executions import BatchExecutions
from root.errors import InvalidArgumentError, NotFoundError, WaitTimeoutError
from tests.contract_server import CREATED_AT, Sent, contract_server, contract_violations, new_id, not_found, paged
from tests.test_resources_wire import _logs_answer

JUDGE_ID = new_id()
DATASET_ID = new_id()


def _listed(i: int, status: str = "completed") -> dict[str, Any]:
    return {
        "batch_execution_id": str(uuid.UUID(int=i + 1)),
        "status": status,
        "total_count": 2,
        "completed_count": 2 if status == "completed" else 0,
        "failed_count": 0,
        "created_at": CREATED_AT,
        "started_at": CREATED_AT if status != "pending" else None,
        "completed_at": CREATED_AT if status == "completed" else None,
        "judge": {"id": JUDGE_ID, "name": "Returns judge", "version_id": new_id()},
        "evaluators": [{"id": new_id(), "name": "Relevance", "version_id": None}],
        # openapi-core (which checks the stand-in's answers) misreads a null `allOf` + `nullable` field,
        # so the stand-in's batches always name their data set; the emulator's tests send null ones.
        "dataset": {"id": DATASET_ID, "name": "Returns questions"},
        "dataset_range": {"start": 0, "end": 1},
        "tags": ["nightly"],
        "project_id": None,
    }


def _item(index: int, status: str) -> dict[str, Any]:
    done = status == "completed"
    return {
        "index": index,
        "status": status,
        "input": {"request": "q", "response": "a", "contexts": None, "expected_output": None, "turns": None},
        "evaluator_results": [{"evaluator_name": "Relevance", "score": 0.5}] if done else None,
        "error_message": "",
        "execution_log_id": new_id() if done else None,
        "started_at": CREATED_AT if status != "pending" else None,
        "completed_at": CREATED_AT if done else None,
    }


class BatchStandIn:
    """Batches that finish after ``reads_to_finish`` reads of their status."""

    def __init__(self) -> None:
        self.reads: dict[str, int] = {}
        self.reads_to_finish = 3
        self.listed = [_listed(i) for i in range(7)]

    def detail(self, batch_id: str) -> dict[str, Any]:
        reads = self.reads[batch_id] = self.reads.get(batch_id, 0) + 1
        status = "completed" if reads >= self.reads_to_finish else ("processing" if reads > 1 else "pending")
        item_status = "completed" if status == "completed" else ("processing" if reads > 1 else "pending")
        return {**_listed(0, status), "batch_execution_id": batch_id, "items": [_item(0, item_status)]}

    def answer(self, request: Sent) -> tuple[int, Any]:
        path, method = request.path, request.method
        if path.startswith("/v1/execution-logs/"):
            return _logs_answer(request)
        if path == "/v1/batch-executions/" and method == "POST":
            batch_id = new_id()
            return 202, {"batch_execution_id": batch_id, "status_url": f"/v1/judges/batch-executions/{batch_id}/"}
        if path == "/v1/judges/batch-executions/" and method == "GET":
            # The stand-in caps a page at 3 batches, as a service may: a listing must follow ``next``.
            size = min(int(request.query_dict().get("page_size", "3")), 3)
            query = [(k, str(size) if k == "page_size" else v) for k, v in request.query]
            return paged(dataclasses.replace(request, query=query), self.listed)
        prefix = "/v1/judges/batch-executions/"
        if path.startswith(prefix) and method == "GET":
            batch_id = path[len(prefix) :].strip("/")
            if batch_id == str(uuid.UUID(int=0)):
                return not_found()
            return 200, self.detail(batch_id)
        return not_found()


Server = tuple[RootSignals, BatchStandIn, list[Sent]]


@pytest.fixture
def stand_in() -> Iterator[Server]:
    service = BatchStandIn()
    violations: list[str] = []

    def answer(request: Sent) -> tuple[int, Any]:
        answered = service.answer(request)
        violations.extend(contract_violations(request, answered))
        return answered

    with contract_server(answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, service, sent
    assert not violations, "\n".join(violations)


def test_the_sub_api_is_on_the_client(stand_in: Server) -> None:
    client = stand_in[0]
    assert isinstance(client.batch_executions, BatchExecutions)
    assert client.batch_executions is client.batch_executions
    assert "k" not in repr(client.batch_executions)


def test_create_sends_the_batch_the_contract_describes(stand_in: Server) -> None:
    client, _, sent = stand_in
    started = client.batch_executions.create(
        judge_id=uuid.UUID(JUDGE_ID),
        inputs=[{"request": "Can I return shoes?", "response": "Within 30 days."}, {"response": "No."}],
        tags=["nightly"],
    )
    (request,) = sent
    assert (request.method, request.path) == ("POST", "/v1/batch-executions/")
    assert request.headers["Authorization"] == "Api-Key k"
    assert request.json() == {
        "judge_id": JUDGE_ID,
        "inputs": [{"request": "Can I return shoes?", "response": "Within 30 days."}, {"response": "No."}],
        "tags": ["nightly"],
    }
    assert isinstance(started.batch_execution_id, str)
    assert started.status_url.endswith(f"/{started.batch_execution_id}/")

    sent.clear()
    evaluators = [new_id(), new_id()]
    client.batch_executions.create(evaluator_ids=evaluators, dataset_id=DATASET_ID, range={"start": 0, "end": 9})
    assert sent[0].json() == {"evaluator_ids": evaluators, "dataset_id": DATASET_ID, "range": {"start": 0, "end": 9}}

    sent.clear()
    client.batch_executions.execute_judge(JUDGE_ID, dataset_id=DATASET_ID, judge_version_id=JUDGE_ID)
    assert (sent[0].path, sent[0].json()) == (
        "/v1/batch-executions/",
        {"judge_id": JUDGE_ID, "dataset_id": DATASET_ID, "judge_version_id": JUDGE_ID},
    )


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"judge_id": "not-a-uuid", "inputs": [{"response": "a"}]}, "judge_id"),
        ({"judge_id": JUDGE_ID, "inputs": [{"response": "a"}] * 101}, "inputs"),
        ({"judge_id": JUDGE_ID, "inputs": []}, "inputs"),
        ({"evaluator_ids": [], "dataset_id": DATASET_ID}, "evaluator_ids"),
        ({"evaluator_ids": ["x"], "dataset_id": DATASET_ID}, "evaluator_ids"),
        ({"judge_id": JUDGE_ID, "dataset_id": DATASET_ID, "range": {"start": -1, "end": 3}}, "range"),
        ({"judge_id": JUDGE_ID, "inputs": [{"response": "a", "user_id": "u" * 256}]}, "inputs"),
        ({"judge_id": JUDGE_ID, "inputs": [{"response": "a"}], "tags": [""]}, "tags"),
    ],
)
def test_what_the_contract_refuses_is_refused_before_sending(
    stand_in: Server, arguments: dict[str, Any], named: str
) -> None:
    client, _, sent = stand_in
    with pytest.raises(InvalidArgumentError, match=named):
        client.batch_executions.create(**arguments)
    assert sent == []


def test_get_and_list_every_page(stand_in: Server) -> None:
    client, _, sent = stand_in
    batch_id = new_id()
    detail = client.batch_executions.get(batch_id)
    assert (sent[0].method, sent[0].path, sent[0].body) == ("GET", f"/v1/judges/batch-executions/{batch_id}/", b"")
    assert detail.batch_execution_id == batch_id
    assert detail.status.value == "pending"
    assert [i.index for i in detail.items] == [0]

    sent.clear()
    since = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    listed = list(client.batch_executions.list(judge_id=JUDGE_ID, status="completed", date_from=since, limit=None))
    assert [b.batch_execution_id for b in listed] == [str(uuid.UUID(int=i + 1)) for i in range(7)]
    assert len(sent) > 1, "the listing follows the pages"
    first = sent[0].query_dict()
    assert first["judge_id"] == JUDGE_ID
    assert first["status"] == "completed"
    assert first["date_from"] == "2026-01-01T00:00:00+00:00"

    sent.clear()
    assert len(list(client.batch_executions.list(limit=3))) == 3
    assert [r.query_dict()["page_size"] for r in sent] == ["3"]

    with pytest.raises(NotFoundError):
        client.batch_executions.get(uuid.UUID(int=0))
    with pytest.raises(InvalidArgumentError, match="batch_execution_id"):
        client.batch_executions.get("nope")
    with pytest.raises(InvalidArgumentError, match="project_id"):
        client.batch_executions.list(project_id="nope")


def test_wait_reads_until_the_batch_has_finished(stand_in: Server) -> None:
    client, service, sent = stand_in
    started = client.batch_executions.create(judge_id=JUDGE_ID, inputs=[{"response": "a"}])
    sent.clear()
    finished = client.batch_executions.wait(started.batch_execution_id, timeout=30, poll_interval=0.01)
    assert finished.status.value == "completed"
    assert [i.status.value for i in finished.items] == ["completed"]
    assert len(sent) == service.reads_to_finish
    assert {r.path for r in sent} == {f"/v1/judges/batch-executions/{started.batch_execution_id}/"}


def test_wait_times_out_with_the_last_status(stand_in: Server) -> None:
    client, service, _ = stand_in
    service.reads_to_finish = 10**6
    with pytest.raises(WaitTimeoutError) as raised:
        client.batch_executions.wait(new_id(), timeout=0.2, poll_interval=0.05)
    assert raised.value.last_status == "processing"
    assert raised.value.last.status.value == "processing"
    with pytest.raises(InvalidArgumentError, match="poll_interval"):
        client.batch_executions.wait(new_id(), poll_interval=0)


async def test_async_twins(stand_in: Server) -> None:
    client, service, sent = stand_in
    started = await client.batch_executions.acreate(judge_id=JUDGE_ID, inputs=[{"response": "a"}])
    assert sent[0].json() == {"judge_id": JUDGE_ID, "inputs": [{"response": "a"}]}
    again = await client.batch_executions.aexecute_judge(JUDGE_ID, inputs=[{"response": "b"}])
    assert sent[1].json() == {"judge_id": JUDGE_ID, "inputs": [{"response": "b"}]}
    assert again.batch_execution_id != started.batch_execution_id
    detail = await client.batch_executions.aget(started.batch_execution_id)
    assert detail.status.value == "pending"
    listed = [b.batch_execution_id async for b in client.batch_executions.alist(limit=None)]
    assert len(listed) == 7
    finished = await client.batch_executions.await_(started.batch_execution_id, poll_interval=0.01)
    assert finished.status.value == "completed"
    service.reads_to_finish = 10**6
    with pytest.raises(WaitTimeoutError):
        await client.batch_executions.await_(new_id(), timeout=0.1, poll_interval=0.02)
    with pytest.raises(InvalidArgumentError):
        client.batch_executions.alist(limit=-1)


async def test_execution_logs_filter_by_batch(stand_in: Server) -> None:
    client, _, sent = stand_in
    batch_id = uuid.uuid4()
    logs = list(client.execution_logs.list(batch_execution_id=batch_id, limit=2))
    assert len(logs) == 2
    assert sent[0].path == "/v1/execution-logs/"
    assert sent[0].query_dict()["batch_execution_id"] == str(batch_id)
    sent.clear()
    assert len([log async for log in client.execution_logs.alist(batch_execution_id=str(batch_id), limit=2)]) == 2
    assert sent[0].query_dict()["batch_execution_id"] == str(batch_id)
    with pytest.raises(InvalidArgumentError, match="batch_execution_id"):
        client.execution_logs.list(batch_execution_id="nope")
