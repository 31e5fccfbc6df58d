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

A conversation (``turns``, with ``tools``, the catalog of tools the agent had) is scored the same way:
its turns and tools are inputs of the hash, and a run with turns but no ``request`` or ``response``
reads them from the turns (:func:`effective`; the answering turn's contexts stand for ``contexts``), for
the presets that need them, the verdicts and the log's previews and evaluation context. The log shows
the turns (role, content, contexts, tool calls), the justification counts the turns and tool calls and
names the tools offered, and a verdict that targets a turn writes its justification on that turn.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final, overload

from root._presets import REQUIREMENTS, load_presets
from root.emulator.contract import Errors
from root.emulator.engine import Engine
from root.emulator.services import logs, verdicts, versions
from root.emulator.store import Store

EVALUATORS: Final = "evaluators"
"""The evaluators' resource key: what a judge's references and a run's evaluator id name."""
STANDARD_INPUTS: Final = ("request", "response", "contexts", "expected_output", "functions", "turns", "tools")
PLACEHOLDER: Final = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
DEFAULT_MODEL: Final = "root"
"""The model a run reports when the evaluator names none: the service's own choice."""
REQUIRED: Final = "This field is required."
NO_TOOL_CALL: Final = "No turn calls a tool: this evaluator scores the tools an agent called."
"""The field error on ``turns`` of a run of a preset that needs ``tool_calls`` and has none."""
EMULATED: Final = (
    "Emulated: no model ran. The Root Signals emulator derives this score from the evaluator's version "
    "and the inputs, so the same inputs always score the same."
)
_SCORED: Final = (*STANDARD_INPUTS, "variables")
"""What a score depends on besides the version (tags, a session id ... do not change it)."""


def predicate(fields: Mapping[str, Any]) -> str:
    """An evaluator's predicate: its ``scoring_criteria``, else its ``prompt``."""
    return str(fields.get("scoring_criteria") or fields.get("prompt") or "")


def _hash_score(version_id: str, inputs: Mapping[str, Any]) -> float:
    scored = {name: inputs[name] for name in _SCORED if inputs.get(name) not in (None, "", [], {})}
    text = json.dumps([version_id, scored], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).digest()
    return round(int.from_bytes(digest[:8], "big") / 2**64, 3)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def turns_of(inputs: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A run's turns (its ``turns`` that are objects; none for a single-turn run)."""
    return [turn for turn in inputs.get("turns") or () if isinstance(turn, Mapping)]


def tool_calls(turn: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The tool calls of one turn (those that are objects)."""
    calls = turn.get("tool_calls")
    return [call for call in calls if isinstance(call, Mapping)] if isinstance(calls, list) else []


def _tool_name(item: Mapping[str, Any]) -> str:
    """The function a tool call calls, or a tool of the catalog names (OpenAI's shape: ``function.name``)."""
    function = item.get("function")
    name = function.get("name") if isinstance(function, Mapping) else item.get("name")
    return _text(name)


def turn_text(turn: Mapping[str, Any]) -> str:
    """What a verdict that targets a turn searches: its content, then one line per tool call (the
    function's name and arguments)."""
    lines = [_text(turn.get("content"))]
    for call in tool_calls(turn):
        function = call.get("function")
        arguments = function.get("arguments") if isinstance(function, Mapping) else None
        shown = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False, default=str)
        lines.append(f"{_tool_name(call)} {shown if arguments is not None else ''}".rstrip())
    return "\n".join(lines)


class _TurnTexts(Sequence[str]):
    """The texts of a run's turns (:func:`turn_text`), each made only when a verdict reads it."""

    def __init__(self, turns: Sequence[Mapping[str, Any]]) -> None:
        self._turns = turns

    def __len__(self) -> int:
        return len(self._turns)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [turn_text(turn) for turn in self._turns[index]]
        return turn_text(self._turns[index])


def effective(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """A run's inputs, with a conversation standing for what it lacks: without ``request``, the last user
    turn's content; without ``response``, the last assistant turn's content (one with content); without
    ``contexts``, that assistant turn's contexts."""
    found = dict(inputs)
    said = {
        role: [t for t in turns_of(inputs) if t.get("role") == role and _text(t.get("content"))]
        for role in ("user", "assistant")
    }
    if inputs.get("request") in (None, "") and said["user"]:
        found["request"] = said["user"][-1]["content"]
    if inputs.get("response") in (None, "") and said["assistant"]:
        found["response"] = said["assistant"][-1]["content"]
    if not inputs.get("contexts") and said["assistant"]:
        contexts = said["assistant"][-1].get("contexts")
        if isinstance(contexts, list) and contexts:
            found["contexts"] = [str(c) for c in contexts]
    return found


def score(store: Store, evaluator: Mapping[str, Any], inputs: Mapping[str, Any]) -> tuple[float, str]:
    """The score and justification of one run: a verdict, a matching demonstration, or a hash of the
    evaluator's version and the inputs.

    Args:
        store: The emulator's store (for the verdicts).
        evaluator: The evaluator (the version run): ``id``, ``name``, ``version_id`` and its fields.
        inputs: The run's inputs (``request``, ``response``, ``contexts``, ``turns`` ...).
    """
    value, justification, _ = _scored(store, evaluator, inputs)
    return value, justification


def _scored(store: Store, evaluator: Mapping[str, Any], inputs: Mapping[str, Any]) -> tuple[float, str, int | None]:
    """:func:`score`, and the index of the turn a matching verdict targets (None if none does)."""
    seen = effective(inputs)
    found = verdicts.matching(store, evaluator, str(seen.get("response") or ""), _TurnTexts(turns_of(inputs)))
    if found is not None:
        verdict, turn = found
        return verdict["score"], verdict["justification"], turn
    for demonstration in evaluator.get("evaluator_demonstrations") or ():
        if (demonstration.get("request") or None, demonstration.get("response") or None) == (
            seen.get("request") or None,
            seen.get("response") or None,
        ):
            reason = demonstration.get("justification") or "the score of the matching demonstration"
            return float(demonstration["score"]), f"Emulated: no model ran; {reason}", None
    return _hash_score(str(evaluator.get("version_id")), inputs), EMULATED + _conversation(inputs), None


def _conversation(inputs: Mapping[str, Any]) -> str:
    """What the emulated justification says of a conversation: its turns, tool calls and tools offered."""
    turns = turns_of(inputs)
    if not turns and not inputs.get("tools"):
        return ""
    calls = [_tool_name(call) for turn in turns for call in tool_calls(turn)]
    said = f" It scored a conversation of {len(turns)} turn{'s' if len(turns) != 1 else ''}"
    said += f" with {len(calls)} tool call{'s' if len(calls) != 1 else ''}"
    named = sorted({name for name in calls if name})
    said += f" ({_listed(named)})." if named else "."
    offered = [_tool_name(tool) or "(unnamed)" for tool in inputs.get("tools") or () if isinstance(tool, Mapping)]
    if offered:
        said += f" Tools offered: {_listed(offered)}."
    return said


NAMES_SHOWN: Final = 10
"""The most tool names a justification lists (each cut to :data:`NAME_SHOWN` characters)."""
NAME_SHOWN: Final = 80


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(name[:NAME_SHOWN] for name in names[:NAMES_SHOWN])
    return shown + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")


def _requirements(evaluator: Mapping[str, Any]) -> tuple[str, ...]:
    """The requirements (:data:`root._presets.REQUIREMENTS`) of a preset evaluator's run."""
    for preset in load_presets():
        if preset.id == evaluator.get("id"):
            return tuple(name for name in preset.inputs if name in REQUIREMENTS)
    return ()


def missing_inputs(evaluator: Mapping[str, Any], inputs: Mapping[str, Any]) -> Errors:
    """The field errors of a run of a preset evaluator that lacks inputs it needs (empty when it has them
    all, and for the user's evaluators, whose missing placeholders are left empty, as the service does).

    A conversation (``turns``) stands for the ``request`` and ``response`` it lacks (:func:`effective`); a
    preset that needs ``tool_calls`` needs a turn that calls a tool."""
    if not evaluator.get("is_root_evaluator"):
        return {}
    seen = effective(inputs)
    errors: Errors = {name: [REQUIRED] for name in evaluator.get("inputs") or {} if seen.get(name) in (None, "", [])}
    called = any(tool_calls(turn) for turn in turns_of(inputs))
    if "tool_calls" in _requirements(evaluator) and "turns" not in errors and not called:
        errors["turns"] = [NO_TOOL_CALL]
    return errors


def _render(template: str, inputs: Mapping[str, Any]) -> str:
    variables = inputs.get("variables") or {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = inputs.get(name) if name in STANDARD_INPUTS else variables.get(name)
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False, default=str)
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
    value, justification, turn = _scored(engine.store, evaluator, inputs)
    seen = effective(inputs)
    template = predicate(evaluator)
    rendered = _render(template, seen)
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
        "evaluation_context": logs.evaluation_context(seen),
        "variables": dict(inputs.get("variables") or {}),
        "tags": list(inputs.get("tags") or []),
        "prompt_template": template,
        "rendered_prompt": rendered,
        "scoring_criteria": template,
        "request_preview": logs.preview(seen.get("request")),
        "response_preview": logs.preview(seen.get("response")),
        "evaluator_latencies": [{"evaluator_name": evaluator.get("name") or "", "duration": 0.0}],
    }
    for name in ("session_id", "user_id", "system_prompt"):
        if inputs.get(name) is not None:
            log[name] = inputs[name]
    if inputs.get("turns") is not None:
        log["turns"] = logs.turns(turns_of(inputs), {turn: justification} if turn is not None else {})
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
            "evaluation_context": logs.evaluation_context(effective(inputs)),
            "variables": {},
            "tags": list(inputs.get("tags") or []),
            "request_preview": logs.preview(effective(inputs).get("request")),
            "response_preview": logs.preview(effective(inputs).get("response")),
            "evaluator_latencies": [{"evaluator_name": r["evaluator_name"], "duration": 0.0} for r in results],
        }
        | _conversation_fields(inputs),
    )
    return {"evaluator_results": results, "score": mean, "execution_log_id": log_id}


def _conversation_fields(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """A judge run's log fields of the conversation and who had it (as an evaluator run's log has them)."""
    fields = {name: inputs[name] for name in ("session_id", "user_id", "system_prompt") if inputs.get(name) is not None}
    if inputs.get("turns") is not None:
        fields["turns"] = logs.turns(turns_of(inputs), {})
    return fields


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
