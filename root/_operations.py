"""The one path every public method takes: check, dispatch, send, read, paginate.

A sub-API (``Models``, ``Objectives``, ...) holds one :class:`Operations` for its generated API class,
and each public method is its signature, its docstring and one call into it::

    def get(self, objective_id, *, _request_timeout=None):
        '''Get an objective by its ID. ...'''
        return self._operations.call("objectives_retrieve", locals(), id="objective_id")

The operation is named by its ``operationId``; everything else is read from the generated code, which
``make generate`` derives from ``openapi.yaml``:

- the parameters and their types: each argument is checked against its parameter's type before
  anything is sent; every id the contract types ``format: uuid``, a parameter or a field of a body, is
  checked once, by :func:`check_id` (``make generate`` indexes them from ``openapi.yaml``, as the
  generated code types ids as plain strings); and a request body is built as the generated request
  model from the arguments named like its fields, so the spec's limits are checked here
  (:func:`request_body`);
- the HTTP method and URL, from the generated request serializer; the method decides the retry rules
  (:mod:`root._retry`);
- the response model the body is read as, in one validating pass (:func:`read_response`).

Listings (:meth:`Operations.iterate` and :meth:`Operations.aiterate`) turn any operation that takes
``cursor`` and ``page_size`` and answers ``results`` and ``next`` into a lazy iterator over every page.
Sync and async share every decision; only the I/O differs.
"""

from __future__ import annotations

import functools
import itertools
import sys
import types
import typing
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeVar

from root._config import CallOptions, NotGiven
from root._retry import acall_with_retries, call_with_retries
from root._upload import FileUpload
from root.errors import (
    APIStatusError,
    BadRequestError,
    InvalidArgumentError,
    NameNotFoundError,
    NotFoundError,
    invalid_argument_from_validation,
    response_validation_error,
)
from root.utils import CursorPager, with_async_client, with_sync_client

if TYPE_CHECKING:
    from root.generated.openapi_aclient import ApiClient as AsyncApiClient
    from root.generated.openapi_client import ApiClient as SyncApiClient

__all__ = ["MAX_PAGE_SIZE", "Operations", "check_id", "check_limit", "read_response", "request_body"]

T = TypeVar("T")

MAX_PAGE_SIZE: Final = 1000
"""The largest page a listing asks for: fewer round trips, still small responses."""

MAX_COLLECTED_PAGES: Final = 1000
"""The most pages :meth:`Operations.collect` gathers into one answer (up to a million items at full
pages): a server that hands out a new cursor for ever makes it raise, not fill the memory."""

_CALL_OPTIONS: Final = frozenset({"_request_timeout"})
"""Arguments of a public method that are options of the call, not parameters of the operation."""


class _Generated:
    """What the generated code says of one operation, in one of the two generated packages."""

    __slots__ = ("api_class", "body", "body_is_list", "name", "parameters", "required", "returns", "serialize")

    def __init__(self, api: str, name: str, *, asynchronous: bool) -> None:
        import importlib

        package = "openapi_aclient" if asynchronous else "openapi_client"
        module = importlib.import_module(f"root.generated.{package}.api.{_module_name(api)}")
        self.api_class: type = getattr(module, api)
        self.name = name
        method = _method_name(self.api_class, name)
        public = getattr(self.api_class, method, None)
        serialize = getattr(self.api_class, f"_{method}_serialize", None)
        if public is None or serialize is None:
            raise AttributeError(f"the generated {api} has no operation {name!r}: is openapi.yaml regenerated?")
        self.serialize: Callable[..., tuple[Any, ...]] = serialize
        hints = dict(getattr(public, "raw_function", public).__annotations__)
        self.returns: type | None = hints.pop("return", None)
        if self.returns is type(None):
            self.returns = None
        self.parameters: dict[str, Any] = {k: v for k, v in hints.items() if not k.startswith("_")}
        self.body: tuple[str, type] | None = None
        self.body_is_list = False
        for parameter, annotation in self.parameters.items():
            model = _model_class(annotation)
            if model is not None:
                self.body = (parameter, model)
                self.body_is_list = _is_list(annotation)
        self.required = frozenset(p for p, a in self.parameters.items() if not _is_optional(a))


def _method_name(api_class: type, operation_id: str) -> str:
    """The generated method of an ``operationId``: itself, or as the generator spells a numbered one
    (``evaluators_calibrate_create_2`` -> ``evaluators_calibrate_create2``)."""
    import re

    if hasattr(api_class, operation_id):
        return operation_id
    return re.sub(r"_(\d+)(?=_|$)", r"\1", operation_id)


def _module_name(api: str) -> str:
    """``ExecutionLogsApi`` -> ``execution_logs_api``: the generated module of an API class."""
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "_", api).lower()


def _model_class(annotation: Any) -> type | None:
    """The generated pydantic model an annotation names (through ``Optional``/``Annotated``), if any."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_class(argument)
        if found is not None:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    """Whether an annotation (through ``Optional``/``Annotated``) is a list: a JSON-array body."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    if origin is typing.Annotated or origin is typing.Union or origin is types.UnionType:
        return any(_is_list(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


def _is_optional(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_optional(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return type(None) in typing.get_args(annotation)
    return False


@functools.cache
def _generated(api: str, name: str, asynchronous: bool) -> _Generated:
    return _Generated(api, name, asynchronous=asynchronous)


@functools.cache
def _adapter(annotation: Any) -> Any:
    """A pydantic ``TypeAdapter`` for one parameter's type, as the generated code annotates it."""
    from pydantic import TypeAdapter

    return TypeAdapter(annotation)


def check_limit(limit: object) -> int:
    """A listing's ``limit``: the SDK's own parameter (how many items to iterate), not the contract's.

    Raises:
        InvalidArgumentError: ``limit`` is not an integer >= 0; nothing was sent.
    """
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise InvalidArgumentError(f"limit must be an integer, not {type(limit).__name__}")
    if limit < 0:
        raise InvalidArgumentError(f"limit must be >= 0, not {limit}")
    return limit


def request_body(model_class: Any, arguments: Mapping[str, Any], *, clearing: bool) -> Any:
    """The generated request model built from the caller's arguments, so the spec's rules are checked here.

    Every argument named like one of the model's fields is a field of the body; the others (``self``,
    ``model_id``, ``_request_timeout``, ...) are not. ``NOT_GIVEN`` leaves a field out. ``None`` leaves
    it out too when creating; when updating (``clearing``) it sends ``null``, which only the fields the
    spec marks nullable accept. A value of the official SDK 1.6 that today's service refuses is sent
    as today's equivalent (:mod:`root._translations`).

    Raises:
        InvalidArgumentError: An argument breaks the spec's rules; nothing was sent.
    """
    from pydantic import ValidationError

    from root._translations import translated

    given = {
        k: _as_data(v)
        for k, v in arguments.items()
        if k in model_class.model_fields and not isinstance(v, NotGiven) and (clearing or v is not None)
    }
    # 1.6 values that today's service refuses become today's equivalents (root/_translations.py).
    given = translated(model_class.__name__, given)
    given = _checked_ids(model_class, given, "")
    try:
        body = model_class(**given)
    except ValidationError as exc:
        raise invalid_argument_from_validation(exc) from None
    cleared = [k for k, v in given.items() if v is None]
    if cleared:
        # The generated to_dict() keeps an explicit None only for the fields the spec marks nullable.
        sent = body.to_dict()
        refused = [k for k in cleared if k not in sent]
        if refused:
            raise InvalidArgumentError(f"{refused[0]} cannot be cleared (None); leave it out to keep it")
    return body


def _request_bodies(model_class: Any, items: object, public: str, annotation: Any) -> list[Any]:
    """A JSON-array body: each element, a dict or a generated model, built as the generated request model
    (as :func:`request_body` builds one), then the array checked against the spec's limits (``maxItems``).

    Args:
        model_class: The generated request model of one element.
        items: The caller's list.
        public: The public method's argument holding the list, named in errors.
        annotation: The generated type of the whole body.

    Raises:
        InvalidArgumentError: ``items`` is not a list of objects, an element breaks the spec's rules or
            names a field the model does not have, or the list is longer than the spec allows; nothing
            was sent.
    """
    from pydantic import ValidationError

    if not isinstance(items, (list, tuple)):
        raise InvalidArgumentError(f"{public} must be a list, not {type(items).__name__}")
    bodies: list[Any] = []
    for index, item in enumerate(items):
        data = _as_data(item)
        if not isinstance(data, Mapping):
            what = type(item).__name__
            raise InvalidArgumentError(f"{public}[{index}] must be a dict or a request model, not {what}")
        unknown = sorted(str(k) for k in data if k not in model_class.model_fields)
        if unknown:
            raise InvalidArgumentError(f"{public}[{index}] has no field {unknown[0]!r}")
        try:
            bodies.append(request_body(model_class, data, clearing=False))
        except InvalidArgumentError as exc:
            raise InvalidArgumentError(f"{public}[{index}]: {exc}") from None
    try:
        _adapter(annotation).validate_python(bodies)
    except ValidationError as exc:
        raise invalid_argument_from_validation(exc, public) from None
    return bodies


@functools.cache
def _uuid_index() -> Mapping[str, Mapping[str, frozenset[str]]]:
    """The contract's ids: by ``operationId`` its UUID parameters, by schema its UUID properties.

    ``make generate`` writes it from ``openapi.yaml`` (``format: uuid``) beside the generated packages,
    whose models and parameters type every id as a plain string, as the official SDK's do.
    """
    import importlib.resources
    import json

    text = importlib.resources.files("root.generated").joinpath("uuid_fields.json").read_text(encoding="utf-8")
    loaded = json.loads(text)
    return {kind: {k: frozenset(v) for k, v in loaded[kind].items()} for kind in ("parameters", "schemas")}


def _uuid_fields(kind: str, name: str) -> frozenset[str]:
    return _uuid_index()[kind].get(name, frozenset())


_UUID_HYPHENS: Final = (8, 13, 18, 23)


def check_id(name: str, value: object) -> Any:
    """An id the contract types ``format: uuid`` (or a list of them), as the wire carries it.

    Every id is checked here, the same way, before anything is sent: a ``uuid.UUID`` is sent as its
    text, and a ``str`` must be a UUID in its canonical form (the form the service's ``format: uuid``
    accepts); anything else (bytes, a number) is refused.

    Args:
        name: The parameter or field, named in the error.
        value: The id, or a list or tuple of ids.

    Raises:
        InvalidArgumentError: ``value`` is not a ``str`` or ``uuid.UUID``, or not a UUID.
    """
    import uuid

    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [check_id(f"{name}[{i}]", v) for i, v in enumerate(value)]
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{name} must be a UUID (a str or uuid.UUID), not {type(value).__name__}")
    try:
        uuid.UUID(value)
    except ValueError:
        raise InvalidArgumentError(f"{name} must be a UUID") from None
    if len(value) != 36 or any(value[i] != "-" for i in _UUID_HYPHENS):
        raise InvalidArgumentError(f"{name} must be a UUID")
    return value


def _checked_ids(model_class: Any, data: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    """``data``, the fields of a request model, with every id the contract types ``format: uuid`` checked
    by :func:`check_id`, in nested request models too (``evaluators[0].id``)."""
    ids = _uuid_fields("schemas", model_class.__name__)
    checked = dict(data)
    for key, value in data.items():
        if value is None:
            continue
        if key in ids:
            checked[key] = check_id(prefix + key, value)
            continue
        field = model_class.model_fields.get(key)
        nested = None if field is None else _model_class(field.annotation)
        if nested is None:
            continue
        if isinstance(value, Mapping):
            checked[key] = _checked_ids(nested, value, f"{prefix}{key}.")
        elif isinstance(value, (list, tuple)):
            checked[key] = [
                _checked_ids(nested, v, f"{prefix}{key}[{i}].") if isinstance(v, Mapping) else v
                for i, v in enumerate(value)
            ]
    return checked


def _as_data(value: Any) -> Any:
    """A generated model in an argument (alone or in a list) as the JSON data it holds.

    A body is built with the synchronous package's request model for sync and async calls alike, and a
    program may pass either package's models inside it (``EvaluatorReferenceRequest`` of
    ``openapi_aclient`` to ``acreate``), or dicts; as data, every one of them is checked the same way.
    """
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, (list, tuple)) and any(isinstance(v, BaseModel) for v in value):
        return [_as_data(v) for v in value]
    return value


def read_response(response: Any, model_class: Any, what: str) -> Any:
    """A 2xx response's body as ``model_class`` (a pydantic model, or ``None`` for "no body, or any
    JSON"), validated in one pass from its JSON bytes; or, for an operation that answers a document as
    text (``str``) and a response that says it is YAML or plain text, the text itself.

    Every method reads bodies this way: any 2xx whose body is what the contract promises is a success,
    whatever its exact status or ``Content-Type``, and anything else (no body, not JSON, a proxy's HTML
    page, a missing field) is an :class:`~root.errors.APIResponseValidationError`, never an exception of
    the generated code.
    """
    from pydantic import ValidationError

    if model_class is str and _is_text(response):
        # An operation that answers a document as text (an evaluator's YAML export), not JSON.
        return bytes(response.data).decode("utf-8", errors="replace")
    try:
        if model_class is not None:
            if hasattr(model_class, "model_validate_json"):
                return model_class.model_validate_json(response.data)
            return _adapter(model_class).validate_json(response.data)
        if response.data.strip():
            # No body is expected; one that is not even JSON (a proxy's HTML page) means the
            # request most likely never reached the service.
            _adapter(object).validate_json(response.data)
        return None
    except ValidationError as exc:
        raise response_validation_error(exc, what, response) from None


def _is_text(response: Any) -> bool:
    """Whether a response says it carries text other than JSON or HTML: YAML, or plain text."""
    headers = getattr(response, "headers", None) or {}
    media = str(headers.get("content-type") or headers.get("Content-Type") or "").split(";")[0].strip().lower()
    return "yaml" in media or media == "text/plain"


class _Request:
    """One operation's checked arguments, ready to be serialized by either generated client."""

    __slots__ = ("body", "name", "timeout", "values")

    def __init__(self, name: str, values: dict[str, Any], body: Any, timeout: tuple[float, float]) -> None:
        self.name = name
        self.values = values
        self.body = body
        self.timeout = timeout


class Operations:
    """The operations of one generated API class, as a sub-API's methods call them.

    Args:
        owner: The sub-API: its ``client_context`` opens the generated clients for listings, page
            by page.
        api: The generated API class's name, e.g. ``"ModelsApi"``.
        call_options: The timeout and retries each request gets.
    """

    __slots__ = ("api", "call_options", "owner")

    def __init__(self, owner: object, api: str, call_options: CallOptions) -> None:
        self.owner = owner
        self.api = api
        self.call_options = call_options

    @classmethod
    def of(cls, owner: object, api: str) -> Operations:
        """The operations for a sub-API built from a client's ``client_context``.

        ``RootSignals`` passes its own ``client_context``; so does ``Models(client.client_context)`` by
        hand. Either way the client's timeout and retries apply; any other callable gets the defaults.
        """
        context = getattr(owner, "client_context", None)
        options = getattr(getattr(context, "__self__", None), "_call_options", None)
        return cls(owner, api, options if isinstance(options, CallOptions) else CallOptions())

    # -- checking ------------------------------------------------------------------------------------

    def prepare(self, name: str, arguments: Mapping[str, Any], renames: Mapping[str, str]) -> _Request:
        """Check a call's arguments against the generated operation ``name``; nothing is sent.

        Args:
            name: The operation's ``operationId``.
            arguments: The public method's arguments (its ``locals()``). An argument named like a
                parameter of the operation is that parameter; one named like a field of the operation's
                request model is that field of the body; ``_request_timeout`` is the call's timeout.
            renames: Parameters of the operation whose argument has another name in the public method
                (``id="model_id"``); errors use the public name.

        Raises:
            InvalidArgumentError: An argument breaks the spec's rules.
        """
        generated = _generated(self.api, name, False)
        values: dict[str, Any] = {}
        for parameter, annotation in generated.parameters.items():
            if generated.body is not None and parameter == generated.body[0]:
                continue
            public = renames.get(parameter, parameter)
            if public not in arguments or isinstance(arguments[public], NotGiven):
                continue
            value = arguments[public]
            if parameter in _uuid_fields("parameters", name) and value is not None:
                value = check_id(public, value)
            values[parameter] = _check_parameter(public, value, annotation, required=parameter in generated.required)
        body = None
        if generated.body is not None and generated.body_is_list:
            parameter, model = generated.body
            public = renames.get(parameter, parameter)
            body = _request_bodies(model, arguments.get(public), public, generated.parameters[parameter])
        elif generated.body is not None:
            model = generated.body[1]
            body = request_body(model, arguments, clearing=model.__name__.startswith("Patched"))
        return _Request(name, values, body, self.call_options.timeout_pair(arguments.get("_request_timeout")))

    # -- sending -------------------------------------------------------------------------------------

    def call(self, name: str, arguments: Mapping[str, Any], /, **renames: str) -> Any:
        """Send operation ``name`` with the caller's ``arguments`` (see :meth:`prepare`) and read the answer
        as the operation's response model; ``None`` for an operation that answers no body.

        The request goes through ``arguments["_client"]`` when the public method was given one by
        :func:`~root.utils.with_sync_client`, else through the owner's client context.

        Raises:
            InvalidArgumentError: An argument breaks the spec's rules; nothing was sent.
            root.errors.APIError: The request failed, or the answer is not what the contract promises.
        """
        request = self.prepare(name, arguments, renames)
        client = arguments.get("_client")
        return self._send_in_context(request) if client is None else self.send(client, request)

    async def acall(self, name: str, arguments: Mapping[str, Any], /, **renames: str) -> Any:
        """Asynchronously send operation ``name``; as :meth:`call`."""
        await _import_off_loop(self.api, name)
        request = self.prepare(name, arguments, renames)
        client = arguments.get("_client")
        return await (self._asend_in_context(request) if client is None else self.asend(client, request))

    @with_sync_client
    def _send_in_context(self, request: _Request, *, _client: SyncApiClient) -> Any:
        return self.send(_client, request)

    @with_async_client
    async def _asend_in_context(self, request: _Request, *, _client: AsyncApiClient) -> Any:
        return await self.asend(_client, request)

    def send(self, client: SyncApiClient, request: _Request) -> Any:
        generated = _generated(self.api, request.name, False)
        method, url, headers, body, post_params = self._serialize(generated, client, request)
        try:
            response = call_with_retries(
                method,
                lambda timeout: client.call_api(method, url, headers, body, post_params, _request_timeout=timeout),
                max_retries=self.call_options.max_retries,
                timeout=request.timeout,
                deadline=self.call_options.deadline,
                done=_no_content if generated.returns is None else None,
            )
        except APIStatusError as exc:
            found = _name_not_found(self.api, request, exc)
            if found is None:
                raise
            raise found from exc
        return read_response(response, generated.returns, request.name)

    async def asend(self, client: AsyncApiClient, request: _Request) -> Any:
        generated = _generated(self.api, request.name, True)
        method, url, headers, body, post_params = self._serialize(generated, client, request)
        try:
            response = await acall_with_retries(
                method,
                lambda timeout: client.call_api(method, url, headers, body, post_params, _request_timeout=timeout),
                max_retries=self.call_options.max_retries,
                timeout=request.timeout,
                deadline=self.call_options.deadline,
                done=_no_content if generated.returns is None else None,
            )
        except APIStatusError as exc:
            found = _name_not_found(self.api, request, exc)
            if found is None:
                raise
            raise found from exc
        return read_response(response, generated.returns, request.name)

    def _serialize(self, generated: _Generated, client: Any, request: _Request) -> tuple[Any, ...]:
        values = dict(request.values)
        if generated.body is not None:
            values[generated.body[0]] = request.body
        # The generated serializer takes every parameter; None leaves an optional one out.
        for parameter in generated.parameters:
            values.setdefault(parameter, None)
        api = generated.api_class(client)
        return tuple(
            generated.serialize(api, **values, _request_auth=None, _content_type=None, _headers=None, _host_index=0)
        )

    # -- listing -------------------------------------------------------------------------------------

    def iterate(
        self, name: str, arguments: Mapping[str, Any], /, *, limit: object = None, **renames: str
    ) -> Iterator[Any]:
        """A lazy iterator over every item of listing ``name``, page after page.

        Arguments are checked now; pages are fetched as the iteration reaches them, each inside the
        owner's client context (so an iterator outlives no ``close()``), and never more than ``limit``
        needs (``None``: every item).

        Raises:
            InvalidArgumentError: An argument breaks the spec's rules, or ``limit`` is negative.
        """
        request, pager = self._listing(name, arguments, limit, renames)
        # Chaining the pages hands items over in C; a generator would resume a frame per item.
        # It stays lazy: the next page is fetched when the previous one is used up.
        return itertools.chain.from_iterable(self._pages(request, pager))

    def _pages(self, request: _Request, pager: CursorPager[Any]) -> Iterator[Sequence[Any]]:
        while not pager.done:
            page = self._page(request, pager.cursor, pager.page_size)
            yield pager.accept(page.results, page.next)

    def _page(self, request: _Request, cursor: str | None, page_size: int) -> Any:
        # Each page enters the client context anew, so an iterator outlives no close().
        return self._send_in_context(_page_request(request, cursor, page_size))

    def collect(self, name: str, arguments: Mapping[str, Any], /, **renames: str) -> Any:
        """Every page of listing ``name`` as one page: the operation's page model holding every item,
        with no ``next`` or ``previous``.

        Raises:
            InvalidArgumentError: An argument breaks the spec's rules; nothing was sent.
        """
        request, pager = self._listing(name, arguments, None, renames, max_pages=MAX_COLLECTED_PAGES)
        items: list[Any] = []
        page = None
        while not pager.done:
            page = self._page(request, pager.cursor, pager.page_size)
            items.extend(pager.accept(page.results, page.next))
        return _whole(page, items)

    async def acollect(self, name: str, arguments: Mapping[str, Any], /, **renames: str) -> Any:
        """Asynchronously collect every page of listing ``name``; as :meth:`collect`."""
        await _import_off_loop(self.api, name)
        request, pager = self._listing(name, arguments, None, renames, max_pages=MAX_COLLECTED_PAGES)
        items: list[Any] = []
        page = None
        while not pager.done:
            page = await self._apage(request, pager.cursor, pager.page_size)
            items.extend(pager.accept(page.results, page.next))
        return _whole(page, items)

    def aiterate(
        self, name: str, arguments: Mapping[str, Any], /, *, limit: object = None, **renames: str
    ) -> AsyncIterator[Any]:
        """Asynchronously iterate over every item of listing ``name``; as :meth:`iterate`."""
        request, pager = self._listing(name, arguments, limit, renames)
        return self._aitems(request, pager)

    async def _aitems(self, request: _Request, pager: CursorPager[Any]) -> AsyncIterator[Any]:
        while not pager.done:
            page = await self._apage(request, pager.cursor, pager.page_size)
            for item in pager.accept(page.results, page.next):
                yield item

    async def _apage(self, request: _Request, cursor: str | None, page_size: int) -> Any:
        await _import_off_loop(self.api, request.name)
        return await self._asend_in_context(_page_request(request, cursor, page_size))

    def _listing(
        self,
        name: str,
        arguments: Mapping[str, Any],
        limit: object,
        renames: Mapping[str, str],
        *,
        max_pages: int | None = None,
    ) -> tuple[_Request, CursorPager[Any]]:
        request = self.prepare(name, arguments, renames)
        most = sys.maxsize if limit is None else check_limit(limit)
        return request, CursorPager(most, max_page_size=MAX_PAGE_SIZE, max_pages=max_pages)

    @property
    def client_context(self) -> Any:
        # with_sync_client / with_async_client open the owner's client context for each page.
        return self.owner.client_context  # type: ignore[attr-defined]


def _name_not_found(api: str, request: _Request, error: APIStatusError) -> NameNotFoundError | None:
    """The one error of a wrong name, for an operation that finds its object by ``name`` (``..._by_name_...``).

    The service answers a wrong name with 404 (a judge) or with 400 on ``name`` alone (an evaluator, whose
    contract declares no 404); both are the same :class:`~root.errors.NameNotFoundError`, which keeps the
    service's body and request id. ``None`` for any other error.
    """
    name = request.values.get("name")
    if "_by_name_" not in request.name or not isinstance(name, str):
        return None
    if not isinstance(error, NotFoundError) and not (
        isinstance(error, BadRequestError) and set(error.field_errors) == {"name"}
    ):
        return None
    what = _module_name(api).removesuffix("s_api").replace("_", " ")
    return NameNotFoundError(
        f"No {what} found with name '{name}'",
        status_code=404,
        body=error.body,
        headers=error.headers,
        request_id=error.request_id,
    )


class _NoContent:
    """The answer of a retried ``DELETE`` whose earlier attempt did the work (see
    :func:`root._retry.done_already`): no body, as a 204."""

    status = 204
    data = b""


def _no_content() -> Any:
    return _NoContent()


_ready_for_async: set[tuple[str, str]] = set()
"""The operations whose modules :func:`_import_off_loop` has imported."""


def _import_for_async(api: str, name: str) -> None:
    # What the first asynchronous call of an operation imports: aiohttp, and both generated packages
    # (the sync one checks the arguments, the async one sends).
    import aiohttp  # noqa: F401

    import root.generated.openapi_aclient.api_client  # noqa: F401

    _generated(api, name, False)
    _generated(api, name, True)


async def _import_off_loop(api: str, name: str) -> None:
    """Import what an asynchronous call of operation ``name`` needs in a worker thread, once, so that
    the event loop is not blocked for the ~0.3 s that importing aiohttp and the generated code takes."""
    if (api, name) in _ready_for_async:
        return
    import asyncio

    await asyncio.to_thread(_import_for_async, api, name)
    _ready_for_async.add((api, name))


def _whole(page: Any, items: list[Any]) -> Any:
    """The last ``page`` of a listing, holding ``items`` (every page's) and no link to another page."""
    links = {k: None for k in ("next", "previous") if k in type(page).model_fields}
    return page.model_copy(update={"results": items, **links})


def _page_request(request: _Request, cursor: str | None, page_size: int) -> _Request:
    return _Request(request.name, {**request.values, "cursor": cursor, "page_size": page_size}, None, request.timeout)


def _check_parameter(public: str, value: object, annotation: Any, *, required: bool) -> Any:
    """``value`` checked against the generated type of its parameter, as the wire will carry it.

    A required string (a path segment such as an id) must not be empty: an empty one would change
    which URL is called. A ``uuid.UUID`` is taken as its text wherever the spec types an id as a string.
    """
    import uuid

    from pydantic import ValidationError

    if isinstance(value, uuid.UUID):
        value = str(value)
    if isinstance(value, FileUpload):
        return _check_file(public, value, annotation)
    if value is None and required:
        raise InvalidArgumentError(f"{public} is required")
    try:
        checked = _adapter(annotation).validate_python(value)
    except ValidationError as exc:
        raise invalid_argument_from_validation(exc, public) from None
    if required and isinstance(checked, str) and not checked.strip():
        raise InvalidArgumentError(f"{public} must not be empty")
    return _wire(checked)


def _check_file(public: str, upload: FileUpload, annotation: Any) -> Any:
    """A file streamed from disk where the spec has ``format: binary``: passed to the generated
    serializer as ``(file name, upload)``, which it carries through without reading the upload.

    The generated type of such a parameter is bytes, text, or a ``(file name, bytes)`` pair; the pair's
    shape is checked here with empty content, since the content is only read as the request is sent.
    """
    from pydantic import ValidationError

    try:
        _adapter(annotation).validate_python((upload.filename, b""))
    except ValidationError as exc:
        raise invalid_argument_from_validation(exc, public) from None
    return (upload.filename, upload)


def _wire(value: Any) -> Any:
    """A checked parameter as the wire carries it: a UUID as its text, an enum member as its value, a
    datetime in ISO 8601 (``+00:00``, which ``format: date-time`` takes; the generated code would send
    ``+0000``)."""
    import datetime
    import enum
    import uuid

    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_wire(v) for v in value]
    return value


def checks_at_call(
    name: str, **renames: str
) -> Callable[[Callable[..., AsyncIterator[T]]], Callable[..., AsyncIterator[T]]]:
    """Check an asynchronous listing's arguments for operation ``name`` when it is called, not at its first step.

    An async generator runs none of its body until it is iterated; without this, ``alist(limit=-1)``
    would only fail inside ``async for``, unlike ``list(limit=-1)``.
    """

    def decorate(func: Callable[..., AsyncIterator[T]]) -> Callable[..., AsyncIterator[T]]:
        import inspect

        if not inspect.isasyncgenfunction(func):
            raise TypeError(f"checks_at_call decorates async generator functions, not {func!r}")
        signature = inspect.signature(func)

        @functools.wraps(func)
        def wrapper(self: Any, /, *args: Any, **kwargs: Any) -> AsyncIterator[T]:
            try:
                bound = signature.bind(self, *args, **kwargs)
            except TypeError as exc:
                raise TypeError(f"{func.__qualname__}(): {exc}") from None
            bound.apply_defaults()
            arguments = bound.arguments
            self._operations._listing(name, arguments, arguments.get("limit"), renames)
            return func(self, *args, **kwargs)

        return wrapper

    return decorate
