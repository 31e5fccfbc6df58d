"""Run a command against a freshly started emulator, then stop the emulator.

    python scripts/run_with_emulator.py COMMAND [ARG ...]

The emulator listens on a free port with an in-memory database; the command gets
ROOTSIGNALS_API_URL and ROOTSIGNALS_API_KEY pointing at it. The exit code is the command's.
Used by `make demo` and by CI's check of the installed wheel.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

API_KEY = "demo-key"
READY = "Root Signals emulator listening on "


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    python = os.environ.get("EMULATOR_PYTHON", sys.executable)
    emulator = subprocess.Popen(
        [python, "-m", "root.emulator", "--port", "0", "--api-key", API_KEY],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = emulator.stdout.readline() if emulator.stdout else ""
        if not line.startswith(READY):
            print(f"the emulator did not start (it said {line!r})", file=sys.stderr)
            return 1
        url = line[len(READY) :].strip()
        print(f"emulator running at {url}", flush=True)
        env = {**os.environ, "ROOTSIGNALS_API_URL": url, "ROOTSIGNALS_API_KEY": API_KEY}
        return subprocess.run(argv, env=env, check=False).returncode
    finally:
        emulator.send_signal(signal.SIGTERM)
        try:
            emulator.wait(timeout=10)
        except subprocess.TimeoutExpired:
            emulator.kill()
            emulator.wait()
        if emulator.stdout:
            emulator.stdout.close()
        print("emulator stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
