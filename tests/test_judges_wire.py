"""Judges against a stand-in server written from the contract (not the emulator): every method sends what
the contract says, listings follow every page and give exactly what the list endpoint answers, and two
programs written for the official SDK 1.6 run unchanged."""

from __future__ import annotations

import copy
import os
import pickle
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from root import RootSignals
from root.errors import InvalidArgumentError, NotFoundError, RootSignalsError
from root.generated.openapi_aclient.models.evaluator_execution_functions_request import (
    EvaluatorExecutionFunctionsRequest as AEvaluatorExecutionFunctionsRequest,
)
from root.generated.openapi_aclient.models.evaluator_reference_request import (
    EvaluatorReferenceRequest as AEvaluatorReferenceRequest,
)
from root.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest
from root.generated.openapi_client.models.judge_generator_request import JudgeGeneratorRequest
from root.judges import AJudge, Judge, Judges
from tests.contract_server import CREATED_AT, Sent, contract_server, contract_violations, new_id, not_found, paged

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
"""The programs docs/guides/judges.md shows; two of them are written for the official SDK 1.6."""

# Two of the service's preset evaluators, which every judge may use.
TRUTHFULNESS = "053df10f-b0c7-400b-892e-46ce3aa1e430"
RELEVANCE = "bd789257-f458-4e9e-8ce9-fa6e86dc3fb9"
PRESETS = {TRUTHFULNESS: "Truthfulness", RELEVANCE: "Relevance"}

# The generator's settings that the spec gives a default: the generated request model sends them as such.
GENERATOR_DEFAULTS = {
    name: field.default
    for name, field in JudgeGeneratorRequest.model_fields.items()
    if not field.is_required() and field.default is not None
}
FUNCTION = {"type": "function", "function": {"name": "refund", "parameters": {"type": "object"}}}


class JudgesStandIn:
    """The judges endpoints as the contract describes them, over judges kept in a dict."""

    def __init__(self) -> None:
        self.judges: dict[str, dict[str, Any]] = {}

    def add(self, name: str, intent: str, evaluators: list[str], stage: str | None = None) -> dict[str, Any]:
        judge_id = new_id()
        judge: dict[str, Any] = {
            "_meta": {},
            "created_at": CREATED_AT,
            "evaluators": [self._nested(e) for e in evaluators],
            "files": [],
            "id": judge_id,
            "name": name,
            "objective": {"id": new_id(), "intent": intent},
            "inputs": {"response": {"type": "string"}},
            "status": "unlisted",
            "intent": intent,
            "visibility": "unlisted",
            "version_id": new_id(),
        }
        if stage is not None:
            judge["stage"] = stage
        self.judges[judge_id] = judge
        return judge

    @staticmethod
    def _nested(evaluator_id: str) -> dict[str, Any]:
        return {
            "id": evaluator_id,
            "name": PRESETS[evaluator_id],
            "objective": {"intent": f"{PRESETS[evaluator_id]} of the response"},
            "is_root_evaluator": True,
            "model": "gpt-4o",
            "version_id": str(uuid.UUID(int=1)),
        }

    @staticmethod
    def list_item(judge: dict[str, Any]) -> dict[str, Any]:
        """A judge as the list endpoint gives it (a JudgeList: no files, objective, stage or version_id)."""
        keys = ("id", "name", "intent", "created_at", "status", "inputs", "evaluators", "visibility", "_meta")
        return {k: judge[k] for k in keys}

    def _results(self, judge: dict[str, Any]) -> tuple[int, Any]:
        results = [
            {
                "evaluator_name": e["name"],
                "score": 0.75,
                "justification": "emulated",
                "evaluator_id": e["id"],
                "evaluator_version_id": e["version_id"],
            }
            for e in judge["evaluators"]
        ]
        return 200, {"evaluator_results": results, "execution_log_id": new_id()}

    def answer(self, request: Sent) -> tuple[int, Any]:
        path, method = request.path, request.method
        if path == "/v1/judges/generate/" and method == "POST":
            body = request.json()
            if body.get("strict") and "ambiguous" in body["intent"]:
                return 201, {"judge_id": new_id(), "error_code": "intent_ambiguous", "stages": ["a", "b"]}
            judge = self.add("Generated judge", body["intent"], [TRUTHFULNESS, RELEVANCE], body.get("stage"))
            return 201, {"judge_id": judge["id"], "judge_version_id": judge["version_id"], "error_code": None}
        if path == "/v1/judges/" and method == "POST":
            body = request.json()
            references = [r["id"] for r in body.get("evaluator_references", [])]
            unknown = [r for r in references if r not in PRESETS]
            if unknown:
                return 400, {"evaluator_references": [f"Unknown evaluator {unknown[0]}"]}
            return 201, self.add(body["name"], body["intent"], references, body.get("stage"))
        if path == "/v1/judges/" and method == "GET":
            name = request.query_dict().get("name")
            listed = [self.list_item(j) for j in self.judges.values() if name is None or j["name"] == name]
            return paged(request, listed)
        if path == "/v1/judges/execute/by-name/" and method == "POST":
            named = [j for j in self.judges.values() if j["name"] == request.query_dict().get("name")]
            return self._results(named[0]) if named else not_found()
        parts = path.strip("/").split("/")  # v1, judges, <id>, [execute | duplicate]
        judge = self.judges.get(parts[2]) if len(parts) >= 3 else None
        if judge is None:
            return not_found()
        if len(parts) == 3 and method == "GET":
            return 200, judge
        if len(parts) == 3 and method == "PATCH":
            body = request.json()
            judge.update({k: v for k, v in body.items() if k in ("name", "intent", "stage")})
            if "evaluator_references" in body:
                judge["evaluators"] = [self._nested(r["id"]) for r in body["evaluator_references"]]
            return 200, judge
        if len(parts) == 3 and method == "DELETE":
            del self.judges[parts[2]]
            return 204, None
        if parts[3:] == ["duplicate"] and method == "POST":
            copied = self.add(f"{judge['name']} (copy)", judge["intent"], [e["id"] for e in judge["evaluators"]])
            return 201, copied
        if parts[3:] == ["execute"] and method == "POST":
            return self._results(judge)
        return not_found()


@pytest.fixture
def stand_in() -> Iterator[tuple[RootSignals, JudgesStandIn, list[Sent], str]]:
    """The stand-in and a client of it; every request the SDK sends, and every answer the stand-in gives,
    is checked against the contract as well."""
    service = JudgesStandIn()
    violations: list[str] = []

    def answer(request: Sent) -> tuple[int, Any]:
        answered = service.answer(request)
        violations.extend(contract_violations(request, answered))
        return answered

    with contract_server(answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, service, sent, url
    assert not violations, "\n".join(violations)


Server = tuple[RootSignals, JudgesStandIn, list[Sent], str]


def test_the_official_import_paths_work() -> None:
    import root.generated.openapi_aclient.models.evaluator_execution_functions_request as a_functions
    import root.generated.openapi_aclient.models.evaluator_reference_request as a_references
    import root.generated.openapi_client.models.evaluator_execution_functions_request as functions
    import root.generated.openapi_client.models.evaluator_reference_request as references

    assert references.EvaluatorReferenceRequest is EvaluatorReferenceRequest
    assert a_references.EvaluatorReferenceRequest is AEvaluatorReferenceRequest
    assert functions.EvaluatorExecutionFunctionsRequest is not None
    assert a_functions.EvaluatorExecutionFunctionsRequest is AEvaluatorExecutionFunctionsRequest
    # root.judges gives the official names; its judges are the generated Judge of each package, and more.
    import root.generated.openapi_aclient.models.judge as a_judge
    import root.generated.openapi_client.models.judge as judge

    assert issubclass(Judge, judge.Judge)
    assert issubclass(AJudge, a_judge.Judge)
    assert Judges.__module__ == "root.judges"


def test_beta_judges_is_the_same_object(stand_in: Server) -> None:
    client = stand_in[0]
    assert client.beta.judges is client.judges
    assert isinstance(client.judges, Judges)
    assert "k" not in repr(client.beta) + repr(client.judges)


def test_every_sync_method_sends_what_the_contract_says(stand_in: Server) -> None:
    client, service, sent, _ = stand_in
    generated = client.judges.generate(intent="Check answers about returns", stage="Returns", strict=True)
    (request,) = sent
    assert (request.method, request.path) == ("POST", "/v1/judges/generate/")
    assert request.headers["Authorization"] == "Api-Key k"
    assert request.json() == {**GENERATOR_DEFAULTS, "intent": "Check answers about returns", "stage": "Returns",
                              "strict": True, "visibility": "private"}  # fmt: skip
    assert generated.error_code is None
    assert str(generated.judge_id) in service.judges
    assert str(generated.judge_version_id) == service.judges[str(generated.judge_id)]["version_id"]

    sent.clear()
    judge = client.judges.create(
        name="Returns judge",
        intent="Check answers about returns",
        evaluator_references=[EvaluatorReferenceRequest(id=TRUTHFULNESS), {"id": RELEVANCE}],
        stage="Answering",
    )
    assert (sent[0].method, sent[0].path) == ("POST", "/v1/judges/")
    assert sent[0].json() == {
        "name": "Returns judge",
        "intent": "Check answers about returns",
        "evaluator_references": [{"id": TRUTHFULNESS}, {"id": RELEVANCE}],
        "stage": "Answering",
        "status": "unlisted",
    }
    assert type(judge) is Judge
    assert [e.name for e in judge.evaluators] == ["Truthfulness", "Relevance"]
    judge_id = str(judge.id)

    sent.clear()
    fetched = client.judges.get(judge_id)
    assert (sent[0].method, sent[0].path, sent[0].body) == ("GET", f"/v1/judges/{judge_id}/", b"")
    assert type(fetched) is Judge
    assert fetched.files == []
    assert fetched.to_dict()["name"] == "Returns judge"

    sent.clear()
    updated = client.judges.update(judge.id, name="Returns judge 2", evaluator_references=[{"id": RELEVANCE}])
    assert (sent[0].method, sent[0].path) == ("PATCH", f"/v1/judges/{judge_id}/")
    assert sent[0].json() == {"name": "Returns judge 2", "evaluator_references": [{"id": RELEVANCE}]}
    assert (updated.name, [e.name for e in updated.evaluators]) == ("Returns judge 2", ["Relevance"])
    sent.clear()
    client.judges.update(judge_id, stage="Refunds")
    assert sent[0].json() == {"stage": "Refunds"}

    sent.clear()
    copied = client.judges.duplicate(judge_id)
    assert (sent[0].method, sent[0].path, sent[0].body) == ("POST", f"/v1/judges/{judge_id}/duplicate/", b"")
    assert type(copied) is Judge
    assert str(copied.id) != judge_id

    sent.clear()
    result = client.judges.run(
        judge_id,
        response="Within 30 days.",
        request="Can I return shoes?",
        contexts=["30-day returns."],
        functions=[FUNCTION],
        expected_output="30 days",
        tags=["returns", "test"],
    )
    assert (sent[0].method, sent[0].path) == ("POST", f"/v1/judges/{judge_id}/execute/")
    assert sent[0].json() == {
        "response": "Within 30 days.",
        "request": "Can I return shoes?",
        "contexts": ["30-day returns."],
        "functions": [FUNCTION],
        "expected_output": "30 days",
        "tags": ["returns", "test"],
    }
    assert [r.evaluator_name for r in result.evaluator_results] == ["Relevance"]
    assert result.execution_log_id is not None

    sent.clear()
    by_name = client.judges.run_by_name("Returns judge 2", response="Within 30 days.")
    assert (sent[0].method, sent[0].path, sent[0].query) == (
        "POST",
        "/v1/judges/execute/by-name/",
        [("name", "Returns judge 2")],
    )
    assert sent[0].json() == {"response": "Within 30 days."}
    assert by_name.evaluator_results[0].evaluator_name == "Relevance"

    sent.clear()
    client.judges.delete(judge_id)
    assert (sent[0].method, sent[0].path) == ("DELETE", f"/v1/judges/{judge_id}/")
    assert judge_id not in service.judges


def test_generate_public_is_sent_as_todays_public_and_strict_failures_are_read(stand_in: Server) -> None:
    client, _, sent, _ = stand_in
    client.judges.generate(intent="Check answers about returns", visibility="public", extra_contexts={"a": None})
    assert sent[0].json() == {**GENERATOR_DEFAULTS, "intent": "Check answers about returns", "visibility": "public",
                              "strict": False, "extra_contexts": {"a": None}}  # fmt: skip
    failed = client.judges.generate(intent="an ambiguous intent", strict=True)
    assert failed.error_code == "intent_ambiguous"
    assert failed.stages == ["a", "b"]


async def test_every_async_method_sends_what_the_contract_says(stand_in: Server) -> None:
    client, service, sent, _ = stand_in
    generated = await client.judges.agenerate(intent="Check answers about returns")
    assert sent[0].json() == {**GENERATOR_DEFAULTS, "intent": "Check answers about returns", "visibility": "private",
                              "strict": False}  # fmt: skip
    assert (await client.judges.aget(generated.judge_id)).name == "Generated judge"

    sent.clear()
    # Either generated package's models are accepted, in sync and async calls alike.
    judge = await client.judges.acreate(
        name="Async judge",
        intent="Check",
        evaluator_references=[AEvaluatorReferenceRequest(id=TRUTHFULNESS), EvaluatorReferenceRequest(id=RELEVANCE)],
        status="listed",
    )
    assert sent[0].json() == {
        "name": "Async judge",
        "intent": "Check",
        "evaluator_references": [{"id": TRUTHFULNESS}, {"id": RELEVANCE}],
        "status": "listed",
    }
    assert type(judge) is AJudge
    judge_id = str(judge.id)
    assert type(await client.judges.aget(judge_id)) is AJudge

    sent.clear()
    updated = await client.judges.aupdate(judge_id, intent="Check more")
    assert (sent[0].method, sent[0].json()) == ("PATCH", {"intent": "Check more"})
    assert updated.intent == "Check more"
    copied = await client.judges.aduplicate(judge_id)
    assert type(copied) is AJudge

    sent.clear()
    function = AEvaluatorExecutionFunctionsRequest.from_dict(FUNCTION)
    result = await client.judges.arun(judge_id, response="r", tags=["t"], functions=[function])
    assert (sent[0].path, sent[0].json()) == (
        f"/v1/judges/{judge_id}/execute/",
        {"response": "r", "tags": ["t"], "functions": [FUNCTION]},
    )
    assert len(result.evaluator_results) == 2
    by_name = await client.judges.arun_by_name("Async judge", response="r")
    assert sent[1].query == [("name", "Async judge")]
    assert len(by_name.evaluator_results) == 2
    (listed,) = [j async for j in client.judges.alist(name="Async judge")]
    assert (type(listed), listed.name, listed.files) == (AJudge, "Async judge", None)
    sent.clear()
    assert len((await listed.arun(response="r")).evaluator_results) == 2
    assert sent[0].path == f"/v1/judges/{judge_id}/execute/"

    await client.judges.adelete(judge_id)
    assert judge_id not in service.judges
    await client.aclose()


async def test_a_judge_runs_itself(stand_in: Server) -> None:
    client, _, sent, _ = stand_in
    judge = client.judges.create(name="Self runner", intent="Check", evaluator_references=[{"id": TRUTHFULNESS}])
    for read in (judge, client.judges.get(judge.id), await client.judges.aget(judge.id)):
        sent.clear()
        result = read.run(response="r", request="q")
        assert (sent[0].path, sent[0].json()) == (f"/v1/judges/{judge.id}/execute/", {"response": "r", "request": "q"})
        assert result.evaluator_results[0].evaluator_name == "Truthfulness"
        sent.clear()
        result = await read.arun(response="r", contexts=["c"])
        assert (sent[0].path, sent[0].json()) == (
            f"/v1/judges/{judge.id}/execute/",
            {"response": "r", "contexts": ["c"]},
        )
    await client.aclose()


def test_a_copied_judge_still_runs_and_a_pickled_one_leaves_the_client_behind(stand_in: Server) -> None:
    client, _, sent, _ = stand_in
    judge = client.judges.create(name="Copied", intent="Check", evaluator_references=[{"id": TRUTHFULNESS}])
    copied = copy.deepcopy(judge)
    assert copied == judge
    assert copied.run(response="r").evaluator_results
    assert sent[-1].path == f"/v1/judges/{judge.id}/execute/"

    unpickled = pickle.loads(pickle.dumps(judge))
    assert unpickled.model_dump() == judge.model_dump()
    count = len(sent)
    with pytest.raises(RootSignalsError, match=r"client\.judges\.run\(judge\.id"):
        unpickled.run(response="r")
    assert len(sent) == count


def test_listing_follows_every_page_and_gives_what_the_list_endpoint_answers(stand_in: Server) -> None:
    client, service, sent, _ = stand_in
    for i in range(7):
        service.add(f"judge {i}", f"intent {i}", [TRUTHFULNESS])
    answered = [service.list_item(j) for j in service.judges.values()]

    listed = list(client.judges.list(limit=1000))
    assert [j.name for j in listed] == [f"judge {i}" for i in range(7)]
    # A Judge that runs itself, as in the official SDK, holding exactly what the endpoint answered, field for
    # field; the fields a listing does not carry are None.
    assert {type(j) for j in listed} == {Judge}
    assert [j.model_dump(mode="json", by_alias=True, exclude_unset=True) for j in listed] == answered
    assert (listed[0].files, listed[0].objective, listed[0].stage, listed[0].version_id) == (None, None, None, None)
    assert listed[0].to_dict()["name"] == "judge 0"
    assert listed[0].to_json()
    sent.clear()
    listed[0].run(response="Returns are accepted within thirty days.")
    assert [(r.method, r.path) for r in sent] == [("POST", f"/v1/judges/{listed[0].id}/execute/")]

    sent.clear()
    assert len(list(client.judges.list(limit=3))) == 3
    assert [r.query_dict()["page_size"] for r in sent] == ["3"]

    sent.clear()
    assert [j.name for j in client.judges.list(name="judge 4")] == ["judge 4"]
    assert sent[0].query_dict()["name"] == "judge 4"


def test_listing_follows_next_links_page_after_page() -> None:
    service = JudgesStandIn()
    for i in range(5):
        service.add(f"judge {i}", "intent", [TRUTHFULNESS])

    def two_per_page(request: Sent) -> tuple[int, Any]:
        if request.path == "/v1/judges/" and request.method == "GET":
            query = dict(request.query)
            query["page_size"] = "2"  # the service may answer smaller pages than asked
            listed = [service.list_item(j) for j in service.judges.values()]
            return paged(Sent(request.method, request.path, list(query.items()), {}, b"", request.url), listed)
        return not_found()

    with contract_server(two_per_page) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        assert [j.name for j in client.judges.list()] == [f"judge {i}" for i in range(5)]
        cursors = [parse_qs(urlsplit(r.url).query).get("cursor") for r in sent]
        assert cursors == [None, ["2"], ["4"]]


def test_bad_arguments_are_refused_before_anything_is_sent(stand_in: Server) -> None:
    client, service, sent, _ = stand_in
    judges = client.judges
    judge_id = new_id()
    bad_calls = [
        ("judge_id", lambda: judges.get("")),
        ("judge_id", lambda: judges.get("not-a-uuid")),
        ("name", lambda: judges.create(name="ab", intent="Check")),
        ("intent", lambda: judges.create(name="Judge", intent="")),
        ("status", lambda: judges.create(name="Judge", intent="Check", status="everyone")),
        ("evaluator_references", lambda: judges.create(name="J12", intent="C", evaluator_references=[{"id": "x"}])),
        ("visibility", lambda: judges.generate(intent="Check answers about returns", visibility="private")),  # type: ignore[arg-type]
        ("intent", lambda: judges.generate(intent="short")),
        ("limit", lambda: judges.list(limit=-1)),
        ("limit", lambda: judges.alist(limit=-1)),
        ("name", lambda: judges.update(judge_id, name="x")),
        ("judge_id", lambda: judges.run("", response="r")),
        ("tags", lambda: judges.run(judge_id, response="r", tags=[""])),
        ("name", lambda: judges.run_by_name("", response="r")),
        ("judge_id", lambda: judges.duplicate("nope")),
        ("judge_id", lambda: judges.delete("")),
    ]
    for name, call in bad_calls:
        with pytest.raises(InvalidArgumentError, match=name):
            call()
    assert sent == []
    assert service.judges == {}


def test_missing_judges_are_not_found(stand_in: Server) -> None:
    client, _, _, _ = stand_in
    with pytest.raises(NotFoundError):
        client.judges.get(new_id())
    with pytest.raises(NotFoundError):
        client.judges.run(new_id(), response="r")
    with pytest.raises(NotFoundError):
        client.judges.run_by_name("nobody", response="r")


def _run_program(name: str, url: str) -> str:
    env = {**os.environ, "ROOTSIGNALS_API_KEY": "program-key", "ROOTSIGNALS_API_URL": url}
    env.pop("ROOTSIGNALS_LOG", None)
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / name)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_an_official_program_generates_gets_and_runs_a_judge(stand_in: Server) -> None:
    _, service, sent, url = stand_in
    out = _run_program("judges_generate_get_run.py", url)
    (judge_id,) = service.judges
    assert [(r.method, r.path) for r in sent] == [
        ("POST", "/v1/judges/generate/"),
        ("GET", f"/v1/judges/{judge_id}/"),
        ("POST", f"/v1/judges/{judge_id}/execute/"),
    ]
    assert {r.headers["Authorization"] for r in sent} == {"Api-Key program-key"}
    assert sent[0].json()["extra_contexts"] == {"domain": "Online shoe shop"}
    assert f"generated: {judge_id} None" in out
    assert "judge: Generated judge | Truthfulness, Relevance" in out
    assert "score: Truthfulness 0.75" in out
    assert "score: Relevance 0.75" in out


def test_an_official_program_creates_a_judge_from_presets_and_runs_it(stand_in: Server) -> None:
    _, service, sent, url = stand_in
    out = _run_program("judges_create_from_presets.py", url)
    (judge_id,) = service.judges
    assert [(r.method, r.path) for r in sent] == [
        ("POST", "/v1/judges/"),
        ("POST", f"/v1/judges/{judge_id}/execute/"),
        ("POST", f"/v1/judges/{judge_id}/execute/"),
    ]
    assert sent[0].json()["evaluator_references"] == [{"id": TRUTHFULNESS}, {"id": RELEVANCE}]
    assert sent[1].json()["contexts"] == [
        "Items may be returned within thirty days of delivery, with proof of purchase, for a full refund."
    ]
    assert f"created: {judge_id} Returns policy judge" in out
    assert "score: Truthfulness 0.75" in out
    assert "again: 2" in out


JUDGES_TWINS = ["generate", "create", "get", "list", "update", "duplicate", "delete", "run", "run_by_name"]


@pytest.mark.parametrize(
    ("owner", "name"), [*((Judges, n) for n in JUDGES_TWINS), (Judge, "run"), (AJudge, "run")], ids=str
)
def test_twins_have_identical_parameters_defaults_and_docs(owner: type, name: str) -> None:
    import inspect

    sync_method, async_method = getattr(owner, name), getattr(owner, "a" + name)
    sync_params = inspect.signature(sync_method).parameters
    async_params = inspect.signature(async_method).parameters
    assert list(sync_params) == list(async_params)
    for param in sync_params:
        s, a = sync_params[param], async_params[param]
        assert (s.kind, s.default) == (a.kind, a.default), param
    sync_doc, async_doc = inspect.getdoc(sync_method) or "", inspect.getdoc(async_method) or ""
    assert async_doc.startswith("Asynchronously ")
    rest = async_doc[len("Asynchronously ") :]
    assert rest[0].upper() + rest[1:] == sync_doc
    assert async_method.__name__ == "a" + name
    documented = re.findall(r"^    (\w+):", sync_doc.split("Args:")[1].split("\n\n")[0], re.MULTILINE)
    assert documented == [p for p in sync_params if p != "self"], "every parameter is documented, in order"


def test_the_guides_example_of_managing_judges_runs(stand_in: Server) -> None:
    _, service, sent, url = stand_in
    judge = service.add("Returns policy judge", "Check answers about returns", [TRUTHFULNESS, RELEVANCE])
    service.add("Another judge", "Check something else", [RELEVANCE])
    out = _run_program("judges_manage.py", url)
    assert out.splitlines() == [
        "listed: Returns policy judge ['Truthfulness', 'Relevance']",
        "listed: Another judge ['Relevance']",
        "as a dict: Returns policy judge",
        "scores: {'Truthfulness': 0.75, 'Relevance': 0.75}",
        "copy: Returns policy judge (copy) True",
        "by name: 2 evaluators",
    ]
    assert ("PATCH", f"/v1/judges/{judge['id']}/") in [(r.method, r.path) for r in sent]
    assert judge["stage"] == "Answering questions about returns"
    assert len(service.judges) == 2  # the copy was deleted


def test_the_guides_async_example_runs(stand_in: Server) -> None:
    _, service, sent, url = stand_in
    out = _run_program("judges_async.py", url)
    assert out.splitlines() == [
        "'You can return shoes within 30 days.': [0.75, 0.75]",
        "'Returns are free and refunded in full.': [0.75, 0.75]",
        "'We do not accept returns.': [0.75, 0.75]",
    ]
    assert sorted(r.json()["response"] for r in sent if r.path.endswith("/execute/")) == sorted(
        ["You can return shoes within 30 days.", "Returns are free and refunded in full.", "We do not accept returns."]
    )
    assert service.judges == {}
