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

MODEL_FIELDS = frozenset(SPEC["components"]["schemas"]["Model"]["properties"])
"""What a model's details hold (``get``, ``create``, ``update``), as the spec says today."""


def model_response(**values: Any) -> dict[str, Any]:
    """A model's details as the service answers them: ``values``, and null for every other field of the
    spec's ``Model``, so that a field the spec adds later does not break an exact comparison."""
    unknown = set(values) - MODEL_FIELDS
    if unknown:
        raise KeyError(f"openapi.yaml's Model has no field(s) {sorted(unknown)}")
    return {field: values.get(field) for field in MODEL_FIELDS}
