"""The Annotations sub-API of the ``scorable`` face: :mod:`root.annotations`'s, the very same names.

The official SDK 1.15 kept this module's API as 1.6 had it, or added to it, so both faces share it.
"""

from __future__ import annotations

from typing import Any

import root.annotations as _origin
from root.annotations import *  # noqa: F403
from root.annotations import __all__ as __all__


def __getattr__(name: str) -> Any:
    # The names root.annotations offers on first use (and the message for a name it leaves out on purpose).
    return getattr(_origin, name)
