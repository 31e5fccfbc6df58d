"""Model configurations tried before they are saved: ``POST /v1/models/verify/``.

No model runs offline, so nothing is called and nothing is saved. The answer says what the emulator
knows: a configuration whose ``model`` names a model the emulator has (a built-in, ``root``, or one
the user created) or that gives a ``url`` (a self-hosted model, which the emulator cannot reach) is
answered ``success: true``, with an emulated ``response`` and zero ``usage``; any other is
``success: false`` with an ``error`` that names the model. ``api_key`` is write-only: checked, never
stored, logged or answered.
"""

from __future__ import annotations

from typing import Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource
from root.emulator.replies import Reply
from root.emulator.resources.evaluators import known_model
from root.emulator.store import Table

VERIFY: Final = "/v1/models/verify/"
EMULATED_RESPONSE: Final = "Emulated: the Root Signals emulator calls no model; this configuration was not tried."


async def _verify(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(VERIFY, "POST").body
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    model = str(values["model"])
    if values.get("url") or known_model(engine.store, model):
        usage = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
        return replies.ok(
            {"success": True, "response": EMULATED_RESPONSE, "error": None, "model": model, "usage": usage}
        )
    error = f"Emulated: no model named {model!r} is known to the emulator (a built-in or one you created)."
    return replies.ok({"success": False, "response": None, "error": error[:1000], "model": model, "usage": None})


MODEL_VERIFY: Final = Resource(
    key="model_verify",
    name="Model",
    table=Table(resource="model_verify"),
    actions={(VERIFY, "POST"): _verify},
    snapshot=lambda store, query: {},
)
"""An action on models; the table of its own stays empty (the engine needs one)."""
