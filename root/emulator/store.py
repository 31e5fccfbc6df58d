"""SQLite storage for the emulator's models.

One table holds built-in and custom models alike, so listing, filtering and keyset pagination are one
indexed query. The store knows nothing of the contract's fields: a model's writable fields are kept as one
JSON object (``fields``), so a field the spec adds needs no new column, and integers larger than SQLite's
64 bits (the spec bounds ``max_output_token_count`` only from below) are kept exactly. Only what the
emulator sorts and counts by has a column of its own: ``name`` (copied from the fields) and
``created_at``, a fixed-width ISO 8601 UTC string, which sorts chronologically. Rows are read by column
name (``sqlite3.Row``).

Every write is its own autocommitted statement, so a file database is consistent after each request.
A ``Store`` is not thread-safe: the emulator only ever uses it from its event loop's thread.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Final

from root.emulator.catalog import BUILTIN_MODELS

SCHEMA_VERSION: Final = 2

# Orderings a caller may ask for, mapped to their column.
ORDER_COLUMNS: Final = {"name": "name", "created_at": "created_at"}
# The field copied to the ``name`` column, to order and count by.
NAME_FIELD: Final = "name"

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS models (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    fields TEXT NOT NULL,
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
_DETAIL_COLUMNS: Final = "id, fields, builtin"

_GET_SQL: Final = f"SELECT {_DETAIL_COLUMNS} FROM models WHERE id = ?"  # noqa: S608 - constant columns
_INSERT_SQL: Final = "INSERT INTO models (id, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
_UPDATE_SQL: Final = "UPDATE models SET name = ?, fields = ?, updated_at = ? WHERE id = ? AND builtin = 0"
_UPSERT_BUILTIN_SQL: Final = (
    "INSERT INTO models (id, name, fields, builtin, provider_id, capabilities, created_at, updated_at)"
    " VALUES (?, ?, ?, 1, ?, ?, ?, ?)"
    " ON CONFLICT(id) DO UPDATE SET name = excluded.name, fields = excluded.fields, builtin = 1,"
    " provider_id = excluded.provider_id, capabilities = excluded.capabilities,"
    " created_at = excluded.created_at, updated_at = excluded.updated_at"
)
_DELETE_SQL: Final = "DELETE FROM models WHERE id = ? AND builtin = 0"
_DELETE_CUSTOM_SQL: Final = "DELETE FROM models WHERE builtin = 0"
_COUNT_SQL: Final = "SELECT count(*) FROM models WHERE builtin = ?"
_COUNT_NAME_SQL: Final = "SELECT count(*) FROM models WHERE builtin = 0 AND name = ?"
_COUNT_PREFIX_SQL: Final = "SELECT count(*) FROM models WHERE builtin = 0 AND substr(name, 1, ?) = ?"


def _dump_fields(fields: Mapping[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def fields_of(row: sqlite3.Row) -> dict[str, Any]:
    """Returns the writable fields of a row read by :meth:`Store.get`."""
    fields: dict[str, Any] = json.loads(row["fields"])
    return fields


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
        self._db.row_factory = sqlite3.Row
        try:
            self._setup()
        except BaseException:
            self._db.close()
            raise
        self._list_sql: dict[tuple[str, bool, bool, int], str] = {}

    def _setup(self) -> None:
        db = self._db
        if self.path not in ("", ":memory:"):
            db.execute("PRAGMA journal_mode = WAL")
            # WAL + NORMAL survives a crash of the process, which is all an emulator needs, and is much
            # faster than FULL.
            db.execute("PRAGMA synchronous = NORMAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, 1, SCHEMA_VERSION):
            raise ValueError(
                f"{self.path} holds an emulator database of schema version {version}; "
                f"this emulator reads version {SCHEMA_VERSION}"
            )
        if version == 1:
            db.execute("BEGIN")
            try:
                self._migrate_from_v1()
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        else:
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
                        _dump_fields(m.fields()),
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

    def _migrate_from_v1(self) -> None:
        # Version 1 kept each field in a column of its own; every column that is not bookkeeping was one.
        db = self._db
        bookkeeping = {"seq", "id", "builtin", "provider_id", "capabilities", "created_at", "updated_at"}
        for index in ("models_by_created", "models_by_name", "models_by_builtin"):
            db.execute(f"DROP INDEX IF EXISTS {index}")
        db.execute("ALTER TABLE models RENAME TO models_v1")
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
        rows = db.execute("SELECT * FROM models_v1 WHERE builtin = 0 ORDER BY seq").fetchall()
        db.executemany(
            "INSERT INTO models (seq, id, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    row["seq"],
                    row["id"],
                    row[NAME_FIELD],
                    _dump_fields({k: row[k] for k in row.keys() if k not in bookkeeping}),  # noqa: SIM118 - a Row
                    row["created_at"],
                    row["updated_at"],
                )
                for row in rows
            ],
        )
        db.execute("DROP TABLE models_v1")

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
    ) -> list[sqlite3.Row]:
        """Returns up to ``limit`` models in keyset order.

        Args:
            order: A key of ``ORDER_COLUMNS``.
            descending: Whether to walk the order backwards.
            capabilities: Capabilities every returned model must have.
            after: The (order value, seq) position to start strictly after, in walking direction.
            limit: The most rows to return.

        Returns:
            Rows with the columns ``seq``, ``id``, ``name``, ``created_at``, ``builtin``, ``provider_id``.
        """
        key = (order, descending, after is not None, len(capabilities))
        sql = self._list_sql.get(key)
        if sql is None:
            sql = self._list_sql[key] = _list_sql(ORDER_COLUMNS[order], *key[1:])
        params: list[object] = list(after) if after is not None else []
        params.extend(f",{c}," for c in capabilities)
        params.append(limit)
        return self._db.execute(sql, params).fetchall()

    def get(self, model_id: str) -> sqlite3.Row | None:
        """Returns one model's row, with the columns ``id``, ``fields`` (see :func:`fields_of`) and ``builtin``."""
        row: sqlite3.Row | None = self._db.execute(_GET_SQL, (model_id,)).fetchone()
        return row

    def create(self, model_id: str, fields: Mapping[str, object]) -> sqlite3.Row:
        """Inserts a custom model.

        Args:
            model_id: The new model's id.
            fields: Its fields, ``name`` among them.

        Returns:
            The stored model.
        """
        stamp = now()
        self._db.execute(_INSERT_SQL, (model_id, fields[NAME_FIELD], _dump_fields(fields), stamp, stamp))
        row = self.get(model_id)
        if row is None:  # pragma: no cover - the row was inserted just above
            raise RuntimeError(f"model {model_id} vanished after insert")
        return row

    def update(self, model_id: str, changes: Mapping[str, object]) -> sqlite3.Row | None:
        """Changes the given fields of a custom model and keeps the others.

        Args:
            model_id: The model to change.
            changes: New values by field.

        Returns:
            The stored model after the change, or None when there is no such custom model.
        """
        row = self.get(model_id)
        if row is None or row["builtin"]:
            return None
        # Read and written with no await in between, on the one thread that uses the store.
        fields = fields_of(row) | dict(changes)
        params = (fields[NAME_FIELD], _dump_fields(fields), now(), model_id)
        if self._db.execute(_UPDATE_SQL, params).rowcount == 0:  # pragma: no cover - checked above
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

    def stored_field(self, model_id: str, field: str) -> Any:
        """Returns one stored field of a model (None when it has none), write-only ones included.

        Raises:
            KeyError: There is no such model.
        """
        row = self.get(model_id)
        if row is None:
            raise KeyError(model_id)
        return fields_of(row).get(field)
