"""File uploads that stream: a file is sent in chunks as the request goes out, never read whole.

A public method that uploads a file (``datasets.create(path=...)``) turns its path into a
:class:`FileUpload`: the file's name, its path, and the size it has when the call is made. The
generated serializer carries it through untouched as the content of a form field (it never reads it),
and the transport encodes the form fields as a :class:`MultipartBody`: the bytes urllib3's
``encode_multipart_formdata`` builds (the same parts, names, file names and content types), except that
each file's content is read :data:`CHUNK_SIZE` bytes at a time while the request is being sent. The
body's length is known beforehand, so it goes out with a ``Content-Length`` (no chunked encoding, which
the contract does not promise the service accepts). The memory an upload takes does not grow with
the file: a chunk or two in flight, whatever the file's size. Only a regular file can be sent so, since
its size must be known before it is sent; a pipe or a device is refused when the call is made. An
asynchronous call opens and reads the file in the event loop's default executor, so a slow disk does
not stall the loop.

Retries: every attempt opens the file anew and sends it from its first byte, so a request that
:mod:`root._retry` repeats (a POST only when the service surely did not act on it) sends the same body
again. No attempt reuses what an earlier one read.

A file must not change while it is uploaded. Its size is checked before each attempt sends anything
(a file that vanished or changed size is an :class:`~root.errors.InvalidArgumentError`, and nothing is
sent), and again as it is read: a file that ends early or grows while it is being sent cuts the request
off before its last byte, so the service cannot act on it, and the call raises
:class:`~root.errors.InvalidArgumentError` saying so. It never waits for bytes that will not come.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, BinaryIO, Final

from root.errors import InvalidArgumentError

__all__ = ["CHUNK_SIZE", "FileUpload", "MultipartBody", "UploadCutOff", "find_upload_failure", "multipart_body"]

CHUNK_SIZE: Final = 64 * 1024
"""How many bytes of a file are read, and handed to the connection, at a time."""


class FileUpload:
    """A file to send as a form field's content, read from ``path`` only when the request is sent.

    Build it with :meth:`of`, which checks the file before anything is sent.
    """

    __slots__ = ("filename", "path", "size")

    def __init__(self, path: str, filename: str, size: int) -> None:
        self.path = path
        self.filename = filename
        self.size = size

    def __repr__(self) -> str:
        return f"FileUpload({self.path!r}, {self.size} bytes)"

    @classmethod
    def of(cls, path: str | os.PathLike[str], argument: str = "path") -> FileUpload:
        """The upload of the regular file at ``path``, checked to exist and be readable now.

        Raises:
            InvalidArgumentError: ``path`` is not a path, or not a readable regular file.
        """
        if not isinstance(path, (str, os.PathLike)):
            raise InvalidArgumentError(f"{argument} must be a file path, not {type(path).__name__}")
        text = os.fspath(path)
        if not isinstance(text, str):
            raise InvalidArgumentError(f"{argument} must be a file path, not {type(text).__name__}")
        try:
            with open(text, "rb") as file:
                size = _regular_size(file, text, argument)
        except OSError as exc:
            raise InvalidArgumentError(f"{argument} {text!r} cannot be read: {exc.strerror or exc}") from None
        return cls(text, os.path.basename(text), size)

    def open(self, *, sending: bool = False) -> BinaryIO:
        """The file, opened for one attempt to send it, checked to still have the size it had at the call.

        Args:
            sending: Whether the request's body is being sent already (the bytes before the file's).

        Raises:
            InvalidArgumentError: The file vanished, cannot be read, or changed size: nothing was sent,
                or, when ``sending``, the request is cut off (:class:`UploadCutOff`).
        """
        try:
            file = open(self.path, "rb")  # noqa: SIM115  # closed by whoever reads it
        except OSError as exc:
            if sending:
                raise self._cut_off(f"it cannot be read any more: {exc.strerror or exc}") from None
            raise InvalidArgumentError(
                f"the file {self.path!r} cannot be read any more: {exc.strerror or exc}; nothing was sent"
            ) from None
        try:
            size = _regular_size(file, self.path, "the file")
        except BaseException:
            file.close()
            raise
        if size != self.size:
            file.close()
            if sending:
                raise self._cut_off(f"{self.size} bytes at the call, {size} now")
            raise InvalidArgumentError(
                f"the file {self.path!r} changed since the call ({self.size} bytes then, {size} now); nothing was sent"
            )
        return file

    def read_chunk(self, file: BinaryIO, sent: int) -> bytes:
        """The next chunk of an open file, ``sent`` bytes of it being sent already; ``b""`` at its end.

        Raises:
            InvalidArgumentError: The file ended early, grew, or could not be read.
        """
        want = min(CHUNK_SIZE, self.size - sent)
        try:
            chunk = file.read(want) if want else file.read(1)
        except OSError as exc:
            raise self._cut_off(f"reading it failed: {exc.strerror or exc}") from None
        if want == 0:
            if chunk:
                raise self._cut_off(f"it grew beyond the {self.size} bytes it had at the call")
            return b""
        if len(chunk) < want:
            raise self._cut_off(f"it ended after {sent + len(chunk)} of its {self.size} bytes")
        return chunk

    def chunks(self) -> Iterator[bytes]:
        """The file's content, chunk by chunk, from a freshly opened file (see :meth:`open`)."""
        file = self.open(sending=True)
        try:
            sent = 0
            while chunk := self.read_chunk(file, sent):
                sent += len(chunk)
                yield chunk
        finally:
            file.close()

    async def achunks(self) -> AsyncIterator[bytes]:
        """As :meth:`chunks`, with the file opened and read in the event loop's default executor."""
        import asyncio
        import functools

        loop = asyncio.get_running_loop()
        file = await loop.run_in_executor(None, functools.partial(self.open, sending=True))
        try:
            sent = 0
            while chunk := await loop.run_in_executor(None, self.read_chunk, file, sent):
                sent += len(chunk)
                yield chunk
        finally:
            file.close()

    def _cut_off(self, why: str) -> InvalidArgumentError:
        return UploadCutOff(
            f"the file {self.path!r} changed while it was being sent ({why}); the request was cut off before "
            "its end, so the service did not act on it"
        )


class UploadCutOff(InvalidArgumentError):
    """A file changed while it was being sent; raised from inside the HTTP library's send loop."""


def _regular_size(file: BinaryIO, path: str, argument: str) -> int:
    import stat

    status = os.fstat(file.fileno())
    if not stat.S_ISREG(status.st_mode):
        raise InvalidArgumentError(f"{argument} {path!r} is not a regular file; only a file's size can be sent ahead")
    return status.st_size


class MultipartBody:
    """A ``multipart/form-data`` body whose files are read while it is sent.

    Attributes:
        parts: The body in order: encoded bytes, and the files whose content goes between them.
        content_type: The ``Content-Type`` header, boundary included.
        content_length: The body's length in bytes, files included.
    """

    __slots__ = ("content_length", "content_type", "parts")

    def __init__(self, parts: Sequence[bytes | FileUpload], content_type: str) -> None:
        self.parts = tuple(parts)
        self.content_type = content_type
        self.content_length = sum(p.size if isinstance(p, FileUpload) else len(p) for p in self.parts)

    @property
    def streams(self) -> bool:
        """Whether any part is a file read while sending."""
        return any(isinstance(p, FileUpload) for p in self.parts)

    def check_files(self) -> None:
        """Check, before anything is sent, that every file is still there with the size it had at the call.

        Raises:
            InvalidArgumentError: A file vanished or changed.
        """
        for part in self.parts:
            if isinstance(part, FileUpload):
                part.open().close()

    def to_bytes(self) -> bytes:
        """The whole body in memory: only for a body without files (see :attr:`streams`)."""
        return b"".join(p for p in self.parts if isinstance(p, bytes))

    def chunks(self) -> Iterator[bytes]:
        """The body piece by piece, each file read chunk by chunk from a freshly opened file."""
        for part in self.parts:
            if isinstance(part, FileUpload):
                yield from part.chunks()
            else:
                yield part

    async def achunks(self) -> AsyncIterator[bytes]:
        """As :meth:`chunks`, reading the files in the event loop's default executor."""
        for part in self.parts:
            if isinstance(part, FileUpload):
                async for chunk in part.achunks():
                    yield chunk
            else:
                yield part


def multipart_body(fields: Sequence[tuple[str, Any]], boundary: str | None = None) -> MultipartBody:
    """The form ``fields`` as ``multipart/form-data``, byte for byte as urllib3's
    ``encode_multipart_formdata(fields, boundary)`` encodes them, a :class:`FileUpload` as a file's
    content standing for the bytes it will read.

    Args:
        fields: ``(name, value)`` pairs; a value is text, bytes, or ``(file name, content)`` /
            ``(file name, content, content type)`` where the content may be a :class:`FileUpload`.
        boundary: The boundary; a random one when ``None``.
    """
    from urllib3.fields import RequestField
    from urllib3.filepost import choose_boundary

    if boundary is None:
        boundary = choose_boundary()
    parts: list[bytes | FileUpload] = []
    pending = bytearray()
    for name, value in fields:
        if isinstance(value, tuple) and len(value) > 1 and isinstance(value[1], FileUpload):
            # RequestField renders the part's headers from the name, file name and content type only.
            field = RequestField.from_tuples(name, (value[0], b"", *value[2:]))
            data: Any = value[1]
        else:
            field = RequestField.from_tuples(name, value)
            data = field.data
        pending += f"--{boundary}\r\n".encode("latin-1")
        pending += field.render_headers().encode("utf-8")
        if isinstance(data, FileUpload):
            parts.append(bytes(pending))
            pending.clear()
            parts.append(data)
        elif isinstance(data, int):
            pending += str(data).encode("utf-8")
        elif isinstance(data, str):
            pending += data.encode("utf-8")
        else:
            pending += data
        pending += b"\r\n"
    pending += f"--{boundary}--\r\n".encode("latin-1")
    parts.append(bytes(pending))
    return MultipartBody(parts, f"multipart/form-data; boundary={boundary}")


def find_upload_failure(exc: BaseException) -> InvalidArgumentError | None:
    """The error a file raised while it was being sent, if ``exc`` is it or was caused by it: aiohttp
    reports a body that fails as a connection error caused by the body's exception."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, InvalidArgumentError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
