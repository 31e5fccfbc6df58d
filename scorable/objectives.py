"""The Objectives sub-API of the ``scorable`` face: :mod:`root.objectives`'s, the very same names.

The official SDK 1.15 kept this module's API as 1.6 had it, or added to it, so both faces share it.
"""

from __future__ import annotations

import root.objectives as _origin
from root._official_names import module_attributes
from root.objectives import *  # noqa: F403
from root.objectives import __all__ as __all__

# 1.15's own offered names, then the names root.objectives offers on first use (and the message for a
# name it leaves out on purpose).
__getattr__, _ = module_attributes(__name__, fallback=_origin)
