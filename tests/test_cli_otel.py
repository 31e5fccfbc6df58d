"""``rootsignals evaluation-filters|traces``: the installed console script, in a subprocess, against the
emulator (every command) and the contract stand-in (what goes on the wire)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from root.emulator import Emulator
from root.skills import Evaluators
from tests.conftest import API_KEY
from tests.contract_server import contract_server
from tests.test_cli import run
from tests.test_otel_wire import FILTER_ID, TRACE_ID, _answer

HELPFULNESS = Evaluators.Eval.Helpfulness.value


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_evaluation_filters_round(emulator: Emulator, tmp_path: Path) -> None:
    def cli(*args: str) -> Any:
        done = run(list(args), base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)
        assert done.returncode == 0, done.stderr
        return done.stdout

    criteria = '{"root_span_name": "chat"}'
    filter_id = cli(
        "evaluation-filters", "create", "--name", "chat", "--evaluator-id", HELPFULNESS, "--filter-criteria", criteria,
        "--sampling-rate", "0.5", "--delay-seconds", "0", "--include-existing",
    ).strip()  # fmt: skip
    (listed,) = _lines(cli("evaluation-filters", "list"))
    assert (listed["id"], listed["name"], listed["sampling_rate"], listed["applies_to_new_only"]) == (
        filter_id, "chat", 0.5, False
    )  # fmt: skip
    assert _lines(cli("evaluation-filters", "get", filter_id))[0]["filter_criteria"] == {"root_span_name": "chat"}
    (updated,) = _lines(cli("evaluation-filters", "update", filter_id, "--name", "renamed", "--inactive"))
    assert (updated["name"], updated["is_active"], updated["sampling_rate"]) == ("renamed", False, 1.0)
    (checked,) = _lines(cli("evaluation-filters", "validate", "--name", "x"))
    assert checked["valid"] is False
    assert cli("evaluation-filters", "delete", filter_id, "--yes") == ""
    assert cli("evaluation-filters", "list") == ""

    refused = run(["evaluation-filters", "create", "--name", "x"], base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)
    assert refused.returncode == 1
    assert "evaluator_id or a judge_id" in refused.stderr
    bad_json = run(
        ["evaluation-filters", "create", "--name", "x", "--filter-criteria", "{"],
        base_url=emulator.url,
        cwd=tmp_path,
        api_key=API_KEY,
    )
    assert bad_json.returncode == 2
    assert "--filter-criteria must be JSON" in bad_json.stderr


def test_traces_list_and_spans(emulator: Emulator, tmp_path: Path) -> None:
    for i in range(3):
        emulator.add_trace(
            [{"span": {"name": f"chat {i}"}}, {"span_id": "b" * 16, "parent_span_id": f"{1:016x}"}],
            trace_id=f"{i + 1:032x}",
        )
    emulator.configure(max_page_size=2)
    listed = run(
        ["traces", "list", "--filter", "root_span_name;string;;!=;chat 1", "--limit", "10"],
        base_url=emulator.url,
        cwd=tmp_path,
        api_key=API_KEY,
    )
    assert listed.returncode == 0, listed.stderr
    assert [t["root_span_name"] for t in _lines(listed.stdout)] == ["chat 2", "chat 0"]
    spans = run(["traces", "spans", f"{1:032x}"], base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)
    assert spans.returncode == 0, spans.stderr
    assert [s["span_id"] for s in _lines(spans.stdout)] == [f"{1:016x}", "b" * 16]
    bad = run(["traces", "list", "--filter", "nonsense"], base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)
    assert bad.returncode == 1
    assert "filters" in bad.stderr
    missing = run(["traces", "spans", "f" * 32], base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)
    assert missing.returncode == 1


def test_the_wire(tmp_path: Path) -> None:
    with contract_server(_answer) as (url, sent):
        done = run(["evaluation-filters", "update", FILTER_ID, "--name", "n", "--judge-id", FILTER_ID], base_url=url,
                   cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert (sent[0].method, sent[0].path) == ("PUT", f"/v1/otel/evaluation-filters/{FILTER_ID}/")
        assert sent[0].json() == {
            "name": "n", "judge_id": FILTER_ID, "sampling_rate": 1.0, "delay_seconds": 20,
            "applies_to_new_only": True, "is_active": True,
        }  # fmt: skip
        sent.clear()
        done = run(["traces", "list", "--filter", "a;string;;=;b", "--filter", "c;number;;>;1"], base_url=url,
                   cwd=tmp_path)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert sent[0].query_dict()["filters"] == "a;string;;=;b,c;number;;>;1"
        sent.clear()
        done = run(["traces", "spans", TRACE_ID, "--json"], base_url=url, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert sent[0].path == f"/v1/otel/traces/{TRACE_ID}/spans/"
