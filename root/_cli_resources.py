"""``rootsignals evaluators|objectives|datasets|execution-logs|judges``: the sub-APIs beyond models.

The same conventions as ``rootsignals models``: a listing prints an aligned table on a terminal and one
JSON object per line otherwise, rows as they arrive; ``get`` prints the fields (or JSON); ``create``
prints the new id alone; ``delete`` asks first on a terminal and needs ``--yes`` otherwise. Each command
is declared once below, with the one SDK call it makes; the handlers are shared.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from root._cli_common import (
    ID_WIDTH,
    Handler,
    client_from_options,
    confirmed,
    dump,
    fit,
    json_line,
    print_fields,
    read_stdin,
    row,
    wants_json,
)
from root._cli_multiturn import add_conversation_options, conversation

if TYPE_CHECKING:
    from root.client import RootSignals

__all__ = ["add_resource_commands"]

Leaf = Callable[[str, Handler, str], argparse.ArgumentParser]


def add_resource_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``evaluators``, ``objectives``, ``datasets``, ``execution-logs`` and ``judges`` commands to the
    top-level subparsers."""
    _evaluators(_group(commands, common, "evaluators", "list, get, create, delete, run and calibrate evaluators"))
    _objectives(_group(commands, common, "objectives", "list, get, create, update and delete objectives"))
    _datasets(_group(commands, common, "datasets", "list, get, upload and delete datasets"))
    _execution_logs(_group(commands, common, "execution-logs", "list and read the logs that runs leave"))
    _judges(_group(commands, common, "judges", "list, get, create, generate and run judges"))


def _group(commands: Any, common: argparse.ArgumentParser, name: str, help_text: str) -> Leaf:
    group = commands.add_parser(name, help=help_text, description=help_text, allow_abbrev=False)
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    def leaf(action: str, handler: Handler, text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(
            action, help=text, description=text, parents=[common], allow_abbrev=False
        )
        sub.set_defaults(handler=handler, parser=sub)
        return sub

    return leaf


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON (the default when stdout is not a terminal)")


def _limit_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--limit", type=int, default=100, metavar="N", help=f"at most N {what} (default: 100)")


def _delete_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID")
    parser.add_argument(
        "-y", "--yes", action="store_true", help="do not ask; required when standard input is not a terminal"
    )


# -- declarations ----------------------------------------------------------------------------------------


def _objectives(leaf: Leaf) -> None:
    listing = leaf(
        "list",
        _listing(lambda c, a: c.objectives.list(intent=a.intent, limit=a.limit), "intent"),
        "List objectives, newest first.",
    )
    listing.add_argument("--intent", metavar="TEXT", help="only objectives whose intent is exactly TEXT")
    _limit_option(listing, "objectives")
    _json_option(listing)

    get = leaf("get", _showing(lambda c, a: c.objectives.get(a.id)), "Show one objective.")
    get.add_argument("id", metavar="ID")
    _json_option(get)

    create = leaf(
        "create",
        _creating(lambda c, a: c.objectives.create(intent=a.intent, test_dataset_id=a.test_dataset_id)),
        "Create an objective and print its id.",
    )
    create.add_argument("--intent", required=True, metavar="TEXT", help="what the objective is for")
    create.add_argument("--test-dataset-id", metavar="ID", help="a dataset to test it on")

    update = leaf("update", _showing(_update_objective), "Change the given fields of an objective, and show it.")
    update.add_argument("id", metavar="ID")
    update.add_argument("--intent", metavar="TEXT", help="a new intent")
    datasets = update.add_mutually_exclusive_group()
    datasets.add_argument("--test-dataset-id", metavar="ID", help="a new test dataset")
    datasets.add_argument("--clear-test-dataset-id", action="store_true", help="remove the test dataset")
    _json_option(update)

    versions = leaf(
        "versions",
        _listing(lambda c, a: iter(c.objectives.versions.list(a.id).results), "intent"),
        "List every version of an objective.",
    )
    versions.add_argument("id", metavar="ID")
    _json_option(versions)

    delete = leaf(
        "delete",
        _deleting("objective", lambda c, a: c.objectives.delete(a.id)),
        "Delete an objective (asks first on a terminal).",
    )
    _delete_options(delete)


def _update_objective(client: RootSignals, args: argparse.Namespace) -> Any:
    changes: dict[str, Any] = {}
    if args.intent is not None:
        changes["intent"] = args.intent
    if args.test_dataset_id is not None:
        changes["test_dataset_id"] = args.test_dataset_id
    if args.clear_test_dataset_id:
        changes["test_dataset_id"] = None
    if not changes:
        args.parser.error("nothing to change: give at least one field option")
    return client.objectives.update(args.id, **changes)


def _evaluators(leaf: Leaf) -> None:
    def evaluators(client: RootSignals, args: argparse.Namespace) -> Iterable[Any]:
        return client.evaluators.list(args.search, limit=args.limit, only_root_evaluators=args.root)

    listing = leaf("list", _listing(evaluators, "name"), "List evaluators, the service's presets among them.")
    listing.add_argument("search", nargs="?", metavar="TEXT", help="only evaluators that match TEXT")
    listing.add_argument("--root", action="store_true", help="only the service's preset (root) evaluators")
    _limit_option(listing, "evaluators")
    _json_option(listing)

    get = leaf("get", _showing(lambda c, a: c.evaluators.get(a.id)), "Show one evaluator.")
    get.add_argument("id", metavar="ID")
    _json_option(get)

    def create_evaluator(client: RootSignals, args: argparse.Namespace) -> Any:
        return client.evaluators.create(
            args.predicate, name=args.name, intent=args.intent, model=args.model, overwrite=args.overwrite
        )

    create = leaf("create", _creating(create_evaluator), "Create an evaluator and print its id.")
    create.add_argument("--name", required=True, help="the evaluator's name")
    create.add_argument(
        "--predicate", required=True, metavar="TEXT", help="what to judge, with {{request}} / {{response}} placeholders"
    )
    create.add_argument("--intent", metavar="TEXT", help="what the evaluator is for")
    create.add_argument("--model", metavar="NAME", help="the model to run it on")
    create.add_argument("--overwrite", action="store_true", help="replace an evaluator of the same name")

    delete = leaf(
        "delete",
        _deleting("evaluator", lambda c, a: c.evaluators.delete(a.id)),
        "Delete an evaluator (asks first on a terminal).",
    )
    _delete_options(delete)

    calibrate = leaf(
        "calibrate",
        _calibrating,
        "Run an evaluator over test rows and show its score next to the expected one, row by row.",
    )
    calibrate.add_argument("id", metavar="ID", help="the evaluator to calibrate")
    rows = calibrate.add_mutually_exclusive_group(required=True)
    rows.add_argument("--dataset-id", metavar="ID", help="a dataset of test rows, uploaded with datasets create")
    rows.add_argument(
        "--data", metavar="FILE", help="a CSV file of test rows: expected score, request, response[, contexts...]"
    )
    calibrate.add_argument("--has-header", action="store_true", help="the file's first line is a header, not a row")
    _json_option(calibrate)

    run = leaf(
        "run",
        _running,
        "Run an evaluator on the response read from standard input (or on a conversation, --turns) and print "
        "its score (--json: the whole result).",
    )
    which = run.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", metavar="ID", help="the evaluator to run")
    which.add_argument("--name", metavar="NAME", help="run the evaluator of this name instead (a preset's too)")
    run.add_argument("--request", metavar="TEXT", help="the prompt the response answers")
    run.add_argument("--context", action="append", metavar="TEXT", help="a context document; repeat for more")
    run.add_argument("--expected-output", metavar="TEXT", help="the output expected")
    run.add_argument("--tag", action="append", metavar="TAG", help="a tag for the execution log; repeat for more")
    add_conversation_options(run)
    run.add_argument("--json", action="store_true", help="print the whole result as JSON, not only the score")


def _calibrating(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.has_header and args.data is None:
        parser.error("--has-header goes with --data; a dataset says so when it is uploaded (datasets create)")
    test_data = None if args.data is None else _test_rows(args.data, args.has_header, parser)
    with client_from_options(args, parser) as client:
        rows = client.evaluators.calibrate_existing(args.id, test_dataset_id=args.dataset_id, test_data=test_data)
    as_json = wants_json(args)
    widths = (len("ROW  "), len("EXPECTED  "), len("SCORE  "))
    if not as_json:
        sys.stdout.write(row(("ROW", "EXPECTED", "SCORE", "EXECUTION LOG"), widths))
    for calibrated in rows:
        data = dump(calibrated)
        if as_json:
            json_line(data, sys.stdout)
            continue
        result = data["result"]
        score = "-" if result.get("score") is None else f"{result['score']:.2f}"
        cells = (str(data["row_number"]), f"{result['expected_score']:.2f}", score, str(result["execution_log_id"]))
        sys.stdout.write(row(cells, widths))
    return 0


def _test_rows(path: str, has_header: bool, parser: argparse.ArgumentParser) -> list[list[str]]:
    """The calibration rows of a CSV file: ``expected score, request, response[, contexts...]`` each."""
    import csv

    try:
        with open(path, encoding="utf-8", newline="") as file:
            rows = [line for line in csv.reader(file) if line]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        parser.error(f"--data {path!r} cannot be read as CSV: {exc}")
    rows = rows[1:] if has_header else rows
    if not rows:
        parser.error(f"--data {path!r} has no rows")
    return rows


def _running(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    talk = conversation(args, parser)
    response = None
    if "turns" not in talk:
        # A conversation carries its own response; a single run reads it from standard input.
        response = read_stdin(parser, "the response to evaluate")
        if not response.strip():
            parser.error("standard input gave no response to evaluate")
        response = response.rstrip("\r\n")
    inputs: dict[str, Any] = {
        "request": args.request,
        "response": response,
        "contexts": args.context,
        "expected_output": args.expected_output,
        "tags": args.tag,
        **talk,
    }
    with client_from_options(args, parser) as client:
        if args.name is not None:
            result = client.evaluators.run_by_name(args.name, **inputs)
        else:
            result = client.evaluators.run(args.id, **inputs)
    if args.json:
        json_line(dump(result), sys.stdout)
    else:
        print(result.score, flush=True)
    return 0


def _datasets(leaf: Leaf) -> None:
    listing = leaf(
        "list",
        _listing(lambda c, a: c.datasets.list(a.search, limit=a.limit), "name", "created_at"),
        "List datasets, newest first.",
    )
    listing.add_argument("search", nargs="?", metavar="TEXT", help="only datasets that match TEXT")
    _limit_option(listing, "datasets")
    _json_option(listing)

    get = leaf("get", _showing(lambda c, a: c.datasets.get(a.id)), "Show one dataset.")
    get.add_argument("id", metavar="ID")
    _json_option(get)

    create = leaf(
        "create",
        _creating(lambda c, a: c.datasets.create(name=a.name, path=a.path, has_header=a.has_header).id),
        "Upload a CSV file as a dataset and print its id.",
    )
    create.add_argument("--name", required=True, help="the dataset's name")
    create.add_argument("--path", required=True, metavar="FILE", help="the CSV file to upload")
    create.add_argument(
        "--type", default=None, help="accepted and not sent: the service has no data set types any more"
    )
    create.add_argument(
        "--has-header", action="store_true", help="the file's first line names the columns; it is not a row"
    )

    delete = leaf(
        "delete",
        _deleting("dataset", lambda c, a: c.datasets.delete(a.id)),
        "Delete a dataset (asks first on a terminal).",
    )
    _delete_options(delete)


def _execution_logs(leaf: Leaf) -> None:
    def logs(client: RootSignals, args: argparse.Namespace) -> Iterable[Any]:
        return client.execution_logs.list(
            limit=args.limit, search_term=args.search, tags=args.tag, include=args.include
        )

    listing = leaf("list", _listing(logs, "executed_item_name", "score"), "List execution logs, newest first.")
    listing.add_argument("--search", metavar="TEXT", help="only logs that match TEXT (an evaluator's id or name)")
    listing.add_argument("--tag", action="append", metavar="TAG", help="only logs with this tag; repeat for more")
    listing.add_argument("--include", action="append", metavar="FIELD", help="include this field in each log")
    _limit_option(listing, "logs")
    _json_option(listing)

    get = leaf("get", _showing(lambda c, a: c.execution_logs.get(log_id=a.id)), "Show one execution log.")
    get.add_argument("id", metavar="ID")
    _json_option(get)


def _judges(leaf: Leaf) -> None:
    listing = leaf(
        "list", _listing(lambda c, a: c.judges.list(limit=a.limit, name=a.name), "name"), "List the judges you can use."
    )
    listing.add_argument("--name", metavar="NAME", help="only the judges with exactly this name")
    _limit_option(listing, "judges")
    _json_option(listing)

    get = leaf("get", _showing(lambda c, a: c.judges.get(a.id)), "Show one judge, with its evaluators.")
    get.add_argument("id", metavar="ID")
    _json_option(get)

    generate = leaf(
        "generate", _creating(_generate_judge), "Generate a judge from what it should check, and print its id."
    )
    generate.add_argument("--intent", required=True, metavar="TEXT", help="what the judge should check")
    generate.add_argument("--stage", metavar="TEXT", help="the stage of the application to judge")
    generate.add_argument(
        "--context",
        action="append",
        metavar="KEY=VALUE",
        help="more about the application (extra_contexts), e.g. domain=retail; repeat for more",
    )
    generate.add_argument("--public", action="store_true", help="visible to everyone, not only your organization")
    generate.add_argument(
        "--strict", action="store_true", help="fail (exit status 1) rather than guess when the intent is ambiguous"
    )

    create = leaf("create", _creating(_create_judge), "Create a judge from evaluators you choose, and print its id.")
    create.add_argument("--name", required=True, help="the judge's name")
    create.add_argument("--intent", required=True, metavar="TEXT", help="what the judge checks")
    create.add_argument(
        "--evaluator",
        action="append",
        required=True,
        dest="evaluators",
        metavar="ID",
        help="an evaluator of the judge (yours or a preset's id); repeat for more",
    )
    create.add_argument("--stage", metavar="TEXT", help="the stage of the application the judge checks")

    run = leaf(
        "run",
        _run_judge,
        "Run a judge on one response (or a conversation, --turns): a table of each evaluator's score and "
        "justification on a terminal, else the whole result as one JSON line.",
    )
    judge = run.add_mutually_exclusive_group(required=True)
    judge.add_argument("id", nargs="?", metavar="ID", help="the judge to run")
    judge.add_argument("--name", metavar="NAME", help="run the judge with this name instead")
    run.add_argument("--response", metavar="TEXT", help="the LLM output to evaluate (needed without --turns)")
    run.add_argument("--request", metavar="TEXT", help="the prompt sent to the LLM")
    run.add_argument(
        "--context", action="append", dest="contexts", metavar="TEXT", help="a document for RAG evaluators; repeat"
    )
    run.add_argument("--expected-output", metavar="TEXT", help="the output expected")
    run.add_argument("--tag", action="append", metavar="TAG", help="a tag for the run's log; repeat for more")
    add_conversation_options(run)
    _json_option(run)


def _generate_judge(client: RootSignals, args: argparse.Namespace) -> Any:
    contexts: dict[str, str | None] = {}
    for pair in args.context or ():
        key, sep, value = pair.partition("=")
        if not sep or not key:
            args.parser.error(f"--context takes KEY=VALUE, not {pair!r}")
        contexts[key] = value
    generated = client.judges.generate(
        intent=args.intent,
        visibility="public" if args.public else "unlisted",
        stage=args.stage,
        extra_contexts=contexts or None,
        strict=args.strict,
    )
    if generated.error_code is not None:
        from root.errors import RootSignalsError

        needs = generated.stages or generated.missing_context_from_system_goal
        raise RootSignalsError(
            f"the judge was not generated: {generated.error_code}" + (f" ({needs})" if needs else "")
        )
    return generated.judge_id


def _create_judge(client: RootSignals, args: argparse.Namespace) -> Any:
    references = [{"id": evaluator} for evaluator in args.evaluators]
    return client.judges.create(
        name=args.name, intent=args.intent, evaluator_references=references, stage=args.stage
    ).id


_SCORE_WIDTH = len("SCORE  ")


def _run_judge(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    talk = conversation(args, parser)
    if args.response is None and "turns" not in talk:
        parser.error("give the response to evaluate (--response) or a conversation (--turns)")
    with client_from_options(args, parser) as client:
        data = dump(_judge_result(client, args, talk))
    if wants_json(args):
        json_line(data, sys.stdout)
        return 0
    import shutil

    widths = (_COLUMN_WIDTH, _SCORE_WIDTH)
    room = max(20, shutil.get_terminal_size().columns - sum(widths) - 4)
    sys.stdout.write(row(("EVALUATOR", "SCORE", "JUSTIFICATION"), widths))
    for result in data["evaluator_results"]:
        score = "-" if result.get("score") is None else f"{result['score']:.2f}"
        justification = " ".join(str(result.get("justification") or "-").split())
        sys.stdout.write(row((fit(result["evaluator_name"], _COLUMN_WIDTH), score, fit(justification, room)), widths))
    sys.stdout.write(f"execution log: {data.get('execution_log_id') or '-'}\n")
    return 0


def _judge_result(client: RootSignals, args: argparse.Namespace, talk: dict[str, Any]) -> Any:
    given = {
        "response": args.response,
        "request": args.request,
        "contexts": args.contexts,
        "expected_output": args.expected_output,
        "tags": args.tag,
        **talk,
    }
    if args.name is not None:
        return client.judges.run_by_name(args.name, **given)
    return client.judges.run(args.id, **given)


# -- the handlers the declarations build -----------------------------------------------------------------


_COLUMN_WIDTH = 32
"""The width of a listing's middle columns; a longer value is cut with an ellipsis, the last column is not."""


def _listing(fetch: Callable[[RootSignals, argparse.Namespace], Iterable[Any]], *columns: str) -> Handler:
    """A listing handler: the id, then ``columns`` of each item, aligned, as rows arrive (JSON lines in a pipe)."""
    widths = (ID_WIDTH, *(max(_COLUMN_WIDTH, len(c)) for c in columns[:-1]))

    def handler(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        out = sys.stdout
        as_json = wants_json(args)
        with client_from_options(args, parser) as client:
            items = fetch(client, args)
            if not as_json:
                out.write(row(("ID", *(c.upper() for c in columns)), widths))
                out.flush()
            for item in items:
                data = dump(item)
                if as_json:
                    json_line(data, out)
                else:
                    values = ["-" if data.get(c) is None else str(data.get(c)) for c in columns]
                    middle = [fit(value, width) for value, width in zip(values[:-1], widths[1:], strict=True)]
                    out.write(row([str(data.get("id")), *middle, values[-1]], widths))
                out.flush()  # each row as it arrives; pages are fetched as the iteration needs them
        return 0

    return handler


def _showing(fetch: Callable[[RootSignals, argparse.Namespace], Any]) -> Handler:
    def handler(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        with client_from_options(args, parser) as client:
            data = dump(fetch(client, args))
        if wants_json(args):
            json_line(data, sys.stdout)
        else:
            print_fields(data)
        return 0

    return handler


def _creating(create: Callable[[RootSignals, argparse.Namespace], Any]) -> Handler:
    def handler(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        with client_from_options(args, parser) as client:
            created = create(client, args)
        print(getattr(created, "id", created), flush=True)
        return 0

    return handler


def _deleting(what: str, delete: Callable[[RootSignals, argparse.Namespace], None]) -> Handler:
    def handler(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        if not args.yes and not confirmed(parser, f"Delete {what} {args.id}?"):
            print("Not deleted.", file=sys.stderr)
            return 1
        with client_from_options(args, parser) as client:
            delete(client, args)
        return 0

    return handler
