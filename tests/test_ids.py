"""Ids: strings in every generated model (as in the official SDK), our own output fed back in, one check of
every id before sending (a test over the machinery, every public method, sync and async), one error for a
wrong name, and ``list(limit=None)`` meaning every item."""

from __future__ import annotations

import asyncio
import inspect
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from root import RootSignals
from root.emulator import Emulator
from root.errors import InvalidArgumentError, NameNotFoundError, NotFoundError
from root.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest
from root.skills import CalibrateBatchParameters, EvaluatorNotFoundError, Evaluators, ReferenceVariable

from .conftest import API_KEY
from .servers import serve
from .test_cli import run as run_cli

REPO = Path(__file__).resolve().parent.parent
GENERATED = REPO / "root" / "generated"
VALID = "00000000-0000-4000-8000-000000000000"


# -- ids are strings -------------------------------------------------------------------------------------


def test_no_generated_model_or_parameter_is_typed_uuid() -> None:
    # The generator reads the spec without `format: uuid`; the index keeps what it said.
    for package in ("openapi_client", "openapi_aclient"):
        for path in (GENERATED / package / "models").glob("*.py"):
            assert "from uuid import UUID" not in path.read_text(encoding="utf-8"), path
        for path in (GENERATED / package / "api").glob("*.py"):
            assert "from uuid import UUID" not in path.read_text(encoding="utf-8"), path
    index = json.loads((GENERATED / "uuid_fields.json").read_text(encoding="utf-8"))
    assert index["schemas"]["EvaluatorReferenceRequest"] == ["id", "version_id"]
    assert index["parameters"]["evaluators_execute_create"] == ["id"]
    assert "format: uuid" in (GENERATED / "openapi.yaml").read_text(encoding="utf-8")


def test_ids_are_strings_and_feed_back_in(client: RootSignals, tmp_path: Path) -> None:
    judge = client.judges.create(
        name="Support",
        intent="Check support answers",
        evaluator_references=[
            EvaluatorReferenceRequest(id=Evaluators.Eval.Helpfulness.value),
            EvaluatorReferenceRequest(id=Evaluators.Eval.Truthfulness.value),
        ],
    )
    assert isinstance(judge.id, str)
    assert {e.id for e in judge.evaluators} == {Evaluators.Eval.Helpfulness.value, Evaluators.Eval.Truthfulness.value}

    csv = tmp_path / "rows.csv"
    csv.write_text("0.5,Fine.\n", encoding="utf-8")
    ds = client.datasets.create(name="rows", path=csv, type="test")
    assert isinstance(ds.id, str)
    variable = ReferenceVariable(name="policy", dataset_id=ds.id)
    assert variable.dataset_id == ds.id

    objective = client.objectives.create(intent="Brief answers")
    assert isinstance(objective.id, str)
    ev = client.evaluators.create(name="Brevity", predicate="Is {{response}} brief?", objective_id=objective.id)
    assert isinstance(ev.id, str)
    assert isinstance(ev.version_id, str)
    assert client.evaluators.get(ev.id).objective.id == objective.id  # type: ignore[union-attr]
    (v,) = client.evaluators.versions.list(ev.id).results
    result = client.evaluators.run(ev.id, response="Yes.", evaluator_version_id=v.version_id)
    rows = client.evaluators.calibrate_existing(ev.id, test_dataset_id=ds.id)
    assert [r.result.expected_score for r in rows] == [0.5]
    log = client.execution_logs.get(execution_result=result)
    assert (log.id, log.executed_item_id, log.executed_item_version_id) == (
        result.execution_log_id,
        ev.id,
        v.version_id,
    )
    # A uuid.UUID is taken wherever an id is.
    assert client.evaluators.get(uuid.UUID(ev.id)).id == ev.id
    assert client.datasets.get(uuid.UUID(ds.id)).id == ds.id


def test_ids_feed_back_in_async(client: RootSignals) -> None:
    async def main() -> None:
        objective = await client.objectives.acreate(intent="Brief answers")
        ev = await client.evaluators.acreate(
            name="Brevity", predicate="Is {{response}} brief?", objective_id=objective.id
        )
        result = await client.evaluators.arun(ev.id, response="Yes.", evaluator_version_id=ev.version_id)
        log = await client.execution_logs.aget(log_id=result.execution_log_id)
        assert (log.executed_item_id, log.executed_item_version_id) == (ev.id, ev.version_id)

    asyncio.run(main())


# -- one id check, before anything is sent ---------------------------------------------------------------


class Recorder:
    """A local server that records every request and answers 404: a test asserts it saw nothing."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def app(self) -> web.Application:
        async def record(request: web.Request) -> web.Response:
            self.seen.append(f"{request.method} {request.path_qs}")
            return web.json_response({"detail": "Not found."}, status=404)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", record)
        return app


@pytest.fixture
def recorder() -> Iterator[tuple[RootSignals, Recorder]]:
    recorder = Recorder()
    with serve(recorder.app()) as url, RootSignals(api_key=API_KEY, base_url=url, max_retries=0) as client:
        yield client, recorder


SUB_APIS = ("models", "objectives", "evaluators", "judges", "datasets", "execution_logs", "calibration_runs")

FILLERS: dict[str, Any] = {
    "name": "x",
    "intent": "An intent long enough",
    "predicate": "Is {{response}} fine?",
    "prompt": "Is {{response}} fine?",
    "model": "gpt-4o",
    "response": "r",
    "yaml": "name: x",
    "claim_token": VALID,
    "tags": [],
    "evaluator_definitions": [CalibrateBatchParameters(name="x", prompt="Is {{response}} fine?", model="gpt-4o")],
    "items": [{"response": "r"}],
    "comparison_groups": [VALID],
}
"""Values for the other parameters a call needs to reach its id (the id is checked whatever they are)."""


NOT_UUIDS = {"user_id", "session_id"}
"""Parameters named like ids that are the caller's own free text (a run's user and session), not UUIDs."""


def _id_methods(client: RootSignals) -> Iterator[tuple[str, Any, str]]:
    """Every public method (sync and async) of every sub-API, and of its ``versions``, that takes an id."""
    for sub in SUB_APIS:
        owners = [(sub, getattr(client, sub))]
        versions = getattr(owners[0][1], "versions", None)
        if versions is not None:
            owners.append((f"{sub}.versions", versions))
        for label, owner in owners:
            for name in dir(owner):
                method = getattr(owner, name)
                if name.startswith("_") or not callable(method) or inspect.isclass(method):
                    continue
                for parameter in inspect.signature(method).parameters:
                    if parameter in NOT_UUIDS:
                        continue
                    if parameter.endswith(("_id", "_ids")):
                        yield f"{label}.{name}", method, parameter


def _call(method: Any, parameter: str, value: object) -> None:
    signature = inspect.signature(method)
    arguments: dict[str, Any] = {parameter: value}
    for name, p in signature.parameters.items():
        if name == parameter or name.startswith("_") or p.kind is p.VAR_KEYWORD:
            continue
        if name.endswith("_id") and p.default is p.empty:
            arguments[name] = VALID
        elif name in FILLERS and (p.default is p.empty or name == "response"):
            arguments[name] = FILLERS[name]
    if "test_data" in signature.parameters and parameter != "test_dataset_id":
        arguments["test_data"] = [["1", "r"]]
    if "test_dataset_id" in signature.parameters and parameter != "test_dataset_id":
        arguments.pop("test_dataset_id", None)
    result = method(**arguments)
    if inspect.isawaitable(result):
        asyncio.run(_awaited(result))


async def _awaited(result: Any) -> Any:
    return await result


def test_the_id_methods_are_all_found(recorder: tuple[RootSignals, Recorder]) -> None:
    client, _ = recorder
    found = {(label, parameter) for label, _, parameter in _id_methods(client)}
    for expected in [
        ("models.get", "model_id"),
        ("evaluators.arun", "evaluator_id"),
        ("evaluators.run_by_name", "evaluator_version_id"),
        ("evaluators.acalibrate_batch", "test_dataset_id"),
        ("evaluators.versions.alist", "evaluator_id"),
        ("objectives.versions.list", "objective_id"),
        ("judges.aduplicate", "judge_id"),
        ("datasets.adelete", "dataset_id"),
        ("execution_logs.get", "log_id"),
    ]:
        assert expected in found
    assert len(found) >= 60


@pytest.mark.parametrize(
    "bad", [VALID.encode(), "not-an-id", VALID[:-1], "{" + VALID + "}", VALID.replace("-", ""), 7, ""]
)
def test_every_id_parameter_is_checked_before_sending(recorder: tuple[RootSignals, Recorder], bad: object) -> None:
    client, server = recorder
    for label, method, parameter in _id_methods(client):
        with pytest.raises(InvalidArgumentError) as caught:
            _call(method, parameter, bad)
        assert parameter in str(caught.value), (label, parameter, str(caught.value))
        assert isinstance(caught.value, ValueError)
    assert server.seen == []


def test_ids_inside_request_bodies_are_checked(recorder: tuple[RootSignals, Recorder]) -> None:
    client, server = recorder
    with pytest.raises(InvalidArgumentError, match=r"^evaluator_references\[1\]\.id must be a UUID"):
        client.judges.create(
            name="j", intent="An intent long enough", evaluator_references=[{"id": VALID}, {"id": b"x"}]
        )
    with pytest.raises(InvalidArgumentError, match=r"^evaluator_references\[0\]\.version_id must be a UUID"):
        asyncio.run(
            client.judges.acreate(
                name="j", intent="An intent long enough", evaluator_references=[{"id": VALID, "version_id": "v1"}]
            )
        )
    with pytest.raises(InvalidArgumentError, match=r"reference_variables\[0\]\.dataset must be a UUID"):
        client.evaluators.create(
            name="x",
            predicate="Is {{response}} fine?",
            reference_variables=[ReferenceVariable(name="p", dataset_id="d")],
        )
    assert server.seen == []


def test_a_valid_id_is_sent_as_given_or_as_text(recorder: tuple[RootSignals, Recorder]) -> None:
    client, server = recorder
    upper = VALID.upper()
    for given in (upper, uuid.UUID(VALID)):
        with pytest.raises(NotFoundError):
            client.datasets.get(given)
        with pytest.raises(NotFoundError):
            asyncio.run(client.evaluators.arun(given, response="r"))
    assert server.seen == [
        f"GET /v1/datasets/{upper}/",
        f"POST /v1/evaluators/execute/{upper}/",
        f"GET /v1/datasets/{VALID}/",
        f"POST /v1/evaluators/execute/{VALID}/",
    ]


# -- one wrong-name error --------------------------------------------------------------------------------


def test_a_wrong_name_is_one_error_everywhere(client: RootSignals) -> None:
    assert EvaluatorNotFoundError is NameNotFoundError
    assert issubclass(NameNotFoundError, NotFoundError)
    assert issubclass(NameNotFoundError, ValueError)
    calls = [
        ("evaluator", lambda: client.evaluators.get_by_name("nobody")),
        ("evaluator", lambda: client.evaluators.run_by_name("nobody", response="r")),
        ("judge", lambda: client.judges.run_by_name("nobody", response="r")),
        ("evaluator", lambda: asyncio.run(client.evaluators.aget_by_name("nobody"))),
        ("evaluator", lambda: asyncio.run(client.evaluators.arun_by_name("nobody", response="r"))),
        ("judge", lambda: asyncio.run(client.judges.arun_by_name("nobody", response="r"))),
    ]
    for what, call in calls:
        with pytest.raises(NameNotFoundError) as caught:
            call()
        # The one class (not a sibling): its instances are of NameNotFoundError made catchable as the
        # generated NotFoundException too (root.errors), which keeps its name.
        assert type(caught.value).__name__ == "NameNotFoundError"
        assert type(caught.value).__mro__[1] is NameNotFoundError
        assert str(caught.value) == f"No {what} found with name 'nobody'"
        assert caught.value.status_code == 404


def test_a_wrong_name_on_the_command_line(emulator: Emulator, tmp_path: Path) -> None:
    for args, what in [
        (["judges", "run", "--name", "nobody", "--response", "r"], "judge"),
        (["evaluators", "run", "--name", "nobody"], "evaluator"),
    ]:
        done = run_cli(args, base_url=emulator.url, cwd=tmp_path, stdin="r", api_key=API_KEY)
        assert done.returncode == 1, done.stderr
        assert f"NameNotFoundError: No {what} found with name 'nobody'" in done.stderr


# -- list(limit=None) ------------------------------------------------------------------------------------


def _listings(client: RootSignals) -> Iterator[tuple[str, Any]]:
    for sub in SUB_APIS:
        api = getattr(client, sub)
        yield f"{sub}.list", api.list
        yield f"{sub}.alist", api.alist


def test_limit_none_lists_every_item(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    emulator.configure(max_page_size=2)
    count = 5
    csv = tmp_path / "rows.csv"
    csv.write_text("0.5,Fine.\n", encoding="utf-8")
    for i in range(count):
        client.models.create(name=f"model {i}")
        client.objectives.create(intent=f"intent number {i}")
        ev = client.evaluators.create(name=f"ev {i}", predicate="Is {{response}} fine?")
        client.evaluators.run(ev.id, response="r")
        client.judges.create(name=f"judge {i}", intent="Check answers well", evaluator_references=[{"id": ev.id}])
        dataset = client.datasets.create(name=f"ds {i}", path=csv)
        client.calibration_runs.create(evaluator_id=ev.id, dataset_id=dataset.id)

    async def collect(listing: Any) -> list[Any]:
        return [item async for item in listing]

    for label, method in _listings(client):
        asynchronous = label.endswith("alist")

        def items(limit: int | None, method: Any = method, asynchronous: bool = asynchronous) -> list[Any]:
            listing = method(limit=limit)
            return asyncio.run(collect(listing)) if asynchronous else list(listing)

        everything = [item.id for item in items(None)]
        assert all(isinstance(i, str) for i in everything), label
        assert len(everything) == len(set(everything)), label
        # Every item, over several pages (the emulator gives 2 per page here), as a limit beyond them all.
        assert len(everything) >= count, (label, len(everything))
        assert everything == [item.id for item in items(10_000)], label
        assert [item.id for item in items(count - 2)] == everything[: count - 2], label


def test_limit_none_goes_beyond_the_default_limit(client: RootSignals, emulator: Emulator) -> None:
    emulator.configure(max_page_size=40)
    for i in range(101):
        emulator.add_execution_log(executed_item_name=f"run {i}", execution_type="evaluator", score=0.5)
    assert len(list(client.execution_logs.list())) == 100  # the default limit

    async def collect() -> list[Any]:
        return [log async for log in client.execution_logs.alist(limit=None)]

    assert len(list(client.execution_logs.list(limit=None))) == 101
    assert len(asyncio.run(collect())) == 101
