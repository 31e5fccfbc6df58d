"""The CalibrationRuns sub-API of the ``scorable`` face: :mod:`root.calibration_runs`'s, the very same names.

The official SDK 1.15 kept this module's API as 1.6 had it, or added to it, so both faces share it.
"""

from __future__ import annotations

from typing import Any

import root.calibration_runs as _origin
from root.calibration_runs import *  # noqa: F403
from root.calibration_runs import __all__ as __all__


def __getattr__(name: str) -> Any:
    # The names root.calibration_runs offers on first use (and the message for a name it leaves out on purpose).
    return getattr(_origin, name)
