"""``rootsignals annotations|score-configs``: the installed console script, in a subprocess, against the
emulator (which validates every answer against the spec)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from root.emulator import Emulator
from root.emulator.resources.annotations import SCORE_ID
from tests.conftest import API_KEY
from tests.test_cli import run


def _run(emulator: Emulator, tmp_path: Path, *args: str) -> Any:
    done = run(list(args), base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)
    assert done.returncode == 0, done.stderr
    return done


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_score_configs_from_the_shell(emulator: Emulator, tmp_path: Path) -> None:
    created = _run(emulator, tmp_path, "score-configs", "create", "--name", "Verdict", "--type", "binary",
                   "--category", "pass=1", "--category", "a=b=0")  # fmt: skip
    config_id = created.stdout.strip()
    (shown,) = _lines(_run(emulator, tmp_path, "score-configs", "get", config_id).stdout)
    assert shown["categories"] == [{"label": "pass", "value": 1.0}, {"label": "a=b", "value": 0.0}]
    listed = _lines(_run(emulator, tmp_path, "score-configs", "list").stdout)
    assert [c["name"] for c in listed] == ["Verdict", "Thumbs", "Score"]
    (renamed,) = _lines(_run(emulator, tmp_path, "score-configs", "update", config_id, "--name", "Outcome").stdout)
    assert renamed["name"] == "Outcome"
    _run(emulator, tmp_path, "score-configs", "delete", config_id, "--yes")
    assert len(_lines(_run(emulator, tmp_path, "score-configs", "list").stdout)) == 2

    wrong = run(["score-configs", "create", "--name", "x", "--type", "binary", "--category", "nope"],
                base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)  # fmt: skip
    assert wrong.returncode == 2
    assert "LABEL=NUMBER" in wrong.stderr
    refused = run(["score-configs", "create", "--name", "x", "--type", "binary", "--category", "only=1"],
                  base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)  # fmt: skip
    assert refused.returncode == 1
    assert "two categories" in refused.stderr


def test_annotations_from_the_shell(emulator: Emulator, tmp_path: Path) -> None:
    log = emulator.add_execution_log(score=0.5, executed_item_name="ev")["id"]
    created = _run(emulator, tmp_path, "annotations", "create", "--execution-log", log, "--value", "0.8",
                   "--rationale", "close enough", "--status", "draft")  # fmt: skip
    annotation_id = created.stdout.strip()
    (shown,) = _lines(_run(emulator, tmp_path, "annotations", "get", annotation_id).stdout)
    assert (shown["value"], shown["score_config"], shown["status"]) == (0.8, SCORE_ID, "draft")
    (published,) = _lines(
        _run(emulator, tmp_path, "annotations", "update", annotation_id, "--status", "published").stdout
    )
    assert (published["status"], published["rationale"]) == ("published", "close enough")
    listed = _lines(
        _run(emulator, tmp_path, "annotations", "list", "--execution-log", log, "--status", "published").stdout
    )
    assert [a["id"] for a in listed] == [annotation_id]
    assert _run(emulator, tmp_path, "annotations", "list", "--status", "draft").stdout == ""
    _run(emulator, tmp_path, "annotations", "delete", annotation_id, "-y")
    assert _run(emulator, tmp_path, "annotations", "list").stdout == ""

    no_target = run(["annotations", "create", "--value", "1"], base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)
    assert no_target.returncode == 2
    nothing = run(["annotations", "update", annotation_id], base_url=emulator.url, cwd=tmp_path, api_key=API_KEY)
    assert (nothing.returncode, "nothing to change" in nothing.stderr) == (2, True)
