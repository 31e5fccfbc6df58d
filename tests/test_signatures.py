"""The public surface: the published reference of ``root.models`` (its facts, tests/published_api.py),
and sync/async twin parity."""

from __future__ import annotations

import inspect
import re

import pytest

import root
import root.errors
from root.models import Models

from .published_api import PUBLISHED, parameters_text, signature_of

PUBLISHED_MEMBERS = PUBLISHED.members()


def _documented_parameters(doc: str) -> list[str]:
    """The names of the ``:param NAME:`` fields of a docstring, in order."""
    return re.findall(r"^:param (\w+):", doc, re.MULTILINE)


def test_the_published_facts_are_complete() -> None:
    assert PUBLISHED.name == Models.__module__ == "root.models"
    assert {"Models", "create", "acreate", "delete", "adelete", "list", "alist", "client_context"} <= set(
        PUBLISHED_MEMBERS
    )


@pytest.mark.parametrize("name", sorted(n for n, m in PUBLISHED_MEMBERS.items() if m.kind == "method"))
def test_published_method_signature(name: str) -> None:
    published = PUBLISHED_MEMBERS[name]
    method = getattr(Models, name)
    parameters, returns = signature_of(method)
    assert parameters_text(parameters) == parameters_text(published.parameters or ()), (
        f"Models.{name} no longer has the signature of the published API reference, which "
        "tests/data/published_models_api.json records: keep the published parameters, or, when the "
        "reference itself changes, record its new signature there"
    )
    assert parameters == published.parameters
    assert returns == published.returns
    # As defined: ``alist`` is an async generator behind a plain wrapper that checks its arguments at the call.
    defined = inspect.unwrap(method)
    is_async = inspect.iscoroutinefunction(defined) or inspect.isasyncgenfunction(defined)
    assert is_async == published.is_async
    documented = _documented_parameters(inspect.getdoc(method) or "")
    missing = [p for p in published.documented if p not in documented]
    assert not missing, f"{name}: the docstring has no :param: for {missing}"
    positions = [documented.index(p) for p in published.documented]
    assert positions == sorted(positions), f"{name}: the published parameters are documented out of order"


def test_published_class_signature_and_attribute() -> None:
    published = PUBLISHED_MEMBERS["Models"]
    assert published.kind == "class"
    parameters, _ = signature_of(Models.__init__)
    assert parameters == published.parameters
    assert inspect.getdoc(Models)
    assert PUBLISHED_MEMBERS["client_context"].kind == "attribute"
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
    common = [p for p in sync_params if not (name == "list" and p == "_client")]
    assert common == list(async_params)
    for param in common:
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
