"""Fork, close and event loops, as a production service meets them (issue 25): a forked child never
inherits a held lock, a call in flight when the client closes ends with ``ClientClosedError`` and is not
retried, and closing works from any thread and any loop without running a loop that is not its own.

Every wait on another thread or process is on an event; the few bounds are hang guards only.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
import warnings
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from aiohttp import web

from root import RootSignals
from root._transport import Transport
from root.emulator import Emulator
from root.errors import APIConnectionError, RootSignalsError

from .conftest import API_KEY
from .servers import serve

GUARD = 30.0
"""Seconds before a wait that should end at once is declared hung."""
MODEL_ID = "0b9cbf9c-3a7e-4b68-9b1a-9b3c4d5e6f70"


# -- fork ---------------------------------------------------------------------------------------------


def _list_in_child(client: RootSignals) -> None:
    # In the forked child: exit 0 when listing works (the process is ended by its parent if it hangs).
    models = list(client.models.list(limit=1))
    os._exit(0 if models else 3)


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="fork exists only on POSIX")
def test_a_child_forked_while_another_thread_builds_the_pool_works(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window is held open: a thread is inside the first ``models.list()`` (holding the transport's
    lock while it builds the pool) when the process forks; the child's own first call must not block."""
    parent = os.getpid()
    inside, forked = threading.Event(), threading.Event()
    build = Transport._build_sync

    def held_open(self: Transport) -> Any:
        if os.getpid() == parent:
            inside.set()
            forked.wait(GUARD)
        return build(self)

    monkeypatch.setattr(Transport, "_build_sync", held_open)
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as client:
        worker = threading.Thread(target=lambda: list(client.models.list(limit=1)))
        worker.start()
        assert inside.wait(GUARD)
        with warnings.catch_warnings():
            # Python 3.12+ warns that forking a threaded process may deadlock: the very case tested here.
            warnings.simplefilter("ignore", DeprecationWarning)
            child = multiprocessing.get_context("fork").Process(target=_list_in_child, args=(client,))
            child.start()
        forked.set()
        worker.join(GUARD)
        child.join(GUARD)
        hung = child.is_alive()
        if hung:
            child.kill()
            child.join()
        assert not hung, "the forked child hung on the lock its parent's thread held"
        assert child.exitcode == 0
        # The parent's pool is intact: it still works after the child used its own.
        assert list(client.models.list(limit=1))


# -- close during a call ------------------------------------------------------------------------------


class HeldServer:
    """A server that answers each request with 503 only once the test releases it, so that a request is
    in flight for as long as the test wants; it counts the requests that reach it."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.answered = threading.Event()
        self.count = 0

    def app(self) -> web.Application:
        async def hold(request: web.Request) -> web.Response:
            self.count += 1
            self.arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, GUARD)
            self.answered.set()
            return web.json_response({"detail": "try again"}, status=503)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", hold)
        return app


@contextmanager
def held_server() -> Iterator[tuple[str, HeldServer]]:
    held = HeldServer()
    try:
        with serve(held.app()) as url:
            yield url, held
    finally:
        held.release.set()


def _is_closed_error(error: BaseException) -> bool:
    return isinstance(error, APIConnectionError) and type(error).__name__ == "ClientClosedError"


def test_a_sync_call_in_flight_when_another_thread_closes_ends_closed_and_is_not_retried() -> None:
    with held_server() as (url, held):
        client = RootSignals(api_key=API_KEY, base_url=url, max_retries=2)
        outcome: list[BaseException] = []

        def call() -> None:
            try:
                client.models.get(MODEL_ID)
            except BaseException as exc:
                outcome.append(exc)

        caller = threading.Thread(target=call)
        caller.start()
        assert held.arrived.wait(GUARD)
        client.close()
        held.release.set()
        caller.join(GUARD)
        assert not caller.is_alive()
    assert len(outcome) == 1
    assert _is_closed_error(outcome[0]), repr(outcome)
    assert "closed while GET" in str(outcome[0])
    assert held.count == 1, "the request was retried after close"


async def test_an_async_call_in_flight_when_aclose_runs_ends_closed_and_is_not_retried() -> None:
    with held_server() as (url, held):
        client = RootSignals(api_key=API_KEY, base_url=url, max_retries=2)
        call = asyncio.ensure_future(client.models.aget(MODEL_ID))
        assert await asyncio.to_thread(held.arrived.wait, GUARD)
        await client.aclose()
        held.release.set()
        with pytest.raises(RootSignalsError) as info:
            await call
    assert _is_closed_error(info.value), repr(info.value)
    assert held.count == 1, "the request was retried after close"


@pytest.mark.parametrize("closing", ["close", "aclose in another loop"])
def test_an_async_call_in_flight_when_another_thread_closes_ends_closed_and_is_not_retried(closing: str) -> None:
    with held_server() as (url, held):
        client = RootSignals(api_key=API_KEY, base_url=url, max_retries=2)
        outcome: list[BaseException] = []

        async def call() -> None:
            try:
                await client.models.aget(MODEL_ID)
            except BaseException as exc:
                outcome.append(exc)

        caller = threading.Thread(target=asyncio.run, args=(call(),))
        caller.start()
        assert held.arrived.wait(GUARD)
        if closing == "close":
            client.close()
        else:
            asyncio.run(client.aclose())
        held.release.set()
        caller.join(GUARD)
        assert not caller.is_alive()
    assert len(outcome) == 1
    assert _is_closed_error(outcome[0]), repr(outcome)
    assert held.count == 1, "the request was retried after close"


def test_a_call_after_close_is_refused_before_sending(emulator: Emulator) -> None:
    client = RootSignals(api_key=API_KEY, base_url=emulator.url)
    assert list(client.models.list(limit=1))
    client.close()
    emulator.clear_requests()
    with pytest.raises(APIConnectionError, match="closed") as info:
        client.models.get(MODEL_ID)
    assert info.value.request_sent is False
    with pytest.raises(APIConnectionError, match="closed"):
        asyncio.run(client.models.aget(MODEL_ID))
    assert emulator.requests() == []


# -- several loops ------------------------------------------------------------------------------------


def _asyncio_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    # Unclosed sessions and connectors, tasks destroyed while pending; not the slow-callback reports of
    # asyncio's debug mode (python -X dev), which measure the machine's load.
    return [
        r.getMessage()
        for r in caplog.records
        if r.name in ("asyncio", "aiohttp.client") and r.levelno >= 30 and r.msg != "Executing %s took %.3f seconds"
    ]


def test_aclose_in_asyncio_run_after_another_loop_was_used(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """``loop1`` served a call and is idle, not closed; then ``asyncio.run`` uses the client and awaits
    ``aclose()``: no error, both sessions closed, nothing left for ``-X dev`` or the GC to report."""
    caplog.set_level(logging.WARNING)
    client = RootSignals(api_key=API_KEY, base_url=emulator.url)
    loop1 = asyncio.new_event_loop()
    try:
        loop1.run_until_complete(_first_model(client))

        async def main() -> None:
            await _first_model(client)
            await client.aclose()

        asyncio.run(main())
        assert not loop1.is_running()
    finally:
        loop1.close()
    del loop1
    gc.collect()
    assert _asyncio_errors(caplog) == []


async def _first_model(client: RootSignals) -> Any:
    async for model in client.models.alist(limit=1):
        return model
    raise AssertionError("no model listed")


def test_close_never_runs_a_loop_that_is_idle_in_another_thread(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The loop's own thread closes its session the next time it runs; ``close()`` does not run it."""
    caplog.set_level(logging.WARNING)
    client = RootSignals(api_key=API_KEY, base_url=emulator.url)
    used, closed, done = threading.Event(), threading.Event(), threading.Event()
    tasks_made_in: list[int] = []
    failures: list[BaseException] = []

    def owner() -> None:
        loop = asyncio.new_event_loop()

        def record(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
            tasks_made_in.append(threading.get_ident())
            return asyncio.Task(coro, loop=loop, **kwargs)

        loop.set_task_factory(record)  # type: ignore[arg-type]
        try:
            loop.run_until_complete(_first_model(client))
            used.set()
            closed.wait(GUARD)  # idle, not closed, while another thread closes the client
            loop.run_until_complete(asyncio.sleep(0))  # the loop runs again: its session closes now
            loop.run_until_complete(asyncio.sleep(0))
        except BaseException as exc:
            failures.append(exc)
        finally:
            loop.close()
            done.set()

    thread = threading.Thread(target=owner)
    thread.start()
    assert used.wait(GUARD)
    client.close()
    closed.set()
    thread.join(GUARD)
    assert done.is_set()
    assert failures == []
    assert set(tasks_made_in) == {thread.ident}, "close() ran the other thread's loop"
    gc.collect()
    assert _asyncio_errors(caplog) == []


def test_a_loop_you_manage_is_clean_when_the_client_is_closed_before_it(
    emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Without ``asyncio.run``: close the client (this thread used the idle loop, so close() runs it to
    close its session), then the loop. No unclosed socket, session or pending task is reported."""
    caplog.set_level(logging.WARNING)
    client = RootSignals(api_key=API_KEY, base_url=emulator.url)
    loop = asyncio.new_event_loop()
    loop.run_until_complete(_first_model(client))
    client.close()
    assert asyncio.all_tasks(loop) == set()
    loop.close()
    del loop
    gc.collect()
    assert _asyncio_errors(caplog) == []


def test_a_finished_loop_is_not_kept_alive_by_the_client(emulator: Emulator) -> None:
    client = RootSignals(api_key=API_KEY, base_url=emulator.url)
    seen: list[weakref.ref[asyncio.AbstractEventLoop]] = []

    async def use() -> None:
        seen.append(weakref.ref(asyncio.get_running_loop()))
        await _first_model(client)

    asyncio.run(use())
    asyncio.run(use())
    gc.collect()
    assert [ref() for ref in seen] == [None, None], "a dead loop is still referenced"
    client.close()


# -- the first async call and the event loop ------------------------------------------------------------

_IMPORTS_ON_THE_LOOP = r"""
import asyncio, sys

on_loop = []


class Recorder:
    def find_spec(self, name, path=None, target=None):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return None
        on_loop.append(name)
        return None


sys.meta_path.insert(0, Recorder())
from root import RootSignals

client = RootSignals(api_key=sys.argv[2], base_url=sys.argv[1])


async def main():
    await client.models.aget(sys.argv[3])
    async for _ in client.models.alist(limit=1):
        break
    await client.aclose()


asyncio.run(main())
heavy = sorted({n for n in on_loop if n.split(".")[0] in ("aiohttp", "urllib3") or n.startswith("root.generated")})
print(" ".join(heavy))
"""


def test_the_first_async_call_imports_nothing_heavy_on_the_event_loop(emulator: Emulator, tmp_path: Any) -> None:
    """Importing aiohttp and the generated code takes ~0.3 s, which asyncio's debug mode reports as a slow
    callback. Instead of timing it, this records which modules are imported while a loop runs in this
    thread, in a fresh interpreter (this one has imported everything already)."""
    import subprocess

    model = RootSignals(api_key=API_KEY, base_url=emulator.url).models.create(name="probe")
    script = tmp_path / "probe.py"
    script.write_text(_IMPORTS_ON_THE_LOOP)
    done = subprocess.run(
        [sys.executable, str(script), emulator.url, API_KEY, model],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("ROOTSIGNALS_")},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [], "imported on the event loop: " + done.stdout


# -- Ctrl-C ------------------------------------------------------------------------------------------


def test_ctrl_c_during_calibrate_batch_returns_at_once() -> None:
    from root.skills import CalibrateBatchParameters

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with held_server() as (url, held), RootSignals(api_key=API_KEY, base_url=url) as client:

            def interrupt() -> None:
                if held.arrived.wait(GUARD):
                    signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

            threading.Thread(target=interrupt, daemon=True).start()
            with pytest.raises(KeyboardInterrupt):
                client.evaluators.calibrate_batch(
                    evaluator_definitions=[CalibrateBatchParameters(name="n", prompt="p", model="gpt-4o")],
                    test_data=[["1", "r"]],
                )
            assert not held.answered.is_set(), "the interrupted call waited for the running calibration"
    finally:
        signal.signal(signal.SIGINT, previous)
