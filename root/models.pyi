# What type checkers see of root.models: each public method as callers call it.
#
# The methods in models.py take a ``_client`` that their decorator supplies; no decorator type can
# take one keyword out of a signature, so without this stub mypy and pyright would see every method
# as ``(*Any, **Any)``. tests/test_typing.py checks that each signature here is models.py's without
# ``_client``, and runs mypy over files of right and wrong calls.
#
# Three annotations here are wider than models.py's, whose signatures the published reference fixes:
# ``model_id`` is ``str | uuid.UUID`` (the methods take a UUID too), ``_request_timeout`` is a
# ``float`` (any positive number of seconds) and ``limit`` is ``Optional[int]`` (``None``: every
# model). tests/test_typing.py lists these widenings (WIDENED) and checks that the runtime accepts what
# they allow.
# ruff: noqa: UP006, UP007, UP035, UP045

import uuid
from typing import AsyncIterator, Final, Iterator, List, Optional, Union

import root.generated.openapi_aclient.models.model
import root.generated.openapi_aclient.models.model_list
import root.generated.openapi_aclient.models.model_test_response
import root.generated.openapi_client.models.model
import root.generated.openapi_client.models.model_list
import root.generated.openapi_client.models.model_test_response
import root.utils
from root._config import NotGiven
from root.generated.openapi_aclient.models.model_list import ModelList as _AModelItem
from root.generated.openapi_client.models.model_list import ModelList as _ModelItem
from root.utils import ClientContextCallable as ClientContextCallable

__all__ = ["Models"]

MAX_PAGE_SIZE: Final[int]

# The official SDK 1.6's other public names of this module (root/_official_names.py).
ModelItem = _ModelItem
AModelItem = _AModelItem

class Models:
    client_context: root.utils.ClientContextCallable

    def __init__(self, client_context: root.utils.ClientContextCallable) -> None: ...
    def create(
        self,
        *,
        name: str,
        model: Optional[str] = None,
        default_key: Optional[str] = None,
        max_output_token_count: Optional[int] = None,
        max_token_count: Optional[int] = None,
        url: Optional[str] = None,
        _request_timeout: Optional[float] = None,
    ) -> str: ...
    async def acreate(
        self,
        *,
        name: str,
        model: Optional[str] = None,
        default_key: Optional[str] = None,
        max_output_token_count: Optional[int] = None,
        max_token_count: Optional[int] = None,
        url: Optional[str] = None,
        _request_timeout: Optional[float] = None,
    ) -> str: ...
    def get(
        self,
        model_id: Union[str, uuid.UUID],
        *,
        _request_timeout: Optional[float] = None,
    ) -> root.generated.openapi_client.models.model.Model: ...
    async def aget(
        self,
        model_id: Union[str, uuid.UUID],
        *,
        _request_timeout: Optional[float] = None,
    ) -> root.generated.openapi_aclient.models.model.Model: ...
    def update(
        self,
        model_id: Union[str, uuid.UUID],
        *,
        name: Union[str, NotGiven] = ...,
        model: Union[str, NotGiven] = ...,
        default_key: Union[str, NotGiven, None] = ...,
        max_output_token_count: Union[int, NotGiven] = ...,
        max_token_count: Union[int, NotGiven, None] = ...,
        url: Union[str, NotGiven, None] = ...,
        _request_timeout: Optional[float] = None,
    ) -> root.generated.openapi_client.models.model.Model: ...
    async def aupdate(
        self,
        model_id: Union[str, uuid.UUID],
        *,
        name: Union[str, NotGiven] = ...,
        model: Union[str, NotGiven] = ...,
        default_key: Union[str, NotGiven, None] = ...,
        max_output_token_count: Union[int, NotGiven] = ...,
        max_token_count: Union[int, NotGiven, None] = ...,
        url: Union[str, NotGiven, None] = ...,
        _request_timeout: Optional[float] = None,
    ) -> root.generated.openapi_aclient.models.model.Model: ...
    def delete(
        self,
        model_id: Union[str, uuid.UUID],
        *,
        _request_timeout: Optional[float] = None,
    ) -> None: ...
    async def adelete(
        self,
        model_id: Union[str, uuid.UUID],
        *,
        _request_timeout: Optional[float] = None,
    ) -> None: ...
    def list(
        self,
        *,
        capable_of: Optional[List[str]] = None,
        limit: Optional[int] = 100,
    ) -> Iterator[root.generated.openapi_client.models.model_list.ModelList]: ...
    def alist(
        self,
        *,
        capable_of: Optional[List[str]] = None,
        limit: Optional[int] = 100,
    ) -> AsyncIterator[root.generated.openapi_aclient.models.model_list.ModelList]: ...
    def verify(
        self,
        *,
        model: str,
        api_key: Optional[str] = None,
        url: Optional[str] = None,
        max_output_token_count: Optional[int] = None,
        _request_timeout: Optional[float] = None,
    ) -> root.generated.openapi_client.models.model_test_response.ModelTestResponse: ...
    async def averify(
        self,
        *,
        model: str,
        api_key: Optional[str] = None,
        url: Optional[str] = None,
        max_output_token_count: Optional[int] = None,
        _request_timeout: Optional[float] = None,
    ) -> root.generated.openapi_aclient.models.model_test_response.ModelTestResponse: ...
