"""The ``scorable`` face: ``from scorable import Scorable`` with the official SDK 1.15's API, beside
``from root import RootSignals`` with 1.6's, in one program and against one emulator."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import re
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from root import RootSignals
from root._presets import presets_for
from root.datasets import DataSets
from root.emulator import Emulator
from root.errors import InvalidArgumentError, MissingAPIKeyError
from scorable import Scorable
from tests.conftest import API_KEY
from tests.contract_server import Sent, calibration_row, contract_server, evaluator, execution_result, new_id, not_found


@pytest.fixture
def scorable_client(emulator: Emulator) -> Iterator[Scorable]:
    with Scorable(api_key=API_KEY, base_url=emulator.url) as client:
        yield client


# -- the generated code under scorable.generated is root.generated's ----------------------------------------


@pytest.mark.parametrize("package", ["openapi_client", "openapi_aclient"])
def test_the_generated_packages_are_the_same_modules_under_both_names(package: str) -> None:
    for tail in ("", ".models", ".api", ".exceptions", ".models.evaluator_reference_request", ".api.judges_api"):
        ours = importlib.import_module(f"scorable.generated.{package}{tail}")
        assert ours is importlib.import_module(f"root.generated.{package}{tail}")
        # The module keeps its own name and spec: it was not loaded a second time.
        assert ours.__name__ == f"root.generated.{package}{tail}"
        assert ours.__spec__ is not None
        assert ours.__spec__.name == ours.__name__


def test_a_generated_class_is_one_class_under_both_names() -> None:
    from root.generated.openapi_client.models.evaluator_reference_request import (
        EvaluatorReferenceRequest as RootReference,
    )
    from scorable.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest

    assert EvaluatorReferenceRequest is RootReference
    reference = EvaluatorReferenceRequest(id=str(uuid.uuid4()))
    assert isinstance(reference, RootReference)


def test_the_generated_packages_are_attributes_of_scorable_generated() -> None:
    import scorable.generated

    assert scorable.generated.openapi_client is sys.modules["root.generated.openapi_client"]
    assert scorable.generated.openapi_aclient is sys.modules["root.generated.openapi_aclient"]
    with pytest.raises(AttributeError):
        scorable.generated.openapi_nothing  # noqa: B018


def test_a_module_root_generated_lacks_is_missing_under_scorable_generated_too() -> None:
    with pytest.raises(ModuleNotFoundError, match=r"scorable\.generated\.openapi_client\.models\.no_such_model"):
        importlib.import_module("scorable.generated.openapi_client.models.no_such_model")


def test_an_alias_found_in_a_fresh_interpreter_loads_nothing_twice() -> None:
    import subprocess

    program = (
        "import sys\n"
        "from scorable.generated.openapi_aclient.models.message_turn_request import MessageTurnRequest as A\n"
        "from root.generated.openapi_aclient.models.message_turn_request import MessageTurnRequest as B\n"
        "assert A is B\n"
        "names = [m for m in sys.modules if m.startswith('scorable.generated.')]\n"
        "assert all(sys.modules[m] is sys.modules['root.generated.' + m[19:]] for m in names), names\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent
    )
    assert done.stdout.strip() == "ok", done.stderr


# -- the client: where it looks for its key and URL ----------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in ("SCORABLE_API_KEY", "SCORABLE_API_URL", "ROOTSIGNALS_API_KEY", "ROOTSIGNALS_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_scorable_reads_its_key_and_url_from_the_scorable_variables(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SCORABLE_API_KEY", "scorable-key")
    clean_env.setenv("SCORABLE_API_URL", "http://scorable.example:8080/")
    clean_env.setenv("ROOTSIGNALS_API_URL", "http://rootsignals.example")
    client = Scorable()
    assert client.base_url == "http://scorable.example:8080"
    assert client._options.api_key == "scorable-key"
    assert repr(client) == "Scorable(base_url='http://scorable.example:8080')"
    # The 1.6 face reads its own variables, not these.
    with pytest.raises(MissingAPIKeyError, match="ROOTSIGNALS_API_KEY"):
        RootSignals()


def test_scorable_defaults_to_the_scorable_service(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SCORABLE_API_KEY", "k")
    assert Scorable().base_url == "https://api.scorable.ai"
    clean_env.setenv("ROOTSIGNALS_API_KEY", "k")
    assert RootSignals().base_url == "https://api.app.rootsignals.ai"


def test_a_missing_key_names_scorable_api_key(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ROOTSIGNALS_API_KEY", "not-for-scorable")
    with pytest.raises(MissingAPIKeyError, match=r"SCORABLE_API_KEY") as caught:
        Scorable()
    assert "Scorable(api_key=...)" in str(caught.value)
    assert "ROOTSIGNALS" not in str(caught.value)


def test_scorable_reads_its_key_from_a_dotenv_line(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ROOTSIGNALS_API_KEY=other\nSCORABLE_API_KEY = 'from-dotenv'  # the key\n")
    assert Scorable()._options.api_key == "from-dotenv"
    assert RootSignals()._options.api_key == "other"


def test_a_bad_scorable_url_variable_is_named(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SCORABLE_API_URL", "ftp://nowhere")
    with pytest.raises(InvalidArgumentError, match="SCORABLE_API_URL"):
        Scorable(api_key="k")


def test_scorable_is_a_root_signals_client_with_the_official_attributes(scorable_client: Scorable) -> None:
    assert isinstance(scorable_client, RootSignals)
    assert scorable_client.run_async is False
    assert scorable_client.get_client_context == scorable_client.client_context
    assert scorable_client.beta.judges is scorable_client.judges
    clone = scorable_client.with_options(max_retries=0)
    assert type(clone) is Scorable
    assert clone.evaluators.Eval is scorable_client.evaluators.Eval
    assert "key" not in repr(scorable_client).lower()


# -- presets ------------------------------------------------------------------------------------------------


def test_the_scorable_face_lists_exactly_the_presets_of_1_15(scorable_client: Scorable, client: RootSignals) -> None:
    wanted = [(p.name, p.id) for p in presets_for("1.15")]
    assert [(m.name, m.value) for m in scorable_client.evaluators.Eval] == wanted
    assert scorable_client.evaluators.EvaluatorName.__args__ == tuple(name for name, _ in wanted)
    # The root face keeps every preset.
    assert len(client.evaluators.Eval) == 44
    dropped = [p for p in presets_for("1.6") if "1.15" not in p.sdks]
    assert dropped
    for preset in dropped:
        assert not hasattr(scorable_client.evaluators, preset.name)
        assert hasattr(client.evaluators, preset.name)
    for name, _ in wanted:
        runner = getattr(scorable_client.evaluators, name)
        assert runner.__name__ == name


# -- one program, both faces, one emulator ------------------------------------------------------------------

TURNS: list[dict[str, Any]] = [
    {"role": "user", "content": "What is the weather in Tallinn?"},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [{"id": "call-1", "type": "function", "function": {"name": "weather", "arguments": "{}"}}],
    },
    {"role": "tool", "content": "Sunny, 21 degrees", "tool_call_id": "call-1"},
    {"role": "assistant", "content": "It is sunny and 21 degrees in Tallinn."},
]
TOOLS: list[dict[str, Any]] = [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}]


def test_one_program_uses_both_faces_each_with_its_official_api(client: RootSignals, scorable_client: Scorable) -> None:
    import root.skills
    import scorable.skills
    from root.generated.openapi_client.exceptions import NotFoundException as RootNotFoundException
    from scorable.generated.openapi_client.exceptions import ApiException, NotFoundException

    # 1.6 defines an evaluator by its predicate, 1.15 by its scoring criteria (first positional on both).
    polite = client.evaluators.create(predicate="Is {{response}} polite?", name="polite (1.6)")
    clear = scorable_client.evaluators.create("Is {{response}} clear?", name="clear (1.15)", intent="clarity")
    assert type(polite) is root.skills.Evaluator
    assert type(clear) is scorable.skills.Evaluator
    assert isinstance(clear, root.skills.Evaluator)
    assert (polite.scoring_criteria, clear.scoring_criteria) == ("Is {{response}} polite?", "Is {{response}} clear?")

    # Each face reads what the other created, as its own classes.
    polite_15 = scorable_client.evaluators.get(polite.id)
    clear_16 = client.evaluators.get(clear.id)
    assert type(polite_15) is scorable.skills.Evaluator
    assert type(clear_16) is root.skills.Evaluator
    assert (polite_15.id, polite_15.version_id) == (polite.id, polite.version_id)

    # Positional runs, each face in its own order: (response, request, contexts) on 1.6, (response, request,
    # turns) on 1.15. The same evaluator version and inputs score the same on both faces.
    by_16 = polite.run("Thank you kindly!", "Say thanks")
    by_15 = polite_15.run("Thank you kindly!", "Say thanks")
    assert by_16.score == by_15.score
    assert by_16.execution_log_id != by_15.execution_log_id
    conversation = clear.run(None, None, TURNS, TOOLS)
    assert conversation.score is not None
    preset_16 = client.evaluators.Faithfulness("Tallinn is in Estonia.", "Where is Tallinn?", ["Tallinn, Estonia"])
    preset_15 = scorable_client.evaluators.Faithfulness(
        "Tallinn is in Estonia.", "Where is Tallinn?", None, None, ["Tallinn, Estonia"]
    )
    assert preset_16.score == preset_15.score
    assert preset_15.evaluator_name == "Faithfulness"

    # A listing on either face shows both evaluators.
    for face in (client, scorable_client):
        names = {e.name for e in face.evaluators.list(limit=None)}
        assert {"polite (1.6)", "clear (1.15)"} <= names

    # A 404, caught with each face's generated exception class (the same class under both names).
    missing = str(uuid.uuid4())
    with pytest.raises(RootNotFoundException):
        client.evaluators.get(missing)
    with pytest.raises(NotFoundException):
        scorable_client.evaluators.get(missing)
    with pytest.raises(ApiException) as caught:
        scorable_client.judges.get(missing)
    assert caught.value.status == 404
    assert RootNotFoundException is NotFoundException


async def test_one_program_uses_both_faces_asynchronously(client: RootSignals, scorable_client: Scorable) -> None:
    import scorable.skills
    from scorable.generated.openapi_aclient.exceptions import NotFoundException

    created = await scorable_client.evaluators.acreate("Is {{response}} short?", name="short (1.15)")
    assert type(created) is scorable.skills.AEvaluator
    assert isinstance(created, scorable.skills.Evaluator)
    read = await scorable_client.evaluators.aget_by_name("short (1.15)")
    assert type(read) is scorable.skills.AEvaluator
    assert read.id == created.id
    by_15 = await read.arun("Yes.", "Answer briefly", TURNS)
    by_16 = await (await client.evaluators.aget(created.id)).arun("Yes.", "Answer briefly")
    assert by_15.score is not None
    assert by_16.score is not None
    names = [e.name async for e in client.evaluators.alist(name="short (1.15)")]
    assert names == ["short (1.15)"]
    with pytest.raises(NotFoundException):
        await scorable_client.evaluators.aget(uuid.uuid4())
    result = await scorable_client.evaluators.Helpfulness.arun("It is 21 degrees.", "How warm is it?")
    assert result.evaluator_name == "Helpfulness"


def test_a_run_needs_a_request_a_response_or_turns_as_1_15_says(scorable_client: Scorable, emulator: Emulator) -> None:
    evaluator = scorable_client.evaluators.create("Is {{response}} kind?", name="kind")
    for run in (
        evaluator.run,
        scorable_client.evaluators.Helpfulness,
        lambda: scorable_client.evaluators.run(evaluator.id),
        lambda: scorable_client.evaluators.run_by_name("kind"),
    ):
        with pytest.raises(ValueError, match=r"^Either response, request, or turns must be provided$"):
            run()
    # Turns alone are enough.
    assert scorable_client.evaluators.run(evaluator.id, turns=TURNS, tools=TOOLS).score is not None
    assert scorable_client.evaluators.run_by_name("kind", turns=TURNS).score is not None


def test_dropped_presets_are_gone_from_the_scorable_face_only(client: RootSignals, scorable_client: Scorable) -> None:
    with pytest.raises(AttributeError, match=r"Answer_Relevance is not a preset evaluator of the scorable API"):
        scorable_client.evaluators.Answer_Relevance  # noqa: B018
    with pytest.raises(AttributeError):
        type(scorable_client.evaluators).Answer_Relevance  # noqa: B018
    result = client.evaluators.Answer_Relevance("Paris.", "What is the capital of France?")
    assert result.evaluator_name == "Answer_Relevance"
    # Run by id, as the message says, it still runs on the scorable face.
    by_id = scorable_client.evaluators.run(
        client.evaluators.Eval.Answer_Relevance.value, response="Paris.", request="What is the capital of France?"
    )
    assert by_id.score == result.score


def test_scorable_judges_run_conversations_and_take_1_15_parameters(scorable_client: Scorable) -> None:
    import root.judges
    import scorable.judges
    from scorable.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest

    helpfulness = scorable_client.evaluators.Eval.Helpfulness.value
    judge = scorable_client.judges.create(
        name="weather judge",
        intent="Check the weather bot",
        evaluator_references=[EvaluatorReferenceRequest(id=helpfulness)],
    )
    assert type(judge) is scorable.judges.Judge
    assert isinstance(judge, root.judges.Judge)
    assert judge.run(response="It is sunny.").evaluator_results
    assert judge.run(request="Weather?", response="Sunny.", user_id="user-1", session_id="session-1").evaluator_results
    assert scorable_client.judges.run(judge.id, response="Sunny.", system_prompt="Be brief").evaluator_results
    assert scorable_client.judges.run_by_name("weather judge", response="Sunny.").evaluator_results
    listed = list(scorable_client.judges.list())
    assert [type(j) for j in listed] == [scorable.judges.Judge]
    assert listed[0].run(response="Cloudy.").evaluator_results
    updated = scorable_client.judges.update(judge.id, name="weather judge 2")
    assert (type(updated), updated.name) == (scorable.judges.Judge, "weather judge 2")
    generated = scorable_client.judges.generate(intent="A shop assistant that must be polite and correct", name="shop")
    assert generated.judge_id is not None
    public = scorable_client.judges.generate(intent="A public weather bot that answers briefly", visibility="public")
    assert public.judge_id is not None


async def test_scorable_judges_asynchronously(scorable_client: Scorable) -> None:
    import scorable.judges

    helpfulness = scorable_client.evaluators.Eval.Helpfulness.value
    judge = await scorable_client.judges.acreate(
        name="async judge", intent="Check answers", evaluator_references=[{"id": helpfulness}]
    )
    assert type(judge) is scorable.judges.AJudge
    assert (await judge.arun(response="Sunny.", tags=["weather"])).evaluator_results
    read = await scorable_client.judges.aget(judge.id)
    assert type(read) is scorable.judges.AJudge
    listed = [j async for j in scorable_client.judges.alist(limit=5)]
    assert [type(j) for j in listed] == [scorable.judges.AJudge]
    assert (await scorable_client.judges.arun_by_name("async judge", response="Sunny.")).evaluator_results


# -- what the scorable face sends: the contract stand-in -----------------------------------------------------

EVALUATOR_ID = new_id()
OBJECTIVE_ID = new_id()
DATASET_ID = new_id()
FILE_ID = str(uuid.UUID(int=7))


def _answer(request: Sent) -> tuple[int, Any]:
    path, method = request.path, request.method
    if path == "/v1/objectives/" and method == "POST":
        return 201, {"id": OBJECTIVE_ID, "intent": request.json()["intent"]}
    if path == "/v1/evaluators/" and method == "POST":
        return 201, evaluator(EVALUATOR_ID, request.json()["name"], predicate=request.json()["scoring_criteria"])
    if path == f"/v1/evaluators/{EVALUATOR_ID}/" and method in ("GET", "PATCH"):
        return 200, evaluator(EVALUATOR_ID, "polite", version=2 if method == "PATCH" else 1)
    if path.startswith("/v1/evaluators/execute/by-name/") and method == "POST":
        return 200, execution_result(request.query_dict()["name"])
    if path.startswith("/v1/evaluators/execute/") and method == "POST":
        return 200, execution_result("run")
    if path == "/v1/evaluators/calibrate/" and method == "POST":
        return 200, [calibration_row(1, 0.8, 0.75)]
    return not_found()


@pytest.fixture
def wire() -> Iterator[tuple[Scorable, list[Sent]]]:
    with contract_server(_answer) as (url, sent), Scorable(api_key="k", base_url=url) as client:
        yield client, sent


def _run_body(sent: list[Sent]) -> dict[str, Any]:
    (request,) = sent
    assert (request.method, request.path.startswith("/v1/evaluators/execute/")) == ("POST", True)
    body: dict[str, Any] = request.json()
    return body


def test_create_sends_scoring_criteria_only_and_the_demonstration_dataset(wire: tuple[Scorable, list[Sent]]) -> None:
    from root.skills import InputVariable

    client, sent = wire
    created = client.evaluators.create(
        "Is {{response}} about {{subject}}?",
        name="about",
        model="gpt-4o",
        fallback_models=["gpt-4o-mini"],
        input_variables=[InputVariable(name="subject")],
        demonstration_dataset_id=DATASET_ID,
        project_id=uuid.UUID(int=3),
    )
    assert str(created.id) == EVALUATOR_ID
    objective, create = sent
    assert objective.json() == {"intent": "about", "project_id": str(uuid.UUID(int=3))}
    assert create.json() == {
        "name": "about",
        "objective_id": OBJECTIVE_ID,
        "overwrite": False,
        "project_id": str(uuid.UUID(int=3)),
        "scoring_criteria": "Is {{response}} about {{subject}}?",
        "models": ["gpt-4o", "gpt-4o-mini"],
        "input_variables": [{"name": "subject"}],
        "demonstration_dataset_id": DATASET_ID,
    }


def test_create_checks_everything_before_sending(wire: tuple[Scorable, list[Sent]]) -> None:
    client, sent = wire
    with pytest.raises(InvalidArgumentError, match="demonstration_dataset_id"):
        client.evaluators.create("x {{response}}", name="bad", demonstration_dataset_id="not-a-uuid")
    with pytest.raises(ValueError, match="Supplying both objective_id and intent is not supported"):
        client.evaluators.create("x {{response}}", intent="i", objective_id=OBJECTIVE_ID)
    with pytest.raises(TypeError):
        client.evaluators.create(predicate="1.6's name")  # type: ignore[call-arg]
    assert sent == []


def test_update_sends_what_changes_with_a_change_note_as_1_15(wire: tuple[Scorable, list[Sent]]) -> None:
    client, sent = wire
    client.evaluators.update(EVALUATOR_ID, scoring_criteria="Is {{response}} kind?", model="gpt-4o")
    asyncio.run(client.evaluators.aupdate(EVALUATOR_ID, name="kind", change_note="renamed"))
    first, second = sent
    assert (first.method, first.path) == ("PATCH", f"/v1/evaluators/{EVALUATOR_ID}/")
    # ``overwrite`` is the generated request model's default.
    assert first.json() == {
        "change_note": "",
        "scoring_criteria": "Is {{response}} kind?",
        "models": ["gpt-4o"],
        "overwrite": False,
    }
    assert second.json() == {"change_note": "renamed", "name": "kind", "overwrite": False}


def test_an_evaluator_run_takes_1_15_positions(wire: tuple[Scorable, list[Sent]]) -> None:
    client, sent = wire
    evaluator = client.evaluators.get(EVALUATOR_ID)
    sent.clear()
    evaluator.run(
        "It is sunny.",
        "Weather?",
        TURNS,
        TOOLS,
        ["A forecast"],
        "Sunny",
        {"city": "Tallinn"},
        ["weather"],
        "user-1",
        "session-1",
        "Be brief",
        [uuid.UUID(FILE_ID)],
        str(uuid.UUID(int=9)),
    )
    body = _run_body(sent)
    assert body == {
        "response": "It is sunny.",
        "request": "Weather?",
        "turns": TURNS,
        "tools": TOOLS,
        "contexts": ["A forecast"],
        "expected_output": "Sunny",
        "variables": {"city": "Tallinn"},
        "tags": ["weather"],
        "user_id": "user-1",
        "session_id": "session-1",
        "system_prompt": "Be brief",
        "file_ids": [FILE_ID],
        "project_id": str(uuid.UUID(int=9)),
        "evaluator_version_id": str(evaluator.version_id),
    }
    assert "functions" not in body


def test_a_preset_run_takes_1_15_positions_and_turn_models(wire: tuple[Scorable, list[Sent]]) -> None:
    from scorable.generated.openapi_aclient.models.message_turn_request import MessageTurnRequest as ATurn
    from scorable.multiturn import Turn

    client, sent = wire
    turns = [
        Turn(role="user", content="Hi"),
        ATurn(role="assistant", content="Hello!"),
        {"role": "user", "content": "Bye"},
    ]
    client.evaluators.Knowledge_Retention(None, None, turns, None, None, None, None, ["t"], "u", "s", "sys")
    body = _run_body(sent)
    assert body == {
        "turns": [
            {"role": "user", "content": "Hi"},
            {"role": "assistant", "content": "Hello!"},
            {"role": "user", "content": "Bye"},
        ],
        "tags": ["t"],
        "user_id": "u",
        "session_id": "s",
        "system_prompt": "sys",
    }
    assert sent[0].path == f"/v1/evaluators/execute/{client.evaluators.Eval.Knowledge_Retention.value}/"


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"turns": [{"role": "narrator", "content": "Once"}]}, "turns"),
        ({"response": "r", "user_id": "u" * 256}, "user_id"),
        ({"response": "r", "session_id": "s" * 256}, "session_id"),
        ({"response": "r", "file_ids": ["not-a-uuid"]}, "file_ids"),
        ({"response": "r", "tools": "not a list"}, "tools"),
    ],
)
def test_runs_check_the_new_fields_against_the_spec_before_sending(
    wire: tuple[Scorable, list[Sent]], arguments: dict[str, Any], named: str
) -> None:
    client, sent = wire
    evaluator = client.evaluators.get(EVALUATOR_ID)
    sent.clear()
    with pytest.raises(InvalidArgumentError, match=named):
        evaluator.run(**arguments)
    with pytest.raises(InvalidArgumentError, match=named):
        asyncio.run(evaluator.arun(**arguments))
    if "file_ids" not in arguments:  # as in 1.15, only an evaluator's own run takes files
        with pytest.raises(InvalidArgumentError, match=named):
            client.evaluators.run(EVALUATOR_ID, **arguments)
        with pytest.raises(InvalidArgumentError, match=named):
            asyncio.run(client.evaluators.Helpfulness.arun(**arguments))
    assert sent == []


def test_run_by_name_and_calibrate_send_what_1_15_sends(wire: tuple[Scorable, list[Sent]]) -> None:
    client, sent = wire
    client.evaluators.run_by_name("polite", response="Thanks!", turns=TURNS, user_id="u")
    client.evaluators.calibrate(
        name="calibrated", test_dataset_id=DATASET_ID, prompt="Is {{response}} ok?", model="gpt-4o"
    )
    by_name, calibrate = sent
    assert by_name.query_dict()["name"] == "polite"
    assert by_name.json() == {"response": "Thanks!", "turns": TURNS, "user_id": "u"}
    assert calibrate.json() == {
        "name": "calibrated",
        "test_dataset_id": DATASET_ID,
        "prompt": "Is {{response}} ok?",
        "models": ["gpt-4o"],
        "is_evaluator": True,
        "objective": {"intent": "Calibration"},
        "pii_filter": False,  # the generated request model's default
    }


def test_scorable_judges_send_what_1_15_sends() -> None:
    from tests.contract_server import contract_violations
    from tests.test_judges_wire import RELEVANCE, JudgesStandIn

    service = JudgesStandIn()
    violations: list[str] = []

    def answer(request: Sent) -> tuple[int, Any]:
        answered = service.answer(request)
        violations.extend(contract_violations(request, answered))
        return answered

    with contract_server(answer) as (url, sent), Scorable(api_key="k", base_url=url) as client:
        file_id, judge_id = new_id(), new_id()
        client.judges.generate(intent="A polite shop assistant")
        client.judges.generate(
            intent="A public bot",
            visibility="public",
            judge_id=judge_id,
            file_id=file_id,
            name="bot judge",
            overwrite=True,
            strict=True,
        )
        judge = client.judges.create(
            name="shop judge", intent="Check the shop", evaluator_references=[{"id": RELEVANCE}]
        )
        judge.run(request="Price?", turns=TURNS, tools=TOOLS, user_id="u", session_id="s", system_prompt="sys")
        client.judges.update(judge.id, name="renamed judge", project_id=None)
        with pytest.raises(InvalidArgumentError, match="visibility"):
            client.judges.generate(intent="x", visibility="everyone")  # type: ignore[arg-type]
    generated, regenerated, create, run, update = sent
    assert generated.json()["visibility"] == "private"
    assert "name" not in generated.json()
    assert {k: regenerated.json()[k] for k in ("visibility", "judge_id", "file_id", "name", "overwrite", "strict")} == {
        "visibility": "public",
        "judge_id": judge_id,
        "file_id": file_id,
        "name": "bot judge",
        "overwrite": True,
        "strict": True,
    }
    # 1.15 sends no status with a new judge (the root face sends 1.6's default).
    assert "status" not in create.json()
    assert run.path == f"/v1/judges/{judge.id}/execute/"
    assert run.json() == {
        "request": "Price?",
        "turns": TURNS,
        "tools": TOOLS,
        "user_id": "u",
        "session_id": "s",
        "system_prompt": "sys",
    }
    assert update.json() == {"name": "renamed judge"}
    assert not violations, "\n".join(violations)


# -- signatures: each face keeps its official shape -----------------------------------------------------------
#
# Facts, written here: every parameter of every public method of the sub-API classes of both faces, in order,
# with its default ("*" marks where keyword-only parameters begin; annotations aside). On the scorable face
# they are the official SDK 1.15's (plus this client's own options on Scorable.__init__, and
# ``_request_timeout`` where 1.15 has none); a class the two faces share (``DataSets``...) is listed once,
# under root. A root method may gain keyword-only parameters defaulting to None (what 1.15 adds reaches the
# root face that way); its 1.6 parameters, their order and defaults stay.

ROOT_FACE: dict[str, tuple[str, ...]] = {
    "root.client.RootSignals.__init__": (
        "self",
        "api_key=None",
        "*",
        "base_url=None",
        "run_async=None",
        "timeout=Timeout(total=60.0, connect=5.0)",
        "max_retries=2",
        "max_connections=100",
        "proxy=None",
        "ssl_ca_cert=None",
        "deadline=None",
    ),
    "root.client.RootSignals.aclose": ("self",),
    # Not in either official SDK: client.evaluate (issue 23), on both faces alike.
    "root.client.RootSignals.aevaluate": (
        "self",
        "data",
        "*",
        "evaluators=None",
        "judge=None",
        "key=None",
        "mapping=None",
        "max_concurrency=8",
        "journal=None",
        "restart=False",
        "progress=None",
        "max_retries=8",
        "engine='auto'",
    ),
    "root.client.RootSignals.evaluate": (
        "self",
        "data",
        "*",
        "evaluators=None",
        "judge=None",
        "key=None",
        "mapping=None",
        "max_concurrency=8",
        "journal=None",
        "restart=False",
        "progress=None",
        "max_retries=8",
        "engine='auto'",
    ),
    "root.client.RootSignals.client_context": ("self",),
    "root.client.RootSignals.close": ("self",),
    "root.client.RootSignals.with_options": (
        "self",
        "*",
        "timeout=NOT_GIVEN",
        "max_retries=NOT_GIVEN",
        "deadline=NOT_GIVEN",
    ),
    "root.skills.Evaluators.__init__": ("self", "client_context"),
    "root.skills.Evaluators.acalibrate": (
        "self",
        "*",
        "name",
        "test_dataset_id=None",
        "test_data=None",
        "prompt",
        "model",
        "pii_filter=False",
        "reference_variables=None",
        "input_variables=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.acalibrate_batch": (
        "self",
        "*",
        "evaluator_definitions",
        "test_dataset_id=None",
        "test_data=None",
        "parallel_requests=1",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.acalibrate_existing": (
        "self",
        "evaluator_id",
        "*",
        "test_dataset_id=None",
        "test_data=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.acalibrate_run": (
        "self",
        "evaluator_id",
        "*",
        "dataset_id",
        "score_config_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.acreate": (
        "self",
        "predicate=''",
        "*",
        "name=None",
        "intent=None",
        "model=None",
        "fallback_models=None",
        "reference_variables=None",
        "input_variables=None",
        "model_params=None",
        "evaluator_demonstrations=None",
        "objective_id=None",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.adelete": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "root.skills.Evaluators.aexport_yaml": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "root.skills.Evaluators.aget": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "root.skills.Evaluators.aget_by_name": ("self", "name"),
    "root.skills.Evaluators.aimport_yaml": (
        "self",
        "yaml",
        "*",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.alist": (
        "self",
        "search_term=None",
        "*",
        "limit=100",
        "name=None",
        "only_root_evaluators=False",
        "project_id=None",
    ),
    "root.skills.Evaluators.arun": (
        "self",
        "evaluator_id",
        "*",
        "request=None",
        "response=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "evaluator_version_id=None",
        "variables=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.arun_by_name": (
        "self",
        "name",
        "*",
        "request=None",
        "response=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "evaluator_version_id=None",
        "variables=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.aupdate": (
        "self",
        "evaluator_id",
        "*",
        "change_note=None",
        "fallback_models=None",
        "input_variables=None",
        "model=None",
        "name=None",
        "predicate=None",
        "reference_variables=None",
        "model_params=None",
        "evaluator_demonstrations=None",
        "objective_id=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.calibrate": (
        "self",
        "*",
        "name",
        "test_dataset_id=None",
        "test_data=None",
        "prompt",
        "model",
        "pii_filter=False",
        "reference_variables=None",
        "input_variables=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.calibrate_batch": (
        "self",
        "*",
        "evaluator_definitions",
        "test_dataset_id=None",
        "test_data=None",
        "parallel_requests=1",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.calibrate_existing": (
        "self",
        "evaluator_id",
        "*",
        "test_dataset_id=None",
        "test_data=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.calibrate_run": (
        "self",
        "evaluator_id",
        "*",
        "dataset_id",
        "score_config_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.create": (
        "self",
        "predicate=''",
        "*",
        "name=None",
        "intent=None",
        "model=None",
        "fallback_models=None",
        "reference_variables=None",
        "input_variables=None",
        "model_params=None",
        "evaluator_demonstrations=None",
        "objective_id=None",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.delete": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "root.skills.Evaluators.export_yaml": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "root.skills.Evaluators.get": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "root.skills.Evaluators.get_by_name": ("self", "name"),
    "root.skills.Evaluators.import_yaml": (
        "self",
        "yaml",
        "*",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.list": (
        "self",
        "search_term=None",
        "*",
        "limit=100",
        "name=None",
        "only_root_evaluators=False",
        "project_id=None",
    ),
    "root.skills.Evaluators.run": (
        "self",
        "evaluator_id",
        "*",
        "request=None",
        "response=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "evaluator_version_id=None",
        "variables=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.run_by_name": (
        "self",
        "name",
        "*",
        "request=None",
        "response=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "evaluator_version_id=None",
        "variables=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluators.update": (
        "self",
        "evaluator_id",
        "*",
        "change_note=None",
        "fallback_models=None",
        "input_variables=None",
        "model=None",
        "name=None",
        "predicate=None",
        "reference_variables=None",
        "model_params=None",
        "evaluator_demonstrations=None",
        "objective_id=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Versions.__init__": ("self", "client_context"),
    "root.skills.Versions.alist": ("self", "evaluator_id"),
    "root.skills.Versions.list": ("self", "evaluator_id"),
    "root.skills.Evaluator.run": (
        "self",
        "response=None",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "*",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.Evaluator.arun": (
        "self",
        "response=None",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "*",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.AEvaluator.run": (
        "self",
        "response=None",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "*",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.AEvaluator.arun": (
        "self",
        "response=None",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "*",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.PresetEvaluatorRunner.run": (
        "self",
        "response=None",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "*",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.PresetEvaluatorRunner.arun": (
        "self",
        "response=None",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "*",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.PresetEvaluatorRunner.__call__": (
        "self",
        "response=None",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "*",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.skills.APresetEvaluatorRunner.__call__": (
        "self",
        "response=None",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "*",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.__init__": ("self", "client_context"),
    "root.judges.Judges.aclaim": ("self", "claim_token", "*", "project_id=None", "_request_timeout=None"),
    "root.judges.Judges.acreate": (
        "self",
        "*",
        "name",
        "intent",
        "evaluator_references=None",
        "stage=None",
        "status='unlisted'",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.adelete": ("self", "judge_id", "*", "_request_timeout=None"),
    "root.judges.Judges.aduplicate": ("self", "judge_id", "*", "_request_timeout=None"),
    "root.judges.Judges.agenerate": (
        "self",
        "*",
        "intent",
        "visibility='unlisted'",
        "stage=None",
        "extra_contexts=None",
        "strict=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.aget": ("self", "judge_id", "*", "_request_timeout=None"),
    "root.judges.Judges.alist": ("self", "*", "limit=100", "name=None", "project_id=None", "_request_timeout=None"),
    "root.judges.Judges.arun": (
        "self",
        "judge_id",
        "*",
        "response",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.arun_by_name": (
        "self",
        "name",
        "*",
        "response",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.asynthetic_data": ("self", "judge_id", "*", "_request_timeout=None"),
    "root.judges.Judges.aupdate": (
        "self",
        "judge_id",
        "*",
        "name=None",
        "evaluator_references=None",
        "intent=None",
        "stage=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.claim": ("self", "claim_token", "*", "project_id=None", "_request_timeout=None"),
    "root.judges.Judges.create": (
        "self",
        "*",
        "name",
        "intent",
        "evaluator_references=None",
        "stage=None",
        "status='unlisted'",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.delete": ("self", "judge_id", "*", "_request_timeout=None"),
    "root.judges.Judges.duplicate": ("self", "judge_id", "*", "_request_timeout=None"),
    "root.judges.Judges.generate": (
        "self",
        "*",
        "intent",
        "visibility='unlisted'",
        "stage=None",
        "extra_contexts=None",
        "strict=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.get": ("self", "judge_id", "*", "_request_timeout=None"),
    "root.judges.Judges.list": ("self", "*", "limit=100", "name=None", "project_id=None", "_request_timeout=None"),
    "root.judges.Judges.run": (
        "self",
        "judge_id",
        "*",
        "response",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.run_by_name": (
        "self",
        "name",
        "*",
        "response",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judges.synthetic_data": ("self", "judge_id", "*", "_request_timeout=None"),
    "root.judges.Judges.update": (
        "self",
        "judge_id",
        "*",
        "name=None",
        "evaluator_references=None",
        "intent=None",
        "stage=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judge.run": (
        "self",
        "*",
        "response",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.Judge.arun": (
        "self",
        "*",
        "response",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.AJudge.run": (
        "self",
        "*",
        "response",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.judges.AJudge.arun": (
        "self",
        "*",
        "response",
        "request=None",
        "contexts=None",
        "functions=None",
        "expected_output=None",
        "tags=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.objectives.Objectives.__init__": ("self", "client_context"),
    "root.objectives.Objectives.acreate": (
        "self",
        "*",
        "intent=None",
        "test_dataset_id=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.objectives.Objectives.adelete": ("self", "objective_id", "*", "_request_timeout=None"),
    "root.objectives.Objectives.aget": ("self", "objective_id", "*", "_request_timeout=None"),
    "root.objectives.Objectives.alist": ("self", "*", "intent=None", "limit=100", "project_id=None"),
    "root.objectives.Objectives.aupdate": (
        "self",
        "objective_id",
        "*",
        "intent=NOT_GIVEN",
        "test_dataset_id=NOT_GIVEN",
        "project_id=NOT_GIVEN",
        "_request_timeout=None",
    ),
    "root.objectives.Objectives.create": (
        "self",
        "*",
        "intent=None",
        "test_dataset_id=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.objectives.Objectives.delete": ("self", "objective_id", "*", "_request_timeout=None"),
    "root.objectives.Objectives.get": ("self", "objective_id", "*", "_request_timeout=None"),
    "root.objectives.Objectives.list": ("self", "*", "intent=None", "limit=100", "project_id=None"),
    "root.objectives.Objectives.update": (
        "self",
        "objective_id",
        "*",
        "intent=NOT_GIVEN",
        "test_dataset_id=NOT_GIVEN",
        "project_id=NOT_GIVEN",
        "_request_timeout=None",
    ),
    "root.objectives.Versions.__init__": ("self", "client_context"),
    "root.objectives.Versions.alist": ("self", "objective_id"),
    "root.objectives.Versions.list": ("self", "objective_id"),
    "root.datasets.DataSets.__init__": ("self", "client_context"),
    "root.datasets.DataSets.aadd_item": (
        "self",
        "dataset_id",
        "*",
        "response",
        "request=''",
        "expected_output=''",
        "contexts=None",
        "variables=None",
        "metadata=None",
        "change_note=''",
        "_request_timeout=None",
    ),
    "root.datasets.DataSets.aadd_items": ("self", "dataset_id", "items", "*", "_request_timeout=None"),
    "root.datasets.DataSets.aarchive_item": ("self", "dataset_id", "item_id", "*", "_request_timeout=None"),
    "root.datasets.DataSets.acreate": (
        "self",
        "*",
        "name=None",
        "path=None",
        "type='reference'",
        "has_header=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.datasets.DataSets.add_item": (
        "self",
        "dataset_id",
        "*",
        "response",
        "request=''",
        "expected_output=''",
        "contexts=None",
        "variables=None",
        "metadata=None",
        "change_note=''",
        "_request_timeout=None",
    ),
    "root.datasets.DataSets.add_items": ("self", "dataset_id", "items", "*", "_request_timeout=None"),
    "root.datasets.DataSets.adelete": ("self", "dataset_id", "*", "_request_timeout=None"),
    "root.datasets.DataSets.aget": ("self", "dataset_id", "*", "_request_timeout=None"),
    "root.datasets.DataSets.aget_item": ("self", "dataset_id", "item_id", "*", "_request_timeout=None"),
    "root.datasets.DataSets.alist": (
        "self",
        "search_term=None",
        "*",
        "limit=100",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.datasets.DataSets.alist_items": (
        "self",
        "dataset_id",
        "*",
        "include_archived=False",
        "limit=100",
        "_request_timeout=None",
    ),
    "root.datasets.DataSets.archive_item": ("self", "dataset_id", "item_id", "*", "_request_timeout=None"),
    "root.datasets.DataSets.aupdate": ("self", "dataset_id", "*", "name=None", "_request_timeout=None"),
    "root.datasets.DataSets.aupdate_item": (
        "self",
        "dataset_id",
        "item_id",
        "*",
        "response=None",
        "request=None",
        "expected_output=None",
        "contexts=None",
        "variables=None",
        "metadata=None",
        "change_note=None",
        "_request_timeout=None",
    ),
    "root.datasets.DataSets.create": (
        "self",
        "*",
        "name=None",
        "path=None",
        "type='reference'",
        "has_header=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.datasets.DataSets.delete": ("self", "dataset_id", "*", "_request_timeout=None"),
    "root.datasets.DataSets.get": ("self", "dataset_id", "*", "_request_timeout=None"),
    "root.datasets.DataSets.get_item": ("self", "dataset_id", "item_id", "*", "_request_timeout=None"),
    "root.datasets.DataSets.list": (
        "self",
        "search_term=None",
        "*",
        "limit=100",
        "project_id=None",
        "_request_timeout=None",
    ),
    "root.datasets.DataSets.list_items": (
        "self",
        "dataset_id",
        "*",
        "include_archived=False",
        "limit=100",
        "_request_timeout=None",
    ),
    "root.datasets.DataSets.update": ("self", "dataset_id", "*", "name=None", "_request_timeout=None"),
    "root.datasets.DataSets.update_item": (
        "self",
        "dataset_id",
        "item_id",
        "*",
        "response=None",
        "request=None",
        "expected_output=None",
        "contexts=None",
        "variables=None",
        "metadata=None",
        "change_note=None",
        "_request_timeout=None",
    ),
    "root.execution_logs.ExecutionLogs.__init__": ("self", "client_context"),
    "root.execution_logs.ExecutionLogs.aget": (
        "self",
        "*",
        "log_id=None",
        "execution_result=None",
        "_request_timeout=None",
    ),
    "root.execution_logs.ExecutionLogs.alist": (
        "self",
        "*",
        "limit=100",
        "search_term=None",
        "tags=None",
        "include=None",
        "project_id=None",
        "batch_execution_id=None",
        "_request_timeout=None",
    ),
    "root.execution_logs.ExecutionLogs.asession_ids": ("self", "*", "starts_with=None", "_request_timeout=None"),
    "root.execution_logs.ExecutionLogs.aset_tags": ("self", "*", "log_ids", "tags", "_request_timeout=None"),
    "root.execution_logs.ExecutionLogs.auser_ids": ("self", "*", "starts_with=None", "_request_timeout=None"),
    "root.execution_logs.ExecutionLogs.get": (
        "self",
        "*",
        "log_id=None",
        "execution_result=None",
        "_request_timeout=None",
    ),
    "root.execution_logs.ExecutionLogs.list": (
        "self",
        "*",
        "limit=100",
        "search_term=None",
        "tags=None",
        "include=None",
        "project_id=None",
        "batch_execution_id=None",
        "_request_timeout=None",
    ),
    "root.execution_logs.ExecutionLogs.session_ids": ("self", "*", "starts_with=None", "_request_timeout=None"),
    "root.execution_logs.ExecutionLogs.set_tags": ("self", "*", "log_ids", "tags", "_request_timeout=None"),
    "root.execution_logs.ExecutionLogs.user_ids": ("self", "*", "starts_with=None", "_request_timeout=None"),
    "root.models.Models.__init__": ("self", "client_context"),
    "root.models.Models.acreate": (
        "self",
        "*",
        "name",
        "model=None",
        "default_key=None",
        "max_output_token_count=None",
        "max_token_count=None",
        "url=None",
        "_request_timeout=None",
    ),
    "root.models.Models.adelete": ("self", "model_id", "*", "_request_timeout=None"),
    "root.models.Models.aget": ("self", "model_id", "*", "_request_timeout=None"),
    "root.models.Models.alist": ("self", "*", "capable_of=None", "limit=100"),
    "root.models.Models.aupdate": (
        "self",
        "model_id",
        "*",
        "name=NOT_GIVEN",
        "model=NOT_GIVEN",
        "default_key=NOT_GIVEN",
        "max_output_token_count=NOT_GIVEN",
        "max_token_count=NOT_GIVEN",
        "url=NOT_GIVEN",
        "_request_timeout=None",
    ),
    "root.models.Models.averify": (
        "self",
        "*",
        "model",
        "api_key=None",
        "url=None",
        "max_output_token_count=None",
        "_request_timeout=None",
    ),
    "root.models.Models.create": (
        "self",
        "*",
        "name",
        "model=None",
        "default_key=None",
        "max_output_token_count=None",
        "max_token_count=None",
        "url=None",
        "_request_timeout=None",
    ),
    "root.models.Models.delete": ("self", "model_id", "*", "_request_timeout=None"),
    "root.models.Models.get": ("self", "model_id", "*", "_request_timeout=None"),
    "root.models.Models.list": ("self", "*", "capable_of=None", "limit=100"),
    "root.models.Models.update": (
        "self",
        "model_id",
        "*",
        "name=NOT_GIVEN",
        "model=NOT_GIVEN",
        "default_key=NOT_GIVEN",
        "max_output_token_count=NOT_GIVEN",
        "max_token_count=NOT_GIVEN",
        "url=NOT_GIVEN",
        "_request_timeout=None",
    ),
    "root.models.Models.verify": (
        "self",
        "*",
        "model",
        "api_key=None",
        "url=None",
        "max_output_token_count=None",
        "_request_timeout=None",
    ),
    "root.projects.Projects.__init__": ("self", "client_context"),
    "root.projects.Projects.acreate": (
        "self",
        "*",
        "name",
        "description=''",
        "is_default=None",
        "_request_timeout=None",
    ),
    "root.projects.Projects.adelete": ("self", "project_id", "*", "_request_timeout=None"),
    "root.projects.Projects.alist": ("self", "*", "limit=100", "_request_timeout=None"),
    "root.projects.Projects.aretrieve": ("self", "project_id", "*", "_request_timeout=None"),
    "root.projects.Projects.aupdate": (
        "self",
        "project_id",
        "*",
        "name=NOT_GIVEN",
        "description=NOT_GIVEN",
        "is_default=NOT_GIVEN",
        "_request_timeout=None",
    ),
    "root.projects.Projects.create": (
        "self",
        "*",
        "name",
        "description=''",
        "is_default=None",
        "_request_timeout=None",
    ),
    "root.projects.Projects.delete": ("self", "project_id", "*", "_request_timeout=None"),
    "root.projects.Projects.list": ("self", "*", "limit=100", "_request_timeout=None"),
    "root.projects.Projects.retrieve": ("self", "project_id", "*", "_request_timeout=None"),
    "root.projects.Projects.update": (
        "self",
        "project_id",
        "*",
        "name=NOT_GIVEN",
        "description=NOT_GIVEN",
        "is_default=NOT_GIVEN",
        "_request_timeout=None",
    ),
    "root.files.Files.__init__": ("self", "client_context"),
    "root.files.Files.aupload": ("self", "file", "filename=None", "*", "_request_timeout=None"),
    "root.files.Files.upload": ("self", "file", "filename=None", "*", "_request_timeout=None"),
    "root.annotations.Annotations.__init__": ("self", "client_context"),
    "root.annotations.Annotations.acreate": (
        "self",
        "*",
        "dataset_item_id=None",
        "execution_log_id=None",
        "value=None",
        "category=None",
        "rationale=''",
        "status='published'",
        "score_config_id=None",
        "_request_timeout=None",
    ),
    "root.annotations.Annotations.adelete": ("self", "annotation_id", "*", "_request_timeout=None"),
    "root.annotations.Annotations.aget": ("self", "annotation_id", "*", "_request_timeout=None"),
    "root.annotations.Annotations.alist": (
        "self",
        "*",
        "dataset=None",
        "score_config=None",
        "status=None",
        "dataset_item=None",
        "execution_log=None",
        "limit=100",
        "_request_timeout=None",
    ),
    "root.annotations.Annotations.aupdate": (
        "self",
        "annotation_id",
        "*",
        "value=None",
        "category=None",
        "rationale=None",
        "status=None",
        "_request_timeout=None",
    ),
    "root.annotations.Annotations.create": (
        "self",
        "*",
        "dataset_item_id=None",
        "execution_log_id=None",
        "value=None",
        "category=None",
        "rationale=''",
        "status='published'",
        "score_config_id=None",
        "_request_timeout=None",
    ),
    "root.annotations.Annotations.delete": ("self", "annotation_id", "*", "_request_timeout=None"),
    "root.annotations.Annotations.get": ("self", "annotation_id", "*", "_request_timeout=None"),
    "root.annotations.Annotations.list": (
        "self",
        "*",
        "dataset=None",
        "score_config=None",
        "status=None",
        "dataset_item=None",
        "execution_log=None",
        "limit=100",
        "_request_timeout=None",
    ),
    "root.annotations.Annotations.update": (
        "self",
        "annotation_id",
        "*",
        "value=None",
        "category=None",
        "rationale=None",
        "status=None",
        "_request_timeout=None",
    ),
    "root.calibration_runs.CalibrationRuns.__init__": ("self", "client_context"),
    "root.calibration_runs.CalibrationRuns.aattach": (
        "self",
        "*",
        "evaluator_external_id",
        "comparison_groups",
        "_request_timeout=None",
    ),
    "root.calibration_runs.CalibrationRuns.acreate": (
        "self",
        "*",
        "evaluator_id",
        "dataset_id",
        "score_config_id=None",
        "evaluator_version_id=None",
        "_request_timeout=None",
    ),
    "root.calibration_runs.CalibrationRuns.aget": ("self", "run_id", "*", "_request_timeout=None"),
    "root.calibration_runs.CalibrationRuns.alist": (
        "self",
        "*",
        "evaluator_id=None",
        "limit=100",
        "_request_timeout=None",
    ),
    "root.calibration_runs.CalibrationRuns.alist_items": ("self", "run_id", "*", "limit=100", "_request_timeout=None"),
    "root.calibration_runs.CalibrationRuns.attach": (
        "self",
        "*",
        "evaluator_external_id",
        "comparison_groups",
        "_request_timeout=None",
    ),
    "root.calibration_runs.CalibrationRuns.await_": (
        "self",
        "run_id",
        "*",
        "timeout=600.0",
        "poll_interval=1.0",
        "_request_timeout=None",
    ),
    "root.calibration_runs.CalibrationRuns.create": (
        "self",
        "*",
        "evaluator_id",
        "dataset_id",
        "score_config_id=None",
        "evaluator_version_id=None",
        "_request_timeout=None",
    ),
    "root.calibration_runs.CalibrationRuns.get": ("self", "run_id", "*", "_request_timeout=None"),
    "root.calibration_runs.CalibrationRuns.list": (
        "self",
        "*",
        "evaluator_id=None",
        "limit=100",
        "_request_timeout=None",
    ),
    "root.calibration_runs.CalibrationRuns.list_items": ("self", "run_id", "*", "limit=100", "_request_timeout=None"),
    "root.calibration_runs.CalibrationRuns.wait": (
        "self",
        "run_id",
        "*",
        "timeout=600.0",
        "poll_interval=1.0",
        "_request_timeout=None",
    ),
    "root.score_configs.ScoreConfigs.__init__": ("self", "client_context"),
    "root.score_configs.ScoreConfigs.acreate": (
        "self",
        "*",
        "name",
        "type",
        "categories=None",
        "min_value=None",
        "max_value=None",
        "_request_timeout=None",
    ),
    "root.score_configs.ScoreConfigs.adelete": ("self", "score_config_id", "*", "_request_timeout=None"),
    "root.score_configs.ScoreConfigs.aget": ("self", "score_config_id", "*", "_request_timeout=None"),
    "root.score_configs.ScoreConfigs.alist": ("self", "*", "limit=100", "_request_timeout=None"),
    "root.score_configs.ScoreConfigs.aupdate": (
        "self",
        "score_config_id",
        "*",
        "name=None",
        "type=None",
        "categories=None",
        "min_value=None",
        "max_value=None",
        "_request_timeout=None",
    ),
    "root.score_configs.ScoreConfigs.create": (
        "self",
        "*",
        "name",
        "type",
        "categories=None",
        "min_value=None",
        "max_value=None",
        "_request_timeout=None",
    ),
    "root.score_configs.ScoreConfigs.delete": ("self", "score_config_id", "*", "_request_timeout=None"),
    "root.score_configs.ScoreConfigs.get": ("self", "score_config_id", "*", "_request_timeout=None"),
    "root.score_configs.ScoreConfigs.list": ("self", "*", "limit=100", "_request_timeout=None"),
    "root.score_configs.ScoreConfigs.update": (
        "self",
        "score_config_id",
        "*",
        "name=None",
        "type=None",
        "categories=None",
        "min_value=None",
        "max_value=None",
        "_request_timeout=None",
    ),
}
SCORABLE_FACE: dict[str, tuple[str, ...]] = {
    "scorable.client.Scorable.__init__": (
        "self",
        "api_key=None",
        "*",
        "run_async=False",
        "base_url=None",
        "timeout=Timeout(total=60.0, connect=5.0)",
        "max_retries=2",
        "max_connections=100",
        "proxy=None",
        "ssl_ca_cert=None",
        "deadline=None",
    ),
    "scorable.client.Scorable.aclose": ("self",),
    "scorable.client.Scorable.client_context": ("self",),
    "scorable.client.Scorable.close": ("self",),
    "scorable.client.Scorable.with_options": (
        "self",
        "*",
        "timeout=NOT_GIVEN",
        "max_retries=NOT_GIVEN",
        "deadline=NOT_GIVEN",
    ),
    "scorable.skills.Evaluators.__init__": ("self", "client_context"),
    "scorable.skills.Evaluators.acalibrate": (
        "self",
        "*",
        "name",
        "test_dataset_id",
        "prompt",
        "model",
        "input_variables=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.acalibrate_run": (
        "self",
        "evaluator_id",
        "*",
        "dataset_id",
        "score_config_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.acreate": (
        "self",
        "scoring_criteria=''",
        "*",
        "name=None",
        "intent=None",
        "model=None",
        "fallback_models=None",
        "input_variables=None",
        "demonstration_dataset_id=None",
        "objective_id=None",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.adelete": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "scorable.skills.Evaluators.aexport_yaml": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "scorable.skills.Evaluators.aget": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "scorable.skills.Evaluators.aget_by_name": ("self", "name"),
    "scorable.skills.Evaluators.aimport_yaml": (
        "self",
        "yaml",
        "*",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.alist": (
        "self",
        "search_term=None",
        "*",
        "limit=100",
        "name=None",
        "only_root_evaluators=False",
        "project_id=None",
    ),
    "scorable.skills.Evaluators.arun": (
        "self",
        "evaluator_id",
        "*",
        "request=None",
        "response=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "evaluator_version_id=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.arun_by_name": (
        "self",
        "name",
        "*",
        "request=None",
        "response=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "evaluator_version_id=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.aupdate": (
        "self",
        "evaluator_id",
        "*",
        "change_note=None",
        "fallback_models=None",
        "input_variables=None",
        "model=None",
        "name=None",
        "scoring_criteria=None",
        "demonstration_dataset_id=None",
        "objective_id=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.calibrate": (
        "self",
        "*",
        "name",
        "test_dataset_id",
        "prompt",
        "model",
        "input_variables=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.calibrate_run": (
        "self",
        "evaluator_id",
        "*",
        "dataset_id",
        "score_config_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.create": (
        "self",
        "scoring_criteria=''",
        "*",
        "name=None",
        "intent=None",
        "model=None",
        "fallback_models=None",
        "input_variables=None",
        "demonstration_dataset_id=None",
        "objective_id=None",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.delete": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "scorable.skills.Evaluators.export_yaml": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "scorable.skills.Evaluators.get": ("self", "evaluator_id", "*", "_request_timeout=None"),
    "scorable.skills.Evaluators.get_by_name": ("self", "name"),
    "scorable.skills.Evaluators.import_yaml": (
        "self",
        "yaml",
        "*",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.list": (
        "self",
        "search_term=None",
        "*",
        "limit=100",
        "name=None",
        "only_root_evaluators=False",
        "project_id=None",
    ),
    "scorable.skills.Evaluators.run": (
        "self",
        "evaluator_id",
        "*",
        "request=None",
        "response=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "evaluator_version_id=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.run_by_name": (
        "self",
        "name",
        "*",
        "request=None",
        "response=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "evaluator_version_id=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluators.update": (
        "self",
        "evaluator_id",
        "*",
        "change_note=None",
        "fallback_models=None",
        "input_variables=None",
        "model=None",
        "name=None",
        "scoring_criteria=None",
        "demonstration_dataset_id=None",
        "objective_id=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluator.run": (
        "self",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "file_ids=None",
        "project_id=None",
        "*",
        "_request_timeout=None",
    ),
    "scorable.skills.Evaluator.arun": (
        "self",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "file_ids=None",
        "project_id=None",
        "*",
        "_request_timeout=None",
    ),
    "scorable.skills.AEvaluator.run": (
        "self",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "file_ids=None",
        "project_id=None",
        "*",
        "_request_timeout=None",
    ),
    "scorable.skills.AEvaluator.arun": (
        "self",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "file_ids=None",
        "project_id=None",
        "*",
        "_request_timeout=None",
    ),
    "scorable.skills.PresetEvaluatorRunner.run": (
        "self",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "*",
        "_request_timeout=None",
    ),
    "scorable.skills.PresetEvaluatorRunner.arun": (
        "self",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "*",
        "_request_timeout=None",
    ),
    "scorable.skills.PresetEvaluatorRunner.__call__": (
        "self",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "*",
        "_request_timeout=None",
    ),
    "scorable.skills.APresetEvaluatorRunner.__call__": (
        "self",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "variables=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "*",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.__init__": ("self", "client_context"),
    "scorable.datasets.DataSets.create": (
        "self",
        "*",
        "name=None",
        "path=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.datasets.DataSets.acreate": (
        "self",
        "*",
        "name=None",
        "path=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.aclaim": ("self", "claim_token", "*", "project_id=None", "_request_timeout=None"),
    "scorable.judges.Judges.acreate": (
        "self",
        "*",
        "name",
        "intent",
        "evaluator_references=None",
        "stage=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.adelete": ("self", "judge_id", "*", "_request_timeout=None"),
    "scorable.judges.Judges.aduplicate": ("self", "judge_id", "*", "_request_timeout=None"),
    "scorable.judges.Judges.agenerate": (
        "self",
        "*",
        "intent",
        "visibility='private'",
        "judge_id=None",
        "file_id=None",
        "stage=None",
        "extra_contexts=None",
        "strict=False",
        "name=None",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.aget": ("self", "judge_id", "*", "_request_timeout=None"),
    "scorable.judges.Judges.alist": ("self", "*", "limit=100", "project_id=None"),
    "scorable.judges.Judges.arun": (
        "self",
        "judge_id",
        "*",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.arun_by_name": (
        "self",
        "name",
        "*",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.asynthetic_data": ("self", "judge_id", "*", "_request_timeout=None"),
    "scorable.judges.Judges.aupdate": (
        "self",
        "judge_id",
        "*",
        "name=None",
        "evaluator_references=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.claim": ("self", "claim_token", "*", "project_id=None", "_request_timeout=None"),
    "scorable.judges.Judges.create": (
        "self",
        "*",
        "name",
        "intent",
        "evaluator_references=None",
        "stage=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.delete": ("self", "judge_id", "*", "_request_timeout=None"),
    "scorable.judges.Judges.duplicate": ("self", "judge_id", "*", "_request_timeout=None"),
    "scorable.judges.Judges.generate": (
        "self",
        "*",
        "intent",
        "visibility='private'",
        "judge_id=None",
        "file_id=None",
        "stage=None",
        "extra_contexts=None",
        "strict=False",
        "name=None",
        "overwrite=False",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.get": ("self", "judge_id", "*", "_request_timeout=None"),
    "scorable.judges.Judges.list": ("self", "*", "limit=100", "project_id=None"),
    "scorable.judges.Judges.run": (
        "self",
        "judge_id",
        "*",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.run_by_name": (
        "self",
        "name",
        "*",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judges.synthetic_data": ("self", "judge_id", "*", "_request_timeout=None"),
    "scorable.judges.Judges.update": (
        "self",
        "judge_id",
        "*",
        "name=None",
        "evaluator_references=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judge.run": (
        "self",
        "*",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.Judge.arun": (
        "self",
        "*",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.AJudge.run": (
        "self",
        "*",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
    "scorable.judges.AJudge.arun": (
        "self",
        "*",
        "response=None",
        "request=None",
        "turns=None",
        "tools=None",
        "contexts=None",
        "expected_output=None",
        "tags=None",
        "user_id=None",
        "session_id=None",
        "system_prompt=None",
        "project_id=None",
        "_request_timeout=None",
    ),
}

SHARED = [
    "objectives.Objectives",
    "objectives.Versions",
    "execution_logs.ExecutionLogs",
    "models.Models",
    "projects.Projects",
    "files.Files",
    "annotations.Annotations",
    "calibration_runs.CalibrationRuns",
    "score_configs.ScoreConfigs",
    "skills.Versions",
]


def _shape(function: Any) -> tuple[str, ...]:
    parts: list[str] = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name == "_client":
            continue
        if parameter.kind is parameter.KEYWORD_ONLY and "*" not in parts:
            parts.append("*")
        parts.append(
            parameter.name if parameter.default is parameter.empty else f"{parameter.name}={parameter.default!r}"
        )
    return tuple(parts)


def _member(path: str) -> Any:
    module, cls, method = path.rsplit(".", 2)
    return getattr(getattr(importlib.import_module(module), cls), method)


@pytest.mark.parametrize("path", sorted(SCORABLE_FACE))
def test_the_scorable_face_has_the_signatures_of_1_15(path: str) -> None:
    assert _shape(_member(path)) == SCORABLE_FACE[path]


def _split(shape: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, str]]:
    """The positional part of a shape, in order, and its keyword-only part: {name: "name=default" or "name"}."""
    star = shape.index("*") if "*" in shape else len(shape)
    return shape[:star], {p.split("=", 1)[0]: p for p in shape[star + 1 :]}


@pytest.mark.parametrize("path", sorted(ROOT_FACE))
def test_the_root_face_keeps_the_signatures_of_1_6(path: str) -> None:
    positional, keyword_only = _split(ROOT_FACE[path])
    actual_positional, actual_keyword_only = _split(_shape(_member(path)))
    # Every 1.6 call binds as before: the same positional parameters, in order, with their defaults.
    assert actual_positional == positional
    for name, fact in keyword_only.items():
        # A required keyword-only parameter may become optional (None): 1.15 made a judge's response so.
        assert actual_keyword_only.get(name) in (fact, f"{name}=None"), name
    # What 1.15 added reaches the root face only as keyword-only parameters defaulting to None.
    added = [p for name, p in actual_keyword_only.items() if name not in keyword_only]
    assert all(p.endswith("=None") for p in added), added


@pytest.mark.parametrize("common", SHARED)
def test_the_faces_share_the_classes_1_15_did_not_change(common: str) -> None:
    module, name = common.split(".")
    ours = getattr(importlib.import_module(f"scorable.{module}"), name)
    assert ours is getattr(importlib.import_module(f"root.{module}"), name)
    assert any(path.startswith(f"root.{common}.") for path in ROOT_FACE)


def test_every_public_method_has_a_fact() -> None:
    for face, facts in (("root", ROOT_FACE), ("scorable", SCORABLE_FACE)):
        classes = {path.rsplit(".", 1)[0] for path in facts}
        for cls_path in classes:
            module, name = cls_path.rsplit(".", 1)
            cls = getattr(importlib.import_module(module), name)
            if name in (
                "Evaluator",
                "AEvaluator",
                "Judge",
                "AJudge",
                "PresetEvaluatorRunner",
                "APresetEvaluatorRunner",
            ):
                continue  # their data fields are the generated model's; their methods are the runs listed
            public = {
                m for m in dir(cls) if not m.startswith("_") and inspect.isfunction(inspect.getattr_static(cls, m))
            }
            listed = {path.rsplit(".", 1)[1] for path in facts if path.rsplit(".", 1)[0] == cls_path}
            # A method the scorable class inherits unchanged has its fact under the root class it comes from.
            listed |= {
                m
                for m in public - listed
                if f"{inspect.getattr_static(cls, m).__module__}.{inspect.getattr_static(cls, m).__qualname__}"
                in ROOT_FACE
            }
            assert public <= listed, f"{face}: {cls_path} has methods without a fact: {sorted(public - listed)}"


SCORABLE_TWINS = [
    (path.rsplit(".", 1)[0], path.rsplit(".", 1)[1])
    for path in sorted(SCORABLE_FACE)
    if path.startswith(("scorable.skills.", "scorable.judges."))
    and not path.endswith(("__init__", "__call__"))
    and not path.rsplit(".", 1)[1].startswith("a")
    and f"{path.rsplit('.', 1)[0]}.a{path.rsplit('.', 1)[1]}" in SCORABLE_FACE
]


@pytest.mark.parametrize(("path", "method"), SCORABLE_TWINS)
def test_the_scorable_twins_have_the_same_parameters_and_docstrings(path: str, method: str) -> None:
    from tests.test_twins import test_twins_have_the_same_parameters_and_docstrings as check

    check(path, method)
    # The parameters of an evaluator's run: only the twins of the same class are compared above.
    assert SCORABLE_FACE[f"{path}.{method}"][1:] == SCORABLE_FACE[f"{path}.a{method}"][1:]


def test_a_missing_key_is_a_value_error_on_both_faces_as_in_both_official_sdks(clean_env: pytest.MonkeyPatch) -> None:
    for face in (RootSignals, Scorable):
        with pytest.raises(ValueError, match="API key"):
            face()


def test_the_calibration_methods_1_15_removed_are_gone_from_the_scorable_face_only(
    client: RootSignals, scorable_client: Scorable
) -> None:
    import scorable.skills

    for name in ("calibrate_existing", "acalibrate_existing", "calibrate_batch", "acalibrate_batch"):
        assert not hasattr(scorable_client.evaluators, name)
        assert callable(getattr(client.evaluators, name))
    with pytest.raises(AttributeError, match=r"use calibrate_run against a labelled dataset"):
        scorable_client.evaluators.calibrate_existing  # noqa: B018
    assert not hasattr(scorable.skills, "CalibrateBatchParameters")
    # Nor does dir() list them (the official tests call getattr on every name dir() gives).
    listed = dir(scorable_client.evaluators)
    assert "calibrate_batch" not in listed
    assert "Answer_Relevance" not in listed
    assert {"calibrate_run", "Helpfulness", "Tool_Selection", "run"} <= set(listed)
    # 1.15's annotation-only names are there, the same objects as the root face's.
    assert scorable.skills.MessageTurnRequest is importlib.import_module("scorable.multiturn").Turn
    assert scorable.skills.EvaluatorExecutionResult is importlib.import_module("root.skills").EvaluatorExecutionResult


# -- type checkers see each face's own API ---------------------------------------------------------------------

TYPED_PROGRAM = """
from scorable import Scorable
from scorable.multiturn import Turns

def evaluate(turns: Turns) -> None:
    with Scorable(api_key="k") as client:
        client.evaluators.Helpfulness("It is sunny.", "Weather?", turns, [{"type": "function"}])
        client.evaluators.Tool_Selection(turns=turns, user_id="u", session_id="s")
        evaluator = client.evaluators.create("Is {{response}} clear?", name="clear", demonstration_dataset_id="d")
        evaluator.run(None, None, turns, None, None, None, None, None, None, None, None, ["file-id"])
        client.judges.generate(intent="A shop assistant", visibility="private", name="shop")
        same: Scorable = client.with_options(max_retries=0)
        print(client.evaluators.Eval.Knowledge_Retention.value, same)
"""
WRONG_CALLS = {
    'client.evaluators.Helpfulness("It is sunny.", "Weather?", ["a context"])': "list-item",
    'client.evaluators.create(predicate="1.6 name")': "call-arg",
    'client.judges.generate(intent="x", visibility="unlisted")': "arg-type",
    "client.evaluators.run_by_name('polite', response='r', functions=[])": "call-arg",
}


def test_type_checkers_see_the_1_15_signatures_on_the_scorable_face(tmp_path: Path) -> None:
    from mypy import api as mypy_api

    program = TYPED_PROGRAM
    for call in WRONG_CALLS:
        program += f"\n        {call}"
    path = tmp_path / "typed_scorable.py"
    path.write_text("\n".join(line for line in program.splitlines()) + "\n", encoding="utf-8")
    stdout, stderr, status = mypy_api.run(["--strict", "--show-error-codes", "--no-error-summary", str(path)])
    assert status in (0, 1), stdout + stderr
    lines = program.splitlines()
    reported: dict[str, list[str]] = {}
    for line in stdout.splitlines():
        found = re.match(r"^.+?:(\d+): error: .*\[([\w-]+)\]$", line)
        if found:
            reported.setdefault(lines[int(found.group(1)) - 1].strip(), []).append(found.group(2))
    expected = {call: [code] for call, code in WRONG_CALLS.items()}
    assert {k: v[:1] for k, v in reported.items()} == expected, stdout


def test_importing_scorable_loads_nothing_heavy() -> None:
    import subprocess

    code = (
        "import sys; from scorable import Scorable; Scorable(api_key='k').models; "
        "heavy = [m for m in ('aiohttp', 'root.generated.openapi_aclient', 'root.generated.openapi_client', "
        "'pydantic', 'urllib3', 'scorable.skills') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_scorable_evaluator_and_judge_survive_copy_and_pickle(scorable_client: Scorable) -> None:
    import copy
    import pickle

    import scorable.judges
    import scorable.skills

    evaluator = scorable_client.evaluators.create("Is {{response}} kind?", name="kind")
    judge = scorable_client.judges.create(
        name="kind judge", intent="kindness", evaluator_references=[{"id": str(evaluator.id)}]
    )
    copied = copy.deepcopy(evaluator)
    assert type(copied) is scorable.skills.Evaluator
    assert copied.run("Thanks!").score == evaluator.run("Thanks!").score
    unpickled = pickle.loads(pickle.dumps(judge))
    assert type(unpickled) is scorable.judges.Judge
    assert unpickled.id == judge.id


def test_the_scorable_face_creates_a_dataset_as_1_15_does(scorable_client: Scorable, client: RootSignals) -> None:
    """1.15's create takes no type (the service has none any more): an empty dataset, filled with items."""
    from scorable.datasets import DataSets as ScorableDataSets

    assert isinstance(scorable_client.datasets, ScorableDataSets)
    assert isinstance(scorable_client.datasets, DataSets)
    assert type(client.datasets) is DataSets
    with pytest.raises(TypeError):
        scorable_client.datasets.create(name="typed", type="test")  # type: ignore[call-arg]
    empty = scorable_client.datasets.create(name="labelled")
    assert empty.name == "labelled"
    item = scorable_client.datasets.add_item(empty.id, request="hi", response="hello")
    assert [i.id for i in scorable_client.datasets.list_items(empty.id)] == [item.id]


async def test_the_scorable_face_creates_a_dataset_asynchronously(scorable_client: Scorable, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("hi,hello\n", encoding="utf-8")
    uploaded = await scorable_client.datasets.acreate(name="uploaded", path=rows)
    assert uploaded.name == "uploaded"
    assert (await scorable_client.datasets.aget(uploaded.id)).id == uploaded.id


OFFERED_1_15 = {
    "scorable.projects": ["Project", "AProject", "APaginatedProjectList", "ClientContextCallable", "with_sync_client"],
    "scorable.annotations": ["Annotation", "AAnnotation", "APaginatedAnnotationList", "with_async_client"],
    "scorable.score_configs": ["ScoreConfig", "AScoreConfig", "APaginatedScoreConfigList"],
    "scorable.calibration_runs": ["CalibrationRun", "ACalibrationRunItem", "APaginatedCalibrationRunItemList"],
    "scorable.files": ["ClientContextCallable"],
    "scorable.datasets": ["DatasetItem", "ADatasetItem", "APaginatedDatasetItemList", "APaginatedDataSetListList"],
    "scorable.skills": ["CalibrationRun", "ACalibrationRun", "SyncGeneratedEvaluator", "EvaluatorListOutput"],
    "scorable.client": ["Projects", "Evaluators", "Judges", "DataSets", "ScoreConfigs"],
    # 1.6 looked these up while it ran (the root face leaves them out); 1.15 only annotates with them.
    "scorable.judges": ["PaginatedJudgeListList", "APaginatedJudgeListList"],
    "scorable.models": ["APaginatedModelListList"],
    "scorable.objectives": ["APaginatedObjectiveListList"],
    "scorable.execution_logs": ["APaginatedExecutionLogListList"],
}
"""Names 1.15's modules use in annotations (response models, the client's sub-API classes) or as decorators."""


@pytest.mark.parametrize("module", sorted(OFFERED_1_15))
def test_the_names_1_15_modules_annotate_with_can_be_imported(module: str) -> None:
    imported = importlib.import_module(module)
    for name in OFFERED_1_15[module]:
        value = getattr(imported, name)
        assert value is not None, name
    client = importlib.import_module("scorable.client")
    assert client.Evaluators is importlib.import_module("scorable.skills").Evaluators
    assert client.DataSets is importlib.import_module("scorable.datasets").DataSets
    generated = importlib.import_module("root.generated.openapi_client.models.project")
    assert importlib.import_module("scorable.projects").Project is generated.Project
    with pytest.raises(AttributeError, match="no attribute 'Nothing'"):
        getattr(imported, "Nothing")  # noqa: B009


def test_the_root_face_still_leaves_out_what_1_6_looked_up() -> None:
    root_judges = importlib.import_module("root.judges")
    with pytest.raises(AttributeError, match="left out on purpose"):
        getattr(root_judges, "PaginatedJudgeListList")  # noqa: B009
    assert importlib.import_module("scorable.judges").PaginatedJudgeListList.__name__ == "PaginatedJudgeListList"
