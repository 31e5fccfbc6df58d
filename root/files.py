"""The Files sub-API: PDFs and images uploaded once, then referenced by id (``file_ids``) in evaluator and
judge runs.

Reach it as ``RootSignals().files``. Every method has an asynchronous twin whose name starts with ``a``
(``upload`` / ``aupload``), with the same parameters and defaults.
"""

# Names and parameters follow the official SDK 1.15, so a program written for it runs unchanged.
# ruff: noqa: UP007, UP045

from __future__ import annotations

import os
import uuid
from typing import IO, TYPE_CHECKING, Final, Optional, Union

from root._operations import Operations
from root._upload import FileUpload
from root.errors import InvalidArgumentError

if TYPE_CHECKING:
    from root.utils import ClientContextCallable

__all__ = ["MAX_FILE_SIZE", "Files"]

MAX_FILE_SIZE: Final = 20 * 1024 * 1024
"""The largest file the service takes (20 MB); a larger file-like object is refused before it is sent."""


def _file_part(
    file: Union[str, os.PathLike[str], IO[bytes]], filename: Optional[str]
) -> Union[FileUpload, tuple[str, bytes]]:
    """The file to upload: a path streamed from disk as it is sent (see :mod:`root._upload`), or the
    content of a binary file-like object, read now (at most :data:`MAX_FILE_SIZE` bytes).

    Raises:
        InvalidArgumentError: The path is not a readable regular file, the object is not readable binary,
            it is larger than :data:`MAX_FILE_SIZE`, or ``filename`` is not a non-empty text.
    """
    if filename is not None and (not isinstance(filename, str) or not filename.strip()):
        raise InvalidArgumentError("filename must be a non-empty str")
    if isinstance(file, (str, os.PathLike)):
        upload = FileUpload.of(file, "file")
        return upload if filename is None else FileUpload(upload.path, filename, upload.size)
    read = getattr(file, "read", None)
    if not callable(read):
        raise InvalidArgumentError(f"file must be a path or a binary file-like object, not {type(file).__name__}")
    content = read(MAX_FILE_SIZE + 1)
    if not isinstance(content, bytes):
        raise InvalidArgumentError("file must be opened in binary mode ('rb')")
    if len(content) > MAX_FILE_SIZE:
        raise InvalidArgumentError(f"file is larger than the {MAX_FILE_SIZE} bytes the service takes")
    name = filename or os.path.basename(str(getattr(file, "name", "") or "")) or "upload"
    return (name, content)


class Files:
    """Files (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "FilesApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def upload(
        self,
        file: Union[str, os.PathLike[str], IO[bytes]],
        filename: Optional[str] = None,
        *,
        _request_timeout: Optional[float] = None,
    ) -> uuid.UUID:
        """Upload a PDF or an image (pdf, png, jpg, jpeg, webp or svg; at most 20 MB) and return its id.

        A path is sent as ``multipart/form-data``, read in chunks as it goes out; a file-like object is
        read when the call is made. The same file uploaded again answers the id it got the first time.

        Args:
            file: The file's path, or a file-like object opened in binary mode.
            filename: The file name sent with it; by default the path's (or the object's ``name``) last
                part, else ``"upload"``.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The file's id, to pass in ``file_ids`` when running an evaluator or a judge.

        Raises:
            InvalidArgumentError: The file cannot be read or is too large (nothing was sent), or it
                changed while it was sent (the request was cut off).
            root.errors.APIStatusError: The service refused the file (a type it does not take, say).
        """
        return uuid.UUID(self._operations.call("files_create", {**locals(), "file": _file_part(file, filename)}).id)

    async def aupload(
        self,
        file: Union[str, os.PathLike[str], IO[bytes]],
        filename: Optional[str] = None,
        *,
        _request_timeout: Optional[float] = None,
    ) -> uuid.UUID:
        """Asynchronously upload a PDF or an image (pdf, png, jpg, jpeg, webp or svg; at most 20 MB) and return its id.

        A path is sent as ``multipart/form-data``, read in chunks as it goes out; a file-like object is
        read when the call is made. The same file uploaded again answers the id it got the first time.

        Args:
            file: The file's path, or a file-like object opened in binary mode.
            filename: The file name sent with it; by default the path's (or the object's ``name``) last
                part, else ``"upload"``.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The file's id, to pass in ``file_ids`` when running an evaluator or a judge.

        Raises:
            InvalidArgumentError: The file cannot be read or is too large (nothing was sent), or it
                changed while it was sent (the request was cut off).
            root.errors.APIStatusError: The service refused the file (a type it does not take, say).
        """
        uploaded = await self._operations.acall("files_create", {**locals(), "file": _file_part(file, filename)})
        return uuid.UUID(uploaded.id)


if not TYPE_CHECKING:
    # The official SDKs' other public names of this module, offered lazily (root/_official_names.py).
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
