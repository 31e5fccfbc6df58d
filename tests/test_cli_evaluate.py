"""``rootsignals evaluate`` and ``rootsignals compare``: the installed console script, in a subprocess, against
the emulator over real HTTP."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from root._cli_evaluate import EXIT_REGRESSION, EXIT_ROW_ERRORS
from root.emulator import Emulator
from root.evaluation import EvaluationResult
from tests.test_cli import API_KEY, _assert_usage_error, run

EXECUTE = "/v1/evaluators/execute/"


@pytest.fixture(scope="module")
def evaluate_emulator() -> Iterator[Emulator]:
    with Emulator(api_keys=[API_KEY], check_responses=True) as emu:
        yield emu


@pytest.fixture
def emu(evaluate_emulator: Emulator) -> Iterator[Emulator]:
    evaluate_emulator.reset()
    evaluate_emulator.clear_response_failures()
    yield evaluate_emulator
    evaluate_emulator.clear_faults()
    assert evaluate_emulator.response_failures() == []


def _csv(path: Path, n: int) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "question", "answer"])
        for i in range(n):
            writer.writerow([f"r{i}", f"question {i}?", f"answer {i}."])
    return path


def _json(stdout: str) -> dict[str, Any]:
    (line,) = stdout.splitlines()
    data: dict[str, Any] = json.loads(line)
    return data


def test_evaluate_writes_out_html_and_journal(emu: Emulator, tmp_path: Path) -> None:
    data = _csv(tmp_path / "answers.csv", 6)
    emu.set_verdict("Helpfulness", pattern="answer 3", score=0.25, justification="Thin <b>.")
    args = ["evaluate", str(data), "--evaluator", "Helpfulness", "--evaluator", "Politeness", "--key", "id",
            "--map", "question=request", "--map", "answer=response", "--journal", "run.sqlite",
            "--out", "results.jsonl", "--html", "report.html", "--max-concurrency", "3"]  # fmt: skip

    done = run(args, base_url=emu.url, cwd=tmp_path)

    assert done.returncode == 0, done.stderr
    printed = _json(done.stdout)
    assert (printed["rows"], printed["failed_rows"]) == (6, 0)
    assert set(printed["summary"]) == {"Helpfulness", "Politeness"}
    assert printed["summary"]["Helpfulness"]["n"] == 6
    assert "comparison" not in printed
    saved = EvaluationResult.from_jsonl(tmp_path / "results.jsonl")
    assert [row.key for row in saved] == [f"r{i}" for i in range(6)]
    assert saved[3].inputs == {"request": "question 3?", "response": "answer 3."}
    assert saved[3].scores["Helpfulness"].score == 0.25
    assert printed["summary"]["Helpfulness"]["mean"] == saved.summary()["Helpfulness"].mean
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.count('<svg class="histogram"') == 2
    assert "Thin &lt;b&gt;." in page
    assert len(EvaluationResult.from_journal(tmp_path / "run.sqlite")) == 6

    runs = len([r for r in emu.requests() if r["path"].startswith(EXECUTE)])
    again = run(args, base_url=emu.url, cwd=tmp_path)  # everything is in the journal: nothing runs again
    assert again.returncode == 0, again.stderr
    assert len([r for r in emu.requests() if r["path"].startswith(EXECUTE)]) == runs


def test_a_regression_against_the_baseline_exits_3(emu: Emulator, tmp_path: Path) -> None:
    data = _csv(tmp_path / "answers.csv", 12)
    common = ["evaluate", str(data), "--evaluator", "Helpfulness", "--key", "id", "--map", "answer=response"]
    emu.set_verdict("Helpfulness", score=0.9)
    first = run([*common, "--out", "old.jsonl"], base_url=emu.url, cwd=tmp_path)
    assert first.returncode == 0, first.stderr

    emu.set_verdict("Helpfulness", score=0.9)
    same = run([*common, "--out", "same.jsonl", "--baseline", "old.jsonl"], base_url=emu.url, cwd=tmp_path)
    assert same.returncode == 0, same.stderr
    assert _json(same.stdout)["comparison"]["Helpfulness"]["verdict"] == "no detectable change"

    emu.set_verdict("Helpfulness", pattern=r"answer (1|3|5|7|9|11)\.", score=0.4)
    worse = run([*common, "--out", "new.jsonl", "--baseline", "old.jsonl", "--html", "diff.html"],
                base_url=emu.url, cwd=tmp_path)  # fmt: skip
    assert worse.returncode == EXIT_REGRESSION, worse.stderr
    printed = _json(worse.stdout)
    assert printed["regressed"] is True
    helpfulness = printed["comparison"]["Helpfulness"]
    assert (helpfulness["verdict"], helpfulness["regressed"], helpfulness["unchanged"]) == ("worse", 6, 6)
    assert helpfulness["mean_difference"] == pytest.approx(-0.25)
    page = (tmp_path / "diff.html").read_text(encoding="utf-8")
    assert '<svg class="forest"' in page
    assert '<td class="worse">worse</td>' in page
    assert (tmp_path / "new.jsonl").exists()  # the outputs are written whatever the verdict

    compared = run(["compare", "old.jsonl", "new.jsonl", "--html", "cmp.html"], base_url=None, cwd=tmp_path,
                   api_key=None)  # fmt: skip
    assert compared.returncode == EXIT_REGRESSION, compared.stderr
    assert _json(compared.stdout)["comparison"]["Helpfulness"]["regressed"] == 6
    assert (tmp_path / "cmp.html").read_text(encoding="utf-8") == page  # the same seed: the same page

    improved = run(["compare", "new.jsonl", "old.jsonl", "--confidence", "0.9", "--seed", "5"], base_url=None,
                   cwd=tmp_path, api_key=None)  # fmt: skip
    assert improved.returncode == 0, improved.stderr
    data_out = _json(improved.stdout)
    assert (data_out["regressed"], data_out["comparison"]["Helpfulness"]["verdict"]) == (False, "better")
    assert data_out["comparison"]["Helpfulness"]["confidence"] == 0.9


def test_rows_that_fail_are_reported_and_exit_4(emu: Emulator, tmp_path: Path) -> None:
    lines = "".join(json.dumps({"id": str(i), "request": f"q{i}", "response": f"a{i}"}) + "\n" for i in range(4))
    emu.set_faults(status=400, first=1, path_prefix=EXECUTE)

    done = run(["evaluate", "-", "--evaluator", "Helpfulness", "--key", "id", "--max-concurrency", "1",
                "--out", "out.jsonl"], base_url=emu.url, cwd=tmp_path, stdin=lines)  # fmt: skip

    assert done.returncode == EXIT_ROW_ERRORS, done.stderr
    assert _json(done.stdout)["failed_rows"] == 1
    assert "1 rows with errors" in done.stderr
    assert "0  Helpfulness: BadRequestError:" in done.stderr
    assert API_KEY not in done.stderr + done.stdout
    saved = EvaluationResult.from_jsonl(tmp_path / "out.jsonl")
    assert [row.ok for row in saved] == [False, True, True, True]


def test_bad_arguments_are_usage_errors(emu: Emulator, tmp_path: Path) -> None:
    data = _csv(tmp_path / "answers.csv", 2)
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    cases = [
        (["evaluate", str(data)], "give --judge NAME_OR_ID or at least one --evaluator"),
        (["evaluate", str(data), "--evaluator", "Helpfulness", "--map", "question"], "expected COLUMN=INPUT"),
        (["evaluate", str(data), "--evaluator", "Helpfulness", "--map", "question=prompt"], "which is no run input"),
        (["evaluate", str(data), "--evaluator", "Helpfulness", "--confidence", "1.5"], "--confidence must be"),
        (["evaluate", str(data), "--evaluator", "Helpfulness", "--max-concurrency", "0"], "at least 1"),
        (["evaluate", "data.txt", "--evaluator", "Helpfulness"], "neither a .csv nor a .jsonl"),
        (["evaluate", "missing.csv", "--evaluator", "Helpfulness"], "no file at"),
        (["evaluate", str(data), "--evaluator", "Helpfulness", "--baseline", "nowhere.jsonl"], "cannot be read"),
        (["evaluate", str(data), "--evaluator", "Helpfulness", "--baseline", "bad.jsonl"], "is no --out file"),
        (["compare", "bad.jsonl", "bad.jsonl"], "OLD 'bad.jsonl' is no --out file"),
        (["compare", "nowhere.jsonl", "bad.jsonl"], "cannot be read"),
        (["compare", "a.jsonl"], "the following arguments are required: NEW"),
        (["evaluate", "-", "--evaluator", "Helpfulness"], "standard input, line 1 is not JSON"),
    ]
    for args, fragment in cases:
        result = run(args, base_url=emu.url, cwd=tmp_path, stdin="oops\n")
        assert result.returncode == 2, (args, result.stderr)
        _assert_usage_error(result.stderr, fragment)
    assert not [r for r in emu.requests() if r["path"].startswith(EXECUTE)]  # nothing was run

    missing = run(["evaluate", str(data), "--evaluator", "No such evaluator"], base_url=emu.url, cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr == "rootsignals: NameNotFoundError: No evaluator found with name 'No such evaluator'\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_tables_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from root._cli import main
    from root.evaluation import RowResult, ScoreResult

    def result(score: float) -> EvaluationResult:
        rows = [RowResult(key=str(i), inputs={}, scores={"Helpfulness": ScoreResult(score=score)}) for i in range(5)]
        return EvaluationResult(rows)

    result(0.9).to_jsonl(tmp_path / "old.jsonl")
    result(0.5).to_jsonl(tmp_path / "new.jsonl")
    out = _Terminal()
    monkeypatch.setattr("sys.stdout", out)

    status = main(["compare", str(tmp_path / "old.jsonl"), str(tmp_path / "new.jsonl")])

    assert status == EXIT_REGRESSION
    lines = out.getvalue().splitlines()
    assert lines[0] == "baseline 5 rows, new 5 rows, paired by key"
    assert lines[2].split() == ["evaluator", "n", "diff", "interval", "+", "-", "=", "verdict"]
    assert lines[3].split()[:3] == ["Helpfulness", "5", "-0.4000"]
    assert lines[-1] == "worse than the baseline"
