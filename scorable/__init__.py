"""The ``scorable`` face of this SDK: ``from scorable import Scorable`` gives the client with the API of
the official SDK ``scorable`` 1.15, in the same package as ``from root import RootSignals`` (the 1.6 API).

Both faces share one implementation: the same machinery, the same generated code (the modules of
``scorable.generated`` are those of ``root.generated``) and the same result and error classes. Where the
two official APIs differ, each face keeps its own shape; see docs/compatibility.md, "Two generations".
Importing :mod:`scorable` is cheap: the client loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from root._version import __version__

__all__ = ["Scorable", "__version__"]

if TYPE_CHECKING:
    from scorable.client import Scorable


def __getattr__(name: str) -> Any:
    # Lazy, so that `import scorable` alone costs next to nothing.
    if name == "Scorable":
        from scorable.client import Scorable

        return Scorable
    if name in ("client", "generated"):
        import importlib

        return importlib.import_module(f"scorable.{name}")
    raise AttributeError(f"module 'scorable' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "client", "generated"})
