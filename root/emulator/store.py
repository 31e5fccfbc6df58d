"""SQLite storage for the emulator's models.

One table holds built-in and custom models alike, so listing, filtering and keyset pagination are one
indexed query. Every write is its own autocommitted statement, so a file database is consistent after
each request. ``created_at`` is stored as a fixed-width ISO 8601 UTC string, which sorts chronologically.

A ``Store`` is not thread-safe: the emulator only ever uses it from its event loop's thread.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Final

from root.emulator.catalog import BUILTIN_MODELS

SCHEMA_VERSION: Final = 1

# (seq, id, name, created_at, builtin, provider_id)
ListRow = tuple[int, str, str, str, int, str | None]
# (id, name, model, max_output_token_count, max_token_count, url, builtin)
DetailRow = tuple[str, str, str, int, int | None, str | None, int]

# Columns a caller may write; update SQL is only ever built from these names.
WRITABLE: Final = ("name", "model", "default_key", "max_output_token_count", "max_token_count", "url")
# Orderings a caller may ask for, mapped to their column.
ORDER_COLUMNS: Final = {"name": "name", "created_at": "created_at"}

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS models (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    model TEXT NOT NULL,
    default_key TEXT,
    max_output_token_count INTEGER NOT NULL,
    max_token_count INTEGER,
    url TEXT,
    builtin INTEGER NOT NULL DEFAULT 0,
    provider_id TEXT,
    capabilities TEXT NOT NULL DEFAULT ',',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS models_by_created ON models (created_at, seq);
CREATE INDEX IF NOT EXISTS models_by_name ON models (name, seq);
CREATE INDEX IF NOT EXISTS models_by_builtin ON models (builtin, name);
"""

_LIST_COLUMNS: Final = "seq, id, name, created_at, builtin, provider_id"
_DETAIL_COLUMNS: Final = "id, name, model, max_output_token_count, max_token_count, url, builtin"

_GET_SQL: Final = f"SELECT {_DETAIL_COLUMNS} FROM models WHERE id = ?"  # noqa: S608 - constant columns
_INSERT_SQL: Final = (
    "INSERT INTO models (id, name, model, default_key, max_output_token_count, max_token_count, url,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT_BUILTIN_SQL: Final = (
    "INSERT INTO models (id, name, model, max_output_token_count, max_token_count, builtin, provider_id,"
    " capabilities, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)"
    " ON CONFLICT(id) DO UPDATE SET name = excluded.name, model = excluded.model,"
    " max_output_token_count = excluded.max_output_token_count, max_token_count = excluded.max_token_count,"
    " builtin = 1, provider_id = excluded.provider_id, capabilities = excluded.capabilities,"
    " created_at = excluded.created_at, updated_at = excluded.updated_at"
)
_DELETE_SQL: Final = "DELETE FROM models WHERE id = ? AND builtin = 0"
_DELETE_CUSTOM_SQL: Final = "DELETE FROM models WHERE builtin = 0"
_COUNT_SQL: Final = "SELECT count(*) FROM models WHERE builtin = ?"
_COUNT_NAME_SQL: Final = "SELECT count(*) FROM models WHERE builtin = 0 AND name = ?"
_COUNT_PREFIX_SQL: Final = "SELECT count(*) FROM models WHERE builtin = 0 AND substr(name, 1, ?) = ?"
_DEFAULT_KEY_SQL: Final = "SELECT default_key FROM models WHERE id = ?"


def now() -> str:
    """Returns the current UTC time as a fixed-width ISO 8601 string (microseconds, ``+00:00``)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _list_sql(column: str, descending: bool, after: bool, n_capabilities: int) -> str:
    cmp, direction = ("<", "DESC") if descending else (">", "ASC")
    conditions = [f"({column}, seq) {cmp} (?, ?)"] if after else []
    if n_capabilities:
        # Only built-ins have capabilities; saying so lets SQLite skip every custom model instead of
        # scanning past them all.
        conditions.append("builtin = 1")
    # Capabilities are stored as ",a,b,", so ",a," matches a whole name only.
    conditions += ["instr(capabilities, ?) > 0"] * n_capabilities
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    # Only whitelisted column names and fixed fragments are interpolated; values are always bound.
    return (
        f"SELECT {_LIST_COLUMNS} FROM models{where}"  # noqa: S608
        f" ORDER BY {column} {direction}, seq {direction} LIMIT ?"
    )


class Store:
    """The models table of one SQLite database.

    Args:
        path: A database file (created when missing), or ``":memory:"`` for a private in-memory database.

    Raises:
        ValueError: The file holds a database of another schema version.
        sqlite3.Error: The file cannot be opened.
    """

    def __init__(self, path: str | os.PathLike[str] = ":memory:") -> None:
        self.path = os.fspath(path)
        # Autocommit: each write statement is committed on its own, no transaction is left open.
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            self._setup()
        except BaseException:
            self._db.close()
            raise
        self._list_sql: dict[tuple[str, bool, bool, int], str] = {}
        self._update_sql: dict[tuple[str, ...], str] = {}

    def _setup(self) -> None:
        db = self._db
        if self.path not in ("", ":memory:"):
            db.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL survives a crash of the process, which is all an emulator needs, and is much
            # faster than FULL.
            db.execute("PRAGMA synchronous = NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise ValueError(
                f"{self.path} holds an emulator database of schema version {version}; "
                f"this emulator reads version {SCHEMA_VERSION}"
            )
        db.executescript(_SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        # Upserting refreshes the built-ins of a database file written by an older catalog.
        stamp = now()
        db.execute("BEGIN")
        try:
            db.executemany(
                _UPSERT_BUILTIN_SQL,
                [
                    (
                        m.id,
                        m.name,
                        m.name,
                        m.max_output_token_count,
                        m.max_token_count,
                        m.provider_id,
                        "," + ",".join(sorted(m.capabilities)) + ",",
                        m.created_at,
                        stamp,
                    )
                    for m in BUILTIN_MODELS
                ],
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Closes the database. Safe to call more than once."""
        self._db.close()

    def list_page(
        self,
        order: str,
        descending: bool,
        capabilities: Sequence[str],
        after: tuple[str, int] | None,
        limit: int,
    ) -> list[ListRow]:
        """Returns up to ``limit`` models in keyset order.

        Args:
            order: A key of ``ORDER_COLUMNS``.
            descending: Whether to walk the order backwards.
            capabilities: Capabilities every returned model must have.
            after: The (order value, seq) position to start strictly after, in walking direction.
            limit: The most rows to return.

        Returns:
            Rows of ``(seq, id, name, created_at, builtin, provider_id)``.
        """
        key = (order, descending, after is not None, len(capabilities))
        sql = self._list_sql.get(key)
        if sql is None:
            sql = self._list_sql[key] = _list_sql(ORDER_COLUMNS[order], *key[1:])
        params: list[object] = list(after) if after is not None else []
        params.extend(f",{c}," for c in capabilities)
        params.append(limit)
        rows: list[ListRow] = self._db.execute(sql, params).fetchall()
        return rows

    def get(self, model_id: str) -> DetailRow | None:
        """Returns one model's ``(id, name, model, max_output_token_count, max_token_count, url, builtin)``."""
        row: DetailRow | None = self._db.execute(_GET_SQL, (model_id,)).fetchone()
        return row

    def create(self, model_id: str, values: Mapping[str, object]) -> DetailRow:
        """Inserts a custom model.

        Args:
            model_id: The new model's id.
            values: A value for every name in ``WRITABLE``.

        Returns:
            The stored model.
        """
        stamp = now()
        self._db.execute(
            _INSERT_SQL,
            (
                model_id,
                values["name"],
                values["model"],
                values["default_key"],
                values["max_output_token_count"],
                values["max_token_count"],
                values["url"],
                stamp,
                stamp,
            ),
        )
        row = self.get(model_id)
        if row is None:  # pragma: no cover - the row was inserted just above
            raise RuntimeError(f"model {model_id} vanished after insert")
        return row

    def update(self, model_id: str, values: Mapping[str, object]) -> DetailRow | None:
        """Changes the given fields of a custom model.

        Args:
            model_id: The model to change.
            values: New values; every key must be in ``WRITABLE``.

        Returns:
            The stored model after the change, or None when there is no such custom model.
        """
        columns = tuple(c for c in WRITABLE if c in values)
        sql = self._update_sql.get(columns)
        if sql is None:
            assignments = "".join(f"{c} = ?, " for c in columns)
            # Column names come from WRITABLE only; values are always bound.
            sql = f"UPDATE models SET {assignments}updated_at = ? WHERE id = ? AND builtin = 0"  # noqa: S608
            self._update_sql[columns] = sql
        params = [values[c] for c in columns]
        params += [now(), model_id]
        if self._db.execute(sql, params).rowcount == 0:
            return None
        return self.get(model_id)

    def delete(self, model_id: str) -> bool:
        """Deletes a custom model; returns whether there was one."""
        return self._db.execute(_DELETE_SQL, (model_id,)).rowcount > 0

    def delete_custom(self) -> int:
        """Deletes every custom model; returns how many there were."""
        return self._db.execute(_DELETE_CUSTOM_SQL).rowcount

    def count_builtin(self) -> int:
        """Returns how many built-in models there are."""
        count: int = self._db.execute(_COUNT_SQL, (1,)).fetchone()[0]
        return count

    def count_custom(self, name: str | None = None, name_prefix: str | None = None) -> int:
        """Counts custom models, optionally only those with an exact name or a name prefix."""
        if name is not None and name_prefix is not None:
            if not name.startswith(name_prefix):
                return 0
            name_prefix = None
        if name is not None:
            cursor = self._db.execute(_COUNT_NAME_SQL, (name,))
        elif name_prefix is not None:
            cursor = self._db.execute(_COUNT_PREFIX_SQL, (len(name_prefix), name_prefix))
        else:
            cursor = self._db.execute(_COUNT_SQL, (0,))
        count: int = cursor.fetchone()[0]
        return count

    def default_key(self, model_id: str) -> str | None:
        """Returns a model's stored default key, which the API never returns.

        Raises:
            KeyError: There is no such model.
        """
        row = self._db.execute(_DEFAULT_KEY_SQL, (model_id,)).fetchone()
        if row is None:
            raise KeyError(model_id)
        key: str | None = row[0]
        return key
