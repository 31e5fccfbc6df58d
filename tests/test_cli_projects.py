"""``rootsignals projects``: the installed console script, in a subprocess, against the stand-in server
written from the contract (tests/contract_server.py) and against the emulator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from root import RootSignals
from root.emulator import Emulator
from tests.conftest import API_KEY
from tests.contract_server import Sent, contract_server
from tests.test_cli import run
from tests.test_projects_wire import PROJECT_ID, _answer


@pytest.fixture
def stand_in() -> Iterator[tuple[str, list[Sent]]]:
    with contract_server(_answer) as served:
        yield served


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_projects_round(stand_in: tuple[str, list[Sent]], tmp_path: Path) -> None:
    url, sent = stand_in
    created = run(["projects", "create", "--name", "alpha", "--default"], base_url=url, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert created.stdout == f"{PROJECT_ID}\n"
    assert sent[0].json() == {"name": "alpha", "description": "", "is_default": True}

    sent.clear()
    run(["projects", "create", "--name", "beta", "--description", "second"], base_url=url, cwd=tmp_path)
    assert sent[0].json() == {"name": "beta", "description": "second"}

    listed = run(["projects", "list", "--limit", "5"], base_url=url, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert [row["name"] for row in _lines(listed.stdout)] == [f"project {i}" for i in range(5)]

    shown = run(["projects", "get", PROJECT_ID], base_url=url, cwd=tmp_path)
    assert _lines(shown.stdout)[0]["id"] == PROJECT_ID

    sent.clear()
    updated = run(["projects", "update", PROJECT_ID, "--description", "new"], base_url=url, cwd=tmp_path)
    assert updated.returncode == 0, updated.stderr
    assert sent[0].json() == {"description": "new"}
    assert _lines(updated.stdout)[0]["description"] == "new"

    nothing = run(["projects", "update", PROJECT_ID], base_url=url, cwd=tmp_path)
    assert nothing.returncode == 2
    assert "nothing to change" in nothing.stderr

    sent.clear()
    refused = run(["projects", "delete", PROJECT_ID], base_url=url, cwd=tmp_path)
    assert refused.returncode != 0
    assert sent == []
    deleted = run(["projects", "delete", PROJECT_ID, "--yes"], base_url=url, cwd=tmp_path)
    assert deleted.returncode == 0, deleted.stderr
    assert (sent[0].method, sent[0].path) == ("DELETE", f"/v1/projects/{PROJECT_ID}/")


def test_a_project_that_holds_anything_is_not_deleted(emulator: Emulator, client: RootSignals, tmp_path: Path) -> None:
    project = client.projects.create(name="alpha")
    client.objectives.create(intent="x", project_id=project.id)
    refused = run(["projects", "delete", project.id, "--yes"], base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)
    assert refused.returncode == 1
    assert "1 objectives" in refused.stderr
    assert client.projects.retrieve(project.id).name == "alpha"
