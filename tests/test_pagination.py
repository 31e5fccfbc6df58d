"""Cursor pagination over real HTTP: many pages, limits, next links on other hosts, bare tokens."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import APIResponseValidationError, InvalidArgumentError
from root.utils import CursorPager, cursor_from_next

TOTAL_CUSTOM = 1050


@pytest.fixture(scope="module")
def many_models(emulator_server: Emulator) -> Emulator:
    """1,050 custom models, created once for this module (over HTTP, concurrently)."""
    emulator_server.reset()
    from .conftest import API_KEY

    async def create_all() -> None:
        async with RootSignals(api_key=API_KEY, base_url=emulator_server.url) as rs:
            for start in range(0, TOTAL_CUSTOM, 150):
                await asyncio.gather(
                    *(rs.models.acreate(name=f"m-{i:04d}") for i in range(start, min(start + 150, TOTAL_CUSTOM)))
                )

    asyncio.run(create_all())
    return emulator_server


@pytest.fixture
def paged(many_models: Emulator) -> Emulator:
    many_models.clear_requests()
    yield many_models
    many_models.configure(public_url=None, next_style="url", max_page_size=1000)


def _catalog_size(rs: RootSignals) -> int:
    return sum(1 for m in rs.models.list(limit=100_000) if m.provider is not None)


@pytest.mark.parametrize("page_size", [1, 7, 100])
@pytest.mark.parametrize("next_style", ["url", "token"])
async def test_every_model_exactly_once(paged: Emulator, page_size: int, next_style: str) -> None:
    from .conftest import API_KEY

    paged.configure(max_page_size=page_size, next_style=next_style, public_url="https://elsewhere.example:9443/api")
    with RootSignals(api_key=API_KEY, base_url=paged.url) as rs:
        names = Counter(m.name for m in rs.models.list(limit=2000))
        async_names = Counter([m.name async for m in rs.models.alist(limit=2000)])
    custom = {n: c for n, c in names.items() if n.startswith("m-")}
    assert len(custom) == TOTAL_CUSTOM
    assert set(custom.values()) == {1}
    assert max(names.values()) == 1
    assert async_names == names
    # Every page went to our own base URL, with only the cursor taken from `next`.
    paths = {r["path"] for r in paged.requests()}
    assert paths == {"/v1/models/"}


@pytest.mark.parametrize("limit", [0, 1, 7, 1000])
def test_limit_is_honoured_with_the_fewest_pages(paged: Emulator, limit: int) -> None:
    from .conftest import API_KEY

    paged.configure(max_page_size=100)
    with RootSignals(api_key=API_KEY, base_url=paged.url) as rs:
        items = list(rs.models.list(limit=limit))
    assert len(items) == limit
    assert len({m.id for m in items}) == limit
    requests = paged.requests()
    assert len(requests) == -(-limit // 100)
    if requests:
        assert requests[0]["params"]["page_size"] == [str(min(limit, 1000))]


async def test_limit_exact_total_and_over(paged: Emulator) -> None:
    from .conftest import API_KEY

    with RootSignals(api_key=API_KEY, base_url=paged.url) as rs:
        total = len(list(rs.models.list(limit=100_000)))
        assert total == TOTAL_CUSTOM + _catalog_size(rs)
        assert len(list(rs.models.list(limit=total))) == total
        assert len([m async for m in rs.models.alist(limit=total + 500)]) == total
        assert len([m async for m in rs.models.alist(limit=0)]) == 0


def test_listing_is_lazy(paged: Emulator) -> None:
    from .conftest import API_KEY

    paged.configure(max_page_size=10)
    with RootSignals(api_key=API_KEY, base_url=paged.url) as rs:
        iterator = rs.models.list(limit=500)
        assert paged.requests() == []
        first = [next(iterator) for _ in range(15)]
        assert len(first) == 15
        assert len(paged.requests()) == 2


async def test_alist_is_lazy(paged: Emulator) -> None:
    from .conftest import API_KEY

    paged.configure(max_page_size=10)
    async with RootSignals(api_key=API_KEY, base_url=paged.url) as rs:
        iterator = rs.models.alist(limit=500)
        assert paged.requests() == []
        taken = 0
        async for _ in iterator:
            taken += 1
            if taken == 11:
                break
        assert len(paged.requests()) == 2


def test_cursor_from_next() -> None:
    assert cursor_from_next(None) is None
    assert cursor_from_next("") is None
    assert cursor_from_next("https://other.example/v1/models/?page_size=5&cursor=abc%3D%3D") == "abc=="
    assert cursor_from_next("http://x/v1/models/?cursor=t1&capable_of=a,b") == "t1"
    assert cursor_from_next("cD00ODY=") == "cD00ODY="
    with pytest.raises(APIResponseValidationError, match="no cursor"):
        cursor_from_next("https://other.example/v1/models/?page=2")


def test_pager_follows_an_empty_page_and_stops_on_a_repeated_cursor() -> None:
    pager: CursorPager[int] = CursorPager(10, max_page_size=4)
    assert pager.page_size == 4
    assert list(pager.accept([1, 2, 3, 4], "c1")) == [1, 2, 3, 4]
    assert (pager.cursor, pager.done, pager.page_size) == ("c1", False, 4)
    assert list(pager.accept([], "c2")) == []
    assert (pager.cursor, pager.done) == ("c2", False)  # an empty page with a next link: go on
    assert list(pager.accept([], None)) == []
    assert pager.done
    looping: CursorPager[int] = CursorPager(10, max_page_size=2)
    looping.accept([1], "same")
    with pytest.raises(APIResponseValidationError, match="twice"):
        looping.accept([2], "same")


async def test_listing_never_touches_the_garbage_collector(paged: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library changes no process-wide state: the cyclic GC stays as the program set it."""
    import gc

    from .conftest import API_KEY

    calls: list[str] = []
    for name in ("disable", "enable", "freeze", "collect"):
        monkeypatch.setattr(gc, name, lambda *args, _name=name, **kwargs: calls.append(_name))
    paged.configure(max_page_size=50)
    with RootSignals(api_key=API_KEY, base_url=paged.url) as rs:
        assert len(list(rs.models.list(limit=120))) == 120
        assert len([m async for m in rs.models.alist(limit=120)]) == 120
    assert calls == []


@pytest.mark.parametrize("resource", ["models", "objectives", "datasets", "evaluators", "execution_logs", "judges"])
def test_alist_checks_its_arguments_at_the_call_as_the_pagination_guide_says(resource: str) -> None:
    # Nothing listens on the URL: a request would be an APIConnectionError, not the argument error.
    with RootSignals(api_key="k", base_url="http://127.0.0.1:9", max_retries=0) as client:
        sub_api = getattr(client, resource)
        with pytest.raises(InvalidArgumentError, match="limit"):
            sub_api.list(limit=-1)
        with pytest.raises(InvalidArgumentError, match="limit"):
            sub_api.alist(limit=-1)  # not awaited, not iterated: the call itself raises
