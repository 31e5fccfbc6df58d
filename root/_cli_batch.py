"""``rootsignals batch create|get|list|wait``: batch executions from a shell.

The conventions of the other commands (:mod:`root._cli_resources`): ``create`` prints the new batch's id
alone (so ``id=$(rootsignals batch create ...)`` works), ``get`` prints the fields (or JSON), ``list`` an
aligned table on a terminal and JSON lines otherwise, rows as they arrive. ``wait`` waits for the batch to
finish and prints it as ``get`` does; a wait that runs out of ``--wait-timeout`` exits with status 1, saying
the status last read. Only the standard library is imported until a command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from root._cli_common import (
    ID_WIDTH,
    client_from_options,
    dump,
    fit,
    json_line,
    print_fields,
    read_text,
    row,
    wants_json,
)

if TYPE_CHECKING:
    from root.client import RootSignals

__all__ = ["add_batch_commands"]

_STATUS_WIDTH = len("PROCESSING  ")
_COUNT_WIDTH = len("COMPLETED  ")


def add_batch_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``batch`` command to the top-level subparsers."""
    from root._cli_resources import _group

    text = "start, list, read and wait for batch executions (a judge or evaluators over many inputs)"
    leaf = _group(commands, common, "batch", text)

    create = leaf("create", _create, "Start a batch execution and print its id.")
    what = create.add_mutually_exclusive_group(required=True)
    what.add_argument("--judge", metavar="ID", help="the judge to run")
    what.add_argument(
        "--evaluator", action="append", dest="evaluators", metavar="ID", help="an evaluator to run; repeat for more"
    )
    over = create.add_mutually_exclusive_group(required=True)
    over.add_argument(
        "--inputs",
        metavar="FILE",
        help="a JSON file of up to 100 inputs ({'request': ..., 'response': ...}), as an array or one object "
        "per line; - reads standard input",
    )
    over.add_argument("--dataset-id", metavar="ID", help="run over the rows of this dataset instead")
    create.add_argument("--start", type=int, metavar="N", help="the dataset's first row to run over (from 0)")
    create.add_argument("--end", type=int, metavar="N", help="the dataset's last row to run over (included)")
    create.add_argument("--judge-version", metavar="ID", help="the version of the judge to run")
    create.add_argument("--tag", action="append", metavar="TAG", help="a tag for every run's log; repeat for more")
    create.add_argument("--project", metavar="ID", help="the project the batch belongs to")
    create.add_argument("--wait", action="store_true", help="wait for the batch to finish, then show it")
    _wait_options(create)
    create.add_argument("--json", action="store_true", help="with --wait: print JSON")

    get = leaf("get", _get, "Show a batch execution: its status, counts and items.")
    get.add_argument("id", metavar="ID")
    get.add_argument("--json", action="store_true", help="print JSON (the default when stdout is not a terminal)")

    listing = leaf("list", _list, "List batch executions, newest first.")
    listing.add_argument("--judge", metavar="ID", help="only the batches of this judge")
    listing.add_argument("--status", help="only the batches in this status (pending, processing, completed ...)")
    listing.add_argument("--project", metavar="ID", help="only the batches of this project")
    listing.add_argument("--limit", type=int, default=100, metavar="N", help="at most N batches (default: 100)")
    listing.add_argument("--json", action="store_true", help="print JSON (the default when stdout is not a terminal)")

    wait = leaf("wait", _wait, "Wait for a batch execution to finish, then show it (exit status 1 on timeout).")
    wait.add_argument("id", metavar="ID")
    _wait_options(wait)
    wait.add_argument("--json", action="store_true", help="print JSON (the default when stdout is not a terminal)")


def _wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait-timeout",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="wait at most this long for the batch to finish (default: 600; --timeout bounds each request)",
    )
    parser.add_argument(
        "--poll-interval", type=float, default=1.0, metavar="SECONDS", help="first pause between reads (default: 1)"
    )


def _read_inputs(path: str, parser: argparse.ArgumentParser) -> list[Any]:
    """The inputs of ``--inputs``: a JSON array, or one JSON object per line."""
    import json

    text = read_text(parser, "--inputs", path)
    try:
        stripped = text.strip()
        loaded = (
            json.loads(stripped)
            if stripped.startswith("[")
            else [json.loads(x) for x in text.splitlines() if x.strip()]
        )
    except ValueError as exc:
        parser.error(f"--inputs {path!r} is not a JSON array or JSON lines: {exc}")
    if not isinstance(loaded, list) or not all(isinstance(item, dict) for item in loaded):
        parser.error(f"--inputs {path!r} must hold JSON objects, one per input")
    return loaded


def _create(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if (args.start is not None or args.end is not None) and args.dataset_id is None:
        parser.error("--start and --end select rows of a dataset: give --dataset-id")
    if args.judge_version is not None and args.judge is None:
        parser.error("--judge-version goes with --judge")
    inputs = None if args.inputs is None else _read_inputs(args.inputs, parser)
    chosen = None if args.start is None and args.end is None else {"start": args.start, "end": args.end}
    with client_from_options(args, parser) as client:
        started = client.batch_executions.create(
            judge_id=args.judge,
            evaluator_ids=args.evaluators,
            inputs=inputs,
            dataset_id=args.dataset_id,
            range=chosen,
            judge_version_id=args.judge_version,
            tags=args.tag,
            project_id=args.project,
        )
        if not args.wait:
            print(started.batch_execution_id, flush=True)
            return 0
        print(started.batch_execution_id, file=sys.stderr, flush=True)
        return _show_waited(client, started.batch_execution_id, args)


def _get(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        _show(dump(client.batch_executions.get(args.id)), args)
    return 0


def _wait(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        return _show_waited(client, args.id, args)


def _show_waited(client: RootSignals, batch_id: str, args: argparse.Namespace) -> int:
    finished = client.batch_executions.wait(batch_id, timeout=args.wait_timeout, poll_interval=args.poll_interval)
    _show(dump(finished), args)
    return 0


def _show(data: dict[str, Any], args: argparse.Namespace) -> None:
    if wants_json(args):
        json_line(data, sys.stdout)
        return
    items = data.pop("items", None) or []
    print_fields(data)
    if items:
        widths = (len("INDEX  "), _STATUS_WIDTH)
        sys.stdout.write("\n" + row(("INDEX", "STATUS", "SCORES"), widths))
        for item in items:
            scores = ", ".join(
                f"{r.get('evaluator_name')} {'-' if r.get('score') is None else format(r['score'], '.2f')}"
                for r in item.get("evaluator_results") or []
            )
            sys.stdout.write(
                row((str(item["index"]), str(item["status"]), scores or item.get("error_message") or "-"), widths)
            )


def _list(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    out = sys.stdout
    as_json = wants_json(args)
    widths = (ID_WIDTH, _STATUS_WIDTH, _COUNT_WIDTH, _COUNT_WIDTH, _COUNT_WIDTH)
    with client_from_options(args, parser) as client:
        batches = client.batch_executions.list(
            judge_id=args.judge, status=args.status, project_id=args.project, limit=args.limit
        )
        if not as_json:
            out.write(row(("ID", "STATUS", "TOTAL", "COMPLETED", "FAILED", "JUDGE"), widths))
            out.flush()
        for batch in batches:
            data = dump(batch)
            if as_json:
                json_line(data, out)
            else:
                judge = (data.get("judge") or {}).get("name") or "-"
                counts = (str(data["total_count"]), str(data["completed_count"]), str(data["failed_count"]))
                out.write(row((str(data["batch_execution_id"]), str(data["status"]), *counts, fit(judge, 40)), widths))
            out.flush()  # each row as it arrives
    return 0
