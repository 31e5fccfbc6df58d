"""The public surface: the published reference page, and sync/async twin parity."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import root
import root.errors
from root.models import Models

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "root.models.rst"


def _seed_members() -> dict[str, dict[str, Any]]:
    text = SEED.read_text(encoding="utf-8")
    members: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for line in text.splitlines():
        match = re.match(r"^\s*\.\. py:(method|attribute|class):: (\w+)(?:\((.*)\))?(?: -> (.+))?$", line)
        if match:
            kind, name, params, returns = match.groups()
            current = {"kind": kind, "params": params, "returns": returns, "async": False, "doc": []}
            members[name] = current
            continue
        if current is None:
            continue
        if line.strip() == ":async:":
            current["async"] = True
        elif line.strip():
            current["doc"].append(line.strip())
    return members


SEED_MEMBERS = _seed_members() if SEED.exists() else {}


def _signature_text(func: Any) -> tuple[str, str | None]:
    signature = inspect.signature(func)
    parts: list[str] = []
    star_done = False
    for param in signature.parameters.values():
        if param.name == "self":
            continue
        if param.kind is inspect.Parameter.KEYWORD_ONLY and not star_done:
            parts.append("*")
            star_done = True
        text = param.name
        if param.annotation is not inspect.Parameter.empty:
            text += f": {param.annotation}"
        if param.default is not inspect.Parameter.empty:
            text += f" = {param.default!r}"
        parts.append(text)
    returns = None if signature.return_annotation is inspect.Signature.empty else str(signature.return_annotation)
    return ", ".join(parts), returns


def test_seed_page_is_there() -> None:
    assert SEED.exists(), f"the published reference page is expected at {SEED}"
    assert {"Models", "create", "acreate", "delete", "adelete", "list", "alist", "client_context"} <= set(SEED_MEMBERS)


@pytest.mark.parametrize("name", sorted(n for n, m in SEED_MEMBERS.items() if m["kind"] == "method"))
def test_seed_method_signature(name: str) -> None:
    seed = SEED_MEMBERS[name]
    method = getattr(Models, name)
    params, returns = _signature_text(method)
    assert params == seed["params"]
    assert returns == seed["returns"]
    is_async = inspect.iscoroutinefunction(method) or inspect.isasyncgenfunction(method)
    assert is_async == seed["async"]
    doc = inspect.getdoc(method) or ""
    for line in seed["doc"]:
        assert line in doc, f"{name}: docstring lacks {line!r}"


def test_seed_class_signature_and_attribute() -> None:
    params, _ = _signature_text(Models.__init__)
    assert params == SEED_MEMBERS["Models"]["params"]
    doc = inspect.getdoc(Models) or ""
    for line in SEED_MEMBERS["Models"]["doc"]:
        assert line.lstrip(".: ") in doc.replace("\n", " ") or line in doc
    context = object()
    assert Models(context).client_context is context  # type: ignore[arg-type]


TWINS = ["create", "get", "update", "delete", "list"]


@pytest.mark.parametrize("name", TWINS)
def test_twins_have_identical_parameters_and_docs(name: str) -> None:
    sync_method = getattr(Models, name)
    async_method = getattr(Models, "a" + name)
    sync_params = inspect.signature(sync_method).parameters
    async_params = inspect.signature(async_method).parameters
    # `list` takes the injected sync client; `alist` is an async generator and has none.
    shared = [p for p in sync_params if not (name == "list" and p == "_client")]
    assert shared == list(async_params)
    for param in shared:
        s, a = sync_params[param], async_params[param]
        assert (s.kind, s.default) == (a.kind, a.default), param
        if param != "_client":
            assert s.annotation == a.annotation, param
    sync_doc = inspect.getdoc(sync_method) or ""
    async_doc = inspect.getdoc(async_method) or ""
    assert async_doc.startswith("Asynchronously ")
    rest = async_doc[len("Asynchronously ") :]
    assert rest[0].upper() + rest[1:] == sync_doc


@pytest.mark.parametrize("name", [*TWINS, *("a" + n for n in TWINS)])
def test_decorators_keep_name_and_doc(name: str) -> None:
    method = getattr(Models, name)
    assert method.__name__ == name
    assert method.__qualname__ == f"Models.{name}"
    assert method.__doc__


def test_errors_module_exports() -> None:
    for name in root.errors.__all__:
        assert hasattr(root.errors, name)
    assert root.__all__ == ["NOT_GIVEN", "RootSignals", "Timeout", "__version__"]
    for name in root.__all__:
        assert getattr(root, name) is not None
    with pytest.raises(AttributeError):
        _ = root.Nope  # type: ignore[attr-defined]
    assert isinstance(root.__version__, str)
