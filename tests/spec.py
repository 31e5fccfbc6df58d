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
