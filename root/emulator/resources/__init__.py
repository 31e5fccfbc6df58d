"""The resources the emulator serves, each a declaration for :mod:`root.emulator.engine` plus only the
behaviour the spec cannot describe (see each module's docstring):

- :mod:`~root.emulator.resources.models`: ``/v1/models/``, with a catalog of built-in models;
- :mod:`~root.emulator.resources.objectives`: ``/v1/objectives/``, versioned;
- :mod:`~root.emulator.resources.datasets`: ``/v1/datasets/``, CSV uploads stored with their rows;
- :mod:`~root.emulator.resources.execution_logs`: ``/v1/execution-logs/``, append-only;
- :mod:`~root.emulator.resources.evaluators`: ``/v1/evaluators/``, versioned, with the service's preset
  evaluators, deterministic runs that write execution logs, and calibration;
- :mod:`~root.emulator.resources.judges`: ``/v1/judges/``, versioned, run as their evaluators, and
  generated from keywords of the intent;
- :mod:`~root.emulator.resources.otel`: ``/v1/otel/``, trace evaluation filters (checked, stored, never
  run) and OpenTelemetry traces seeded through the admin API;
- :mod:`~root.emulator.resources.projects`: ``/v1/projects/``, one default, scoping what they own;
- :mod:`~root.emulator.resources.annotations`: ``/v1/score-configs/`` (with built-in configs) and
  ``/v1/annotations/``, labels of data set items and execution logs that must exist;
- :mod:`~root.emulator.resources.files`: ``/v1/files/``, uploads stored bounded, the same file once;
- :mod:`~root.emulator.resources.dataset_items`: ``/v1/datasets/{dataset_id}/items/``, versioned with
  their dataset, a CSV upload's rows among them;
- :mod:`~root.emulator.resources.calibration_runs`: ``/v1/calibration-runs/``, evaluators measured against
  the published annotations, at the pace of ``job_seconds``;
- :mod:`~root.emulator.resources.batch_executions`: ``/v1/batch-executions/``, a judge or evaluators
  run over inputs or a data set's rows, finishing at the pace of ``job_seconds``;
- :mod:`~root.emulator.resources.evaluator_yaml`, :mod:`~root.emulator.resources.log_tags`,
  :mod:`~root.emulator.resources.model_verify`, :mod:`~root.emulator.resources.judge_claims`: evaluators
  exported and imported as YAML, logs' tags and session and user ids, model configurations tried, judges
  claimed and their synthetic data.

Scoring, verdicts (settable by tests), versions and execution logs are shared services
(:mod:`root.emulator.services`) that every run calls. Adding a resource is one module here and one entry
in :data:`RESOURCES`.
"""

from __future__ import annotations

from typing import Final

from root.emulator.engine import AdminAction, Resource
from root.emulator.resources import (
    batch_executions,
    calibration_runs,
    dataset_items,
    datasets,
    evaluator_yaml,
    evaluators,
    execution_logs,
    files,
    judge_claims,
    judges,
    log_tags,
    model_verify,
    models,
    objectives,
    otel,
    projects,
)
from root.emulator.resources.annotations import ANNOTATIONS, SCORE_CONFIGS
from root.emulator.services import verdicts

RESOURCES: Final[tuple[Resource, ...]] = (
    models.MODELS,
    objectives.OBJECTIVES,
    objectives.VERSIONS,
    datasets.DATASETS,
    execution_logs.LOGS,
    evaluators.EVALUATORS,
    evaluators.VERSIONS,
    verdicts.VERDICTS,
    judges.JUDGES,
    judges.VERSIONS,
    otel.EVALUATION_FILTERS,
    otel.TRACES,
    otel.SPANS,
    projects.PROJECTS,
    SCORE_CONFIGS,
    ANNOTATIONS,
    files.FILES,
    dataset_items.ITEMS,
    calibration_runs.CALIBRATION_RUNS,
    calibration_runs.ITEMS,
    batch_executions.BATCH_EXECUTIONS,
    evaluator_yaml.EVALUATOR_YAML,
    log_tags.LOG_EXTRAS,
    model_verify.MODEL_VERIFY,
    judge_claims.CLAIMS,
)
ADMIN: Final[dict[str, AdminAction]] = {**execution_logs.ADMIN, **verdicts.ADMIN, **otel.ADMIN, **judge_claims.ADMIN}
"""Admin endpoints of resources, by path."""
