"""The journal of an evaluation: a SQLite file that keeps every finished row, so that a rerun resumes.

One table ``rows`` (the row's key, when it was first met, whether every run succeeded, and the row as
JSON, with which of its runs succeeded), one table ``meta`` (the evaluators the journal was made
with: each one's kind, id and version id), and one table ``current`` (the keys of the latest run, in the
order of its data: the result of that run reads its rows through it, and its UNIQUE key is what finds a
key repeated in the data, so that neither needs memory growing with the data). The database is in WAL
mode and each row is committed as it finishes, so killing the process loses no finished row and never
leaves a half-written one.

Without a ``journal=``, a run writes to a temporary journal of the same kind (no fsync at all), which the
result it returns removes when it is closed or collected: :class:`StoredRows` reads rows back on demand.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
import weakref
from collections.abc import Iterator, Mapping, Sequence
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
CREATE TABLE IF NOT EXISTS current (position INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
"""
_TEMPORARY_BATCH = 500
"""Rows a temporary journal commits at once."""
_READ_CHUNK = 500
"""Rows fetched from SQLite at a time while a stored result is iterated."""


def _connect(path: str | os.PathLike[str], *, durable: bool = True) -> sqlite3.Connection:
    connection = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        # With WAL, NORMAL loses nothing committed when the process dies (only a power cut can); a
        # temporary journal, which nothing resumes from, needs not even that.
        connection.execute("PRAGMA synchronous=NORMAL" if durable else "PRAGMA synchronous=OFF")
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
        durable: Whether a row must survive the process once recorded (``False`` for a temporary journal).

    Raises:
        InvalidArgumentError: The file is no journal of an evaluation, or it was made with other
            evaluators (or versions) and ``restart`` is false.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        units: Sequence[Mapping[str, Any]],
        *,
        restart: bool = False,
        durable: bool = True,
    ) -> None:
        self.path = os.fspath(path)
        self._pending = False
        self._unsaved = 0
        self._batch = 1 if durable else _TEMPORARY_BATCH
        try:
            self._db = _connect(path, durable=durable)
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
            self._db.execute("DELETE FROM current")  # a new run: its own keys, in its own order
        self.empty = self._db.execute("SELECT 1 FROM rows LIMIT 1").fetchone() is None
        """Whether the journal held no row when opened (then :meth:`get` is never worth asking)."""

    def claim(self, position: int, key: str) -> bool:
        """Note that the run's row ``position`` has ``key``; ``False`` when an earlier row of the run has it.

        Not committed on its own: the next :meth:`record` (or :meth:`close`) commits it. Only the run's own
        result needs it, and a run that dies has none.
        """
        if not self._pending:
            self._db.execute("BEGIN")
            self._pending = True
        try:
            self._db.execute("INSERT INTO current (position, key) VALUES (?, ?)", (position, key))
        except sqlite3.IntegrityError:
            return False
        return True

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored row of ``key``, or ``None``: ``{"row": ..., "units": {unit: ok}, "names": {unit: [...]}}``."""
        if self.empty:
            return None
        found = self._db.execute("SELECT data FROM rows WHERE key = ?", (key,)).fetchone()
        return None if found is None else dict(json.loads(found[0]))

    def record(
        self, position: int, row: Mapping[str, Any], units: Mapping[str, bool], names: Mapping[str, Sequence[str]]
    ) -> None:
        """Store ``row`` (replacing an earlier attempt at it), committed at once (a temporary journal's,
        which nothing resumes from, a batch at a time): ``units`` says which runs succeeded, ``names``
        which of the row's scores each run gave."""
        if not self._pending and self._batch > 1:
            self._db.execute("BEGIN")
            self._pending = True
        stored = {"row": dict(row), "units": dict(units), "names": {k: list(v) for k, v in names.items()}}
        data = json.dumps(stored, ensure_ascii=False, default=str)
        self._db.execute(
            "INSERT INTO rows (key, position, ok, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET ok = excluded.ok, data = excluded.data",
            (str(row["key"]), position, int(all(units.values())), data),
        )
        self._unsaved += 1
        if self._unsaved >= self._batch:
            self._commit()

    def _commit(self) -> None:
        self._unsaved = 0
        if self._pending:
            self._pending = False
            self._db.execute("COMMIT")

    def close(self) -> None:
        """Commit what is pending and close the database (a durable journal has committed every row already)."""
        try:
            if self._db.in_transaction:
                self._db.execute("COMMIT")
        finally:
            self._pending = False
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


def temporary_path() -> str:
    """A new empty file for a temporary journal (SQLite takes an empty file for an empty database)."""
    handle, path = tempfile.mkstemp(prefix="rootsignals-evaluation-", suffix=".sqlite")
    os.close(handle)
    return path


def remove(path: str) -> None:
    """Remove a temporary journal and the files SQLite keeps beside it."""
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)


class StoredRows:
    """The rows of a journal's latest run (its ``current`` table), read on demand, in the order of its data.

    One read connection, opened when first needed and closed by :meth:`close`, or when this object is
    collected, or at exit; a temporary journal's files are removed then too.

    Args:
        path: The journal.
        length: How many rows the run had.
        names: The evaluators' names, in the order they first appear.
        temporary: Whether to remove the journal when closed.
    """

    def __init__(self, path: str, length: int, names: Sequence[str], *, temporary: bool) -> None:
        self.path = path
        self.length = length
        self.names = list(names)
        self.temporary = temporary
        self._held: list[sqlite3.Connection] = []
        self._finalizer = weakref.finalize(self, _release, self._held, path if temporary else None)

    def _db(self) -> sqlite3.Connection:
        if not self._finalizer.alive:
            raise ValueError("this evaluation result is closed (its temporary journal is removed)")
        if not self._held:
            try:
                self._held.append(sqlite3.connect(self.path, isolation_level=None, check_same_thread=False))
            except sqlite3.Error as error:
                raise ValueError(f"the journal {self.path!r} cannot be read ({error})") from None
        return self._held[0]

    def row(self, index: int) -> dict[str, Any]:
        """The stored row at ``index`` (0-based, in the order of the data)."""
        found = self._read(
            "SELECT rows.data FROM current JOIN rows ON rows.key = current.key WHERE current.position = ?", (index,)
        ).fetchone()
        if found is None:
            raise ValueError(f"the journal {self.path!r} no longer holds row {index} of this result")
        return dict(json.loads(found[0])["row"])

    def iterate(self, start: int = 0, stop: int | None = None) -> Iterator[dict[str, Any]]:
        """The stored rows from ``start`` to ``stop``, streamed."""
        stop = self.length if stop is None else stop
        cursor = self._read(
            "SELECT rows.data FROM current JOIN rows ON rows.key = current.key "
            "WHERE current.position >= ? AND current.position < ? ORDER BY current.position",
            (start, stop),
        )
        try:
            while True:
                chunk = cursor.fetchmany(_READ_CHUNK)
                if not chunk:
                    return
                for (data,) in chunk:
                    yield dict(json.loads(data)["row"])
        finally:
            cursor.close()

    def _read(self, sql: str, parameters: tuple[Any, ...]) -> sqlite3.Cursor:
        try:
            return self._db().execute(sql, parameters)
        except sqlite3.Error as error:
            raise ValueError(f"the journal {self.path!r} cannot be read ({error})") from None

    def close(self) -> None:
        """Close the read connection (and remove a temporary journal)."""
        self._finalizer()


def _release(held: list[sqlite3.Connection], temporary: str | None) -> None:
    while held:
        held.pop().close()
    if temporary is not None:
        remove(temporary)
