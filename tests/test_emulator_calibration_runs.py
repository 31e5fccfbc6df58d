"""Calibration runs against the emulator, over real HTTP, sync and async: a run is submitted, waited for
(at the pace of ``job_seconds``) and read back, with its items over several pages; its scores are the
evaluator runs' scores (verdicts included), measured against the human values."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import BadRequestError, NotFoundError, WaitTimeoutError

from .test_emulator import call

ROWS = [
    ("0.9", "How do I reset my password?", "Open Settings, then Security, then Reset password."),
    ("0.1", "How do I reset my password?", "No idea."),
    ("0.8", "Where is my order?", "It ships tomorrow; the tracking link is in your e-mail."),
    ("0.2", "Where is my order?", "Somewhere."),
    ("0.7", "Can I pay by card?", "Yes, every major card."),
]


def _dataset(client: RootSignals, tmp_path: Path, rows: list[tuple[str, ...]] = ROWS, header: str = "") -> str:
    csv = tmp_path / "labelled.csv"
    csv.write_text(header + "".join(",".join(f'"{c}"' for c in row) + "\n" for row in rows), encoding="utf-8")
    return str(client.datasets.create(name="labelled", path=csv, has_header=bool(header)).id)


def _evaluator(client: RootSignals) -> str:
    return str(client.evaluators.create(name="Support", predicate="Is {{response}} helpful for {{request}}?").id)


def test_a_run_is_submitted_waited_for_and_read_back(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    emulator.configure(job_seconds=0.5, max_page_size=2)
    evaluator_id, dataset_id = _evaluator(client), _dataset(client, tmp_path)
    emulator.set_verdict("Support", pattern="^No idea", score=0.0)

    run = client.calibration_runs.create(evaluator_id=evaluator_id, dataset_id=dataset_id)
    assert run.status.value == "pending"
    assert (run.metrics, run.n_examples) == (None, 0)
    assert list(client.calibration_runs.list_items(run.id)) == [], "no items before the run completes"
    with pytest.raises(WaitTimeoutError) as caught:
        client.calibration_runs.wait(run.id, timeout=0.1, poll_interval=0.02)
    assert caught.value.last_status in ("pending", "running")

    started = time.monotonic()
    done = client.calibration_runs.wait(run.id, timeout=10, poll_interval=0.05)
    assert done.status.value == "completed"
    assert time.monotonic() - started < 5
    assert (done.n_examples, done.n_skipped, done.evaluator_external_id) == (5, 0, evaluator_id)
    assert done.metrics["n"] == 5
    assert done.metrics["emulated"] is True

    items = list(client.calibration_runs.list_items(done.id, limit=None))
    assert len(items) == 5, "every item, over three pages of two"
    gaps = [item.disagreement for item in items]
    assert gaps == sorted(gaps, reverse=True), "largest disagreement first"
    for item in items:
        assert item.disagreement == pytest.approx(abs(item.evaluator_score - item.human_value), abs=1e-4)
    verdict = next(i for i in items if i.response == "No idea.")
    assert (verdict.evaluator_score, verdict.human_value) == (0.0, 0.1)
    assert done.metrics["mae"] == pytest.approx(sum(gaps) / 5, abs=1e-3)
    # Each example was one evaluator run, with its log.
    log = client.execution_logs.get(log_id=verdict.execution_log)
    assert (log.executed_item_id, log.score) == (evaluator_id, 0.0)

    # The same evaluator and inputs score the same in a plain run.
    plain = next(i for i in items if i.response.startswith("Yes"))
    rerun = client.evaluators.run(evaluator_id, request="Can I pay by card?", response="Yes, every major card.")
    assert rerun.score == plain.evaluator_score

    assert [r.id for r in client.calibration_runs.list(evaluator_id=evaluator_id)] == [run.id]
    assert list(client.calibration_runs.list(evaluator_id=dataset_id)) == []


async def test_the_async_twins_against_the_emulator(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    emulator.configure(job_seconds=0.3, max_page_size=2)
    evaluator_id, dataset_id = _evaluator(client), _dataset(client, tmp_path)
    runs = [await client.calibration_runs.acreate(evaluator_id=evaluator_id, dataset_id=dataset_id) for _ in range(3)]
    done = await client.calibration_runs.await_(runs[0].id, timeout=10, poll_interval=0.05)
    assert done.status.value == "completed"
    assert (await client.calibration_runs.aget(runs[2].id)).id == runs[2].id
    listed = [r.id async for r in client.calibration_runs.alist(limit=None)]
    assert listed == [r.id for r in reversed(runs)], "newest first, over two pages"
    await client.calibration_runs.await_(runs[2].id, timeout=10, poll_interval=0.05)
    first = [i.evaluator_score async for i in client.calibration_runs.alist_items(runs[0].id, limit=None)]
    last = [i.evaluator_score async for i in client.calibration_runs.alist_items(runs[2].id, limit=None)]
    assert first == last, "deterministic scores"
    assert len(first) == 5


def test_a_run_without_human_values_fails(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    rows = [("How are you?", "Fine."), ("Who are you?", "A bot.")]
    dataset_id = _dataset(client, tmp_path, rows, header="request,response\n")
    run = client.calibration_runs.create(evaluator_id=_evaluator(client), dataset_id=dataset_id)
    done = client.calibration_runs.wait(run.id, timeout=5, poll_interval=0.01)
    assert done.status.value == "failed"
    assert (done.n_examples, done.n_skipped, done.metrics) == (0, 2, None)
    assert "annotation" in done.error


def test_refusals(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    evaluator_id, dataset_id = _evaluator(client), _dataset(client, tmp_path)
    other = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(BadRequestError, match="evaluator_external_id"):
        client.calibration_runs.create(evaluator_id=other, dataset_id=dataset_id)
    with pytest.raises(BadRequestError, match="evaluator_version_id"):
        client.calibration_runs.create(evaluator_id=evaluator_id, dataset_id=dataset_id, evaluator_version_id=other)
    with pytest.raises(BadRequestError, match="dataset_id"):
        client.calibration_runs.create(evaluator_id=evaluator_id, dataset_id=other)
    with pytest.raises(NotFoundError):
        client.calibration_runs.get(other)
    with pytest.raises(NotFoundError):
        list(client.calibration_runs.list_items(other))
    with pytest.raises(BadRequestError, match="evaluator_external_id"):
        client.calibration_runs.attach(evaluator_external_id=other, comparison_groups=[other])
    assert list(client.calibration_runs.list()) == []


def test_drafts_in_comparison_groups_are_attached(emulator: Emulator, client: RootSignals, tmp_path: Path) -> None:
    dataset_id = _dataset(client, tmp_path)
    group = "11111111-1111-4111-8111-111111111111"
    draft = {"scoring_criteria": "Is {{response}} helpful?", "model": "gpt-4o"}
    body = {"source": {"type": "dataset", "dataset_id": dataset_id}, "definition": draft, "comparison_group": group}
    for _ in range(2):
        response = call(emulator, "POST", "/v1/calibration-runs/", body)
        assert response.status == 201, response.body
        assert response.json()["evaluator_external_id"] is None
    listed = call(emulator, "GET", f"/v1/calibration-runs/?comparison_group={group}").json()["results"]
    assert len(listed) == 2
    assert listed[0]["definition"] == draft
    evaluator_id = _evaluator(client)
    assert client.calibration_runs.attach(evaluator_external_id=evaluator_id, comparison_groups=[group]).attached == 2
    assert len(list(client.calibration_runs.list(evaluator_id=evaluator_id))) == 2
