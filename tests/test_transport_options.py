"""TLS verification with a custom CA, proxies (explicit and from the environment), and answers
that drift from the contract: sync and async behave the same, over real HTTP."""

from __future__ import annotations

import ssl
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from root import RootSignals
from root.emulator import Emulator
from root.errors import APIConnectionError, APIResponseValidationError

from .conftest import API_KEY
from .servers import fixed_json, forward_proxy, serve

MODEL_ID = str(uuid.UUID(int=7))
MODEL = {"id": MODEL_ID, "name": "tls-model", "model": "gpt-4o", "max_output_token_count": 900}


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_origin(ca: trustme.CA) -> Iterator[str]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    with serve(fixed_json({f"/v1/models/{MODEL_ID}/": MODEL}), ssl_context=context) as url:
        yield url


async def test_certificates_are_verified_by_default(tls_origin: str) -> None:
    with RootSignals(api_key=API_KEY, base_url=tls_origin, max_retries=0) as rs:
        with pytest.raises(APIConnectionError, match=r"(?i)certificate") as sync_info:
            rs.models.get(MODEL_ID)
        with pytest.raises(APIConnectionError, match=r"(?i)certificate") as async_info:
            await rs.models.aget(MODEL_ID)
    assert sync_info.value.request_sent is False
    assert async_info.value.request_sent is False


async def test_ssl_ca_cert_trusts_a_private_ca(tls_origin: str, ca: trustme.CA, tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    with RootSignals(api_key=API_KEY, base_url=tls_origin, ssl_ca_cert=str(bundle)) as rs:
        assert rs.models.get(MODEL_ID).name == "tls-model"
        assert (await rs.models.aget(MODEL_ID)).name == "tls-model"


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    with serve(forward_proxy(seen)) as url:
        yield url, seen


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


async def test_explicit_proxy_sync_and_async(
    emulator: Emulator, proxy: tuple[str, list[str]], no_proxy_env: pytest.MonkeyPatch
) -> None:
    proxy_url, seen = proxy
    with RootSignals(api_key=API_KEY, base_url=emulator.url, proxy=proxy_url) as rs:
        model_id = rs.models.create(name="via-proxy")
        assert (await rs.models.aget(model_id)).name == "via-proxy"
    assert seen == [f"{emulator.url}/v1/models/", f"{emulator.url}/v1/models/{model_id}/"]


async def test_proxy_from_environment_sync_and_async(
    emulator: Emulator, proxy: tuple[str, list[str]], no_proxy_env: pytest.MonkeyPatch
) -> None:
    proxy_url, seen = proxy
    no_proxy_env.setenv("HTTP_PROXY", proxy_url)
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs:
        model_id = rs.models.create(name="env-proxy")
        assert (await rs.models.aget(model_id)).name == "env-proxy"
    assert len(seen) == 2

    seen.clear()
    no_proxy_env.setenv("NO_PROXY", "127.0.0.1")
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs:
        model_id = rs.models.create(name="bypassed")
        assert (await rs.models.aget(model_id)).name == "bypassed"
    assert seen == []


DRIFTED_LIST = {
    "next": None,
    "previous": None,
    "count": 1,
    "results": [
        {
            "id": MODEL_ID,
            "name": "drifted",
            "owner": {"email": "owner@example.com", "full_name": "Owner", "avatar": "x.png"},
            "provider": None,
            "visibility": "ORGANIZATION_SHARED",
            "created_at": "2026-11-26T10:00:00Z",
            "capabilities": ["vision"],
        }
    ],
}
DRIFTED_MODEL = {
    "id": MODEL_ID,
    "name": "drifted",
    "model": None,
    "max_token_count": None,
    "url": None,
    "updated_at": "2026-11-26T10:00:00+02:00",
    "tags": {"a": 1},
}


@pytest.fixture(scope="module")
def drifting_server() -> Iterator[str]:
    routes = {
        "/v1/models/": DRIFTED_LIST,
        f"/v1/models/{MODEL_ID}/": DRIFTED_MODEL,
        "/broken/v1/models/": {"next": None, "results": [{"id": MODEL_ID}]},
    }
    with serve(fixed_json(routes)) as url:
        yield url


async def test_extra_fields_unknown_values_and_nulls_parse(drifting_server: str) -> None:
    with RootSignals(api_key=API_KEY, base_url=drifting_server) as rs:
        (item,) = list(rs.models.list())
        (aitem,) = [m async for m in rs.models.alist()]
        model = rs.models.get(MODEL_ID)
        amodel = await rs.models.aget(MODEL_ID)
    for listed in (item, aitem):
        assert (listed.name, listed.visibility, listed.provider) == ("drifted", "ORGANIZATION_SHARED", None)
        assert listed.owner.full_name == "Owner"
    for got in (model, amodel):
        assert (got.name, got.model, got.url, got.max_token_count) == ("drifted", None, None, None)


async def test_a_broken_contract_is_a_clear_error(drifting_server: str) -> None:
    with RootSignals(api_key=API_KEY, base_url=f"{drifting_server}/broken", max_retries=0) as rs:
        with pytest.raises(APIResponseValidationError, match="name"):
            list(rs.models.list())
        with pytest.raises(APIResponseValidationError, match="owner"):
            [m async for m in rs.models.alist()]


@pytest.mark.parametrize("package", ["openapi_client", "openapi_aclient"])
def test_generated_api_client_sets_what_the_generated_init_sets(package: str) -> None:
    """If a regenerated ApiClient.__init__ sets another attribute, ours must set it too."""
    import importlib

    from root._transport import generated_api_client

    module = importlib.import_module(f"root.generated.{package}")
    configuration = module.Configuration(host="http://127.0.0.1:9")
    ours = generated_api_client(module, configuration, object())
    theirs = module.ApiClient(configuration)
    assert type(ours) is type(theirs)
    assert sorted(vars(ours)) == sorted(vars(theirs))
    assert ours.configuration is configuration
    assert set(ours.default_headers) == set(theirs.default_headers) == {"User-Agent"}
    assert ours.cookie is theirs.cookie is None
    assert ours.client_side_validation == theirs.client_side_validation


async def test_event_loops_reuse_the_clients_one_ssl_context(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    made: list[object] = []
    real = ssl.create_default_context

    def counting(*args: object, **kwargs: object) -> ssl.SSLContext:
        context = real(*args, **kwargs)  # type: ignore[arg-type]
        made.append(context)
        return context

    monkeypatch.setattr(ssl, "create_default_context", counting)
    rs = RootSignals(api_key=API_KEY, base_url="https://127.0.0.1:9")

    async def session_context() -> object:
        async with rs.client_context() as api_client:
            return api_client.rest_client.session.connector._ssl

    contexts = {id(await session_context())}
    contexts |= {id(await asyncio.get_running_loop().run_in_executor(None, asyncio.run, session_context()))}
    await rs.aclose()
    rs.close()
    assert len(made) == 1
    assert contexts == {id(made[0])}
