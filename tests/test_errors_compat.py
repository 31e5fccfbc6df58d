"""Programs written for the official SDK 1.6 catch the generated packages' exceptions; ours must be caught.

Over real HTTP against the emulator, sync and async: for each error status, ``except`` with the
generated class of each package (the one the official 1.6.5 raised) and with ``ApiException`` catches
ours, and the attributes a 1.6 program reads on ``ApiException`` are there.
"""

from __future__ import annotations

import asyncio
import http
import pickle
import socket
import subprocess
import sys
import uuid

import pytest

import root.generated.openapi_aclient.exceptions as async_exceptions
import root.generated.openapi_client.exceptions as sync_exceptions
from root import RootSignals
from root.emulator import Emulator
from root.errors import APIConnectionError, APIStatusError, APITimeoutError, NotFoundError

from .conftest import API_KEY

# status -> the generated class the official SDK 1.6.5 raises for it (its generated exceptions.py), or
# the one our generated package has for it (409, 422: the official's older generator made ApiException).
GENERATED_CLASS = [
    (400, "BadRequestException"),
    (401, "UnauthorizedException"),
    (403, "ForbiddenException"),
    (404, "NotFoundException"),
    (409, "ConflictException"),
    (418, "ApiException"),
    (422, "UnprocessableEntityException"),
    (429, "ApiException"),
    (500, "ServiceException"),
    (503, "ServiceException"),
]


@pytest.mark.parametrize(("status", "name"), GENERATED_CLASS)
@pytest.mark.parametrize("exceptions", [sync_exceptions, async_exceptions], ids=["openapi_client", "openapi_aclient"])
async def test_a_1_6_program_catches_ours(emulator: Emulator, exceptions: object, status: int, name: str) -> None:
    generated, api_exception = getattr(exceptions, name), getattr(exceptions, "ApiException")  # noqa: B009
    emulator.set_faults(status=status, first=4)
    caught: list[BaseException] = []
    with RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=0) as rs:
        try:
            rs.objectives.get(str(uuid.uuid4()))
        except generated as error:
            caught.append(error)
        try:
            await rs.objectives.aget(str(uuid.uuid4()))
        except generated as error:
            caught.append(error)
        try:
            rs.models.get(str(uuid.uuid4()))
        except api_exception as error:
            caught.append(error)
        try:
            await rs.models.aget(str(uuid.uuid4()))
        except api_exception as error:
            caught.append(error)
    assert len(caught) == 4
    for error in caught:
        assert isinstance(error, APIStatusError)
        # What a 1.6 program reads on ApiException.
        assert error.status == status
        # The phrase the server sent: the emulator runs on this interpreter, whose table changes
        # between versions (422 is "Unprocessable Content" from Python 3.13).
        assert error.reason == http.HTTPStatus(status).phrase
        assert error.headers["content-type"].startswith("application/json")
        assert isinstance(error.body, dict)
        assert "detail" in error.body
        assert error.data is None
        # Our message, not the generated multi-line dump.
        assert str(error).startswith(f"{status} from GET ")
        copy = pickle.loads(pickle.dumps(error))
        assert isinstance(copy, generated)
        assert (copy.status, copy.reason, str(copy)) == (error.status, error.reason, str(error))


def test_a_not_found_is_not_another_generated_class() -> None:
    error = NotFoundError("404", status_code=404)
    assert isinstance(error, sync_exceptions.NotFoundException)
    assert isinstance(error, async_exceptions.NotFoundException)
    assert not isinstance(error, sync_exceptions.BadRequestException)
    assert not isinstance(error, sync_exceptions.ServiceException)


def test_a_subclass_of_ours_is_caught_as_its_ancestor_is() -> None:
    class WrongName(NotFoundError):
        pass

    error = WrongName("no evaluator named x", status_code=404)
    assert isinstance(error, WrongName)
    assert isinstance(error, sync_exceptions.NotFoundException)
    assert isinstance(error, async_exceptions.NotFoundException)
    assert type(error).__name__ == "WrongName"


def _refused_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


async def test_connection_refused_is_an_os_error_as_aiohttp_raised() -> None:
    url = f"http://127.0.0.1:{_refused_port()}"
    with RootSignals(api_key=API_KEY, base_url=url, max_retries=0) as rs:
        with pytest.raises(OSError, match="Could not connect") as sync_info:
            rs.objectives.get(str(uuid.uuid4()))
        with pytest.raises(OSError, match="Could not connect") as async_info:
            await rs.objectives.aget(str(uuid.uuid4()))
    for info in (sync_info, async_info):
        assert isinstance(info.value, APIConnectionError)
        assert isinstance(info.value, ConnectionError)
        assert not isinstance(info.value, sync_exceptions.ApiException)
        assert "Could not connect" in str(info.value)


async def test_a_timeout_is_caught_as_asyncio_timeout_error(emulator: Emulator) -> None:
    emulator.set_faults(delay=3.0)
    with RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=0, timeout=0.5) as rs:
        with pytest.raises(TimeoutError) as sync_info:
            rs.objectives.get(str(uuid.uuid4()))
        # asyncio.TimeoutError is the builtin TimeoutError from Python 3.11 on (docs/compatibility.md).
        expected = asyncio.TimeoutError if sys.version_info >= (3, 11) else TimeoutError
        with pytest.raises(expected) as async_info:
            await rs.objectives.aget(str(uuid.uuid4()))
    for info in (sync_info, async_info):
        assert isinstance(info.value, APITimeoutError)
        copy = pickle.loads(pickle.dumps(info.value))
        assert isinstance(copy, TimeoutError)
        assert str(copy) == str(info.value)


def test_the_generated_exceptions_load_with_the_first_error_only() -> None:
    code = (
        "import sys; from root import RootSignals; from root.errors import NotFoundError; "
        "RootSignals(api_key='k').models; "
        "before = [m for m in sys.modules if m.startswith('root.generated')]; "
        "NotFoundError('404', status_code=404); "
        "after = sorted(m for m in sys.modules if m.startswith('root.generated') or m in ('pydantic', 'aiohttp')); "
        "print(before, after)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "[]",
        "['root.generated',",
        "'root.generated.openapi_aclient',",
        "'root.generated.openapi_aclient.exceptions',",
        "'root.generated.openapi_client',",
        "'root.generated.openapi_client.exceptions']",
    ]
