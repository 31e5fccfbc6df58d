"""Judges made without an account (claimed later), and judges' synthetic data.

- Claims: the service hands a temporary user a ``claim_token`` with the judge it generated; the
  emulator's one user is never temporary, so a test makes a token through the admin API
  (``POST /_emulator/claim-tokens`` with ``{"judge_id": ...}``, or ``Emulator.add_claim_token``).
  ``POST /v1/judges/claim/`` with it answers the judge (given ``project_id``, now in that project) and
  uses the token up; an unknown or used token is a 400 on ``claim_token``, a judge deleted since a 404.
- ``GET /v1/judges/{judge_id}/synthetic-data/``: a judge the emulator generated (``_meta.emulated``)
  has ``ready`` samples, one good and one poor response per evaluator it was generated with, made up
  from the intent and labelled as emulated (the same judge always gets the same samples); any other
  judge has ``not_generated`` and none.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource
from root.emulator.replies import Reply
from root.emulator.resources import judges
from root.emulator.store import Table, fields_of

CLAIM: Final = "/v1/judges/claim/"
SYNTHETIC_DATA: Final = "/v1/judges/{judge_id}/synthetic-data/"
ADMIN_PATH: Final = "/_emulator/claim-tokens"
TOKENS: Final = Table(resource="judge_claim_tokens")
UNKNOWN_CLAIM: Final = "Invalid or already used claim token."


def add_claim_token(engine: Engine, judge_id: str) -> dict[str, str]:
    """Makes a claim token for a judge, as the service hands one out with a judge it generated for a
    temporary user; returns ``{"claim_token": ..., "judge_id": ...}``.

    Raises:
        KeyError: There is no such judge.
    """
    if engine.store.get(judges.TABLE, judge_id) is None:
        raise KeyError(judge_id)
    token = str(uuid.uuid4())
    engine.store.insert(TOKENS, token, {"judge_id": judge_id})
    return {"claim_token": token, "judge_id": judge_id}


async def _claim(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(CLAIM, "POST").body
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    token = engine.store.get(TOKENS, str(uuid.UUID(str(values["claim_token"]))))
    if token is None:
        return replies.bad_request({"claim_token": [UNKNOWN_CLAIM]})
    engine.store.delete(TOKENS, token["id"])
    judge_id = str(fields_of(token)["judge_id"])
    if "project_id" in values:
        engine.change(judges.JUDGES, judge_id, {"project_id": values["project_id"]})
    row = engine.store.get(judges.TABLE, judge_id)
    if row is None:
        return replies.no_match("Judge")
    return replies.ok(engine.show(judges.JUDGES, row, "GET"))


def _samples(judge: dict[str, Any]) -> list[dict[str, str]]:
    intent = str(judge.get("intent") or "")[:200]
    samples = []
    for preset in (judge.get("_meta") or {}).get("presets") or []:
        request = f"Emulated request for a judge of {intent!r}, checked for {preset}."
        good = f"Emulated response that meets {preset}: made up by the emulator, not by a model."
        poor = f"Emulated response that fails {preset}: made up by the emulator, not by a model."
        samples += [{"quality": "high", "request": request, "response": good}]
        samples += [{"quality": "low", "request": request, "response": poor}]
    return samples


async def _synthetic_data(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    try:
        row = engine.store.get(judges.TABLE, str(uuid.UUID(request.match_info["judge_id"])))
    except ValueError:
        row = None
    if row is None:
        return replies.no_match("Judge")
    judge = fields_of(row)
    if not (judge.get("_meta") or {}).get("emulated"):
        return replies.ok({"status": "not_generated", "name": None, "description": None, "samples": []})
    name = f"{judge.get('name') or 'Judge'}: emulated samples"
    description = "Emulated: made up by the Root Signals emulator from the judge's intent, not by a model."
    return replies.ok({"status": "ready", "name": name, "description": description, "samples": _samples(judge)})


async def _admin(engine: Engine, request: web.Request) -> Reply:
    if request.method != "POST":
        return replies.not_allowed(request.method, "POST")
    try:
        data = replies.parse_json(await request.read() or b"{}")
    except ValueError as exc:
        return replies.detail(400, f"JSON parse error - {exc}")
    judge_id = data.get("judge_id") if isinstance(data, dict) else None
    try:
        return replies.ok(add_claim_token(engine, str(judge_id)), 201)
    except KeyError:
        return replies.detail(400, f"No judge {str(judge_id)[:100]!r}: give the judge_id of an existing judge.")


CLAIMS: Final = Resource(
    key="judge_claim_tokens",
    name="Judge",
    table=TOKENS,
    actions={
        (CLAIM, "POST"): _claim,
        (SYNTHETIC_DATA, "GET"): _synthetic_data,
        (SYNTHETIC_DATA, "HEAD"): _synthetic_data,
    },
    snapshot=lambda store, query: {"judge_claim_tokens": store.count(TOKENS)},
)
"""Claim tokens (cleared by reset) and the actions on judges."""
ADMIN: Final = {ADMIN_PATH: _admin}
