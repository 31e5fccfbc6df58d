"""What to say when the packages of the ``emulator`` extra are missing. Imports nothing but the standard library."""

from __future__ import annotations

from typing import Final

MISSING_EXTRA_MESSAGE: Final = (
    "The emulator needs extra packages: install the SDK with its emulator extra (openapi-core), "
    "e.g. pip install -e '.[emulator]' in a clone of the SDK"
)


class MissingExtraError(ImportError):
    """The packages of the ``emulator`` extra (``openapi-core``, ``google-re2``) are not installed."""

    def __init__(self) -> None:
        super().__init__(MISSING_EXTRA_MESSAGE)
