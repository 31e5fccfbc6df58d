"""Property-based tests: the emulator answers any bytes, headers and bodies over a real socket.

Whatever arrives, every answer is a JSON error or success of status below 500, nothing hangs (each socket
operation has a timeout), and no API key, secret field or header value comes back. The examples are
derandomized and few, so the suite is deterministic and takes seconds.
"""

from __future__ import annotations

import base64
import json
import logging
import math
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from root.emulator import Emulator

from .hostile import check_answer, exchange, parse_responses, request_bytes, strict_json

KEY = "hostile-key-7f3a9c"
SECRET = "sk-secret-model-key-42"  # sent as a default_key, a write-only field
BODY_TIMEOUT = 0.3
AUTH = ("Authorization", f"Api-Key {KEY}")
PATHS = (
    "/v1/models/",
    "/v1/models/00000000-0000-0000-0000-000000000000/",
    "/v1/objectives/",
    "/v1/objectives/versions/00000000-0000-0000-0000-000000000000/",
    "/v1/datasets/",
    "/v1/execution-logs/",
    "/v1/nowhere/",
    "/_emulator/faults",
    "/_emulator/config",
    "/_emulator/requests",
    "/_emulator/state",
    "/_emulator/execution-logs",
)
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "BREW")
FIELDS = ("name", "default_key", "intent", "url", "max_output_token_count", "validators", "tags", "score")

FAST = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Any code point, lone surrogates included.
any_text = st.text(st.characters(codec=None, categories=None), max_size=20)


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator(api_keys=[KEY], body_timeout=BODY_TIMEOUT, check_responses=True) as emulator:
        yield emulator


@pytest.fixture(autouse=True)
def conforming(emu: Emulator, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fails a test whose requests the emulator answered off the contract, or logged as failures."""
    caplog.set_level(logging.WARNING)
    yield
    emu.clear_faults()
    assert emu.response_failures() == [], "responses that openapi.yaml does not allow"
    noisy = [r.getMessage() for r in caplog.records if r.name.split(".")[0] in ("aiohttp", "asyncio", "root")]
    assert not noisy, noisy


def answers(
    emu: Emulator, data: bytes, *, method: str = "", secrets: tuple[str, ...] = (), idle: float | None = None
) -> list[Any]:
    """Sends bytes; checks every answer; returns the answers."""
    responses = parse_responses(exchange(emu, data, idle=idle), head=method == "HEAD")
    for response in responses:
        check_answer(response, secrets=(KEY, SECRET, *secrets))
    return responses


def log_is_sound(emu: Emulator) -> None:
    """The request log answers valid JSON with no secret, and its entries can be read again."""
    (response,) = answers(emu, request_bytes("GET", "/_emulator/requests", [AUTH]))
    assert response.status == 200
    requests = response.json()["requests"]
    assert SECRET not in json.dumps(requests)
    assert KEY not in json.dumps(requests)


# -- strategies -------------------------------------------------------------------------------------------

json_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=False, allow_infinity=False),
    any_text,
)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS) | any_text, inner, max_size=4),
    max_leaves=12,
)


@st.composite
def json_bodies(draw: st.DrawFn) -> bytes:
    """JSON texts, mostly objects of the API's field names, some deeply nested or with numbers out of range."""
    kind = draw(st.sampled_from(["object", "value", "deep", "number", "broken"]))
    if kind == "object":
        value = draw(st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5))
        if draw(st.booleans()):
            value["default_key"] = SECRET
        return json.dumps(value).encode()
    if kind == "value":
        return json.dumps(draw(json_values)).encode()
    if kind == "deep":
        depth = draw(st.integers(min_value=1, max_value=5000))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"name":', "}")]))
        return (opener * depth + "1" + closer * depth).encode()
    if kind == "number":
        number = draw(st.sampled_from(["1e400", "-1e400", "9" * 5000, "1" + "0" * 30, "NaN", "Infinity"]))
        field = draw(st.sampled_from(FIELDS))
        return f'{{"{field}": {number}, "default_key": "{SECRET}"}}'.encode()
    # Not JSON, but holding the whole secret: cut short after it, a trailing comma, a form.
    text = json.dumps({"name": "x", "default_key": SECRET, "url": "u"})
    shape = draw(st.sampled_from(["cut", "comma", "form"]))
    if shape == "form":
        return f"name=x&default_key={SECRET}".encode()
    if shape == "comma":
        return (text[:-1] + ", }").encode()
    cut = draw(st.integers(min_value=text.index(SECRET) + len(SECRET), max_value=len(text) - 1))
    return (text[:cut] + draw(st.sampled_from(["", "\x00", "\udc80"]))).encode("utf-8", "surrogateescape")


header_values = st.binary(max_size=40).map(lambda b: b.decode("latin-1"))


@st.composite
def raw_requests(draw: st.DrawFn) -> tuple[str, bytes, tuple[str, ...]]:
    """A request with a method, target, headers and body drawn from nonsense and near-misses."""
    method = draw(st.sampled_from(METHODS) | st.text(st.characters(codec="ascii"), min_size=1, max_size=8))
    path = draw(st.sampled_from(PATHS))
    query = draw(st.one_of(st.just(""), st.text(st.characters(codec="latin-1"), max_size=30)))
    target = path + ("?" + query if query else "")
    marker = "hdrval-" + str(draw(st.integers(min_value=1000, max_value=9999)))
    headers = [("Authorization", draw(st.sampled_from([f"Api-Key {KEY}", f"Api-Key {KEY}\x01", f"Api-Key {KEY}\x7f"])))]
    extra = draw(st.lists(st.tuples(st.sampled_from(["X-Thing", "Content-Type", "Accept", "Bad Name"]), header_values)))
    headers += [(name, marker + value) for name, value in extra]
    if draw(st.booleans()):
        headers.append(("Content-Type", "application/json"))
    body = draw(st.one_of(st.none(), json_bodies(), st.binary(max_size=60)))
    secrets = (marker,) if extra else ()
    return method, request_bytes(method, target, headers, body), secrets


# -- properties -------------------------------------------------------------------------------------------


@settings(FAST, max_examples=25)
@given(data=st.binary(max_size=300), end=st.sampled_from([b"", b"\r\n\r\n"]))
def test_any_bytes_get_a_json_answer_or_none(emu: Emulator, data: bytes, end: bytes) -> None:
    # Bytes that are no complete request get no answer: reading stops when nothing more comes.
    answers(emu, data + end, idle=0.1)


@FAST
@given(request=raw_requests())
def test_any_request_gets_a_json_answer_below_500_without_echo(
    emu: Emulator, request: tuple[str, bytes, tuple[str, ...]]
) -> None:
    method, data, secrets = request
    answers(emu, data, method=method, secrets=secrets)
    log_is_sound(emu)


@FAST
@given(
    path=st.sampled_from(["/v1/models/", "/v1/models/00000000-0000-0000-0000-000000000000/", "/v1/objectives/"]),
    method=st.sampled_from(["POST", "PUT", "PATCH"]),
    body=json_bodies(),
)
def test_any_json_body_is_answered_below_500_and_logged_without_its_secret(
    emu: Emulator, path: str, method: str, body: bytes
) -> None:
    headers = [("Authorization", f"Api-Key {KEY}"), ("Content-Type", "application/json")]
    answers(emu, request_bytes(method, path, headers, body))
    log_is_sound(emu)


seq_texts = st.one_of(
    st.integers(min_value=0, max_value=2**80).map(str),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.sampled_from(["-1", "", "1e3", "\u0663"]),
)


@st.composite
def cursors(draw: st.DrawFn, ordering: str) -> str:
    """Cursors of nonsense, and crafted ones this listing could have issued but for their numbers."""
    if draw(st.booleans()):
        return draw(any_text)
    direction = draw(st.sampled_from(["f", "r", "x"]))
    raw = f"{direction}|{ordering or '-created_at'}|{draw(seq_texts)}|{draw(any_text)}"
    return base64.urlsafe_b64encode(raw.encode("utf-8", "surrogatepass")).decode().rstrip("=")


@FAST
@given(ordering=st.sampled_from(["", "name", "-created_at"]), data=st.data())
def test_any_cursor_is_a_page_or_invalid_cursor(emu: Emulator, ordering: str, data: st.DataObject) -> None:
    cursor = data.draw(cursors(ordering))
    target = f"/v1/models/?cursor={quote(cursor, safe='', errors='surrogateescape')}&ordering={ordering}"
    (response,) = answers(emu, request_bytes("GET", target, [("Authorization", f"Api-Key {KEY}")]))
    assert response.status in (200, 404), response.body


number_tokens = st.sampled_from(["1e400", "-1e400", "1e308", "0", "-1", "2.5", "true", "null", '"x"', "1" + "0" * 40])
admin_values = st.one_of(number_tokens, st.sampled_from(['"POST"', '"/v1/"', '"after"', '"1"', "[]", "{}"]))


@FAST
@given(
    endpoint=st.sampled_from(["faults", "config"]),
    keys=st.dictionaries(
        st.sampled_from(
            [
                "delay",
                "status",
                "first",
                "fraction",
                "retry_after",
                "drop",
                "max_page_size",
                "body_timeout",
                "request_log_bytes",
                "next_style",
            ]
        ),
        admin_values,
        max_size=3,
    ),
    delay=st.sampled_from(["0.01", "1e400", "-1", "1e10", "3600.5"]),
)
def test_admin_input_is_validated_and_answers_are_json(
    emu: Emulator, endpoint: str, keys: dict[str, str], delay: str
) -> None:
    if endpoint == "faults":
        keys["delay"] = delay
        keys.pop("drop", None)  # a drop or hang fault is for the API tests, not for this property
    body = ("{" + ",".join(f'"{k}": {v}' for k, v in keys.items()) + "}").encode()
    headers = [AUTH, ("Content-Type", "application/json")]
    (response,) = answers(emu, request_bytes("POST", f"/_emulator/{endpoint}", headers, body))
    assert response.status in (200, 400), response.body
    data = response.json()
    if response.status == 200 and endpoint == "faults":
        delay = data["faults"].get("delay")
        assert delay is None or (math.isfinite(delay) and delay <= 3600)
        answers(emu, request_bytes("DELETE", "/_emulator/faults", [AUTH]))
    if response.status == 200 and endpoint == "config":
        listing = answers(
            emu, request_bytes("GET", "/v1/models/?page_size=1" + "0" * 30, [("Authorization", f"Api-Key {KEY}")])
        )
        assert listing[0].status == 200
        emu.configure(max_page_size=1000, next_style="url", body_timeout=BODY_TIMEOUT)


@settings(FAST, max_examples=4)
@given(promised=st.integers(min_value=1, max_value=10_000), sent=st.integers(min_value=0, max_value=50))
def test_an_incomplete_body_times_out_with_408_and_a_closed_connection(emu: Emulator, promised: int, sent: int) -> None:
    body = b'{"name": "' + b"x" * max(0, min(sent, promised - 1))
    body = body[: promised - 1]
    headers = [
        ("Authorization", f"Api-Key {KEY}"),
        ("Content-Type", "application/json"),
        ("Content-Length", str(promised)),
    ]
    data = request_bytes("POST", "/v1/models/", headers, body)
    # The connection is left open: the emulator must answer and close it by itself.
    (response,) = parse_responses(exchange(emu, data, timeout=BODY_TIMEOUT + 5))
    check_answer(response, secrets=(KEY,))
    assert response.status == 408
    assert strict_json(response.body) == {"detail": "The request body did not arrive in time."}
