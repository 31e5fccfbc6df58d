"""Annotations and score configs: the engine's declarations, and what the spec cannot say of them.

Score configs (``/v1/score-configs/``):

- Two built-in configs are served to every key, read-only (403 on a change, kept by reset) and shown with
  ``is_default`` true: "Score" (continuous, 0 to 1) and "Thumbs" (binary: 👍 is 1, 👎 is 0).
- A config's ``type`` defaults to ``continuous``. A continuous config has no categories and a range,
  ``min_value`` (default 0) below ``max_value`` (default 1). A binary config has exactly two categories, a
  categorical one at least one; each is ``{"label": text, "value": number}``, labels unique, and they have
  no range. Anything else is a 400 on the field.
- In a change, a null ``categories``, ``min_value`` or ``max_value`` leaves the field as it is (the
  official SDK 1.15 sends null for what it does not change). While annotations use a config, only its
  name can change, and it cannot be deleted (400).

Annotations (``/v1/annotations/``):

- Each labels exactly one target, ``dataset_item`` or ``execution_log``, which must exist (else a 400 on
  the field); the target never changes. Without ``score_config`` the built-in "Score" config is used.
- On a continuous config the label is ``value``, within the range, and ``category`` is null. On a binary
  or categorical one, a ``category`` (a label) brings its value, or a ``value`` its category; a change
  with neither keeps the label. ``status`` defaults to ``published``, ``rationale`` to empty.
- Filters: ``dataset`` (the data set of the annotated item), ``dataset_item``, ``execution_log``,
  ``score_config``, ``status``. :func:`annotations_for` gives other resources (calibration, dataset items)
  the annotations of a target.
"""

from __future__ import annotations

import math
import sqlite3
import uuid
from collections.abc import Mapping
from typing import Any, Final

from aiohttp import web

from root.emulator import replies
from root.emulator.engine import Engine, Resource, View, Where
from root.emulator.replies import Reply
from root.emulator.resources.execution_logs import LOGS
from root.emulator.store import Store, Table, fields_of

_BUILTIN: Final = uuid.UUID("6f1d2c3b-8a4e-4f5a-9b0c-1d2e3f4a5b6c")
SCORE_ID: Final = str(uuid.uuid5(_BUILTIN, "Score"))
"""The built-in continuous "Score" config: an annotation without a score config is on it."""
THUMBS_ID: Final = str(uuid.uuid5(_BUILTIN, "Thumbs"))
_BUILTINS: Final = (
    (SCORE_ID, {"name": "Score", "type": "continuous", "categories": [], "min_value": 0.0, "max_value": 1.0}),
    (THUMBS_ID, {"name": "Thumbs", "type": "binary", "categories": [{"label": "👍", "value": 1.0},
                 {"label": "👎", "value": 0.0}], "min_value": None, "max_value": None}),
)  # fmt: skip
_BUILT_AT: Final = "2024-01-01T00:00:00.000000+00:00"
_SCALE: Final = ("type", "categories", "min_value", "max_value")
_MAX_CATEGORIES: Final = 100
TARGETS: Final = {"dataset_item": Table(resource="dataset_items"), "execution_log": LOGS.table}
"""What an annotation can label: its field, and where the emulator keeps such objects."""

CONFIG_TABLE: Final = Table(resource="score_configs", writable="json_extract(fields, '$.is_default') IS NOT 1")
ANNOTATION_TABLE: Final = Table(resource="annotations")


def _canonical(value: Any) -> Any:
    """An id as the emulator stores it (lower case, hyphenated); anything else as it is."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return value


def _id_equals(name: str) -> Any:
    def where(value: Any) -> Where:
        return Where((f"json_extract(fields, '$.{name}') = ?",), (_canonical(value),))

    return where


def _in_use(store: Store, config_id: str) -> bool:
    return store.count(ANNOTATION_TABLE, ["json_extract(fields, '$.score_config') = ?"], [config_id]) > 0


# -- score configs -------------------------------------------------------------------------------------------


def _categories(kind: str, categories: Any) -> list[dict[str, Any]] | str:
    """A binary or categorical config's categories, checked; or the message of what is wrong."""
    if not isinstance(categories, list) or not categories:
        return "A list of categories, each with a label and a value, is required."
    if kind == "binary" and len(categories) != 2:
        return "A binary score config has exactly two categories."
    if len(categories) > _MAX_CATEGORIES:
        return f"Ensure there are no more than {_MAX_CATEGORIES} categories."
    checked: list[dict[str, Any]] = []
    for category in categories:
        label = category.get("label") if isinstance(category, dict) else None
        value = category.get("value") if isinstance(category, dict) else None
        if not isinstance(label, str) or not label.strip() or len(label.strip()) > 255 or "\x00" in label:
            return "Each category needs a label: text of 1 to 255 characters."
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            return "Each category needs a value: a number."
        checked.append({"label": label.strip(), "value": float(value)})
    if len({c["label"] for c in checked}) != len(checked):
        return "The labels of the categories must be unique."
    return checked


def _prepare_config(engine: Engine, values: dict[str, Any], row: sqlite3.Row | None) -> dict[str, Any] | Reply:
    old = fields_of(row) if row is not None else {}
    # A null categories, min_value or max_value leaves the field as it is.
    changes = {k: v for k, v in values.items() if v is not None or k not in ("categories", "min_value", "max_value")}
    changed = row is not None and any(k in changes and changes[k] != old.get(k) for k in _SCALE)
    if changed and row is not None and _in_use(engine.store, row["id"]):
        return replies.non_field_error("Annotations use this score config: only its name can change.")
    fields = old | changes
    kind = fields.get("type") or "continuous"
    if kind == "continuous":
        if fields.get("categories"):
            return replies.bad_request({"categories": ["A continuous score config has no categories."]})
        low = 0.0 if fields.get("min_value") is None else fields["min_value"]
        high = 1.0 if fields.get("max_value") is None else fields["max_value"]
        if not low < high:
            return replies.bad_request({"max_value": ["Ensure this value is greater than min_value."]})
        return fields | {"type": kind, "categories": [], "min_value": low, "max_value": high}
    for bound in ("min_value", "max_value"):
        if changes.get(bound) is not None:
            return replies.bad_request({bound: [f"A {kind} score config has no range: its categories have values."]})
    checked = _categories(kind, fields.get("categories"))
    if isinstance(checked, str):
        return replies.bad_request({"categories": [checked]})
    return fields | {"type": kind, "categories": checked, "min_value": None, "max_value": None}


def _config_view(row: sqlite3.Row, view: View) -> View:
    return view | {"is_default": bool(view.get("is_default"))}


def _seed(store: Store) -> None:
    for config_id, fields in _BUILTINS:
        if store.get(CONFIG_TABLE, config_id) is None:
            store.insert(CONFIG_TABLE, config_id, fields | {"is_default": True}, created_at=_BUILT_AT)


def _builtin(row: sqlite3.Row) -> bool:
    return bool(fields_of(row).get("is_default"))


async def _delete_config(engine: Engine, resource: Resource, request: web.Request) -> Reply:
    row = engine.find(resource, request)
    if row is None:
        return replies.no_match(resource.name)
    if _builtin(row):
        return replies.FORBIDDEN
    if _in_use(engine.store, row["id"]):
        return replies.non_field_error("Annotations use this score config: delete them first.")
    return engine.delete(resource, row)


def _config_snapshot(store: Store, query: Mapping[str, str]) -> dict[str, Any]:
    builtin = store.count(CONFIG_TABLE, ["json_extract(fields, '$.is_default') IS 1"])
    return {"score_configs": store.count(CONFIG_TABLE) - builtin, "builtin_score_configs": builtin}


SCORE_CONFIGS: Final = Resource(
    key="score_configs",
    name="ScoreConfig",
    table=CONFIG_TABLE,
    collection="/v1/score-configs/",
    item="/v1/score-configs/{id}/",
    prepare=_prepare_config,
    view=_config_view,
    protected=_builtin,
    actions={("/v1/score-configs/{id}/", "DELETE"): _delete_config},
    on_open=_seed,
    snapshot=_config_snapshot,
)


# -- annotations ---------------------------------------------------------------------------------------------


def _label(config: Mapping[str, Any], values: Mapping[str, Any], old: Mapping[str, Any]) -> dict[str, Any] | Reply:
    """``value`` and ``category`` on the config's scale, from the request's (else the stored) label."""
    value, category = values.get("value"), values.get("category")
    if config.get("type") == "continuous":
        if category is not None:
            return replies.bad_request({"category": ["A continuous score config takes a value, not a category."]})
        value = old.get("value") if value is None else value
        if value is None:
            return replies.bad_request({"value": ["A value is required on a continuous score config."]})
        if not config["min_value"] <= value <= config["max_value"]:
            message = f"Ensure this value is between {config['min_value']} and {config['max_value']}."
            return replies.bad_request({"value": [message]})
        return {"value": float(value), "category": None}
    categories = config.get("categories") or []
    if category is not None:
        found = [c for c in categories if c["label"] == category]
        if not found:
            return replies.bad_request({"category": [f'"{category}" is not a category of this score config.']})
        if value is not None and value != found[0]["value"]:
            return replies.bad_request({"value": [f'The category "{category}" has the value {found[0]["value"]}.']})
    elif value is not None:
        found = [c for c in categories if c["value"] == value]
        if not found:
            return replies.bad_request({"value": [f"{value} is the value of no category of this score config."]})
    else:
        found = [c for c in categories if c["label"] == old.get("category")]
        if not found:
            return replies.bad_request({"category": ["A category is required on this score config."]})
    return {"value": found[0]["value"], "category": found[0]["label"]}


def _target(engine: Engine, name: str, target_id: str) -> sqlite3.Row | None:
    """The object an annotation labels, or None when the emulator holds no such object."""
    return engine.store.get(TARGETS[name], target_id)


def _dataset_of(item: sqlite3.Row) -> Any:
    """The data set a data set item belongs to: its row's parent, or its ``dataset_id`` field."""
    parent = item["parent"] if "parent" in item.keys() else None  # noqa: SIM118 - sqlite3.Row has no __contains__
    fields = fields_of(item)
    return parent or fields.get("dataset_id") or fields.get("dataset")


def _prepare_annotation(engine: Engine, values: dict[str, Any], row: sqlite3.Row | None) -> dict[str, Any] | Reply:
    old = fields_of(row) if row is not None else {"rationale": "", "status": "published"}
    values = {k: _canonical(v) if k in (*TARGETS, "score_config") and v is not None else v for k, v in values.items()}
    errors: dict[str, list[str]] = {}
    if row is not None:
        for name in (*TARGETS, "score_config"):
            if name in values and values[name] != old.get(name):
                errors[name] = ["The target and the score config of an annotation cannot change."]
        if errors:
            return replies.bad_request(errors)
    fields = old | {k: v for k, v in values.items() if k not in ("value", "category")}
    derived: dict[str, Any] = {}
    if row is None:
        targets = [name for name in TARGETS if fields.get(name) is not None]
        if len(targets) != 1:
            return replies.non_field_error("Exactly one of dataset_item and execution_log must be given.")
        found = _target(engine, targets[0], fields[targets[0]])
        if found is None:
            return replies.bad_request({targets[0]: [f'Invalid pk "{fields[targets[0]]}" - object does not exist.']})
        if targets[0] == "dataset_item":
            derived["dataset"] = _dataset_of(found)
        fields["score_config"] = fields.get("score_config") or SCORE_ID
    config_id = fields["score_config"]
    config = engine.store.get(CONFIG_TABLE, config_id)
    if config is None:
        return replies.bad_request({"score_config": [f'Invalid pk "{config_id}" - object does not exist.']})
    label = _label(fields_of(config), values, old)
    if not isinstance(label, dict):
        return label
    return fields | derived | label


def annotations_for(
    engine: Engine,
    *,
    dataset_item: str | None = None,
    execution_log: str | None = None,
    dataset: str | None = None,
    score_config: str | None = None,
    status: str | None = "published",
) -> list[View]:
    """The annotations of a target (or of a data set's items), newest first, as the API shows them.

    Args:
        engine: The running engine.
        dataset_item: Only those of this data set item.
        execution_log: Only those of this execution log.
        dataset: Only those of this data set's items.
        score_config: Only those on this score config.
        status: Only those with this status (``None``: any); by default the published ones, which are what
            calibration measures against.
    """
    wanted = {"dataset_item": dataset_item, "execution_log": execution_log, "dataset": dataset}
    wanted |= {"score_config": score_config, "status": status}
    wheres = [_id_equals(name)(value) for name, value in wanted.items() if value is not None]
    rows = engine.store.page(
        ANNOTATION_TABLE,
        order="created_at",
        descending=True,
        after=None,
        limit=2**31,
        conditions=[c for w in wheres for c in w.conditions],
        values=[v for w in wheres for v in w.values],
    )
    return [engine.show(ANNOTATIONS, row, "GET") for row in rows]


ANNOTATIONS: Final = Resource(
    key="annotations",
    name="Annotation",
    table=ANNOTATION_TABLE,
    collection="/v1/annotations/",
    item="/v1/annotations/{id}/",
    filters={name: _id_equals(name) for name in ("dataset", "dataset_item", "execution_log", "score_config", "status")},
    prepare=_prepare_annotation,
)
