"""Projects against the emulator, through the SDK, sync and async: the default project, listings over
several pages, and the scope a project gives what it owns (objectives, datasets, evaluators, judges and
execution logs): created in it, listed by it, moved out of it, and a project that holds anything is not
deleted. Every emulator response is validated against openapi.yaml (the shared emulator fixture)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import BadRequestError, NotFoundError


def test_projects_crud_sync(client: RootSignals, emulator: Emulator) -> None:
    created = client.projects.create(name="alpha", description="the first")
    assert (created.name, created.description, created.is_default) == ("alpha", "the first", False)
    assert str(uuid.UUID(created.id)) == created.id
    assert str(uuid.UUID(created.owner)) == created.owner
    got = client.projects.retrieve(created.id)
    assert got == created
    updated = client.projects.update(uuid.UUID(created.id), name="beta")
    assert (updated.name, updated.description) == ("beta", "the first")
    assert client.projects.retrieve(created.id).name == "beta"
    client.projects.delete(created.id)
    with pytest.raises(NotFoundError):
        client.projects.retrieve(created.id)
    with pytest.raises(NotFoundError):
        client.projects.delete(created.id)


def test_projects_listing_spans_several_pages(client: RootSignals, emulator: Emulator) -> None:
    names = [f"project {i}" for i in range(7)]
    for name in names:
        client.projects.create(name=name)
    emulator.configure(max_page_size=3)
    listed = [p.name for p in client.projects.list(limit=None)]
    assert sorted(listed) == names
    assert len(set(listed)) == 7
    assert len(list(client.projects.list(limit=4))) == 4
    assert emulator.requests()[-1]["path"] == "/v1/projects/"


async def test_projects_async(client: RootSignals, emulator: Emulator) -> None:
    emulator.configure(max_page_size=2)
    created = [await client.projects.acreate(name=f"p{i}") for i in range(5)]
    assert sorted([p.name async for p in client.projects.alist(limit=None)]) == [f"p{i}" for i in range(5)]
    first = created[0]
    assert (await client.projects.aretrieve(first.id)).name == "p0"
    assert (await client.projects.aupdate(first.id, description="d")).description == "d"
    await client.projects.adelete(first.id)
    with pytest.raises(NotFoundError):
        await client.projects.aretrieve(first.id)
    await client.aclose()


def test_one_default_project_at_a_time(client: RootSignals, emulator: Emulator) -> None:
    first = client.projects.create(name="first", is_default=True)
    assert first.is_default is True
    second = client.projects.create(name="second", is_default=True)
    assert second.is_default is True
    assert client.projects.retrieve(first.id).is_default is False
    client.projects.update(first.id, is_default=True)
    assert [p.name for p in client.projects.list() if p.is_default] == ["first"]
    with pytest.raises(BadRequestError, match="default"):
        client.projects.update(first.id, is_default=False)
    # Unsetting it on a project that is not the default changes nothing.
    assert client.projects.update(second.id, is_default=False).is_default is False
    with pytest.raises(BadRequestError, match="default"):
        client.projects.delete(first.id)


def test_what_a_project_owns_is_listed_by_it(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    alpha = client.projects.create(name="alpha")
    beta = client.projects.create(name="beta")
    in_alpha = client.objectives.create(intent="in alpha", project_id=alpha.id)
    client.objectives.create(intent="in beta", project_id=uuid.UUID(beta.id))
    client.objectives.create(intent="in none")
    assert [o.intent for o in client.objectives.list(project_id=alpha.id)] == ["in alpha"]
    assert [o.project_id for o in client.objectives.list(project_id=beta.id)] == [beta.id]
    assert len(list(client.objectives.list())) == 3

    csv = tmp_path / "rows.csv"
    csv.write_text("request,response\nhi,hello\n", encoding="utf-8")
    dataset = client.datasets.create(name="rows", path=csv, project_id=alpha.id)
    client.datasets.create(name="other rows", path=csv)
    assert [d.id for d in client.datasets.list(project_id=alpha.id)] == [dataset.id]

    judge = client.judges.create(name="polite", intent="Be polite", project_id=alpha.id)
    client.judges.create(name="elsewhere", intent="Be brief")
    assert [j.id for j in client.judges.list(project_id=alpha.id)] == [judge.id]

    evaluator = client.evaluators.create(
        name="mine", predicate="Is it polite: {{response}}", intent="polite", project_id=alpha.id
    )
    listed = list(client.evaluators.list(project_id=alpha.id, limit=None))
    # The project's evaluators, and the root (preset) evaluators, as the service lists them.
    roots = {e.id for e in client.evaluators.list(only_root_evaluators=True, limit=None)}
    assert roots
    assert {e.id for e in listed} == roots | {evaluator.id}
    assert [e.project_id for e in listed if e.id not in roots] == [alpha.id]
    # The objective made for the evaluator is in its project too.
    assert evaluator.objective.id in [o.id for o in client.objectives.list(project_id=alpha.id)]

    log = emulator.add_execution_log(project_id=alpha.id, executed_item_name="seeded")
    emulator.add_execution_log(executed_item_name="elsewhere")
    assert [entry.id for entry in client.execution_logs.list(project_id=alpha.id)] == [log["id"]]

    # Moving an objective out of the project.
    client.objectives.update(in_alpha.id, project_id=beta.id)
    assert sorted(o.intent for o in client.objectives.list(project_id=beta.id)) == ["in alpha", "in beta"]


async def test_what_a_project_owns_async(client: RootSignals, emulator: Emulator) -> None:
    project = await client.projects.acreate(name="alpha")
    await client.objectives.acreate(intent="mine", project_id=project.id)
    await client.objectives.acreate(intent="not mine")
    assert [o.intent async for o in client.objectives.alist(project_id=project.id)] == ["mine"]
    judge = await client.judges.acreate(name="judge j", intent="Be kind", project_id=project.id)
    assert [j.id async for j in client.judges.alist(project_id=project.id)] == [judge.id]
    await client.aclose()


def test_a_project_of_nothing_is_refused(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    nowhere = str(uuid.uuid4())
    with pytest.raises(BadRequestError, match="project_id"):
        client.objectives.create(intent="x", project_id=nowhere)
    with pytest.raises(BadRequestError, match="project_id"):
        client.judges.create(name="judge j", intent="Be kind", project_id=nowhere)
    with pytest.raises(BadRequestError, match="project_id"):
        client.evaluators.create(name="evaluator e", predicate="{{response}}", project_id=nowhere)
    csv = tmp_path / "rows.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(BadRequestError, match="project_id"):
        client.datasets.create(name="rows", path=csv, project_id=nowhere)
    objective = client.objectives.create(intent="x")
    with pytest.raises(BadRequestError, match="project_id"):
        client.objectives.update(objective.id, project_id=nowhere)
    assert list(client.datasets.list()) == []
    assert [o.id for o in client.objectives.list()] == [objective.id]


def test_new_objects_go_to_the_default_project(client: RootSignals, emulator: Emulator) -> None:
    client.objectives.create(intent="before any default")
    default = client.projects.create(name="main", is_default=True)
    client.objectives.create(intent="after")
    assert [o.intent for o in client.objectives.list(project_id=default.id)] == ["after"]


def test_a_project_that_holds_anything_is_not_deleted(client: RootSignals, emulator: Emulator) -> None:
    project = client.projects.create(name="alpha")
    objective = client.objectives.create(intent="x", project_id=project.id)
    judge = client.judges.create(name="judge j", intent="Be kind", project_id=project.id)
    with pytest.raises(BadRequestError, match="1 objectives, 1 judges"):
        client.projects.delete(project.id)
    assert client.projects.retrieve(project.id).name == "alpha"
    client.judges.delete(judge.id)
    client.objectives.delete(objective.id)
    client.projects.delete(project.id)
    with pytest.raises(NotFoundError):
        client.projects.retrieve(project.id)


def test_a_malformed_project_filter_is_refused_before_sending(client: RootSignals, emulator: Emulator) -> None:
    from root.errors import InvalidArgumentError

    with pytest.raises(InvalidArgumentError, match="project_id"):
        client.objectives.list(project_id="nope")
    with pytest.raises(InvalidArgumentError, match="project_id"):
        client.judges.create(name="judge j", intent="x", project_id="nope")
    assert emulator.requests() == []


HOSTILE_WRITES = [
    ("POST", "/v1/projects/", {"name": ""}, "name"),
    ("POST", "/v1/projects/", {"name": "x" * 513}, "name"),
    ("POST", "/v1/projects/", {"description": "no name"}, "name"),
    ("POST", "/v1/projects/", {"name": "p", "is_default": "yes"}, "is_default"),
    ("POST", "/v1/projects/", {"name": ["p"]}, "name"),
    ("POST", "/v1/objectives/", {"intent": "x", "project_id": 12}, "project_id"),
    ("POST", "/v1/objectives/", {"intent": "x", "project_id": "not-a-uuid"}, "project_id"),
    ("POST", "/v1/objectives/", {"intent": "x", "project_id": str(uuid.UUID(int=0))}, "project_id"),
    ("POST", "/v1/judges/", {"name": "judge", "intent": "x", "project_id": str(uuid.uuid4())}, "project_id"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), HOSTILE_WRITES)
def test_hostile_writes_are_refused_with_a_400_on_the_field(
    emulator: Emulator, method: str, path: str, body: object, field: str
) -> None:
    from tests.test_emulator import call

    answer = call(emulator, method, path, body)
    assert answer.status == 400, answer.body
    assert field in answer.json()


@pytest.mark.parametrize(
    "query", ["project_id=nope", "project_id=", "project_id=%00", "project_id=" + "a" * 5000, "page_size=x"]
)
def test_hostile_filters_are_refused_or_ignored_never_a_500(
    client: RootSignals, emulator: Emulator, query: str
) -> None:
    from tests.test_emulator import call

    for path in ("/v1/projects/", "/v1/objectives/", "/v1/datasets/", "/v1/evaluators/", "/v1/judges/",
                 "/v1/execution-logs/"):  # fmt: skip
        answer = call(emulator, "GET", f"{path}?{query}")
        assert answer.status in (200, 400), (path, answer.status, answer.body)


def test_hostile_project_paths_match_nothing(emulator: Emulator) -> None:
    from tests.test_emulator import call

    for project_id in ("nope", "0", "%00", "x" * 300, str(uuid.uuid4())):
        for method in ("GET", "PATCH", "DELETE"):
            answer = call(emulator, method, f"/v1/projects/{project_id}/", {} if method == "PATCH" else None)
            assert answer.status == 404, (method, project_id, answer.body)
            assert answer.json() == {"detail": "No Project matches the given query."}
