"""The ScoreConfigs sub-API: the scales annotations are given on (binary, continuous or categorical).

Reach it as ``RootSignals().score_configs``. Every method has an asynchronous twin whose name starts with
``a`` (``create`` / ``acreate``), with the same parameters and defaults. Names and parameters follow the
official SDK 1.15 (``scorable``), so a program written for it runs unchanged.
"""

# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Iterator, List, Mapping, Optional, Union

from root._operations import Operations, checks_at_call

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_aclient.models.score_config import ScoreConfig as AScoreConfig
    from root.generated.openapi_client.models.score_config import ScoreConfig
    from root.utils import ClientContextCallable

__all__ = ["ScoreConfigs"]


def _given(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """``update``'s arguments without those that are ``None``: ``None`` leaves a field as it is."""
    return {k: v for k, v in arguments.items() if v is not None}


class ScoreConfigs:
    """Score configs (sub) API: the scales annotations are given on.

    A ``binary`` or ``categorical`` config has ``categories`` (each a ``{"label": ..., "value": ...}``);
    a ``continuous`` one a range from ``min_value`` to ``max_value``. The listing shows the caller's own
    configs and the service's built-in ones (``is_default``), which can be read but not changed.

    .. note::

       The construction of the API instance should be handled by
       accessing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "ScoreConfigsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def create(
        self,
        *,
        name: str,
        type: str,
        categories: Optional[List[Dict[str, Any]]] = None,
        min_value: Optional[float] = None,
        max_value: Optional[float] = None,
        _request_timeout: Optional[float] = None,
    ) -> ScoreConfig:
        """Create a score config and return it.

        Args:
            name: The config's name.
            type: ``"binary"``, ``"continuous"`` or ``"categorical"``.
            categories: For a binary (exactly two) or categorical config, its categories, each a
                ``{"label": str, "value": float}``; ``None`` sends an empty list, as the official SDK does.
            min_value: For a continuous config, its lowest value (the service's default is 0).
            max_value: For a continuous config, its highest value (the service's default is 1).
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new score config.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.BadRequestError: The service refused the config (categories that do not fit the type).
        """
        categories = [] if categories is None else categories
        return self._operations.call("score_configs_create", locals())  # type: ignore[no-any-return]

    async def acreate(
        self,
        *,
        name: str,
        type: str,
        categories: Optional[List[Dict[str, Any]]] = None,
        min_value: Optional[float] = None,
        max_value: Optional[float] = None,
        _request_timeout: Optional[float] = None,
    ) -> AScoreConfig:
        """Asynchronously create a score config and return it.

        Args:
            name: The config's name.
            type: ``"binary"``, ``"continuous"`` or ``"categorical"``.
            categories: For a binary (exactly two) or categorical config, its categories, each a
                ``{"label": str, "value": float}``; ``None`` sends an empty list, as the official SDK does.
            min_value: For a continuous config, its lowest value (the service's default is 0).
            max_value: For a continuous config, its highest value (the service's default is 1).
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new score config.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.BadRequestError: The service refused the config (categories that do not fit the type).
        """
        categories = [] if categories is None else categories
        return await self._operations.acall("score_configs_create", locals())  # type: ignore[no-any-return]

    def get(self, score_config_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> ScoreConfig:
        """Get a score config by its ID.

        Args:
            score_config_id: The score config to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``score_config_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such score config.
        """
        return self._operations.call("score_configs_retrieve", locals(), id="score_config_id")  # type: ignore[no-any-return]

    async def aget(
        self, score_config_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> AScoreConfig:
        """Asynchronously get a score config by its ID.

        Args:
            score_config_id: The score config to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``score_config_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such score config.
        """
        return await self._operations.acall("score_configs_retrieve", locals(), id="score_config_id")  # type: ignore[no-any-return]

    def list(self, *, limit: Optional[int] = 100, _request_timeout: Optional[float] = None) -> Iterator[ScoreConfig]:
        """Iterate through the score configs: the caller's own and the built-in ones.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit``; nothing was sent.
        """
        return self._operations.iterate("score_configs_list", locals(), limit=limit)

    @checks_at_call("score_configs_list")
    async def alist(
        self, *, limit: Optional[int] = 100, _request_timeout: Optional[float] = None
    ) -> AsyncIterator[AScoreConfig]:
        """Asynchronously iterate through the score configs: the caller's own and the built-in ones.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit``; nothing was sent.
        """
        async for item in self._operations.aiterate("score_configs_list", locals(), limit=limit):
            yield item

    def update(
        self,
        score_config_id: Union[str, uuid.UUID],
        *,
        name: Optional[str] = None,
        type: Optional[str] = None,
        categories: Optional[List[Dict[str, Any]]] = None,
        min_value: Optional[float] = None,
        max_value: Optional[float] = None,
        _request_timeout: Optional[float] = None,
    ) -> ScoreConfig:
        """Update a score config: change only the fields given (``None`` leaves a field as it is).

        Built-in configs cannot be changed. While annotations use a config, only its name can change.

        Args:
            score_config_id: The score config to update.
            name: The config's name.
            type: ``"binary"``, ``"continuous"`` or ``"categorical"``.
            categories: For a binary or categorical config, its categories.
            min_value: For a continuous config, its lowest value.
            max_value: For a continuous config, its highest value.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score config after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such score config.
            root.errors.PermissionDeniedError: The config is a built-in one.
        """
        return self._operations.call("score_configs_partial_update", _given(locals()), id="score_config_id")  # type: ignore[no-any-return]

    async def aupdate(
        self,
        score_config_id: Union[str, uuid.UUID],
        *,
        name: Optional[str] = None,
        type: Optional[str] = None,
        categories: Optional[List[Dict[str, Any]]] = None,
        min_value: Optional[float] = None,
        max_value: Optional[float] = None,
        _request_timeout: Optional[float] = None,
    ) -> AScoreConfig:
        """Asynchronously update a score config: change only the fields given (``None`` leaves a field as it is).

        Built-in configs cannot be changed. While annotations use a config, only its name can change.

        Args:
            score_config_id: The score config to update.
            name: The config's name.
            type: ``"binary"``, ``"continuous"`` or ``"categorical"``.
            categories: For a binary or categorical config, its categories.
            min_value: For a continuous config, its lowest value.
            max_value: For a continuous config, its highest value.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score config after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such score config.
            root.errors.PermissionDeniedError: The config is a built-in one.
        """
        return await self._operations.acall(  # type: ignore[no-any-return]
            "score_configs_partial_update", _given(locals()), id="score_config_id"
        )

    def delete(self, score_config_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Delete a score config that no annotation uses.

        Args:
            score_config_id: The score config to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``score_config_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such score config.
            root.errors.BadRequestError: Annotations use the config.
            root.errors.PermissionDeniedError: The config is a built-in one.
        """
        self._operations.call("score_configs_destroy", locals(), id="score_config_id")

    async def adelete(
        self, score_config_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> None:
        """Asynchronously delete a score config that no annotation uses.

        Args:
            score_config_id: The score config to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``score_config_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such score config.
            root.errors.BadRequestError: Annotations use the config.
            root.errors.PermissionDeniedError: The config is a built-in one.
        """
        await self._operations.acall("score_configs_destroy", locals(), id="score_config_id")


if not TYPE_CHECKING:
    # The official SDKs' other public names of this module, offered lazily (root/_official_names.py).
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
