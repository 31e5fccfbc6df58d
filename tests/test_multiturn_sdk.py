"""What the official SDK 1.15 adds to runs, on the root face: ``turns``, ``tools``, ``user_id``,
``session_id``, ``system_prompt`` and ``file_ids``, and ``scoring_criteria`` beside ``predicate``.

Against the contract stand-in (tests/contract_server.py): every field goes out as the spec names it, and
every argument that breaks the spec's limits is refused with nothing sent. Against the emulator: a
conversation with tool calls runs through the SDK and its execution log reads back with its turns.
"""

from __future__ import annotations

import typing
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import InvalidArgumentError
from root.generated.openapi_aclient.models.message_turn_request import MessageTurnRequest as AMessageTurnRequest
from root.generated.openapi_client.models.message_turn_request import MessageTurnRequest
from root.multiturn import Turn, Turns
from root.skills import APresetEvaluatorRunner, Evaluator
from tests.conftest import API_KEY
from tests.contract_server import (
    CREATED_AT,
    OWNER,
    Sent,
    contract_server,
    contract_violations,
    evaluator,
    execution_result,
    new_id,
)
from tests.test_judges_wire import RELEVANCE, TRUTHFULNESS, JudgesStandIn

EVALUATOR_ID = new_id()
OBJECTIVE_ID = new_id()
HELPFULNESS = "88bc92d5-bebf-45e4-9cd1-dfa33309c320"
FILE_ID = uuid.UUID(int=7)

WEATHER = {
    "type": "function",
    "function": {
        "name": "weather",
        "description": "Today's weather in a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
}
CALL = {"id": "call-1", "type": "function", "function": {"name": "weather", "arguments": '{"city": "Paris"}'}}


def conversation() -> list[Any]:
    """One conversation with a tool call, its turns given in each accepted form: the sync package's
    ``Turn``, the async package's model, and plain dicts."""
    return [
        Turn(role="user", content="What is the weather in Paris?"),
        AMessageTurnRequest(role="assistant", tool_calls=[CALL]),
        {"role": "tool", "tool_call_id": "call-1", "content": "18 degrees, sunny"},
        {"role": "assistant", "content": "It is 18 degrees and sunny in Paris."},
    ]


SENT_TURNS = [
    {"role": "user", "content": "What is the weather in Paris?"},
    {"role": "assistant", "tool_calls": [CALL]},
    {"role": "tool", "tool_call_id": "call-1", "content": "18 degrees, sunny"},
    {"role": "assistant", "content": "It is 18 degrees and sunny in Paris."},
]
"""The turns as the wire carries them, whichever form they were given in."""

NEW_FIELDS = {"user_id": "user-42", "session_id": "session-7", "system_prompt": "You answer about the weather."}


def test_turn_is_the_generated_request_model() -> None:
    assert Turn is MessageTurnRequest
    assert typing.get_origin(Turns) is list
    assert typing.get_args(Turns) == (Turn,)
    assert Turn(role="tool", tool_call_id="c", content="x").role.value == "tool"


# -- the wire -------------------------------------------------------------------------------------------------


def _evaluator(name: str, criteria: str) -> Any:
    objective = {
        "id": OBJECTIVE_ID,
        "intent": name,
        "test_set": None,
        "created_at": CREATED_AT,
        "owner": OWNER,
        "version_id": str(uuid.UUID(int=1)),
        "_meta": {},
    }
    return {**evaluator(EVALUATOR_ID, name, predicate=criteria), "objective": objective, "updated_by": OWNER}


class StandIn:
    """The evaluator and judge endpoints a run takes, as the contract describes them; every exchange is
    checked against the contract."""

    def __init__(self) -> None:
        self.judges = JudgesStandIn()
        self.violations: list[str] = []

    def answer(self, request: Sent) -> tuple[int, Any]:
        answer = self._answer(request)
        self.violations.extend(contract_violations(request, answer))
        return answer

    def _answer(self, request: Sent) -> tuple[int, Any]:
        path, method = request.path, request.method
        if path.startswith("/v1/judges/"):
            return self.judges.answer(request)
        if path == "/v1/objectives/" and method == "POST":
            return 201, {"id": OBJECTIVE_ID, "intent": request.json()["intent"]}
        if path == "/v1/evaluators/" and method == "POST":
            return 201, _evaluator(request.json()["name"], request.json()["scoring_criteria"])
        if path == f"/v1/evaluators/{EVALUATOR_ID}/" and method in ("GET", "PATCH"):
            return 200, _evaluator("weather answers", "Is it right? {{response}}")
        if path.startswith("/v1/evaluators/execute/by-name/") and method == "POST":
            return 200, execution_result(request.query_dict()["name"])
        if path.startswith("/v1/evaluators/execute/") and method == "POST":
            return 200, execution_result("run")
        return 404, {"detail": "Not found."}


Server = tuple[RootSignals, StandIn, list[Sent]]


@pytest.fixture
def server() -> Iterator[Server]:
    stand_in = StandIn()
    with contract_server(stand_in.answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, stand_in, sent
    assert stand_in.violations == []


def _bodies(sent: list[Sent]) -> list[Any]:
    return [r.json() for r in sent if "/execute/" in r.path]


def test_evaluator_runs_send_the_conversation_as_the_spec_names_it(server: Server) -> None:
    client, _, sent = server
    saved = client.evaluators.get(EVALUATOR_ID)
    extra = {"turns": conversation(), "tools": [WEATHER], **NEW_FIELDS}
    saved.run(**extra, file_ids=[FILE_ID, str(FILE_ID)])
    client.evaluators.run(EVALUATOR_ID, **extra)
    client.evaluators.run_by_name("weather answers", **extra)
    client.evaluators.Helpfulness(**extra)
    client.evaluators.Helpfulness.run(response="It is sunny.", **extra)
    expected = {"turns": SENT_TURNS, "tools": [WEATHER], **NEW_FIELDS}
    bodies = _bodies(sent)
    assert bodies[0] == {
        **expected,
        "evaluator_version_id": str(saved.version_id),
        "file_ids": [str(FILE_ID), str(FILE_ID)],
    }
    assert bodies[1:4] == [expected] * 3
    assert bodies[4] == {"response": "It is sunny.", **expected}
    paths = [r.path for r in sent if "/execute/" in r.path]
    assert paths[2] == "/v1/evaluators/execute/by-name/"
    assert paths[3] == f"/v1/evaluators/execute/{HELPFULNESS}/"


async def test_evaluator_runs_send_the_conversation_asynchronously(server: Server) -> None:
    client, _stand_in, sent = server
    saved = await client.evaluators.aget(EVALUATOR_ID)
    extra = {"turns": conversation(), "tools": [WEATHER], **NEW_FIELDS}
    await saved.arun(**extra, file_ids=[FILE_ID])
    await client.evaluators.arun(EVALUATOR_ID, **extra)
    await client.evaluators.arun_by_name("weather answers", **extra)
    await client.evaluators.Helpfulness.arun(**extra)
    async with RootSignals(api_key="k", base_url=client.base_url, run_async=True) as asynchronous:
        runner = asynchronous.evaluators.Helpfulness
        assert isinstance(runner, APresetEvaluatorRunner)
        await runner(**extra)
    expected = {"turns": SENT_TURNS, "tools": [WEATHER], **NEW_FIELDS}
    bodies = _bodies(sent)
    assert bodies[0] == {**expected, "evaluator_version_id": str(saved.version_id), "file_ids": [str(FILE_ID)]}
    assert bodies[1:] == [expected] * 4
    await client.aclose()


def test_judge_runs_send_the_conversation(server: Server) -> None:
    client, stand_in, sent = server
    judge = stand_in.judges.add("Weather judge", "answers about the weather", [TRUTHFULNESS, RELEVANCE])
    extra = {"turns": conversation(), "tools": [WEATHER], **NEW_FIELDS}
    client.judges.run(judge["id"], **extra)
    client.judges.run_by_name("Weather judge", **extra)
    client.judges.get(judge["id"]).run(**extra)
    client.judges.run(judge["id"], response="Sunny.")  # a 1.6 call keeps its meaning
    expected = {"turns": SENT_TURNS, "tools": [WEATHER], **NEW_FIELDS}
    assert _bodies(sent) == [expected] * 3 + [{"response": "Sunny."}]


async def test_judge_runs_send_the_conversation_asynchronously(server: Server) -> None:
    client, stand_in, sent = server
    judge = stand_in.judges.add("Weather judge", "answers about the weather", [TRUTHFULNESS])
    extra = {"turns": conversation(), "tools": [WEATHER], **NEW_FIELDS}
    result = await client.judges.arun(judge["id"], **extra)
    assert [r.evaluator_name for r in result.evaluator_results] == ["Truthfulness"]
    await client.judges.arun_by_name("Weather judge", **extra)
    await (await client.judges.aget(judge["id"])).arun(**extra)
    assert _bodies(sent) == [{"turns": SENT_TURNS, "tools": [WEATHER], **NEW_FIELDS}] * 3
    await client.aclose()


def _every_run(client: RootSignals, judge_id: str) -> list[tuple[str, Any]]:
    """Every synchronous run of the root face, as (name, callable taking the run's keyword arguments)."""
    saved = client.evaluators.get(EVALUATOR_ID)
    return [
        ("Evaluator.run", saved.run),
        ("Evaluators.run", lambda **kw: client.evaluators.run(EVALUATOR_ID, **kw)),
        ("Evaluators.run_by_name", lambda **kw: client.evaluators.run_by_name("weather answers", **kw)),
        ("PresetEvaluatorRunner", client.evaluators.Helpfulness),
        ("Judges.run", lambda **kw: client.judges.run(judge_id, **kw)),
        ("Judges.run_by_name", lambda **kw: client.judges.run_by_name("Weather judge", **kw)),
        ("Judge.run", client.judges.get(judge_id).run),
    ]


REFUSED = [
    ({}, "Either response, request, or turns must be provided"),
    ({"turns": []}, "Either response, request, or turns must be provided"),
    ({"response": "r", "user_id": "u" * 256}, "user_id"),
    ({"response": "r", "session_id": "s" * 256}, "session_id"),
    ({"turns": [{"role": "moderator", "content": "hi"}]}, "turns"),
    ({"turns": [{"content": "no role"}]}, "turns"),
    ({"turns": ["just text"]}, "turns"),
    ({"turns": [{"role": "user", "contexts": [""]}]}, "turns"),
    ({"response": "r", "tools": ["not a definition"]}, "tools"),
    ({"response": "r", "system_prompt": 42}, "system_prompt"),
]


@pytest.mark.parametrize(("arguments", "message"), REFUSED)
def test_bad_runs_are_refused_before_anything_is_sent(server: Server, arguments: dict[str, Any], message: str) -> None:
    client, stand_in, sent = server
    judge = stand_in.judges.add("Weather judge", "answers about the weather", [TRUTHFULNESS])
    runs = _every_run(client, judge["id"])
    sent.clear()
    for name, run in runs:
        with pytest.raises(InvalidArgumentError, match=message):
            run(**arguments)
        assert sent == [], name
    # The run's check is a ValueError, as the official SDK 1.15 raises.
    with pytest.raises(ValueError, match="Either response, request, or turns must be provided"):
        client.evaluators.Helpfulness(contexts=["c"])


@pytest.mark.parametrize("file_ids", [["not-a-uuid"], [b"0" * 16], [str(FILE_ID).replace("-", "")], "not a list"])
def test_malformed_file_ids_are_refused_before_anything_is_sent(server: Server, file_ids: Any) -> None:
    client, _, sent = server
    saved = client.evaluators.get(EVALUATOR_ID)
    sent.clear()
    with pytest.raises(InvalidArgumentError, match="file_ids"):
        saved.run(response="r", file_ids=file_ids)
    assert sent == []


async def test_bad_runs_are_refused_asynchronously(server: Server) -> None:
    client, stand_in, sent = server
    judge = stand_in.judges.add("Weather judge", "answers about the weather", [TRUTHFULNESS])
    saved = await client.evaluators.aget(EVALUATOR_ID)
    sent.clear()
    for run in (
        saved.arun,
        client.evaluators.Helpfulness.arun,
        lambda **kw: client.evaluators.arun(EVALUATOR_ID, **kw),
        lambda **kw: client.evaluators.arun_by_name("x", **kw),
        lambda **kw: client.judges.arun(judge["id"], **kw),
        lambda **kw: client.judges.arun_by_name("x", **kw),
    ):
        with pytest.raises(InvalidArgumentError, match="Either response, request, or turns"):
            await run()
        with pytest.raises(InvalidArgumentError, match="user_id"):
            await run(turns=conversation(), user_id="u" * 256)
        with pytest.raises(InvalidArgumentError, match="turns"):
            await run(turns=[{"role": "moderator", "content": "hi"}])
    with pytest.raises(InvalidArgumentError, match="file_ids"):
        await saved.arun(response="r", file_ids=["nope"])
    assert sent == []
    await client.aclose()


# -- scoring_criteria -----------------------------------------------------------------------------------------


def test_scoring_criteria_is_predicate_under_its_new_name(server: Server) -> None:
    client, _, sent = server
    criteria = "Does the answer use the weather tool's result? {{response}}"
    created = client.evaluators.create(scoring_criteria=criteria, name="weather answers")
    assert isinstance(created, Evaluator)
    client.evaluators.create(criteria, scoring_criteria=criteria, name="same twice")
    client.evaluators.update(EVALUATOR_ID, scoring_criteria=criteria)
    dataset_id = new_id()
    client.evaluators.update(EVALUATOR_ID, predicate=criteria, demonstration_dataset_id=dataset_id)
    creates = [r.json() for r in sent if r.path == "/v1/evaluators/"]
    assert [(c["prompt"], c["scoring_criteria"]) for c in creates] == [(criteria, criteria)] * 2
    # The generated PATCH model also sends its default overwrite (false), as every update does.
    updates = [{k: v for k, v in r.json().items() if k != "overwrite"} for r in sent if r.method == "PATCH"]
    assert updates == [
        {"prompt": criteria, "scoring_criteria": criteria},
        {"prompt": criteria, "scoring_criteria": criteria, "demonstration_dataset_id": dataset_id},
    ]


def test_predicate_and_a_different_scoring_criteria_are_refused(server: Server) -> None:
    client, _, sent = server
    with pytest.raises(InvalidArgumentError, match="predicate and scoring_criteria"):
        client.evaluators.create("Is it polite?", scoring_criteria="Is it short?", name="both")
    with pytest.raises(InvalidArgumentError, match="predicate and scoring_criteria"):
        client.evaluators.update(EVALUATOR_ID, predicate="Is it polite?", scoring_criteria="Is it short?")
    # An argument that breaks the contract is named as the caller gave it.
    with pytest.raises(InvalidArgumentError, match=r"^scoring_criteria must be at most 500000"):
        client.evaluators.create(scoring_criteria="x" * 500_001, name="long")
    with pytest.raises(InvalidArgumentError, match=r"^predicate must be at most 500000"):
        client.evaluators.create("x" * 500_001, name="long")
    with pytest.raises(InvalidArgumentError, match="demonstration_dataset_id"):
        client.evaluators.update(EVALUATOR_ID, demonstration_dataset_id="nope")
    assert sent == []


async def test_scoring_criteria_asynchronously(server: Server) -> None:
    client, _, sent = server
    criteria = "Is the answer grounded in the tool's result? {{response}}"
    await client.evaluators.acreate(scoring_criteria=criteria, name="grounded")
    await client.evaluators.aupdate(EVALUATOR_ID, scoring_criteria=criteria)
    with pytest.raises(InvalidArgumentError, match="predicate and scoring_criteria"):
        await client.evaluators.aupdate(EVALUATOR_ID, predicate="a", scoring_criteria="b")
    bodies = [r.json() for r in sent if r.method in ("POST", "PATCH") and r.path.startswith("/v1/evaluators/")]
    assert [b["scoring_criteria"] for b in bodies] == [criteria, criteria]
    await client.aclose()


# -- end to end, against the emulator -------------------------------------------------------------------------


def test_a_conversation_with_tool_calls_runs_and_its_log_shows_the_turns(emulator: Emulator) -> None:
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as client:
        result = client.evaluators.Helpfulness(
            response="It is 18 degrees and sunny in Paris.", turns=conversation(), tools=[WEATHER], **NEW_FIELDS
        )
        assert result.score is not None
        assert 0 <= result.score <= 1
        log = client.execution_logs.get(log_id=result.execution_log_id)
        assert log.turns is not None
        assert [(t.role.value, t.content or "") for t in log.turns] == [
            ("user", "What is the weather in Paris?"),
            ("assistant", ""),
            ("tool", "18 degrees, sunny"),
            ("assistant", "It is 18 degrees and sunny in Paris."),
        ]
        assert (log.user_id, log.session_id, log.system_prompt) == (
            NEW_FIELDS["user_id"],
            NEW_FIELDS["session_id"],
            NEW_FIELDS["system_prompt"],
        )
        # The same conversation scores the same: the emulator is deterministic.
        again = client.evaluators.Helpfulness(
            response="It is 18 degrees and sunny in Paris.", turns=conversation(), tools=[WEATHER], **NEW_FIELDS
        )
        assert again.score == result.score


async def test_a_saved_evaluator_and_a_judge_run_a_conversation_asynchronously(emulator: Emulator) -> None:
    async with RootSignals(api_key=API_KEY, base_url=emulator.url) as client:
        created = await client.evaluators.acreate(
            scoring_criteria="Does the answer use what the tool said? {{response}}", name="uses the tool"
        )
        assert created.scoring_criteria == "Does the answer use what the tool said? {{response}}"
        result = await created.arun(response="It is 18 degrees.", turns=conversation(), tools=[WEATHER])
        log = await client.execution_logs.aget(log_id=result.execution_log_id)
        assert log.turns is not None
        assert len(log.turns) == 4
        judge = await client.judges.acreate(
            name="Weather judge", intent="Answers about the weather", evaluator_references=[{"id": TRUTHFULNESS}]
        )
        judged = await judge.arun(response="It is 18 degrees.", turns=conversation(), session_id="session-7")
        assert [r.evaluator_name for r in judged.evaluator_results] == ["Truthfulness"]
        assert judged.execution_log_id is not None


# -- the plumbing another face's overrides reach --------------------------------------------------------------


def test_overrides_in_the_official_1_15_shape_reach_the_same_plumbing(server: Server) -> None:
    """The ``scorable`` face overrides methods with 1.15's parameter names and order, and hands its
    ``locals()`` to the same plumbing: every argument named like a request field is sent."""
    from root.skills import Evaluators, PresetEvaluatorRunner, _execution

    class Runner(PresetEvaluatorRunner):
        def run(  # type: ignore[override]
            self,
            response: str | None = None,
            request: str | None = None,
            turns: list[Any] | None = None,
            tools: list[Any] | None = None,
            contexts: list[str] | None = None,
            *,
            _request_timeout: float | None = None,
        ) -> Any:
            evaluator_id, evaluator_version_id = self.evaluator_id, None
            return self._operations.call("evaluators_execute_create", _execution(locals()), id="evaluator_id")

    class Creator(Evaluators):
        def create(self, scoring_criteria: str = "", *, name: str | None = None) -> Any:  # type: ignore[override]
            intent = objective_id = project_id = _request_timeout = None
            overwrite = False
            objective, fields = self._creation(locals())
            fields["objective_id"] = self._objectives.call("objectives_create", objective).id
            return self._operations.call("evaluators_create", fields)

    client, _, sent = server
    Runner(client.client_context, HELPFULNESS, "Helpfulness").run(None, None, conversation(), [WEATHER])
    assert _bodies(sent) == [{"turns": SENT_TURNS, "tools": [WEATHER]}]
    with pytest.raises(InvalidArgumentError, match="Either response, request, or turns"):
        Runner(client.client_context, HELPFULNESS, "Helpfulness").run(contexts=["c"])
    Creator(client.client_context).create("Is it right? {{response}}", name="weather answers")
    created = [r.json() for r in sent if r.path == "/v1/evaluators/"]
    assert created[0]["scoring_criteria"] == "Is it right? {{response}}"
    assert created[0]["name"] == "weather answers"


# -- calibrate_run ----------------------------------------------------------------------------------------------


async def test_calibrate_run_starts_a_calibration_run_against_a_dataset() -> None:
    """1.15's Evaluators.calibrate_run is one call of client.calibration_runs: the same request."""
    from tests.test_calibration_runs_wire import DATASET_ID, RUN_ID, CalibrationStandIn

    service = CalibrationStandIn()
    violations: list[str] = []

    def answer(request: Sent) -> tuple[int, Any]:
        answered = service.answer(request)
        violations.extend(contract_violations(request, answered))
        return answered

    with contract_server(answer) as (url, sent):
        async with RootSignals(api_key="k", base_url=url) as client:
            config = new_id()
            run = client.evaluators.calibrate_run(EVALUATOR_ID, dataset_id=uuid.UUID(DATASET_ID))
            again = await client.evaluators.acalibrate_run(EVALUATOR_ID, dataset_id=DATASET_ID, score_config_id=config)
            assert (run.id, again.id, run.status.value) == (RUN_ID, RUN_ID, "pending")
            with pytest.raises(InvalidArgumentError, match="dataset_id"):
                client.evaluators.calibrate_run(EVALUATOR_ID, dataset_id="nope")
    source = {"type": "dataset", "dataset_id": DATASET_ID}
    assert [(r.method, r.path) for r in sent] == [("POST", "/v1/calibration-runs/")] * 2
    assert [r.json() for r in sent] == [
        {"evaluator_external_id": EVALUATOR_ID, "source": source},
        {"evaluator_external_id": EVALUATOR_ID, "score_config_id": config, "source": source},
    ]
    assert violations == []
