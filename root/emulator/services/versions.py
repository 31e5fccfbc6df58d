"""Objects as runs read them: the newest version, or the one a run names.

Runs name what they run by id (and optionally a version id) or by name; this is the one place that
reads them, for every versioned resource (evaluators, judges) and every run (evaluator and judge runs,
calibration runs, batch executions). It finds a resource's declaration through the engine, so that it
imports no resource module.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from root.emulator.engine import Engine
from root.emulator.store import Table


def read(engine: Engine, key: str, object_id: str, version_id: str | None = None) -> dict[str, Any] | None:
    """An object of the resource ``key`` (its newest version, or ``version_id``) as runs read it: its view,
    with ``id`` and ``version_id``. None when there is no such object, or no such version of it."""
    resource = engine.resources[key]
    if version_id:
        versions = resource.versions
        if versions is None:
            return None
        version = engine.store.get(versions.table, version_id)
        if version is None or version["parent"] != object_id:
            return None
        return engine.view(versions, version)
    row = engine.store.get(resource.table, object_id)
    return engine.view(resource, row) if row is not None else None


def newest_by_name(engine: Engine, table: Table, name: str) -> sqlite3.Row | None:
    """The newest object of a shared-table resource with this name, or None."""
    row: sqlite3.Row | None = engine.store.db.execute(
        "SELECT * FROM records WHERE resource = ? AND json_extract(fields, '$.name') = ? ORDER BY created_at DESC,"
        " seq DESC LIMIT 1",
        [table.resource, name],
    ).fetchone()
    return row
