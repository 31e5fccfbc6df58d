"""Type checkers see the real signatures: ``root/models.pyi`` is ``root/models.py`` without ``_client``,
and mypy reports every wrong call in tests/typing_wrong_calls.py and nothing in tests/typing_check.py."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest
from mypy import api as mypy_api

from root.models import Models

HERE = Path(__file__).resolve().parent
STUB = HERE.parent / "root" / "models.pyi"
RIGHT = HERE / "typing_check.py"
WRONG = HERE / "typing_wrong_calls.py"
INJECTED = "_client"
"""The parameter the decorators supply, which callers never pass."""


def _stub_methods() -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    (models,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Models"]
    return {
        node.name: node
        for node in models.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_")
    }


def _public_methods() -> list[str]:
    return sorted(name for name, _ in inspect.getmembers(Models, inspect.isfunction) if not name.startswith("_"))


def test_the_stub_has_every_public_method() -> None:
    assert sorted(_stub_methods()) == _public_methods(), "root/models.pyi and root/models.py list other methods"


def _stub_parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, str, str, str | None]]:
    arguments = node.args
    positional = arguments.posonlyargs + arguments.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(arguments.defaults)) + list(arguments.defaults)
    found = [
        (a.arg, "POSITIONAL_OR_KEYWORD", ast.unparse(a.annotation) if a.annotation else "", d)
        for a, d in zip(positional, defaults, strict=True)
    ]
    found += [
        (a.arg, "KEYWORD_ONLY", ast.unparse(a.annotation) if a.annotation else "", d)
        for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True)
    ]
    return [(name, kind, annotation, None if d is None else ast.unparse(d)) for name, kind, annotation, d in found]


@pytest.mark.parametrize("name", _public_methods())
def test_the_stub_is_the_implementation_without_the_injected_client(name: str) -> None:
    stub = _stub_methods()[name]
    implementation = inspect.unwrap(getattr(Models, name))
    signature = inspect.signature(implementation)
    expected = [
        (p.name, p.kind.name, str(p.annotation), None if p.default is inspect.Parameter.empty else repr(p.default))
        for p in signature.parameters.values()
        if p.name not in ("self", INJECTED)
    ]
    got = [p for p in _stub_parameters(stub) if p[0] != "self"]
    assert [p[:3] for p in got] == [p[:3] for p in expected], f"{name}: parameters differ from root/models.py"
    for (parameter, _, _, stub_default), (_, _, _, default) in zip(got, expected, strict=True):
        # ``...`` stands for a default a stub cannot spell (NOT_GIVEN); any other default is exact.
        assert (stub_default is None) == (default is None), f"{name}({parameter}): default given in one only"
        if stub_default != "...":
            assert stub_default == default, f"{name}({parameter}): default {stub_default} here, {default} there"
    assert stub.returns is not None
    assert ast.unparse(stub.returns) == str(signature.return_annotation), f"{name}: return type differs"
    # Awaited methods are ``async def`` in both; ``alist`` is called without await and is iterated.
    assert isinstance(stub, ast.AsyncFunctionDef) == inspect.iscoroutinefunction(implementation), name


def _mypy(*paths: Path) -> dict[tuple[str, int], list[str]]:
    """mypy --strict's errors on ``paths``: ``{(file name, line): [error codes]}``."""
    stdout, stderr, status = mypy_api.run(["--strict", "--show-error-codes", "--no-error-summary", *map(str, paths)])
    assert status in (0, 1), f"mypy failed to run:\n{stdout}{stderr}"
    errors: dict[tuple[str, int], list[str]] = {}
    for line in stdout.splitlines():
        match = re.match(r"^(.+?):(\d+): error: .*\[([\w-]+)\]$", line)
        if match:
            errors.setdefault((Path(match.group(1)).name, int(match.group(2))), []).append(match.group(3))
    return errors


def _expected_wrong_calls() -> dict[int, str]:
    expected = {}
    for number, line in enumerate(WRONG.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.search(r"# wrong: ([\w-]+)$", line)
        if match:
            expected[number] = match.group(1)
    return expected


def test_mypy_reports_each_wrong_call_and_no_right_one() -> None:
    errors = _mypy(RIGHT, WRONG)
    right = {line: codes for (file, line), codes in errors.items() if file == RIGHT.name}
    assert not right, f"mypy reports right calls as errors: {right}"
    reported = {line: codes for (file, line), codes in errors.items() if file == WRONG.name}
    expected = _expected_wrong_calls()
    assert len(expected) >= 20
    missed = {line: code for line, code in expected.items() if code not in reported.get(line, [])}
    assert not missed, f"mypy does not report these wrong calls (line: expected code): {missed}; it says {reported}"
    unexpected = {line: codes for line, codes in reported.items() if line not in expected}
    assert not unexpected, f"mypy reports errors on lines not marked wrong: {unexpected}"
