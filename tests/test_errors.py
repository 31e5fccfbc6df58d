"""Error mapping over real HTTP: each status and connection failure -> one class, sync and async alike."""

from __future__ import annotations

import pathlib
import pickle
import socket
import uuid

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RequestTooLargeError,
    RootSignalsError,
    UnprocessableEntityError,
    _public_class,
    status_error,
)

from .conftest import API_KEY

STATUS_CLASSES = [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, NotFoundError),
    (409, ConflictError),
    (418, APIStatusError),
    (422, UnprocessableEntityError),
    (413, RequestTooLargeError),
    (429, RateLimitError),
    (500, InternalServerError),
    (502, InternalServerError),
    (503, InternalServerError),
    (504, InternalServerError),
]


def _roundtrip(error: BaseException) -> BaseException:
    return pickle.loads(pickle.dumps(error))


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
async def test_status_maps_to_class(emulator: Emulator, status: int, cls: type[APIStatusError]) -> None:
    emulator.set_faults(status=status, first=2)
    with RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=0) as rs:
        with pytest.raises(cls) as sync_info:
            rs.models.get(str(uuid.uuid4()))
        with pytest.raises(cls) as async_info:
            await rs.models.aget(str(uuid.uuid4()))
    for info in (sync_info, async_info):
        error = info.value
        assert _public_class(type(error)) is cls
        assert error.status_code == status
        assert isinstance(error.body, dict)
        assert "detail" in error.body
        assert error.request_id
        assert error.request_id in str(error)
        assert error.headers["content-type"].startswith("application/json")
        assert isinstance(error.__cause__, type(None)) or not isinstance(error.__cause__, RootSignalsError)
        copy = _roundtrip(error)
        assert _public_class(type(copy)) is cls
        assert (copy.status_code, copy.body, copy.request_id, str(copy)) == (
            error.status_code,
            error.body,
            error.request_id,
            str(error),
        )


def _refused_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


async def test_connection_refused_sync_and_async() -> None:
    url = f"http://127.0.0.1:{_refused_port()}"
    with RootSignals(api_key=API_KEY, base_url=url, max_retries=0) as rs:
        with pytest.raises(APIConnectionError) as sync_info:
            rs.models.create(name="x")
        with pytest.raises(APIConnectionError) as async_info:
            await rs.models.acreate(name="x")
    for info in (sync_info, async_info):
        error = info.value
        assert type(error) is APIConnectionError
        assert error.request_sent is False
        assert "Could not connect" in str(error)
        assert error.__cause__ is not None
        copy = _roundtrip(error)
        assert type(copy) is APIConnectionError
        assert (str(copy), copy.request_sent) == (str(error), False)


async def test_timeout_is_a_connection_error_subclass(emulator: Emulator) -> None:
    emulator.set_faults(delay=3.0)
    with RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=0, timeout=0.5) as rs:
        with pytest.raises(APITimeoutError) as sync_info:
            rs.models.get(str(uuid.uuid4()))
        with pytest.raises(APITimeoutError) as async_info:
            await rs.models.aget(str(uuid.uuid4()))
    for info in (sync_info, async_info):
        assert isinstance(info.value, APIConnectionError)
        assert type(_roundtrip(info.value)) is APITimeoutError


def test_bad_request_lists_field_errors() -> None:
    error = BadRequestError(
        "400", status_code=400, body={"name": ["This field may not be blank."], "url": ["Too long."]}
    )
    assert error.field_errors == {"name": ["This field may not be blank."], "url": ["Too long."]}
    assert _public_class(type(_roundtrip(error))) is BadRequestError


def test_invalid_argument_is_a_value_error_and_pickles() -> None:
    error = InvalidArgumentError("name must not be empty")
    assert isinstance(error, ValueError)
    assert isinstance(error, RootSignalsError)
    assert str(_roundtrip(error)) == "name must not be empty"


def test_generated_exceptions_never_escape(emulator: Emulator) -> None:
    emulator.set_faults(status=500, first=1)
    with (
        RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=0) as rs,
        pytest.raises(RootSignalsError) as info,
    ):
        list(rs.models.list())
    assert "generated" not in type(info.value).__module__
    assert info.value.__cause__ is None or "generated" not in type(info.value.__cause__).__module__


def test_a_body_over_the_limit_is_request_too_large_naming_the_limit(
    emulator: Emulator, tmp_path: pathlib.Path
) -> None:
    # Sync only: async calls map statuses the same way (test_status_maps_to_class covers 413 for both).
    from root.emulator.app import MAX_BODY_SIZE

    big = tmp_path / "big.csv"
    big.write_bytes(b"a,b\n" * (MAX_BODY_SIZE // 4 + 1))
    with (
        RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=0) as rs,
        pytest.raises(RequestTooLargeError) as info,
    ):
        rs.datasets.create(name="big", path=big)
    assert info.value.status_code == 413
    assert info.value.limit == MAX_BODY_SIZE
    assert f"at most {MAX_BODY_SIZE:,} bytes" in str(info.value)
    assert _public_class(type(_roundtrip(info.value))) is RequestTooLargeError


def test_a_413_that_does_not_state_its_limit_says_so() -> None:
    error = status_error(413, b"<html>413 Request Entity Too Large</html>", {}, method="POST", url="http://x/v1/")
    assert isinstance(error, RequestTooLargeError)
    assert error.limit is None
    assert "larger than the service accepts (the answer does not state the limit)" in str(error)
    header = status_error(413, b"", {"X-Max-Body-Size": "1024"}, method="POST", url="http://x/v1/")
    assert isinstance(header, RequestTooLargeError)
    assert header.limit == 1024
    assert "at most 1,024 bytes" in str(header)
