"""A contract change is ``make generate`` and nothing else, or it fails a named test.

Each test copies the repository to a temporary folder, changes the copy's ``openapi.yaml`` as the
service might, runs the copy's ``scripts/generate.sh`` (the pinned openapi-generator; Java is on every
machine), and then drives the copy's SDK against the copy's emulator in a fresh interpreter. No other
file of the copy is edited: whatever follows the new rule follows it because it reads the spec or the
generated code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
GENERATOR = Path(sys.executable).parent / "openapi-generator-cli"
COPIED = ("openapi.yaml", "pyproject.toml", "root", "scripts", "tests", "docs")

Spec = dict[str, Any]


def _copy_with_spec(destination: Path, change: Callable[[Spec], None]) -> Path:
    """A copy of the repository whose spec got ``change`` and whose generated code was regenerated."""
    copy = destination / "repo"
    copy.mkdir()
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            ignored = shutil.ignore_patterns("__pycache__", "*.pyc", "_build", "autoapi")
            shutil.copytree(source, copy / name, ignore=ignored)
        else:
            shutil.copy2(source, copy / name)
    spec_path = copy / "openapi.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    change(spec)
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = subprocess.run(
        ["bash", str(copy / "scripts" / "generate.sh"), str(copy)],
        env={**os.environ, "OPENAPI_GENERATOR": str(GENERATOR)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"generate.sh failed:\n{result.stdout}{result.stderr}"
    return copy


def _in_copy(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter whose ``root`` is the copy's, not this checkout's."""
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("ROOTSIGNALS_API_KEY", None)
    env.pop("ROOTSIGNALS_API_URL", None)
    return subprocess.run(
        [sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _schemas(spec: Spec, *names: str) -> list[dict[str, Any]]:
    return [spec["components"]["schemas"][name] for name in names]


def _service_changes(spec: Spec) -> None:
    """Changes that need no SDK edit: limits raised and lowered, a response field, a query parameter."""
    requests = _schemas(spec, "ModelRequest", "PatchedModelRequest")
    for schema in [*requests, *_schemas(spec, "Model", "ModelList")]:
        schema["properties"]["name"]["maxLength"] = 200  # raised from 100
    for schema in [*requests, *_schemas(spec, "Model")]:
        schema["properties"]["max_output_token_count"]["minimum"] = 256  # lowered from 800
        schema["properties"]["url"]["maxLength"] = 64  # lowered from 1024
    spec["components"]["schemas"]["Model"]["properties"]["created_by"] = {
        "type": "string",
        "nullable": True,
        "readOnly": True,
        "description": "A new read-only response field.",
    }
    spec["paths"]["/v1/models/"]["get"]["parameters"].append(
        {
            "name": "search",
            "in": "query",
            "required": False,
            "description": "A new optional query parameter.",
            "schema": {"type": "string", "maxLength": 10},
        }
    )


# Runs in the copy: its SDK against its emulator, over HTTP. Prints one JSON object of observations.
_DRIVE_THE_COPY = textwrap.dedent(
    """
    import json, urllib.error, urllib.request
    import root
    from root import RootSignals
    from root.emulator import Emulator
    from root.errors import InvalidArgumentError

    seen = {"root": root.__file__}

    def sdk(call):
        try:
            return "ok", call()
        except InvalidArgumentError as exc:
            return "invalid", str(exc)

    def raw(emu, method, path, body=None):
        request = urllib.request.Request(
            emu.url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": "Api-Key " + emu.api_key, "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"null")

    with Emulator() as emu, RootSignals(api_key=emu.api_key, base_url=emu.url) as client:
        models = client.models
        status, created = sdk(lambda: models.create(name="n" * 150))
        seen["name_150"] = [status, len(models.get(created).name) if status == "ok" else created]
        seen["name_201"] = sdk(lambda: models.create(name="n" * 201))
        seen["name_201_emulator"] = raw(emu, "POST", "/v1/models/", {"name": "n" * 201})
        status, created = sdk(lambda: models.create(name="small", max_output_token_count=300))
        seen["tokens_300"] = [status, models.get(created).max_output_token_count if status == "ok" else created]
        seen["tokens_255"] = sdk(lambda: models.create(name="x", max_output_token_count=255))
        seen["tokens_255_emulator"] = raw(emu, "POST", "/v1/models/", {"name": "x", "max_output_token_count": 255})
        seen["url_65"] = sdk(lambda: models.create(name="x", url="u" * 65))
        seen["url_65_update"] = sdk(lambda: models.update(created, url="u" * 65))
        seen["url_65_emulator"] = raw(emu, "POST", "/v1/models/", {"name": "x", "url": "u" * 65})
        model = models.get(created)
        seen["new_field"] = ["created_by" in type(model).model_fields, model.created_by]
        seen["listed"] = len(list(models.list(limit=5)))
        seen["search_ok"] = raw(emu, "GET", "/v1/models/?search=abc")[0]
        seen["search_too_long"] = raw(emu, "GET", "/v1/models/?search=" + "s" * 11)
    print(json.dumps(seen))
    """
)


@pytest.fixture(scope="module")
def evolved_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_with_spec(tmp_path_factory.mktemp("evolved"), _service_changes)


@pytest.fixture(scope="module")
def service_changes(evolved_copy: Path) -> dict[str, Any]:
    copy = evolved_copy
    result = _in_copy(copy, "-c", _DRIVE_THE_COPY)
    assert result.returncode == 0, result.stdout + result.stderr
    seen: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(seen["root"]).is_relative_to(copy), f"the copy ran this checkout's package: {seen['root']}"
    return seen


def test_a_raised_limit_is_followed(service_changes: dict[str, Any]) -> None:
    assert service_changes["name_150"] == ["ok", 150]
    status, message = service_changes["name_201"]
    assert status == "invalid"
    assert "name must be at most 200 characters" in message
    assert service_changes["name_201_emulator"] == [
        400,
        {"name": ["Ensure this field has no more than 200 characters."]},
    ]


def test_a_lowered_minimum_is_followed(service_changes: dict[str, Any]) -> None:
    assert service_changes["tokens_300"] == ["ok", 300]
    status, message = service_changes["tokens_255"]
    assert status == "invalid"
    assert "max_output_token_count must be >= 256" in message
    assert service_changes["tokens_255_emulator"] == [
        400,
        {"max_output_token_count": ["Ensure this value is greater than or equal to 256."]},
    ]


def test_a_lowered_limit_is_followed(service_changes: dict[str, Any]) -> None:
    for key in ("url_65", "url_65_update"):
        status, message = service_changes[key]
        assert status == "invalid", key
        assert "url must be at most 64 characters" in message
    assert service_changes["url_65_emulator"] == [400, {"url": ["Ensure this field has no more than 64 characters."]}]


# Runs in the copy: the limits its docs/conf.py would put on the reference, rendered by the same function.
_RENDER_THE_REFERENCE_NOTES = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    sys.path.insert(0, "docs")
    import reference_notes
    notes = reference_notes.reference_notes(Path.cwd())
    print(json.dumps({method: dict(limits.parameters) for method, limits in notes.limits.items()}))
    """
)


def test_the_reference_limits_follow_a_changed_spec(evolved_copy: Path) -> None:
    """The limits the reference page lists are read from the spec at docs build time: no number to edit."""
    result = _in_copy(evolved_copy, "-c", _RENDER_THE_REFERENCE_NOTES)
    assert result.returncode == 0, result.stdout + result.stderr
    limits: dict[str, dict[str, str]] = json.loads(result.stdout.strip().splitlines()[-1])
    changed = {f"root.models.Models.{name}" for name in ("create", "acreate", "update", "aupdate")}
    assert changed <= set(limits)
    for method in changed:
        parameters = limits[method]
        assert parameters["name"].startswith("a string of 1 to 200 characters"), method
        assert parameters["max_output_token_count"] == "an integer, at least 256", method
        assert parameters["url"] == "a string of at most 64 characters", method


def test_a_new_response_field_reaches_the_caller(service_changes: dict[str, Any]) -> None:
    assert service_changes["new_field"] == [True, None]


def test_a_new_query_parameter_is_validated_by_the_emulator(service_changes: dict[str, Any]) -> None:
    assert service_changes["listed"] == 5
    assert service_changes["search_ok"] == 200
    status, body = service_changes["search_too_long"]
    assert status == 400
    assert body == {"search": ["Ensure this field has no more than 10 characters."]}


def _new_writable_field(spec: Spec) -> None:
    for schema in _schemas(spec, "ModelRequest", "PatchedModelRequest", "Model"):
        schema["properties"]["new_writable_field"] = {"type": "number", "nullable": True, "minimum": 0}


def test_a_new_writable_field_fails_the_coverage_test_by_name(tmp_path: Path) -> None:
    copy = _copy_with_spec(tmp_path, _new_writable_field)
    result = _in_copy(
        copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_contract_coverage.py", "-k", "writable"
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "6 failed" in output, output
    # Other fields may be pending too (a spec change being worked on): the new one must be among those named.
    named = r"has the writable field\(s\) \[[^\]]*'new_writable_field'[^\]]*\], which Models"
    assert re.search(rf"openapi.yaml's ModelRequest {named}.create", output), output
    assert "add them as keyword parameters of create and acreate in root/models.py" in output
    assert re.search(rf"openapi.yaml's PatchedModelRequest {named}.update", output), output
    for command, flag in (("create", "new-writable-field"), ("update", "new-writable-field"), ("update", "clear-new")):
        listed = rf"models {command}` cannot set: add the options \[[^\]]*'--{flag}"
        assert re.search(listed, output), f"no {listed!r} in\n{output}"
