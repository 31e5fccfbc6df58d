"""Command line: ``python -m root.emulator [options]``; ``--help`` lists them.

Once listening it prints one line, ``Root Signals emulator listening on http://HOST:PORT``, and serves
until SIGINT or SIGTERM, then exits with status 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

from root.emulator.app import NEXT_STYLES
from root.emulator.faults import DROP_MODES, FaultConfig
from root.emulator.server import serve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m root.emulator",
        description="Serve a local emulator of the Root Signals Models API.",
        epilog="Runtime controls are served under /_emulator/ (faults, config, reset, requests, state).",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", metavar="HOST", help="interface to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=8000, metavar="PORT", help="port; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument(
        "--db", default=":memory:", metavar="PATH", help="SQLite file to keep models in (default: in memory)"
    )
    parser.add_argument(
        "--api-key",
        action="append",
        default=[],
        dest="api_keys",
        metavar="KEY",
        help="an accepted API key; repeat for more (default: any non-empty key)",
    )
    parser.add_argument(
        "--max-page-size", type=int, default=1000, metavar="N", help="largest page_size (default: %(default)s)"
    )
    parser.add_argument("--public-url", metavar="URL", help="base of next/previous URLs (default: each request's own)")
    parser.add_argument(
        "--next-style", choices=NEXT_STYLES, default="url", help="next/previous as URLs or bare cursors"
    )
    parser.add_argument("--seed", type=int, metavar="N", help="seed for --fail-fraction")
    parser.add_argument("--access-log", action="store_true", help="log each request to stderr")

    faults = parser.add_argument_group("faults", "Disturb matching requests (see root.emulator.faults).")
    faults.add_argument("--fail-status", type=int, dest="status", metavar="S", help="answer with status S")
    faults.add_argument("--fail-first", type=int, dest="first", metavar="N", help="only the first N requests")
    faults.add_argument("--fail-fraction", type=float, dest="fraction", metavar="F", help="a fraction F of them")
    faults.add_argument("--retry-after", metavar="V", help="Retry-After with --fail-status (seconds or date)")
    faults.add_argument("--fail-detail", dest="detail", metavar="TEXT", help="detail with --fail-status")
    faults.add_argument("--delay", type=float, metavar="SECONDS", help="wait before answering")
    faults.add_argument("--hang", action="store_true", help="never answer")
    faults.add_argument("--drop", choices=DROP_MODES, help="close the connection before/after acting, or mid-body")
    faults.add_argument("--fault-methods", dest="methods", metavar="M,M", help="only these methods (POST,GET)")
    faults.add_argument("--fault-path-prefix", dest="path_prefix", metavar="PATH", help="only paths under PATH")
    return parser


_FAULT_ARGS = ("status", "first", "fraction", "retry_after", "detail", "delay", "drop", "methods", "path_prefix")


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the emulator until SIGINT or SIGTERM; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    keys: dict[str, Any] = {k: getattr(args, k) for k in _FAULT_ARGS if getattr(args, k) is not None}
    if args.hang:
        keys["hang"] = True
    faults = None
    if keys:
        try:
            faults = FaultConfig.from_mapping(keys)
        except ValueError as exc:
            parser.error(str(exc))

    if args.access_log:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")

    def ready(url: str) -> None:
        print(f"Root Signals emulator listening on {url}", flush=True)

    try:
        asyncio.run(
            serve(
                host=args.host,
                port=args.port,
                access_log=args.access_log,
                ready=ready,
                db=args.db,
                api_keys=args.api_keys,
                max_page_size=args.max_page_size,
                public_url=args.public_url,
                next_style=args.next_style,
                seed=args.seed,
                faults=faults,
            )
        )
    except KeyboardInterrupt:
        pass
    except (OSError, ValueError, sqlite3.Error) as exc:
        print(f"emulator: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
