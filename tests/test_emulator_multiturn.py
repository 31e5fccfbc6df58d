"""The emulator plays conversations, over raw HTTP: a run with ``turns`` (and ``tools``) is scored
deterministically, stands for the request and response it lacks, is refused when a preset needs what it
lacks (Knowledge_Retention without turns, Tool_Selection without a tool call), is matched by verdicts
that target a turn, and its execution log shows its turns. Every response is validated against
openapi.yaml (the ``emulator`` fixture's check_responses)."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

import pytest

from root._presets import load_presets
from root.emulator import Emulator
from root.emulator.services import scoring

from .conftest import API_KEY
from .test_emulator import call

PRESETS = {p.name: p.id for p in load_presets()}

TURNS: list[dict[str, Any]] = [
    {"role": "user", "content": "Hello, I need help with my order"},
    {"role": "assistant", "content": "Happy to help. What is the order number?"},
    {"role": "user", "content": "It is ORDER-12345"},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "order_lookup", "arguments": '{"order_id": "ORDER-12345"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": '{"status": "shipped"}'},
    {"role": "assistant", "content": "Your order has shipped.", "contexts": ["Order ORDER-12345 shipped."]},
]
TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "order_lookup",
            "description": "Look up an order by id",
            "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}},
        },
    }
]
NO_TOOL_CALLS = [TURNS[0], TURNS[1]]


def run(emu: Emulator, preset: str, **body: Any) -> Any:
    return call(emu, "POST", f"/v1/evaluators/execute/{PRESETS[preset]}/", body)


def log_of(emu: Emulator, log_id: str) -> Any:
    response = call(emu, "GET", f"/v1/execution-logs/{log_id}/")
    assert response.status == 200, response.body
    return response.json()


def preview(emu: Emulator, log_id: str) -> tuple[str, str]:
    """A log's request and response previews, as a listing shows them."""
    for log in call(emu, "GET", "/v1/execution-logs/?page_size=100").json()["results"]:
        if log["id"] == log_id:
            return log["request_preview"], log["response_preview"]
    raise AssertionError(f"no log {log_id}")


def make_judge(emu: Emulator, *presets: str) -> str:
    body = {
        "name": "Customer service",
        "intent": "Judge customer service conversations",
        "evaluator_references": [{"id": PRESETS[p]} for p in presets],
    }
    response = call(emu, "POST", "/v1/judges/", body)
    assert response.status == 201, response.body
    return str(response.json()["id"])


def test_a_conversation_is_scored_deterministically_from_its_turns_and_tools(emulator: Emulator) -> None:
    first = run(emulator, "Helpfulness", turns=TURNS, tools=TOOLS)
    assert first.status == 200, first.body
    again = run(emulator, "Helpfulness", turns=TURNS, tools=TOOLS).json()
    assert again["score"] == first.json()["score"]
    assert 0.0 <= again["score"] <= 1.0
    said = again["justification"]
    assert said.startswith("Emulated")
    assert "6 turns with 1 tool call (order_lookup)" in said
    assert "Tools offered: order_lookup." in said
    # The turns and the tools are what it is scored from: another turn or another catalog, another hash.
    changed = copy.deepcopy(TURNS)
    changed[-1]["content"] = "Your order is lost."
    others = {
        run(emulator, "Helpfulness", turns=changed, tools=TOOLS).json()["score"],
        run(emulator, "Helpfulness", turns=TURNS).json()["score"],
        run(emulator, "Helpfulness", turns=TURNS, tools=[{"type": "function", "function": {"name": "x"}}]).json()[
            "score"
        ],
    }
    # Three decimals: two of four may collide by chance, not all four (fixed inputs, so this is no flake).
    assert len(others | {first.json()["score"]}) >= 3


def test_a_conversation_stands_for_the_request_and_response_it_lacks(emulator: Emulator) -> None:
    relevance = run(emulator, "Relevance", turns=TURNS)
    assert relevance.status == 200, relevance.body
    # The last user turn, and the last assistant turn with content.
    assert preview(emulator, relevance.json()["execution_log_id"]) == ("It is ORDER-12345", "Your order has shipped.")
    # A request or response given wins over the turns.
    given = run(emulator, "Relevance", turns=TURNS, request="Where is my order?").json()
    assert preview(emulator, given["execution_log_id"])[0] == "Where is my order?"
    # Without turns, the 1.6 refusals stand.
    refused = run(emulator, "Relevance", response="Shipped.")
    assert (refused.status, refused.json()) == (400, {"request": ["This field is required."]})
    # A conversation with no assistant content still lacks a response.
    only_user = run(emulator, "Helpfulness", turns=[{"role": "user", "content": "Hello?"}])
    assert (only_user.status, only_user.json()) == (400, {"response": ["This field is required."]})


def test_a_run_lacking_what_a_preset_needs_is_refused(emulator: Emulator) -> None:
    alone = run(emulator, "Knowledge_Retention", response="Shipped.")
    assert (alone.status, alone.json()) == (400, {"turns": ["This field is required."]})
    assert run(emulator, "Knowledge_Retention", turns=NO_TOOL_CALLS).status == 200
    no_call = run(emulator, "Tool_Selection", turns=NO_TOOL_CALLS, tools=TOOLS)
    assert (no_call.status, no_call.json()) == (400, {"turns": [scoring.NO_TOOL_CALL]})
    no_catalog = run(emulator, "Tool_Selection", turns=TURNS)
    assert (no_catalog.status, no_catalog.json()) == (400, {"tools": ["This field is required."]})
    nothing = run(emulator, "Tool_Selection", response="Shipped.")
    assert (nothing.status, nothing.json()) == (
        400,
        {"turns": ["This field is required."], "tools": ["This field is required."]},
    )
    assert run(emulator, "Tool_Selection", turns=TURNS, tools=TOOLS).status == 200
    needs = call(emulator, "GET", f"/v1/evaluators/{PRESETS['Tool_Selection']}/").json()["inputs"]
    assert set(needs) == {"turns", "tools"}
    # Faithfulness_to_Citations and Context_Completeness need contexts: the answering turn's count.
    refused = run(emulator, "Faithfulness_to_Citations", turns=NO_TOOL_CALLS)
    assert (refused.status, refused.json()) == (400, {"contexts": ["This field is required."]})
    assert run(emulator, "Faithfulness_to_Citations", turns=TURNS).status == 200
    assert run(emulator, "Context_Completeness", turns=TURNS, contexts=["Order shipped."]).status == 200


def test_by_name_runs_play_conversations_too(emulator: Emulator) -> None:
    response = call(
        emulator,
        "POST",
        "/v1/evaluators/execute/by-name/?name=Tool_Selection",
        {"turns": NO_TOOL_CALLS, "tools": TOOLS},
    )
    assert (response.status, response.json()) == (400, {"turns": [scoring.NO_TOOL_CALL]})
    response = call(
        emulator, "POST", "/v1/evaluators/execute/by-name/?name=Tool_Selection", {"turns": TURNS, "tools": TOOLS}
    )
    assert response.status == 200, response.body


def test_the_log_shows_the_turns_tool_calls_and_who_had_the_conversation(emulator: Emulator) -> None:
    body = {"turns": TURNS, "tools": TOOLS, "session_id": "s-1", "user_id": "u-1", "system_prompt": "Be kind."}
    result = run(emulator, "Tool_Selection", **body).json()
    log = log_of(emulator, result["execution_log_id"])
    assert [t["role"] for t in log["turns"]] == [t["role"] for t in TURNS]
    assert [t["content"] for t in log["turns"]] == [t["content"] or "" for t in TURNS]
    assert log["turns"][3]["tool_calls"] == TURNS[3]["tool_calls"]
    assert log["turns"][4]["tool_call_id"] == "call_1"
    assert log["turns"][5]["contexts"] == ["Order ORDER-12345 shipped."]
    assert log["evaluation_context"]["contexts"] == ["Order ORDER-12345 shipped."]  # the answering turn's
    assert all(t["evaluation_justification"] is None for t in log["turns"])
    assert (log["session_id"], log["user_id"], log["system_prompt"]) == ("s-1", "u-1", "Be kind.")
    assert "6 turns" in log["justification"]
    assert "order_lookup" in log["justification"]
    assert "order_lookup" in log["rendered_prompt"]  # the tools catalog, rendered into the prompt


def test_a_verdict_can_target_a_turn(emulator: Emulator) -> None:
    emulator.set_verdict("Helpfulness", pattern="order_lookup", score=0.9, justification="Looked it up.", turn=3)
    emulator.set_verdict("Helpfulness", pattern="hello", score=0.2, turn=0)
    emulator.set_verdict("Helpfulness", pattern="lost", score=0.1, justification="Lost it.", turn=-1)
    # The newest matching verdict wins: the last turn does not say "lost", the first says "hello".
    first = run(emulator, "Helpfulness", turns=TURNS).json()
    assert first["score"] == 0.2
    assert "turn 0" in first["justification"]
    log = log_of(emulator, first["execution_log_id"])
    assert [t["evaluation_justification"] for t in log["turns"]] == [first["justification"], *[None] * 5]
    lost = copy.deepcopy(TURNS)
    lost[-1]["content"] = "Your order is lost."
    assert run(emulator, "Helpfulness", turns=lost).json()["score"] == 0.1
    log = log_of(emulator, run(emulator, "Helpfulness", turns=lost).json()["execution_log_id"])
    assert log["turns"][5]["evaluation_justification"] == "Lost it."
    # Turn 3 has no content: its tool call's name and arguments are what the pattern searches.
    quiet = copy.deepcopy(TURNS)
    quiet[0]["content"] = "Good day"
    tool_call = run(emulator, "Helpfulness", turns=quiet).json()
    assert (tool_call["score"], tool_call["justification"]) == (0.9, "Looked it up.")
    # A run without that turn does not match it; a single-turn run matches no turn verdict.
    assert run(emulator, "Helpfulness", turns=quiet[:2]).json()["justification"].startswith("Emulated: no model ran")
    single = run(emulator, "Helpfulness", response="hello order_lookup lost").json()
    assert single["justification"].startswith("Emulated: no model ran")


def test_a_verdict_without_a_turn_searches_the_conversations_response(emulator: Emulator) -> None:
    emulator.set_verdict("Relevance", pattern="shipped", score=0.7)
    assert run(emulator, "Relevance", turns=TURNS).json()["score"] == 0.7
    # Its response is the last assistant content ("What is the order number?"), not an earlier turn.
    other = run(emulator, "Relevance", turns=[*NO_TOOL_CALLS, {"role": "user", "content": "It shipped?"}]).json()
    assert other["justification"].startswith("Emulated: no model ran")


@pytest.mark.parametrize("turn", [True, 1.5, "1", 10_001, -10_001])
def test_a_verdicts_turn_must_be_an_index(emulator: Emulator, turn: Any) -> None:
    response = call(emulator, "POST", "/_emulator/verdicts", {"evaluator": "Helpfulness", "turn": turn})
    assert response.status == 400
    assert "turn must be an index" in response.json()["detail"]
    with pytest.raises(ValueError, match="turn must be an index"):
        emulator.set_verdict("Helpfulness", turn=turn)
    stored = call(emulator, "POST", "/_emulator/verdicts", {"evaluator": "Helpfulness", "turn": -2, "score": 0.5})
    assert stored.status == 201
    assert stored.json()["verdict"]["turn"] == -2
    assert emulator.verdicts()[0]["turn"] == -2


def test_a_judge_plays_a_conversation_and_leaves_out_what_a_member_lacks(emulator: Emulator) -> None:
    judge_id = make_judge(emulator, "Tool_Selection", "Relevance")
    response = call(emulator, "POST", f"/v1/judges/{judge_id}/execute/", {"turns": TURNS, "tools": TOOLS})
    assert response.status == 200, response.body
    result = response.json()
    assert [r["evaluator_name"] for r in result["evaluator_results"]] == ["Tool_Selection", "Relevance"]
    assert all(r["score"] is not None for r in result["evaluator_results"])
    judge_log = log_of(emulator, result["execution_log_id"])
    assert len(judge_log["turns"]) == len(TURNS)
    assert preview(emulator, result["execution_log_id"])[1] == "Your order has shipped."
    children = call(emulator, "GET", "/v1/execution-logs/?execution_type=evaluator").json()["results"]
    assert {c["executed_item_name"] for c in children} == {"Tool_Selection", "Relevance"}
    # Without a tool call, Tool_Selection is not scored; Relevance still is.
    response = call(emulator, "POST", f"/v1/judges/{judge_id}/execute/", {"turns": NO_TOOL_CALLS, "tools": TOOLS})
    tool, relevance = response.json()["evaluator_results"]
    assert tool["score"] is None
    assert "turns" in tool["justification"]
    assert relevance["score"] is not None


@pytest.mark.parametrize(
    "turns",
    [
        [{"role": "assistant", "content": None, "tool_calls": [{"function": "not an object"}]}],
        [{"role": "assistant", "content": "x", "tool_calls": [{"function": {"name": 7, "arguments": {"a": 1}}}]}],
        [{"role": "assistant", "content": "x", "tool_calls": [{}]}],
        [{"role": "tool", "content": None}],
    ],
)
def test_odd_tool_calls_are_scored_not_crashed_on(emulator: Emulator, turns: list[dict[str, Any]]) -> None:
    response = run(emulator, "Knowledge_Retention", turns=turns, tools=[{"no": "function"}])
    assert response.status == 200, response.body
    assert response.json()["justification"].startswith("Emulated")


def test_bad_turns_are_refused_by_the_contract(emulator: Emulator) -> None:
    response = run(emulator, "Knowledge_Retention", turns=[{"role": "narrator", "content": "Once"}])
    assert response.status == 400
    assert "turns" in response.json()
    response = run(emulator, "Knowledge_Retention", turns=[{"content": "no role"}])
    assert response.status == 400


def test_a_calibration_run_scores_the_conversations_of_dataset_items(emulator: Emulator, tmp_path: Path) -> None:
    from root import RootSignals

    csv = tmp_path / "rows.csv"
    csv.write_text('"0.5","q","a file row"\n', encoding="utf-8")
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as client:
        dataset_id = str(client.datasets.create(name="conversations", path=csv).id)
        for turns in (TURNS, [*TURNS, {"role": "narrator", "content": "left out"}, "no turn"]):
            body = {"turns": turns, "metadata": {"expected_score": "0.6"}}
            added = call(emulator, "POST", f"/v1/datasets/{dataset_id}/items/", body)
            assert added.status == 201, added.body
        run = client.calibration_runs.create(evaluator_id=PRESETS["Knowledge_Retention"], dataset_id=dataset_id)
        assert (run.status, run.n_examples) == ("completed", 3)  # the file's row is an item too
    found = call(emulator, "GET", "/v1/execution-logs/?search=Knowledge_Retention").json()["results"]
    logs = [log for log in found if log_of(emulator, log["id"]).get("turns")]
    assert len(found) == 3
    assert len(logs) == 2
    for log in logs:
        shown = log_of(emulator, log["id"])
        assert [t["role"] for t in shown["turns"]] == [t["role"] for t in TURNS]
        assert "6 turns" in shown["justification"]
    # The same conversation, the same score: the item's stray turns were left out before scoring.
    assert len({log["score"] for log in logs}) == 1


# -- through the SDK -----------------------------------------------------------------------------------------


def test_the_sdk_plays_the_official_examples_conversations(emulator: Emulator) -> None:
    from root import RootSignals
    from root.errors import BadRequestError

    with RootSignals(api_key=API_KEY, base_url=emulator.url) as client:
        helpful = client.evaluators.Helpfulness(turns=TURNS, tools=TOOLS)
        assert helpful.justification is not None
        assert "6 turns with 1 tool call" in helpful.justification
        with pytest.raises(BadRequestError, match="No turn calls a tool"):
            client.evaluators.Tool_Selection(turns=NO_TOOL_CALLS, tools=TOOLS)
        emulator.set_verdict("Tool_Selection", pattern="order_lookup", score=0.95, justification="Right tool.", turn=3)
        judge_id = make_judge(emulator, "Tool_Selection", "Relevance")
        judged = client.judges.run(judge_id, turns=TURNS, tools=TOOLS)
        scores = {r.evaluator_name: r.score for r in judged.evaluator_results}
        assert scores["Tool_Selection"] == 0.95
        assert scores["Relevance"] is not None


async def test_the_async_sdk_plays_conversations(emulator: Emulator) -> None:
    from root import RootSignals
    from root.errors import BadRequestError

    async with RootSignals(api_key=API_KEY, base_url=emulator.url) as client:
        retained = await client.evaluators.Knowledge_Retention.arun(turns=TURNS)
        assert retained.justification is not None
        assert "6 turns" in retained.justification
        with pytest.raises(BadRequestError, match="turns"):
            await client.evaluators.Knowledge_Retention.arun(response="Shipped.")
        judge_id = make_judge(emulator, "Tool_Selection", "Relevance")
        judged = await client.judges.arun(judge_id, turns=NO_TOOL_CALLS, tools=TOOLS)
        tool, relevance = judged.evaluator_results
        assert tool.score is None
        assert relevance.score is not None


def test_a_long_catalog_is_named_in_part(emulator: Emulator) -> None:
    tools = [{"type": "function", "function": {"name": f"tool_{n}_" + "x" * 200}} for n in range(25)]
    said = run(emulator, "Helpfulness", turns=TURNS, tools=tools).json()["justification"]
    assert "tool_9_" in said
    assert "tool_10_" not in said
    assert said.endswith(" and 15 more.")
    assert "x" * 81 not in said


def test_a_long_conversation_with_a_hostile_verdict_is_answered_quickly(emulator: Emulator) -> None:
    """RE2 searches one turn per verdict: a pattern a backtracking matcher would stall on does not stall."""
    emulator.set_verdict("Knowledge_Retention", pattern="^(a+)+$", score=0.3, turn=-1)
    turns = [{"role": "user" if n % 2 else "assistant", "content": "a" * 28 + "!"} for n in range(2000)]
    started = time.monotonic()
    response = run(emulator, "Knowledge_Retention", turns=turns)
    assert response.status == 200, response.body
    assert time.monotonic() - started < 5
    assert "2000 turns" in response.json()["justification"]


def test_the_scorable_face_plays_a_conversation_with_a_judge_of_tool_selection(emulator: Emulator) -> None:
    from scorable import Scorable
    from scorable.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest
    from scorable.multiturn import Turn
    from scorable.skills import Evaluators

    turns = [Turn.from_dict(turn) for turn in TURNS]
    with Scorable(api_key=API_KEY, base_url=emulator.url) as client:
        helpful = client.evaluators.Helpfulness(turns=turns, tools=TOOLS)
        assert "6 turns with 1 tool call (order_lookup)" in str(helpful.justification)
        references = [
            EvaluatorReferenceRequest(id=Evaluators.Eval.Tool_Selection.value),
            EvaluatorReferenceRequest(id=Evaluators.Eval.Relevance.value),
        ]
        judge = client.judges.create(
            name="Customer service", intent="Judge conversations", evaluator_references=references
        )
        judged = judge.run(turns=turns, tools=TOOLS)
        assert [(r.evaluator_name, r.score is not None) for r in judged.evaluator_results] == [
            ("Tool_Selection", True),
            ("Relevance", True),
        ]
