"""``rootsignals evaluate`` and ``rootsignals compare``: score a dataset, and gate on a baseline, from a shell.

``evaluate DATA`` runs :meth:`root.RootSignals.evaluate` over a CSV or JSONL file (``-``: JSON lines on
standard input), prints each evaluator's summary (and, with ``--baseline``, the comparison), and writes
``--out`` (JSONL, :meth:`~root.evaluation.EvaluationResult.to_jsonl`) and ``--html`` (the report page).
``compare OLD NEW`` compares two such JSONL files, without the service. Like the other commands, they
print aligned tables on a terminal and JSON (one object) otherwise or with ``--json``.

Exit statuses beyond the usual ones (:mod:`root._cli`): :data:`EXIT_REGRESSION` when the comparison with
the baseline finds a detectable regression (any verdict ``"worse"``), else :data:`EXIT_ROW_ERRORS` when some
rows' runs failed (after their retries; they are listed on stderr and kept in ``--out`` and the journal).
The outputs are written in every case. Only the standard library is imported until a command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from root._cli_common import EXIT_OK, client_from_options, json_line, wants_json

if TYPE_CHECKING:
    from root.evaluation import Comparison, EvaluationResult, EvaluatorSummary

__all__ = ["EXIT_REGRESSION", "EXIT_ROW_ERRORS", "add_evaluate_commands"]

EXIT_REGRESSION: Final = 3
"""``evaluate --baseline`` and ``compare``: an evaluator's verdict against the baseline is ``"worse"``."""
EXIT_ROW_ERRORS: Final = 4
"""``evaluate``: no regression, but some rows' runs failed."""

_ERRORS_SHOWN: Final = 10


def add_evaluate_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``evaluate`` and ``compare`` commands to the top-level subparsers."""
    text = (
        "Score every row of a CSV or JSONL file with evaluators or a judge; print the summary (and the "
        f"comparison with --baseline). Exit status {EXIT_REGRESSION}: worse than the baseline; "
        f"{EXIT_ROW_ERRORS}: some rows failed."
    )
    evaluate = commands.add_parser("evaluate", help=text.split(";")[0], description=text, parents=[common],
                                   allow_abbrev=False)  # fmt: skip
    evaluate.set_defaults(handler=_evaluate, parser=evaluate)
    evaluate.add_argument("data", metavar="DATA", help="a .csv or .jsonl file; - reads JSON lines from standard input")
    evaluate.add_argument("--judge", metavar="NAME_OR_ID", help="a judge to run on each row")
    evaluate.add_argument(
        "--evaluator",
        action="append",
        dest="evaluators",
        metavar="NAME_OR_ID",
        help="an evaluator to run on each row (a preset's or your own's name, or an id); repeat for more",
    )
    evaluate.add_argument(
        "--key", metavar="COLUMN", help="the column that identifies a row (default: a hash of its inputs)"
    )
    evaluate.add_argument(
        "--map",
        action="append",
        dest="mapping",
        metavar="COLUMN=INPUT",
        help="use COLUMN as the run input INPUT (request, response, contexts, ...); repeat for more",
    )
    evaluate.add_argument(
        "--max-concurrency", type=int, default=8, metavar="N", help="the most runs in flight at once (default: 8)"
    )
    evaluate.add_argument(
        "--journal", metavar="FILE", help="a SQLite journal: a rerun runs only what is missing or failed"
    )
    evaluate.add_argument(
        "--restart", action="store_true", help="start a journal made with other evaluators anew instead of refusing it"
    )
    evaluate.add_argument("--out", metavar="FILE", help="write the rows and their scores to FILE (JSON lines)")
    evaluate.add_argument(
        "--baseline", metavar="FILE", help=f"compare with an earlier --out file; exit {EXIT_REGRESSION} when worse"
    )
    _report_options(evaluate)

    text = (
        "Compare two --out files of rootsignals evaluate, row by row (paired by key), without the service; "
        f"exit status {EXIT_REGRESSION} when NEW is detectably worse."
    )
    compare = commands.add_parser("compare", help=text.split(";")[0], description=text, allow_abbrev=False)
    compare.set_defaults(handler=_compare, parser=compare)
    compare.add_argument("old", metavar="OLD", help="the baseline's JSONL file")
    compare.add_argument("new", metavar="NEW", help="the new run's JSONL file")
    _report_options(compare)


def _report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--html", metavar="FILE", help="write the report page (one self-contained HTML file)")
    parser.add_argument(
        "--confidence",
        type=float,
        default=0.95,
        metavar="LEVEL",
        help="the confidence level of the intervals, between 0 and 1 (default: 0.95)",
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="the seed of the bootstrap (default: 0)")
    parser.add_argument("--json", action="store_true", help="print JSON (the default when stdout is not a terminal)")


# -- the commands -----------------------------------------------------------------------------------------


def _evaluate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from root._evaluate import json_lines

    if not args.evaluators and args.judge is None:
        parser.error("give --judge NAME_OR_ID or at least one --evaluator NAME_OR_ID")
    if args.max_concurrency < 1:
        parser.error(f"--max-concurrency must be at least 1, not {args.max_concurrency}")
    _check_confidence(args, parser)
    mapping = _mapping(args.mapping or [], parser)
    baseline = None if args.baseline is None else _load(args.baseline, "--baseline", parser)
    data: Any = json_lines(sys.stdin, "standard input") if args.data == "-" else args.data
    with client_from_options(args, parser) as client:
        result = client.evaluate(
            data,
            evaluators=args.evaluators,
            judge=args.judge,
            key=args.key,
            mapping=mapping or None,
            max_concurrency=args.max_concurrency,
            journal=args.journal,
            restart=args.restart,
        )
    if args.out is not None:
        _write(parser, "--out", args.out, lambda: result.to_jsonl(args.out))
    comparison = None
    if baseline is not None:
        comparison = result.compare(baseline, confidence=args.confidence, seed=args.seed)
    _html(args, parser, result, baseline)
    _print(args, result, comparison)
    failed = result.errors()
    if failed:
        _report_errors(failed)
    if comparison is not None and comparison.regressed:
        return EXIT_REGRESSION
    return EXIT_ROW_ERRORS if failed else EXIT_OK


def _compare(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    _check_confidence(args, parser)
    old = _load(args.old, "OLD", parser)
    new = _load(args.new, "NEW", parser)
    comparison = new.compare(old, confidence=args.confidence, seed=args.seed)
    _html(args, parser, new, old)
    if wants_json(args):
        json_line({"comparison": _comparison_data(comparison), "regressed": comparison.regressed}, sys.stdout)
    else:
        sys.stdout.write(_comparison_text(comparison, len(old), len(new)))
    return EXIT_REGRESSION if comparison.regressed else EXIT_OK


# -- helpers --------------------------------------------------------------------------------------------


def _check_confidence(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    if not 0.0 < args.confidence < 1.0:
        parser.error(f"--confidence must be between 0 and 1 (exclusive), not {args.confidence}")


def _mapping(pairs: list[str], parser: argparse.ArgumentParser) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sign, name = pair.partition("=")
        if not sign or not column or not name:
            parser.error(f"--map {pair!r}: expected COLUMN=INPUT, e.g. --map question=request")
        mapping[column] = name
    return mapping


def _load(path: str, what: str, parser: argparse.ArgumentParser) -> EvaluationResult:
    from root.evaluation import EvaluationResult

    try:
        return EvaluationResult.from_jsonl(path)
    except OSError as exc:
        parser.error(f"{what} {path!r} cannot be read: {exc.strerror or exc}")
    except (ValueError, UnicodeDecodeError) as exc:
        parser.error(f"{what} {path!r} is no --out file of rootsignals evaluate: {exc}")


def _write(parser: argparse.ArgumentParser, option: str, path: str, writing: Any) -> None:
    try:
        writing()
    except OSError as exc:
        parser.error(f"{option} {path!r} cannot be written: {exc.strerror or exc}")


def _html(args: argparse.Namespace, parser: argparse.ArgumentParser, result: EvaluationResult, baseline: Any) -> None:
    if args.html is not None:
        _write(parser, "--html", args.html, lambda: result.to_html(
            args.html, baseline=baseline, confidence=args.confidence, seed=args.seed))  # fmt: skip


def _print(args: argparse.Namespace, result: EvaluationResult, comparison: Comparison | None) -> None:
    summary = result.summary(confidence=args.confidence, seed=args.seed)
    if wants_json(args):
        data: dict[str, Any] = {
            "rows": len(result),
            "failed_rows": len(result.errors()),
            "summary": {name: _summary_data(item) for name, item in summary.items()},
        }
        if comparison is not None:
            data["comparison"] = _comparison_data(comparison)
            data["regressed"] = comparison.regressed
        json_line(data, sys.stdout)
        return
    out = sys.stdout
    out.write(f"{len(result)} rows, {len(result.errors())} with errors\n\n")
    out.write(_summary_text(summary))
    if comparison is not None:
        out.write("\n" + _comparison_text(comparison, None, None))


def _summary_text(summary: Mapping[str, EvaluatorSummary]) -> str:
    lines = [f"{'evaluator':<24} {'n':>6} {'mean':>7} {'interval':>18} {'errors':>6}"]
    for name, item in summary.items():
        mean = "-" if item.mean is None else f"{item.mean:.4f}"
        interval = "-" if item.ci_low is None else f"[{item.ci_low:.4f}, {item.ci_high:.4f}]"
        lines.append(f"{name:<24} {item.n:>6} {mean:>7} {interval:>18} {item.errors:>6}")
    return "\n".join(lines) + "\n"


def _comparison_text(comparison: Comparison, old_rows: int | None, new_rows: int | None) -> str:
    head = "" if old_rows is None else f"baseline {old_rows} rows, new {new_rows} rows, paired by key\n\n"
    if not comparison:
        return head + "no evaluator in common with the baseline\n"
    verdict = "worse than the baseline" if comparison.regressed else "no detectable regression"
    return f"{head}{comparison}\n\n{verdict}\n"


def _summary_data(item: EvaluatorSummary) -> dict[str, Any]:
    return {
        "n": item.n,
        "mean": item.mean,
        "ci_low": item.ci_low,
        "ci_high": item.ci_high,
        "errors": item.errors,
        "confidence": item.confidence,
    }


def _comparison_data(comparison: Comparison) -> dict[str, Any]:
    from dataclasses import asdict

    return {name: asdict(item) for name, item in comparison.items()}


def _report_errors(failed: list[Any]) -> None:
    """The failed rows on stderr: how many, then the first few with each failed evaluator's error."""
    err = sys.stderr
    err.write(f"{len(failed)} rows with errors (their runs failed after retries):\n")
    for row in failed[:_ERRORS_SHOWN]:
        for name, score in row.scores.items():
            if score.error is not None:
                message = " ".join(score.error.split())
                err.write(f"  {row.key}  {name}: {score.error_type or 'error'}: {message}\n")
    if len(failed) > _ERRORS_SHOWN:
        err.write(f"  ... and {len(failed) - _ERRORS_SHOWN} more rows\n")
    err.flush()
