"""The public names of the official SDKs' modules that ours keep, and those left out on purpose.

Written for 1.6's modules; the sub-API modules that scorable 1.15 added (projects, annotations, score
configs, calibration runs, files) follow the same rules, and ``scorable.<module>`` gives what
``root.<module>`` gives.

A program written for the official SDK 1.6 imports names from its modules (``from root.judges import
JudgeExecutionResponse``). Every such name either exists here too, with the official's meaning, or is
left out on purpose, by this rule (docs/compatibility.md, "Names", lists every name):

1. A name 1.6 defines in a module itself (``root.objectives.Objective``, ``root.utils.iterate_cursor_list``)
   is defined in ours with its meaning.
2. A name 1.6 imports from the generated packages or from :mod:`root.utils` is offered here, the same
   object, when 1.6 only used it in annotations: then a program can import it, and patching it did
   nothing in 1.6 either.
3. A name 1.6 looked up while a method ran is left out: the generated API classes and ``ApiClient``
   (``root.skills.EvaluatorsApi``), the request models and enums it built requests with
   (``root.judges.JudgeRequest``), its paging helpers in the sub-API modules and the generated packages
   as module objects. Its own tests patch such names; ours never looks them up, so a patch would
   silently do nothing. Left out, it fails loudly, with a message saying where the name lives.
4. What 1.6 merely imports from the standard library or third parties (``Optional``, ``partial``,
   ``StrictStr``, ``aiohttp``, ``os``) is not the SDK's API, and is not offered: import it from its home.

Offered names load lazily, on first access, so importing a module stays as cheap as it was.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, Final

__all__ = ["LEFT_OUT", "OFFERED", "module_attributes"]

_C: Final = "root.generated.openapi_client"
_A: Final = "root.generated.openapi_aclient"


def _model(package: str, module: str, name: str) -> str:
    return f"{package}.models.{module}:{name}"


def _twins(name: str, module: str, *, alias: str | None = None, async_alias: str | None = None) -> dict[str, str]:
    """A generated model of both packages: ``name`` (or ``alias``) is the sync one, ``A<name>`` the async one."""
    return {
        alias or name: _model(_C, module, name),
        async_alias or f"A{alias or name}": _model(_A, module, name),
    }


_GLUE: Final = {
    "ClientContextCallable": "root.utils:ClientContextCallable",
    "with_async_client": "root.utils:with_async_client",
    "with_sync_client": "root.utils:with_sync_client",
}

OFFERED: Final[Mapping[str, Mapping[str, str]]] = {
    "root": {"client": "root.client", "generated": "root.generated"},
    "root.datasets": {
        **_twins("DataSetList", "data_set_list"),
        **_twins("DatasetItem", "dataset_item"),
        **_twins("PaginatedDatasetItemList", "paginated_dataset_item_list"),
        **_GLUE,
    },
    "root.execution_logs": {
        **_twins("ExecutionLogDetails", "execution_log_details"),
        **_twins("ExecutionLogList", "execution_log_list"),
        **_GLUE,
    },
    "root.judges": {
        **_twins("EvaluatorExecutionFunctionsRequest", "evaluator_execution_functions_request"),
        **_twins("EvaluatorReferenceRequest", "evaluator_reference_request"),
        **_twins("JudgeExecutionResponse", "judge_execution_response"),
        **_twins("JudgeGeneratorResponse", "judge_generator_response"),
        **_GLUE,
    },
    "root.models": {
        **_twins("ModelList", "model_list", alias="ModelItem"),
        "ClientContextCallable": "root.utils:ClientContextCallable",
    },
    "root.objectives": {
        **_twins("ObjectiveList", "objective_list"),
        **_twins("PaginatedObjectiveList", "paginated_objective_list"),
        **_GLUE,
    },
    "root.skills": {
        **_twins("EvaluatorExecutionFunctionsRequest", "evaluator_execution_functions_request"),
        **_twins("EvaluatorExecutionResult", "evaluator_execution_result"),
        **_twins("PaginatedEvaluatorList", "paginated_evaluator_list"),
        "AOpenAPIEvaluator": _model(_A, "evaluator", "Evaluator"),
        "SyncGeneratedEvaluator": _model(_C, "evaluator", "Evaluator"),
        **_twins("CalibrationRun", "calibration_run"),
        **_GLUE,
    },
    # The sub-API modules scorable 1.15 added: what its modules use only in annotations (the response models)
    # and its decorators, offered by the same rules; ``scorable.<module>`` gives the same names.
    "root.projects": {
        **_twins("Project", "project"),
        **_twins("PaginatedProjectList", "paginated_project_list"),
        **_GLUE,
    },
    "root.annotations": {
        **_twins("Annotation", "annotation"),
        **_twins("PaginatedAnnotationList", "paginated_annotation_list"),
        **_GLUE,
    },
    "root.score_configs": {
        **_twins("ScoreConfig", "score_config"),
        **_twins("PaginatedScoreConfigList", "paginated_score_config_list"),
        **_GLUE,
    },
    "root.calibration_runs": {
        **_twins("CalibrationRun", "calibration_run"),
        **_twins("CalibrationRunItem", "calibration_run_item"),
        **_twins("PaginatedCalibrationRunList", "paginated_calibration_run_list"),
        **_twins("PaginatedCalibrationRunItemList", "paginated_calibration_run_item_list"),
        **_GLUE,
    },
    "root.files": dict(_GLUE),
}
"""Module -> {name: "module:attribute" (or "module" for a module)} of the official names offered lazily."""


def _api(module: str, api: str) -> dict[str, str]:
    return {api: f"{_C}.api.{module}", f"A{api}": f"{_A}.api.{module}"}


_API_CLIENT: Final = {"ApiClient": _C, "AApiClient": _A}
_HELPERS: Final = {"iterate_cursor_list": "root.utils", "aiterate_cursor_list": "root.utils"}


def _requests(*pairs: tuple[str, str]) -> dict[str, str]:
    """Request models and enums 1.6 built requests with: both packages' classes."""
    out: dict[str, str] = {}
    for name, module in pairs:
        out[name] = f"{_C}.models.{module}"
        out[f"A{name}"] = f"{_A}.models.{module}"
    return out


LEFT_OUT: Final[Mapping[str, Mapping[str, str]]] = {
    "root.client": {"openapi_client": _C, "openapi_aclient": _A},
    "root.utils": {"openapi_client": _C, "openapi_aclient": _A},
    "root.datasets": {
        **_api("datasets_api", "DatasetsApi"),
        **_API_CLIENT,
        **_requests(("DataSetCreate", "data_set_create"), ("PaginatedDataSetListList", "paginated_data_set_list_list")),
        "iterate_cursor_list": "root.utils",
    },
    "root.execution_logs": {
        **_api("execution_logs_api", "ExecutionLogsApi"),
        **_API_CLIENT,
        **_requests(("PaginatedExecutionLogListList", "paginated_execution_log_list_list")),
        "iterate_cursor_list": "root.utils",
    },
    "root.judges": {
        **_api("judges_api", "JudgesApi"),
        **_API_CLIENT,
        **_requests(
            ("JudgeExecutionRequest", "judge_execution_request"),
            ("JudgeGeneratorRequest", "judge_generator_request"),
            ("JudgeList", "judge_list"),
            ("JudgeRequest", "judge_request"),
            ("PaginatedJudgeListList", "paginated_judge_list_list"),
            ("PatchedJudgeRequest", "patched_judge_request"),
            ("StatusEnum", "status_enum"),
            ("JudgeGeneratorVisibilityEnum", "visibility_enum (VisibilityEnum)"),
        ),
    },
    "root.models": {
        **_api("models_api", "ModelsApi"),
        **_API_CLIENT,
        **_requests(("ModelRequest", "model_request"), ("PaginatedModelListList", "paginated_model_list_list")),
        "iterate_cursor_list": "root.utils",
    },
    "root.objectives": {
        **_api("objectives_api", "ObjectivesApi"),
        **_API_CLIENT,
        **_requests(
            ("ObjectiveRequest", "objective_request"),
            ("PatchedObjectiveRequest", "patched_objective_request"),
            ("PaginatedObjectiveListList", "paginated_objective_list_list"),
        ),
        "iterate_cursor_list": "root.utils",
    },
    "root.skills": {
        **_api("evaluators_api", "EvaluatorsApi"),
        **_api("objectives_api", "ObjectivesApi"),
        **_API_CLIENT,
        **_requests(
            ("EvaluatorDemonstrationsRequest", "evaluator_demonstrations_request"),
            ("EvaluatorExecutionRequest", "evaluator_execution_request"),
            ("EvaluatorListOutput", "evaluator_list_output"),
            ("EvaluatorRequest", "evaluator_request"),
            ("InputVariableRequest", "input_variable_request"),
            ("ModelParamsRequest", "model_params_request"),
            ("ObjectiveRequest", "objective_request"),
            ("PatchedEvaluatorRequest", "patched_evaluator_request"),
            ("ReferenceVariableRequest", "reference_variable_request"),
            ("SkillTestDataRequest", "skill_test_data_request"),
            ("SkillTestInputRequest", "skill_test_input_request"),
        ),
        "APaginatedEvaluatorListOutputList": f"{_A}.models.paginated_evaluator_list_output_list",
        **_HELPERS,
    },
}
"""Module -> {name: where it lives} of the 1.6 names left out on purpose (rule 3 above)."""


_SCORABLE: Final[Mapping[str, Mapping[str, str]]] = {
    # What 1.15's modules only annotate with but 1.6 looked up while it ran: left out of the root face
    # (rule 3), offered on the scorable face (rule 2), where 1.15 no longer looks them up.
    "scorable.datasets": {
        "APaginatedDataSetListList": _model(_A, "paginated_data_set_list_list", "PaginatedDataSetListList")
    },
    "scorable.execution_logs": {
        "APaginatedExecutionLogListList": _model(
            _A, "paginated_execution_log_list_list", "PaginatedExecutionLogListList"
        )
    },
    "scorable.judges": _twins("PaginatedJudgeListList", "paginated_judge_list_list"),
    "scorable.models": {"APaginatedModelListList": _model(_A, "paginated_model_list_list", "PaginatedModelListList")},
    "scorable.objectives": {
        "APaginatedObjectiveListList": _model(_A, "paginated_objective_list_list", "PaginatedObjectiveListList")
    },
    "scorable.skills": {
        **_twins("EvaluatorListOutput", "evaluator_list_output"),
        "APaginatedEvaluatorListOutputList": _model(
            _A, "paginated_evaluator_list_output_list", "PaginatedEvaluatorListOutputList"
        ),
    },
    # The sub-API classes 1.15's client module names in its annotations.
    "scorable.client": {
        name: f"scorable.{module}:{name}"
        for name, module in (
            ("Annotations", "annotations"),
            ("CalibrationRuns", "calibration_runs"),
            ("DataSets", "datasets"),
            ("Evaluators", "skills"),
            ("ExecutionLogs", "execution_logs"),
            ("Files", "files"),
            ("Judges", "judges"),
            ("Models", "models"),
            ("Objectives", "objectives"),
            ("Projects", "projects"),
            ("ScoreConfigs", "score_configs"),
        )
    },
}
"""The scorable face's own offered names, by module; a scorable module gives the rest as its root module."""


def module_attributes(
    module_name: str, *, fallback: ModuleType | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``module_name``: its offered names load on first access;
    any other name is looked up on ``fallback`` when given (a scorable module's root module), or else
    raises an ``AttributeError``, which for a left-out name says where it lives and why it is left out."""
    module = sys.modules[module_name]
    offered = {**OFFERED, **_SCORABLE}.get(module_name, {})
    left_out = LEFT_OUT.get(module_name, {})

    def __getattr__(name: str) -> Any:
        target = offered.get(name)
        if target is None:
            if fallback is not None:
                return getattr(fallback, name)
            message = f"module {module_name!r} has no attribute {name!r}"
            if name in left_out:
                message += (
                    f"; the official SDK 1.6 had it, and it is left out on purpose, as patching it would change "
                    f"nothing here (see the compatibility notes); it lives in {left_out[name]}"
                )
            raise AttributeError(message)
        path, _, attribute = target.partition(":")
        value = importlib.import_module(path)
        if attribute:
            value = getattr(value, attribute)
        setattr(module, name, value)  # later lookups find it without __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(module)) | set(offered))

    return __getattr__, __dir__
