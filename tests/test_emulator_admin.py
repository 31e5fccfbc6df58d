"""The emulator's admin API (``/_emulator/``) answers only what a web page cannot forge.

Without API keys: no foreign ``Origin``, and ``Content-Type: application/json`` on a POST, PUT or PATCH;
with keys, one of them. Either way its ``Host`` must be a name the emulator answers to (DNS rebinding).
Every admin route is read from the application itself, so a route added later is covered too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from root.emulator import Emulator, create_app

from .test_emulator import Response, call, start_cli

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
EVIL = "http://evil.example"
KEY = "admin-key-31c"


def admin_paths() -> list[str]:
    """Every admin route the application serves, and one it does not (answered by the catch-all)."""
    app = create_app()
    paths = sorted({r.canonical for r in app.router.resources() if r.canonical.startswith("/_emulator/")})
    assert {"/_emulator/reset", "/_emulator/faults", "/_emulator/verdicts", "/_emulator/execution-logs"} <= set(paths)
    return [*paths, "/_emulator/no-such-endpoint"]


ADMIN_PATHS = admin_paths()


@pytest.fixture(scope="module")
def open_emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@pytest.fixture
def emu(open_emulator: Emulator) -> Emulator:
    open_emulator.reset()
    return open_emulator


def send(emu: Emulator, method: str, path: str, headers: dict[str, str], key: str | None = None) -> Response:
    body = b'{"status": 500}' if method in ("POST", "PUT", "PATCH") else None
    return call(emu, method, path, raw=body, key=key, headers=headers)


def untouched(emu: Emulator) -> None:
    assert emu.count_models(name="kept") == 1
    assert emu.faults()["faults"] is None
    assert emu.verdicts() == []
    assert emu.requests() != []  # the log of the model's creation is still there


def keep_something(emu: Emulator) -> None:
    assert call(emu, "POST", "/v1/models/", {"name": "kept"}, key="any").status == 201


def test_cross_site_requests_to_every_admin_endpoint_are_refused(emu: Emulator) -> None:
    keep_something(emu)
    cross_site = {"Origin": EVIL, "Content-Type": "text/plain"}
    for path in ADMIN_PATHS:
        for method in METHODS:
            response = send(emu, method, path, cross_site)
            assert response.status == 403, (method, path, response.status, response.body)
            if method != "HEAD":
                assert "another origin" in response.json()["detail"]
    # A foreign origin is refused even with the JSON type a preflight would allow, and "null" too.
    for origin in (EVIL, "null", f"{emu.url}.evil.example"):
        assert (
            send(emu, "POST", "/_emulator/reset", {"Origin": origin, "Content-Type": "application/json"}).status == 403
        )
    untouched(emu)


def test_a_body_that_is_not_json_is_refused_without_an_origin(emu: Emulator) -> None:
    keep_something(emu)
    for path in ADMIN_PATHS:
        for method in ("POST", "PUT", "PATCH"):
            for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
                response = send(emu, method, path, {"Content-Type": content_type})
                assert response.status == 415, (method, path, content_type, response.body)
    untouched(emu)


def test_a_page_on_a_rebound_name_is_refused(emu: Emulator) -> None:
    keep_something(emu)
    for path in ADMIN_PATHS:
        for method in METHODS:
            headers = {"Host": f"evil.example:{emu.port}", "Content-Type": "application/json"}
            response = send(emu, method, path, headers)
            assert response.status == 400, (method, path, response.body)
    untouched(emu)


def test_what_a_browser_cannot_forge_is_answered(emu: Emulator) -> None:
    keep_something(emu)
    json_type = {"Content-Type": "application/json"}
    assert send(emu, "GET", "/_emulator/state", {}).json()["models"] == 1
    assert send(emu, "POST", "/_emulator/faults", json_type).json()["faults"] == {"status": 500}
    assert send(emu, "DELETE", "/_emulator/faults", {}).json()["faults"] is None
    # Its own origin, and the names it answers to.
    same_origin = {"Origin": emu.url, **json_type}
    assert call(emu, "POST", "/_emulator/reset", raw=b"", key=None, headers=same_origin).json() == {"deleted": 1}
    for host in ("localhost", "127.0.0.1", "[::1]", "app.localhost"):
        assert send(emu, "GET", "/_emulator/state", {"Host": f"{host}:{emu.port}"}).status == 200, host


def test_with_api_keys_the_admin_api_needs_one() -> None:
    with Emulator(api_keys=[KEY]) as emu:
        keep_something_with_key = call(emu, "POST", "/v1/models/", {"name": "kept"}, key=KEY)
        assert keep_something_with_key.status == 201
        for path in ADMIN_PATHS:
            for method in METHODS:
                for key in (None, "wrong-key"):
                    response = send(emu, method, path, {"Content-Type": "application/json"}, key=key)
                    assert response.status == 401, (method, path, key, response.body)
        assert emu.count_models(name="kept") == 1
        assert send(emu, "GET", "/_emulator/state", {}, key=KEY).json()["models"] == 1
        assert send(emu, "POST", "/_emulator/reset", {"Content-Type": "application/json"}, key=KEY).status == 200
        assert emu.count_models() == 0


def test_listening_beyond_loopback_warns(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="root.emulator")
    with Emulator():
        pass
    assert not caplog.records
    with Emulator(host="0.0.0.0") as emu:
        # Its machine's names are its own; a client on this machine reaches it through loopback.
        assert send(emu, "GET", "/_emulator/state", {}).status == 200
    (record,) = caplog.records
    assert "beyond this machine" in record.getMessage()
    assert "--api-key" in record.getMessage()


def test_the_command_line_warns_beyond_loopback_and_honours_its_keys() -> None:
    proc, url = start_cli("--host", "0.0.0.0", "--api-key", KEY)
    with proc:
        try:
            assert call(url, "GET", "/_emulator/state", key=None).status == 401
            assert call(url, "GET", "/_emulator/state", key=KEY).status == 200
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert "beyond this machine" in err
    assert KEY not in err


def test_the_public_url_host_is_its_own() -> None:
    with Emulator(public_url="http://proxy.example.test:9999") as emu:
        assert send(emu, "GET", "/_emulator/state", {"Host": "proxy.example.test:9999"}).status == 200
        assert send(emu, "GET", "/_emulator/state", {"Host": "other.example.test:9999"}).status == 400
        emu.configure(public_url=None)
        assert send(emu, "GET", "/_emulator/state", {"Host": "proxy.example.test:9999"}).status == 400
