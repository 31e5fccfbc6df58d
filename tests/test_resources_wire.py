"""Objectives, datasets and execution logs against a stand-in server written from the contract (not the
emulator): every method sends what the contract says, and every listing follows every page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from root import RootSignals
from root.errors import InvalidArgumentError, NotFoundError
from tests.contract_server import CREATED_AT, OWNER, Sent, contract_server, new_id, not_found, paged

OBJECTIVE_ID = new_id()


def _objective(objective_id: str, intent: str, version: int = 1) -> dict[str, Any]:
    return {
        "id": objective_id,
        "intent": intent,
        "test_set": None,
        "validators": [],
        "created_at": CREATED_AT,
        "owner": OWNER,
        "version_id": str(uuid.UUID(int=version)),
        "test_dataset_id": None,
        "_meta": {},
    }


def _objective_item(i: int) -> dict[str, Any]:
    return {"id": str(uuid.UUID(int=i + 1)), "intent": f"intent {i}", "owner": OWNER, "created_at": CREATED_AT,
            "validators": [], "_meta": {}}  # fmt: skip


OBJECTIVES = [_objective_item(i) for i in range(7)]
VERSIONS = [_objective(OBJECTIVE_ID, f"v{i}", version=i + 1) for i in range(5)]


def _objectives_answer(request: Sent) -> tuple[int, Any]:
    path, method = request.path, request.method
    if path == "/v1/objectives/" and method == "POST":
        return 201, {"id": OBJECTIVE_ID}
    if path == "/v1/objectives/" and method == "GET":
        return paged(request, OBJECTIVES)
    if path == f"/v1/objectives/versions/{OBJECTIVE_ID}/" and method == "GET":
        return paged(request, VERSIONS)
    if path == f"/v1/objectives/{OBJECTIVE_ID}/":
        if method == "GET":
            return 200, _objective(OBJECTIVE_ID, "be polite")
        if method == "PATCH":
            return 200, _objective(OBJECTIVE_ID, request.json().get("intent", "be polite"), version=2)
        if method == "DELETE":
            return 204, None
    return not_found()


@pytest.fixture
def objectives_server() -> Iterator[tuple[RootSignals, list[Sent]]]:
    with contract_server(_objectives_answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, sent


def test_objectives_sync(objectives_server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = objectives_server
    dataset = uuid.uuid4()
    created = client.objectives.create(intent="be polite", test_dataset_id=dataset)
    assert str(created.id) == OBJECTIVE_ID
    assert created.intent == "be polite"
    create, get = sent
    assert (create.method, create.path, create.json()) == (
        "POST",
        "/v1/objectives/",
        {"intent": "be polite", "test_dataset_id": str(dataset)},
    )
    assert create.headers["Authorization"] == "Api-Key k"
    assert (get.method, get.path) == ("GET", f"/v1/objectives/{OBJECTIVE_ID}/")

    sent.clear()
    updated = client.objectives.update(OBJECTIVE_ID, intent="be kind")
    assert updated.intent == "be kind"
    assert (sent[0].method, sent[0].json()) == ("PATCH", {"intent": "be kind"})

    sent.clear()
    client.objectives.update(uuid.UUID(OBJECTIVE_ID), test_dataset_id=None)
    assert sent[0].json() == {"test_dataset_id": None}

    sent.clear()
    client.objectives.delete(OBJECTIVE_ID)
    assert (sent[0].method, sent[0].path) == ("DELETE", f"/v1/objectives/{OBJECTIVE_ID}/")


def test_objectives_listing_follows_every_page(objectives_server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = objectives_server
    listed = list(client.objectives.list(intent="polite", limit=100))
    assert [o.intent for o in listed] == [f"intent {i}" for i in range(7)]
    assert all(r.query_dict().get("intent") == "polite" for r in sent)

    sent.clear()
    versions = client.objectives.versions.list(OBJECTIVE_ID)
    assert [v.intent for v in versions.results] == [f"v{i}" for i in range(5)]
    assert versions.next is None
    assert all(r.path == f"/v1/objectives/versions/{OBJECTIVE_ID}/" for r in sent)


def test_objectives_listing_pages_are_as_small_as_the_limit(objectives_server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = objectives_server
    assert len(list(client.objectives.list(limit=3))) == 3
    assert [r.query_dict()["page_size"] for r in sent] == ["3"]


async def test_objectives_async(objectives_server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = objectives_server
    created = await client.objectives.acreate(intent="be polite")
    assert str(created.id) == OBJECTIVE_ID
    assert sent[0].json() == {"intent": "be polite"}
    assert (await client.objectives.aget(OBJECTIVE_ID)).intent == "be polite"
    assert (await client.objectives.aupdate(OBJECTIVE_ID, intent="x")).intent == "x"
    await client.objectives.adelete(OBJECTIVE_ID)
    assert [o.intent async for o in client.objectives.alist(limit=5)] == [f"intent {i}" for i in range(5)]
    versions = await client.objectives.versions.alist(OBJECTIVE_ID)
    assert len(versions.results) == 5
    assert versions.next is None
    await client.aclose()


def test_objectives_refuse_bad_arguments_before_sending(objectives_server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = objectives_server
    with pytest.raises(InvalidArgumentError, match="objective_id"):
        client.objectives.get("")
    with pytest.raises(InvalidArgumentError, match="intent"):
        client.objectives.create(intent="")
    with pytest.raises(InvalidArgumentError, match="test_dataset_id"):
        client.objectives.create(intent="x", test_dataset_id="not-a-uuid")
    with pytest.raises(InvalidArgumentError, match="limit"):
        client.objectives.list(limit=-1)
    with pytest.raises(InvalidArgumentError, match="limit"):
        client.objectives.alist(limit=-1)
    with pytest.raises(InvalidArgumentError, match="intent"):
        client.objectives.update(OBJECTIVE_ID, intent=None)  # type: ignore[arg-type]
    assert sent == []


def test_a_missing_objective_is_not_found(objectives_server: tuple[RootSignals, list[Sent]]) -> None:
    client, _ = objectives_server
    with pytest.raises(NotFoundError):
        client.objectives.get(new_id())


# -- datasets -------------------------------------------------------------------------------------------

DATASET_ID = new_id()
DATASETS = [
    {
        "id": str(uuid.UUID(int=i + 1)),
        "name": f"set {i}",
        "type": "test",
        "owner": OWNER,
        "created_at": CREATED_AT,
        "_meta": {},
    }
    for i in range(6)
]


def _datasets_answer(request: Sent) -> tuple[int, Any]:
    if request.path == "/v1/datasets/" and request.method == "POST":
        name = request.fields.get("name")
        return 201, {"id": DATASET_ID, "name": name, "type": request.fields.get("type"), "owner": OWNER}
    if request.path == "/v1/datasets/" and request.method == "GET":
        return paged(request, DATASETS)
    if request.path == f"/v1/datasets/{DATASET_ID}/":
        if request.method == "GET":
            return 200, DATASETS[0]
        if request.method == "DELETE":
            return 204, None
    return not_found()


@pytest.fixture
def datasets_server() -> Iterator[tuple[RootSignals, list[Sent]]]:
    with contract_server(_datasets_answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, sent


def test_datasets_create_uploads_the_file_as_multipart(
    datasets_server: tuple[RootSignals, list[Sent]], tmp_path: Path
) -> None:
    client, sent = datasets_server
    csv = tmp_path / "rows.csv"
    csv.write_bytes(b"request,response\nhi,hello\n")
    created = client.datasets.create(name="rows", path=str(csv), type="test")
    assert str(created.id) == DATASET_ID
    assert created.name == "rows"
    (upload,) = sent
    assert upload.method == "POST"
    assert upload.path == "/v1/datasets/"
    assert upload.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert upload.fields["name"] == "rows"
    # A 1.6 program's type is taken and not sent: today's service has no data set types.
    assert "type" not in upload.fields
    assert upload.fields["file"] == ("rows.csv", b"request,response\nhi,hello\n")


async def test_datasets_async(datasets_server: tuple[RootSignals, list[Sent]], tmp_path: Path) -> None:
    client, sent = datasets_server
    csv = tmp_path / "a.csv"
    csv.write_bytes(b"x\n1\n")
    created = await client.datasets.acreate(name="a", path=csv)
    assert created.name == "a"
    assert "type" not in sent[0].fields
    assert sent[0].fields["file"] == ("a.csv", b"x\n1\n")
    assert (await client.datasets.aget(DATASET_ID)).name == "set 0"
    assert [d.name async for d in client.datasets.alist("set", limit=100)] == [f"set {i}" for i in range(6)]
    assert sent[-1].query_dict()["search"] == "set"
    await client.datasets.adelete(DATASET_ID)
    await client.aclose()


def test_datasets_list_get_delete(datasets_server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = datasets_server
    assert [d.name for d in client.datasets.list(search_term="set")] == [f"set {i}" for i in range(6)]
    assert {r.query_dict()["search"] for r in sent} == {"set"}
    assert client.datasets.get(DATASET_ID).name == "set 0"
    client.datasets.delete(DATASET_ID)
    assert (sent[-1].method, sent[-1].path) == ("DELETE", f"/v1/datasets/{DATASET_ID}/")


def test_datasets_refuse_a_missing_file_and_send_no_type(
    datasets_server: tuple[RootSignals, list[Sent]], tmp_path: Path
) -> None:
    client, sent = datasets_server
    with pytest.raises(InvalidArgumentError, match="cannot be read"):
        client.datasets.create(name="x", path=str(tmp_path / "missing.csv"))
    assert sent == []
    csv = tmp_path / "ok.csv"
    csv.write_text("a\n1\n")
    # The service has no data set types any more: whatever a 1.6 program names is not sent.
    client.datasets.create(name="x", path=str(csv), type="no-such-type")
    assert [("type" in s.fields, s.fields["name"]) for s in sent] == [(False, "x")]


# -- execution logs -------------------------------------------------------------------------------------

LOG_ID = new_id()


def _log_item(i: int) -> dict[str, Any]:
    return {
        "cost": None,
        "created_at": CREATED_AT,
        "evaluation_context": None,
        "executed_item_id": None,
        "executed_item_name": f"evaluator {i}",
        "executed_item_version_id": None,
        "execution_type": "evaluator",
        "id": str(uuid.UUID(int=i + 1)),
        "llm_output": None,
        "owner": OWNER,
        "score": 0.5,
        "tags": ["a", "b"],
        "variables": None,
    }


LOGS = [_log_item(i) for i in range(9)]
LOG_DETAILS = {
    **_log_item(0),
    "id": LOG_ID,
    "evaluation_context": {"contexts": [], "expected_output": ""},
    "evaluator_latencies": None,
    "justification": "fine",
    "llm_output": "hello",
    "model_call_duration": 0.1,
    "model": "gpt-4o",
}


def _logs_answer(request: Sent) -> tuple[int, Any]:
    if request.path == "/v1/execution-logs/" and request.method == "GET":
        return paged(request, LOGS)
    if request.path == f"/v1/execution-logs/{LOG_ID}/" and request.method == "GET":
        return 200, LOG_DETAILS
    return not_found()


@pytest.fixture
def logs_server() -> Iterator[tuple[RootSignals, list[Sent]]]:
    with contract_server(_logs_answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, sent


def test_execution_logs_list_sends_the_filters_on_every_page(logs_server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = logs_server
    logs = list(client.execution_logs.list(limit=9, search_term="polite", tags=["a", "b"], include=["x"]))
    assert len(logs) == 9
    for request in sent:
        query = request.query_dict()
        assert (query["search"], query["tags"], query["include"]) == ("polite", "a,b", "x")


def test_execution_logs_get_by_id_or_by_result(logs_server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = logs_server

    class Result:
        execution_log_id = LOG_ID

    assert str(client.execution_logs.get(log_id=LOG_ID).id) == LOG_ID
    assert client.execution_logs.get(execution_result=Result()).justification == "fine"
    assert [r.path for r in sent] == [f"/v1/execution-logs/{LOG_ID}/"] * 2
    with pytest.raises(InvalidArgumentError, match="log_id or execution_result"):
        client.execution_logs.get()
    with pytest.raises(ValueError, match="log_id or execution_result"):
        client.execution_logs.get()


async def test_execution_logs_get_given_both_fetches_the_results_log(
    logs_server: tuple[RootSignals, list[Sent]],
) -> None:
    client, sent = logs_server
    other = str(uuid.UUID(int=7))

    class Result:
        execution_log_id = LOG_ID

    client.execution_logs.get(log_id=other, execution_result=Result())
    await client.execution_logs.aget(log_id=other, execution_result=Result())
    await client.aclose()
    assert [r.path for r in sent] == [f"/v1/execution-logs/{LOG_ID}/"] * 2


async def test_execution_logs_async(logs_server: tuple[RootSignals, list[Sent]]) -> None:
    client, _ = logs_server
    assert len([log async for log in client.execution_logs.alist(limit=4)]) == 4
    assert (await client.execution_logs.aget(log_id=uuid.UUID(LOG_ID))).model == "gpt-4o"
    with pytest.raises(InvalidArgumentError, match="tags"):
        client.execution_logs.alist(tags="a")  # type: ignore[arg-type]
    await client.aclose()
