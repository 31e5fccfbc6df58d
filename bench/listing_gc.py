"""Where a long listing's time goes: the garbage collector's share, for the SDK and for raw urllib3.

``make bench`` compares iterating 10,000 models through ``client.models.list`` with raw urllib3 and
``json.loads``. This script explains that ratio: it runs both against the same emulator process, keeps
every item (as a caller that builds a list does), and times the collector through ``gc.callbacks``. It
changes no collector setting: it only watches.

Run: ``.venv/bin/python bench/listing_gc.py [--n 10000] [--rounds 5]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import http_scenarios as hs
import urllib3
from emulator_process import EmulatorProcess, python_executable

API_KEY = "bench-api-key"


class CollectorClock:
    """Time spent in collections, and how many of each generation, while active."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.counts = [0, 0, 0]
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            self.counts[info["generation"]] += 1
        else:
            self.seconds += time.perf_counter() - self._started


def measure(iterate: Callable[[], list[Any]]) -> tuple[float, float, list[int], int]:
    """Wall seconds, seconds in the collector, collections per generation, items."""
    clock = CollectorClock()
    gc.callbacks.append(clock)
    try:
        started = time.perf_counter()
        items = iterate()
        wall = time.perf_counter() - started
    finally:
        gc.callbacks.remove(clock)
    return wall, clock.seconds, clock.counts, len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="models to list (default 10000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each side (default 5)")
    args = parser.parse_args()
    with EmulatorProcess(python_executable(), API_KEY) as server:
        ctx = hs.Context(server=server, builtin_id=hs.first_model_id(server), python=python_executable())
        hs.seed(ctx, args.n, "gc")
        client = ctx.client()
        pool = urllib3.PoolManager()

        def ours() -> list[Any]:
            return list(client.models.list(limit=args.n))

        def raw() -> list[Any]:
            items: list[Any] = []
            url: str | None = f"{ctx.list_url()}?page_size={hs.PAGE_SIZE}"
            while url and len(items) < args.n:
                page = json.loads(pool.request("GET", url, headers=ctx.headers).data)
                items.extend(page["results"])
                url = page["next"]
            return items[: args.n]

        ours(), raw()  # warm-up
        results: dict[str, list[tuple[float, float, list[int], int]]] = {"ours": [], "raw": []}
        for _ in range(args.rounds):
            results["ours"].append(measure(ours))
            results["raw"].append(measure(raw))
        client.close()
        pool.clear()
    print("| side | wall (median) | in the collector | collections gen0/1/2 | items |")
    print("|---|---:|---:|---|---:|")
    for side, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        in_gc = statistics.median(r[1] for r in runs)
        counts = "/".join(str(int(statistics.median(r[2][g] for r in runs))) for g in range(3))
        print(f"| {side} | {wall * 1e3:.0f} ms | {in_gc * 1e3:.0f} ms ({in_gc / wall:.0%}) | {counts} | {runs[0][3]} |")
    ours_wall = statistics.median(r[0] for r in results["ours"])
    raw_wall = statistics.median(r[0] for r in results["raw"])
    ours_rest = ours_wall - statistics.median(r[1] for r in results["ours"])
    raw_rest = raw_wall - statistics.median(r[1] for r in results["raw"])
    print(f"\nours/raw: {ours_wall / raw_wall:.2f}x in all, {ours_rest / raw_rest:.2f}x outside the collector")


if __name__ == "__main__":
    main()
