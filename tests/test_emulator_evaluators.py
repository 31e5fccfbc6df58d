"""The emulator plays evaluators, over raw HTTP: the service's presets, versions, deterministic scores,
verdicts set by the test, demonstrations, execution logs and calibration. Every response is validated
against openapi.yaml (check_responses)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from root._presets import load_presets
from root.emulator import Emulator

from .test_emulator import FORBIDDEN, KEY, call
from .test_emulator_resources import upload, walk

PRESETS = {p.name: p for p in load_presets()}
FAITHFULNESS = PRESETS["Faithfulness"].id
POLITENESS = PRESETS["Politeness"].id


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


def create(emu: Emulator, name: str = "Polite", predicate: str = "Is it polite? {{response}}", **more: Any) -> Any:
    objective = call(emu, "POST", "/v1/objectives/", {"intent": f"{name} answers"}).json()
    body = {"name": name, "objective_id": objective["id"], "scoring_criteria": predicate, **more}
    response = call(emu, "POST", "/v1/evaluators/", body)
    assert response.status == 201, response.body
    return response.json()


def execute(emu: Emulator, evaluator_id: str, **body: Any) -> Any:
    return call(emu, "POST", f"/v1/evaluators/execute/{evaluator_id}/", body)


# -- presets ----------------------------------------------------------------------------------------------


def test_the_presets_are_served_under_their_ids_with_their_inputs(emu: Emulator) -> None:
    listed = walk(emu, "/v1/evaluators/?is_root_evaluator=true&page_size=7")
    assert {e["name"]: e["id"] for e in listed} == {p.name: p.id for p in PRESETS.values()}
    assert [e["name"] for e in listed] == [p.name for p in reversed(list(PRESETS.values()))]  # newest first
    for item in listed:
        assert set(item["inputs"]) == set(PRESETS[item["name"]].fields)
    faithfulness = call(emu, "GET", f"/v1/evaluators/{FAITHFULNESS}/").json()
    assert faithfulness["is_root_evaluator"] is True
    assert faithfulness["inputs"] == {
        "response": {"type": "string"},
        "contexts": {"type": "array", "items": {"type": "string"}},
    }
    assert call(emu, "GET", "/v1/evaluators/?name=Politeness").json()["results"][0]["id"] == POLITENESS
    state = call(emu, "GET", "/_emulator/state").json()
    assert (state["preset_evaluators"], state["evaluators"]) == (len(PRESETS), 0)


def test_presets_cannot_be_changed_and_survive_a_reset(emu: Emulator) -> None:
    item = f"/v1/evaluators/{POLITENESS}/"
    assert (call(emu, "PATCH", item, {"name": "Rudeness"}).status, call(emu, "DELETE", item).json()) == (403, FORBIDDEN)
    # The listing-status operations are dropped, as the service dropped them (tests/test_contract_coverage.py).
    assert call(emu, "POST", f"/v1/evaluators/status/{POLITENESS}/", {"status": "listed"}).status == 404
    create(emu)
    assert emu.reset() >= 1
    names = {e["name"] for e in walk(emu, "/v1/evaluators/")}
    assert names == set(PRESETS)
    assert call(emu, "GET", item).json()["name"] == "Politeness"


def test_a_preset_run_without_an_input_it_needs_is_refused(emu: Emulator) -> None:
    refused = execute(emu, FAITHFULNESS, response="Returns within 30 days.")
    assert (refused.status, refused.json()) == (400, {"contexts": ["This field is required."]})
    recall = execute(emu, PRESETS["Context_Recall"].id, request="q")
    assert recall.json() == {"contexts": ["This field is required."], "expected_output": ["This field is required."]}
    ran = execute(emu, FAITHFULNESS, response="Returns within 30 days.", contexts=["30-day returns."])
    assert ran.status == 200
    assert ran.json()["evaluator_name"] == "Faithfulness"


# -- the user's evaluators --------------------------------------------------------------------------------


def test_inputs_come_from_the_placeholders_and_every_change_is_a_version(emu: Emulator) -> None:
    evaluator = create(emu, predicate="Does {{response}} answer {{request}} in a {{tone}} tone, given {{contexts}}?")
    assert evaluator["is_root_evaluator"] is False
    assert evaluator["inputs"] == {
        "response": {"type": "string"},
        "request": {"type": "string"},
        "tone": {"type": "string"},
        "contexts": {"type": "array", "items": {"type": "string"}},
    }
    assert [v["name"] for v in evaluator["input_variables"]] == ["tone"]
    item = f"/v1/evaluators/{evaluator['id']}/"
    changed = call(emu, "PATCH", item, {"scoring_criteria": "Is {{response}} short?"}).json()
    assert changed["inputs"] == {"response": {"type": "string"}}
    assert changed["version_id"] != evaluator["version_id"]
    versions = walk(emu, f"/v1/evaluators/versions/{evaluator['id']}/")
    assert [v["version_id"] for v in versions] == [changed["version_id"], evaluator["version_id"]]
    old = call(emu, "GET", f"{item}?version_id={evaluator['version_id']}").json()
    assert old["scoring_criteria"].startswith("Does {{response}}")
    assert call(emu, "GET", f"{item}?version_id={changed['id']}").status == 404  # not a version of it


def test_a_run_pinned_to_an_old_version_uses_that_version(emu: Emulator) -> None:
    evaluator = create(emu, predicate="Old: {{response}}")
    first = execute(emu, evaluator["id"], response="Hi").json()
    call(emu, "PATCH", f"/v1/evaluators/{evaluator['id']}/", {"scoring_criteria": "New: {{response}}"})
    pinned = execute(emu, evaluator["id"], response="Hi", evaluator_version_id=evaluator["version_id"]).json()
    assert pinned["score"] == first["score"]
    log = call(emu, "GET", f"/v1/execution-logs/{pinned['execution_log_id']}/").json()
    assert (log["executed_item_version_id"], log["rendered_prompt"]) == (evaluator["version_id"], "Old: Hi")
    newest = call(
        emu, "GET", f"/v1/execution-logs/{execute(emu, evaluator['id'], response='Hi').json()['execution_log_id']}/"
    )
    assert newest.json()["rendered_prompt"] == "New: Hi"
    unknown = execute(emu, evaluator["id"], response="Hi", evaluator_version_id="no-such-version")
    assert unknown.status == 400
    assert "evaluator_version_id" in unknown.json()


def test_overwrite_replaces_the_evaluator_of_the_same_name(emu: Emulator) -> None:
    first = create(emu, name="Tone")
    again = create(emu, name="Tone", predicate="Is {{response}} calm?", overwrite=True)
    assert again["id"] == first["id"]
    assert again["version_id"] != first["version_id"]
    assert again["scoring_criteria"] == "Is {{response}} calm?"
    assert len(walk(emu, f"/v1/evaluators/versions/{first['id']}/")) == 2
    separate = create(emu, name="Tone")  # without overwrite: another evaluator of that name
    assert separate["id"] != first["id"]
    assert len(call(emu, "GET", "/v1/evaluators/?name=Tone").json()["results"]) == 2
    preset_namesake = create(emu, name="Politeness", overwrite=True)  # a preset is never replaced
    assert preset_namesake["id"] != POLITENESS
    assert preset_namesake["is_root_evaluator"] is False


def test_models_and_objective_must_exist(emu: Emulator) -> None:
    assert create(emu, models=["root", "gpt-4o"])["models"] == ["root", "gpt-4o"]
    call(emu, "POST", "/v1/models/", {"name": "my-llm"})
    assert create(emu, models=["my-llm"])["models"] == ["my-llm"]
    objective = call(emu, "POST", "/v1/objectives/", {"intent": "x"}).json()
    body = {"name": "Bad", "objective_id": objective["id"], "scoring_criteria": "{{response}}", "models": ["gpt-17"]}
    refused = call(emu, "POST", "/v1/evaluators/", body)
    assert (refused.status, refused.json()) == (400, {"models": ["Object with name=gpt-17 does not exist."]})
    missing = "11111111-1111-4111-8111-111111111111"
    refused = call(emu, "POST", "/v1/evaluators/", body | {"models": [], "objective_id": missing})
    assert refused.json() == {"objective_id": [f'Invalid pk "{missing}" - object does not exist.']}
    assert call(emu, "POST", "/v1/evaluators/", {"name": "No"}).status == 400
    made = call(emu, "POST", "/v1/evaluators/", body | {"models": [], "model_params": None})
    assert made.status == 201, made.body  # a null where the spec allows one (allOf + nullable)
    item = f"/v1/evaluators/{made.json()['id']}/"
    inline = call(emu, "PATCH", item, {"objective": {"intent": "Made inline"}}).json()  # the spec requires
    assert inline["objective"]["intent"] == "Made inline"  # objective_id on create, not on a change
    assert call(emu, "GET", f"/v1/objectives/{inline['objective']['id']}/").status == 200


# -- scores -----------------------------------------------------------------------------------------------


def test_scores_are_deterministic_and_say_they_are_emulated(emu: Emulator) -> None:
    evaluator = create(emu)
    scores = {execute(emu, evaluator["id"], response=f"answer {n}").json()["score"] for n in range(20)}
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert len(scores) > 10
    first = execute(emu, evaluator["id"], response="Thanks!", tags=["a"]).json()
    second = execute(emu, evaluator["id"], response="Thanks!", tags=["b"]).json()
    assert first["score"] == second["score"]
    assert first["execution_log_id"] != second["execution_log_id"]
    assert "Emulated" in first["justification"]
    assert "no model ran" in first["justification"]
    by_name = call(emu, "POST", "/v1/evaluators/execute/by-name/?name=Polite", {"response": "Thanks!"}).json()
    assert by_name["score"] == first["score"]


def test_verdicts_from_the_admin_api_and_the_emulator_class(emu: Emulator) -> None:
    evaluator = create(emu, name="Courtesy")
    verdict = {"evaluator": "Politeness", "pattern": "RUDE", "score": 0.1, "justification": "Rude."}
    assert call(emu, "POST", "/_emulator/verdicts", verdict).status == 201
    run = execute(emu, POLITENESS, response="That was rude of you").json()
    assert (run["score"], run["justification"]) == (0.1, "Rude.")
    assert execute(emu, POLITENESS, response="Thank you").json()["justification"] != "Rude."  # no match
    emu.set_verdict(evaluator["id"], score=0.9)  # by id, every response
    assert execute(emu, evaluator["id"], response="anything").json()["score"] == 0.9
    emu.set_verdict("Courtesy", pattern="please", score=0.7)  # newer: wins where it matches
    assert execute(emu, evaluator["id"], response="please sit").json()["score"] == 0.7
    assert execute(emu, evaluator["id"], response="sit").json()["score"] == 0.9
    assert "set by the test" in execute(emu, evaluator["id"], response="sit").json()["justification"]
    assert [v["evaluator"] for v in emu.verdicts()] == ["Courtesy", evaluator["id"], "Politeness"]
    assert call(emu, "GET", "/_emulator/verdicts").json()["verdicts"] == emu.verdicts()
    bad = call(emu, "POST", "/_emulator/verdicts", {"evaluator": "x", "pattern": "(", "score": 0.5})
    assert bad.status == 400
    assert "pattern" in bad.json()["detail"]
    with pytest.raises(ValueError, match="score"):
        emu.set_verdict("x", score=1.5)
    assert emu.clear_verdicts() == 3
    assert execute(emu, POLITENESS, response="That was rude of you").json()["justification"] != "Rude."
    emu.set_verdict("Politeness", score=0.2)
    emu.reset()
    assert emu.verdicts() == []
    assert call(emu, "DELETE", "/_emulator/verdicts").json() == {"deleted": 0}


def test_a_matching_demonstration_returns_its_own_score(emu: Emulator) -> None:
    demonstrations = [
        {"request": "Hi", "response": "Go away", "score": 0.05, "justification": "Dismissive."},
        {"response": "Hello, how can I help?", "score": 0.95},
    ]
    evaluator = create(emu, evaluator_demonstrations=demonstrations)
    rude = execute(emu, evaluator["id"], request="Hi", response="Go away").json()
    assert rude["score"] == 0.05
    assert "Dismissive." in rude["justification"]
    assert execute(emu, evaluator["id"], response="Hello, how can I help?").json()["score"] == 0.95
    other_request = execute(emu, evaluator["id"], request="Hey", response="Go away").json()
    assert other_request["justification"] != rude["justification"]


# -- logs -------------------------------------------------------------------------------------------------


def test_every_run_writes_an_execution_log(emu: Emulator) -> None:
    evaluator = create(emu, predicate="Given {{contexts}}, is {{response}} {{style}}?")
    body = {
        "request": "Can I return it?",
        "response": "Yes, within 30 days.",
        "contexts": ["Returns: 30 days."],
        "expected_output": "30 days",
        "variables": {"style": "brief"},
        "tags": ["production", "v1"],
    }
    result = execute(emu, evaluator["id"], **body).json()
    assert set(result) == {"evaluator_name", "score", "cost", "execution_log_id", "justification", "confidence"}
    log = call(emu, "GET", f"/v1/execution-logs/{result['execution_log_id']}/").json()
    assert log["evaluation_context"] == {"contexts": ["Returns: 30 days."], "expected_output": "30 days"}
    assert (log["variables"], log["tags"]) == ({"style": "brief"}, ["production", "v1"])
    assert (log["score"], log["justification"]) == (result["score"], result["justification"])
    assert (log["executed_item_id"], log["executed_item_name"]) == (evaluator["id"], "Polite")
    assert log["executed_item_version_id"] == evaluator["version_id"]
    assert log["execution_type"] == "evaluator"
    assert log["rendered_prompt"] == 'Given ["Returns: 30 days."], is Yes, within 30 days. brief?'
    listed = call(emu, "GET", "/v1/execution-logs/?tags=production").json()["results"]
    assert [entry["id"] for entry in listed] == [log["id"]]


# -- calibration ------------------------------------------------------------------------------------------


def test_calibration_gives_a_row_per_test_row(emu: Emulator) -> None:
    evaluator = create(emu, evaluator_demonstrations=[{"request": "Hi", "response": "Go away", "score": 0.1}])
    rows = [["0.1", "Hi", "Go away"], ["0.9", "Thanks a lot"]]
    calibrated = call(emu, "POST", f"/v1/evaluators/calibrate/{evaluator['id']}", {"test_data": rows})
    assert calibrated.status == 200, calibrated.body
    first, second = calibrated.json()
    assert (first["row_number"], first["result"]["expected_score"], first["result"]["score"]) == (1, 0.1, 0.1)
    assert first["variables"] == {"request": "Hi", "response": "Go away"}
    assert (second["variables"], second["result"]["expected_score"]) == ({"response": "Thanks a lot"}, 0.9)
    ran = execute(emu, evaluator["id"], response="Thanks a lot").json()
    assert second["result"]["score"] == ran["score"]
    log = call(emu, "GET", f"/v1/execution-logs/{second['result']['execution_log_id']}/").json()
    assert log["executed_item_id"] == evaluator["id"]

    dataset = upload(emu, {"name": "rows", "type": "test"}, ("rows.csv", b"0.2,Hi,Go away\n0.5,ok\n0.7,fine\n")).json()
    ranged = {"test_dataset_id": dataset["id"], "dataset_range": {"start": 1, "end": 3}}
    from_dataset = call(emu, "POST", f"/v1/evaluators/calibrate/{evaluator['id']}", ranged).json()
    assert [r["result"]["expected_score"] for r in from_dataset] == [0.5, 0.7]

    definition = {"prompt": "Is {{response}} polite?", "models": ["gpt-4o"], "test_data": rows}
    again = call(emu, "POST", "/v1/evaluators/calibrate/", definition).json()
    assert (
        call(emu, "POST", "/v1/evaluators/calibrate/", definition).json()[1]["result"]["score"]
        == again[1]["result"]["score"]
    )
    assert again[1]["result"]["model"] == "gpt-4o"

    neither = call(emu, "POST", f"/v1/evaluators/calibrate/{evaluator['id']}", {})
    assert (neither.status, neither.json()) == (
        400,
        {"non_field_errors": ["Either test_data or test_dataset_id is required."]},
    )
    bad_row = call(emu, "POST", f"/v1/evaluators/calibrate/{evaluator['id']}", {"test_data": [["high", "x"]]})
    assert bad_row.status == 400
    assert "test_data" in bad_row.json()
    unknown_model = call(emu, "POST", "/v1/evaluators/calibrate/", definition | {"models": ["gpt-17"]})
    assert unknown_model.status == 400
    no_dataset = call(emu, "POST", f"/v1/evaluators/calibrate/{evaluator['id']}", {"test_dataset_id": "nope"})
    assert no_dataset.status == 400
    assert "test_dataset_id" in no_dataset.json()


# -- the rest ---------------------------------------------------------------------------------------------


def test_by_name_duplicate_status_and_filters(emu: Emulator) -> None:
    unknown = call(emu, "POST", "/v1/evaluators/execute/by-name/?name=Nobody", {"response": "x"})
    assert (unknown.status, unknown.json()) == (400, {"name": ["Object with name=Nobody does not exist."]})
    assert call(emu, "POST", "/v1/evaluators/execute/by-name/", {"response": "x"}).json() == {
        "name": ["This field is required."]
    }
    evaluator = create(emu, name="Brevity", predicate="Is {{response}} brief?")
    copy = call(emu, "POST", f"/v1/evaluators/duplicate/{evaluator['id']}/").json()
    assert (copy["name"], copy["scoring_criteria"]) == ("Brevity (copy)", "Is {{response}} brief?")
    preset_copy = call(emu, "POST", f"/v1/evaluators/duplicate/{POLITENESS}/").json()
    assert (preset_copy["name"], preset_copy["is_root_evaluator"]) == ("Politeness (copy)", False)
    status = call(emu, "PATCH", f"/v1/evaluators/{copy['id']}/", {"status": "listed"})
    assert status.json()["status"] == "listed"
    assert call(emu, "GET", f"/v1/evaluators/{copy['id']}/").json()["status"] == "listed"
    assert [e["name"] for e in walk(emu, "/v1/evaluators/?status=listed")] == ["Brevity (copy)"]
    assert {e["name"] for e in walk(emu, "/v1/evaluators/?search=brev")} == {"Brevity", "Brevity (copy)"}
    mine = walk(emu, "/v1/evaluators/?owner__email=emulator@example.com")
    assert {e["name"] for e in mine} == {"Brevity", "Brevity (copy)", "Politeness (copy)"}
    same_objective = walk(emu, "/v1/evaluators/?objective__intent=Brevity%20answers")
    assert {e["id"] for e in same_objective} == {evaluator["id"], copy["id"]}
    assert len(walk(emu, "/v1/evaluators/?is_root_evaluator=false")) == len(PRESETS) + 3
    assert call(emu, "DELETE", f"/v1/evaluators/{evaluator['id']}/").status == 204
    assert call(emu, "GET", f"/v1/evaluators/versions/{evaluator['id']}/").json()["results"] == []


def test_an_objective_validator_named_after_a_preset_gets_its_id(emu: Emulator) -> None:
    body = {"intent": "Polite", "validators": [{"evaluator_name": "Politeness", "threshold": 0.5}]}
    created = call(emu, "POST", "/v1/objectives/", body).json()  # the create answers the id alone
    objective = call(emu, "GET", f"/v1/objectives/{created['id']}/").json()
    assert objective["validators"][0]["evaluator"] == {"id": POLITENESS, "name": "Politeness"}


def test_evaluators_judges_and_verdicts_survive_a_restart_and_the_presets_are_not_doubled(tmp_path: Path) -> None:
    db = tmp_path / "emulator.db"
    with Emulator(api_keys=(KEY,), db=db) as first:
        evaluator = create(first, name="Kept")
        call(first, "PATCH", f"/v1/evaluators/{evaluator['id']}/", {"scoring_criteria": "Kept? {{response}}"})
        judge = {"name": "Kept judge", "intent": "x", "evaluator_references": [{"id": evaluator["id"]}]}
        judge_id = call(first, "POST", "/v1/judges/", judge).json()["id"]
        first.set_verdict("Kept", score=0.3)
    with Emulator(api_keys=(KEY,), db=db) as second:
        assert len(walk(second, f"/v1/evaluators/versions/{evaluator['id']}/")) == 2
        assert len(walk(second, "/v1/evaluators/?is_root_evaluator=true")) == len(PRESETS)
        results = call(second, "POST", f"/v1/judges/{judge_id}/execute/", {"response": "r"}).json()
        assert [r["score"] for r in results["evaluator_results"]] == [0.3]
