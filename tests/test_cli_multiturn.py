"""``rootsignals evaluators run`` and ``rootsignals judges run`` on a conversation (``--turns FILE``,
``--tools FILE``, ``-`` for standard input): the installed script, in a subprocess, against the emulator,
end to end to the execution log; bad files are usage errors and send nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from root._presets import load_presets
from root.emulator import Emulator

from .test_cli import API_KEY, run
from .test_emulator_multiturn import NO_TOOL_CALLS, TOOLS, TURNS

PRESETS = {p.name: p.id for p in load_presets()}


@pytest.fixture(scope="module")
def cli_emulator() -> Iterator[Emulator]:
    with Emulator(api_keys=[API_KEY]) as emu:
        yield emu


@pytest.fixture
def emu(cli_emulator: Emulator) -> Emulator:
    cli_emulator.reset()
    return cli_emulator


def _write(tmp_path: Path, name: str, value: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


def _runs(emu: Emulator) -> list[dict[str, Any]]:
    return [r for r in emu.requests() if "/execute/" in r["path"]]


def _log(emu: Emulator, log_id: str, tmp_path: Path) -> Any:
    """The execution log, as ``rootsignals execution-logs get`` shows it."""
    shown = run(["execution-logs", "get", log_id], base_url=emu.url, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)


def test_an_evaluator_runs_on_a_conversation_with_tools(emu: Emulator, tmp_path: Path) -> None:
    turns, tools = _write(tmp_path, "turns.json", TURNS), _write(tmp_path, "tools.json", TOOLS)
    done = run(
        ["evaluators", "run", "--name", "Tool_Selection", "--turns", turns, "--tools", tools, "--json"],
        base_url=emu.url,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "6 turns with 1 tool call (order_lookup)" in result["justification"]
    assert _runs(emu)[-1]["body"]["turns"][3]["tool_calls"] == TURNS[3]["tool_calls"]
    assert _runs(emu)[-1]["body"]["tools"] == TOOLS
    log = _log(emu, result["execution_log_id"], tmp_path)
    assert [t["role"] for t in log["turns"]] == [t["role"] for t in TURNS]
    assert log["turns"][4]["tool_call_id"] == "call_1"
    assert log["turns"][3]["tool_calls"] == TURNS[3]["tool_calls"]

    # By id, the turns from standard input; the score alone on stdout.
    by_id = run(
        ["evaluators", "run", PRESETS["Helpfulness"], "--turns", "-"],
        base_url=emu.url,
        cwd=tmp_path,
        stdin=json.dumps(TURNS),
    )
    assert by_id.returncode == 0, by_id.stderr
    assert 0.0 <= float(by_id.stdout) <= 1.0
    assert "response" not in _runs(emu)[-1]["body"] or _runs(emu)[-1]["body"]["response"] is None


def test_a_preset_lacking_a_tool_call_is_refused(emu: Emulator, tmp_path: Path) -> None:
    turns, tools = _write(tmp_path, "turns.json", NO_TOOL_CALLS), _write(tmp_path, "tools.json", TOOLS)
    refused = run(
        ["evaluators", "run", "--name", "Tool_Selection", "--turns", turns, "--tools", tools],
        base_url=emu.url,
        cwd=tmp_path,
    )
    assert refused.returncode == 1
    assert "No turn calls a tool" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_judge_runs_on_a_conversation(emu: Emulator, tmp_path: Path) -> None:
    created = run(
        [
            "judges",
            "create",
            "--name",
            "Customer service",
            "--intent",
            "Judge customer service conversations",
            "--evaluator",
            PRESETS["Tool_Selection"],
            "--evaluator",
            PRESETS["Relevance"],
        ],
        base_url=emu.url,
        cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    judge_id = created.stdout.strip()
    turns, tools = _write(tmp_path, "turns.json", TURNS), _write(tmp_path, "tools.json", TOOLS)
    who = ["--session-id", "s-1", "--user-id", "u-1", "--system-prompt", "Be brief."]
    done = run(["judges", "run", judge_id, "--turns", turns, "--tools", tools, *who], base_url=emu.url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [r["evaluator_name"] for r in result["evaluator_results"]] == ["Tool_Selection", "Relevance"]
    assert all(r["score"] is not None for r in result["evaluator_results"])
    log = _log(emu, result["execution_log_id"], tmp_path)
    assert len(log["turns"]) == len(TURNS)
    assert (log["session_id"], log["user_id"], log["system_prompt"]) == ("s-1", "u-1", "Be brief.")
    # By name, the tools from standard input.
    by_name = run(
        ["judges", "run", "--name", "Customer service", "--turns", turns, "--tools", "-"],
        base_url=emu.url,
        cwd=tmp_path,
        stdin=json.dumps(TOOLS),
    )
    assert by_name.returncode == 0, by_name.stderr
    assert _runs(emu)[-1]["body"]["tools"] == TOOLS


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("[{", "is not JSON"),
        ('{"role": "user"}', "must be a JSON list of objects"),
        ('["hello"]', "must be a JSON list of objects"),
    ],
)
def test_a_bad_turns_file_is_a_usage_error_and_sends_nothing(
    emu: Emulator, tmp_path: Path, content: str, said: str
) -> None:
    path = tmp_path / "turns.json"
    path.write_text(content, encoding="utf-8")
    for args in (
        ["evaluators", "run", "--name", "Helpfulness", "--turns", str(path)],
        ["judges", "run", "--name", "Any", "--turns", str(path)],
        ["evaluators", "run", "--name", "Helpfulness", "--turns", "-"],
    ):
        done = run(args, base_url=emu.url, cwd=tmp_path, stdin=content)
        assert done.returncode == 2, done.stderr
        assert said in done.stderr
        assert "Traceback" not in done.stderr
    assert emu.requests() == []


def test_other_usage_errors_send_nothing(emu: Emulator, tmp_path: Path) -> None:
    missing = run(
        ["evaluators", "run", "--name", "Helpfulness", "--turns", str(tmp_path / "none.json")],
        base_url=emu.url,
        cwd=tmp_path,
    )
    assert (missing.returncode, "cannot be read" in missing.stderr) == (2, True)
    both = run(
        ["evaluators", "run", "--name", "Tool_Selection", "--turns", "-", "--tools", "-"],
        base_url=emu.url,
        cwd=tmp_path,
    )
    assert (both.returncode, "cannot both read standard input" in both.stderr) == (2, True)
    nothing = run(["judges", "run", "--name", "Any"], base_url=emu.url, cwd=tmp_path)
    assert (nothing.returncode, "--response" in nothing.stderr and "--turns" in nothing.stderr) == (2, True)
    tools = run(
        ["evaluators", "run", "--name", "Tool_Selection", "--tools", str(tmp_path / "none.json")],
        base_url=emu.url,
        cwd=tmp_path,
    )
    assert (tools.returncode, "--tools" in tools.stderr) == (2, True)
    assert emu.requests() == []
