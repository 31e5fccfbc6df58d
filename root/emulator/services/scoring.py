"""Scoring: the one place the emulator scores, for evaluator runs, judge runs, calibration (the 1.6
calibrate operations and calibration runs) and batch executions alike.

No model runs offline, so the emulator scores honestly and predictably instead. The score of one run
of one evaluator version, in order of precedence:

- a verdict set by the test (:mod:`root.emulator.services.verdicts`), the newest matching one;
- a demonstration of the evaluator whose request and response equal the run's (its own score and
  justification);
- else a hash of the evaluator's version and the inputs, in [0, 1] with three decimals, so the same
  version and inputs always score the same.

Every justification the emulator makes says it is emulated. Every run writes an execution log
(:func:`root.emulator.services.logs.append_log`): an evaluator run one log, a judge run one log of its
own (the mean of its scores) and one child log per evaluator scored.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from root.emulator.contract import Errors
from root.emulator.engine import Engine
from root.emulator.services import logs, verdicts, versions
from root.emulator.store import Store

EVALUATORS: Final = "evaluators"
"""The evaluators' resource key: what a judge's references and a run's evaluator id name."""
STANDARD_INPUTS: Final = ("request", "response", "contexts", "expected_output", "functions")
PLACEHOLDER: Final = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
DEFAULT_MODEL: Final = "root"
"""The model a run reports when the evaluator names none: the service's own choice."""
REQUIRED: Final = "This field is required."
EMULATED: Final = (
    "Emulated: no model ran. The Root Signals emulator derives this score from the evaluator's version "
    "and the inputs, so the same inputs always score the same."
)
_SCORED: Final = (*STANDARD_INPUTS, "variables", "turns")
"""What a score depends on besides the version (tags, a session id ... do not change it)."""


def predicate(fields: Mapping[str, Any]) -> str:
    """An evaluator's predicate: its ``scoring_criteria``, else its ``prompt``."""
    return str(fields.get("scoring_criteria") or fields.get("prompt") or "")


def _hash_score(version_id: str, inputs: Mapping[str, Any]) -> float:
    scored = {name: inputs[name] for name in _SCORED if inputs.get(name) not in (None, "", [], {})}
    text = json.dumps([version_id, scored], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).digest()
    return round(int.from_bytes(digest[:8], "big") / 2**64, 3)


def score(store: Store, evaluator: Mapping[str, Any], inputs: Mapping[str, Any]) -> tuple[float, str]:
    """The score and justification of one run: a verdict, a matching demonstration, or a hash of the
    evaluator's version and the inputs.

    Args:
        store: The emulator's store (for the verdicts).
        evaluator: The evaluator (the version run): ``id``, ``name``, ``version_id`` and its fields.
        inputs: The run's inputs (``request``, ``response``, ``contexts`` ...).
    """
    verdict = verdicts.matching(store, evaluator, str(inputs.get("response") or ""))
    if verdict is not None:
        return verdict["score"], verdict["justification"]
    for demonstration in evaluator.get("evaluator_demonstrations") or ():
        if (demonstration.get("request") or None, demonstration.get("response") or None) == (
            inputs.get("request") or None,
            inputs.get("response") or None,
        ):
            reason = demonstration.get("justification") or "the score of the matching demonstration"
            return float(demonstration["score"]), f"Emulated: no model ran; {reason}"
    return _hash_score(str(evaluator.get("version_id")), inputs), EMULATED


def missing_inputs(evaluator: Mapping[str, Any], inputs: Mapping[str, Any]) -> Errors:
    """The field errors of a run of a preset evaluator that lacks inputs it needs (empty when it has them
    all, and for the user's evaluators, whose missing placeholders are left empty, as the service does)."""
    if not evaluator.get("is_root_evaluator"):
        return {}
    return {name: [REQUIRED] for name in evaluator.get("inputs") or {} if inputs.get(name) in (None, "", [])}


def _render(template: str, inputs: Mapping[str, Any]) -> str:
    variables = inputs.get("variables") or {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = inputs.get(name) if name in STANDARD_INPUTS else variables.get(name)
        if isinstance(value, list):
            return json.dumps(value, ensure_ascii=False)
        return "" if value is None else str(value)

    return PLACEHOLDER.sub(fill, template)


def model(evaluator: Mapping[str, Any]) -> str:
    """The model a run of the evaluator reports: its first, else :data:`DEFAULT_MODEL`."""
    chosen = evaluator.get("models") or [DEFAULT_MODEL]
    return str(chosen[0])


def run(
    engine: Engine,
    evaluator: Mapping[str, Any],
    inputs: Mapping[str, Any],
    *,
    parent_log_id: str | None = None,
    execution_type: str = "evaluator",
) -> dict[str, Any]:
    """Scores one interaction with one evaluator version and writes its execution log.

    Args:
        engine: The running engine.
        evaluator: The version run: ``id`` (None for a definition being calibrated), ``name``,
            ``version_id`` and its fields.
        inputs: The run's validated request fields.
        parent_log_id: The judge run's log, for a judge's member evaluator.
        execution_type: The log's ``execution_type``.

    Returns:
        ``score``, ``justification``, ``execution_log_id``, ``model`` and ``rendered_prompt``.
    """
    value, justification = score(engine.store, evaluator, inputs)
    template = predicate(evaluator)
    rendered = _render(template, inputs)
    log: dict[str, Any] = {
        "executed_item_id": evaluator.get("id"),
        "executed_item_name": evaluator.get("name") or "",
        "executed_item_version_id": evaluator.get("version_id"),
        "execution_type": execution_type,
        "parent_execution_log_id": parent_log_id,
        "score": value,
        "justification": justification,
        "llm_output": justification,
        "model": model(evaluator),
        "model_call_duration": 0.0,
        "cost": None,
        "evaluation_context": logs.evaluation_context(inputs),
        "variables": dict(inputs.get("variables") or {}),
        "tags": list(inputs.get("tags") or []),
        "prompt_template": template,
        "rendered_prompt": rendered,
        "scoring_criteria": template,
        "request_preview": logs.preview(inputs.get("request")),
        "response_preview": logs.preview(inputs.get("response")),
        "evaluator_latencies": [{"evaluator_name": evaluator.get("name") or "", "duration": 0.0}],
    }
    for name in ("session_id", "user_id", "system_prompt"):
        if inputs.get(name) is not None:
            log[name] = inputs[name]
    if inputs.get("turns") is not None:
        log["turns"] = [{"content": t.get("content") or "", "role": t["role"]} for t in inputs["turns"]]
    written = logs.append_log(engine, log)
    return {
        "score": value,
        "justification": justification,
        "execution_log_id": written["id"],
        "model": log["model"],
        "rendered_prompt": rendered,
    }


# -- judges -----------------------------------------------------------------------------------------------


def evaluator(engine: Engine, evaluator_id: str, version_id: str | None = None) -> dict[str, Any] | None:
    """An evaluator (the newest version, or ``version_id``) as runs read it, or None when there is none."""
    return versions.read(engine, EVALUATORS, evaluator_id, version_id)


def members(engine: Engine, references: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A judge's referenced evaluators as runs read them (pinned versions, else the newest); gone ones
    left out."""
    found = []
    for reference in references:
        version_id = reference.get("version_id")
        definition = evaluator(engine, str(reference["id"]), str(version_id) if version_id else None)
        if definition is not None:
            found.append(definition)
    return found


def _unscored(member: Mapping[str, Any], missing: Errors) -> str:
    return f"Emulated: not scored; {member.get('name')} needs {' and '.join(missing)}, which the run lacks."


def run_judge(engine: Engine, judge: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Runs a judge (the version given, as runs read it) over one interaction: every member evaluator as
    :func:`run` does, under one log of the judge run (the mean of the scores).

    A preset member that lacks an input it needs is not scored: its score is None and its justification
    says what it lacks.

    Returns:
        ``evaluator_results`` (one per member, as the spec's judge execution shows them), ``score`` (the
        mean, None when none scored) and ``execution_log_id`` (the judge run's log).
    """
    log_id = str(uuid.uuid4())
    results = []
    for member in members(engine, judge.get("evaluator_references") or []):
        missing = missing_inputs(member, inputs)
        if missing:
            # One evaluator lacking an input does not fail the judge: it is not scored.
            outcome: dict[str, Any] = {"score": None, "justification": _unscored(member, missing)}
        else:
            outcome = run(engine, member, inputs, parent_log_id=log_id)
        results.append(
            {
                "evaluator_name": member.get("name") or "",
                "score": outcome["score"],
                "justification": outcome["justification"],
                "evaluator_id": member["id"],
                "evaluator_version_id": member["version_id"],
                "confidence": None,
            }
        )
    scores = [r["score"] for r in results if r["score"] is not None]
    mean = round(sum(scores) / len(scores), 3) if scores else None
    logs.append_log(
        engine,
        {
            "id": log_id,
            "executed_item_id": judge["id"],
            "executed_item_name": judge.get("name") or "",
            "executed_item_version_id": judge.get("version_id"),
            "execution_type": "judge",
            "score": mean,
            "justification": "Emulated: the mean of the judge's evaluator scores.",
            "llm_output": "",
            "model": "",
            "model_call_duration": 0.0,
            "cost": None,
            "evaluation_context": logs.evaluation_context(inputs),
            "variables": {},
            "tags": list(inputs.get("tags") or []),
            "request_preview": logs.preview(inputs.get("request")),
            "response_preview": logs.preview(inputs.get("response")),
            "evaluator_latencies": [{"evaluator_name": r["evaluator_name"], "duration": 0.0} for r in results],
        },
    )
    return {"evaluator_results": results, "score": mean, "execution_log_id": log_id}


# -- calibration ------------------------------------------------------------------------------------------


def row_inputs(columns: Sequence[str]) -> dict[str, Any]:
    """A calibration row's inputs from its columns after the expected score: ``[response]``, or
    ``[request, response, contexts...]``."""
    inputs: dict[str, Any] = {"response": columns[-1] if columns else None}
    if len(columns) >= 2:
        inputs |= {"request": columns[0], "response": columns[1], "contexts": list(columns[2:])}
    return inputs


def calibrate(engine: Engine, evaluator: Mapping[str, Any], rows: Sequence[Sequence[str]]) -> list[dict[str, Any]]:
    """Scores each test row (``[expected score, ...columns]``, see :func:`row_inputs`) with the evaluator,
    a run and a log each; returns the rows as the spec's ``EvaluatorCalibrationOutput`` shows them."""
    results = []
    for number, row in enumerate(rows, 1):
        expected, inputs = float(row[0]), row_inputs(list(row[1:]))
        outcome = run(engine, evaluator, inputs)
        variables = {k: v for k, v in inputs.items() if k in ("request", "response") and v is not None}
        results.append(
            {
                "variables": variables,
                "model_call_duration": 0.0,
                "row_number": number,
                "result": {
                    "llm_output": outcome["justification"],
                    "model": outcome["model"],
                    "execution_log_id": outcome["execution_log_id"],
                    "rendered_prompt": outcome["rendered_prompt"],
                    "cost": None,
                    "model_call_duration": 0.0,
                    "expected_score": expected,
                    "score": outcome["score"],
                    "justification": outcome["justification"],
                },
            }
        )
    return results
