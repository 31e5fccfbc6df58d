"""Issue 21's "more" operations against the emulator, over HTTP, sync and async: evaluators exported
and imported as YAML, execution-log tags and ids, model verification, judge claims and synthetic data."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import BadRequestError, NotFoundError
from root.skills import AEvaluator, Evaluator
from tests.conftest import API_KEY


def _evaluator(client: RootSignals, name: str = "Polite") -> Evaluator:
    return client.evaluators.create(
        "Is {{response}} polite?",
        name=name,
        intent="replies are polite",
        model="gpt-4o",
        evaluator_demonstrations=[{"request": "Hi", "response": "Hello!", "score": 0.9, "justification": "Kind."}],
    )


def _counts(client: RootSignals) -> tuple[int, int, int]:
    evaluators = len(list(client.evaluators.list(limit=None)))
    return evaluators, len(list(client.objectives.list(limit=None))), len(list(client.datasets.list(limit=None)))


def test_an_exported_evaluator_imports_back_as_a_new_one_with_its_calibration_rows(client: RootSignals) -> None:
    original = _evaluator(client)
    document = client.evaluators.export_yaml(original.id)
    assert "name: Polite\n" in document
    assert "Is {{response}} polite?" in document
    assert "replies are polite" in document
    renamed = document.replace("name: Polite\n", "name: Polite again\n") + "calibration:\n- [0.25, Hi, Go away]\n"
    imported = client.evaluators.import_yaml(renamed)
    assert isinstance(imported, Evaluator)
    assert imported.id != original.id
    assert (imported.name, imported.models) == ("Polite again", ["gpt-4o"])
    assert imported.scoring_criteria == original.scoring_criteria
    assert imported.objective is not None
    assert imported.objective.intent == "replies are polite"
    assert [(d.response, d.score) for d in imported.evaluator_demonstrations or []] == [("Hello!", 0.9)]
    # The calibration rows became the objective's test dataset, which the next export shows.
    again = client.evaluators.export_yaml(imported.id)
    assert "calibration:" in again
    assert "Go away" in again
    assert imported.run(request="Hi", response="Hello!").score == 0.9  # its demonstration scores it
    # overwrite replaces the newest evaluator of that name: the same id, a new version.
    replaced = client.evaluators.import_yaml(renamed.replace("polite?", "very polite?"), overwrite=True)
    assert replaced.id == imported.id
    assert replaced.version_id != imported.version_id
    assert "very polite" in (replaced.scoring_criteria or "")


async def test_export_and_import_async(client: RootSignals) -> None:
    original = _evaluator(client, "Async polite")
    document = await client.evaluators.aexport_yaml(original.id)
    project = (await client.projects.acreate(name="YAML imports")).id  # a project_id must name a project
    imported = await client.evaluators.aimport_yaml(document.replace("Async polite", "Async copy"), project_id=project)
    assert isinstance(imported, AEvaluator)
    assert imported.name == "Async copy"
    assert imported.project_id == str(project)
    with pytest.raises(NotFoundError):
        await client.evaluators.aexport_yaml(uuid.uuid4())


@pytest.mark.parametrize(
    ("document", "says"),
    [
        ("name: &n Polite\nscoring_criteria: *n\n", "aliases"),
        ("- a list\n", "mapping"),
        ("name: [unclosed\n", "YAML"),
        ("name: P\nscoring_criteria: ok\n", "name"),
        ("name: Polite\n", "scoring_criteria"),
        ("name: Polite\nscoring_criteria: ok\nmodels: [no-such-model]\n", "models"),
        ("name: Polite\nscoring_criteria: ok\ncalibration: [[2, q, r]]\n", "calibration"),
        ("name: Polite\nscoring_criteria: ok\ncalibration: nope\n", "calibration"),
        ("name: Polite\nscoring_criteria: ok\ndemonstrations: [{response: r}]\n", "score"),
        ("[" * 5000, "YAML"),
    ],
)
def test_a_document_the_emulator_cannot_read_is_a_400_on_yaml_and_makes_nothing(
    client: RootSignals, document: str, says: str
) -> None:
    before = _counts(client)
    with pytest.raises(BadRequestError) as caught:
        client.evaluators.import_yaml(document)
    assert set(caught.value.field_errors) == {"yaml"}
    assert says in " ".join(caught.value.field_errors["yaml"])
    assert _counts(client) == before


def test_tags_are_set_on_the_listed_logs_only_and_replace_theirs(client: RootSignals, emulator: Emulator) -> None:
    first, second, third = (emulator.add_execution_log(tags=["old"])["id"] for _ in range(3))
    client.execution_logs.set_tags(log_ids=[first, uuid.UUID(second)], tags=["gold", "reviewed"])
    assert client.execution_logs.get(log_id=first).tags == ["gold", "reviewed"]
    assert client.execution_logs.get(log_id=second).tags == ["gold", "reviewed"]
    assert client.execution_logs.get(log_id=third).tags == ["old"]
    assert {log.id for log in client.execution_logs.list(tags=["gold"])} == {first, second}
    client.execution_logs.set_tags(log_ids=[first], tags=[])
    assert client.execution_logs.get(log_id=first).tags == []
    # A list naming a log that does not exist changes nothing.
    with pytest.raises(BadRequestError) as caught:
        client.execution_logs.set_tags(log_ids=[second, str(uuid.uuid4())], tags=["new"])
    assert set(caught.value.field_errors) == {"log_ids"}
    assert client.execution_logs.get(log_id=second).tags == ["gold", "reviewed"]


async def test_tags_async(client: RootSignals, emulator: Emulator) -> None:
    log = emulator.add_execution_log()["id"]
    await client.execution_logs.aset_tags(log_ids=[log], tags=["async"])
    assert (await client.execution_logs.aget(log_id=log)).tags == ["async"]


def test_session_and_user_ids_are_distinct_newest_first_and_at_most_thirty(
    client: RootSignals, emulator: Emulator
) -> None:
    for i in range(35):
        emulator.add_execution_log(session_id=f"session-{i:02d}", user_id="alice" if i % 2 else "bob")
    emulator.add_execution_log(session_id="session-34")  # again: still one id
    emulator.add_execution_log()  # no session: not listed
    sessions = client.execution_logs.session_ids()
    assert sessions == [f"session-{i:02d}" for i in range(34, 4, -1)]
    assert client.execution_logs.session_ids(starts_with="session-0") == [f"session-0{i}" for i in range(9, -1, -1)]
    assert client.execution_logs.session_ids(starts_with="nobody") == []
    assert client.execution_logs.user_ids() == ["bob", "alice"]
    assert client.execution_logs.user_ids(starts_with="a") == ["alice"]


async def test_session_and_user_ids_async(client: RootSignals, emulator: Emulator) -> None:
    evaluator = _evaluator(client, "Sessions")
    client.judges.create(name="session judge", intent="x", evaluator_references=[{"id": evaluator.id}])
    emulator.add_execution_log(session_id="from-a-run", user_id="carol")
    assert await client.execution_logs.asession_ids(starts_with="from") == ["from-a-run"]
    assert await client.execution_logs.auser_ids() == ["carol"]


def test_a_model_configuration_is_verified_against_what_the_emulator_knows(
    client: RootSignals, emulator: Emulator
) -> None:
    known = client.models.verify(model="gpt-4o", api_key="sk-verify-secret")
    assert known.success is True
    assert known.response is not None
    assert "Emulated" in known.response
    unknown = client.models.verify(model="my-own-model")
    assert (unknown.success, unknown.response) == (False, None)
    assert "my-own-model" in (unknown.error or "")
    client.models.create(name="my-own-model")
    assert client.models.verify(model="my-own-model").success is True
    assert client.models.verify(model="self-hosted", url="http://localhost:9/v1").success is True
    # Nothing is saved, and the key is never kept in the request log.
    assert [m.name for m in client.models.list(limit=None) if m.name in ("gpt-4o-verify", "self-hosted")] == []
    logged = json.dumps([r for r in emulator.requests() if r["path"] == "/v1/models/verify/"])
    assert "sk-verify-secret" not in logged


async def test_verify_async(client: RootSignals) -> None:
    assert (await client.models.averify(model="gpt-4o", max_output_token_count=800)).success is True


def test_a_judge_is_claimed_once_with_its_token(client: RootSignals, emulator: Emulator) -> None:
    evaluator = _evaluator(client, "Claimed")
    judge = client.judges.create(name="temporary", intent="be kind", evaluator_references=[{"id": evaluator.id}])
    token = emulator.add_claim_token(judge.id)["claim_token"]
    project = uuid.uuid4()
    claimed = client.judges.claim(token, project_id=project)
    assert (claimed.id, claimed.name, claimed.project_id) == (judge.id, "temporary", str(project))
    assert claimed.run(response="Hello!").evaluator_results  # a claimed judge runs itself
    with pytest.raises(BadRequestError) as caught:
        client.judges.claim(token)
    assert set(caught.value.field_errors) == {"claim_token"}
    with pytest.raises(BadRequestError):
        client.judges.claim(uuid.uuid4())
    with pytest.raises(KeyError):
        emulator.add_claim_token(str(uuid.uuid4()))


async def test_claim_async_and_through_the_admin_api(client: RootSignals, emulator: Emulator) -> None:
    evaluator = _evaluator(client, "Admin claimed")
    judge = client.judges.create(name="admin", intent="x", evaluator_references=[{"id": evaluator.id}])
    request = urllib.request.Request(
        f"{emulator.url}/_emulator/claim-tokens",
        data=json.dumps({"judge_id": judge.id}).encode(),
        headers={"Authorization": f"Api-Key {API_KEY}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        token = json.load(answer)["claim_token"]
    assert (await client.judges.aclaim(token)).id == judge.id
    missing = urllib.request.Request(
        f"{emulator.url}/_emulator/claim-tokens",
        data=json.dumps({"judge_id": "nope"}).encode(),
        headers={"Authorization": f"Api-Key {API_KEY}", "Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(missing, timeout=10)
    caught.value.close()
    assert caught.value.code == 400


def test_synthetic_data_of_a_generated_judge_is_ready_and_of_another_not_generated(client: RootSignals) -> None:
    generated = client.judges.generate(intent="polite and helpful answers")
    data = client.judges.synthetic_data(generated.judge_id)
    assert data.status == "ready"
    samples = data.samples or []
    assert sorted({s.quality for s in samples}) == ["high", "low"]
    assert all("mulated" in s.response for s in samples)
    assert client.judges.synthetic_data(generated.judge_id) == data  # the same samples every time
    evaluator = _evaluator(client, "Plain")
    plain = client.judges.create(name="plain", intent="x", evaluator_references=[{"id": evaluator.id}])
    assert client.judges.synthetic_data(plain.id).status == "not_generated"
    with pytest.raises(NotFoundError):
        client.judges.synthetic_data(uuid.uuid4())


async def test_synthetic_data_async(client: RootSignals) -> None:
    generated = await client.judges.agenerate(intent="concise answers")
    assert (await client.judges.asynthetic_data(generated.judge_id)).status == "ready"


HOSTILE = [
    ("POST", "/v1/execution-logs/set-tags/", {"log_ids": [str(uuid.uuid4())] * 501}, "log_ids"),
    ("POST", "/v1/execution-logs/set-tags/", {"log_ids": []}, "log_ids"),
    ("POST", "/v1/execution-logs/set-tags/", {"log_ids": ["../../etc"]}, "log_ids"),
    ("POST", "/v1/execution-logs/set-tags/", {"log_ids": [str(uuid.uuid4())], "tags": ["t"] * 16}, "tags"),
    ("POST", "/v1/execution-logs/set-tags/", {"log_ids": [str(uuid.uuid4())], "tags": [{"x": 1}]}, "tags"),
    ("POST", "/v1/evaluators/import-yaml/", {"yaml": ""}, "yaml"),
    ("POST", "/v1/evaluators/import-yaml/", {"yaml": "a: &a [*a, *a]\n" + "b: &b [*a, *a]\n" * 30}, "yaml"),
    ("POST", "/v1/evaluators/import-yaml/", {"yaml": "!!python/object:os.system {}"}, "yaml"),
    ("POST", "/v1/evaluators/import-yaml/", {"yaml": "name: x\x00y\nscoring_criteria: s\n"}, "yaml"),
    ("POST", "/v1/models/verify/", {"model": "m", "max_output_token_count": 10}, "max_output_token_count"),
    ("POST", "/v1/models/verify/", {"model": "m", "api_key": ""}, "api_key"),
    ("POST", "/v1/judges/claim/", {"claim_token": "not-a-token"}, "claim_token"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), HOSTILE, ids=[f"{p} {f}" for _, p, _, f in HOSTILE])
def test_hostile_bodies_are_400s_on_their_field(
    emulator: Emulator, method: str, path: str, body: object, field: str
) -> None:
    from tests.test_emulator import call

    response = call(emulator, method, path, body, key=API_KEY)
    assert response.status == 400, response.body
    assert field in response.json(), response.json()


def test_ids_that_are_not_uuids_are_not_found(emulator: Emulator) -> None:
    from tests.test_emulator import call

    for path in ("/v1/evaluators/export/not-an-evaluator/", "/v1/judges/not-a-judge/synthetic-data/"):
        response = call(emulator, "GET", path, key=API_KEY)
        assert response.status == 404, (path, response.body)
