"""The emulator plays judges, over raw HTTP: references checked, versions, runs as the member evaluators
(with a log per run and a child log per evaluator), generation from keywords and its error marker.
Every response is validated against openapi.yaml (check_responses)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from root._presets import load_presets
from root.emulator import Emulator
from root.emulator.resources.judges import ERROR_MARKER, KEYWORDS

from .test_emulator import KEY, call
from .test_emulator_evaluators import create, execute
from .test_emulator_resources import walk

PRESETS = {p.name: p.id for p in load_presets()}


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(api_keys=(KEY,), check_responses=True) as emu:
        yield emu


@pytest.fixture
def emu(shared: Emulator) -> Iterator[Emulator]:
    shared.reset()
    shared.clear_response_failures()
    yield shared
    assert shared.response_failures() == [], "responses that openapi.yaml does not allow"


def make_judge(emu: Emulator, references: list[dict[str, Any]], name: str = "Support judge") -> Any:
    body = {"name": name, "intent": "Check support answers", "evaluator_references": references}
    response = call(emu, "POST", "/v1/judges/", body)
    assert response.status == 201, response.body
    return response.json()


def run(emu: Emulator, judge_id: str, **body: Any) -> Any:
    return call(emu, "POST", f"/v1/judges/{judge_id}/execute/", body)


def generate(emu: Emulator, intent: str, **more: Any) -> Any:
    response = call(emu, "POST", "/v1/judges/generate/", {"intent": intent, "visibility": "unlisted", **more})
    assert response.status == 201, response.body
    return response.json()


def test_references_must_exist_and_presets_count(emu: Emulator) -> None:
    mine = create(emu, name="Brevity", predicate="Is {{response}} brief?")
    judge = make_judge(emu, [{"id": PRESETS["Politeness"]}, {"id": mine["id"], "version_id": mine["version_id"]}])
    assert [(e["name"], e["is_root_evaluator"]) for e in judge["evaluators"]] == [
        ("Politeness", True),
        ("Brevity", False),
    ]
    assert judge["evaluators"][1]["version_id"] == mine["version_id"]
    assert judge["inputs"] == {"response": {"type": "string"}}
    missing = str(uuid.uuid4())
    refused = call(
        emu, "POST", "/v1/judges/", {"name": "Bad", "intent": "x", "evaluator_references": [{"id": missing}]}
    )
    assert (refused.status, refused.json()) == (
        400,
        {"evaluator_references": [f"Invalid reference: no evaluator {missing}."]},
    )
    wrong_version = [{"id": PRESETS["Politeness"], "version_id": mine["version_id"]}]
    refused = call(emu, "PATCH", f"/v1/judges/{judge['id']}/", {"evaluator_references": wrong_version})
    assert refused.status == 400
    assert "evaluator_references" in refused.json()


def test_a_run_gives_one_result_per_evaluator_and_a_log_with_children(emu: Emulator) -> None:
    judge = make_judge(emu, [{"id": PRESETS["Politeness"]}, {"id": PRESETS["Relevance"]}])
    body = {"request": "Where is my order?", "response": "It ships today.", "tags": ["judged"]}
    result = run(emu, judge["id"], **body)
    assert result.status == 200, result.body
    results = result.json()["evaluator_results"]
    assert [(r["evaluator_name"], r["evaluator_id"]) for r in results] == [
        ("Politeness", PRESETS["Politeness"]),
        ("Relevance", PRESETS["Relevance"]),
    ]
    # The same deterministic scores as the evaluators run on their own.
    alone = execute(emu, PRESETS["Politeness"], **body).json()
    assert results[0]["score"] == alone["score"]
    parent = call(emu, "GET", f"/v1/execution-logs/{result.json()['execution_log_id']}/").json()
    assert (parent["execution_type"], parent["executed_item_id"], parent["tags"]) == ("judge", judge["id"], ["judged"])
    assert parent["executed_item_version_id"] == judge["version_id"]
    assert parent["score"] == round((results[0]["score"] + results[1]["score"]) / 2, 3)
    children = [log for log in walk(emu, "/v1/execution-logs/") if log["parent_execution_log_id"] == parent["id"]]
    assert sorted(c["executed_item_name"] for c in children) == ["Politeness", "Relevance"]
    assert {c["score"] for c in children} == {r["score"] for r in results}


def test_verdicts_apply_to_judge_runs_and_a_preset_lacking_an_input_is_not_scored(emu: Emulator) -> None:
    judge = make_judge(emu, [{"id": PRESETS["Politeness"]}, {"id": PRESETS["Faithfulness"]}])
    unscored = run(emu, judge["id"], response="Go away").json()["evaluator_results"][1]
    assert unscored["score"] is None
    assert unscored["justification"] == "Emulated: not scored; Faithfulness needs contexts, which the run lacks."
    emu.set_verdict("Politeness", pattern="go away", score=0.0, justification="Dismissive.")
    results = run(emu, judge["id"], response="Go away", contexts=["Be kind."]).json()["evaluator_results"]
    assert (results[0]["score"], results[0]["justification"]) == (0.0, "Dismissive.")
    assert results[1]["justification"] != "Dismissive."


def test_versions_and_runs_of_an_old_version(emu: Emulator) -> None:
    judge = make_judge(emu, [{"id": PRESETS["Politeness"]}])
    changed = call(emu, "PUT", f"/v1/judges/{judge['id']}/", {
        "name": "Support judge",
        "intent": "Check support answers",
        "evaluator_references": [{"id": PRESETS["Clarity"]}, {"id": PRESETS["Helpfulness"]}],
    }).json()  # fmt: skip
    assert changed["version_id"] != judge["version_id"]
    assert [e["name"] for e in changed["evaluators"]] == ["Clarity", "Helpfulness"]
    newest = run(emu, judge["id"], response="Sure.").json()["evaluator_results"]
    assert [r["evaluator_name"] for r in newest] == ["Clarity", "Helpfulness"]
    old = run(emu, judge["id"], response="Sure.", judge_version_id=judge["version_id"]).json()["evaluator_results"]
    assert [r["evaluator_name"] for r in old] == ["Politeness"]
    unknown = run(emu, judge["id"], response="Sure.", judge_version_id=str(uuid.uuid4()))
    assert unknown.status == 400
    assert "judge_version_id" in unknown.json()


def test_generate_picks_presets_by_keyword_and_says_it_is_emulated(emu: Emulator) -> None:
    generated = generate(emu, "Answers must be polite, helpful and factually right")
    assert generated["error_code"] is None
    judge = call(emu, "GET", f"/v1/judges/{generated['judge_id']}/").json()
    assert judge["version_id"] == generated["judge_version_id"]
    assert [e["name"] for e in judge["evaluators"]] == ["Politeness", "Truthfulness", "Helpfulness"]
    assert judge["_meta"]["emulated"] is True
    assert judge["name"] == "Emulated judge"
    assert judge["intent"] == "Answers must be polite, helpful and factually right"
    plain = call(emu, "GET", f"/v1/judges/{generate(emu, 'Evaluate the chatbot outputs')['judge_id']}/").json()
    assert [e["name"] for e in plain["evaluators"]] == ["Helpfulness"]
    by_context = generate(emu, "Score support answers", extra_contexts={"goal": "answers faithful to the docs"})
    named = call(emu, "GET", f"/v1/judges/{by_context['judge_id']}/").json()
    assert [e["name"] for e in named["evaluators"]] == ["Faithfulness"]
    assert {name for _, name in KEYWORDS} <= set(PRESETS)
    again = generate(emu, "Answers must be concise", judge_id=generated["judge_id"])
    assert again["judge_id"] == generated["judge_id"]
    assert again["judge_version_id"] != generated["judge_version_id"]


def test_the_error_marker_makes_strict_generation_fail(emu: Emulator) -> None:
    failed = generate(emu, f"Evaluate my bot {ERROR_MARKER}")
    assert failed["error_code"] == "intent_ambiguous"
    assert failed["missing_context_from_system_goal"]
    assert call(emu, "GET", "/v1/judges/").json()["results"] == []
    assert generate(emu, f"Evaluate my bot {ERROR_MARKER}", strict=True)["error_code"] == "intent_ambiguous"
    lenient = generate(emu, f"Evaluate my bot {ERROR_MARKER}", strict=False)
    assert lenient["error_code"] is None
    assert call(emu, "GET", f"/v1/judges/{lenient['judge_id']}/").status == 200


def test_list_retrieve_update_delete_duplicate_and_by_name(emu: Emulator) -> None:
    judge = make_judge(emu, [{"id": PRESETS["Politeness"]}], name="Alpha judge")
    make_judge(emu, [{"id": PRESETS["Clarity"]}], name="Beta judge")
    assert [j["name"] for j in walk(emu, "/v1/judges/?ordering=name")] == ["Alpha judge", "Beta judge"]
    assert [j["name"] for j in walk(emu, "/v1/judges/?name=Beta%20judge")] == ["Beta judge"]
    assert [j["name"] for j in walk(emu, "/v1/judges/?search=alpha")] == ["Alpha judge"]
    assert walk(emu, "/v1/judges/?is_preset=true") == []
    call(emu, "PATCH", f"/v1/judges/{judge['id']}/", {"visibility": "public", "status": "private"})
    patched = call(emu, "GET", f"/v1/judges/{judge['id']}/").json()
    assert (patched["visibility"], patched["status"]) == ("public", "unlisted")
    assert [j["name"] for j in walk(emu, "/v1/judges/?is_public=true")] == ["Alpha judge"]
    copy = call(emu, "POST", f"/v1/judges/{judge['id']}/duplicate/").json()
    assert (copy["name"], [e["name"] for e in copy["evaluators"]]) == ("Alpha judge (copy)", ["Politeness"])
    by_name = call(emu, "POST", "/v1/judges/execute/by-name/?name=Beta%20judge", {"response": "Hi"})
    assert [r["evaluator_name"] for r in by_name.json()["evaluator_results"]] == ["Clarity"]
    nobody = call(emu, "POST", "/v1/judges/execute/by-name/?name=Nobody", {"response": "Hi"})
    assert (nobody.status, nobody.json()) == (404, {"detail": "No Judge matches the given query."})
    refined = call(emu, "POST", f"/v1/judges/{judge['id']}/refine/", {"response": "Hi"}).json()
    assert refined["improved_response"] == refined["original_response"] == "Hi"
    invite = {"emails": ["someone@example.com"], "judge_url": "not a url"}
    refused = call(emu, "POST", f"/v1/judges/{judge['id']}/invite/", invite)
    assert (refused.status, refused.json()) == (400, {"judge_url": ["Enter a valid URL."]})
    assert call(emu, "DELETE", f"/v1/judges/{judge['id']}/").status == 204
    assert run(emu, judge["id"], response="Hi").json() == {"detail": "No Judge matches the given query."}
    assert run(emu, "not-a-uuid", response="Hi").status == 404
    state = call(emu, "GET", "/_emulator/state").json()
    assert (state["judges"], state["execution_logs"]) == (2, 4)  # the copy and Beta; two runs of one evaluator
    assert emu.reset() == 6


def test_a_judge_made_without_a_visibility_is_private_when_read_and_listed(emu: Emulator) -> None:
    # scorable 1.15's JudgeList requires a visibility: the service gives every judge one.
    judge = make_judge(emu, [{"id": PRESETS["Clarity"]}], name="Unmarked judge")
    assert judge["visibility"] == "private"
    assert call(emu, "GET", f"/v1/judges/{judge['id']}/").json()["visibility"] == "private"
    listed = [j for j in walk(emu, "/v1/judges/") if j["id"] == judge["id"]]
    assert [j["visibility"] for j in listed] == ["private"]
