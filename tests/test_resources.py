"""Objectives, datasets and execution logs against the emulator, sync and async, listings over several pages.

Every response the shared test emulator sends is validated against openapi.yaml (see conftest), so a
test that passes here also saw answers that keep the contract."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import BadRequestError, InvalidArgumentError, NotFoundError
from tests.spec import rule


def test_objectives_round(client: RootSignals) -> None:
    objective = client.objectives.create(intent="The answer is polite")
    assert objective.intent == "The answer is polite"
    first_version = objective.version_id

    updated = client.objectives.update(objective.id, intent="The answer is polite and brief")
    assert updated.intent == "The answer is polite and brief"
    assert updated.version_id != first_version
    assert client.objectives.get(objective.id).intent == updated.intent

    versions = client.objectives.versions.list(objective.id)
    assert versions.next is None
    assert {v.intent for v in versions.results} == {"The answer is polite", "The answer is polite and brief"}

    assert objective.id in {o.id for o in client.objectives.list(limit=100)}
    client.objectives.delete(objective.id)
    with pytest.raises(NotFoundError):
        client.objectives.get(objective.id)


def test_objective_listing_and_versions_follow_every_page(client: RootSignals, emulator: Emulator) -> None:
    emulator.configure(max_page_size=3)
    ids = [client.objectives.create(intent=f"intent {i}").id for i in range(8)]
    listed = [o.id for o in client.objectives.list(limit=100)]
    assert set(ids) <= set(listed)
    assert len(listed) == len(set(listed))
    for i in range(6):
        client.objectives.update(ids[0], intent=f"change {i}")
    assert len(client.objectives.versions.list(ids[0]).results) == 7


async def test_objectives_async(client: RootSignals, emulator: Emulator) -> None:
    emulator.configure(max_page_size=2)
    created = [await client.objectives.acreate(intent=f"async {i}") for i in range(5)]
    await client.objectives.aupdate(created[0].id, intent="async changed")
    assert (await client.objectives.aget(created[0].id)).intent == "async changed"
    listed = [o.id async for o in client.objectives.alist(limit=100)]
    assert {c.id for c in created} <= set(listed)
    versions = await client.objectives.versions.alist(created[0].id)
    assert len(versions.results) == 2
    for objective in created:
        await client.objectives.adelete(objective.id)
    assert [o async for o in client.objectives.alist(limit=100)] == []


def test_datasets_round(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    csv = tmp_path / "answers.csv"
    csv.write_text("request,response\nCan you help?,Of course.\n", encoding="utf-8")
    created = client.datasets.create(name="answers", path=csv, type="test")  # 1.6's type: taken, not sent
    assert created.name == "answers"
    stored = emulator.dataset_file(str(created.id))
    assert stored["name"] == "answers.csv"
    assert "Can you help?" in stored["content"]

    got = client.datasets.get(created.id)
    assert (got.name, got.type) == ("answers", None)
    assert [d.id for d in client.datasets.list("answ")] == [created.id]
    assert list(client.datasets.list("no such name")) == []
    client.datasets.delete(created.id)
    with pytest.raises(NotFoundError):
        client.datasets.get(created.id)


async def test_datasets_async(client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("x\n1\n", encoding="utf-8")
    created = await client.datasets.acreate(name="async set", path=str(csv))
    assert (await client.datasets.aget(created.id)).name == "async set"
    assert [d.id async for d in client.datasets.alist("async set")] == [created.id]
    await client.datasets.adelete(created.id)


CALIBRATION_CSV = "expected_score,request,response\n0.9,Can you help?,Of course.\n0.1,Hello?,Go away.\n"


def test_a_dataset_with_a_header_calibrates_when_it_says_so(
    client: RootSignals, emulator: Emulator, tmp_path: Path
) -> None:
    csv = tmp_path / "calibration.csv"
    csv.write_text(CALIBRATION_CSV, encoding="utf-8")
    evaluator = client.evaluators.create(name="calibrated", predicate="Helpful? {{request}} {{response}}")
    unsaid = client.datasets.create(name="header unsaid", path=csv, type="test")
    with pytest.raises(BadRequestError, match="Row 1: the first column must be the expected score"):
        client.evaluators.calibrate_existing(evaluator.id, test_dataset_id=str(unsaid.id))
    said = client.datasets.create(name="header said", path=csv, type="test", has_header=True)
    assert said.has_header is True
    assert emulator.dataset_file(str(said.id))["header"] == ["expected_score", "request", "response"]
    rows = client.evaluators.calibrate_existing(evaluator.id, test_dataset_id=str(said.id))
    assert [row.result.expected_score for row in rows] == [0.9, 0.1]


async def test_adatasets_create_sends_has_header(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    csv = tmp_path / "calibration.csv"
    csv.write_text(CALIBRATION_CSV, encoding="utf-8")
    said = await client.datasets.acreate(name="header said", path=csv, type="test", has_header=True)
    assert emulator.dataset_file(str(said.id))["rows"] == [
        ["0.9", "Can you help?", "Of course."],
        ["0.1", "Hello?", "Go away."],
    ]


def test_execution_logs_filters_and_pages(client: RootSignals, emulator: Emulator) -> None:
    emulator.configure(max_page_size=4)
    item = str(uuid.uuid4())
    for i in range(10):
        emulator.add_execution_log(
            executed_item_id=item,
            executed_item_name="Politeness",
            execution_type="evaluator",
            score=i / 10,
            tags=["prod"] if i % 2 else ["dev"],
            llm_output=f"output {i}",
        )
    logs = list(client.execution_logs.list(limit=100, search_term="polite"))
    assert len(logs) == 10
    assert [log.score for log in logs] == sorted((log.score for log in logs), reverse=True)  # newest first
    prod = list(client.execution_logs.list(limit=100, tags=["prod"]))
    assert len(prod) == 5
    assert all("prod" in log.tags for log in prod)
    assert all(log.llm_output is None for log in prod)
    with_output = list(client.execution_logs.list(limit=2, include=["llm_output"]))
    assert [log.llm_output for log in with_output] == ["output 9", "output 8"]

    details = client.execution_logs.get(log_id=logs[0].id)
    assert details.llm_output == "output 9"

    class Result:
        execution_log_id = str(logs[-1].id)

    assert client.execution_logs.get(execution_result=Result()).llm_output == "output 0"


async def test_execution_logs_async(client: RootSignals, emulator: Emulator) -> None:
    seeded = emulator.add_execution_log(executed_item_name="Clarity", execution_type="evaluator", score=0.5)
    assert [log.id async for log in client.execution_logs.alist(limit=5)] == [seeded["id"]]
    assert (await client.execution_logs.aget(log_id=seeded["id"])).score == 0.5
    with pytest.raises(NotFoundError):
        await client.execution_logs.aget(log_id=str(uuid.uuid4()))


def test_bad_arguments_send_nothing(client: RootSignals, emulator: Emulator) -> None:
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="objective_id"):
        client.objectives.delete("../models/")
    with pytest.raises(InvalidArgumentError, match="intent"):
        client.objectives.create(intent="x" * (rule("ObjectiveRequest", "intent", "maxLength") + 1))
    with pytest.raises(InvalidArgumentError, match="tags"):
        client.execution_logs.list(tags="prod")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="path"):
        client.datasets.create(name="x", path=42)  # type: ignore[arg-type]
    assert emulator.requests() == []
