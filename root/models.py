"""The Models sub-API: the LLM models that evaluators and judges run on.

Reach it as ``RootSignals().models``. Every method has an asynchronous twin whose name starts with
``a`` (``create`` / ``acreate``), with the same parameters and defaults. Each method is its signature,
its docstring and one call into :mod:`root._operations`, which checks the arguments against the spec,
sends the request with the client's timeout and retries, and reads the answer.
"""

# The public signatures are fixed by the published API reference, which spells them with
# typing.Optional/List and fully qualified generated types: keep them exactly so.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, AsyncIterator, Iterator, List, Optional, Union

import root.utils
from root._config import NOT_GIVEN, NotGiven
from root._operations import MAX_PAGE_SIZE, Operations, checks_at_call
from root.utils import with_async_client, with_sync_client

if TYPE_CHECKING:
    import root.generated.openapi_aclient
    import root.generated.openapi_aclient.models.model
    import root.generated.openapi_aclient.models.model_list
    import root.generated.openapi_aclient.models.model_test_response
    import root.generated.openapi_client
    import root.generated.openapi_client.models.model
    import root.generated.openapi_client.models.model_list
    import root.generated.openapi_client.models.model_test_response

__all__ = ["MAX_PAGE_SIZE", "Models"]


class Models:
    """Models (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: root.utils.ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "ModelsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

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
        return self._operations.call("models_create", locals()).id  # type: ignore[no-any-return]

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
        return (await self._operations.acall("models_create", locals())).id  # type: ignore[no-any-return]

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
        return self._operations.call("models_retrieve", locals(), id="model_id")  # type: ignore[no-any-return]

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
        return await self._operations.acall("models_retrieve", locals(), id="model_id")  # type: ignore[no-any-return]

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
        return self._operations.call("models_partial_update", locals(), id="model_id")  # type: ignore[no-any-return]

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
        return await self._operations.acall("models_partial_update", locals(), id="model_id")  # type: ignore[no-any-return]

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
        self._operations.call("models_destroy", locals(), id="model_id")

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
        await self._operations.acall("models_destroy", locals(), id="model_id")

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

        :param limit: Number of entries to iterate through at most; ``None``: every entry.
        :param capable_of: List of capabilities to filter the models by.
        :raises InvalidArgumentError: A negative ``limit`` or a malformed ``capable_of``; nothing was sent.
        """
        return self._operations.iterate("models_list", locals(), limit=limit)

    @checks_at_call("models_list")
    async def alist(
        self,
        *,
        capable_of: Optional[List[str]] = None,
        limit: int = 100,
    ) -> AsyncIterator[root.generated.openapi_aclient.models.model_list.ModelList]:
        """Asynchronously iterate through the models.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        :param limit: Number of entries to iterate through at most; ``None``: every entry.
        :param capable_of: List of capabilities to filter the models by.
        :raises InvalidArgumentError: A negative ``limit`` or a malformed ``capable_of``; nothing was sent.
        """
        async for item in self._operations.aiterate("models_list", locals(), limit=limit):
            yield item

    # -- verify ------------------------------------------------------------------------------------

    def verify(
        self,
        *,
        model: str,
        api_key: Optional[str] = None,
        url: Optional[str] = None,
        max_output_token_count: Optional[int] = None,
        _request_timeout: Optional[float] = None,
    ) -> root.generated.openapi_client.models.model_test_response.ModelTestResponse:
        """Try a model configuration before creating the model: the service sends it a short test prompt.

        Nothing is saved. A model that does not answer is not an error: the result says so.

        :param model: The model's name, as its provider knows it (e.g. "gpt-4-turbo", "azure/gpt-4").
        :param api_key: The key to call it with; ``None`` uses the organization's key for its provider.
            It is sent once and never shown in a log, an error or a ``repr``.
        :param url: The base URL of a self-hosted model.
        :param max_output_token_count: The most tokens the model may answer with (at least 800).
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :returns: ``success``, the model's ``response`` or the ``error``, and the ``usage``.
        :raises InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
        :raises root.errors.APIStatusError: The service refused the request.
        """
        return self._operations.call("models_verify_create", locals())  # type: ignore[no-any-return]

    async def averify(
        self,
        *,
        model: str,
        api_key: Optional[str] = None,
        url: Optional[str] = None,
        max_output_token_count: Optional[int] = None,
        _request_timeout: Optional[float] = None,
    ) -> root.generated.openapi_aclient.models.model_test_response.ModelTestResponse:
        """Asynchronously try a model configuration before creating the model: the service sends it a short test prompt.

        Nothing is saved. A model that does not answer is not an error: the result says so.

        :param model: The model's name, as its provider knows it (e.g. "gpt-4-turbo", "azure/gpt-4").
        :param api_key: The key to call it with; ``None`` uses the organization's key for its provider.
            It is sent once and never shown in a log, an error or a ``repr``.
        :param url: The base URL of a self-hosted model.
        :param max_output_token_count: The most tokens the model may answer with (at least 800).
        :param _request_timeout: Seconds the whole request may take; ``None`` uses the client's timeout.
        :returns: ``success``, the model's ``response`` or the ``error``, and the ``usage``.
        :raises InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
        :raises root.errors.APIStatusError: The service refused the request.
        """
        return await self._operations.acall("models_verify_create", locals())  # type: ignore[no-any-return]


if TYPE_CHECKING:
    # The official SDK 1.6's other public names of this module, offered lazily (root/_official_names.py).
    from root.generated.openapi_aclient.models.model_list import ModelList as _AModelItem
    from root.generated.openapi_client.models.model_list import ModelList as _ModelItem
    from root.utils import ClientContextCallable as ClientContextCallable

    AModelItem = _AModelItem
    ModelItem = _ModelItem
else:
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
