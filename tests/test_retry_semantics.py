"""What a retried call means (issue 25): a retry never turns success into an error, a timeout says which
one ran out, a deadline bounds the whole call, and a batch of calibrations raises at its first failure."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from aiohttp import web

from root import RootSignals
from root._retry import done_already, may_have_acted
from root.emulator import Emulator
from root.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    RootSignalsError,
)
from root.skills import CalibrateBatchParameters

from .conftest import API_KEY
from .contract_server import calibration_row
from .servers import serve

GUARD = 30.0

# -- a DELETE whose answer was lost ---------------------------------------------------------------------


def test_the_rule_a_404_on_a_retried_delete_after_a_lost_answer_is_success() -> None:
    lost = APIConnectionError("reset")
    gone = NotFoundError("404", status_code=404)
    assert may_have_acted(lost)
    assert may_have_acted(APITimeoutError("slow"))
    assert may_have_acted(APIStatusError("x", status_code=502))
    assert not may_have_acted(APIConnectionError("refused", request_sent=False))
    assert not may_have_acted(APIStatusError("x", status_code=503))
    assert done_already("DELETE", gone, earlier_acted=True)
    assert not done_already("DELETE", gone, earlier_acted=False)  # the first answer: it was never there
    for method in ("GET", "PUT", "PATCH", "POST"):
        assert not done_already(method, gone, earlier_acted=True)


def test_a_delete_whose_answer_is_lost_succeeds(emulator: Emulator, client: RootSignals, no_sleep: list[float]) -> None:
    model_id = client.models.create(name="doomed")
    emulator.set_faults(drop="after", methods="DELETE", first=1)
    assert client.models.delete(model_id) is None
    assert [r["method"] for r in emulator.requests() if r["method"] == "DELETE"] == ["DELETE", "DELETE"]
    emulator.clear_faults()
    with pytest.raises(NotFoundError):
        client.models.get(model_id)
    # A model that was never there is still a NotFoundError: no earlier attempt did the work.
    with pytest.raises(NotFoundError):
        client.models.delete(model_id)


async def test_an_adelete_whose_answer_is_lost_succeeds(
    emulator: Emulator, client: RootSignals, no_sleep: list[float]
) -> None:
    model_id = await client.models.acreate(name="doomed")
    emulator.set_faults(drop="after", methods="DELETE", first=1)
    assert await client.models.adelete(model_id) is None
    emulator.clear_faults()
    with pytest.raises(NotFoundError):
        await client.models.adelete(model_id)
    await client.aclose()


def test_a_patch_whose_answer_is_lost_is_repeated_to_the_same_state(
    emulator: Emulator, client: RootSignals, no_sleep: list[float]
) -> None:
    model_id = client.models.create(name="before")
    emulator.set_faults(drop="after", methods="PATCH", first=1)
    updated = client.models.update(model_id, name="after")
    assert updated.name == "after"
    assert len([r for r in emulator.requests() if r["method"] == "PATCH"]) == 2


# -- which timeout ran out, and the deadline ------------------------------------------------------------


def test_a_timeout_names_the_attempt_timeout(emulator: Emulator) -> None:
    emulator.set_faults(hang=True)
    rs = RootSignals(api_key=API_KEY, base_url=emulator.url, timeout=0.2, max_retries=0)
    with rs, pytest.raises(APITimeoutError, match=r"the timeout of one attempt") as info:
        next(rs.models.list(limit=1))
    assert info.value.which == "attempt"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_deadline_bounds_the_whole_call_across_retries(emulator: Emulator, mode: str) -> None:
    # Each attempt may take 20 s and there are 5 retries: only the deadline can end this call early.
    emulator.set_faults(hang=True)
    with RootSignals(api_key=API_KEY, base_url=emulator.url, timeout=20, max_retries=5, deadline=0.5) as rs:
        assert rs.deadline == 0.5
        with pytest.raises(APITimeoutError) as info:
            if mode == "sync":
                rs.models.get("0b9cbf9c-3a7e-4b68-9b1a-9b3c4d5e6f70")
            else:
                asyncio.run(rs.models.aget("0b9cbf9c-3a7e-4b68-9b1a-9b3c4d5e6f70"))
    assert info.value.which == "deadline"
    assert "the call's deadline of 0.5 s" in str(info.value)


def test_a_retry_after_beyond_the_deadline_is_not_waited_for(emulator: Emulator, no_sleep: list[float]) -> None:
    emulator.set_faults(status=503, retry_after="30")
    rs = RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=3, deadline=10)
    with rs, pytest.raises(InternalServerError, match="would pass the call's deadline of 10 s"):
        rs.models.get("0b9cbf9c-3a7e-4b68-9b1a-9b3c4d5e6f70")
    assert no_sleep == []
    assert len(emulator.requests()) == 1


def test_with_options_sets_and_clears_the_deadline(emulator: Emulator) -> None:
    with RootSignals(api_key=API_KEY, base_url=emulator.url, deadline=3) as rs:
        assert rs.deadline == 3.0
        assert rs.with_options(deadline=None).deadline is None
        assert rs.with_options(max_retries=0).deadline == 3.0
    for bad in (0, -1, float("inf"), float("nan"), "5", True):
        with pytest.raises(InvalidArgumentError, match="deadline"):
            RootSignals(api_key=API_KEY, base_url=emulator.url, deadline=bad)  # type: ignore[arg-type]


# -- calibrate_batch raises at its first failure ----------------------------------------------------------


class Calibrations:
    """Answers a calibration named ``fails`` with 400 at once; holds every other one until released."""

    def __init__(self) -> None:
        self.held = threading.Event()
        self.release = threading.Event()

    def app(self) -> web.Application:
        async def calibrate(request: web.Request) -> web.Response:
            body = await request.json()
            if body["name"] == "fails":
                return web.json_response({"predicate": ["This field is invalid."]}, status=400)
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, GUARD)
            return web.json_response([calibration_row(1, 0.5, 0.5)])

        app = web.Application()
        app.router.add_route("POST", "/{tail:.*}", calibrate)
        return app


BATCH = [
    CalibrateBatchParameters(name="slow", prompt="Is it polite? {{response}}", model="gpt-4o"),
    CalibrateBatchParameters(name="fails", prompt="Is it polite? {{response}}", model="gpt-4o"),
]


def test_calibrate_batch_raises_at_the_first_failure_without_waiting() -> None:
    calibrations = Calibrations()
    outcome: list[BaseException] = []
    try:
        with serve(calibrations.app()) as url, RootSignals(api_key=API_KEY, base_url=url) as rs:

            def batch() -> None:
                try:
                    rs.evaluators.calibrate_batch(
                        evaluator_definitions=BATCH, test_data=[["1", "r"]], parallel_requests=2
                    )
                except BaseException as exc:
                    outcome.append(exc)

            caller = threading.Thread(target=batch)
            caller.start()
            caller.join(GUARD / 2)  # the slow calibration is held far longer than this
            returned = not caller.is_alive()
            calibrations.release.set()
            caller.join(GUARD)
    finally:
        calibrations.release.set()
    assert returned, "calibrate_batch waited for the calibration still running"
    assert len(outcome) == 1
    assert isinstance(outcome[0], BadRequestError)


async def test_acalibrate_batch_raises_at_the_first_failure_without_waiting() -> None:
    calibrations = Calibrations()
    try:
        with serve(calibrations.app()) as url:
            rs = RootSignals(api_key=API_KEY, base_url=url)
            batch = rs.evaluators.acalibrate_batch(
                evaluator_definitions=BATCH, test_data=[["1", "r"]], parallel_requests=2
            )
            with pytest.raises(BadRequestError):
                await asyncio.wait_for(batch, GUARD / 2)
            assert not calibrations.release.is_set()
            await rs.aclose()
    finally:
        calibrations.release.set()


def test_calibrate_batch_returns_every_result_in_order_when_all_succeed() -> None:
    calibrations = Calibrations()
    calibrations.release.set()
    with serve(calibrations.app()) as url, RootSignals(api_key=API_KEY, base_url=url) as rs:
        definitions = [BATCH[0]] * 5
        result = rs.evaluators.calibrate_batch(
            evaluator_definitions=definitions, test_data=[["1", "r"]], parallel_requests=3
        )
    assert len(result.results) == 5


def test_errors_of_a_closed_client_are_connection_errors_that_pickle() -> None:
    import pickle

    from root.errors import ClientClosedError

    error = ClientClosedError("closed", request_sent=False)
    assert isinstance(error, APIConnectionError)
    assert isinstance(error, RootSignalsError)
    copy: Any = pickle.loads(pickle.dumps(error))
    assert type(copy) is ClientClosedError
    assert copy.request_sent is False
    timeout: Any = pickle.loads(pickle.dumps(APITimeoutError("t", which="deadline")))
    assert timeout.which == "deadline"


# -- the command line refuses standard input that is not UTF-8 -------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["evaluators", "run", "--name", "Politeness", "--request", "hi"],
        ["models", "update", "{model}", "--default-key-stdin"],  # it checks that the model exists first
    ],
)
def test_the_cli_refuses_stdin_that_is_not_utf8_before_sending(
    emulator: Emulator, client: RootSignals, tmp_path: Any, args: list[str]
) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("ROOTSIGNALS_")}
    env.update(ROOTSIGNALS_API_URL=emulator.url, ROOTSIGNALS_API_KEY=API_KEY, LC_ALL="C.UTF-8")
    model_id = client.models.create(name="keyed")
    emulator.clear_requests()
    done = subprocess.run(
        [sys.executable, "-m", "root", *[a.replace("{model}", model_id) for a in args]],
        input=b"bad \xff\n",
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert b"not UTF-8" in done.stderr
    assert [r["method"] for r in emulator.requests() if r["method"] != "GET"] == []
