"""The emulator's answers as data, worded as the service (Django REST framework) words them.

A :data:`Reply` is ``(status, JSON body or None, extra headers or None)``; the application turns it into
an HTTP response (or a fault). Everything here is shared by the engine and the HTTP plumbing.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

from aiohttp import web

from root.emulator.contract import Errors

# (status, JSON body or None, extra headers or None)
Reply = tuple[int, bytes | None, Mapping[str, str] | None]
Action = Callable[[web.Request], Awaitable[Reply]]

JSON: Final = "application/json"


def dumps(obj: object) -> bytes:
    """Compact JSON, UTF-8."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def detail(status: int, text: str, headers: Mapping[str, str] | None = None) -> Reply:
    """A ``{"detail": text}`` answer."""
    return (status, dumps({"detail": text}), headers)


NOT_PROVIDED: Final = detail(401, "Authentication credentials were not provided.", {"WWW-Authenticate": "Api-Key"})
INVALID_KEY: Final = detail(401, "Invalid API key.", {"WWW-Authenticate": "Api-Key"})
FORBIDDEN: Final = detail(403, "You do not have permission to perform this action.")
NOT_FOUND: Final = detail(404, "Not found.")
INVALID_CURSOR: Final = detail(404, "Invalid cursor")
SERVER_ERROR: Final = detail(500, "A server error occurred.")
NO_CONTENT: Final[Reply] = (204, None, None)


def no_match(name: str) -> Reply:
    """DRF's 404 for an object that does not exist: ``No Model matches the given query.``"""
    return detail(404, f"No {name} matches the given query.")


def not_allowed(method: str, allow: str) -> Reply:
    """DRF's 405, with the ``Allow`` header."""
    return detail(405, f'Method "{method}" not allowed.', {"Allow": allow})


def options(name: str, allow: str) -> Reply:
    """DRF's answer to OPTIONS (without the metadata of actions)."""
    body = {"name": name, "renders": [JSON], "parses": [JSON]}
    return (200, dumps(body), {"Allow": allow})


def non_field_error(message: str) -> Reply:
    """A 400 with one ``non_field_errors`` message."""
    return (400, dumps({"non_field_errors": [message]}), None)


def bad_request(errors: Errors) -> Reply:
    """A 400 with field errors."""
    return (400, dumps(errors), None)


def ok(obj: object, status: int = 200) -> Reply:
    """A JSON answer."""
    return (status, dumps(obj), None)


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN and Infinity; JSON (and the service) does not.
    raise ValueError(f"Out of range float values are not JSON compliant: {name}")


async def read_object(request: web.Request) -> dict[str, Any] | Reply:
    """Returns the request's JSON object body (``{}`` when empty), or the error reply."""
    # Already read (and size-checked) for the request log; aiohttp keeps the bytes.
    raw = await request.read()
    if not raw:
        # Only a body that is absent counts as no data; whitespace alone is a JSON error, as in DRF.
        return {}
    content_type = request.headers.get("Content-Type", "")
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type != JSON and not media_type.endswith("+json"):
        return detail(415, f'Unsupported media type "{content_type}" in request.')
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except ValueError as exc:
        # DRF answers {"detail": ...} here, but the contract's 400 body is field errors only.
        return non_field_error(f"JSON parse error - {exc}")
    if not isinstance(data, dict):
        return non_field_error(f"Invalid data. Expected a dictionary, but got {type(data).__name__}.")
    return data
