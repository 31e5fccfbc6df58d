"""The resources the emulator serves, each a declaration for :mod:`root.emulator.engine` plus only the
behaviour the spec cannot describe (see each module's docstring):

- :mod:`~root.emulator.resources.models`: ``/v1/models/``, with a catalog of built-in models;
- :mod:`~root.emulator.resources.objectives`: ``/v1/objectives/``, versioned;
- :mod:`~root.emulator.resources.datasets`: ``/v1/datasets/``, CSV uploads stored with their rows;
- :mod:`~root.emulator.resources.execution_logs`: ``/v1/execution-logs/``, append-only.

Adding a resource is one module here and one entry in :data:`RESOURCES`. Evaluators and judges are not
served yet: their paths answer ``404 Not found.``
"""

from __future__ import annotations

from typing import Final

from root.emulator.engine import AdminAction, Resource
from root.emulator.resources import datasets, execution_logs, models, objectives

RESOURCES: Final[tuple[Resource, ...]] = (
    models.MODELS,
    objectives.OBJECTIVES,
    objectives.VERSIONS,
    datasets.DATASETS,
    execution_logs.LOGS,
)
ADMIN: Final[dict[str, AdminAction]] = dict(execution_logs.ADMIN)
"""Admin endpoints of resources, by path."""
