"""The HTML report of :meth:`root.evaluation.EvaluationResult.to_html`: one self-contained page, in pure Python.

The page needs nothing but itself: the styles are inline, the pictures are SVG drawn here, and nothing
is loaded from anywhere (no script, font or image). Per evaluator it shows the distribution of the
scores (a histogram over 0..1, with the mean and its confidence interval), a small table (n, mean,
interval, errors), the rows with the lowest scores and the errors. Given a baseline it adds a
forest plot of the paired mean differences with their intervals, the counts of rows improved, regressed
and unchanged, the verdicts, the baseline's distribution drawn over each histogram, and the rows that
regressed the most.

Everything that comes from the data (evaluator names, keys, inputs, justifications, errors, the title)
is escaped with :func:`html.escape`, in text and in attributes alike. The page depends only on the
result, the baseline and the seed: the same arguments always give the same bytes (no clock, no
randomness beyond the seeded bootstrap).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from html import escape
from typing import Any, Final, Protocol, TypeVar

from typing_extensions import Self

BINS: Final = 10
"""The histogram's bins over 0..1."""
LISTED: Final = 20
"""At most this many errors, lowest scores or regressions are listed per evaluator."""
TEXT_LIMIT: Final = 240
"""Longer texts (inputs, justifications, errors) are cut to this many characters."""

# What the page reads of a result, as protocols: :mod:`root.evaluation` calls this module, so this module
# cannot import it back. :class:`~root.evaluation.EvaluationResult` and its parts have these shapes.


class EvaluatorSummary(Protocol):
    """The shape of :class:`root.evaluation.EvaluatorSummary`."""

    @property
    def n(self) -> int: ...
    @property
    def mean(self) -> float | None: ...
    @property
    def ci_low(self) -> float | None: ...
    @property
    def ci_high(self) -> float | None: ...
    @property
    def errors(self) -> int: ...
    @property
    def confidence(self) -> float: ...


class EvaluatorComparison(Protocol):
    """The shape of :class:`root.evaluation.EvaluatorComparison`."""

    @property
    def n(self) -> int: ...
    @property
    def mean_difference(self) -> float | None: ...
    @property
    def ci_low(self) -> float | None: ...
    @property
    def ci_high(self) -> float | None: ...
    @property
    def improved(self) -> int: ...
    @property
    def regressed(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    @property
    def verdict(self) -> str: ...


class ScoreResult(Protocol):
    """The shape of :class:`root.evaluation.ScoreResult`."""

    @property
    def score(self) -> float | None: ...
    @property
    def justification(self) -> str | None: ...
    @property
    def error(self) -> str | None: ...
    @property
    def error_type(self) -> str | None: ...


class RowResult(Protocol):
    """The shape of :class:`root.evaluation.RowResult`."""

    @property
    def key(self) -> str: ...
    @property
    def inputs(self) -> Mapping[str, Any]: ...
    @property
    def scores(self) -> Mapping[str, ScoreResult]: ...


class EvaluationResult(Protocol):
    """The shape of :class:`root.evaluation.EvaluationResult` that the page reads."""

    def __iter__(self) -> Iterator[RowResult]: ...
    def __len__(self) -> int: ...
    def errors(self) -> Sequence[RowResult]: ...
    def scores(self, evaluator: str) -> Sequence[float]: ...
    def summary(self, *, confidence: float = ..., seed: int | None = ...) -> Mapping[str, EvaluatorSummary]: ...
    def compare(
        self, baseline: Self, *, confidence: float = ..., seed: int | None = ...
    ) -> Mapping[str, EvaluatorComparison]: ...
    @classmethod
    def from_jsonl(cls, path: str | os.PathLike[str]) -> Self: ...


Result = TypeVar("Result", bound=EvaluationResult)


_NEW: Final = "#2f6fdf"
_OLD: Final = "#e08a1e"
_VERDICT_COLOURS: Final = {"better": "#1f8a3b", "worse": "#c62828", "no detectable change": "#6b7280"}

_STYLE: Final = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.2em;margin:0 0 8px;overflow-wrap:anywhere}
h3{font-size:1em;margin:12px 0 4px}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px;margin:16px 0}
.meta{color:#57606a;margin:0}.pair{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
td,th{padding:2px 10px 2px 0;text-align:left;vertical-align:top}th{color:#57606a;font-weight:600}
ol{margin:4px 0;padding-left:22px}li{margin:2px 0;overflow-wrap:anywhere}
.key{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}.quiet{color:#57606a}
.better{color:#1f8a3b}.worse{color:#c62828}.none{color:#6b7280}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:-1px}
svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#1f2328}
footer{color:#57606a;font-size:.85em;text-align:center;margin:24px 0}
"""


def write(
    result: Result,
    path: str | os.PathLike[str],
    *,
    baseline: Result | str | os.PathLike[str] | None,
    title: str | None,
    confidence: float,
    seed: int | None,
) -> None:
    """Render the report of ``result`` (against ``baseline``, a result or a JSONL path) to ``path``."""
    page = render(result, baseline=baseline, title=title, confidence=confidence, seed=seed)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(page)


def render(
    result: Result,
    *,
    baseline: Result | str | os.PathLike[str] | None = None,
    title: str | None = None,
    confidence: float = 0.95,
    seed: int | None = 0,
) -> str:
    """The report page of ``result`` as a string (see :func:`write`)."""
    from root._version import __version__

    if isinstance(baseline, (str, os.PathLike)):
        baseline = type(result).from_jsonl(baseline)
    summaries = result.summary(confidence=confidence, seed=seed)
    before = baseline.summary(confidence=confidence, seed=seed) if baseline is not None else {}
    comparison = result.compare(baseline, confidence=confidence, seed=seed) if baseline is not None else {}
    heading = title if title is not None else "Evaluation report"
    failed = len(result.errors())
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{_text(heading)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n",
        f"<h1>{_text(heading)}</h1>\n",
        f'<p class="meta">{len(result)} rows, {failed} with errors; {len(summaries)} evaluators; '
        f"{_percent(confidence)} confidence intervals (bootstrap, seed {_text(str(seed))})",
    ]
    if baseline is not None:
        parts.append(f"; compared with a baseline of {len(baseline)} rows, paired by key")
    parts.append(".</p>\n")
    if baseline is not None:
        parts.append(_comparison_section(comparison, confidence))
    for name, summary in summaries.items():
        parts.append(_evaluator_section(result, baseline, name, summary, before.get(name), comparison.get(name)))
    if not summaries:
        parts.append('<section><p class="quiet">No evaluator scored any row.</p></section>\n')
    parts.append(f"</main>\n<footer>Made by the Root Signals Python SDK {_text(__version__)}.</footer>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


# -- sections ---------------------------------------------------------------------------------------------


def _comparison_section(comparison: Mapping[str, EvaluatorComparison], confidence: float) -> str:
    parts = ['<section id="comparison">\n<h2>Compared with the baseline</h2>\n']
    if not comparison:
        parts.append('<p class="quiet">The baseline has none of these evaluators.</p>\n</section>\n')
        return "".join(parts)
    parts.append(
        f'<p class="meta">The mean of the paired differences (this run minus the baseline) per evaluator, '
        f"with its {_percent(confidence)} interval. An interval wholly right of 0 is better, wholly left "
        "is worse.</p>\n"
    )
    parts.append(_forest_plot(comparison))
    parts.append(
        "<table>\n<tr><th>evaluator</th><th>pairs</th><th>difference</th><th>interval</th>"
        "<th>improved</th><th>regressed</th><th>unchanged</th><th>verdict</th></tr>\n"
    )
    for name, item in comparison.items():
        parts.append(
            f"<tr><td>{_text(name)}</td><td>{item.n}</td><td>{_signed(item.mean_difference)}</td>"
            f"<td>{_interval(item.ci_low, item.ci_high, signed=True)}</td><td>{item.improved}</td>"
            f"<td>{item.regressed}</td><td>{item.unchanged}</td>"
            f'<td class="{_verdict_class(item.verdict)}">{_text(item.verdict)}</td></tr>\n'
        )
    parts.append("</table>\n</section>\n")
    return "".join(parts)


def _evaluator_section(
    result: EvaluationResult,
    baseline: EvaluationResult | None,
    name: str,
    summary: EvaluatorSummary,
    before: EvaluatorSummary | None,
    compared: EvaluatorComparison | None,
) -> str:
    scores = result.scores(name)
    old_scores = baseline.scores(name) if baseline is not None and before is not None else None
    parts = ['<section class="evaluator">\n', f"<h2>{_text(name)}</h2>\n", '<div class="pair">\n']
    parts.append(_histogram(name, scores, summary, old_scores, before))
    parts.append("<table>\n")
    rows: list[tuple[str, str]] = [
        ("scored rows", str(summary.n)),
        ("mean", _number(summary.mean)),
        (f"{_percent(summary.confidence)} interval", _interval(summary.ci_low, summary.ci_high)),
        ("errors", str(summary.errors)),
    ]
    if before is not None:
        rows += [("baseline mean", _number(before.mean)), ("baseline n", str(before.n))]
    if compared is not None:
        rows += [
            ("difference", _signed(compared.mean_difference)),
            ("improved / regressed / unchanged", f"{compared.improved} / {compared.regressed} / {compared.unchanged}"),
        ]
    for label, value in rows:
        parts.append(f"<tr><th>{_text(label)}</th><td>{value}</td></tr>\n")
    if compared is not None:
        verdict = compared.verdict
        parts.append(f'<tr><th>verdict</th><td class="{_verdict_class(verdict)}">{_text(verdict)}</td></tr>\n')
    parts.append("</table>\n</div>\n")
    if baseline is not None and compared is not None:
        parts.append(_regressions(result, baseline, name))
    parts.append(_lowest(result, name))
    parts.append(_errors(result, name))
    parts.append("</section>\n")
    return "".join(parts)


def _regressions(result: EvaluationResult, baseline: EvaluationResult, name: str) -> str:
    before = {row.key: row for row in baseline}
    found = []
    for index, row in enumerate(result):
        new = row.scores.get(name)
        old_row = before.get(row.key)
        old = None if old_row is None else old_row.scores.get(name)
        if new is None or old is None or new.score is None or old.score is None or new.score >= old.score:
            continue
        found.append((new.score - old.score, index, row, old.score, new))
    if not found:
        return ""
    found.sort(key=lambda item: (item[0], item[1]))
    parts = [f"<h3>Most regressed rows ({len(found)} regressed)</h3>\n<ol>\n"]
    for difference, _, row, old_score, new in found[:LISTED]:
        parts.append(
            f'<li><span class="key">{_text(row.key)}</span>: {_number(old_score)} &#8594; {_number(new.score)} '
            f'(<span class="worse">{_signed(difference)}</span>){_inputs(row.inputs)}'
            f"{_justification(new.justification)}</li>\n"
        )
    parts.append(_more(len(found)))
    parts.append("</ol>\n")
    return "".join(parts)


def _lowest(result: EvaluationResult, name: str) -> str:
    scored = []
    for index, row in enumerate(result):
        score = row.scores.get(name)
        if score is not None and score.score is not None:
            scored.append((score.score, index, row, score))
    if not scored:
        return ""
    scored.sort(key=lambda item: (item[0], item[1]))
    shown = scored[: min(5, LISTED)]
    parts = ["<h3>Lowest scores</h3>\n<ol>\n"]
    for value, _, row, score in shown:
        parts.append(
            f'<li><span class="key">{_text(row.key)}</span>: {_number(value)}{_inputs(row.inputs)}'
            f"{_justification(score.justification)}</li>\n"
        )
    parts.append("</ol>\n")
    return "".join(parts)


def _errors(result: EvaluationResult, name: str) -> str:
    failed = [(row, row.scores[name]) for row in result if name in row.scores and row.scores[name].error is not None]
    if not failed:
        return ""
    parts = [f"<h3>Errors ({len(failed)})</h3>\n<ol>\n"]
    for row, score in failed[:LISTED]:
        kind = f"{_text(score.error_type)}: " if score.error_type else ""
        parts.append(
            f'<li><span class="key">{_text(row.key)}</span>: <span class="worse">{kind}'
            f"{_text(_cut(score.error or ''))}</span>{_inputs(row.inputs)}</li>\n"
        )
    parts.append(_more(len(failed)))
    parts.append("</ol>\n")
    return "".join(parts)


# -- pictures -------------------------------------------------------------------------------------------


def _histogram(
    name: str,
    scores: Sequence[float],
    summary: EvaluatorSummary,
    old_scores: Sequence[float] | None,
    before: EvaluatorSummary | None,
) -> str:
    """The distribution of ``scores`` over 0..1 as bars (shares of the scored rows), the baseline's as an
    outline over them, and each mean as a line over its interval."""
    width, height, left, right, top, bottom = 460, 210, 44, 20, 14, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    new = _shares(scores)
    old = _shares(old_scores) if old_scores is not None else None
    peak = max([*new, *(old or []), 0.0]) or 1.0
    peak = min(1.0, _nice_ceiling(peak))

    def x(value: float) -> float:
        return left + plot_w * min(max(value, 0.0), 1.0)

    def y(share: float) -> float:
        return top + plot_h * (1.0 - share / peak)

    label = f"Distribution of the scores of {name}"
    parts = [
        f'<svg class="histogram" role="img" aria-label="{_text(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">\n<title>{_text(label)}</title>\n'
    ]
    for tick in (0.0, peak / 2, peak):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#d0d7de"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{_percent(tick)}</text>\n'
        )
    band = plot_w / BINS
    if summary.ci_low is not None and summary.ci_high is not None:
        span = max(x(summary.ci_high) - x(summary.ci_low), 1.0)
        parts.append(
            f'<rect x="{x(summary.ci_low):.1f}" y="{top}" width="{span:.1f}" height="{plot_h}" fill="{_NEW}" '
            'fill-opacity="0.12"/>\n'
        )
    for index, share in enumerate(new):
        if share > 0:
            parts.append(
                f'<rect x="{left + index * band + 1:.1f}" y="{y(share):.1f}" width="{band - 2:.1f}" '
                f'height="{top + plot_h - y(share):.1f}" fill="{_NEW}" fill-opacity="0.75"/>\n'
            )
    if old is not None:
        points = [f"{left},{top + plot_h}"]
        for index, share in enumerate(old):
            points += [f"{left + index * band:.1f},{y(share):.1f}", f"{left + (index + 1) * band:.1f},{y(share):.1f}"]
        points.append(f"{left + plot_w},{top + plot_h}")
        parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{_OLD}" stroke-width="2"/>\n')
    if before is not None and before.mean is not None:
        parts.append(
            f'<line x1="{x(before.mean):.1f}" x2="{x(before.mean):.1f}" y1="{top}" y2="{top + plot_h}" '
            f'stroke="{_OLD}" stroke-width="2" stroke-dasharray="5 3"/>\n'
        )
    if summary.mean is not None:
        parts.append(
            f'<line x1="{x(summary.mean):.1f}" x2="{x(summary.mean):.1f}" y1="{top}" y2="{top + plot_h}" '
            f'stroke="#0b3d91" stroke-width="2"/>\n'
        )
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#57606a"/>\n')
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        parts.append(f'<text x="{x(tick):.1f}" y="{top + plot_h + 16}" text-anchor="middle">{tick:g}</text>\n')
    legend = f"scores (n={summary.n}); line: the mean, band: its interval"
    if old is not None and before is not None:
        legend = f"bars: this run (n={summary.n}); orange: the baseline (n={before.n})"
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">{_text(legend)}</text>\n')
    parts.append("</svg>\n")
    return "".join(parts)


def _forest_plot(comparison: Mapping[str, EvaluatorComparison]) -> str:
    """Each evaluator's mean difference as a dot on its interval, around a line at 0."""
    label_w, width, row_h, top, bottom = 200, 760, 30, 12, 34
    plot_l, plot_r = label_w + 10, width - 200
    height = top + bottom + row_h * len(comparison)
    reach = max(
        [
            abs(v)
            for item in comparison.values()
            for v in (item.ci_low, item.ci_high, item.mean_difference)
            if v is not None
        ]
        + [0.05]
    )
    reach = min(1.0, _nice_ceiling(reach * 1.1))

    def x(value: float) -> float:
        return plot_l + (plot_r - plot_l) * (value + reach) / (2 * reach)

    parts = [
        f'<svg class="forest" role="img" aria-label="Paired mean differences with their intervals" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">\n'
        "<title>Paired mean differences with their intervals</title>\n",
        f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top - 4}" y2="{height - bottom + 4}" stroke="#57606a"/>\n',
    ]
    for index, (name, item) in enumerate(comparison.items()):
        middle = top + row_h * index + row_h / 2
        colour = _VERDICT_COLOURS.get(item.verdict, "#6b7280")
        parts.append(f'<text x="{label_w}" y="{middle + 4:.1f}" text-anchor="end">{_text(_cut(name, 28))}</text>\n')
        if item.ci_low is not None and item.ci_high is not None:
            low, high = x(max(item.ci_low, -reach)), x(min(item.ci_high, reach))
            parts.append(
                f'<line x1="{low:.1f}" x2="{high:.1f}" y1="{middle:.1f}" y2="{middle:.1f}" stroke="{colour}" '
                f'stroke-width="3"/>'
                f'<line x1="{low:.1f}" x2="{low:.1f}" y1="{middle - 6:.1f}" y2="{middle + 6:.1f}" stroke="{colour}" '
                f'stroke-width="2"/>'
                f'<line x1="{high:.1f}" x2="{high:.1f}" y1="{middle - 6:.1f}" y2="{middle + 6:.1f}" '
                f'stroke="{colour}" stroke-width="2"/>\n'
            )
        if item.mean_difference is not None:
            parts.append(
                f'<circle cx="{x(item.mean_difference):.1f}" cy="{middle:.1f}" r="5" fill="{colour}">'
                f"<title>{_text(name)}: {_signed(item.mean_difference)} "
                f"{_interval(item.ci_low, item.ci_high, signed=True)}</title></circle>\n"
            )
        parts.append(
            f'<text x="{plot_r + 10}" y="{middle + 4:.1f}" fill="{colour}" style="fill:{colour}">'
            f"{_text(item.verdict)}</text>\n"
        )
    axis = height - bottom + 4
    for tick in (-reach, -reach / 2, 0.0, reach / 2, reach):
        parts.append(f'<text x="{x(tick):.1f}" y="{axis + 14}" text-anchor="middle">{tick:+.3g}</text>\n')
    parts.append(
        f'<text x="{(plot_l + plot_r) / 2:.1f}" y="{height - 4}" text-anchor="middle">'
        "&#8592; worse · mean difference from the baseline · better &#8594;</text>\n</svg>\n"
    )
    return "".join(parts)


# -- text -----------------------------------------------------------------------------------------------


def _shares(scores: Sequence[float]) -> list[float]:
    """The share of ``scores`` in each of the :data:`BINS` bins of 0..1 (1 falls in the last one; scores
    outside 0..1 in the end bins; a score that is no number, such as NaN, in none)."""
    counts = [0] * BINS
    for score in scores:
        if math.isfinite(score):
            counts[min(max(int(score * BINS), 0), BINS - 1)] += 1
    total = sum(counts)
    return [count / total if total else 0.0 for count in counts]


def _nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at least ``value`` (> 0)."""
    scale = 1.0
    while scale > value:
        scale /= 10
    while scale * 10 < value:
        scale *= 10
    for step in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if scale * step >= value:
            return scale * step
    return scale * 10


def _text(value: Any) -> str:
    """``value`` as text, escaped for HTML text and attribute values (quotes included)."""
    return escape(str(value), quote=True)


def _cut(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _inputs(inputs: Mapping[str, Any]) -> str:
    shown = []
    for name in ("request", "response"):
        value = inputs.get(name)
        if value is not None:
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
            shown.append(f"{_text(name)}: {_text(_cut(text))}")
    return f'<br><span class="quiet">{"<br>".join(shown)}</span>' if shown else ""


def _justification(text: str | None) -> str:
    return f"<br><i>{_text(_cut(text))}</i>" if text else ""


def _more(count: int) -> str:
    return f'<li class="quiet">... and {count - LISTED} more</li>\n' if count > LISTED else ""


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.3f}"


def _interval(low: float | None, high: float | None, *, signed: bool = False) -> str:
    if low is None or high is None:
        return "-"
    show = _signed if signed else _number
    return f"[{show(low)}, {show(high)}]"


def _percent(share: float) -> str:
    return f"{share * 100:.4g}%"


def _verdict_class(verdict: str) -> str:
    return {"better": "better", "worse": "worse"}.get(verdict, "none")
