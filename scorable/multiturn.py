"""Conversations to evaluate: a run's ``turns`` is a list of :data:`Turn`.

``Turn`` is the generated ``MessageTurnRequest`` (``role``, ``content``, ``tool_calls``,
``tool_call_id``, ``contexts``), as in the official SDK 1.15. Runs also take the asynchronous package's
``MessageTurnRequest``, or dicts of the same shape.
"""

# ruff: noqa: UP006, UP035

from __future__ import annotations

from typing import List

from root.generated.openapi_client.models.message_turn_request import MessageTurnRequest as Turn

Turns = List[Turn]
"""A conversation: its turns, in order."""

__all__ = ["Turn", "Turns"]
