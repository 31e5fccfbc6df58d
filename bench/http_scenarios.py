"""The HTTP scenarios, each in two versions: through our SDK, and raw (urllib3 / aiohttp, same requests).

Every raw version does the same HTTP work as the SDK: the same method, path, query and JSON body, the
``Authorization: Api-Key <key>``, ``Content-Type: application/json`` and ``Accept: application/json``
headers, one connection pool for the whole run (one ``urllib3.PoolManager``; one ``aiohttp.ClientSession``
whose connector has the SDK's default connection limit), reading and JSON-decoding every response body and
checking its status. Listings use the SDK's page size and follow the cursor of each page's ``next`` link.

Each scenario function builds its client or pool, warms it up by running each of its operations once,
untimed (so connecting and the lazy imports are not timed), then times each phase alone and returns a
:class:`Phase` per phase: the wall time, errors, the requests the server saw (retries would show here)
and, for the concurrent phases, the most connections the server had open at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import time
from collections.abc import Awaitable, Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

import aiohttp
import urllib3
from emulator_process import BenchSetupError, ConnectionSampler, EmulatorProcess

from root import RootSignals
from root._config import DEFAULT_MAX_CONNECTIONS
from root.models import MAX_PAGE_SIZE

MODELS_PATH: Final = "/v1/models/"
CONNECTION_LIMIT: Final = DEFAULT_MAX_CONNECTIONS
"""The SDK's default ``max_connections``: the raw aiohttp baseline uses the same connector limit."""
PAGE_SIZE: Final = MAX_PAGE_SIZE
"""The page size the SDK's ``list``/``alist`` ask for: the raw paging uses the same."""


@dataclass
class Phase:
    """One timed phase of one round.

    Attributes:
        seconds: Wall time of the phase.
        calls: Operations attempted (items, for listings).
        errors: Operations that failed (for listings: 1 when fewer items came back than asked for).
        server_requests: API requests the emulator received during the phase.
        max_connections: The most connections the server had open at once (sampled), when sampled.
        first_error: The first failure's message, if any.
        expected_requests: The requests the phase needs (None: one per call).
    """

    seconds: float
    calls: int
    errors: int
    server_requests: int
    max_connections: int | None = None
    first_error: str | None = None
    expected_requests: int | None = None

    @property
    def extra_requests(self) -> int:
        """Requests beyond those needed (retries, or a pager that asked for more pages than needed)."""
        expected = self.calls if self.expected_requests is None else self.expected_requests
        return self.server_requests - expected


@dataclass
class Context:
    """What every scenario needs: the server, a model id that always exists, where to pin samplers."""

    server: EmulatorProcess
    builtin_id: str
    python: str
    sampler_cpus: Collection[int] | None = None

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self.server.url

    @property
    def headers(self) -> dict[str, str]:
        """The headers every raw request sends."""
        return {
            "Authorization": f"Api-Key {self.server.api_key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }

    def client(self) -> RootSignals:
        """A new SDK client with default options for this server."""
        return RootSignals(api_key=self.server.api_key, base_url=self.url)

    def list_url(self) -> str:
        """The collection URL."""
        return f"{self.url}{MODELS_PATH}"

    def detail_url(self, model_id: str) -> str:
        """One model's URL."""
        return f"{self.url}{MODELS_PATH}{model_id}/"


class RawHTTPError(Exception):
    """A raw request got another status than the one it expects."""


def _encode(body: object) -> bytes:
    # The SDK's encoding (root._transport._encode_body), so that both send the same bytes.
    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def _cursor(next_link: str | None) -> str | None:
    if not next_link:
        return None
    values = parse_qs(urlsplit(next_link).query).get("cursor")
    return values[0] if values else None


@contextlib.contextmanager
def _observed(ctx: Context, sample: bool) -> Iterator[ConnectionSampler | None]:
    """Clear the server's request log, collect garbage, and sample connections if asked, around a phase."""
    ctx.server.clear_requests()
    gc.collect()
    if not sample:
        yield None
        return
    with ConnectionSampler(ctx.python, ctx.server.port, cpus=ctx.sampler_cpus) as sampler:
        yield sampler


def _measure(ctx: Context, work: Callable[[], tuple[int, list[str]]], *, sample: bool = False) -> Phase:
    """Time ``work`` (which returns ``(calls, error messages)``) as one phase."""
    with _observed(ctx, sample) as sampler:
        start = time.perf_counter()
        calls, errors = work()
        seconds = time.perf_counter() - start
    return Phase(
        seconds=seconds,
        calls=calls,
        errors=len(errors),
        server_requests=ctx.server.request_count(),
        max_connections=sampler.max if sampler else None,
        first_error=errors[0] if errors else None,
    )


async def _ameasure(
    ctx: Context, work: Callable[[], Awaitable[tuple[int, list[str]]]], *, sample: bool = False
) -> Phase:
    """The asynchronous :func:`_measure`."""
    with _observed(ctx, sample) as sampler:
        start = time.perf_counter()
        calls, errors = await work()
        seconds = time.perf_counter() - start
    return Phase(
        seconds=seconds,
        calls=calls,
        errors=len(errors),
        server_requests=ctx.server.request_count(),
        max_connections=sampler.max if sampler else None,
        first_error=errors[0] if errors else None,
    )


def _failures(results: list[Any]) -> list[str]:
    return [f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)]


# -- sequential create, get, delete (sync) ----------------------------------------------------------------


def crud_ours(ctx: Context, n: int, tag: str) -> dict[str, Phase]:
    """``n`` sequential ``create``, then ``get`` of each, then ``delete`` of each, through the SDK."""
    client = ctx.client()
    models = client.models
    ids: list[str] = []
    try:
        # Warm-up, untimed: every operation once (lazy imports, the pool, the connection).
        warm = models.create(name=f"{tag}-warm-up")
        models.get(warm)
        models.delete(warm)

        def create() -> tuple[int, list[str]]:
            errors = []
            for i in range(n):
                try:
                    ids.append(models.create(name=f"{tag}-{i}"))
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
            return n, errors

        def get() -> tuple[int, list[str]]:
            errors = []
            for model_id in ids:
                try:
                    models.get(model_id)
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
            return len(ids), errors

        def delete() -> tuple[int, list[str]]:
            errors = []
            for model_id in ids:
                try:
                    models.delete(model_id)
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
            return len(ids), errors

        return {"create": _measure(ctx, create), "get": _measure(ctx, get), "delete": _measure(ctx, delete)}
    finally:
        client.close()


def _raw_sync(pool: urllib3.PoolManager, method: str, url: str, headers: dict[str, str], body: object, ok: int) -> Any:
    response = pool.request(method, url, body=None if body is None else _encode(body), headers=headers)
    if response.status != ok:
        raise RawHTTPError(f"{method} {url} -> {response.status}: {response.data[:200]!r}")
    return json.loads(response.data) if response.data else None


def crud_raw(ctx: Context, n: int, tag: str) -> dict[str, Phase]:
    """The raw urllib3 twin of :func:`crud_ours`: one ``PoolManager``, the same requests."""
    pool = urllib3.PoolManager()
    headers = ctx.headers
    ids: list[str] = []
    try:
        # Warm-up, untimed: every operation once, as for the SDK.
        warm = _raw_sync(pool, "POST", ctx.list_url(), headers, {"name": f"{tag}-warm-up"}, 201)["id"]
        _raw_sync(pool, "GET", ctx.detail_url(warm), headers, None, 200)
        _raw_sync(pool, "DELETE", ctx.detail_url(warm), headers, None, 204)

        def create() -> tuple[int, list[str]]:
            errors = []
            url = ctx.list_url()
            for i in range(n):
                try:
                    ids.append(_raw_sync(pool, "POST", url, headers, {"name": f"{tag}-{i}"}, 201)["id"])
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
            return n, errors

        def get() -> tuple[int, list[str]]:
            errors = []
            for model_id in ids:
                try:
                    _raw_sync(pool, "GET", ctx.detail_url(model_id), headers, None, 200)
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
            return len(ids), errors

        def delete() -> tuple[int, list[str]]:
            errors = []
            for model_id in ids:
                try:
                    _raw_sync(pool, "DELETE", ctx.detail_url(model_id), headers, None, 204)
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
            return len(ids), errors

        return {"create": _measure(ctx, create), "get": _measure(ctx, get), "delete": _measure(ctx, delete)}
    finally:
        pool.clear()


# -- concurrent acreate, adelete (async) ------------------------------------------------------------------


async def _concurrent_ours(ctx: Context, n: int, tag: str) -> dict[str, Phase]:
    async with ctx.client() as client:
        models = client.models
        # Warm-up, untimed: each operation once (lazy imports, this loop's session).
        await models.adelete(await models.acreate(name=f"{tag}-warm-up"))
        ids: list[str] = []

        async def create() -> tuple[int, list[str]]:
            results = await asyncio.gather(
                *(models.acreate(name=f"{tag}-{i}") for i in range(n)), return_exceptions=True
            )
            ids.extend(r for r in results if isinstance(r, str))
            return n, _failures(results)

        async def delete() -> tuple[int, list[str]]:
            results = await asyncio.gather(*(models.adelete(i) for i in ids), return_exceptions=True)
            return len(ids), _failures(results)

        return {
            "acreate": await _ameasure(ctx, create, sample=True),
            "adelete": await _ameasure(ctx, delete, sample=True),
        }


def concurrent_ours(ctx: Context, n: int, tag: str) -> dict[str, Phase]:
    """``n`` concurrent ``acreate`` with ``asyncio.gather``, then ``adelete`` of each, through the SDK."""
    return asyncio.run(_concurrent_ours(ctx, n, tag))


async def _raw_async(
    session: aiohttp.ClientSession, method: str, url: str, headers: dict[str, str], body: object, ok: int
) -> Any:
    data = None if body is None else _encode(body)
    async with session.request(method, url, data=data, headers=headers) as response:
        raw = await response.read()
        if response.status != ok:
            raise RawHTTPError(f"{method} {url} -> {response.status}: {raw[:200]!r}")
    return json.loads(raw) if raw else None


async def _concurrent_raw(ctx: Context, n: int, tag: str) -> dict[str, Phase]:
    headers = ctx.headers
    connector = aiohttp.TCPConnector(limit=CONNECTION_LIMIT)
    async with aiohttp.ClientSession(connector=connector) as session:
        # Warm-up, untimed: each operation once, as for the SDK.
        warm = (await _raw_async(session, "POST", ctx.list_url(), headers, {"name": f"{tag}-warm-up"}, 201))["id"]
        await _raw_async(session, "DELETE", ctx.detail_url(warm), headers, None, 204)
        ids: list[str] = []

        async def create_one(i: int) -> str:
            created = await _raw_async(session, "POST", ctx.list_url(), headers, {"name": f"{tag}-{i}"}, 201)
            return str(created["id"])

        async def create() -> tuple[int, list[str]]:
            results = await asyncio.gather(*(create_one(i) for i in range(n)), return_exceptions=True)
            ids.extend(r for r in results if isinstance(r, str))
            return n, _failures(results)

        async def delete() -> tuple[int, list[str]]:
            results = await asyncio.gather(
                *(_raw_async(session, "DELETE", ctx.detail_url(i), headers, None, 204) for i in ids),
                return_exceptions=True,
            )
            return len(ids), _failures(results)

        return {
            "acreate": await _ameasure(ctx, create, sample=True),
            "adelete": await _ameasure(ctx, delete, sample=True),
        }


def concurrent_raw(ctx: Context, n: int, tag: str) -> dict[str, Phase]:
    """The raw aiohttp twin of :func:`concurrent_ours`: one session, the SDK's connection limit."""
    return asyncio.run(_concurrent_raw(ctx, n, tag))


# -- evaluator runs: sequential (sync) and concurrent (async) ---------------------------------------------

EVALUATOR_NAME: Final = "Helpfulness"
"""The preset evaluator the runs use: the emulator seeds every preset under its real id."""


def _preset_id() -> str:
    from root._presets import load_presets

    return next(p.id for p in load_presets() if p.name == EVALUATOR_NAME)


def _run_body(i: int) -> dict[str, str]:
    return {"request": f"Question {i}?", "response": f"Answer {i}."}


def runs_ours(ctx: Context, n: int, tag: str) -> dict[str, Phase]:
    """``n`` sequential ``evaluators.run``, then ``n`` concurrent ``evaluators.arun``, through the SDK."""
    evaluator_id = _preset_id()
    client = ctx.client()
    evaluators = client.evaluators
    try:
        evaluators.run(evaluator_id, request="Question?", response="Answer.")  # warm-up, untimed

        def sequential() -> tuple[int, list[str]]:
            errors = []
            for i in range(n):
                try:
                    evaluators.run(evaluator_id, request=f"Question {i}?", response=f"Answer {i}.")
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
            return n, errors

        async def concurrent() -> dict[str, Phase]:
            async with ctx.client() as other:
                await other.evaluators.arun(evaluator_id, request="Question?", response="Answer.")  # warm-up: this loop

                async def runs() -> tuple[int, list[str]]:
                    results = await asyncio.gather(
                        *(
                            other.evaluators.arun(evaluator_id, request=f"Question {i}?", response=f"Answer {i}.")
                            for i in range(n)
                        ),
                        return_exceptions=True,
                    )
                    return n, _failures(results)

                return {"arun": await _ameasure(ctx, runs, sample=True)}

        phases = {"run": _measure(ctx, sequential)}
        client.close()  # its keep-alive connection must not count against the concurrent phase's limit
        return phases | asyncio.run(concurrent())
    finally:
        client.close()


def runs_raw(ctx: Context, n: int, tag: str) -> dict[str, Phase]:
    """The raw twin of :func:`runs_ours`: urllib3 for the sequential runs, aiohttp for the concurrent ones."""
    url = f"{ctx.url}/v1/evaluators/execute/{_preset_id()}/"
    headers = ctx.headers
    pool = urllib3.PoolManager()
    try:
        _raw_sync(pool, "POST", url, headers, _run_body(-1), 200)

        def sequential() -> tuple[int, list[str]]:
            errors = []
            for i in range(n):
                try:
                    _raw_sync(pool, "POST", url, headers, _run_body(i), 200)
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
            return n, errors

        async def concurrent() -> dict[str, Phase]:
            connector = aiohttp.TCPConnector(limit=CONNECTION_LIMIT)
            async with aiohttp.ClientSession(connector=connector) as session:
                await _raw_async(session, "POST", url, headers, _run_body(-1), 200)

                async def runs() -> tuple[int, list[str]]:
                    results = await asyncio.gather(
                        *(_raw_async(session, "POST", url, headers, _run_body(i), 200) for i in range(n)),
                        return_exceptions=True,
                    )
                    return n, _failures(results)

                return {"arun": await _ameasure(ctx, runs, sample=True)}

        phases = {"run": _measure(ctx, sequential)}
        pool.clear()  # as for the SDK: no idle connection of the sequential phase stays open
        return phases | asyncio.run(concurrent())
    finally:
        pool.clear()


# -- seeding and listing ----------------------------------------------------------------------------------


def seed(ctx: Context, n: int, tag: str) -> None:
    """Create ``n`` models with concurrent raw requests (untimed set-up for the listings).

    Raises:
        BenchSetupError: Not every model was created.
    """

    async def run() -> list[Any]:
        headers = ctx.headers
        connector = aiohttp.TCPConnector(limit=CONNECTION_LIMIT)
        async with aiohttp.ClientSession(connector=connector) as session:
            return await asyncio.gather(
                *(_raw_async(session, "POST", ctx.list_url(), headers, {"name": f"{tag}-{i}"}, 201) for i in range(n)),
                return_exceptions=True,
            )

    failures = _failures(asyncio.run(run()))
    if failures:
        raise BenchSetupError(f"seeding {n} models failed {len(failures)} times; first: {failures[0]}")


def _listing_errors(expected: int, got: int) -> list[str]:
    return [] if got == expected else [f"iterated {got} models, expected {expected}"]


def _pages(n: int) -> int:
    return -(-n // PAGE_SIZE)


def list_ours(ctx: Context, n: int) -> Phase:
    """Iterate ``n`` models with ``client.models.list(limit=n)``."""
    with ctx.client() as client:
        models = client.models
        list(models.list(limit=1))  # warm-up, untimed: lazy imports, the pool, the connection

        def iterate() -> tuple[int, list[str]]:
            count = 0
            for _model in models.list(limit=n):
                count += 1
            return n, _listing_errors(n, count)

        phase = _measure(ctx, iterate)
        phase.expected_requests = _pages(n)
        return phase


def list_raw(ctx: Context, n: int) -> Phase:
    """Iterate ``n`` models with raw urllib3 paging: the SDK's page size, following each ``next`` cursor."""
    pool = urllib3.PoolManager()
    headers = ctx.headers
    try:
        _raw_sync(pool, "GET", f"{ctx.list_url()}?page_size=1", headers, None, 200)  # warm-up, untimed

        def iterate() -> tuple[int, list[str]]:
            count = 0
            cursor: str | None = None
            while count < n:
                fields = {"page_size": str(min(n - count, PAGE_SIZE))}
                if cursor is not None:
                    fields["cursor"] = cursor
                response = pool.request("GET", ctx.list_url(), fields=fields, headers=headers)
                if response.status != 200:
                    return n, [f"GET {ctx.list_url()} -> {response.status}"]
                page = json.loads(response.data)
                for _model in page["results"][: n - count]:
                    count += 1
                cursor = _cursor(page["next"])
                if cursor is None or not page["results"]:
                    break
            return n, _listing_errors(n, count)

        phase = _measure(ctx, iterate)
        phase.expected_requests = _pages(n)
        return phase
    finally:
        pool.clear()


async def _alist_ours(ctx: Context, n: int) -> Phase:
    async with ctx.client() as client:
        models = client.models
        [m async for m in models.alist(limit=1)]  # warm-up, untimed: lazy imports, this loop's session

        async def iterate() -> tuple[int, list[str]]:
            count = 0
            async for _model in models.alist(limit=n):
                count += 1
            return n, _listing_errors(n, count)

        phase = await _ameasure(ctx, iterate)
        phase.expected_requests = _pages(n)
        return phase


def alist_ours(ctx: Context, n: int) -> Phase:
    """Iterate ``n`` models with ``async for ... in client.models.alist(limit=n)``."""
    return asyncio.run(_alist_ours(ctx, n))


async def _alist_raw(ctx: Context, n: int) -> Phase:
    headers = ctx.headers
    connector = aiohttp.TCPConnector(limit=CONNECTION_LIMIT)
    async with aiohttp.ClientSession(connector=connector) as session:
        await _raw_async(session, "GET", f"{ctx.list_url()}?page_size=1", headers, None, 200)  # warm-up, untimed

        async def iterate() -> tuple[int, list[str]]:
            count = 0
            cursor: str | None = None
            while count < n:
                params = {"page_size": str(min(n - count, PAGE_SIZE))}
                if cursor is not None:
                    params["cursor"] = cursor
                async with session.get(ctx.list_url(), params=params, headers=headers) as response:
                    raw = await response.read()
                    if response.status != 200:
                        return n, [f"GET {ctx.list_url()} -> {response.status}"]
                page = json.loads(raw)
                for _model in page["results"][: n - count]:
                    count += 1
                cursor = _cursor(page["next"])
                if cursor is None or not page["results"]:
                    break
            return n, _listing_errors(n, count)

        phase = await _ameasure(ctx, iterate)
        phase.expected_requests = _pages(n)
        return phase


def alist_raw(ctx: Context, n: int) -> Phase:
    """The raw aiohttp twin of :func:`alist_ours`."""
    return asyncio.run(_alist_raw(ctx, n))


def first_model_id(server: EmulatorProcess) -> str:
    """The id of a model that always exists (with no custom models, the newest built-in one).

    Raises:
        BenchSetupError: The listing is empty or refused.
    """
    pool = urllib3.PoolManager()
    headers = {"Authorization": f"Api-Key {server.api_key}", "Accept": "application/json"}
    try:
        page = _raw_sync(pool, "GET", f"{server.url}{MODELS_PATH}?page_size=1", headers, None, 200)
    except (RawHTTPError, urllib3.exceptions.HTTPError) as exc:
        raise BenchSetupError(f"cannot list models: {exc}") from exc
    finally:
        pool.clear()
    if not page.get("results"):
        raise BenchSetupError("the emulator lists no models; a built-in one is needed")
    return str(page["results"][0]["id"])
