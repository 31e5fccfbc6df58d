"""``rootsignals objectives|datasets|execution-logs``: the installed console script, in a subprocess, against
the stand-in server written from the contract (tests/contract_server.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.contract_server import Sent, contract_server
from tests.test_cli import run
from tests.test_resources_wire import (
    DATASET_ID,
    LOG_ID,
    OBJECTIVE_ID,
    _datasets_answer,
    _logs_answer,
    _objectives_answer,
)


def _answer(request: Sent) -> tuple[int, Any]:
    if request.path.startswith("/v1/objectives/"):
        return _objectives_answer(request)
    if request.path.startswith("/v1/datasets/"):
        return _datasets_answer(request)
    return _logs_answer(request)


@pytest.fixture
def stand_in() -> Iterator[tuple[str, list[Sent]]]:
    with contract_server(_answer) as served:
        yield served


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_objectives_round(stand_in: tuple[str, list[Sent]], tmp_path: Path) -> None:
    url, sent = stand_in
    created = run(["objectives", "create", "--intent", "be polite"], base_url=url, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout == f"{OBJECTIVE_ID}\n"
    assert sent[0].json() == {"intent": "be polite"}

    listed = run(["objectives", "list", "--intent", "polite", "--limit", "5"], base_url=url, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [row["intent"] for row in _lines(listed.stdout)] == [f"intent {i}" for i in range(5)]

    shown = run(["objectives", "get", OBJECTIVE_ID], base_url=url, cwd=tmp_path)
    assert _lines(shown.stdout)[0]["id"] == OBJECTIVE_ID

    sent.clear()
    updated = run(["objectives", "update", OBJECTIVE_ID, "--clear-test-dataset-id"], base_url=url, cwd=tmp_path)
    assert updated.returncode == 0, updated.stderr
    assert sent[0].json() == {"test_dataset_id": None}

    versions = run(["objectives", "versions", OBJECTIVE_ID], base_url=url, cwd=tmp_path)
    assert [row["intent"] for row in _lines(versions.stdout)] == [f"v{i}" for i in range(5)]

    refused = run(["objectives", "delete", OBJECTIVE_ID], base_url=url, cwd=tmp_path)
    assert refused.returncode == 2
    assert "--yes" in refused.stderr
    deleted = run(["objectives", "delete", OBJECTIVE_ID, "--yes"], base_url=url, cwd=tmp_path)
    assert deleted.returncode == 0, deleted.stderr
    assert sent[-1].method == "DELETE"


def test_objectives_usage_errors(stand_in: tuple[str, list[Sent]], tmp_path: Path) -> None:
    url, sent = stand_in
    nothing = run(["objectives", "update", OBJECTIVE_ID], base_url=url, cwd=tmp_path)
    assert nothing.returncode == 2
    assert "nothing to change" in nothing.stderr
    bad = run(["objectives", "list", "--limit", "-1"], base_url=url, cwd=tmp_path)
    assert bad.returncode == 2
    assert "limit" in bad.stderr
    assert sent == []  # usage errors send nothing
    missing = run(["objectives", "get", "00000000-0000-4000-8000-000000000000"], base_url=url, cwd=tmp_path)
    assert missing.returncode == 1
    assert "NotFoundError" in missing.stderr


def test_datasets_round(stand_in: tuple[str, list[Sent]], tmp_path: Path) -> None:
    url, sent = stand_in
    csv = tmp_path / "rows.csv"
    csv.write_text("request,response\nhi,hello\n")
    created = run(
        ["datasets", "create", "--name", "rows", "--path", str(csv), "--type", "test"], base_url=url, cwd=tmp_path
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout == f"{DATASET_ID}\n"
    assert sent[0].fields["file"] == ("rows.csv", b"request,response\nhi,hello\n")
    listed = run(["datasets", "list", "set"], base_url=url, cwd=tmp_path)
    assert len(_lines(listed.stdout)) == 6
    assert sent[-1].query_dict()["search"] == "set"
    assert run(["datasets", "get", DATASET_ID], base_url=url, cwd=tmp_path).returncode == 0
    assert run(["datasets", "delete", DATASET_ID, "-y"], base_url=url, cwd=tmp_path).returncode == 0
    unreadable = run(
        ["datasets", "create", "--name", "x", "--path", str(tmp_path / "no.csv")], base_url=url, cwd=tmp_path
    )
    assert unreadable.returncode == 2
    assert "cannot be read" in unreadable.stderr


def test_execution_logs(stand_in: tuple[str, list[Sent]], tmp_path: Path) -> None:
    url, sent = stand_in
    listed = run(
        ["execution-logs", "list", "--limit", "9", "--tag", "a", "--tag", "b", "--search", "polite"],
        base_url=url,
        cwd=tmp_path,
    )
    assert listed.returncode == 0, listed.stderr
    assert len(_lines(listed.stdout)) == 9
    assert {(r.query_dict()["tags"], r.query_dict()["search"]) for r in sent} == {("a,b", "polite")}
    shown = run(["execution-logs", "get", LOG_ID], base_url=url, cwd=tmp_path)
    assert _lines(shown.stdout)[0]["justification"] == "fine"


# -- evaluators -----------------------------------------------------------------------------------------


@pytest.fixture
def evaluator_stand_in() -> Iterator[tuple[str, list[Sent]]]:
    from tests.test_evaluators_wire import _answer as evaluators_answer

    with contract_server(evaluators_answer) as served:
        yield served


def test_evaluators_commands(evaluator_stand_in: tuple[str, list[Sent]], tmp_path: Path) -> None:
    from tests.test_evaluators_wire import EVALUATOR_ID

    url, sent = evaluator_stand_in
    created = run(
        ["evaluators", "create", "--name", "polite", "--predicate", "Is it polite? {{response}}"],
        base_url=url,
        cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout == f"{EVALUATOR_ID}\n"
    assert sent[-1].json()["scoring_criteria"] == "Is it polite? {{response}}"

    listed = run(["evaluators", "list", "--root", "--limit", "3"], base_url=url, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert len(_lines(listed.stdout)) == 3
    assert sent[-1].query_dict()["is_root_evaluator"] == "true"

    sent.clear()
    ran = run(["evaluators", "run", EVALUATOR_ID, "--request", "hi", "--tag", "cli"], base_url=url, cwd=tmp_path,
              stdin="Hello, how can I help?\n")  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    float(ran.stdout)  # the score alone
    assert sent[0].path == f"/v1/evaluators/execute/{EVALUATOR_ID}/"
    assert sent[0].json()["response"] == "Hello, how can I help?"
    assert sent[0].json()["tags"] == ["cli"]

    by_name = run(["evaluators", "run", "--name", "Helpfulness", "--json"], base_url=url, cwd=tmp_path, stdin="ok")
    assert by_name.returncode == 0, by_name.stderr
    assert "execution_log_id" in _lines(by_name.stdout)[0]
    assert sent[-1].query_dict()["name"] == "Helpfulness"

    empty = run(["evaluators", "run", EVALUATOR_ID], base_url=url, cwd=tmp_path, stdin="")
    assert empty.returncode == 2
    assert "no response" in empty.stderr
    assert run(["evaluators", "delete", EVALUATOR_ID, "--yes"], base_url=url, cwd=tmp_path).returncode == 0
