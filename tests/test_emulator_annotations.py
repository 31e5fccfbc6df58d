"""Annotations and score configs on the emulator, over real HTTP through the SDK, sync and async: built-in
configs, labels on each kind of scale, targets that must exist, filters, listings over several pages, and
the hostile bodies a client may send."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from root import RootSignals
from root.emulator import Emulator
from root.emulator.resources.annotations import SCORE_ID, THUMBS_ID, annotations_for
from root.emulator.resources.execution_logs import LOGS
from root.emulator.store import Table
from root.errors import BadRequestError, NotFoundError, PermissionDeniedError

from .conftest import API_KEY
from .test_emulator import Response, call

THUMBS_UP, THUMBS_DOWN = "👍", "👎"
FIXED_LOG = "5a0c6a55-2f3e-4d1b-9c8a-7e6f5d4c3b2a"


def _log(emulator: Emulator) -> str:
    return str(emulator.add_execution_log(score=0.5, executed_item_name="ev")["id"])


def _item(emulator: Emulator, dataset_id: str) -> str:
    """A data set item as the emulator keeps them (the files group's resource serves them over the API)."""
    item_id = str(uuid.uuid4())
    table = Table(resource="dataset_items")
    emulator._call(lambda s: s.engine.store.insert(table, item_id, {"request": "q"}, parent=dataset_id))
    return item_id


def _raw(emulator: Emulator, method: str, path: str, body: Any = None) -> Response:
    return call(emulator, method, path, body, key=API_KEY, raw=b"null" if body is None else None)


def test_built_in_score_configs_are_listed_and_read_only(client: RootSignals, emulator: Emulator) -> None:
    configs = {c.name: c for c in client.score_configs.list(limit=None)}
    assert set(configs) == {"Score", "Thumbs"}
    score, thumbs = configs["Score"], configs["Thumbs"]
    assert (score.id, score.type, score.min_value, score.max_value, score.is_default) == (
        SCORE_ID, "continuous", 0.0, 1.0, True,
    )  # fmt: skip
    assert thumbs.id == THUMBS_ID
    assert thumbs.categories == [{"label": THUMBS_UP, "value": 1.0}, {"label": THUMBS_DOWN, "value": 0.0}]
    with pytest.raises(PermissionDeniedError):
        client.score_configs.update(SCORE_ID, name="mine")
    with pytest.raises(PermissionDeniedError):
        client.score_configs.delete(THUMBS_ID)
    assert emulator.reset() == 0
    assert {c.name for c in client.score_configs.list()} == {"Score", "Thumbs"}


def test_score_configs_crud_and_their_rules(client: RootSignals) -> None:
    quality = client.score_configs.create(name="Quality", type="continuous", min_value=1, max_value=5)
    assert (quality.type, quality.min_value, quality.max_value, quality.is_default) == ("continuous", 1.0, 5.0, False)
    assert quality.categories == []
    stars = client.score_configs.create(
        name=" Stars ", type="categorical", categories=[{"label": "one", "value": 1}, {"label": "two", "value": 2}]
    )
    assert stars.name == "Stars"
    assert client.score_configs.get(stars.id).categories == [
        {"label": "one", "value": 1.0},
        {"label": "two", "value": 2.0},
    ]
    # Newest first: the caller's configs, then the built-ins.
    assert [c.name for c in client.score_configs.list()] == ["Stars", "Quality", "Thumbs", "Score"]
    assert client.score_configs.update(quality.id, max_value=10).max_value == 10.0
    assert client.score_configs.update(quality.id, name="Q").min_value == 1.0
    client.score_configs.delete(quality.id)
    with pytest.raises(NotFoundError):
        client.score_configs.get(quality.id)

    refused = [
        ({"type": "binary", "categories": [{"label": "yes", "value": 1}]}, "categories"),
        ({"type": "binary"}, "categories"),
        ({"type": "categorical", "categories": [{"label": "a", "value": 1}, {"label": "a", "value": 2}]}, "categories"),
        ({"type": "categorical", "categories": [{"label": "", "value": 1}]}, "categories"),
        ({"type": "categorical", "categories": [{"label": "a", "value": "1"}]}, "categories"),
        ({"type": "categorical", "categories": [{"label": "a", "value": 1}], "min_value": 0}, "min_value"),
        ({"type": "continuous", "categories": [{"label": "a", "value": 1}]}, "categories"),
        ({"type": "continuous", "min_value": 2, "max_value": 1}, "max_value"),
    ]
    for fields, field in refused:
        with pytest.raises(BadRequestError) as caught:
            client.score_configs.create(name="bad", **fields)
        assert field in caught.value.field_errors, fields
    assert [c.name for c in client.score_configs.list()] == ["Stars", "Thumbs", "Score"]


def test_annotations_on_each_kind_of_scale(client: RootSignals, emulator: Emulator) -> None:
    log = _log(emulator)
    raw = client.annotations.create(execution_log_id=log, value=0.75, rationale="close")
    assert (raw.score_config, raw.value, raw.category, raw.status, raw.execution_log, raw.dataset_item) == (
        SCORE_ID, 0.75, None, "published", log, None,
    )  # fmt: skip
    thumbs = client.annotations.create(execution_log_id=uuid.UUID(log), category=THUMBS_DOWN, score_config_id=THUMBS_ID)
    assert (thumbs.value, thumbs.category) == (0.0, THUMBS_DOWN)
    # A new category brings its value, a new value its category; the rationale stays.
    changed = client.annotations.update(thumbs.id, category=THUMBS_UP)
    assert (changed.value, changed.category) == (1.0, THUMBS_UP)
    changed = client.annotations.update(thumbs.id, value=0, status="draft")
    assert (changed.value, changed.category, changed.status) == (0.0, THUMBS_DOWN, "draft")
    assert client.annotations.get(thumbs.id).status == "draft"

    for fields, field in [
        ({"value": 1.5}, "value"),
        ({"category": THUMBS_UP}, "category"),
        ({}, "value"),
        ({"score_config_id": THUMBS_ID, "category": "maybe"}, "category"),
        ({"score_config_id": THUMBS_ID, "value": 0.5}, "value"),
        ({"score_config_id": THUMBS_ID}, "category"),
        ({"score_config_id": str(uuid.uuid4()), "value": 0.5}, "score_config"),
    ]:
        with pytest.raises(BadRequestError) as caught:
            client.annotations.create(execution_log_id=log, **fields)
        assert field in caught.value.field_errors, fields
    with pytest.raises(BadRequestError) as caught:
        client.annotations.update(raw.id, value=2)
    assert "value" in caught.value.field_errors

    client.annotations.delete(raw.id)
    with pytest.raises(NotFoundError):
        client.annotations.get(raw.id)


def test_targets_must_exist_and_never_change(client: RootSignals, emulator: Emulator) -> None:
    for target in ("dataset_item_id", "execution_log_id"):
        with pytest.raises(BadRequestError) as caught:
            client.annotations.create(**{target: uuid.uuid4()}, value=0.5)
        assert target.removesuffix("_id") in caught.value.field_errors
    log = _log(emulator)
    annotation = client.annotations.create(execution_log_id=log, value=0.5)
    both = _raw(emulator, "POST", "/v1/annotations/", {"execution_log": log, "dataset_item": log, "value": 0.5})
    assert (both.status, list(both.json())) == (400, ["non_field_errors"])
    moved = _raw(emulator, "PATCH", f"/v1/annotations/{annotation.id}/", {"execution_log": _log(emulator)})
    assert (moved.status, list(moved.json())) == (400, ["execution_log"])
    put = _raw(emulator, "PUT", f"/v1/annotations/{annotation.id}/", {"value": 0.25, "rationale": "r"})
    assert (put.status, put.json()["value"], put.json()["execution_log"]) == (200, 0.25, log)


def test_a_config_in_use_keeps_its_scale(client: RootSignals, emulator: Emulator) -> None:
    config = client.score_configs.create(name="Grade", type="continuous", min_value=0, max_value=10)
    annotation = client.annotations.create(execution_log_id=_log(emulator), value=7, score_config_id=config.id)
    with pytest.raises(BadRequestError):
        client.score_configs.update(config.id, max_value=5)
    with pytest.raises(BadRequestError):
        client.score_configs.delete(config.id)
    assert client.score_configs.update(config.id, name="Mark").name == "Mark"
    client.annotations.delete(annotation.id)
    assert client.score_configs.update(config.id, max_value=5).max_value == 5.0
    client.score_configs.delete(config.id)


def test_filters_and_listings_over_several_pages(client: RootSignals, emulator: Emulator) -> None:
    emulator.configure(max_page_size=2)
    dataset = str(uuid.uuid4())
    items = [_item(emulator, dataset) for _ in range(3)]
    other = _item(emulator, str(uuid.uuid4()))
    log = _log(emulator)
    made = [client.annotations.create(dataset_item_id=i, value=0.1 * n) for n, i in enumerate(items)]
    made.append(client.annotations.create(dataset_item_id=other, category=THUMBS_UP, score_config_id=THUMBS_ID))
    made.append(client.annotations.create(execution_log_id=log, value=1, status="draft"))
    newest_first = [a.id for a in reversed(made)]
    assert [a.id for a in client.annotations.list(limit=None)] == newest_first
    assert [a.id for a in client.annotations.list(limit=3)] == newest_first[:3]
    assert [a.id for a in client.annotations.list(dataset=dataset.upper())] == [a.id for a in reversed(made[:3])]
    assert [a.id for a in client.annotations.list(dataset_item=items[1])] == [made[1].id]
    assert [a.id for a in client.annotations.list(execution_log=log)] == [made[4].id]
    assert [a.id for a in client.annotations.list(score_config=THUMBS_ID)] == [made[3].id]
    assert [a.id for a in client.annotations.list(status="draft")] == [made[4].id]
    assert len(list(client.annotations.list(status="published"))) == 4
    assert len(list(client.score_configs.list(limit=None))) == 2

    def published(**filters: Any) -> list[str]:
        return [a["id"] for a in emulator._call(lambda s: annotations_for(s.engine, **filters))]

    assert published(dataset=dataset) == [a.id for a in reversed(made[:3])]
    assert published(dataset_item=items[0]) == [made[0].id]
    assert published(execution_log=log) == []
    assert [a["id"] for a in emulator._call(lambda s: annotations_for(s.engine, execution_log=log, status=None))] == [
        made[4].id
    ]


def test_async(client: RootSignals, emulator: Emulator) -> None:
    log = _log(emulator)
    emulator.configure(max_page_size=2)

    async def scenario() -> None:
        async with RootSignals(api_key=API_KEY, base_url=emulator.url, run_async=True) as aclient:
            config = await aclient.score_configs.acreate(
                name="Verdict", type="binary", categories=[{"label": "pass", "value": 1}, {"label": "fail", "value": 0}]
            )
            assert (await aclient.score_configs.aget(config.id)).name == "Verdict"
            assert (await aclient.score_configs.aupdate(config.id, name="Outcome")).name == "Outcome"
            assert [c.name async for c in aclient.score_configs.alist(limit=None)] == ["Outcome", "Thumbs", "Score"]
            made = [
                await aclient.annotations.acreate(execution_log_id=log, category=label, score_config_id=config.id)
                for label in ("pass", "fail", "pass")
            ]
            assert (await aclient.annotations.aget(made[1].id)).value == 0.0
            assert (await aclient.annotations.aupdate(made[1].id, category="pass")).value == 1.0
            listed = [a.id async for a in aclient.annotations.alist(score_config=config.id, limit=None)]
            assert listed == [a.id for a in reversed(made)]
            for annotation in made:
                await aclient.annotations.adelete(annotation.id)
            await aclient.score_configs.adelete(config.id)
            assert [a async for a in aclient.annotations.alist()] == []

    asyncio.run(scenario())


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x", "categories": {"label": "a"}},
        {"name": "x", "type": "categorical", "categories": [None, 1, "a"]},
        {"name": "x", "type": "categorical", "categories": [{"label": "a" * 300, "value": 1}]},
        {"name": "x", "type": "categorical", "categories": [{"label": "a", "value": True}]},
        {"name": "x", "type": "categorical", "categories": [{"label": "\x00", "value": 1}]},
        {"name": "x", "type": "categorical", "categories": [{"label": str(i), "value": i} for i in range(101)]},
        {"name": "x", "min_value": "low"},
        {"name": "x", "min_value": 1e308, "max_value": -1e308},
    ],
)
def test_hostile_score_config_bodies_are_400(emulator: Emulator, body: dict[str, Any]) -> None:
    answer = _raw(emulator, "POST", "/v1/score-configs/", body)
    assert answer.status == 400, answer.body


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"execution_log": "not-a-uuid", "value": 0.5},
        {"execution_log": None, "dataset_item": None, "value": 0.5},
        {"value": 0.5},
        {"execution_log": str(uuid.uuid4()), "value": "high"},
        {"execution_log": str(uuid.uuid4()), "status": "final"},
        {"execution_log": str(uuid.uuid4()), "score_config": 7},
    ],
)
def test_hostile_annotation_bodies_are_400(emulator: Emulator, body: Any) -> None:
    answer = _raw(emulator, "POST", "/v1/annotations/", body)
    assert answer.status == 400, answer.body


def test_changes_as_the_official_sdk_sends_them(client: RootSignals, emulator: Emulator) -> None:
    """The official SDK 1.15's update sends null for every nullable field it does not change: a null label
    keeps the label, a null scale keeps the scale (so a config in use can still be renamed)."""
    config = client.score_configs.create(name="Grade", type="continuous", min_value=0, max_value=10)
    annotation = client.annotations.create(execution_log_id=_log(emulator), value=7, score_config_id=config.id)
    patched = _raw(emulator, "PATCH", f"/v1/annotations/{annotation.id}/",
                   {"value": None, "category": None, "rationale": "checked", "status": "draft"})  # fmt: skip
    assert patched.status == 200, patched.body
    assert (patched.json()["value"], patched.json()["category"], patched.json()["rationale"]) == (7.0, None, "checked")
    renamed = _raw(emulator, "PATCH", f"/v1/score-configs/{config.id}/",
                   {"name": "Mark", "categories": None, "min_value": None, "max_value": None})  # fmt: skip
    assert renamed.status == 200, renamed.body
    assert (renamed.json()["name"], renamed.json()["min_value"], renamed.json()["max_value"]) == ("Mark", 0.0, 10.0)
    thumbs = client.annotations.create(execution_log_id=_log(emulator), category=THUMBS_UP, score_config_id=THUMBS_ID)
    kept = _raw(emulator, "PATCH", f"/v1/annotations/{thumbs.id}/", {"value": None, "category": None})
    assert (kept.status, kept.json()["category"], kept.json()["value"]) == (200, THUMBS_UP, 1.0)


_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.sampled_from([THUMBS_UP, "pass", SCORE_ID, THUMBS_ID, "binary", "categorical", "continuous", "draft"]),
)
_json = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["label", "value"]), inner, max_size=2),
    max_leaves=8,
)
_CONFIG_FIELDS = ("name", "type", "categories", "min_value", "max_value")
_ANNOTATION_FIELDS = ("dataset_item", "execution_log", "score_config", "value", "category", "rationale", "status")


@settings(derandomize=True, database=None, deadline=None, max_examples=60,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(
    config=st.dictionaries(st.sampled_from(_CONFIG_FIELDS), _json, max_size=5),
    annotation=st.dictionaries(st.sampled_from(_ANNOTATION_FIELDS), _json, max_size=5),
    method=st.sampled_from(["POST", "PUT", "PATCH"]),
)
def test_any_body_is_answered_within_the_contract(
    emulator: Emulator, config: dict[str, Any], annotation: dict[str, Any], method: str
) -> None:
    """Whatever JSON a client sends, the answer is a 2xx or a 4xx that the spec allows (the fixture checks
    every response against it), never a 500; what is stored can be read back."""
    log = emulator._call(lambda s: s.engine.store.get(LOGS.table, FIXED_LOG)) or emulator.add_execution_log(
        id=FIXED_LOG, score=0.5
    )
    assert log is not None
    annotation = {**annotation, "execution_log": annotation.get("execution_log", FIXED_LOG)}
    made = _raw(emulator, "POST", "/v1/score-configs/", config)
    assert made.status in (201, 400), made.body
    target = made.json()["id"] if made.status == 201 else str(uuid.uuid4())
    changed = _raw(emulator, method if method != "POST" else "PATCH", f"/v1/score-configs/{target}/", config)
    assert changed.status in (200, 400, 404), changed.body
    labelled = _raw(emulator, "POST", "/v1/annotations/", annotation)
    assert labelled.status in (201, 400), labelled.body
    if labelled.status == 201:
        path = f"/v1/annotations/{labelled.json()['id']}/"
        assert _raw(emulator, method if method != "POST" else "PUT", path, annotation).status in (200, 400)
        assert _raw(emulator, "GET", path).status == 200
    for listing in ("/v1/annotations/", "/v1/score-configs/"):
        assert _raw(emulator, "GET", listing).status == 200
