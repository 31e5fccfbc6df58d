"""Shared fixtures: one emulator per test session, reset before every test that uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from root import RootSignals
from root.emulator import Emulator

API_KEY = "test-key"


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[Emulator]:
    # Every response it sends in the suite is validated against openapi.yaml.
    with Emulator(api_keys=[API_KEY], check_responses=True) as emu:
        yield emu


@pytest.fixture
def emulator(emulator_server: Emulator) -> Iterator[Emulator]:
    emulator_server.reset()
    emulator_server.configure(public_url=None, next_style="url", max_page_size=1000)
    emulator_server.clear_response_failures()
    yield emulator_server
    emulator_server.clear_faults()
    failures = emulator_server.response_failures()
    assert failures == [], "the emulator sent responses that openapi.yaml does not allow"


@pytest.fixture
def client(emulator: Emulator) -> Iterator[RootSignals]:
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs:
        yield rs


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record retry sleeps instead of sleeping (sync and async)."""
    slept: list[float] = []

    async def fake_asleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr("root._retry.sleep", slept.append)
    monkeypatch.setattr("root._retry.asleep", fake_asleep)
    return slept
