"""Waiting for a job of the service (a calibration run, a batch execution) to finish, politely.

``wait()`` / ``await_()`` read the job again and again until it is finished, and return what they read
last. Between two reads they sleep, starting at ``poll_interval`` and growing by half each time up to
:data:`MAX_INTERVAL` (or ``poll_interval`` when larger), never past the caller's ``timeout``: the last read
is made at the timeout, not after it. Each read is an ordinary call, with the client's retries (which
honour ``Retry-After``); a 429 or 503 that outlasts them does not end the wait either, unless its
``Retry-After`` reaches past the timeout: the wait sleeps what the service asked and reads again.

When the timeout runs out first, :class:`~root.errors.WaitTimeoutError` carries the last object read and
its status. Any other error of a read ends the wait with that error.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from typing import Final, TypeVar

from root._retry import parse_retry_after
from root.errors import APIStatusError, InvalidArgumentError, WaitTimeoutError

__all__ = ["MAX_INTERVAL", "await_", "check_wait_arguments", "wait"]

T = TypeVar("T")

MAX_INTERVAL: Final = 15.0
"""The longest sleep between two reads, in seconds, unless ``poll_interval`` is longer."""
GROWTH: Final = 1.5
"""Each sleep is this many times the one before, up to :data:`MAX_INTERVAL`."""
BUSY_STATUSES: Final = frozenset({429, 503})
"""Statuses that say "not now": the wait sleeps their ``Retry-After`` and reads again."""


def check_wait_arguments(timeout: float | None, poll_interval: float) -> None:
    """Checks ``timeout`` (None: no limit, else seconds above 0) and ``poll_interval`` (seconds above 0).

    Raises:
        InvalidArgumentError: Either is not a finite positive number (``timeout`` may be None).
    """
    for name, value, optional in (("timeout", timeout, True), ("poll_interval", poll_interval, False)):
        if value is None and optional:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            allowed = "None or " if optional else ""
            raise InvalidArgumentError(f"{name} must be {allowed}a finite number of seconds above 0, not {value!r}")


class _Schedule:
    """When to read next: the growing interval, bounded by the deadline."""

    def __init__(self, timeout: float | None, poll_interval: float) -> None:
        check_wait_arguments(timeout, poll_interval)
        self.started = time.monotonic()
        self.deadline = None if timeout is None else self.started + timeout
        self.interval = float(poll_interval)
        self.ceiling = max(MAX_INTERVAL, float(poll_interval))

    def busy_delay(self, error: APIStatusError) -> float | None:
        """Seconds to sleep after a "not now" error, or None when the error must end the wait."""
        if error.status_code not in BUSY_STATUSES:
            return None
        delay = parse_retry_after(error.headers.get("retry-after"))
        if delay is None:
            delay = self.interval
        if self.deadline is not None and time.monotonic() + delay > self.deadline:
            return None
        return delay

    def next_sleep(self) -> float | None:
        """Seconds to sleep before the next read, or None when the timeout has run out."""
        now = time.monotonic()
        if self.deadline is not None and now >= self.deadline:
            return None
        sleep = self.interval
        self.interval = min(self.interval * GROWTH, self.ceiling)
        if self.deadline is not None:
            sleep = min(sleep, self.deadline - now)
        return sleep

    def elapsed(self) -> float:
        return time.monotonic() - self.started


def _timed_out(what: str, last: object, status: Callable[[T], str | None], elapsed: float) -> WaitTimeoutError:
    current = status(last) if last is not None else None  # type: ignore[arg-type]
    state = f"still {current}" if current is not None else "not read yet"
    return WaitTimeoutError(f"{what} did not finish within {elapsed:.1f} s ({state})", last=last, last_status=current)


def wait(
    read: Callable[[], T],
    *,
    finished: Callable[[T], bool],
    status: Callable[[T], str | None],
    timeout: float | None,
    poll_interval: float,
    what: str,
) -> T:
    """Reads until ``finished`` says so, and returns the last object read.

    Args:
        read: Reads the job once (one SDK call).
        finished: Whether the object read is in a final status (done, failed, cancelled ...).
        status: The object's status, for the timeout's message and attributes.
        timeout: Seconds to wait at most; None waits as long as it takes.
        poll_interval: Seconds to sleep after the first read; later sleeps grow.
        what: The job, for messages (``"calibration run 4f1c..."``).

    Raises:
        InvalidArgumentError: A bad ``timeout`` or ``poll_interval``; nothing was sent.
        root.errors.WaitTimeoutError: ``timeout`` ran out first.
    """
    schedule = _Schedule(timeout, poll_interval)
    last: T | None = None
    while True:
        try:
            last = read()
        except APIStatusError as error:
            delay = schedule.busy_delay(error)
            if delay is None:
                raise
            time.sleep(delay)
            continue
        if finished(last):
            return last
        sleep = schedule.next_sleep()
        if sleep is None:
            raise _timed_out(what, last, status, schedule.elapsed())
        time.sleep(sleep)


async def await_(
    read: Callable[[], Awaitable[T]],
    *,
    finished: Callable[[T], bool],
    status: Callable[[T], str | None],
    timeout: float | None,
    poll_interval: float,
    what: str,
) -> T:
    """Asynchronously reads until ``finished`` says so, and returns the last object read.

    The same as :func:`wait`, with ``read`` a coroutine function and the sleeps ``asyncio.sleep``.
    """
    import asyncio

    schedule = _Schedule(timeout, poll_interval)
    last: T | None = None
    while True:
        try:
            last = await read()
        except APIStatusError as error:
            delay = schedule.busy_delay(error)
            if delay is None:
                raise
            await asyncio.sleep(delay)
            continue
        if finished(last):
            return last
        sleep = schedule.next_sleep()
        if sleep is None:
            raise _timed_out(what, last, status, schedule.elapsed())
        await asyncio.sleep(sleep)
