"""Files and dataset items against a stand-in server written from the contract (not the emulator): every
method sends what the contract says (checked by openapi-core on each exchange), and the item listing
follows every page."""

from __future__ import annotations

import dataclasses
import io
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from root import RootSignals
from root.errors import InvalidArgumentError
from root.generated.openapi_aclient.models.dataset_item_request import DatasetItemRequest as ADatasetItemRequest
from root.generated.openapi_client.models.dataset_item_request import DatasetItemRequest
from tests.contract_server import CREATED_AT, OWNER, Sent, contract_server, contract_violations, new_id, paged

DATASET_ID = new_id()
ITEM_ID = new_id()
FILE_ID = new_id()


def _item(i: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.UUID(int=i + 1)),
        "external_id": str(uuid.UUID(int=1000 + i)),
        "version_id": str(uuid.UUID(int=5000)),
        "is_latest_version": True,
        "response": f"answer {i}",
        "is_archived": False,
        "annotations": [],
        "created_at": CREATED_AT,
        **fields,
    }


ITEMS = [_item(i) for i in range(7)]


def _answer(request: Sent) -> tuple[int, Any]:
    path, method = request.path, request.method
    items = f"/v1/datasets/{DATASET_ID}/items/"
    if path == "/v1/files/" and method == "POST":
        return 201, {"id": FILE_ID}
    if path == f"/v1/datasets/{DATASET_ID}/" and method == "PATCH":
        name = request.json().get("name")
        return 200, {"id": DATASET_ID, "name": name, "owner": OWNER, "created_at": CREATED_AT, "_meta": {}}
    if path == items and method == "GET":
        # Pages of at most 3, so a listing of 7 takes three pages.
        query = [(k, str(min(int(v), 3)) if k == "page_size" else v) for k, v in request.query]
        return paged(dataclasses.replace(request, query=query), ITEMS)
    if path == items and method == "POST":
        return 201, _item(0, **request.json())
    if path == f"{items}bulk/" and method == "POST":
        return 201, [_item(i, **sent) for i, sent in enumerate(request.json())]
    if path == f"{items}{ITEM_ID}/":
        if method == "GET":
            return 200, _item(0)
        if method == "PATCH":
            return 200, _item(1, **request.json())
        if method == "DELETE":
            return 204, None
    return 404, {"detail": "Not found."}


def _checked(request: Sent) -> tuple[int, Any]:
    answer = _answer(request)
    if "multipart" not in request.headers.get("Content-Type", ""):
        assert contract_violations(request, answer) == []
    return answer


@pytest.fixture
def server() -> Iterator[tuple[RootSignals, list[Sent]]]:
    with contract_server(_checked) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        yield client, sent


def test_upload_sends_the_file_as_multipart_and_returns_its_id(
    server: tuple[RootSignals, list[Sent]], tmp_path: Path
) -> None:
    client, sent = server
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 tiny")
    assert client.files.upload(pdf) == uuid.UUID(FILE_ID)
    assert client.files.upload(str(pdf), "renamed.pdf") == uuid.UUID(FILE_ID)
    assert client.files.upload(io.BytesIO(b"\x89PNG..."), "pic.png") == uuid.UUID(FILE_ID)
    first, renamed, memory = sent
    assert (first.method, first.path) == ("POST", "/v1/files/")
    assert first.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert first.fields == {"file": ("report.pdf", b"%PDF-1.4 tiny")}
    assert renamed.fields == {"file": ("renamed.pdf", b"%PDF-1.4 tiny")}
    assert memory.fields == {"file": ("pic.png", b"\x89PNG...")}


async def test_upload_async(server: tuple[RootSignals, list[Sent]], tmp_path: Path) -> None:
    client, sent = server
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF")
    assert await client.files.aupload(pdf) == uuid.UUID(FILE_ID)
    with pdf.open("rb") as handle:
        assert await client.files.aupload(handle) == uuid.UUID(FILE_ID)
    assert [s.fields for s in sent] == [{"file": ("a.pdf", b"%PDF")}] * 2


def test_upload_refuses_what_it_cannot_send(server: tuple[RootSignals, list[Sent]], tmp_path: Path) -> None:
    client, sent = server
    with pytest.raises(InvalidArgumentError, match="cannot be read"):
        client.files.upload(tmp_path / "missing.pdf")
    with pytest.raises(InvalidArgumentError, match="binary"):
        client.files.upload(io.StringIO("text"))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="path or a binary file-like"):
        client.files.upload(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="larger than"):
        client.files.upload(io.BytesIO(b"x" * (20 * 1024 * 1024 + 1)))
    with pytest.raises(InvalidArgumentError, match="filename"):
        client.files.upload(io.BytesIO(b"x"), "  ")
    assert sent == []


def test_items_sync(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    datasets = client.datasets
    item = datasets.add_item(DATASET_ID, response="hi", request="q", contexts=["c"], metadata={"k": 1})
    assert item.response == "hi"
    assert isinstance(item.id, str)
    assert sent[-1].json() == {
        "response": "hi",
        "request": "q",
        "expected_output": "",
        "contexts": ["c"],
        "metadata": {"k": 1},
        "change_note": "",
    }
    added = datasets.add_items(
        uuid.UUID(DATASET_ID), [{"response": "a", "variables": {"x": "1"}}, DatasetItemRequest(response="b")]
    )
    assert [i.response for i in added] == ["a", "b"]
    bulk = sent[-1]
    assert (bulk.method, bulk.path) == ("POST", f"/v1/datasets/{DATASET_ID}/items/bulk/")
    assert bulk.json() == [{"response": "a", "variables": {"x": "1"}}, {"response": "b"}]
    assert datasets.get_item(DATASET_ID, ITEM_ID).id == ITEMS[0]["id"]
    edited = datasets.update_item(DATASET_ID, uuid.UUID(ITEM_ID), response="better", change_note="fix")
    assert edited.response == "better"
    assert (sent[-1].method, sent[-1].json()) == ("PATCH", {"response": "better", "change_note": "fix"})
    assert datasets.archive_item(DATASET_ID, ITEM_ID) is None
    assert (sent[-1].method, sent[-1].path) == ("DELETE", f"/v1/datasets/{DATASET_ID}/items/{ITEM_ID}/")
    renamed = datasets.update(DATASET_ID, name="new name")
    assert renamed.name == "new name"
    assert (sent[-1].method, sent[-1].json()) == ("PATCH", {"name": "new name"})


def test_item_listing_follows_every_page(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    assert [i.id for i in client.datasets.list_items(DATASET_ID, limit=None)] == [i["id"] for i in ITEMS]
    assert len(sent) == 3  # pages of 3, 3 and 1
    assert [s.query_dict()["is_archived"] for s in sent] == ["false"] * 3
    assert "cursor" not in sent[0].query_dict()
    assert all("cursor" in s.query_dict() for s in sent[1:])
    sent.clear()
    listed = list(client.datasets.list_items(DATASET_ID, include_archived=True, limit=2))
    assert len(listed) == 2
    assert sent[-1].query_dict() == {"is_archived": "true", "page_size": "2"}


async def test_items_async(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    datasets = client.datasets
    assert (await datasets.aadd_item(DATASET_ID, response="hi")).response == "hi"
    added = await datasets.aadd_items(DATASET_ID, [ADatasetItemRequest(response="x", turns=[{"role": "user"}])])
    assert sent[-1].json() == [{"response": "x", "turns": [{"role": "user"}]}]
    assert [i.response for i in added] == ["x"]
    assert (await datasets.aget_item(DATASET_ID, ITEM_ID)).id == ITEMS[0]["id"]
    assert (await datasets.aupdate_item(DATASET_ID, ITEM_ID, expected_output="e")).expected_output == "e"
    await datasets.aarchive_item(DATASET_ID, ITEM_ID)
    assert [i.id async for i in datasets.alist_items(DATASET_ID, limit=None)] == [i["id"] for i in ITEMS]
    assert (await datasets.aupdate(DATASET_ID, name="n")).name == "n"


def test_items_refuse_bad_arguments_before_sending(server: tuple[RootSignals, list[Sent]]) -> None:
    client, sent = server
    datasets = client.datasets
    with pytest.raises(InvalidArgumentError, match="dataset_id"):
        datasets.add_item("not-a-uuid", response="x")
    with pytest.raises(InvalidArgumentError, match=r"items\[1\] has no field 'respnse'"):
        datasets.add_items(DATASET_ID, [{"response": "ok"}, {"respnse": "typo"}])
    with pytest.raises(InvalidArgumentError, match=r"items\[0\]"):
        datasets.add_items(DATASET_ID, [{"response": 3}])
    with pytest.raises(InvalidArgumentError, match=r"items\[0\] must be a dict"):
        datasets.add_items(DATASET_ID, ["response"])  # type: ignore[list-item]
    with pytest.raises(InvalidArgumentError, match="items must be a list"):
        datasets.add_items(DATASET_ID, {"response": "x"})  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="5000"):
        datasets.add_items(DATASET_ID, [{"response": "x"}] * 5001)
    with pytest.raises(InvalidArgumentError, match="item_id"):
        datasets.update_item(DATASET_ID, "nope", response="x")
    with pytest.raises(InvalidArgumentError, match="limit"):
        datasets.list_items(DATASET_ID, limit=-1)
    with pytest.raises(InvalidArgumentError, match="limit"):
        datasets.alist_items(DATASET_ID, limit=-1)
    assert sent == []
