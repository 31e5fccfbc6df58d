"""The generated clients, under the names the official SDK 1.15 gives them.

``scorable.generated.openapi_client`` (synchronous) and ``scorable.generated.openapi_aclient``
(asynchronous), and every module below them, are the very modules of ``root.generated``: importing
``scorable.generated.openapi_client.models.evaluator_reference_request`` gives
``root.generated.openapi_client.models.evaluator_reference_request``, the same module object, so a class
imported by either name is one class (``isinstance`` and ``except`` work across the two faces) and no
code is loaded twice. A finder on ``sys.meta_path``, installed when this package is imported, maps the
names.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from types import ModuleType
from typing import Final

__all__ = ["openapi_aclient", "openapi_client"]

ALIAS: Final = "scorable.generated."
TARGET: Final = "root.generated."


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``scorable.generated.X`` as ``root.generated.X``; the module is ``root.generated.X`` itself."""

    def __init__(self) -> None:
        self._specs: dict[str, importlib.machinery.ModuleSpec | None] = {}

    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(ALIAS):
            return None
        original = TARGET + fullname[len(ALIAS) :]
        if importlib.util.find_spec(original) is None:
            return None  # the usual ModuleNotFoundError, naming the module asked for
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(TARGET + spec.name[len(ALIAS) :])
        self._specs[spec.name] = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The module ran when root.generated's name imported it. The import system has just set its
        # __spec__ to the alias's: give it back its own, so that it stays what it was.
        module.__spec__ = self._specs.pop(ALIAS + module.__name__[len(TARGET) :], module.__spec__)


def _install() -> None:
    if not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Alias())


_install()


def __getattr__(name: str) -> ModuleType:
    # ``import scorable.generated`` then ``scorable.generated.openapi_client``, as 1.15 allowed.
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
