"""``rootsignals calibration-runs create|list|get|items|wait``: the installed console script, in a
subprocess, against the emulator over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from root import RootSignals
from root.emulator import Emulator
from tests.conftest import API_KEY
from tests.test_cli import run as run_cli

ROWS = "0.9,Q1,A thorough answer.\n0.1,Q2,No.\n0.5,Q3,Perhaps.\n"


def run(args: list[str], **options: Any) -> Any:
    """``rootsignals ARGS`` with the suite emulator's API key."""
    return run_cli(args, api_key=API_KEY, **options)


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def _labelled(emulator: Emulator, tmp_path: Path) -> tuple[str, str]:
    csv = tmp_path / "labelled.csv"
    csv.write_text(ROWS, encoding="utf-8")
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as client:
        evaluator = client.evaluators.create(name="CLI", predicate="Is {{response}} good for {{request}}?")
        return str(evaluator.id), str(client.datasets.create(name="labelled", path=csv).id)


def test_create_wait_get_list_and_items(emulator: Emulator, tmp_path: Path) -> None:
    emulator.configure(job_seconds=0.3)
    evaluator_id, dataset_id = _labelled(emulator, tmp_path)
    url = emulator.url
    created = run(["calibration-runs", "create", "--evaluator", evaluator_id, "--dataset", dataset_id],
                  base_url=url, cwd=tmp_path)  # fmt: skip
    assert created.returncode == 0, created.stderr
    run_id = created.stdout.strip()
    assert len(run_id) == 36

    waited = run(["calibration-runs", "wait", run_id, "--poll-interval", "0.05", "--wait-timeout", "30"],
                 base_url=url, cwd=tmp_path)  # fmt: skip
    assert waited.returncode == 0, waited.stderr
    (finished,) = _lines(waited.stdout)
    assert (finished["id"], finished["status"], finished["n_examples"]) == (run_id, "completed", 3)

    (shown,) = _lines(run(["calibration-runs", "get", run_id], base_url=url, cwd=tmp_path).stdout)
    assert shown == finished

    listed = _lines(run(["calibration-runs", "list", "--evaluator", evaluator_id], base_url=url, cwd=tmp_path).stdout)
    assert [r["id"] for r in listed] == [run_id]

    items = _lines(run(["calibration-runs", "items", run_id, "--limit", "2"], base_url=url, cwd=tmp_path).stdout)
    assert len(items) == 2
    assert items[0]["disagreement"] >= items[1]["disagreement"]


def test_create_with_wait_and_a_timeout(emulator: Emulator, tmp_path: Path) -> None:
    evaluator_id, dataset_id = _labelled(emulator, tmp_path)
    both = ["--evaluator", evaluator_id, "--dataset", dataset_id]
    done = run(["calibration-runs", "create", *both, "--wait", "--json"], base_url=emulator.url, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (finished,) = _lines(done.stdout)
    assert finished["status"] == "completed"
    assert finished["id"] == done.stderr.strip().splitlines()[-1]

    emulator.configure(job_seconds=60)
    slow = run(["calibration-runs", "create", *both, "--wait", "--wait-timeout", "0.3", "--poll-interval", "0.1"],
               base_url=emulator.url, cwd=tmp_path)  # fmt: skip
    assert slow.returncode == 1
    assert "WaitTimeoutError" in slow.stderr
    assert "pending" in slow.stderr or "running" in slow.stderr
