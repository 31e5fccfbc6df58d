"""The emulator reads the contract from the spec: change a copy of the spec and the emulator follows.

Each test builds an emulator on a changed copy of the shipped ``root/generated/openapi.yaml`` (through
the ``spec`` argument) and checks over HTTP that the new limit, field or parameter rule holds, with the
service's wording and the spec's numbers. The rest: what the emulator needs installed, and what it does
where SQLite alone could not follow the spec.
"""

from __future__ import annotations

import copy
import http.client
import json
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

import root.generated
from root.emulator import Emulator

from .spec import NAME_MAX, OUTPUT_TOKENS_MIN

KEY = "contract-key"
SHIPPED_SPEC = Path(root.generated.__file__).parent / "openapi.yaml"

Spec = dict[str, Any]


def call(emu: Emulator, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    parts = urlsplit(emu.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        headers = {"Authorization": f"Api-Key {KEY}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        return response.status, json.loads(raw) if raw else None
    finally:
        conn.close()


@pytest.fixture
def shipped() -> Spec:
    spec: Spec = yaml.safe_load(SHIPPED_SPEC.read_text(encoding="utf-8"))
    return spec


@pytest.fixture
def emulator_on(tmp_path: Path) -> Iterator[Callable[[Spec], Emulator]]:
    """Starts emulators on changed copies of the spec; stops them after the test."""
    started: list[Emulator] = []

    def start(spec: Spec) -> Emulator:
        path = tmp_path / f"openapi-{len(started)}.yaml"
        path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        emu = Emulator(api_keys=[KEY], spec=path).start()
        started.append(emu)
        return emu

    yield start
    for emu in started:
        emu.stop()


def request_schemas(spec: Spec) -> list[dict[str, Any]]:
    schemas = spec["components"]["schemas"]
    return [schemas["ModelRequest"], schemas["PatchedModelRequest"]]


def test_the_shipped_spec_is_the_repository_spec() -> None:
    # make generate copies it; the emulator reads the copy, which must be the contract itself.
    assert SHIPPED_SPEC.read_bytes() == (Path(__file__).resolve().parents[1] / "openapi.yaml").read_bytes()


def test_limits_and_messages_follow_the_spec(shipped: Spec, emulator_on: Callable[[Spec], Emulator]) -> None:
    spec = copy.deepcopy(shipped)
    for schema in request_schemas(spec):
        properties = schema["properties"]
        properties["name"]["maxLength"] = 7
        properties["model"]["minLength"] = 3
        properties["max_output_token_count"]["minimum"] = 50
        properties["max_token_count"]["maximum"] = 99
        properties["url"]["maxLength"] = 12
        properties["url"]["pattern"] = "^https://"
        properties["default_key"]["enum"] = ["sk-a", "sk-b"]
    emu = emulator_on(spec)

    status, errors = call(
        emu,
        "POST",
        "/v1/models/",
        {
            "name": "eight ch",
            "model": "ab",
            "max_output_token_count": 49,
            "max_token_count": 100,
            "url": "http://long.example",
            "default_key": "sk-c",
        },
    )
    assert status == 400
    assert errors == {
        "name": ["Ensure this field has no more than 7 characters."],
        "model": ["Ensure this field has at least 3 characters."],
        "max_output_token_count": ["Ensure this value is greater than or equal to 50."],
        "max_token_count": ["Ensure this value is less than or equal to 99."],
        "url": [
            "Ensure this field has no more than 12 characters.",
            "This value does not match the required pattern.",
        ],
        "default_key": ['"sk-c" is not a valid choice.'],
    }
    assert emu.count_models() == 0

    # What was forbidden before is now allowed: 50 < 800, and the old maximum no longer binds.
    body = {"name": "seven c", "model": "abc", "max_output_token_count": 50, "url": "https://a.b"}
    status, created = call(emu, "POST", "/v1/models/", body | {"default_key": "sk-b"})
    assert status == 201, created
    assert created["max_output_token_count"] == 50
    status, errors = call(emu, "PATCH", f"/v1/models/{created['id']}/", {"name": "x" * 8})
    assert (status, errors) == (400, {"name": ["Ensure this field has no more than 7 characters."]})


def test_required_and_nullable_follow_the_spec(shipped: Spec, emulator_on: Callable[[Spec], Emulator]) -> None:
    spec = copy.deepcopy(shipped)
    create_schema = spec["components"]["schemas"]["ModelRequest"]
    create_schema["required"] = ["name", "model"]
    for schema in request_schemas(spec):
        schema["properties"]["url"]["nullable"] = False
        schema["properties"]["max_output_token_count"]["nullable"] = True
    emu = emulator_on(spec)
    status, errors = call(emu, "POST", "/v1/models/", {"url": None})
    assert status == 400
    assert errors == {
        "name": ["This field is required."],
        "model": ["This field is required."],
        "url": ["This field may not be null."],
    }
    status, created = call(emu, "POST", "/v1/models/", {"name": "n", "model": "m", "max_output_token_count": None})
    assert status == 201, created
    assert created["max_output_token_count"] is None


def test_a_field_the_spec_adds_is_validated_stored_and_returned(
    shipped: Spec, emulator_on: Callable[[Spec], Emulator]
) -> None:
    spec = copy.deepcopy(shipped)
    schemas = spec["components"]["schemas"]
    for schema in request_schemas(spec):
        schema["properties"]["temperature"] = {"type": "integer", "minimum": 0, "maximum": 2, "nullable": True}
    schemas["Model"]["properties"]["temperature"] = {"type": "integer", "nullable": True}
    emu = emulator_on(spec)
    status, errors = call(emu, "POST", "/v1/models/", {"name": "hot", "temperature": 3})
    assert (status, errors) == (400, {"temperature": ["Ensure this value is less than or equal to 2."]})
    status, created = call(emu, "POST", "/v1/models/", {"name": "warm"})
    assert status == 201
    assert created["temperature"] is None  # nullable fields default to null
    status, patched = call(emu, "PATCH", f"/v1/models/{created['id']}/", {"temperature": 1})
    assert status == 200
    assert patched["temperature"] == 1
    assert call(emu, "GET", f"/v1/models/{created['id']}/") == (200, patched)


def test_query_parameters_follow_the_spec(shipped: Spec, emulator_on: Callable[[Spec], Emulator]) -> None:
    spec = copy.deepcopy(shipped)
    for parameter in spec["paths"]["/v1/models/"]["get"]["parameters"]:
        if parameter["name"] == "page_size":
            parameter["schema"].update(minimum=1, maximum=5)
        if parameter["name"] == "capable_of":
            parameter["schema"]["maxItems"] = 1
    emu = emulator_on(spec)
    assert call(emu, "GET", "/v1/models/?page_size=0") == (
        400,
        {"page_size": ["Ensure this value is greater than or equal to 1."]},
    )
    assert call(emu, "GET", "/v1/models/?page_size=6") == (
        400,
        {"page_size": ["Ensure this value is less than or equal to 5."]},
    )
    assert call(emu, "GET", "/v1/models/?capable_of=chat,vision") == (
        400,
        {"capable_of": ["Ensure this field has no more than 1 elements."]},
    )
    status, page = call(emu, "GET", "/v1/models/?page_size=5&capable_of=vision")
    assert status == 200
    assert len(page["results"]) == 5


def test_methods_follow_the_spec(shipped: Spec, emulator_on: Callable[[Spec], Emulator]) -> None:
    spec = copy.deepcopy(shipped)
    del spec["paths"]["/v1/models/{id}/"]["put"]
    emu = emulator_on(spec)
    status, created = call(emu, "POST", "/v1/models/", {"name": "fixed"})
    assert status == 201
    path = f"/v1/models/{created['id']}/"
    parts = urlsplit(emu.url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        conn.request("PUT", path, body=b'{"name": "x"}', headers={"Authorization": f"Api-Key {KEY}"})
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    assert response.status == 405
    assert response.headers["Allow"] == "GET, PATCH, DELETE, HEAD, OPTIONS"


def test_integers_beyond_64_bits_are_kept_exactly() -> None:
    # The spec bounds max_output_token_count from below only; SQLite's integers stop at 2**63 - 1.
    huge = 2**80 + 1
    with Emulator(api_keys=[KEY]) as emu:
        status, created = call(emu, "POST", "/v1/models/", {"name": "huge", "max_output_token_count": huge})
        assert status == 201, created
        assert created["max_output_token_count"] == huge
        status, fetched = call(emu, "GET", f"/v1/models/{created['id']}/")
        assert fetched["max_output_token_count"] == huge
        status, patched = call(emu, "PATCH", f"/v1/models/{created['id']}/", {"max_output_token_count": -huge})
        assert status == 400
        assert patched == {
            "max_output_token_count": [f"Ensure this value is greater than or equal to {OUTPUT_TOKENS_MIN}."]
        }


def test_values_are_checked_as_sent_and_stored_trimmed() -> None:
    with Emulator(api_keys=[KEY]) as emu:
        status, created = call(emu, "POST", "/v1/models/", {"name": "  padded  ", "model": "\tm\n"})
        assert status == 201
        assert (created["name"], created["model"]) == ("padded", "m")
        # The spec's maxLength holds on the wire, even where trimming would bring a name within it.
        status, errors = call(emu, "POST", "/v1/models/", {"name": " " * NAME_MAX + "x"})
        assert (status, errors) == (400, {"name": [f"Ensure this field has no more than {NAME_MAX} characters."]})


def test_patterns_read_whitespace_as_ecma_262_does() -> None:
    # The spec's not-blank pattern is ^\s*\S; ECMA-262's \s (which OpenAPI patterns use) does not include the
    # separators U+001C..U+001F, Python's does.
    with Emulator(api_keys=[KEY]) as emu:
        assert call(emu, "POST", "/v1/models/", {"name": "\n\x1e"})[0] == 201
        assert call(emu, "POST", "/v1/models/", {"name": " \t\n"}) == (400, {"name": ["This field may not be blank."]})


def test_database_of_the_column_per_field_version_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "v1.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(
            """
            CREATE TABLE models (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                model TEXT NOT NULL, default_key TEXT, max_output_token_count INTEGER NOT NULL,
                max_token_count INTEGER, url TEXT, builtin INTEGER NOT NULL DEFAULT 0, provider_id TEXT,
                capabilities TEXT NOT NULL DEFAULT ',', created_at TEXT NOT NULL, updated_at TEXT NOT NULL
            );
            CREATE INDEX models_by_name ON models (name, seq);
            INSERT INTO models (id, name, model, default_key, max_output_token_count, max_token_count, url,
                                created_at, updated_at)
            VALUES ('0b0c2f8e-1d7a-4a38-9d7e-5a6f0e8e1c11', 'kept', 'base', 'sk-old', 900, 5, NULL,
                    '2025-01-01T00:00:00.000000+00:00', '2025-01-01T00:00:00.000000+00:00');
            PRAGMA user_version = 1;
            """
        )
    conn.close()
    with Emulator(api_keys=[KEY], db=db) as emu:
        status, model = call(emu, "GET", "/v1/models/0b0c2f8e-1d7a-4a38-9d7e-5a6f0e8e1c11/")
        assert status == 200
        assert model == {
            "id": "0b0c2f8e-1d7a-4a38-9d7e-5a6f0e8e1c11",
            "name": "kept",
            "model": "base",
            "max_output_token_count": 900,
            "max_token_count": 5,
            "url": None,
        }
        assert emu.stored_default_key(model["id"]) == "sk-old"
        assert emu.count_models(name="kept") == 1


def test_settings_are_declared_once() -> None:
    with Emulator(api_keys=[KEY]) as emu:
        with pytest.raises(ValueError, match="unknown settings: page_limit; known: max_page_size"):
            emu.configure(page_limit=3)
        settings = emu.configure(max_page_size=3)
        assert settings["max_page_size"] == 3
    with pytest.raises(ValueError, match="unknown settings"):
        Emulator(page_limit=3)
    usage = subprocess.run(
        [sys.executable, "-m", "root.emulator", "--help"], capture_output=True, text=True, timeout=30, check=True
    ).stdout
    for flag in ("--max-page-size", "--next-style", "--public-url", "--fail-status", "--fault-path-prefix"):
        assert flag in usage


BLOCK_EXTRA = textwrap.dedent(
    """
    import sys

    class BlockEmulatorExtra:
        # As if `pip install rootsignals-sdk` had been run without [emulator].
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in ("openapi_core", "jsonschema_path", "yaml", "re2"):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, BlockEmulatorExtra())
    """
)
MISSING_EXTRA = (
    "The emulator needs extra packages: install the SDK with its emulator extra (openapi-core), "
    "e.g. pip install -e '.[emulator]' in a clone of the SDK"
)


def run_without_extra(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_EXTRA + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_without_the_extra_says_what_to_install() -> None:
    result = run_without_extra(
        """
        import runpy
        sys.argv = ["python -m root.emulator", "--port", "0"]
        runpy.run_module("root.emulator", run_name="__main__", alter_sys=True)
        """
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == MISSING_EXTRA
    assert result.stdout == ""


def test_import_without_the_extra_says_what_to_install() -> None:
    result = run_without_extra(
        """
        try:
            from root.emulator import Emulator
        except ImportError as exc:
            print(exc)
        else:
            print("imported")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == MISSING_EXTRA


def test_the_sdk_does_not_import_the_emulator_extra() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys
                import root, root.client, root.models, root.errors, root.utils
                from root import RootSignals
                RootSignals(api_key="k", base_url="http://127.0.0.1:9").close()
                print(sorted(m for m in sys.modules if m.partition(".")[0] in ("openapi_core", "yaml", "jsonschema")))
                """
            ),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_responses_are_checked_against_the_spec(shipped: Spec, tmp_path: Path) -> None:
    # The spec promises a field the emulator has no value for: every model it shows breaks the promise.
    changed = copy.deepcopy(shipped)
    model = changed["components"]["schemas"]["Model"]
    model["properties"]["colour"] = {"type": "string", "readOnly": True}
    model["required"].append("colour")
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(changed, sort_keys=False), encoding="utf-8")
    with Emulator(api_keys=[KEY], spec=path, check_responses=True) as emu:
        status, created = call(emu, "POST", "/v1/models/", {"name": "checked"})
        assert status == 201
        assert call(emu, "GET", "/v1/models/?page_size=2")[0] == 200  # listing items are another schema
        assert call(emu, "DELETE", "/v1/models/")[0] == 405  # no operation: nothing to check
        failures = emu.response_failures()
        assert [(f["method"], f["path"], f["status"]) for f in failures] == [("POST", "/v1/models/", 201)]
        assert "colour" in failures[0]["error"]
        call(emu, "GET", f"/v1/models/{created['id']}/")
        assert [f["method"] for f in emu.response_failures()] == ["POST", "GET"]
        emu.clear_response_failures()
        assert emu.response_failures() == []
    # Without the option nothing is checked.
    with Emulator(api_keys=[KEY], spec=path) as emu:
        assert call(emu, "POST", "/v1/models/", {"name": "unchecked"})[0] == 201
        assert emu.response_failures() == []
