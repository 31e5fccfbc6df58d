"""The gates of ``root.testing`` (``assert_mean_at_least``, ``assert_not_worse``): in a user's fresh pytest
run (``pytester``) against results the emulator scored, where they pass and fail and what pytest shows; and
directly, their tables, verdicts and the usage errors they refuse."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import InvalidArgumentError
from root.evaluation import EvaluationResult, RowResult, ScoreResult
from root.testing import GateFailure, GateRow, assert_mean_at_least, assert_not_worse

pytest_plugins = ["pytester"]

ISOLATED = ("-p", "no:cacheprovider", "-p", "no:asyncio", "-p", "no:randomly")

USER_TESTS = """
import pytest

from root.testing import assert_mean_at_least, assert_not_worse

ROWS = [{"id": str(i), "request": f"question {i}", "response": f"good answer {i}"} for i in range(10)]


def evaluate(client, emulator, score):
    emulator.set_verdict("Helpfulness", pattern="good", score=score, justification="set by the test")
    return client.evaluate(ROWS, evaluators=["Helpfulness"], key="id")


def test_mean_high_enough(rootsignals_client, rootsignals_emulator):
    assert_mean_at_least(evaluate(rootsignals_client, rootsignals_emulator, 0.9), "Helpfulness", 0.8)


def test_mean_too_low(rootsignals_client, rootsignals_emulator):
    assert_mean_at_least(evaluate(rootsignals_client, rootsignals_emulator, 0.5), "Helpfulness", 0.8)


def test_same_as_the_baseline_file(rootsignals_client, rootsignals_emulator, tmp_path):
    evaluate(rootsignals_client, rootsignals_emulator, 0.7).to_jsonl(tmp_path / "baseline.jsonl")
    assert_not_worse(evaluate(rootsignals_client, rootsignals_emulator, 0.7), tmp_path / "baseline.jsonl")


def test_worse_than_the_baseline_file(rootsignals_client, rootsignals_emulator, tmp_path):
    evaluate(rootsignals_client, rootsignals_emulator, 0.8).to_jsonl(tmp_path / "baseline.jsonl")
    assert_not_worse(evaluate(rootsignals_client, rootsignals_emulator, 0.6), str(tmp_path / "baseline.jsonl"))


def test_a_failed_row_fails_the_gate(rootsignals_client, rootsignals_emulator):
    rootsignals_emulator.set_faults(status=400, first=1, path_prefix="/v1/evaluators/execute/")
    result = rootsignals_client.evaluate(ROWS, evaluators=["Helpfulness"], key="id", max_concurrency=1)
    assert_mean_at_least(result, "Helpfulness", 0.0, max_errors=1)
    assert_mean_at_least(result, "Helpfulness", 0.0)


def test_an_unknown_evaluator_is_a_usage_error(rootsignals_client, rootsignals_emulator):
    assert_mean_at_least(evaluate(rootsignals_client, rootsignals_emulator, 0.9), "Helpfulnes", 0.5)
"""


def test_in_a_users_suite_the_gates_pass_fail_and_show_a_table(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_gated=USER_TESTS)

    result = pytester.runpytest_subprocess(*ISOLATED, "-W", "error", "--strict-markers", "-v", "-rf")

    result.assert_outcomes(passed=2, failed=4)
    result.stdout.fnmatch_lines(
        [
            "*test_mean_high_enough PASSED*",
            "*test_mean_too_low FAILED*",
            "*test_same_as_the_baseline_file PASSED*",
            "*test_worse_than_the_baseline_file FAILED*",
            "*test_a_failed_row_fails_the_gate FAILED*",
            "*test_an_unknown_evaluator_is_a_usage_error FAILED*",
        ]
    )
    output = result.stdout.str()
    # The mean gate: a table with the numbers that decided it.
    result.stdout.fnmatch_lines(
        [
            "E *root.testing.GateFailure: Helpfulness did not pass: the mean score must be at least 0.8 with 95%*",
            "E *evaluator * n * mean * 95% CI * threshold * difference * errors * verdict",
            "E *Helpfulness * 10 * 0.5000 * [[]0.5000, 0.5000] * 0.8000 * -0.3000 * 0 * FAIL: below threshold",
        ]
    )
    # The baseline gate: the baseline's mean, the difference and its interval, how many rows regressed.
    result.stdout.fnmatch_lines(
        [
            "E *GateFailure: Helpfulness did not pass: the scores must not be worse than the baseline's with 95%*",
            "E *evaluator * n * mean * 95% CI of difference * baseline * difference * errors * verdict",
            "E *Helpfulness * 10 * 0.6000 * [[]-0.2000, -0.2000] * 0.8000 * -0.2000 * 0 *"
            "FAIL: worse (10 of 10 rows regressed)",
        ]
    )
    # A failed run: within max_errors=1 it passes, with the default 0 it fails, saying why.
    result.stdout.fnmatch_lines(["E *Helpfulness * 9 * * 1 * FAIL: 1 errors > max_errors=0"])
    result.stdout.fnmatch_lines(
        ["E *InvalidArgumentError: The result has no scores of an evaluator named 'Helpfulnes' (did you mean*"]
    )
    # What pytest shows is the test's line and the table: no assertion rewriting, no frames of the helpers.
    assert "assert False" not in output
    assert "where False" not in output
    assert "_gates.py" not in output
    assert "testing.py" not in output
    result.stdout.fnmatch_lines(["*assert_mean_at_least(evaluate(rootsignals_client, rootsignals_emulator, 0.5)*"])
    result.stdout.fnmatch_lines(
        [
            "FAILED test_gated.py::test_mean_too_low - root.testing.GateFailure: *",
        ]
    )


# -- directly: verdicts, tables and usage errors ------------------------------------------------------------


def _result(scores: dict[str, list[float | None]], errors: dict[str, set[int]] | None = None) -> EvaluationResult:
    """Rows ``"0"``, ``"1"``... with the given scores per evaluator (``None``: no score), some failed."""
    n = max(len(values) for values in scores.values())
    rows = []
    for i in range(n):
        row_scores = {}
        for name, values in scores.items():
            if i >= len(values):
                continue
            if i in (errors or {}).get(name, set()):
                row_scores[name] = ScoreResult(error="Rate limited", error_type="RateLimitError")
            else:
                row_scores[name] = ScoreResult(score=values[i])
        rows.append(RowResult(key=str(i), inputs={"response": f"answer {i}"}, scores=row_scores))
    return EvaluationResult(rows)


def _noisy(mean: float, n: int, seed: int) -> list[float | None]:
    rng = random.Random(seed)
    return [min(1.0, max(0.0, rng.gauss(mean, 0.1))) for _ in range(n)]


def test_the_mean_gate_decides_on_the_interval_not_the_mean() -> None:
    few = _result({"Helpfulness": [0.2, 1.0, 0.9]})  # mean 0.7, but three rows cannot tell
    assert few.summary()["Helpfulness"].mean == pytest.approx(0.7)

    with pytest.raises(GateFailure) as failure:
        assert_mean_at_least(few, "Helpfulness", 0.6)
    assert "FAIL: interval reaches below threshold" in str(failure.value)
    many = _result({"Helpfulness": _noisy(0.7, 200, seed=1)})
    assert_mean_at_least(many, "Helpfulness", 0.6)
    # A higher confidence widens the interval; the seed makes the verdict repeatable.
    low = many.summary(confidence=0.999)["Helpfulness"].ci_low
    assert low is not None
    with pytest.raises(GateFailure):
        assert_mean_at_least(many, "Helpfulness", low + 0.001, confidence=0.999)
    assert_mean_at_least(many, "Helpfulness", low - 0.001, confidence=0.999, seed=0)


def test_a_failure_carries_every_evaluator_checked_and_is_an_assertion_error() -> None:
    result = _result({"Helpfulness": [0.9] * 5, "Politeness": [0.3] * 5, "Clarity": [0.9] * 5}, {"Clarity": {2}})

    with pytest.raises(AssertionError) as failure:
        assert_mean_at_least(result, ["Helpfulness", "Politeness", "Clarity"], 0.5)

    error = failure.value
    assert isinstance(error, GateFailure)
    assert [(row.evaluator, row.passed, row.verdict) for row in error.rows] == [
        ("Helpfulness", True, "pass"),
        ("Politeness", False, "FAIL: below threshold"),
        ("Clarity", False, "FAIL: 1 errors > max_errors=0"),
    ]
    assert error.rows[1] == GateRow(
        evaluator="Politeness",
        n=5,
        mean=pytest.approx(0.3),
        ci_low=pytest.approx(0.3),
        ci_high=pytest.approx(0.3),
        reference=0.5,
        difference=pytest.approx(-0.2),
        errors=0,
        passed=False,
        verdict="FAIL: below threshold",
    )
    lines = str(error).splitlines()
    assert lines[0] == "Politeness, Clarity did not pass: the mean score must be at least 0.5 with 95% confidence"
    assert lines[2].split() == ["evaluator", "n", "mean", "95%", "CI", "threshold", "difference", "errors", "verdict"]
    assert lines[5].split()[:2] == ["Politeness", "5"]
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error)
    assert copy.rows == error.rows


def test_no_scores_fail_and_max_errors_allows_failed_rows() -> None:
    all_failed = _result({"Helpfulness": [0.9, 0.9]}, {"Helpfulness": {0, 1}})
    with pytest.raises(GateFailure, match="FAIL: no scores"):
        assert_mean_at_least(all_failed, "Helpfulness", 0.1, max_errors=5)
    some_failed = _result({"Helpfulness": [0.9, 0.9, 0.9]}, {"Helpfulness": {0}})
    assert_mean_at_least(some_failed, "Helpfulness", 0.5, max_errors=1)
    with pytest.raises(GateFailure, match=r"1 errors > max_errors=0"):
        assert_mean_at_least(some_failed, "Helpfulness", 0.5)


def test_the_baseline_gate_follows_compare_and_pairs_by_key(tmp_path: Path) -> None:
    baseline = _result({"Helpfulness": _noisy(0.7, 100, seed=2), "Politeness": [0.8] * 100})
    path = tmp_path / "baseline.jsonl"
    baseline.to_jsonl(path)
    same = _result({"Helpfulness": _noisy(0.7, 100, seed=2), "Politeness": [0.8] * 100})
    assert_not_worse(same, path)
    assert_not_worse(same, baseline, evaluators="Politeness")
    better = _result({"Helpfulness": [min(1.0, s + 0.1) for s in _noisy(0.7, 100, seed=2)]})  # type: ignore[operator]
    assert_not_worse(better, baseline)  # only Helpfulness is shared: the default checks the shared ones

    worse = _result({"Helpfulness": [s - 0.05 for s in _noisy(0.7, 100, seed=2)]})  # type: ignore[operator]
    assert worse.compare(baseline)["Helpfulness"].verdict == "worse"
    with pytest.raises(GateFailure) as failure:
        assert_not_worse(worse, str(path))
    (row,) = failure.value.rows
    assert row.n == 100
    assert row.difference == pytest.approx(-0.05)
    assert row.reference == pytest.approx(baseline.summary()["Helpfulness"].mean)
    assert row.verdict == "FAIL: worse (100 of 100 rows regressed)"

    # Rows pair by key: none in common is no evidence of anything, and fails.
    other_keys = EvaluationResult([RowResult(key=f"x{row.key}", inputs=row.inputs, scores=row.scores) for row in same])
    with pytest.raises(GateFailure, match="no rows pair up by key"):
        assert_not_worse(other_keys, baseline)


def test_errors_in_the_result_count_those_in_the_baseline_do_not() -> None:
    baseline = _result({"Helpfulness": [0.5] * 4}, {"Helpfulness": {0, 1}})
    assert_not_worse(_result({"Helpfulness": [0.5] * 4}), baseline)
    with pytest.raises(GateFailure, match=r"1 errors > max_errors=0"):
        assert_not_worse(_result({"Helpfulness": [0.5] * 4}, {"Helpfulness": {3}}), baseline)
    assert_not_worse(_result({"Helpfulness": [0.5] * 4}, {"Helpfulness": {3}}), baseline, max_errors=1)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: assert_mean_at_least([], "Helpfulness", 0.5), "result must be an EvaluationResult"),
        (lambda r: assert_mean_at_least(r, "Helpfulnes", 0.5), "did you mean 'Helpfulness'"),
        (lambda r: assert_mean_at_least(r, [], 0.5), "must name at least one evaluator"),
        (lambda r: assert_mean_at_least(r, 3, 0.5), "evaluator must be an evaluator's name"),
        (lambda r: assert_mean_at_least(r, "Helpfulness", float("nan")), "threshold must be a finite number"),
        (lambda r: assert_mean_at_least(r, "Helpfulness", "0.5"), "threshold must be a finite number"),
        (lambda r: assert_mean_at_least(r, "Helpfulness", 0.5, confidence=95), "confidence must be a number between"),
        (lambda r: assert_mean_at_least(r, "Helpfulness", 0.5, confidence=1.0), "confidence must be a number between"),
        (lambda r: assert_mean_at_least(r, "Helpfulness", 0.5, seed=1.5), "seed must be a whole number"),
        (lambda r: assert_mean_at_least(r, "Helpfulness", 0.5, max_errors=-1), "max_errors must be a whole number"),
        (lambda r: assert_not_worse(r, 42), "baseline must be an EvaluationResult, or the path"),
        (lambda r: assert_not_worse(r, "missing.jsonl"), "write one from a run you accept with result.to_jsonl"),
        (lambda r: assert_not_worse(r, r, evaluators=["Clarity"]), "The result has no scores of an evaluator"),
        (lambda r: assert_not_worse(r, _result({"Clarity": [1.0]})), "share no evaluator"),
        (lambda r: assert_not_worse(r, _result({"Clarity": [1.0]}), evaluators="Helpfulness"), "The baseline has no"),
    ],
)
def test_usage_errors_are_invalid_argument_errors(call: object, message: str) -> None:
    result = _result({"Helpfulness": [0.5, 0.6]})
    with pytest.raises(InvalidArgumentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call(result)  # type: ignore[operator]


def test_a_baseline_file_that_is_no_evaluation_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text('{"not": "a row"}\n', encoding="utf-8")
    with pytest.raises(InvalidArgumentError, match=r"is no JSONL file of an evaluation: .*line 1"):
        assert_not_worse(_result({"Helpfulness": [0.5]}), path)


def test_a_journal_is_a_baseline_too(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    rows = [{"id": str(i), "request": f"question {i}", "response": f"answer {i}"} for i in range(6)]
    journal = tmp_path / "run.sqlite"
    emulator.set_verdict("Helpfulness", pattern="answer", score=0.9)
    client.evaluate(rows, evaluators=["Helpfulness"], key="id", journal=journal)
    emulator.set_verdict("Helpfulness", pattern="answer", score=0.4)
    today = client.evaluate(rows, evaluators=["Helpfulness"], key="id")

    with pytest.raises(GateFailure) as failure:
        assert_not_worse(today, journal)
    (row,) = failure.value.rows
    assert (row.n, row.reference, row.mean) == (6, pytest.approx(0.9), pytest.approx(0.4))
    assert_not_worse(EvaluationResult.from_journal(journal), journal)
    # A file that is neither says which it was taken for.
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(InvalidArgumentError, match=r"is no journal of an evaluation"):
        assert_not_worse(today, broken)
    with pytest.raises(InvalidArgumentError, match=r"is no file"):
        assert_not_worse(today, tmp_path)
