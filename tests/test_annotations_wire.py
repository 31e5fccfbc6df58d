"""Annotations and score configs against a stand-in server written from the contract (not the emulator):
every method sends what the contract says, sync and async, and every listing follows every page."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from root import RootSignals
from root.errors import InvalidArgumentError
from tests.contract_server import CREATED_AT, Sent, contract_server, contract_violations, new_id, not_found, paged

ANNOTATION_ID = new_id()
CONFIG_ID = new_id()
ITEM_ID = new_id()
LOG_ID = new_id()


def _annotation(i: int = 0, **fields: Any) -> dict[str, Any]:
    return {
        "id": ANNOTATION_ID if i == 0 else str(uuid.UUID(int=i)),
        "dataset_item": ITEM_ID,
        "execution_log": None,
        "score_config": CONFIG_ID,
        "value": 1.0,
        "category": "good",
        "rationale": "",
        "status": "published",
        "created_at": CREATED_AT,
        **fields,
    }


def _config(i: int = 0, **fields: Any) -> dict[str, Any]:
    return {
        "id": CONFIG_ID if i == 0 else str(uuid.UUID(int=i)),
        "name": f"config {i}",
        "type": "binary",
        "categories": [{"label": "good", "value": 1}, {"label": "bad", "value": 0}],
        "min_value": None,
        "max_value": None,
        "is_default": False,
        "created_at": CREATED_AT,
        **fields,
    }


ANNOTATIONS = [_annotation(i + 1) for i in range(7)]
CONFIGS = [_config(i + 1) for i in range(5)]


def _answer(request: Sent) -> tuple[int, Any]:
    path, method = request.path, request.method
    body = request.json() if request.body else {}
    if path == "/v1/annotations/":
        return paged(request, ANNOTATIONS) if method == "GET" else (201, _annotation(**body))
    if path == f"/v1/annotations/{ANNOTATION_ID}/":
        if method == "DELETE":
            return 204, None
        return 200, _annotation(**body)
    if path == "/v1/score-configs/":
        return paged(request, CONFIGS) if method == "GET" else (201, _config(**body))
    if path == f"/v1/score-configs/{CONFIG_ID}/":
        if method == "DELETE":
            return 204, None
        return 200, _config(**body)
    return not_found()


@pytest.fixture
def server() -> Iterator[tuple[RootSignals, list[Sent]]]:
    with contract_server(_answer) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, sent


def _no_violations(sent: list[Sent]) -> None:
    for request in sent:
        assert contract_violations(request, _answer(request)) == []


def test_annotations_sync(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    created = client.annotations.create(dataset_item_id=uuid.UUID(ITEM_ID), category="good", score_config_id=CONFIG_ID)
    assert (created.id, created.category, created.dataset_item) == (ANNOTATION_ID, "good", ITEM_ID)
    assert (sent[0].method, sent[0].path, sent[0].json()) == (
        "POST",
        "/v1/annotations/",
        {
            "dataset_item": ITEM_ID,
            "score_config": CONFIG_ID,
            "category": "good",
            "rationale": "",
            "status": "published",
        },
    )
    assert sent[0].headers["Authorization"] == "Api-Key k"

    sent.clear()
    client.annotations.create(execution_log_id=LOG_ID, value=0.25, rationale="meh", status="draft")
    assert sent[0].json() == {"execution_log": LOG_ID, "value": 0.25, "rationale": "meh", "status": "draft"}

    sent.clear()
    assert client.annotations.get(ANNOTATION_ID).id == ANNOTATION_ID
    updated = client.annotations.update(ANNOTATION_ID, rationale="better", status="draft")
    assert (updated.rationale, updated.status) == ("better", "draft")
    client.annotations.delete(uuid.UUID(ANNOTATION_ID))
    get, patch, delete = sent
    assert (get.method, get.path) == ("GET", f"/v1/annotations/{ANNOTATION_ID}/")
    # None leaves a field out: only the fields given are sent.
    assert (patch.method, patch.json()) == ("PATCH", {"rationale": "better", "status": "draft"})
    assert (delete.method, delete.path) == ("DELETE", f"/v1/annotations/{ANNOTATION_ID}/")
    _no_violations(sent)


def test_annotation_listing_follows_every_page_with_its_filters(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    dataset = new_id()
    listed = list(
        client.annotations.list(dataset=dataset, score_config=uuid.UUID(CONFIG_ID), status="published", limit=None)
    )
    assert [a.id for a in listed] == [a["id"] for a in ANNOTATIONS]
    assert len(sent) == 1  # one page: the SDK asks for large pages
    assert sent[0].query_dict() == {
        "dataset": dataset,
        "score_config": CONFIG_ID,
        "status": "published",
        "page_size": "1000",
    }
    sent.clear()
    assert [a.id for a in client.annotations.list(dataset_item=ITEM_ID, execution_log=LOG_ID, limit=3)] == [
        a["id"] for a in ANNOTATIONS[:3]
    ]
    assert sent[0].query_dict() == {"dataset_item": ITEM_ID, "execution_log": LOG_ID, "page_size": "3"}
    _no_violations(sent)


def test_annotation_listing_walks_pages_the_server_cuts() -> None:
    with (
        contract_server(
            lambda r: paged(
                Sent(r.method, r.path, [*r.query, ("page_size", "2")], r.headers, r.body, r.url), ANNOTATIONS
            )
        ) as (url, pages),
        RootSignals(api_key="k", base_url=url) as small,
    ):
        assert len(list(small.annotations.list(limit=None))) == 7
    assert len(pages) == 4


def test_score_configs_sync(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    categories = [{"label": "good", "value": 1}, {"label": "bad", "value": 0}]
    created = client.score_configs.create(name="Thumbs", type="binary", categories=categories)
    assert (created.id, created.type, created.is_default) == (CONFIG_ID, "binary", False)
    assert sent[0].json() == {"name": "Thumbs", "type": "binary", "categories": categories}
    sent.clear()
    client.score_configs.create(name="Quality", type="continuous", min_value=0.0, max_value=5.0)
    # No categories: an empty list, as the official SDK sends.
    assert sent[0].json() == {
        "name": "Quality",
        "type": "continuous",
        "categories": [],
        "min_value": 0.0,
        "max_value": 5.0,
    }
    sent.clear()
    assert client.score_configs.get(CONFIG_ID).name == "config 0"
    assert client.score_configs.update(CONFIG_ID, name="Renamed").name == "Renamed"
    client.score_configs.delete(CONFIG_ID)
    assert [(r.method, r.path) for r in sent] == [
        ("GET", f"/v1/score-configs/{CONFIG_ID}/"),
        ("PATCH", f"/v1/score-configs/{CONFIG_ID}/"),
        ("DELETE", f"/v1/score-configs/{CONFIG_ID}/"),
    ]
    assert sent[1].json() == {"name": "Renamed"}
    sent.clear()
    assert [c.id for c in client.score_configs.list(limit=None)] == [c["id"] for c in CONFIGS]
    assert [c.id for c in client.score_configs.list(limit=2)] == [c["id"] for c in CONFIGS[:2]]
    _no_violations(sent)


async def test_annotations_and_score_configs_async(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    created = await client.annotations.acreate(dataset_item_id=ITEM_ID, value=0.9)
    assert created.id == ANNOTATION_ID
    assert sent[0].json() == {"dataset_item": ITEM_ID, "value": 0.9, "rationale": "", "status": "published"}
    assert (await client.annotations.aget(ANNOTATION_ID)).id == ANNOTATION_ID
    assert (await client.annotations.aupdate(ANNOTATION_ID, value=0.5)).value == 0.5
    await client.annotations.adelete(ANNOTATION_ID)
    assert [a.id async for a in client.annotations.alist(status="draft", limit=None)] == [a["id"] for a in ANNOTATIONS]
    config = await client.score_configs.acreate(
        name="Stars", type="categorical", categories=[{"label": "1", "value": 1}]
    )
    assert config.id == CONFIG_ID
    assert (await client.score_configs.aget(CONFIG_ID)).id == CONFIG_ID
    assert (await client.score_configs.aupdate(CONFIG_ID, max_value=3.0)).max_value == 3.0
    await client.score_configs.adelete(CONFIG_ID)
    assert len([c async for c in client.score_configs.alist(limit=4)]) == 4
    _no_violations(sent)
    await client.aclose()


def test_bad_arguments_are_refused_before_sending(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    with pytest.raises(InvalidArgumentError, match="exactly one of"):
        client.annotations.create(value=0.5)
    with pytest.raises(ValueError, match="exactly one of"):
        client.annotations.create(dataset_item_id=ITEM_ID, execution_log_id=LOG_ID, value=0.5)
    with pytest.raises(InvalidArgumentError, match="dataset_item_id"):
        client.annotations.create(dataset_item_id="not-a-uuid", value=0.5)
    with pytest.raises(InvalidArgumentError, match="score_config_id"):
        client.annotations.create(execution_log_id=LOG_ID, value=0.5, score_config_id="x")
    with pytest.raises(InvalidArgumentError, match="score_config_id"):
        client.annotations.create(score_config_id=b"x")  # the id is named before the missing target
    with pytest.raises(InvalidArgumentError, match="execution_log_id"):
        asyncio.run(client.annotations.acreate(execution_log_id=7))
    for method in (client.annotations.get, client.annotations.update, client.annotations.delete):
        with pytest.raises(InvalidArgumentError, match="annotation_id"):
            method("{" + LOG_ID + "}")
    for method in (client.score_configs.get, client.score_configs.update, client.score_configs.delete):
        with pytest.raises(InvalidArgumentError, match="score_config_id"):
            method(LOG_ID.replace("-", ""))
    with pytest.raises(InvalidArgumentError, match="status"):
        client.annotations.create(execution_log_id=LOG_ID, value=0.5, status="final")
    with pytest.raises(InvalidArgumentError, match="category"):
        client.annotations.create(execution_log_id=LOG_ID, category="x" * 256)
    with pytest.raises(InvalidArgumentError, match="annotation_id"):
        client.annotations.get("")
    with pytest.raises(InvalidArgumentError, match="dataset"):
        client.annotations.list(dataset="nope")
    with pytest.raises(InvalidArgumentError, match="limit"):
        client.annotations.alist(limit=-1)
    with pytest.raises(InvalidArgumentError, match="type"):
        client.score_configs.create(name="x", type="stars")
    with pytest.raises(InvalidArgumentError, match="name"):
        client.score_configs.create(name="", type="binary")
    with pytest.raises(InvalidArgumentError, match="score_config_id"):
        client.score_configs.update("x", name="y")
    assert sent == []
