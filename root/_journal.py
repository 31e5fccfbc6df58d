"""The journal of an evaluation: a SQLite file that keeps every finished row, so that a rerun resumes.

One table ``rows`` (the row's key, when it was first met, whether every run succeeded, and the row as
JSON, with which of its runs succeeded) and one table ``meta`` (the evaluators the journal was made
with: each one's kind, id and version id). The database is in WAL mode and each row is committed as it
finishes, so killing the process loses no finished row and never leaves a half-written one.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from root.errors import InvalidArgumentError

FORMAT = "rootsignals-evaluation-journal/1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    key TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    data TEXT NOT NULL
);
"""


def _connect(path: str | os.PathLike[str]) -> sqlite3.Connection:
    connection = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL loses nothing committed when the process dies (only a power cut can).
        connection.execute("PRAGMA synchronous=NORMAL")
    except BaseException:
        connection.close()  # a file that is no database: close what was opened before refusing it
        raise
    return connection


class Journal:
    """An open journal for one run; :meth:`close` it when the run ends.

    Args:
        path: The SQLite file; created when missing.
        units: What the run runs (each ``{"kind", "id", "version_id", "name"}``).
        restart: Forget the rows of a journal made with other evaluators instead of refusing it.

    Raises:
        InvalidArgumentError: The file is no journal of an evaluation, or it was made with other
            evaluators (or versions) and ``restart`` is false.
    """

    def __init__(
        self, path: str | os.PathLike[str], units: Sequence[Mapping[str, Any]], *, restart: bool = False
    ) -> None:
        self.path = os.fspath(path)
        try:
            self._db = _connect(path)
        except sqlite3.OperationalError as error:
            raise InvalidArgumentError(f"journal {self.path!r} cannot be opened ({error})") from None
        except sqlite3.DatabaseError as error:
            raise InvalidArgumentError(f"journal {self.path!r} is not an evaluation journal ({error})") from None
        try:
            self._db.executescript(_SCHEMA)
            meta = dict(self._db.execute("SELECT name, value FROM meta").fetchall())
        except sqlite3.DatabaseError as error:
            self.close()
            raise InvalidArgumentError(f"journal {self.path!r} is not an evaluation journal ({error})") from None
        signature = json.dumps(sorted(_identity(unit) for unit in units), sort_keys=True)
        described = json.dumps([dict(unit) for unit in units], sort_keys=True)
        if meta and meta.get("format") != FORMAT:
            self.close()
            raise InvalidArgumentError(f"journal {self.path!r} is not an evaluation journal of this SDK")
        if meta and meta.get("signature") != signature:
            if not restart:
                was = ", ".join(_label(unit) for unit in json.loads(meta.get("evaluators", "[]")))
                now = ", ".join(_label(unit) for unit in units)
                self.close()
                raise InvalidArgumentError(
                    f"journal {self.path!r} was made with other evaluators or versions ({was}) than this run "
                    f"has ({now}); its rows would mix the two. Pass restart=True to start the journal anew, "
                    "or use another journal file"
                )
            self._db.execute("DELETE FROM rows")
        with self._db:
            self._db.execute("BEGIN")
            for name, value in (("format", FORMAT), ("signature", signature), ("evaluators", described)):
                self._db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored row of ``key``, or ``None``: ``{"row": ..., "units": {unit: ok}, "names": {unit: [...]}}``."""
        found = self._db.execute("SELECT data FROM rows WHERE key = ?", (key,)).fetchone()
        return None if found is None else dict(json.loads(found[0]))

    def record(
        self, position: int, row: Mapping[str, Any], units: Mapping[str, bool], names: Mapping[str, Sequence[str]]
    ) -> None:
        """Store ``row`` (replacing an earlier attempt at it), committed at once: ``units`` says which runs
        succeeded, ``names`` which of the row's scores each run gave."""
        stored = {"row": dict(row), "units": dict(units), "names": {k: list(v) for k, v in names.items()}}
        data = json.dumps(stored, ensure_ascii=False, default=str)
        self._db.execute(
            "INSERT INTO rows (key, position, ok, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET ok = excluded.ok, data = excluded.data",
            (str(row["key"]), position, int(all(units.values())), data),
        )

    def close(self) -> None:
        """Close the database (everything recorded is committed already)."""
        self._db.close()


def _identity(unit: Mapping[str, Any]) -> str:
    return f"{unit.get('kind')}:{unit.get('id')}:{unit.get('version_id')}"


def _label(unit: Mapping[str, Any]) -> str:
    return f"{unit.get('kind')} {unit.get('name')!r} ({unit.get('id')}, version {unit.get('version_id')})"


def read_rows(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every row of the journal at ``path`` (as ``RowResult.to_dict`` wrote it), in the order they were first met.

    Raises:
        ValueError: ``path`` is missing or no journal of an evaluation.
    """
    if not os.path.exists(path):
        raise ValueError(f"no journal at {os.fspath(path)!r}")
    try:
        db = _connect(path)
        try:
            stored = db.execute("SELECT data FROM rows ORDER BY position, key").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise ValueError(f"{os.fspath(path)!r} is not an evaluation journal ({error})") from None
    return [dict(json.loads(data)["row"]) for (data,) in stored]
