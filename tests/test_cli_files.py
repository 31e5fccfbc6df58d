"""``rootsignals files upload``, ``rootsignals datasets update`` and ``rootsignals datasets items ...``: the
installed console script, in a subprocess, against the emulator."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from root import RootSignals
from root.emulator import Emulator
from tests.conftest import API_KEY
from tests.test_cli import run as run_cli


def run(args: list[str], **kwargs: Any) -> Any:
    return run_cli(args, api_key=API_KEY, **kwargs)


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_files_upload_prints_the_id(emulator: Emulator, tmp_path: Path) -> None:
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4 cli")
    first = run(["files", "upload", str(pdf)], base_url=emulator.url, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    file_id = uuid.UUID(first.stdout.strip())
    again = run(["files", "upload", str(pdf), "--filename", "same.pdf"], base_url=emulator.url, cwd=tmp_path)
    assert uuid.UUID(again.stdout.strip()) == file_id
    refused = run(["files", "upload", str(tmp_path / "missing.pdf")], base_url=emulator.url, cwd=tmp_path)
    assert refused.returncode == 2
    assert "cannot be read" in refused.stderr


def test_dataset_items_round(emulator: Emulator, client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "rows.csv"
    csv.write_text("request,response\nhi,hello\n", encoding="utf-8")
    dataset = client.datasets.create(name="cli", path=csv, has_header=True)
    url = emulator.url

    renamed = run(["datasets", "update", str(dataset.id), "--name", "renamed"], base_url=url, cwd=tmp_path)
    assert renamed.returncode == 0, renamed.stderr
    assert _lines(renamed.stdout)[0]["name"] == "renamed"

    added = run(
        ["datasets", "items", "add", str(dataset.id), "--response", "r", "--context", "a", "--context", "b"],
        base_url=url,
        cwd=tmp_path,
    )
    assert added.returncode == 0, added.stderr
    item_id = added.stdout.strip()
    assert client.datasets.get_item(dataset.id, item_id).contexts == ["a", "b"]

    many = run(
        ["datasets", "items", "add-many", str(dataset.id)],
        base_url=url,
        cwd=tmp_path,
        stdin=json.dumps([{"response": "x"}, {"response": "y", "request": "q"}]),
    )
    assert many.returncode == 0, many.stderr
    assert len(many.stdout.split()) == 2

    listed = run(["datasets", "items", "list", str(dataset.id)], base_url=url, cwd=tmp_path)
    assert [row["response"] for row in _lines(listed.stdout)] == ["hello", "r", "x", "y"]

    updated = run(
        ["datasets", "items", "update", str(dataset.id), item_id, "--response", "better"], base_url=url, cwd=tmp_path
    )
    assert updated.returncode == 0, updated.stderr
    new = _lines(updated.stdout)[0]
    assert (new["response"], new["external_id"]) == ("better", item_id)

    shown = run(["datasets", "items", "get", str(dataset.id), new["id"]], base_url=url, cwd=tmp_path)
    assert _lines(shown.stdout)[0]["response"] == "better"

    archived = run(["datasets", "items", "archive", str(dataset.id), new["id"]], base_url=url, cwd=tmp_path)
    assert archived.returncode == 0, archived.stderr
    listed = run(["datasets", "items", "list", str(dataset.id), "--archived"], base_url=url, cwd=tmp_path)
    assert [row["is_archived"] for row in _lines(listed.stdout)] == [False, True, False, False]

    nothing = run(["datasets", "items", "update", str(dataset.id), item_id], base_url=url, cwd=tmp_path)
    assert nothing.returncode == 2
    assert "nothing to change" in nothing.stderr
    bad = run(["datasets", "items", "add-many", str(dataset.id)], base_url=url, cwd=tmp_path, stdin="{}")
    assert bad.returncode == 2
    assert "JSON array" in bad.stderr
