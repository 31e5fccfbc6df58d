"""``rootsignals batch create|get|list|wait``: the installed console script, in a subprocess, against the
emulator over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from root import RootSignals
from root._presets import load_presets
from root.emulator import Emulator
from tests.test_cli import API_KEY, run

POLITENESS = next(p.id for p in load_presets() if p.name == "Politeness")
INPUTS = [{"request": "Can I return shoes?", "response": "Yes, within 30 days."}, {"response": "Thanks!"}]


@pytest.fixture(scope="module")
def batch_emulator() -> Iterator[Emulator]:
    with Emulator(api_keys=[API_KEY], check_responses=True) as emu:
        yield emu


@pytest.fixture
def emu(batch_emulator: Emulator) -> Iterator[Emulator]:
    batch_emulator.reset()
    batch_emulator.clear_response_failures()
    yield batch_emulator
    assert batch_emulator.response_failures() == []


def _judge(emu: Emulator) -> str:
    with RootSignals(api_key=API_KEY, base_url=emu.url) as client:
        references = [{"id": POLITENESS}]
        return str(client.judges.create(name="CLI judge", intent="polite", evaluator_references=references).id)


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_create_get_list_and_wait(emu: Emulator, tmp_path: Path) -> None:
    judge_id = _judge(emu)
    lines = "\n".join(json.dumps(i) for i in INPUTS)
    created = run(["batch", "create", "--judge", judge_id, "--inputs", "-", "--tag", "cli"], base_url=emu.url,
                  cwd=tmp_path, stdin=lines)  # fmt: skip
    assert created.returncode == 0, created.stderr
    batch_id = created.stdout.strip()
    assert len(batch_id) == 36

    shown = run(["batch", "get", batch_id], base_url=emu.url, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    (detail,) = _lines(shown.stdout)
    assert (detail["batch_execution_id"], detail["total_count"], detail["tags"]) == (batch_id, 2, ["cli"])
    assert [i["input"]["response"] for i in detail["items"]] == [i["response"] for i in INPUTS]

    waited = run(["batch", "wait", batch_id, "--wait-timeout", "10"], base_url=emu.url, cwd=tmp_path)
    assert waited.returncode == 0, waited.stderr
    assert _lines(waited.stdout)[0]["status"] == "completed"

    as_array = tmp_path / "inputs.json"
    as_array.write_text(json.dumps(INPUTS[:1]), encoding="utf-8")
    at_once = run(["batch", "create", "--evaluator", POLITENESS, "--inputs", str(as_array), "--wait"],
                  base_url=emu.url, cwd=tmp_path)  # fmt: skip
    assert at_once.returncode == 0, at_once.stderr
    (finished,) = _lines(at_once.stdout)
    assert finished["status"] == "completed"
    assert finished["batch_execution_id"] == at_once.stderr.strip()

    listed = run(["batch", "list", "--judge", judge_id], base_url=emu.url, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [b["batch_execution_id"] for b in _lines(listed.stdout)] == [batch_id]
    everything = run(["batch", "list", "--status", "completed", "--limit", "5"], base_url=emu.url, cwd=tmp_path)
    assert len(_lines(everything.stdout)) == 2


def test_a_wait_that_runs_out_exits_1_with_the_last_status(emu: Emulator, tmp_path: Path) -> None:
    emu.configure(job_seconds=600)  # pending for its first minute, however slow the machine
    judge_id = _judge(emu)
    created = run(["batch", "create", "--judge", judge_id, "--inputs", "-"], base_url=emu.url, cwd=tmp_path,
                  stdin=json.dumps(INPUTS))  # fmt: skip
    batch_id = created.stdout.strip()
    waited = run(["batch", "wait", batch_id, "--wait-timeout", "0.3", "--poll-interval", "0.1"], base_url=emu.url,
                 cwd=tmp_path)  # fmt: skip
    assert waited.returncode == 1
    assert "did not finish" in waited.stderr
    assert "pending" in waited.stderr


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (["--judge", "J", "--inputs", "-", "--start", "1"], "[]", "--dataset-id"),
        (["--evaluator", "E", "--inputs", "-", "--judge-version", "V"], "[]", "--judge"),
        (["--judge", "J", "--inputs", "-"], "not json", "JSON"),
        (["--judge", "J", "--inputs", "-"], "[1, 2]", "JSON objects"),
        (["--inputs", "-"], "[]", "required"),
    ],
)
def test_usage_errors_exit_2(emu: Emulator, tmp_path: Path, args: list[str], stdin: str, says: str) -> None:
    result = run(["batch", "create", *args], base_url=emu.url, cwd=tmp_path, stdin=stdin)
    assert result.returncode == 2, result.stderr
    assert says in result.stderr


def test_a_refused_batch_exits_1_with_the_service_s_reason(emu: Emulator, tmp_path: Path) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    result = run(["batch", "create", "--judge", missing, "--inputs", "-"], base_url=emu.url, cwd=tmp_path,
                 stdin=json.dumps(INPUTS))  # fmt: skip
    assert result.returncode == 1
    assert "judge_id" in result.stderr
