"""Python SDK for the Root Signals API.

``from root import RootSignals`` is all most programs need. Importing :mod:`root` is cheap: the client
class, the generated code and the HTTP libraries load only when they are first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["RootSignals", "__version__"]

if TYPE_CHECKING:
    from root.client import RootSignals


def __getattr__(name: str) -> Any:
    if name == "RootSignals":
        from root.client import RootSignals

        return RootSignals
    raise AttributeError(f"module 'root' has no attribute {name!r}")
