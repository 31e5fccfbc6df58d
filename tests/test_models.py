"""Every Models method, sync and async, over real HTTP against the emulator."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import (
    AuthenticationError,
    BadRequestError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
)
from root.generated import openapi_aclient, openapi_client

from .conftest import API_KEY
from .spec import NAME_MAX, OUTPUT_TOKENS_MIN, URL_MAX


def _custom(client: RootSignals) -> list[str]:
    return [m.name for m in client.models.list(limit=10_000) if m.provider is None]


def test_create_get_update_delete_sync(client: RootSignals, emulator: Emulator) -> None:
    model_id = client.models.create(
        name="my-gpt",
        model="gpt-4o",
        default_key="sk-secret-value",
        max_output_token_count=1000,
        max_token_count=8000,
        url="https://llm.example/v1",
    )
    assert str(uuid.UUID(model_id)) == model_id

    got = client.models.get(model_id)
    assert isinstance(got, openapi_client.Model)
    assert (got.id, got.name, got.model) == (model_id, "my-gpt", "gpt-4o")
    assert (got.max_output_token_count, got.max_token_count, got.url) == (1000, 8000, "https://llm.example/v1")
    assert "sk-secret-value" not in got.model_dump_json()

    updated = client.models.update(model_id, name="renamed", url=None)
    assert (updated.name, updated.url, updated.model, updated.max_token_count) == ("renamed", None, "gpt-4o", 8000)
    patch = [r for r in emulator.requests() if r["method"] == "PATCH"][-1]
    assert patch["body"] == {"name": "renamed", "url": None}

    client.models.delete(model_id)
    with pytest.raises(NotFoundError):
        client.models.get(model_id)
    assert emulator.count_models() == 0


async def test_create_get_update_delete_async(client: RootSignals, emulator: Emulator) -> None:
    model_id = await client.models.acreate(name="async-gpt", max_output_token_count=900)
    got = await client.models.aget(model_id)
    assert isinstance(got, openapi_aclient.Model)
    assert (got.name, got.model, got.max_output_token_count) == ("async-gpt", "async-gpt", 900)

    updated = await client.models.aupdate(model_id, max_token_count=123)
    assert (updated.name, updated.max_token_count) == ("async-gpt", 123)
    patch = [r for r in emulator.requests() if r["method"] == "PATCH"][-1]
    assert patch["body"] == {"max_token_count": 123}

    await client.models.adelete(model_id)
    with pytest.raises(NotFoundError):
        await client.models.aget(model_id)
    assert emulator.count_models() == 0


def test_create_sends_only_given_fields(client: RootSignals, emulator: Emulator) -> None:
    client.models.create(name="minimal")
    post = [r for r in emulator.requests() if r["method"] == "POST"][-1]
    assert post["body"] == {"name": "minimal"}
    assert post["path"] == "/v1/models/"


def test_list_yields_typed_items_and_builtins(client: RootSignals) -> None:
    items = list(client.models.list())
    assert items, "the emulator's catalog is listed"
    assert all(isinstance(m, openapi_client.ModelList) for m in items)
    assert all(m.provider is not None for m in items)


async def test_alist_yields_typed_items(client: RootSignals) -> None:
    items = [m async for m in client.models.alist()]
    assert items
    assert all(isinstance(m, openapi_aclient.ModelList) for m in items)
    assert [m.id for m in items] == [m.id for m in client.models.list()]


@pytest.mark.parametrize("capabilities", [["vision"], ["vision", "function_calling"]])
def test_capable_of_filters_and_is_sent_comma_separated(
    client: RootSignals, emulator: Emulator, capabilities: list[str]
) -> None:
    everything = {m.id for m in client.models.list(limit=1000)}
    filtered = {m.id for m in client.models.list(capable_of=capabilities)}
    assert filtered
    assert filtered < everything
    query = emulator.requests()[-1]["params"]
    assert query["capable_of"] == [",".join(capabilities)]


async def test_capable_of_async(client: RootSignals, emulator: Emulator) -> None:
    sync_ids = [m.id for m in client.models.list(capable_of=["vision"])]
    async_ids = [m.id async for m in client.models.alist(capable_of=["vision"])]
    assert async_ids == sync_ids
    assert emulator.requests()[-1]["params"]["capable_of"] == ["vision"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * (NAME_MAX + 1)}, "name"),
        ({"name": "ok", "max_output_token_count": OUTPUT_TOKENS_MIN - 1}, "max_output_token_count"),
        ({"name": "ok", "max_token_count": -1}, "max_token_count"),
        ({"name": "ok", "url": "u" * (URL_MAX + 1)}, "url"),
        ({"name": "ok", "model": ""}, "model"),
        ({"name": 5}, "name"),
        ({"name": "ok", "max_output_token_count": True}, "max_output_token_count"),
    ],
)
async def test_bad_input_raises_before_sending(
    client: RootSignals, emulator: Emulator, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=field) as sync_error:
        client.models.create(**kwargs)  # type: ignore[arg-type]
    assert isinstance(sync_error.value, ValueError)
    with pytest.raises(InvalidArgumentError, match=field):
        await client.models.acreate(**kwargs)  # type: ignore[arg-type]
    assert emulator.requests() == []
    assert emulator.count_models() == 0


def test_names_and_token_counts_at_the_spec_limits_are_accepted(client: RootSignals) -> None:
    model_id = client.models.create(name="n" * NAME_MAX, max_output_token_count=OUTPUT_TOKENS_MIN)
    got = client.models.get(model_id)
    assert (got.name, got.max_output_token_count) == ("n" * NAME_MAX, OUTPUT_TOKENS_MIN)


def test_server_side_validation_maps_to_bad_request(client: RootSignals, emulator: Emulator) -> None:
    # Skip our own checks to see what the SDK does with the service's 400.
    from root.generated.openapi_client.api.models_api import ModelsApi
    from root.generated.openapi_client.models.model_request import ModelRequest

    with client.client_context() as api_client:
        bad = ModelRequest.model_construct(name="", max_output_token_count=10)
        with pytest.raises(BadRequestError) as info:
            ModelsApi(api_client).models_create(bad, _request_timeout=(5.0, 30.0))
    error = info.value
    assert error.status_code == 400
    assert set(error.field_errors) == {"name", "max_output_token_count"}
    assert "max_output_token_count" in str(error)
    assert emulator.count_models() == 0


@pytest.mark.parametrize("method", ["get", "delete"])
async def test_malformed_id_raises_before_sending(client: RootSignals, emulator: Emulator, method: str) -> None:
    with pytest.raises(InvalidArgumentError, match="model_id"):
        getattr(client.models, method)("not-a-uuid")
    with pytest.raises(InvalidArgumentError, match="model_id"):
        await getattr(client.models, "a" + method)("../../etc")
    assert emulator.requests() == []


async def test_unknown_id_is_not_found(client: RootSignals) -> None:
    missing = str(uuid.uuid4())
    with pytest.raises(NotFoundError) as info:
        client.models.get(missing)
    assert info.value.status_code == 404
    assert "No Model matches" in str(info.value)
    with pytest.raises(NotFoundError):
        await client.models.adelete(missing)
    with pytest.raises(NotFoundError):
        client.models.update(missing, name="x")


async def test_wrong_key_is_authentication_error_and_creates_nothing(emulator: Emulator) -> None:
    with RootSignals(api_key="wrong", base_url=emulator.url, max_retries=0) as rs:
        with pytest.raises(AuthenticationError) as info:
            rs.models.create(name="nope")
        assert info.value.status_code == 401
        with pytest.raises(AuthenticationError):
            await rs.models.acreate(name="nope")
        with pytest.raises(AuthenticationError):
            list(rs.models.list())
        assert "wrong" not in str(info.value)
    assert emulator.count_models() == 0


def test_builtin_models_cannot_be_changed(client: RootSignals) -> None:
    builtin = next(iter(client.models.list(limit=1)))
    with pytest.raises(PermissionDeniedError):
        client.models.delete(builtin.id)
    with pytest.raises(PermissionDeniedError):
        client.models.update(builtin.id, name="mine now")


def test_update_rejects_clearing_required_fields(client: RootSignals, emulator: Emulator) -> None:
    model_id = client.models.create(name="keep")
    emulator.clear_requests()
    with pytest.raises(InvalidArgumentError, match="name"):
        client.models.update(model_id, name=None)  # type: ignore[arg-type]
    assert emulator.requests() == []


def test_update_with_nothing_sends_empty_patch(client: RootSignals, emulator: Emulator) -> None:
    model_id = client.models.create(name="same")
    assert client.models.update(model_id).name == "same"
    assert [r for r in emulator.requests() if r["method"] == "PATCH"][-1]["body"] == {}


def test_default_key_can_be_set_and_cleared_but_never_read(client: RootSignals, emulator: Emulator) -> None:
    model_id = client.models.create(name="keyed", default_key="k-123456")
    assert emulator.stored_default_key(model_id) == "k-123456"
    client.models.update(model_id, default_key=None)
    assert emulator.stored_default_key(model_id) is None
    assert "default_key" not in client.models.get(model_id).model_dump(exclude_none=True)


def test_file_db_survives_restart(tmp_path: object) -> None:
    db = f"{tmp_path}/models.db"
    with Emulator(db=db, api_keys=[API_KEY]) as first, RootSignals(api_key=API_KEY, base_url=first.url) as rs:
        model_id = rs.models.create(name="persistent", max_token_count=42)
    with Emulator(db=db, api_keys=[API_KEY]) as second, RootSignals(api_key=API_KEY, base_url=second.url) as rs:
        got = rs.models.get(model_id)
        assert (got.name, got.max_token_count) == ("persistent", 42)


def test_async_methods_run_in_two_successive_event_loops(client: RootSignals) -> None:
    async def create_and_get(name: str) -> str:
        model_id = await client.models.acreate(name=name)
        return (await client.models.aget(model_id)).name

    assert asyncio.run(create_and_get("first loop")) == "first loop"
    assert asyncio.run(create_and_get("second loop")) == "second loop"
    assert sorted(_custom(client)) == ["first loop", "second loop"]
