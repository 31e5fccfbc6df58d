"""Which operations of ``openapi.yaml`` the handwritten sub-APIs call, read from their sources.

A sub-API method names its operation in its one call into :mod:`root._operations`:
``self._operations.call("models_retrieve", ...)`` (or ``acall``, ``iterate``, ``aiterate``, ``collect``,
``acollect``, on whichever object holds the operations: ``self._bound()``, ``self._objectives``), or the
``@checks_at_call("datasets_list", ...)`` decorator. This module is the one reader of those calls: the
coverage test (tests/test_contract_coverage.py), the docs build (docs/conf.py) and the reference notes
(docs/reference_notes.py) all use it. It walks the syntax tree, so a call split over lines, a comment or
a string that merely looks like a call changes nothing.

``import root`` never loads it; it imports only the standard library.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Final

__all__ = ["OPERATION_VERBS", "operation_call", "operations_called", "operations_in"]

OPERATION_VERBS: Final = frozenset({"call", "acall", "iterate", "aiterate", "collect", "acollect", "checks_at_call"})
"""The names of the calls (and the decorator) that take an operationId as their first argument."""

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def _callee_name(node: ast.Call) -> str:
    """``call`` for ``self._operations.call(...)``, ``checks_at_call`` for ``checks_at_call(...)``."""
    return ast.unparse(node.func).rsplit(".", 1)[-1]


def _names_an_operation(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and _callee_name(node) in OPERATION_VERBS
        and bool(node.args)
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def operation_call(node: FunctionNode) -> ast.Call | None:
    """The function's call into ``root._operations`` (in its decorators or its body), if it makes one."""
    for child in [*node.decorator_list, *ast.walk(node)]:
        if _names_an_operation(child):
            return child  # type: ignore[return-value]  # _names_an_operation checked that it is an ast.Call
    return None


def operations_in(source: str) -> set[str]:
    """Every operationId that a module's source hands to ``root._operations``."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if _names_an_operation(node):
            found.add(node.args[0].value)  # type: ignore[attr-defined]  # checked: a str constant
    return found


def _modules(package: Path, *, public_only: bool) -> Iterator[Path]:
    for path in sorted(package.glob("*.py")):
        if not (public_only and path.name.startswith("_")):
            yield path


def operations_called(package: Path, *, public_only: bool = False) -> set[str]:
    """The operationIds that the modules directly under ``package`` (``root/*.py``) call.

    Args:
        package: The package's directory (``REPO / "root"``).
        public_only: Read only the public modules (the sub-APIs), not ``_operations.py`` and the like.
    """
    found: set[str] = set()
    for path in _modules(package, public_only=public_only):
        found |= operations_in(path.read_text(encoding="utf-8"))
    return found
