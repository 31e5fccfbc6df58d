"""The Projects sub-API: the folders of an organization that its evaluators, judges, datasets, objectives
and execution logs belong to.

Reach it as ``RootSignals().projects``. Every method has an asynchronous twin whose name starts with
``a`` (``create`` / ``acreate``), with the same parameters and defaults. The other sub-APIs take a
``project_id`` where the service does: to create something in a project, to move it to another, or to
list only what one project holds (see :doc:`/guides/projects`).
"""

# Names and parameters follow the official SDK (scorable 1.15), so a program written for it runs unchanged.
# ruff: noqa: UP007, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, AsyncIterator, Iterator, Optional, Union

from root._config import NOT_GIVEN, NotGiven
from root._operations import Operations, checks_at_call

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_aclient.models.project import Project as AProject
    from root.generated.openapi_client.models.project import Project
    from root.utils import ClientContextCallable

__all__ = ["Projects"]


class Projects:
    """Projects (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "ProjectsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def list(self, *, limit: Optional[int] = 100, _request_timeout: Optional[float] = None) -> Iterator[Project]:
        """Iterate through the projects of your organization.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit``; nothing was sent.
        """
        return self._operations.iterate("projects_list", locals(), limit=limit)

    @checks_at_call("projects_list")
    async def alist(
        self, *, limit: Optional[int] = 100, _request_timeout: Optional[float] = None
    ) -> AsyncIterator[AProject]:
        """Asynchronously iterate through the projects of your organization.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit``; nothing was sent.
        """
        async for item in self._operations.aiterate("projects_list", locals(), limit=limit):
            yield item

    def retrieve(self, project_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> Project:
        """Get a project by its ID.

        Args:
            project_id: The project to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``project_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such project.
        """
        return self._operations.call("projects_retrieve", locals(), id="project_id")  # type: ignore[no-any-return]

    async def aretrieve(
        self, project_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> AProject:
        """Asynchronously get a project by its ID.

        Args:
            project_id: The project to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``project_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such project.
        """
        return await self._operations.acall("projects_retrieve", locals(), id="project_id")  # type: ignore[no-any-return]

    def create(
        self,
        *,
        name: str,
        description: str = "",
        is_default: Optional[bool] = None,
        _request_timeout: Optional[float] = None,
    ) -> Project:
        """Create a project and return it.

        Args:
            name: The project's name (1 to 512 characters).
            description: What the project is for.
            is_default: ``True`` makes the new project the organization's default, in place of the one
                that was (in the same step); ``None`` sends nothing.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        return self._operations.call("projects_create", locals())  # type: ignore[no-any-return]

    async def acreate(
        self,
        *,
        name: str,
        description: str = "",
        is_default: Optional[bool] = None,
        _request_timeout: Optional[float] = None,
    ) -> AProject:
        """Asynchronously create a project and return it.

        Args:
            name: The project's name (1 to 512 characters).
            description: What the project is for.
            is_default: ``True`` makes the new project the organization's default, in place of the one
                that was (in the same step); ``None`` sends nothing.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        return await self._operations.acall("projects_create", locals())  # type: ignore[no-any-return]

    def update(
        self,
        project_id: Union[str, uuid.UUID],
        *,
        name: Union[str, NotGiven] = NOT_GIVEN,
        description: Union[str, NotGiven] = NOT_GIVEN,
        is_default: Union[bool, NotGiven] = NOT_GIVEN,
        _request_timeout: Optional[float] = None,
    ) -> Project:
        """Update a project: change only the fields given, and return the project after the change.

        ``is_default=True`` makes this project the organization's default, in place of the one that was.
        The default cannot be unset (``False`` is refused by the service): promote another project.

        Args:
            project_id: The project to update.
            name: The project's new name (1 to 512 characters).
            description: Its new description.
            is_default: ``True`` to make it the organization's default project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such project.
            root.errors.BadRequestError: The service refused the change.
        """
        return self._operations.call("projects_partial_update", locals(), id="project_id")  # type: ignore[no-any-return]

    async def aupdate(
        self,
        project_id: Union[str, uuid.UUID],
        *,
        name: Union[str, NotGiven] = NOT_GIVEN,
        description: Union[str, NotGiven] = NOT_GIVEN,
        is_default: Union[bool, NotGiven] = NOT_GIVEN,
        _request_timeout: Optional[float] = None,
    ) -> AProject:
        """Asynchronously update a project: change only the fields given, and return the project after the change.

        ``is_default=True`` makes this project the organization's default, in place of the one that was.
        The default cannot be unset (``False`` is refused by the service): promote another project.

        Args:
            project_id: The project to update.
            name: The project's new name (1 to 512 characters).
            description: Its new description.
            is_default: ``True`` to make it the organization's default project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such project.
            root.errors.BadRequestError: The service refused the change.
        """
        return await self._operations.acall("projects_partial_update", locals(), id="project_id")  # type: ignore[no-any-return]

    def delete(self, project_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Delete a project.

        Args:
            project_id: The project to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``project_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such project.
            root.errors.BadRequestError: The service refused (the emulator refuses to delete the default
                project, or one that still holds evaluators, judges, datasets, objectives or logs).
        """
        self._operations.call("projects_destroy", locals(), id="project_id")

    async def adelete(self, project_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Asynchronously delete a project.

        Args:
            project_id: The project to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``project_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such project.
            root.errors.BadRequestError: The service refused (the emulator refuses to delete the default
                project, or one that still holds evaluators, judges, datasets, objectives or logs).
        """
        await self._operations.acall("projects_destroy", locals(), id="project_id")


if not TYPE_CHECKING:
    # The official SDKs' other public names of this module, offered lazily (root/_official_names.py).
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
