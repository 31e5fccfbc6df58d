"""root._polling on its own: the sleeps grow and stop at the timeout, "not now" answers are waited out as
their Retry-After asks, other errors end the wait, and a timeout carries the last object read. The clock
is a fake one, so these tests are exact and take no time (the wire tests time real waits)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from root import _polling
from root.errors import InvalidArgumentError, NotFoundError, RateLimitError, WaitTimeoutError, status_error


@dataclass
class Job:
    status: str


class Clock:
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(_polling.time, "monotonic", fake.monotonic)
    monkeypatch.setattr(_polling.time, "sleep", fake.sleep)
    monkeypatch.setattr(asyncio, "sleep", fake.asleep)
    return fake


def _reader(statuses: list[object]) -> tuple[list[int], object]:
    reads = [0]

    def read() -> Job:
        value = statuses[min(reads[0], len(statuses) - 1)]
        reads[0] += 1
        if isinstance(value, Exception):
            raise value
        return Job(str(value))

    return reads, read


def _wait(read: object, *, timeout: float | None = 100.0, poll_interval: float = 1.0) -> Job:
    return _polling.wait(
        read,  # type: ignore[arg-type]
        finished=lambda job: job.status in ("done", "failed"),
        status=lambda job: job.status,
        timeout=timeout,
        poll_interval=poll_interval,
        what="job 7",
    )


def _busy(status: int, retry_after: str | None) -> Exception:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    return status_error(status, b'{"detail": "Busy."}', headers, method="GET", url="http://x/")


def test_the_sleeps_grow_by_half_up_to_the_ceiling(clock: Clock) -> None:
    reads, read = _reader(["running"] * 12 + ["done"])
    assert _wait(read, timeout=None).status == "done"
    assert reads[0] == 13
    assert clock.sleeps[:4] == [1.0, 1.5, 2.25, 3.375]
    assert max(clock.sleeps) == _polling.MAX_INTERVAL
    assert clock.sleeps[-1] == _polling.MAX_INTERVAL


def test_a_long_poll_interval_is_its_own_ceiling(clock: Clock) -> None:
    _, read = _reader(["running"] * 3 + ["done"])
    _wait(read, timeout=None, poll_interval=40.0)
    assert clock.sleeps == [40.0, 40.0, 40.0]


def test_a_failed_job_is_returned_not_raised(clock: Clock) -> None:
    _, read = _reader(["pending", "failed"])
    assert _wait(read).status == "failed"


def test_the_last_read_is_at_the_timeout_not_after(clock: Clock) -> None:
    reads, read = _reader(["running"])
    with pytest.raises(WaitTimeoutError) as caught:
        _wait(read, timeout=5.0)
    assert sum(clock.sleeps) == pytest.approx(5.0)
    assert clock.sleeps == [1.0, 1.5, 2.25, 0.25]
    assert reads[0] == 5
    assert caught.value.last == Job("running")
    assert caught.value.last_status == "running"
    assert str(caught.value) == "job 7 did not finish within 5.0 s (still running)"
    assert isinstance(caught.value, TimeoutError)


def test_busy_answers_are_waited_out_as_retry_after_asks(clock: Clock) -> None:
    reads, read = _reader([_busy(429, "7"), _busy(503, None), "running", "done"])
    assert _wait(read).status == "done"
    # 7 s as asked, then the current interval (no Retry-After), then the ordinary first sleep.
    assert clock.sleeps == [7.0, 1.0, 1.0]
    assert reads[0] == 4


def test_a_retry_after_beyond_the_timeout_ends_the_wait_with_that_error(clock: Clock) -> None:
    _, read = _reader([_busy(429, "60")])
    with pytest.raises(RateLimitError):
        _wait(read, timeout=10.0)
    assert clock.sleeps == []


def test_other_errors_end_the_wait_at_once(clock: Clock) -> None:
    reads, read = _reader([_busy(404, None)])
    with pytest.raises(NotFoundError):
        _wait(read)
    assert (reads[0], clock.sleeps) == (1, [])


@pytest.mark.parametrize(
    ("timeout", "poll_interval"),
    [(0, 1.0), (-1.0, 1.0), (float("inf"), 1.0), (float("nan"), 1.0), (True, 1.0), ("5", 1.0), (5, 0), (5, None)],
)
def test_bad_arguments_read_nothing(clock: Clock, timeout: object, poll_interval: object) -> None:
    reads, read = _reader(["done"])
    with pytest.raises(InvalidArgumentError):
        _wait(read, timeout=timeout, poll_interval=poll_interval)  # type: ignore[arg-type]
    assert reads[0] == 0


def test_the_async_wait_sleeps_and_times_out_the_same_way(clock: Clock) -> None:
    statuses = iter(["pending", "running", "running", "running", "running", "running"])

    async def read() -> Job:
        return Job(next(statuses))

    async def main() -> Job:
        return await _polling.await_(
            read,
            finished=lambda job: job.status == "done",
            status=lambda job: job.status,
            timeout=5.0,
            poll_interval=1.0,
            what="job 8",
        )

    with pytest.raises(WaitTimeoutError) as caught:
        asyncio.run(main())
    assert clock.sleeps == [1.0, 1.5, 2.25, 0.25]
    assert caught.value.last_status == "running"
