"""The server under test: the Root Signals emulator in its own process, and a sampler of its connections.

The emulator runs as ``python -m root.emulator --port 0`` (in-memory database) in a subprocess, so that it
never shares the measured client's GIL. Its output goes to a file, not a pipe, so that nothing in the
benchmark process has to keep reading it while measuring. Admin requests (reset, request counts) use
``urllib.request``, whose connections close after every request, so they never add to the connection
counts.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Collection
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

_LISTENING: Final = re.compile(r"listening on (https?://[^\s/]+)")
_SAMPLER: Final = Path(__file__).with_name("conn_sampler.py")


class BenchSetupError(RuntimeError):
    """The benchmark could not set up what it measures (the emulator, the seed data, a child process)."""


def set_affinity(pid: int, cpus: Collection[int] | None) -> None:
    """Pin a process (0: this one) to ``cpus``; nothing when ``cpus`` is None or pinning is unsupported."""
    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(pid, set(cpus))


class EmulatorProcess:
    """``python -m root.emulator --port 0 --api-key KEY`` in a subprocess, from start to SIGTERM.

    Args:
        python: The interpreter to run it with.
        api_key: The one key it accepts.
        cpus: CPUs to pin it to (None: not pinned).
        start_timeout: Seconds to wait for its "listening on" line.
    """

    def __init__(
        self, python: str, api_key: str, *, cpus: Collection[int] | None = None, start_timeout: float = 30.0
    ) -> None:
        self.python = python
        self.api_key = api_key
        self.cpus = cpus
        self.start_timeout = start_timeout
        self.url = ""
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        """The emulator's process id."""
        if self._process is None:
            raise BenchSetupError("the emulator is not running")
        return self._process.pid

    def start(self) -> None:
        """Start the emulator and wait until it listens.

        Raises:
            BenchSetupError: It exited or did not announce its URL in time.
        """
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        command = [self.python, "-m", "root.emulator", "--port", "0", "--api-key", self.api_key]
        # Pin this process first so that the emulator inherits the CPUs from its very first thread.
        own = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        set_affinity(0, self.cpus)
        try:
            self._process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)
        finally:
            set_affinity(0, own)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            match = _LISTENING.search(self.output())
            if match:
                self.url = match.group(1)
                self.port = int(self.url.rsplit(":", 1)[1])
                return
            if self._process.poll() is not None:
                break
            time.sleep(0.02)
        output = self.output()
        self.stop()
        raise BenchSetupError(f"the emulator did not start ({' '.join(command)}); its output:\n{output}")

    def output(self) -> str:
        """Everything the emulator has printed so far."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        """Stop the emulator with SIGTERM (SIGKILL if it lingers)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> EmulatorProcess:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- admin endpoints -------------------------------------------------------------------------------

    def admin(self, method: str, path: str, body: object = None) -> Any:
        """Call an admin endpoint (``/_emulator/...``) and return its decoded JSON.

        The emulator runs with ``--api-key``, so its admin API wants the key too (as every request).
        """
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Api-Key {self.api_key}"}
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def reset(self) -> None:
        """Delete every custom model and clear the request log."""
        self.admin("POST", "/_emulator/reset")

    def clear_requests(self) -> None:
        """Empty the request log, so that :meth:`request_count` counts from now."""
        self.admin("DELETE", "/_emulator/requests")

    def request_count(self) -> int:
        """API requests the emulator received since the log was last cleared (it keeps 10,000 at most)."""
        return int(self.admin("GET", "/_emulator/state")["requests"])

    def custom_model_count(self) -> int:
        """How many custom models exist."""
        return int(self.admin("GET", "/_emulator/state")["models"])


class ConnectionSampler:
    """Samples the server's open connections in a separate process (see ``conn_sampler.py``).

    ``with ConnectionSampler(port) as sampler: ...`` then ``sampler.max``.

    Args:
        python: The interpreter to run the sampler with.
        port: The server's port.
        cpus: CPUs to pin the sampler to (None: not pinned).
    """

    def __init__(self, python: str, port: int, *, cpus: Collection[int] | None = None) -> None:
        self.python = python
        self.port = port
        self.cpus = cpus
        self.max = -1
        self.samples = 0
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> ConnectionSampler:
        process = subprocess.Popen(
            [self.python, str(_SAMPLER), str(self.port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._process = process
        set_affinity(process.pid, self.cpus)
        ready = process.stdout.readline() if process.stdout else ""
        if ready.strip() != "ready":
            process.kill()
            process.wait()
            raise BenchSetupError(f"the connection sampler did not start: {ready!r}")
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        output, _ = process.communicate(timeout=30)  # closes stdin: the stop signal
        if process.returncode == 0 and output.strip():
            result = json.loads(output.strip().splitlines()[-1])
            self.max = int(result["max"])
            self.samples = int(result["samples"])
        elif exc_type is None:
            raise BenchSetupError(f"the connection sampler failed (exit {process.returncode}): {output!r}")


def python_executable() -> str:
    """The interpreter running the benchmark: every child process uses the same one."""
    return sys.executable
