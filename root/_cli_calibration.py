"""``rootsignals calibration-runs create|list|get|items|wait``: calibration runs from a shell.

The conventions of the other commands (:mod:`root._cli_resources`): ``create`` prints the new run's id
alone (so ``id=$(rootsignals calibration-runs create ...)`` works), ``get`` prints the fields (or JSON),
``list`` and ``items`` an aligned table on a terminal and JSON lines otherwise, rows as they arrive.
``wait`` waits for the run to finish and prints it as ``get`` does; a wait that runs out of
``--wait-timeout`` exits with status 1, saying the status last read. Only the standard library is
imported until a command runs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from root._cli_common import ID_WIDTH, client_from_options, dump, fit, json_line, print_fields, row, wants_json

if TYPE_CHECKING:
    from root.client import RootSignals

__all__ = ["add_calibration_commands"]

_STATUS_WIDTH = len("COMPLETED  ")
_NUMBER_WIDTH = len("EVALUATOR  ")


def add_calibration_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``calibration-runs`` command to the top-level subparsers."""
    from root._cli_resources import _group

    text = "measure evaluators against human labels: start, list, read and wait for calibration runs"
    leaf = _group(commands, common, "calibration-runs", text)
    as_json = "print JSON (the default when stdout is not a terminal)"

    create = leaf("create", _create, "Start a calibration run and print its id.")
    create.add_argument("--evaluator", required=True, metavar="ID", help="the saved evaluator to measure")
    create.add_argument("--dataset", required=True, metavar="ID", help="the labelled dataset to measure it on")
    create.add_argument("--score-config", metavar="ID", help="the score config whose annotations count")
    create.add_argument("--evaluator-version", metavar="ID", help="the version of the evaluator to measure")
    create.add_argument("--wait", action="store_true", help="wait for the run to finish, then show it")
    _wait_options(create)
    create.add_argument("--json", action="store_true", help="with --wait: print JSON")

    listing = leaf("list", _list, "List calibration runs, newest first.")
    listing.add_argument("--evaluator", metavar="ID", help="only the runs of this evaluator")
    listing.add_argument("--limit", type=int, default=100, metavar="N", help="at most N runs (default: 100)")
    listing.add_argument("--json", action="store_true", help=as_json)

    get = leaf("get", _get, "Show a calibration run: its status and, once completed, its metrics.")
    get.add_argument("id", metavar="ID")
    get.add_argument("--json", action="store_true", help=as_json)

    items = leaf("items", _items, "List what a calibration run measured, largest disagreement first.")
    items.add_argument("id", metavar="ID")
    items.add_argument("--limit", type=int, default=100, metavar="N", help="at most N items (default: 100)")
    items.add_argument("--json", action="store_true", help=as_json)

    wait = leaf("wait", _wait, "Wait for a calibration run to finish, then show it (exit status 1 on timeout).")
    wait.add_argument("id", metavar="ID")
    _wait_options(wait)
    wait.add_argument("--json", action="store_true", help=as_json)


def _wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait-timeout",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="wait at most this long for the run to finish (default: 600; --timeout bounds each request)",
    )
    parser.add_argument(
        "--poll-interval", type=float, default=1.0, metavar="SECONDS", help="first pause between reads (default: 1)"
    )


def _create(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        run = client.calibration_runs.create(
            evaluator_id=args.evaluator,
            dataset_id=args.dataset,
            score_config_id=args.score_config,
            evaluator_version_id=args.evaluator_version,
        )
        if not args.wait:
            print(run.id, flush=True)
            return 0
        print(run.id, file=sys.stderr, flush=True)
        return _show_waited(client, run.id, args)


def _get(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        _show(dump(client.calibration_runs.get(args.id)), args)
    return 0


def _wait(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        return _show_waited(client, args.id, args)


def _show_waited(client: RootSignals, run_id: str, args: argparse.Namespace) -> int:
    finished = client.calibration_runs.wait(run_id, timeout=args.wait_timeout, poll_interval=args.poll_interval)
    _show(dump(finished), args)
    return 0


def _show(data: dict[str, Any], args: argparse.Namespace) -> None:
    if wants_json(args):
        json_line(data, sys.stdout)
        return
    print_fields(data)


def _number(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


def _list(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    out = sys.stdout
    as_json = wants_json(args)
    widths = (ID_WIDTH, _STATUS_WIDTH, _NUMBER_WIDTH)
    with client_from_options(args, parser) as client:
        runs = client.calibration_runs.list(evaluator_id=args.evaluator, limit=args.limit)
        if not as_json:
            out.write(row(("ID", "STATUS", "EXAMPLES", "EVALUATOR"), widths))
            out.flush()
        for run in runs:
            data = dump(run)
            if as_json:
                json_line(data, out)
            else:
                shown = (str(data["id"]), str(data["status"]), str(data["n_examples"]))
                out.write(row((*shown, str(data["evaluator_external_id"] or "-")), widths))
            out.flush()  # each row as it arrives
    return 0


def _items(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    out = sys.stdout
    as_json = wants_json(args)
    widths = (_NUMBER_WIDTH, _NUMBER_WIDTH, _NUMBER_WIDTH)
    with client_from_options(args, parser) as client:
        items = client.calibration_runs.list_items(args.id, limit=args.limit)
        if not as_json:
            out.write(row(("DISAGREE", "EVALUATOR", "HUMAN", "RESPONSE"), widths))
            out.flush()
        for item in items:
            data = dump(item)
            if as_json:
                json_line(data, out)
            else:
                numbers = [_number(data[k]) for k in ("disagreement", "evaluator_score", "human_value")]
                out.write(row((*numbers, fit(" ".join(str(data["response"]).split()), 60)), widths))
            out.flush()
    return 0
