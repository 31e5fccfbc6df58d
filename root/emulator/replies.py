"""The emulator's answers as data, worded as the service (Django REST framework) words them.

A :data:`Reply` is ``(status, JSON body or None, extra headers or None)``; the application turns it into
an HTTP response (or a fault). Everything here is shared by the engine and the HTTP plumbing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

from aiohttp import web

from root.emulator.contract import Errors

# (status, JSON body or None, extra headers or None)
Reply = tuple[int, bytes | None, Mapping[str, str] | None]
Action = Callable[[web.Request], Awaitable[Reply]]

JSON: Final = "application/json"


MAX_JSON_DEPTH: Final = 100
"""The deepest nesting of arrays and objects a request body may have; the spec's bodies need a handful."""


def dumps(obj: object) -> bytes:
    """Compact JSON, UTF-8; never ``NaN`` or ``Infinity``, which are not JSON (ValueError instead)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


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


def unsupported_media_type() -> Reply:
    """DRF's 415, without the request's ``Content-Type``: no header value is ever echoed."""
    return detail(415, "Unsupported media type in request.")


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN and Infinity; JSON (and the service) does not.
    raise ValueError(f"Out of range float values are not JSON compliant: {name}")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        # 1e400 reads as infinity, which could be stored but never sent back as JSON.
        raise ValueError(f"Out of range float values are not JSON compliant: {text[:20]}")
    return value


def _check_storable(data: Any) -> None:
    """Raises ValueError for nesting deeper than :data:`MAX_JSON_DEPTH` or a string that is not Unicode text.

    Iterative, so that no depth makes it recurse; a lone surrogate (``"\\ud800"``) parses, but cannot be
    encoded as UTF-8, so it could be neither stored nor sent back.
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("Strings must be Unicode text; a lone surrogate is not.") from None
        elif isinstance(value, (dict, list)):
            if depth > MAX_JSON_DEPTH:
                raise ValueError(f"Nesting deeper than {MAX_JSON_DEPTH} levels.")
            items = list(value.items()) if isinstance(value, dict) else [(None, v) for v in value]
            for key, item in items:
                if key is not None:
                    stack.append((key, depth))
                stack.append((item, depth + 1))


def parse_json(raw: bytes) -> Any:
    """Parses a JSON request body as the emulator can store and answer it.

    Raises:
        ValueError: It is not JSON, or holds ``NaN``/``Infinity`` or a number out of float range, nesting
            deeper than :data:`MAX_JSON_DEPTH`, or a string that is not Unicode text (the message says
            which, and never quotes the body).
    """
    try:
        data = json.loads(raw, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise ValueError(f"Nesting deeper than {MAX_JSON_DEPTH} levels.") from None
    _check_storable(data)
    return data


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
        return unsupported_media_type()
    try:
        data = parse_json(raw)
    except ValueError as exc:
        # DRF answers {"detail": ...} here, but the contract's 400 body is field errors only.
        return non_field_error(f"JSON parse error - {exc}")
    if not isinstance(data, dict):
        return non_field_error(f"Invalid data. Expected a dictionary, but got {type(data).__name__}.")
    return data
