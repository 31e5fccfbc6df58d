"""Raw-socket helpers for the hostile-input tests of the emulator: send any bytes, read what comes back.

Every socket operation has a timeout, so a request the emulator never answers fails the test instead of
hanging it.
"""

from __future__ import annotations

import contextlib
import json
import socket
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from root.emulator import Emulator

# Long enough for any answer of a loaded machine; a hang is what exceeds it.
SOCKET_TIMEOUT = 10.0


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes
    raw: bytes = field(repr=False)

    def json(self) -> Any:
        """The body as strict JSON (no NaN or Infinity), failing the test otherwise."""
        return strict_json(self.body)


def _no_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def strict_json(data: bytes) -> Any:
    return json.loads(data, parse_constant=_no_constant)


def address(emu: Emulator) -> tuple[str, int]:
    parts = urlsplit(emu.url)
    return parts.hostname or "127.0.0.1", emu.port


def exchange(emu: Emulator, data: bytes, *, idle: float | None = None, timeout: float = SOCKET_TIMEOUT) -> bytes:
    """Sends bytes on a fresh connection and returns everything received until the emulator closes it.

    The sending side stays open (aiohttp closes a connection at once when its client half-closes), so a
    request should say ``Connection: close``. For bytes that may be no complete request, ``idle`` stops
    reading once nothing arrives for that many seconds.

    Raises:
        TimeoutError: The emulator neither answered nor closed the connection within ``timeout``.
    """
    with socket.create_connection(address(emu), timeout=timeout) as sock:
        # The emulator may answer and close before taking every byte: then read what it said.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)
        if idle is not None:
            sock.settimeout(idle)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            except TimeoutError:
                if idle is None:
                    raise
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def parse_responses(data: bytes, *, head: bool = False) -> list[RawResponse]:
    """Splits received bytes into HTTP/1.1 responses; fails on anything that is not one."""
    responses = []
    rest = data
    while rest:
        head_bytes, sep, rest = rest.partition(b"\r\n\r\n")
        assert sep, f"incomplete response head: {head_bytes[:200]!r}"
        lines = head_bytes.decode("latin-1").split("\r\n")
        version, _, status_text = lines[0].partition(" ")
        assert version in ("HTTP/1.0", "HTTP/1.1"), lines[0]
        status = int(status_text.split(" ")[0])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        if head and (not rest or rest.startswith(b"HTTP/")):
            # A HEAD answer has no body, unless aiohttp could not parse the request (so not as a HEAD).
            length = 0
        body, rest = rest[:length], rest[length:]
        assert len(body) == length, f"a body cut short: {len(body)} of {length} bytes"
        responses.append(RawResponse(status, headers, body, head_bytes + sep + body))
    return responses


def check_answer(response: RawResponse, *, secrets: tuple[str, ...] = ()) -> None:
    """What every answer of the emulator must be: not a 5xx, JSON when it has a body, no secret echoed."""
    assert response.status < 500, (response.status, response.body[:300])
    if response.body:
        assert response.headers.get("content-type", "").startswith("application/json"), response.headers
        response.json()
    lowered = response.raw.lower()
    for secret in secrets:
        assert secret.lower().encode() not in lowered, f"{secret!r} echoed: {response.raw[:300]!r}"


def request_bytes(
    method: str, target: str, headers: list[tuple[str, str]] | None = None, body: bytes | None = None
) -> bytes:
    """One request as bytes; ``Content-Length`` is added for a body unless given."""
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    all_headers = list(headers or [])
    if body is not None and not any(n.lower() == "content-length" for n, _ in all_headers):
        all_headers.append(("Content-Length", str(len(body))))
    lines += [f"{n}: {v}" for n, v in all_headers]
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8", "surrogateescape")
    return data + (body or b"")
