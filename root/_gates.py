"""The machinery of :mod:`root.testing`'s gates, :func:`~root.testing.assert_mean_at_least` and
:func:`~root.testing.assert_not_worse`: checking the arguments, reading the verdicts off
:meth:`~root.evaluation.EvaluationResult.summary` and :meth:`~root.evaluation.EvaluationResult.compare`, and
the :class:`GateFailure` they raise, a table of :class:`GateRow` (both re-exported by :mod:`root.testing`).

The gates set ``__tracebackhide__``, so that pytest shows a failure at the test's line, with the
table and nothing of this module.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from root.errors import InvalidArgumentError

if TYPE_CHECKING:
    from root.evaluation import EvaluationResult

__all__ = ["GateFailure", "GateRow", "mean_at_least", "not_worse"]


class GateFailure(AssertionError):
    """A gate failed: its message is the table of every evaluator it checked, each with its verdict.

    Attributes:
        rows: The table's rows, one per evaluator checked, as :class:`~root.testing.GateRow`.
    """

    __module__ = "root.testing"  # where users import it from, and what pytest's report names

    def __init__(self, message: str, rows: Sequence[GateRow] = ()) -> None:
        super().__init__(message)
        self.rows = list(rows)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (str(self), self.rows))


@dataclass(frozen=True)
class GateRow:
    """One evaluator's line of a gate's table."""

    evaluator: str
    """The evaluator's name."""
    n: int
    """Scores (or, against a baseline, pairs of scores) the verdict rests on."""
    mean: float | None
    """The mean score (against a baseline: over the paired rows)."""
    ci_low: float | None
    """The lower end of the confidence interval: of the mean, or of the mean difference from the baseline."""
    ci_high: float | None
    """The upper end of that interval."""
    reference: float | None
    """The threshold, or the baseline's mean over the paired rows."""
    difference: float | None
    """``ci_low - threshold``, or the mean difference from the baseline."""
    errors: int
    """Rows whose run of this evaluator failed."""
    passed: bool
    """Whether this evaluator passed the gate."""
    verdict: str
    """Why: ``"pass"``, or ``"FAIL: ..."`` with the reason."""


_HEADERS = ("evaluator", "n", "mean", "{ci}", "{reference}", "difference", "errors", "verdict")


def _number(value: float | None, sign: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+.4f}" if sign else f"{value:.4f}"


def _table(rows: Sequence[GateRow], *, ci: str, reference: str, sign_interval: bool) -> str:
    headers = [header.format(ci=ci, reference=reference) for header in _HEADERS]
    cells = [
        [
            row.evaluator,
            str(row.n),
            _number(row.mean),
            "-"
            if row.ci_low is None
            else f"[{_number(row.ci_low, sign_interval)}, {_number(row.ci_high, sign_interval)}]",
            _number(row.reference),
            _number(row.difference, sign=True),
            str(row.errors),
            row.verdict,
        ]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [headers, *cells]) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        # Names and the verdict to the left, numbers to the right.
        return "  ".join(
            value.ljust(width) if i in (0, len(values) - 1) else value.rjust(width)
            for i, (value, width) in enumerate(zip(values, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths]), *(line(cells_) for cells_ in cells)])


def _check_result(value: object, name: str) -> EvaluationResult:
    __tracebackhide__ = True
    from root.evaluation import EvaluationResult

    if not isinstance(value, EvaluationResult):
        raise InvalidArgumentError(
            f"{name} must be an EvaluationResult (from client.evaluate or EvaluationResult.from_jsonl), "
            f"not {type(value).__name__}"
        )
    return value


def _check_confidence(confidence: object) -> float:
    __tracebackhide__ = True
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise InvalidArgumentError(
            f"confidence must be a number between 0 and 1 (exclusive), e.g. 0.95; not {confidence!r}"
        )
    return float(confidence)


def _check_seed(seed: object) -> int | None:
    __tracebackhide__ = True
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise InvalidArgumentError(f"seed must be a whole number or None, not {seed!r}")
    return seed


def _check_max_errors(max_errors: object) -> int:
    __tracebackhide__ = True
    if isinstance(max_errors, bool) or not isinstance(max_errors, int) or max_errors < 0:
        raise InvalidArgumentError(f"max_errors must be a whole number >= 0, not {max_errors!r}")
    return max_errors


def _evaluator_names(value: object, name: str) -> list[str]:
    __tracebackhide__ = True
    if isinstance(value, str):
        names = [value]
    elif isinstance(value, Iterable):
        names = list(value)
    else:
        raise InvalidArgumentError(f"{name} must be an evaluator's name or a list of names, not {type(value).__name__}")
    if not names or not all(isinstance(item, str) and item for item in names):
        raise InvalidArgumentError(
            f"{name} must name at least one evaluator, each by a non-empty string; got {value!r}"
        )
    return list(dict.fromkeys(names))


def _require_known(names: Sequence[str], result: EvaluationResult, what: str) -> None:
    __tracebackhide__ = True
    import difflib

    known = result.evaluator_names
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InvalidArgumentError(
                f"{what} has no scores of an evaluator named {name!r}{hint}; its evaluators: "
                f"{', '.join(known) or 'none (it has no rows)'}"
            )


def _only(result: EvaluationResult, names: Sequence[str]) -> EvaluationResult:
    """``result`` with the scores of ``names`` alone, so that its statistics resample nothing else."""
    from root.evaluation import EvaluationResult, RowResult

    if set(result.evaluator_names) <= set(names):
        return result
    return EvaluationResult(
        [
            RowResult(key=row.key, inputs=row.inputs, scores={n: s for n, s in row.scores.items() if n in names})
            for row in result
        ]
    )


def _errors(result: EvaluationResult, name: str) -> int:
    return sum(1 for row in result if name in row.scores and row.scores[name].error is not None)


def _fail(rows: Sequence[GateRow], rule: str, table: str, note: str) -> None:
    __tracebackhide__ = True
    failed = [row.evaluator for row in rows if not row.passed]
    if failed:
        import textwrap

        raise GateFailure(f"{', '.join(failed)} did not pass: {rule}\n\n{table}\n\n{textwrap.fill(note, 100)}", rows)


def mean_at_least(
    result: EvaluationResult,
    evaluator: str | Sequence[str],
    threshold: float,
    *,
    confidence: float = 0.95,
    seed: int | None = 0,
    max_errors: int = 0,
) -> None:
    """:func:`root.testing.assert_mean_at_least`."""
    __tracebackhide__ = True
    result = _check_result(result, "result")
    names = _evaluator_names(evaluator, "evaluator")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not math.isfinite(threshold):
        raise InvalidArgumentError(f"threshold must be a finite number, not {threshold!r}")
    confidence = _check_confidence(confidence)
    seed = _check_seed(seed)
    max_errors = _check_max_errors(max_errors)
    _require_known(names, result, "The result")

    rows = []
    for name in names:
        # Only the evaluators checked: summary() would resample every one (the same way, seed for seed).
        summary = _only(result, [name]).summary(confidence=confidence, seed=seed)[name]
        if summary.n == 0 or summary.ci_low is None:
            verdict = "FAIL: no scores"
        elif summary.errors > max_errors:
            verdict = f"FAIL: {summary.errors} errors > max_errors={max_errors}"
        elif summary.ci_low < threshold:
            verdict = (
                "FAIL: interval reaches below threshold"
                if summary.mean is not None and summary.mean >= threshold
                else "FAIL: below threshold"
            )
        else:
            verdict = "pass"
        rows.append(
            GateRow(
                evaluator=name,
                n=summary.n,
                mean=summary.mean,
                ci_low=summary.ci_low,
                ci_high=summary.ci_high,
                reference=float(threshold),
                difference=None if summary.ci_low is None else summary.ci_low - threshold,
                errors=summary.errors,
                passed=verdict == "pass",
                verdict=verdict,
            )
        )
    table = _table(rows, ci=f"{confidence:.0%} CI", reference="threshold", sign_interval=False)
    _fail(
        rows,
        f"the mean score must be at least {threshold:g} with {confidence:.0%} confidence",
        table,
        "An evaluator passes when the lower end of its mean's confidence interval is at least the threshold "
        "(difference = CI low - threshold >= 0) and its errors are at most max_errors.",
    )


_SQLITE_HEADER = b"SQLite format 3\x00"
"""How a SQLite file, and so a journal of ``client.evaluate(..., journal=...)``, begins."""


def _baseline(value: object) -> EvaluationResult:
    __tracebackhide__ = True
    from root.evaluation import EvaluationResult

    if isinstance(value, EvaluationResult):
        return value
    if isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if not os.path.isfile(path):
            raise InvalidArgumentError(
                f"baseline {path!r} is no file; write one from a run you accept with result.to_jsonl({path!r})"
            )
        journal = False
        try:
            with open(path, "rb") as file:
                journal = file.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
            return EvaluationResult.from_journal(path) if journal else EvaluationResult.from_jsonl(path)
        except (OSError, ValueError) as error:
            kind = "journal" if journal else "JSONL file"
            raise InvalidArgumentError(f"baseline {path!r} is no {kind} of an evaluation: {error}") from None
    raise InvalidArgumentError(
        "baseline must be an EvaluationResult, or the path of a JSONL file it wrote or of a run's journal, "
        f"not {type(value).__name__}"
    )


def not_worse(
    result: EvaluationResult,
    baseline: EvaluationResult | str | os.PathLike[str],
    *,
    evaluators: str | Sequence[str] | None = None,
    confidence: float = 0.95,
    seed: int | None = 0,
    max_errors: int = 0,
) -> None:
    """:func:`root.testing.assert_not_worse`."""
    __tracebackhide__ = True
    result = _check_result(result, "result")
    before = _baseline(baseline)
    confidence = _check_confidence(confidence)
    seed = _check_seed(seed)
    max_errors = _check_max_errors(max_errors)
    if evaluators is None:
        names = [name for name in result.evaluator_names if name in set(before.evaluator_names)]
        if not names:
            raise InvalidArgumentError(
                "The result and the baseline share no evaluator (the result's: "
                f"{', '.join(result.evaluator_names) or 'none'}; the baseline's: "
                f"{', '.join(before.evaluator_names) or 'none'})"
            )
    else:
        names = _evaluator_names(evaluators, "evaluators")
        _require_known(names, result, "The result")
        _require_known(names, before, "The baseline")

    comparison = _only(result, names).compare(_only(before, names), confidence=confidence, seed=seed)
    old_rows = {row.key: row for row in before}
    rows = []
    for name in names:
        item = comparison[name]
        new_scores, old_scores = [], []
        for row in result:
            new, old_row = row.scores.get(name), old_rows.get(row.key)
            old = None if old_row is None else old_row.scores.get(name)
            if new is not None and old is not None and new.score is not None and old.score is not None:
                new_scores.append(new.score)
                old_scores.append(old.score)
        errors = _errors(result, name)
        if item.n == 0:
            verdict = "FAIL: no rows pair up by key"
        elif errors > max_errors:
            verdict = f"FAIL: {errors} errors > max_errors={max_errors}"
        elif item.verdict == "worse":
            verdict = f"FAIL: worse ({item.regressed} of {item.n} rows regressed)"
        else:
            verdict = f"pass ({item.verdict})"
        rows.append(
            GateRow(
                evaluator=name,
                n=item.n,
                mean=math.fsum(new_scores) / len(new_scores) if new_scores else None,
                ci_low=item.ci_low,
                ci_high=item.ci_high,
                reference=math.fsum(old_scores) / len(old_scores) if old_scores else None,
                difference=item.mean_difference,
                errors=errors,
                passed=verdict.startswith("pass"),
                verdict=verdict,
            )
        )
    table = _table(rows, ci=f"{confidence:.0%} CI of difference", reference="baseline", sign_interval=True)
    _fail(
        rows,
        f"the scores must not be worse than the baseline's with {confidence:.0%} confidence",
        table,
        "Rows are paired by key; n counts the pairs, mean and baseline are their means. An evaluator fails when "
        "the whole interval of the mean difference is below zero, or its errors exceed max_errors.",
    )
