"""The HTTP side of a client: pools, their lifecycle, timeouts, error translation and logging.

A :class:`Transport` belongs to one :class:`~root.client.RootSignals` and keeps

* one synchronous generated ``ApiClient`` on one urllib3 pool: built on first use, shared by every
  thread;
* one asynchronous generated ``ApiClient`` (one aiohttp session) per running event loop: built
  inside that loop, and closed (and forgotten) by a watcher task when the loop shuts down, so two
  ``asyncio.run()`` calls in a row both work and no "Unclosed client session" is left.

Fork: a child process gets a fresh lock and no pools or sessions (``os.register_at_fork``). The
parent's sockets are left untouched: not used, not closed, so the parent's connections stay intact.

Close is final. :meth:`Transport.close` and :meth:`Transport.aclose` work from any thread and any
event loop. A call in flight when the client closes ends with :class:`~root.errors.ClientClosedError`
and is not retried. A session is closed in its own loop: by awaiting it in that loop, by scheduling
it there when that loop is running in another thread, or, when that loop is idle and was used by the
calling thread, by running it briefly (the only thread that may run it is the caller). A loop that is
idle in another thread is never run from here: its session is closed the next time it runs, or when
``asyncio.run`` shuts it down.

The generated REST objects are replaced by :class:`SyncRESTClient` and :class:`AsyncRESTClient`:
they send JSON, or multipart form data whose files are read as they are sent (:mod:`root._upload`),
apply our timeouts, turn every failure into a :mod:`root.errors` exception and log each exchange with
the ``Authorization`` header redacted. Their retries are off; retrying is :mod:`root._retry`'s job.
"""

from __future__ import annotations

import functools
import os
import threading
import time
import weakref
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from root._config import LOGGER_NAME, ClientOptions
from root._upload import MultipartBody, find_upload_failure, multipart_body
from root._version import __version__
from root.errors import (
    APIConnectionError,
    APITimeoutError,
    ClientClosedError,
    InvalidArgumentError,
    RootSignalsError,
    shown_url,
    status_error,
    unexpected_status_error,
)

if TYPE_CHECKING:
    import asyncio
    import ssl

    import aiohttp
    import urllib3

    from root.generated.openapi_aclient import ApiClient as AsyncApiClient
    from root.generated.openapi_client import ApiClient as SyncApiClient


USER_AGENT = f"rootsignals-python/{__version__}"
_R = TypeVar("_R", bound="_BufferedResponse")
_REDACTED = "<redacted>"


def _log_exchange(method: str, url: str, headers: Mapping[str, Any] | None, status: int | str, started: float) -> None:
    # Called once a request has been made, so urllib3 or aiohttp has imported logging already.
    import logging

    logger = logging.getLogger(LOGGER_NAME)
    if not logger.isEnabledFor(logging.DEBUG):
        return
    shown = {k: (_REDACTED if k.lower() == "authorization" else v) for k, v in (headers or {}).items()}
    elapsed_ms = (time.perf_counter() - started) * 1000
    logger.debug("HTTP %s %s -> %s in %.1f ms; request headers %s", method, url, status, elapsed_ms, shown)


def _encode_body(
    body: object, post_params: object = None, headers: dict[str, Any] | None = None
) -> bytes | MultipartBody | None:
    """The request's body: the generated client's JSON body, or its form fields as multipart/form-data.

    A multipart body replaces ``headers``' ``Content-Type`` with one that carries the boundary. One whose
    fields hold a file (:class:`~root._upload.FileUpload`) is a :class:`~root._upload.MultipartBody` that
    reads the file while it is sent, with its ``Content-Length`` set in ``headers``; the file is checked
    first, so a file that vanished or changed is an error before anything is sent.
    """
    if post_params:
        fields = [
            (str(name), value if isinstance(value, (str, bytes, tuple)) else str(value))
            for name, value in post_params  # type: ignore[attr-defined]
        ]
        multipart = multipart_body(fields)
        if headers is not None:
            for name in [k for k in headers if k.lower() in ("content-type", "content-length")]:
                del headers[name]
            headers["Content-Type"] = multipart.content_type
        if not multipart.streams:
            return multipart.to_bytes()
        multipart.check_files()
        if headers is not None:
            headers["Content-Length"] = str(multipart.content_length)
        return multipart
    if body is None:
        return None
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    import json

    return json.dumps(body, separators=(",", ":")).encode("utf-8")


def _sync_body(body: object, post_params: object, headers: dict[str, Any] | None) -> bytes | Iterator[bytes] | None:
    """The body as urllib3 sends it: bytes, or a streamed upload's chunks (sent with its ``Content-Length``)."""
    encoded = _encode_body(body, post_params, headers)
    return encoded.chunks() if isinstance(encoded, MultipartBody) else encoded


def _async_body(
    body: object, post_params: object, headers: dict[str, Any] | None
) -> bytes | AsyncIterator[bytes] | None:
    """The body as aiohttp sends it: bytes, or a streamed upload's chunks (sent with its ``Content-Length``)."""
    encoded = _encode_body(body, post_params, headers)
    return encoded.achunks() if isinstance(encoded, MultipartBody) else encoded


def _timeout_pair(value: object) -> tuple[float, float]:
    # The handwritten layer always passes (connect, total); anything else is a programming error.
    if isinstance(value, tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    raise RootSignalsError(f"internal error: expected a (connect, total) timeout, got {value!r}")


class _Exchange:
    """One request's bookkeeping, shared by the sync and async transports: its timeouts, its timing,
    its log line, and what its outcome becomes. Only the exception types they catch differ."""

    __slots__ = ("connect", "headers", "method", "started", "total", "url")

    def __init__(self, method: str, url: str, headers: Mapping[str, Any] | None, request_timeout: object) -> None:
        self.method = method
        self.url = url
        self.headers = headers
        self.connect, self.total = _timeout_pair(request_timeout)
        self.started = time.perf_counter()

    def failed(self, kind: str, exc: BaseException) -> APIConnectionError:
        """The error for a request that got no full response, logged.

        Args:
            kind: ``"refused"`` (no connection was made, so nothing was sent), ``"closed"`` (the client was
                closed while the request was in flight), ``"connect-timeout"``,
                ``"timeout"`` (the request may have been sent) or ``"broken"`` (the connection failed
                after it was made: the request may have been sent).
            exc: What the HTTP library raised.
        """
        _log_exchange(self.method, self.url, self.headers, f"{kind} ({type(exc).__name__})", self.started)
        method, url = self.method, shown_url(self.url)
        if kind == "refused":
            return APIConnectionError(f"Could not connect for {method} {url}: {exc}", request_sent=False)
        if kind == "closed":
            return ClientClosedError(
                f"The client was closed while {method} {url} was in flight; the request may have reached the "
                "service, and it is not retried"
            )
        if kind == "connect-timeout":
            return APITimeoutError(
                f"Connecting for {method} {url} took longer than {self.connect:g} s (the connect timeout)",
                request_sent=False,
                which="connect",
            )
        if kind == "timeout":
            return APITimeoutError(f"{method} {url} took longer than {self.total:g} s (the timeout of one attempt)")
        return APIConnectionError(f"Connection failed during {method} {url}: {type(exc).__name__}: {exc}")

    def response(self, cls: type[_R], status: int, reason: str | None, data: bytes, headers: Mapping[str, str]) -> _R:
        """Log the answer; return it buffered as ``cls`` when it is 2xx, else raise its :mod:`root.errors`
        exception."""
        _log_exchange(self.method, self.url, self.headers, status, self.started)
        if status >= 400:
            raise status_error(status, data, headers, method=self.method, url=self.url, reason=reason)
        if not 200 <= status < 300:
            raise unexpected_status_error(status, headers, method=self.method, url=self.url)
        return cls(status, reason, data, headers, self.method, self.url)


class _BufferedResponse:
    """A fully read response, in the shape the generated ``ApiClient`` expects of its REST layer,
    with the request's method and URL for error messages."""

    def __init__(
        self, status: int, reason: str | None, data: bytes, headers: Mapping[str, str], method: str, url: str
    ) -> None:
        self.status = status
        self.reason = reason
        self.data = data
        self.headers = headers
        self.method = method
        self.url = url

    @property
    def response(self) -> _BufferedResponse:
        # The generated ``*_without_preload_content`` methods hand back ``.response``: the buffered
        # response itself, whose ``data`` callers may parse directly.
        return self

    def getheaders(self) -> Mapping[str, str]:
        return self.headers

    def getheader(self, name: str, default: str | None = None) -> str | None:
        return self.headers.get(name, default)


class SyncResponse(_BufferedResponse):
    def read(self) -> bytes:
        return self.data


class AsyncResponse(_BufferedResponse):
    async def read(self) -> bytes:
        return self.data


class SyncRESTClient:
    """Sends the generated client's requests over one urllib3 pool (see the module docstring)."""

    def __init__(self, pool: urllib3.PoolManager) -> None:
        self.pool_manager = pool
        self.closed = False

    def request(
        self,
        method: str,
        url: str,
        headers: dict[str, Any] | None = None,
        body: object = None,
        post_params: object = None,
        _request_timeout: object = None,
    ) -> SyncResponse:
        import urllib3

        exchange = _Exchange(method, url, headers, _request_timeout)
        if self.closed:
            raise _closed_before(method, url)
        try:
            response = self.pool_manager.request(
                method,
                url,
                body=_sync_body(body, post_params, headers),
                headers=headers,
                timeout=urllib3.Timeout(connect=exchange.connect, total=exchange.total),
                retries=False,
                redirect=False,
                preload_content=True,
            )
        except Exception as exc:
            if self.closed:
                raise exchange.failed("closed", exc) from exc
            error = _sync_failure(exchange, exc)
            if error is exc:
                raise
            raise error from exc
        if self.closed:
            # The answer came, but close() ran meanwhile: a closed client hands out nothing more.
            raise exchange.failed("closed", ClientClosedError("closed during the request"))
        return exchange.response(SyncResponse, response.status, response.reason, response.data, response.headers)

    def close(self) -> None:
        self.closed = True
        self.pool_manager.clear()


def _closed_before(method: str, url: str) -> ClientClosedError:
    return ClientClosedError(
        f"This RootSignals client is closed; {method} {shown_url(url)} was not sent. Create a new client",
        request_sent=False,
    )


def _sync_failure(exchange: _Exchange, exc: Exception) -> Exception:
    """The error for what urllib3 raised: an :mod:`root.errors` one, or ``exc`` itself when it is none of
    urllib3's (a bug to surface, not to hide)."""
    from urllib3 import exceptions as e

    if isinstance(exc, e.NewConnectionError):  # before ConnectTimeoutError: it subclasses it
        return exchange.failed("refused", exc)
    if isinstance(exc, e.ConnectTimeoutError):
        return exchange.failed("connect-timeout", exc)
    if isinstance(exc, (e.ReadTimeoutError, e.TimeoutError)):
        return exchange.failed("timeout", exc)
    if isinstance(exc, (e.SSLError, e.ProxyError)):
        return exchange.failed("refused", exc)
    if isinstance(exc, (e.HTTPError, OSError)):
        return exchange.failed("broken", exc)
    return exc


class AsyncRESTClient:
    """Sends the generated async client's requests over one aiohttp session of one event loop."""

    def __init__(self, session: aiohttp.ClientSession, proxy: str | None) -> None:
        self.session = session
        self.proxy = proxy
        self.closed = False

    async def request(
        self,
        method: str,
        url: str,
        headers: dict[str, Any] | None = None,
        body: object = None,
        post_params: object = None,
        _request_timeout: object = None,
    ) -> AsyncResponse:

        import aiohttp

        exchange = _Exchange(method, url, headers, _request_timeout)
        if self.closed or self.session.closed:
            raise _closed_before(method, url)
        try:
            async with self.session.request(
                method,
                url,
                data=_async_body(body, post_params, headers),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=exchange.total, sock_connect=exchange.connect),
                proxy=self.proxy,
                allow_redirects=False,
            ) as response:
                data = await response.read()
        except Exception as exc:
            if self.closed or self.session.closed:
                # Closing the session broke this request (aiohttp says "Connection closed", or
                # "Session is closed" when it had not started yet).
                raise exchange.failed("closed", exc) from exc
            error = _async_failure(exchange, exc)
            if error is exc:
                raise
            raise error from exc
        if self.closed:
            raise exchange.failed("closed", ClientClosedError("closed during the request"))
        return exchange.response(AsyncResponse, response.status, response.reason, data, response.headers)

    async def close(self) -> None:
        self.closed = True
        await self.session.close()


def _async_failure(exchange: _Exchange, exc: Exception) -> Exception:
    """The error for what aiohttp raised; as :func:`_sync_failure`."""
    import asyncio

    import aiohttp

    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return exchange.failed("connect-timeout", exc)
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        return exchange.failed("timeout", exc)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return exchange.failed("refused", exc)
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        # A file that changed while it was sent breaks the upload: that, not the connection, is the error.
        upload_failure = find_upload_failure(exc)
        if upload_failure is not None:
            return upload_failure
        return exchange.failed("broken", exc)
    return exc


class _LoopClient:
    """One event loop's async client, its session, the thread that built it, and the task that closes it
    with the loop."""

    __slots__ = ("api_client", "closed", "loop", "rest", "thread", "watcher")

    def __init__(self, loop: asyncio.AbstractEventLoop, api_client: AsyncApiClient, rest: AsyncRESTClient) -> None:
        self.loop = loop
        self.api_client = api_client
        self.rest = rest
        self.thread = threading.get_ident()
        self.watcher: asyncio.Task[None] | None = None
        self.closed = False

    async def aclose(self) -> None:
        """Close the session, in its own loop, and end the watcher task (so no pending task is left)."""
        import asyncio

        if not self.closed:
            self.closed = True
            await self.rest.close()
        watcher = self.watcher
        if watcher is not None and watcher is not asyncio.current_task() and not watcher.done():
            watcher.cancel()
            await asyncio.wait([watcher])


def _start_closing(entry: _LoopClient) -> None:
    """Close ``entry`` in its loop, which is running now (a ``call_soon_threadsafe`` callback)."""
    task = entry.loop.create_task(entry.aclose(), name="root-signals-session-close")
    _closing.add(task)
    task.add_done_callback(_closing.discard)


_closing: set[asyncio.Task[None]] = set()
"""Closing tasks scheduled from outside their loop: held so that they are not collected mid-way."""


def _proxy_from_environment(url: str) -> str | None:
    import urllib.request
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and parts.hostname and urllib.request.proxy_bypass(parts.hostname):
        return None
    return proxy


def generated_api_client(module: Any, configuration: Any, rest_client: object) -> Any:
    """The generated ``module.ApiClient`` around our REST client, without building the generated one.

    The generated ``__init__`` builds a REST client of its own, only for us to replace it; the
    asynchronous one creates an SSL context for it, loading the CA bundle (about 20 ms per event loop).
    So this sets what that ``__init__`` sets, less its REST client; tests/test_transport_options.py
    checks that both give the same attributes, so a regenerated ``__init__`` cannot drift silently.
    """
    client = object.__new__(module.ApiClient)
    client.configuration = configuration
    client.rest_client = rest_client
    client.default_headers = {}
    client.cookie = None
    client.user_agent = USER_AGENT
    client.client_side_validation = configuration.client_side_validation
    return client


_transports: weakref.WeakSet[Transport] = weakref.WeakSet()
"""Every live transport, for :func:`_after_fork_in_child`."""
_inherited: list[object] = []
"""What a forked child inherited from its parent's transports: the parent's pools and sessions, kept
referenced so that they are never used, closed or collected (closing would touch the parent's sockets)."""


def _after_fork_in_child() -> None:
    for transport in list(_transports):
        transport._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Transport:
    """Owns the connection pools of one client; see the module docstring."""

    def __init__(self, options: ClientOptions) -> None:
        self.options = options
        self._lock = threading.Lock()
        self._sync: SyncApiClient | None = None
        self._sync_pid = os.getpid()
        self._loops: dict[asyncio.AbstractEventLoop, _LoopClient] = {}
        self._ssl_context: ssl.SSLContext | None = None
        self._closed = False
        _transports.add(self)

    def _after_fork(self) -> None:
        """In a forked child: a fresh lock (another thread of the parent may have held this one when it
        forked, and that thread does not exist here), and no pools or sessions."""
        self._lock = threading.Lock()
        if self._sync is not None or self._loops:
            _inherited.append((self._sync, list(self._loops.values())))
        self._sync = None
        self._sync_pid = os.getpid()
        self._loops = {}

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` or :meth:`aclose` has run."""
        return self._closed

    def _check_open(self) -> None:
        if self._closed:
            raise ClientClosedError("This RootSignals client is closed; create a new one", request_sent=False)

    def _tls_context(self) -> ssl.SSLContext | None:
        # One context for every pool and loop: building one loads the CA bundle, which is slow.
        if not self.options.base_url.startswith("https:") and self.options.ssl_ca_cert is None:
            return None
        if self._ssl_context is None:
            import ssl

            try:
                self._ssl_context = ssl.create_default_context(cafile=self.options.ssl_ca_cert)
            except (ssl.SSLError, OSError) as exc:
                # Only the file's existence is checked when the client is built (loading it is slow).
                raise InvalidArgumentError(
                    f"ssl_ca_cert must be the path of a CA bundle file; {self.options.ssl_ca_cert!r} could not be "
                    f"loaded: {exc}"
                ) from exc
        return self._ssl_context

    def _proxy(self) -> str | None:
        """The proxy for the base URL: the ``proxy`` option, else ``HTTP(S)_PROXY`` unless ``NO_PROXY``."""
        return self.options.proxy or _proxy_from_environment(self.options.base_url)

    def _configuration(self, module: Any) -> Any:
        config = module.Configuration(
            host=self.options.base_url,
            api_key={"publicApiKey": self.options.api_key},
            api_key_prefix={"publicApiKey": "Api-Key"},
        )
        # Request logging is ours (redacted); the generated debug switch would print raw headers.
        config.debug = False
        return config

    def sync_client(self) -> SyncApiClient:
        """The synchronous ``ApiClient``, built on first use and after a fork."""
        client = self._sync
        if client is not None and self._sync_pid == os.getpid() and not self._closed:
            return client
        with self._lock:
            self._check_open()
            if self._sync is None or self._sync_pid != os.getpid():
                # After a fork the parent's sockets are not ours to use or close: build anew.
                self._sync = self._build_sync()
                self._sync_pid = os.getpid()
            return self._sync

    def _build_sync(self) -> SyncApiClient:
        import urllib3

        from root.generated import openapi_client

        options = self.options
        pool_args: dict[str, Any] = {
            "maxsize": options.max_connections,
            "retries": False,
            "timeout": urllib3.Timeout(connect=options.timeout.connect, total=options.timeout.total),
            "headers": {"User-Agent": USER_AGENT},
        }
        context = self._tls_context()
        if context is not None:
            pool_args["ssl_context"] = context
        proxy = self._proxy()
        pool: urllib3.PoolManager
        pool = urllib3.ProxyManager(proxy, **pool_args) if proxy else urllib3.PoolManager(**pool_args)
        api_client: SyncApiClient = generated_api_client(
            openapi_client, self._configuration(openapi_client), SyncRESTClient(pool)
        )
        return api_client

    def async_client(self) -> AsyncApiClient:
        """The asynchronous ``ApiClient`` of the running event loop, built on first use in that loop."""
        import asyncio

        loop = asyncio.get_running_loop()
        entry = self._loops.get(loop)
        if entry is not None and not entry.closed:
            return entry.api_client
        with self._lock:
            self._check_open()
            # A loop closed without asyncio.run() (which would have ended its watcher) is forgotten here.
            for stale in [lp for lp in self._loops if lp.is_closed()]:
                del self._loops[stale]
            entry = self._loops.get(loop)
            if entry is None or entry.closed:
                entry = self._build_async(loop)
                self._loops[loop] = entry
                entry.watcher = loop.create_task(self._close_with_loop(entry), name="root-signals-session-closer")
        return entry.api_client

    def _build_async(self, loop: asyncio.AbstractEventLoop) -> _LoopClient:
        import aiohttp

        from root.generated import openapi_aclient

        options = self.options
        context = self._tls_context()
        connector = aiohttp.TCPConnector(limit=options.max_connections, ssl=context if context else True)
        # trust_env stays off: aiohttp would then look up ~/.netrc and the proxy variables in a thread
        # on every request (halving throughput), and a netrc entry would clash with our header. The
        # proxy variables are read once here instead, exactly as for the sync pool.
        session = aiohttp.ClientSession(
            connector=connector,
            headers={"User-Agent": USER_AGENT},
            trust_env=False,
            raise_for_status=False,
        )
        # aiohttp resends an idempotent request once, by itself, when its connection breaks; that hidden
        # attempt would hide from root._retry that an earlier attempt may have acted (a DELETE whose
        # answer was lost would end as a 404). root._retry is the one retry layer: turn it off, as
        # aiohttp's own test client does.
        if hasattr(session, "_retry_connection"):
            session._retry_connection = False
        rest = AsyncRESTClient(session, self._proxy())
        api_client = generated_api_client(openapi_aclient, self._configuration(openapi_aclient), rest)
        return _LoopClient(loop=loop, api_client=api_client, rest=rest)

    async def _close_with_loop(self, entry: _LoopClient) -> None:
        # asyncio.run() and asyncio.Runner cancel every pending task before closing the loop: that
        # cancellation is our cue to close this loop's session while the loop can still run it, and to
        # forget the loop, so that a dead loop is not kept alive by this client.
        import asyncio

        try:
            await asyncio.get_running_loop().create_future()
        finally:
            with self._lock:
                if self._loops.get(entry.loop) is entry:
                    del self._loops[entry.loop]
            await entry.aclose()

    def _close_all(self) -> list[Callable[[], object]]:
        """Mark the client closed, close the sync pool, and close or schedule closing every loop's session.

        Returns:
            The closings that must run an idle loop of the calling thread (see :meth:`close`), for the
            caller to run.
        """
        with self._lock:
            self._closed = True
            sync, self._sync = self._sync, None
            entries = list(self._loops.values())
            self._loops.clear()
        if sync is not None:
            sync.rest_client.close()  # type: ignore[attr-defined]  # a SyncRESTClient
        idle_here: list[Callable[[], object]] = []
        for entry in entries:
            # From now on a request of that loop, in flight or retried, ends with ClientClosedError.
            entry.rest.closed = True
            loop = entry.loop
            if entry.closed or loop.is_closed():
                continue
            if loop.is_running() or entry.thread != threading.get_ident():
                # Running (here or in another thread), or idle in another thread, which alone may run
                # it: the loop closes the session itself as soon as it runs.
                loop.call_soon_threadsafe(_start_closing, entry)
            else:
                idle_here.append(functools.partial(_run_closing, entry))
        return idle_here

    def close(self) -> None:
        """Close the synchronous pool and every event loop's session; from any thread.

        A session is closed in its own loop. A loop that is running (in any thread) or idle in another
        thread closes it the next time it runs. A loop that this thread used and left idle is run until
        its session is closed: directly when no loop is running in this thread, else in a helper thread
        while this one waits (this thread alone would run that loop, and it is busy here).
        """
        for closing in self._close_all():
            if _running_loop() is None:
                closing()
            else:
                helper = threading.Thread(target=closing, name="root-signals-session-close")
                helper.start()
                helper.join()

    async def aclose(self) -> None:
        """Close everything :meth:`close` does, and this event loop's session, awaiting it."""
        import asyncio

        loop = asyncio.get_running_loop()
        with self._lock:
            current = self._loops.pop(loop, None)
        if current is not None:
            # Closed at once, so a call of this loop that fails while the other loops close is not retried.
            current.rest.closed = True
        for closing in self._close_all():
            # An idle loop this thread used: closed in a helper thread while this loop goes on.
            await asyncio.to_thread(closing)
        if current is not None:
            await current.aclose()


def _run_closing(entry: _LoopClient) -> None:
    """Run ``entry``'s idle loop until its session is closed (only for the thread that used that loop)."""
    entry.loop.run_until_complete(entry.aclose())


_async_machinery_imported = False


def _import_async_machinery() -> None:
    global _async_machinery_imported
    import aiohttp  # noqa: F401

    import root.generated.openapi_aclient.api_client  # noqa: F401

    _async_machinery_imported = True


async def import_async_machinery() -> None:
    """Import aiohttp and the generated async package in a worker thread, the first time only: imported
    on the event loop, they would block it for about 0.3 s (asyncio's debug mode reports it)."""
    if not _async_machinery_imported:
        import asyncio

        await asyncio.to_thread(_import_async_machinery)


class ClientContext:
    """What ``RootSignals.client_context()`` returns: ``with`` gives the sync ``ApiClient``,
    ``async with`` the async one of the running loop. Leaving it closes nothing: the clients are
    long-lived and shared; :meth:`RootSignals.close` and :meth:`RootSignals.aclose` close them.
    """

    __slots__ = ("_transport",)

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def __enter__(self) -> SyncApiClient:
        return self._transport.sync_client()

    def __exit__(self, *exc_info: object) -> None:
        return None

    async def __aenter__(self) -> AsyncApiClient:
        await import_async_machinery()
        return self._transport.async_client()

    async def __aexit__(self, *exc_info: object) -> None:
        return None
