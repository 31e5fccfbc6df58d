"""SQLite storage for the emulator: one database, two kinds of table, and nothing of the contract.

- ``models`` holds built-in and custom models alike (its layout predates the engine, and database files
  of it are kept and migrated): besides the bookkeeping columns it has ``name`` (copied from the fields,
  to order and count by), ``builtin``, ``provider_id`` and ``capabilities``.
- ``records`` holds every other resource, one row per object, keyed by ``(resource, id)``; ``parent``
  ties a row to another object (an objective's versions to the objective).

Every row keeps its writable fields as one JSON object (``fields``), so a field the spec adds needs no new
column, and integers larger than SQLite's 64 bits are kept exactly; ``created_at`` is a fixed-width ISO
8601 UTC string, which sorts chronologically, and ``seq`` (autoincrement) breaks ties, so every order is
total. A listing is a keyset walk: ``(sort key, seq)`` strictly after a position, filtered by SQL
conditions and, where SQL would be awkward, by a Python predicate on the rows as they stream by. A
:class:`Table` names where a resource's rows are; a field it has no column for is sorted through
``json_extract``.

Every write is its own autocommitted statement, so a file database is consistent after each request.
A ``Store`` is not thread-safe: the emulator only ever uses it from its event loop's thread.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Final

SCHEMA_VERSION: Final = 2

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
# Added in place to databases of schema version 2: older emulators ignore it.
_RECORDS: Final = """
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    resource TEXT NOT NULL,
    id TEXT NOT NULL,
    parent TEXT,
    fields TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (resource, id)
);
CREATE INDEX IF NOT EXISTS records_by_created ON records (resource, created_at, seq);
CREATE INDEX IF NOT EXISTS records_by_parent ON records (resource, parent, created_at, seq);
"""
# Rows are read a chunk at a time while a Python predicate filters them.
_CHUNK: Final = 200


@dataclass(frozen=True)
class Table:
    """Where one resource's rows live.

    Attributes:
        name: ``"records"`` (the shared table) or a table of its own (``"models"``).
        resource: The resource's key in the shared table; None for a table of its own.
        columns: Fields copied to a column of their own on every write, by field name.
        writable: An SQL condition on the rows the API may change and reset deletes (``"builtin = 0"``).
    """

    name: str = "records"
    resource: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    writable: str | None = None

    def scope(self, parent: str | None = None) -> tuple[list[str], list[Any]]:
        """The SQL conditions (and their values) that select this resource's rows, under one parent."""
        conditions: list[str] = []
        values: list[Any] = []
        if self.resource is not None:
            conditions.append("resource = ?")
            values.append(self.resource)
        if parent is not None:
            conditions.append("parent = ?")
            values.append(parent)
        return conditions, values

    def sort_key(self, name: str) -> str:
        """The SQL expression a field sorts by: its column, else its JSON value (null as ``''``)."""
        if name in ("created_at", "updated_at", "id"):
            return name
        column = self.columns.get(name)
        if column is not None:
            return column
        if not name.isidentifier():
            raise ValueError(f"not a sortable field name: {name!r}")
        return f"coalesce(json_extract(fields, '$.{name}'), '')"


def dump_fields(fields: Mapping[str, Any]) -> str:
    """Serializes fields for the ``fields`` column."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def fields_of(row: sqlite3.Row) -> dict[str, Any]:
    """Returns the writable fields of a stored row."""
    fields: dict[str, Any] = json.loads(row["fields"])
    return fields


def now() -> str:
    """Returns the current UTC time as a fixed-width ISO 8601 string (microseconds, ``+00:00``)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class Store:
    """One SQLite database of the emulator.

    Args:
        path: A database file (created when missing), or ``":memory:"`` for a private in-memory database.

    Raises:
        ValueError: The file holds a database of another schema version.
        sqlite3.Error: The file cannot be opened.
    """

    def __init__(self, path: str | os.PathLike[str] = ":memory:") -> None:
        self.path = os.fspath(path)
        # Autocommit: each write statement is committed on its own, no transaction is left open.
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        try:
            self._setup()
        except BaseException:
            self.db.close()
            raise

    def _setup(self) -> None:
        db = self.db
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
            self.write_all(self._migrate_from_v1)
        else:
            db.executescript(_SCHEMA)
        db.executescript(_RECORDS)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def write_all(self, work: Callable[[], object]) -> None:
        """Runs ``work`` in one transaction: all of its writes land, or none."""
        db = self.db
        db.execute("BEGIN")
        try:
            work()
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _migrate_from_v1(self) -> None:
        # Version 1 kept each model field in a column of its own; every column that is not bookkeeping was one.
        db = self.db
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
                    row["name"],
                    dump_fields({k: row[k] for k in row.keys() if k not in bookkeeping}),  # noqa: SIM118 - a Row
                    row["created_at"],
                    row["updated_at"],
                )
                for row in rows
            ],
        )
        db.execute("DROP TABLE models_v1")

    def close(self) -> None:
        """Closes the database. Safe to call more than once."""
        self.db.close()

    # Only table and column names from declarations and fixed fragments are interpolated into SQL below;
    # values are always bound.

    def get(self, table: Table, object_id: str) -> sqlite3.Row | None:
        """Returns one row (every column), or None."""
        conditions, values = table.scope()
        where = " AND ".join(["id = ?", *conditions])
        row: sqlite3.Row | None = self.db.execute(
            f"SELECT * FROM {table.name} WHERE {where}",  # noqa: S608
            [object_id, *values],
        ).fetchone()
        return row

    def insert(
        self,
        table: Table,
        object_id: str,
        fields: Mapping[str, Any],
        *,
        parent: str | None = None,
        created_at: str | None = None,
    ) -> sqlite3.Row:
        """Inserts a row and returns it as stored."""
        stamp = now()
        columns = ["id", "fields", "created_at", "updated_at"]
        values: list[Any] = [object_id, dump_fields(fields), created_at or stamp, stamp]
        if table.resource is not None:
            columns += ["resource", "parent"]
            values += [table.resource, parent]
        for name, column in table.columns.items():
            columns.append(column)
            values.append(fields.get(name))
        marks = ", ".join("?" * len(values))
        self.db.execute(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", values)  # noqa: S608
        row = self.get(table, object_id)
        if row is None:  # pragma: no cover - the row was inserted just above
            raise RuntimeError(f"{object_id} vanished after insert")
        return row

    def update(self, table: Table, object_id: str, changes: Mapping[str, Any]) -> sqlite3.Row | None:
        """Changes the given fields of a writable row and keeps the others.

        Returns:
            The row after the change, or None when there is no such writable row.
        """
        row = self.get(table, object_id)
        if row is None:
            return None
        # Read and written with no await in between, on the one thread that uses the store.
        fields = fields_of(row) | dict(changes)
        sets = ["fields = ?", "updated_at = ?"]
        values: list[Any] = [dump_fields(fields), now()]
        for name, column in table.columns.items():
            sets.append(f"{column} = ?")
            values.append(fields.get(name))
        conditions, scope_values = table.scope()
        where = " AND ".join(["id = ?", *conditions, *([table.writable] if table.writable else [])])
        sql = f"UPDATE {table.name} SET {', '.join(sets)} WHERE {where}"  # noqa: S608
        if self.db.execute(sql, [*values, object_id, *scope_values]).rowcount == 0:
            return None
        return self.get(table, object_id)

    def delete(self, table: Table, object_id: str | None = None, *, parent: str | None = None) -> int:
        """Deletes writable rows: one by id, those of a parent, or (neither given) all; returns how many."""
        conditions, values = table.scope(parent)
        if object_id is not None:
            conditions.append("id = ?")
            values.append(object_id)
        if table.writable:
            conditions.append(table.writable)
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return self.db.execute(f"DELETE FROM {table.name}{where}", values).rowcount  # noqa: S608

    def count(self, table: Table, conditions: Iterable[str] = (), values: Iterable[Any] = ()) -> int:
        """Counts a table's rows that meet SQL conditions."""
        scope, scope_values = table.scope()
        every = [*scope, *conditions]
        where = f" WHERE {' AND '.join(every)}" if every else ""
        sql = f"SELECT count(*) FROM {table.name}{where}"  # noqa: S608
        count: int = self.db.execute(sql, [*scope_values, *values]).fetchone()[0]
        return count

    def page(
        self,
        table: Table,
        *,
        order: str,
        descending: bool,
        after: tuple[str, int] | None,
        limit: int,
        parent: str | None = None,
        conditions: Sequence[str] = (),
        values: Sequence[Any] = (),
        keep: Callable[[sqlite3.Row], bool] | None = None,
    ) -> list[sqlite3.Row]:
        """Returns up to ``limit`` rows in keyset order, each with its sort value as ``sort_key``.

        Args:
            table: Where the rows are.
            order: The field to sort by (see :meth:`Table.sort_key`); ``seq`` breaks ties.
            descending: Whether to walk the order backwards.
            after: The ``(sort value, seq)`` position to start strictly after, in walking direction.
            limit: The most rows to return.
            parent: Only the rows of this parent.
            conditions: More SQL conditions, with ``values`` for their placeholders.
            values: The values of ``conditions``.
            keep: A Python predicate the rows must also meet.
        """
        key = table.sort_key(order)
        cmp, direction = ("<", "DESC") if descending else (">", "ASC")
        every, bound = table.scope(parent)
        if after is not None:
            every.append(f"({key}, seq) {cmp} (?, ?)")
            bound += list(after)
        every += conditions
        bound += values
        where = f" WHERE {' AND '.join(every)}" if every else ""
        sql = f"SELECT *, {key} AS sort_key FROM {table.name}{where} ORDER BY {key} {direction}, seq {direction}"  # noqa: S608
        if keep is None:
            return self.db.execute(f"{sql} LIMIT ?", [*bound, limit]).fetchall()
        kept: list[sqlite3.Row] = []
        cursor = self.db.execute(sql, bound)
        try:
            while len(kept) < limit:
                chunk = cursor.fetchmany(_CHUNK)
                if not chunk:
                    break
                kept += [row for row in chunk if keep(row)]
        finally:
            cursor.close()
        return kept[:limit]
