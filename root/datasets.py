"""The DataSets sub-API: CSV files of test and reference data that objectives and calibration use.

Reach it as ``RootSignals().datasets``. Every method has an asynchronous twin whose name starts with
``a`` (``create`` / ``acreate``), with the same parameters and defaults.
"""

# Names and parameters follow the official SDK 1.6, so a program written for it runs unchanged.
# ruff: noqa: UP007, UP035, UP045

from __future__ import annotations

import os
from typing import TYPE_CHECKING, AsyncIterator, Iterator, Optional, Union

from root._operations import Operations, checks_at_call
from root._upload import FileUpload

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_aclient.models.data_set_create import DataSetCreate as ADataSetCreate
    from root.generated.openapi_client.models.data_set_create import DataSetCreate
    from root.generated.openapi_client.models.data_set_list import DataSetList
    from root.utils import ClientContextCallable

__all__ = ["DataSets"]


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
            type: ``"reference"`` or ``"test"``.
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
            type: ``"reference"`` or ``"test"``.
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
