"""Verdict patterns, matched in time linear in the response: RE2, never a backtracking engine.

A test's verdict pattern (:func:`root.emulator.services.verdicts.set_verdict`) is searched in every
run's response on the emulator's one event loop. Python's :mod:`re` backtracks: ``^(a+)+$`` against
``"a" * 28 + "!"`` takes seconds, and every other request would wait. RE2 (the ``google-re2`` package of
the ``emulator`` extra) guarantees time linear in the input, so no pattern can stall the emulator.

Its syntax is Python's without what needs backtracking: no backreferences (``\\1``) and no lookaround
(``(?=...)``, ``(?<!...)``); such a pattern is refused when the verdict is set. Matching is
case-insensitive, and the pattern is searched anywhere in the response.
"""

from __future__ import annotations

from typing import Any, Final

try:
    import re2
except ModuleNotFoundError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    MISSING: ModuleNotFoundError | None = exc
else:
    MISSING = None

MAX_PATTERN_MEMORY: Final = 8 << 20
"""The most memory, in bytes, one compiled pattern may take (RE2's default); a larger one is refused."""


def _options() -> Any:
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False  # an invalid pattern is the caller's ValueError, not a line on stderr
    options.max_mem = MAX_PATTERN_MEMORY
    return options


def check(pattern: str) -> None:
    """Raises ValueError, saying why, when RE2 cannot compile ``pattern``."""
    try:
        re2.compile(pattern, _options())
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else exc
        raise ValueError(f"pattern is not an RE2 regular expression: {reason}") from None


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` (checked with :func:`check`) occurs in ``text``, case-insensitively."""
    return re2.compile(pattern, _options()).search(text) is not None
