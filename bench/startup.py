"""Start-up costs: wall time and peak RSS of short child processes, and an import-time profile.

Every command runs in a fresh interpreter (the benchmark's own), in an empty temporary directory (so no
``./.env`` is read and ``root`` is found as installed), without ``ROOTSIGNALS_*`` variables and with
bytecode caches (see :func:`child_env`). The
commands are interleaved run by run, after one untimed warm-up run each (which also writes bytecode
caches). Wall time is measured around spawning and reaping the child.

Peak RSS is measured in separate runs, through a minimal launcher (``python -S``, only ``os`` and ``sys``)
that forks and execs the command and reports its ``ru_maxrss``. The launcher is needed because Linux
carries a process's peak RSS across ``fork`` and ``exec``: a child spawned straight from the benchmark
process would report at least the benchmark's own RSS.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

MODULE_PROBES: Final = (
    "aiohttp",
    "root.generated.openapi_aclient",
    "root.generated.openapi_client",
    "root.models",
    "pydantic",
    "urllib3",
)
"""Modules whose presence in ``sys.modules`` the module check reports."""


@dataclass(frozen=True)
class ChildRun:
    """One child process: wall seconds, exit code and combined output."""

    seconds: float
    returncode: int
    output: str


@dataclass(frozen=True)
class ImportEntry:
    """One line of ``python -X importtime``: microseconds self and cumulative, and the module."""

    self_us: int
    cumulative_us: int
    module: str


def child_env(pycache_prefix: str) -> dict[str, str]:
    """This environment without the SDK's variables, writing bytecode caches under ``pycache_prefix``.

    Installed packages come with bytecode; a source checkout may not (``PYTHONDONTWRITEBYTECODE`` is
    often set in containers), and compiling on every import would be measured instead of importing. So
    bytecode may be written, into a private directory (``PYTHONPYCACHEPREFIX``) that the warm-up run
    fills, and nothing is written into the source tree.
    """
    dropped = {"PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME", "PYTHONPYCACHEPREFIX"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROOTSIGNALS_") and k not in dropped}
    env["PYTHONPYCACHEPREFIX"] = pycache_prefix
    return env


def run_child(argv: Sequence[str], *, cwd: str, env: Mapping[str, str]) -> ChildRun:
    """Run ``argv`` to completion and measure its wall time."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), stdout=output, stderr=subprocess.STDOUT, cwd=cwd, env=dict(env))
        _, status = os.waitpid(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    return ChildRun(seconds=seconds, returncode=process.returncode, output=text)


_LAUNCHER: Final = """\
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
print("max_rss_kib", usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def peak_rss_kib(python: str, code: str, *, cwd: str, env: Mapping[str, str]) -> int:
    """The peak RSS, in KiB, of ``python -c CODE`` run through the minimal launcher (see above).

    Raises:
        RuntimeError: The command failed.
    """
    child = run_child([python, "-S", "-c", _LAUNCHER, python, "-c", code], cwd=cwd, env=env)
    last = child.output.strip().splitlines()[-1] if child.output.strip() else ""
    fields = last.split()
    if child.returncode != 0 or len(fields) != 3 or fields[0] != "max_rss_kib" or fields[2] != "0":
        raise RuntimeError(f"measuring the peak RSS of {code!r} failed:\n{child.output}")
    return int(fields[1])


def run_interleaved(
    python: str, commands: Mapping[str, str], runs: int, *, cwd: str, env: Mapping[str, str]
) -> dict[str, list[ChildRun]]:
    """Run each ``python -c CODE`` ``runs`` times, interleaved and in rotating order, after a warm-up.

    Raises:
        RuntimeError: A command failed (its output is in the message).
    """
    names = list(commands)
    results: dict[str, list[ChildRun]] = {name: [] for name in names}
    for run in range(runs + 1):
        order = names[run % len(names) :] + names[: run % len(names)]
        for name in order:
            child = run_child([python, "-c", commands[name]], cwd=cwd, env=env)
            if child.returncode != 0:
                raise RuntimeError(f"{name!r} exited with {child.returncode}:\n{child.output}")
            if run > 0:
                results[name].append(child)
    return results


def rss_interleaved(
    python: str, commands: Mapping[str, str], runs: int, *, cwd: str, env: Mapping[str, str]
) -> dict[str, list[int]]:
    """:func:`peak_rss_kib` of each command, ``runs`` times, interleaved (no warm-up needed)."""
    results: dict[str, list[int]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, code in commands.items():
            results[name].append(peak_rss_kib(python, code, cwd=cwd, env=env))
    return results


def module_check(python: str, code: str, *, cwd: str, env: Mapping[str, str]) -> dict[str, bool]:
    """Run ``code``, then report which of :data:`MODULE_PROBES` are in ``sys.modules``.

    Raises:
        RuntimeError: The command failed.
    """
    probe = f"{code}\nimport json, sys\nprint(json.dumps({{m: m in sys.modules for m in {list(MODULE_PROBES)!r}}}))"
    child = run_child([python, "-c", probe], cwd=cwd, env=env)
    if child.returncode != 0:
        raise RuntimeError(f"the module check exited with {child.returncode}:\n{child.output}")
    loaded: dict[str, bool] = json.loads(child.output.strip().splitlines()[-1])
    return loaded


def import_profile(python: str, code: str, *, cwd: str, env: Mapping[str, str]) -> list[ImportEntry]:
    """``python -X importtime -c CODE``: every import, as reported on stderr.

    Raises:
        RuntimeError: The command failed.
    """
    child = run_child([python, "-X", "importtime", "-c", code], cwd=cwd, env=env)
    if child.returncode != 0:
        raise RuntimeError(f"the import profile exited with {child.returncode}:\n{child.output}")
    entries = []
    for line in child.output.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        parts = line[len("import time:") :].split("|")
        if len(parts) != 3:
            continue
        try:
            entries.append(ImportEntry(int(parts[0]), int(parts[1]), parts[2].rstrip()))
        except ValueError:
            continue
    return entries
