"""Retries and timeouts: pure decision rules, exact schedules over real HTTP, nothing lost or doubled."""

from __future__ import annotations

import asyncio
import pickle
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from root import RootSignals
from root._retry import MAX_DELAY, MAX_RETRY_AFTER, parse_retry_after, retry_delay, should_retry
from root.emulator import Emulator
from root.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InternalServerError,
    RateLimitError,
)

from .conftest import API_KEY


def _status(code: int, retry_after: str | None = None) -> APIStatusError:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    return APIStatusError("x", status_code=code, headers=headers)


# -- the pure rules, one by one --------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    ("code", "retried"),
    [
        (408, True),
        (429, True),
        (500, True),
        (502, True),
        (503, True),
        (504, True),
        (400, False),
        (401, False),
        (404, False),
        (501, False),
    ],
)
def test_idempotent_methods_retry_these_statuses(method: str, code: int, retried: bool) -> None:
    assert should_retry(method, _status(code), attempt=0, max_retries=2) is retried


@pytest.mark.parametrize(
    ("code", "retried"), [(429, True), (503, True), (408, False), (500, False), (502, False), (504, False)]
)
def test_post_retries_only_when_the_service_did_not_act(code: int, retried: bool) -> None:
    assert should_retry("POST", _status(code), attempt=0, max_retries=2) is retried


def test_connection_errors() -> None:
    not_sent = APIConnectionError("refused", request_sent=False)
    maybe_sent = APIConnectionError("reset", request_sent=True)
    assert should_retry("POST", not_sent, attempt=0, max_retries=2)
    assert not should_retry("POST", maybe_sent, attempt=0, max_retries=2)
    assert not should_retry("POST", APITimeoutError("read timeout"), attempt=0, max_retries=2)
    assert should_retry("GET", maybe_sent, attempt=0, max_retries=2)
    assert should_retry("DELETE", APITimeoutError("read timeout"), attempt=1, max_retries=2)


def test_attempts_are_bounded() -> None:
    assert should_retry("GET", _status(503), attempt=1, max_retries=2)
    assert not should_retry("GET", _status(503), attempt=2, max_retries=2)
    assert not should_retry("GET", _status(503), attempt=0, max_retries=0)


def test_backoff_doubles_to_the_cap_with_jitter() -> None:
    no_jitter = [retry_delay(n, jitter=lambda: 0.0) for n in range(7)]
    assert no_jitter == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    full_jitter = [retry_delay(n, jitter=lambda: 1.0) for n in range(5)]
    assert full_jitter == [0.375, 0.75, 1.5, 3.0, 6.0]
    assert max(no_jitter) == MAX_DELAY


def test_retry_after_seconds_and_http_date() -> None:
    assert retry_delay(0, _status(429, "3"), jitter=lambda: 0.0) == 3.0
    assert retry_delay(0, _status(429, "0.25")) == 0.25
    now = 1_700_000_000.0
    date = format_datetime(datetime.fromtimestamp(now + 12, tz=timezone.utc), usegmt=True)
    assert retry_delay(0, _status(503, date), now=now) == pytest.approx(12.0)
    past = format_datetime(datetime.fromtimestamp(now, tz=timezone.utc) - timedelta(minutes=1), usegmt=True)
    assert parse_retry_after(past, now=now) == 0.0
    assert retry_delay(0, _status(503, "garbage"), jitter=lambda: 0.0) == 0.5
    assert retry_delay(0, _status(429, str(MAX_RETRY_AFTER + 1))) is None


# -- schedules over real HTTP ----------------------------------------------------------------------


async def test_exact_attempt_counts_and_sleeps(emulator: Emulator, no_sleep: list[float]) -> None:
    with RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=3) as rs:
        emulator.set_faults(status=503, first=2, retry_after="1.5")
        model_id = rs.models.create(name="after-two-503")
        assert no_sleep == [1.5, 1.5]
        assert emulator.count_models(name="after-two-503") == 1
        posts = [r for r in emulator.requests() if r["method"] == "POST"]
        assert [r["status"] for r in posts] == [503, 503, 201]

        no_sleep.clear()
        emulator.clear_requests()
        emulator.set_faults(status=500, first=5)
        with pytest.raises(InternalServerError):
            await rs.models.aget(model_id)
        assert len(no_sleep) == 3
        assert [r["status"] for r in emulator.requests()] == [500, 500, 500, 500]
        for delay, backoff in zip(no_sleep, (0.5, 1.0, 2.0), strict=True):
            assert 0.75 * backoff <= delay <= backoff


async def test_post_is_not_retried_on_500(emulator: Emulator, no_sleep: list[float]) -> None:
    emulator.set_faults(status=500, first=1, methods=["POST"])
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs, pytest.raises(InternalServerError):
        await rs.models.acreate(name="x")
    assert no_sleep == []
    assert len(emulator.requests()) == 1


def test_retry_after_over_the_cap_raises(emulator: Emulator, no_sleep: list[float]) -> None:
    emulator.set_faults(status=429, first=1, retry_after="3600")
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs, pytest.raises(RateLimitError) as info:
        rs.models.create(name="x")
    assert no_sleep == []
    assert info.value.headers["retry-after"] == "3600"


def test_per_call_retry_override(emulator: Emulator, no_sleep: list[float]) -> None:
    emulator.set_faults(status=503, first=1)
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs:
        with pytest.raises(InternalServerError):
            rs.with_options(max_retries=0).models.create(name="x")
        assert emulator.count_models() == 0
        emulator.set_faults(status=503, first=1)
        rs.models.create(name="x")
    assert emulator.count_models() == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_post_dropped_after_sending_is_sent_once(emulator: Emulator, no_sleep: list[float], mode: str) -> None:
    emulator.set_faults(drop="after", first=1, methods=["POST"])
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs, pytest.raises(APIConnectionError) as info:
        if mode == "sync":
            rs.models.create(name="dropped")
        else:
            await rs.models.acreate(name="dropped")
    assert info.value.request_sent is True
    assert no_sleep == []
    assert len([r for r in emulator.requests() if r["method"] == "POST"]) == 1
    assert emulator.count_models(name="dropped") == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_get_dropped_is_retried(emulator: Emulator, no_sleep: list[float], mode: str) -> None:
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs:
        model_id = rs.models.create(name="kept")
        emulator.set_faults(drop="mid", first=1, methods=["GET"])
        got = rs.models.get(model_id) if mode == "sync" else await rs.models.aget(model_id)
    assert got.name == "kept"
    assert len(no_sleep) == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_timeout_after_retries_says_how_many_attempts_and_how_long(emulator: Emulator, mode: str) -> None:
    """``took longer than 0.3 s`` alone would hide the retries: the caller waited far longer than that."""
    emulator.set_faults(hang=True)
    with RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=2, timeout=0.3) as rs:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as info:
            if mode == "sync":
                rs.models.get(str(uuid.uuid4()))
            else:
                await rs.models.aget(str(uuid.uuid4()))
        waited = time.monotonic() - started
        match = re.search(
            r"took longer than 0.3 s \(the timeout of one attempt\); gave up after 3 attempts in (\d+\.\d) s",
            str(info.value),
        )
        assert match, str(info.value)
        assert 0.9 <= float(match.group(1)) <= waited + 0.05
        assert info.value.message == str(info.value)
        assert pickle.loads(pickle.dumps(info.value)).message == info.value.message
        assert len([r for r in emulator.requests() if r["method"] == "GET"]) == 3

        with pytest.raises(APITimeoutError) as once:
            rs.with_options(max_retries=0).models.get(str(uuid.uuid4()))
        assert str(once.value).endswith("took longer than 0.3 s (the timeout of one attempt)"), (
            "a single attempt needs no count"
        )


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_hung_server_times_out_in_bound(emulator: Emulator, mode: str) -> None:
    emulator.set_faults(hang=True)
    with RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=0, timeout=1.0) as rs:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            if mode == "sync":
                rs.models.get(str(uuid.uuid4()))
            else:
                await rs.models.aget(str(uuid.uuid4()))
        assert time.monotonic() - started < 2.0
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            if mode == "sync":
                rs.models.get(str(uuid.uuid4()), _request_timeout=0.5)
            else:
                await rs.models.aget(str(uuid.uuid4()), _request_timeout=0.5)
        assert time.monotonic() - started < 1.5


def test_eight_threads_with_injected_503_lose_and_double_nothing(emulator: Emulator, no_sleep: list[float]) -> None:
    emulator.set_faults(status=503, fraction=0.1, seed=7, methods=["POST"])
    with RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=10) as rs:

        def work(n: int) -> None:
            for i in range(200):
                rs.models.create(name=f"t{n}-{i}")

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(work, range(8)))  # re-raises any error
    assert no_sleep, "some 503s were injected and retried"
    assert emulator.count_models() == 1600
    for n in range(8):
        assert emulator.count_models(name_prefix=f"t{n}-") == 200


async def test_thousand_concurrent_acreate_with_injected_503(emulator: Emulator, no_sleep: list[float]) -> None:
    emulator.set_faults(status=503, fraction=0.1, seed=11, methods=["POST"])
    async with RootSignals(api_key=API_KEY, base_url=emulator.url, max_retries=10) as rs:
        ids = await asyncio.gather(*(rs.models.acreate(name=f"c-{i}") for i in range(1000)))
    assert len(set(ids)) == 1000
    assert no_sleep
    assert emulator.count_models() == 1000
    assert emulator.count_models(name="c-999") == 1
