"""What the contract offers, the SDK offers: a field or an operation the service adds fails here, by name.

After ``make generate`` on a new ``openapi.yaml``, the generated request models and operations change
on their own; the public methods of :class:`root.models.Models` do not. These tests compare the two and
say exactly what to add when they part.
"""

from __future__ import annotations

import argparse
import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import root.generated.openapi_aclient.models as async_models
import root.generated.openapi_client.models as sync_models
from root import RootSignals
from root.emulator import Emulator
from root.models import Models

SPEC = Path(__file__).resolve().parents[1] / "openapi.yaml"

NOT_A_FIELD = {"self", "model_id", "_request_timeout", "_client"}
"""Parameters of create/update that are not request-body fields."""

NOT_EXPOSED = {
    "models_update": "PUT replaces every writable field; update()/aupdate() use PATCH, which changes the "
    "same fields without resetting those left out, so a second way to write them would only add a trap.",
    "objectives_update": "PUT replaces every writable field; update()/aupdate() use PATCH, as for models.",
    "evaluators_update": "PUT replaces every writable field; Evaluators.update()/aupdate() use PATCH, as for models.",
    "evaluators_duplicate_create": "copies an evaluator; the official SDK 1.6 never exposed it, and no user program "
    "calls it yet: a later issue may add it beside the official names.",
    "judges_update": "PUT replaces every writable field; update()/aupdate() use PATCH, as for models.",
    **dict.fromkeys(
        [
            "judges_openai_chat_completions_create",
            "judges_openai_chat_completions_create_2",
            "judges_refine_openai_chat_completions_create",
            "judges_openai_responses_create",
            "judges_openai_responses_create_2",
            "judges_refine_openai_responses_create",
        ],
        "OpenAI-compatible chat completions and Responses (an OpenAI request in, an OpenAI answer out, judged or "
        "refined on the way): they are for OpenAI clients pointed at the service, which docs/guides/more.md "
        "shows; an SDK method would only pass an untyped dict through, and neither official SDK (1.6, 1.15) has one.",
    ),
    "judges_refine_create": "rewrites a response until a judge scores it well; the official SDK 1.6 never "
    "exposed it, no user program calls it yet, and the emulator cannot play it honestly (it needs an LLM to "
    "rewrite): a later issue may add refine()/arefine() beside the official names.",
    "judges_invite_create": "e-mails people an invitation to a judge's page in the web app (judge_url): a "
    "feature of the app, not of programs; the official SDK 1.6 never exposed it.",
    **dict.fromkeys(
        ["annotations_update", "score_configs_update"],
        "PUT replaces every writable field; update()/aupdate() use PATCH, as the official SDK 1.15 does, and "
        "as for models.",
    ),
    "datasets_items_update": "PUT replaces an item's content; DataSets.update_item()/aupdate_item() use PATCH, as "
    "the official SDK 1.15 does, which changes the same fields without resetting those left out.",
    "judges_batch_execute_create": "the contract publishes neither a request body nor an answer body for it, so a "
    "program could say neither what to run nor learn which batch started; BatchExecutions.execute_judge() and "
    "create(judge_id=...) start the same batch through batch_executions_create, whose body and 202 answer (with "
    "the status URL) the contract describes.",
}
"""Operations of openapi.yaml (every tag) that no public method reaches, on purpose or not yet, with the reason."""

DROPPED_BY_THE_SERVICE = {
    "evaluators_calibrate_create_2": "KEPT: the official SDK 1.6's Evaluators.calibrate_existing() calls it "
    "(POST /v1/evaluators/calibrate/{id}), so a 1.6 program does; our calibrate_existing() reaches it. "
    "Calibration runs (client.calibration_runs) are the current service's way.",
    "evaluators_status_create": "DROPPED from openapi.yaml: the official SDK 1.6 never called it (only its generated "
    "client had it), the current service no longer answers it, and keeping it would promise an operation that "
    "fails against the service. An evaluator's status is still read in its details and filtered in listings.",
    "evaluators_status_update": "DROPPED from openapi.yaml, as evaluators_status_create (the PUT of the same path).",
    "datasets_status_update": "DROPPED from openapi.yaml: the official SDK 1.6 never called it and the current "
    "service no longer answers it, as evaluators_status_create.",
}
"""The decision on each operation of our spec that the current contract (scorable 1.15) no longer has: kept
(a 1.6 program calls it) or dropped. The beta evaluation agents and batch jobs were never in our spec."""


def test_the_dropped_operations_are_decided() -> None:
    operations = _operations()
    for operation_id, decision in DROPPED_BY_THE_SERVICE.items():
        kept = decision.startswith("KEPT")
        assert (operation_id in operations) == kept, f"{operation_id}: the spec does not follow the decision"
        assert not kept or operation_id in _operations_named_by_public_methods(), operation_id


BODY_METHODS = [
    ("ModelRequest", "create"),
    ("ModelRequest", "acreate"),
    ("PatchedModelRequest", "update"),
    ("PatchedModelRequest", "aupdate"),
]


OBJECTIVE_FIELDS_NOT_TAKEN = {
    "status": "the official SDK 1.6's create/update do not take it; the service sets it",
    "validators": "evaluator references: they come with the evaluators (issue 14)",
    "force_create": "the official SDK 1.6 does not take it, and its meaning is not in the contract",
}
"""Writable fields of ObjectiveRequest that Objectives.create/update leave out on purpose, with the reason."""


@pytest.mark.parametrize(
    ("schema", "method"),
    [("ObjectiveRequest", "create"), ("ObjectiveRequest", "acreate"),
     ("PatchedObjectiveRequest", "update"), ("PatchedObjectiveRequest", "aupdate")],
)  # fmt: skip
def test_every_writable_objective_field_is_a_parameter_or_left_out_on_purpose(schema: str, method: str) -> None:
    from root.objectives import Objectives

    properties = set(getattr(sync_models, schema).model_fields) - set(OBJECTIVE_FIELDS_NOT_TAKEN)
    parameters = set(inspect.signature(getattr(Objectives, method)).parameters) - {
        "self",
        "objective_id",
        "_request_timeout",
    }
    assert properties == parameters, (
        f"openapi.yaml's {schema} has the fields {sorted(properties)} but Objectives.{method} takes "
        f"{sorted(parameters)}: add the missing ones to create/acreate or update/aupdate in root/objectives.py, "
        f"or list them in OBJECTIVE_FIELDS_NOT_TAKEN ({__name__}) with the reason"
    )


def _operations() -> dict[str, tuple[str, str]]:
    """``{operationId: (METHOD, path)}`` of every operation in openapi.yaml, whatever its tag."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    found: dict[str, tuple[str, str]] = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = (method.upper(), path)
    return found


@pytest.mark.parametrize(("schema", "method"), BODY_METHODS)
def test_every_writable_field_is_a_parameter(schema: str, method: str) -> None:
    generated = getattr(async_models if method.startswith("a") else sync_models, schema)
    properties = set(generated.model_fields)
    parameters = set(inspect.signature(getattr(Models, method)).parameters) - NOT_A_FIELD
    missing = sorted(properties - parameters)
    assert not missing, (
        f"openapi.yaml's {schema} has the writable field(s) {missing}, which Models.{method} does not take: "
        f"add them as keyword parameters of {method.lstrip('a')} and a{method.lstrip('a')} in root/models.py "
        f"(same default in both, a ':param' line in both docstrings) and in root/models.pyi"
    )
    unknown = sorted(parameters - properties)
    assert not unknown, (
        f"Models.{method} takes {unknown}, which openapi.yaml's {schema} no longer has: remove the parameter(s), "
        f"or restore the field(s) in openapi.yaml"
    )


ROOT = Path(__file__).resolve().parents[1] / "root"


def _operations_named_by_public_methods() -> set[str]:
    """The operationIds that the sub-API modules hand to root._operations (read by root._operation_calls,
    as the docs build and the reference notes read them)."""
    from root._operation_calls import operations_called

    return operations_called(ROOT, public_only=True)


def _operation_of(method: str, path: str, operations: dict[str, tuple[str, str]]) -> str:
    for operation_id, (op_method, template) in operations.items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if op_method == method and re.match(pattern, path):
            return operation_id
    raise AssertionError(f"{method} {path} is no operation of openapi.yaml")


async def test_every_operation_is_reached_by_a_public_method_or_listed(emulator: Emulator, client: RootSignals) -> None:
    """Every public method runs once over HTTP; the operations the emulator saw are the ones we reach."""
    models = client.models
    model_id = models.create(name="coverage")
    models.get(model_id)
    models.update(model_id, name="coverage 2")
    list(models.list(limit=1))
    models.delete(model_id)
    model_id = await models.acreate(name="coverage")
    await models.aget(model_id)
    await models.aupdate(model_id, name="coverage 2")
    _ = [m async for m in models.alist(limit=1)]
    await models.adelete(model_id)
    models.verify(model="coverage")
    await models.averify(model="coverage")

    called = {name for name, _ in inspect.getmembers(Models, inspect.isfunction) if not name.startswith("_")}
    assert called == {
        *("create", "acreate", "get", "aget", "update", "aupdate", "list", "alist", "delete", "adelete"),
        *("verify", "averify"),
    }, "Models has public methods this test does not call: call them above, so the operations they reach count"
    operations = _operations()
    reached = {_operation_of(r["method"], r["path"], operations) for r in emulator.requests()}
    # The sub-APIs on root._operations name their operation in their one call; their wire tests
    # (tests/test_resources_wire.py) run each of those methods.
    named = _operations_named_by_public_methods()
    unknown = sorted(named - set(operations))
    assert not unknown, f"root/ names operation(s) {unknown}, which openapi.yaml does not have"
    reached |= named
    missing = sorted(set(operations) - reached - set(NOT_EXPOSED))
    assert not missing, (
        f"openapi.yaml has the operation(s) {missing}, which no public method of the SDK reaches: add a method and "
        f"its async twin (and call it in this test), or list the operation in NOT_EXPOSED ({__name__}) with the reason"
    )
    stale = sorted(set(NOT_EXPOSED) - set(operations))
    assert not stale, f"NOT_EXPOSED lists {stale}, which openapi.yaml no longer has: remove them from NOT_EXPOSED"
    assert not set(NOT_EXPOSED) & reached, "an operation listed in NOT_EXPOSED is reached after all"


def test_listed_created_and_fetched_ids_are_one_type(client: RootSignals) -> None:
    import uuid

    model_id = client.models.create(name="one id type")
    listed = [m.id for m in client.models.list(limit=1000)]
    fetched = client.models.get(model_id).id
    assert model_id in listed
    assert fetched == model_id
    assert {type(model_id), type(fetched), *map(type, listed)} == {str}
    # A UUID object is still accepted wherever an id goes in.
    assert client.models.get(uuid.UUID(model_id)).id == model_id


QUICKSTART = Path(__file__).resolve().parents[1] / "docs" / "guides" / "quickstart.md"


@pytest.mark.parametrize(
    ("sentence", "schema"),
    [(r"A listing gives each model's (.*?) \(a", "ModelList"), (r"give the model's settings: (.*?) \(a", "Model")],
    ids=["ModelList", "Model"],
)
def test_the_quickstart_names_the_fields_the_spec_has(sentence: str, schema: str) -> None:
    text = " ".join(QUICKSTART.read_text(encoding="utf-8").split())
    match = re.search(sentence, text)
    assert match, f"docs/guides/quickstart.md no longer has the sentence {sentence!r} this test reads"
    named = re.findall(r"`(\w+)`", match.group(1))
    fields = list(getattr(sync_models, schema).model_fields)
    assert named == fields, (
        f"docs/guides/quickstart.md says a {schema} has {named}, but openapi.yaml's {schema} has {fields}: "
        "update the page"
    )


def _subcommand(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]  # type: ignore[no-any-return]
    raise AssertionError(f"{parser.prog} has no subcommands")


def _nullable(schema: type[Any], field: str) -> bool:
    # The generated to_dict() keeps an explicit None only for the fields the spec marks nullable.
    return field in schema(**{field: None}).to_dict()


@pytest.mark.parametrize(("schema", "command"), [("ModelRequest", "create"), ("PatchedModelRequest", "update")])
def test_every_writable_field_is_an_option_of_the_command_line(schema: str, command: str) -> None:
    from root._cli import build_parser

    generated = getattr(sync_models, schema)
    sub = _subcommand(_subcommand(build_parser(), "models"), command)
    options = {option for action in sub._actions for option in action.option_strings}
    expected = set()
    for field in generated.model_fields:
        # A credential is never an argument value (shell history, ps): it comes from stdin or a variable.
        flag = "--default-key-stdin" if field == "default_key" else f"--{field.replace('_', '-')}"
        expected.add(flag)
        if command == "update" and _nullable(generated, field):
            expected.add(f"--clear-{field.replace('_', '-')}")
    missing = sorted(expected - options)
    assert not missing, (
        f"openapi.yaml's {schema} has fields that `rootsignals models {command}` cannot set: add the options "
        f"{missing} in root/_cli.py (build_parser and _{command})"
    )


_NO_UPLOAD = "the ID of an uploaded file the judge reads as context; the contract has no way to upload one"
_OFFICIAL_GENERATE = "the official SDK 1.6's generate does not take it"
_OFFICIAL_RUN = "the service's run options that neither official SDK's judge runs (1.6, 1.15) take"
JUDGE_FIELDS_NOT_TAKEN = {
    "JudgeRequest": {
        "file_id": _NO_UPLOAD,
        "visibility": "the official SDK 1.6's create does not take it; status says who can find and use a judge",
    },
    "PatchedJudgeRequest": {
        "file_id": _NO_UPLOAD,
        "visibility": "the official SDK 1.6's update does not take it",
    },
    "JudgeGeneratorRequest": {
        "file_id": _NO_UPLOAD,
        "generating_model_params": f"{_OFFICIAL_GENERATE}; the service picks the model",
        "judge_id": f"regenerating an existing judge: {_OFFICIAL_GENERATE}",
        "overwrite": f"regenerating an existing judge: {_OFFICIAL_GENERATE}",
        "name": f"{_OFFICIAL_GENERATE}; the generator names the judge",
        "enable_context_aware_evaluators": _OFFICIAL_GENERATE,
    },
    "JudgeExecutionRequest": dict.fromkeys(
        ["file_ids", "judge_version_id"],
        _OFFICIAL_RUN,
    ),
}
"""Writable fields of the judges' request models that root.judges leaves out on purpose, with the reason."""


@pytest.mark.parametrize(
    ("schema", "method"),
    [("JudgeRequest", "create"), ("JudgeRequest", "acreate"),
     ("PatchedJudgeRequest", "update"), ("PatchedJudgeRequest", "aupdate"),
     ("JudgeGeneratorRequest", "generate"), ("JudgeGeneratorRequest", "agenerate"),
     ("JudgeExecutionRequest", "run"), ("JudgeExecutionRequest", "arun"),
     ("JudgeExecutionRequest", "run_by_name"), ("JudgeExecutionRequest", "arun_by_name")],
)  # fmt: skip
def test_every_writable_judge_field_is_a_parameter_or_left_out_on_purpose(schema: str, method: str) -> None:
    from root.judges import Judges

    properties = set(getattr(sync_models, schema).model_fields) - set(JUDGE_FIELDS_NOT_TAKEN[schema])
    # run_by_name's name is the judge's, which the operation takes as a query parameter, not a body field.
    parameters = set(inspect.signature(getattr(Judges, method)).parameters) - {
        "self",
        "judge_id",
        "_request_timeout",
        *(["name"] if method.endswith("run_by_name") else []),
    }
    assert properties == parameters, (
        f"openapi.yaml's {schema} has the fields {sorted(properties)} but Judges.{method} takes "
        f"{sorted(parameters)}: add the missing ones to both twins in root/judges.py, or list them in "
        f"JUDGE_FIELDS_NOT_TAKEN[{schema!r}] ({__name__}) with the reason"
    )


def test_the_one_reader_of_operation_calls() -> None:
    """root._operation_calls reads what a method hands to root._operations, however it is written, and
    nothing that only looks like a call; the coverage test, docs/conf.py and docs/reference_notes.py use it."""
    import subprocess
    import sys

    from root._operation_calls import operations_in

    source = (
        "class Widgets:\n"
        "    @checks_at_call('widgets_list', search='search_term')\n"
        "    def list(self): ...\n"
        "    def get(self):\n"
        "        return self._operations.call(\n"
        "            'widgets_retrieve', locals(), id='widget_id')\n"
        "    def run(self):\n"
        "        return self._bound().acall('widgets_run', {})\n"
        "    def note(self):\n"
        "        return 'self._operations.call(\"not_an_operation\")'  # nor self._operations.call('x')\n"
    )
    assert operations_in(source) == {"widgets_list", "widgets_retrieve", "widgets_run"}
    for reader in ("docs/conf.py", "docs/reference_notes.py", "tests/test_contract_coverage.py"):
        text = (ROOT.parent / reader).read_text(encoding="utf-8")
        assert "root._operation_calls import" in text, f"{reader} does not use the one reader"
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, root; root.RootSignals; print('root._operation_calls' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"
