"""The Models sub-API: the LLM models that evaluators and judges run on.

Reach it as ``RootSignals().models``. Every method has an asynchronous twin whose name starts with
``a`` (``create`` / ``acreate``), with the same parameters and defaults.
"""

# The public signatures are fixed by the published API reference, which spells them with
# typing.Optional/List and fully qualified generated types: keep them exactly so.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

import functools
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


def _parse_page(page_class: Any, data: bytes) -> Any:
    """A page parsed and validated straight from its JSON bytes, with the cyclic GC paused.

    Building a page of 1,000 models allocates tens of thousands of objects, each allocation counting
    towards the collector's next pass: left on, collection doubles the cost of parsing (measured with
    pydantic 2.14). Nothing here can form a reference cycle, and pydantic-core holds the GIL
    throughout, so no other thread runs while it is off. A collector the caller turned off stays off.
    """
    import gc

    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return page_class.model_validate_json(data)
    finally:
        if paused:
            gc.enable()


class Models:
    """Models (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    _call_options: CallOptions = CallOptions()

    def __init__(self, client_context: root.utils.ClientContextCallable) -> None:
        self.client_context = client_context

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    # -- plumbing shared by every method ------------------------------------------------------------

    def _run(self, method: str, what: str, call: Callable[[], T]) -> T:
        from pydantic import ValidationError

        def attempt() -> T:
            try:
                return call()
            except ValidationError as exc:
                raise response_validation_error(exc, what) from None

        return call_with_retries(method, attempt, max_retries=self._call_options.max_retries)

    async def _arun(self, method: str, what: str, call: Callable[[], Awaitable[T]]) -> T:
        from pydantic import ValidationError

        async def attempt() -> T:
            try:
                return await call()
            except ValidationError as exc:
                raise response_validation_error(exc, what) from None

        return await acall_with_retries(method, attempt, max_retries=self._call_options.max_retries)

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
        from root.generated.openapi_client.models.model_request import ModelRequest

        request = _request_body(ModelRequest, locals(), clearing=False)
        timeout = self._call_options.timeout_pair(_request_timeout)
        api = self._sync_api(_client)
        created = self._run("POST", "create", lambda: _unchecked(api.models_create)(request, _request_timeout=timeout))
        return created.id  # type: ignore[no-any-return]

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
        from root.generated.openapi_aclient.models.model_request import ModelRequest

        request = _request_body(ModelRequest, locals(), clearing=False)
        timeout = self._call_options.timeout_pair(_request_timeout)
        api = self._async_api(_client)
        created = await self._arun(
            "POST", "create", lambda: _unchecked(api.models_create)(request, _request_timeout=timeout)
        )
        return created.id  # type: ignore[no-any-return]

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
        model_id = _check_model_id(model_id)
        timeout = self._call_options.timeout_pair(_request_timeout)
        api = self._sync_api(_client)
        return self._run("GET", "get", lambda: _unchecked(api.models_retrieve)(model_id, _request_timeout=timeout))  # type: ignore[no-any-return]

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
        model_id = _check_model_id(model_id)
        timeout = self._call_options.timeout_pair(_request_timeout)
        api = self._async_api(_client)
        return await self._arun(
            "GET", "get", lambda: _unchecked(api.models_retrieve)(model_id, _request_timeout=timeout)
        )

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
        from root.generated.openapi_client.models.patched_model_request import PatchedModelRequest

        model_id = _check_model_id(model_id)
        request = _request_body(PatchedModelRequest, locals(), clearing=True)
        timeout = self._call_options.timeout_pair(_request_timeout)
        api = self._sync_api(_client)
        return self._run(  # type: ignore[no-any-return]
            "PATCH",
            "update",
            lambda: _unchecked(api.models_partial_update)(
                model_id, patched_model_request=request, _request_timeout=timeout
            ),
        )

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
        from root.generated.openapi_aclient.models.patched_model_request import PatchedModelRequest

        model_id = _check_model_id(model_id)
        request = _request_body(PatchedModelRequest, locals(), clearing=True)
        timeout = self._call_options.timeout_pair(_request_timeout)
        api = self._async_api(_client)
        return await self._arun(
            "PATCH",
            "update",
            lambda: _unchecked(api.models_partial_update)(
                model_id, patched_model_request=request, _request_timeout=timeout
            ),
        )

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
        api = self._sync_api(_client)
        self._run("DELETE", "delete", lambda: _unchecked(api.models_destroy)(model_id, _request_timeout=timeout))

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
        api = self._async_api(_client)
        await self._arun("DELETE", "delete", lambda: _unchecked(api.models_destroy)(model_id, _request_timeout=timeout))

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
        _check_limit(limit)
        api = self._sync_api(_client)
        capabilities = _check_parameter(api.models_list_without_preload_content, "capable_of", capable_of)
        return self._iterate(capabilities, limit, api)

    def _iterate(
        self, capabilities: Optional[List[str]], limit: int, api: Any
    ) -> Iterator[root.generated.openapi_client.models.model_list.ModelList]:
        import itertools

        # Chaining the pages hands items over in C; a generator would resume a frame per item.
        # It stays lazy: the next page is fetched when the previous one is used up.
        return itertools.chain.from_iterable(self._pages(capabilities, limit, api))

    def _pages(
        self, capabilities: Optional[List[str]], limit: int, api: Any
    ) -> Iterator[Sequence[root.generated.openapi_client.models.model_list.ModelList]]:
        from root.generated.openapi_client.models.paginated_model_list_list import PaginatedModelListList

        pager: CursorPager[Any] = CursorPager(limit, max_page_size=MAX_PAGE_SIZE)
        timeout = self._call_options.timeout_pair(None)
        # The generated *_without_preload_content methods return the raw body, which _parse_page
        # validates in one pass: about half the work of the generated json.loads + from_dict path.
        fetch = _unchecked(api.models_list_without_preload_content)

        def fetch_page(cursor: Optional[str], page_size: int) -> Any:
            response = fetch(capable_of=capabilities, cursor=cursor, page_size=page_size, _request_timeout=timeout)
            return _parse_page(PaginatedModelListList, response.data)

        while not pager.done:
            page = self._run("GET", "list", functools.partial(fetch_page, pager.cursor, pager.page_size))
            yield pager.accept(page.results, page.next)

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
        from root.generated.openapi_aclient.api.models_api import ModelsApi

        _check_limit(limit)
        capabilities = _check_parameter(ModelsApi.models_list_without_preload_content, "capable_of", capable_of)
        pager: CursorPager[Any] = CursorPager(limit, max_page_size=MAX_PAGE_SIZE)
        while not pager.done:
            page = await self._alist_page(capabilities, pager.cursor, pager.page_size)
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
        fetch = _unchecked(self._async_api(_client).models_list_without_preload_content)

        async def page() -> Any:
            response = await fetch(
                capable_of=capabilities, cursor=cursor, page_size=page_size, _request_timeout=timeout
            )
            return _parse_page(PaginatedModelListList, response.data)

        return await self._arun("GET", "list", page)
