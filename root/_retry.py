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
from root.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    NotFoundError,
    RootSignalsError,
)

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
    retried only when it surely had no effect: 429 and 503, or a connection that was never made. Nothing
    is retried once the client is closed (:class:`~root.errors.ClientClosedError`).
    """
    if attempt >= max_retries or isinstance(error, ClientClosedError):
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


GONE_AFTER: Final = frozenset({408, 500, 502, 504})
"""Error statuses after which the service may have acted on the request (429 and 503 say it did not)."""


def may_have_acted(error: RootSignalsError) -> bool:
    """Whether the service may have carried out a request that failed with ``error``."""
    if isinstance(error, ClientClosedError):
        return error.request_sent
    if isinstance(error, APIStatusError):
        return error.status_code in GONE_AFTER
    if isinstance(error, APIConnectionError):
        return error.request_sent
    return False


def done_already(method: str, error: RootSignalsError, *, earlier_acted: bool) -> bool:
    """Whether a retried request's ``error`` means that an earlier attempt did the work.

    The one case: a ``DELETE`` answered 404 on a retry, after an earlier attempt that may have reached the
    service (its answer was lost, it timed out, or a 5xx other than 503 came back). The object is gone,
    which is what was asked: success. ``PUT`` and ``PATCH`` need no such rule (repeating them gives the
    same state, and their answer on a retry is the object's state); a ``POST`` is not retried once it may
    have been sent.
    """
    return method.upper() == "DELETE" and earlier_acted and isinstance(error, NotFoundError)


_ATTEMPT_NOTE: Final = "(the timeout of one attempt)"


class _Schedule:
    """The attempts of one call: each one's timeout within the call's deadline, and what comes after a
    failure. Shared by :func:`call_with_retries` and :func:`acall_with_retries`."""

    def __init__(self, method: str, timeout: tuple[float, float], max_retries: int, deadline: float | None) -> None:
        self.method = method
        self.connect, self.total = timeout
        self.max_retries = max_retries
        self.deadline = deadline
        self.started = time.monotonic()
        self.attempt = 0
        self.cut = {"attempt": False, "connect": False}
        """Which of the last attempt's timeouts the deadline cut short."""
        self.acted = False

    def timeout(self) -> tuple[float, float]:
        """``(connect, total)`` for the next attempt: the attempt's timeout, cut to what is left of the
        deadline.

        Raises:
            APITimeoutError: Nothing is left of the deadline (``which="deadline"``).
        """
        if self.deadline is None:
            return (self.connect, self.total)
        left = self.deadline - (time.monotonic() - self.started)
        if left <= 0:
            raise APITimeoutError(
                f"{self.method}: the call's deadline of {self.deadline:g} s ran out before attempt "
                f"{self.attempt + 1} (retries and their waits included)",
                request_sent=False,
                which="deadline",
            )
        self.cut = {"attempt": left < self.total, "connect": left < self.connect}
        return (min(self.connect, left), min(self.total, left))

    def after(self, error: RootSignalsError) -> float | None:
        """After a failed attempt: seconds to wait before the next one, or ``None`` to raise ``error``
        (whose message then says which timeout ran out and how many attempts were made)."""
        if isinstance(error, APITimeoutError) and self.cut.get(error.which, False):
            error.which = "deadline"
            note = f"(the call's deadline of {self.deadline:g} s, retries and their waits included)"
            error.message = error.message.replace(_ATTEMPT_NOTE, note)
            if note not in error.message:
                error.message = f"{error.message} {note}"
            error.args = (error.message,)
        self.acted = self.acted or may_have_acted(error)
        delay = None
        if not (isinstance(error, APITimeoutError) and error.which == "deadline"):
            left = None if self.deadline is None else self.deadline - (time.monotonic() - self.started)
            delay = _next_delay(self.method, error, self.attempt, self.max_retries, left)
            if delay is not None and left is not None and delay >= left:
                delay = None
                _add_to_message(error, f"; not retried: the wait would pass the call's deadline of {self.deadline:g} s")
        if delay is None:
            _tell_attempts(error, self.attempt + 1, self.started)
            return None
        self.attempt += 1
        return delay


def _next_delay(
    method: str, error: RootSignalsError, attempt: int, max_retries: int, left: float | None = None
) -> float | None:
    """The wait before the next attempt (logged), or ``None``; a wait of ``left`` seconds or more is
    returned but not logged, as the caller will not wait it (the deadline would pass)."""
    if not should_retry(method, error, attempt=attempt, max_retries=max_retries):
        return None
    delay = retry_delay(attempt, error)
    if delay is not None and (left is None or delay < left):
        import logging

        logging.getLogger(LOGGER_NAME).info(
            "retrying %s in %.2f s (retry %d of %d) after: %s", method, delay, attempt + 1, max_retries, error
        )
    return delay


def _add_to_message(error: RootSignalsError, text: str) -> None:
    message = f"{getattr(error, 'message', error)}{text}"
    if hasattr(error, "message"):
        error.message = message
    error.args = (message,)


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


def call_with_retries(
    method: str,
    call: Callable[[tuple[float, float]], T],
    *,
    max_retries: int,
    timeout: tuple[float, float],
    deadline: float | None = None,
    done: Callable[[], T] | None = None,
) -> T:
    """Run ``call(timeout)`` and retry it as :func:`should_retry` and :func:`retry_delay` decide.

    Args:
        method: The HTTP method (it decides what is retried).
        call: One attempt, given its ``(connect, total)`` timeout.
        max_retries: The most retries.
        timeout: Each attempt's ``(connect, total)`` timeout.
        deadline: Seconds the whole call may take, attempts and waits included; ``None``: no bound
            beyond each attempt's.
        done: The result when a retry finds the work done already (:func:`done_already`); ``None``:
            raise the retry's error.
    """
    schedule = _Schedule(method, timeout, max_retries, deadline)
    while True:
        try:
            return call(schedule.timeout())
        except RootSignalsError as error:
            if done is not None and done_already(method, error, earlier_acted=schedule.acted):
                return done()
            delay = schedule.after(error)
            if delay is None:
                raise
        sleep(delay)


async def acall_with_retries(
    method: str,
    call: Callable[[tuple[float, float]], Awaitable[T]],
    *,
    max_retries: int,
    timeout: tuple[float, float],
    deadline: float | None = None,
    done: Callable[[], T] | None = None,
) -> T:
    """Asynchronously run ``call(timeout)`` and retry it; as :func:`call_with_retries`."""
    schedule = _Schedule(method, timeout, max_retries, deadline)
    while True:
        try:
            return await call(schedule.timeout())
        except RootSignalsError as error:
            if done is not None and done_already(method, error, earlier_acted=schedule.acted):
                return done()
            delay = schedule.after(error)
            if delay is None:
                raise
        await asleep(delay)
