"""The emulator plays batch executions, through the SDK over real HTTP: a judge or evaluators run over inline
inputs or a data set's rows, scored as a judge or evaluator run scores them, finishing at the pace of
``job_seconds``; ``wait()`` end to end, sync and async, and listings over several pages. Every response is
validated against openapi.yaml (the ``emulator`` fixture's check_responses)."""

from __future__ import annotations

import datetime
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from root import RootSignals
from root._presets import load_presets
from root.emulator import Emulator
from root.errors import BadRequestError, InvalidArgumentError, NotFoundError, WaitTimeoutError

from .test_emulator import call

PRESETS = {p.name: p.id for p in load_presets()}
INPUTS = [
    {"request": "Can I return shoes?", "response": "Yes, within 30 days, with the receipt."},
    {"request": "Do you ship abroad?", "response": "We ship to every EU country."},
    {"response": "Thanks for asking!"},
]


def _named(names: dict[str, str], value: Any) -> Any:
    """``value`` with the placeholders ``J``, ``E``, ``D`` ... (in lists too) replaced by real ids."""
    if isinstance(value, list):
        return [_named(names, v) for v in value]
    return names.get(value, value) if isinstance(value, str) else value


def _judge(client: RootSignals, *presets: str) -> str:
    references = [{"id": PRESETS[name]} for name in presets]
    judge = client.judges.create(name="Support judge", intent="Check support answers", evaluator_references=references)
    return str(judge.id)


def test_a_judge_batch_is_submitted_waited_for_and_read_back(client: RootSignals) -> None:
    judge_id = _judge(client, "Politeness", "Helpfulness")
    started = client.batch_executions.create(judge_id=judge_id, inputs=INPUTS, tags=["nightly"])
    assert started.status_url.endswith(f"/v1/judges/batch-executions/{started.batch_execution_id}/")

    finished = client.batch_executions.wait(started.batch_execution_id, timeout=30)
    assert finished.status.value == "completed"
    assert (finished.total_count, finished.completed_count, finished.failed_count) == (3, 3, 0)
    assert finished.judge is not None
    assert finished.judge.id == judge_id
    assert finished.tags == ["nightly"]
    assert finished.started_at is not None
    assert finished.completed_at is not None
    assert [item.index for item in finished.items] == [0, 1, 2]
    assert [item.input.response for item in finished.items] == [i["response"] for i in INPUTS]

    # The same scores a judge run gives the same inputs: one scoring for both.
    for item, asked in zip(finished.items, INPUTS, strict=True):
        run = client.judges.run(judge_id, **asked)
        assert item.status.value == "completed"
        assert [(r["evaluator_name"], r["score"]) for r in item.evaluator_results] == [
            (r.evaluator_name, r.score) for r in run.evaluator_results
        ]

    # The batch's logs: each input's judge run and its evaluators' child logs.
    logs = list(client.execution_logs.list(batch_execution_id=started.batch_execution_id, limit=None))
    item_logs = {item.execution_log_id for item in finished.items}
    assert item_logs <= {log.id for log in logs}
    assert len(logs) == 3 * 3  # per input: the judge's log and one per evaluator
    assert {log.parent_execution_log_id for log in logs} - {None} == item_logs

    assert client.batch_executions.get(started.batch_execution_id) == finished


def test_evaluators_over_a_data_set_range(client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "support.csv"
    rows = [f"question {i},answer {i},context {i}" for i in range(6)]
    csv.write_text("request,response,contexts\n" + "\n".join(rows) + "\n", encoding="utf-8")
    dataset = client.datasets.create(name="Support", path=csv, type="test", has_header=True)
    evaluators = [PRESETS["Politeness"], PRESETS["Faithfulness"]]

    started = client.batch_executions.create(
        evaluator_ids=evaluators, dataset_id=dataset.id, range={"start": 1, "end": 3}
    )
    finished = client.batch_executions.wait(started.batch_execution_id)
    assert finished.judge is None
    assert [e.name for e in finished.evaluators] == ["Politeness", "Faithfulness"]
    assert finished.dataset is not None
    assert finished.dataset.name == "Support"
    assert finished.dataset_range == {"start": 1, "end": 3}
    assert [item.input.request for item in finished.items] == ["question 1", "question 2", "question 3"]
    assert all(len(item.evaluator_results) == 2 for item in finished.items)
    assert finished.status.value == "completed"

    # Without contexts, Faithfulness cannot score: only Politeness does; a batch of Faithfulness alone fails.
    alone = client.batch_executions.create(evaluator_ids=[PRESETS["Faithfulness"]], inputs=INPUTS[:2])
    failed = client.batch_executions.wait(alone.batch_execution_id)
    assert failed.status.value == "failed"
    assert failed.failed_count == 2
    assert all(item.status.value == "failed" and "contexts" in item.error_message for item in failed.items)
    assert all(item.execution_log_id is None for item in failed.items)

    mixed = [{"response": "fine", "contexts": ["a context"]}, {"response": "no context"}]
    partial = client.batch_executions.wait(
        client.batch_executions.create(evaluator_ids=[PRESETS["Faithfulness"]], inputs=mixed).batch_execution_id
    )
    assert (partial.status.value, partial.completed_count, partial.failed_count) == ("partial", 1, 1)


def test_a_batch_moves_through_its_statuses_at_the_pace_of_job_seconds(emulator: Emulator, client: RootSignals) -> None:
    judge_id = _judge(client, "Politeness")
    # Pending for its first 0.4 s, then processing: time enough for the first read on a busy machine.
    emulator.configure(job_seconds=4.0)
    started = client.batch_executions.execute_judge(judge_id, inputs=INPUTS)
    first = client.batch_executions.get(started.batch_execution_id)
    assert first.status.value == "pending"
    assert first.started_at is None
    assert first.completed_at is None
    assert {item.status.value for item in first.items} == {"pending"}
    assert all(item.evaluator_results is None for item in first.items)

    with pytest.raises(WaitTimeoutError) as raised:
        client.batch_executions.wait(started.batch_execution_id, timeout=0.3, poll_interval=0.05)
    assert raised.value.last_status in ("pending", "processing")
    assert raised.value.last.batch_execution_id == started.batch_execution_id

    seen = {raised.value.last_status}
    while (read := client.batch_executions.get(started.batch_execution_id)).status.value in ("pending", "processing"):
        seen.add(read.status.value)
        assert read.completed_count <= 3
        time.sleep(0.05)
    assert "processing" in seen
    finished = client.batch_executions.wait(started.batch_execution_id, timeout=10, poll_interval=0.05)
    assert finished.status.value == "completed"
    assert finished.completed_count == 3


def test_listing_over_several_pages_with_filters(emulator: Emulator, client: RootSignals) -> None:
    emulator.configure(max_page_size=2)
    judge_id = _judge(client, "Politeness")
    other = _judge(client, "Clarity")
    before = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=1)
    mine = [client.batch_executions.create(judge_id=judge_id, inputs=INPUTS[:1]).batch_execution_id for _ in range(5)]
    client.batch_executions.create(judge_id=other, inputs=INPUTS[:1])

    listed = [b.batch_execution_id for b in client.batch_executions.list(judge_id=judge_id, limit=None)]
    assert listed == mine[::-1], "newest first, every page"
    assert len(list(client.batch_executions.list(limit=None))) == 6
    assert len(list(client.batch_executions.list(status="completed", date_from=before, limit=None))) == 6
    assert list(client.batch_executions.list(status="pending", limit=None)) == []
    assert list(client.batch_executions.list(date_to=before, limit=None)) == []
    assert list(client.batch_executions.list(project_id=uuid.uuid4(), limit=None)) == []


async def test_async_twins_end_to_end(emulator: Emulator, client: RootSignals) -> None:
    emulator.configure(max_page_size=2)
    judge_id = _judge(client, "Politeness")
    started = await client.batch_executions.acreate(judge_id=judge_id, inputs=INPUTS)
    again = await client.batch_executions.aexecute_judge(judge_id, inputs=INPUTS[:1])
    finished = await client.batch_executions.await_(started.batch_execution_id, timeout=30)
    assert finished.status.value == "completed"
    assert finished.total_count == 3
    assert (await client.batch_executions.aget(again.batch_execution_id)).total_count == 1
    listed = [b.batch_execution_id async for b in client.batch_executions.alist(limit=None)]
    assert listed == [again.batch_execution_id, started.batch_execution_id]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"inputs": INPUTS}, "non_field_errors"),
        ({"judge_id": "J", "evaluator_ids": ["E"], "inputs": INPUTS}, "non_field_errors"),
        ({"judge_id": "J"}, "non_field_errors"),
        ({"judge_id": "J", "inputs": INPUTS, "range": {"start": 0, "end": 1}}, "range"),
        ({"judge_id": str(uuid.UUID(int=7)), "inputs": INPUTS}, "judge_id"),
        ({"judge_id": "J", "judge_version_id": str(uuid.UUID(int=7)), "inputs": INPUTS}, "judge_version_id"),
        ({"evaluator_ids": [str(uuid.UUID(int=7))], "inputs": INPUTS}, "evaluator_ids"),
        ({"judge_id": "J", "dataset_id": str(uuid.UUID(int=7))}, "dataset_id"),
        ({"judge_id": "J", "dataset_id": "D", "range": {"start": 5, "end": 9}}, "range"),
        ({"judge_id": "J", "inputs": INPUTS * 34}, "inputs"),
        ({"judge_id": "J", "inputs": []}, "inputs"),
    ],
)
def test_what_cannot_run_is_a_400_on_its_field(
    emulator: Emulator, client: RootSignals, tmp_path: Path, body: dict[str, Any], field: str
) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text("a,b\nc,d\n", encoding="utf-8")
    names = {"J": _judge(client, "Politeness"), "E": PRESETS["Politeness"]}
    names["D"] = str(client.datasets.create(name="two rows", path=csv).id)

    sent = {k: _named(names, v) for k, v in body.items()}
    response = call(emulator, "POST", "/v1/batch-executions/", sent, key="test-key")
    assert response.status == 400, response.body
    assert field in response.json()
    assert list(client.execution_logs.list(limit=None)) == []


def test_the_sdk_refuses_what_the_contract_refuses_and_the_emulator_answers_the_rest(client: RootSignals) -> None:
    with pytest.raises(InvalidArgumentError, match="inputs"):
        client.batch_executions.create(judge_id=uuid.uuid4(), inputs=[{"response": "a"}] * 101)
    with pytest.raises(BadRequestError) as refused:
        client.batch_executions.create(judge_id=uuid.uuid4(), inputs=[{"response": "a"}])
    assert "judge_id" in refused.value.field_errors
    with pytest.raises(NotFoundError):
        client.batch_executions.get(uuid.uuid4())
    with pytest.raises(NotFoundError):
        client.batch_executions.wait(uuid.uuid4(), timeout=1)


def test_the_judge_batch_route_without_a_contract_body_is_not_served(emulator: Emulator) -> None:
    response = call(emulator, "POST", f"/v1/judges/{uuid.uuid4()}/batch-execute/", {}, key="test-key")
    assert (response.status, response.json()) == (404, {"detail": "Not found."})


@pytest.mark.parametrize(
    "body",
    [
        {"evaluator_ids": ["E"] * 20_000, "inputs": INPUTS},
        {"evaluator_ids": ["E"] * 5_000, "inputs": INPUTS},
        {"judge_id": "J", "inputs": "not a list"},
        {"judge_id": "J", "inputs": [{"turns": [{"role": "nobody"}]}]},
        {"judge_id": "J", "inputs": [["not", "an", "object"]]},
        {"evaluator_ids": [1, 2], "inputs": INPUTS},
        {"judge_id": "J", "dataset_id": "D", "range": "0-9"},
        {"judge_id": "J", "dataset_id": "D", "range": {"start": 10**30, "end": 10**31}},
        {"judge_id": "J", "inputs": INPUTS, "tags": ["x" * 10, ""]},
        {"judge_id": None, "evaluator_ids": None, "inputs": None, "dataset_id": None},
    ],
)
def test_hostile_batches_are_refused_with_a_400_quickly(
    emulator: Emulator, client: RootSignals, tmp_path: Path, body: dict[str, Any]
) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    names = {"J": _judge(client, "Politeness"), "E": PRESETS["Politeness"]}
    names["D"] = str(client.datasets.create(name="one row", path=csv).id)
    sent = {k: _named(names, v) for k, v in body.items()}
    began = time.monotonic()
    response = call(emulator, "POST", "/v1/batch-executions/", sent, key="test-key")
    assert response.status == 400, response.body
    assert time.monotonic() - began < 5
    assert list(client.execution_logs.list(limit=None)) == [], "nothing ran"


def test_a_null_range_end_runs_to_the_last_row(client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "d.csv"
    csv.write_text("q1,a1\nq2,a2\nq3,a3\n", encoding="utf-8")
    dataset = client.datasets.create(name="three rows", path=csv)
    started = client.batch_executions.create(
        evaluator_ids=[PRESETS["Politeness"]], dataset_id=dataset.id, range={"start": 1, "end": None}
    )
    batch = client.batch_executions.wait(started.batch_execution_id)
    assert [(i.input.request, i.input.response) for i in batch.items] == [("q2", "a2"), ("q3", "a3")]


_TEXT = st.one_of(st.none(), st.text(max_size=20), st.integers(), st.booleans())
_ID = st.one_of(st.none(), st.uuids(), st.sampled_from([PRESETS["Politeness"], "nope", "", " "]), st.integers())
_INPUT = st.one_of(
    st.dictionaries(st.sampled_from(["request", "response", "contexts", "expected_output", "user_id"]), _TEXT),
    st.text(max_size=5),
)


@settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    judge_id=_ID,
    evaluator_ids=st.one_of(st.none(), st.lists(_ID, max_size=3)),
    inputs=st.one_of(st.none(), st.lists(_INPUT, max_size=4)),
    dataset_id=_ID,
    range_=st.one_of(st.none(), st.fixed_dictionaries({"start": st.integers(-2, 5), "end": st.integers(-2, 5)})),
    tags=st.one_of(st.none(), st.lists(st.text(max_size=5), max_size=3)),
)
def test_whatever_is_asked_only_root_errors_escape_and_what_starts_finishes(
    client: RootSignals,
    judge_id: Any,
    evaluator_ids: Any,
    inputs: Any,
    dataset_id: Any,
    range_: Any,
    tags: Any,
) -> None:
    try:
        started = client.batch_executions.create(
            judge_id=judge_id,
            evaluator_ids=evaluator_ids,
            inputs=inputs,
            dataset_id=dataset_id,
            range=range_,
            tags=tags,
        )
    except (InvalidArgumentError, BadRequestError) as exc:
        event(type(exc).__name__)
        return
    event("started")
    finished = client.batch_executions.wait(started.batch_execution_id, timeout=10)
    assert finished.status.value in ("completed", "failed", "partial")
    assert finished.total_count == len(finished.items)


_VALID_INPUT = st.fixed_dictionaries(
    {"response": st.text(min_size=1, max_size=30)},
    optional={"request": st.text(max_size=30), "contexts": st.lists(st.text(min_size=1, max_size=10), max_size=2)},
)


@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(inputs=st.lists(_VALID_INPUT, min_size=1, max_size=4))
def test_a_batch_scores_each_input_as_a_run_of_the_evaluator_does(client: RootSignals, inputs: Any) -> None:
    politeness = PRESETS["Politeness"]
    started = client.batch_executions.create(evaluator_ids=[politeness], inputs=inputs)
    finished = client.batch_executions.wait(started.batch_execution_id, timeout=10)
    assert finished.total_count == len(inputs)
    for item, asked in zip(finished.items, inputs, strict=True):
        try:
            run = client.evaluators.run(politeness, **asked)
        except BadRequestError:  # a blank response, which a run refuses: the batch's item fails instead
            assert item.status.value == "failed"
            assert "response" in item.error_message
            continue
        assert item.evaluator_results[0]["score"] == run.score
