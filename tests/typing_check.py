"""Type-checked by `make typecheck` (mypy --strict): what users write must type-check cleanly."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from root import RootSignals
from root.generated.openapi_aclient.models.model import Model as AsyncModel
from root.generated.openapi_aclient.models.model_list import ModelList as AsyncModelList
from root.generated.openapi_client.models.model import Model
from root.generated.openapi_client.models.model_list import ModelList


def sync_usage(client: RootSignals) -> tuple[str, Model, Iterator[ModelList]]:
    model_id: str = client.models.create(name="x", max_output_token_count=900)
    model: Model = client.models.update(model_id, url=None)
    client.models.delete(model_id)
    assert model.id == client.models.get(model_id, _request_timeout=5).id
    return model_id, model, client.models.list(limit=3)


async def async_usage(client: RootSignals) -> tuple[str, AsyncModel, AsyncIterator[AsyncModelList]]:
    model_id: str = await client.models.acreate(name="x")
    model: AsyncModel = await client.models.aupdate(model_id, name="y")
    await client.models.adelete(model_id)
    async with RootSignals(api_key="k") as other:
        await other.models.aget(model_id)
    return model_id, model, client.models.alist(capable_of=["vision"])
