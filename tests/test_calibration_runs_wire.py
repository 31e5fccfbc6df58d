"""Calibration runs against a stand-in server written from the contract (not the emulator): every method
sends what the contract says, every listing follows every page, and ``wait()`` / ``await_()`` poll
politely until the run is finished (or raise the typed timeout carrying the last status)."""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from root import RootSignals
from root.errors import InvalidArgumentError, NotFoundError, WaitTimeoutError
from tests.contract_server import CREATED_AT, Sent, contract_server, contract_violations, new_id, not_found, paged

EVALUATOR_ID = new_id()
DATASET_ID = new_id()
RUN_ID = new_id()


def _run(run_id: str, status: str, *, evaluator_id: str = EVALUATOR_ID) -> dict[str, Any]:
    done = status == "completed"
    return {
        "id": run_id,
        "evaluator_external_id": evaluator_id,
        "evaluator_version_id": None,
        "definition": None,
        "comparison_group": None,
        "score_config": None,
        "source_type": "dataset",
        "dataset": DATASET_ID,
        "status": status,
        "metrics": {"mae": 0.25} if done else None,
        "n_examples": 4 if done else 0,
        "n_skipped": 0,
        "error": "",
        "created_at": CREATED_AT,
    }


def _item(i: int) -> dict[str, Any]:
    return {
        "id": str(uuid.UUID(int=i + 1)),
        "annotation": None,
        "dataset_item": None,
        "execution_log": None,
        "evaluator_score": 0.5,
        "human_value": 0.5 - i / 100,
        "disagreement": i / 100,
        "status": "completed",
        "justification": f"item {i}",
        "request": "q",
        "response": "a",
        "created_at": CREATED_AT,
    }


RUNS = [_run(str(uuid.UUID(int=i + 1)), "completed") for i in range(7)]
ITEMS = [_item(i) for i in range(9)]


def _small_pages(request: Sent, items: list[dict[str, Any]]) -> tuple[int, Any]:
    """``paged``, with pages of at most 3 items whatever the request asks (as a server's own cap)."""
    size = min(int(request.query_dict().get("page_size", "20")), 3)
    query = [(k, v) for k, v in request.query if k != "page_size"] + [("page_size", str(size))]
    return paged(dataclasses.replace(request, query=query), items)


class CalibrationStandIn:
    """Answers the five calibration-run operations; the run's status moves one step per read, after
    ``busy`` answers of 503 with a ``Retry-After``."""

    def __init__(self) -> None:
        self.statuses = ["pending", "running", "running", "completed"]
        self.reads = 0
        self.busy = 0

    def answer(self, request: Sent) -> tuple[int, Any]:
        path, method = request.path, request.method
        if path == "/v1/calibration-runs/" and method == "POST":
            return 201, _run(RUN_ID, "pending")
        if path == "/v1/calibration-runs/" and method == "GET":
            return _small_pages(request, RUNS)
        if path == f"/v1/calibration-runs/{RUN_ID}/" and method == "GET":
            if self.busy:
                self.busy -= 1
                return 503, {"detail": "Busy."}
            status = self.statuses[min(self.reads, len(self.statuses) - 1)]
            self.reads += 1
            return 200, _run(RUN_ID, status)
        if path == f"/v1/calibration-runs/{RUN_ID}/items/" and method == "GET":
            return _small_pages(request, ITEMS)
        if path == "/v1/calibration-runs/attach/" and method == "POST":
            return 200, {"attached": len(request.json()["comparison_groups"])}
        return not_found()


Server = tuple[RootSignals, CalibrationStandIn, list[Sent]]


@pytest.fixture
def stand_in() -> Iterator[Server]:
    """The stand-in and a client of it; every exchange is checked against the contract as well."""
    service = CalibrationStandIn()
    violations: list[str] = []

    def answer(request: Sent) -> tuple[int, Any]:
        answered = service.answer(request)
        if answered[0] != 503:  # the contract declares 5XX only by reference; the body is ours
            violations.extend(contract_violations(request, answered))
        return answered

    with contract_server(answer) as (url, sent), RootSignals(api_key="k", base_url=url, max_retries=0) as client:
        yield client, service, sent
    assert not violations, "\n".join(violations)


def test_create_sends_the_evaluator_and_the_dataset_source(stand_in: Server) -> None:
    client, _, sent = stand_in
    run = client.calibration_runs.create(evaluator_id=EVALUATOR_ID, dataset_id=uuid.UUID(DATASET_ID))
    assert (run.id, run.status.value, run.source_type.value) == (RUN_ID, "pending", "dataset")
    assert (sent[0].method, sent[0].path) == ("POST", "/v1/calibration-runs/")
    assert sent[0].json() == {
        "evaluator_external_id": EVALUATOR_ID,
        "source": {"type": "dataset", "dataset_id": DATASET_ID},
    }
    sent.clear()
    config, version = new_id(), new_id()
    client.calibration_runs.create(
        evaluator_id=EVALUATOR_ID, dataset_id=DATASET_ID, score_config_id=config, evaluator_version_id=version
    )
    assert sent[0].json() == {
        "evaluator_external_id": EVALUATOR_ID,
        "evaluator_version_id": version,
        "score_config_id": config,
        "source": {"type": "dataset", "dataset_id": DATASET_ID},
    }


def test_get_list_items_and_attach(stand_in: Server) -> None:
    client, _, sent = stand_in
    assert client.calibration_runs.get(uuid.UUID(RUN_ID)).status.value == "pending"
    assert (sent[0].method, sent[0].path) == ("GET", f"/v1/calibration-runs/{RUN_ID}/")
    sent.clear()

    runs = list(client.calibration_runs.list(evaluator_id=uuid.UUID(EVALUATOR_ID), limit=None))
    assert [r.id for r in runs] == [r["id"] for r in RUNS]
    assert len(sent) > 1, "the listing follows several pages"
    assert all(r.query_dict()["evaluator_external_id"] == EVALUATOR_ID for r in sent)
    sent.clear()

    assert len(list(client.calibration_runs.list(limit=3))) == 3
    assert [r.query_dict()["page_size"] for r in sent] == ["3"]
    assert "evaluator_external_id" not in sent[0].query_dict()
    sent.clear()

    items = list(client.calibration_runs.list_items(RUN_ID, limit=None))
    assert [i.justification for i in items] == [f"item {i}" for i in range(9)]
    assert all(r.path == f"/v1/calibration-runs/{RUN_ID}/items/" for r in sent)
    sent.clear()

    groups = [new_id(), uuid.uuid4()]
    attached = client.calibration_runs.attach(evaluator_external_id=EVALUATOR_ID, comparison_groups=groups)
    assert attached.attached == 2
    assert sent[0].json() == {"evaluator_external_id": EVALUATOR_ID, "comparison_groups": [str(g) for g in groups]}


async def test_the_async_twins(stand_in: Server) -> None:
    client, _, sent = stand_in
    run = await client.calibration_runs.acreate(evaluator_id=EVALUATOR_ID, dataset_id=DATASET_ID)
    assert run.status.value == "pending"
    assert sent[0].json()["source"] == {"type": "dataset", "dataset_id": DATASET_ID}
    assert (await client.calibration_runs.aget(RUN_ID)).id == RUN_ID
    assert [r.id async for r in client.calibration_runs.alist(limit=None)] == [r["id"] for r in RUNS]
    items = [i async for i in client.calibration_runs.alist_items(RUN_ID, limit=5)]
    assert [i.disagreement for i in items] == [i / 100 for i in range(5)]
    attached = await client.calibration_runs.aattach(evaluator_external_id=EVALUATOR_ID, comparison_groups=[new_id()])
    assert attached.attached == 1


def test_bad_arguments_send_nothing(stand_in: Server) -> None:
    client, _, sent = stand_in
    runs = client.calibration_runs
    with pytest.raises(InvalidArgumentError, match="evaluator_id"):
        runs.create(evaluator_id="nope", dataset_id=DATASET_ID)
    with pytest.raises(InvalidArgumentError, match="dataset_id"):
        runs.create(evaluator_id=EVALUATOR_ID, dataset_id=b"x")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="score_config_id"):
        runs.create(evaluator_id=EVALUATOR_ID, dataset_id=DATASET_ID, score_config_id="1")
    with pytest.raises(InvalidArgumentError, match="run_id"):
        runs.get("")
    with pytest.raises(InvalidArgumentError, match="evaluator_id"):
        runs.list(evaluator_id="x")
    with pytest.raises(InvalidArgumentError, match="limit"):
        runs.alist_items(RUN_ID, limit=-1)
    with pytest.raises(InvalidArgumentError, match=r"comparison_groups\[1\]"):
        runs.attach(evaluator_external_id=EVALUATOR_ID, comparison_groups=[new_id(), "x"])
    for timeout, poll_interval in ((0, 1.0), (-1, 1.0), (float("nan"), 1.0), (1.0, 0), (True, 1.0)):
        with pytest.raises(InvalidArgumentError):
            runs.wait(RUN_ID, timeout=timeout, poll_interval=poll_interval)
    assert sent == []


def test_wait_reads_until_finished_and_honours_retry_after(stand_in: Server) -> None:
    client, service, sent = stand_in
    service.busy = 1
    started = time.monotonic()
    run = client.calibration_runs.wait(RUN_ID, timeout=30, poll_interval=0.01)
    assert run.status.value == "completed"
    assert run.metrics == {"mae": 0.25}
    # One busy answer, then pending, running, running, completed.
    assert len(sent) == 5
    assert all(r.path == f"/v1/calibration-runs/{RUN_ID}/" for r in sent)
    assert time.monotonic() - started < 10


async def test_await_reads_until_finished(stand_in: Server) -> None:
    client, _, sent = stand_in
    run = await client.calibration_runs.await_(RUN_ID, timeout=30, poll_interval=0.01)
    assert run.status.value == "completed"
    assert len(sent) == 4


def test_wait_times_out_with_the_last_status(stand_in: Server) -> None:
    client, service, _ = stand_in
    service.statuses = ["pending", "running"]
    with pytest.raises(WaitTimeoutError) as caught:
        client.calibration_runs.wait(RUN_ID, timeout=0.2, poll_interval=0.05)
    assert caught.value.last_status == "running"
    assert caught.value.last is not None
    assert caught.value.last.id == RUN_ID
    assert RUN_ID in str(caught.value)
    assert "running" in str(caught.value)
    assert isinstance(caught.value, TimeoutError)


async def test_await_times_out_with_the_last_status(stand_in: Server) -> None:
    client, service, _ = stand_in
    service.statuses = ["pending"]
    with pytest.raises(WaitTimeoutError) as caught:
        await client.calibration_runs.await_(RUN_ID, timeout=0.2, poll_interval=0.05)
    assert caught.value.last_status == "pending"


def test_wait_on_no_such_run_is_not_found(stand_in: Server) -> None:
    client, _, sent = stand_in
    with pytest.raises(NotFoundError):
        client.calibration_runs.wait(new_id(), timeout=5, poll_interval=0.01)
    assert len(sent) == 1
