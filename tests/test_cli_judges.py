"""``rootsignals judges list|get|generate|run``: the installed console script, in a subprocess, against the
judges stand-in written from the contract (tests/test_judges_wire.py), which checks every exchange."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.contract_server import Sent, contract_server, contract_violations
from tests.test_cli import run
from tests.test_judges_wire import RELEVANCE, TRUTHFULNESS, JudgesStandIn

StandIn = tuple[str, JudgesStandIn, list[Sent]]


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    service = JudgesStandIn()
    violations: list[str] = []

    def answer(request: Sent) -> tuple[int, Any]:
        answered = service.answer(request)
        violations.extend(contract_violations(request, answered))
        return answered

    with contract_server(answer) as (url, sent):
        yield url, service, sent
    assert not violations, "\n".join(violations)


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_generate_get_list_and_run(stand_in: StandIn, tmp_path: Path) -> None:
    url, service, sent = stand_in
    generated = run(
        ["judges", "generate", "--intent", "Check answers about returns", "--stage", "Returns",
         "--context", "domain=shoes", "--public"],
        base_url=url, cwd=tmp_path,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stderr
    (judge_id,) = service.judges
    assert generated.stdout == f"{judge_id}\n"
    body = sent[0].json()
    assert (body["intent"], body["stage"], body["extra_contexts"]) == ("Check answers about returns", "Returns",
                                                                       {"domain": "shoes"})  # fmt: skip
    assert (body["visibility"], body["strict"]) == ("public", False)

    shown = run(["judges", "get", judge_id], base_url=url, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    (judge,) = _lines(shown.stdout)
    assert judge["id"] == judge_id
    assert [e["name"] for e in judge["evaluators"]] == ["Truthfulness", "Relevance"]

    service.add("Second judge", "Check more", [RELEVANCE])
    listed = run(["judges", "list", "--limit", "5"], base_url=url, cwd=tmp_path)
    assert [row["name"] for row in _lines(listed.stdout)] == ["Generated judge", "Second judge"]
    named = run(["judges", "list", "--name", "Second judge"], base_url=url, cwd=tmp_path)
    assert [row["name"] for row in _lines(named.stdout)] == ["Second judge"]
    assert sent[-1].query_dict()["name"] == "Second judge"

    sent.clear()
    ran = run(
        ["judges", "run", judge_id, "--response", "Within 30 days.", "--request", "Returns?",
         "--context", "30-day returns", "--tag", "cli", "--tag", "test"],
        base_url=url, cwd=tmp_path,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert sent[0].path == f"/v1/judges/{judge_id}/execute/"
    assert sent[0].json() == {"response": "Within 30 days.", "request": "Returns?", "contexts": ["30-day returns"],
                              "tags": ["cli", "test"]}  # fmt: skip
    (result,) = _lines(ran.stdout)
    assert [r["evaluator_name"] for r in result["evaluator_results"]] == ["Truthfulness", "Relevance"]

    by_name = run(["judges", "run", "--name", "Second judge", "--response", "r"], base_url=url, cwd=tmp_path)
    assert by_name.returncode == 0, by_name.stderr
    assert (sent[-1].path, sent[-1].query) == ("/v1/judges/execute/by-name/", [("name", "Second judge")])
    assert [r["evaluator_name"] for r in _lines(by_name.stdout)[0]["evaluator_results"]] == ["Relevance"]
    assert TRUTHFULNESS in {e["id"] for e in judge["evaluators"]}


def test_a_strict_generation_that_fails_exits_with_1(stand_in: StandIn, tmp_path: Path) -> None:
    url, service, _ = stand_in
    failed = run(["judges", "generate", "--intent", "an ambiguous intent", "--strict"], base_url=url, cwd=tmp_path)
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert "intent_ambiguous" in failed.stderr
    assert service.judges == {}


def test_usage_errors_send_nothing(stand_in: StandIn, tmp_path: Path) -> None:
    url, _, sent = stand_in
    for args, says in [
        (["judges", "run", "--response", "r"], "ID"),  # neither an id nor --name
        (["judges", "run", "x", "--name", "n", "--response", "r"], "not allowed with"),
        (["judges", "generate", "--intent", "Check answers", "--context", "no-equals"], "KEY=VALUE"),
        (["judges", "generate", "--intent", "short"], "intent"),  # the spec's minLength
        (["judges", "list", "--limit", "-1"], "limit"),
        (["judges", "get", "not-a-uuid"], "judge_id"),
    ]:
        done = run(args, base_url=url, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert says in done.stderr, (args, done.stderr)
    assert sent == []
    missing = run(["judges", "get", "00000000-0000-4000-8000-000000000000"], base_url=url, cwd=tmp_path)
    assert missing.returncode == 1
    assert "NotFoundError" in missing.stderr
