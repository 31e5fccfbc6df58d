"""When to retry a failed request and how long to wait: pure functions shared by sync and async.

Only :func:`call_with_retries` and :func:`acall_with_retries` differ, and only in how they sleep.
The generated clients' own retries (urllib3 ``Retry``, ``aiohttp_retry``) are off, so that attempts
never multiply: this module is the one retry layer.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Final, TypeVar

from root._config import LOGGER_NAME
from root.errors import APIConnectionError, APIStatusError, APITimeoutError, RootSignalsError

T = TypeVar("T")

INITIAL_DELAY: Final = 0.5
MAX_DELAY: Final = 8.0
MAX_RETRY_AFTER: Final = 60.0
"""A ``Retry-After`` longer than this is not waited for: the error is raised instead of sleeping."""

RETRY_STATUSES: Final = frozenset({408, 429, 500, 502, 503, 504})
POST_RETRY_STATUSES: Final = frozenset({429, 503})
"""For POST, only the statuses that say the service did not act on the request."""


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP-date.

    Returns ``None`` when the header is missing or unreadable; a date in the past gives ``0.0``.
    """
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        import email.utils

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            from datetime import timezone

            when = when.replace(tzinfo=timezone.utc)
        current = time.time() if now is None else now
        seconds = when.timestamp() - current
    if seconds != seconds:  # NaN
        return None
    return max(seconds, 0.0)


def should_retry(method: str, error: RootSignalsError, *, attempt: int, max_retries: int) -> bool:
    """Whether a request that failed with ``error`` on its ``attempt``-th retry (0 = first try) goes again.

    Connection errors and 408/429/500/502/503/504 are retried for every method but POST. A POST is
    retried only when it surely had no effect: 429 and 503, or a connection that was never made.
    """
    if attempt >= max_retries:
        return False
    if isinstance(error, APIStatusError):
        statuses = POST_RETRY_STATUSES if method.upper() == "POST" else RETRY_STATUSES
        return error.status_code in statuses
    if isinstance(error, APIConnectionError):
        return method.upper() != "POST" or not error.request_sent
    return False


def retry_delay(
    attempt: int,
    error: RootSignalsError | None = None,
    *,
    jitter: Callable[[], float] | None = None,
    now: float | None = None,
) -> float | None:
    """Seconds to sleep before retry number ``attempt + 1``, or ``None`` not to retry after all.

    The server's ``Retry-After`` wins when it is given and at most :data:`MAX_RETRY_AFTER`; a longer
    one means "not now", so the error is raised rather than blocking the caller for minutes.
    Otherwise: exponential backoff from :data:`INITIAL_DELAY` doubling up to :data:`MAX_DELAY`, less a
    random quarter so that many clients do not retry in step.
    """
    if isinstance(error, APIStatusError):
        retry_after = parse_retry_after(error.headers.get("retry-after"), now=now)
        if retry_after is not None:
            return retry_after if retry_after <= MAX_RETRY_AFTER else None
    if jitter is None:
        import random

        jitter = random.random
    backoff = min(INITIAL_DELAY * (2.0**attempt), MAX_DELAY)
    return backoff * (1.0 - 0.25 * jitter())


def _next_delay(method: str, error: RootSignalsError, attempt: int, max_retries: int) -> float | None:
    if not should_retry(method, error, attempt=attempt, max_retries=max_retries):
        return None
    delay = retry_delay(attempt, error)
    if delay is not None:
        import logging

        logging.getLogger(LOGGER_NAME).info(
            "retrying %s in %.2f s (retry %d of %d) after: %s", method, delay, attempt + 1, max_retries, error
        )
    return delay


def _tell_attempts(error: RootSignalsError, attempts: int, started: float) -> None:
    """Add to a timeout's message how many attempts were made and how long they took in all.

    A timeout's own message names the timeout of one attempt ("took longer than 1 s"); after retries the
    caller waited several times that, backoff included, and the message says so.
    """
    if attempts > 1 and isinstance(error, APITimeoutError):
        elapsed = time.monotonic() - started
        error.message = f"{error.message}; gave up after {attempts} attempts in {elapsed:.1f} s (retries included)"
        error.args = (error.message,)


def sleep(seconds: float) -> None:
    """The synchronous sleep between attempts (a seam for tests)."""
    time.sleep(seconds)


async def asleep(seconds: float) -> None:
    """The asynchronous sleep between attempts (a seam for tests)."""
    import asyncio

    await asyncio.sleep(seconds)


def call_with_retries(method: str, call: Callable[[], T], *, max_retries: int) -> T:
    """Run ``call`` and retry it as :func:`should_retry` and :func:`retry_delay` decide."""
    attempt = 0
    started = time.monotonic()
    while True:
        try:
            return call()
        except RootSignalsError as error:
            delay = _next_delay(method, error, attempt, max_retries)
            if delay is None:
                _tell_attempts(error, attempt + 1, started)
                raise
        sleep(delay)
        attempt += 1


async def acall_with_retries(method: str, call: Callable[[], Awaitable[T]], *, max_retries: int) -> T:
    """Asynchronously run ``call`` and retry it as :func:`should_retry` and :func:`retry_delay` decide."""
    attempt = 0
    started = time.monotonic()
    while True:
        try:
            return await call()
        except RootSignalsError as error:
            delay = _next_delay(method, error, attempt, max_retries)
            if delay is None:
                _tell_attempts(error, attempt + 1, started)
                raise
        await asleep(delay)
        attempt += 1
