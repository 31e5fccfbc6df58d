"""Type checkers see the real signatures: ``root/models.pyi`` is ``root/models.py`` without ``_client``
(and with the widenings in :data:`WIDENED`), mypy reports every wrong call in tests/typing_wrong_calls.py
and nothing in tests/typing_check.py, and every Python example in README.md and docs/ passes
``mypy --strict``.

An example is type-checked on its own. One that deliberately continues the page's earlier examples
(uses a name they define) is marked ``<!-- docs-test: typecheck-after-previous -->`` right before its
fence, and is checked after them; :data:`MAX_NOT_STANDALONE` keeps such examples rare.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import uuid
from collections.abc import Sequence
from pathlib import Path

import pytest
from mypy import api as mypy_api

from root import RootSignals
from root.models import Models

from .test_docs import PYTHON_FENCES, Block, extract_blocks

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STUB = REPO / "root" / "models.pyi"
RIGHT = HERE / "typing_check.py"
WRONG = HERE / "typing_wrong_calls.py"
INJECTED = "_client"
"""The parameter the decorators supply, which callers never pass."""
WIDENED = {
    ("model_id", "str"): "Union[str, uuid.UUID]",
    ("_request_timeout", "Optional[int]"): "Optional[float]",
    ("limit", "int"): "Optional[int]",
}
"""``{(parameter, models.py's annotation): the stub's}``: what the runtime accepts and the docs show, where
models.py keeps the published reference's narrower annotation. test_the_widened_types_are_accepted
checks that the runtime takes them."""


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
    expected = [(p, kind, WIDENED.get((p, annotation), annotation), d) for p, kind, annotation, d in expected]
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


def test_the_widened_types_are_accepted(client: RootSignals) -> None:
    """What the stub allows beyond models.py's annotations works at run time, over HTTP: a ``uuid.UUID``
    id, a fractional ``_request_timeout`` and ``limit=None`` (every model), for every method that takes them."""
    assert {parameter for parameter, _ in WIDENED} == {"model_id", "_request_timeout", "limit"}
    assert len(list(client.models.list(limit=None))) == len(list(client.models.list(limit=10_000)))
    model_id = uuid.UUID(client.models.create(name="widened", _request_timeout=0.5))
    assert client.models.get(model_id, _request_timeout=2.5).id == str(model_id)
    assert client.models.update(model_id, name="wider", _request_timeout=0.5).name == "wider"
    client.models.delete(model_id, _request_timeout=0.5)

    async def asynchronously() -> None:
        other = uuid.UUID(await client.models.acreate(name="async-widened", _request_timeout=0.5))
        assert (await client.models.aget(other, _request_timeout=2.5)).id == str(other)
        assert (await client.models.aupdate(other, name="wider", _request_timeout=0.5)).name == "wider"
        await client.models.adelete(other, _request_timeout=0.5)
        assert len([m async for m in client.models.alist(limit=None)]) == len(list(client.models.list(limit=None)))

    asyncio.run(asynchronously())


# -- the documentation's examples ------------------------------------------------------------------------

DOC_PAGES = sorted(
    [
        REPO / "README.md",
        *(p for p in (REPO / "docs").rglob("*.md") if not {"_build", "autoapi"} & set(p.relative_to(REPO).parts)),
    ]
)
NOT_STANDALONE = "typecheck-after-previous"
MAX_NOT_STANDALONE = 2


def _python_examples(pages: Sequence[Path]) -> list[tuple[Block, str, int]]:
    """``(block, code to check, lines of earlier examples before the block's own)`` per Python example."""
    examples = []
    for page in pages:
        earlier = ""
        for block in extract_blocks(page):
            if block.language not in PYTHON_FENCES:
                continue
            prefix = earlier if NOT_STANDALONE in block.directives else ""
            examples.append((block, prefix + block.code, prefix.count("\n")))
            earlier += block.code
    return examples


def _shown(page: Path) -> str:
    return page.relative_to(REPO).as_posix() if page.is_relative_to(REPO) else page.name


def mypy_docs_examples(pages: Sequence[Path], workdir: Path) -> list[str]:
    """mypy --strict's errors on the Python examples of ``pages``, as ``page:line: message`` lines."""
    files: dict[str, tuple[Block, int]] = {}
    for number, (block, code, offset) in enumerate(_python_examples(pages)):
        name = "example_{:03}_{}.py".format(number, re.sub(r"\W", "_", block.page.stem))
        (workdir / name).write_text(code, encoding="utf-8")
        files[name] = (block, offset)
    assert files, "no Python examples found"
    stdout, stderr, status = mypy_api.run(
        [
            "--strict",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--show-error-codes",
            "--no-error-summary",
            *(str(workdir / name) for name in files),
        ]
    )
    assert status in (0, 1), f"mypy failed to run:\n{stdout}{stderr}"
    errors = []
    for line in stdout.splitlines():
        match = re.match(r"^(.+?):(\d+): (error: .*)$", line)
        if match and Path(match.group(1)).name in files:
            block, offset = files[Path(match.group(1)).name]
            where = int(match.group(2)) - offset
            page_line = block.line + where if where > 0 else f"{block.line} (in an earlier example)"
            errors.append(f"{_shown(block.page)}:{page_line}: {match.group(3)}")
        elif match:
            errors.append(line)
    return errors


def test_every_docs_example_passes_mypy_strict(tmp_path: Path) -> None:
    """The calls README.md and the guides show are the calls type checkers accept."""
    pages = {block.page.relative_to(REPO).as_posix() for block, _, _ in _python_examples(DOC_PAGES)}
    assert {"README.md", "docs/guides/quickstart.md", "docs/guides/emulator.md"} <= pages
    marked = [b.where for b, _, _ in _python_examples(DOC_PAGES) if NOT_STANDALONE in b.directives]
    assert len(marked) <= MAX_NOT_STANDALONE, f"too many examples are not standalone: {marked}"
    errors = mypy_docs_examples(DOC_PAGES, tmp_path)
    assert not errors, "mypy --strict rejects documented code:\n" + "\n".join(errors)


def test_the_docs_typecheck_catches_a_wrong_example(tmp_path: Path) -> None:
    """The check above can fail: a wrong call in an example is reported at its line in the page."""
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n```python\nfrom root import RootSignals\n\nclient = RootSignals(api_key='k')\n```\n\n"
        "<!-- docs-test: typecheck-after-previous -->\n```python\nclient.models.get(1)\n```\n",
        encoding="utf-8",
    )
    workdir = tmp_path / "checked"
    workdir.mkdir()
    errors = mypy_docs_examples([page], workdir)
    assert len(errors) == 1, errors
    assert errors[0].startswith('page.md:11: error: Argument 1 to "get" of "Models" has incompatible type')
