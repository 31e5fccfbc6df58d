"""``client.evaluate`` / ``aevaluate`` over real HTTP against the emulator: the kinds of data, keys,
mappings, the journal and its resumption, 429 bursts under a bounded concurrency, failures kept per row,
and the statistics of ``summary()`` and ``compare()``."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import json
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from root import RootSignals
from root.emulator import Emulator
from root.errors import InvalidArgumentError
from root.evaluation import EvaluationResult, RowResult, ScoreResult

from .conftest import API_KEY
from .servers import serve

EXECUTE = "/v1/evaluators/execute/"


def _rows(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"id": f"r{i}", "request": f"question {i}", "response": f"answer {i}"} for i in range(start, start + n)]


def _runs(emulator: Emulator) -> list[dict[str, Any]]:
    """The evaluator runs the emulator answered with a score (each wrote one execution log)."""
    return [r for r in emulator.requests() if r["path"].startswith(EXECUTE) and r["status"] == 200]


# -- kinds of data, keys, mappings ------------------------------------------------------------------------


def test_a_list_of_dicts_is_scored_row_by_row_in_order(client: RootSignals, emulator: Emulator) -> None:
    emulator.set_verdict("Politeness", pattern="rude", score=0.1, justification="Rude.")
    rows = [*_rows(3), {"id": "x", "request": "q", "response": "you are rude", "unknown column": 1}]

    result = client.evaluate(rows, evaluators=["Politeness", "Helpfulness"], key="id")

    assert [row.key for row in result] == ["r0", "r1", "r2", "x"]
    assert result.evaluator_names == ["Politeness", "Helpfulness"]
    assert result[3].scores["Politeness"] == ScoreResult(
        score=0.1, justification="Rude.", execution_log_id=result[3].scores["Politeness"].execution_log_id
    )
    assert result[3].inputs == {"request": "q", "response": "you are rude"}  # the unknown column is ignored
    direct = client.evaluators.run_by_name("Helpfulness", request="question 1", response="answer 1")
    assert result[1].scores["Helpfulness"].score == direct.score
    log = client.execution_logs.get(log_id=result[0].scores["Helpfulness"].execution_log_id)
    assert log.id == result[0].scores["Helpfulness"].execution_log_id
    assert all(row.ok for row in result)
    assert len(_runs(emulator)) == 8 + 1


def test_csv_and_jsonl_paths_with_a_mapping(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    emulator.set_verdict("Faithfulness", pattern="", score=0.75)
    path = tmp_path / "data.csv"
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "question", "answer", "contexts", "notes"])
        writer.writerow(["1", "What is up?", "The sky.", '["The sky is up."]', "ignored"])
        writer.writerow(["2", "Where?", "Here.", "Just one context", ""])
    mapping = {"question": "request", "answer": "response"}

    from_csv = client.evaluate(path, evaluators="Faithfulness", key="id", mapping=mapping)

    assert [row.key for row in from_csv] == ["1", "2"]
    assert from_csv[0].inputs == {"request": "What is up?", "response": "The sky.", "contexts": ["The sky is up."]}
    assert from_csv[1].inputs["contexts"] == ["Just one context"]
    assert [row.scores["Faithfulness"].score for row in from_csv] == [0.75, 0.75]
    sent = [run["body"] for run in _runs(emulator)]
    assert sent[0]["contexts"] == ["The sky is up."]
    assert "notes" not in sent[0]

    jsonl = tmp_path / "data.jsonl"
    jsonl.write_text(
        "\n".join(json.dumps({"id": i, "question": "q", "answer": f"a{i}", "contexts": ["c"]}) for i in (1, 2)) + "\n",
        encoding="utf-8",
    )
    from_jsonl = client.evaluate(str(jsonl), evaluators=["Faithfulness"], key="id", mapping=mapping)
    assert [row.key for row in from_jsonl] == ["1", "2"]
    assert from_jsonl[1].inputs == {"request": "q", "response": "a2", "contexts": ["c"]}


def test_a_generator_is_streamed_not_read_ahead(client: RootSignals, emulator: Emulator) -> None:
    pulled: list[int] = []

    def rows() -> Iterator[dict[str, Any]]:
        for i in range(12):
            pulled.append(i)
            # Never more than max_concurrency rows are taken before the earlier ones finished.
            assert i - len(_runs(emulator)) <= 2 + 1
            yield {"request": f"q{i}", "response": f"a{i}"}

    result = client.evaluate(rows(), evaluators=["Helpfulness"], max_concurrency=2)
    assert len(result) == 12
    assert pulled == list(range(12))


def test_the_key_is_a_stable_hash_of_the_mapped_inputs(client: RootSignals) -> None:
    rows = [{"q": "a", "response": "b", "other": 1}, {"response": "c"}]
    first = client.evaluate(rows, evaluators=["Helpfulness"], mapping={"q": "request"})
    second = client.evaluate(
        [{"response": "b", "request": "a", "other": 2}, {"response": "c"}], evaluators=["Helpfulness"]
    )
    assert [row.key for row in first] == [row.key for row in second]
    assert len(first[0].key) == 64
    assert first[0].key != first[1].key


def test_repeated_keys_are_refused(client: RootSignals) -> None:
    with pytest.raises(InvalidArgumentError, match="repeats the key 'r0'"):
        client.evaluate([*_rows(2), *_rows(1)], evaluators=["Helpfulness"], key="id")
    with pytest.raises(InvalidArgumentError, match="same inputs twice"):
        client.evaluate([{"response": "x"}, {"response": "x"}], evaluators=["Helpfulness"])


@pytest.mark.parametrize(
    ("data", "options", "message"),
    [
        (42, {}, "a list .* of dicts, a path .* or a pandas DataFrame; not int"),
        ("notes.txt", {}, "neither a .csv nor a .jsonl path nor a data set id"),
        ({"request": "q"}, {}, "not dict"),
        ([1], {}, "row 0 is a int, not a dict"),
        ([{"response": "r"}], {"mapping": {"q": "question"}}, "no run input"),
        ([{"response": "r"}], {"key": "id"}, "row 0 has no 'id'"),
        ([{"response": "r"}], {"max_concurrency": 0}, "max_concurrency"),
    ],
)
def test_what_is_not_accepted_is_refused_clearly(
    client: RootSignals, emulator: Emulator, data: Any, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        client.evaluate(data, evaluators=["Helpfulness"], **options)
    assert _runs(emulator) == []


def test_no_evaluator_and_no_judge_is_refused(client: RootSignals) -> None:
    with pytest.raises(InvalidArgumentError, match="give evaluators"):
        client.evaluate(_rows(1))


def test_evaluators_as_ids_objects_and_runners_and_a_judge_by_name(client: RootSignals, emulator: Emulator) -> None:
    helpfulness = client.evaluators.get_by_name("Helpfulness")
    politeness = client.evaluators.get_by_name("Politeness")
    clarity = client.evaluators.get_by_name("Clarity")
    client.judges.create(name="Support judge", intent="polite", evaluator_references=[{"id": politeness.id}])
    emulator.set_verdict("Politeness", score=0.5)

    result = client.evaluate(
        _rows(2),
        evaluators=[str(helpfulness.id), clarity, client.evaluators.Conciseness],
        judge="Support judge",
        key="id",
    )

    assert result.evaluator_names == ["Helpfulness", "Clarity", "Conciseness", "Politeness"]
    assert [row.scores["Politeness"].score for row in result] == [0.5, 0.5]
    assert all(row.scores["Politeness"].execution_log_id for row in result)


def test_two_evaluators_of_one_name_are_refused(client: RootSignals) -> None:
    made = client.evaluators.create(name="Helpfulness", predicate="Helpful? {{response}}")
    with pytest.raises(InvalidArgumentError, match="two evaluators are named 'Helpfulness'"):
        client.evaluate(_rows(1), evaluators=["Helpfulness", made])
    with pytest.raises(InvalidArgumentError, match="given twice"):
        client.evaluate(_rows(1), evaluators=["Clarity", "clarity"])


def test_one_evaluator_object_and_a_judge_object(client: RootSignals) -> None:
    clarity = client.evaluators.get_by_name("Clarity")
    politeness = client.evaluators.get_by_name("Politeness")
    judge = client.judges.create(name="Polite judge", intent="polite", evaluator_references=[{"id": politeness.id}])
    result = client.evaluate(_rows(1), evaluators=clarity, judge=client.judges.get(judge.id))
    assert result.evaluator_names == ["Clarity", "Politeness"]
    by_id = client.evaluate(_rows(1), judge=judge.id)
    assert by_id.evaluator_names == ["Politeness"]


def test_aevaluate_gives_what_evaluate_gives(client: RootSignals) -> None:
    sync = client.evaluate(_rows(4), evaluators=["Helpfulness"], key="id")

    async def main() -> EvaluationResult:
        return await client.aevaluate(_rows(4), evaluators=["Helpfulness"], key="id")

    assert [(r.key, r.scores["Helpfulness"].score) for r in asyncio.run(main())] == [
        (r.key, r.scores["Helpfulness"].score) for r in sync
    ]


def test_evaluate_works_where_an_event_loop_runs_already(client: RootSignals) -> None:
    async def main() -> EvaluationResult:
        return client.evaluate(_rows(2), evaluators=["Helpfulness"], key="id")

    assert len(asyncio.run(main())) == 2


# -- the journal ------------------------------------------------------------------------------------------


def _broken(n: int, at: int, error: BaseException) -> Iterator[dict[str, Any]]:
    for i, row in enumerate(_rows(n)):
        if i == at:
            raise error
        yield row


def test_a_journal_resumes_after_the_data_broke_off(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    journal = tmp_path / "run.sqlite"
    with pytest.raises(RuntimeError, match="disk gone"):
        client.evaluate(
            _broken(10, 5, RuntimeError("disk gone")),
            evaluators=["Helpfulness", "Politeness"],
            key="id",
            journal=journal,
            max_concurrency=3,
        )
    assert len(EvaluationResult.from_journal(journal)) == 5
    with contextlib.closing(sqlite3.connect(journal)) as db:  # sqlite3's own `with` does not close
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)

    result = client.evaluate(_rows(10), evaluators=["Helpfulness", "Politeness"], key="id", journal=journal)

    assert [row.key for row in result] == [f"r{i}" for i in range(10)]
    assert len(_runs(emulator)) == 20  # every row once, each of its two runs once
    assert [row.key for row in EvaluationResult.from_journal(journal)] == [f"r{i}" for i in range(10)]
    again = client.evaluate(_rows(10), evaluators=["Helpfulness", "Politeness"], key="id", journal=journal)
    assert len(_runs(emulator)) == 20
    assert [r.to_dict() for r in again] == [r.to_dict() for r in result]


def test_a_journal_survives_a_keyboard_interrupt(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    journal = tmp_path / "run.sqlite"
    emulator.set_faults(delay=0.05, path_prefix=EXECUTE)
    with pytest.raises(KeyboardInterrupt):
        client.evaluate(
            _broken(12, 6, KeyboardInterrupt()),
            evaluators=["Helpfulness"],
            key="id",
            journal=journal,
            max_concurrency=3,
        )
    done = len(EvaluationResult.from_journal(journal))
    assert 3 <= done <= 6
    emulator.clear_faults()

    result = client.evaluate(_rows(12), evaluators=["Helpfulness"], key="id", journal=journal, max_concurrency=3)

    assert [row.key for row in result] == [f"r{i}" for i in range(12)]
    assert all(row.ok for row in result)
    assert 12 <= len(_runs(emulator)) <= 12 + 3  # at most the rows in flight ran twice
    assert len(EvaluationResult.from_journal(journal)) == 12


def test_a_journal_refuses_other_evaluators_unless_restarted(client: RootSignals, tmp_path: Path) -> None:
    journal = tmp_path / "run.sqlite"
    client.evaluate(_rows(2), evaluators=["Helpfulness"], key="id", journal=journal)
    with pytest.raises(InvalidArgumentError, match=r"other evaluators or versions .*restart=True"):
        client.evaluate(_rows(2), evaluators=["Politeness"], key="id", journal=journal)
    assert EvaluationResult.from_journal(journal).evaluator_names == ["Helpfulness"]

    client.evaluate(_rows(1), evaluators=["Politeness"], key="id", journal=journal, restart=True)
    assert [r.key for r in EvaluationResult.from_journal(journal)] == ["r0"]
    assert EvaluationResult.from_journal(journal).evaluator_names == ["Politeness"]


def test_a_journal_refuses_a_new_version_of_an_evaluator(client: RootSignals, tmp_path: Path) -> None:
    journal = tmp_path / "run.sqlite"
    made = client.evaluators.create(name="Tone", predicate="Is the tone right? {{response}}")
    client.evaluate(_rows(1), evaluators=["Tone"], key="id", journal=journal)
    client.evaluators.update(made.id, predicate="Is the tone friendly? {{response}}")
    with pytest.raises(InvalidArgumentError, match="other evaluators or versions"):
        client.evaluate(_rows(1), evaluators=["Tone"], key="id", journal=journal)


def test_a_journal_that_is_no_journal_is_refused(client: RootSignals, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database, not at all, " * 100, encoding="utf-8")
    with pytest.raises(InvalidArgumentError, match="is not an evaluation journal"):
        client.evaluate(_rows(1), evaluators=["Helpfulness"], journal=tmp_path / "notes.txt")
    with pytest.raises(InvalidArgumentError, match="cannot be opened"):
        client.evaluate(_rows(1), evaluators=["Helpfulness"], journal=tmp_path / "no" / "such" / "dir.sqlite")


def test_the_limiter_halves_on_pressure_and_grows_back() -> None:
    from root._evaluate import _Limiter

    limiter = _Limiter(8)
    limiter.backed_off(None)
    limiter.backed_off(None)
    assert limiter.limit == 2.0
    for _ in range(5):
        limiter.backed_off(None)
    assert limiter.limit == 1.0
    successes = 0
    while limiter.limit < 8:
        limiter.succeeded()
        successes += 1
    assert limiter.limit == 8.0
    assert 20 <= successes <= 40  # about one more per limit's worth of successes

    async def main() -> list[int]:
        limiter.backed_off(None)  # 4 at once now
        seen = []

        async def one() -> None:
            await limiter.acquire()
            seen.append(limiter.in_flight)
            await asyncio.sleep(0.01)
            limiter.release()

        await asyncio.gather(*(one() for _ in range(12)))
        return seen

    assert max(asyncio.run(main())) == 4


def test_no_journal_file_is_refused_when_read(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no journal"):
        EvaluationResult.from_journal(tmp_path / "missing.sqlite")


# -- rates and failures -----------------------------------------------------------------------------------


def _counting_proxy(target: str, peak: dict[str, int]) -> web.Application:
    """Forwards every request to ``target``, counting how many are in flight at once."""
    state = {"now": 0}

    async def forward(request: web.Request) -> web.Response:
        state["now"] += 1
        peak["max"] = max(peak.get("max", 0), state["now"])
        try:
            headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
            async with (
                aiohttp.ClientSession() as session,
                session.request(
                    request.method, target + request.path_qs, headers=headers, data=await request.read()
                ) as answer,
            ):
                body = await answer.read()
                kept = {k: v for k, v in answer.headers.items() if k.lower() in ("content-type", "retry-after")}
                return web.Response(status=answer.status, body=body, headers=kept)
        finally:
            state["now"] -= 1

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


def test_a_burst_of_429s_is_ridden_out_within_max_concurrency(emulator: Emulator) -> None:
    peak: dict[str, int] = {}
    emulator.set_faults(status=429, retry_after="0.2", first=10, path_prefix=EXECUTE, delay=0.02)
    with serve(_counting_proxy(emulator.url, peak)) as url, RootSignals(api_key=API_KEY, base_url=url) as client:
        result = client.evaluate(_rows(16), evaluators=["Helpfulness"], key="id", max_concurrency=4)

    assert all(row.ok for row in result)
    assert len(result) == 16
    assert [r["status"] for r in emulator.requests() if r["path"].startswith(EXECUTE)].count(429) == 10
    assert 2 <= peak["max"] <= 4


def test_retry_after_pauses_the_run(client: RootSignals, emulator: Emulator) -> None:
    import time

    emulator.set_faults(status=429, retry_after="0.4", first=1, path_prefix=EXECUTE)
    started = time.monotonic()
    result = client.evaluate(_rows(3), evaluators=["Helpfulness"], key="id", max_concurrency=1)
    assert time.monotonic() - started >= 0.4
    assert all(row.ok for row in result)
    assert len(_runs(emulator)) == 3


@pytest.mark.parametrize("drop", ["before", "after", "mid"])
def test_lost_connections_are_retried(client: RootSignals, emulator: Emulator, drop: str) -> None:
    emulator.set_faults(drop=drop, first=2, path_prefix=EXECUTE)
    result = client.evaluate(_rows(4), evaluators=["Helpfulness"], key="id", max_concurrency=2)
    assert all(row.ok for row in result)
    assert [row.key for row in result] == ["r0", "r1", "r2", "r3"]


def test_a_server_error_other_than_503_is_not_retried(client: RootSignals, emulator: Emulator) -> None:
    emulator.set_faults(status=500, first=1, path_prefix=EXECUTE)
    result = client.evaluate(_rows(2), evaluators=["Helpfulness"], key="id", max_concurrency=1)
    assert result[0].scores["Helpfulness"].error_type == "InternalServerError"
    assert result[1].ok


def test_a_row_that_still_fails_keeps_its_typed_error(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    journal = tmp_path / "run.sqlite"
    emulator.set_faults(status=429, retry_after="0", first=2, path_prefix=EXECUTE)
    result = client.evaluate(
        _rows(3), evaluators=["Helpfulness"], key="id", max_concurrency=1, max_retries=1, journal=journal
    )

    failed = result[0].scores["Helpfulness"]
    assert failed.score is None
    assert failed.error_type == "RateLimitError"
    assert failed.error
    assert [row.ok for row in result] == [False, True, True]
    assert result.summary()["Helpfulness"].errors == 1
    assert result.summary()["Helpfulness"].n == 2
    assert result.errors() == [result[0]]

    emulator.clear_requests()
    again = client.evaluate(_rows(3), evaluators=["Helpfulness"], key="id", journal=journal)
    assert all(row.ok for row in again)
    assert len(_runs(emulator)) == 1


def test_a_refused_run_is_not_retried(client: RootSignals, emulator: Emulator) -> None:
    emulator.set_faults(status=400, first=1, path_prefix=EXECUTE)
    result = client.evaluate(_rows(2), evaluators=["Helpfulness"], key="id", max_concurrency=1)
    assert result[0].scores["Helpfulness"].error_type == "BadRequestError"
    assert len([r for r in emulator.requests() if r["path"].startswith(EXECUTE)]) == 2


def test_progress_shows_a_line_on_request(client: RootSignals, capsys: pytest.CaptureFixture[str]) -> None:
    client.evaluate(_rows(3), evaluators=["Helpfulness"], progress=True)
    assert "evaluate: 3/3 rows" in capsys.readouterr().err
    client.evaluate(_rows(3), evaluators=["Helpfulness"])
    assert capsys.readouterr().err == ""


# -- results ----------------------------------------------------------------------------------------------


def _synthetic(scores: list[float], name: str = "Quality") -> EvaluationResult:
    return EvaluationResult(
        [RowResult(key=str(i), inputs={}, scores={name: ScoreResult(score=s)}) for i, s in enumerate(scores)]
    )


def _draws(rng: random.Random, n: int, shift: float = 0.0) -> list[float]:
    return [min(1.0, max(0.0, rng.gauss(0.6, 0.1) + shift)) for _ in range(n)]


def test_compare_detects_a_known_shift_and_no_change_on_identical_data() -> None:
    rng = random.Random(7)
    base = _draws(rng, 200)
    shifted = [min(1.0, max(0.0, b + 0.05 + rng.gauss(0, 0.05))) for b in base]

    better = _synthetic(shifted).compare(_synthetic(base), seed=1)["Quality"]
    assert better.verdict == "better"
    assert better.ci_low is not None
    assert better.ci_low > 0
    assert better.improved > better.regressed
    assert better.n == 200
    assert 0.03 < (better.mean_difference or 0) < 0.07
    assert _synthetic(base).compare(_synthetic(shifted), seed=1)["Quality"].verdict == "worse"

    same = _synthetic(base).compare(_synthetic(base), seed=1)["Quality"]
    assert (same.verdict, same.unchanged, same.mean_difference) == ("no detectable change", 200, 0.0)


def test_compare_rarely_cries_wolf_on_noise() -> None:
    rng = random.Random(11)
    alarms = 0
    for trial in range(40):
        base = _draws(rng, 60)
        noisy = [min(1.0, max(0.0, b + rng.gauss(0, 0.05))) for b in base]
        alarms += _synthetic(noisy).compare(_synthetic(base), seed=trial, resamples=400)["Quality"].verdict != (
            "no detectable change"
        )
    assert alarms <= 6  # about 5% of 40 expected at 95%


def test_compare_pairs_rows_by_key() -> None:
    new = _synthetic([0.9, 0.1])
    old = EvaluationResult([RowResult(key="1", inputs={}, scores={"Quality": ScoreResult(score=0.1)})])
    comparison = new.compare(old)
    assert comparison["Quality"].n == 1
    assert comparison["Quality"].improved == 0
    assert "Quality" in str(comparison)
    assert not comparison.regressed


def test_summary_interval_covers_the_mean_and_the_truth_mostly() -> None:
    rng = random.Random(3)
    covered = 0
    for trial in range(40):
        summary = _synthetic(_draws(rng, 50)).summary(seed=trial, resamples=400)["Quality"]
        assert summary.ci_low is not None
        assert summary.ci_high is not None
        assert summary.mean is not None
        assert summary.ci_low <= summary.mean <= summary.ci_high
        assert summary.n == 50
        covered += summary.ci_low <= 0.6 <= summary.ci_high
    assert covered >= 34
    assert _synthetic([0.5]).summary()["Quality"].ci_low == 0.5
    with pytest.raises(ValueError, match="confidence"):
        _synthetic([0.5]).summary(confidence=1.5)
    assert _synthetic([0.1, 0.9]).summary(seed=5) == _synthetic([0.1, 0.9]).summary(seed=5)


def test_jsonl_round_trip(client: RootSignals, tmp_path: Path) -> None:
    result = client.evaluate(_rows(3), evaluators=["Helpfulness"], key="id")
    result.to_jsonl(tmp_path / "out.jsonl")
    back = EvaluationResult.from_jsonl(tmp_path / "out.jsonl")
    assert [r.to_dict() for r in back] == [r.to_dict() for r in result]
    (tmp_path / "bad.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        EvaluationResult.from_jsonl(tmp_path / "bad.jsonl")


def test_pandas_in_and_out(client: RootSignals) -> None:
    import pandas  # the dev extra installs it; the SDK never requires it

    frame = pandas.DataFrame(_rows(2))
    result = client.evaluate(frame, evaluators=["Helpfulness"], key="id")
    out = result.to_pandas()
    assert list(out["key"]) == ["r0", "r1"]
    assert "Helpfulness" in out.columns


# -- a process killed or interrupted mid-way --------------------------------------------------------------

_SCRIPT = """
import sys
from root import RootSignals

rows = [{"id": f"r{i}", "request": f"question {i}", "response": f"answer {i}"} for i in range(int(sys.argv[2]))]
with RootSignals(api_key=sys.argv[3], base_url=sys.argv[4]) as client:
    client.evaluate(rows, evaluators=["Helpfulness"], key="id", journal=sys.argv[1], max_concurrency=4)
"""


def _journalled(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            return int(db.execute("SELECT count(*) FROM rows").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
def test_a_process_stopped_half_way_resumes_with_every_row_once(
    client: RootSignals, emulator: Emulator, tmp_path: Path, how: str
) -> None:
    import signal
    import subprocess
    import sys
    import time

    n, journal = 40, tmp_path / "run.sqlite"
    emulator.set_faults(delay=0.05, path_prefix=EXECUTE)
    script = tmp_path / "run.py"
    script.write_text(_SCRIPT, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(journal), str(n), API_KEY, emulator.url], stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while _journalled(journal) < n // 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
    process.send_signal(getattr(signal, how))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    if how == "SIGINT":
        assert b"KeyboardInterrupt" in stderr
    assert n // 2 <= _journalled(journal) < n
    emulator.clear_faults()

    result = client.evaluate(_rows(n), evaluators=["Helpfulness"], key="id", journal=journal, max_concurrency=4)

    assert [row.key for row in result] == [f"r{i}" for i in range(n)]
    assert all(row.ok for row in result)
    assert n <= len(_runs(emulator)) <= n + 4  # at most the rows in flight ran twice
