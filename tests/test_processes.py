"""Clients in worker processes: a ``RootSignals`` (or ``scorable.Scorable``) pickles as its options, reaches a
``ProcessPoolExecutor`` worker (spawned or forked) and evaluates there on pools of its own, over real HTTP
against the emulator; a client a forked worker inherits never touches its parent's connections; the API
key crosses in the pickle but shows in no repr, log line or error."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import multiprocessing
import os
import pickle
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

import pytest

from root import RootSignals, Timeout
from root.errors import ClientClosedError, NotFoundError
from scorable import Scorable

if TYPE_CHECKING:
    from root.emulator import Emulator
    from root.evaluation import EvaluationResult

KEY = "test-key"  # the conftest emulator's key (not imported: a spawned worker imports this module)
EXECUTE = "/v1/evaluators/execute/"
START_METHODS = [m for m in ("spawn", "fork") if m in multiprocessing.get_all_start_methods()]
WORKER_TIMEOUT = 60


def _rows(n: int, start: int = 0) -> list[dict[str, str]]:
    return [{"id": f"r{i}", "request": f"question {i}", "response": f"answer {i}"} for i in range(start, start + n)]


# -- what a worker runs (module level: a spawned worker imports them by name) ------------------------------


def _evaluate_in_worker(client: RootSignals, rows: list[dict[str, str]]) -> tuple[int, EvaluationResult]:
    return os.getpid(), client.evaluate(rows, evaluators=["Helpfulness"], key="id", max_concurrency=2)


def _aevaluate_in_worker(client: RootSignals, rows: list[dict[str, str]]) -> EvaluationResult:
    async def main() -> EvaluationResult:
        async with client:
            return await client.aevaluate(rows, evaluators=["Helpfulness"], key="id", max_concurrency=2)

    return asyncio.run(main())


def _run_in_worker(client: RootSignals) -> tuple[str, float | None, str, tuple[Any, ...]]:
    result = client.evaluators.run_by_name("Helpfulness", request="question 0", response="answer 0")
    options = (client.base_url, client.timeout, client.max_retries, client.deadline, client._options.max_connections)
    return type(client).__name__, result.score, repr(client), options


def _logged_in_worker(client: RootSignals) -> tuple[str, str]:
    """The worker's debug log of one run that succeeds and one that fails, and the failure's message."""
    import io
    import logging

    logger, log = logging.getLogger("rootsignals"), io.StringIO()
    handler = logging.StreamHandler(log)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        client.evaluators.run_by_name("Helpfulness", response="r")
        try:
            client.evaluators.run_by_name("No such evaluator", response="r")
        except NotFoundError as error:
            return log.getvalue(), f"{error}\n{error!r}"
        return log.getvalue(), "no error"
    finally:
        logger.removeHandler(handler)


_inherited: RootSignals | None = None
"""A client a forked worker inherits from its parent's memory, not through a pickle."""


def _use_the_inherited_client(rows: list[dict[str, str]]) -> tuple[int, list[float | None]]:
    assert _inherited is not None
    result = _inherited.evaluate(rows, evaluators=["Helpfulness"], key="id")
    return os.getpid(), [row.scores["Helpfulness"].score for row in result]


@contextlib.contextmanager
def _pool(method: str) -> Iterator[ProcessPoolExecutor]:
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a process with threads (the emulator's) may deadlock; the worker
        # never touches a lock those threads hold.
        warnings.simplefilter("ignore", DeprecationWarning)
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context(method)) as pool:
            yield pool


def _runs(emulator: Emulator) -> list[dict[str, Any]]:
    return [r for r in emulator.requests() if r["path"].startswith(EXECUTE) and r["status"] == 200]


# -- pickling -------------------------------------------------------------------------------------------


def test_a_pickled_client_keeps_its_options_and_opens_pools_of_its_own(emulator: Emulator) -> None:
    with RootSignals(
        api_key=KEY,
        base_url=emulator.url,
        timeout=Timeout(30, connect=2),
        max_retries=4,
        deadline=50,
        max_connections=3,
    ) as client:
        client.models.list(limit=1)  # the original's pool is open
        data = pickle.dumps(client)
        with pickle.loads(data) as copied:
            assert type(copied) is RootSignals
            assert copied._transport is not client._transport
            assert copied._transport._sync is None  # nothing open until it is used
            assert repr(copied) == repr(client) == f"RootSignals(base_url={emulator.url!r})"
            assert (copied.base_url, copied.timeout, copied.max_retries, copied.deadline) == (
                emulator.url,
                Timeout(30, connect=2),
                4,
                50.0,
            )
            assert copied._options.max_connections == 3
            assert copied.evaluators.run_by_name("Helpfulness", response="r").score is not None
        # Closing the copy closed its own pools only.
        assert client.models.list(limit=1) is not None
        with copy.deepcopy(client) as twin:
            assert twin._transport is not client._transport
            assert twin.models.list(limit=1) is not None
    # A closed client pickles as a closed one.
    with pickle.loads(pickle.dumps(client)) as closed, pytest.raises(ClientClosedError):
        closed.models.list(limit=1)


def test_a_scorable_client_pickles_as_itself(emulator: Emulator) -> None:
    with (
        Scorable(api_key=KEY, base_url=emulator.url, run_async=True) as client,
        pickle.loads(pickle.dumps(client)) as copied,
    ):
        assert type(copied) is Scorable
        assert copied.run_async is True
        assert copied.evaluators.run_by_name("Helpfulness", response="r").score is not None


def test_the_pickle_carries_the_key_but_nothing_shows_it() -> None:
    secret = "sk-do-not-show-4711"
    client = RootSignals(api_key=secret, base_url="http://127.0.0.1:9")
    data = pickle.dumps(client)
    assert secret.encode() in data  # it must cross, or the worker could not authenticate
    copied = pickle.loads(data)
    assert secret not in repr(copied)
    assert secret not in repr(copied._options)
    assert secret not in str(vars(copied))


# -- worker processes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", START_METHODS)
def test_a_worker_process_evaluates_with_a_client_sent_to_it(
    client: RootSignals, emulator: Emulator, method: str
) -> None:
    emulator.set_verdict("Helpfulness", pattern="answer 1", score=0.25)
    here = client.evaluate(_rows(4), evaluators=["Helpfulness"], key="id")  # the parent's pools are open
    emulator.clear_requests()

    with _pool(method) as pool:
        pid, there = pool.submit(_evaluate_in_worker, client, _rows(4)).result(WORKER_TIMEOUT)
        asynchronous = pool.submit(_aevaluate_in_worker, client, _rows(2, start=4)).result(WORKER_TIMEOUT)
        name, score, shown, options = pool.submit(_run_in_worker, client).result(WORKER_TIMEOUT)

    assert pid != os.getpid()
    assert [row.to_dict()["scores"]["Helpfulness"]["score"] for row in there] == [
        row.scores["Helpfulness"].score for row in here
    ]
    assert there[1].scores["Helpfulness"].score == 0.25
    assert [row.key for row in asynchronous] == ["r4", "r5"]
    assert all(row.ok for row in asynchronous)
    assert (name, score, shown) == ("RootSignals", here[0].scores["Helpfulness"].score, repr(client))
    assert options == (client.base_url, client.timeout, client.max_retries, client.deadline, 100)
    assert len(_runs(emulator)) == 4 + 2 + 1  # every run reached the service, from the worker
    # The parent's client is untouched by all that.
    assert client.evaluate(_rows(1), evaluators=["Helpfulness"], key="id")[0].ok


@pytest.mark.parametrize("method", START_METHODS)
def test_a_multiprocessing_pool_takes_a_client_with_its_per_call_options(
    client: RootSignals, emulator: Emulator, method: str
) -> None:
    fast = client.with_options(max_retries=0, timeout=7, deadline=9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with the emulator's threads, as above
        with multiprocessing.get_context(method).Pool(1) as pool:
            name, score, _, options = pool.apply(_run_in_worker, (fast,))
    assert name == "RootSignals"
    assert score is not None
    assert options == (emulator.url, Timeout(7, connect=5), 0, 9.0, 100)


@pytest.mark.parametrize("method", START_METHODS)
def test_a_worker_process_takes_a_scorable_client(emulator: Emulator, method: str) -> None:
    with Scorable(api_key=KEY, base_url=emulator.url) as client, _pool(method) as pool:
        name, score, shown, _ = pool.submit(_run_in_worker, client).result(WORKER_TIMEOUT)
    assert (name, shown) == ("Scorable", f"Scorable(base_url={emulator.url!r})")
    assert score is not None


@pytest.mark.parametrize("method", START_METHODS)
def test_the_key_shows_in_no_log_line_or_error_of_a_worker(emulator: Emulator, method: str) -> None:
    with RootSignals(api_key=KEY, base_url=emulator.url) as client, _pool(method) as pool:
        logged, error = pool.submit(_logged_in_worker, client).result(WORKER_TIMEOUT)
    assert "HTTP POST" in logged
    assert "/v1/evaluators/execute/by-name/" in logged
    assert "'Authorization': '<redacted>'" in logged
    assert "No such evaluator" in error
    assert KEY not in logged
    assert KEY not in error


@pytest.mark.skipif("fork" not in START_METHODS, reason="fork exists only on POSIX")
def test_a_forked_worker_builds_its_own_pools_for_an_inherited_client(client: RootSignals, emulator: Emulator) -> None:
    global _inherited
    # The parent uses both its sync pool and, through evaluate's event loop, an async session...
    before = client.evaluate(_rows(3), evaluators=["Helpfulness"], key="id")
    client.models.list(limit=1)
    parent_pool = client._transport._sync
    assert parent_pool is not None
    _inherited = client
    try:
        # ...then forks: the worker inherits the client (not pickled) with the parent's open connections.
        with _pool("fork") as pool:
            pid, scores = pool.submit(_use_the_inherited_client, _rows(3)).result(WORKER_TIMEOUT)
    finally:
        _inherited = None
    assert pid != os.getpid()
    assert scores == [row.scores["Helpfulness"].score for row in before]
    # The parent's pool is the same one, intact: the child neither used nor closed its sockets.
    assert client._transport._sync is parent_pool
    assert client.models.list(limit=1) is not None
    assert client.evaluate(_rows(3), evaluators=["Helpfulness"], key="id")[2].ok
