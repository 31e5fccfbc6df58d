"""The Models sub-API: the LLM models that evaluators and judges run on.

Reach it as ``RootSignals().models``. Every method has an asynchronous twin whose name starts with
``a`` (``create`` / ``acreate``), with the same parameters and defaults.
"""

# The public signatures are fixed by the published API reference, which spells them with
# typing.Optional/List and fully qualified generated types: keep them exactly so.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

import functools
import itertools
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, AsyncIterator, Final, Iterator, List, Optional, TypeVar, Union

import root
import root.utils
from root._config import NOT_GIVEN, CallOptions, NotGiven
from root._retry import acall_with_retries, call_with_retries
from root.errors import InvalidArgumentError, invalid_argument_from_validation, response_validation_error
from root.utils import CursorPager, with_async_client, with_sync_client

if TYPE_CHECKING:
    import root.generated.openapi_aclient
    import root.generated.openapi_aclient.models.model
    import root.generated.openapi_aclient.models.model_list
    import root.generated.openapi_client
    import root.generated.openapi_client.models.model
    import root.generated.openapi_client.models.model_list

__all__ = ["Models"]

T = TypeVar("T")

MAX_PAGE_SIZE: Final = 1000
"""The largest page ``list``/``alist`` ask for: fewer round trips, still small responses."""


def _check_model_id(model_id: object) -> str:
    import uuid

    # The spec's path parameter says format: uuid, but the generated call is not validated (see
    # _unchecked), and a malformed id must not reach the URL path.
    if isinstance(model_id, uuid.UUID):
        return str(model_id)
    if not isinstance(model_id, str):
        raise InvalidArgumentError(f"model_id must be a string, not {type(model_id).__name__}")
    try:
        return str(uuid.UUID(model_id))
    except ValueError:
        raise InvalidArgumentError(f"model_id must be a model's UUID, not {model_id!r}") from None


def _check_limit(limit: object) -> int:
    # ``limit`` is the SDK's own parameter (how many items to iterate), not part of the API contract.
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise InvalidArgumentError(f"limit must be an integer, not {type(limit).__name__}")
    if limit < 0:
        raise InvalidArgumentError(f"limit must be >= 0, not {limit}")
    return limit


@functools.cache
def _parameter_adapter(operation: Callable[..., Any], parameter: str) -> Any:
    """A pydantic ``TypeAdapter`` for one parameter of a generated operation, typed as the spec says."""
    from pydantic import TypeAdapter

    return TypeAdapter(operation.__annotations__[parameter])


def _listing_arguments(operation: Any, capable_of: object, limit: object) -> tuple[Optional[List[str]], int]:
    """``list``/``alist``'s arguments, checked: ``capable_of`` as the generated ``operation`` types it."""
    return _check_parameter(operation, "capable_of", capable_of), _check_limit(limit)


def _check_parameter(operation: Any, parameter: str, value: object) -> Any:
    """``value`` checked against the generated operation's type for ``parameter``.

    Raises:
        InvalidArgumentError: The value breaks the spec's rules; nothing was sent.
    """
    from pydantic import ValidationError

    raw = getattr(operation, "raw_function", operation)
    try:
        return _parameter_adapter(raw, parameter).validate_python(value)
    except ValidationError as exc:
        raise invalid_argument_from_validation(exc, parameter) from None


def _request_body(model_class: Any, arguments: dict[str, Any], *, clearing: bool) -> Any:
    """The generated request model built from the caller's arguments, so the spec's rules are checked here.

    Every argument named like one of the model's fields is a field of the body; the others (``self``,
    ``model_id``, ``_request_timeout``, ...) are not. ``NOT_GIVEN`` leaves a field out. ``None`` leaves
    it out too when creating; when updating (``clearing``) it sends ``null``, which only the fields the
    spec marks nullable accept.

    Raises:
        InvalidArgumentError: An argument breaks the spec's rules; nothing was sent.
    """
    from pydantic import ValidationError

    given = {
        k: v
        for k, v in arguments.items()
        if k in model_class.model_fields and not isinstance(v, NotGiven) and (clearing or v is not None)
    }
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


def _unchecked(bound: Any) -> Any:
    """A generated API method without pydantic's per-call argument validation.

    This module has checked every argument already, and the generated ``@validate_call`` would cost
    about as much again as the rest of a call's client-side work.
    """
    raw = getattr(bound, "raw_function", None)
    return functools.partial(raw, bound.__self__) if raw is not None else bound


def _parse_response(response: Any, model_class: Any, what: str) -> Any:
    """A 2xx response's body as ``model_class`` (a pydantic model, or ``None`` for "no body, or any
    JSON"), validated in one pass from its JSON bytes.

    Every method reads bodies this way, through the generated ``*_without_preload_content`` calls: any
    2xx whose body is what the contract promises is a success, whatever its exact status or
    ``Content-Type``, and anything else (no body, not JSON, a proxy's HTML page, a missing field) is an
    :class:`~root.errors.APIResponseValidationError`, never an exception of the generated code.
    """
    from pydantic import ValidationError

    try:
        if model_class is not None:
            return model_class.model_validate_json(response.data)
        if response.data.strip():
            # No body is expected; one that is not even JSON (a proxy's HTML page) means the
            # request most likely never reached the service.
            from pydantic import TypeAdapter

            TypeAdapter(object).validate_json(response.data)
        return None
    except ValidationError as exc:
        raise response_validation_error(exc, what, response) from None


def _checks_listing_at_call(func: Callable[..., T]) -> Callable[..., T]:
    """Check an async generator's ``capable_of`` and ``limit`` when it is called, not at its first step.

    An async generator runs none of its body until it is iterated; without this, ``alist(limit=-1)``
    would only fail inside ``async for``, unlike ``list(limit=-1)``.
    """
    defaults = func.__kwdefaults__ or {}

    @functools.wraps(func)
    def wrapper(self: Any, /, **kwargs: Any) -> T:
        from root.generated.openapi_aclient.api.models_api import ModelsApi

        arguments = {**defaults, **kwargs}
        kwargs["capable_of"], kwargs["limit"] = _listing_arguments(
            ModelsApi.models_list_without_preload_content, arguments.get("capable_of"), arguments.get("limit")
        )
        return func(self, **kwargs)

    return wrapper


class Models:
    """Models (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: root.utils.ClientContextCallable) -> None:
        self.client_context = client_context
        # RootSignals.models passes its own client_context; so does Models(client.client_context) by
        # hand. Either way the client's timeout and retries apply; any other callable gets the defaults.
        options = getattr(getattr(client_context, "__self__", None), "_call_options", None)
        self._call_options = options if isinstance(options, CallOptions) else CallOptions()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    # -- plumbing shared by every method ------------------------------------------------------------

    def _run(self, method: str, send: Callable[[], T]) -> T:
        return call_with_retries(method, send, max_retries=self._call_options.max_retries)

    async def _arun(self, method: str, send: Callable[[], Awaitable[T]]) -> T:
        return await acall_with_retries(method, send, max_retries=self._call_options.max_retries)

    @staticmethod
    def _sync_api(client: root.generated.openapi_client.ApiClient) -> Any:
        from root.generated.openapi_client.api.models_api import ModelsApi

        return ModelsApi(client)

    @staticmethod
    def _async_api(client: root.generated.openapi_aclient.ApiClient) -> Any:
        from root.generated.openapi_aclient.api.models_api import ModelsApi

        return ModelsApi(client)

    # -- create ------------------------------------------------------------------------------------

    @with_sync_client
    def create(
        self,
        *,
        name: str,
        model: Optional[str] = None,
        default_key: Optional[str] = None,
        max_output_token_count: Optional[int] = None,
        max_token_count: Optional[int] = None,
        url: Optional[str] = None,
        _request_timeout: Optional[int] = None,
        _client: root.generated.openapi_client.ApiClient,
    ) -> str:
        """Create a new model and return its ID.

        :param name: The unique identifier for the model instance  (e.g. "google/gemma-2-9b").
        :param model: The base model name to be used. Defaults to name.
        :param default_key: The default API key required for the model, if applicable.
        :param max_output_token_count: The maximum number of tokens to output.
        :param max_token_count: The maximum number of tokens to process.
        :param url: Optional URL pointing to the model's endpoint.
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :returns: The new model's ID.
        :raises InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
        :raises root.errors.APIStatusError: The service refused the request.
        :raises root.errors.APIConnectionError: The service could not be reached.
        """
        from root.generated.openapi_client.models.model import Model
        from root.generated.openapi_client.models.model_request import ModelRequest

        request = _request_body(ModelRequest, locals(), clearing=False)
        timeout = self._call_options.timeout_pair(_request_timeout)
        send = _unchecked(self._sync_api(_client).models_create_without_preload_content)
        response = self._run("POST", lambda: send(request, _request_timeout=timeout))
        return _parse_response(response, Model, "create").id  # type: ignore[no-any-return]

    @with_async_client
    async def acreate(
        self,
        *,
        name: str,
        model: Optional[str] = None,
        default_key: Optional[str] = None,
        max_output_token_count: Optional[int] = None,
        max_token_count: Optional[int] = None,
        url: Optional[str] = None,
        _request_timeout: Optional[int] = None,
        _client: root.generated.openapi_aclient.ApiClient,
    ) -> str:
        """Asynchronously create a new model and return its ID.

        :param name: The unique identifier for the model instance  (e.g. "google/gemma-2-9b").
        :param model: The base model name to be used. Defaults to name.
        :param default_key: The default API key required for the model, if applicable.
        :param max_output_token_count: The maximum number of tokens to output.
        :param max_token_count: The maximum number of tokens to process.
        :param url: Optional URL pointing to the model's endpoint.
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :returns: The new model's ID.
        :raises InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
        :raises root.errors.APIStatusError: The service refused the request.
        :raises root.errors.APIConnectionError: The service could not be reached.
        """
        from root.generated.openapi_aclient.models.model import Model
        from root.generated.openapi_aclient.models.model_request import ModelRequest

        request = _request_body(ModelRequest, locals(), clearing=False)
        timeout = self._call_options.timeout_pair(_request_timeout)
        send = _unchecked(self._async_api(_client).models_create_without_preload_content)
        response = await self._arun("POST", lambda: send(request, _request_timeout=timeout))
        return _parse_response(response, Model, "create").id  # type: ignore[no-any-return]

    # -- get ---------------------------------------------------------------------------------------

    @with_sync_client
    def get(
        self,
        model_id: str,
        *,
        _request_timeout: Optional[int] = None,
        _client: root.generated.openapi_client.ApiClient,
    ) -> root.generated.openapi_client.models.model.Model:
        """Get the model's details.

        :param model_id: The model's ID (a UUID).
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :returns: The model. Its ``default_key`` is never returned by the service.
        :raises InvalidArgumentError: ``model_id`` is not a UUID; nothing was sent.
        :raises root.errors.NotFoundError: No such model.
        """
        from root.generated.openapi_client.models.model import Model

        model_id = _check_model_id(model_id)
        timeout = self._call_options.timeout_pair(_request_timeout)
        send = _unchecked(self._sync_api(_client).models_retrieve_without_preload_content)
        response = self._run("GET", lambda: send(model_id, _request_timeout=timeout))
        return _parse_response(response, Model, "get")  # type: ignore[no-any-return]

    @with_async_client
    async def aget(
        self,
        model_id: str,
        *,
        _request_timeout: Optional[int] = None,
        _client: root.generated.openapi_aclient.ApiClient,
    ) -> root.generated.openapi_aclient.models.model.Model:
        """Asynchronously get the model's details.

        :param model_id: The model's ID (a UUID).
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :returns: The model. Its ``default_key`` is never returned by the service.
        :raises InvalidArgumentError: ``model_id`` is not a UUID; nothing was sent.
        :raises root.errors.NotFoundError: No such model.
        """
        from root.generated.openapi_aclient.models.model import Model

        model_id = _check_model_id(model_id)
        timeout = self._call_options.timeout_pair(_request_timeout)
        send = _unchecked(self._async_api(_client).models_retrieve_without_preload_content)
        response = await self._arun("GET", lambda: send(model_id, _request_timeout=timeout))
        return _parse_response(response, Model, "get")  # type: ignore[no-any-return]

    # -- update ------------------------------------------------------------------------------------

    @with_sync_client
    def update(
        self,
        model_id: str,
        *,
        name: Union[str, NotGiven] = NOT_GIVEN,
        model: Union[str, NotGiven] = NOT_GIVEN,
        default_key: Union[str, NotGiven, None] = NOT_GIVEN,
        max_output_token_count: Union[int, NotGiven] = NOT_GIVEN,
        max_token_count: Union[int, NotGiven, None] = NOT_GIVEN,
        url: Union[str, NotGiven, None] = NOT_GIVEN,
        _request_timeout: Optional[int] = None,
        _client: root.generated.openapi_client.ApiClient,
    ) -> root.generated.openapi_client.models.model.Model:
        """Update the model: change only the fields given (PATCH semantics).

        A field left out keeps its value. ``None`` clears ``default_key``, ``max_token_count`` or
        ``url``.

        :param model_id: The model's ID (a UUID).
        :param name: The unique identifier for the model instance  (e.g. "google/gemma-2-9b").
        :param model: The base model name to be used.
        :param default_key: The default API key required for the model, if applicable.
        :param max_output_token_count: The maximum number of tokens to output.
        :param max_token_count: The maximum number of tokens to process.
        :param url: Optional URL pointing to the model's endpoint.
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :returns: The model after the update.
        :raises InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
        :raises root.errors.NotFoundError: No such model.
        :raises root.errors.PermissionDeniedError: The model is not yours to change.
        """
        from root.generated.openapi_client.models.model import Model
        from root.generated.openapi_client.models.patched_model_request import PatchedModelRequest

        model_id = _check_model_id(model_id)
        request = _request_body(PatchedModelRequest, locals(), clearing=True)
        timeout = self._call_options.timeout_pair(_request_timeout)
        send = _unchecked(self._sync_api(_client).models_partial_update_without_preload_content)
        response = self._run("PATCH", lambda: send(model_id, request, _request_timeout=timeout))
        return _parse_response(response, Model, "update")  # type: ignore[no-any-return]

    @with_async_client
    async def aupdate(
        self,
        model_id: str,
        *,
        name: Union[str, NotGiven] = NOT_GIVEN,
        model: Union[str, NotGiven] = NOT_GIVEN,
        default_key: Union[str, NotGiven, None] = NOT_GIVEN,
        max_output_token_count: Union[int, NotGiven] = NOT_GIVEN,
        max_token_count: Union[int, NotGiven, None] = NOT_GIVEN,
        url: Union[str, NotGiven, None] = NOT_GIVEN,
        _request_timeout: Optional[int] = None,
        _client: root.generated.openapi_aclient.ApiClient,
    ) -> root.generated.openapi_aclient.models.model.Model:
        """Asynchronously update the model: change only the fields given (PATCH semantics).

        A field left out keeps its value. ``None`` clears ``default_key``, ``max_token_count`` or
        ``url``.

        :param model_id: The model's ID (a UUID).
        :param name: The unique identifier for the model instance  (e.g. "google/gemma-2-9b").
        :param model: The base model name to be used.
        :param default_key: The default API key required for the model, if applicable.
        :param max_output_token_count: The maximum number of tokens to output.
        :param max_token_count: The maximum number of tokens to process.
        :param url: Optional URL pointing to the model's endpoint.
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :returns: The model after the update.
        :raises InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
        :raises root.errors.NotFoundError: No such model.
        :raises root.errors.PermissionDeniedError: The model is not yours to change.
        """
        from root.generated.openapi_aclient.models.model import Model
        from root.generated.openapi_aclient.models.patched_model_request import PatchedModelRequest

        model_id = _check_model_id(model_id)
        request = _request_body(PatchedModelRequest, locals(), clearing=True)
        timeout = self._call_options.timeout_pair(_request_timeout)
        send = _unchecked(self._async_api(_client).models_partial_update_without_preload_content)
        response = await self._arun("PATCH", lambda: send(model_id, request, _request_timeout=timeout))
        return _parse_response(response, Model, "update")  # type: ignore[no-any-return]

    # -- delete ------------------------------------------------------------------------------------

    @with_sync_client
    def delete(
        self,
        model_id: str,
        *,
        _request_timeout: Optional[int] = None,
        _client: root.generated.openapi_client.ApiClient,
    ) -> None:
        """Delete the model.

        :param model_id: The model's ID (a UUID).
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :raises InvalidArgumentError: ``model_id`` is not a UUID; nothing was sent.
        :raises root.errors.NotFoundError: No such model.
        """
        model_id = _check_model_id(model_id)
        timeout = self._call_options.timeout_pair(_request_timeout)
        send = _unchecked(self._sync_api(_client).models_destroy_without_preload_content)
        _parse_response(self._run("DELETE", lambda: send(model_id, _request_timeout=timeout)), None, "delete")

    @with_async_client
    async def adelete(
        self,
        model_id: str,
        *,
        _request_timeout: Optional[int] = None,
        _client: root.generated.openapi_aclient.ApiClient,
    ) -> None:
        """Asynchronously delete the model.

        :param model_id: The model's ID (a UUID).
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :raises InvalidArgumentError: ``model_id`` is not a UUID; nothing was sent.
        :raises root.errors.NotFoundError: No such model.
        """
        model_id = _check_model_id(model_id)
        timeout = self._call_options.timeout_pair(_request_timeout)
        send = _unchecked(self._async_api(_client).models_destroy_without_preload_content)
        _parse_response(await self._arun("DELETE", lambda: send(model_id, _request_timeout=timeout)), None, "delete")

    # -- list --------------------------------------------------------------------------------------

    @with_sync_client
    def list(
        self,
        *,
        capable_of: Optional[List[str]] = None,
        limit: int = 100,
        _client: root.generated.openapi_client.ApiClient,
    ) -> Iterator[root.generated.openapi_client.models.model_list.ModelList]:
        """Iterate through the models.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        :param limit: Number of entries to iterate through at most.
        :param capable_of: List of capabilities to filter the models by.
        :raises InvalidArgumentError: A negative ``limit`` or a malformed ``capable_of``; nothing was sent.
        """
        from root.generated.openapi_client.api.models_api import ModelsApi

        capabilities, limit = _listing_arguments(ModelsApi.models_list_without_preload_content, capable_of, limit)
        # Chaining the pages hands items over in C; a generator would resume a frame per item.
        # It stays lazy: the next page is fetched when the previous one is used up.
        return itertools.chain.from_iterable(self._pages(capabilities, limit))

    def _pages(
        self, capabilities: Optional[List[str]], limit: int
    ) -> Iterator[Sequence[root.generated.openapi_client.models.model_list.ModelList]]:
        pager: CursorPager[Any] = CursorPager(limit, max_page_size=MAX_PAGE_SIZE)
        while not pager.done:
            page = self._list_page(capabilities, pager.cursor, pager.page_size)
            yield pager.accept(page.results, page.next)

    @with_sync_client
    def _list_page(
        self,
        capabilities: Optional[List[str]],
        cursor: Optional[str],
        page_size: int,
        *,
        _client: root.generated.openapi_client.ApiClient,
    ) -> Any:
        # Each page enters the client context anew, so an iterator outlives no close().
        from root.generated.openapi_client.models.paginated_model_list_list import PaginatedModelListList

        timeout = self._call_options.timeout_pair(None)
        send = _unchecked(self._sync_api(_client).models_list_without_preload_content)
        response = self._run(
            "GET", lambda: send(capable_of=capabilities, cursor=cursor, page_size=page_size, _request_timeout=timeout)
        )
        return _parse_response(response, PaginatedModelListList, "list")

    @_checks_listing_at_call
    async def alist(
        self,
        *,
        capable_of: Optional[List[str]] = None,
        limit: int = 100,
    ) -> AsyncIterator[root.generated.openapi_aclient.models.model_list.ModelList]:
        """Asynchronously iterate through the models.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        :param limit: Number of entries to iterate through at most.
        :param capable_of: List of capabilities to filter the models by.
        :raises InvalidArgumentError: A negative ``limit`` or a malformed ``capable_of``; nothing was sent.
        """
        pager: CursorPager[Any] = CursorPager(limit, max_page_size=MAX_PAGE_SIZE)
        while not pager.done:
            page = await self._alist_page(capable_of, pager.cursor, pager.page_size)
            for item in pager.accept(page.results, page.next):
                yield item

    @with_async_client
    async def _alist_page(
        self,
        capabilities: Optional[List[str]],
        cursor: Optional[str],
        page_size: int,
        *,
        _client: root.generated.openapi_aclient.ApiClient,
    ) -> Any:
        from root.generated.openapi_aclient.models.paginated_model_list_list import PaginatedModelListList

        timeout = self._call_options.timeout_pair(None)
        send = _unchecked(self._async_api(_client).models_list_without_preload_content)
        response = await self._arun(
            "GET", lambda: send(capable_of=capabilities, cursor=cursor, page_size=page_size, _request_timeout=timeout)
        )
        return _parse_response(response, PaginatedModelListList, "list")
