"""The emulator's aiohttp application: the HTTP plumbing around the engine.

This module knows no resource. It authenticates (``Authorization: Api-Key <key>``; failures are 401
with a ``detail``), gives every response a unique ``X-Request-Id`` header, injects faults
(:mod:`root.emulator.faults`), logs requests (write-only fields redacted) and serves the admin API under
``/_emulator/``, which answers only what a web page cannot forge (:meth:`EmulatorState.admin_refusal`).
What each API path does is the engine's (:mod:`root.emulator.engine`), for the resources declared in
:mod:`root.emulator.resources`; a path no resource serves is ``404 Not found.``; bodies are JSON unless a
reply's headers name another ``Content-Type`` (a YAML export). All keys act for one organization.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import ipaddress
import itertools
import logging
import os
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from http import HTTPStatus
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from root.emulator import replies
from root.emulator.contract import load_contract
from root.emulator.engine import AdminAction, Engine, Resource
from root.emulator.faults import FaultConfig, FaultInjector
from root.emulator.replies import JSON, Action, Reply
from root.emulator.resources import ADMIN, RESOURCES
from root.emulator.settings import Settings
from root.emulator.store import Store

logger = logging.getLogger("root.emulator")

MAX_BODY_SIZE: Final = 21 * 1024 * 1024
"""A larger request body is refused with 413; the spec's limits keep valid bodies below it (a file upload's
20 MB and its form; an objective's 100,000-character intent is at most 1.2 MB of JSON)."""
REQUEST_LOG_LIMIT: Final = 10_000
"""The request log keeps at most this many most recent requests (and at most ``request_log_bytes``)."""

_HANG_POLL: Final = 0.05


def _drop(request: web.BaseRequest) -> web.Response:
    transport = request.transport
    if transport is not None:
        transport.close()
    # aiohttp cannot write this to the closed transport; it treats that as a client disconnect and
    # moves on without logging anything.
    return web.Response(status=500)


def _send_partial(request: web.BaseRequest, reply: Reply, request_id: str) -> web.Response:
    status, body, headers = reply
    if body is None or request.method == "HEAD":
        # Without a body, clients take a cut after the headers (or even inside them) for a complete
        # response, so cut the status line short instead.
        data = f"HTTP/1.1 {status}"[:-1].encode()
    else:
        lines = [
            f"HTTP/1.1 {status} {HTTPStatus(status).phrase}",
            f"X-Request-Id: {request_id}",
            f"Content-Type: {JSON}",
            f"Content-Length: {len(body)}",
        ]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        data = ("\r\n".join(lines) + "\r\n\r\n").encode() + body[: len(body) // 2]
    transport = request.transport
    if transport is not None:
        transport.write(data)
        # close() sends what is buffered first, then the FIN.
        transport.close()
    return web.Response(status=500)


async def _answer_and_close(request: web.BaseRequest, response: web.StreamResponse) -> web.StreamResponse:
    """Sends a response, then closes the connection at once, without waiting for the rest of the body."""
    response.force_close()
    with contextlib.suppress(ConnectionError):
        await response.prepare(request)
        await response.write_eof()
    # aiohttp would otherwise linger, reading what is left of the body for up to 10 seconds.
    request.protocol.force_close()
    return response


@web.middleware
async def json_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Answers every error as JSON ``{"detail": ...}``: aiohttp's own (``HTTPException``), and a failure of
    the emulator (500, logged with its traceback), which the API pipeline already answers itself."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {k: v for k, v in exc.headers.items() if k.lower() in ("allow", "retry-after")}
        return admin_error(replies.detail(exc.status, f"{exc.reason}.", headers or None))
    except Exception:
        logger.exception("emulator failed on %s %s", request.method, _text(request.path))
        return admin_error(replies.SERVER_ERROR)


def admin_reply(status: int, obj: object) -> web.Response:
    """An admin API answer."""
    return web.Response(status=status, body=replies.dumps(obj), content_type=JSON)


def admin_error(reply: Reply) -> web.Response:
    """An admin API answer from an API reply."""
    status, body, headers = reply
    return web.Response(status=status, body=body, content_type=JSON, headers=headers)


ADMIN_BODY_METHODS: Final = frozenset({"POST", "PUT", "PATCH"})
"""Admin requests of these methods must say ``Content-Type: application/json`` when no API key guards them."""
_LOOPBACK_NAME: Final = "localhost"

_REDACTED: Final = "<redacted>"
_CREDENTIAL_HEADERS: Final = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})
BODY_TIMEOUT_DETAIL: Final = "The request body did not arrive in time."
# The answer to a client that went away mid-body: it never arrives, so it is not logged as answered.
_CLIENT_GONE: Final = replies.detail(400, "The connection closed before the whole request body arrived.")


def _text(value: str) -> str:
    """A string as JSON can carry it: undecodable bytes (aiohttp keeps them as lone surrogates) become U+FFFD."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:
            return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _redact(value: Any, secret_fields: frozenset[str]) -> Any:
    """A parsed body with every value of a secret field, at any depth, replaced by ``<redacted>``.

    Recursion is bounded: a body reaches here only after :func:`replies.parse_json` checked its depth.
    """
    if isinstance(value, dict):
        return {
            k: _REDACTED if k in secret_fields and v is not None else _redact(v, secret_fields)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_redact(v, secret_fields) for v in value]
    return value


def _logged_body(raw: bytes, secret_fields: frozenset[str], limit: int) -> tuple[Any, int, bool]:
    """What the log keeps of a body: ``(JSON-ready form, its size in bytes, whether it was truncated)``.

    A JSON body is kept parsed, with secret fields redacted. Any other body is kept as text, cut at the
    first mention of a secret field's name (case-insensitively), since nothing there says where the
    secret ends. Either is truncated to ``limit`` bytes of its JSON text (then kept as that text).
    """
    data: Any
    try:
        data = _redact(replies.parse_json(raw), secret_fields)
    except ValueError:
        data = raw.decode("utf-8", "replace")
        lowered = data.lower()
        cuts = [i for i in (lowered.find(name.lower()) for name in secret_fields) if i >= 0]
        if cuts:
            data = data[: min(cuts)] + _REDACTED
    text = replies.dumps(data)
    if len(text) <= limit:
        return data, len(text), False
    cut = text[:limit].decode("utf-8", "ignore")
    return cut, len(cut.encode()), True


def host_name(value: str) -> str | None:
    """The lower-cased name in a ``Host`` header (or an ``Origin``'s authority), without port or brackets;
    None when it cannot be read."""
    try:
        parts = urlsplit("//" + value.strip())
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    return parts.hostname or None


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class _Logged:
    """One request in the log; filled in as the request goes through the pipeline.

    It keeps only JSON-ready, redacted data, never the request's bytes or headers object, and counts its
    size in bytes (``size``) so that the log can bound what it keeps.
    """

    __slots__ = (
        "body",
        "fault",
        "headers",
        "kept",
        "method",
        "path",
        "query",
        "request_id",
        "size",
        "status",
        "time",
        "truncated",
    )

    def __init__(self, request: web.Request, request_id: str) -> None:
        self.method = _text(request.method)
        self.path = _text(request.path)
        self.query = _text(request.query_string)
        headers: dict[str, str] = {}
        for name, value in request.headers.items():
            name = _text(name)
            if name.lower() in _CREDENTIAL_HEADERS:
                # The scheme stays (``Api-Key <redacted>``), so tests can see that a key was sent.
                scheme, _, credential = value.strip().partition(" ")
                value = f"{_text(scheme)} {_REDACTED}" if credential else _REDACTED
            headers[name] = _text(value) if name not in headers else f"{headers[name]}, {_text(value)}"
        self.headers = headers
        self.time = time.time()
        self.request_id = request_id
        self.body: Any = None
        self.truncated = False
        self.status: int | None = None
        self.fault: str | None = None
        self.kept = True
        self.size = len(self.path) + len(self.query) + sum(len(k) + len(v) for k, v in headers.items()) + 200

    def to_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready data (credentials were redacted when it was made)."""
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "params": parse_qs(self.query, keep_blank_values=True),
            "headers": dict(self.headers),
            "body": copy.deepcopy(self.body),
            "body_truncated": self.truncated,
            "time": self.time,
            "request_id": self.request_id,
            "status": self.status,
            "fault": self.fault,
        }


class EmulatorState:
    """Everything one emulator application holds: settings, store, faults and request log.

    Its methods other than the request handlers are the emulator's controls; they must run on the
    application's event loop thread (``Emulator`` takes care of that).

    Args:
        db: SQLite file path, or ``":memory:"``.
        api_keys: Accepted keys; empty accepts any non-empty key.
        settings: Initial settings; :meth:`reset` returns to them.
        seed: Default seed for fault ``fraction``.
        faults: Faults active from the start.
        spec: The OpenAPI document to follow; None is the one shipped in the package.
        check_responses: Validate every API response against the spec.
        resources: The resources to serve (:mod:`root.emulator.resources`).
        admin: Admin endpoints of the resources, by path.
        allowed_hosts: Names the admin API answers to in ``Host`` besides ``localhost`` and IP addresses
            (say the host it listens on); see :meth:`admin_refusal`.
    """

    def __init__(
        self,
        *,
        db: str | os.PathLike[str] = ":memory:",
        api_keys: Iterable[str] = (),
        settings: Settings | None = None,
        seed: int | None = None,
        faults: FaultConfig | None = None,
        spec: str | os.PathLike[str] | None = None,
        check_responses: bool = False,
        resources: Sequence[Resource] = RESOURCES,
        admin: Mapping[str, AdminAction] = ADMIN,
        allowed_hosts: Iterable[str] = (),
    ) -> None:
        self.db = os.fspath(db)
        self.allowed_hosts = frozenset(name.strip().strip("[]").lower() for name in allowed_hosts if name.strip())
        self.api_keys = frozenset(api_keys)
        if any(not isinstance(k, str) or not k or k != k.strip() for k in self.api_keys):
            raise ValueError("API keys must be non-empty strings without surrounding whitespace")
        self.initial_settings = settings if settings is not None else Settings()
        self.settings = Settings(**asdict(self.initial_settings))
        self.seed = seed
        self.contract = load_contract(spec)
        self.engine = Engine(self.contract, resources, lambda: self.settings)
        self._admin_actions = dict(admin)
        self.check_responses = check_responses
        self._response_failures: list[dict[str, Any]] = []
        self._injector: FaultInjector | None = None
        if faults is not None:
            self.set_faults(faults)
        self._log: deque[_Logged] = deque()
        self._log_bytes = 0
        self._request_ids = itertools.count(1)
        self._request_id_prefix = secrets.token_hex(4)
        self._stopping = asyncio.Event()

    @property
    def store(self) -> Store:
        """The open store; raises RuntimeError when the application is not running."""
        return self.engine.store

    # -- application wiring -------------------------------------------------------------------------------

    def attach(self, app: web.Application) -> None:
        """Adds this state's routes and lifecycle hooks to ``app``."""
        app[STATE_KEY] = self
        app.cleanup_ctx.append(self._lifetime)
        app.on_shutdown.append(self._on_shutdown)
        router = app.router
        for path, action in self.engine.routes().items():
            router.add_route("*", path, self._handler(action))
        admin: dict[str, Callable[[web.Request], Awaitable[web.StreamResponse]]] = {
            path: self._admin_handler(admin_action) for path, admin_action in self._admin_actions.items()
        }
        admin["/_emulator/faults"] = self._admin_faults
        admin["/_emulator/config"] = self._admin_config
        admin["/_emulator/reset"] = self._admin_reset
        admin["/_emulator/requests"] = self._admin_requests
        admin["/_emulator/state"] = self._admin_state
        for path, handler in admin.items():
            router.add_route("*", path, self._admin_route(handler))
        router.add_route("*", "/{tail:.*}", self._handle_unknown)

    async def _lifetime(self, app: web.Application) -> AsyncIterator[None]:
        self.engine.open(self.db)
        self._stopping.clear()
        try:
            yield
        finally:
            self.engine.close()

    async def _on_shutdown(self, app: web.Application) -> None:
        # Releases hanging and delayed requests, so stopping never waits for them.
        self._stopping.set()

    # -- controls -----------------------------------------------------------------------------------------

    def set_faults(self, config: FaultConfig | None) -> None:
        """Replaces the active faults (None clears them), restarting their counts and random sequence."""
        self._injector = FaultInjector(config, self.seed) if config is not None else None

    def faults(self) -> dict[str, Any]:
        """Returns the active faults and how many requests they matched and hit."""
        injector = self._injector
        if injector is None:
            return {"faults": None, "matched": 0, "hits": 0}
        return {"faults": injector.config.to_dict(), "matched": injector.matched, "hits": injector.hits}

    def configure(self, **settings: Any) -> dict[str, Any]:
        """Changes the given settings (the fields of :class:`Settings`); returns all settings.

        Raises:
            ValueError: An unknown setting or an invalid value; nothing is changed then.
        """
        self.settings = self.settings.replace(settings)
        self._trim_log()
        return asdict(self.settings)

    def reset(self) -> int:
        """Deletes what the API (or the admin API) created, clears faults and the request log, restores the
        initial settings.

        Returns:
            How many objects were deleted (custom models, objectives, datasets, execution logs...).
        """
        deleted = self.engine.reset()
        self._injector = None
        self.clear_requests()
        self.settings = Settings(**asdict(self.initial_settings))
        return deleted

    def request_log(self) -> list[dict[str, Any]]:
        """Returns the logged requests, oldest first.

        Each entry has ``method``, ``path``, ``query`` (the raw query string), ``params`` (the query parsed
        to lists of values), ``headers`` (credentials redacted: ``Api-Key <redacted>``), ``body`` (the
        decoded JSON body, with write-only fields such as ``default_key`` redacted at any depth; None when
        there was none; the text when it is not JSON, cut at the first mention of a write-only field's
        name), ``body_truncated`` (whether ``body`` is only the start of the body's JSON text, because it
        was larger than ``request_log_bytes``), ``time`` (Unix time of arrival), ``request_id``, ``status`` (what the
        emulator answered or, for ``drop="after"``/``"mid"``, would have answered; None while in
        progress, and for requests dropped before acting or hanging) and ``fault`` (None, or which fault
        hit it: ``status``, ``delay``, ``hang``, ``drop-before``, ``drop-after``, ``drop-mid``).
        """
        return [entry.to_dict() for entry in self._log]

    def clear_requests(self) -> None:
        """Empties the request log."""
        for entry in self._log:
            entry.kept = False
        self._log.clear()
        self._log_bytes = 0

    def _log_request(self, entry: _Logged) -> None:
        self._log.append(entry)
        self._log_bytes += entry.size
        self._trim_log()

    def _log_body(self, entry: _Logged, raw: bytes) -> None:
        if not raw:
            return
        # What the rest of the entry leaves of the bound: one entry alone always fits.
        limit = max(0, self.settings.request_log_bytes - entry.size)
        entry.body, size, entry.truncated = _logged_body(raw, self.contract.write_only_fields(), limit)
        entry.size += size
        if entry.kept:
            self._log_bytes += size
            self._trim_log()

    def _trim_log(self) -> None:
        """Drops the oldest entries beyond :data:`REQUEST_LOG_LIMIT` entries or ``request_log_bytes``."""
        log, bound = self._log, self.settings.request_log_bytes
        while log and (len(log) > REQUEST_LOG_LIMIT or self._log_bytes > bound):
            dropped = log.popleft()
            dropped.kept = False
            self._log_bytes -= dropped.size

    def response_failures(self) -> list[dict[str, Any]]:
        """Returns the API responses that did not conform to the spec, oldest first (with ``check_responses``).

        Each has ``method``, ``path``, ``query``, ``status`` and ``error`` (what openapi-core found wrong).
        Faults and paths no resource serves are not checked; :meth:`reset` does not clear the list.
        """
        return list(self._response_failures)

    def clear_response_failures(self) -> None:
        """Empties the list of nonconforming responses."""
        self._response_failures.clear()

    def _check(self, request: web.Request, reply: Reply) -> None:
        status, body, headers = reply
        media_type = (headers or {}).get("Content-Type", JSON) if body is not None else None
        query = {k: request.query.getall(k) for k in request.query}
        method = "GET" if request.method == "HEAD" else request.method
        if method == "OPTIONS" or reply == replies.SERVER_ERROR:
            return  # OPTIONS is DRF's, not the contract's; an emulator failure is logged already.
        template = request.match_info.route.resource.canonical if request.match_info.route.resource else request.path
        error = self.contract.check_response(method, template, request.path, query, status, body, media_type)
        if error is not None:
            logger.warning(
                "response does not conform to the spec: %s %s -> %s: %s", method, request.path, status, error
            )
            failure = {"method": method, "path": request.path, "query": request.query_string, "status": status}
            self._response_failures.append(failure | {"error": error})

    def snapshot(self, name: str | None = None, name_prefix: str | None = None) -> dict[str, Any]:
        """Returns counts, settings and faults in one JSON-ready dict."""
        query = {k: v for k, v in (("name", name), ("name_prefix", name_prefix)) if v is not None}
        return {
            **self.engine.snapshot(query),
            "requests": len(self._log),
            "settings": asdict(self.settings),
            **self.faults(),
        }

    # -- request pipeline ---------------------------------------------------------------------------------

    def _respond(self, reply: Reply, request_id: str) -> web.Response:
        status, body, headers = reply
        all_headers = {"X-Request-Id": request_id}
        if headers is not None:
            all_headers.update(headers)
        if body is None:
            return web.Response(status=status, headers=all_headers)
        return web.Response(status=status, body=body, headers={"Content-Type": JSON, **all_headers})

    async def _serve(self, request: web.Request, action: Action) -> web.StreamResponse:
        request_id = f"{self._request_id_prefix}-{next(self._request_ids):06d}"
        entry = _Logged(request, request_id)
        self._log_request(entry)
        # Read up front so the log has the body even when a fault stops the request before acting.
        failure = await self._read_body(request)
        if failure is not None:
            reply, close = failure
            entry.status = reply[0] if reply is not _CLIENT_GONE else None
            response = self._respond(reply, request_id)
            return await _answer_and_close(request, response) if close else response
        if request.body_exists:
            self._log_body(entry, await request.read())
        injector = self._injector
        if injector is not None:
            fault = injector.select(request.method, request.path)
            if fault is not None:
                entry.fault = fault.kind
                return await self._serve_fault(request, action, request_id, entry, fault)
        reply = await self._act(request, action)
        entry.status = reply[0]
        return self._respond(reply, request_id)

    async def _act(self, request: web.Request, action: Action) -> Reply:
        try:
            return await action(request)
        except Exception:
            logger.exception("emulator failed on %s %s", request.method, request.path)
            return replies.SERVER_ERROR

    async def _serve_fault(
        self, request: web.Request, action: Action, request_id: str, entry: _Logged, fault: FaultConfig
    ) -> web.StreamResponse:
        if fault.delay is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), fault.delay)
        if fault.status is not None:
            entry.status = fault.status
            return self._respond((fault.status, fault.body, fault.headers), request_id)
        if fault.hang:
            while not self._stopping.is_set():
                transport = request.transport
                if transport is None or transport.is_closing():
                    break
                await asyncio.sleep(_HANG_POLL)
            return _drop(request)
        if fault.drop == "before":
            return _drop(request)
        reply = await self._act(request, action)
        entry.status = reply[0]
        if fault.drop == "after":
            return _drop(request)
        if fault.drop == "mid":
            return _send_partial(request, reply, request_id)
        return self._respond(reply, request_id)

    async def _read_body(self, request: web.Request) -> tuple[Reply, bool] | None:
        """Reads the whole body (aiohttp keeps it for later reads); on failure, the answer and whether to close.

        A body must arrive within ``body_timeout`` seconds: a client that promises more than it sends
        gets a 408 and a closed connection, rather than a server waiting for ever. A client that goes
        away mid-body is one line in the log; its answer goes nowhere.
        """
        if not request.body_exists:
            return None
        try:
            await asyncio.wait_for(request.read(), self.settings.body_timeout)
        except asyncio.TimeoutError:
            return replies.detail(408, BODY_TIMEOUT_DETAIL), True
        except web.HTTPException as exc:
            # Too large (413): the stream is partly consumed, so no later stage could read it again.
            # aiohttp then reads (and drops) the rest for a while, so that the client can read the answer.
            if exc.status == 413:  # say the limit, as the SDK's RequestTooLargeError reports it
                return replies.detail(413, f"Request body too large: the limit is {MAX_BODY_SIZE} bytes."), False
            return replies.detail(exc.status, f"{exc.reason}."), False
        except (ConnectionError, HttpProcessingError):
            transport = request.transport
            if transport is None or transport.is_closing():
                logger.info("client went away while sending the body of %s %s", request.method, _text(request.path))
                return _CLIENT_GONE, False
            # A malformed body framing (chunked encoding): the stream cannot be read any further.
            return replies.detail(400, "Malformed request body."), True
        return None

    def _authenticate(self, request: web.Request) -> Reply | None:
        header = request.headers.get("Authorization")
        if header is None:
            return replies.NOT_PROVIDED
        scheme, _, key = header.strip().partition(" ")
        key = key.strip()
        if scheme.lower() != "api-key" or not key or " " in key:
            return replies.INVALID_KEY
        if self.api_keys and key not in self.api_keys:
            return replies.INVALID_KEY
        return None

    # -- API endpoints ------------------------------------------------------------------------------------

    def _handler(self, action: Action) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def authenticated(request: web.Request) -> Reply:
            denied = self._authenticate(request)
            reply = denied if denied is not None else await action(request)
            if self.check_responses:
                self._check(request, reply)
            return reply

        async def handle(request: web.Request) -> web.StreamResponse:
            return await self._serve(request, authenticated)

        return handle

    def _admin_route(
        self, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        """An admin handler that gets its request's body whole (within ``body_timeout``) or answers for it."""

        async def handle(request: web.Request) -> web.StreamResponse:
            refused = self.admin_refusal(request)
            if refused is not None:
                return admin_error(refused)
            failure = await self._read_body(request)
            if failure is None:
                return await handler(request)
            reply, close = failure
            response = admin_error(reply)
            return await _answer_and_close(request, response) if close else response

        return handle

    def admin_refusal(self, request: web.Request) -> Reply | None:
        """Why an admin request is refused, or None: the admin API answers only what a web page cannot forge.

        - Its ``Host`` must name ``localhost`` (or a ``*.localhost`` name), an IP address, or one of
          ``allowed_hosts`` (the host it listens on) or ``public_url``'s host: a page whose own name
          was re-pointed at this machine (DNS rebinding) is refused (400).
        - With ``api_keys`` set, it needs one of them (``Authorization: Api-Key <key>``, 401 otherwise),
          as the API does.
        - Without, an ``Origin`` header, when sent, must be the emulator's own (403), and a POST, PUT or
          PATCH must say ``Content-Type: application/json`` (415), which a page can send to another
          origin only after a CORS preflight that the emulator never grants.
        """
        host = request.headers.get("Host")
        if host is not None and not self._host_allowed(host):
            return replies.detail(
                400, "Invalid Host header: the admin API answers only to localhost, an IP address or its own host."
            )
        if self.api_keys:
            return self._authenticate(request)
        origin = request.headers.get("Origin")
        if origin is not None and (host is None or urlsplit(origin.strip()).netloc.lower() != host.strip().lower()):
            return replies.detail(403, "The admin API refuses requests from another origin (a web page).")
        if request.method in ADMIN_BODY_METHODS and request.content_type != JSON:
            return replies.detail(415, f"The admin API takes only Content-Type: {JSON} for {request.method}.")
        return None

    def _host_allowed(self, host: str) -> bool:
        name = host_name(host)
        if name is None:
            return False
        if name == _LOOPBACK_NAME or name.endswith("." + _LOOPBACK_NAME) or _is_ip_address(name):
            return True
        public_url = self.settings.public_url
        return name in self.allowed_hosts or (public_url is not None and name == host_name(urlsplit(public_url).netloc))

    def _admin_handler(self, action: AdminAction) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def handle(request: web.Request) -> web.StreamResponse:
            return admin_error(await action(self.engine, request))

        return handle

    async def _handle_unknown(self, request: web.Request) -> web.StreamResponse:
        if request.path.startswith("/_emulator/"):
            return await self._admin_route(self._admin_unknown)(request)
        return await self._serve(request, self._unknown)

    async def _admin_unknown(self, request: web.Request) -> web.StreamResponse:
        return admin_error(replies.NOT_FOUND)

    async def _unknown(self, request: web.Request) -> Reply:
        return replies.NOT_FOUND

    # -- admin endpoints ----------------------------------------------------------------------------------

    async def _admin_faults(self, request: web.Request) -> web.Response:
        method = request.method
        if method == "POST":
            data = await replies.read_object(request)
            if not isinstance(data, dict):
                return admin_error(data)
            try:
                config = FaultConfig.from_mapping(data)
            except (ValueError, TypeError) as exc:
                return admin_reply(400, {"detail": str(exc)})
            self.set_faults(config)
        elif method == "DELETE":
            self.set_faults(None)
        elif method != "GET":
            return admin_error(replies.not_allowed(method, "GET, POST, DELETE"))
        return admin_reply(200, self.faults())

    async def _admin_config(self, request: web.Request) -> web.Response:
        method = request.method
        if method == "POST":
            data = await replies.read_object(request)
            if not isinstance(data, dict):
                return admin_error(data)
            try:
                self.configure(**data)
            except ValueError as exc:
                return admin_reply(400, {"detail": str(exc)})
        elif method != "GET":
            return admin_error(replies.not_allowed(method, "GET, POST"))
        return admin_reply(200, asdict(self.settings))

    async def _admin_reset(self, request: web.Request) -> web.Response:
        if request.method != "POST":
            return admin_error(replies.not_allowed(request.method, "POST"))
        return admin_reply(200, {"deleted": self.reset()})

    async def _admin_requests(self, request: web.Request) -> web.Response:
        if request.method == "DELETE":
            self.clear_requests()
        elif request.method != "GET":
            return admin_error(replies.not_allowed(request.method, "GET, DELETE"))
        return admin_reply(200, {"requests": self.request_log()})

    async def _admin_state(self, request: web.Request) -> web.Response:
        if request.method != "GET":
            return admin_error(replies.not_allowed(request.method, "GET"))
        query = request.query
        return admin_reply(200, self.snapshot(query.get("name"), query.get("name_prefix")))


STATE_KEY: Final = web.AppKey("root_emulator_state", EmulatorState)


def create_app(
    *,
    db: str | os.PathLike[str] = ":memory:",
    api_keys: Iterable[str] = (),
    seed: int | None = None,
    faults: FaultConfig | None = None,
    spec: str | os.PathLike[str] | None = None,
    check_responses: bool = False,
    allowed_hosts: Iterable[str] = (),
    **settings: Any,
) -> web.Application:
    """Builds the emulator as an aiohttp application, to serve with any aiohttp runner.

    The database opens when the application starts up and closes when it cleans up. The controls are
    on ``app[STATE_KEY]`` (an :class:`EmulatorState`) and under ``/_emulator/``.

    Args:
        db: SQLite file path (created when missing), or ``":memory:"``.
        api_keys: Accepted API keys; when empty, any non-empty key is accepted.
        seed: Seed for fault ``fraction``.
        faults: Faults active from the start.
        spec: The OpenAPI document to follow; None is the one shipped in the package.
        check_responses: Validate every API response against the spec (see
            :meth:`EmulatorState.response_failures`); for tests, it costs a few milliseconds a response.
        allowed_hosts: Names the admin API answers to in ``Host`` besides ``localhost`` and IP addresses
            (see :meth:`EmulatorState.admin_refusal`); :func:`~root.emulator.server.serve` and ``Emulator``
            pass the host they listen on.
        **settings: Initial :class:`Settings` (``max_page_size``, ``next_style``, ``public_url``,
            ``body_timeout``, ``request_log_bytes``).

    Returns:
        The application.

    Raises:
        ValueError: An argument is invalid.
    """
    state = EmulatorState(
        db=db,
        api_keys=api_keys,
        settings=Settings().replace(settings),
        seed=seed,
        faults=faults,
        spec=spec,
        check_responses=check_responses,
        allowed_hosts=allowed_hosts,
    )
    app = web.Application(client_max_size=MAX_BODY_SIZE, middlewares=[json_errors])
    state.attach(app)
    return app
