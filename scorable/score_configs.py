"""The ScoreConfigs sub-API of the ``scorable`` face: :mod:`root.score_configs`'s, the very same names.

The official SDK 1.15 kept this module's API as 1.6 had it, or added to it, so both faces share it.
"""

from __future__ import annotations

from typing import Any

import root.score_configs as _origin
from root.score_configs import *  # noqa: F403
from root.score_configs import __all__ as __all__


def __getattr__(name: str) -> Any:
    # The names root.score_configs offers on first use (and the message for a name it leaves out on purpose).
    return getattr(_origin, name)
