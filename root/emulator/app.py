"""The emulator's aiohttp application: the Models endpoints, the fault layer and the admin endpoints.

Behaviour follows ``openapi.yaml``, read at startup (:mod:`root.emulator.contract`): query parameters
and request bodies are checked against it, with the service's (Django REST framework) messages, and
responses carry the fields its schemas declare. Where the spec is silent, the service's conventions hold:

- Authentication is ``Authorization: Api-Key <key>``; failures are 401 with a ``detail``.
- ``GET /v1/models/`` is cursor paginated. The default order is newest first (``-created_at``), so models
  created at run time come first and the built-ins, which are older, last. ``ordering`` may be ``name``,
  ``-name``, ``created_at`` or ``-created_at`` (anything else is ignored); ties are broken by insertion
  order, so every order is total and a walk through the pages sees each model once even when models are
  created or deleted meanwhile. Cursors are keyset positions, not offsets.
- ``next``/``previous`` are full URLs that keep the request's other query parameters, built on the
  configured public URL or else on the request's own scheme and host; with ``next_style="token"`` they
  are the bare cursor instead. ``next`` is null on the last page, ``previous`` on the first.
- All keys act for one organization: custom models are shared by every accepted key.
- A query parameter of the wrong type (``page_size=abc``) is a 400 with the parameter's messages;
  a ``page_size`` of zero or less means the default page size, as in DRF, since the spec allows it.
- A new model's ``model`` defaults to its ``name`` and ``max_output_token_count`` to 4096; fields the spec
  makes nullable default to null.
- PUT requires what the spec requires and, as in DRF, leaves optional fields that are left out
  unchanged; PATCH changes only the fields present, and an explicit null clears a nullable field.
- ``default_key`` is stored but never returned.
- Every response carries a unique ``X-Request-Id`` header, and every body is JSON.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import itertools
import json
import logging
import os
import secrets
import sqlite3
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from http import HTTPStatus
from typing import Any, Final
from urllib.parse import parse_qs, urlencode

from aiohttp import web

from root.emulator.catalog import BUILTIN_OWNER, CAPABILITIES, CUSTOM_OWNER, PROVIDERS
from root.emulator.contract import BodyRules, Contract, Errors, Operation, load_contract
from root.emulator.faults import FaultConfig, FaultInjector
from root.emulator.store import Store, fields_of

logger = logging.getLogger("root.emulator")

NEXT_STYLES: Final = ("url", "token")
DEFAULT_PAGE_SIZE: Final = 20
# The service's default for a new model, which the spec does not state.
DEFAULT_MAX_OUTPUT_TOKEN_COUNT: Final = 4096
DEFAULT_ORDERING: Final = "-created_at"
REQUEST_LOG_LIMIT: Final = 10_000
"""The request log keeps this many most recent requests."""

# (status, JSON body or None, extra headers or None)
Reply = tuple[int, bytes | None, Mapping[str, str] | None]
Action = Callable[[web.Request], Awaitable[Reply]]

_JSON: Final = "application/json"
_ORDERINGS: Final = {
    "name": ("name", False),
    "-name": ("name", True),
    "created_at": ("created_at", False),
    "-created_at": ("created_at", True),
}
# The routes; what each method takes and returns there is the spec's.
COLLECTION_PATH: Final = "/v1/models/"
DETAIL_PATH: Final = "/v1/models/{id}/"
_HANG_POLL: Final = 0.05


def _dumps(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def _detail(status: int, text: str, headers: Mapping[str, str] | None = None) -> Reply:
    return (status, _dumps({"detail": text}), headers)


_NOT_PROVIDED: Final = _detail(401, "Authentication credentials were not provided.", {"WWW-Authenticate": "Api-Key"})
_INVALID_KEY: Final = _detail(401, "Invalid API key.", {"WWW-Authenticate": "Api-Key"})
_FORBIDDEN: Final = _detail(403, "You do not have permission to perform this action.")
_NO_MODEL: Final = _detail(404, "No Model matches the given query.")
_NOT_FOUND: Final = _detail(404, "Not found.")
_INVALID_CURSOR: Final = _detail(404, "Invalid cursor")
_SERVER_ERROR: Final = _detail(500, "A server error occurred.")
_NO_CONTENT: Final[Reply] = (204, None, None)


def _not_allowed(method: str, allow: str) -> Reply:
    return _detail(405, f'Method "{method}" not allowed.', {"Allow": allow})


def _options(name: str, allow: str) -> Reply:
    body = {"name": name, "renders": [_JSON], "parses": [_JSON]}
    return (200, _dumps(body), {"Allow": allow})


def _non_field_error(message: str) -> Reply:
    return (400, _dumps({"non_field_errors": [message]}), None)


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN and Infinity; JSON (and the service) does not.
    raise ValueError(f"Out of range float values are not JSON compliant: {name}")


async def _read_object(request: web.Request) -> dict[str, Any] | Reply:
    """Returns the request's JSON object body (``{}`` when empty), or the error reply."""
    # Already read (and size-checked) for the request log; aiohttp keeps the bytes.
    raw = await request.read()
    if not raw:
        # Only a body that is absent counts as no data; whitespace alone is a JSON error, as in DRF.
        return {}
    content_type = request.headers.get("Content-Type", "")
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type != _JSON and not media_type.endswith("+json"):
        return _detail(415, f'Unsupported media type "{content_type}" in request.')
    try:
        data = json.loads(raw, parse_constant=_reject_constant)
    except ValueError as exc:
        # DRF answers {"detail": ...} here, but the contract's 400 body is field errors only.
        return _non_field_error(f"JSON parse error - {exc}")
    if not isinstance(data, dict):
        return _non_field_error(f"Invalid data. Expected a dictionary, but got {type(data).__name__}.")
    return data


def _bad_request(errors: Errors) -> Reply:
    return (400, _dumps(errors), None)


def _page_size(size: int | None, max_page_size: int) -> int:
    default = min(DEFAULT_PAGE_SIZE, max_page_size)
    # DRF falls back to the default for zero and negative sizes, and caps the rest.
    return default if size is None or size < 1 else min(size, max_page_size)


def _ordering(param: str | None) -> str:
    if param:
        for term in param.split(","):
            term = term.strip()
            if term in _ORDERINGS:
                return term
    return DEFAULT_ORDERING


def _encode_cursor(reverse: bool, ordering: str, value: str, seq: int) -> str:
    raw = f"{'r' if reverse else 'f'}|{ordering}|{seq}|{value}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode_cursor(token: str, ordering: str) -> tuple[bool, str, int] | None:
    """Returns ``(reverse, value, seq)``, or None for a cursor this listing did not issue."""
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True).decode()
        direction, cursor_ordering, seq_text, value = raw.split("|", 3)
    except (ValueError, binascii.Error):
        return None
    if direction not in ("f", "r") or cursor_ordering != ordering:
        return None
    if not (seq_text.isascii() and seq_text.isdigit()):
        return None
    return direction == "r", value, int(seq_text)


def _list_item(row: sqlite3.Row) -> dict[str, Any]:
    if row["builtin"]:
        provider_id = row["provider_id"]
        return {
            "id": row["id"],
            "name": row["name"],
            "owner": BUILTIN_OWNER,
            "provider": PROVIDERS.get(provider_id) if provider_id is not None else None,
            "visibility": "PUBLIC",
        }
    return {"id": row["id"], "name": row["name"], "owner": CUSTOM_OWNER, "provider": None, "visibility": "PRIVATE"}


def _allow(contract: Contract, path: str) -> str:
    """The ``Allow`` header of a path: the spec's methods, and HEAD and OPTIONS, in DRF's order."""
    methods = list(contract.methods(path))
    if "GET" in methods:
        methods.append("HEAD")
    return ", ".join([*methods, "OPTIONS"])


def _complete_for_create(rules: BodyRules, values: dict[str, Any]) -> dict[str, Any]:
    """A new model's fields: the given ones, then the spec's defaults (null when nullable), then the service's."""
    complete = rules.defaults() | values
    complete.setdefault("model", complete["name"])
    complete.setdefault("max_output_token_count", DEFAULT_MAX_OUTPUT_TOKEN_COUNT)
    return complete


def _parse_uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


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
            f"Content-Type: {_JSON}",
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


def _admin(status: int, obj: object) -> web.Response:
    return web.Response(status=status, body=_dumps(obj), content_type=_JSON)


def _admin_error(reply: Reply) -> web.Response:
    status, body, headers = reply
    return web.Response(status=status, body=body, content_type=_JSON, headers=headers)


def _setting(default: Any, text: str, **argparse_options: Any) -> Any:
    """Declares a setting: its default, and the help and options of its command-line flag."""
    return field(default=default, metadata={"help": text, **argparse_options})


@dataclass
class Settings:
    """Settings that can change while the emulator runs: the one place they are declared.

    ``configure(**settings)``, ``create_app``, ``Emulator``, ``POST /_emulator/config`` and the command
    line (``--max-page-size`` ...) all take their names, defaults and help from these fields.

    Attributes:
        max_page_size: The largest ``page_size`` a listing honours.
        next_style: ``"url"``: ``next``/``previous`` are full URLs; ``"token"``: they are bare cursors.
        public_url: Base of ``next``/``previous`` URLs; None means the request's own scheme and host.
    """

    max_page_size: int = _setting(1000, "largest page_size (default: %(default)s)", type=int, metavar="N")
    next_style: str = _setting("url", "next/previous as URLs or bare cursors", choices=NEXT_STYLES)
    public_url: str | None = _setting(None, "base of next/previous URLs (default: each request's own)", metavar="URL")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Returns the settings' names."""
        return tuple(f.name for f in fields(cls))

    def replace(self, changes: Mapping[str, Any]) -> Settings:
        """Returns these settings with some changed.

        Raises:
            ValueError: An unknown name, or an invalid value.
        """
        unknown = sorted(set(changes) - set(self.names()))
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(unknown)}; known: {', '.join(self.names())}")
        return Settings(**(asdict(self) | dict(changes)))

    def __post_init__(self) -> None:
        max_page_size: object = self.max_page_size
        if not isinstance(max_page_size, int) or isinstance(max_page_size, bool) or max_page_size < 1:
            raise ValueError(f"max_page_size must be a positive integer, not {max_page_size!r}")
        if self.next_style not in NEXT_STYLES:
            raise ValueError(f"next_style must be one of {', '.join(NEXT_STYLES)}, not {self.next_style!r}")
        public_url: object = self.public_url
        if public_url is not None:
            if not isinstance(public_url, str) or not public_url.startswith(("http://", "https://")):
                raise ValueError(f"public_url must be an http(s) URL, not {public_url!r}")
            self.public_url = public_url.rstrip("/")


_REDACTED: Final = "<redacted>"


class _Logged:
    """One request in the log; filled in as the request goes through the pipeline."""

    __slots__ = ("body", "fault", "headers", "method", "path", "query", "request_id", "status", "time")

    def __init__(self, request: web.Request, request_id: str) -> None:
        self.method = request.method
        self.path = request.path
        self.query = request.query_string
        self.headers = request.headers
        self.time = time.time()
        self.request_id = request_id
        self.body = b""
        self.status: int | None = None
        self.fault: str | None = None

    def to_dict(self, secret_fields: frozenset[str]) -> dict[str, Any]:
        """The entry as JSON-ready data, with credentials redacted.

        The API key keeps its scheme (``Api-Key <redacted>``) and a string in one of ``secret_fields``
        (the spec's write-only fields: ``default_key``) becomes ``<redacted>``, so tests can still see that
        they were sent, and the log never holds a secret.
        """
        body: Any = None
        if self.body:
            try:
                body = json.loads(self.body)
            except ValueError:
                body = self.body.decode("utf-8", "replace")
        if isinstance(body, dict):
            for name in secret_fields:
                if isinstance(body.get(name), str):
                    body[name] = _REDACTED
        headers = dict(self.headers)
        for name in [n for n in headers if n.lower() == "authorization"]:
            scheme, _, credential = headers[name].partition(" ")
            headers[name] = f"{scheme} {_REDACTED}" if credential else _REDACTED
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "params": parse_qs(self.query, keep_blank_values=True),
            "headers": headers,
            "body": body,
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
    ) -> None:
        self.db = os.fspath(db)
        self.api_keys = frozenset(api_keys)
        if any(not isinstance(k, str) or not k or k != k.strip() for k in self.api_keys):
            raise ValueError("API keys must be non-empty strings without surrounding whitespace")
        self.initial_settings = settings if settings is not None else Settings()
        self.settings = Settings(**asdict(self.initial_settings))
        self.seed = seed
        self.contract = load_contract(spec)
        contract = self.contract
        self._list_op = contract.operation(COLLECTION_PATH, "GET")
        create_rules = contract.operation(COLLECTION_PATH, "POST").body
        if create_rules is None:
            raise ValueError(f"{contract.spec_path} declares no JSON body for POST {COLLECTION_PATH}")
        self._create_rules = create_rules
        self._retrieve_op = contract.operation(DETAIL_PATH, "GET")
        detail_methods = contract.methods(DETAIL_PATH)
        self._update_ops: dict[str, Operation] = {
            m: contract.operation(DETAIL_PATH, m) for m in ("PUT", "PATCH") if m in detail_methods
        }
        self._collection_allow = _allow(contract, COLLECTION_PATH)
        self._detail_allow = _allow(contract, DETAIL_PATH)
        self._detail_methods = frozenset(self._detail_allow.split(", "))
        # The model's fields a response shows (the write-only default key is not among them).
        self._model_fields = self._retrieve_op.response_fields("200")
        self._store: Store | None = None
        self._injector: FaultInjector | None = None
        if faults is not None:
            self.set_faults(faults)
        self._log: deque[_Logged] = deque(maxlen=REQUEST_LOG_LIMIT)
        self._request_ids = itertools.count(1)
        self._request_id_prefix = secrets.token_hex(4)
        self._stopping = asyncio.Event()

    @property
    def store(self) -> Store:
        """The open store; raises RuntimeError when the application is not running."""
        store = self._store
        if store is None:
            raise RuntimeError("the emulator is not running")
        return store

    # -- application wiring -------------------------------------------------------------------------------

    def attach(self, app: web.Application) -> None:
        """Adds this state's routes and lifecycle hooks to ``app``."""
        app[STATE_KEY] = self
        app.cleanup_ctx.append(self._lifetime)
        app.on_shutdown.append(self._on_shutdown)
        router = app.router
        router.add_route("*", COLLECTION_PATH, self._handle_models)
        router.add_route("*", DETAIL_PATH, self._handle_model)
        router.add_route("*", "/_emulator/faults", self._admin_faults)
        router.add_route("*", "/_emulator/config", self._admin_config)
        router.add_route("*", "/_emulator/reset", self._admin_reset)
        router.add_route("*", "/_emulator/requests", self._admin_requests)
        router.add_route("*", "/_emulator/state", self._admin_state)
        router.add_route("*", "/{tail:.*}", self._handle_unknown)

    async def _lifetime(self, app: web.Application) -> AsyncIterator[None]:
        self._store = Store(self.db)
        self._stopping.clear()
        try:
            yield
        finally:
            store, self._store = self._store, None
            store.close()

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
        return asdict(self.settings)

    def reset(self) -> int:
        """Deletes custom models, clears faults and the request log, restores the initial settings.

        Returns:
            How many custom models were deleted.
        """
        deleted = self.store.delete_custom()
        self._injector = None
        self._log.clear()
        self.settings = Settings(**asdict(self.initial_settings))
        return deleted

    def request_log(self) -> list[dict[str, Any]]:
        """Returns the logged requests, oldest first.

        Each entry has ``method``, ``path``, ``query`` (the raw query string), ``params`` (the query parsed
        to lists of values), ``headers``, ``body`` (the decoded JSON body; None when there was none, the
        text when it is not JSON), ``time`` (Unix time of arrival), ``request_id``, ``status`` (what the
        emulator answered or, for ``drop="after"``/``"mid"``, would have answered; None while in
        progress, and for requests dropped before acting or hanging) and ``fault`` (None, or which fault
        hit it: ``status``, ``delay``, ``hang``, ``drop-before``, ``drop-after``, ``drop-mid``).
        """
        secret_fields = self.contract.write_only_fields()
        return [entry.to_dict(secret_fields) for entry in self._log]

    def clear_requests(self) -> None:
        """Empties the request log."""
        self._log.clear()

    def count_models(self, name: str | None = None, name_prefix: str | None = None) -> int:
        """Counts custom models, optionally only those with an exact name or a name prefix."""
        return self.store.count_custom(name, name_prefix)

    def stored_default_key(self, model_id: str) -> str | None:
        """Returns the default key stored for a model, which the API never returns.

        Raises:
            KeyError: There is no such model.
        """
        key: str | None = self.store.stored_field(model_id, "default_key")
        return key

    def snapshot(self, name: str | None = None, name_prefix: str | None = None) -> dict[str, Any]:
        """Returns counts, settings and faults in one JSON-ready dict."""
        return {
            "models": self.store.count_custom(name, name_prefix),
            "builtin_models": self.store.count_builtin(),
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
        return web.Response(status=status, body=body, content_type=_JSON, headers=all_headers)

    async def _serve(self, request: web.Request, action: Action) -> web.StreamResponse:
        request_id = f"{self._request_id_prefix}-{next(self._request_ids):06d}"
        entry = _Logged(request, request_id)
        self._log.append(entry)
        if request.body_exists:
            # Read up front so the log has the body even when a fault stops the request before acting.
            try:
                entry.body = await request.read()
            except web.HTTPException as exc:
                # Too large: the stream is partly consumed, so no later stage could read it again.
                entry.status = exc.status
                return self._respond(_detail(exc.status, exc.reason), request_id)
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
            return _SERVER_ERROR

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

    def _authenticate(self, request: web.Request) -> Reply | None:
        header = request.headers.get("Authorization")
        if header is None:
            return _NOT_PROVIDED
        scheme, _, key = header.strip().partition(" ")
        key = key.strip()
        if scheme.lower() != "api-key" or not key or " " in key:
            return _INVALID_KEY
        if self.api_keys and key not in self.api_keys:
            return _INVALID_KEY
        return None

    # -- Models endpoints ---------------------------------------------------------------------------------

    async def _handle_models(self, request: web.Request) -> web.StreamResponse:
        return await self._serve(request, self._models)

    async def _handle_model(self, request: web.Request) -> web.StreamResponse:
        return await self._serve(request, self._model)

    async def _handle_unknown(self, request: web.Request) -> web.StreamResponse:
        if request.path.startswith("/_emulator/"):
            return _admin_error(_NOT_FOUND)
        return await self._serve(request, self._unknown)

    async def _unknown(self, request: web.Request) -> Reply:
        return _NOT_FOUND

    async def _models(self, request: web.Request) -> Reply:
        denied = self._authenticate(request)
        if denied is not None:
            return denied
        method = request.method
        if method == "GET" or method == "HEAD":
            return self._list(request)
        if method == "POST":
            data = await _read_object(request)
            if not isinstance(data, dict):
                return data
            values, errors = self._create_rules.clean(data)
            if errors:
                return _bad_request(errors)
            row = self.store.create(str(uuid.uuid4()), _complete_for_create(self._create_rules, values))
            return (201, self._model_body(row), None)
        if method == "OPTIONS":
            return _options("Model List", self._collection_allow)
        return _not_allowed(method, self._collection_allow)

    async def _model(self, request: web.Request) -> Reply:
        denied = self._authenticate(request)
        if denied is not None:
            return denied
        method = request.method
        if method not in self._detail_methods:
            return _not_allowed(method, self._detail_allow)
        if method == "OPTIONS":
            return _options("Model Instance", self._detail_allow)
        model_id = _parse_uuid(request.match_info["id"])
        store = self.store
        row = store.get(model_id) if model_id is not None else None
        if row is None or model_id is None:
            return _NO_MODEL
        if method == "GET" or method == "HEAD":
            return (200, self._model_body(row), None)
        if row["builtin"]:
            return _FORBIDDEN
        if method == "DELETE":
            return _NO_CONTENT if store.delete(model_id) else _NO_MODEL
        rules = self._update_ops[method].body
        data = await _read_object(request)
        if not isinstance(data, dict):
            return data
        values, errors = rules.clean(data) if rules is not None else ({}, {})
        if errors:
            return _bad_request(errors)
        updated = store.update(model_id, values) if values else row
        if updated is None:
            # Deleted while this request read its body.
            return _NO_MODEL
        return (200, self._model_body(updated), None)

    def _model_body(self, row: sqlite3.Row) -> bytes:
        record = {"id": row["id"], **fields_of(row)}
        return _dumps({name: record[name] for name in self._model_fields if name in record})

    def _list(self, request: web.Request) -> Reply:
        params, errors = self._list_op.parse_query(request.query)
        if errors:
            return _bad_request(errors)
        settings = self.settings
        page_size = _page_size(params.get("page_size"), settings.max_page_size)
        ordering = _ordering(params.get("ordering"))
        order, descending = _ORDERINGS[ordering]

        # DRF reads an empty cursor as the start, like no cursor at all.
        token = params.get("cursor") or None
        reverse = False
        position: tuple[str, int] | None = None
        if token is not None:
            decoded = _decode_cursor(token, ordering)
            if decoded is None:
                return _INVALID_CURSOR
            reverse, value, seq = decoded
            position = (value, seq)

        capabilities = {c for c in (part.strip() for part in params.get("capable_of", ())) if c}

        rows: list[sqlite3.Row]
        if capabilities <= CAPABILITIES:
            # One extra row tells whether another page follows.
            rows = self.store.list_page(order, descending != reverse, sorted(capabilities), position, page_size + 1)
        else:
            rows = []  # Nothing has a capability outside the catalog.
        more = len(rows) > page_size
        if more:
            del rows[page_size:]
        if reverse:
            rows.reverse()
            has_next, has_previous = True, more
        else:
            has_next, has_previous = more, token is not None

        next_link = previous_link = None
        if rows:
            if has_next:
                last = rows[-1]
                next_link = self._link(request, _encode_cursor(False, ordering, last[order], last["seq"]))
            if has_previous:
                first = rows[0]
                previous_link = self._link(request, _encode_cursor(True, ordering, first[order], first["seq"]))
        body = {"next": next_link, "previous": previous_link, "results": [_list_item(r) for r in rows]}
        return (200, _dumps(body), None)

    def _link(self, request: web.Request, token: str) -> str:
        settings = self.settings
        if settings.next_style == "token":
            return token
        base = settings.public_url or f"{request.scheme}://{request.host}"
        params = [("cursor", token)]
        params += [(k, v) for k, v in request.query.items() if k != "cursor"]
        return f"{base}{request.path}?{urlencode(params)}"

    # -- admin endpoints ----------------------------------------------------------------------------------

    async def _admin_faults(self, request: web.Request) -> web.Response:
        method = request.method
        if method == "POST":
            data = await _read_object(request)
            if not isinstance(data, dict):
                return _admin_error(data)
            try:
                config = FaultConfig.from_mapping(data)
            except (ValueError, TypeError) as exc:
                return _admin(400, {"detail": str(exc)})
            self.set_faults(config)
        elif method == "DELETE":
            self.set_faults(None)
        elif method != "GET":
            return _admin_error(_not_allowed(method, "GET, POST, DELETE"))
        return _admin(200, self.faults())

    async def _admin_config(self, request: web.Request) -> web.Response:
        method = request.method
        if method == "POST":
            data = await _read_object(request)
            if not isinstance(data, dict):
                return _admin_error(data)
            try:
                self.configure(**data)
            except ValueError as exc:
                return _admin(400, {"detail": str(exc)})
        elif method != "GET":
            return _admin_error(_not_allowed(method, "GET, POST"))
        return _admin(200, asdict(self.settings))

    async def _admin_reset(self, request: web.Request) -> web.Response:
        if request.method != "POST":
            return _admin_error(_not_allowed(request.method, "POST"))
        return _admin(200, {"deleted": self.reset()})

    async def _admin_requests(self, request: web.Request) -> web.Response:
        if request.method == "DELETE":
            self.clear_requests()
        elif request.method != "GET":
            return _admin_error(_not_allowed(request.method, "GET, DELETE"))
        return _admin(200, {"requests": self.request_log()})

    async def _admin_state(self, request: web.Request) -> web.Response:
        if request.method != "GET":
            return _admin_error(_not_allowed(request.method, "GET"))
        query = request.query
        return _admin(200, self.snapshot(query.get("name"), query.get("name_prefix")))


STATE_KEY: Final = web.AppKey("root_emulator_state", EmulatorState)


def create_app(
    *,
    db: str | os.PathLike[str] = ":memory:",
    api_keys: Iterable[str] = (),
    seed: int | None = None,
    faults: FaultConfig | None = None,
    spec: str | os.PathLike[str] | None = None,
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
        **settings: Initial :class:`Settings` (``max_page_size``, ``next_style``, ``public_url``).

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
    )
    app = web.Application()
    state.attach(app)
    return app
