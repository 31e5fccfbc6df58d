"""The results of :meth:`root.RootSignals.evaluate`: rows, scores, summaries and comparisons.

An :class:`EvaluationResult` is a sequence of :class:`RowResult`, in the order of the data; each row's
``scores`` maps an evaluator's name to a :class:`ScoreResult`. :meth:`EvaluationResult.summary` gives
each evaluator's mean with a bootstrap confidence interval, and :meth:`EvaluationResult.compare` pairs
two results by row key and says whether the difference is detectable. See :doc:`/guides/evaluate`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, overload

from root import _stats

if TYPE_CHECKING:
    from root._journal import StoredRows

__all__ = [
    "Comparison",
    "EvaluationResult",
    "EvaluatorComparison",
    "EvaluatorSummary",
    "RowResult",
    "ScoreResult",
]

Verdict = Literal["better", "worse", "no detectable change"]

_TOLERANCE = 1e-12
"""Paired differences at most this large count as unchanged."""


@dataclass(frozen=True)
class ScoreResult:
    """One evaluator's result on one row: a score, or the error that kept it from one."""

    score: float | None = None
    """The score (usually 0 to 1); ``None`` when the run failed or the evaluator gave none."""
    justification: str | None = None
    """Why the evaluator gave that score."""
    execution_log_id: str | None = None
    """The run's execution log (``client.execution_logs.get(log_id)``)."""
    error: str | None = None
    """Why the run failed after its retries (the error's message); ``None`` when it did not."""
    error_type: str | None = None
    """The class of that error in :mod:`root.errors` (``"RateLimitError"``, ``"BadRequestError"``...)."""

    def to_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict."""
        return {
            "score": self.score,
            "justification": self.justification,
            "execution_log_id": self.execution_log_id,
            "error": self.error,
            "error_type": self.error_type,
        }

    @classmethod
    def from_dict(cls, fields: Mapping[str, Any]) -> ScoreResult:
        """The result :meth:`to_dict` wrote."""
        score = fields.get("score")
        return cls(
            score=None if score is None else float(score),
            justification=fields.get("justification"),
            execution_log_id=fields.get("execution_log_id"),
            error=fields.get("error"),
            error_type=fields.get("error_type"),
        )


@dataclass(frozen=True)
class RowResult:
    """One row of the data: its key, the inputs its runs were given, and each evaluator's result."""

    key: str
    """The row's key: the ``key=`` column's value, or a hash of its inputs."""
    inputs: Mapping[str, Any]
    """The run inputs the row was mapped to (``request``, ``response``, ``contexts``...)."""
    scores: Mapping[str, ScoreResult] = field(default_factory=dict)
    """Each evaluator's result, by the evaluator's name."""

    @property
    def ok(self) -> bool:
        """Whether every run of the row succeeded."""
        return all(result.error is None for result in self.scores.values())

    def to_dict(self) -> dict[str, Any]:
        """The row as a JSON-ready dict (one line of :meth:`EvaluationResult.to_jsonl`)."""
        return {
            "key": self.key,
            "inputs": dict(self.inputs),
            "scores": {name: result.to_dict() for name, result in self.scores.items()},
        }

    @classmethod
    def from_dict(cls, fields: Mapping[str, Any]) -> RowResult:
        """The row :meth:`to_dict` wrote."""
        scores = {str(name): ScoreResult.from_dict(value) for name, value in dict(fields.get("scores") or {}).items()}
        return cls(key=str(fields["key"]), inputs=dict(fields.get("inputs") or {}), scores=scores)


@dataclass(frozen=True)
class EvaluatorSummary:
    """One evaluator's scores over a result (:meth:`EvaluationResult.summary`)."""

    n: int
    """How many rows it scored."""
    mean: float | None
    """Their mean; ``None`` when it scored none."""
    ci_low: float | None
    """The lower end of the bootstrap confidence interval of the mean."""
    ci_high: float | None
    """The upper end of that interval."""
    errors: int
    """How many rows its run failed on."""
    confidence: float = 0.95
    """The interval's confidence level."""


@dataclass(frozen=True)
class EvaluatorComparison:
    """One evaluator's scores against a baseline's, paired by row key (:meth:`EvaluationResult.compare`)."""

    n: int
    """How many rows both results scored."""
    mean_difference: float | None
    """The mean of (this score - the baseline's score) over those rows."""
    ci_low: float | None
    """The lower end of the paired bootstrap interval of that mean."""
    ci_high: float | None
    """The upper end of that interval."""
    improved: int
    """Rows that score higher than in the baseline."""
    regressed: int
    """Rows that score lower."""
    unchanged: int
    """Rows that score the same."""
    verdict: Verdict
    """``"better"`` when the whole interval is above 0, ``"worse"`` when it is below, else
    ``"no detectable change"``."""
    confidence: float = 0.95
    """The interval's confidence level."""


class Comparison(dict[str, EvaluatorComparison]):
    """Each evaluator's :class:`EvaluatorComparison`, by name; ``str()`` is a readable table."""

    @property
    def regressed(self) -> bool:
        """Whether any evaluator's verdict is ``"worse"``."""
        return any(item.verdict == "worse" for item in self.values())

    def __str__(self) -> str:
        lines = [f"{'evaluator':<24} {'n':>6} {'diff':>8} {'interval':>20} {'+':>5} {'-':>5} {'=':>5}  verdict"]
        for name, item in self.items():
            diff = "-" if item.mean_difference is None else f"{item.mean_difference:+.4f}"
            interval = "-" if item.ci_low is None else f"[{item.ci_low:+.4f}, {item.ci_high:+.4f}]"
            lines.append(
                f"{name:<24} {item.n:>6} {diff:>8} {interval:>20} {item.improved:>5} {item.regressed:>5} "
                f"{item.unchanged:>5}  {item.verdict}"
            )
        return "\n".join(lines)


class _Stored(Sequence[RowResult]):
    """The rows of a run, read from its journal on demand (:class:`root._journal.StoredRows`)."""

    def __init__(self, stored: StoredRows) -> None:
        self.stored = stored

    def __len__(self) -> int:
        return self.stored.length

    @overload
    def __getitem__(self, index: int) -> RowResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[RowResult]: ...

    def __getitem__(self, index: int | slice) -> RowResult | list[RowResult]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self.stored.length)
            if step == 1:
                return [RowResult.from_dict(row) for row in self.stored.iterate(start, max(start, stop))]
            return [self[i] for i in range(start, stop, step)]
        position = index + self.stored.length if index < 0 else index
        if not 0 <= position < self.stored.length:
            raise IndexError("evaluation result index out of range")
        return RowResult.from_dict(self.stored.row(position))

    def __iter__(self) -> Iterator[RowResult]:
        return (RowResult.from_dict(row) for row in self.stored.iterate())


class EvaluationResult(Sequence[RowResult]):
    """The rows of an evaluation, in the order of the data.

    Index it, iterate it, or take its :meth:`summary`, :meth:`compare` it with a baseline, and save it
    with :meth:`to_jsonl` (read back with :meth:`from_jsonl`, or from a run's journal with
    :meth:`from_journal`).

    The result of :meth:`root.RootSignals.evaluate` keeps its rows in the run's journal (a temporary one
    when no ``journal=`` was given) and reads them on demand, so that memory does not grow with the data;
    :meth:`close` it (or use it in a ``with`` block) to release that file at once, else it is released
    when the result is collected. A result made from a list of rows, :meth:`from_jsonl` or a slice holds
    its rows in memory.
    """

    def __init__(self, rows: Sequence[RowResult] = ()) -> None:
        self._rows: Sequence[RowResult] = list(rows)
        self._stored: StoredRows | None = None

    @classmethod
    def _from_store(cls, stored: StoredRows) -> EvaluationResult:
        """A result whose rows stay in a journal (see :class:`root._journal.StoredRows`)."""
        result = cls()
        result._rows = _Stored(stored)
        result._stored = stored
        return result

    def close(self) -> None:
        """Release the journal the rows are read from (a temporary one is removed); afterwards the rows
        can no longer be read. Nothing to do for a result held in memory."""
        if self._stored is not None:
            self._stored.close()

    def __enter__(self) -> EvaluationResult:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # A stored result's file stays here: it pickles (to a worker process, say) as its rows, in memory.
        return (EvaluationResult, (list(self._rows),))

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        failed = sum(not row.ok for row in self._rows)
        return f"<EvaluationResult of {len(self._rows)} rows, {failed} with errors>"

    @overload
    def __getitem__(self, index: int) -> RowResult: ...

    @overload
    def __getitem__(self, index: slice) -> EvaluationResult: ...

    def __getitem__(self, index: int | slice) -> RowResult | EvaluationResult:
        if isinstance(index, slice):
            return EvaluationResult(self._rows[index])
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[RowResult]:
        return iter(self._rows)

    @property
    def evaluator_names(self) -> list[str]:
        """The evaluators' names, in the order they first appear."""
        if self._stored is not None:
            return list(self._stored.names)
        names: dict[str, None] = {}
        for row in self._rows:
            names.update(dict.fromkeys(row.scores))
        return list(names)

    def errors(self) -> list[RowResult]:
        """The rows with at least one failed run."""
        return [row for row in self._rows if not row.ok]

    def scores(self, evaluator: str) -> list[float]:
        """The scores ``evaluator`` gave, row by row, leaving out rows without one."""
        found = []
        for row in self._rows:
            result = row.scores.get(evaluator)
            if result is not None and result.score is not None:
                found.append(result.score)
        return found

    def summary(
        self, *, confidence: float = 0.95, seed: int | None = 0, resamples: int = _stats.DEFAULT_RESAMPLES
    ) -> dict[str, EvaluatorSummary]:
        """Each evaluator's number of scores, mean, bootstrap confidence interval and errors.

        Args:
            confidence: The interval's confidence level, between 0 and 1.
            seed: The seed of the resampling: the same seed gives the same interval.
            resamples: How many bootstrap resamples the interval is read from.

        Raises:
            ValueError: ``confidence`` is not between 0 and 1.
        """
        confidence = _stats.check_confidence(confidence)
        names = self.evaluator_names
        scored: dict[str, list[float]] = {name: [] for name in names}
        failed = dict.fromkeys(names, 0)
        for row in self._rows:  # one pass: a stored result is read once
            for name, result in row.scores.items():
                if result.score is not None:
                    scored[name].append(result.score)
                if result.error is not None:
                    failed[name] += 1
        summaries = {}
        for name in names:
            values, errors = scored[name], failed[name]
            interval = _stats.bootstrap_interval(values, confidence=confidence, seed=seed, resamples=resamples)
            summaries[name] = EvaluatorSummary(
                n=len(values),
                mean=_stats.mean(values),
                ci_low=None if interval is None else interval[0],
                ci_high=None if interval is None else interval[1],
                errors=errors,
                confidence=confidence,
            )
        return summaries

    def compare(
        self,
        baseline: EvaluationResult,
        *,
        confidence: float = 0.95,
        seed: int | None = 0,
        resamples: int = _stats.DEFAULT_RESAMPLES,
    ) -> Comparison:
        """Compare with ``baseline``, row by row: pairs are the rows of equal key that both scored.

        For each evaluator the two results share: the mean of the paired differences (this minus the
        baseline), its paired bootstrap interval, how many rows improved, regressed or stayed the same,
        and a verdict: ``"better"`` when the whole interval is above zero, ``"worse"`` when it is below,
        else ``"no detectable change"``.

        Args:
            baseline: The result to compare with (an earlier run, e.g. :meth:`from_jsonl`).
            confidence: The interval's confidence level, between 0 and 1.
            seed: The seed of the resampling.
            resamples: How many bootstrap resamples the interval is read from.

        Raises:
            ValueError: ``confidence`` is not between 0 and 1.
        """
        confidence = _stats.check_confidence(confidence)
        names = [name for name in self.evaluator_names if name in set(baseline.evaluator_names)]
        before = {row.key: {name: row.scores[name].score for name in names if name in row.scores} for row in baseline}
        paired: dict[str, list[float]] = {name: [] for name in names}
        for row in self._rows:  # one pass: a stored result is read once
            old_scores = before.get(row.key)
            if old_scores is None:
                continue
            for name in names:
                new, old = row.scores.get(name), old_scores.get(name)
                if new is not None and new.score is not None and old is not None:
                    paired[name].append(new.score - old)
        comparison = Comparison()
        for name in names:
            differences = paired[name]
            interval = _stats.bootstrap_interval(differences, confidence=confidence, seed=seed, resamples=resamples)
            verdict: Verdict = "no detectable change"
            if interval is not None and interval[0] > _TOLERANCE:
                verdict = "better"
            elif interval is not None and interval[1] < -_TOLERANCE:
                verdict = "worse"
            comparison[name] = EvaluatorComparison(
                n=len(differences),
                mean_difference=_stats.mean(differences),
                ci_low=None if interval is None else interval[0],
                ci_high=None if interval is None else interval[1],
                improved=sum(1 for d in differences if d > _TOLERANCE),
                regressed=sum(1 for d in differences if d < -_TOLERANCE),
                unchanged=sum(1 for d in differences if abs(d) <= _TOLERANCE),
                verdict=verdict,
                confidence=confidence,
            )
        return comparison

    def to_jsonl(self, path: str | os.PathLike[str]) -> None:
        """Write the rows to ``path``, one JSON object a line (read back with :meth:`from_jsonl`)."""
        with open(path, "w", encoding="utf-8") as out:
            for row in self._rows:
                out.write(json.dumps(row.to_dict(), ensure_ascii=False, default=str))
                out.write("\n")

    @classmethod
    def from_jsonl(cls, path: str | os.PathLike[str]) -> EvaluationResult:
        """The result :meth:`to_jsonl` wrote to ``path``.

        Raises:
            ValueError: A line is not such a row (the message names the line).
        """
        rows = []
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    rows.append(RowResult.from_dict(json.loads(line)))
                except (ValueError, KeyError, TypeError, AttributeError) as error:
                    raise ValueError(
                        f"{os.fspath(path)}, line {number}: not a row of an evaluation ({error})"
                    ) from None
        return cls(rows)

    @classmethod
    def from_journal(cls, path: str | os.PathLike[str]) -> EvaluationResult:
        """Every row the journal at ``path`` holds, in the order they were first met.

        Raises:
            ValueError: ``path`` is no journal of an evaluation.
        """
        from root._journal import read_rows

        return cls([RowResult.from_dict(row) for row in read_rows(path)])

    def to_html(
        self,
        path: str | os.PathLike[str],
        *,
        baseline: EvaluationResult | str | os.PathLike[str] | None = None,
        title: str | None = None,
        confidence: float = 0.95,
        seed: int | None = 0,
    ) -> None:
        """Write a report page to ``path``: one self-contained HTML file (no scripts, nothing fetched).

        Per evaluator it draws the distribution of the scores with the mean and its confidence interval
        (as :meth:`summary` gives them) and lists the errors; given a ``baseline``, it adds the
        comparison of :meth:`compare`: each evaluator's paired mean difference drawn with its interval,
        the rows improved, regressed and unchanged, the verdict, and the baseline's distribution drawn
        over this one's. The same arguments always write the same page.

        Args:
            path: Where to write the page.
            baseline: The result to compare with, or the path of its :meth:`to_jsonl` file.
            title: The page's title; ``None``: "Evaluation report".
            confidence: The intervals' confidence level, between 0 and 1.
            seed: The seed of the resampling.

        Raises:
            ValueError: ``confidence`` is not between 0 and 1, or ``baseline`` is a file of no evaluation.
        """
        from root._report import write

        write(self, path, baseline=baseline, title=title, confidence=confidence, seed=seed)

    def to_pandas(self) -> Any:
        """A DataFrame with one row per row: ``key``, the inputs, and per evaluator ``NAME`` (the score),
        ``NAME.justification``, ``NAME.execution_log_id`` and ``NAME.error``.

        Raises:
            ImportError: pandas is not installed (it is never required otherwise).
        """
        import importlib

        pandas = importlib.import_module("pandas")
        names = self.evaluator_names
        records = []
        for row in self._rows:
            record: dict[str, Any] = {"key": row.key, **row.inputs}
            for name in names:
                result = row.scores.get(name, ScoreResult())
                record[name] = result.score
                record[f"{name}.justification"] = result.justification
                record[f"{name}.execution_log_id"] = result.execution_log_id
                record[f"{name}.error"] = result.error
            records.append(record)
        return pandas.DataFrame.from_records(records)
