"""Count a server's open TCP connections, sampled from ``/proc/net/tcp*``, until told to stop.

Run as ``python bench/conn_sampler.py PORT [INTERVAL_SECONDS]``. It counts the ESTABLISHED sockets whose
local port is ``PORT`` (the server's side of every client connection), prints ``ready`` once the first
sample is taken, and samples every ``INTERVAL_SECONDS`` (default 0.005) until its standard input
closes; then it prints one JSON line: ``{"max": ..., "samples": ...}``.

It is a separate process so that sampling neither shares the measured client's GIL nor its event loop.
``/proc/net/tcp`` lists every socket of the network namespace, so it sees the server's sockets from here.
"""

from __future__ import annotations

import json
import select
import sys
from typing import Final

_TABLES: Final = ("/proc/net/tcp", "/proc/net/tcp6")
_ESTABLISHED: Final = "01"


def count_established(port: int) -> int:
    """The number of ESTABLISHED TCP connections (IPv4 and IPv6) whose local port is ``port``.

    The kernel builds these tables while they change, and one may list a socket twice, so connections
    are counted by their (local, remote) address pair rather than by line.
    """
    suffix = f":{port:04X}"
    seen: set[tuple[str, str]] = set()
    for table in _TABLES:
        try:
            with open(table, "rb", buffering=0) as file:
                text = file.readall().decode("ascii", "replace")
        except OSError:
            continue
        for line in text.splitlines()[1:]:  # the first line is a header
            fields = line.split(None, 4)
            if len(fields) > 3 and fields[3] == _ESTABLISHED and fields[1].endswith(suffix):
                seen.add((fields[1], fields[2]))
    return len(seen)


def main(argv: list[str]) -> int:
    """Sample until stdin closes; print the maximum. Returns the exit code."""
    if len(argv) not in (2, 3):
        print("usage: conn_sampler.py PORT [INTERVAL_SECONDS]", file=sys.stderr)
        return 2
    port = int(argv[1])
    interval = float(argv[2]) if len(argv) == 3 else 0.005
    highest = count_established(port)
    samples = 1
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([sys.stdin], [], [], interval)
        highest = max(highest, count_established(port))
        samples += 1
        if readable:
            # EOF (or anything at all) on stdin is the signal to stop.
            break
    print(json.dumps({"max": highest, "samples": samples}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
