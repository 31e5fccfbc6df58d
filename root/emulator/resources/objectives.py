"""Objectives: the engine's declaration, and what the spec cannot say of them.

- Versioned: create, PUT and PATCH each make a new version; ``GET /v1/objectives/versions/{id}/`` lists
  an objective's versions, newest first, cursor paginated (an unknown id lists none).
- ``intent`` filters by exact intent, ``search`` by a part of it (any case), ``has_validators`` by
  whether the objective has validators.
- A validator is sent as ``evaluator_id`` or ``evaluator_name`` with a ``threshold`` and shown as
  ``{"evaluator": {"id", "name"}, "threshold"}``; a preset evaluator named without an id gets the
  preset's id, any other name an id derived from it (the same in every emulator).
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any, Final

from root._presets import load_presets
from root.emulator.engine import Resource, View, field_equals, field_nonempty, fields_contain
from root.emulator.resources import projects
from root.emulator.store import Table

_EVALUATORS: Final = uuid.UUID("0e5f3c1a-6d0b-4e43-9a51-5c1f8b2a7d64")


def _validator(sent: dict[str, Any]) -> dict[str, Any]:
    name = sent.get("evaluator_name")
    presets = {p.name: p.id for p in load_presets()}
    evaluator_id = sent.get("evaluator_id") or presets.get(str(name)) or str(uuid.uuid5(_EVALUATORS, str(name)))
    evaluator = {"id": evaluator_id, **({"name": name} if name is not None else {})}
    return {"evaluator": evaluator, **({"threshold": sent["threshold"]} if "threshold" in sent else {})}


def _view(row: sqlite3.Row, view: View) -> View:
    return view | {"validators": [_validator(v) for v in view.get("validators") or []]}


VERSIONS: Final = Resource(
    key="objective_versions",
    name="Objective",
    table=Table(resource="objective_versions"),
    collection="/v1/objectives/versions/{id}/",
    parent_param="id",
    view=_view,
)

OBJECTIVES: Final = Resource(
    key="objectives",
    name="Objective",
    table=Table(resource="objectives"),
    collection="/v1/objectives/",
    item="/v1/objectives/{id}/",
    ordering=("created_at", "intent"),
    filters={
        "intent": field_equals("intent"),
        "search": fields_contain("intent"),
        "has_validators": field_nonempty("validators"),
        "project_id": projects.FILTER,
    },
    prepare=projects.scoped(),
    versions=VERSIONS,
    view=_view,
)
