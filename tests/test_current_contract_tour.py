"""The resources of today's contract together, as a user strings them: a project holds a dataset whose
items are labelled by annotations; a calibration run measures an evaluator against those labels and a
batch execution runs it over inline inputs, both waited for with ``wait``/``await_``; the logs the batch
wrote are found by its id. Each group's own tests cover its resource; this one covers the seams."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import WaitTimeoutError

from .conftest import API_KEY

ROWS = b"0.9,How do I reset my password?,Open Settings.\n0.1,Where is my order?,No idea.\n"


def test_a_project_dataset_labelled_calibrated_and_batched(client: RootSignals, tmp_path: Path) -> None:
    project = client.projects.create(name="Support bot")
    csv = tmp_path / "labelled.csv"
    csv.write_bytes(ROWS)
    dataset = client.datasets.create(name="labelled", path=csv, project_id=project.id)
    assert [d.id for d in client.datasets.list(project_id=project.id)] == [dataset.id]

    # Items: the CSV's rows, and one added by hand and labelled by an annotation.
    item = client.datasets.add_item(dataset.id, request="Is it raining?", response="Yes, take an umbrella.")
    items = list(client.datasets.list_items(dataset.id, limit=None))
    assert item.id in [i.id for i in items]
    assert len(items) == 3
    label = client.annotations.create(dataset_item_id=item.id, value=0.7, rationale="mostly helpful")
    assert [a.id for a in client.annotations.list(dataset=dataset.id)] == [label.id]
    assert [a.id for a in client.datasets.get_item(dataset.id, item.id).annotations] == [label.id]
    listed = {i.id: [a.value for a in i.annotations] for i in client.datasets.list_items(dataset.id, limit=None)}
    assert listed[item.id] == [0.7]
    assert sum(len(values) for values in listed.values()) == 1
    client.annotations.create(dataset_item_id=item.id, value=0.2, status="draft")  # not published: not shown
    assert [a.id for a in client.datasets.get_item(dataset.id, item.id).annotations] == [label.id]

    evaluator = client.evaluators.create(
        name="Support answers", predicate="Does {{response}} answer {{request}}?", project_id=project.id
    )
    run = client.calibration_runs.create(evaluator_id=evaluator.id, dataset_id=dataset.id)
    finished = client.calibration_runs.wait(run.id, timeout=30, poll_interval=0.05)
    assert finished.status == "completed"
    measured = {i.request: i.human_value for i in client.calibration_runs.list_items(run.id, limit=None)}
    assert measured["Is it raining?"] == pytest.approx(0.7)  # the annotation is the human value

    started = client.batch_executions.create(
        evaluator_ids=[evaluator.id],
        inputs=[{"request": "Hi?", "response": "Hello!"}, {"request": "Bye?", "response": "Goodbye."}],
        project_id=project.id,
    )
    batch = client.batch_executions.wait(started.batch_execution_id, timeout=30, poll_interval=0.05)
    assert (batch.status, batch.total_count, batch.completed_count) == ("completed", 2, 2)
    logs = list(client.execution_logs.list(batch_execution_id=started.batch_execution_id, limit=None))
    assert len(logs) == 2


def test_both_waits_time_out_with_the_last_status_and_then_finish(emulator: Emulator, tmp_path: Path) -> None:
    emulator.configure(job_seconds=0.6)
    csv = tmp_path / "labelled.csv"
    csv.write_bytes(ROWS)

    async def main() -> None:
        async with RootSignals(api_key=API_KEY, base_url=emulator.url) as client:
            evaluator = await client.evaluators.acreate(name="Brevity", predicate="Is {{response}} brief?")
            dataset = await client.datasets.acreate(name="labels", path=csv)
            run = await client.calibration_runs.acreate(evaluator_id=evaluator.id, dataset_id=dataset.id)
            started = await client.batch_executions.acreate(
                evaluator_ids=[evaluator.id], inputs=[{"response": "Short."}]
            )
            with pytest.raises(WaitTimeoutError) as ran_out:
                await client.calibration_runs.await_(run.id, timeout=0.05, poll_interval=0.01)
            assert ran_out.value.last_status in ("pending", "running")
            with pytest.raises(WaitTimeoutError) as also:
                await client.batch_executions.await_(started.batch_execution_id, timeout=0.05, poll_interval=0.01)
            assert also.value.last_status in ("pending", "processing")
            done = await client.calibration_runs.await_(run.id, timeout=30, poll_interval=0.05)
            batch = await client.batch_executions.await_(started.batch_execution_id, timeout=30, poll_interval=0.05)
            assert (done.status, batch.status) == ("completed", "completed")

    asyncio.run(main())
