"""The SDK refuses, before sending, what it cannot send: a key no HTTP header can carry, a timeout the
transports cannot represent. Each refusal is an InvalidArgumentError that never shows the key."""

from __future__ import annotations

import asyncio
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from root import RootSignals, Timeout
from root._config import MAX_CONNECTIONS, MAX_TIMEOUT
from root.emulator import Emulator
from root.errors import InvalidArgumentError

from .conftest import API_KEY

SECRET = "Zq9s3cr3t"
"""Part of every bad key below: a message that shows any stretch of the key shows this."""

UNSENDABLE_KEYS = {
    "crlf": (f"ab{SECRET}\r\nX-Injected: 1", "a carriage return (CR)"),
    "lf": (f"ab{SECRET}\ncd", "a line feed (LF)"),
    "nul": (f"ab{SECRET}\x00cd", "a control character (U+0000)"),
    "control": (f"ab{SECRET}\x01cd", "a control character (U+0001)"),
    "delete": (f"ab{SECRET}\x7fcd", "a control character (U+007F)"),
    "latin-1": (f"ab{SECRET}écd", "a non-ASCII character (U+00E9)"),
    "beyond-latin-1": (f"ab{SECRET}€cd", "a non-ASCII character (U+20AC)"),
    "surrogate": (f"ab{SECRET}\ud800cd", "a non-ASCII character (U+D800)"),
    "inner-space": (f"ab{SECRET} cd", "a space"),
    "inner-tab": (f"ab{SECRET}\tcd", "a tab"),
}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("ROOTSIGNALS_API_KEY", raising=False)
    monkeypatch.delenv("ROOTSIGNALS_API_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _assert_refused_without_key(info: pytest.ExceptionInfo[InvalidArgumentError], what: str) -> None:
    message = str(info.value)
    assert what in message
    assert SECRET not in message
    assert SECRET not in repr(info.value)


@pytest.mark.parametrize(("key", "what"), UNSENDABLE_KEYS.values(), ids=UNSENDABLE_KEYS.keys())
def test_unsendable_api_key_argument_is_refused_without_showing_it(clean_env: Path, key: str, what: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        RootSignals(api_key=key, base_url="http://127.0.0.1:1")
    _assert_refused_without_key(info, what)
    assert "the api_key argument" in str(info.value)


# An environment variable holds neither NUL nor a lone surrogate (the bytes below decode to U+DCFF).
ENVIRONMENT_KEYS = {
    **{name: case for name, case in UNSENDABLE_KEYS.items() if name not in ("nul", "surrogate")},
    "undecodable-byte": (f"ab{SECRET}\udcffcd", "a non-ASCII character (U+DCFF)"),
}


@pytest.mark.parametrize(("key", "what"), ENVIRONMENT_KEYS.values(), ids=ENVIRONMENT_KEYS.keys())
def test_unsendable_api_key_from_environment_is_refused_naming_the_variable(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, key: str, what: str
) -> None:
    monkeypatch.setitem(os.environb, b"ROOTSIGNALS_API_KEY", os.fsencode(key))
    with pytest.raises(InvalidArgumentError) as info:
        RootSignals(base_url="http://127.0.0.1:1")
    _assert_refused_without_key(info, what)
    assert "ROOTSIGNALS_API_KEY environment variable" in str(info.value)


def test_unsendable_api_key_from_dotenv_is_refused_naming_the_file(clean_env: Path) -> None:
    (clean_env / ".env").write_text(f'ROOTSIGNALS_API_KEY="ab{SECRET}\x01cd"\n', encoding="utf-8")
    with pytest.raises(InvalidArgumentError) as info:
        RootSignals(base_url="http://127.0.0.1:1")
    _assert_refused_without_key(info, "a control character (U+0001)")
    assert "./.env" in str(info.value)


def test_printable_ascii_key_is_accepted_and_surrounding_whitespace_dropped(clean_env: Path) -> None:
    key = "".join(chr(c) for c in range(0x21, 0x7F))
    assert RootSignals(api_key=f" \t{key}\r\n")._options.api_key == key


def test_unsendable_key_reaches_no_server(emulator: Emulator) -> None:
    # Before the check: sync answered a plain ValueError naming the key, or the server's 400 echoing it.
    with pytest.raises(InvalidArgumentError):
        RootSignals(api_key=f"{API_KEY}\r\nX-Injected: 1", base_url=emulator.url)
    assert emulator.requests() == []


BAD_TIMEOUTS = [math.inf, -math.inf, math.nan, 1e10, 10**400, MAX_TIMEOUT * 1.001, 0, -1]


@pytest.mark.parametrize("value", BAD_TIMEOUTS, ids=repr)
def test_timeout_beyond_the_transports_is_refused(value: float) -> None:
    with pytest.raises(InvalidArgumentError, match="at most 86400"):
        Timeout(total=value)
    with pytest.raises(InvalidArgumentError, match="at most 86400"):
        Timeout(total=10, connect=value)
    with pytest.raises(InvalidArgumentError, match="at most 86400"):
        RootSignals(api_key=API_KEY, base_url="http://127.0.0.1:1", timeout=value)
    with pytest.raises(InvalidArgumentError, match="at most 86400"):
        RootSignals(api_key=API_KEY, base_url="http://127.0.0.1:1").with_options(timeout=value)


def test_longest_timeout_is_accepted() -> None:
    assert Timeout(total=MAX_TIMEOUT, connect=MAX_TIMEOUT) == Timeout(total=86_400, connect=86_400)


SYNC_CALLS: dict[str, Callable[[RootSignals, Any], Any]] = {
    "create": lambda c, t: c.models.create(name="m", _request_timeout=t),
    "get": lambda c, t: c.models.get("00000000-0000-0000-0000-000000000000", _request_timeout=t),
    "update": lambda c, t: c.models.update("00000000-0000-0000-0000-000000000000", name="n", _request_timeout=t),
    "delete": lambda c, t: c.models.delete("00000000-0000-0000-0000-000000000000", _request_timeout=t),
}


@pytest.mark.parametrize("value", [math.inf, 1e10, MAX_TIMEOUT + 1], ids=repr)
@pytest.mark.parametrize("call", SYNC_CALLS.values(), ids=SYNC_CALLS.keys())
def test_request_timeout_beyond_the_transports_is_refused_before_sending(
    client: RootSignals, emulator: Emulator, call: Callable[[RootSignals, Any], Any], value: float
) -> None:
    # Before the check, a sync create raised urllib3's OverflowError after the model had been created.
    with pytest.raises(InvalidArgumentError, match="_request_timeout must be"):
        call(client, value)
    assert emulator.requests() == []


@pytest.mark.parametrize("value", [math.inf, 1e10, MAX_TIMEOUT + 1], ids=repr)
async def test_async_request_timeout_beyond_the_transports_is_refused_before_sending(
    client: RootSignals, emulator: Emulator, value: float
) -> None:
    model_id = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(InvalidArgumentError, match="_request_timeout must be"):
        await client.models.acreate(name="m", _request_timeout=value)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="_request_timeout must be"):
        await client.models.aget(model_id, _request_timeout=value)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="_request_timeout must be"):
        await client.models.aupdate(model_id, name="n", _request_timeout=value)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="_request_timeout must be"):
        await client.models.adelete(model_id, _request_timeout=value)  # type: ignore[arg-type]
    await client.aclose()
    assert emulator.requests() == []


def test_longest_request_timeout_is_sent(client: RootSignals, emulator: Emulator) -> None:
    model_id = client.models.create(name="patient", _request_timeout=MAX_TIMEOUT)  # type: ignore[arg-type]
    assert client.models.get(model_id, _request_timeout=MAX_TIMEOUT).name == "patient"  # type: ignore[arg-type]


def test_ca_bundle_that_cannot_be_loaded_is_an_invalid_argument(emulator: Emulator, tmp_path: Path) -> None:
    # Found by tests/test_sdk_properties.py: ssl.SSLError escaped from the first call of either mode.
    not_a_bundle = tmp_path / "not-a-ca.pem"
    not_a_bundle.write_text("not a certificate\n")
    with RootSignals(api_key=API_KEY, base_url=emulator.url, ssl_ca_cert=str(not_a_bundle)) as client:
        with pytest.raises(InvalidArgumentError, match="ssl_ca_cert must be the path of a CA bundle"):
            client.models.get("00000000-0000-0000-0000-000000000000")

        async def first_async_call() -> None:
            async with client:
                await client.models.aget("00000000-0000-0000-0000-000000000000")

        with pytest.raises(InvalidArgumentError, match="ssl_ca_cert must be the path of a CA bundle"):
            asyncio.run(first_async_call())
    assert emulator.requests() == []


@pytest.mark.parametrize("value", [MAX_CONNECTIONS + 1, 10**12])
def test_connection_limit_a_pool_cannot_allocate_is_refused(value: int) -> None:
    # urllib3 fills a queue with one slot per connection: 10**12 would hang the first request.
    with pytest.raises(InvalidArgumentError, match="max_connections must be a whole number from 1 to 10000"):
        RootSignals(api_key=API_KEY, base_url="http://127.0.0.1:1", max_connections=value)


def test_largest_connection_limit_serves_calls(emulator: Emulator) -> None:
    with RootSignals(api_key=API_KEY, base_url=emulator.url, max_connections=MAX_CONNECTIONS) as client:
        assert client.models.create(name="wide")


@pytest.mark.parametrize("part", ["total", "connect"])
@pytest.mark.parametrize("value", [True, "5", None], ids=repr)
def test_timeout_refuses_non_numbers_naming_the_part(part: str, value: object) -> None:
    with pytest.raises(InvalidArgumentError, match=rf"^Timeout\.{part} must be a positive number"):
        Timeout(**{part: value})  # type: ignore[arg-type]
