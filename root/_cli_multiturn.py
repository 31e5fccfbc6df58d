"""The options by which ``rootsignals evaluators run`` and ``rootsignals judges run`` evaluate a conversation.

``--turns FILE`` is a JSON list of turns (objects with ``role``, ``content``, and ``tool_calls`` or
``tool_call_id`` for tool use), ``--tools FILE`` a JSON list of the tools the agent had (OpenAI's shape);
``-`` reads standard input (for one of them only). ``--session-id``, ``--user-id`` and
``--system-prompt`` say who had the conversation and how the agent was instructed. A file that is not
such a list is a usage error before anything is sent; the turns themselves (a role the spec does not
know ...) are checked by the SDK.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from root._cli_common import read_text

__all__ = ["add_conversation_options", "conversation"]


def add_conversation_options(parser: argparse.ArgumentParser) -> None:
    """Adds ``--turns FILE`` and ``--tools FILE`` to a run command."""
    parser.add_argument(
        "--turns",
        metavar="FILE",
        help="a JSON list of the conversation's turns to evaluate ({role, content, tool_calls...}); - reads stdin",
    )
    parser.add_argument(
        "--tools", metavar="FILE", help="a JSON list of the tools the agent had (OpenAI's shape); - reads stdin"
    )
    parser.add_argument("--session-id", metavar="ID", help="the session the conversation belongs to")
    parser.add_argument("--user-id", metavar="ID", help="the end user who had the conversation")
    parser.add_argument("--system-prompt", metavar="TEXT", help="the system prompt the agent was given")


def conversation(args: argparse.Namespace, parser: argparse.ArgumentParser) -> dict[str, Any]:
    """The ``turns``, ``tools``, ``session_id``, ``user_id`` and ``system_prompt`` the options give (only
    those given), read and checked; a file that is no JSON list of objects is a usage error (exit 2), and
    nothing is sent."""
    if args.turns == "-" and args.tools == "-":
        parser.error("--turns and --tools cannot both read standard input; give one of them a file")
    given: dict[str, Any] = {}
    for option in ("turns", "tools"):
        path = getattr(args, option)
        if path is not None:
            given[option] = _json_list(path, f"--{option}", parser)
    for option in ("session_id", "user_id", "system_prompt"):
        if getattr(args, option) is not None:
            given[option] = getattr(args, option)
    return given


def _json_list(path: str, option: str, parser: argparse.ArgumentParser) -> list[dict[str, Any]]:
    where = "standard input" if path == "-" else repr(path)
    text = read_text(parser, option, path)
    try:
        value = json.loads(text)
    except ValueError as exc:
        parser.error(f"{option} {where} is not JSON: {exc}; nothing was sent")
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        parser.error(f"{option} {where} must be a JSON list of objects; nothing was sent")
    return value
