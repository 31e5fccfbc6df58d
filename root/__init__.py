"""Python SDK for the Root Signals API.

``from root import RootSignals`` is all most programs need. Importing :mod:`root` is cheap: the client
class, the generated code and the HTTP libraries load only when they are first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from root._version import __version__

__all__ = ["NOT_GIVEN", "RootSignals", "Timeout", "__version__"]

if TYPE_CHECKING:
    from root._config import NOT_GIVEN, Timeout
    from root.client import RootSignals


def __getattr__(name: str) -> Any:
    # Lazy, so that `import root` alone costs next to nothing.
    if name == "RootSignals":
        from root.client import RootSignals

        return RootSignals
    if name in ("Timeout", "NOT_GIVEN"):
        from root import _config

        return getattr(_config, name)
    if name in ("client", "generated"):
        # The official SDK 1.6 imported these subpackages with root; here they load on first use.
        import importlib

        return importlib.import_module(f"root.{name}")
    raise AttributeError(f"module 'root' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "client", "generated"})
