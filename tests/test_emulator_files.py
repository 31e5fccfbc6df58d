"""Files and dataset items on the emulator, through the SDK over real HTTP (sync and async), and raw
requests for what the SDK refuses to send."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from root import RootSignals
from root.emulator import Emulator
from root.emulator.resources import files as emulated_files
from root.errors import APIStatusError, BadRequestError, NotFoundError

from .test_emulator import KEY, call

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


# -- files ------------------------------------------------------------------------------------------------


def test_upload_stores_the_file_once(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(PDF)
    first = client.files.upload(pdf)
    assert isinstance(first, uuid.UUID)
    assert client.files.upload(io.BytesIO(PDF), "again.pdf") == first  # the same content: the same id
    other = client.files.upload(io.BytesIO(PNG), "pic.png")
    assert other != first
    statuses = [r["status"] for r in emulator.requests() if r["path"] == "/v1/files/"]
    assert statuses == [201, 200, 201]


async def test_upload_async(client: RootSignals, tmp_path: Path) -> None:
    svg = tmp_path / "logo.svg"
    svg.write_bytes(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>')
    first = await client.files.aupload(svg)
    assert await client.files.aupload(str(svg)) == first


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"plain text", "File type not allowed"),
        ("fake.pdf", b"not a pdf", "not a pdf file"),
        ("noext", PDF, "File type not allowed"),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_upload_refuses_other_files(client: RootSignals, name: str, content: bytes, message: str) -> None:
    with pytest.raises(BadRequestError) as caught:
        client.files.upload(io.BytesIO(content), name)
    assert message in str(caught.value.field_errors["file"])


def test_a_file_over_20_mb_is_413(client: RootSignals, tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(PDF + b"0" * (emulated_files.MAX_FILE_SIZE - len(PDF) + 1))
    with pytest.raises(APIStatusError) as caught:
        client.files.upload(big)
    assert caught.value.status_code == 413
    assert "20 MB" in str(caught.value)


def test_upload_without_a_file_part_is_400(emulator: Emulator) -> None:
    response = call(emulator, "POST", "/v1/files/", {"file": "x"})
    assert response.status == 415
    boundary = "b0undary"
    body = f'--{boundary}\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--{boundary}--\r\n'.encode()
    response = call(
        emulator, "POST", "/v1/files/", raw=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert (response.status, response.json()) == (400, {"file": ["No file was submitted."]})
    response = call(emulator, "GET", "/v1/files/")
    assert response.status == 405


# -- dataset items ----------------------------------------------------------------------------------------


def test_items_lifecycle_with_versions(client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "rows.csv"
    csv.write_text("request,response,topic\nhi,hello,greeting\nbye,see you,farewell\n", encoding="utf-8")
    dataset = client.datasets.create(name="rows", path=csv, has_header=True)
    rows = list(client.datasets.list_items(dataset.id))
    assert [(i.request, i.response, i.variables) for i in rows] == [
        ("hi", "hello", {"topic": "greeting"}),
        ("bye", "see you", {"topic": "farewell"}),
    ]
    added = client.datasets.add_item(dataset.id, response="new", contexts=["doc"], metadata={"k": 1})
    assert (added.is_latest_version, added.is_archived, added.annotations) == (True, False, [])
    assert added.external_id == added.id
    assert added.version_id != rows[0].version_id  # a new version of the dataset

    edited = client.datasets.update_item(dataset.id, added.id, response="newer", change_note="fix")
    assert edited.id != added.id
    assert edited.external_id == added.id
    assert (edited.response, edited.contexts, edited.metadata, edited.change_note) == (
        "newer",
        ["doc"],
        {"k": 1},
        "fix",
    )
    old = client.datasets.get_item(dataset.id, added.id)
    assert (old.is_latest_version, old.response) == (False, "new")
    with pytest.raises(BadRequestError, match="latest version"):
        client.datasets.update_item(dataset.id, added.id, response="again")

    listed = [i.id for i in client.datasets.list_items(dataset.id)]
    assert listed == [rows[0].id, rows[1].id, edited.id]

    client.datasets.archive_item(dataset.id, rows[0].id)
    assert client.datasets.get_item(dataset.id, rows[0].id).is_archived is True
    assert [i.id for i in client.datasets.list_items(dataset.id)] == [rows[1].id, edited.id]
    assert [i.id for i in client.datasets.list_items(dataset.id, include_archived=True)] == listed
    with pytest.raises(BadRequestError, match="archived"):
        client.datasets.update_item(dataset.id, rows[0].id, response="x")


def test_a_headerless_csv_reads_as_test_rows(client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "test.csv"
    csv.write_text("0.9,Hi?,Hello.,ctx one,ctx two\n0.1,Rude.\n", encoding="utf-8")
    dataset = client.datasets.create(name="t", path=csv, type="test")
    first, second = client.datasets.list_items(dataset.id)
    assert (first.request, first.response, first.contexts, first.metadata) == (
        "Hi?",
        "Hello.",
        ["ctx one", "ctx two"],
        {"expected_score": "0.9"},
    )
    assert (second.response, second.metadata) == ("Rude.", {"expected_score": "0.1"})


def test_items_list_over_several_pages(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    csv = tmp_path / "one.csv"
    csv.write_text("r\n", encoding="utf-8")
    dataset = client.datasets.create(name="paged", path=csv)
    added = client.datasets.add_items(dataset.id, [{"response": f"r{i}"} for i in range(11)])
    assert [i.response for i in added] == [f"r{i}" for i in range(11)]
    assert len({i.version_id for i in added}) == 1  # one bulk, one version
    emulator.configure(max_page_size=4)
    before = len(emulator.requests())
    responses = [i.response for i in client.datasets.list_items(dataset.id, limit=None)]
    assert responses == ["r", *(f"r{i}" for i in range(11))]
    assert len(emulator.requests()) - before == 3  # 4 + 4 + 4


async def test_items_async(client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("x\n", encoding="utf-8")
    dataset = await client.datasets.acreate(name="a", path=csv)
    item = await client.datasets.aadd_item(dataset.id, response="one", request="q")
    (bulk,) = await client.datasets.aadd_items(dataset.id, [{"response": "two", "turns": [{"role": "user"}]}])
    assert bulk.turns == [{"role": "user"}]
    assert (await client.datasets.aget_item(dataset.id, item.id)).request == "q"
    edited = await client.datasets.aupdate_item(dataset.id, item.id, expected_output="e")
    await client.datasets.aarchive_item(dataset.id, bulk.id)
    assert [i.id async for i in client.datasets.alist_items(dataset.id)] == [
        (await anext(client.datasets.alist_items(dataset.id))).id,
        edited.id,
    ]
    assert (await client.datasets.aupdate(dataset.id, name="renamed")).name == "renamed"


def test_dataset_rename(client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("x\n", encoding="utf-8")
    dataset = client.datasets.create(name="before", path=csv)
    assert client.datasets.update(dataset.id, name="after").name == "after"
    assert client.datasets.get(dataset.id).name == "after"
    assert client.datasets.update(dataset.id).name == "after"  # nothing given, nothing changed


def test_items_of_unknown_datasets_and_items_are_404(client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("x\n", encoding="utf-8")
    one = client.datasets.create(name="one", path=csv)
    two = client.datasets.create(name="two", path=csv)
    item = client.datasets.add_item(one.id, response="r")
    missing = str(uuid.uuid4())
    with pytest.raises(NotFoundError, match="DataSet"):
        client.datasets.add_item(missing, response="r")
    with pytest.raises(NotFoundError, match="DataSet"):
        list(client.datasets.list_items(missing))
    with pytest.raises(NotFoundError, match="DatasetItem"):
        client.datasets.get_item(two.id, item.id)  # an item of another dataset
    with pytest.raises(NotFoundError):
        client.datasets.archive_item(one.id, missing)


def test_bulk_bodies_are_checked(emulator: Emulator, client: RootSignals, tmp_path: Path) -> None:
    csv = tmp_path / "a.csv"
    csv.write_text("x\n", encoding="utf-8")
    dataset = client.datasets.create(name="one", path=csv)
    path = f"/v1/datasets/{dataset.id}/items/bulk/"
    assert call(emulator, "POST", path, {"response": "x"}).json() == {
        "non_field_errors": ['Expected a list of items but got type "dict".']
    }
    response = call(emulator, "POST", path, [{"response": "ok"}, {"response": 3}, "no"])
    assert response.status == 400
    assert set(response.json()) == {"1.response", "2"}
    response = call(emulator, "POST", path, [{}] * 5001)
    assert response.json() == {"non_field_errors": ["Ensure this field has no more than 5000 elements."]}
    response = call(emulator, "GET", f"/v1/datasets/{dataset.id}/items/?is_archived=maybe")
    assert response.status == 400
    assert call(emulator, "GET", f"/v1/datasets/{dataset.id}/items/", key="not-" + KEY).status == 401


# -- hostile input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("multipart/form-data", b"--x\r\nno boundary declared\r\n"),
        ("multipart/form-data; boundary=b", b"--b\r\nContent-Disposition: form-data; name=file\r\n\r\n%PDF\r\n--b--"),
        ("multipart/form-data; boundary=b", b"garbage without any part"),
        ("multipart/form-data; boundary=b", b"--b\r\n" * 2000),
    ],
)
def test_malformed_uploads_are_4xx(emulator: Emulator, content_type: str, body: bytes) -> None:
    response = call(emulator, "POST", "/v1/files/", raw=body, headers={"Content-Type": content_type})
    assert 400 <= response.status < 500, response.body
    assert isinstance(response.json(), dict)
    assert emulator.response_failures() == []


def test_a_path_in_the_file_name_is_only_a_name(client: RootSignals, emulator: Emulator) -> None:
    file_id = client.files.upload(io.BytesIO(PDF), "../../etc/passwd.pdf")
    assert emulator.uploaded_file(str(file_id)) == ("../../etc/passwd.pdf", PDF)
    with pytest.raises(KeyError):
        emulator.uploaded_file(str(uuid.uuid4()))


@settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(
        st.dictionaries(
            st.sampled_from(["response", "request", "expected_output", "change_note", "contexts", "metadata", "x"]),
            st.one_of(st.text(max_size=20), st.integers(), st.none(), st.lists(st.text(max_size=5), max_size=3)),
            max_size=4,
        ),
        max_size=6,
    )
)
def test_any_bulk_body_is_201_or_400_and_items_keep_their_order(
    emulator: Emulator, items: list[dict[str, Any]]
) -> None:
    emulator.reset()
    dataset = call(emulator, "POST", "/v1/datasets/", raw=_csv_form(), headers={"Content-Type": _FORM}).json()
    path = f"/v1/datasets/{dataset['id']}/items/"
    response = call(emulator, "POST", f"{path}bulk/", items)
    assert response.status in (201, 400), response.body
    if response.status == 201:
        made = response.json()
        assert len(made) == len(items)
        listed = call(emulator, "GET", f"{path}?page_size=100").json()["results"]
        assert [i["id"] for i in listed] == [listed[0]["id"], *(i["id"] for i in made)]  # the CSV's row first
    assert emulator.response_failures() == []


_FORM = "multipart/form-data; boundary=prop"


def _csv_form() -> bytes:
    return (
        b'--prop\r\nContent-Disposition: form-data; name="name"\r\n\r\nprop\r\n'
        b'--prop\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\n\r\nx\r\n--prop--\r\n'
    )


def test_an_item_given_no_variables_metadata_or_contexts_shows_them_empty(client: RootSignals, tmp_path: Path) -> None:
    # The service's fields default to empty: scorable 1.15 reads {} and [] where it sent nothing.
    csv = tmp_path / "rows.csv"
    csv.write_text("hi,hello\n", encoding="utf-8")
    dataset = client.datasets.create(name="bare items", path=csv)
    added = client.datasets.add_item(dataset.id, request="q", response="a")
    for item in (added, client.datasets.get_item(dataset.id, added.id)):
        assert (item.variables, item.metadata, item.contexts) == ({}, {}, [])
    given = client.datasets.add_item(dataset.id, request="q", response="a", contexts=["c"], variables={"k": "v"})
    assert (given.variables, given.metadata, given.contexts) == ({"k": "v"}, {}, ["c"])
