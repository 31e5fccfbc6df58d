"""``client.evaluate`` / ``aevaluate`` on the service's batch engine, over real HTTP against the emulator: a
data set id (a UUID, its text, the object), ``engine="batch"`` on rows in several chunks, judges and
evaluators, item failures kept per row, a 429 burst on the batch route, the journal's resumption, and the
same scores as the runs engine."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest

from root import RootSignals
from root._evaluate_batch import chunk_size
from root.emulator import Emulator
from root.errors import InvalidArgumentError, NotFoundError
from root.evaluation import EvaluationResult
from scorable import Scorable

from .conftest import API_KEY

CREATE = "/v1/batch-executions/"
READ = "/v1/judges/batch-executions/"
EXECUTE = "/v1/evaluators/execute/"


def _rows(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"id": f"r{i}", "request": f"question {i}", "response": f"answer {i}"} for i in range(start, start + n)]


def _created(emulator: Emulator) -> list[dict[str, Any]]:
    """The batches the emulator accepted (202), with the bodies they were created with."""
    return [r for r in emulator.requests() if r["path"] == CREATE and r["status"] == 202]


def _runs(emulator: Emulator) -> list[dict[str, Any]]:
    return [r for r in emulator.requests() if r["path"].startswith(EXECUTE) and r["status"] == 200]


def _scores(result: EvaluationResult) -> list[tuple[str, dict[str, float | None]]]:
    return [(row.key, {name: score.score for name, score in row.scores.items()}) for row in result]


def _dataset(client: RootSignals, tmp_path: Path, n: int) -> Any:
    path = tmp_path / "support.csv"
    lines = [f"question {i},answer {i}" for i in range(n)]
    path.write_text("request,response\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return client.datasets.create(name="Support", path=path, type="test", has_header=True)


def test_the_limit_of_a_chunk_comes_from_the_contract() -> None:
    from root.generated.openapi_client.models.batch_execution_create_request import BatchExecutionCreateRequest

    size = chunk_size()
    assert size == 100
    BatchExecutionCreateRequest(inputs=[{"response": "r"}] * size, evaluator_ids=[str(uuid.uuid4())])
    with pytest.raises(ValueError, match="at most 100"):
        BatchExecutionCreateRequest(inputs=[{"response": "r"}] * (size + 1), evaluator_ids=[str(uuid.uuid4())])


def test_rows_on_the_batch_engine_in_several_chunks_score_as_the_runs_do(
    client: RootSignals, emulator: Emulator
) -> None:
    emulator.set_verdict("Politeness", pattern="rude", score=0.1, justification="Rude.")
    rows = [*_rows(chunk_size() + 20), {"id": "x", "request": "q", "response": "you are rude"}]

    batched = client.evaluate(rows, evaluators=["Politeness", "Helpfulness"], key="id", engine="batch")

    created = _created(emulator)
    assert len(created) == 2 * 2  # two chunks, one batch per evaluator each
    assert sorted(len(c["body"]["inputs"]) for c in created) == [21, 21, 100, 100]
    assert _runs(emulator) == []
    assert [row.key for row in batched] == [row["id"] for row in rows]
    assert batched[-1].scores["Politeness"].score == 0.1
    assert batched[-1].scores["Politeness"].justification == "Rude."
    assert all(row.ok for row in batched)
    logs = {row.scores[name].execution_log_id for row in batched for name in ("Politeness", "Helpfulness")}
    assert len(logs) == 2 * len(rows)  # each score has its own execution log
    log_id = batched[3].scores["Helpfulness"].execution_log_id
    assert client.execution_logs.get(log_id=log_id).id == log_id

    ran = client.evaluate(rows, evaluators=["Politeness", "Helpfulness"], key="id", engine="runs")
    assert _scores(ran) == _scores(batched)
    assert [row.inputs for row in ran] == [row.inputs for row in batched]


def test_a_data_set_id_goes_to_the_batch_engine_by_range(
    client: RootSignals, emulator: Emulator, tmp_path: Path
) -> None:
    dataset = _dataset(client, tmp_path, 5)
    items = list(client.datasets.list_items(dataset.id))

    for data in (dataset, str(dataset.id), uuid.UUID(str(dataset.id)), client.datasets.get(dataset.id)):
        emulator.clear_requests()
        result = client.evaluate(data, evaluators=["Helpfulness"])
        assert [row.key for row in result] == [str(item.id) for item in items]
        assert result[2].inputs == {"request": "question 2", "response": "answer 2"}
        assert all(row.ok for row in result)
        (created,) = _created(emulator)
        assert created["body"]["dataset_id"] == str(dataset.id)
        assert created["body"]["range"] == {"start": 0, "end": 4}
        assert "inputs" not in created["body"]

    by_runs = client.evaluate(dataset.id, evaluators=["Helpfulness"], engine="runs")
    assert _scores(by_runs) == _scores(result)
    assert len(_runs(emulator)) == 5


def test_a_judge_on_the_batch_engine(client: RootSignals, emulator: Emulator) -> None:
    politeness = client.evaluators.get_by_name("Politeness")
    clarity = client.evaluators.get_by_name("Clarity")
    judge = client.judges.create(
        name="Support judge", intent="polite", evaluator_references=[{"id": politeness.id}, {"id": clarity.id}]
    )
    emulator.set_verdict("Politeness", score=0.5)

    batched = client.evaluate(_rows(3), judge="Support judge", evaluators=["Helpfulness"], key="id", engine="batch")

    assert batched.evaluator_names == ["Helpfulness", "Politeness", "Clarity"]
    assert [row.scores["Politeness"].score for row in batched] == [0.5, 0.5, 0.5]
    judge_batch = next(c["body"] for c in _created(emulator) if c["body"].get("judge_id"))
    assert judge_batch["judge_id"] == str(judge.id)
    assert judge_batch["judge_version_id"] == str(client.judges.get(judge.id).version_id)
    ran = client.evaluate(_rows(3), judge=judge.id, evaluators=["Helpfulness"], key="id")
    assert _scores(ran) == _scores(batched)
    # The judge's scores carry the judge run's log, as a judge run's do.
    assert batched[0].scores["Politeness"].execution_log_id == batched[0].scores["Clarity"].execution_log_id


def test_a_failed_item_keeps_its_error_and_the_rest_go_on(client: RootSignals) -> None:
    rows = [
        {"id": "a", "response": "fine", "contexts": ["a context"]},
        {"id": "b", "response": "no context"},
        {"id": "c", "response": "also fine", "contexts": ["another"]},
    ]
    result = client.evaluate(rows, evaluators=["Faithfulness"], key="id", engine="batch")
    assert [row.ok for row in result] == [True, False, True]
    failed = result[1].scores["Faithfulness"]
    assert failed.score is None
    assert failed.error is not None
    assert "contexts" in failed.error
    assert result.summary()["Faithfulness"].errors == 1
    assert result.summary()["Faithfulness"].n == 2


def test_a_row_that_is_no_batch_input_fails_alone(client: RootSignals, emulator: Emulator) -> None:
    turns = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello! How can I help?"}]
    rows = [{"id": "a", "response": "r", "contexts": [""]}, {"id": "b", "turns": turns}, *_rows(2)]
    result = client.evaluate(rows, evaluators=["Helpfulness"], key="id", engine="batch")
    assert [row.ok for row in result] == [False, True, True, True]
    assert result[0].scores["Helpfulness"].error_type == "InvalidArgumentError"
    assert "contexts" in (result[0].scores["Helpfulness"].error or "")
    (created,) = _created(emulator)
    assert len(created["body"]["inputs"]) == 3
    assert _scores(client.evaluate(rows[1:], evaluators=["Helpfulness"], key="id")) == _scores(result[1:])


def test_a_refused_batch_fails_its_rows_only(client: RootSignals, emulator: Emulator) -> None:
    emulator.set_faults(status=400, first=1, path_prefix=CREATE)
    result = client.evaluate(_rows(chunk_size() + 1), evaluators=["Helpfulness"], key="id", engine="batch")
    assert [row.ok for row in result].count(False) == chunk_size()
    assert {row.scores["Helpfulness"].error_type for row in result if not row.ok} == {"BadRequestError"}
    assert result[-1].ok


def test_a_burst_of_429s_on_the_batch_route_is_ridden_out(client: RootSignals, emulator: Emulator) -> None:
    emulator.set_faults(status=429, retry_after="0.05", first=3, path_prefix=CREATE)
    result = client.evaluate(_rows(250), evaluators=["Helpfulness"], key="id", engine="batch", max_concurrency=2)
    assert all(row.ok for row in result)
    assert len(result) == 250
    assert [r["status"] for r in emulator.requests() if r["path"] == CREATE].count(429) == 3
    assert len(_created(emulator)) == 3

    emulator.clear_requests()
    emulator.set_faults(status=429, retry_after="0.05", first=2, path_prefix=READ)
    result = client.evaluate(_rows(3), evaluators=["Helpfulness"], key="id", engine="batch")
    assert all(row.ok for row in result)
    assert [r["status"] for r in emulator.requests() if r["path"].startswith(READ)] == [429, 429, 200]


def test_a_journal_resumes_on_the_batch_engine(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    journal = tmp_path / "run.sqlite"
    client.evaluate(_rows(5), evaluators=["Helpfulness"], key="id", journal=journal, engine="batch")
    assert len(EvaluationResult.from_journal(journal)) == 5
    emulator.clear_requests()

    result = client.evaluate(_rows(8), evaluators=["Helpfulness"], key="id", journal=journal, engine="batch")

    (created,) = _created(emulator)
    assert [i["response"] for i in created["body"]["inputs"]] == ["answer 5", "answer 6", "answer 7"]
    assert [row.key for row in result] == [f"r{i}" for i in range(8)]
    assert len(EvaluationResult.from_journal(journal)) == 8
    # The journal is the same as the runs engine's: a rerun on either engine runs nothing.
    emulator.clear_requests()
    again = client.evaluate(_rows(8), evaluators=["Helpfulness"], key="id", journal=journal)
    assert _runs(emulator) == []
    assert [r.to_dict() for r in again] == [r.to_dict() for r in result]


def test_a_journal_over_a_data_set_sends_only_the_missing_ranges(
    client: RootSignals, emulator: Emulator, tmp_path: Path
) -> None:
    dataset = _dataset(client, tmp_path, 6)
    journal = tmp_path / "run.sqlite"
    emulator.set_faults(status=400, first=1, path_prefix=CREATE)
    client.evaluate(dataset.id, evaluators=["Helpfulness", "Politeness"], journal=journal)
    first = EvaluationResult.from_journal(journal)
    assert sum(not row.ok for row in first) == 6  # one of the two batches was refused
    emulator.clear_requests()

    result = client.evaluate(dataset.id, evaluators=["Helpfulness", "Politeness"], journal=journal)

    assert all(row.ok for row in result)
    (created,) = _created(emulator)  # only the evaluator that failed runs again
    assert created["body"]["range"] == {"start": 0, "end": 5}


def test_what_the_batch_engine_cannot_take_is_refused(client: RootSignals, emulator: Emulator) -> None:
    with pytest.raises(InvalidArgumentError, match="engine must be one of"):
        client.evaluate(_rows(1), evaluators=["Helpfulness"], engine="fast")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="which a batch input cannot carry"):
        client.evaluate([{"response": "r", "tags": ["x"]}], evaluators=["Helpfulness"], engine="batch")
    with pytest.raises(InvalidArgumentError, match="mapping is for rows"):
        client.evaluate(str(uuid.uuid4()), evaluators=["Helpfulness"], mapping={"q": "request"})
    with pytest.raises(NotFoundError):
        client.evaluate(uuid.uuid4(), evaluators=["Helpfulness"])
    assert _created(emulator) == []


def test_aevaluate_on_the_batch_engine(client: RootSignals, tmp_path: Path) -> None:
    dataset = _dataset(client, tmp_path, 3)
    sync = client.evaluate(dataset.id, evaluators=["Helpfulness"])

    async def main() -> EvaluationResult:
        return await client.aevaluate(dataset.id, evaluators=["Helpfulness"])

    assert _scores(asyncio.run(main())) == _scores(sync)

    async def rows() -> EvaluationResult:
        return await client.aevaluate(_rows(chunk_size() + 1), evaluators=["Helpfulness"], key="id", engine="batch")

    assert _scores(asyncio.run(rows())) == _scores(
        client.evaluate(_rows(chunk_size() + 1), evaluators=["Helpfulness"], key="id")
    )


def test_an_older_version_of_an_evaluator_runs_on_the_batch_engine_too(client: RootSignals, emulator: Emulator) -> None:
    made = client.evaluators.create(name="Tone", predicate="Is the tone right? {{response}}")
    old = client.evaluators.get(made.id)
    client.evaluators.update(made.id, predicate="Is the tone friendly? {{response}}")

    batched = client.evaluate(_rows(4), evaluators=[old], key="id", engine="batch")

    (created,) = _created(emulator)
    assert {i["evaluator_version_id"] for i in created["body"]["inputs"]} == {str(old.version_id)}
    assert _scores(client.evaluate(_rows(4), evaluators=[old], key="id")) == _scores(batched)
    newest = client.evaluate(_rows(4), evaluators=["Tone"], key="id", engine="batch")
    assert _scores(newest) != _scores(batched)  # the emulator's scores depend on the version run


def test_at_most_max_concurrency_batches_are_in_flight(client: RootSignals, emulator: Emulator) -> None:
    emulator.configure(job_seconds=0.3)
    result = client.evaluate(_rows(chunk_size() * 4), evaluators=["Helpfulness"], engine="batch", max_concurrency=2)
    assert all(row.ok for row in result)

    batches = list(client.batch_executions.list(limit=None))
    assert len(batches) == 4
    spans = [(b.created_at, b.completed_at) for b in batches]
    for created, _ in spans:
        # The batches unfinished when this one was created: itself and at most one more.
        running = [s for s in spans if s[0] <= created < s[1]]
        assert 1 <= len(running) <= 2


def test_data_set_rows_keyed_by_another_field(client: RootSignals, emulator: Emulator) -> None:
    dataset = client.datasets.create(name="Built item by item")
    client.datasets.add_items(
        dataset.id,
        [{"request": f"q{i}", "response": f"a{i}", "variables": {"ticket": f"T-{i}"}} for i in range(3)],
    )
    items = list(client.datasets.list_items(dataset.id))

    by_ticket = client.evaluate(dataset.id, evaluators=["Helpfulness"], key="ticket", engine="runs")
    assert [row.key for row in by_ticket] == ["T-0", "T-1", "T-2"]
    assert by_ticket[1].inputs == {"request": "q1", "response": "a1"}
    by_external = client.evaluate(dataset.id, evaluators=["Helpfulness"], key="external_id", engine="runs")
    assert [row.key for row in by_external] == [str(item.external_id) for item in items]
    with pytest.raises(InvalidArgumentError, match="row 0 has no 'nothing'"):
        client.evaluate(dataset.id, evaluators=["Helpfulness"], key="nothing")

    # A data set built item by item goes to the batch engine as its listing shows it.
    client.datasets.archive_item(dataset.id, items[0].id)
    client.datasets.add_item(dataset.id, request="q3", response="a3", contexts=["c3"], variables={"ticket": "T-3"})
    batched = client.evaluate(dataset.id, evaluators=["Helpfulness", "Politeness"], key="ticket")
    assert [row.key for row in batched] == ["T-1", "T-2", "T-3"]
    ran = client.evaluate(dataset.id, evaluators=["Helpfulness", "Politeness"], key="ticket", engine="runs")
    assert _scores(ran) == _scores(batched)
    assert all(row.ok for row in batched)
    assert batched[-1].inputs == {"request": "q3", "response": "a3", "contexts": ["c3"]}


def test_the_scorable_face_evaluates_a_data_set_on_the_batch_engine(emulator: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("a0\na1\n", encoding="utf-8")  # 1.15 sends no has_header: one response a row
    with Scorable(api_key=API_KEY, base_url=emulator.url) as client:
        dataset = client.datasets.create(name="Two rows", path=path)
        result = client.evaluate(dataset, evaluators=["Helpfulness"])
        ran = client.evaluate(dataset.id, evaluators=["Helpfulness"], engine="runs")
    assert [row.inputs for row in result] == [{"response": "a0"}, {"response": "a1"}]
    assert all(row.ok for row in result)
    assert _scores(ran) == _scores(result)
    assert len(_created(emulator)) == 1


def test_a_data_set_whose_items_are_not_what_a_batch_reads_fails_clearly(
    client: RootSignals, emulator: Emulator, tmp_path: Path
) -> None:
    # Without a header, the emulator's items read a two-column row as [expected score, response], and a
    # batch as [request, response]: the SDK checks each item it reads back against the item listed.
    path = tmp_path / "rows.csv"
    path.write_text("0.5,a0\n0.7,a1\n", encoding="utf-8")
    dataset = client.datasets.create(name="Scored rows", path=path)
    result = client.evaluate(dataset.id, evaluators=["Helpfulness"])
    assert not any(row.ok for row in result)
    assert "scored another item at this place" in (result[0].scores["Helpfulness"].error or "")


def test_an_older_version_cannot_run_over_a_data_set_and_says_so(
    client: RootSignals, emulator: Emulator, tmp_path: Path
) -> None:
    dataset = _dataset(client, tmp_path, 2)
    made = client.evaluators.create(name="Tone", predicate="Is the tone right? {{response}}")
    old = client.evaluators.get(made.id)
    client.evaluators.update(made.id, predicate="Is the tone friendly? {{response}}")
    result = client.evaluate(dataset.id, evaluators=[old])
    assert not any(row.ok for row in result)
    assert "engine='runs'" in (result[0].scores["Tone"].error or "")
    ran = client.evaluate(dataset.id, evaluators=[old], engine="runs")
    assert all(row.ok for row in ran)


def test_chunks_sent_before_the_data_broke_off_are_journalled(
    client: RootSignals, emulator: Emulator, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    size = chunk_size()

    def broken() -> Any:
        for i, row in enumerate(_rows(size + 30)):
            if i == size + 10:
                raise RuntimeError("disk gone")
            yield row

    with pytest.raises(RuntimeError, match="disk gone"):
        client.evaluate(broken(), evaluators=["Helpfulness"], key="id", journal=journal, engine="batch")
    assert len(EvaluationResult.from_journal(journal)) == size  # the first chunk finished; the next was not sent
    emulator.clear_requests()

    result = client.evaluate(_rows(size + 30), evaluators=["Helpfulness"], key="id", journal=journal, engine="batch")

    assert [row.key for row in result] == [f"r{i}" for i in range(size + 30)]
    (created,) = _created(emulator)
    assert len(created["body"]["inputs"]) == 30
