"""Projects, and the ``project_id`` the other sub-APIs take, against a stand-in server written from the
contract (not the emulator): every method sends what the contract says, every listing follows every page."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from root import RootSignals
from root.errors import InvalidArgumentError, NotFoundError
from tests.contract_server import CREATED_AT, OWNER, Sent, contract_server, new_id, not_found, paged

PROJECT_ID = new_id()
OWNER_ID = new_id()


def _project(project_id: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"id": project_id, "name": name, "description": "", "is_default": False, "created_at": CREATED_AT,
            "owner": OWNER_ID, **fields}  # fmt: skip


PROJECTS = [_project(str(uuid.UUID(int=i + 1)), f"project {i}") for i in range(7)]


def _answer(request: Sent) -> tuple[int, Any]:
    path, method = request.path, request.method
    if path == "/v1/projects/" and method == "POST":
        return 201, _project(PROJECT_ID, **request.json())
    if path == "/v1/projects/" and method == "GET":
        # Pages of at most 3, whatever was asked, so that every listing spans several pages.
        size = min(int(request.query_dict().get("page_size", "3")), 3)
        query = [(k, v) for k, v in request.query if k != "page_size"] + [("page_size", str(size))]
        return paged(dataclasses.replace(request, query=query), PROJECTS)
    if path == f"/v1/projects/{PROJECT_ID}/":
        if method == "GET":
            return 200, _project(PROJECT_ID, "alpha")
        if method == "PATCH":
            return 200, _project(PROJECT_ID, **{"name": "alpha", **request.json()})
        if method == "DELETE":
            return 204, None
    if path == "/v1/datasets/" and method == "POST":
        return 201, {"id": new_id(), "owner": OWNER, "project_id": request.fields.get("project_id")}
    if method == "GET" and path in ("/v1/datasets/", "/v1/objectives/", "/v1/judges/", "/v1/evaluators/",
                                    "/v1/execution-logs/"):  # fmt: skip
        return 200, {"next": None, "previous": None, "results": []}
    return not_found()


@pytest.fixture
def server() -> Iterator[tuple[RootSignals, list[Sent]]]:
    with contract_server(_answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, sent


def test_projects_sync(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    created = client.projects.create(name="alpha", description="first", is_default=True)
    assert (created.id, created.name, created.is_default) == (PROJECT_ID, "alpha", True)
    (create,) = sent
    assert (create.method, create.path) == ("POST", "/v1/projects/")
    assert create.json() == {"name": "alpha", "description": "first", "is_default": True}
    assert create.headers["Authorization"] == "Api-Key k"

    sent.clear()
    client.projects.create(name="beta")
    assert sent[0].json() == {"name": "beta", "description": ""}

    sent.clear()
    got = client.projects.retrieve(uuid.UUID(PROJECT_ID))
    assert (got.id, got.name) == (PROJECT_ID, "alpha")
    assert (sent[0].method, sent[0].path) == ("GET", f"/v1/projects/{PROJECT_ID}/")

    sent.clear()
    updated = client.projects.update(PROJECT_ID, description="renamed")
    assert updated.description == "renamed"
    assert (sent[0].method, sent[0].path, sent[0].json()) == (
        "PATCH",
        f"/v1/projects/{PROJECT_ID}/",
        {"description": "renamed"},
    )

    sent.clear()
    client.projects.update(PROJECT_ID, is_default=True)
    assert sent[0].json() == {"is_default": True}

    sent.clear()
    assert client.projects.delete(PROJECT_ID) is None
    assert (sent[0].method, sent[0].path) == ("DELETE", f"/v1/projects/{PROJECT_ID}/")


def test_projects_listing_follows_every_page(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    assert [p.name for p in client.projects.list(limit=None)] == [f"project {i}" for i in range(7)]
    assert [r.path for r in sent] == ["/v1/projects/"] * 3
    assert [r.query_dict().get("cursor") for r in sent] == [None, "3", "6"]
    sent.clear()
    assert len(list(client.projects.list(limit=3))) == 3
    assert [r.query_dict()["page_size"] for r in sent] == ["3"]


async def test_projects_async(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    created = await client.projects.acreate(name="alpha")
    assert created.id == PROJECT_ID
    assert sent[0].json() == {"name": "alpha", "description": ""}
    assert (await client.projects.aretrieve(PROJECT_ID)).name == "alpha"
    assert (await client.projects.aupdate(PROJECT_ID, name="x")).name == "x"
    assert sent[-1].json() == {"name": "x"}
    await client.projects.adelete(PROJECT_ID)
    assert sent[-1].method == "DELETE"
    assert [p.name async for p in client.projects.alist(limit=None)] == [f"project {i}" for i in range(7)]
    await client.aclose()


def test_projects_refuse_bad_arguments_before_sending(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    with pytest.raises(InvalidArgumentError, match="project_id"):
        client.projects.retrieve("not-a-uuid")
    with pytest.raises(InvalidArgumentError, match="name"):
        client.projects.create(name="")
    with pytest.raises(InvalidArgumentError, match="name"):
        client.projects.create(name="x" * 513)
    with pytest.raises(InvalidArgumentError, match="name"):
        client.projects.update(PROJECT_ID, name=None)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="limit"):
        client.projects.list(limit=-1)
    with pytest.raises(InvalidArgumentError, match="limit"):
        client.projects.alist(limit=-1)
    with pytest.raises(InvalidArgumentError, match="project_id"):
        client.projects.delete(12)  # type: ignore[arg-type]
    assert sent == []


def test_a_missing_project_is_not_found(server: tuple[RootSignals, list[Sent]]) -> None:
    client, _ = server
    with pytest.raises(NotFoundError):
        client.projects.retrieve(new_id())


def test_the_other_sub_apis_send_project_id(server: tuple[RootSignals, list[Sent]], tmp_path: Any) -> None:
    client, sent = server
    project = uuid.UUID(PROJECT_ID)
    list(client.objectives.list(project_id=project))
    list(client.datasets.list(project_id=PROJECT_ID))
    list(client.judges.list(project_id=PROJECT_ID))
    list(client.evaluators.list(project_id=PROJECT_ID))
    list(client.execution_logs.list(project_id=PROJECT_ID))
    assert [(r.path, r.query_dict().get("project_id")) for r in sent] == [
        (path, PROJECT_ID)
        for path in ("/v1/objectives/", "/v1/datasets/", "/v1/judges/", "/v1/evaluators/", "/v1/execution-logs/")
    ]
    # Left out, nothing is sent: a 1.6 program's requests are unchanged.
    sent.clear()
    list(client.objectives.list())
    assert "project_id" not in sent[0].query_dict()

    sent.clear()
    csv = tmp_path / "rows.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    created = client.datasets.create(name="rows", path=csv, project_id=project)
    assert created.project_id == PROJECT_ID
    assert sent[0].fields["project_id"] == PROJECT_ID


async def test_the_other_sub_apis_send_project_id_async(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    assert [o async for o in client.objectives.alist(project_id=PROJECT_ID)] == []
    assert [j async for j in client.judges.alist(project_id=PROJECT_ID)] == []
    assert [e async for e in client.evaluators.alist(project_id=PROJECT_ID)] == []
    assert [log async for log in client.execution_logs.alist(project_id=PROJECT_ID)] == []
    assert [d async for d in client.datasets.alist(project_id=PROJECT_ID)] == []
    assert {r.query_dict().get("project_id") for r in sent} == {PROJECT_ID}
    await client.aclose()


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.objectives.create(intent="x", project_id="nope"),
        lambda c: c.objectives.update(PROJECT_ID, project_id="nope"),
        lambda c: c.judges.create(name="judge", intent="x", project_id=b"x"),
        lambda c: c.judges.update(PROJECT_ID, project_id="nope"),
        lambda c: c.judges.run(PROJECT_ID, response="r", project_id="nope"),
        lambda c: c.evaluators.run(PROJECT_ID, response="r", project_id="nope"),
        lambda c: c.evaluators.create(name="e", predicate="{{response}}", project_id="nope"),
        lambda c: c.datasets.create(name="rows", path=__file__, project_id="nope"),
        lambda c: list(c.execution_logs.list(project_id="nope")),
    ],
)
def test_a_malformed_project_id_is_refused_before_sending(server: tuple[RootSignals, list[Sent]], call: Any) -> None:
    client, sent = server
    with pytest.raises(InvalidArgumentError, match="project_id"):
        call(client)
    assert sent == []
