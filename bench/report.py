"""The benchmark's output: the results table and the Markdown page written to ``docs/benchmarks.md``."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Row:
    """One line of the results table.

    Attributes:
        scenario: What was measured.
        ours: Our median (seconds, or bytes for memory).
        raw: The baseline's median, in the same unit (None when there is none).
        unit: ``"s"``, ``"B"`` or ``"rows"``.
        target: The target, as text.
        met: Whether every part of the target was met.
        notes: Anything else the reader needs (errors, connections, per-call figures, misses' reasons).
    """

    scenario: str
    ours: float
    raw: float | None
    unit: str
    target: str
    met: bool
    notes: str = ""

    @property
    def ratio(self) -> float | None:
        """ours / raw."""
        if self.raw is None or self.raw <= 0:
            return None
        return self.ours / self.raw


@dataclass
class Document:
    """Everything the Markdown page shows."""

    title: str
    facts: list[tuple[str, str]]
    rows: list[Row]
    method: str
    sections: list[tuple[str, str]] = field(default_factory=list)


def median(values: Sequence[float]) -> float:
    """The median (of one value: itself)."""
    return float(statistics.median(values))


def format_value(value: float, unit: str) -> str:
    """Seconds as ``1.234 s`` or ``43.1 ms``; bytes as ``38.2 MB`` (10^6 bytes); counts as ``12 rows``."""
    if unit == "B":
        return f"{value / 1e6:.1f} MB"
    if unit == "rows":
        return f"{value:,.0f} rows"
    if value < 0.1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.3f} s"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| Scenario | Ours (median) | Raw (median) | Ours/raw | Target | Result | Notes |",
        "|---|---:|---:|---:|---|---|---|",
    ]
    for row in rows:
        ratio = row.ratio
        cells = [
            row.scenario,
            format_value(row.ours, row.unit),
            "-" if row.raw is None else format_value(row.raw, row.unit),
            "-" if ratio is None else f"{ratio:.2f}x",
            row.target,
            "pass" if row.met else "**MISS**",
            row.notes,
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def render_summary(rows: Sequence[Row]) -> str:
    """One line: how many targets were met, and which were missed."""
    missed = [row.scenario for row in rows if not row.met]
    if not missed:
        return f"All {len(rows)} targets met."
    return f"{len(rows) - len(missed)} of {len(rows)} targets met. **Missed:** " + "; ".join(missed) + "."


def render_document(doc: Document) -> str:
    """The whole page, in MyST Markdown."""
    parts = [f"# {doc.title}", ""]
    parts += [f"- **{name}:** {value}" for name, value in doc.facts]
    parts += ["", "## Results", "", render_table(doc.rows), "", render_summary(doc.rows), ""]
    parts += ["## Method", "", doc.method, ""]
    for heading, body in doc.sections:
        parts += [f"## {heading}", "", body.rstrip(), ""]
    return "\n".join(parts)
