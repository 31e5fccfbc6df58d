"""Models: the engine's declaration, and what the spec cannot say of them.

- A catalog of built-in models (:mod:`root.emulator.catalog`) is served to every key: they can be read,
  not changed (403), and ``capable_of`` filters by their capabilities (custom models have none, so any
  ``capable_of`` leaves them out; a capability outside the catalog matches nothing).
- The default order is newest first, so models created at run time come first and the built-ins, which
  are older, last; ``ordering`` may be ``name`` or ``created_at``, either way.
- A new model's ``model`` defaults to its ``name`` and ``max_output_token_count`` to 4096.
- ``default_key`` is write-only (the spec says so): stored, never returned.
- Listing items show the owner, the provider and the visibility of built-ins (public) and custom models
  (private, owned by the emulator's user).
- Models keep their own table (``models``), whose database files predate the engine.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any, Final

from root.emulator.catalog import BUILTIN_MODELS, BUILTIN_OWNER, CAPABILITIES, CUSTOM_OWNER, PROVIDERS
from root.emulator.contract import BodyRules
from root.emulator.engine import Resource, View, Where
from root.emulator.store import Store, Table, dump_fields, fields_of, now

# The service's default for a new model, which the spec does not state.
DEFAULT_MAX_OUTPUT_TOKEN_COUNT: Final = 4096

TABLE: Final = Table(name="models", columns={"name": "name"}, writable="builtin = 0")
_CUSTOM: Final = "builtin = 0"

_UPSERT_BUILTIN_SQL: Final = (
    "INSERT INTO models (id, name, fields, builtin, provider_id, capabilities, created_at, updated_at)"
    " VALUES (?, ?, ?, 1, ?, ?, ?, ?)"
    " ON CONFLICT(id) DO UPDATE SET name = excluded.name, fields = excluded.fields, builtin = 1,"
    " provider_id = excluded.provider_id, capabilities = excluded.capabilities,"
    " created_at = excluded.created_at, updated_at = excluded.updated_at"
)


def _seed_catalog(store: Store) -> None:
    # Upserting refreshes the built-ins of a database file written by an older catalog.
    stamp = now()
    rows = [
        (
            m.id,
            m.name,
            dump_fields(m.fields()),
            m.provider_id,
            ",".join(["", *sorted(m.capabilities), ""]),
            m.created_at,
            stamp,
        )
        for m in BUILTIN_MODELS
    ]
    store.write_all(lambda: store.db.executemany(_UPSERT_BUILTIN_SQL, rows))


def _capable_of(value: Any) -> Where:
    capabilities = sorted({c for c in (part.strip() for part in value) if c})
    if not set(capabilities) <= CAPABILITIES:
        return Where(nothing=True)  # Nothing has a capability outside the catalog.
    if not capabilities:
        return Where()
    # Only built-ins have capabilities; saying so lets SQLite skip every custom model. They are stored as
    # ",a,b,", so ",a," matches a whole name only.
    conditions = ("builtin = 1", *["instr(capabilities, ?) > 0"] * len(capabilities))
    return Where(conditions, tuple(f",{c}," for c in capabilities))


def _complete(values: dict[str, Any], rules: BodyRules) -> dict[str, Any]:
    complete = rules.defaults() | values
    complete.setdefault("model", complete["name"])
    complete.setdefault("max_output_token_count", DEFAULT_MAX_OUTPUT_TOKEN_COUNT)
    return complete


def _list_view(row: sqlite3.Row, view: View, params: Mapping[str, Any]) -> View:
    if row["builtin"]:
        provider_id = row["provider_id"]
        provider = PROVIDERS.get(provider_id) if provider_id is not None else None
        return view | {"owner": BUILTIN_OWNER, "provider": provider, "visibility": "PUBLIC"}
    return view | {"owner": CUSTOM_OWNER, "provider": None, "visibility": "PRIVATE"}


def count(store: Store, name: str | None = None, name_prefix: str | None = None) -> int:
    """Counts custom models, optionally only those with an exact name or a name prefix."""
    if name is not None and name_prefix is not None:
        if not name.startswith(name_prefix):
            return 0
        name_prefix = None
    if name is not None:
        return store.count(TABLE, [_CUSTOM, "name = ?"], [name])
    if name_prefix is not None:
        return store.count(TABLE, [_CUSTOM, "substr(name, 1, ?) = ?"], [len(name_prefix), name_prefix])
    return store.count(TABLE, [_CUSTOM])


def stored_field(store: Store, model_id: str, name: str) -> Any:
    """Returns one stored field of a model (None when it has none), write-only ones included.

    Raises:
        KeyError: There is no such model.
    """
    row = store.get(TABLE, model_id)
    if row is None:
        raise KeyError(model_id)
    return fields_of(row).get(name)


def _snapshot(store: Store, query: Mapping[str, str]) -> dict[str, Any]:
    return {
        "models": count(store, query.get("name"), query.get("name_prefix")),
        "builtin_models": store.count(TABLE, ["builtin = 1"]),
    }


MODELS: Final = Resource(
    key="models",
    name="Model",
    table=TABLE,
    collection="/v1/models/",
    item="/v1/models/{id}/",
    ordering=("name", "created_at"),
    filters={"capable_of": _capable_of},
    complete=_complete,
    list_view=_list_view,
    protected=lambda row: bool(row["builtin"]),
    on_open=_seed_catalog,
    snapshot=_snapshot,
)
