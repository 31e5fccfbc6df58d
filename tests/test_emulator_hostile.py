"""Regression tests, one per failure the adversarial trial found in the emulator over raw HTTP (issue 17).

Each sends the trial's request over a real socket, with timeouts on every socket operation, and checks
the answer: a JSON error of the right 4xx status, never a 500, never a hang, never an echo of a key.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest

from root.emulator import Emulator
from root.emulator.app import BODY_TIMEOUT_DETAIL
from root.emulator.replies import MAX_JSON_DEPTH

from .hostile import RawResponse, address, check_answer, exchange, parse_responses, request_bytes, strict_json

KEY = "hostile-regression-key-5d1e"
SECRET = "sk-model-provider-secret-9b2"
BODY_TIMEOUT = 0.5
AUTH = ("Authorization", f"Api-Key {KEY}")
JSON_TYPE = ("Content-Type", "application/json")


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(api_keys=[KEY], body_timeout=BODY_TIMEOUT, check_responses=True) as emu:
        yield emu


@pytest.fixture
def emu(shared: Emulator, caplog: pytest.LogCaptureFixture) -> Iterator[Emulator]:
    shared.reset()
    shared.clear_response_failures()
    caplog.set_level(logging.WARNING)
    yield shared
    assert shared.response_failures() == []
    noisy = [r.getMessage() for r in caplog.records if r.name.split(".")[0] in ("aiohttp", "asyncio", "root")]
    assert not noisy, noisy


def send(
    emu: Emulator, method: str, target: str, headers: list[tuple[str, str]], body: bytes | None = None
) -> RawResponse:
    (response,) = parse_responses(exchange(emu, request_bytes(method, target, headers, body)))
    check_answer(response, secrets=(KEY, SECRET))
    return response


def request_log(emu: Emulator) -> list[dict[str, Any]]:
    """The log as the admin API answers it: strict JSON, no secret anywhere."""
    response = send(emu, "GET", "/_emulator/requests", [AUTH])
    assert response.status == 200
    log: list[dict[str, Any]] = response.json()["requests"]
    return log


def cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# -- bodies -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 980, 100_000])
def test_deeply_nested_json_is_400_and_the_log_still_answers(emu: Emulator, depth: int) -> None:
    body = ("[" * depth + "]" * depth).encode()
    response = send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], body)
    assert response.status == 400
    assert response.json() == {"non_field_errors": [f"JSON parse error - Nesting deeper than {MAX_JSON_DEPTH} levels."]}
    (entry,) = request_log(emu)
    assert entry["status"] == 400
    assert entry["body"].startswith("[[[")  # kept as text, never parsed to any depth


def test_nesting_up_to_the_limit_is_parsed(emu: Emulator) -> None:
    depth = MAX_JSON_DEPTH - 1
    body = '{"name": "deep", "extra": ' + "[" * depth + "]" * depth + "}"
    assert send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], body.encode()).status == 201


@pytest.mark.parametrize("text", ["a\\ud800b", "\\udfff", "ok\\udc80"])
def test_a_lone_surrogate_is_400(emu: Emulator, text: str) -> None:
    body = f'{{"name": "{text}"}}'.encode()
    response = send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], body)
    assert response.status == 400
    assert response.json() == {
        "non_field_errors": ["JSON parse error - Strings must be Unicode text; a lone surrogate is not."]
    }
    assert emu.count_models() == 0
    assert request_log(emu)[0]["status"] == 400


@pytest.mark.parametrize("number", ["1e400", "-1e400"])
def test_a_number_out_of_float_range_is_400(emu: Emulator, number: str) -> None:
    body = f'{{"name": "x", "max_output_token_count": {number}}}'.encode()
    response = send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], body)
    assert response.status == 400
    assert "Out of range float values are not JSON compliant" in response.json()["non_field_errors"][0]


# -- cursors ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seq",
    [str(2**63), str(2**64 + 1), "9" * 5000, "9" * 20],
    ids=["2**63", "over-64-bits", "5000-digits", "20-digits"],
)
@pytest.mark.parametrize("direction", ["f", "r"])
def test_a_crafted_cursor_with_a_huge_sequence_number_is_invalid(emu: Emulator, seq: str, direction: str) -> None:
    token = cursor(f"{direction}|-created_at|{seq}|2026-01-01T00:00:00.000000+00:00")
    response = send(emu, "GET", f"/v1/models/?cursor={token}", [AUTH])
    assert response.status == 404
    assert response.json() == {"detail": "Invalid cursor"}


def test_the_largest_sequence_number_is_a_valid_cursor(emu: Emulator) -> None:
    token = cursor(f"f|-created_at|{2**63 - 1}|9999-12-31T00:00:00.000000+00:00")
    assert send(emu, "GET", f"/v1/models/?cursor={token}", [AUTH]).status == 200


# -- incomplete and abandoned bodies ----------------------------------------------------------------------


def test_a_body_shorter_than_its_content_length_times_out_and_the_connection_closes(emu: Emulator) -> None:
    headers = [AUTH, JSON_TYPE, ("Content-Length", "1000")]
    data = request_bytes("POST", "/v1/models/", headers, b'{"name": "never finished')
    started = time.monotonic()
    # The connection stays open on this side: only the emulator can end the exchange.
    received = exchange(emu, data, timeout=BODY_TIMEOUT + 5)
    elapsed = time.monotonic() - started
    (response,) = parse_responses(received)
    check_answer(response, secrets=(KEY,))
    assert response.status == 408
    assert response.json() == {"detail": BODY_TIMEOUT_DETAIL}
    assert response.headers["connection"] == "close"
    assert BODY_TIMEOUT * 0.9 <= elapsed < BODY_TIMEOUT + 3
    assert emu.count_models() == 0
    assert request_log(emu)[0]["status"] == 408


def test_an_admin_body_that_never_arrives_times_out_too(emu: Emulator) -> None:
    data = request_bytes("POST", "/_emulator/faults", [AUTH, JSON_TYPE, ("Content-Length", "50")], b'{"status"')
    (response,) = parse_responses(exchange(emu, data, timeout=BODY_TIMEOUT + 5))
    assert response.status == 408
    assert emu.faults()["faults"] is None


def test_body_timeout_is_a_setting(emu: Emulator) -> None:
    emu.configure(body_timeout=0.1)
    data = request_bytes("PATCH", "/v1/models/x/", [AUTH, JSON_TYPE, ("Content-Length", "10")], b"{")
    started = time.monotonic()
    (response,) = parse_responses(exchange(emu, data, timeout=5))
    assert response.status == 408
    assert time.monotonic() - started < BODY_TIMEOUT
    for bad in (0, -1, float("inf"), float("nan"), 1e9, "5", True):
        with pytest.raises(ValueError, match="body_timeout"):
            emu.configure(body_timeout=bad)


def test_a_client_that_disconnects_mid_body_is_one_log_line(emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="root.emulator")
    caplog.set_level(logging.DEBUG, logger="aiohttp")
    data = request_bytes("POST", "/v1/models/", [AUTH, JSON_TYPE, ("Content-Length", "5000")], b'{"name": "gone')
    with socket.create_connection(address(emu), timeout=5) as sock:
        sock.sendall(data)
        time.sleep(0.05)
    deadline = time.monotonic() + 5
    while not [r for r in caplog.records if r.name == "root.emulator"] and time.monotonic() < deadline:
        time.sleep(0.02)
    records = [r for r in caplog.records if r.name.split(".")[0] in ("root", "aiohttp") and r.levelno >= logging.INFO]
    assert [r.getMessage() for r in records] == ["client went away while sending the body of POST /v1/models/"]
    assert records[0].exc_info is None
    (entry,) = emu.requests()
    assert entry["status"] is None
    caplog.clear()


# -- admin input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delay", ["1e400", "-1e400", "1e10", "3601", "-0.5", '"5"', "true"])
def test_the_faults_admin_refuses_a_delay_that_is_not_finite_and_bounded(emu: Emulator, delay: str) -> None:
    response = send(emu, "POST", "/_emulator/faults", [AUTH, JSON_TYPE], f'{{"delay": {delay}}}'.encode())
    assert response.status == 400
    assert "delay must be" in response.json().get("detail", "") or "Out of range" in response.body.decode()
    assert emu.faults()["faults"] is None
    # The next request is answered at once.
    assert send(emu, "GET", "/v1/models/", [AUTH]).status == 200


def test_fault_config_refuses_infinite_delays_and_header_breaking_retry_after() -> None:
    from root.emulator import FaultConfig

    for delay in (float("inf"), float("nan"), 3600.5):
        with pytest.raises(ValueError, match="delay"):
            FaultConfig(delay=delay)
    for retry_after in (float("inf"), 1e12, "1\r\nX-Evil: 1", "1\x00", "ünïcode"):
        with pytest.raises(ValueError, match="retry_after"):
            FaultConfig(status=503, retry_after=retry_after)
    assert FaultConfig(delay=3600).delay == 3600


@pytest.mark.parametrize("value", ["1e400", "10000000000000000000000000000000", "0"])
def test_the_config_admin_refuses_an_unbounded_max_page_size(emu: Emulator, value: str) -> None:
    response = send(emu, "POST", "/_emulator/config", [AUTH, JSON_TYPE], f'{{"max_page_size": {value}}}'.encode())
    assert response.status == 400
    assert send(emu, "GET", "/v1/models/?page_size=" + "9" * 30, [AUTH]).status == 200


# -- echoes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("junk", ["\x01", "\x00", "\x7f", "\x1b[31m"])
def test_a_control_character_in_authorization_is_a_json_400_without_the_key(emu: Emulator, junk: str) -> None:
    response = send(emu, "GET", "/v1/models/", [("Authorization", f"Api-Key {KEY}{junk}")])
    assert response.status in (400, 401)
    assert KEY not in response.body.decode("utf-8", "replace")
    assert "Api-Key" not in response.body.decode("utf-8", "replace")


def test_a_malformed_header_line_is_not_echoed(emu: Emulator) -> None:
    (response,) = parse_responses(
        exchange(emu, f"GET /v1/models/ HTTP/1.1\r\nX-Secret {KEY}\r\nConnection: close\r\n\r\n".encode())
    )
    check_answer(response, secrets=(KEY, "X-Secret"))
    assert response.status == 400
    assert response.json() == {"non_field_errors": ["Bad Request."]}  # the spec's 400: field errors


def test_an_unsupported_content_type_is_415_without_echo(emu: Emulator) -> None:
    headers = [AUTH, ("Content-Type", f"text/{KEY}")]
    response = send(emu, "POST", "/v1/models/", headers, b"name=x")
    assert response.status == 415
    assert response.json() == {"detail": "Unsupported media type in request."}


# -- the request log --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        f'{{"name": "x", "default_key": "{SECRET}"',  # cut short
        f'{{"name": "x", "default_key": "{SECRET}", }}',  # a trailing comma
        f"name=x&default_key={SECRET}",  # a form
        f'{{"name": "x", "DEFAULT_KEY": "{SECRET}"',
    ],
)
def test_a_malformed_body_is_logged_without_its_secret(emu: Emulator, body: str) -> None:
    response = send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], body.encode())
    assert response.status == 400
    (entry,) = request_log(emu)
    assert SECRET not in json.dumps(entry)
    assert entry["body"].endswith("<redacted>")
    assert entry["body"].startswith(body[:5])


def test_secrets_are_redacted_at_any_depth_in_a_parsed_body(emu: Emulator) -> None:
    body = {"name": "x", "default_key": SECRET, "extra": [{"default_key": SECRET}, {"deeper": {"default_key": 1}}]}
    assert send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], json.dumps(body).encode()).status == 201
    (entry,) = request_log(emu)
    assert entry["body"] == {
        "name": "x",
        "default_key": "<redacted>",
        "extra": [{"default_key": "<redacted>"}, {"deeper": {"default_key": "<redacted>"}}],
    }


def test_undecodable_header_bytes_do_not_break_the_log(emu: Emulator) -> None:
    data = b"GET /v1/models/ HTTP/1.1\r\nHost: e\r\nConnection: close\r\nX-Bytes: \xff\xfe\r\n"
    data += f"Authorization: Api-Key {KEY}\r\n\r\n".encode()
    (response,) = parse_responses(exchange(emu, data))
    assert response.status == 200
    (entry,) = request_log(emu)
    assert entry["headers"]["X-Bytes"] == "\ufffd\ufffd"
    assert entry["headers"]["Authorization"] == "Api-Key <redacted>"


def test_the_request_log_is_bounded_in_bytes(emu: Emulator) -> None:
    bound = 300_000
    emu.configure(request_log_bytes=bound)
    for i in range(8):
        body = json.dumps({"name": f"big-{i}", "url": "u" * 100_000}).encode()
        send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], body)
    response = send(emu, "GET", "/_emulator/requests", [AUTH])
    log = response.json()["requests"]
    assert len(response.body) < bound + 10_000
    assert [e["body"]["name"] for e in log] == ["big-6", "big-7"]  # the newest that fit
    assert not any(e["body_truncated"] for e in log)


def test_a_body_larger_than_the_whole_log_is_truncated(emu: Emulator) -> None:
    emu.configure(request_log_bytes=1000)
    body = json.dumps({"name": "huge", "default_key": SECRET, "url": "u" * 5000}).encode()
    send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], body)
    (entry,) = emu.requests()
    assert entry["body_truncated"] is True
    assert isinstance(entry["body"], str)
    assert entry["body"].startswith('{"name":"huge","default_key":"<redacted>"')
    assert len(json.dumps(entry).encode()) < 1200  # the bound counts the entry approximately
    emu.configure(request_log_bytes=0)
    assert emu.requests() == []


def test_request_log_bytes_is_validated(emu: Emulator) -> None:
    for bad in (-1, 1.5, "1", None):
        with pytest.raises(ValueError, match="request_log_bytes"):
            emu.configure(request_log_bytes=bad)


def test_a_body_in_the_log_never_makes_the_log_fail(emu: Emulator) -> None:
    """The trial's sequence: a deep body, then the log answered 500 until cleared."""
    send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], b"[" * 980 + b"]" * 980)
    send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], b'{"name": "a\\ud800b"}')
    send(emu, "POST", "/v1/models/", [AUTH, JSON_TYPE], b'{"name": 1e400}')
    assert [e["status"] for e in request_log(emu)] == [400, 400, 400]
    strict_json(json.dumps(emu.requests()).encode())
