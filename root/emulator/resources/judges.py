"""Judges: the engine's declaration, and runs and generation played by the emulator.

- A judge is versioned (create, PUT and PATCH each make a version; its ``version_id`` is the newest, and
  ``judge_version_id`` runs an older one). Its ``evaluator_references`` must name evaluators (presets
  count), each optionally pinned to one of its versions; a reference to nothing is a 400 on
  ``evaluator_references``. The judge shows them as ``evaluators`` (as they were when referenced), and
  ``inputs`` is the union of theirs.
- ``POST /v1/judges/{judge_id}/execute/`` (or ``/v1/judges/execute/by-name/?name=``, the newest judge of
  that name; none is a 404) runs every member evaluator (a pinned version, else the newest)
  as an evaluator run does (:func:`root.emulator.services.scoring.run_judge`: the same deterministic
  scores and the same verdicts), and answers one result per evaluator. A preset member that lacks an
  input it needs (Faithfulness without ``contexts``) is not scored: its score is null and its
  justification says what it lacks. The run writes one execution log for the judge run
  (``execution_type`` ``"judge"``, the mean of the scores) and one child log per evaluator scored, whose
  ``parent_execution_log_id`` is the judge run's log. A member evaluator deleted since is left out.
  A conversation (``turns``, ``tools``) is played as an evaluator run plays it: it stands for the
  request and response it lacks, a member that needs what it lacks (Tool_Selection without a tool call)
  is not scored, and the judge run's log shows the turns too.
- ``POST /v1/judges/generate/`` builds a judge from a fixed set of presets, chosen by keywords in the
  intent and the ``extra_contexts`` (:data:`KEYWORDS`, matched at the start of a word, any case; none
  matched gives Relevance). The judge says it was emulated: its ``_meta`` holds ``"emulated": true`` and
  the keywords matched, and its name, unless one is given, is ``"Emulated judge"``. With ``judge_id``
  (and ``overwrite``, true by default) it replaces that judge's evaluators, as a new version.
- The marker :data:`ERROR_MARKER` (``[emulator:error]``) in the intent makes a ``strict`` generation (the
  spec's default) answer, as the service does for an intent too vague to build from, with an
  ``error_code`` (``"intent_ambiguous"``), the ``missing_context_from_system_goal`` and ``stages``, and
  the nil UUID as ``judge_id``: no judge is made. Without ``strict`` the marker is ignored.
- ``POST /v1/judges/{id}/duplicate/`` copies a judge (``"<name> (copy)"``); ``/v1/judges/{id}/invite/``
  checks its body (``judge_url`` an http(s) URL) and sends nothing; ``/v1/judges/{judge_id}/refine/``
  scores the response and answers it unchanged as the ``improved_response`` (no model rewrites it
  offline).
- A judge given a ``status`` that the spec's judge statuses do not include (``private`` ...) shows
  ``unlisted``.
- Listing filters: ``name``, ``search`` (a part of the name or intent, any case), ``is_public``
  (visibility ``public``), ``is_preset`` (the emulator has no preset judges: true lists none).
- Not served (no model runs offline to complete a chat): the OpenAI-compatible chat completion
  endpoints; they answer ``404 Not found.``
"""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

from aiohttp import web

from root._presets import load_presets
from root.emulator import replies
from root.emulator.engine import Engine, Resource, View, Where, field_equals, fields_contain
from root.emulator.replies import Reply
from root.emulator.resources import projects
from root.emulator.services import scoring, versions
from root.emulator.store import Table, fields_of

KEY: Final = "judges"
COLLECTION: Final = "/v1/judges/"
ITEM: Final = "/v1/judges/{id}/"
EXECUTE: Final = "/v1/judges/{judge_id}/execute/"
EXECUTE_BY_NAME: Final = "/v1/judges/execute/by-name/"
REFINE: Final = "/v1/judges/{judge_id}/refine/"
DUPLICATE: Final = "/v1/judges/{id}/duplicate/"
INVITE: Final = "/v1/judges/{id}/invite/"
GENERATE: Final = "/v1/judges/generate/"
TABLE: Final = Table(resource=KEY)
VERSIONS_TABLE: Final = Table(resource="judge_versions")

ERROR_MARKER: Final = "[emulator:error]"
"""Put in a generation's intent, it makes ``strict`` generation answer with an ``error_code``."""
ERROR_CODE: Final = "intent_ambiguous"
NIL_UUID: Final = "00000000-0000-0000-0000-000000000000"
KEYWORDS: Final[tuple[tuple[str, str], ...]] = (
    ("polite", "Politeness"),
    ("rude", "Politeness"),
    ("courte", "Politeness"),
    ("truth", "Truthfulness"),
    ("fact", "Truthfulness"),
    ("help", "Helpfulness"),
    ("clear", "Clarity"),
    ("clarity", "Clarity"),
    ("concise", "Conciseness"),
    ("brief", "Conciseness"),
    ("formal", "Formality"),
    ("toxic", "Non_toxicity"),
    ("harm", "Harmlessness"),
    ("safe", "Harmlessness"),
    ("faithful", "Faithfulness"),
    ("context", "Faithfulness"),
    ("relevan", "Relevance"),
)
"""The keywords :data:`GENERATE` looks for (at the start of a word, any case) and the preset each adds."""
DEFAULT_PRESET: Final = "Helpfulness"
"""The preset of a judge generated from an intent without keywords: it needs only the response."""
_NAMESPACE: Final = uuid.UUID("8d1f3a60-2c4b-4e9a-b7d5-0f6e1c2a9b48")
_SHOWN_STATUSES: Final = ("unlisted", "listed", "public", "global")
"""The statuses (of the contract's ``StatusEnum``) a judge is shown with; another is shown as unlisted."""


def _reference_errors(engine: Engine, references: Sequence[Mapping[str, Any]]) -> list[str]:
    errors = []
    for reference in references:
        evaluator_id, version_id = str(reference["id"]), reference.get("version_id")
        if scoring.evaluator(engine, evaluator_id, str(version_id) if version_id else None) is None:
            what = f"version {version_id} of evaluator {evaluator_id}" if version_id else f"evaluator {evaluator_id}"
            errors.append(f"Invalid reference: no {what}.")
    return errors


def _nested(definition: Mapping[str, Any]) -> dict[str, Any]:
    objective = definition.get("objective") or {}
    return {
        "id": definition["id"],
        "name": definition.get("name") or "",
        "objective": {"intent": str(objective.get("intent") or "")},
        "is_root_evaluator": bool(definition.get("is_root_evaluator")),
        "model": scoring.model(definition),
        "version_id": definition["version_id"],
    }


def _prepare(engine: Engine, values: dict[str, Any], row: sqlite3.Row | None) -> dict[str, Any] | Reply:
    """Checks the evaluator references and derives what the judge shows of them."""
    references = values.get("evaluator_references")
    if references is not None:
        errors = _reference_errors(engine, references)
        if errors:
            return replies.bad_request({"evaluator_references": errors})
        members = scoring.members(engine, references)
        inputs: dict[str, Any] = {}
        for member in members:
            inputs |= member.get("inputs") or {}
        values = values | {"evaluators": [_nested(m) for m in members], "inputs": inputs}
    shown = _SHOWN_STATUSES
    if values.get("status") is not None and values["status"] not in shown:
        # A status a judge may be given but not shown with (private ...): shown as unlisted.
        values = values | {"status": "unlisted"}
    if "intent" in values:
        objective_id = str(uuid.uuid5(_NAMESPACE, f"objective:{values['intent']}"))
        values = values | {"objective": {"id": objective_id, "intent": values["intent"]}}
    return values


def _view(row: sqlite3.Row, view: View) -> View:
    # A judge made without a visibility is private, as the service makes it (1.15's JudgeList requires one).
    shown = {"status": view.get("status") or "unlisted", "files": view.get("files") or []}
    return view | shown | {"visibility": view.get("visibility") or "private"}


def _find(engine: Engine, request: web.Request, param: str) -> sqlite3.Row | None:
    try:
        judge_id = str(uuid.UUID(request.match_info[param]))
    except ValueError:
        return None
    return engine.store.get(TABLE, judge_id)


async def _body(engine: Engine, path: str, request: web.Request) -> dict[str, Any] | Reply:
    data = await replies.read_object(request)
    if not isinstance(data, dict):
        return data
    rules = engine.contract.operation(path, "POST").body
    values, errors = rules.clean(data) if rules is not None else ({}, {})
    return replies.bad_request(errors) if errors else values


def _judge_run(engine: Engine, row: sqlite3.Row, values: Mapping[str, Any]) -> dict[str, Any] | Reply:
    """Runs a judge (or the version ``judge_version_id``): its evaluators' results and its log's id."""
    version_id = values.get("judge_version_id")
    judge = versions.read(engine, KEY, row["id"], str(version_id) if version_id else None)
    if judge is None:
        return replies.bad_request({"judge_version_id": [f"No version {version_id} of this judge."]})
    outcome = scoring.run_judge(engine, judge, values)
    return {"evaluator_results": outcome["evaluator_results"], "execution_log_id": outcome["execution_log_id"]}


async def _execute(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = _find(engine, request, "judge_id")
    if row is None:
        return replies.no_match(resource.name)
    values = await _body(engine, EXECUTE, request)
    if not isinstance(values, dict):
        return values
    outcome = _judge_run(engine, row, values)
    return replies.ok(outcome) if isinstance(outcome, dict) else outcome


async def _execute_by_name(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    params, errors = engine.contract.operation(EXECUTE_BY_NAME, "POST").parse_query(request.query)
    if errors:
        return replies.bad_request(errors)
    if not params.get("name"):
        return replies.bad_request({"name": [scoring.REQUIRED]})
    values = await _body(engine, EXECUTE_BY_NAME, request)
    if not isinstance(values, dict):
        return values
    row = versions.newest_by_name(engine, TABLE, params["name"])
    if row is None:
        return replies.no_match(resource.name)
    outcome = _judge_run(engine, row, values)
    return replies.ok(outcome) if isinstance(outcome, dict) else outcome


async def _refine(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = _find(engine, request, "judge_id")
    if row is None:
        return replies.no_match(resource.name)
    values = await _body(engine, REFINE, request)
    if not isinstance(values, dict):
        return values
    outcome = _judge_run(engine, row, values)
    if not isinstance(outcome, dict):
        return outcome
    response = str(values.get("response") or "")
    return replies.ok(
        outcome
        | {
            "improved_response": response,
            "original_response": response,
            "original_evaluator_results": outcome["evaluator_results"],
        }
    )


def _generated(values: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The presets a generation picks, and the keywords that picked them."""
    texts = [str(values.get("intent") or ""), *[str(v) for v in (values.get("extra_contexts") or {}).values() if v]]
    text = " ".join(texts)
    matched = [(k, name) for k, name in KEYWORDS if re.search(rf"\b{re.escape(k)}", text, re.IGNORECASE)]
    names = list(dict.fromkeys(name for _, name in matched)) or [DEFAULT_PRESET]
    return names, [k for k, _ in matched]


async def _generate(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    values = await _body(engine, GENERATE, request)
    if not isinstance(values, dict):
        return values
    strict = values.get("strict")
    if ERROR_MARKER in str(values["intent"]) and strict is not False:
        return replies.ok(
            {
                "judge_id": NIL_UUID,
                "error_code": ERROR_CODE,
                "judge_version_id": NIL_UUID,
                "claim_token": None,
                "missing_context_from_system_goal": [
                    {"context": "Emulated: the intent carries the emulator's error marker, so generation failed."}
                ],
                "stages": ["Emulated stage"],
            },
            201,
        )
    names, keywords = _generated(values)
    ids = {p.name: p.id for p in load_presets()}
    fields: dict[str, Any] = {
        "name": values.get("name") or "Emulated judge",
        "intent": values["intent"],
        "stage": values.get("stage") or "",
        "visibility": values["visibility"],
        "project_id": values.get("project_id"),
        "evaluator_references": [{"id": ids[name]} for name in names],
        "_meta": {"emulated": True, "keywords": keywords, "presets": names},
    }
    existing = engine.store.get(TABLE, str(values["judge_id"])) if values.get("judge_id") else None
    prepared = _prepare(engine, fields, existing)
    if not isinstance(prepared, dict):  # pragma: no cover - presets always exist
        return prepared
    if existing is not None and values.get("overwrite") is not False:
        stored = engine.change(resource, existing["id"], prepared) or existing
    else:
        stored = engine.add(resource, prepared)
    body = {"judge_id": stored["id"], "error_code": None, "judge_version_id": fields_of(stored)["version_id"]}
    return replies.ok(body | {"claim_token": None, "missing_context_from_system_goal": None, "stages": None}, 201)


async def _duplicate(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = _find(engine, request, "id")
    if row is None:
        return replies.no_match(resource.name)
    copied = {k: v for k, v in fields_of(row).items() if k != "version_id"}
    # The copy's name stays within what a request may name a judge (the spec's JudgeRequest.name).
    longest = engine.contract.schema("JudgeRequest").get("properties", {}).get("name", {}).get("maxLength")
    copied["name"] = f"{copied.get('name', '')} (copy)"[:longest]
    return replies.ok(engine.show(resource, engine.add(resource, copied), "POST", "201"), 201)


async def _invite(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = _find(engine, request, "id")
    if row is None:
        return replies.no_match(resource.name)
    values = await _body(engine, INVITE, request)
    if not isinstance(values, dict):
        return values
    url = urlsplit(str(values["judge_url"]))
    if url.scheme not in ("http", "https") or not url.netloc:
        return replies.bad_request({"judge_url": ["Enter a valid URL."]})
    return replies.ok({})


def _is_public(value: Any) -> Where:
    return Where(("json_extract(fields, '$.visibility') " + ("=" if value else "IS NOT") + " 'public'",))


def _is_preset(value: Any) -> Where:
    return Where(nothing=True) if value else Where()


VERSIONS: Final = Resource(key="judge_versions", name="Judge", table=VERSIONS_TABLE, parent_param="id", view=_view)
"""A judge's versions: no path lists them; runs read them (``judge_version_id``)."""

JUDGES: Final = Resource(
    key=KEY,
    name="Judge",
    table=TABLE,
    collection=COLLECTION,
    item=ITEM,
    ordering=("created_at", "name"),
    filters={
        "name": field_equals("name"),
        "search": fields_contain("name", "intent"),
        "is_public": _is_public,
        "is_preset": _is_preset,
        "project_id": projects.FILTER,
    },
    versions=VERSIONS,
    prepare=projects.scoped(_prepare),
    view=_view,
    actions={
        (EXECUTE, "POST"): _execute,
        (EXECUTE_BY_NAME, "POST"): _execute_by_name,
        (REFINE, "POST"): _refine,
        (GENERATE, "POST"): _generate,
        (DUPLICATE, "POST"): _duplicate,
        (INVITE, "POST"): _invite,
    },
)
