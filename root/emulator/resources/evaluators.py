"""Evaluators: the engine's declaration, the service's preset evaluators, and runs scored by the emulator.

- The service's preset evaluators (``root/presets.json``, read through :mod:`root._presets`) are served
  under their real ids and names, ``is_root_evaluator`` true, each with the inputs it needs. They can be
  read, run, duplicated and calibrated, not changed (403); :meth:`Engine.reset` keeps them.
- An evaluator the API creates is versioned like an objective (create, PUT and PATCH each make a version;
  ``GET /v1/evaluators/versions/{id}/`` lists them; ``GET /v1/evaluators/{id}/?version_id=`` shows one).
  Its ``inputs`` are the ``{{placeholders}}`` of its predicate (``scoring_criteria``, else ``prompt``) and
  its ``input_variables``: ``contexts`` is an array of strings, ``functions``, ``turns`` and ``tools``
  arrays of objects, the rest strings. ``objective_id`` must name an objective (an ``objective`` given inline instead is
  made, as ``POST /v1/objectives/`` makes one), and ``models`` the built-in models (``root``
  among them) or models the user created (``400`` otherwise, worded as DRF words a missing related
  object). ``overwrite: true`` replaces the (newest) evaluator of the same name: it keeps its id and gets
  a new version.
- A run of a preset (``/v1/evaluators/execute/{id}/``, ``/v1/evaluators/execute/by-name/?name=``) must
  carry every input the preset needs; a missing one is a 400 on that field (``This field is required.``),
  so Faithfulness without ``contexts`` is refused. A conversation (``turns``) stands for the ``request``
  (its last user turn), ``response`` (its last assistant content) and ``contexts`` (that turn's) it
  lacks, so ``Helpfulness(turns=...)`` runs; Knowledge_Retention without ``turns`` is refused, and
  Tool_Selection (which needs ``tool_calls``: a turn that calls a tool, and ``tools``) is refused on
  ``turns`` when no turn calls a tool. A run of the user's evaluator fills the placeholders it has (``request``,
  ``response``, ``contexts``, ``expected_output``, ``functions``, ``turns``, ``tools``, else from
  ``variables``) and leaves the others empty, as the service does. ``evaluator_version_id`` runs that
  version. An unknown name is a 400 on ``name`` (the spec declares no 404 there).
- Runs score through :mod:`root.emulator.services.scoring` (a verdict set by the test, a matching
  demonstration, else a hash of the version and the inputs) and write an execution log with the
  evaluation context (``contexts``, ``expected_output``), ``variables``, ``tags``, the score and
  justification, the evaluator's id, name and version, and ``execution_type`` ``"evaluator"``; the answer
  is the spec's ``EvaluatorExecutionResult`` with that log's id.
- Calibration runs each test row: ``/v1/evaluators/calibrate/{id}`` (an existing evaluator) and
  ``/v1/evaluators/calibrate/`` (a definition in the body). Rows come from ``test_data`` or from the rows
  of an uploaded dataset (``test_dataset_id``, cut by ``dataset_range``); a row is ``[expected score,
  request, response, contexts...]``, or ``[expected score, response]``. Each answer row has the score,
  the expected score and the log id. Calibration does not refuse missing inputs.
- ``POST /v1/evaluators/duplicate/{id}/`` copies an evaluator (``"<name> (copy)"``, or the body's
  fields over the copy).
- Listing filters: ``name``, ``search`` (a part of the name or predicate, any case), ``is_root_evaluator``
  (true: only presets; false, like its absence, filters nothing), ``status``, ``objective__intent`` and
  ``owner__email`` / ``owner__first_name`` / ``owner__last_name``; ``ordering`` by ``name`` or
  ``created_at``.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from aiohttp import web

from root._presets import load_presets
from root.emulator import replies
from root.emulator.catalog import BUILTIN_MODELS, BUILTIN_OWNER, CUSTOM_OWNER
from root.emulator.contract import Errors
from root.emulator.engine import Engine, Resource, View, Where, field_equals, fields_contain, shape
from root.emulator.replies import Reply
from root.emulator.resources import datasets, models, objectives, projects
from root.emulator.services import scoring, verdicts, versions
from root.emulator.services.scoring import DEFAULT_MODEL, REQUIRED, STANDARD_INPUTS
from root.emulator.store import Store, Table, dump_fields, fields_of

KEY: Final = "evaluators"
COLLECTION: Final = "/v1/evaluators/"
ITEM: Final = "/v1/evaluators/{id}/"
VERSIONS_PATH: Final = "/v1/evaluators/versions/{id}/"
EXECUTE: Final = "/v1/evaluators/execute/{id}/"
EXECUTE_BY_NAME: Final = "/v1/evaluators/execute/by-name/"
CALIBRATE: Final = "/v1/evaluators/calibrate/"
CALIBRATE_ONE: Final = "/v1/evaluators/calibrate/{id}"
DUPLICATE: Final = "/v1/evaluators/duplicate/{id}/"

# The presets are rows the API may read but never change, and reset keeps.
_USER_MADE: Final = "coalesce(json_extract(fields, '$.is_root_evaluator'), 0) = 0"
TABLE: Final = Table(resource=KEY, writable=_USER_MADE)
VERSIONS_TABLE: Final = Table(resource="evaluator_versions", writable=_USER_MADE)

_INPUT_TYPES: Final[dict[str, dict[str, Any]]] = {
    "contexts": {"type": "array", "items": {"type": "string"}},
    "functions": {"type": "array", "items": {"type": "object"}},
    "turns": {"type": "array", "items": {"type": "object"}},
    "tools": {"type": "array", "items": {"type": "object"}},
}
_NAMESPACE: Final = uuid.UUID("3c8e6d52-1f0a-4b7e-9d4c-6a2f0e5b8c17")


# -- definitions ------------------------------------------------------------------------------------------


def derive_inputs(names: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The ``inputs`` of an evaluator that needs the named inputs, typed as the spec's ``inputs`` map."""
    return {name: _INPUT_TYPES.get(name, {"type": "string"}) for name in dict.fromkeys(names)}


def _input_names(fields: Mapping[str, Any]) -> list[str]:
    references = {v.get("name") for v in fields.get("reference_variables") or ()}
    declared = [str(v.get("name")) for v in fields.get("input_variables") or ()]
    found = scoring.PLACEHOLDER.findall(scoring.predicate(fields))
    return [name for name in dict.fromkeys([*found, *declared]) if name not in references]


def _preset_fields(name: str, inputs: Sequence[str], stamp: str) -> dict[str, Any]:
    text = f"The service's preset evaluator {name}; the emulator scores it deterministically. " + " ".join(
        f"{{{{{i}}}}}" for i in inputs
    )
    return {
        "name": name,
        "prompt": text,
        "scoring_criteria": text,
        "models": [DEFAULT_MODEL],
        "is_root_evaluator": True,
        "inputs": derive_inputs(inputs),
        "input_variables": [],
        "reference_variables": [],
        "evaluator_demonstrations": None,
        "objective": {
            "id": str(uuid.uuid5(_NAMESPACE, f"objective:{name}")),
            "intent": name,
            "test_set": None,
            "validators": [],
            "created_at": stamp,
            "owner": BUILTIN_OWNER,
            "version_id": str(uuid.uuid5(_NAMESPACE, f"objective-version:{name}")),
            "_meta": {},
        },
        "owner": BUILTIN_OWNER,
        "status": "public",
        "visibility": "public",
        "skill_type": "managed",
    }


def preset_version_id(preset_id: str) -> str:
    """The version id a preset evaluator is served with (the same in every emulator)."""
    return str(uuid.uuid5(_NAMESPACE, f"version:{preset_id}"))


_SEED_SQL: Final = (
    "INSERT INTO records (resource, id, parent, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(resource, id) DO UPDATE SET parent = excluded.parent, fields = excluded.fields,"
    " created_at = excluded.created_at, updated_at = excluded.updated_at"
)


def _seed_presets(store: Store) -> None:
    # Upserting refreshes the presets of a database file written by an older table.
    rows: list[tuple[str | None, ...]] = []
    for index, preset in enumerate(load_presets()):
        version_id = preset_version_id(preset.id)
        # Fixed and older than anything made at run time: "newest first" lists the presets last, in order.
        stamp = f"2024-01-01T01:{index // 60:02d}:{index % 60:02d}.000000+00:00"
        fields = _preset_fields(preset.name, preset.fields, stamp) | {"version_id": version_id}
        rows.append((KEY, preset.id, None, dump_fields(fields), stamp, stamp))
        rows.append((VERSIONS_TABLE.resource, version_id, preset.id, dump_fields(fields), stamp, stamp))
    store.write_all(lambda: store.db.executemany(_SEED_SQL, rows))


def known_model(store: Store, name: str) -> bool:
    """Whether ``name`` is a model an evaluator may use: ``root``, a built-in model or one the user made."""
    if name == DEFAULT_MODEL or any(m.name == name for m in BUILTIN_MODELS):
        return True
    return store.count(models.TABLE, ["name = ?"], [name]) > 0


def _prepare(engine: Engine, values: dict[str, Any], row: sqlite3.Row | None) -> dict[str, Any] | Reply:
    """Checks the references of a create or change, and derives ``inputs`` and the objective shown."""
    values = {k: v for k, v in values.items() if k != "overwrite"}
    errors: Errors = {}
    inline = values.get("objective")
    if isinstance(inline, dict) and values.get("objective_id") is None:
        # An objective given inline is made, as POST /v1/objectives/ would make it.
        values["objective_id"] = engine.add(objectives.OBJECTIVES, inline)["id"]
    objective_id = values.get("objective_id")
    if objective_id is not None:
        objective = engine.store.get(objectives.OBJECTIVES.table, str(objective_id))
        if objective is None:
            errors["objective_id"] = [f'Invalid pk "{objective_id}" - object does not exist.']
        else:
            values["objective"] = engine.show(objectives.OBJECTIVES, objective, "GET")
    unknown = [m for m in values.get("models") or () if not known_model(engine.store, m)]
    if unknown:
        errors["models"] = [f"Object with name={m} does not exist." for m in unknown]
    if errors:
        return replies.bad_request(errors)
    merged = (fields_of(row) if row is not None else {}) | values
    values["inputs"] = derive_inputs(_input_names(merged))
    values["is_root_evaluator"] = False
    if row is None:
        values.setdefault("skill_type", "native")
    return values


def _related(name: str, items: Sequence[Mapping[str, Any]], evaluator_id: str, stamp: str) -> list[dict[str, Any]]:
    return [
        {
            "id": str(uuid.uuid5(_NAMESPACE, f"{name}:{evaluator_id}:{item.get('name')}")),
            "created_at": stamp,
            "updated_at": stamp,
            "skill": evaluator_id,
            **item,
        }
        for item in items
    ]


def _view(row: sqlite3.Row, view: View) -> View:
    evaluator_id = str(view["id"])
    stamp = str(row["created_at"])
    inputs = [{"name": name} for name in view.get("inputs") or {} if name not in STANDARD_INPUTS]
    declared = view.get("input_variables") or []
    names = {v.get("name") for v in declared}
    variables = [*declared, *[v for v in inputs if v["name"] not in names]]
    references = [{"dataset": r.get("dataset"), "name": r.get("name")} for r in view.get("reference_variables") or ()]
    return view | {
        "updated_at": row["updated_at"],
        "updated_by": None,
        "visibility": view.get("visibility") or "private",
        "input_variables": _related("input", variables, evaluator_id, stamp),
        "reference_variables": _related("reference", references, evaluator_id, stamp),
    }


def _list_view(row: sqlite3.Row, view: View, params: Mapping[str, Any]) -> View:
    objective = view.get("objective") or {"id": str(uuid.uuid5(_NAMESPACE, f"objective:{view['id']}"))}
    shown = {k: objective[k] for k in ("id", "intent", "status", "validators") if k in objective}
    return view | {"objective": shown}


def _root_only(value: Any) -> Where:
    # The spec's default (false) is what an absent parameter means: no filter, presets and user's alike.
    return Where(("json_extract(fields, '$.is_root_evaluator') = 1",)) if value else Where()


def _owner(part: str) -> Any:
    def where(value: Any) -> Where:
        wanted = str(value).strip().lower()
        if not wanted:
            return Where()

        def keep(row: sqlite3.Row) -> bool:
            owner = fields_of(row).get("owner") or CUSTOM_OWNER
            if part == "email":
                return str(owner["email"]).lower() == wanted
            names = str(owner["full_name"]).split(" ", 1)
            name = names[0] if part == "first_name" else (names[1] if len(names) > 1 else "")
            return name.lower() == wanted

        return Where(keep=keep)

    return where


# -- actions ----------------------------------------------------------------------------------------------


async def _retrieve(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = engine.find(resource, request)
    if row is None:
        return replies.no_match(resource.name)
    params, errors = engine.contract.operation(ITEM, "GET").parse_query(request.query)
    if errors:
        return replies.bad_request(errors)
    version_id = params.get("version_id") or ""
    if not version_id:
        return replies.ok(engine.show(resource, row, "GET"))
    version = engine.store.get(VERSIONS_TABLE, version_id)
    if version is None or version["parent"] != row["id"]:
        return replies.no_match(resource.name)
    return replies.ok(shape(engine.view(VERSIONS, version), engine.contract.operation(ITEM, "GET").shown["200"]))


async def _create(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    """POST on the collection: the engine's create, or with ``overwrite`` a new version of the namesake."""
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(COLLECTION, "POST").body
    if rules is None:  # pragma: no cover - the spec declares the body
        return replies.SERVER_ERROR
    values, errors = rules.clean(data)
    if errors:
        return replies.bad_request(errors)
    existing = versions.newest_by_name(engine, TABLE, values["name"]) if values.get("overwrite") else None
    if existing is not None and fields_of(existing).get("is_root_evaluator"):
        existing = None  # a preset is never replaced: the new one is the user's own
    prepared = projects.scoped(_prepare)(engine, rules.defaults() | values if existing is None else values, existing)
    if not isinstance(prepared, dict):
        return prepared
    if existing is None:
        stored = engine.add(resource, prepared)
    else:
        changed = engine.change(resource, existing["id"], prepared)
        if changed is None:
            return replies.no_match(resource.name)
        stored = changed
    return replies.ok(engine.show(resource, stored, "POST", "201"), 201)


async def _duplicate(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = engine.find(resource, request)
    if row is None:
        return replies.no_match(resource.name)
    raw = await request.read()
    values: dict[str, Any] = {}
    if raw:
        data = await replies.read_object(request)
        if not isinstance(data, dict):
            return data
        rules = engine.contract.operation(DUPLICATE, "POST").body
        if rules is not None:
            values, errors = rules.clean(data)
            if errors:
                return replies.bad_request(errors)
    copied = {k: v for k, v in fields_of(row).items() if k not in ("version_id", "owner", "status", "visibility")}
    copied |= {"name": f"{copied.get('name', '')} (copy)"}
    prepared = _prepare(engine, copied | values, None)
    if not isinstance(prepared, dict):
        return prepared
    return replies.ok(engine.show(resource, engine.add(resource, prepared), "POST", "201"), 201)


async def _execution(engine: Engine, path: str, request: web.Request) -> dict[str, Any] | Reply:
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(path, "POST").body
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    return values


def _result(evaluator: Mapping[str, Any], values: Mapping[str, Any], engine: Engine) -> Reply:
    errors = scoring.missing_inputs(evaluator, values)
    if errors:
        return replies.bad_request(errors)
    outcome = scoring.run(engine, evaluator, values)
    return replies.ok(
        {
            "evaluator_name": evaluator.get("name"),
            "score": outcome["score"],
            "cost": None,
            "execution_log_id": outcome["execution_log_id"],
            "justification": outcome["justification"],
            "confidence": None,
        }
    )


def _version(engine: Engine, row: sqlite3.Row, values: Mapping[str, Any]) -> dict[str, Any] | Reply:
    version_id = values.get("evaluator_version_id")
    evaluator = scoring.evaluator(engine, row["id"], str(version_id) if version_id else None)
    if evaluator is None:
        return replies.bad_request({"evaluator_version_id": [f"No version {version_id} of this evaluator."]})
    return evaluator


async def _execute(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = engine.find(resource, request)
    if row is None:
        return replies.no_match(resource.name)
    values = await _execution(engine, EXECUTE, request)
    if not isinstance(values, dict):
        return values
    evaluator = _version(engine, row, values)
    return evaluator if not isinstance(evaluator, dict) else _result(evaluator, values, engine)


async def _execute_by_name(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    params, errors = engine.contract.operation(EXECUTE_BY_NAME, "POST").parse_query(request.query)
    if errors:
        return replies.bad_request(errors)
    name = params.get("name")
    if not name:
        return replies.bad_request({"name": [REQUIRED]})
    values = await _execution(engine, EXECUTE_BY_NAME, request)
    if not isinstance(values, dict):
        return values
    row = versions.newest_by_name(engine, TABLE, name)
    if row is None:
        return replies.bad_request({"name": [f"Object with name={name} does not exist."]})
    evaluator = _version(engine, row, values)
    return evaluator if not isinstance(evaluator, dict) else _result(evaluator, values, engine)


def _test_rows(engine: Engine, values: Mapping[str, Any]) -> list[list[str]] | Reply:
    """The calibration's test rows, from ``test_data`` or a dataset, cut by ``dataset_range``."""
    test_data, dataset_id = values.get("test_data"), values.get("test_dataset_id")
    if not test_data and not dataset_id:
        return replies.non_field_error("Either test_data or test_dataset_id is required.")
    if test_data:
        rows = [list(r) for r in test_data]
    else:
        try:
            rows = datasets.stored_file(engine, str(dataset_id))["rows"]
        except (KeyError, ValueError):
            return replies.bad_request({"test_dataset_id": [f"No dataset {dataset_id} with test rows."]})
    cut = values.get("dataset_range") or {}
    start, end = cut.get("start"), cut.get("end")
    rows = rows[start:end] if start is not None or end is not None else rows
    errors = [n for n, r in enumerate(rows, 1) if not r or not _is_score(r[0])]
    if errors:
        field = "test_data" if test_data else "test_dataset_id"
        return replies.bad_request(
            {field: [f"Row {n}: the first column must be the expected score, a number from 0 to 1." for n in errors]}
        )
    return rows


def _is_score(text: str) -> bool:
    try:
        return 0.0 <= float(text) <= 1.0
    except ValueError:
        return False


async def _calibrate_existing(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = engine.find(resource, request)
    if row is None:
        return replies.no_match(resource.name)
    values = await _execution(engine, CALIBRATE_ONE, request)
    if not isinstance(values, dict):
        return values
    rows = _test_rows(engine, values)
    if not isinstance(rows, list):
        return rows
    return replies.ok(scoring.calibrate(engine, engine.view(resource, row), rows))


async def _calibrate_definition(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    values = await _execution(engine, CALIBRATE, request)
    if not isinstance(values, dict):
        return values
    unknown = [m for m in values.get("models") or () if not known_model(engine.store, m)]
    if unknown:
        return replies.bad_request({"models": [f"Object with name={m} does not exist." for m in unknown]})
    rows = _test_rows(engine, values)
    if not isinstance(rows, list):
        return rows
    text = json.dumps([values.get("prompt"), values.get("models")], sort_keys=True)
    evaluator = dict(values) | {
        "id": None,
        "name": values.get("name") or "Calibration",
        "version_id": str(uuid.uuid5(_NAMESPACE, f"definition:{text}")),
    }
    return replies.ok(scoring.calibrate(engine, evaluator, rows))


def known(engine: Engine) -> list[dict[str, str]]:
    """The evaluators held (presets and the user's), as ``{"id", "name"}``, by name."""
    rows = engine.store.db.execute(
        "SELECT id, json_extract(fields, '$.name') AS name FROM records WHERE resource = ? ORDER BY name, id",
        [TABLE.resource],
    ).fetchall()
    return [{"id": str(r["id"]), "name": str(r["name"])} for r in rows]


# -- declarations -----------------------------------------------------------------------------------------

VERSIONS: Final = Resource(
    key="evaluator_versions",
    name="Evaluator",
    table=VERSIONS_TABLE,
    collection=VERSIONS_PATH,
    parent_param="id",
    view=_view,
)

EVALUATORS: Final = Resource(
    key=KEY,
    name="Evaluator",
    table=TABLE,
    collection=COLLECTION,
    item=ITEM,
    ordering=("created_at", "name"),
    filters={
        "name": field_equals("name"),
        "search": fields_contain("name", "scoring_criteria", "prompt"),
        "is_root_evaluator": _root_only,
        "status": field_equals("status"),
        "skill_type": field_equals("skill_type"),
        "objective__intent": field_equals("objective.intent"),
        "owner__email": _owner("email"),
        "owner__first_name": _owner("first_name"),
        "owner__last_name": _owner("last_name"),
        "project_id": projects.EVALUATORS_FILTER,
    },
    versions=VERSIONS,
    prepare=projects.scoped(_prepare),
    view=_view,
    list_view=_list_view,
    protected=lambda row: bool(fields_of(row).get("is_root_evaluator")),
    actions={
        (COLLECTION, "POST"): _create,
        (ITEM, "GET"): _retrieve,
        (EXECUTE, "POST"): _execute,
        (EXECUTE_BY_NAME, "POST"): _execute_by_name,
        (CALIBRATE, "POST"): _calibrate_definition,
        (CALIBRATE_ONE, "POST"): _calibrate_existing,
        (DUPLICATE, "POST"): _duplicate,
    },
    on_open=_seed_presets,
    snapshot=lambda store, query: {
        KEY: store.count(TABLE, [_USER_MADE]),
        "preset_evaluators": store.count(TABLE) - store.count(TABLE, [_USER_MADE]),
        "verdicts": store.count(verdicts.TABLE),
    },
)
