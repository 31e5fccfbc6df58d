"""RootSignals: configuration, connection reuse across threads, loops and forks, closing, modes."""

from __future__ import annotations

import asyncio
import gc
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from root import RootSignals, Timeout
from root.emulator import Emulator
from root.errors import ClientModeError, InvalidArgumentError, MissingAPIKeyError, RootSignalsError
from root.models import Models

from .conftest import API_KEY


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("ROOTSIGNALS_API_KEY", raising=False)
    monkeypatch.delenv("ROOTSIGNALS_API_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_key_from_argument_wins(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROOTSIGNALS_API_KEY", "from-env")
    (clean_env / ".env").write_text("ROOTSIGNALS_API_KEY=from-file\n")
    assert RootSignals("from-arg")._options.api_key == "from-arg"
    assert RootSignals()._options.api_key == "from-env"


@pytest.mark.parametrize(
    "line",
    [
        "ROOTSIGNALS_API_KEY=from-file",
        'ROOTSIGNALS_API_KEY="from-file"',
        "ROOTSIGNALS_API_KEY = 'from-file'",
        "  export ROOTSIGNALS_API_KEY=from-file  # a comment",
    ],
)
def test_key_from_dotenv(clean_env: Path, line: str) -> None:
    (clean_env / ".env").write_text(f"# settings\nOTHER=1\n{line}\n")
    assert RootSignals()._options.api_key == "from-file"


def test_missing_key_names_the_three_ways(clean_env: Path) -> None:
    with pytest.raises(MissingAPIKeyError) as info:
        RootSignals()
    message = str(info.value)
    assert "api_key=" in message
    assert "ROOTSIGNALS_API_KEY environment variable" in message
    assert ".env" in message


@pytest.mark.parametrize("key", [123, b"a-key", ["a-key"]])
def test_a_key_of_the_wrong_type_is_an_invalid_argument_naming_the_type(clean_env: Path, key: object) -> None:
    with pytest.raises(InvalidArgumentError, match=f"api_key must be a string, not {type(key).__name__}$"):
        RootSignals(api_key=key)  # type: ignore[arg-type]


def test_a_blank_key_is_still_a_missing_key(clean_env: Path) -> None:
    with pytest.raises(MissingAPIKeyError):
        RootSignals(api_key="  ")


def test_base_url_resolution(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert RootSignals("k").base_url == "https://api.app.rootsignals.ai"
    monkeypatch.setenv("ROOTSIGNALS_API_URL", "http://localhost:9/")
    assert RootSignals("k").base_url == "http://localhost:9"
    assert RootSignals("k", base_url="https://x.example").base_url == "https://x.example"
    with pytest.raises(ValueError, match="base_url"):
        RootSignals("k", base_url="ftp://nope")


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"base_url": "ftp://nope"}, "base_url"),
        ({"base_url": 5}, "base_url"),
        ({"timeout": "slow"}, "timeout"),
        ({"timeout": 0}, "Timeout.total"),
        ({"timeout": Timeout}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"max_connections": 0}, "max_connections"),
        ({"proxy": "socks9://proxy"}, "proxy"),
        ({"ssl_ca_cert": "/no/such/bundle.pem"}, "ssl_ca_cert"),
    ],
)
def test_bad_options_raise_invalid_argument_error(clean_env: Path, options: dict[str, object], named: str) -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape(named)) as info:
        RootSignals("k", **options)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)


def test_a_bad_url_from_the_environment_names_the_variable(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROOTSIGNALS_API_URL", "api.example.com")
    with pytest.raises(InvalidArgumentError, match="ROOTSIGNALS_API_URL environment variable must be"):
        RootSignals("k")


def test_an_unknown_log_level_warns_once_naming_the_accepted_ones(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import root._config

    monkeypatch.setattr(root._config, "_warned_log_values", set())
    monkeypatch.setenv("ROOTSIGNALS_LOG", "verbose")
    with pytest.warns(UserWarning, match="ROOTSIGNALS_LOG='verbose'.*debug, info, warning, error") as record:
        _ = [RootSignals("k") for _ in range(2)]
    assert len(record) == 1
    assert record[0].filename == __file__
    monkeypatch.setenv("ROOTSIGNALS_LOG", "DEBUG")
    RootSignals("k")  # a known level, in any case: no warning (warnings are errors here)


def test_repr_hides_the_key() -> None:
    client = RootSignals(api_key="sk-very-secret", base_url="http://127.0.0.1:1")
    assert "sk-very-secret" not in repr(client)
    assert "sk-very-secret" not in repr(client._options)
    assert "sk-very-secret" not in repr(client.models)


def test_run_async_is_accepted_and_both_modes_work(emulator: Emulator) -> None:
    with RootSignals(api_key=API_KEY, base_url=emulator.url, run_async=True) as rs:
        model_id = rs.models.create(name="sync-on-async-client")
        assert asyncio.run(rs.models.aget(model_id)).name == "sync-on-async-client"


def test_models_is_cached_and_lazy(clean_env: Path) -> None:
    client = RootSignals("k")
    assert client.models is client.models
    assert isinstance(client.models, Models)
    assert client.models.client_context == client.client_context


def test_one_client_from_eight_threads(client: RootSignals, emulator: Emulator) -> None:
    def work(n: int) -> list[str]:
        ids = []
        for i in range(25):
            model_id = client.models.create(name=f"t{n}-{i}")
            assert client.models.get(model_id).name == f"t{n}-{i}"
            ids.append(model_id)
        return ids

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = [model_id for chunk in pool.map(work, range(8)) for model_id in chunk]  # re-raises any error
    assert len(set(ids)) == 200
    assert emulator.count_models() == 200
    with client.client_context() as first, client.client_context() as second:
        assert first is second


def test_same_sync_client_is_reused(client: RootSignals) -> None:
    with client.client_context() as a:
        pass
    client.models.create(name="x")
    with client.client_context() as b:
        assert a is b


async def test_same_async_client_within_a_loop(client: RootSignals) -> None:
    async with client.client_context() as a:
        pass
    await client.models.acreate(name="x")
    async with client.client_context() as b:
        assert a is b
    with client.client_context() as sync_client:
        assert sync_client is not a


def test_new_async_client_per_loop(client: RootSignals) -> None:
    async def grab() -> object:
        async with client.client_context() as api_client:
            await client.models.acreate(name="loop")
            return api_client

    first = asyncio.run(grab())
    second = asyncio.run(grab())
    assert first is not second


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_gets_its_own_pool(client: RootSignals) -> None:
    client.models.create(name="parent")
    with client.client_context() as parent_api:
        pass
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        code = 1
        try:
            with client.client_context() as child_api:
                fresh = child_api is not parent_api
            client.models.create(name="child")
            code = 0 if fresh else 2
        finally:
            os.write(write, bytes([code]))
            os._exit(0)
    os.close(write)
    result = os.read(read, 1)
    os.waitpid(pid, 0)
    os.close(read)
    assert result == b"\x00"
    names = sorted(m.name for m in client.models.list(limit=100) if m.provider is None)
    assert names == ["child", "parent"]


def test_close_and_use_after_close(emulator: Emulator) -> None:
    rs = RootSignals(api_key=API_KEY, base_url=emulator.url)
    rs.models.create(name="before")
    rs.close()
    with pytest.raises(RootSignalsError, match="closed"):
        rs.models.create(name="after")


async def test_async_with_closes_the_session(emulator: Emulator) -> None:
    async with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs:
        await rs.models.acreate(name="x")
        async with rs.client_context() as api_client:
            session = api_client.rest_client.session
    assert session.closed


def test_no_resource_warnings_after_sync_and_async_use(emulator: Emulator) -> None:
    # pytest turns warnings into errors; unraisable ones surface at garbage collection.
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs:
        rs.models.create(name="a")

        async def use() -> None:
            await rs.models.acreate(name="b")

        asyncio.run(use())
        asyncio.run(use())
    gc.collect()


def test_client_without_close_leaves_no_warning_when_loops_end(emulator: Emulator) -> None:
    rs = RootSignals(api_key=API_KEY, base_url=emulator.url)

    async def use(client: RootSignals) -> None:
        await client.models.acreate(name="c")

    asyncio.run(use(rs))
    del rs
    gc.collect()
    assert emulator.count_models(name="c") == 1


@contextmanager
def _sync_only(client: RootSignals):  # type: ignore[no-untyped-def]
    with client.client_context() as api_client:
        yield api_client


async def test_wrong_mode_is_a_clear_error(client: RootSignals) -> None:
    sync_only = Models(lambda: _sync_only(client))
    with pytest.raises(ClientModeError, match="only supports 'with'"):
        await sync_only.acreate(name="x")
    assert sync_only.get  # the sync path still works:
    assert sync_only.create(name="ok")

    class AsyncClientInSyncContext:
        def __enter__(self) -> object:
            return object()

        def __exit__(self, *exc: object) -> None:
            return None

    confused = Models(AsyncClientInSyncContext)
    with pytest.raises(ClientModeError, match="needs a synchronous client"):
        confused.create(name="x")
    assert isinstance(ClientModeError("x"), TypeError)


def test_importing_root_loads_nothing_heavy() -> None:
    import subprocess

    code = (
        "import sys; from root import RootSignals; RootSignals(api_key='k').models; "
        "heavy = [m for m in ('aiohttp', 'root.generated.openapi_aclient', 'root.generated.openapi_client', "
        "'pydantic', 'urllib3') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_sync_only_process_never_imports_async_stack(emulator: Emulator) -> None:
    import subprocess

    code = (
        "import sys; from root import RootSignals; "
        f"c = RootSignals(api_key={API_KEY!r}, base_url={emulator.url!r}); "
        "c.models.create(name='sync-only'); print(sorted(m for m in ('aiohttp', 'root.generated.openapi_aclient') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_with_options_shares_the_pool(client: RootSignals) -> None:
    quick = client.with_options(max_retries=0, timeout=3)
    assert (quick.max_retries, quick.timeout.total, quick.timeout.connect) == (0, 3.0, 3.0)
    assert (client.max_retries, client.timeout.total) == (2, 60.0)
    with quick.client_context() as a, client.client_context() as b:
        assert a is b
    assert quick.models.create(name="via-options")
