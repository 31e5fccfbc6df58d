"""Conversations to evaluate: the types of a run's ``turns`` and ``tools``.

A run of an evaluator, a preset evaluator or a judge can score a whole conversation instead of one
request and response: pass ``turns``, a list of :data:`Turn` (each a role, its content, and the tool
calls an assistant made or the answer a tool gave), and ``tools``, the catalog of tools the assistant
had, as OpenAI-style function definitions::

    from root.multiturn import Role, Turn

    turns = [
        Turn(role=Role.USER, content="What is the weather in Paris?"),
        Turn(role=Role.ASSISTANT, tool_calls=[{"id": "c1", "type": "function",
                                               "function": {"name": "weather", "arguments": '{"city": "Paris"}'}}]),
        Turn(role=Role.TOOL, tool_call_id="c1", content="18 degrees, sunny"),
        Turn(role=Role.ASSISTANT, content="It is 18 degrees and sunny in Paris."),
    ]
    client.evaluators.Helpfulness(turns=turns, tools=[{"type": "function", "function": {"name": "weather"}}])

``Turn`` is the generated ``MessageTurnRequest`` of the synchronous package, the name the official SDK
1.15 gives it. Wherever turns are taken, the asynchronous package's ``MessageTurnRequest`` and plain
dicts of the same fields are accepted too; every turn is checked against the API's rules (a known
``role``, ...) before anything is sent.
"""

# ruff: noqa: UP006, UP007, UP035

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Union

from root.generated.openapi_aclient.models.message_turn_request import MessageTurnRequest as _AMessageTurnRequest
from root.generated.openapi_client.models.message_turn_request import MessageTurnRequest as Turn
from root.generated.openapi_client.models.role_enum import RoleEnum as _RoleEnum

__all__ = ["AnyTurn", "Role", "Tool", "Turn", "Turns"]

Turns = List[Turn]
"""A multi-turn conversation: its turns, in order."""

AnyTurn = Union[Turn, _AMessageTurnRequest, Mapping[str, Any]]
"""What a run takes as one turn: a :data:`Turn`, the asynchronous package's ``MessageTurnRequest``, or a
dict of the same fields (``role``, ``content``, ``contexts``, ``tool_calls``, ``tool_call_id``)."""

Role = _RoleEnum
"""A turn's role: ``Role.USER``, ``Role.ASSISTANT`` or ``Role.TOOL`` (the generated ``RoleEnum``; its text
values, ``"user"`` ..., are accepted as well)."""

Tool = Dict[str, Any]
"""One tool of a run's ``tools`` catalog, as OpenAI defines a function tool.

For example ``{"type": "function", "function": {"name": "weather", "parameters": {...}}}``."""
