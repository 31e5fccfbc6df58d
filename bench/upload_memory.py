"""Memory of a dataset upload: peak RSS growth of ``datasets.create`` / ``acreate`` for two file sizes.

``make bench`` runs :func:`measure` (``bench/run.py``); it can also run alone::

    .venv/bin/python bench/upload_memory.py [--sizes 20 200] [--rounds 3]

A sink server in a process of its own receives each upload, reads its body in 64 KiB pieces and discards
them, and answers the 201 the contract gives, so only the client's memory is measured. Each upload runs
in a fresh interpreter: it writes nothing, imports the SDK, builds a client and uploads a tiny file
first (imports, connection), then resets the kernel's peak-RSS mark (``/proc/self/clear_refs``), takes
its RSS, uploads the big file, and reports the peak RSS (``VmHWM``) less the RSS before. That is the
memory the upload itself took, whatever Python or C allocated it; the file's pages in the OS cache are
not the process's RSS. Linux only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import startup

MIB: Final = 2**20
SIZES_MB: Final = (20, 200)
CSV_HEADER: Final = b"request,response,expected_output\n"
UPLOAD_TARGET_SLACK: Final = 1 * MIB
"""What the growth may differ by between the two sizes, beyond two chunks: allocator and page noise."""

SINK_CODE: Final = r"""
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OWNER = {"email": "bench@example.com", "full_name": "Bench"}

class Sink(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_POST(self):
        left = int(self.headers.get("Content-Length", "0"))
        while left:
            piece = self.rfile.read(min(65536, left))
            if not piece:
                return
            left -= len(piece)
        data = json.dumps({"id": "00000000-0000-0000-0000-000000000001", "name": "bench", "owner": OWNER}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

server = ThreadingHTTPServer(("127.0.0.1", 0), Sink)
print(server.server_address[1], flush=True)
server.serve_forever()
"""

CHILD_CODE: Final = """\
import asyncio, sys, time
from root import RootSignals

client = RootSignals(api_key="bench", base_url={url!r})

async def upload(file):
    return await client.datasets.acreate(name="bench", path=file, _request_timeout=600)

def run(file):
    if {mode!r} == "async":
        return asyncio.run(upload(file))
    return client.datasets.create(name="bench", path=file, _request_timeout=600)

run({small!r})
started = time.perf_counter()
run({path!r})
print("upload_seconds", time.perf_counter() - started, file=sys.stderr)
client.close()
"""
"""What each measured process runs: a tiny upload (imports, connection), then the upload measured."""


def write_csv(path: Path, size: int) -> None:
    """A CSV file of exactly ``size`` bytes: a header, then rows of text."""
    row = b"what is the capital of france?,paris is the capital of france.,paris\n"
    block = row * (MIB // len(row) + 1)
    with open(path, "wb") as file:
        file.write(CSV_HEADER)
        left = size - len(CSV_HEADER)
        while left > 0:
            piece = block[: min(len(block), left)]
            file.write(piece)
            left -= len(piece)


class Sink:
    """The sink server's process."""

    def __init__(self, python: str) -> None:
        self.process = subprocess.Popen([python, "-c", SINK_CODE], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if not line.isdigit():
            self.close()
            raise RuntimeError(f"the upload sink did not start: {line!r}")
        self.url = f"http://127.0.0.1:{line}"

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def peak_rss(python: str, url: str, path: Path, small: Path, mode: str, workdir: str) -> int:
    """The peak RSS, in bytes, of a fresh interpreter that uploads ``small`` and then ``path``."""
    env = startup.child_env(os.path.join(workdir, "pycache"))
    code = CHILD_CODE.format(url=url, path=str(path), small=str(small), mode=mode)
    return startup.peak_rss_kib(python, code, cwd=workdir, env=env) * 1024


@dataclass(frozen=True)
class Growth:
    """Peak RSS growth of one kind of upload of one file size, over the same process uploading no big file."""

    mode: str
    size_mb: int
    growths: list[int]
    """Each round's peak RSS less that round's baseline, in bytes."""

    @property
    def median(self) -> float:
        return float(statistics.median(self.growths))


def measure(python: str, sizes_mb: Sequence[int] = SIZES_MB, rounds: int = 3) -> list[Growth]:
    """Every mode and size, ``rounds`` times each, interleaved with a baseline process per round."""
    peaks: dict[tuple[str, int], list[int]] = {}
    sink = Sink(python)
    try:
        with tempfile.TemporaryDirectory(prefix="rootsignals-bench-upload-") as workdir:
            small = Path(workdir) / "small.csv"
            write_csv(small, 100)
            files = {0: small}
            for size in sizes_mb:
                files[size] = Path(workdir) / f"upload-{size}mb.csv"
                write_csv(files[size], size * 10**6)
            peak_rss(python, sink.url, small, small, "sync", workdir)  # writes the bytecode caches
            order = [0, *sizes_mb]
            for r in range(rounds):
                for mode in ("sync", "async"):
                    for size in order if r % 2 == 0 else order[::-1]:
                        peak = peak_rss(python, sink.url, files[size], small, mode, workdir)
                        peaks.setdefault((mode, size), []).append(peak)
                        progress(
                            f"  upload {mode} {size or 'no'} MB: round {r + 1}/{rounds}, peak RSS {peak / MIB:.1f} MiB"
                        )
    finally:
        sink.close()
    return [
        Growth(mode, size, [p - b for p, b in zip(peaks[(mode, size)], peaks[(mode, 0)], strict=True)])
        for mode in ("sync", "async")
        for size in sizes_mb
    ]


def progress(message: str) -> None:
    """A progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/upload_memory.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES_MB), help="file sizes in MB (10^6 B)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    for growth in measure(sys.executable, args.sizes, args.rounds):
        each = ", ".join(f"{g / MIB:+.1f}" for g in growth.growths)
        print(f"{growth.mode} {growth.size_mb} MB: peak RSS growth {growth.median / MIB:+.1f} MiB (rounds: {each})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
