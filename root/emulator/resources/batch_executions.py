"""Batch executions: the engine's declaration, and what the spec cannot say of them.

- ``POST /v1/batch-executions/`` runs a judge (``judge_id``, optionally ``judge_version_id``) or evaluators
  (``evaluator_ids``): exactly one of the two. It runs them over ``inputs`` (at most 100, which the spec
  says) or over the rows of a data set (``dataset_id``, optionally a zero-based inclusive ``range``):
  exactly one of the two. A data set's row gives its inputs by its header's names (``request``,
  ``response``, ``contexts``, ``expected_output``) or, without a header, as a calibration row's columns do
  (``[response]`` or ``[request, response, contexts...]``); a data set without a file (built item by item)
  gives its items, as its listing shows them. An unknown judge, version, evaluator or data
  set, or a range that selects no row, is a 400 on that field. The answer is a 202 with the batch's id and
  its ``status_url``, ``/v1/judges/batch-executions/{id}/`` (the operation that reads one batch).
- Every input is scored when the batch is created, by the shared scoring service
  (:mod:`root.emulator.services.scoring`: the same deterministic scores, verdicts and execution logs as a
  judge or evaluator run); a judge's input writes the judge run's log and its evaluators' child logs, and
  an evaluator's input one log per evaluator. An input's ``evaluator_version_id`` runs that version of the
  evaluator it belongs to (the others run as listed); each result names the version run. An input no
  evaluator could score (a preset lacking an input it needs) is ``failed``, with an ``error_message``; the
  batch is ``completed`` (no item failed), ``failed`` (every item) or ``partial``.
- The batch shows its results at the pace of the setting ``job_seconds`` when it was created (0, the
  default: at once): ``pending`` in the first tenth of that time, then ``processing`` while its items
  finish one after another (``completed_count`` and ``failed_count`` grow; the item being scored is
  ``processing``, later ones ``pending``, without results), then finished, with ``completed_at``.
- A batch's details show at most its first 100 items, as the service's do; ``total_count`` counts all.
- The emulator scores at most :data:`MAX_RUNS` evaluator runs (inputs times evaluators) in one batch, as
  the batch is created: a larger one is a 400 (the service runs batches on its workers).
- ``project_id`` is the one given, else the judge's.
- Listing filters: ``judge_id``, ``project_id``, ``status`` (as the batch is now), ``date_from`` and
  ``date_to`` (its creation, both inclusive). ``GET /v1/execution-logs/?batch_execution_id=`` lists the
  logs a batch wrote, its judges' evaluator logs included.
- Not served: ``POST /v1/judges/{judge_id}/batch-execute/``, whose contract gives neither a body nor an
  answer (nothing says what to run); it answers ``404 Not found.``
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.contract import NON_FIELD_ERRORS, Errors
from root.emulator.engine import Engine, Resource, View, Where, field_equals
from root.emulator.replies import Reply
from root.emulator.resources import datasets
from root.emulator.services import jobs, scoring, versions
from root.emulator.store import Table, fields_of

KEY: Final = "batch_executions"
CREATE: Final = "/v1/batch-executions/"
COLLECTION: Final = "/v1/judges/batch-executions/"
ITEM: Final = "/v1/judges/batch-executions/{id}/"
TABLE: Final = Table(resource=KEY)
DATASET_ITEMS: Final = "dataset_items"
"""The key of the data set items' resource, whose items a batch over a data set without a file reads."""
SHOWN_ITEMS: Final = 100
"""The most items a batch's details show."""
MAX_RUNS: Final = 10_000
"""The most evaluator runs (inputs times evaluators) the emulator scores in one batch: it scores them as
the batch is created, and a request must not hold it for minutes (the service runs them on workers)."""
_INPUT_FIELDS: Final = ("request", "response", "contexts", "expected_output")


def _missing_reference(value: Any) -> str:
    return f'Invalid pk "{value}" - object does not exist.'


def _run_over(values: Mapping[str, Any]) -> Errors:
    """What a batch must say: one thing to run, and one thing to run it over."""
    errors: Errors = {}
    if (values.get("judge_id") is None) == (not values.get("evaluator_ids")):
        errors[NON_FIELD_ERRORS] = ["Give either judge_id or evaluator_ids."]
    if (values.get("dataset_id") is None) == (not values.get("inputs")):
        errors.setdefault(NON_FIELD_ERRORS, []).append("Give either inputs or dataset_id.")
    if values.get("range") is not None and values.get("dataset_id") is None:
        errors["range"] = ["A range selects rows of a data set: give dataset_id."]
    if values.get("judge_version_id") is not None and values.get("judge_id") is None:
        errors["judge_version_id"] = ["A judge version needs its judge_id."]
    return errors


def _trimmed(value: Any) -> Any:
    """An inline input with its strings trimmed of surrounding whitespace, as the service (DRF) trims the
    fields of nested objects too; the contract layer trims only a body's own fields."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_trimmed(v) for v in value]
    if isinstance(value, dict):
        return {k: _trimmed(v) for k, v in value.items()}
    return value


def _too_many(inputs: int, evaluators: int) -> Errors:
    runs = inputs * evaluators
    if runs <= MAX_RUNS:
        return {}
    return {
        NON_FIELD_ERRORS: [f"The emulator scores at most {MAX_RUNS} evaluator runs in one batch; this one has {runs}."]
    }


def _row_inputs(header: Sequence[str] | None, row: Sequence[str]) -> dict[str, Any]:
    if not header:
        return scoring.row_inputs(list(row))
    named = dict(zip((h.strip().lower() for h in header), row, strict=False))
    inputs: dict[str, Any] = {name: named[name] for name in _INPUT_FIELDS if named.get(name)}
    if "contexts" in inputs:
        inputs["contexts"] = [inputs["contexts"]]
    return inputs


def _items(engine: Engine, dataset_id: str) -> list[dict[str, Any]]:
    """The fields of a data set's items as their listing shows them: the latest versions, not archived, in
    the listing's order (found through the engine, as the items' resource declares them)."""
    items = engine.resources[DATASET_ITEMS]
    latest = items.filters["is_archived"](False)
    ordering = items.default_ordering
    return [
        fields_of(row)
        for row in engine.store.page(
            items.table,
            order=ordering.lstrip("-"),
            descending=ordering.startswith("-"),
            after=None,
            limit=engine.store.count(items.table, latest.conditions, latest.values) + 1,
            parent=dataset_id,
            conditions=latest.conditions,
            values=latest.values,
        )
    ]


def _item_inputs(item: Mapping[str, Any]) -> dict[str, Any]:
    """A data set item's inputs: its texts, its contexts when they are a list of texts, its turns when they
    are a list of turns (an item's free-form fields hold what was sent)."""
    inputs: dict[str, Any] = {
        name: item[name] for name in _INPUT_FIELDS if isinstance(item.get(name), str) and item[name]
    }
    contexts, turns = item.get("contexts"), item.get("turns")
    if isinstance(contexts, list) and contexts and all(isinstance(c, str) for c in contexts):
        inputs["contexts"] = contexts
    else:
        inputs.pop("contexts", None)
    if isinstance(turns, list) and turns and all(isinstance(t, dict) and isinstance(t.get("role"), str) for t in turns):
        inputs["turns"] = turns
    return inputs


def _dataset_inputs(engine: Engine, values: Mapping[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]] | Errors:
    """The data set a batch reads and its selected rows as inputs, or the field errors."""
    dataset_id = str(values["dataset_id"])
    row = engine.store.get(datasets.TABLE, dataset_id)
    if row is None:
        return {"dataset_id": [_missing_reference(dataset_id)]}
    stored = fields_of(row).get(datasets.FILE_FIELD)
    if isinstance(stored, dict):
        rows: list[Any] = stored.get("rows") or []
    else:  # a data set built item by item
        rows = _items(engine, dataset_id)
    chosen = values.get("range") or {}
    start = chosen.get("start") or 0
    end = len(rows) - 1 if chosen.get("end") is None else min(chosen["end"], len(rows) - 1)
    if start > end:
        return {"range": [f"The range selects no row: the data set has {len(rows)} rows."]}
    selected = rows[start : end + 1]
    if isinstance(stored, dict):
        inputs = [_row_inputs(stored.get("header"), r) for r in selected]
    else:
        inputs = [_item_inputs(item) for item in selected]
    inputs = [i | {"tags": values.get("tags")} for i in inputs]
    return {"id": dataset_id, "name": fields_of(row).get("name") or ""}, inputs


def _result(member: Mapping[str, Any], outcome: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "evaluator_name": member.get("name") or "",
        "score": outcome["score"],
        "justification": outcome["justification"],
        "evaluator_id": member["id"],
        "evaluator_version_id": member["version_id"],
    }


def _version_asked(engine: Engine, evaluator: Mapping[str, Any], version_id: Any) -> Mapping[str, Any]:
    """The version of ``evaluator`` an input names (``evaluator_version_id``), or the evaluator as listed when
    the input names none, or a version of another evaluator."""
    if not version_id:
        return evaluator
    return scoring.evaluator(engine, str(evaluator["id"]), str(version_id)) or evaluator


def _score_input(
    engine: Engine, judge: Mapping[str, Any] | None, evaluators: Sequence[Mapping[str, Any]], inputs: Mapping[str, Any]
) -> dict[str, Any]:
    """One input scored by the judge or the evaluators: its outcome as an item shows it, and its logs."""
    if judge is not None:
        ran = scoring.run_judge(engine, judge, inputs)
        results, log_id, log_ids = ran["evaluator_results"], ran["execution_log_id"], [ran["execution_log_id"]]
    else:
        results, log_ids = [], []
        for listed in evaluators:
            member = _version_asked(engine, listed, inputs.get("evaluator_version_id"))
            missing = scoring.missing_inputs(member, inputs)
            if missing:
                text = f"Emulated: not scored; {member.get('name')} needs {' and '.join(missing)}."
                results.append(_result(member, {"score": None, "justification": text}))
                continue
            outcome = scoring.run(engine, member, inputs)
            results.append(_result(member, outcome))
            log_ids.append(outcome["execution_log_id"])
        log_id = log_ids[0] if log_ids else None
    scored = any(r["score"] is not None for r in results)
    if scored:
        error = ""
    elif results:
        error = "No evaluator could score this input: " + "; ".join(str(r["justification"]) for r in results)
    else:
        error = "No evaluator to score this input: the judge has none."
    return {
        "status": "completed" if scored else "failed",
        "evaluator_results": results,
        "error_message": error,
        "execution_log_id": log_id if scored else None,
        "log_ids": log_ids,
    }


def _shown_input(inputs: Mapping[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "request": str(inputs.get("request") or ""),
        "response": str(inputs.get("response") or ""),
        "contexts": inputs.get("contexts"),
        "expected_output": inputs.get("expected_output"),
        "turns": None,
    }
    if inputs.get("turns") is not None:
        shown["turns"] = [{"role": t["role"], "content": t.get("content") or ""} for t in inputs["turns"]]
    return shown


def _what_to_run(
    engine: Engine, values: Mapping[str, Any]
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]] | Errors:
    """The judge (as runs read it) or the evaluators a batch runs, or the field errors."""
    if values.get("judge_id") is not None:
        judge_id, version_id = str(values["judge_id"]), values.get("judge_version_id")
        judge = versions.read(engine, "judges", judge_id)
        if judge is None:
            return {"judge_id": [_missing_reference(judge_id)]}
        if version_id is not None:
            judge = versions.read(engine, "judges", judge_id, str(version_id))
            if judge is None:
                return {"judge_version_id": [_missing_reference(version_id)]}
        return judge, scoring.members(engine, judge.get("evaluator_references") or [])
    evaluators = []
    for evaluator_id in values["evaluator_ids"]:
        found = scoring.evaluator(engine, str(evaluator_id))
        if found is None:
            return {"evaluator_ids": [_missing_reference(evaluator_id)]}
        evaluators.append(found)
    return None, evaluators


async def _create(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(CREATE, "POST").body
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    errors = errors or _run_over(values) or _too_many(len(values.get("evaluator_ids") or ()), 1)
    if errors:
        return replies.bad_request(errors)
    to_run = _what_to_run(engine, values)
    if isinstance(to_run, dict):
        return replies.bad_request(to_run)
    judge, evaluators = to_run
    dataset: dict[str, Any] | None = None
    if values.get("dataset_id") is not None:
        selected = _dataset_inputs(engine, values)
        if isinstance(selected, dict):
            return replies.bad_request(selected)
        dataset, inputs = selected
    else:
        inputs = [_trimmed(i) | {"tags": values.get("tags")} for i in values["inputs"]]
    too_many = _too_many(len(inputs), len(evaluators))
    if too_many:
        return replies.bad_request(too_many)
    items = [{"input": _shown_input(i), **_score_input(engine, judge, evaluators, i)} for i in inputs]
    fields = {
        "judge": None if judge is None else {k: judge[k] for k in ("id", "name", "version_id")},
        "judge_id": None if judge is None else judge["id"],
        "evaluators": [{"id": e["id"], "name": e.get("name") or "", "version_id": e["version_id"]} for e in evaluators],
        "dataset": dataset,
        "dataset_range": values.get("range") if dataset is not None else None,
        "tags": list(values.get("tags") or []),
        "project_id": values.get("project_id") or (judge or {}).get("project_id"),
        "job_seconds": engine.settings.job_seconds,
        "items": items,
    }
    row = engine.add(resource, fields)
    status_url = f"{engine.base_url(request)}{ITEM.format(id=row['id'])}"
    return replies.ok({"batch_execution_id": row["id"], "status_url": status_url}, 202)


def _pace(row: sqlite3.Row, fields: Mapping[str, Any]) -> tuple[datetime, datetime]:
    """When a batch starts (leaves ``pending``) and when it has finished, by the pace it was created at."""
    return jobs.phases(row["created_at"], fields.get("job_seconds"))


def _finished_items(row: sqlite3.Row, fields: Mapping[str, Any], now: datetime) -> int:
    """How many of a batch's items have finished at ``now``: they finish one after another."""
    started, completed = _pace(row, fields)
    total = len(fields.get("items") or [])
    if now >= completed:
        return total
    if now < started:
        return 0
    return int((now - started) / (completed - started) * total)


def _status_at(row: sqlite3.Row, fields: Mapping[str, Any], now: datetime) -> str:
    items = fields.get("items") or []
    started, completed = _pace(row, fields)
    if now < started:
        return "pending"
    if now < completed:
        return "processing"
    failed = sum(1 for i in items if i["status"] == "failed")
    return "completed" if not failed else ("failed" if failed == len(items) else "partial")


def _view(row: sqlite3.Row, view: View) -> View:
    fields = fields_of(row)
    now = datetime.now(timezone.utc)
    status, done = _status_at(row, fields, now), _finished_items(row, fields, now)
    started, completed = _pace(row, fields)
    items = fields.get("items") or []
    step = (completed - started) / max(len(items), 1)
    shown = []
    for index, item in enumerate(items[:SHOWN_ITEMS]):
        entry: dict[str, Any] = {"index": index, "input": item["input"], "error_message": ""}
        item_start = started + step * index
        if index < done:
            entry |= {k: item[k] for k in ("status", "evaluator_results", "error_message", "execution_log_id")}
            entry |= {"started_at": item_start.isoformat(), "completed_at": (item_start + step).isoformat()}
        else:
            current = status == "processing" and index == done
            entry |= {"status": "processing" if current else "pending", "evaluator_results": None}
            entry |= {"execution_log_id": None, "completed_at": None}
            entry["started_at"] = item_start.isoformat() if current else None
        shown.append(entry)
    finished = items[:done]
    return view | {
        "batch_execution_id": row["id"],
        "status": status,
        "started_at": started.isoformat() if status != "pending" else None,
        "completed_at": completed.isoformat() if status not in ("pending", "processing") else None,
        "total_count": len(items),
        "completed_count": sum(1 for i in finished if i["status"] == "completed"),
        "failed_count": sum(1 for i in finished if i["status"] == "failed"),
        "items": shown,
    }


def _status(value: Any) -> Where:
    if not value:
        return Where()
    now = datetime.now(timezone.utc)
    return Where(keep=lambda row: _status_at(row, fields_of(row), now) == value)


def _created(bound: str) -> Any:
    def where(value: Any) -> Where:
        try:
            when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return Where(nothing=True)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return Where((f"created_at {bound} ?",), (when.astimezone(timezone.utc).isoformat(timespec="microseconds"),))

    return where


def logs_of_batch(value: Any) -> Where:
    """The execution logs' ``batch_execution_id`` filter: the logs a batch wrote, and their child logs."""
    written = (
        "SELECT logs.value FROM records AS batch, json_each(json_extract(batch.fields, '$.items')) AS item,"
        " json_each(json_extract(item.value, '$.log_ids')) AS logs WHERE batch.resource = ? AND batch.id = ?"
    )
    condition = f"(id IN ({written}) OR json_extract(fields, '$.parent_execution_log_id') IN ({written}))"
    return Where((condition,), (KEY, str(value), KEY, str(value)))


BATCH_EXECUTIONS: Final = Resource(
    key=KEY,
    name="BatchExecution",
    table=TABLE,
    collection=COLLECTION,
    item=ITEM,
    filters={
        "judge_id": field_equals("judge_id"),
        "project_id": field_equals("project_id"),
        "status": _status,
        "date_from": _created(">="),
        "date_to": _created("<="),
    },
    view=_view,
    actions={(CREATE, "POST"): _create},
)
