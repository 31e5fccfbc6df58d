"""The Objectives sub-API: what an evaluator is for (its intent), with its test data and versions.

Reach it as ``RootSignals().objectives``. Every method has an asynchronous twin whose name starts with
``a`` (``create`` / ``acreate``), with the same parameters and defaults.
"""

# Names and parameters follow the official SDK 1.6, so a program written for it runs unchanged.
# ruff: noqa: UP007, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Iterator, Optional, Union

from pydantic import PrivateAttr

from root._config import NOT_GIVEN, NotGiven
from root._operations import Operations, checks_at_call
from root.generated.openapi_aclient.models.objective import Objective as AOpenApiObjective
from root.generated.openapi_client.models.objective import Objective as OpenApiObjective

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_client.models.objective_list import ObjectiveList
    from root.generated.openapi_client.models.paginated_objective_list import PaginatedObjectiveList
    from root.utils import ClientContextCallable

__all__ = ["AObjective", "Objective", "Objectives", "Versions"]


class _KeepsItsClientContext:
    """What :class:`Objective` and :class:`AObjective` add to the generated ``Objective``, as in the
    official SDK 1.6: the ``client_context`` of the sub-API that read it."""

    _client_context: Any

    @property
    def client_context(self) -> Optional[ClientContextCallable]:
        """The client context of the sub-API that read this objective (``None`` once unpickled)."""
        return self._client_context  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[Any, Any]:
        # A pickled objective keeps its fields, not the client (whose connections cannot travel).
        state: dict[Any, Any] = super().__getstate__()  # type: ignore[misc]
        private = {**(state.get("__pydantic_private__") or {}), "_client_context": None}
        return {**state, "__pydantic_private__": private}


class Objective(_KeepsItsClientContext, OpenApiObjective):
    """An objective as :meth:`Objectives.get`, :meth:`~Objectives.create` and :meth:`~Objectives.update`
    return it: every field of the generated ``Objective``, and its :attr:`client_context`.

    The official SDK 1.6 defines this class, so a 1.6 program's ``isinstance(o, Objective)`` holds.
    """

    _client_context: Any = PrivateAttr(default=None)

    @classmethod
    def _wrap(cls, apiobj: OpenApiObjective, client_context: ClientContextCallable) -> Objective:
        """``apiobj`` (the generated ``Objective`` the service answered) as this class.

        Raises:
            ValueError: ``apiobj`` is not a generated ``Objective``.
        """
        if not isinstance(apiobj, OpenApiObjective):
            raise ValueError(f"Wrong instance in _wrap: {apiobj!r}")
        wrapped = cls.model_validate(apiobj, from_attributes=True)
        wrapped._client_context = client_context
        return wrapped


class AObjective(_KeepsItsClientContext, AOpenApiObjective):
    """An objective as :meth:`Objectives.aget`, :meth:`~Objectives.acreate` and
    :meth:`~Objectives.aupdate` return it: every field of the asynchronous package's generated
    ``Objective``, and its :attr:`client_context`, as in the official SDK 1.6."""

    _client_context: Any = PrivateAttr(default=None)

    @classmethod
    async def _awrap(cls, apiobj: AOpenApiObjective, client_context: ClientContextCallable) -> AObjective:
        """``apiobj`` (the generated ``Objective`` the service answered) as this class.

        Raises:
            ValueError: ``apiobj`` is not a generated ``Objective`` of the asynchronous package.
        """
        if not isinstance(apiobj, AOpenApiObjective):
            raise ValueError(f"Wrong instance in _wrap: {apiobj!r}")
        wrapped = cls.model_validate(apiobj, from_attributes=True)
        wrapped._client_context = client_context
        return wrapped


class Versions:
    """The versions of objectives: every change to an objective keeps the one before as a version.

    Reach it as ``RootSignals().objectives.versions``.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "ObjectivesApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def list(self, objective_id: Union[str, uuid.UUID]) -> PaginatedObjectiveList:
        """List all versions of an objective.

        Every page is fetched: the result holds every version, and its ``next`` is ``None``.

        Args:
            objective_id: The objective to list the versions of.

        Raises:
            InvalidArgumentError: ``objective_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such objective.
        """
        return self._operations.collect("objectives_versions_list", locals(), id="objective_id")  # type: ignore[no-any-return]

    async def alist(self, objective_id: Union[str, uuid.UUID]) -> APaginatedObjectiveList:
        """Asynchronously list all versions of an objective.

        Every page is fetched: the result holds every version, and its ``next`` is ``None``.

        Args:
            objective_id: The objective to list the versions of.

        Raises:
            InvalidArgumentError: ``objective_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such objective.
        """
        return await self._operations.acollect("objectives_versions_list", locals(), id="objective_id")  # type: ignore[no-any-return]


class Objectives:
    """Objectives (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self.versions = Versions(client_context)
        self._operations = Operations.of(self, "ObjectivesApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def create(
        self,
        *,
        intent: Optional[str] = None,
        test_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Objective:
        """Create a new objective and return it.

        Args:
            intent: What the objective is for, in plain language.
            test_dataset_id: The ID of a dataset to test it with.
            project_id: The project to create it in; ``None``: the organization's default project, if any.
            _request_timeout: Seconds each request may take; ``None`` uses the client's timeout.

        Returns:
            The new objective, as :meth:`get` reads it.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        created = self._operations.call("objectives_create", locals())
        return self.get(created.id, _request_timeout=_request_timeout)

    async def acreate(
        self,
        *,
        intent: Optional[str] = None,
        test_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AObjective:
        """Asynchronously create a new objective and return it.

        Args:
            intent: What the objective is for, in plain language.
            test_dataset_id: The ID of a dataset to test it with.
            project_id: The project to create it in; ``None``: the organization's default project, if any.
            _request_timeout: Seconds each request may take; ``None`` uses the client's timeout.

        Returns:
            The new objective, as :meth:`get` reads it.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        created = await self._operations.acall("objectives_create", locals())
        return await self.aget(created.id, _request_timeout=_request_timeout)

    def get(self, objective_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> Objective:
        """Get an objective by its ID.

        Args:
            objective_id: The objective to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``objective_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such objective.
        """
        return Objective._wrap(
            self._operations.call("objectives_retrieve", locals(), id="objective_id"), self.client_context
        )

    async def aget(
        self, objective_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> AObjective:
        """Asynchronously get an objective by its ID.

        Args:
            objective_id: The objective to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``objective_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such objective.
        """
        return await AObjective._awrap(
            await self._operations.acall("objectives_retrieve", locals(), id="objective_id"), self.client_context
        )

    def list(
        self,
        *,
        intent: Optional[str] = None,
        limit: Optional[int] = 100,
        project_id: Optional[Union[str, uuid.UUID]] = None,
    ) -> Iterator[ObjectiveList]:
        """Iterate through the objectives, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            intent: Only the objectives whose intent is exactly this text (not those that contain it).
            limit: Number of entries to iterate through at most; ``None``: every entry.
            project_id: Only the objectives of this project.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        return self._operations.iterate("objectives_list", locals(), limit=limit)

    @checks_at_call("objectives_list")
    async def alist(
        self,
        *,
        intent: Optional[str] = None,
        limit: Optional[int] = 100,
        project_id: Optional[Union[str, uuid.UUID]] = None,
    ) -> AsyncIterator[AObjectiveList]:
        """Asynchronously iterate through the objectives, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            intent: Only the objectives whose intent is exactly this text (not those that contain it).
            limit: Number of entries to iterate through at most; ``None``: every entry.
            project_id: Only the objectives of this project.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        async for item in self._operations.aiterate("objectives_list", locals(), limit=limit):
            yield item

    def update(
        self,
        objective_id: Union[str, uuid.UUID],
        *,
        intent: Union[str, NotGiven] = NOT_GIVEN,
        test_dataset_id: Union[str, uuid.UUID, NotGiven, None] = NOT_GIVEN,
        project_id: Union[str, uuid.UUID, NotGiven, None] = NOT_GIVEN,
        _request_timeout: Optional[float] = None,
    ) -> Objective:
        """Update an objective: change only the fields given. The objective gets a new version.

        A field left out keeps its value; ``test_dataset_id=None`` removes the test dataset.

        Args:
            objective_id: The objective to update.
            intent: What the objective is for, in plain language.
            test_dataset_id: The ID of a dataset to test it with.
            project_id: The project to move it to; ``None``: the organization's default project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The objective after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such objective.
        """
        return Objective._wrap(
            self._operations.call("objectives_partial_update", locals(), id="objective_id"), self.client_context
        )

    async def aupdate(
        self,
        objective_id: Union[str, uuid.UUID],
        *,
        intent: Union[str, NotGiven] = NOT_GIVEN,
        test_dataset_id: Union[str, uuid.UUID, NotGiven, None] = NOT_GIVEN,
        project_id: Union[str, uuid.UUID, NotGiven, None] = NOT_GIVEN,
        _request_timeout: Optional[float] = None,
    ) -> AObjective:
        """Asynchronously update an objective: change only the fields given. The objective gets a new version.

        A field left out keeps its value; ``test_dataset_id=None`` removes the test dataset.

        Args:
            objective_id: The objective to update.
            intent: What the objective is for, in plain language.
            test_dataset_id: The ID of a dataset to test it with.
            project_id: The project to move it to; ``None``: the organization's default project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The objective after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such objective.
        """
        return await AObjective._awrap(
            await self._operations.acall("objectives_partial_update", locals(), id="objective_id"),
            self.client_context,
        )

    def delete(self, objective_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Delete an objective.

        Args:
            objective_id: The objective to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``objective_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such objective.
        """
        self._operations.call("objectives_destroy", locals(), id="objective_id")

    async def adelete(self, objective_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Asynchronously delete an objective.

        Args:
            objective_id: The objective to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``objective_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such objective.
        """
        await self._operations.acall("objectives_destroy", locals(), id="objective_id")


if TYPE_CHECKING:
    # The official SDK 1.6's other public names of this module, offered lazily (root/_official_names.py).
    from root.generated.openapi_aclient.models.objective_list import ObjectiveList as _AObjectiveList
    from root.generated.openapi_aclient.models.paginated_objective_list import (
        PaginatedObjectiveList as _APaginatedObjectiveList,
    )
    from root.generated.openapi_client.models.objective_list import ObjectiveList as ObjectiveList
    from root.generated.openapi_client.models.paginated_objective_list import (
        PaginatedObjectiveList as PaginatedObjectiveList,
    )
    from root.utils import ClientContextCallable as ClientContextCallable
    from root.utils import with_async_client as with_async_client
    from root.utils import with_sync_client as with_sync_client

    AObjectiveList = _AObjectiveList
    APaginatedObjectiveList = _APaginatedObjectiveList
else:
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
