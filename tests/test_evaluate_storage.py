"""Where ``client.evaluate``'s rows are kept: in the run's journal (a temporary one without ``journal=``),
read back on demand in the order of the data, never all in memory; and how such a result is released."""

from __future__ import annotations

import asyncio
import glob
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import InvalidArgumentError
from root.evaluation import EvaluationResult, RowResult


def _rows(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"id": f"r{i}", "request": f"question {i}", "response": f"answer {i}"} for i in range(start, start + n)]


@pytest.fixture(autouse=True)
def _own_temporary_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Temporary journals go to this test's own folder: what another test (or another run of the suite on
    this machine) makes or removes in the shared one meanwhile never shows here."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()


def _temporary_journals() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "rootsignals-evaluation-*.sqlite")))


def test_a_result_reads_its_rows_back_in_data_order(client: RootSignals) -> None:
    before = _temporary_journals()
    result = client.evaluate(_rows(7), evaluators=["Helpfulness"], key="id", max_concurrency=3)
    made = _temporary_journals() - before
    assert len(made) == 1  # the rows are in a temporary journal, not in memory

    assert len(result) == 7
    assert [row.key for row in result] == [f"r{i}" for i in range(7)]
    assert result[-1].key == "r6"
    assert result[2] == RowResult.from_dict(result[2].to_dict())
    assert [row.key for row in result[1:6:2]] == ["r1", "r3", "r5"]
    assert [row.key for row in result[5:2]] == []
    with pytest.raises(IndexError):
        result[7]
    assert result.evaluator_names == ["Helpfulness"]
    assert result.summary()["Helpfulness"].n == 7
    assert "7 rows, 0 with errors" in repr(result)

    result.close()
    assert not (_temporary_journals() & made)  # closing removes the file
    with pytest.raises(ValueError, match="closed"):
        result[0]
    result.close()  # twice is harmless


def test_a_collected_result_removes_its_temporary_journal(client: RootSignals) -> None:
    before = _temporary_journals()
    with client.evaluate(_rows(2), evaluators=["Helpfulness"]) as result:
        assert len(result) == 2
    assert _temporary_journals() == before

    result = client.evaluate(_rows(2), evaluators=["Helpfulness"])
    assert _temporary_journals() != before
    del result
    assert _temporary_journals() == before  # CPython collects it at once; no file is left behind


def test_a_failed_run_leaves_no_temporary_journal(client: RootSignals) -> None:
    before = _temporary_journals()
    with pytest.raises(InvalidArgumentError, match="repeats the key"):
        client.evaluate([*_rows(3), *_rows(1)], evaluators=["Helpfulness"], key="id")
    assert _temporary_journals() == before


def test_a_rerun_result_has_the_rows_of_its_own_data_in_its_order(client: RootSignals, tmp_path: Path) -> None:
    journal = tmp_path / "run.sqlite"
    first = client.evaluate(_rows(6), evaluators=["Helpfulness"], key="id", journal=journal)
    assert [row.key for row in first] == [f"r{i}" for i in range(6)]
    first.close()

    subset = [_rows(6)[i] for i in (4, 0, 2)]
    again = client.evaluate(subset, evaluators=["Helpfulness"], key="id", journal=journal)

    assert [row.key for row in again] == ["r4", "r0", "r2"]
    assert len(EvaluationResult.from_journal(journal)) == 6  # the journal keeps every row it ever had
    again.close()
    assert journal.exists()  # a journal of one's own is never removed


def test_a_result_of_a_worker_thread_is_read_in_another(client: RootSignals) -> None:
    async def inside_a_loop() -> EvaluationResult:
        return client.evaluate(_rows(3), evaluators=["Helpfulness"], key="id")  # runs in a worker thread

    result = asyncio.run(inside_a_loop())
    assert [row.key for row in result] == ["r0", "r1", "r2"]
    result.close()


@pytest.mark.parametrize(
    "bad",
    [
        {"contexts": [1, 2]},  # a plain field, checked by the request model as it is
        {"turns": [{"role": "nobody", "content": 3}]},  # a nested one, checked and built as arun builds it
    ],
)
def test_a_row_breaking_the_contract_fails_alone_and_is_not_sent(
    client: RootSignals, emulator: Emulator, bad: dict[str, Any]
) -> None:
    rows = [{"id": "good", "request": "q", "response": "a"}, {"id": "bad", "response": "a", **bad}]

    result = client.evaluate(rows, evaluators=["Helpfulness", "Politeness"], key="id")

    assert result[0].ok
    assert {s.error_type for s in result[1].scores.values()} == {"InvalidArgumentError"}
    sent = [r for r in emulator.requests() if r["path"].startswith("/v1/evaluators/execute/")]
    assert len(sent) == 2  # the good row's two runs only
    assert all(r["body"]["response"] == "a" and "contexts" not in r["body"] for r in sent)
    result.close()


def test_a_stored_result_pickles_as_its_rows(client: RootSignals) -> None:
    import pickle

    with client.evaluate(_rows(3), evaluators=["Helpfulness"], key="id") as result:
        back = pickle.loads(pickle.dumps(result))  # e.g. sent back from a worker process
        assert [r.to_dict() for r in back] == [r.to_dict() for r in result]
    assert [row.key for row in back] == ["r0", "r1", "r2"]  # held in memory: closing the original leaves it
