"""A raw-socket HTTP server that receives uploads chunk by chunk, for the tests of streamed uploads.

aiohttp's server (tests/servers.py) reads a multipart form whole before a handler sees it; this one
hands every piece of a request's body to the test as it arrives, so a test can act on the file being
uploaded while the upload is under way, and see exactly what the client framed (``Content-Length``,
``Transfer-Encoding``). Its receive buffer is small, so a client cannot push much ahead of what it reads.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

RECEIVE_BUFFER = 16 * 1024


@dataclass
class Received:
    """One request as the sink received it."""

    method: str = ""
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    length: int = 0
    """Body bytes received."""
    sha256: str = ""
    """Of the body bytes received."""
    complete: bool = False
    """Whether the whole ``Content-Length`` arrived."""
    body: bytes = b""
    """The body's first :data:`KEEP` bytes and, when it is longer, nothing more."""
    closed: threading.Event = field(default_factory=threading.Event)
    """Set once the sink has closed the connection this request came on."""


KEEP = 4096
OnBody = Callable[[Received, bytes], "bool | None"]
"""Called with each piece of a body as it arrives; returning ``True`` drops the connection there."""
Answer = Callable[[Received], "tuple[int, Any, dict[str, str]]"]


def _created(received: Received) -> tuple[int, Any, dict[str, str]]:
    owner = {"email": "owner@example.com", "full_name": "Owner Example"}
    return 201, {"id": "00000000-0000-0000-0000-000000000001", "name": "uploaded", "owner": owner}, {}


@contextmanager
def upload_sink(on_body: OnBody | None = None, answer: Answer = _created) -> Iterator[tuple[str, list[Received]]]:
    """Serve on a free port of 127.0.0.1; yield the base URL and the requests received so far.

    Args:
        on_body: Called with each piece of a body as it arrives (after it is counted); when it returns
            ``True``, the sink closes the connection without answering.
        answer: ``(status, JSON body, extra headers)`` for a request whose body arrived whole.
    """
    received: list[Received] = []
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve_connection(conn: socket.socket) -> None:
        conn.settimeout(30)
        reader = conn.makefile("rb")
        requests: list[Received] = []
        try:
            with conn, reader:
                serve_requests(conn, reader, requests)
        finally:
            for request in requests:
                request.closed.set()

    def serve_requests(conn: socket.socket, reader: Any, requests: list[Received]) -> None:
        while not stop.is_set():
            request = Received()
            line = reader.readline()
            if not line:
                return
            request.method, request.path, _ = line.decode("latin-1").split(" ", 2)
            while (header := reader.readline()) not in (b"\r\n", b""):
                name, _, value = header.decode("latin-1").partition(":")
                request.headers[name.strip().lower()] = value.strip()
            received.append(request)
            requests.append(request)
            expected = int(request.headers.get("content-length", "0"))
            digest = hashlib.sha256()
            while request.length < expected:
                piece = reader.read1(min(64 * 1024, expected - request.length))
                if not piece:
                    request.sha256 = digest.hexdigest()
                    return  # the client cut the request off
                request.length += len(piece)
                digest.update(piece)
                if len(request.body) < KEEP:
                    request.body += piece[: KEEP - len(request.body)]
                if on_body is not None and on_body(request, piece):
                    request.sha256 = digest.hexdigest()
                    return
            request.sha256 = digest.hexdigest()
            request.complete = True
            status, payload, extra = answer(request)
            data = json.dumps(payload).encode()
            head = f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in extra.items())
            conn.sendall(head.encode("latin-1") + b"\r\n" + data)

    threads: list[threading.Thread] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=serve_connection, args=(conn,), daemon=True)
            threads.append(thread)
            thread.start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", received
    finally:
        stop.set()
        acceptor.join(5)
        listener.close()
        for thread in threads:
            thread.join(5)
