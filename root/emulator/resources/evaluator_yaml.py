"""Evaluators as YAML documents: exported, and imported back in one request.

The emulator writes (and reads) a document of its own, one mapping::

    name: Politeness
    intent: Replies are polite           # the evaluator's objective
    scoring_criteria: Is {{response}} polite?
    models: [gpt-4o]
    demonstrations:                      # the evaluator's demonstrations
      - {request: Hi, response: Hello!, score: 0.9, justification: Friendly.}
    calibration:                         # rows of the objective's test dataset
      - ["0.9", Hi, Hello!]

plus ``system_message``, ``input_variables`` (``[{name: ...}]``) and ``model_params`` when the evaluator
has them. The service's own document may say more; keys the emulator does not know are ignored.

- ``GET /v1/evaluators/export/{id}/`` answers the document as ``text/plain`` (presets too).
- ``POST /v1/evaluators/import-yaml/`` reads ``yaml`` (no aliases: a document that uses them, or is
  not YAML, or not a mapping, is a 400 on ``yaml``), checks its fields as ``POST /v1/evaluators/``
  would (a failure is a 400 on ``yaml`` naming the field), then makes the calibration rows a test
  dataset, the objective, and the evaluator (``overwrite`` replaces the newest of the same name, as
  creation does; ``project_id`` is kept). Nothing is made when anything is refused.
"""

from __future__ import annotations

import csv
import functools
import io
import uuid
from collections.abc import Mapping
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource
from root.emulator.replies import Reply
from root.emulator.resources import datasets, evaluators, objectives
from root.emulator.services import versions
from root.emulator.store import Table, fields_of

EXPORT: Final = "/v1/evaluators/export/{id}/"
IMPORT: Final = "/v1/evaluators/import-yaml/"
TEXT: Final = "text/plain; charset=utf-8"
HEADER: Final = "# An evaluator exported by the Root Signals emulator; POST /v1/evaluators/import-yaml/ reads it.\n"
_PLACEHOLDER_ID: Final = "00000000-0000-0000-0000-000000000000"


@functools.cache
def _loader() -> Any:
    """PyYAML's safe loader without aliases: a few nested ones would expand to gigabytes once stored.
    (PyYAML comes with the emulator extra; imported here, so that the package imports without it.)"""
    import yaml

    class NoAliases(yaml.SafeLoader):  # type: ignore[misc]
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("aliases (*name) are not allowed")
            return super().compose_node(parent, index)

    return NoAliases


def _read(text: str) -> Any:
    """The YAML document ``text`` as data.

    Raises:
        ValueError: It is not YAML the emulator reads (or it nests too deeply, or it uses aliases).
    """
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a safe loader, without aliases
    except (yaml.YAMLError, RecursionError) as exc:
        raise ValueError(str(exc)) from None


def _document(engine: Engine, row: Any) -> dict[str, Any]:
    view = engine.view(evaluators.EVALUATORS, row)
    objective = view.get("objective") or {}
    doc: dict[str, Any] = {"name": view.get("name"), "intent": objective.get("intent")}
    doc["scoring_criteria"] = view.get("scoring_criteria") or view.get("prompt")
    for name in ("system_message", "models", "input_variables", "model_params"):
        doc[name] = view.get(name)
    doc["input_variables"] = [{"name": v.get("name")} for v in doc["input_variables"] or []]
    demonstrations = view.get("evaluator_demonstrations") or []
    doc["demonstrations"] = [{k: v for k, v in d.items() if v is not None} for d in demonstrations]
    try:
        doc["calibration"] = datasets.stored_file(engine, str(objective.get("test_dataset_id")))["rows"]
    except (KeyError, ValueError):
        doc["calibration"] = []
    return {k: v for k, v in doc.items() if v not in (None, "", [], {})}


async def _export(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = engine.find(evaluators.EVALUATORS, request)
    if row is None:
        return replies.no_match("Evaluator")
    import yaml

    text = HEADER + yaml.safe_dump(_document(engine, row), sort_keys=False, allow_unicode=True)
    return (200, text.encode(), {"Content-Type": TEXT})


def _refused(errors: Mapping[str, Any], names: Mapping[str, str] | None = None) -> Reply:
    messages = []
    for field, found in errors.items():
        for message in found if isinstance(found, list) else [found]:
            messages.append(f"{(names or {}).get(field, field)}: {message}")
    return replies.bad_request({"yaml": messages})


def _calibration(rows: Any) -> list[list[str]] | str:
    """The document's calibration rows as a dataset's rows, or what is wrong with them."""
    if not isinstance(rows, list) or not all(isinstance(r, list) and r for r in rows):
        return "a list of rows, each a non-empty list: [expected score, request, response, ...]"
    cells = [["" if c is None else str(c) for c in row] for row in rows]
    for number, row in enumerate(cells, 1):
        try:
            if not 0 <= float(row[0]) <= 1:
                raise ValueError(row[0])
        except ValueError:
            return f"row {number}: the first column must be the expected score, a number from 0 to 1"
    return cells


async def _import(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(IMPORT, "POST").body
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    try:
        doc = _read(str(values["yaml"]))
    except ValueError as exc:
        return replies.bad_request({"yaml": [f"Not a YAML document the emulator can read: {exc}"[:500]]})
    if not isinstance(doc, dict):
        return replies.bad_request({"yaml": ["The document must be a mapping (name: ..., scoring_criteria: ...)."]})
    body = {k: doc[k] for k in ("name", "scoring_criteria", "system_message", "models", "model_params") if k in doc}
    body |= {k: v for k, v in (("input_variables", doc.get("input_variables")),) if v is not None}
    if doc.get("demonstrations") is not None:
        body["evaluator_demonstrations"] = doc["demonstrations"]
    body |= {"objective_id": _PLACEHOLDER_ID, "project_id": values.get("project_id")}
    create = engine.contract.operation(evaluators.COLLECTION, "POST").body
    fields, errors = create.clean(body) if create is not None else ({}, {})
    if errors:
        return _refused(errors, {"evaluator_demonstrations": "demonstrations"})
    unknown = [m for m in fields.get("models") or () if not evaluators.known_model(engine.store, m)]
    if unknown:
        return _refused({"models": [f"Object with name={m} does not exist." for m in unknown]})
    rows = _calibration(doc.get("calibration") or [])
    if isinstance(rows, str):
        return _refused({"calibration": [rows]})
    objective: dict[str, Any] = {"intent": doc.get("intent") or fields["name"]}
    objective_rules = engine.contract.operation(str(objectives.OBJECTIVES.collection), "POST").body
    if objective_rules is not None:
        objective, errors = objective_rules.clean(objective)
        if errors:
            return _refused(errors)
        objective = objective_rules.defaults() | objective
    if rows:
        objective["test_dataset_id"] = _dataset(engine, f"{fields['name']} calibration", rows)
    fields["objective_id"] = engine.add(objectives.OBJECTIVES, objective)["id"]
    existing = versions.newest_by_name(engine, evaluators.TABLE, fields["name"]) if values.get("overwrite") else None
    if existing is not None and fields_of(existing).get("is_root_evaluator"):
        existing = None  # a preset is never replaced
    prepare = evaluators.EVALUATORS.prepare
    prepared = prepare(engine, create.defaults() | fields if existing is None else fields, existing)  # type: ignore[misc, union-attr]
    if not isinstance(prepared, dict):  # pragma: no cover - its references were checked above
        return prepared
    if existing is None:
        stored = engine.add(evaluators.EVALUATORS, prepared)
    else:
        stored = engine.change(evaluators.EVALUATORS, existing["id"], prepared) or existing
    return replies.ok(engine.show(evaluators.EVALUATORS, stored, "POST", "201"), 201)


def _dataset(engine: Engine, name: str, rows: list[list[str]]) -> str:
    """Stores calibration rows as an uploaded test dataset would be stored; returns its id."""
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    file = {"name": "calibration.csv", "content": text.getvalue(), "header": None, "rows": rows}
    dataset_id = str(uuid.uuid4())
    engine.store.insert(datasets.TABLE, dataset_id, {"name": name, "type": "test", datasets.FILE_FIELD: file})
    return dataset_id


EVALUATOR_YAML: Final = Resource(
    key="evaluator_yaml",
    name="Evaluator",
    table=Table(resource="evaluator_yaml"),
    actions={(EXPORT, "GET"): _export, (EXPORT, "HEAD"): _export, (IMPORT, "POST"): _import},
    snapshot=lambda store, query: {},
)
"""Actions on evaluators; the table of its own stays empty (the engine needs one)."""
