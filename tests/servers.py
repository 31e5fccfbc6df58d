"""Small real HTTP servers for tests that the emulator cannot play: a TLS origin, a forward proxy,
a server whose answers drift from the contract. Each runs an aiohttp app in a thread of its own."""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiohttp
from aiohttp import web


@contextmanager
def serve(app: web.Application, *, ssl_context: ssl.SSLContext | None = None) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 in a background thread; yield its base URL."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def start() -> None:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
        await site.start()
        state["runner"] = runner
        state["port"] = runner.addresses[0][1]

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(start())
        except BaseException as exc:  # reported to the caller below
            state["error"] = exc
            loop.close()
            ready.set()
            return
        ready.set()
        loop.run_forever()
        loop.run_until_complete(state["runner"].cleanup())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    if "error" in state:
        thread.join(10)
        raise RuntimeError("the test server did not start") from state["error"]
    scheme = "https" if ssl_context else "http"
    try:
        yield f"{scheme}://127.0.0.1:{state['port']}"
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


SESSION = web.AppKey("session", aiohttp.ClientSession)


def forward_proxy(seen: list[str]) -> web.Application:
    """A plain-HTTP forward proxy: records each absolute URL it is asked for, then fetches it."""

    async def on_startup(app: web.Application) -> None:
        app[SESSION] = aiohttp.ClientSession()

    async def on_cleanup(app: web.Application) -> None:
        await app[SESSION].close()

    async def relay(request: web.Request) -> web.Response:
        target = str(request.url)
        seen.append(target)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "proxy-connection")}
        body = await request.read()
        session = request.app[SESSION]
        async with session.request(request.method, target, headers=headers, data=body or None) as upstream:
            payload = await upstream.read()
            keep = {k: v for k, v in upstream.headers.items() if k.lower() in ("content-type", "x-request-id")}
            return web.Response(status=upstream.status, body=payload, headers=keep)

    app = web.Application()
    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    app.router.add_route("*", "/{tail:.*}", relay)
    return app


def fixed_json(routes: dict[str, Any]) -> web.Application:
    """Answer GET ``path`` with ``routes[path]`` as JSON (200), anything else 404."""

    async def answer(request: web.Request) -> web.Response:
        if request.path in routes:
            return web.json_response(routes[request.path])
        return web.json_response({"detail": "Not found."}, status=404)

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", answer)
    return app
