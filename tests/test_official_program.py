"""A program written for the official SDK 1.6 (tests/data/official_sdk_program.py) runs unchanged against a
stand-in of the service that plays evaluators and execution logs from the contract.

The stand-in knows the presets by the ids recorded in tests/test_skills.py (facts of the service), not by
the SDK's table, so a wrong id in the table fails here too. (When the emulator plays evaluators, the same
program can run against it.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from tests.contract_server import CREATED_AT, OWNER, Sent, calibration_row, contract_server, evaluator, new_id, paged
from tests.test_skills import OFFICIAL_PRESETS

PROGRAM = Path(__file__).resolve().parent / "data" / "official_sdk_program.py"


class EvaluatorService:
    """Evaluators, objectives and execution logs, kept in memory, answered as the contract says."""

    def __init__(self) -> None:
        self.evaluators: dict[str, dict[str, Any]] = {}
        self.logs: list[dict[str, Any]] = []

    def __call__(self, request: Sent) -> tuple[int, Any]:
        path, method = request.path, request.method
        parts = path.strip("/").split("/")
        if path == "/v1/objectives/" and method == "POST":
            return 201, {"id": new_id(), "intent": request.json()["intent"]}
        if path == "/v1/evaluators/" and method == "POST":
            body = request.json()
            assert body["objective_id"]
            created = evaluator(new_id(), body["name"], predicate=body["scoring_criteria"])
            self.evaluators[created["id"]] = created
            return 201, created
        if parts[:2] == ["v1", "evaluators"] and len(parts) == 3 and parts[2] in self.evaluators:
            found = self.evaluators[parts[2]]
            if method == "PATCH":
                version = uuid.UUID(found["version_id"]).int + 1
                found.update(version_id=str(uuid.UUID(int=version)))
            return 200, found
        if path == "/v1/evaluators/execute/by-name/" and method == "POST":
            name = request.query_dict()["name"]
            ids = {**OFFICIAL_PRESETS, **{e["name"]: i for i, e in self.evaluators.items()}}
            return self._run(ids.get(name), name, request.json()) if name in ids else (400, {"detail": "no such name"})
        if parts[:3] == ["v1", "evaluators", "execute"] and method == "POST":
            names = {i: n for n, i in OFFICIAL_PRESETS.items()} | {i: e["name"] for i, e in self.evaluators.items()}
            return self._run(parts[3], names[parts[3]], request.json()) if parts[3] in names else (404, {"detail": "-"})
        if parts[:3] == ["v1", "evaluators", "calibrate"] and len(parts) == 4 and parts[3] in self.evaluators:
            rows = request.json()["test_data"]
            return 200, [calibration_row(i + 1, 0.5, float(row[0])) for i, row in enumerate(rows)]
        if path == "/v1/execution-logs/" and method == "GET":
            tags = request.query_dict().get("tags")
            chosen = [log for log in self.logs if not tags or set(tags.split(",")) <= set(log["tags"])]
            return paged(request, chosen[::-1])
        if parts[:2] == ["v1", "execution-logs"] and len(parts) == 3:
            return next(((200, log) for log in self.logs if log["id"] == parts[2]), (404, {"detail": "Not found."}))
        return 404, {"detail": "Not found."}

    def _run(self, evaluator_id: Any, name: str, body: dict[str, Any]) -> tuple[int, Any]:
        log_id = new_id()
        self.logs.append(
            {
                "id": log_id,
                "cost": None,
                "created_at": CREATED_AT,
                "evaluation_context": {"contexts": body.get("contexts", []), "expected_output": ""},
                "executed_item_id": evaluator_id,
                "executed_item_name": name,
                "executed_item_version_id": None,
                "execution_type": "evaluator",
                "llm_output": body.get("response"),
                "owner": OWNER,
                "score": 0.5,
                "tags": body.get("tags", []),
                "variables": None,
                "evaluator_latencies": None,
                "justification": "stand-in",
                "model_call_duration": 0.1,
                "model": "gpt-4o",
            }
        )
        return 200, {
            "evaluator_name": name,
            "score": 0.5,
            "cost": None,
            "execution_log_id": log_id,
            "justification": "stand-in",
        }


def test_a_program_written_for_the_official_sdk_runs_unchanged() -> None:
    service = EvaluatorService()
    with contract_server(service) as (url, sent):
        env = {**os.environ, "ROOTSIGNALS_API_KEY": "official-program-key", "ROOTSIGNALS_API_URL": url}
        env.pop("ROOTSIGNALS_LOG", None)
        result = subprocess.run(
            [sys.executable, "-W", "error::DeprecationWarning", str(PROGRAM)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("DONE")
    assert "Traceback" not in result.stderr
    assert "Unclosed" not in result.stderr
    assert "official-program-key" not in result.stdout + result.stderr
    assert all(r.headers["Authorization"] == "Api-Key official-program-key" for r in sent)
    # Every step reached the service: 3 evaluators made, one round of each kind of call.
    assert len(service.evaluators) == 3
    posted = [r.path for r in sent if r.method == "POST"]
    assert posted.count("/v1/objectives/") == 3
    helpfulness = f"/v1/evaluators/execute/{OFFICIAL_PRESETS['Helpfulness']}/"
    assert helpfulness in posted
    assert sum(p.startswith("/v1/evaluators/calibrate/") for p in posted) == 2
    tagged = [log for log in service.logs if log["tags"] == ["production", "v1.23"]]
    assert len(tagged) == 1
    assert "Our returns policy" in result.stdout  # the listed log's contexts were printed


def test_the_evaluators_guide_example_runs_against_the_stand_in(tmp_path: Path) -> None:
    """The guide's first example runs against the emulator in tests/test_docs.py; here, against the stand-in."""
    from tests.test_docs import DOCS, PYTHON_FENCES, extract_blocks

    block = next(b for b in extract_blocks(DOCS / "guides" / "evaluators.md") if b.language in PYTHON_FENCES)
    script = tmp_path / "guide_example.py"
    script.write_text(block.code, encoding="utf-8")
    service = EvaluatorService()
    with contract_server(service) as (url, _):
        env = {**os.environ, "ROOTSIGNALS_API_KEY": "k", "ROOTSIGNALS_API_URL": url}
        result = subprocess.run(
            [sys.executable, "-W", "error", str(script)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(service.evaluators) == 1
    assert len(service.logs) == 6  # two presets, one by name, the evaluator twice, Politeness.arun
