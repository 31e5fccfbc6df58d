"""Verdicts: the scores a test sets, instead of the emulator's own, for responses (or turns) matching a
pattern.

A verdict names an evaluator (an id or a name) and a regular expression searched, case-insensitively,
with RE2 in linear time (:mod:`root.emulator.patterns`):

- in a run's response (without ``turn``); a conversation without a response gives its last assistant
  turn's content (:func:`root.emulator.services.scoring.effective`);
- or, with ``turn`` (an index into the run's ``turns``, from 0; a negative one counts from the end, -1 the
  last), in that turn's text: its content, then a line per tool call with the function's name and
  arguments. A run without such a turn (a single-turn run, a shorter conversation) does not match it;
  the justification is written on that turn of the execution log too (``evaluation_justification``).

The newest matching verdict wins, in every run that scores through :mod:`root.emulator.services.scoring`
(evaluator and judge runs, calibration, calibration runs, batch executions).

They are set through the admin API (``POST /_emulator/verdicts`` with ``evaluator``, ``pattern``,
``score``, ``justification`` and ``turn``; ``GET`` lists them, ``DELETE`` clears them),
``Emulator.set_verdict`` and the pytest marker ``rootsignals_verdict``; :meth:`Engine.reset` clears them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from aiohttp import web

from root.emulator import patterns, replies
from root.emulator.engine import Engine, Resource
from root.emulator.replies import Reply
from root.emulator.store import Store, Table

PATH: Final = "/_emulator/verdicts"
TABLE: Final = Table(resource="verdicts")


def _all(store: Store) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT fields FROM records WHERE resource = ? ORDER BY seq DESC", [TABLE.resource]
    ).fetchall()
    return [json.loads(r["fields"]) for r in rows]


MAX_TURN: Final = 10_000
"""The largest ``turn`` a verdict may target (either way from the start or the end)."""


def matching(
    store: Store, evaluator: Mapping[str, Any], response: str, turns: Sequence[str] = ()
) -> tuple[dict[str, Any], int | None] | None:
    """The newest verdict set for this evaluator (by id or name) whose pattern is in ``response`` (or, for
    a verdict with a ``turn``, in that one of ``turns``, the texts of the run's turns), and the index of
    the turn it targets (None for the response); None when none matches."""
    for verdict in _all(store):
        if verdict["evaluator"] not in (evaluator.get("id"), evaluator.get("name")):
            continue
        target = verdict.get("turn")
        if target is None:
            if patterns.search(verdict["pattern"], response):
                return verdict, None
        elif -len(turns) <= target < len(turns):
            index = target % len(turns)
            if patterns.search(verdict["pattern"], turns[index]):
                return verdict, index
    return None


def set_verdict(
    engine: Engine,
    evaluator: str,
    pattern: str = "",
    score: float = 0.0,
    justification: str | None = None,
    turn: int | None = None,
) -> dict[str, Any]:
    """Makes runs of ``evaluator`` (an id or a name) whose response (or turn ``turn``) matches ``pattern``
    score ``score``.

    Args:
        engine: The running engine.
        evaluator: The evaluator's id or name (a preset's name, say ``"Politeness"``).
        pattern: A regular expression (RE2 syntax: no backreferences or lookaround; see
            :mod:`root.emulator.patterns`) searched in the run's response, case-insensitively; empty matches
            every response.
        score: The score, from 0 to 1.
        justification: The justification; None says it is a verdict set by the test.
        turn: None matches the response; an index into the run's turns (from 0; negative from the end)
            matches that turn's content and tool calls instead, and only runs that have that turn.

    Returns:
        The verdict as stored.

    Raises:
        ValueError: An empty evaluator, a pattern that does not compile, a score outside [0, 1], or a turn
            that is no integer within :data:`MAX_TURN`.
    """
    if not isinstance(evaluator, str) or not evaluator.strip():
        raise ValueError("evaluator must be an evaluator's id or name")
    if not isinstance(pattern, str):
        raise ValueError("pattern must be a regular expression (a string)")
    patterns.check(pattern)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0.0 <= score <= 1.0:
        raise ValueError(f"score must be a number from 0 to 1, not {score!r}")
    if justification is not None and not isinstance(justification, str):
        raise ValueError("justification must be a string")
    if turn is not None and (isinstance(turn, bool) or not isinstance(turn, int) or abs(turn) > MAX_TURN):
        raise ValueError(f"turn must be an index into the run's turns (from -{MAX_TURN} to {MAX_TURN}), not {turn!r}")
    where = f"turn {turn}, " if turn is not None else ""
    verdict = {
        "evaluator": evaluator.strip(),
        "pattern": pattern,
        "score": float(score),
        "justification": justification
        or f"Emulated: a verdict set by the test ({evaluator.strip()}, {where}/{pattern}/).",
    }
    if turn is not None:
        verdict["turn"] = turn
    engine.store.insert(TABLE, str(uuid.uuid4()), verdict)
    return verdict


def verdicts(engine: Engine) -> list[dict[str, Any]]:
    """The verdicts set, newest (first to match) first."""
    return _all(engine.store)


def clear_verdicts(engine: Engine) -> int:
    """Forgets every verdict; returns how many there were."""
    return engine.store.delete(TABLE)


async def _admin(engine: Engine, request: web.Request) -> Reply:
    if request.method == "DELETE":
        return replies.ok({"deleted": clear_verdicts(engine)})
    if request.method == "GET":
        return replies.ok({"verdicts": verdicts(engine)})
    if request.method != "POST":
        return replies.not_allowed(request.method, "GET, POST, DELETE")
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    unknown = sorted(set(data) - {"evaluator", "pattern", "score", "justification", "turn"})
    if unknown:
        return replies.detail(400, f"unknown verdict keys: {', '.join(unknown)}")
    try:
        verdict = set_verdict(engine, **data)
    except (TypeError, ValueError) as exc:
        return replies.detail(400, str(exc))
    return replies.ok({"verdict": verdict}, 201)


VERDICTS: Final = Resource(key="verdicts", name="Verdict", table=TABLE, parent_param="verdict")
"""Verdicts have no API paths; declared so that the engine's reset clears them (not counted as objects)."""

ADMIN: Final = {PATH: _admin}
