"""Property-based: whatever the client options and whatever the arguments of ``client.models``' methods,
only ``root.errors`` exceptions escape, and no API key or model key appears in what they say.

Every example builds a client from drawn options and makes one drawn call over real HTTP to an emulator
(or to a closed port, when the drawn ``base_url`` or ``proxy`` says so), synchronously or asynchronously.
The runs are derandomized and bounded, so that they take a few seconds and fail the same way every time.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from root import RootSignals, Timeout
from root.emulator import Emulator
from root.errors import RootSignalsError

API_SECRET = "Zq9s3cr3t"
MODEL_SECRET = "Mk7d3fau1t"
"""Part of every drawn API key and model key: a message that shows any stretch of one shows these."""
VALID_KEY = f"live-{API_SECRET}-key"
CLOSED_PORT_URL = "http://127.0.0.1:1"

OPTION_SETTINGS = settings(
    # Every option must be valid for a drawn call to get through; 200 examples find a bad CA file.
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
ARGUMENT_SETTINGS = settings(OPTION_SETTINGS, max_examples=100)


class Place:
    """A value only known when the test runs (the emulator's URL, a file's path), drawn by name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


EMULATOR_URL, EXISTING_MODEL, DELETABLE_MODEL, CA_FILE, NOT_A_CA_FILE, MISSING_FILE = (
    Place(n) for n in ("emulator url", "existing model", "deletable model", "ca file", "not a ca file", "missing file")
)

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.binary(max_size=4),
    st.lists(st.text(max_size=4), max_size=2),
)


# Characters that HTTP headers, encodings and parsers treat specially, beside any text at all.
tricky_text = st.one_of(
    st.text(alphabet=st.sampled_from("aZ9-_ \t\r\n\x00\x01\x1f\x7f\x85é€\ud800\U0001f600"), max_size=4),
    st.text(max_size=4),
)


def _keys(secret: str) -> st.SearchStrategy[str]:
    return st.builds(lambda a, b: f"{a}{secret}{b}", tricky_text, tricky_text)


def _mostly(valid: st.SearchStrategy[Any], *others: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``valid`` three times in four, else one of ``others``, each as likely: every option must be valid
    for a call to reach the service. (Not ``one_of``: it flattens nested ``one_of``s into equal branches.)"""
    return st.sampled_from([valid, valid, valid, st.sampled_from(others).flatmap(lambda s: s)]).flatmap(lambda s: s)


api_keys = _mostly(st.just(VALID_KEY), _keys(API_SECRET), _keys(API_SECRET), anything)
base_urls = st.one_of(st.just(CLOSED_PORT_URL), anything)
# Numbers at and beyond what the transports can represent (see root._config.MAX_TIMEOUT), and any others.
edge_numbers = st.sampled_from([math.inf, -math.inf, math.nan, 1e10, 1e300, 10**30, 0, -1, 1e-9, 86_400, 86_401])
timeouts = st.one_of(
    st.just(60.0),
    edge_numbers,
    st.floats(),
    st.integers(),
    st.builds(Timeout, st.floats(1, 100), st.floats(0.5, 10)),
    anything,
)


option_values = {
    "timeout": _mostly(st.just(60.0), timeouts),
    # Bounded: every retry of a refused connection is another attempt (the sleeps are skipped).
    "max_retries": _mostly(
        st.integers(0, 2), st.integers(-2, -1), anything.filter(lambda v: not isinstance(v, int) or v > 3)
    ),
    "max_connections": _mostly(st.integers(1, 20), st.integers(-2, 0), anything),
    "proxy": _mostly(st.none(), st.just(CLOSED_PORT_URL), anything),
    "ssl_ca_cert": _mostly(st.none(), st.just(CA_FILE), st.just(NOT_A_CA_FILE), st.just(MISSING_FILE), anything),
}
client_options = st.fixed_dictionaries(
    {"api_key": api_keys, "base_url": _mostly(st.just(EMULATOR_URL), base_urls)}, optional=option_values
)

model_ids = _mostly(st.sampled_from([EXISTING_MODEL, EXISTING_MODEL, DELETABLE_MODEL]), st.uuids().map(str), anything)
request_timeouts = _mostly(st.none(), edge_numbers, st.floats(), st.integers(), anything)
names = st.text(min_size=1, max_size=100).filter(str.strip)
model_fields = {
    "name": _mostly(names, tricky_text, anything),
    "model": _mostly(names, tricky_text, anything),
    "default_key": _mostly(_keys(MODEL_SECRET), anything),
    "max_output_token_count": _mostly(st.integers(800, 5000), st.integers(), anything),
    "max_token_count": _mostly(st.integers(0, 2**31 - 1), st.integers(), anything),
    "url": _mostly(st.just("https://example.com/v1"), tricky_text, anything),
}
optional_fields = {k: v for k, v in model_fields.items() if k != "name"}
calls = st.one_of(
    st.tuples(
        st.just("create"),
        st.fixed_dictionaries(
            {"name": model_fields["name"]}, optional={**optional_fields, "_request_timeout": request_timeouts}
        ),
    ),
    st.tuples(
        st.just("get"), st.fixed_dictionaries({"model_id": model_ids}, optional={"_request_timeout": request_timeouts})
    ),
    st.tuples(
        st.just("update"),
        st.fixed_dictionaries({"model_id": model_ids}, optional={**model_fields, "_request_timeout": request_timeouts}),
    ),
    st.tuples(
        st.just("delete"),
        st.fixed_dictionaries({"model_id": model_ids}, optional={"_request_timeout": request_timeouts}),
    ),
    st.tuples(
        st.just("list"),
        st.fixed_dictionaries(
            {},
            optional={
                "capable_of": _mostly(st.lists(st.text(max_size=8), max_size=3), anything),
                "limit": _mostly(st.integers(0, 2000), st.integers(-3, -1), anything),
            },
        ),
    ),
)
valid_client = st.just({"api_key": VALID_KEY, "base_url": EMULATOR_URL, "max_retries": 0})
simple_calls = st.sampled_from(
    [("get", {"model_id": EXISTING_MODEL}), ("create", {"name": "m"}), ("list", {"limit": 5})]
)


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Place, object]]:
    import trustme

    folder = tmp_path_factory.mktemp("properties")
    ca_file = folder / "ca.pem"
    trustme.CA().cert_pem.write_to_path(str(ca_file))
    not_a_ca = folder / "not-a-ca.pem"
    not_a_ca.write_text("not a certificate\n")
    with Emulator(api_keys=[VALID_KEY]) as emulator, RootSignals(api_key=VALID_KEY, base_url=emulator.url) as rs:
        yield {
            EMULATOR_URL: emulator.url,
            # A built-in model: calls can read it, and neither change nor delete it.
            EXISTING_MODEL: next(m.id for m in rs.models.list(limit=1)),
            DELETABLE_MODEL: rs.models.create(name="deletable", default_key=f"old-{MODEL_SECRET}"),
            CA_FILE: str(ca_file),
            NOT_A_CA_FILE: str(not_a_ca),
            MISSING_FILE: str(folder / "missing.pem"),
        }


@pytest.fixture
def quiet_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No key or proxy from the environment or a ./.env, no public service; retries do not sleep."""
    for name in ("ROOTSIGNALS_API_KEY", "ROOTSIGNALS_LOG"):
        monkeypatch.delenv(name, raising=False)
    # base_url=None must not reach the public service.
    monkeypatch.setenv("ROOTSIGNALS_API_URL", CLOSED_PORT_URL)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)

    async def no_asleep(seconds: float) -> None:
        return None

    monkeypatch.setattr("root._retry.sleep", lambda seconds: None)
    monkeypatch.setattr("root._retry.asleep", no_asleep)


def _placed(values: dict[str, Any], places: dict[Place, object]) -> dict[str, Any]:
    return {k: places[v] if isinstance(v, Place) else v for k, v in values.items()}


def _shown(exc: BaseException) -> str:
    """Everything a traceback or a log of ``exc`` would show: messages, bodies, causes and contexts."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts += [str(current), repr(current), repr(current.args), str(getattr(current, "body", ""))]
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n".join(parts)


def _check_outcome(exc: BaseException | None) -> None:
    event(f"outcome: {type(exc).__name__} {str(exc)[:40]}")
    if exc is None:
        return
    shown = _shown(exc)
    assert isinstance(exc, RootSignalsError), f"{type(exc).__name__} escaped: {shown[:500]}"
    assert API_SECRET not in shown, f"the API key is shown by {type(exc).__name__}: {shown[:500]}"
    assert MODEL_SECRET not in shown, f"a model key is shown by {type(exc).__name__}: {shown[:500]}"


def _sync_call(client: RootSignals, method: str, arguments: dict[str, Any]) -> None:
    if method == "list":
        list(itertools.islice(client.models.list(**arguments), 50))
    else:
        getattr(client.models, method)(**arguments)


async def _async_call(client: RootSignals, method: str, arguments: dict[str, Any]) -> None:
    if method == "list":
        count = 0
        async for _ in client.models.alist(**arguments):
            count += 1
            if count == 50:
                break
    else:
        await getattr(client.models, "a" + method)(**arguments)


def _run_sync(places: dict[Place, object], options: dict[str, Any], method: str, arguments: dict[str, Any]) -> None:
    outcome: BaseException | None = None
    try:
        with RootSignals(**_placed(options, places)) as client:
            _sync_call(client, method, _placed(arguments, places))
    except Exception as exc:
        outcome = exc
    _check_outcome(outcome)


def _run_async(places: dict[Place, object], options: dict[str, Any], method: str, arguments: dict[str, Any]) -> None:
    async def scenario() -> BaseException | None:
        try:
            async with RootSignals(**_placed(options, places)) as client:
                await _async_call(client, method, _placed(arguments, places))
        except Exception as exc:
            return exc
        return None

    _check_outcome(asyncio.run(scenario()))


# Options and arguments are drawn in separate properties too: one drawn at a time, the other valid, so
# that a bad option is not hidden behind a bad argument checked before it (and the other way round).


@OPTION_SETTINGS
@given(options=client_options, call=st.one_of(simple_calls, calls))
def test_sync_client_options_let_only_root_errors_escape_and_show_no_key(
    places: dict[Place, object], quiet_environment: None, options: dict[str, Any], call: tuple[str, dict[str, Any]]
) -> None:
    _run_sync(places, options, *call)


@OPTION_SETTINGS
@given(options=client_options, call=st.one_of(simple_calls, calls))
def test_async_client_options_let_only_root_errors_escape_and_show_no_key(
    places: dict[Place, object], quiet_environment: None, options: dict[str, Any], call: tuple[str, dict[str, Any]]
) -> None:
    _run_async(places, options, *call)


@ARGUMENT_SETTINGS
@given(options=valid_client, call=calls)
def test_sync_method_arguments_let_only_root_errors_escape_and_show_no_key(
    places: dict[Place, object], quiet_environment: None, options: dict[str, Any], call: tuple[str, dict[str, Any]]
) -> None:
    _run_sync(places, options, *call)


@ARGUMENT_SETTINGS
@given(options=valid_client, call=calls)
def test_async_method_arguments_let_only_root_errors_escape_and_show_no_key(
    places: dict[Place, object], quiet_environment: None, options: dict[str, Any], call: tuple[str, dict[str, Any]]
) -> None:
    _run_async(places, options, *call)


def test_properties_reach_the_service(places: dict[Place, object]) -> None:
    # The drawn calls above would prove little if the valid key, URL and model they draw did not work.
    with RootSignals(api_key=VALID_KEY, base_url=str(places[EMULATOR_URL])) as client:
        model = client.models.get(str(places[EXISTING_MODEL]))
        assert model.id == places[EXISTING_MODEL]
    assert os.path.isfile(str(places[CA_FILE]))
