"""Verdicts: the scores a test sets, instead of the emulator's own, for responses matching a pattern.

A verdict names an evaluator (an id or a name) and a regular expression searched in a run's response,
case-insensitively, with RE2 in linear time (:mod:`root.emulator.patterns`); the newest matching one wins,
in every run that scores through :mod:`root.emulator.services.scoring` (evaluator and judge runs,
calibration, calibration runs, batch executions).

They are set through the admin API (``POST /_emulator/verdicts`` with ``evaluator``, ``pattern``,
``score`` and ``justification``; ``GET`` lists them, ``DELETE`` clears them), ``Emulator.set_verdict``
and the pytest marker ``rootsignals_verdict``; :meth:`Engine.reset` clears them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
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


def matching(store: Store, evaluator: Mapping[str, Any], response: str) -> dict[str, Any] | None:
    """The newest verdict set for this evaluator (by id or name) whose pattern is in ``response``, or None."""
    for verdict in _all(store):
        if verdict["evaluator"] in (evaluator.get("id"), evaluator.get("name")) and patterns.search(
            verdict["pattern"], response
        ):
            return verdict
    return None


def set_verdict(
    engine: Engine, evaluator: str, pattern: str = "", score: float = 0.0, justification: str | None = None
) -> dict[str, Any]:
    """Makes runs of ``evaluator`` (an id or a name) whose response matches ``pattern`` score ``score``.

    Args:
        engine: The running engine.
        evaluator: The evaluator's id or name (a preset's name, say ``"Politeness"``).
        pattern: A regular expression (RE2 syntax: no backreferences or lookaround; see
            :mod:`root.emulator.patterns`) searched in the run's response, case-insensitively; empty matches
            every response.
        score: The score, from 0 to 1.
        justification: The justification; None says it is a verdict set by the test.

    Returns:
        The verdict as stored.

    Raises:
        ValueError: An empty evaluator, a pattern that does not compile, or a score outside [0, 1].
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
    verdict = {
        "evaluator": evaluator.strip(),
        "pattern": pattern,
        "score": float(score),
        "justification": justification or f"Emulated: a verdict set by the test ({evaluator.strip()}, /{pattern}/).",
    }
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
    unknown = sorted(set(data) - {"evaluator", "pattern", "score", "justification"})
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
