"""Running the emulator: in a background thread (:class:`Emulator`) or in the foreground (:func:`serve`)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import ipaddress
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from types import TracebackType
from typing import Any, Final, TypeVar

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.log import access_logger, server_logger
from aiohttp.web_protocol import RequestHandler

from root.emulator import replies
from root.emulator.app import STATE_KEY, EmulatorState, create_app
from root.emulator.faults import FaultConfig
from root.emulator.resources import datasets, evaluators, files, judge_claims, models, otel
from root.emulator.services import logs, verdicts

_T = TypeVar("_T")

DEFAULT_API_KEY: Final = "emulator-key"
# Handlers end quickly once the app shuts down (hanging ones are released); this only bounds a bug.
_SHUTDOWN_TIMEOUT: Final = 2.0
_CALL_TIMEOUT: Final = 30.0
_WILDCARD_HOSTS: Final = ("", "0.0.0.0", "::")

logger = logging.getLogger("root.emulator")


def bind_socket(host: str, port: int) -> socket.socket:
    """Returns a listening TCP socket on the first address ``host`` resolves to.

    Binding one socket ourselves, rather than letting aiohttp bind every address of ``host``, means
    ``port=0`` yields exactly one port.
    """
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, _, _, _, address = infos[0]
    return socket.create_server((address[0], port), family=family)


def base_url(host: str, port: int) -> str:
    """Returns ``http://host:port``, with an address clients can connect to for wildcard hosts."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class _JsonErrorHandler(RequestHandler):
    """aiohttp's connection handler, answering what it cannot parse as the emulator answers: JSON.

    aiohttp's own answer to a request it cannot parse is plain text that quotes the offending line, so
    an ``Authorization`` header with a control character came back with the API key in it. This answer
    names the status only, and logs no traceback for a client's mistake.
    """

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if status >= 500 and not isinstance(exc, HttpProcessingError):
            self.log_exception("Error handling request from %s", request.remote, exc_info=exc)
        else:
            # The message may quote a header (a key): it is not logged either.
            self.log_debug("Bad request from %s: %s", request.remote, status)
        if request.writer.output_size > 0:
            raise ConnectionError("Response is sent already, cannot send another response with the error message")
        if status >= 500:
            reply = replies.SERVER_ERROR
        elif status == 400:
            # The spec's 400 is field errors: a request that cannot be read has no field to name.
            reply = replies.non_field_error("Bad Request.")
        else:
            try:
                reply = replies.detail(status, f"{HTTPStatus(status).phrase}.")
            except ValueError:
                reply = replies.detail(status, "Bad request.")
        response = web.Response(status=reply[0], body=reply[1], content_type=replies.JSON)
        response.force_close()
        return response


class _JsonErrorServer(web.Server):
    def __call__(self) -> RequestHandler:
        return _JsonErrorHandler(self, loop=self._loop, **self._kwargs)


class EmulatorRunner(web.AppRunner):
    """An ``AppRunner`` whose connections answer requests aiohttp cannot parse with JSON, echoing nothing.

    Serve the emulator's application with it (as :class:`Emulator` and :func:`serve` do); any other
    runner serves it too, with aiohttp's plain-text answers to unparseable requests.
    """

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        return _JsonErrorServer(
            server.request_handler,
            request_factory=server.request_factory,
            handler_cancellation=server.handler_cancellation,
            loop=asyncio.get_running_loop(),
            **server._kwargs,
        )


def host_names(host: str) -> tuple[str, ...]:
    """The names clients use in ``Host`` for an emulator listening on ``host``: the host itself, and this
    machine's name for a wildcard host (see :meth:`EmulatorState.admin_refusal`)."""
    return (host, socket.gethostname()) if host in _WILDCARD_HOSTS else (host,)


async def start_site(runner: web.AppRunner, host: str, port: int) -> int:
    """Binds ``host``:``port`` and starts serving ``runner`` on it; returns the bound port.

    Listening beyond this machine's loopback interface logs a warning (logger ``root.emulator``): anyone
    who reaches the port can use the API and the admin API, unless ``api_keys`` are set.
    """
    sock = bind_socket(host, port)
    try:
        address, bound = sock.getsockname()[:2]
        await web.SockSite(runner, sock).start()
    except BaseException:
        sock.close()
        raise
    if not ipaddress.ip_address(address.partition("%")[0]).is_loopback:
        keys = STATE_KEY in runner.app and runner.app[STATE_KEY].api_keys
        logger.warning(
            "the emulator listens on %s, beyond this machine: anyone who can reach port %d can use it%s",
            address,
            bound,
            ", with one of its API keys" if keys else ", and its admin API can wipe it (set an API key: --api-key)",
        )
    return int(bound)


class Emulator:
    """The emulator, served from a background thread with its own event loop.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`::

        with Emulator() as emu:
            client = RootSignals(api_key=emu.api_key, base_url=emu.url)

    The control methods may be called from any thread other than the emulator's own; they run on the
    emulator's loop and wait for it. They raise RuntimeError while the emulator is not running.

    Args:
        host: Interface to listen on.
        port: Port to listen on; 0 picks a free one (see :attr:`url`).
        db: SQLite file path (created when missing, kept across restarts), or ``":memory:"``.
        api_keys: Accepted API keys; when empty, any non-empty key is accepted.
        seed: Seed for fault ``fraction``.
        spec: The OpenAPI document to follow; None is the one shipped in the package.
        check_responses: Validate every API response against the spec with openapi-core, and keep
            those that fail (:meth:`response_failures`); for tests.
        **settings: Initial settings, which :meth:`reset` restores: ``max_page_size`` (the largest
            ``page_size`` a listing honours), ``next_style`` (``"url"``, or ``"token"`` to put bare cursors
            in ``next``/``previous``), ``public_url`` (base of ``next``/``previous`` URLs; None uses each
            request's scheme and host), ``body_timeout`` (seconds a request body may take to arrive) and
            ``request_log_bytes`` (the most the request log keeps). See :class:`root.emulator.settings.Settings`.

    Raises:
        ValueError: An argument is invalid.
        ImportError: The ``emulator`` extra is not installed (``pip install -e '.[emulator]'`` in a clone).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str | os.PathLike[str] = ":memory:",
        api_keys: Iterable[str] = (),
        seed: int | None = None,
        spec: str | os.PathLike[str] | None = None,
        check_responses: bool = False,
        **settings: Any,
    ) -> None:
        self._host = host
        self._requested_port = port
        self._app_args: dict[str, Any] = {
            "db": db,
            "api_keys": tuple(api_keys),
            "seed": seed,
            "spec": spec,
            "check_responses": check_responses,
            **settings,
        }
        # Fail at construction, not in the emulator thread, on bad arguments.
        create_app(**self._app_args)
        self._api_keys: tuple[str, ...] = self._app_args["api_keys"]
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._state: EmulatorState | None = None
        self._port: int | None = None

    # -- lifecycle ----------------------------------------------------------------------------------------

    def start(self) -> Emulator:
        """Starts serving; returns once the port is bound and the database is open.

        Returns:
            This emulator.

        Raises:
            RuntimeError: It is already running.
            OSError: The address cannot be bound.
        """
        with self._lock:
            if self._thread is not None:
                raise RuntimeError("the emulator is already running")
            started: concurrent.futures.Future[None] = concurrent.futures.Future()
            thread = threading.Thread(target=self._run, args=(started,), name="root-emulator", daemon=True)
            thread.start()
            try:
                started.result()
            except BaseException:
                thread.join()
                raise
            self._thread = thread
        return self

    def stop(self) -> None:
        """Stops serving and waits until the port is released and the database is closed.

        Requests in progress are cut off; hanging ones are dropped. Does nothing when not running.
        """
        with self._lock:
            thread, loop = self._thread, self._loop
            if thread is None or loop is None:
                return
            if threading.current_thread() is thread:
                raise RuntimeError("the emulator cannot be stopped from its own thread")
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _run(self, started: concurrent.futures.Future[None]) -> None:
        loop = asyncio.new_event_loop()
        try:
            try:
                runner = loop.run_until_complete(self._open())
            except BaseException as exc:
                started.set_exception(exc)
                return
            self._loop = loop
            started.set_result(None)
            loop.run_forever()
            loop.run_until_complete(runner.cleanup())
        finally:
            self._loop = None
            self._state = None
            _close_loop(loop)

    async def _open(self) -> web.AppRunner:
        app = create_app(allowed_hosts=host_names(self._host), **self._app_args)
        runner = EmulatorRunner(app, access_log=None, shutdown_timeout=_SHUTDOWN_TIMEOUT)
        await runner.setup()
        try:
            self._port = await start_site(runner, self._host, self._requested_port)
        except BaseException:
            await runner.cleanup()
            raise
        self._state = app[STATE_KEY]
        return runner

    # -- properties ---------------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the emulator is serving."""
        return self._thread is not None

    @property
    def port(self) -> int:
        """The bound port (the real one when constructed with ``port=0``)."""
        if self._port is None:
            raise RuntimeError("the emulator has not been started")
        return self._port

    @property
    def url(self) -> str:
        """The base URL to point a client at, e.g. ``http://127.0.0.1:54321``."""
        return base_url(self._host, self.port)

    @property
    def api_key(self) -> str:
        """A key the emulator accepts: the first of ``api_keys``, or ``"emulator-key"`` when any is."""
        return self._api_keys[0] if self._api_keys else DEFAULT_API_KEY

    # -- controls -----------------------------------------------------------------------------------------

    def _call(self, fn: Callable[[EmulatorState], _T]) -> _T:
        loop, state = self._loop, self._state
        if loop is None or state is None:
            raise RuntimeError("the emulator is not running")
        if threading.current_thread() is self._thread:
            # Already on the loop (say, from a handler or callback): waiting for it would deadlock.
            return fn(state)
        done: concurrent.futures.Future[_T] = concurrent.futures.Future()

        def run() -> None:
            try:
                done.set_result(fn(state))
            except BaseException as exc:
                done.set_exception(exc)

        loop.call_soon_threadsafe(run)
        return done.result(timeout=_CALL_TIMEOUT)

    def set_faults(self, config: FaultConfig | None = None, /, **keys: Any) -> FaultConfig:
        """Makes matching requests fail, stall, hang or drop; replaces any faults set before.

        Pass a :class:`FaultConfig`, or its keys (documented in :mod:`root.emulator.faults`)::

            emu.set_faults(status=503, first=2, retry_after="1")
            emu.set_faults(drop="after", methods="POST", first=1)

        Returns:
            The active config.

        Raises:
            ValueError: The keys are invalid.
        """
        if config is None:
            config = FaultConfig.from_mapping(keys)
        elif keys:
            raise TypeError("pass either a FaultConfig or keyword arguments, not both")
        active = config
        self._call(lambda s: s.set_faults(active))
        return active

    def clear_faults(self) -> None:
        """Stops injecting faults."""
        self._call(lambda s: s.set_faults(None))

    def faults(self) -> dict[str, Any]:
        """Returns ``{"faults": {...} or None, "matched": n, "hits": n}``."""
        return self._call(lambda s: s.faults())

    def configure(self, **settings: Any) -> dict[str, Any]:
        """Changes the given settings: ``max_page_size``, ``next_style``, ``public_url`` (``None`` goes back
        to request-based URLs), ``body_timeout``, ``request_log_bytes``; see
        :class:`root.emulator.settings.Settings`.

        Returns:
            All settings after the change.

        Raises:
            ValueError: An unknown setting or an invalid value; nothing changes then.
        """
        return self._call(lambda s: s.configure(**settings))

    def reset(self) -> int:
        """Deletes everything the API and the admin API made (custom models, objectives, datasets,
        evaluators, judges, execution logs, verdicts), keeping the built-in models and the preset
        evaluators; clears faults and the request log, and restores the settings given to the constructor.

        Returns:
            How many objects were deleted (verdicts and versions are not counted).
        """
        return self._call(lambda s: s.reset())

    def requests(self) -> list[dict[str, Any]]:
        """Returns the request log, oldest first (admin requests are not logged).

        See :meth:`EmulatorState.request_log` for the keys of each entry.
        """
        return self._call(lambda s: s.request_log())

    def clear_requests(self) -> None:
        """Empties the request log."""
        self._call(lambda s: s.clear_requests())

    def response_failures(self) -> list[dict[str, Any]]:
        """Returns the API responses that did not conform to the spec (with ``check_responses=True``).

        Each has ``method``, ``path``, ``query``, ``status`` and ``error``; :meth:`reset` keeps them.
        """
        return self._call(lambda s: s.response_failures())

    def clear_response_failures(self) -> None:
        """Forgets the nonconforming responses seen so far."""
        self._call(lambda s: s.clear_response_failures())

    def add_execution_log(self, **fields: Any) -> dict[str, Any]:
        """Adds an execution log, as an evaluator or judge run would (the API cannot create one).

        Args:
            **fields: The log's fields as its details show them (``score``, ``tags``, ``executed_item_id``,
                ``executed_item_name``, ``execution_type``, ``llm_output`` ...); ``id`` and ``created_at``
                (ISO 8601, with a time zone) may be given too. A field left out is null, or empty when
                the spec does not allow null.

        Returns:
            The log as ``GET /v1/execution-logs/{log_id}/`` shows it.

        Raises:
            ValueError: ``created_at`` is not an ISO 8601 time with a time zone.
        """
        created_at = fields.pop("created_at", None)
        return self._call(lambda s: logs.append_log(s.engine, fields, created_at=created_at))

    def add_trace(
        self,
        spans: list[dict[str, Any]],
        *,
        trace_id: str | None = None,
        input_preview: str | None = None,
        output_preview: str | None = None,
    ) -> dict[str, Any]:
        """Adds an OpenTelemetry trace's spans, as the service's receiver would (the API only reads traces).

        ::

            emu.add_trace([{"span": {"name": "chat", "attributes": {"input.value": "hi"}}}])

        Args:
            spans: The spans, each ``{"span_id", "parent_span_id", "timestamp", "span"}`` with every key
                optional (``span`` holds the span's ``name``, ``attributes`` ...; ``timestamp`` is ISO
                8601 with a time zone, now when left out).
            trace_id: 32 lowercase hexadecimal digits; a new id when None. Spans of a trace that exists
                are added to it.
            input_preview: The trace's input preview; None takes the root span's ``input.value``.
            output_preview: The trace's output preview; None takes the root span's ``output.value``.

        Returns:
            The trace as ``GET /v1/otel/traces/`` lists it.

        Raises:
            ValueError: A malformed id, span or time, or a span id the trace already has.
        """
        trace: dict[str, Any] = {"spans": spans, "trace_id": trace_id}
        previews = {"input_preview": input_preview, "output_preview": output_preview}
        trace.update({k: v for k, v in previews.items() if v is not None})
        return self._call(lambda s: otel.add_trace(s.engine, trace))

    def set_verdict(
        self,
        evaluator: str,
        pattern: str = "",
        score: float = 0.0,
        justification: str | None = None,
        turn: int | None = None,
    ) -> dict[str, Any]:
        """Makes runs of an evaluator whose response (or turn ``turn``) matches ``pattern`` score ``score``,
        instead of the emulator's own deterministic score (for evaluator runs, judge runs and calibration
        alike).

        ::

            emu.set_verdict("Politeness", pattern="rude", score=0.1, justification="Rude.")

        The newest verdict that matches a run wins; :meth:`reset` and :meth:`clear_verdicts` forget them.

        Args:
            evaluator: The evaluator's id or name (a preset's name, say ``"Politeness"``).
            pattern: A regular expression searched in the run's response, case-insensitively, in time
                linear in the response (RE2 syntax: no backreferences or lookaround; see
                :mod:`root.emulator.patterns`); empty (the default) matches every response.
            score: The score, from 0 to 1.
            justification: The justification; None says it is a verdict set by the test.
            turn: None searches the response (of a conversation without one: its last assistant turn's
                content); an index into a conversation's turns (from 0; negative from the end) searches
                that turn's content and tool calls instead, and only runs that have that turn match.

        Returns:
            The verdict as stored.

        Raises:
            ValueError: An empty evaluator, a pattern that does not compile, a score outside [0, 1], or a
                turn that is no integer.
        """
        return self._call(lambda s: verdicts.set_verdict(s.engine, evaluator, pattern, score, justification, turn))

    def verdicts(self) -> list[dict[str, Any]]:
        """Returns the verdicts set, newest (first to match) first."""
        return self._call(lambda s: verdicts.verdicts(s.engine))

    def add_claim_token(self, judge_id: str) -> dict[str, str]:
        """Makes a claim token for a judge, as the service hands one to a temporary user with a judge it
        generated; ``POST /v1/judges/claim/`` with it answers the judge (see
        :mod:`root.emulator.resources.judge_claims`).

        Returns:
            ``{"claim_token": ..., "judge_id": ...}``.

        Raises:
            KeyError: There is no such judge.
        """
        return self._call(lambda s: judge_claims.add_claim_token(s.engine, str(judge_id)))

    def evaluators(self) -> list[dict[str, str]]:
        """Returns the evaluators it holds (the presets, and those the API created) as ``{"id", "name"}``,
        by name: what :meth:`set_verdict` can name."""
        return self._call(lambda s: evaluators.known(s.engine))

    def clear_verdicts(self) -> int:
        """Forgets every verdict; runs score deterministically again. Returns how many there were."""
        return self._call(lambda s: verdicts.clear_verdicts(s.engine))

    def dataset_file(self, dataset_id: str) -> dict[str, Any]:
        """Returns the file stored with an uploaded dataset, which the API does not serve.

        Returns:
            ``name`` (the uploaded file's name), ``content`` (its text), ``header`` (the first row when the
            upload said ``has_header``, else None) and ``rows`` (the other rows, as lists of strings).

        Raises:
            KeyError: There is no such dataset, or it was given by URL, without a file.
        """
        return self._call(lambda s: datasets.stored_file(s.engine, dataset_id))

    def uploaded_file(self, file_id: str) -> tuple[str, bytes]:
        """Returns a file uploaded with ``POST /v1/files/`` (``client.files.upload``): its name and content.

        Raises:
            KeyError: No file has this id.
        """
        return self._call(lambda s: files.stored_file(s.engine, str(file_id)))

    def count_models(self, name: str | None = None, name_prefix: str | None = None) -> int:
        """Counts custom models in the database, optionally by exact name or by name prefix."""
        return self._call(lambda s: models.count(s.store, name, name_prefix))

    def stored_default_key(self, model_id: str) -> str | None:
        """Returns the default key stored for a model (the API never returns it), or None when unset.

        Raises:
            KeyError: There is no such model.
        """
        key: str | None = self._call(lambda s: models.stored_field(s.store, model_id, "default_key"))
        return key


def _not_a_client_error(record: logging.LogRecord) -> bool:
    # aiohttp logs a traceback for every request it cannot parse, then answers 400 anyway; that is the
    # client's problem, not worth a traceback on the emulator's console.
    return not (record.exc_info and isinstance(record.exc_info[1], HttpProcessingError))


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    try:
        tasks = asyncio.all_tasks(loop)
        for task in tasks:
            task.cancel()
        if tasks:
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        loop.close()


async def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    access_log: bool = False,
    ready: Callable[[str], None] | None = None,
    **app_args: Any,
) -> None:
    """Serves the emulator in the running event loop until SIGINT or SIGTERM.

    Args:
        host: Interface to listen on.
        port: Port to listen on; 0 picks a free one.
        access_log: Whether to log each request (logger ``aiohttp.access``).
        ready: Called with the base URL once listening.
        **app_args: Passed to :func:`create_app`.
    """
    app = create_app(allowed_hosts=host_names(host), **app_args)
    runner = EmulatorRunner(
        app,
        access_log=access_logger if access_log else None,
        shutdown_timeout=_SHUTDOWN_TIMEOUT,
    )
    await runner.setup()
    server_logger.addFilter(_not_a_client_error)
    try:
        bound = await start_site(runner, host, port)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            # Windows has no loop signal handlers; Ctrl-C arrives as KeyboardInterrupt there.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(signum, stop.set)
        try:
            if ready is not None:
                ready(base_url(host, bound))
            await stop.wait()
        finally:
            if sys.platform != "win32":
                for signum in (signal.SIGINT, signal.SIGTERM):
                    loop.remove_signal_handler(signum)
    finally:
        await runner.cleanup()
        server_logger.removeFilter(_not_a_client_error)
