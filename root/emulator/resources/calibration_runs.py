"""Calibration runs: the engine's declaration, and what the spec cannot say of them.

- ``POST /v1/calibration-runs/`` measures a saved evaluator (``evaluator_external_id``, optionally
  ``evaluator_version_id``; unknown ones are a 400) or a draft ``definition`` (``scoring_criteria`` and
  ``model``): one of the two. The examples come from the ``source``: ``dataset`` (``dataset_id``, an
  existing dataset, required) or ``logs`` (the execution logs).
- An example's human value is the newest published annotation of its dataset item (or execution log), on
  ``score_config_id`` when given, else on a default score config (or none), else an item's
  ``metadata.expected_score``. A dataset's examples are its latest, unarchived items, else the rows of
  its uploaded CSV file (with a header: the ``request`` and ``response`` columns; without: test rows
  ``[expected score, request, response, contexts...]``, whose expected score is the human value). An
  example without a human value is skipped (``n_skipped``).
- Every example is scored once, when the run is created, through :mod:`root.emulator.services.scoring`
  (the scores of evaluator runs, verdicts included, one execution log each); ``disagreement`` is the
  distance between the two values. ``metrics`` holds ``mae`` (their mean), ``rmse``, ``agreement`` (the
  share within 0.2) and ``n``.
- The run moves through its statuses at the pace of the setting ``job_seconds`` when it was created:
  ``pending`` for its first tenth, ``running`` until the end, then ``completed`` (``failed``, with its
  ``error``, when no example had a human value). Until it completes it shows no metrics, and its items
  listing is empty; then the items come largest disagreement first.
- ``POST /v1/calibration-runs/attach/`` gives the runs of the ``comparison_groups`` to the evaluator (an
  existing one, else a 400) and answers how many it changed.
- ``evaluator_external_id`` and ``comparison_group`` (comma-separated) filter the listing.
"""

from __future__ import annotations

import math
import sqlite3
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource, View, Where, field_equals
from root.emulator.replies import Reply
from root.emulator.resources import datasets, evaluators
from root.emulator.services import jobs, scoring
from root.emulator.services.logs import KEY as LOGS_KEY
from root.emulator.store import Table, fields_of

KEY: Final = "calibration_runs"
COLLECTION: Final = "/v1/calibration-runs/"
ITEM: Final = "/v1/calibration-runs/{id}/"
ITEMS_PATH: Final = "/v1/calibration-runs/{id}/items/"
ATTACH: Final = "/v1/calibration-runs/attach/"
TABLE: Final = Table(resource=KEY)
ITEMS_TABLE: Final = Table(resource="calibration_run_items")
DATASET_ITEMS: Final = Table(resource="dataset_items")
"""Where a dataset's items are stored (by the dataset items resource), each with its dataset as parent."""
ANNOTATIONS: Final = Table(resource="annotations")
"""Where the annotations are stored (by the annotations resource)."""
SCORE_CONFIGS: Final = Table(resource="score_configs")
"""Where the score configs are stored; without a score config a run counts the default ones' annotations."""
AGREEMENT: Final = 0.2
"""The largest disagreement an example may have and still count as agreeing."""
_NAMESPACE: Final = uuid.UUID("1b7c3e9a-5d2f-4c8b-a6e0-9f3d2b1c7a54")


def _human_value(engine: Engine, target: str, target_id: str, score_config: str | None) -> tuple[Any, Any]:
    """The newest published annotation of a dataset item or execution log: ``(annotation id, value)``, on
    ``score_config``, or else on none or a default score config (the service's "Score")."""
    row = engine.store.db.execute(
        "SELECT id, fields FROM records WHERE resource = ? AND json_extract(fields, '$.' || ?) = ?"
        " AND json_extract(fields, '$.status') = 'published' AND json_extract(fields, '$.value') IS NOT NULL"
        " AND coalesce(json_extract(fields, '$.score_config'), '') IN (SELECT ? WHERE ? IS NOT NULL UNION ALL"
        " SELECT '' WHERE ? IS NULL UNION ALL SELECT id FROM records WHERE ? IS NULL AND resource = ?"
        " AND json_extract(fields, '$.is_default') = 1) ORDER BY created_at DESC, seq DESC LIMIT 1",
        [ANNOTATIONS.resource, target, target_id, *[score_config] * 4, SCORE_CONFIGS.resource],
    ).fetchone()
    return (row["id"], fields_of(row)["value"]) if row is not None else (None, None)


def _as_value(value: Any) -> float | None:
    """A human value as a number: an annotation's value, or a test row's expected score (text); None when
    it is none, or not a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _file_cases(engine: Engine, dataset_id: str) -> list[dict[str, Any]]:
    try:
        stored = datasets.stored_file(engine, dataset_id)
    except (KeyError, TypeError):
        return []
    header = stored.get("header")
    cases: list[dict[str, Any]] = []
    for row in stored.get("rows") or []:
        if header:
            named = dict(zip(header, row, strict=False))
            inputs = {k: named[k] for k in ("request", "response") if named.get(k)}
            cases.append({"inputs": inputs, "human_value": None})
            continue
        try:
            expected: float | None = float(row[0])
        except (ValueError, IndexError):
            expected = None
        ok = expected is not None and math.isfinite(expected) and 0.0 <= expected <= 1.0
        columns = list(row[1:]) if ok else list(row)
        cases.append({"inputs": scoring.row_inputs(columns), "human_value": expected if ok else None})
    return cases


def _cases(engine: Engine, source: Mapping[str, Any], score_config: str | None) -> list[dict[str, Any]]:
    """The run's examples: ``inputs``, ``human_value`` (None: skipped), ``dataset_item``, ``annotation``."""
    if source["type"] == "logs":
        logs = engine.store.db.execute("SELECT id, fields FROM records WHERE resource = ?", [LOGS_KEY]).fetchall()
        found = []
        for log in logs:
            annotation, value = _human_value(engine, "execution_log", log["id"], score_config)
            if annotation is not None:
                shown = fields_of(log)
                inputs = {"request": shown.get("request_preview"), "response": shown.get("response_preview")}
                found.append({"inputs": inputs, "human_value": value, "annotation": annotation})
        return found
    dataset_id = str(source["dataset_id"])
    items = engine.store.db.execute(
        "SELECT id, fields FROM records WHERE resource = ? AND parent = ? ORDER BY seq",
        [DATASET_ITEMS.resource, dataset_id],
    ).fetchall()
    cases: list[dict[str, Any]] = []
    for item in items:
        fields = fields_of(item)
        if fields.get("is_archived") or fields.get("is_latest_version") is False:
            continue
        annotation, value = _human_value(engine, "dataset_item", item["id"], score_config)
        if value is None:
            metadata = fields.get("metadata")
            value = _as_value(metadata.get("expected_score")) if isinstance(metadata, dict) else None
        case = {"inputs": _item_inputs(fields), "human_value": value, "dataset_item": item["id"]}
        cases.append(case | {"annotation": annotation})
    return cases or _file_cases(engine, dataset_id)


def _item_inputs(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A dataset item's fields as a run's inputs; the spec leaves ``contexts``, ``variables`` and ``turns``
    untyped, so what is not a list of texts, an object, or a list of turns, is left out."""
    inputs = {k: fields[k] for k in ("request", "response", "expected_output") if isinstance(fields.get(k), str)}
    contexts, variables = fields.get("contexts"), fields.get("variables")
    if isinstance(contexts, list):
        inputs["contexts"] = [str(c) for c in contexts]
    if isinstance(variables, dict):
        inputs["variables"] = {str(k): v for k, v in variables.items()}
    turns = fields.get("turns")
    if isinstance(turns, list):
        # A conversation is scored from its turns; a turn a run would refuse (no known role) is left out.
        roles, texts = ("user", "assistant", "tool"), (str, type(None))
        kept = [t for t in turns if isinstance(t, dict) and t.get("role") in roles]
        inputs["turns"] = [t for t in kept if isinstance(t.get("content"), texts)] or None
    return inputs


def _evaluator(engine: Engine, values: Mapping[str, Any]) -> dict[str, Any] | Reply:
    evaluator_id, version_id = values.get("evaluator_external_id"), values.get("evaluator_version_id")
    definition: dict[str, Any] = values.get("definition") or {}
    if evaluator_id is None and not definition:
        return replies.non_field_error("Either evaluator_external_id or definition is required.")
    if evaluator_id is None:
        text = repr(sorted(definition.items()))
        version = str(uuid.uuid5(_NAMESPACE, f"definition:{text}"))
        return {"id": None, "name": "Draft evaluator", "version_id": version, "models": [definition["model"]]} | {
            "scoring_criteria": definition["scoring_criteria"]
        }
    found = scoring.evaluator(engine, str(evaluator_id), str(version_id) if version_id else None)
    if found is None:
        field = "evaluator_version_id" if version_id else "evaluator_external_id"
        return replies.bad_request({field: [f'Invalid pk "{version_id or evaluator_id}" - object does not exist.']})
    return found


def _metrics(scored: list[dict[str, Any]]) -> dict[str, Any]:
    gaps = [c["disagreement"] for c in scored]
    return {
        "n": len(gaps),
        "mae": round(sum(gaps) / len(gaps), 4),
        "rmse": round(math.sqrt(sum(g * g for g in gaps) / len(gaps)), 4),
        "agreement": round(sum(1 for g in gaps if g <= AGREEMENT) / len(gaps), 4),
        "emulated": True,
    }


async def _create(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(COLLECTION, "POST").body
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    evaluator = _evaluator(engine, values)
    if not isinstance(evaluator, dict):
        return evaluator
    source = values["source"]
    if source["type"] == "dataset":
        if not source.get("dataset_id"):
            return replies.bad_request({"source": ["dataset_id: " + scoring.REQUIRED]})
        if engine.store.get(datasets.TABLE, str(source["dataset_id"])) is None:
            missing = f'dataset_id: Invalid pk "{source["dataset_id"]}" - object does not exist.'
            return replies.bad_request({"source": [missing]})
    score_config = values.get("score_config_id")
    cases = _cases(engine, source, str(score_config) if score_config else None)
    scored = []
    for case in cases:
        human = _as_value(case["human_value"])
        if human is None:
            continue
        outcome = scoring.run(engine, evaluator, case["inputs"])
        scored.append(case | outcome | {"disagreement": round(abs(outcome["score"] - human), 4), "human": human})
    fields = {
        "evaluator_external_id": evaluator["id"],
        "evaluator_version_id": evaluator["version_id"] if evaluator["id"] else None,
        "definition": values.get("definition"),
        "comparison_group": values.get("comparison_group"),
        "score_config": score_config,
        "source_type": source["type"],
        "dataset": source.get("dataset_id"),
        "n_examples": len(scored),
        "n_skipped": len(cases) - len(scored),
        "_metrics": _metrics(scored) if scored else None,
        "_error": "" if scored else "No example has a human value (a published annotation) to measure against.",
        "_job_seconds": engine.settings.job_seconds,
    }
    row = engine.add(resource, fields)
    for case in scored:
        item = {
            "annotation": case.get("annotation"),
            "dataset_item": case.get("dataset_item"),
            "execution_log": case["execution_log_id"],
            "evaluator_score": case["score"],
            "human_value": case["human"],
            "disagreement": case["disagreement"],
            "_rank": f"{case['disagreement']:.4f}",  # text, so that the keyset cursor compares like with like
            "status": "completed",
            "justification": case["justification"],
            "request": str(case["inputs"].get("request") or ""),
            "response": str(case["inputs"].get("response") or ""),
        }
        engine.store.insert(ITEMS_TABLE, str(uuid.uuid4()), item, parent=row["id"])
    return replies.ok(engine.show(resource, row, "POST", "201"), 201)


def _status(row: sqlite3.Row, fields: Mapping[str, Any]) -> str:
    started, finished = jobs.phases(row["created_at"], fields.get("_job_seconds"))
    now = datetime.now(timezone.utc)
    if now < started:
        return "pending"
    if now < finished:
        return "running"
    return "completed" if fields.get("_metrics") is not None else "failed"


def _view(row: sqlite3.Row, view: View) -> View:
    status = _status(row, view)
    done = status in ("completed", "failed")
    return view | {
        "status": status,
        "metrics": view.get("_metrics") if done else None,
        "error": view.get("_error") if status == "failed" else "",
        "n_examples": view.get("n_examples") if done else 0,
        "n_skipped": view.get("n_skipped") if done else 0,
    }


async def _items(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    run = engine.find(CALIBRATION_RUNS, request)
    if run is None:
        return replies.no_match("CalibrationRun")
    if _status(run, fields_of(run)) != "completed":
        _, errors = engine.contract.operation(ITEMS_PATH, "GET").parse_query(request.query)
        return replies.bad_request(errors) if errors else replies.ok({"next": None, "previous": None, "results": []})
    return engine.list(resource, request)


async def _attach(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(ATTACH, "POST").body
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    if errors:
        return replies.bad_request(errors)
    evaluator_id = str(values["evaluator_external_id"])
    if engine.store.get(evaluators.TABLE, evaluator_id) is None:
        return replies.bad_request({"evaluator_external_id": [f'Invalid pk "{evaluator_id}" - object does not exist.']})
    groups = [str(g) for g in values["comparison_groups"]]
    attached = 0
    for group in groups:
        for row in engine.store.db.execute(
            "SELECT id FROM records WHERE resource = ? AND json_extract(fields, '$.comparison_group') = ?",
            [TABLE.resource, group],
        ).fetchall():
            engine.store.update(TABLE, row["id"], {"evaluator_external_id": evaluator_id})
            attached += 1
    return replies.ok({"attached": attached})


def _groups(value: Any) -> Where:
    wanted = [part.strip() for part in str(value).split(",") if part.strip()]
    if not wanted:
        return Where()
    marks = ", ".join("?" * len(wanted))
    return Where((f"json_extract(fields, '$.comparison_group') IN ({marks})",), tuple(wanted))


ITEMS: Final = Resource(
    key="calibration_run_items",
    name="CalibrationRunItem",
    table=ITEMS_TABLE,
    collection=ITEMS_PATH,
    parent_param="id",
    ordering=("_rank",),
    default_ordering="-_rank",
    view=lambda row, view: view | {"id": row["id"], "created_at": row["created_at"]},
    actions={(ITEMS_PATH, "GET"): _items},
)

CALIBRATION_RUNS: Final = Resource(
    key=KEY,
    name="CalibrationRun",
    table=TABLE,
    collection=COLLECTION,
    item=ITEM,
    filters={"evaluator_external_id": field_equals("evaluator_external_id"), "comparison_group": _groups},
    view=_view,
    actions={(COLLECTION, "POST"): _create, (ATTACH, "POST"): _attach},
)
