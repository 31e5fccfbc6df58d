"""Behaviours of the emulator that no other test pinned (a hand-made mutant of each survived), and the
two it refuses as the service refuses them: a verdict pattern that would stall a backtracking matcher,
and NUL in a name. Every response is validated against openapi.yaml (check_responses)."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator
from typing import Any

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.emulator.contract import NULL_CHARACTERS

from .test_emulator import KEY, call
from .test_emulator_evaluators import FAITHFULNESS, POLITENESS, PRESETS, create, execute
from .test_emulator_judges import generate, make_judge, run

RESPONSES = [f"Answer number {n}." for n in range(6)]
CATASTROPHIC = "^(a+)+$"


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


def scores(emu: Emulator, evaluator_id: str, **more: Any) -> list[float]:
    return [execute(emu, evaluator_id, response=r, **more).json()["score"] for r in RESPONSES]


# -- scores depend on the evaluator and its version -------------------------------------------------------


def test_the_score_depends_on_the_evaluator_and_its_version(emu: Emulator) -> None:
    predicate = "Is {{response}} polite?"
    one = create(emu, name="One", predicate=predicate)
    other = create(emu, name="Other", predicate=predicate)
    first_version = scores(emu, one["id"])
    # The same predicate and the same responses: only the evaluator differs.
    assert scores(emu, other["id"]) != first_version
    assert scores(emu, one["id"]) == first_version  # and each scores the same every time
    changed = call(emu, "PATCH", f"/v1/evaluators/{one['id']}/", {"scoring_criteria": "Polite? {{response}}"})
    assert changed.status == 200
    assert scores(emu, one["id"]) != first_version  # a new version scores anew
    assert scores(emu, one["id"], evaluator_version_id=one["version_id"]) == first_version  # the old keeps its own


# -- calibration rows -------------------------------------------------------------------------------------


@pytest.mark.parametrize("expected", ["1.5", "-0.1", 1.5, -0.1])
def test_a_calibration_row_expecting_a_score_outside_0_to_1_is_refused(emu: Emulator, expected: Any) -> None:
    evaluator = create(emu)
    response = call(emu, "POST", f"/v1/evaluators/calibrate/{evaluator['id']}", {"test_data": [[expected, "Hi"]]})
    assert response.status == 400, response.body
    assert list(response.json()) == ["test_data"]
    for edge in ("0", "1"):
        accepted = call(emu, "POST", f"/v1/evaluators/calibrate/{evaluator['id']}", {"test_data": [[edge, "Hi"]]})
        assert accepted.status == 200, accepted.body


# -- empty inputs are missing inputs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"response": "Returns within 30 days.", "contexts": []}, "contexts"),
        ({"response": "", "contexts": ["30-day returns."]}, "response"),
    ],
)
def test_an_empty_input_a_preset_needs_is_refused_as_a_missing_one(
    emu: Emulator, body: dict[str, Any], field: str
) -> None:
    missing = execute(emu, FAITHFULNESS, **{k: v for k, v in body.items() if k != field})
    empty = execute(emu, FAITHFULNESS, **body)
    assert (
        (empty.status, empty.json()) == (missing.status, missing.json()) == (400, {field: ["This field is required."]})
    )


def test_a_judge_member_given_an_empty_input_is_unscored(emu: Emulator) -> None:
    judge = make_judge(emu, [{"id": POLITENESS}, {"id": FAITHFULNESS}])
    polite, faithful = run(emu, judge["id"], response="Thanks!", contexts=[]).json()["evaluator_results"]
    assert polite["score"] is not None
    assert faithful["score"] is None
    assert faithful["justification"] == "Emulated: not scored; Faithfulness needs contexts, which the run lacks."
    results = run(emu, judge["id"], response="", contexts=["Be kind."]).json()["evaluator_results"]
    assert [r["score"] for r in results] == [None, None]
    assert "Politeness needs response" in results[0]["justification"]


# -- judge generation -------------------------------------------------------------------------------------


def test_generation_keywords_match_whole_words(emu: Emulator) -> None:
    generated = generate(emu, "Flag rude or unhelpful replies")
    judge = call(emu, "GET", f"/v1/judges/{generated['judge_id']}/").json()
    assert [e["name"] for e in judge["evaluators"]] == ["Politeness"]  # not Helpfulness, for "unhelpful"
    assert judge["_meta"]["keywords"] == ["rude"]


# -- a duplicate at the name limit ------------------------------------------------------------------------


def test_a_duplicate_of_a_judge_at_the_name_limit_is_readable_by_the_sdk(emu: Emulator) -> None:
    judge = make_judge(emu, [{"id": PRESETS["Clarity"].id}], name="J" * 512)
    copy = call(emu, "POST", f"/v1/judges/{judge['id']}/duplicate/")
    assert copy.status == 201, copy.body
    with RootSignals(api_key=KEY, base_url=emu.url, max_retries=0) as client:
        read = client.judges.get(copy.json()["id"])
        assert read.name == copy.json()["name"]
        assert len(read.name) <= 512
        assert read.id != judge["id"]
        assert client.judges.duplicate(read.id).name  # and a copy of the copy too


# -- bounded verdict matching -----------------------------------------------------------------------------


def test_a_catastrophic_verdict_pattern_does_not_stall_the_emulator(emu: Emulator) -> None:
    emu.set_verdict("Politeness", pattern=CATASTROPHIC, score=0.0)
    # A backtracking matcher spends seconds on each of these runs (twice as long per extra "a"), on the
    # emulator's one event loop, and every request sent meanwhile waits behind them: the listing below
    # would wait half a minute and more, past its 10-second socket timeout.
    hostile = "a" * 28 + "!"
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        runs = [pool.submit(execute, emu, POLITENESS, response=text) for text in (hostile, hostile, hostile)]
        # Answered while those runs are being matched (or after: never behind a stalled loop).
        assert call(emu, "GET", "/v1/models/?page_size=1").status == 200
        results = [future.result() for future in runs]
    assert [r.status for r in results] == [200, 200, 200]
    # None of them matched: each ends in "!".
    assert all("a verdict set by the test" not in r.json()["justification"] for r in results)
    # The pattern still matches what it should, case-insensitively.
    assert execute(emu, POLITENESS, response="AAAA").json()["score"] == 0.0


def test_a_pattern_that_needs_backtracking_is_refused_when_set(emu: Emulator) -> None:
    for pattern in (r"(a)\1", "(?=a)a", "(?<!b)a"):
        with pytest.raises(ValueError, match="not an RE2 regular expression"):
            emu.set_verdict("Politeness", pattern=pattern, score=0.5)
        refused = call(emu, "POST", "/_emulator/verdicts", {"evaluator": "Politeness", "pattern": pattern})
        assert refused.status == 400
        assert "RE2" in refused.json()["detail"]
    assert emu.verdicts() == []


# -- NUL in names -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("collection", "body"),
    [
        ("/v1/models/", {"name": "with\x00nul"}),
        ("/v1/objectives/", {"intent": "with\x00nul"}),
        ("/v1/judges/", {"name": "with\x00nul", "intent": "i", "evaluator_references": []}),
    ],
)
def test_nul_in_a_name_is_refused_at_create_and_update(emu: Emulator, collection: str, body: dict[str, Any]) -> None:
    field = next(iter(body))
    refused = call(emu, "POST", collection, body)
    assert refused.status == 400, refused.body
    assert refused.json()[field] == [NULL_CHARACTERS]
    made = call(emu, "POST", collection, body | {field: "clean"})
    assert made.status == 201, made.body
    item = f"{collection}{made.json()['id']}/"
    patched = call(emu, "PATCH", item, {field: "still\x00nul"})
    assert (patched.status, patched.json()) == (400, {field: [NULL_CHARACTERS]})
    assert call(emu, "GET", item).json()[field] == "clean"


def test_nul_in_an_evaluator_name_is_refused(emu: Emulator) -> None:
    evaluator = create(emu, name="Clean")
    refused = call(emu, "PATCH", f"/v1/evaluators/{evaluator['id']}/", {"name": "Cl\x00ean"})
    assert (refused.status, refused.json()) == (400, {"name": [NULL_CHARACTERS]})
    assert call(emu, "POST", "/v1/evaluators/execute/by-name/?name=Clean", {"response": "Hi"}).status == 200
