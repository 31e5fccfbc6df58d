"""Benchmark the SDK against raw urllib3 / aiohttp on a local emulator; ``make bench`` runs it.

It starts the emulator (``python -m root.emulator --port 0``, in-memory database) as a separate process,
measures our SDK and the raw baseline against that same server in interleaved rounds, prints a Markdown
table of medians and ratios, and writes it to ``docs/benchmarks.md``. Missed targets are marked, but the
exit status is 0 all the same: this is a report, not a test. ``--quick`` is a smoke run (about a minute).

Run ``.venv/bin/python bench/run.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Final, TypeVar

import evaluate_scenarios as es
import http_scenarios as hs
import startup
import upload_memory
from emulator_process import BenchSetupError, EmulatorProcess, python_executable, set_affinity
from report import Document, Row, format_value, median, render_document, render_summary, render_table

REPO: Final = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT: Final = REPO / "docs" / "benchmarks.md"
CHANGES: Final = Path(__file__).resolve().parent / "changes.md"
"""Before-and-after measurements of past changes, kept by hand and carried into every report."""
API_KEY: Final = "bench-api-key"

CRUD_TARGET: Final = 1.3
CONCURRENT_TARGET: Final = 1.5
LIST_TARGET: Final = 1.3
IMPORT_MODELS_TARGET_S: Final = 0.05
IMPORT_CALL_TARGET_S: Final = 0.35
CLI_HELP_TARGET_S: Final = 0.1
RSS_TARGET_BYTES: Final = 45e6
EVALUATE_TARGET: Final = 1.2
EVALUATE_MEMORY_TARGET_BYTES: Final = 100e6
EVALUATE_ROUNDS: Final = 3
MUST_BE_ABSENT: Final = ("aiohttp", "root.generated.openapi_aclient")
UPLOAD_ROUNDS: Final = 3

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """What one run measures, and where its report goes."""

    rounds: int
    n: int
    list_n: int
    import_runs: int
    output: Path | None
    pin: bool
    quick: bool
    eval_rows: int = 10_000
    eval_memory_rows: int = 1_000_000
    eval_kill_rows: int = 10_000
    only_evaluate: bool = False


def parse_args(argv: Sequence[str] | None) -> Settings:
    """The command line, as :class:`Settings`."""
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Benchmark the SDK against raw urllib3 / aiohttp on a local emulator, print a table of "
        "medians and write it to docs/benchmarks.md. Exits 0 even when targets are missed.",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 rounds, smaller N, fewer start-ups")
    parser.add_argument("--rounds", type=int, help="rounds of every scenario, ours and raw (default 7; quick 2)")
    parser.add_argument("--n", type=int, help="models per create/get/delete scenario (default 1000; quick 200)")
    parser.add_argument("--list-n", type=int, help="models to iterate (default 10000; quick 2000)")
    parser.add_argument("--import-runs", type=int, help="runs of each start-up command (default 15; quick 5)")
    parser.add_argument(
        "--output",
        type=Path,
        help=f"where to write the Markdown report (default {DEFAULT_OUTPUT.relative_to(REPO)}; "
        "with --quick, nowhere unless given)",
    )
    parser.add_argument(
        "--eval-rows", type=int, help="rows of the evaluate speed scenario, x 2 evaluators (default 10000; quick 1000)"
    )
    parser.add_argument(
        "--eval-memory-rows",
        type=int,
        help="rows streamed through evaluate in the memory scenario (default 1000000; quick 20000)",
    )
    parser.add_argument(
        "--eval-kill-rows", type=int, help="rows of the kill -9 and resume scenario (default 10000; quick 2000)"
    )
    parser.add_argument(
        "--only-evaluate",
        action="store_true",
        help="run only the evaluate scenarios (the report is then written only where --output says)",
    )
    parser.add_argument("--no-write", action="store_true", help="only print the table")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the emulator and the client to CPUs")
    args = parser.parse_args(argv)
    quick: bool = args.quick

    def pick(value: int | None, full: int, small: int, name: str) -> int:
        chosen = value if value is not None else (small if quick else full)
        if chosen < 1:
            parser.error(f"--{name} must be at least 1")
        return chosen

    output: Path | None = args.output
    if output is None and not quick and not args.only_evaluate:
        output = DEFAULT_OUTPUT
    if args.no_write:
        output = None
    return Settings(
        rounds=pick(args.rounds, 7, 2, "rounds"),
        n=pick(args.n, 1000, 200, "n"),
        list_n=pick(args.list_n, 10_000, 2000, "list-n"),
        import_runs=pick(args.import_runs, 15, 5, "import-runs"),
        output=output,
        pin=not args.no_pin,
        quick=quick,
        eval_rows=pick(args.eval_rows, 10_000, 1000, "eval-rows"),
        eval_memory_rows=pick(args.eval_memory_rows, 1_000_000, 20_000, "eval-memory-rows"),
        eval_kill_rows=pick(args.eval_kill_rows, 10_000, 2000, "eval-kill-rows"),
        only_evaluate=args.only_evaluate,
    )


def progress(message: str) -> None:
    """A progress line on stderr (stdout carries the table)."""
    print(message, file=sys.stderr, flush=True)


def cpu_model() -> str:
    """The CPU's model name from ``/proc/cpuinfo``, else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            for line in file:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def cpu_plan(pin: bool) -> tuple[set[int] | None, set[int] | None, int]:
    """``(server CPUs, client CPUs, usable CPUs)``: one CPU each when pinning and two or more are usable."""
    usable = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    count = len(usable) or (os.cpu_count() or 1)
    if not pin or len(usable) < 2:
        return None, None, count
    return {usable[0]}, {usable[1]}, count


def load_average() -> str:
    """The 1-minute load average, as text (``?`` where unknown)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def package_version(name: str) -> str:
    """An installed distribution's version, or ``?``."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def interleaved(rounds: int, name: str, ours: Callable[[int], T], raw: Callable[[int], T]) -> tuple[list[T], list[T]]:
    """Run ``ours(round)`` and ``raw(round)`` for every round, alternating which goes first."""
    ours_results: list[T] = []
    raw_results: list[T] = []
    for r in range(rounds):
        sides = [("ours", ours, ours_results), ("raw", raw, raw_results)]
        if r % 2:
            sides.reverse()
        for side, run, results in sides:
            started = time.perf_counter()
            results.append(run(r))
            progress(f"  {name}: round {r + 1}/{rounds} {side} done in {time.perf_counter() - started:.2f} s")
    return ours_results, raw_results


def _us_per_call(seconds: float, calls: int) -> str:
    return f"{seconds / max(calls, 1) * 1e6:.0f}"


def _phase_row(
    scenario: str, ours: list[hs.Phase], raw: list[hs.Phase], limit: float, *, connections: bool = False
) -> Row:
    ours_s = median([p.seconds for p in ours])
    raw_s = median([p.seconds for p in raw])
    ours_errors = sum(p.errors for p in ours)
    raw_errors = sum(p.errors for p in raw)
    calls = ours[0].calls
    ratio_ok = ours_s <= limit * raw_s
    notes = [
        f"{_us_per_call(ours_s, calls)} vs {_us_per_call(raw_s, calls)} µs per call",
        f"errors {ours_errors}/{raw_errors}",
    ]
    target = f"≤ {limit:g}x, 0 errors"
    met = ratio_ok and ours_errors == 0 and raw_errors == 0
    extra_ours = sum(p.extra_requests for p in ours)
    if extra_ours > 0:
        notes.append(f"{extra_ours} more requests than needed (retries?) reached the server")
    if connections:
        ours_max = max(p.max_connections or 0 for p in ours)
        raw_max = max(p.max_connections or 0 for p in raw)
        notes.append(f"max open connections {ours_max}/{raw_max} (limit {hs.CONNECTION_LIMIT})")
        target += f", ≤ {hs.CONNECTION_LIMIT} connections"
        met = met and ours_max <= hs.CONNECTION_LIMIT
    first = next((p.first_error for p in ours + raw if p.first_error), None)
    if first:
        notes.append(f"first error: {first[:160]}")
    return Row(scenario, ours_s, raw_s, "s", target, met, "; ".join(notes))


def _listing_row(scenario: str, ours: list[hs.Phase], raw: list[hs.Phase]) -> Row:
    row = _phase_row(scenario, ours, raw, LIST_TARGET)
    pages = ours[0].expected_requests
    row.notes = f"{pages} pages of ≤ {hs.PAGE_SIZE}; " + row.notes.replace("per call", "per model")
    return row


def _rounds_table(entries: list[tuple[str, list[float], list[float]]]) -> str:
    lines = [
        "Rounds in the order they ran. The last column is the median of each round's own ours/raw ratio, which",
        "is less sensitive than the ratio of medians to load that changes during the run.",
        "",
        "| Scenario | Ours, each round | Raw, each round | Median of per-round ratios |",
        "|---|---|---|---:|",
    ]
    for name, ours, raw in entries:
        ours_text = ", ".join(format_value(v, "s") for v in ours)
        raw_text = ", ".join(format_value(v, "s") for v in raw)
        paired = median([o / r for o, r in zip(ours, raw, strict=True) if r > 0] or [0.0])
        lines.append(f"| {name} | {ours_text} | {raw_text} | {paired:.2f}x |")
    return "\n".join(lines)


def measure_http(ctx: hs.Context, settings: Settings) -> tuple[list[Row], list[tuple[str, list[float], list[float]]]]:
    """The create/get/delete, concurrent and listing scenarios: their rows and per-round figures."""
    server = ctx.server
    n, list_n, rounds = settings.n, settings.list_n, settings.rounds
    rows: list[Row] = []
    per_round: list[tuple[str, list[float], list[float]]] = []

    def crud(
        run: Callable[[hs.Context, int, str], dict[str, hs.Phase]], side: str
    ) -> Callable[[int], dict[str, hs.Phase]]:
        def one(r: int) -> dict[str, hs.Phase]:
            try:
                return run(ctx, n, f"bench-{side}-{r}")
            finally:
                server.reset()

        return one

    progress(f"sync: {n} sequential create, get, delete")
    ours, raw = interleaved(rounds, "sync", crud(hs.crud_ours, "sync-ours"), crud(hs.crud_raw, "sync-raw"))
    for phase in ("create", "get", "delete"):
        name = f"{n:,} sequential `{phase}` (sync)"
        rows.append(_phase_row(name, [o[phase] for o in ours], [w[phase] for w in raw], CRUD_TARGET))
        per_round.append((name, [o[phase].seconds for o in ours], [w[phase].seconds for w in raw]))

    progress(f"async: {n} concurrent acreate, then adelete, with asyncio.gather")
    ours, raw = interleaved(
        rounds, "async", crud(hs.concurrent_ours, "async-ours"), crud(hs.concurrent_raw, "async-raw")
    )
    for phase in ("acreate", "adelete"):
        name = f"{n:,} concurrent `{phase}` (async, gather)"
        ours_p, raw_p = [o[phase] for o in ours], [w[phase] for w in raw]
        rows.append(_phase_row(name, ours_p, raw_p, CONCURRENT_TARGET, connections=True))
        per_round.append((name, [p.seconds for p in ours_p], [p.seconds for p in raw_p]))

    progress(f"evaluators: {n} sequential run, then {n} concurrent arun, of the preset {hs.EVALUATOR_NAME}")
    ours, raw = interleaved(rounds, "runs", crud(hs.runs_ours, "runs-ours"), crud(hs.runs_raw, "runs-raw"))
    for phase, label, target, connections in (
        ("run", "sequential evaluator `run` (sync)", CRUD_TARGET, False),
        ("arun", "concurrent evaluator `arun` (async, gather)", CONCURRENT_TARGET, True),
    ):
        name = f"{n:,} {label}"
        ours_p, raw_p = [o[phase] for o in ours], [w[phase] for w in raw]
        rows.append(_phase_row(name, ours_p, raw_p, target, connections=connections))
        per_round.append((name, [p.seconds for p in ours_p], [p.seconds for p in raw_p]))

    progress(f"listing: seeding {list_n} models")
    server.reset()
    hs.seed(ctx, list_n, "bench-list")
    if server.custom_model_count() != list_n:
        raise BenchSetupError(f"expected {list_n} models after seeding, found {server.custom_model_count()}")
    ours_l, raw_l = interleaved(rounds, "list", lambda r: hs.list_ours(ctx, list_n), lambda r: hs.list_raw(ctx, list_n))
    name = f"iterate {list_n:,} models: `list` (sync)"
    rows.append(_listing_row(name, ours_l, raw_l))
    per_round.append((name, [p.seconds for p in ours_l], [p.seconds for p in raw_l]))
    ours_l, raw_l = interleaved(
        rounds, "alist", lambda r: hs.alist_ours(ctx, list_n), lambda r: hs.alist_raw(ctx, list_n)
    )
    name = f"iterate {list_n:,} models: `alist` (async)"
    rows.append(_listing_row(name, ours_l, raw_l))
    per_round.append((name, [p.seconds for p in ours_l], [p.seconds for p in raw_l]))
    server.reset()
    return rows, per_round


@dataclass
class StartupResult:
    """The start-up rows and their details section."""

    rows: list[Row]
    details: str
    profile: str


def measure_startup(ctx: hs.Context, settings: Settings) -> StartupResult:
    """Wall time and peak RSS of fresh interpreters: import, build a client, make one call."""
    python = ctx.python
    key, url, model_id = ctx.server.api_key, ctx.url, ctx.builtin_id
    models_code = "from root import RootSignals; RootSignals(api_key='k').models"
    call_code = f"from root import RootSignals; RootSignals(api_key={key!r}, base_url={url!r}).models.get({model_id!r})"
    raw_code = (
        "import json, urllib3; "
        f"r = urllib3.PoolManager().request('GET', {ctx.detail_url(model_id)!r}, headers={ctx.headers!r}); "
        "json.loads(r.data); raise SystemExit(r.status != 200)"
    )
    # What the installed `rootsignals` script runs, with --help; SystemExit caught for the module check.
    cli_help_code = (
        "import sys\nsys.argv = ['rootsignals', '--help']\nfrom root._cli import main\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    assert stop.code == 0"
    )
    commands = {
        "pass": "pass",
        "models": models_code,
        "call": call_code,
        "raw_call": raw_code,
        "cli_help": cli_help_code,
    }
    progress(f"start-up: {len(commands)} commands x {settings.import_runs} runs")
    with (
        tempfile.TemporaryDirectory(prefix="rootsignals-bench-") as cwd,
        tempfile.TemporaryDirectory(prefix="rootsignals-bench-pycache-") as pycache,
    ):
        env = startup.child_env(pycache)
        runs = startup.run_interleaved(python, commands, settings.import_runs, cwd=cwd, env=env)
        rss_runs = startup.rss_interleaved(python, commands, max(3, settings.import_runs // 3), cwd=cwd, env=env)
        loaded = startup.module_check(python, models_code, cwd=cwd, env=env)
        cli_loaded = startup.module_check(python, cli_help_code, cwd=cwd, env=env)
        profile = startup.import_profile(python, call_code, cwd=cwd, env=env)

    def wall(name: str) -> float:
        return median([r.seconds for r in runs[name]])

    def rss(name: str) -> float:
        return median([kib * 1024.0 for kib in rss_runs[name]])

    absent = {m: not loaded.get(m, False) for m in MUST_BE_ABSENT}
    absent_text = ", ".join(f"`{m}` absent: {'yes' if ok else 'no'}" for m, ok in absent.items())
    models_wall, pass_wall = wall("models"), wall("pass")
    rows = [
        Row(
            "`python -c` import + `RootSignals(api_key='k').models` (raw: `python -c pass`)",
            models_wall,
            pass_wall,
            "s",
            f"≤ {IMPORT_MODELS_TARGET_S:g} s wall; aiohttp and openapi_aclient not imported",
            models_wall <= IMPORT_MODELS_TARGET_S and all(absent.values()),
            f"{(models_wall - pass_wall) * 1000:.1f} ms over `python -c pass`; {absent_text}",
        ),
        Row(
            "`python -c` import + one sync `models.get` (raw: urllib3 GET + json)",
            wall("call"),
            wall("raw_call"),
            "s",
            f"≤ {IMPORT_CALL_TARGET_S:g} s wall",
            wall("call") <= IMPORT_CALL_TARGET_S,
            f"{(wall('call') - pass_wall) * 1000:.1f} ms over `python -c pass`",
        ),
        Row(
            "`rootsignals --help` (raw: `python -c pass`)",
            wall("cli_help"),
            pass_wall,
            "s",
            f"≤ {CLI_HELP_TARGET_S:g} s wall; none of the SDK's HTTP or pydantic modules imported",
            wall("cli_help") <= CLI_HELP_TARGET_S and not any(cli_loaded.values()),
            f"{(wall('cli_help') - pass_wall) * 1000:.1f} ms over `python -c pass`; imported: "
            + (", ".join(f"`{m}`" for m, present in cli_loaded.items() if present) or "none of them"),
        ),
        Row(
            "peak RSS: import, client, one sync call (raw: urllib3 GET + json)",
            rss("call"),
            rss("raw_call"),
            "B",
            f"≤ {RSS_TARGET_BYTES / 1e6:g} MB",
            rss("call") <= RSS_TARGET_BYTES,
            f"{rss('call') / 2**20:.1f} MiB; `python -c pass`: {rss('pass') / 1e6:.1f} MB",
        ),
    ]
    lines = ["| Command | Wall, median | Wall, min | Peak RSS, median |", "|---|---:|---:|---:|"]
    labels = {
        "pass": "`python -c pass`",
        "models": "import + client + `.models`",
        "call": "import + client + one `models.get`",
        "raw_call": "`import urllib3, json` + one GET",
        "cli_help": "`rootsignals --help`",
    }
    for name, label in labels.items():
        lines.append(
            f"| {label} | {format_value(wall(name), 's')} | {format_value(min(r.seconds for r in runs[name]), 's')} "
            f"| {format_value(rss(name), 'B')} |"
        )
    lines += ["", "Modules in `sys.modules` after import + client + `.models`:", ""]
    lines += [f"- `{m}`: {'yes' if present else 'no'}" for m, present in loaded.items()]
    prof = [
        "`python -X importtime -c` import + client + one `models.get`, one run: the 15 largest imports by",
        "cumulative time, then by self time (microseconds).",
    ]
    for key in ("cumulative_us", "self_us"):
        prof += ["", "| Cumulative | Self | Module |", "|---:|---:|---|"]
        for entry in sorted(profile, key=lambda e: int(getattr(e, key)), reverse=True)[:15]:
            prof.append(f"| {entry.cumulative_us:,} | {entry.self_us:,} | `{entry.module.strip()}` |")
    return StartupResult(rows=rows, details="\n".join(lines), profile="\n".join(prof))


def measure_evaluate(
    ctx: hs.Context, settings: Settings
) -> tuple[list[Row], list[tuple[str, list[float], list[float]]]]:
    """``client.evaluate``'s targets (``bench/evaluate_scenarios.py``): its speed against a raw aiohttp loop,
    the memory of a long streamed run, and a run killed half way then resumed from its journal."""
    server = ctx.server
    n, rounds = settings.eval_rows, min(settings.rounds, EVALUATE_ROUNDS)
    evaluators = " and ".join(f"`{name}`" for name in es.EVALUATORS)
    progress(f"evaluate: {n} rows x {evaluators}, max_concurrency {es.CONCURRENCY}, {rounds} rounds")

    def side(run: Callable[[hs.Context, int], es.Timed]) -> Callable[[int], es.Timed]:
        def one(r: int) -> es.Timed:
            try:
                return run(ctx, n)
            finally:
                server.reset()

        return one

    ours, raw = interleaved(rounds, "evaluate", side(es.speed_ours), side(es.speed_raw))
    ours_s, raw_s = median([t.seconds for t in ours]), median([t.seconds for t in raw])
    errors = sum(t.errors for t in ours) + sum(t.errors for t in raw)
    expected = 2 * n + len(es.EVALUATORS)
    extra = max(t.server_requests for t in ours) - expected
    notes = [
        f"{n / ours_s:,.0f} vs {n / raw_s:,.0f} rows/s",
        f"errors {sum(t.errors for t in ours)}/{sum(t.errors for t in raw)}",
        f"{expected:,} requests each ({len(es.EVALUATORS)} GET, then a POST per row and evaluator)",
    ]
    if extra > 0:
        notes.append(f"{extra} more requests than needed (retries?) reached the server")
    first = next((t.first_error for t in ours + raw if t.first_error), None)
    if first:
        notes.append(f"first error: {first[:160]}")
    name = f"{n:,} rows x 2 evaluators: `aevaluate` (raw: an aiohttp loop, the same requests)"
    rows = [
        Row(
            name,
            ours_s,
            raw_s,
            "s",
            f"≤ {EVALUATE_TARGET:g}x, 0 errors, max_concurrency {es.CONCURRENCY} (raw: as many workers)",
            ours_s <= EVALUATE_TARGET * raw_s and errors == 0,
            "; ".join(notes),
        )
    ]
    per_round = [(name, [t.seconds for t in ours], [t.seconds for t in raw])]
    progress(render_table(rows[-1:]))  # each evaluate figure as soon as it is known: the memory run is long

    m = settings.eval_memory_rows
    progress(f"evaluate: {m} rows streamed from a generator in a fresh process (this takes a while)")
    memory = es.memory(ctx, m)
    whole = memory.rows == m and memory.ok == m and memory.in_order
    rows.append(
        Row(
            f"peak RSS growth, {m:,} streamed rows through `evaluate` (no raw baseline)"
            + (" (fewer rows than the issue's 1,000,000)" if m < 1_000_000 else ""),
            memory.growth,
            None,
            "B",
            f"≤ {EVALUATE_MEMORY_TARGET_BYTES / 1e6:g} MB over the RSS at the start; every row back, in order",
            memory.growth <= EVALUATE_MEMORY_TARGET_BYTES and whole,
            f"{memory.start / es.MIB:.1f} MiB at the start, {memory.after_run / es.MIB:.1f} MiB after the run, "
            f"{memory.after_read / es.MIB:.1f} MiB after reading it back, {memory.peak / es.MIB:.1f} MiB at the peak; "
            f"{memory.seconds:.0f} s, {m / max(memory.seconds, 1e-9):,.0f} rows/s (1 evaluator, max_concurrency "
            f"{es.CONCURRENCY}, no journal= so a temporary one); {memory.rows:,} rows read back, {memory.ok:,} ok, "
            f"in order: {'yes' if memory.in_order else 'no'}",
        )
    )
    progress(render_table(rows[-1:]))

    k = settings.eval_kill_rows
    progress(f"evaluate: {k} rows, kill -9 at half way, rerun with the journal")
    resumed = es.kill_and_resume(ctx, k)
    once = resumed.result_rows == k and resumed.distinct == k and resumed.in_order and resumed.ok == k
    rows.append(
        Row(
            f"`kill -9` half way through {k:,} rows, then a rerun with the journal: rows run twice (no raw baseline)",
            resumed.ran_twice,
            None,
            "rows",
            f"every row exactly once in the result, ≤ max_concurrency ({es.KILL_CONCURRENCY}) rows run twice",
            once and 0 <= resumed.ran_twice <= es.KILL_CONCURRENCY,
            f"{resumed.journalled_at_kill:,} rows journalled when killed; the emulator wrote {resumed.runs:,} "
            f"execution logs for {k:,} rows; the result has {resumed.result_rows:,} rows, {resumed.distinct:,} "
            f"distinct keys, in data order: {'yes' if resumed.in_order else 'no'}, {resumed.ok:,} ok",
        )
    )
    return rows, per_round


def measure_uploads(settings: Settings) -> list[Row]:
    """Peak RSS growth of a 200 MB dataset upload against a 20 MB one, sync and async
    (``bench/upload_memory.py``): the target is memory independent of the file's size."""
    from root._upload import CHUNK_SIZE

    small_mb, big_mb = upload_memory.SIZES_MB
    rounds = min(settings.rounds, UPLOAD_ROUNDS)
    progress(f"uploads: {small_mb} MB and {big_mb} MB files, sync and async, {rounds} rounds of fresh processes")
    growths = {(g.mode, g.size_mb): g for g in upload_memory.measure(python_executable(), rounds=rounds)}
    allowed = 2 * CHUNK_SIZE + upload_memory.UPLOAD_TARGET_SLACK
    rows = []
    for mode, call in (("sync", "create"), ("async", "acreate")):
        big, small = growths[(mode, big_mb)], growths[(mode, small_mb)]
        rows.append(
            Row(
                f"peak RSS growth of a {big_mb} MB `datasets.{call}` ({mode}; no raw baseline)",
                big.median,
                None,
                "B",
                f"≤ the growth of a {small_mb} MB upload + 2 chunks ({2 * CHUNK_SIZE // 1024} KiB) "
                f"+ {upload_memory.UPLOAD_TARGET_SLACK // upload_memory.MIB} MiB",
                big.median - small.median <= allowed,
                f"{big.median / upload_memory.MIB:+.1f} MiB at {big_mb} MB, {small.median / upload_memory.MIB:+.1f} "
                f"MiB at {small_mb} MB, over the same process without the upload; rounds at {big_mb} MB: "
                + ", ".join(f"{g / upload_memory.MIB:+.1f}" for g in big.growths)
                + " MiB",
            )
        )
    return rows


METHOD: Final = """\
The emulator runs as its own process (`python -m root.emulator --port 0`, in-memory SQLite) and serves
every scenario of the run; our SDK and the raw baseline run in the benchmark process, one after the
other, in interleaved rounds (the side that goes first alternates), and the table shows the median round
of each. The raw baseline does the same HTTP work as the SDK: the same method, path, query and JSON
body, the `Authorization: Api-Key`, `Content-Type` and `Accept` headers, one `urllib3.PoolManager`
(sync) or one `aiohttp.ClientSession` whose connector has the SDK's default limit of {limit} connections
(async), a status check and `json.loads` of every response; listings use the SDK's page size
({page_size}) and follow the cursor of each page's `next` link. Each side builds its client or pool per
round and warms it up by running each of the round's operations once, untimed, so lazy imports and
connecting are not timed; the server's request log is checked after each phase, so retries would show.
Open connections are the server's ESTABLISHED sockets, sampled every 5 ms from `/proc/net/tcp` by a
separate process. {pinning} Start-up figures come from fresh `python -c` processes in an empty
directory, with bytecode caches (as an installed package has), {import_runs} runs of each command
interleaved after one warm-up run; wall time is measured around spawning and reaping the child; peak RSS
is the child's `ru_maxrss`, taken through a minimal launcher process; MB are 10^6 bytes. Upload memory is
the peak RSS (measured the same way) of a fresh process that uploads a tiny file and then the big one to a
sink server (a separate process that discards the body), less that of the same process uploading the tiny
file twice, in the same round ({upload_rounds} rounds, medians; `bench/upload_memory.py`). The `evaluate`
scenarios (`bench/evaluate_scenarios.py`) run {evaluate_rounds} interleaved rounds of the speed scenario against
a raw aiohttp loop with as many workers as `max_concurrency`; the memory scenario's growth is a fresh
process's `ru_maxrss` less its RSS (`/proc/self/statm`) just before the run; the kill scenario counts the
emulator's execution logs over the killed run and its rerun. Ratios compare
medians of the same run on the same server; absolute times depend on the machine and on whatever else it
runs."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run every scenario, print the table, write the report. Returns 0 even when targets are missed."""
    settings = parse_args(argv)
    python = python_executable()
    server_cpus, client_cpus, cpu_count = cpu_plan(settings.pin)
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = load_average()
    t0 = time.perf_counter()
    try:
        with EmulatorProcess(python, API_KEY, cpus=server_cpus) as server:
            set_affinity(0, client_cpus)
            progress(f"emulator at {server.url} (pid {server.pid})")
            ctx = hs.Context(server=server, builtin_id=hs.first_model_id(server), python=python)
            ctx.sampler_cpus = server_cpus
            rows: list[Row] = []
            per_round: list[tuple[str, list[float], list[float]]] = []
            start_up: StartupResult | None = None
            if not settings.only_evaluate:
                rows, per_round = measure_http(ctx, settings)
            evaluate_rows, evaluate_rounds = measure_evaluate(ctx, settings)
            rows += evaluate_rows
            per_round += evaluate_rounds
            if not settings.only_evaluate:
                start_up = measure_startup(ctx, settings)
        upload_rows = [] if settings.only_evaluate else measure_uploads(settings)
    except (BenchSetupError, RuntimeError, OSError) as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 1
    rows += ([] if start_up is None else start_up.rows) + upload_rows
    elapsed = time.perf_counter() - t0

    if server_cpus and client_cpus:
        pinning = (
            f"The emulator (and the connection sampler) is pinned to CPU {min(server_cpus)}, the benchmark "
            f"process and its children to CPU {min(client_cpus)}."
        )
    else:
        pinning = "Processes are not pinned to CPUs."
    command = "bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    facts = [
        ("Measured", f"{started:%Y-%m-%d %H:%M} UTC, `{command.strip()}`, {elapsed:.0f} s in all"),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("CPU", f"{cpu_model()}, {cpu_count} cores usable ({os.cpu_count()} in the machine)"),
        ("OS", f"{platform.system()} {platform.release()}"),
        (
            "Packages",
            ", ".join(f"{p} {package_version(p)}" for p in ("rootsignals-sdk", "urllib3", "aiohttp", "pydantic")),
        ),
        ("Rounds", f"{settings.rounds} per scenario, medians shown" + (" (quick run)" if settings.quick else "")),
        ("Load average (1 min)", f"{load_before} before, {load_average()} after"),
    ]
    method = METHOD.format(
        limit=hs.CONNECTION_LIMIT,
        page_size=hs.PAGE_SIZE,
        pinning=pinning,
        import_runs=settings.import_runs,
        upload_rounds=min(settings.rounds, UPLOAD_ROUNDS),
        evaluate_rounds=min(settings.rounds, EVALUATE_ROUNDS),
    ).replace("\n", " ")
    doc = Document(
        title="Benchmark results",
        facts=facts,
        rows=rows,
        method=method + "\n\nThis page is written by `make bench`; see {doc}`guides/benchmarks` for what the scenarios "
        "measure and how to read them.",
        sections=[
            ("Each round", _rounds_table(per_round)),
            *([] if start_up is None else [("Start-up", start_up.details), ("Import profile", start_up.profile)]),
            *([("Measured changes", CHANGES.read_text(encoding="utf-8"))] if CHANGES.exists() else []),
        ],
    )
    print(render_table(rows))
    print()
    print(render_summary(rows))
    if settings.output is not None:
        settings.output.parent.mkdir(parents=True, exist_ok=True)
        settings.output.write_text(render_document(doc), encoding="utf-8")
        progress(f"wrote {settings.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
