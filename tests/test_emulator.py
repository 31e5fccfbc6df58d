"""Tests of the local emulator (root.emulator) over real HTTP, with the standard library's http.client only."""

from __future__ import annotations

import base64
import http.client
import json
import logging
import math
import random
import re
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from root.emulator import Emulator, FaultConfig
from root.emulator.app import MAX_BODY_SIZE

from .spec import MODEL_FIELDS, NAME_MAX, OUTPUT_TOKENS_MIN, TOKENS_MAX, TOKENS_MIN, URL_MAX, model_response

KEY = "test-key"
OTHER_KEY = "other-key"
BUILTIN_COUNT = 14
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
NO_MODEL = {"detail": "No Model matches the given query."}

# -- helpers ----------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        assert self.headers.get("Content-Type") == "application/json", self.headers
        return json.loads(self.body)


def call(
    emu: Emulator | str,
    method: str,
    path: str,
    body: Any = None,
    *,
    key: str | None = KEY,
    headers: dict[str, str] | None = None,
    raw: bytes | None = None,
    timeout: float = 10.0,
) -> Response:
    """Sends one request on a fresh connection and reads the whole response."""
    base = emu.url if isinstance(emu, Emulator) else emu
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    try:
        all_headers = dict(headers or {})
        if key is not None:
            all_headers.setdefault("Authorization", f"Api-Key {key}")
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            all_headers.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        conn.close()


def create(emu: Emulator, name: str = "my-model", **fields: Any) -> dict[str, Any]:
    response = call(emu, "POST", "/v1/models/", {"name": name, **fields})
    assert response.status == 201, response.body
    data: dict[str, Any] = response.json()
    return data


def path_of(url: str) -> str:
    """The path and query of a `next`/`previous` URL, to request it from the emulator."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def walk(emu: Emulator, query: str) -> list[dict[str, Any]]:
    """Follows `next` from the first page; returns the pages, checking each on the way."""
    pages = []
    path: str | None = f"/v1/models/?{query}"
    while path is not None:
        response = call(emu, "GET", path)
        assert response.status == 200, response.body
        page = response.json()
        pages.append(page)
        assert len(pages) < 1000, "pagination does not end"
        path = path_of(page["next"]) if page["next"] is not None else None
    return pages


def ids(page: dict[str, Any]) -> list[str]:
    return [m["id"] for m in page["results"]]


# -- fixtures ---------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_server_errors(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fails a test when the server side logged a warning or error (tracebacks, unclosed resources).

    asyncio's debug mode (``python -X dev``) also warns of any callback slower than 0.1 s: a report of
    the machine's load, not of an error, so it is not counted."""
    caplog.set_level(logging.WARNING)
    yield
    noisy = [
        r
        for r in caplog.get_records("setup") + caplog.get_records("call")
        if r.levelno >= logging.WARNING
        and r.name.split(".")[0] in ("aiohttp", "asyncio", "root")
        and r.msg != "Executing %s took %.3f seconds"
    ]
    assert not noisy, [r.getMessage() for r in noisy]


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    # Every response the API sends here is also validated against openapi.yaml.
    with Emulator(api_keys=(KEY, OTHER_KEY), seed=1234, check_responses=True) as emu:
        yield emu


@pytest.fixture
def emu(shared: Emulator) -> Iterator[Emulator]:
    shared.reset()
    shared.clear_response_failures()
    yield shared
    if shared.running:
        assert shared.response_failures() == [], "responses that openapi.yaml does not allow"


@pytest.fixture(scope="module")
def many() -> Iterator[tuple[Emulator, list[str]]]:
    """An emulator holding 250 custom models (not changed by the tests that use it) and their ids."""
    with Emulator(api_keys=(KEY,)) as emu:
        created = [create(emu, f"model-{i:03d}")["id"] for i in range(250)]
        yield emu, created


# -- authentication ---------------------------------------------------------------------------------------


def test_missing_key_is_401_not_provided(emu: Emulator) -> None:
    response = call(emu, "GET", "/v1/models/", key=None)
    assert response.status == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}
    assert response.headers["WWW-Authenticate"] == "Api-Key"
    assert response.headers["X-Request-Id"]


@pytest.mark.parametrize(
    "authorization",
    ["Api-Key wrong", f"Bearer {KEY}", "Api-Key ", KEY, f"Api-Key {KEY} extra", f"Token {KEY}"],
)
def test_unknown_or_malformed_key_is_401(emu: Emulator, authorization: str) -> None:
    response = call(emu, "GET", "/v1/models/", key=None, headers={"Authorization": authorization})
    assert response.status == 401
    assert response.json() == {"detail": "Invalid API key."}


def test_every_configured_key_is_accepted(emu: Emulator) -> None:
    assert emu.api_key == KEY
    assert call(emu, "GET", "/v1/models/", key=OTHER_KEY).status == 200
    created = create(emu, "by-first-key")
    # One organization: a model created with one key is visible with the other.
    assert call(emu, "GET", f"/v1/models/{created['id']}/", key=OTHER_KEY).status == 200


def test_any_non_empty_key_is_accepted_without_configured_keys() -> None:
    with Emulator() as emu:
        assert emu.api_key == "emulator-key"
        assert call(emu, "GET", "/v1/models/", key="anything-at-all").status == 200
        assert call(emu, "GET", "/v1/models/", key=emu.api_key).status == 200
        assert call(emu, "GET", "/v1/models/", key=None, headers={"Authorization": "Api-Key "}).status == 401
        assert call(emu, "GET", "/v1/models/", key=None).status == 401


def test_auth_is_checked_before_acting(emu: Emulator) -> None:
    response = call(emu, "POST", "/v1/models/", {"name": "sneaky"}, key="wrong")
    assert response.status == 401
    assert emu.count_models() == 0


# -- create / retrieve / update / delete ------------------------------------------------------------------


def test_create_fills_defaults(emu: Emulator) -> None:
    response = call(emu, "POST", "/v1/models/", {"name": "  minimal  "})
    assert response.status == 201
    model = response.json()
    assert uuid.UUID(model["id"]).version == 4
    assert model == model_response(id=model["id"], name="minimal", model="minimal", max_output_token_count=4096)
    assert emu.count_models(name="minimal") == 1


def test_create_get_put_patch_delete_round_trip(emu: Emulator) -> None:
    full = {
        "name": "round-trip",
        "model": "gpt-4o-2024-08-06",
        "default_key": "sk-secret",
        "max_output_token_count": 2000,
        "max_token_count": 100000,
        "url": "https://llm.example.test/v1",
    }
    created = call(emu, "POST", "/v1/models/", full).json()
    model_id = created["id"]
    expected = model_response(**{k: v for k, v in full.items() if k != "default_key"}, id=model_id)
    assert created == expected

    fetched = call(emu, "GET", f"/v1/models/{model_id}/")
    assert fetched.status == 200
    assert fetched.json() == expected

    put = call(emu, "PUT", f"/v1/models/{model_id}/", {"name": "renamed", "max_output_token_count": 900})
    assert put.status == 200
    # Like DRF, PUT leaves optional fields it was not given unchanged.
    expected |= {"name": "renamed", "max_output_token_count": 900}
    assert put.json() == expected
    assert call(emu, "GET", f"/v1/models/{model_id}/").json() == expected

    patched = call(emu, "PATCH", f"/v1/models/{model_id}/", {"url": "https://other.example.test"})
    assert patched.status == 200
    expected |= {"url": "https://other.example.test"}
    assert patched.json() == expected
    assert call(emu, "GET", f"/v1/models/{model_id}/").json() == expected

    deleted = call(emu, "DELETE", f"/v1/models/{model_id}/")
    assert deleted.status == 204
    assert deleted.body == b""
    assert "Content-Type" not in deleted.headers
    assert deleted.headers["X-Request-Id"]
    assert call(emu, "GET", f"/v1/models/{model_id}/").status == 404
    assert call(emu, "DELETE", f"/v1/models/{model_id}/").status == 404
    assert emu.count_models() == 0


def test_patch_null_clears_nullable_fields_and_empty_patch_changes_nothing(emu: Emulator) -> None:
    model = create(emu, "nullable", url="https://x.example.test", max_token_count=5, default_key="k")
    unchanged = call(emu, "PATCH", f"/v1/models/{model['id']}/", raw=b"", headers={})
    assert unchanged.status == 200
    assert unchanged.json() == model
    cleared = call(emu, "PATCH", f"/v1/models/{model['id']}/", {"url": None, "max_token_count": None})
    assert cleared.status == 200
    assert cleared.json() == model | {"url": None, "max_token_count": None}


def test_put_requires_name(emu: Emulator) -> None:
    model = create(emu, "needs-name")
    response = call(emu, "PUT", f"/v1/models/{model['id']}/", {"model": "other"})
    assert response.status == 400
    assert response.json() == {"name": ["This field is required."]}
    assert call(emu, "GET", f"/v1/models/{model['id']}/").json() == model


def test_unknown_and_read_only_fields_are_ignored(emu: Emulator) -> None:
    forced_id = str(uuid.uuid4())
    model = create(emu, "ignores", id=forced_id, owner={"email": "x"}, visibility="PUBLIC", extra=1)
    assert model["id"] != forced_id
    assert set(model) == MODEL_FIELDS


def test_stored_default_key_is_written_and_cleared(emu: Emulator) -> None:
    model = create(emu, "with-key", default_key="  sk-1  ")
    assert emu.stored_default_key(model["id"]) == "sk-1"
    call(emu, "PATCH", f"/v1/models/{model['id']}/", {"default_key": "sk-2"})
    assert emu.stored_default_key(model["id"]) == "sk-2"
    call(emu, "PUT", f"/v1/models/{model['id']}/", {"name": "with-key"})
    assert emu.stored_default_key(model["id"]) == "sk-2"  # PUT keeps fields it was not given
    call(emu, "PATCH", f"/v1/models/{model['id']}/", {"default_key": None})
    assert emu.stored_default_key(model["id"]) is None
    with pytest.raises(KeyError):
        emu.stored_default_key(str(uuid.uuid4()))


def test_default_key_is_never_returned(emu: Emulator) -> None:
    secret = "sk-do-not-return-me"

    def check(response: Response) -> None:
        assert b"default_key" not in response.body
        assert secret.encode() not in response.body

    created = call(emu, "POST", "/v1/models/", {"name": "keyed", "default_key": secret})
    assert created.status == 201
    check(created)
    model_id = created.json()["id"]
    check(call(emu, "GET", f"/v1/models/{model_id}/"))
    check(call(emu, "GET", "/v1/models/?page_size=100"))
    check(call(emu, "PUT", f"/v1/models/{model_id}/", {"name": "keyed", "default_key": secret}))
    check(call(emu, "PATCH", f"/v1/models/{model_id}/", {"default_key": secret + "2"}))
    check(call(emu, "PATCH", f"/v1/models/{model_id}/", {"default_key": None}))


def test_request_ids_are_unique(emu: Emulator) -> None:
    seen = {call(emu, "GET", "/v1/models/").headers["X-Request-Id"] for _ in range(20)}
    seen.add(call(emu, "GET", "/v1/models/", key=None).headers["X-Request-Id"])
    seen.add(call(emu, "GET", "/nowhere").headers["X-Request-Id"])
    assert len(seen) == 22


# -- validation -------------------------------------------------------------------------------------------

INVALID_BODIES: list[tuple[dict[str, Any], str, str]] = [
    ({}, "name", "This field is required."),
    ({"name": ""}, "name", "This field may not be blank."),
    ({"name": "   "}, "name", "This field may not be blank."),
    ({"name": "x" * (NAME_MAX + 1)}, "name", f"Ensure this field has no more than {NAME_MAX} characters."),
    ({"name": 5}, "name", "Not a valid string."),
    ({"name": None}, "name", "This field may not be null."),
    ({"name": "a", "model": ""}, "model", "This field may not be blank."),
    ({"name": "a", "model": None}, "model", "This field may not be null."),
    ({"name": "a", "default_key": ""}, "default_key", "This field may not be blank."),
    ({"name": "a", "default_key": 1}, "default_key", "Not a valid string."),
    (
        {"name": "a", "max_output_token_count": OUTPUT_TOKENS_MIN - 1},
        "max_output_token_count",
        f"greater than or equal to {OUTPUT_TOKENS_MIN}",
    ),
    ({"name": "a", "max_output_token_count": "1000"}, "max_output_token_count", "A valid integer is required."),
    ({"name": "a", "max_output_token_count": True}, "max_output_token_count", "A valid integer is required."),
    ({"name": "a", "max_output_token_count": 1000.5}, "max_output_token_count", "A valid integer is required."),
    ({"name": "a", "max_output_token_count": None}, "max_output_token_count", "This field may not be null."),
    (
        {"name": "a", "max_token_count": TOKENS_MIN - 1},
        "max_token_count",
        f"Ensure this value is greater than or equal to {TOKENS_MIN}.",
    ),
    ({"name": "a", "max_token_count": TOKENS_MAX + 1}, "max_token_count", f"less than or equal to {TOKENS_MAX}."),
    ({"name": "a", "max_token_count": False}, "max_token_count", "A valid integer is required."),
    ({"name": "a", "url": "u" * (URL_MAX + 1)}, "url", f"Ensure this field has no more than {URL_MAX} characters."),
    ({"name": "a", "url": 3}, "url", "Not a valid string."),
]


@pytest.mark.parametrize(("body", "field", "message"), INVALID_BODIES)
def test_invalid_create_is_400_and_writes_nothing(
    emu: Emulator, body: dict[str, Any], field: str, message: str
) -> None:
    response = call(emu, "POST", "/v1/models/", body)
    assert response.status == 400
    errors = response.json()
    assert list(errors) == [field]
    assert len(errors[field]) == 1
    assert message in errors[field][0]
    assert emu.count_models() == 0


@pytest.mark.parametrize(("body", "field", "message"), [c for c in INVALID_BODIES if c[0].get("name") == "a"])
def test_invalid_update_is_400_and_writes_nothing(
    emu: Emulator, body: dict[str, Any], field: str, message: str
) -> None:
    model = create(emu, "before", url="https://before.example.test")
    for method in ("PUT", "PATCH"):
        response = call(emu, method, f"/v1/models/{model['id']}/", body | {"name": "after"})
        assert response.status == 400
        assert message in response.json()[field][0]
    assert call(emu, "GET", f"/v1/models/{model['id']}/").json() == model


def test_all_failing_fields_are_reported_at_once(emu: Emulator) -> None:
    body = {"name": "", "model": "", "max_output_token_count": 1, "max_token_count": -5, "url": 7}
    response = call(emu, "POST", "/v1/models/", body)
    assert response.status == 400
    assert set(response.json()) == {"name", "model", "max_output_token_count", "max_token_count", "url"}
    assert emu.count_models() == 0


def test_limits_themselves_are_valid(emu: Emulator) -> None:
    body = {
        "name": "n" * NAME_MAX,
        "model": "m",
        "default_key": "k",
        "max_output_token_count": OUTPUT_TOKENS_MIN,
        "max_token_count": TOKENS_MAX,
        "url": "u" * URL_MAX,
    }
    created = call(emu, "POST", "/v1/models/", body)
    assert created.status == 201
    assert created.json()["max_token_count"] == TOKENS_MAX
    lowest = call(emu, "PATCH", f"/v1/models/{created.json()['id']}/", {"max_token_count": TOKENS_MIN, "url": ""})
    assert lowest.status == 200
    assert lowest.json()["max_token_count"] == TOKENS_MIN


@pytest.mark.parametrize("raw", [b"{not json", b'{"name": NaN}', b"\xff\xfe", b"\x00", b"\x0b", b"  "])
def test_unparseable_body_is_400_non_field_errors(emu: Emulator, raw: bytes) -> None:
    response = call(emu, "POST", "/v1/models/", raw=raw)
    assert response.status == 400
    errors = response.json()
    assert list(errors) == ["non_field_errors"]
    assert errors["non_field_errors"][0].startswith("JSON parse error - ")
    assert emu.count_models() == 0


@pytest.mark.parametrize(("body", "kind"), [([{"name": "a"}], "list"), ("name", "str"), (3, "int")])
def test_non_object_body_is_400_non_field_errors(emu: Emulator, body: Any, kind: str) -> None:
    response = call(emu, "POST", "/v1/models/", body)
    assert response.status == 400
    assert response.json() == {"non_field_errors": [f"Invalid data. Expected a dictionary, but got {kind}."]}
    assert emu.count_models() == 0


def test_oversized_body_is_413(emu: Emulator) -> None:
    response = call(emu, "POST", "/v1/models/", {"name": "big", "url": "u" * (MAX_BODY_SIZE + 1)})
    assert response.status == 413
    assert response.json()["detail"]
    assert emu.count_models() == 0


def test_non_json_content_type_is_415(emu: Emulator) -> None:
    response = call(emu, "POST", "/v1/models/", raw=b"name=x", headers={"Content-Type": "text/plain"})
    assert response.status == 415
    assert "Unsupported media type" in response.json()["detail"]
    assert emu.count_models() == 0


# -- 404, 403, 405 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("model_id", [str(uuid.uuid4()), "not-a-uuid", "12345"])
def test_unknown_model_is_404(emu: Emulator, method: str, model_id: str) -> None:
    response = call(emu, method, f"/v1/models/{model_id}/", {"name": "x"} if method in ("PUT", "PATCH") else None)
    assert response.status == 404
    assert response.json() == NO_MODEL
    assert emu.count_models() == 0


def test_builtin_models_can_be_read_but_not_changed(emu: Emulator) -> None:
    builtin = next(m for m in call(emu, "GET", "/v1/models/?page_size=100").json()["results"] if m["provider"])
    path = f"/v1/models/{builtin['id']}/"
    before = call(emu, "GET", path)
    assert before.status == 200
    assert before.json()["name"] == builtin["name"]
    assert call(emu, "PUT", path, {"name": "mine"}).json() == FORBIDDEN
    assert call(emu, "PATCH", path, {"name": "mine"}).status == 403
    assert call(emu, "PATCH", path, {"name": ""}).status == 403  # permission comes before validation
    deleted = call(emu, "DELETE", path)
    assert deleted.status == 403
    assert deleted.json() == FORBIDDEN
    assert call(emu, "GET", path).json() == before.json()


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/v1/models/", "GET, POST, HEAD, OPTIONS"),
        ("PUT", "/v1/models/", "GET, POST, HEAD, OPTIONS"),
        ("POST", "/v1/models/{id}/", "GET, PUT, PATCH, DELETE, HEAD, OPTIONS"),
    ],
)
def test_wrong_method_is_405(emu: Emulator, method: str, path: str, allow: str) -> None:
    model = create(emu, "target")
    response = call(emu, method, path.format(id=model["id"]), {"name": "x"})
    assert response.status == 405
    assert response.json() == {"detail": f'Method "{method}" not allowed.'}
    assert response.headers["Allow"] == allow
    assert emu.count_models() == 1


def test_unknown_path_is_json_404(emu: Emulator) -> None:
    for path in ("/v1/models", "/v2/models/", "/"):
        response = call(emu, "GET", path)
        assert response.status == 404
        assert response.json() == {"detail": "Not found."}


# -- listing ----------------------------------------------------------------------------------------------


def test_listing_shapes_and_default_order(emu: Emulator) -> None:
    first = create(emu, "older")
    second = create(emu, "newer")
    page = call(emu, "GET", "/v1/models/").json()
    assert set(page) == {"next", "previous", "results"}
    assert page["next"] is None
    assert page["previous"] is None
    results = page["results"]
    assert len(results) == BUILTIN_COUNT + 2
    # Newest first: the models just created, then the built-ins.
    assert [m["id"] for m in results[:2]] == [second["id"], first["id"]]
    assert results[0] == {
        "id": second["id"],
        "name": "newer",
        "owner": {"email": "emulator@example.com", "full_name": "Emulator User"},
        "provider": None,
        "visibility": "PRIVATE",
    }
    for builtin in results[2:]:
        assert uuid.UUID(builtin["id"]).version == 5
        assert builtin["visibility"] == "PUBLIC"
        assert set(builtin["owner"]) == {"email", "full_name"}
        provider = builtin["provider"]
        assert set(provider) == {"id", "name", "logo_light", "logo_dark", "is_gdpr_compliant"}
        assert isinstance(provider["is_gdpr_compliant"], bool)
        assert provider["logo_light"].startswith("https://")


def test_builtin_ids_are_stable_across_emulators(emu: Emulator) -> None:
    with Emulator() as other:
        mine = sorted(ids(call(emu, "GET", "/v1/models/").json()))
        theirs = sorted(ids(call(other, "GET", "/v1/models/", key="x").json()))
    assert mine == theirs
    assert len(mine) == BUILTIN_COUNT


@pytest.mark.parametrize("page_size", [1, 7, 100])
def test_pagination_yields_every_model_once(many: tuple[Emulator, list[str]], page_size: int) -> None:
    emu, created = many
    pages = walk(emu, f"page_size={page_size}")
    seen = [i for page in pages for i in ids(page)]
    total = len(created) + BUILTIN_COUNT
    assert len(seen) == total
    assert len(set(seen)) == total
    assert set(created) <= set(seen)
    # Newest first, and no empty page at the end.
    assert seen[: len(created)] == created[::-1]
    assert len(pages) == math.ceil(total / page_size)
    assert all(len(page["results"]) == page_size for page in pages[:-1])
    assert pages[-1]["results"]
    assert pages[-1]["next"] is None
    assert pages[0]["previous"] is None
    assert all(page["previous"] is not None for page in pages[1:])


def test_previous_links_walk_back(many: tuple[Emulator, list[str]]) -> None:
    emu, _ = many
    pages = walk(emu, "page_size=50&ordering=name")
    assert len(pages) == 6
    back = pages[-1]
    for expected in reversed(pages[:-1]):
        back = call(emu, "GET", path_of(back["previous"])).json()
        assert ids(back) == ids(expected)
    assert back["previous"] is None
    # From a page reached backwards, next goes forwards again.
    assert ids(call(emu, "GET", path_of(back["next"])).json()) == ids(pages[1])


@pytest.mark.parametrize(
    ("ordering", "key", "reverse"),
    [("name", "name", False), ("-name", "name", True), ("created_at", None, False), ("bogus", None, True)],
)
def test_ordering(many: tuple[Emulator, list[str]], ordering: str, key: str | None, reverse: bool) -> None:
    emu, created = many
    seen = [m for page in walk(emu, f"page_size=64&ordering={ordering}") for m in page["results"]]
    assert len(seen) == len(created) + BUILTIN_COUNT
    if key is not None:
        names = [m[key] for m in seen]
        assert names == sorted(names, reverse=reverse)
    else:
        custom = [m["id"] for m in seen if m["provider"] is None]
        assert custom == (created[::-1] if reverse else created)


def test_next_keeps_the_other_query_parameters(many: tuple[Emulator, list[str]]) -> None:
    emu, _ = many
    page = call(emu, "GET", "/v1/models/?page_size=3&ordering=-name&capable_of=chat").json()
    parts = urlsplit(page["next"])
    assert f"{parts.scheme}://{parts.netloc}" == emu.url
    assert parts.path == "/v1/models/"
    query = parse_qs(parts.query)
    assert query["page_size"] == ["3"]
    assert query["ordering"] == ["-name"]
    assert query["capable_of"] == ["chat"]
    assert len(query["cursor"]) == 1


def test_pagination_survives_deletes_and_creates_while_walking(emu: Emulator) -> None:
    made = [create(emu, f"walk-{i:02d}")["id"] for i in range(30)]
    expected_order = made[::-1]  # newest first
    page = call(emu, "GET", "/v1/models/?page_size=10").json()
    seen = ids(page)
    assert seen == expected_order[:10]
    # Delete the last model of this page and the first of the next, and add a newer one.
    call(emu, "DELETE", f"/v1/models/{expected_order[9]}/")
    call(emu, "DELETE", f"/v1/models/{expected_order[10]}/")
    newcomer = create(emu, "walk-new")["id"]
    while page["next"] is not None:
        page = call(emu, "GET", path_of(page["next"])).json()
        seen += ids(page)
    assert len(seen) == len(set(seen))
    assert newcomer not in seen  # it sorts before the walk's position
    assert [i for i in seen if i in made] == [i for i in expected_order if i != expected_order[10]]


@pytest.mark.parametrize("param", ["0", "-3"])
def test_page_size_below_one_falls_back_to_default(many: tuple[Emulator, list[str]], param: str) -> None:
    # As in DRF; the spec's page_size is any integer, so these must be answered, not rejected.
    emu, _ = many
    page = call(emu, "GET", f"/v1/models/?page_size={param}").json()
    assert len(page["results"]) == 20


@pytest.mark.parametrize("param", ["abc", "", "2.5", "1_000", "\u0661", "true"])
def test_page_size_that_is_not_an_integer_is_400(emu: Emulator, param: str) -> None:
    response = call(emu, "GET", f"/v1/models/?page_size={quote(param)}")
    assert response.status == 400
    assert response.json() == {"page_size": ["A valid integer is required."]}


def test_page_size_is_capped(emu: Emulator) -> None:
    for i in range(5):
        create(emu, f"cap-{i}")
    emu.configure(max_page_size=4)
    page = call(emu, "GET", "/v1/models/?page_size=1000").json()
    assert len(page["results"]) == 4
    assert parse_qs(urlsplit(page["next"]).query)["page_size"] == ["1000"]
    assert len(call(emu, "GET", "/v1/models/").json()["results"]) == 4


def test_capable_of_narrows_to_models_with_all_capabilities(emu: Emulator) -> None:
    create(emu, "custom-has-no-capabilities")
    everything = call(emu, "GET", "/v1/models/?page_size=100").json()["results"]

    def names(query: str) -> set[str]:
        page = call(emu, "GET", f"/v1/models/?page_size=100&{query}").json()
        assert page["next"] is None
        return {m["name"] for m in page["results"]}

    chat = names("capable_of=chat")
    vision = names("capable_of=vision")
    both = names("capable_of=vision,function_calling")
    three = names("capable_of=vision%2Cfunction_calling%2Cjson_mode")
    assert len(chat) == BUILTIN_COUNT
    assert "custom-has-no-capabilities" not in chat
    assert len(everything) == BUILTIN_COUNT + 1
    assert three < both < vision < chat
    assert "gpt-4o" in three
    # Exploded form and whitespace mean the same.
    assert names("capable_of=vision&capable_of=function_calling") == both
    assert names("capable_of=function_calling,%20vision") == both
    assert names("capable_of=telepathy") == set()
    assert names("capable_of=vision,telepathy") == set()


def test_capable_of_paginates(emu: Emulator) -> None:
    pages = walk(emu, "capable_of=vision&page_size=3")
    assert [len(p["results"]) for p in pages] == [3, 3, 3, 1]
    assert all(parse_qs(urlsplit(p["next"]).query)["capable_of"] == ["vision"] for p in pages[:-1])


def test_public_url_is_the_base_of_next(emu: Emulator) -> None:
    emu.configure(public_url="https://api.example.test/prefix/")
    page = call(emu, "GET", "/v1/models/?page_size=3").json()
    assert page["next"].startswith("https://api.example.test/prefix/v1/models/?cursor=")
    following = call(emu, "GET", "/v1/models/?" + urlsplit(page["next"]).query).json()
    assert following["previous"].startswith("https://api.example.test/prefix/v1/models/?cursor=")
    assert not set(ids(page)) & set(ids(following))
    emu.configure(public_url=None)
    assert call(emu, "GET", "/v1/models/?page_size=3").json()["next"].startswith(emu.url + "/v1/models/?")


def test_public_url_from_constructor() -> None:
    with Emulator(public_url="http://proxy.example.test:9999") as emu:
        page = call(emu, "GET", "/v1/models/?page_size=2", key="k").json()
        assert page["next"].startswith("http://proxy.example.test:9999/v1/models/?cursor=")


def test_next_style_token(emu: Emulator) -> None:
    emu.configure(next_style="token")
    pages = []
    cursor: str | None = None
    while True:
        query = "page_size=3" + (f"&cursor={cursor}" if cursor else "")
        page = call(emu, "GET", f"/v1/models/?{query}").json()
        pages.append(page)
        cursor = page["next"]
        if cursor is None:
            break
        assert "/" not in cursor
        assert "?" not in cursor
    assert [len(p["results"]) for p in pages] == [3, 3, 3, 3, 2]
    assert pages[1]["previous"] is not None
    assert "/" not in pages[1]["previous"]


def test_malformed_cursor_is_404(emu: Emulator) -> None:
    by_name = call(emu, "GET", "/v1/models/?page_size=1&ordering=name").json()
    other_ordering = parse_qs(urlsplit(by_name["next"]).query)["cursor"][0]
    junk = base64.urlsafe_b64encode(b"x|y|z").decode()
    for cursor in ("not*base64", junk, other_ordering, "%FF%FE", "Zg"):
        response = call(emu, "GET", f"/v1/models/?cursor={cursor}")
        assert response.status == 404, cursor
        assert response.json() == {"detail": "Invalid cursor"}


def test_empty_cursor_is_the_first_page(emu: Emulator) -> None:
    with_empty = call(emu, "GET", "/v1/models/?cursor=&page_size=3").json()
    assert with_empty == call(emu, "GET", "/v1/models/?page_size=3").json()
    assert with_empty["previous"] is None
    assert len(with_empty["results"]) == 3


def test_head_and_options(emu: Emulator) -> None:
    head = call(emu, "HEAD", "/v1/models/")
    assert head.status == 200
    assert head.body == b""
    options = call(emu, "OPTIONS", "/v1/models/")
    assert options.status == 200
    assert "POST" in options.headers["Allow"]


# -- persistence ------------------------------------------------------------------------------------------


def test_file_database_survives_restart(tmp_path: Path) -> None:
    db = tmp_path / "emulator.db"
    with Emulator(db=db) as first:
        model = create(first, "persistent", default_key="sk-stored")
        port = first.port
    # The port is released on stop.
    with socket.create_server(("127.0.0.1", port)):
        pass
    with sqlite3.connect(db) as conn:
        stored = conn.execute(
            "SELECT json_extract(fields, '$.default_key') FROM models WHERE id = ?", (model["id"],)
        ).fetchone()
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert stored == ("sk-stored",)
    assert mode == "wal"
    with Emulator(db=str(db)) as second:
        fetched = call(second, "GET", f"/v1/models/{model['id']}/")
        assert fetched.status == 200
        assert fetched.json() == model
        assert second.count_models() == 1
        assert len(call(second, "GET", "/v1/models/").json()["results"]) == BUILTIN_COUNT + 1
    emu = Emulator(db=db)
    for _ in range(2):  # one object can be started again after a stop
        emu.start()
        try:
            assert emu.count_models(name="persistent") == 1
            assert call(emu, "GET", f"/v1/models/{model['id']}/").status == 200
        finally:
            emu.stop()
    emu.stop()  # stopping twice is harmless
    with pytest.raises(RuntimeError):
        emu.count_models()


# -- faults -----------------------------------------------------------------------------------------------


def test_status_fault_first_n_with_retry_after(emu: Emulator) -> None:
    emu.set_faults(status=503, first=2, retry_after="1")
    for _ in range(2):
        response = call(emu, "POST", "/v1/models/", {"name": "retried"})
        assert response.status == 503
        assert response.headers["Retry-After"] == "1"
        assert response.headers["X-Request-Id"]
        assert response.json()["detail"]
    assert emu.count_models() == 0  # failed requests are not acted on
    assert call(emu, "POST", "/v1/models/", {"name": "retried"}).status == 201
    assert emu.count_models() == 1
    assert emu.faults() == {"faults": {"status": 503, "first": 2, "retry_after": "1"}, "matched": 3, "hits": 2}
    log = emu.requests()
    assert [(r["status"], r["fault"]) for r in log] == [(503, "status"), (503, "status"), (201, None)]


def test_status_fault_429_with_http_date_and_detail(emu: Emulator) -> None:
    date = "Wed, 21 Oct 2026 07:28:00 GMT"
    emu.set_faults(status=429, retry_after=date, detail="Slow down.")
    response = call(emu, "GET", "/v1/models/")
    assert response.status == 429
    assert response.headers["Retry-After"] == date
    assert response.json() == {"detail": "Slow down."}
    emu.set_faults(status=429, retry_after=2)
    response = call(emu, "GET", "/v1/models/")
    assert response.headers["Retry-After"] == "2"
    assert response.json() == {"detail": "Request was throttled. Expected available in 2 seconds."}


def test_fraction_fault_is_deterministic_by_seed(emu: Emulator) -> None:
    def pattern() -> list[bool]:
        return [call(emu, "GET", "/v1/models/?page_size=1").status == 500 for _ in range(40)]

    emu.set_faults(status=500, fraction=0.5)
    first = pattern()
    emu.set_faults(status=500, fraction=0.5)  # setting again restarts the sequence
    assert pattern() == first
    # The emulator's seed (1234) drives the draws, one per matching request.
    rng = random.Random(1234)
    assert first == [rng.random() < 0.5 for _ in range(40)]
    assert 5 < sum(first) < 35
    emu.set_faults(status=500, fraction=0.5, seed=99)
    rng = random.Random(99)
    assert pattern() == [rng.random() < 0.5 for _ in range(40)]
    emu.set_faults(status=500, fraction=0.0)
    assert not any(pattern()[:5])


def test_fault_filters_by_method_and_path(emu: Emulator) -> None:
    emu.set_faults(status=502, methods="post, patch")
    assert call(emu, "GET", "/v1/models/").status == 200
    assert call(emu, "POST", "/v1/models/", {"name": "x"}).status == 502
    model_path = "/v1/models/" + str(uuid.uuid4()) + "/"
    emu.set_faults(status=502, path_prefix=model_path)
    assert call(emu, "GET", "/v1/models/").status == 200
    assert call(emu, "GET", model_path).status == 502
    assert call(emu, "DELETE", model_path).status == 502


def test_delay_fault(emu: Emulator) -> None:
    emu.set_faults(delay=0.3, first=1)
    started = time.monotonic()
    assert call(emu, "GET", "/v1/models/").status == 200
    assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    assert call(emu, "GET", "/v1/models/").status == 200
    assert time.monotonic() - started < 0.3


def test_delay_combines_with_status(emu: Emulator) -> None:
    emu.set_faults(delay=0.2, status=504)
    started = time.monotonic()
    assert call(emu, "GET", "/v1/models/").status == 504
    assert time.monotonic() - started >= 0.2


def test_hang_fault_times_the_client_out(emu: Emulator) -> None:
    emu.set_faults(hang=True, first=1)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        call(emu, "POST", "/v1/models/", {"name": "never"}, timeout=0.3)
    assert time.monotonic() - started < 3
    assert emu.count_models() == 0
    assert call(emu, "GET", "/v1/models/").status == 200  # the next request is served
    assert emu.requests()[0]["fault"] == "hang"
    assert emu.requests()[0]["status"] is None


def test_stop_does_not_wait_for_a_hanging_request() -> None:
    emu = Emulator().start()
    emu.set_faults(hang=True)
    errors: list[BaseException] = []

    def hang() -> None:
        try:
            call(emu, "GET", "/v1/models/", key="k", timeout=20)
        except (OSError, http.client.HTTPException) as exc:
            errors.append(exc)

    client = threading.Thread(target=hang)
    client.start()
    deadline = time.monotonic() + 5
    while emu.faults()["hits"] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    emu.stop()
    assert time.monotonic() - started < 2
    client.join(5)
    assert not client.is_alive()
    assert len(errors) == 1  # the client saw the connection close, not a response


def test_drop_before_does_not_act(emu: Emulator) -> None:
    emu.set_faults(drop="before", methods="POST")
    with pytest.raises((ConnectionError, http.client.HTTPException)):
        call(emu, "POST", "/v1/models/", {"name": "dropped"})
    assert emu.count_models() == 0
    assert emu.requests()[-1]["fault"] == "drop-before"
    assert emu.requests()[-1]["body"] == {"name": "dropped"}


def test_drop_after_acts_first(emu: Emulator) -> None:
    emu.set_faults(drop="after", methods="POST", first=1)
    with pytest.raises(http.client.RemoteDisconnected):
        call(emu, "POST", "/v1/models/", {"name": "created-anyway"})
    assert emu.count_models(name="created-anyway") == 1
    assert call(emu, "POST", "/v1/models/", {"name": "second"}).status == 201
    assert emu.count_models() == 2
    assert [(r["status"], r["fault"]) for r in emu.requests()] == [(201, "drop-after"), (201, None)]


def test_drop_mid_sends_part_of_the_response(emu: Emulator) -> None:
    emu.set_faults(drop="mid", methods="POST")
    with pytest.raises(http.client.IncompleteRead) as caught:
        call(emu, "POST", "/v1/models/", {"name": "half"})
    assert caught.value.partial  # some of the body arrived
    assert emu.count_models(name="half") == 1


def test_drop_mid_without_body(emu: Emulator) -> None:
    model = create(emu, "to-delete")
    emu.set_faults(drop="mid", methods="DELETE")
    with pytest.raises(http.client.HTTPException):
        call(emu, "DELETE", f"/v1/models/{model['id']}/")
    assert emu.count_models() == 0


def test_fault_config_validation(emu: Emulator) -> None:
    bad: list[dict[str, Any]] = [
        {},
        {"status": 200},
        {"status": "503"},
        {"status": 503, "drop": "after"},
        {"hang": True, "drop": "before"},
        {"drop": "sideways"},
        {"retry_after": "1"},
        {"status": 503, "fraction": 1.5},
        {"status": 503, "first": -1},
        {"status": 503, "bogus": 1},
        {"delay": -1},
        {"status": 503, "methods": ""},
        {"status": 503, "path_prefix": "v1"},
    ]
    for keys in bad:
        with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
            emu.set_faults(**keys)
    assert emu.faults()["faults"] is None
    config = FaultConfig(status=503, methods=["get"], first=1)
    assert emu.set_faults(config) == FaultConfig.from_mapping({"status": 503, "methods": "GET", "first": 1})


def test_clear_faults(emu: Emulator) -> None:
    emu.set_faults(status=500)
    assert call(emu, "GET", "/v1/models/").status == 500
    emu.clear_faults()
    assert call(emu, "GET", "/v1/models/").status == 200


# -- controls ---------------------------------------------------------------------------------------------


def test_request_log(emu: Emulator) -> None:
    call(emu, "GET", "/v1/models/?page_size=2&capable_of=chat")
    call(emu, "POST", "/v1/models/", {"name": "logged"}, key="bad")
    log = emu.requests()
    assert [(r["method"], r["path"], r["status"]) for r in log] == [
        ("GET", "/v1/models/", 200),
        ("POST", "/v1/models/", 401),
    ]
    assert log[0]["query"] == "page_size=2&capable_of=chat"
    assert log[0]["body"] is None
    assert log[1]["body"] == {"name": "logged"}
    assert log[0]["params"] == {"page_size": ["2"], "capable_of": ["chat"]}
    assert log[0]["headers"]["Authorization"] == "Api-Key <redacted>"  # sent, never shown
    assert log[0]["time"] <= log[1]["time"]
    assert log[0]["request_id"] != log[1]["request_id"]
    emu.clear_requests()
    assert emu.requests() == []


def test_reset_restores_a_clean_state(emu: Emulator) -> None:
    create(emu, "gone")
    emu.set_faults(status=500, methods="PUT")
    emu.configure(next_style="token", max_page_size=2)
    assert emu.reset() == 1
    assert emu.count_models() == 0
    assert emu.requests() == []
    assert emu.faults()["faults"] is None
    page = call(emu, "GET", "/v1/models/?page_size=3").json()
    assert len(page["results"]) == 3
    assert page["next"].startswith("http://")


def test_count_models_filters(emu: Emulator) -> None:
    for name in ("alpha-1", "alpha-2", "beta", "alpha-1"):
        create(emu, name)
    assert emu.count_models() == 4
    assert emu.count_models(name="alpha-1") == 2
    assert emu.count_models(name_prefix="alpha-") == 3
    assert emu.count_models(name_prefix="gpt") == 0  # built-ins are not counted
    assert emu.count_models(name="beta", name_prefix="al") == 0


def test_configure_rejects_bad_values(emu: Emulator) -> None:
    for keys in (
        {"next_style": "link"},
        {"max_page_size": 0},
        {"public_url": "ftp://x"},
        {"job_seconds": -1},
        {"job_seconds": float("nan")},
        {"job_seconds": True},
    ):
        with pytest.raises(ValueError):  # noqa: PT011
            emu.configure(**keys)
    assert emu.configure() == {
        "max_page_size": 1000,
        "next_style": "url",
        "public_url": None,
        "body_timeout": 5.0,
        "request_log_bytes": 32 * 1024 * 1024,
        "job_seconds": 0.0,
    }


def test_constructor_and_lifecycle_errors() -> None:
    with pytest.raises(ValueError, match="next_style"):
        Emulator(next_style="links")
    emu = Emulator()
    with pytest.raises(RuntimeError):
        emu.set_faults(status=500)
    with emu:
        with pytest.raises(RuntimeError, match="already running"):
            emu.start()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            sock.listen()
            taken = sock.getsockname()[1]
            with pytest.raises(OSError, match="in use"):
                Emulator(port=taken).start()


def test_admin_endpoints_over_http(emu: Emulator) -> None:
    def admin(method: str, path: str, body: Any = None) -> Response:
        return call(emu, method, f"/_emulator/{path}", body, headers={"Content-Type": "application/json"})

    create(emu, "admin-a")
    create(emu, "admin-b")
    # Faults: set, inspect, hit, clear. Admin requests themselves are never faulted or logged.
    set_response = admin("POST", "faults", {"status": 503, "first": 1, "methods": ["GET"]})
    assert set_response.status == 200
    assert set_response.json()["faults"] == {"status": 503, "first": 1, "methods": ["GET"]}
    assert admin("GET", "state").status == 200
    assert call(emu, "GET", "/v1/models/").status == 503
    assert call(emu, "GET", "/v1/models/").status == 200
    assert admin("GET", "faults").json()["hits"] == 1
    assert admin("POST", "faults", {"status": 503, "drop": "mid"}).status == 400
    assert admin("POST", "faults", ["status"]).status == 400
    assert admin("DELETE", "faults").json()["faults"] is None
    emu.set_faults(status=500)
    assert admin("GET", "faults").status == 200
    emu.clear_faults()
    # Config.
    assert admin("POST", "config", {"next_style": "token"}).json()["next_style"] == "token"
    assert "/" not in call(emu, "GET", "/v1/models/?page_size=1").json()["next"]
    assert admin("POST", "config", {"nope": 1}).status == 400
    assert admin("POST", "config", {"max_page_size": -1}).status == 400
    assert admin("GET", "config").json() == {
        "max_page_size": 1000,
        "next_style": "token",
        "public_url": None,
        "body_timeout": 5.0,
        "request_log_bytes": 32 * 1024 * 1024,
        "job_seconds": 0.0,
    }
    # Request log and state.
    log = admin("GET", "requests").json()["requests"]
    assert [r["status"] for r in log] == [201, 201, 503, 200, 200]
    assert all(not r["path"].startswith("/_emulator/") for r in log)
    state = admin("GET", "state").json()
    assert state["models"] == 2
    assert state["builtin_models"] == BUILTIN_COUNT
    assert admin("GET", "state?name_prefix=admin-").json()["models"] == 2
    assert admin("GET", "state?name=admin-a").json()["models"] == 1
    assert admin("DELETE", "requests").json() == {"requests": []}
    # Reset.
    assert admin("GET", "reset").status == 405
    assert admin("POST", "reset").json() == {"deleted": 2}
    assert emu.count_models() == 0
    assert admin("GET", "config").json()["next_style"] == "url"
    assert admin("GET", "nothing-here").status == 404


# -- command line -----------------------------------------------------------------------------------------


def start_cli(*args: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-W", "error", "-m", "root.emulator", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 15)
    line = proc.stdout.readline() if ready else ""
    match = re.fullmatch(r"Root Signals emulator listening on (http://127\.0\.0\.1:(\d+))\n", line)
    if match is None:
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"unexpected first line {line!r}; stderr: {err}")
    assert int(match.group(2)) > 0
    return proc, match.group(1)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_cli_serves_and_stops_cleanly(signum: signal.Signals) -> None:
    proc, url = start_cli("--api-key", "cli-key", "--fail-status", "503", "--fail-first", "1", "--fault-methods", "GET")
    with proc:
        try:
            assert call(url, "GET", "/v1/models/", key="cli-key").status == 503
            assert call(url, "GET", "/v1/models/", key="cli-key").status == 200
            assert call(url, "GET", "/v1/models/", key="wrong").status == 401
            assert call(url, "POST", "/v1/models/", {"name": "cli"}, key="cli-key").status == 201
            assert call(url, "GET", "/_emulator/state", key=None).status == 401
            assert call(url, "GET", "/_emulator/state", key="cli-key").json()["models"] == 1
        finally:
            proc.send_signal(signum)
            out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert out == ""
    assert err == ""


def test_cli_file_database_and_options(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    proc, url = start_cli("--db", str(db), "--next-style", "token", "--max-page-size", "2")
    with proc:
        try:
            page = call(url, "GET", "/v1/models/?page_size=50", key="any").json()
            assert len(page["results"]) == 2
            assert "/" not in page["next"]
            assert call(url, "POST", "/v1/models/", {"name": "on-disk"}, key="any").status == 201
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=15)
    assert proc.returncode == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT name FROM models WHERE builtin = 0").fetchall()
    conn.close()
    assert rows == [("on-disk",)]


def test_cli_rejects_contradictory_faults() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "root.emulator", "--port", "0", "--hang", "--drop", "before"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "cannot be combined" in result.stderr
    assert result.stdout == ""
