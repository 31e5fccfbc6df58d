"""The scenarios of ``client.evaluate`` (issue 23's targets): its speed against a raw aiohttp loop, its
memory over a long streamed run, and a run killed half way then resumed from its journal.

- Speed: ``aevaluate`` of ``n`` rows x 2 preset evaluators, in the benchmark process, against a raw
  aiohttp loop making the same requests (the same two ``GET`` of the evaluators, then for every row and
  evaluator the same ``POST`` with the same JSON body) with the same concurrency: ``concurrency`` workers
  sharing one ``aiohttp.ClientSession`` whose connector has the SDK's default connection limit, each
  checking the status and decoding the body. The SDK's side includes everything ``aevaluate`` does:
  reading the rows, keys, adaptive concurrency, and writing every row to its (temporary) journal.
- Memory: a fresh process streams ``n`` rows from a generator through ``evaluate`` (no ``journal=``, so
  the default: a temporary journal), then reads every row of the result back; its peak RSS
  (``ru_maxrss``) less its RSS just before the run is the growth.
- Kill and resume: a fresh process evaluates ``n`` rows with a journal and ``max_concurrency``; it is
  sent SIGKILL once the journal holds about half of them; a second process reruns the same data with the
  same journal. The emulator's execution logs (one per run it answered) count the rows that ran twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import aiohttp
import http_scenarios as hs
import startup
from emulator_process import BenchSetupError

EVALUATORS: Final = ("Helpfulness", "Politeness")
"""The preset evaluators of the speed scenario (the emulator seeds every preset under its real id)."""
CONCURRENCY: Final = 16
"""``max_concurrency`` of the SDK's side, and the raw loop's number of workers."""
KILL_CONCURRENCY: Final = 8
"""``max_concurrency`` of the killed run and its rerun: at most this many rows may run twice."""
MIB: Final = 2**20


def _rows(n: int, tag: str = "r") -> Iterator[dict[str, str]]:
    for i in range(n):
        yield {"id": f"{tag}{i}", "request": f"Question {i}?", "response": f"Answer {i}."}


def _preset_ids() -> dict[str, str]:
    from root._presets import load_presets

    found = {p.name: p.id for p in load_presets() if p.name in EVALUATORS}
    return {name: found[name] for name in EVALUATORS}


@dataclass
class Timed:
    """One side of one round of the speed scenario."""

    seconds: float
    rows: int
    errors: int
    server_requests: int
    first_error: str | None = None


async def _ours(ctx: hs.Context, n: int) -> Timed:
    async with ctx.client() as client:
        options: dict[str, Any] = {"evaluators": list(EVALUATORS), "key": "id", "max_concurrency": CONCURRENCY}
        with await client.aevaluate(list(_rows(1, "warm")), progress=False, **options):  # warm-up, untimed
            pass
        ctx.server.clear_requests()
        start = time.perf_counter()
        result = await client.aevaluate(_rows(n), progress=False, **options)
        seconds = time.perf_counter() - start
        with result:
            failed = [row for row in result if not row.ok]
            first = None
            if failed:
                first = next(s.error for s in failed[0].scores.values() if s.error is not None)
            return Timed(seconds, len(result), len(failed), ctx.server.request_count(), first)


def speed_ours(ctx: hs.Context, n: int) -> Timed:
    """``aevaluate`` of ``n`` rows with the two :data:`EVALUATORS`, ``max_concurrency`` :data:`CONCURRENCY`."""
    return asyncio.run(_ours(ctx, n))


def _detail(ctx: hs.Context, evaluator_id: str) -> str:
    return f"{ctx.url}/v1/evaluators/{evaluator_id}/"


async def _raw(ctx: hs.Context, n: int) -> Timed:
    headers = ctx.headers
    ids = _preset_ids()
    connector = aiohttp.TCPConnector(limit=hs.CONNECTION_LIMIT)
    async with aiohttp.ClientSession(connector=connector) as session:
        for evaluator_id in ids.values():  # warm-up, untimed: each request once, as for the SDK
            described = await hs._raw_async(session, "GET", _detail(ctx, evaluator_id), headers, None, 200)
            body = {"request": "q", "response": "a", "evaluator_version_id": described["version_id"]}
            await hs._raw_async(session, "POST", f"{ctx.url}/v1/evaluators/execute/{evaluator_id}/", headers, body, 200)
        ctx.server.clear_requests()
        errors: list[str] = []
        start = time.perf_counter()
        versions = []
        for evaluator_id in ids.values():  # what the SDK does first: describe each evaluator
            described = await hs._raw_async(session, "GET", _detail(ctx, evaluator_id), headers, None, 200)
            versions.append((f"{ctx.url}/v1/evaluators/execute/{evaluator_id}/", described["version_id"]))
        jobs = (
            (url, {"request": row["request"], "response": row["response"], "evaluator_version_id": version})
            for row in _rows(n)
            for url, version in versions
        )

        async def worker() -> None:
            for url, body in jobs:  # one generator shared by every worker: each takes the next request
                try:
                    await hs._raw_async(session, "POST", url, headers, body, 200)
                except Exception as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        seconds = time.perf_counter() - start
        return Timed(seconds, n, len(errors), ctx.server.request_count(), errors[0] if errors else None)


def speed_raw(ctx: hs.Context, n: int) -> Timed:
    """The raw aiohttp twin of :func:`speed_ours`: the same requests, :data:`CONCURRENCY` workers."""
    return asyncio.run(_raw(ctx, n))


# -- memory of a long streamed run, in a fresh process ----------------------------------------------------

_MEMORY_CODE = """
import gc, json, os, resource, sys, time
from root import RootSignals

n, concurrency = int(sys.argv[1]), int(sys.argv[2])
page = os.sysconf("SC_PAGE_SIZE")

def rss():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * page

def rows(tag, count):
    for i in range(count):
        yield {"id": f"{tag}{i}", "request": f"Question {i}?", "response": f"Answer {i}."}

with RootSignals(api_key=sys.argv[3], base_url=sys.argv[4]) as client:
    options = {"evaluators": ["Helpfulness"], "key": "id", "max_concurrency": concurrency, "progress": False}
    client.evaluate(list(rows("warm", 20)), **options).close()  # warm-up: imports, connections
    gc.collect()
    start = rss()
    began = time.perf_counter()
    result = client.evaluate(rows("r", n), **options)
    seconds = time.perf_counter() - began
    after_run = rss()
    ok = sum(1 for row in result if row.ok)
    keys_in_order = all(row.key == f"r{i}" for i, row in enumerate(result))
    length = len(result)
    after_read = rss()
    result.close()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"start": start, "after_run": after_run, "after_read": after_read, "peak": peak,
                  "seconds": seconds, "rows": length, "ok": ok, "in_order": keys_in_order}))
"""


@dataclass(frozen=True)
class Memory:
    """The memory scenario's figures (bytes, seconds)."""

    rows: int
    start: int
    peak: int
    after_run: int
    after_read: int
    seconds: float
    ok: int
    in_order: bool

    @property
    def growth(self) -> int:
        return self.peak - self.start


def _child(python: str, code: str, *args: str, workdir: str) -> subprocess.Popen[str]:
    env = startup.child_env(os.path.join(workdir, "pycache"))
    return subprocess.Popen(
        [python, "-c", code, *args], cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _last_json(process: subprocess.Popen[str], what: str) -> dict[str, Any]:
    out, err = process.communicate()
    lines = out.strip().splitlines()
    if process.returncode != 0 or not lines:
        raise BenchSetupError(f"{what} failed (exit {process.returncode}):\n{out[-2000:]}\n{err[-2000:]}")
    return dict(json.loads(lines[-1]))


def memory(ctx: hs.Context, n: int) -> Memory:
    """Stream ``n`` rows through ``evaluate`` in a fresh process; its RSS before the run and its peak."""
    ctx.server.reset()
    with tempfile.TemporaryDirectory(prefix="rootsignals-bench-evaluate-") as workdir:
        process = _child(
            ctx.python, _MEMORY_CODE, str(n), str(CONCURRENCY), ctx.server.api_key, ctx.url, workdir=workdir
        )
        found = _last_json(process, f"evaluating {n:,} streamed rows")
    ctx.server.reset()
    return Memory(
        rows=int(found["rows"]),
        start=int(found["start"]),
        peak=int(found["peak"]),
        after_run=int(found["after_run"]),
        after_read=int(found["after_read"]),
        seconds=float(found["seconds"]),
        ok=int(found["ok"]),
        in_order=bool(found["in_order"]),
    )


# -- kill -9 half way, then resume ------------------------------------------------------------------------

_KILL_CODE = """
import json, sys
from root import RootSignals

n, concurrency, journal = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rows = ({"id": f"r{i}", "request": f"Question {i}?", "response": f"Answer {i}."} for i in range(n))
with RootSignals(api_key=sys.argv[4], base_url=sys.argv[5]) as client:
    with client.evaluate(rows, evaluators=["Helpfulness"], key="id", journal=journal,
                         max_concurrency=concurrency, progress=False) as result:
        keys = [row.key for row in result]
        ok = sum(1 for row in result if row.ok)
print(json.dumps({"rows": len(keys), "ok": ok, "in_order": keys == [f"r{i}" for i in range(n)],
                  "distinct": len(set(keys))}))
"""


@dataclass(frozen=True)
class Resumed:
    """The kill-and-resume scenario's counts."""

    rows: int
    journalled_at_kill: int
    result_rows: int
    distinct: int
    in_order: bool
    ok: int
    runs: int
    """Execution logs the emulator wrote over both processes: one per evaluator run it answered."""

    @property
    def ran_twice(self) -> int:
        return self.runs - self.rows


def _journalled(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=1)) as db:
            return int(db.execute("SELECT count(*) FROM rows").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def kill_and_resume(ctx: hs.Context, n: int) -> Resumed:
    """Kill a journalled run of ``n`` rows at about half way, rerun it, and count what ran."""
    ctx.server.reset()
    with tempfile.TemporaryDirectory(prefix="rootsignals-bench-evaluate-") as workdir:
        journal = Path(workdir) / "run.sqlite"
        args = (str(n), str(KILL_CONCURRENCY), str(journal), ctx.server.api_key, ctx.url)
        first = _child(ctx.python, _KILL_CODE, *args, workdir=workdir)
        deadline = time.monotonic() + 600
        while _journalled(journal) < n // 2 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        if first.poll() is not None:
            raise BenchSetupError(f"the run to kill ended before half way:\n{first.communicate()}")
        first.send_signal(signal.SIGKILL)
        first.communicate()
        at_kill = _journalled(journal)
        found = _last_json(_child(ctx.python, _KILL_CODE, *args, workdir=workdir), "the rerun with the journal")
    runs = int(ctx.server.admin("GET", "/_emulator/state")["execution_logs"])
    ctx.server.reset()
    return Resumed(
        rows=n,
        journalled_at_kill=at_kill,
        result_rows=int(found["rows"]),
        distinct=int(found["distinct"]),
        in_order=bool(found["in_order"]),
        ok=int(found["ok"]),
        runs=runs,
    )


if __name__ == "__main__":  # a quick look: python bench/evaluate_scenarios.py N
    from emulator_process import EmulatorProcess, python_executable

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with EmulatorProcess(python_executable(), "bench-api-key", cpus={0}) as server:
        os.sched_setaffinity(0, {1})
        context = hs.Context(server=server, builtin_id=hs.first_model_id(server), python=python_executable())
        for side in (speed_ours, speed_raw, speed_ours, speed_raw):
            server.reset()
            print(side.__name__, side(context, count), flush=True)
        print(memory(context, count), flush=True)
        print(kill_and_resume(context, count), flush=True)
