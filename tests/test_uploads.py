"""Uploads stream: a dataset's file is read in chunks as it is sent, sync and async, with the wire urllib3's
multipart encoding gives; a retry sends the file again; a file that changes or vanishes is an error,
never a hang (root/_upload.py)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import threading
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from urllib3 import encode_multipart_formdata

from root import RootSignals
from root._upload import CHUNK_SIZE, FileUpload, multipart_body
from root.errors import APIConnectionError, InvalidArgumentError
from tests.contract_server import OWNER
from tests.upload_sink import Received, upload_sink

FILE_SIZE = 16 * 2**20
"""Far more than the loopback connection can hold in flight against the sink's small receive buffer."""


def _expected_body(received: Received, fields: list[tuple[str, Any]]) -> bytes:
    boundary = re.fullmatch(r"multipart/form-data; boundary=(\S+)", received.headers["content-type"])
    assert boundary is not None
    return encode_multipart_formdata(fields, boundary=boundary.group(1))[0]


def _create(client: RootSignals, path: Path, asynchronous: bool, received: list[Received] | None = None) -> Any:
    if asynchronous:

        async def run() -> Any:
            # The loop's session is closed with the loop, when asyncio.run() ends.
            try:
                return await client.datasets.acreate(name="big", path=path, type="test", _request_timeout=30)
            finally:
                # A request cut off mid-body closes its connection gracefully: the transport first sends what
                # it buffered. Let the loop run until the sink saw the connection end, so that asyncio.run()
                # does not close the loop under a transport that is still closing (an unclosed socket).
                for request in received or []:
                    await asyncio.get_running_loop().run_in_executor(None, request.closed.wait, 10)
                for _ in range(3):
                    await asyncio.sleep(0)

        return asyncio.run(run())
    return client.datasets.create(name="big", path=path, type="test", _request_timeout=30)


# -- the wire ---------------------------------------------------------------------------------------------


def test_multipart_body_is_urllib3s_encoding_byte_for_byte(tmp_path: Path) -> None:
    content = b"request,response\n" + "h\u00e9llo,w\u00f6rld\n".encode() * 10_000
    csv = tmp_path / "r\u00e9sum\u00e9s.csv"
    csv.write_bytes(content)
    upload = FileUpload.of(csv)
    with_file = [("name", "n\u00e4me"), ("file", (upload.filename, upload, "text/csv")), ("type", "test"), ("n", 3)]
    in_memory = [("name", "n\u00e4me"), ("file", (upload.filename, content, "text/csv")), ("type", "test"), ("n", 3)]
    body = multipart_body(with_file, boundary="b0undary")
    expected, content_type = encode_multipart_formdata(in_memory, boundary="b0undary")
    assert body.streams
    assert body.content_type == content_type
    assert body.content_length == len(expected)
    chunks = list(body.chunks())
    assert b"".join(chunks) == expected
    assert max(len(c) for c in chunks) == CHUNK_SIZE
    without_file = multipart_body([("name", "x"), ("type", "test")], boundary="b0undary")
    assert not without_file.streams
    assert without_file.to_bytes() == encode_multipart_formdata([("name", "x"), ("type", "test")], "b0undary")[0]


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_dataset_file_goes_out_in_chunks_as_urllib3_would_encode_it(tmp_path: Path, asynchronous: bool) -> None:
    content = bytes(range(256)) * (FILE_SIZE // 256)
    csv = tmp_path / "big.csv"
    csv.write_bytes(content)
    small = tmp_path / "small.csv"
    small.write_bytes(b"x\n1\n")
    with upload_sink() as (url, received):
        client = RootSignals(api_key="k", base_url=url)
        _create(client, small, asynchronous)  # imports and connects, untraced
        received.clear()
        tracemalloc.start()
        try:
            created = _create(client, csv, asynchronous)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            client.close()
    assert created.name == "uploaded"
    (upload,) = received
    assert upload.complete
    assert "transfer-encoding" not in upload.headers
    expected = _expected_body(upload, [("name", "big"), ("file", ("big.csv", content, "text/csv"))])
    assert int(upload.headers["content-length"]) == upload.length == len(expected)
    assert upload.sha256 == hashlib.sha256(expected).hexdigest()
    del expected, content
    assert peak < 2 * 2**20, f"the upload of {FILE_SIZE} bytes held {peak} bytes of Python memory at its peak"


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_dataset_file_is_read_as_it_is_sent(tmp_path: Path, asynchronous: bool) -> None:
    """The server rewrites the file (same size, other bytes) when the body's first bytes reach it: a client
    that had read the file whole before sending would send only the old bytes. A streaming one sends
    the old bytes only for what it read before then, a few chunks, and new ones after."""
    csv = tmp_path / "big.csv"
    csv.write_bytes(b"a" * FILE_SIZE)
    a_bytes = [0]

    def rewrite_on_first_bytes(received: Received, piece: bytes) -> None:
        if received.length == len(piece):
            with open(csv, "r+b") as file:
                for _ in range(FILE_SIZE // CHUNK_SIZE):
                    file.write(b"b" * CHUNK_SIZE)
        a_bytes[0] += piece.count(b"a")

    with upload_sink(rewrite_on_first_bytes) as (url, received), RootSignals(api_key="k", base_url=url) as client:
        _create(client, csv, asynchronous)
    (upload,) = received
    assert upload.complete
    empty = _expected_body(upload, [("name", "big"), ("file", ("big.csv", b"", "text/csv"))])
    old_bytes_sent = a_bytes[0] - empty.count(b"a")
    assert old_bytes_sent <= FILE_SIZE // 2, (
        f"{old_bytes_sent} bytes were read before the first ones reached the server"
    )


# -- retries, and files that change or vanish ---------------------------------------------------------------


CREATED = 201, {"id": "00000000-0000-0000-0000-000000000001", "name": "uploaded", "owner": OWNER}, {}
BUSY = 503, {"detail": "busy"}, {"Retry-After": "0"}


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_retried_upload_sends_the_file_again_from_its_start(
    tmp_path: Path, asynchronous: bool, no_sleep: list[float]
) -> None:
    content = b"request,response\n" + b"hi,hello\n" * 50_000
    csv = tmp_path / "rows.csv"
    csv.write_bytes(content)
    answers = [BUSY, CREATED]
    with (
        upload_sink(answer=lambda received: answers.pop(0)) as (url, received),
        RootSignals(api_key="k", base_url=url, max_retries=2) as client,
    ):
        created = _create(client, csv, asynchronous)
    assert created.name == "uploaded"
    assert no_sleep == [0.0]
    first, second = received
    assert first.complete
    assert second.complete
    assert first.length == second.length
    for upload in (first, second):
        fields = [("name", "big"), ("file", ("rows.csv", content, "text/csv"))]
        assert upload.sha256 == hashlib.sha256(_expected_body(upload, fields)).hexdigest()


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_a_file_that_vanishes_before_a_retry_is_not_sent_again(
    tmp_path: Path, asynchronous: bool, no_sleep: list[float]
) -> None:
    csv = tmp_path / "rows.csv"
    csv.write_bytes(b"x\n1\n")

    def busy_and_delete(received: Received) -> tuple[int, Any, dict[str, str]]:
        csv.unlink()
        return BUSY

    with (
        upload_sink(answer=busy_and_delete) as (url, received),
        RootSignals(api_key="k", base_url=url, max_retries=2) as client,
        pytest.raises(InvalidArgumentError, match=r"cannot be read any more.*nothing was sent"),
    ):
        _create(client, csv, asynchronous, received)
    assert len(received) == 1


def _append(path: Path) -> None:
    with open(path, "ab") as file:
        file.write(b"more\n")


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda p: os.truncate(p, FILE_SIZE // 2), "(it ended after|16777216 bytes at the call, 8388608 now)"),
        (_append, "(it grew beyond|16777216 bytes at the call, 16777221 now)"),
    ],
    ids=["shrinks", "grows"],
)
def test_a_file_that_changes_while_it_is_sent_cuts_the_request_off(
    tmp_path: Path, asynchronous: bool, change: Callable[[Path], object], why: str
) -> None:
    csv = tmp_path / "big.csv"
    csv.write_bytes(b"a" * FILE_SIZE)

    def change_on_first_bytes(received: Received, piece: bytes) -> None:
        if received.length == len(piece):
            change(csv)

    with (
        upload_sink(change_on_first_bytes) as (url, received),
        RootSignals(api_key="k", base_url=url, max_retries=2) as client,
        pytest.raises(InvalidArgumentError, match=f"changed while it was being sent \\({why}"),
    ):
        _create(client, csv, asynchronous, received)
    (upload,) = received
    assert not upload.complete


def test_only_a_readable_regular_file_is_uploaded(tmp_path: Path) -> None:
    with upload_sink() as (url, received), RootSignals(api_key="k", base_url=url) as client:
        with pytest.raises(InvalidArgumentError, match="not a regular file"):
            client.datasets.create(name="x", path=os.devnull)
        with pytest.raises(InvalidArgumentError, match="cannot be read"):
            client.datasets.create(name="x", path=str(tmp_path))
        with pytest.raises(InvalidArgumentError, match="must be a file path, not bytes"):
            client.datasets.create(name="x", path=b"rows.csv")  # type: ignore[arg-type]
    assert received == []


@pytest.mark.parametrize("asynchronous", [False, True], ids=["sync", "async"])
def test_an_upload_the_server_stops_reading_times_out(tmp_path: Path, asynchronous: bool) -> None:
    """A server that stops reading the body mid-file: the call fails when its timeout passes, never hangs.

    The server then drops the connection, as a real one would in the end; aiohttp closes a connection
    gracefully (it waits to flush what it buffered), so the async side lets the loop see that.
    """
    csv = tmp_path / "big.csv"
    csv.write_bytes(b"a" * FILE_SIZE)
    gave_up = threading.Event()

    def stall_then_drop(received: Received, piece: bytes) -> bool:
        return gave_up.wait(30)

    async def acreate(client: RootSignals, received: list[Received]) -> None:
        try:
            await client.datasets.acreate(name="big", path=csv, _request_timeout=1)
        finally:
            gave_up.set()
            await asyncio.get_running_loop().run_in_executor(None, received[0].closed.wait, 10)
            for _ in range(3):
                await asyncio.sleep(0)

    with (
        upload_sink(stall_then_drop) as (url, received),
        RootSignals(api_key="k", base_url=url, max_retries=0) as client,
    ):
        try:
            with pytest.raises(APIConnectionError, match=r"took longer than 1 s|timed out"):
                if asynchronous:
                    asyncio.run(acreate(client, received))
                else:
                    client.datasets.create(name="big", path=csv, _request_timeout=1)
        finally:
            gave_up.set()
    (upload,) = received
    assert not upload.complete
