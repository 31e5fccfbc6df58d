"""The DataSets sub-API: CSV files of test and reference data that objectives and calibration use.

Reach it as ``RootSignals().datasets``. Every method has an asynchronous twin whose name starts with
``a`` (``create`` / ``acreate``), with the same parameters and defaults.
"""

# Names and parameters follow the official SDK 1.6, so a program written for it runs unchanged.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Iterator, List, Mapping, Optional, Union

from root._config import NOT_GIVEN
from root._operations import Operations, checks_at_call
from root._upload import FileUpload

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_aclient.models.data_set_create import DataSetCreate as ADataSetCreate
    from root.generated.openapi_aclient.models.dataset_item import DatasetItem as ADatasetItem
    from root.generated.openapi_client.models.data_set_create import DataSetCreate
    from root.generated.openapi_client.models.data_set_list import DataSetList
    from root.generated.openapi_client.models.dataset_item import DatasetItem
    from root.utils import ClientContextCallable

__all__ = ["MAX_BULK_ITEMS", "DataSets"]

MAX_BULK_ITEMS = 5000
"""The most items :meth:`DataSets.add_items` sends in one request (the contract's limit)."""

_EDITED_FIELDS = ("name", "response", "request", "expected_output", "contexts", "variables", "metadata", "change_note")


def _changed(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """An edit's arguments, ``None`` meaning "leave the field as it is" (none of these fields is nullable)."""
    return {k: NOT_GIVEN if k in _EDITED_FIELDS and v is None else v for k, v in arguments.items()}


def _file_part(path: Union[str, os.PathLike[str], None]) -> Optional[FileUpload]:
    """The file to upload, checked now and read only as it is sent (see :mod:`root._upload`).

    Raises:
        InvalidArgumentError: ``path`` is not a readable regular file.
    """
    return None if path is None else FileUpload.of(path)


class DataSets:
    """DataSets (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "DatasetsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def create(
        self,
        *,
        name: Optional[str] = None,
        path: Union[str, os.PathLike[str], None] = None,
        type: str = "reference",
        has_header: Optional[bool] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> DataSetCreate:
        """Create a dataset, uploading the CSV file at ``path``.

        The file is sent as ``multipart/form-data`` in one request, read in chunks as it goes out, so
        the memory the upload takes does not grow with the file's size. A retried request sends the file
        again from its start; a file that changes while it is sent cuts the request off and raises
        ``InvalidArgumentError``.

        Args:
            name: The dataset's name.
            path: The CSV file to upload.
            type: Accepted as the official SDK 1.6 takes it, and not sent: the service has no data set
                types any more and refuses a request that names one (see the compatibility notes).
            has_header: Whether the file's first line is a header (column names) rather than a row;
                a calibration then skips it. ``None`` (the default) sends nothing, as the official SDK
                does, and the service reads the first line as a row. The rows are described in
                :doc:`/guides/evaluators`.
            project_id: The project to create it in; ``None``: the organization's default project, if any.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new dataset.

        Raises:
            InvalidArgumentError: An argument breaks the API's rules, or the file cannot be read
                (nothing was sent); or the file changed while it was sent (the request was cut off).
            root.errors.APIStatusError: The service refused the dataset.
        """
        file = _file_part(path)
        del type  # not sent: today's service has no data set types
        return self._operations.call("datasets_create", locals())  # type: ignore[no-any-return]

    async def acreate(
        self,
        *,
        name: Optional[str] = None,
        path: Union[str, os.PathLike[str], None] = None,
        type: str = "reference",
        has_header: Optional[bool] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> ADataSetCreate:
        """Asynchronously create a dataset, uploading the CSV file at ``path``.

        The file is sent as ``multipart/form-data`` in one request, read in chunks as it goes out, so
        the memory the upload takes does not grow with the file's size. A retried request sends the file
        again from its start; a file that changes while it is sent cuts the request off and raises
        ``InvalidArgumentError``.

        Args:
            name: The dataset's name.
            path: The CSV file to upload.
            type: Accepted as the official SDK 1.6 takes it, and not sent: the service has no data set
                types any more and refuses a request that names one (see the compatibility notes).
            has_header: Whether the file's first line is a header (column names) rather than a row;
                a calibration then skips it. ``None`` (the default) sends nothing, as the official SDK
                does, and the service reads the first line as a row. The rows are described in
                :doc:`/guides/evaluators`.
            project_id: The project to create it in; ``None``: the organization's default project, if any.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new dataset.

        Raises:
            InvalidArgumentError: An argument breaks the API's rules, or the file cannot be read
                (nothing was sent); or the file changed while it was sent (the request was cut off).
            root.errors.APIStatusError: The service refused the dataset.
        """
        file = _file_part(path)
        del type  # not sent: today's service has no data set types
        return await self._operations.acall("datasets_create", locals())  # type: ignore[no-any-return]

    def get(self, dataset_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> DataSetList:
        """Get a dataset by its ID.

        Args:
            dataset_id: The dataset to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``dataset_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        return self._operations.call("datasets_retrieve", locals(), id="dataset_id")  # type: ignore[no-any-return]

    async def aget(
        self, dataset_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> ADataSetList:
        """Asynchronously get a dataset by its ID.

        Args:
            dataset_id: The dataset to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``dataset_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        return await self._operations.acall("datasets_retrieve", locals(), id="dataset_id")  # type: ignore[no-any-return]

    def list(
        self,
        search_term: Optional[str] = None,
        *,
        limit: Optional[int] = 100,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Iterator[DataSetList]:
        """Iterate through the datasets, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            search_term: Only the datasets whose name matches this text.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            project_id: Only the datasets of this project.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        return self._operations.iterate("datasets_list", locals(), limit=limit, search="search_term")

    @checks_at_call("datasets_list", search="search_term")
    async def alist(
        self,
        search_term: Optional[str] = None,
        *,
        limit: Optional[int] = 100,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AsyncIterator[ADataSetList]:
        """Asynchronously iterate through the datasets, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            search_term: Only the datasets whose name matches this text.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            project_id: Only the datasets of this project.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        async for item in self._operations.aiterate("datasets_list", locals(), limit=limit, search="search_term"):
            yield item

    def delete(self, dataset_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Delete a dataset.

        Args:
            dataset_id: The dataset to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``dataset_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        self._operations.call("datasets_destroy", locals(), id="dataset_id")

    async def adelete(self, dataset_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Asynchronously delete a dataset.

        Args:
            dataset_id: The dataset to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``dataset_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        await self._operations.acall("datasets_destroy", locals(), id="dataset_id")

    def update(
        self,
        dataset_id: Union[str, uuid.UUID],
        *,
        name: Optional[str] = None,
        _request_timeout: Optional[float] = None,
    ) -> DataSetList:
        """Rename a dataset.

        Args:
            dataset_id: The dataset to rename.
            name: Its new name; ``None`` (the default) leaves it as it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The dataset after the change.

        Raises:
            InvalidArgumentError: An argument is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        return self._operations.call("datasets_partial_update", _changed(locals()), id="dataset_id")  # type: ignore[no-any-return]

    async def aupdate(
        self,
        dataset_id: Union[str, uuid.UUID],
        *,
        name: Optional[str] = None,
        _request_timeout: Optional[float] = None,
    ) -> ADataSetList:
        """Asynchronously rename a dataset.

        Args:
            dataset_id: The dataset to rename.
            name: Its new name; ``None`` (the default) leaves it as it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The dataset after the change.

        Raises:
            InvalidArgumentError: An argument is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        return await self._operations.acall("datasets_partial_update", _changed(locals()), id="dataset_id")  # type: ignore[no-any-return]

    def add_item(
        self,
        dataset_id: Union[str, uuid.UUID],
        *,
        response: str,
        request: str = "",
        expected_output: str = "",
        contexts: Optional[List[str]] = None,
        variables: Optional[Dict[str, Any]] = None,
        metadata: Optional[Dict[str, Any]] = None,
        change_note: str = "",
        _request_timeout: Optional[float] = None,
    ) -> DatasetItem:
        """Add one item (a row) to a dataset, which gets a new version.

        Args:
            dataset_id: The dataset to add to.
            response: The answer the item holds.
            request: What was asked.
            expected_output: What the answer should have been.
            contexts: The context documents; ``None`` sends none.
            variables: Extra variables; ``None`` sends none.
            metadata: Free metadata; ``None`` sends none.
            change_note: Why the item was added.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new item.

        Raises:
            InvalidArgumentError: An argument is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        return self._operations.call("datasets_items_create", locals())  # type: ignore[no-any-return]

    async def aadd_item(
        self,
        dataset_id: Union[str, uuid.UUID],
        *,
        response: str,
        request: str = "",
        expected_output: str = "",
        contexts: Optional[List[str]] = None,
        variables: Optional[Dict[str, Any]] = None,
        metadata: Optional[Dict[str, Any]] = None,
        change_note: str = "",
        _request_timeout: Optional[float] = None,
    ) -> ADatasetItem:
        """Asynchronously add one item (a row) to a dataset, which gets a new version.

        Args:
            dataset_id: The dataset to add to.
            response: The answer the item holds.
            request: What was asked.
            expected_output: What the answer should have been.
            contexts: The context documents; ``None`` sends none.
            variables: Extra variables; ``None`` sends none.
            metadata: Free metadata; ``None`` sends none.
            change_note: Why the item was added.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new item.

        Raises:
            InvalidArgumentError: An argument is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        return await self._operations.acall("datasets_items_create", locals())  # type: ignore[no-any-return]

    def add_items(
        self,
        dataset_id: Union[str, uuid.UUID],
        items: List[Dict[str, Any]],
        *,
        _request_timeout: Optional[float] = None,
    ) -> List[DatasetItem]:
        """Add many items to a dataset in one request (at most 5000), all in one new version of it.

        Args:
            dataset_id: The dataset to add to.
            items: The items, each a dict of the fields :meth:`add_item` takes (``response``, ``request``,
                ``expected_output``, ``contexts``, ``variables``, ``metadata``, ``change_note``, and
                ``turns``), or a ``DatasetItemRequest``.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new items, in the order given.

        Raises:
            InvalidArgumentError: An item is malformed or names an unknown field, or there are more than
                5000; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        return self._operations.call("datasets_items_bulk_create", locals(), dataset_item_request="items")  # type: ignore[no-any-return]

    async def aadd_items(
        self,
        dataset_id: Union[str, uuid.UUID],
        items: List[Dict[str, Any]],
        *,
        _request_timeout: Optional[float] = None,
    ) -> List[ADatasetItem]:
        """Asynchronously add many items to a dataset in one request (at most 5000), all in one new version of it.

        Args:
            dataset_id: The dataset to add to.
            items: The items, each a dict of the fields :meth:`add_item` takes (``response``, ``request``,
                ``expected_output``, ``contexts``, ``variables``, ``metadata``, ``change_note``, and
                ``turns``), or a ``DatasetItemRequest``.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new items, in the order given.

        Raises:
            InvalidArgumentError: An item is malformed or names an unknown field, or there are more than
                5000; nothing was sent.
            root.errors.NotFoundError: No such dataset.
        """
        return await self._operations.acall("datasets_items_bulk_create", locals(), dataset_item_request="items")  # type: ignore[no-any-return]

    def list_items(
        self,
        dataset_id: Union[str, uuid.UUID],
        *,
        include_archived: bool = False,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> Iterator[DatasetItem]:
        """Iterate through the latest version of each item of a dataset, with its published annotations.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            dataset_id: The dataset whose items to list.
            include_archived: Whether archived items are listed too.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A malformed argument or a negative ``limit``; nothing was sent.
        """
        return self._operations.iterate("datasets_items_list", locals(), limit=limit, is_archived="include_archived")

    @checks_at_call("datasets_items_list", is_archived="include_archived")
    async def alist_items(
        self,
        dataset_id: Union[str, uuid.UUID],
        *,
        include_archived: bool = False,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> AsyncIterator[ADatasetItem]:
        """Asynchronously iterate through the latest version of each item of a dataset, with its published annotations.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            dataset_id: The dataset whose items to list.
            include_archived: Whether archived items are listed too.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A malformed argument or a negative ``limit``; nothing was sent.
        """
        async for item in self._operations.aiterate(
            "datasets_items_list", locals(), limit=limit, is_archived="include_archived"
        ):
            yield item

    def get_item(
        self,
        dataset_id: Union[str, uuid.UUID],
        item_id: Union[str, uuid.UUID],
        *,
        _request_timeout: Optional[float] = None,
    ) -> DatasetItem:
        """Get one version of a dataset's item, archived or not.

        Args:
            dataset_id: The dataset.
            item_id: The item (the ``id`` of one of its versions).
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset or item.
        """
        return self._operations.call("datasets_items_retrieve", locals())  # type: ignore[no-any-return]

    async def aget_item(
        self,
        dataset_id: Union[str, uuid.UUID],
        item_id: Union[str, uuid.UUID],
        *,
        _request_timeout: Optional[float] = None,
    ) -> ADatasetItem:
        """Asynchronously get one version of a dataset's item, archived or not.

        Args:
            dataset_id: The dataset.
            item_id: The item (the ``id`` of one of its versions).
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset or item.
        """
        return await self._operations.acall("datasets_items_retrieve", locals())  # type: ignore[no-any-return]

    def update_item(
        self,
        dataset_id: Union[str, uuid.UUID],
        item_id: Union[str, uuid.UUID],
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        expected_output: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        variables: Optional[Dict[str, Any]] = None,
        metadata: Optional[Dict[str, Any]] = None,
        change_note: Optional[str] = None,
        _request_timeout: Optional[float] = None,
    ) -> DatasetItem:
        """Edit a dataset's item: change the fields given (``None`` leaves one as it is).

        The edit makes a new version of the item (a new ``id``, the same ``external_id``) and of the
        dataset; only the latest version of an item can be edited.

        Args:
            dataset_id: The dataset.
            item_id: The item's latest version.
            response: The answer the item holds.
            request: What was asked.
            expected_output: What the answer should have been.
            contexts: The context documents.
            variables: Extra variables.
            metadata: Free metadata.
            change_note: Why the item was changed.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The item's new version.

        Raises:
            InvalidArgumentError: An argument is malformed; nothing was sent.
            root.errors.BadRequestError: The item is not its latest version, or is archived.
            root.errors.NotFoundError: No such dataset or item.
        """
        return self._operations.call("datasets_items_partial_update", _changed(locals()))  # type: ignore[no-any-return]

    async def aupdate_item(
        self,
        dataset_id: Union[str, uuid.UUID],
        item_id: Union[str, uuid.UUID],
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        expected_output: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        variables: Optional[Dict[str, Any]] = None,
        metadata: Optional[Dict[str, Any]] = None,
        change_note: Optional[str] = None,
        _request_timeout: Optional[float] = None,
    ) -> ADatasetItem:
        """Asynchronously edit a dataset's item: change the fields given (``None`` leaves one as it is).

        The edit makes a new version of the item (a new ``id``, the same ``external_id``) and of the
        dataset; only the latest version of an item can be edited.

        Args:
            dataset_id: The dataset.
            item_id: The item's latest version.
            response: The answer the item holds.
            request: What was asked.
            expected_output: What the answer should have been.
            contexts: The context documents.
            variables: Extra variables.
            metadata: Free metadata.
            change_note: Why the item was changed.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The item's new version.

        Raises:
            InvalidArgumentError: An argument is malformed; nothing was sent.
            root.errors.BadRequestError: The item is not its latest version, or is archived.
            root.errors.NotFoundError: No such dataset or item.
        """
        return await self._operations.acall("datasets_items_partial_update", _changed(locals()))  # type: ignore[no-any-return]

    def archive_item(
        self,
        dataset_id: Union[str, uuid.UUID],
        item_id: Union[str, uuid.UUID],
        *,
        _request_timeout: Optional[float] = None,
    ) -> None:
        """Archive (soft-delete) a dataset's item: it stays readable, and is listed only on request.

        Args:
            dataset_id: The dataset.
            item_id: The item's latest version.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset or item.
        """
        self._operations.call("datasets_items_destroy", locals())

    async def aarchive_item(
        self,
        dataset_id: Union[str, uuid.UUID],
        item_id: Union[str, uuid.UUID],
        *,
        _request_timeout: Optional[float] = None,
    ) -> None:
        """Asynchronously archive (soft-delete) a dataset's item: it stays readable, and is listed only on request.

        Args:
            dataset_id: The dataset.
            item_id: The item's latest version.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.NotFoundError: No such dataset or item.
        """
        await self._operations.acall("datasets_items_destroy", locals())


if TYPE_CHECKING:
    # The official SDK 1.6's other public names of this module, offered lazily (root/_official_names.py).
    from root.generated.openapi_aclient.models.data_set_list import DataSetList as _ADataSetList
    from root.generated.openapi_client.models.data_set_list import DataSetList as DataSetList
    from root.utils import ClientContextCallable as ClientContextCallable
    from root.utils import with_async_client as with_async_client
    from root.utils import with_sync_client as with_sync_client

    ADataSetList = _ADataSetList
else:
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
