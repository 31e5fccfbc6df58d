"""The resources the emulator serves, each a declaration for :mod:`root.emulator.engine` plus only the
behaviour the spec cannot describe (see each module's docstring):

- :mod:`~root.emulator.resources.models`: ``/v1/models/``, with a catalog of built-in models;
- :mod:`~root.emulator.resources.objectives`: ``/v1/objectives/``, versioned;
- :mod:`~root.emulator.resources.datasets`: ``/v1/datasets/``, CSV uploads stored with their rows;
- :mod:`~root.emulator.resources.execution_logs`: ``/v1/execution-logs/``, append-only;
- :mod:`~root.emulator.resources.evaluators`: ``/v1/evaluators/``, versioned, with the service's preset
  evaluators, deterministic runs that write execution logs, calibration and settable verdicts;
- :mod:`~root.emulator.resources.judges`: ``/v1/judges/``, versioned, run as their evaluators, and
  generated from keywords of the intent.
- :mod:`~root.emulator.resources.evaluator_yaml`, :mod:`~root.emulator.resources.log_tags`,
  :mod:`~root.emulator.resources.model_verify`, :mod:`~root.emulator.resources.judge_claims`: evaluators
  exported and imported as YAML, logs' tags and session and user ids, model configurations tried, judges
  claimed and their synthetic data.

Adding a resource is one module here and one entry in :data:`RESOURCES`.
"""

from __future__ import annotations

from typing import Final

from root.emulator.engine import AdminAction, Resource
from root.emulator.resources import (
    datasets,
    evaluator_yaml,
    evaluators,
    execution_logs,
    judge_claims,
    judges,
    log_tags,
    model_verify,
    models,
    objectives,
)

RESOURCES: Final[tuple[Resource, ...]] = (
    models.MODELS,
    objectives.OBJECTIVES,
    objectives.VERSIONS,
    datasets.DATASETS,
    execution_logs.LOGS,
    evaluators.EVALUATORS,
    evaluators.VERSIONS,
    evaluators.VERDICTS,
    judges.JUDGES,
    judges.VERSIONS,
    evaluator_yaml.EVALUATOR_YAML,
    log_tags.LOG_EXTRAS,
    model_verify.MODEL_VERIFY,
    judge_claims.CLAIMS,
)
ADMIN: Final[dict[str, AdminAction]] = {**execution_logs.ADMIN, **evaluators.ADMIN, **judge_claims.ADMIN}
"""Admin endpoints of resources, by path."""
