"""The SDK against the emulator, end to end: evaluators (create, run, presets, run by name, calibration,
the execution log of a run) and judges, sync and async; the programs written for the official SDK 1.6
(tests/data/official_sdk_program.py and the judges examples in docs/examples) run unchanged against it.
Every emulator response is validated against openapi.yaml (the shared emulator fixture)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.emulator.services.scoring import EMULATED
from root.errors import BadRequestError
from root.skills import EvaluatorDemonstration

from .conftest import API_KEY

ROOT = Path(__file__).resolve().parents[1]
OFFICIAL_PROGRAM = ROOT / "tests" / "data" / "official_sdk_program.py"
JUDGE_PROGRAMS = ROOT / "docs" / "examples"


def run_program(emulator: Emulator, program: Path) -> str:
    env = {**os.environ, "ROOTSIGNALS_API_KEY": API_KEY, "ROOTSIGNALS_API_URL": emulator.url}
    env.pop("ROOTSIGNALS_LOG", None)
    result = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", str(program)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_evaluators_sync(client: RootSignals, emulator: Emulator) -> None:
    evaluator = client.evaluators.create(
        name="Direct language",
        predicate="Is the following text clear and has no weasel words: {{response}}",
        intent="Is the language direct and unambiguous",
        model="gpt-4o",
        evaluator_demonstrations=[EvaluatorDemonstration(response="It might maybe rain.", score=0.1)],
    )
    assert evaluator.inputs is not None
    assert set(evaluator.inputs) == {"response"}
    result = evaluator.run(response="It will rain tomorrow.", tags=["e2e"])
    assert result.justification == EMULATED
    assert client.evaluators.run(evaluator.id, response="It will rain tomorrow.").score == result.score
    assert evaluator.run(response="It might maybe rain.").score == 0.1  # the demonstration
    log = client.execution_logs.get(execution_result=result)
    assert (log.executed_item_id, log.score, log.tags) == (evaluator.id, result.score, ["e2e"])

    helpful = client.evaluators.Helpfulness(response="See our Careers page.")
    assert helpful.evaluator_name == "Helpfulness"
    assert client.evaluators.run_by_name("Helpfulness", response="See our Careers page.").score == helpful.score
    with pytest.raises(BadRequestError, match="contexts"):
        client.evaluators.Faithfulness(request="q", response="r")
    emulator.set_verdict("Politeness", pattern="stupid", score=0.0, justification="Insulting.")
    assert client.evaluators.Politeness(response="That is a stupid question").score == 0.0

    rows = client.evaluators.calibrate_existing(
        evaluator.id, test_data=[["0.1", "It might maybe rain."], ["0.9", "Rain."]]
    )
    assert [(r.row_number, r.result.expected_score) for r in rows] == [(1, 0.1), (2, 0.9)]
    assert rows[0].result.score == 0.1
    calibrated = client.evaluators.calibrate(
        name="Draft", prompt="Is {{response}} direct?", model="gpt-4o", test_data=[["0.5", "Rain."]]
    )
    assert calibrated[0].result.model == "gpt-4o"
    assert [v.version_id for v in client.evaluators.versions.list(evaluator.id).results] == [evaluator.version_id]


def test_evaluators_async(client: RootSignals, emulator: Emulator) -> None:
    async def main() -> None:
        evaluator = await client.evaluators.acreate(
            name="Brevity", predicate="Is {{response}} brief?", intent="Short answers", model="root"
        )
        result = await evaluator.arun(response="Yes.")
        again = await client.evaluators.arun(evaluator.id, response="Yes.")
        assert result.score == again.score
        log = await client.execution_logs.aget(execution_result=result)
        assert log.executed_item_name == "Brevity"
        polite, clear = await asyncio.gather(
            client.evaluators.Politeness.arun(response="Thank you."),
            client.evaluators.arun_by_name("Clarity", response="Thank you."),
        )
        assert (polite.evaluator_name, clear.evaluator_name) == ("Politeness", "Clarity")
        rows = await client.evaluators.acalibrate_existing(evaluator.id, test_data=[["1", "Yes."]])
        assert rows[0].result.score == result.score

    asyncio.run(main())


def test_judges_sync_and_async(client: RootSignals, emulator: Emulator) -> None:
    generated = client.judges.generate(intent="Answers must be polite and truthful", strict=True)
    judge = client.judges.get(generated.judge_id)
    assert [e.name for e in judge.evaluators] == ["Politeness", "Truthfulness"]
    result = judge.run(response="Our store opens at nine.")
    assert [r.evaluator_name for r in result.evaluator_results] == ["Politeness", "Truthfulness"]

    async def main() -> None:
        again = await client.judges.arun(judge.id, response="Our store opens at nine.")
        assert [r.score for r in again.evaluator_results] == [r.score for r in result.evaluator_results]

    asyncio.run(main())
    failed = client.judges.generate(intent="Check my bot [emulator:error]", strict=True)
    assert failed.error_code == "intent_ambiguous"


def test_a_program_written_for_the_official_sdk_runs_unchanged(emulator: Emulator) -> None:
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as client:
        client.models.create(name="gemini-2.0-flash")  # the emulator's catalog does not have it; a user adds it
    output = run_program(emulator, OFFICIAL_PROGRAM)
    assert output.rstrip().endswith("DONE")
    state = emulator.requests()
    assert any(r["path"].startswith("/v1/evaluators/calibrate/") for r in state)


def test_the_judges_programs_run_unchanged(emulator: Emulator) -> None:
    for name in ("judges_generate_get_run", "judges_create_from_presets", "judges_manage", "judges_async"):
        output = run_program(emulator, JUDGE_PROGRAMS / f"{name}.py")
        assert re.search(r"score: \w+ None|\[None|: None[,}\]]", output) is None, (name, output)  # all scored


async def test_async_evaluator_methods_return_the_official_a_class(rootsignals_client: RootSignals) -> None:
    from root.skills import AEvaluator, Evaluator

    created = await rootsignals_client.evaluators.acreate(
        name="a-class", predicate="Is it polite: {{response}}", intent="Polite", model="gpt-4o"
    )
    got = await rootsignals_client.evaluators.aget(created.id)
    by_name = await rootsignals_client.evaluators.aget_by_name("a-class")
    updated = await rootsignals_client.evaluators.aupdate(created.id, name="a-class-2")
    assert {type(e) for e in (created, got, by_name, updated)} == {AEvaluator}
    assert isinstance(got, Evaluator)  # sharing everything: run and arun, every field
    assert type(rootsignals_client.evaluators.get(created.id)) is Evaluator
    assert (await got.arun(response="Thanks.")).score is not None
