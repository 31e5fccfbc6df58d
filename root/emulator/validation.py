"""Request-body validation for models, with the service's (Django REST framework) error messages.

All failing fields are reported at once, as ``{"field": ["message", ...]}``. Strings are trimmed of
surrounding whitespace before they are checked and stored, as DRF does. Unlike DRF, numbers are not
accepted for string fields nor strings for integer fields: the API's JSON types are enforced exactly, so
a client that sends the wrong type finds out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

INT32_MAX: Final = 2147483647
# SQLite's INTEGER is 64-bit; the contract gives max_output_token_count no upper bound.
INT64_MAX: Final = 9223372036854775807
DEFAULT_MAX_OUTPUT_TOKEN_COUNT: Final = 4096

REQUIRED: Final = "This field is required."
NOT_NULL: Final = "This field may not be null."
NOT_BLANK: Final = "This field may not be blank."
NOT_STRING: Final = "Not a valid string."
NOT_INTEGER: Final = "A valid integer is required."


def _max_chars(n: int) -> str:
    return f"Ensure this field has no more than {n} characters."


def _min_value(n: int) -> str:
    return f"Ensure this value is greater than or equal to {n}."


def _max_value(n: int) -> str:
    return f"Ensure this value is less than or equal to {n}."


# field: (kind, nullable, allow_blank, max_length or max_value, min_value)
_FIELDS: Final[dict[str, tuple[str, bool, bool, int, int]]] = {
    "name": ("str", False, False, 100, 0),
    "model": ("str", False, False, 0, 0),
    "default_key": ("str", True, False, 0, 0),
    "max_output_token_count": ("int", False, False, INT64_MAX, 800),
    "max_token_count": ("int", True, False, INT32_MAX, 0),
    "url": ("str", True, True, 1024, 0),
}


def validate_model(data: Mapping[str, Any], *, partial: bool) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Checks a model request body.

    Args:
        data: The decoded JSON object. Keys that are not writable fields are ignored.
        partial: True for PATCH: no field is required.

    Returns:
        ``(values, errors)``: the cleaned values of the fields present, and the messages of the fields
        that failed (empty when the body is valid).
    """
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field, (kind, nullable, allow_blank, limit, minimum) in _FIELDS.items():
        if field not in data:
            if field == "name" and not partial:
                errors[field] = [REQUIRED]
            continue
        value = data[field]
        if value is None:
            if nullable:
                values[field] = None
            else:
                errors[field] = [NOT_NULL]
            continue
        if kind == "str":
            if not isinstance(value, str):
                errors[field] = [NOT_STRING]
                continue
            value = value.strip()
            if not value and not allow_blank:
                errors[field] = [NOT_BLANK]
                continue
            if limit and len(value) > limit:
                errors[field] = [_max_chars(limit)]
                continue
        else:
            # bool is a subclass of int, but true/false are not integers on the wire.
            if not isinstance(value, int) or isinstance(value, bool):
                errors[field] = [NOT_INTEGER]
                continue
            if value < minimum:
                errors[field] = [_min_value(minimum)]
                continue
            if value > limit:
                errors[field] = [_max_value(limit)]
                continue
        values[field] = value
    return values, errors


def complete_for_create(values: dict[str, Any]) -> dict[str, Any]:
    """Fills in the defaults of a new model: ``model`` is its name, optional fields are null."""
    values.setdefault("model", values["name"])
    values.setdefault("max_output_token_count", DEFAULT_MAX_OUTPUT_TOKEN_COUNT)
    values.setdefault("default_key", None)
    values.setdefault("max_token_count", None)
    values.setdefault("url", None)
    return values
