"""The exceptions this SDK raises, and their translation from what the HTTP layers raise.

Everything the SDK raises on purpose derives from :class:`RootSignalsError`::

    RootSignalsError
    ├── MissingAPIKeyError           no key in the argument, the environment or ./.env
    ├── InvalidArgumentError         (also a ValueError) bad argument, caught before any request
    ├── ClientModeError              (also a TypeError) a sync method given an async client, or back
    ├── APIResponseValidationError   a response that does not match the API contract
    ├── APIConnectionError           the service could not be reached, or the connection broke
    │   ├── APITimeoutError          ... because a timeout ran out (``which`` says which)
    │   │   └── WaitTimeoutError     ... a ``wait()`` for a job ran out (``last`` holds what it read)
    │   └── ClientClosedError        ... because the client was closed (before or during the call)
    └── APIStatusError               the service answered with a 4xx or 5xx status
        ├── BadRequestError              400: the message lists the field errors
        ├── AuthenticationError          401
        ├── PermissionDeniedError        403
        ├── NotFoundError                404
        │   └── NameNotFoundError            (also a ValueError) no evaluator or judge has that name
        ├── ConflictError                409
        ├── UnprocessableEntityError     422
        ├── RateLimitError               429
        ├── InternalServerError          500 and above
        └── RequestTooLargeError         413: the body is over the service's limit (``limit``)

Synchronous and asynchronous calls raise the same classes. Exceptions of the generated code, urllib3
and aiohttp never reach the caller: they are translated here and chained as ``__cause__``. Every
exception survives ``pickle`` (for multiprocessing and task queues), and none carries the API key.

Programs written for the official SDK 1.6 catch the generated packages' exceptions, so each
:class:`APIStatusError` is also an instance of the matching class of both
``root.generated.openapi_client.exceptions`` and ``root.generated.openapi_aclient.exceptions``
(``NotFoundError`` is a ``NotFoundException``, ``InternalServerError`` a ``ServiceException``, any
other status an ``ApiException``), with the attributes those programs read (``status``, ``reason``,
``body``, ``headers``, ``data``). The generated modules load only when the first such error is made,
so ``import root`` stays cheap. :class:`APIConnectionError` is also a ``ConnectionError`` and
:class:`APITimeoutError` a ``TimeoutError``, as aiohttp's are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ClientModeError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "MissingAPIKeyError",
    "NameNotFoundError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTooLargeError",
    "RootSignalsError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "invalid_argument_from_validation",
    "response_validation_error",
    "status_error",
    "unexpected_status_error",
]


class RootSignalsError(Exception):
    """The base of every exception this SDK raises on purpose."""


class MissingAPIKeyError(RootSignalsError, ValueError):
    """No API key was given, found in ``ROOTSIGNALS_API_KEY`` (``SCORABLE_API_KEY`` for ``scorable.Scorable``),
    or found in ``./.env``. Also a ``ValueError``, which both official SDKs raise then."""


class InvalidArgumentError(RootSignalsError, ValueError):
    """An argument the service would reject; raised before any request is sent."""


class ClientModeError(RootSignalsError, TypeError):
    """A synchronous method got an asynchronous client, or the other way round."""


class APIResponseValidationError(RootSignalsError):
    """The service answered, but not as the API contract says: a 2xx whose body is missing, is not JSON
    or lacks a field; a status that is neither success nor error; a next-page link without a cursor.

    Attributes:
        status_code: The HTTP status of the answer, when there was one.
        url: The request's URL, when known.
        request_id: The service's ``X-Request-Id`` for this response, when it sent one.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        url: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.url = url
        self.request_id = request_id

    def __reduce__(self) -> tuple[Any, ...]:
        state = {"status_code": self.status_code, "url": self.url, "request_id": self.request_id}
        return (_rebuild, (type(self), (self.message,), state))


class APIConnectionError(RootSignalsError, ConnectionError):
    """The service could not be reached, or the connection broke before a full response arrived.

    Args:
        message: What went wrong.
        request_sent: Whether the request may have reached the service. ``False`` only when the
            connection was never established, so that the request surely had no effect.
    """

    def __init__(self, message: str, *, request_sent: bool = True) -> None:
        Exception.__init__(self, message)
        self.message = message
        self.request_sent = request_sent

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), (self.message,), {"request_sent": self.request_sent}))


class APITimeoutError(APIConnectionError, TimeoutError):
    """A timeout ran out. Also a ``TimeoutError`` (so ``asyncio.TimeoutError`` on Python 3.11 and later).

    Args:
        message: What timed out; it names the timeout that ran out.
        request_sent: As for :class:`APIConnectionError`.
        which: Which timeout ran out: ``"connect"`` (connecting, so nothing was sent), ``"attempt"``
            (one attempt's ``timeout``) or ``"deadline"`` (the call's ``deadline``, across its retries
            and their waits).
    """

    def __init__(self, message: str, *, request_sent: bool = True, which: str = "attempt") -> None:
        super().__init__(message, request_sent=request_sent)
        self.which = which

    def __reduce__(self) -> tuple[Any, ...]:
        state = {"request_sent": self.request_sent, "which": self.which}
        return (_rebuild, (type(self), (self.message,), state))


class WaitTimeoutError(APITimeoutError):
    """A ``wait()`` ran out of time before the job it waited for finished (``which`` is ``"wait"``).

    The job goes on at the service: read it again, or wait again, to see it finish.

    Attributes:
        last: The job as it was last read (a calibration run, a batch execution), or ``None`` when no
            read succeeded.
        last_status: Its status then (``"running"`` ...), or ``None``.
    """

    def __init__(self, message: str, *, last: object = None, last_status: str | None = None) -> None:
        super().__init__(message, request_sent=True, which="wait")
        self.last = last
        self.last_status = last_status

    def __reduce__(self) -> tuple[Any, ...]:
        state = {"last": self.last, "last_status": self.last_status}
        return (_rebuild, (type(self), (self.message,), state))


class ClientClosedError(APIConnectionError):
    """The client was closed: before the call, or while the call was in flight.

    A call in flight when :meth:`~root.client.RootSignals.close` or ``aclose`` ran ends with this error
    and is not retried. ``request_sent`` says whether the request may have reached the service.
    """


class APIStatusError(RootSignalsError):
    """The service answered with an error status.

    Every instance is also an instance of the matching exception class of both generated packages
    (``root.generated.openapi_client.exceptions`` and ``root.generated.openapi_aclient.exceptions``),
    as the official SDK 1.6 raised: ``except ApiException`` and ``except NotFoundException`` catch it.

    Attributes:
        status_code: The HTTP status.
        body: The decoded JSON body (a dict for the service's errors), or the text when not JSON.
        headers: The response headers, names in lower case.
        request_id: The service's ``X-Request-Id`` for this response, when it sent one; quote it in
            support requests.
        status: The same as ``status_code``, under the name the generated ``ApiException`` uses.
        reason: The HTTP reason phrase (``"Not Found"``), as on the generated ``ApiException``.
        data: Always ``None``: the generated ``ApiException`` keeps a decoded error model there, and
            the API's errors have none.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        # The generated exception classes become bases here, not at import: importing them would
        # load the generated packages at ``import root`` (see _catchable_as_generated).
        return cast("Self", Exception.__new__(_catchable_as_generated(cls), *args))

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: object = None,
        headers: Mapping[str, str] | None = None,
        request_id: str | None = None,
        reason: str | None = None,
    ) -> None:
        # Not super(): the generated ApiException.__init__ follows in the MRO and would set status to
        # the message.
        Exception.__init__(self, message)
        self.message = message
        self.status_code = status_code
        self.body = body
        self.headers: dict[str, str] = dict(headers or {})
        self.request_id = request_id
        self.status = status_code
        self.reason = reason if reason is not None else _reason_phrase(status_code)
        self.data: object = None

    def __str__(self) -> str:
        # The generated ApiException.__str__ (a multi-line dump with every header) is not ours.
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        state = {
            "status_code": self.status_code,
            "body": self.body,
            "headers": self.headers,
            "request_id": self.request_id,
            "reason": self.reason,
        }
        return (_rebuild, (_public_class(type(self)), (self.message,), state))


class BadRequestError(APIStatusError):
    """400: the service rejected the arguments; :attr:`field_errors` says which and why."""

    @property
    def field_errors(self) -> dict[str, list[str]]:
        """Field name to the service's messages about it (empty when the body had none)."""
        if not isinstance(self.body, dict):
            return {}
        return {
            str(name): [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]
            for name, messages in self.body.items()
        }


class AuthenticationError(APIStatusError):
    """401: no API key, or one the service does not accept."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this (for example, change a built-in model)."""


class NotFoundError(APIStatusError):
    """404: no such object for this key."""


class NameNotFoundError(NotFoundError, ValueError):
    """No evaluator or judge has the name asked for: ``get_by_name``, ``run_by_name`` and the command
    line's ``--name`` all raise this one class, whatever status the service answers a wrong name with
    (a by-name run of an evaluator answers 400 on ``name``, of a judge 404; ``get_by_name`` finds
    nothing in a listing). Its ``status_code`` is 404; ``body`` and ``request_id`` are the service's
    answer, when there was one.

    Also a ``ValueError``, which the official SDK's ``get_by_name`` raises; ``root.skills`` names it
    ``EvaluatorNotFoundError`` too.
    """


class ConflictError(APIStatusError):
    """409: the request conflicts with the object's current state."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well-formed but could not be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests; retried automatically, honouring ``Retry-After``."""


class InternalServerError(APIStatusError):
    """500 and above: the service failed or is unavailable."""


class RequestTooLargeError(APIStatusError):
    """413: the request body is larger than the service accepts (an upload, usually).

    The message says the limit when the answer states it (the emulator's does; a proxy's HTML page
    may not), and :attr:`limit` gives it in bytes.
    """

    @property
    def limit(self) -> int | None:
        """The largest body the service accepts, in bytes, as its answer states it; ``None`` when it does not."""
        return _stated_limit(self.body, self.headers)


_LIMIT_IN_TEXT = r"(?:maximum|limit|at most)\D{0,40}?(\d[\d,]*)"


def _stated_limit(body: object, headers: Mapping[str, str]) -> int | None:
    """The size limit a 413 states: in a ``detail`` (or a text body), else in a ``*max*size*`` header."""
    import re

    text = body.get("detail") if isinstance(body, dict) else body
    if isinstance(text, str):
        match = re.search(_LIMIT_IN_TEXT, text, re.IGNORECASE)
        if match:
            return int(match.group(1).replace(",", ""))
    for name, value in headers.items():
        if "max" in name and "size" in name and value.strip().isdigit():
            return int(value.strip())
    return None


def _too_large_message(body: object, headers: Mapping[str, str]) -> str:
    limit = _stated_limit(body, headers)
    stated = f"at most {limit:,} bytes" if limit is not None else "the answer does not state the limit"
    return f"the request body is larger than the service accepts ({stated})"


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: RequestTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _rebuild(cls: type[Exception], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Exception:
    return cls(*args, **kwargs)


_GENERATED_EQUIVALENT: dict[type[APIStatusError], str] = {
    BadRequestError: "BadRequestException",
    AuthenticationError: "UnauthorizedException",
    PermissionDeniedError: "ForbiddenException",
    NotFoundError: "NotFoundException",
    ConflictError: "ConflictException",
    UnprocessableEntityError: "UnprocessableEntityException",
    InternalServerError: "ServiceException",
}
"""Our status error -> the generated exception a 1.6 program catches; any other is an ``ApiException``."""

_catchable: dict[type[APIStatusError], type[APIStatusError]] = {}


def _catchable_as_generated(cls: type[APIStatusError]) -> type[APIStatusError]:
    """``cls`` with the matching exception classes of both generated packages as further bases.

    The class made keeps ``cls``'s name, module and docstring, so tracebacks and messages show
    ``root.errors.NotFoundError``; it is made once per class, on the first error of that class.
    Subclasses of ours (say, a NotFoundError for a wrong name) get the bases of their nearest listed
    ancestor.
    """
    if "_public_class" in cls.__dict__:
        return cls
    made = _catchable.get(cls)
    if made is None:
        import root.generated.openapi_aclient.exceptions as async_exceptions
        import root.generated.openapi_client.exceptions as sync_exceptions

        name = next((_GENERATED_EQUIVALENT[k] for k in cls.__mro__ if k in _GENERATED_EQUIVALENT), "ApiException")
        namespace = {
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
            "_public_class": cls,
        }
        bases = (cls, getattr(sync_exceptions, name), getattr(async_exceptions, name))
        made = _catchable.setdefault(cls, type(cls.__name__, bases, namespace))
    return made


def _public_class(cls: type[Exception]) -> type[Exception]:
    """The class a program names (``NotFoundError``) for the class of an instance; pickled by name."""
    public: type[Exception] = cls.__dict__.get("_public_class", cls)
    return public


def _reason_phrase(status_code: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return ""


MAX_URL_SHOWN = 200
"""Messages show at most this much of a URL: a listing filtered by many capabilities has a huge one."""
MAX_DETAIL_SHOWN = 1000
"""Messages show at most this much of what the service or a validator said."""


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text):,} characters in all)"


def shown_url(url: str) -> str:
    """``url`` as messages show it: cut short when it is very long."""
    return _clip(url, MAX_URL_SHOWN)


def _plain_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


def _with_request_id(message: str, request_id: str | None) -> str:
    return f"{message} (request id {request_id})" if request_id else message


def _decode_body(data: bytes) -> object:
    text = data.decode("utf-8", errors="replace")
    if not text:
        return None
    import json

    try:
        return json.loads(text)
    except ValueError:
        return text


def _describe(status_code: int, body: object) -> str:
    """The human part of an error message: the service's ``detail``, or its field errors."""
    if isinstance(body, dict):
        detail = body.get("detail")
        if isinstance(detail, str) and len(body) == 1:
            return detail
        parts = []
        for name, messages in body.items():
            text = "; ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
            parts.append(f"{name}: {text}")
        return "; ".join(parts)
    if isinstance(body, str) and body.strip():
        return body.strip()[:500]
    return "no details in the response"


def status_error(
    status_code: int,
    data: bytes,
    headers: Mapping[str, str],
    *,
    method: str,
    url: str,
    reason: str | None = None,
) -> APIStatusError:
    """The exception for an error response: the class its status maps to, with the server's message.

    Args:
        status_code: The response status (400 or more).
        data: The raw response body.
        headers: The response headers.
        method: The request method, for the message.
        url: The request URL, for the message (it carries no secret: the key travels in a header).
        reason: The response's reason phrase, when the HTTP library gave one.
    """
    body = _decode_body(data)
    plain_headers = _plain_headers(headers)
    request_id = plain_headers.get("x-request-id")
    if status_code >= 500:
        cls: type[APIStatusError] = InternalServerError
    else:
        cls = _STATUS_CLASSES.get(status_code, APIStatusError)
    message = f"{status_code} from {method} {shown_url(url)}: {_clip(_describe(status_code, body), MAX_DETAIL_SHOWN)}"
    if cls is RequestTooLargeError:
        message = f"{status_code} from {method} {shown_url(url)}: {_too_large_message(body, plain_headers)}"
        if isinstance(body, dict) and isinstance(body.get("detail"), str):
            message += f": {_clip(body['detail'], MAX_DETAIL_SHOWN)}"
    return cls(
        _with_request_id(message, request_id),
        status_code=status_code,
        body=body,
        headers=plain_headers,
        request_id=request_id,
        reason=reason or None,
    )


def unexpected_status_error(
    status_code: int, headers: Mapping[str, str], *, method: str, url: str
) -> APIResponseValidationError:
    """The exception for a status that is neither 2xx nor an error (a redirect, say).

    Redirects are not followed (they would carry the key elsewhere), and no other status is part of
    the contract.
    """
    request_id = _plain_headers(headers).get("x-request-id")
    message = f"Unexpected status {status_code} from {method} {shown_url(url)}: the API answers 2xx or an error"
    return APIResponseValidationError(
        _with_request_id(message, request_id), status_code=status_code, url=url, request_id=request_id
    )


def _describe_validation(error: Exception) -> str:
    """A pydantic ``ValidationError`` as "location: message; ...", without the input values.

    The inputs are left out on purpose: one of them may be a model's ``default_key``.
    """
    errors = getattr(error, "errors", None)
    parts: list[str] = []
    if callable(errors):
        for item in errors(include_url=False, include_input=False, include_context=False):
            location = ".".join(str(p) for p in item.get("loc", ())) or "value"
            parts.append(f"{location}: {item.get('msg', 'invalid')}")
    return "; ".join(parts)


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__


def _describe_argument_error(item: Mapping[str, Any], prefix: str | None) -> str:
    """One pydantic error about an argument: the field, the rule broken and the wrong type or size.

    A string's content never appears (it may be a model's ``default_key``); a number's value does.
    """
    location = ".".join(str(p) for p in ((prefix,) if prefix else ()) + tuple(item.get("loc", ())))
    field = location or "value"
    kind = item.get("type", "")
    ctx: Mapping[str, Any] = item.get("ctx") or {}
    value = item.get("input")
    if kind == "missing":
        return f"{field} is required"
    if kind in ("string_type", "string_sub_type"):
        return f"{field} must be a string, not {_type_name(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{field} must be an integer, not {_type_name(value)}"
    if kind in ("list_type", "list_sub_type"):
        return f"{field} must be a list, not {_type_name(value)}"
    if kind in ("uuid_type", "uuid_parsing", "uuid_version"):
        return f"{field} must be a UUID" + ("" if isinstance(value, str) else f", not {_type_name(value)}")
    if kind == "enum":
        return f"{field} must be one of {ctx.get('expected', '?')}"
    size = f", not {len(value)}" if isinstance(value, str) else ""
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return f"{field} must not be empty"
        return f"{field} must be at least {ctx.get('min_length')} characters{size}"
    if kind == "string_too_long":
        return f"{field} must be at most {ctx.get('max_length')} characters{size}"
    bounds = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}
    if kind in bounds:
        shown = f", not {value}" if isinstance(value, (int, float)) else ""
        return f"{field} must be {bounds[kind]} {next(iter(ctx.values()), '?')}{shown}"
    if kind == "value_error":
        # The generated code checks a spec ``pattern`` this way: "must validate the regular expression /P/".
        text = f"{field} {ctx.get('error', item.get('msg', 'is invalid'))}"
        return text + (" (it is blank)" if isinstance(value, str) and not value.strip() else "")
    return f"{field}: {item.get('msg', 'invalid')}"


def invalid_argument_from_validation(error: Exception, parameter: str | None = None) -> InvalidArgumentError:
    """An :class:`InvalidArgumentError` from a pydantic ``ValidationError`` of our request arguments.

    Args:
        error: The ``ValidationError`` of a generated request model or of one parameter's type.
        parameter: The parameter's name, when ``error`` is about one parameter's value alone.
    """
    errors = getattr(error, "errors", None)
    items = errors(include_url=False) if callable(errors) else []
    parts = [_describe_argument_error(item, parameter) for item in items]
    return InvalidArgumentError("; ".join(parts) or "invalid arguments")


def response_validation_error(error: Exception, what: str, response: Any) -> APIResponseValidationError:
    """An :class:`APIResponseValidationError` from a pydantic ``ValidationError`` of a response body.

    Args:
        error: The ``ValidationError`` (malformed JSON is one too).
        what: The SDK method that got the response, for the message.
        response: The buffered response: its ``status``, ``headers``, ``method`` and ``url``.
    """
    headers = _plain_headers(response.headers)
    request_id = headers.get("x-request-id")
    content_type = headers.get("content-type", "none")
    message = (
        f"The service's answer to {what} ({response.status} from {response.method} {shown_url(response.url)}, "
        f"Content-Type {_clip(content_type, 100)}) does not match the API contract: "
        + _clip(_describe_validation(error) or type(error).__name__, MAX_DETAIL_SHOWN)
    )
    return APIResponseValidationError(
        _with_request_id(message, request_id), status_code=response.status, url=response.url, request_id=request_id
    )
