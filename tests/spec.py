"""The repository's own ``openapi.yaml``, for tests that probe its limits.

A test that checks "one past the limit is refused" reads the limit here, so that raising or lowering it
in the spec (and ``make generate``) leaves the test right instead of failing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SPEC: dict[str, Any] = yaml.safe_load((Path(__file__).resolve().parents[1] / "openapi.yaml").read_text("utf-8"))


def rule(schema: str, field: str, keyword: str) -> int:
    """A numeric rule of one property: ``rule("ModelRequest", "name", "maxLength")``."""
    value = SPEC["components"]["schemas"][schema]["properties"][field][keyword]
    if not isinstance(value, int):
        raise TypeError(f"{schema}.{field}.{keyword} is {value!r}, not a number")
    return value


NAME_MAX = rule("ModelRequest", "name", "maxLength")
URL_MAX = rule("ModelRequest", "url", "maxLength")
OUTPUT_TOKENS_MIN = rule("ModelRequest", "max_output_token_count", "minimum")
TOKENS_MIN = rule("ModelRequest", "max_token_count", "minimum")
TOKENS_MAX = rule("ModelRequest", "max_token_count", "maximum")

_WRITABLE = SPEC["components"]["schemas"]["ModelRequest"]["properties"]
MODEL_FIELDS = frozenset(
    name for name in SPEC["components"]["schemas"]["Model"]["properties"] if name == "id" or name in _WRITABLE
)
"""What a model's details hold as the emulator answers them (``get``, ``create``, ``update``): the id
and every field of the spec's ``Model`` that is also writable. A read-only field the spec adds later is
left out, as a field that is not required may be: the emulator has no value for it."""


def model_response(**values: Any) -> dict[str, Any]:
    """A model's details as the emulator answers them: ``values``, and null for every other field of
    :data:`MODEL_FIELDS`, so that a field the spec adds later does not break an exact comparison."""
    unknown = set(values) - MODEL_FIELDS
    if unknown:
        raise KeyError(f"openapi.yaml's Model has no field(s) {sorted(unknown)}")
    return {field: values.get(field) for field in MODEL_FIELDS}
