"""Four promises that hand-planted mutants once changed without failing a test (issue 17). Each test
here fails when its mutant is planted again; ``make mutation`` looks for more of their kind."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from aiohttp import web

from root import RootSignals, Timeout
from root._cli import main as cli_main
from root.errors import InvalidArgumentError, NotFoundError

from .servers import serve

MISSING_ID = "00000000-0000-4000-8000-000000000000"


# -- Timeout: connect never longer than total -------------------------------------------------------------


def test_connect_timeout_is_capped_at_the_total() -> None:
    # Mutant: Timeout kept connect=5 beside total=2, so connecting alone could outlast the whole request.
    capped = Timeout(total=2, connect=5)
    assert (capped.connect, capped.total) == (2.0, 2.0)
    assert capped.as_pair() == (2.0, 2.0)
    assert Timeout(total=30, connect=5).with_total(1).as_pair() == (1.0, 1.0)
    with RootSignals(api_key="k", base_url="http://127.0.0.1:1", timeout=Timeout(total=2, connect=5)) as client:
        assert client.timeout.connect == 2.0
        assert client.with_options(timeout=3).timeout.as_pair() == (3.0, 3.0)


# -- close(): the sync pool's sockets are closed ---------------------------------------------------------


@contextmanager
def _keep_alive_server() -> Iterator[tuple[str, threading.Event]]:
    """A server that answers one request on a kept-alive connection, then waits for the client to close
    it: the event is set when the client's side of the socket is closed."""
    listener = socket.create_server(("127.0.0.1", 0))
    closed_by_client = threading.Event()

    def answer_one() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.settimeout(10)
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                request += chunk
            body = b'{"detail":"Not found."}'
            connection.sendall(
                b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            )
            try:
                if connection.recv(1) == b"":
                    closed_by_client.set()
            except OSError:
                pass

    thread = threading.Thread(target=answer_one, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", closed_by_client
    finally:
        listener.close()
        thread.join(10)


def test_close_closes_the_sync_pools_sockets() -> None:
    # Mutant: close() left the urllib3 pool as it was, so its kept-alive socket stayed open.
    with _keep_alive_server() as (url, closed_by_client):
        client = RootSignals(api_key="k", base_url=url, max_retries=0)
        with pytest.raises(NotFoundError):
            client.models.get(MISSING_ID)
        # Whoever still holds the generated client (handed out by client_context()) holds the pool: only
        # close() itself, not the garbage collector, can close its socket then.
        with client.client_context() as api_client:
            pass
        assert not closed_by_client.wait(0.3), "the connection should be kept alive between calls"
        client.close()
        assert closed_by_client.wait(5), "close() left the pool's socket open"
        del api_client


# -- length-limit messages: the length, never the value ---------------------------------------------------


def test_length_limit_message_shows_the_length_not_the_value() -> None:
    # Mutant: "url must be at most 1024 characters, not https://user:PASSWORD@..." - a URL with credentials
    # (or any secret field with a maxLength) would land in the message.
    client = RootSignals(api_key="k", base_url="http://127.0.0.1:1")
    url = "https://user:Pa55w0rd-in-url@example.com/" + "x" * 1100
    with pytest.raises(InvalidArgumentError) as info:
        client.models.create(name="m", url=url)
    assert str(info.value) == f"url must be at most 1024 characters, not {len(url)}"
    with pytest.raises(InvalidArgumentError) as info:
        client.models.update(MISSING_ID, name="secret-name-" + "n" * 100)
    assert str(info.value) == "name must be at most 100 characters, not 112"


# -- the command line's error report: an echoed key is redacted --------------------------------------------

CLI_API_KEY = "rs-echoed-api-key-5c1d9e"
CLI_MODEL_KEY = "sk-echoed-model-key-7a3f02"


def _echoing_service() -> web.Application:
    """A service that quotes back what it was sent, key included, in its error messages."""

    async def refuse_key(request: web.Request) -> web.Response:
        return web.json_response({"detail": f"Unknown key in {request.headers.get('Authorization')}"}, status=401)

    async def refuse_body(request: web.Request) -> web.Response:
        body = await request.json()
        return web.json_response({"default_key": [f"{body.get('default_key')} is not a valid key"]}, status=400)

    app = web.Application()
    app.router.add_get("/{tail:.*}", refuse_key)
    app.router.add_post("/{tail:.*}", refuse_body)
    return app


def test_cli_error_report_redacts_keys_the_service_echoes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Mutant: the report printed the service's message as it came, keys and all.
    with serve(_echoing_service()) as url:
        monkeypatch.setenv("ROOTSIGNALS_API_KEY", CLI_API_KEY)
        monkeypatch.setenv("ROOTSIGNALS_API_URL", url)
        monkeypatch.setenv("ECHOED_MODEL_KEY", CLI_MODEL_KEY)
        assert cli_main(["models", "get", MISSING_ID, "--max-retries", "0"]) != 0
        refused_key = capsys.readouterr().err
        assert cli_main(["models", "create", "--name", "m", "--default-key-env", "ECHOED_MODEL_KEY"]) != 0
        refused_body = capsys.readouterr().err
    assert "AuthenticationError" in refused_key
    assert "Api-Key <redacted>" in refused_key
    assert CLI_API_KEY not in refused_key
    assert "BadRequestError" in refused_body
    assert "default_key: <redacted> is not a valid key" in refused_body
    assert CLI_MODEL_KEY not in refused_body
