"""``rootsignals evaluation-filters|traces``: OpenTelemetry trace evaluation filters, and the traces.

The conventions of :mod:`root._cli_resources`, whose handlers this module reuses: a listing prints an
aligned table on a terminal and one JSON object per line otherwise; ``get`` prints the fields (or JSON);
``create`` prints the new id alone; ``delete`` asks first on a terminal and needs ``--yes`` otherwise.
Like the other command modules, it loads only the standard library at import time.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from root._cli_common import client_from_options, dump, fit, json_line, row, wants_json
from root._cli_resources import (
    _COLUMN_WIDTH,
    Leaf,
    _creating,
    _delete_options,
    _deleting,
    _group,
    _json_option,
    _limit_option,
    _listing,
    _showing,
)

__all__ = ["add_otel_commands"]


def add_otel_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``evaluation-filters`` and ``traces`` commands to the top-level subparsers."""
    _filters(
        _group(commands, common, "evaluation-filters", "list, get, create, update, validate and delete trace filters")
    )
    _traces(_group(commands, common, "traces", "list OpenTelemetry traces and read their spans"))


def _filters(leaf: Leaf) -> None:
    listing = leaf(
        "list",
        _listing(lambda c, a: c.evaluation_filters.list(), "name", "is_active"),
        "List every trace evaluation filter, newest first.",
    )
    _json_option(listing)

    get = leaf("get", _showing(lambda c, a: c.evaluation_filters.get(a.id)), "Show one evaluation filter.")
    get.add_argument("id", metavar="ID")
    _json_option(get)

    create = leaf(
        "create",
        _creating(lambda c, a: c.evaluation_filters.create(**_settings(a))),
        "Create an evaluation filter and print its id.",
    )
    _setting_options(create)

    update = leaf(
        "update",
        _showing(lambda c, a: c.evaluation_filters.update(a.id, **_settings(a))),
        "Replace an evaluation filter's settings (--name is required; a setting not given takes its default, "
        "but the evaluator, judge, criteria and rules are kept), and show it.",
    )
    update.add_argument("id", metavar="ID")
    _setting_options(update)
    _json_option(update)

    validate = leaf("validate", _validating, "Check an evaluation filter as create would, without saving it.")
    _setting_options(validate)

    delete = leaf(
        "delete",
        _deleting("evaluation filter", lambda c, a: c.evaluation_filters.delete(a.id)),
        "Delete an evaluation filter (asks first on a terminal).",
    )
    _delete_options(delete)


def _json_value(what: str) -> Any:
    def parse(text: str) -> Any:
        import json

        try:
            return json.loads(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be JSON") from None

    return parse


def _setting_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--name", required=True, help="the filter's name")
    parser.add_argument("--evaluator-id", metavar="ID", help="the evaluator that scores the picked traces")
    parser.add_argument("--judge-id", metavar="ID", help="the judge that scores the picked traces")
    parser.add_argument(
        "--filter-criteria",
        type=_json_value("--filter-criteria"),
        metavar="JSON",
        help="the conditions a trace meets to be picked, a JSON object",
    )
    parser.add_argument(
        "--sampling-rate", type=float, default=1.0, metavar="RATE", help="the share of traces scored (default: 1)"
    )
    parser.add_argument(
        "--delay-seconds", type=int, default=20, metavar="N", help="wait N seconds after the last span (default: 20)"
    )
    parser.add_argument(
        "--include-existing", action="store_true", help="pick traces received before the filter too, not only new ones"
    )
    parser.add_argument("--inactive", action="store_true", help="save the filter switched off")
    parser.add_argument(
        "--extractor-rules",
        type=_json_value("--extractor-rules"),
        metavar="JSON",
        help="how the request and response are taken from the spans, a JSON array of objects",
    )


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "name": args.name,
        "evaluator_id": args.evaluator_id,
        "judge_id": args.judge_id,
        "filter_criteria": args.filter_criteria,
        "sampling_rate": args.sampling_rate,
        "delay_seconds": args.delay_seconds,
        "applies_to_new_only": not args.include_existing,
        "is_active": not args.inactive,
        "extractor_rules": args.extractor_rules,
    }


def _validating(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        found = client.evaluation_filters.validate(**_settings(args))
    json_line(found, sys.stdout)
    return 0


def _traces(leaf: Leaf) -> None:
    listing = leaf("list", _trace_listing, "List traces, newest first.")
    listing.add_argument(
        "--filter",
        action="append",
        metavar="GROUP",
        help="only traces that pass column;type;key;operator;value, e.g. 'span_count;number;;>=;3'; repeat for more",
    )
    _limit_option(listing, "traces")
    _json_option(listing)

    spans = leaf("spans", _span_listing, "List every span of one trace, oldest first.")
    spans.add_argument("trace_id", metavar="TRACE_ID")
    _json_option(spans)


_TRACE_ID_WIDTH = 32
_SPAN_ID_WIDTH = 16


def _trace_listing(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    filters = ",".join(args.filter) if args.filter else None
    columns = ("root_span_name", "span_count", "last_span_at")
    widths = (_TRACE_ID_WIDTH, _COLUMN_WIDTH, len("SPAN_COUNT"))
    with client_from_options(args, parser) as client:
        _print_rows(client.traces.list(filters=filters, limit=args.limit), "trace_id", columns, widths, args)
    return 0


def _span_listing(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with client_from_options(args, parser) as client:
        spans = client.traces.spans(args.trace_id)
    _print_rows(spans, "span_id", ("parent_span_id", "timestamp"), (_SPAN_ID_WIDTH, _SPAN_ID_WIDTH), args)
    return 0


def _print_rows(
    items: Any, key: str, columns: tuple[str, ...], widths: tuple[int, ...], args: argparse.Namespace
) -> None:
    out = sys.stdout
    as_json = wants_json(args)
    if not as_json:
        out.write(row((key.upper(), *(c.upper() for c in columns)), widths))
    for item in items:
        data = dump(item)
        if as_json:
            json_line(data, out)
        else:
            values = ["-" if data.get(c) is None else str(data.get(c)) for c in (key, *columns)]
            out.write(row([fit(v, w) for v, w in zip(values, widths, strict=False)] + values[len(widths) :], widths))
        out.flush()
