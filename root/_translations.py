"""The values of the official SDK 1.6 that today's service refuses, and what is sent instead.

A program written for 1.6 passes (or gets as a default) values of the 1.6 contract. Where today's
contract (the Scorable API) no longer accepts such a value, the SDK sends the value that means the same
today. This table is the one place that knows them; :func:`root._operations.request_body` applies it to
every request body, so a value is translated whichever method carried it. Each row is listed in
docs/compatibility.md ("Translations to today's service").

Translations never widen who can see an object: a 1.6 value with no exact match today becomes the
narrower one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

__all__ = ["TODAY", "translated"]

_VISIBILITY: Final[Mapping[str, str]] = {
    # 1.6's VisibilityEnum was global / listed / unlisted; today's is public / private.
    "global": "public",
    "listed": "private",  # listed in the organization, not public: private is the narrower match
    "unlisted": "private",
}

TODAY: Final[Mapping[tuple[str, str], Mapping[str, str]]] = {
    # judges.generate(visibility="unlisted") is 1.6's default; "public" was sent as "global".
    ("JudgeGeneratorRequest", "visibility"): _VISIBILITY,
    ("JudgeRequest", "visibility"): _VISIBILITY,
    ("PatchedJudgeRequest", "visibility"): _VISIBILITY,
}
"""(request model, field) -> {1.6 value: today's value}."""


def translated(model_name: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` of a request body of the model ``model_name``, with 1.6 values replaced by today's.

    A value given as an enum member counts by its ``value``; any value the table does not list is kept.
    """
    result = dict(fields)
    for name, value in fields.items():
        table = TODAY.get((model_name, name))
        if table is None:
            continue
        key = getattr(value, "value", value)
        if isinstance(key, str) and key in table:
            result[name] = table[key]
    return result
