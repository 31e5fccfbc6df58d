"""Names the official SDK 1.15's modules use only in annotations, which 1.6 looked up while it ran.

The root face leaves such a name out (``root._official_names``, rule 3: a 1.6 program's patch of it
would silently do nothing here). 1.15 stopped looking these up, naming them only in annotations, so by
rule 2 the scorable face offers them: the same generated classes, loaded on first access.
"""

from __future__ import annotations

import importlib
from typing import Any, Final

__all__ = ["OFFERED", "lookup"]

_C: Final = "root.generated.openapi_client.models"
_A: Final = "root.generated.openapi_aclient.models"


def _twins(name: str, module: str, *, sync: bool = True) -> dict[str, str]:
    found = {f"A{name}": f"{_A}.{module}:{name}"}
    if sync:
        found[name] = f"{_C}.{module}:{name}"
    return found


OFFERED: Final[dict[str, dict[str, str]]] = {
    "scorable.datasets": _twins("PaginatedDataSetListList", "paginated_data_set_list_list", sync=False),
    "scorable.execution_logs": _twins("PaginatedExecutionLogListList", "paginated_execution_log_list_list", sync=False),
    "scorable.judges": _twins("PaginatedJudgeListList", "paginated_judge_list_list"),
    "scorable.models": _twins("PaginatedModelListList", "paginated_model_list_list", sync=False),
    "scorable.objectives": _twins("PaginatedObjectiveListList", "paginated_objective_list_list", sync=False),
    "scorable.skills": {
        **_twins("EvaluatorListOutput", "evaluator_list_output"),
        **_twins("PaginatedEvaluatorListOutputList", "paginated_evaluator_list_output_list", sync=False),
    },
}
"""Module -> {name: "module:attribute"} of the scorable face's own offered names."""


def lookup(module: str, name: str, origin: Any) -> Any:
    """``name`` of the scorable module ``module``: its own offered name, or else the root module's."""
    target = OFFERED.get(module, {}).get(name)
    if target is None:
        return getattr(origin, name)
    path, _, attribute = target.partition(":")
    return getattr(importlib.import_module(path), attribute)
