"""Lifecycles are exact: closed means closed for iterators too, arguments are checked at the call, and a
``Models`` has its client's options from the moment it is built."""

from __future__ import annotations

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import APITimeoutError, InvalidArgumentError, RootSignalsError
from root.models import Models

from .conftest import API_KEY


def test_a_list_iterator_sends_nothing_after_close(emulator: Emulator) -> None:
    emulator.configure(max_page_size=2)
    rs = RootSignals(api_key=API_KEY, base_url=emulator.url)
    models = rs.models.list(limit=10)
    assert next(models) is not None
    assert next(models) is not None  # the first page is used up
    rs.close()
    emulator.clear_requests()
    with pytest.raises(RootSignalsError, match="closed"):
        next(models)
    assert emulator.requests() == []


async def test_an_alist_iterator_sends_nothing_after_close(emulator: Emulator) -> None:
    emulator.configure(max_page_size=2)
    rs = RootSignals(api_key=API_KEY, base_url=emulator.url)
    models = rs.models.alist(limit=10)
    assert await anext(models) is not None
    assert await anext(models) is not None
    await rs.aclose()
    emulator.clear_requests()
    with pytest.raises(RootSignalsError, match="closed"):
        await anext(models)
    assert emulator.requests() == []
    await models.aclose()


@pytest.mark.parametrize(
    "kwargs", [{"limit": -1}, {"limit": "10"}, {"capable_of": "vision"}, {"capable_of": ["vision", 3]}]
)
async def test_list_and_alist_check_their_arguments_at_the_call(
    client: RootSignals, emulator: Emulator, kwargs: dict[str, object]
) -> None:
    with pytest.raises(InvalidArgumentError):
        client.models.list(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError):
        client.models.alist(**kwargs)  # type: ignore[arg-type]
    assert emulator.requests() == []


async def test_alist_rejects_unknown_and_positional_arguments_at_the_call(client: RootSignals) -> None:
    with pytest.raises(TypeError):
        client.models.alist(capabilities=["vision"])  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        client.models.alist(["vision"])  # type: ignore[misc]


def test_models_built_from_a_client_context_gets_that_clients_options(emulator: Emulator) -> None:
    emulator.set_faults(delay=1.0)
    with RootSignals(api_key=API_KEY, base_url=emulator.url, timeout=0.2, max_retries=0) as rs:
        by_hand = Models(rs.client_context)
        with pytest.raises(APITimeoutError):
            by_hand.create(name="slow")
        # Built before with_options or after: each Models keeps the options of its own client.
        patient = rs.with_options(timeout=5.0)
        assert Models(patient.client_context).create(name="patient")
    assert len([r for r in emulator.requests() if r["method"] == "POST"]) == 2
