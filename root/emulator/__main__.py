"""Command line: ``python -m root.emulator [options]``; ``--help`` lists them.

Once listening it prints one line, ``Root Signals emulator listening on http://HOST:PORT``, and serves
until SIGINT or SIGTERM, then exits with status 0. Without the ``emulator`` extra it says what to install
and exits with status 2.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

from root.emulator._extra import MissingExtraError
from root.emulator.contract import extra_missing
from root.emulator.faults import FaultConfig
from root.emulator.server import serve
from root.emulator.settings import Settings

# The CLI's own exit status for a missing extra; a traceback would hide the one line that matters.
EXIT_MISSING_EXTRA = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m root.emulator",
        description=(
            "Serve a local emulator of the Root Signals API (models, objectives, datasets and their items, "
            "files, execution logs, evaluators, judges, projects, annotations, score configs, calibration runs, "
            "batch executions, traces and evaluation filters)."
        ),
        epilog=(
            "Runtime controls are served under /_emulator/ (faults, config, reset, requests, state, verdicts, "
            "execution-logs, traces, claim-tokens), to requests a web page cannot forge: with --api-key, one of "
            "the keys; without, no foreign Origin and Content-Type: application/json on POST. Listening beyond "
            "loopback warns."
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="HOST",
        help="interface to listen on; beyond loopback (0.0.0.0) it warns (default: %(default)s)",
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
    parser.add_argument("--spec", metavar="PATH", help="the OpenAPI document to follow (default: the shipped one)")
    for setting in dataclasses.fields(Settings):
        parser.add_argument(
            "--" + setting.name.replace("_", "-"), dest=setting.name, default=setting.default, **setting.metadata
        )
    parser.add_argument("--seed", type=int, metavar="N", help="seed for --fail-fraction")
    parser.add_argument("--access-log", action="store_true", help="log each request to stderr")

    faults = parser.add_argument_group("faults", "Disturb matching requests (see root.emulator.faults).")
    for key in FaultConfig.fault_keys():
        cli = key.metadata["cli"]
        if cli is not None:
            options = {k: v for k, v in cli.items() if k != "flag"}
            faults.add_argument(cli["flag"], dest=f"fault_{key.name}", **options)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the emulator until SIGINT or SIGTERM; returns the exit status."""
    if extra_missing():
        print(MissingExtraError(), file=sys.stderr)
        return EXIT_MISSING_EXTRA

    parser = _parser()
    args = parser.parse_args(argv)
    keys: dict[str, Any] = {}
    for key in FaultConfig.fault_keys():
        value = getattr(args, f"fault_{key.name}", None)
        if value is not None and value is not False:
            keys[key.name] = value
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
                seed=args.seed,
                faults=faults,
                spec=args.spec,
                **{name: getattr(args, name) for name in Settings.names()},
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
