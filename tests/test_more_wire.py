"""The operations of issue 21's "more" group against a stand-in written from the contract (not the
emulator): evaluators' YAML export and import, execution-log tags, session and user ids, model
verification, judge claims and synthetic data. Every request the SDK sends, and every answer the
stand-in gives, is checked against openapi.yaml as well."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from root import RootSignals
from root.errors import APIResponseValidationError, InvalidArgumentError, NotFoundError
from root.skills import AEvaluator, Evaluator
from tests.contract_server import (
    CREATED_AT,
    OWNER,
    Sent,
    Text,
    contract_server,
    contract_violations,
    evaluator,
    new_id,
    not_found,
)

EVALUATOR_ID = new_id()
JUDGE_ID = new_id()
YAML = "name: Politeness\nscoring_criteria: Is {{response}} polite?\nintent: politeness\n"
SESSIONS = ["chat-1", "chat-2", "support-9"]
USERS = ["alice", "bob"]
SECRET = "sk-test-not-to-be-seen-1234"


def _judge(judge_id: str) -> dict[str, Any]:
    return {"_meta": {}, "created_at": CREATED_AT, "evaluators": [], "files": [], "id": judge_id,
            "name": "claimed", "inputs": {}, "intent": "be kind", "version_id": new_id()}  # fmt: skip


class StandIn:
    """Answers this group's operations as the contract describes them."""

    def __init__(self) -> None:
        self.export_media_type = "text/plain"

    def answer(self, request: Sent) -> tuple[int, Any]:
        path, method = request.path, request.method
        if path == f"/v1/evaluators/export/{EVALUATOR_ID}/" and method == "GET":
            return 200, Text(YAML, self.export_media_type)
        if path.startswith("/v1/evaluators/export/"):
            return not_found()
        if path == "/v1/evaluators/import-yaml/" and method == "POST":
            # openapi-core reads a null beside `allOf` strictly: this body leaves such fields out or fills them.
            body = {k: v for k, v in evaluator(EVALUATOR_ID, "Politeness").items() if k != "objective"}
            return 201, body | {"updated_by": OWNER}
        if path == "/v1/execution-logs/set-tags/" and method == "POST":
            return 204, None
        for name, values in (("session-ids", SESSIONS), ("user-ids", USERS)):
            if path == f"/v1/execution-logs/{name}/" and method == "GET":
                prefix = request.query_dict().get("starts_with", "")
                return 200, [v for v in values if v.startswith(prefix)]
        if path == "/v1/models/verify/" and method == "POST":
            model = request.json()["model"]
            return 200, {"success": True, "response": "pong", "error": None, "model": model, "usage": {"total": 3}}
        if path == "/v1/judges/claim/" and method == "POST":
            return 200, _judge(JUDGE_ID)
        if path == f"/v1/judges/{JUDGE_ID}/synthetic-data/" and method == "GET":
            sample = {"quality": "high", "request": "Hi?", "response": "Hello!"}
            return 200, {"status": "ready", "name": "set", "description": None, "samples": [sample]}
        return not_found()


Server = tuple[RootSignals, StandIn, list[Sent]]


@pytest.fixture
def stand_in() -> Iterator[Server]:
    service = StandIn()
    violations: list[str] = []

    def answer(request: Sent) -> tuple[int, Any]:
        answered = service.answer(request)
        violations.extend(contract_violations(request, answered))
        return answered

    with contract_server(answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, service, sent
    assert not violations, "\n".join(violations)


def test_every_sync_method_sends_what_the_contract_says(stand_in: Server) -> None:
    client, _, sent = stand_in
    assert client.evaluators.export_yaml(uuid.UUID(EVALUATOR_ID)) == YAML
    assert (sent[-1].method, sent[-1].path) == ("GET", f"/v1/evaluators/export/{EVALUATOR_ID}/")

    imported = client.evaluators.import_yaml(YAML, overwrite=True)
    assert isinstance(imported, Evaluator)
    assert imported.id == EVALUATOR_ID
    assert (sent[-1].method, sent[-1].path, sent[-1].json()) == (
        "POST",
        "/v1/evaluators/import-yaml/",
        {"yaml": YAML, "overwrite": True},
    )
    project = uuid.uuid4()
    client.evaluators.import_yaml(YAML, project_id=project)
    assert sent[-1].json() == {"yaml": YAML, "overwrite": False, "project_id": str(project)}

    logs = [new_id(), uuid.uuid4()]
    assert client.execution_logs.set_tags(log_ids=logs, tags=["reviewed", "gold"]) is None
    assert (sent[-1].method, sent[-1].path, sent[-1].json()) == (
        "POST",
        "/v1/execution-logs/set-tags/",
        {"log_ids": [str(i) for i in logs], "tags": ["reviewed", "gold"]},
    )
    client.execution_logs.set_tags(log_ids=logs[:1], tags=[])
    assert sent[-1].json() == {"log_ids": [str(logs[0])], "tags": []}

    assert client.execution_logs.session_ids() == SESSIONS
    assert (sent[-1].path, sent[-1].query) == ("/v1/execution-logs/session-ids/", [])
    assert client.execution_logs.session_ids(starts_with="chat") == ["chat-1", "chat-2"]
    assert sent[-1].query == [("starts_with", "chat")]
    assert client.execution_logs.user_ids(starts_with="a") == ["alice"]
    assert (sent[-1].path, sent[-1].query) == ("/v1/execution-logs/user-ids/", [("starts_with", "a")])

    verified = client.models.verify(model="gpt-4o", api_key=SECRET, max_output_token_count=800)
    assert (verified.success, verified.response, verified.model) == (True, "pong", "gpt-4o")
    assert (sent[-1].path, sent[-1].json()) == (
        "/v1/models/verify/",
        {"model": "gpt-4o", "api_key": SECRET, "max_output_token_count": 800},
    )
    client.models.verify(model="local", url="http://localhost:8000/v1")
    assert sent[-1].json() == {"model": "local", "url": "http://localhost:8000/v1"}

    token = uuid.uuid4()
    claimed = client.judges.claim(token)
    assert claimed.id == JUDGE_ID
    assert (sent[-1].path, sent[-1].json()) == ("/v1/judges/claim/", {"claim_token": str(token)})
    client.judges.claim(str(token), project_id=project)
    assert sent[-1].json() == {"claim_token": str(token), "project_id": str(project)}

    data = client.judges.synthetic_data(JUDGE_ID)
    assert data.status == "ready"
    assert [(s.quality, s.request, s.response) for s in data.samples or []] == [("high", "Hi?", "Hello!")]
    assert (sent[-1].method, sent[-1].path) == ("GET", f"/v1/judges/{JUDGE_ID}/synthetic-data/")
    assert all(r.headers["Authorization"] == "Api-Key k" for r in sent)


async def test_every_async_method_sends_what_the_contract_says(stand_in: Server) -> None:
    client, _, sent = stand_in
    assert await client.evaluators.aexport_yaml(EVALUATOR_ID) == YAML
    imported = await client.evaluators.aimport_yaml(YAML)
    assert isinstance(imported, AEvaluator)
    assert imported.id == EVALUATOR_ID
    assert sent[-1].json() == {"yaml": YAML, "overwrite": False}
    log = new_id()
    assert await client.execution_logs.aset_tags(log_ids=[log], tags=["a"]) is None
    assert sent[-1].json() == {"log_ids": [log], "tags": ["a"]}
    assert await client.execution_logs.asession_ids(starts_with="support") == ["support-9"]
    assert await client.execution_logs.auser_ids() == USERS
    assert (await client.models.averify(model="gpt-4o")).success is True
    assert sent[-1].json() == {"model": "gpt-4o"}
    assert (await client.judges.aclaim(uuid.uuid4())).id == JUDGE_ID
    assert (await client.judges.asynthetic_data(uuid.UUID(JUDGE_ID))).status == "ready"


def test_an_export_labelled_as_yaml_is_read_as_text_and_a_web_page_is_not() -> None:
    # Off the contract on purpose (it says text/plain): the service may label the document as YAML.
    service = StandIn()
    with contract_server(service.answer) as (url, _), RootSignals(api_key="k", base_url=url) as client:
        service.export_media_type = "application/x-yaml"
        assert client.evaluators.export_yaml(EVALUATOR_ID) == YAML
        service.export_media_type = "text/html"
        with pytest.raises(APIResponseValidationError):
            client.evaluators.export_yaml(EVALUATOR_ID)


@pytest.mark.parametrize(
    ("call", "names"),
    [
        (lambda c: c.execution_logs.set_tags(log_ids=[], tags=[]), "log_ids"),
        (lambda c: c.execution_logs.set_tags(log_ids=[new_id()] * 501, tags=[]), "log_ids"),
        (lambda c: c.execution_logs.set_tags(log_ids=["not-a-uuid"], tags=[]), "log_ids"),
        (lambda c: c.execution_logs.set_tags(log_ids=[new_id()], tags=[str(i) for i in range(16)]), "tags"),
        (lambda c: c.execution_logs.session_ids(starts_with=3), "starts_with"),
        (lambda c: c.evaluators.import_yaml(""), "yaml"),
        (lambda c: c.evaluators.import_yaml(YAML, project_id="nope"), "project_id"),
        (lambda c: c.evaluators.export_yaml(""), "evaluator_id"),
        (lambda c: c.models.verify(model=""), "model"),
        (lambda c: c.models.verify(model="m", max_output_token_count=799), "max_output_token_count"),
        (lambda c: c.models.verify(model="m", api_key=""), "api_key"),
        (lambda c: c.judges.claim("token"), "claim_token"),
        (lambda c: c.judges.synthetic_data(""), "judge_id"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(stand_in: Server, call: Any, names: str) -> None:
    client, _, sent = stand_in
    with pytest.raises(InvalidArgumentError, match=names):
        call(client)
    assert sent == []


def test_the_api_key_being_verified_is_in_no_error_or_repr(stand_in: Server) -> None:
    client, _, _ = stand_in
    with pytest.raises(InvalidArgumentError) as caught:
        client.models.verify(model="m", api_key=SECRET, max_output_token_count=1)
    assert SECRET not in str(caught.value) + repr(caught.value)
    result = client.models.verify(model="m", api_key=SECRET)
    assert SECRET not in repr(result) + str(result)


def test_missing_objects_are_not_found(stand_in: Server) -> None:
    client, _, _ = stand_in
    with pytest.raises(NotFoundError):
        client.evaluators.export_yaml(new_id())
    with pytest.raises(NotFoundError):
        client.judges.synthetic_data(new_id())
