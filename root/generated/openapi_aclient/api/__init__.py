# flake8: noqa

__all__ = [
    "AnnotationsApi",
    "BatchExecutionsApi",
    "CalibrationRunsApi",
    "DatasetsApi",
    "EvaluatorsApi",
    "ExecutionLogsApi",
    "FilesApi",
    "JudgesApi",
    "ModelsApi",
    "ObjectivesApi",
    "OtelApi",
    "ProjectsApi",
    "ScoreConfigsApi",
]

import typing as _typing

if _typing.TYPE_CHECKING:
    # import apis into api package
    from root.generated.openapi_aclient.api.annotations_api import AnnotationsApi
    from root.generated.openapi_aclient.api.batch_executions_api import BatchExecutionsApi
    from root.generated.openapi_aclient.api.calibration_runs_api import CalibrationRunsApi
    from root.generated.openapi_aclient.api.datasets_api import DatasetsApi
    from root.generated.openapi_aclient.api.evaluators_api import EvaluatorsApi
    from root.generated.openapi_aclient.api.execution_logs_api import ExecutionLogsApi
    from root.generated.openapi_aclient.api.files_api import FilesApi
    from root.generated.openapi_aclient.api.judges_api import JudgesApi
    from root.generated.openapi_aclient.api.models_api import ModelsApi
    from root.generated.openapi_aclient.api.objectives_api import ObjectivesApi
    from root.generated.openapi_aclient.api.otel_api import OtelApi
    from root.generated.openapi_aclient.api.projects_api import ProjectsApi
    from root.generated.openapi_aclient.api.score_configs_api import ScoreConfigsApi
    
else:
    from importlib import import_module

    _exports = {
        "AnnotationsApi": ".annotations_api",
        "BatchExecutionsApi": ".batch_executions_api",
        "CalibrationRunsApi": ".calibration_runs_api",
        "DatasetsApi": ".datasets_api",
        "EvaluatorsApi": ".evaluators_api",
        "ExecutionLogsApi": ".execution_logs_api",
        "FilesApi": ".files_api",
        "JudgesApi": ".judges_api",
        "ModelsApi": ".models_api",
        "ObjectivesApi": ".objectives_api",
        "OtelApi": ".otel_api",
        "ProjectsApi": ".projects_api",
        "ScoreConfigsApi": ".score_configs_api",
    }

    def __getattr__(name: str) -> object:
        if (module_name := _exports.get(name)) is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(module_name, __name__), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(globals().keys() | _exports.keys())
