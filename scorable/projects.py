"""The Projects sub-API of the ``scorable`` face: :mod:`root.projects`'s, the very same names.

The official SDK 1.15 kept this module's API as 1.6 had it, or added to it, so both faces share it.
"""

from __future__ import annotations

from typing import Any

import root.projects as _origin
from root.projects import *  # noqa: F403
from root.projects import __all__ as __all__


def __getattr__(name: str) -> Any:
    # The names root.projects offers on first use (and the message for a name it leaves out on purpose).
    return getattr(_origin, name)
