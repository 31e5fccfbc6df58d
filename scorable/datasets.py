"""The DataSets sub-API of the ``scorable`` face.

Every name is :mod:`root.datasets`'s, except :class:`DataSets`, whose ``create``/``acreate`` take the
official SDK 1.15's parameters: no ``type`` (the service has no data set types any more, and 1.15 stopped
sending one) and no ``has_header``. Without ``path`` they make an empty data set, whose rows are then
added as items (``add_item``/``add_items``).
"""

# Signatures are spelled as the official SDK spells them (Optional, Union), as in root/datasets.py.
# ruff: noqa: UP007, UP045

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING, Optional, Union

import root.datasets as _origin
from root._official_names import module_attributes
from root.datasets import MAX_BULK_ITEMS, _file_part

__all__ = ["MAX_BULK_ITEMS", "DataSets"]

if TYPE_CHECKING:
    from root.generated.openapi_aclient.models.data_set_create import DataSetCreate as ADataSetCreate
    from root.generated.openapi_client.models.data_set_create import DataSetCreate


class DataSets(_origin.DataSets):
    """The DataSets sub-API of :class:`scorable.Scorable`: :class:`root.datasets.DataSets` with 1.15's
    ``create``/``acreate``."""

    def create(  # type: ignore[override]
        self,
        *,
        name: Optional[str] = None,
        path: Union[str, os.PathLike[str], None] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> DataSetCreate:
        """Create a dataset, uploading the CSV file at ``path`` if one is given.

        The file is sent as ``multipart/form-data`` in one request, read in chunks as it goes out, so
        the memory the upload takes does not grow with the file's size. Without ``path`` the dataset
        is empty: add its rows with ``add_item`` or ``add_items``.

        Args:
            name: The dataset's name.
            path: The CSV file to upload; ``None``: an empty dataset.
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

    async def acreate(  # type: ignore[override]
        self,
        *,
        name: Optional[str] = None,
        path: Union[str, os.PathLike[str], None] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> ADataSetCreate:
        """Asynchronously create a dataset, uploading the CSV file at ``path`` if one is given.

        The file is sent as ``multipart/form-data`` in one request, read in chunks as it goes out, so
        the memory the upload takes does not grow with the file's size. Without ``path`` the dataset
        is empty: add its rows with ``add_item`` or ``add_items``.

        Args:
            name: The dataset's name.
            path: The CSV file to upload; ``None``: an empty dataset.
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


# 1.15's own offered names, then the names root.datasets offers on first use (and the message for a
# name it leaves out on purpose).
__getattr__, _ = module_attributes(__name__, fallback=_origin)
