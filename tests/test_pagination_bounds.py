"""Servers that behave oddly (issue 25's unconfirmed items): an empty page that still links to a next one
loses nothing, a server that never stops handing out new cursors ends in an error, not in an endless walk
or an unbounded collection, and a POST after the server dropped an idle kept-alive connection is sent on
a fresh one."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from root import RootSignals
from root.errors import APIResponseValidationError

from .contract_server import Sent, contract_server, evaluator

OWNER = {"email": "a@b.c", "full_name": "A"}


def _listed(number: int) -> dict[str, Any]:
    return {"id": str(uuid.UUID(int=number)), "name": f"m{number}", "owner": OWNER, "provider": None}


def _page(request: Sent, results: list[Any], next_cursor: str | None) -> tuple[int, Any]:
    base = request.url.split("?")[0]
    return 200, {"next": f"{base}?cursor={next_cursor}" if next_cursor else None, "previous": None, "results": results}


def test_an_empty_page_that_links_to_another_is_followed() -> None:
    pages = {None: ([_listed(1)], "c1"), "c1": ([], "c2"), "c2": ([_listed(2)], None)}

    def answer(request: Sent) -> tuple[int, Any]:
        results, following = pages[request.query_dict().get("cursor")]
        return _page(request, results, following)

    with contract_server(answer) as (url, sent), RootSignals(api_key="k", base_url=url) as rs:
        assert [m.name for m in rs.models.list()] == ["m1", "m2"]
    assert len(sent) == 3


async def test_an_endless_run_of_empty_pages_is_an_error() -> None:
    def answer(request: Sent) -> tuple[int, Any]:
        return _page(request, [], uuid.uuid4().hex)

    with contract_server(answer) as (url, sent):
        rs = RootSignals(api_key="k", base_url=url)
        with pytest.raises(APIResponseValidationError, match="empty pages in a row"):
            list(rs.models.list())
        with pytest.raises(APIResponseValidationError, match="empty pages in a row"):
            [m async for m in rs.models.alist()]
        await rs.aclose()
    assert len(sent) == 20


async def test_collecting_from_a_server_with_endless_new_cursors_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("root._operations.MAX_COLLECTED_PAGES", 5)
    evaluator_id = str(uuid.UUID(int=7))

    def answer(request: Sent) -> tuple[int, Any]:
        return _page(request, [evaluator(evaluator_id, "polite")], uuid.uuid4().hex)

    with contract_server(answer) as (url, sent):
        rs = RootSignals(api_key="k", base_url=url)
        with pytest.raises(APIResponseValidationError, match="past 5 pages"):
            rs.evaluators.versions.list(evaluator_id)
        with pytest.raises(APIResponseValidationError, match="past 5 pages"):
            await rs.evaluators.versions.alist(evaluator_id)
        await rs.aclose()
    assert len(sent) == 10


# -- a POST after the server closed the kept-alive connection ---------------------------------------------

MODEL = {"id": str(uuid.UUID(int=42)), "name": "kept", "model": "m", "max_output_token_count": 900}


class ClosingServer:
    """Answers each request on a connection, then closes that connection without saying so (no
    ``Connection: close``): the client's pool keeps a connection that is dead by the next request."""

    def __init__(self) -> None:
        self.connections = 0
        self.requests = 0
        self.closed = threading.Event()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        head = await reader.readuntil(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length:\s*(\d+)", head)
        if length:
            await reader.readexactly(int(length.group(1)))
        self.requests += 1
        body = json.dumps(MODEL).encode()
        writer.write(
            b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
            % (len(body), body)
        )
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        self.closed.set()


@contextmanager
def closing_server() -> Iterator[tuple[str, ClosingServer]]:
    server = ClosingServer()
    loop = asyncio.new_event_loop()
    started: dict[str, Any] = {}
    ready = threading.Event()

    def run() -> None:
        async def start() -> None:
            started["server"] = await asyncio.start_server(server.handle, "127.0.0.1", 0)
            started["port"] = started["server"].sockets[0].getsockname()[1]

        loop.run_until_complete(start())
        ready.set()
        loop.run_forever()
        started["server"].close()
        loop.run_until_complete(started["server"].wait_closed())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30)
    try:
        yield f"http://127.0.0.1:{started['port']}", server
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)


def test_a_post_after_the_server_dropped_the_idle_connection_is_sent_on_a_new_one() -> None:
    """Not retried, and it needs no retry: the pool notices the dead connection before sending."""
    with closing_server() as (url, server), RootSignals(api_key="k", base_url=url, max_retries=0) as rs:
        rs.models.create(name="first")
        assert server.closed.wait(30)
        rs.models.create(name="second")
    assert (server.requests, server.connections) == (2, 2)


async def test_an_async_post_after_the_server_dropped_the_idle_connection_is_sent_on_a_new_one() -> None:
    with closing_server() as (url, server):
        rs = RootSignals(api_key="k", base_url=url, max_retries=0)
        await rs.models.acreate(name="first")
        assert await asyncio.to_thread(server.closed.wait, 30)
        await asyncio.sleep(0)  # the loop reads the end of the connection
        await rs.models.acreate(name="second")
        await rs.aclose()
    assert (server.requests, server.connections) == (2, 2)
