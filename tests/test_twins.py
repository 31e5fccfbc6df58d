"""Every sub-API's sync and async twins (``create`` / ``acreate``) take the same parameters with the same
defaults, and their docstrings differ only by "Asynchronously"."""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest

SUB_APIS = [
    ("root.models", "Models"),
    ("root.objectives", "Objectives"),
    ("root.objectives", "Versions"),
    ("root.datasets", "DataSets"),
    ("root.execution_logs", "ExecutionLogs"),
    ("root.skills", "Evaluators"),
    ("root.skills", "Versions"),
    ("root.judges", "Judges"),
    ("root.evaluation_filters", "EvaluationFilters"),
    ("root.traces", "Traces"),
    ("root.annotations", "Annotations"),
    ("root.score_configs", "ScoreConfigs"),
    ("root.files", "Files"),
    ("root.calibration_runs", "CalibrationRuns"),
    ("root.batch_executions", "BatchExecutions"),
]


def _async_name(method: str) -> str:
    """``create`` -> ``acreate``; ``wait`` -> ``await_`` (``await`` is a keyword)."""
    return "await_" if method == "wait" else f"a{method}"


def _twins() -> list[tuple[str, str]]:
    found = []
    for module, name in SUB_APIS:
        cls = getattr(importlib.import_module(module), name)
        for method in sorted(vars(cls)):
            if method.startswith("_") or not callable(getattr(cls, method)):
                continue
            if hasattr(cls, _async_name(method)):
                found.append((f"{module}.{name}", method))
    return found


TWINS = _twins()


def _class(path: str) -> Any:
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def test_every_sub_api_has_twins() -> None:
    assert {path for path, _ in TWINS} == {f"{m}.{n}" for m, n in SUB_APIS}


@pytest.mark.parametrize(("path", "method"), TWINS, ids=[f"{p.rsplit('.', 1)[1]}.{m}" for p, m in TWINS])
def test_twins_have_the_same_parameters_and_docstrings(path: str, method: str) -> None:
    cls = _class(path)
    sync, asynchronous = getattr(cls, method), getattr(cls, _async_name(method))
    # `_client` is what models' decorators inject; `alist` (an async generator) has none.
    sync_parameters = {k: v for k, v in inspect.signature(sync).parameters.items() if k != "_client"}
    async_parameters = {k: v for k, v in inspect.signature(asynchronous).parameters.items() if k != "_client"}
    assert list(sync_parameters) == list(async_parameters)
    for name, parameter in sync_parameters.items():
        twin = async_parameters[name]
        assert (parameter.kind, parameter.default) == (twin.kind, twin.default), f"{method}: {name} differs"
    sync_doc = inspect.getdoc(sync) or ""
    async_doc = inspect.getdoc(asynchronous) or ""
    assert async_doc.startswith("Asynchronously ")
    rest = async_doc[len("Asynchronously ") :]
    assert rest[:1].upper() + rest[1:] == sync_doc
    unwrapped = inspect.unwrap(asynchronous)
    assert inspect.iscoroutinefunction(unwrapped) or inspect.isasyncgenfunction(unwrapped)
