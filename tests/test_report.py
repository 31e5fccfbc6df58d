"""``EvaluationResult.to_html``: a well-formed, self-contained page with one histogram per evaluator, the
comparison with a baseline drawn, everything from the data escaped, and the same bytes for the same
result."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from root.evaluation import EvaluationResult, RowResult, ScoreResult

HOSTILE = "<script>alert('x')</script> \"quoted\" ]]> &amp; </svg><img src=x onerror=alert(1)>"
REPO = Path(__file__).resolve().parents[1]
VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "embed", "source", "track", "wbr"}


class _Page(HTMLParser):
    """Checks that every element is closed in order, and gathers the tags, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.problems == []
    assert parser.open == [], f"unclosed: {parser.open}"
    return parser


def _result(shift: float, *, seed: int, n: int = 40, name: str = "Helpfulness") -> EvaluationResult:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        base = 0.5 + 0.3 * ((i * 7919) % 100) / 100  # the same per key in both runs: differences are the shift
        scores = {
            name: ScoreResult(score=min(1.0, max(0.0, base + shift + rng.uniform(-0.01, 0.01))), justification="fine"),
            "Politeness": ScoreResult(error="the service answered 503", error_type="ServiceUnavailableError")
            if i == 3
            else ScoreResult(score=rng.random()),
        }
        rows.append(
            RowResult(key=f"k{i}", inputs={"request": f"question {i}", "response": f"answer {i}"}, scores=scores)
        )
    return EvaluationResult(rows)


def _svgs(parsed: _Page, kind: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in parsed.tags if tag == "svg" and attrs.get("class") == kind]


def test_a_page_without_a_baseline(tmp_path: Path) -> None:
    result = _result(0.0, seed=1)
    path = tmp_path / "report.html"

    result.to_html(path)

    page = path.read_text(encoding="utf-8")
    parsed = _parse(page)
    histograms = _svgs(parsed, "histogram")
    assert [h["aria-label"] for h in histograms] == [
        "Distribution of the scores of Helpfulness",
        "Distribution of the scores of Politeness",
    ]
    assert _svgs(parsed, "forest") == []
    text = " ".join(parsed.text)
    assert "Evaluation report" in text
    summary = result.summary()["Helpfulness"]
    assert f"{summary.mean:.3f}" in text
    assert f"[{summary.ci_low:.3f}, {summary.ci_high:.3f}]" in text
    assert "Errors (1)" in text
    assert "ServiceUnavailableError: the service answered 503" in text
    assert "Compared with the baseline" not in text
    # Bars drawn: 40 scores spread over several bins.
    assert page.count('fill-opacity="0.75"') >= 3


def test_self_contained_nothing_is_fetched(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    _result(-0.2, seed=2).to_html(path, baseline=_result(0.0, seed=3))
    parsed = _parse(path.read_text(encoding="utf-8"))
    tags = {tag for tag, _ in parsed.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "image", "use"}
    for _, attrs in parsed.tags:
        for name, value in attrs.items():
            assert name not in ("src", "href"), (name, value)
            assert not name.startswith("on"), (name, value)
            assert "url(" not in (value or "")
    assert "@import" not in path.read_text(encoding="utf-8")
    assert "http://" not in " ".join(parsed.text)


def test_a_baseline_adds_the_comparison_drawn(tmp_path: Path) -> None:
    baseline = _result(0.0, seed=4)
    worse = _result(-0.2, seed=5)
    path = tmp_path / "report.html"

    worse.to_html(path, baseline=baseline, title="Prompt v2 against v1")

    page = path.read_text(encoding="utf-8")
    parsed = _parse(page)
    assert len(_svgs(parsed, "forest")) == 1
    assert len(_svgs(parsed, "histogram")) == 2
    text = " ".join(parsed.text)
    assert "Prompt v2 against v1" in text
    assert "Compared with the baseline" in text
    comparison = worse.compare(baseline)["Helpfulness"]
    assert comparison.verdict == "worse"
    assert f"{comparison.mean_difference:+.3f}" in text
    assert "0 / 40 / 0" in text  # improved / regressed / unchanged
    assert "Most regressed rows (40 regressed)" in text
    # the baseline's distribution over each histogram, and its mean
    assert page.count("<polyline") == 2
    assert re.search(r'<td class="worse">worse</td>', page)


def test_a_baseline_as_a_jsonl_path(tmp_path: Path) -> None:
    baseline, better = _result(0.0, seed=6), _result(0.1, seed=7)
    baseline.to_jsonl(tmp_path / "old.jsonl")

    better.to_html(tmp_path / "a.html", baseline=tmp_path / "old.jsonl")
    better.to_html(tmp_path / "b.html", baseline=baseline)

    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert page == (tmp_path / "b.html").read_text(encoding="utf-8")
    assert '<td class="better">better</td>' in page
    (tmp_path / "bad.jsonl").write_text("not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        better.to_html(tmp_path / "c.html", baseline=str(tmp_path / "bad.jsonl"))
    with pytest.raises(ValueError, match="confidence"):
        better.to_html(tmp_path / "c.html", confidence=1.5)


def test_everything_from_the_data_is_escaped(tmp_path: Path) -> None:
    def hostile(score: float) -> EvaluationResult:
        return EvaluationResult(
            [
                RowResult(
                    key=HOSTILE,
                    inputs={"request": HOSTILE, "response": HOSTILE, "contexts": [HOSTILE]},
                    scores={HOSTILE: ScoreResult(score=score, justification=HOSTILE)},
                ),
                RowResult(
                    key="k2",
                    inputs={"request": HOSTILE},
                    scores={HOSTILE: ScoreResult(error=HOSTILE, error_type="BadRequestError")},
                ),
            ]
        )

    path = tmp_path / "report.html"
    hostile(0.2).to_html(path, baseline=hostile(0.9), title=HOSTILE)

    page = path.read_text(encoding="utf-8")
    parsed = _parse(page)
    assert not any(tag in ("script", "img") for tag, _ in parsed.tags)
    assert "<script>" not in page
    assert "]]>" not in page
    assert "<img" not in page
    assert "</svg><" not in page
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    text = "".join(parsed.text)
    assert HOSTILE in text  # shown as text, as written
    labels = [attrs["aria-label"] for attrs in _svgs(parsed, "histogram")]
    assert labels == [f"Distribution of the scores of {HOSTILE}"]  # quotes in an attribute stay inside it


def test_the_same_result_gives_the_same_page(tmp_path: Path) -> None:
    baseline = _result(0.0, seed=8)
    _result(0.05, seed=9).to_html(tmp_path / "one.html", baseline=baseline, seed=3)
    _result(0.05, seed=9).to_html(tmp_path / "two.html", baseline=baseline, seed=3)
    _result(0.05, seed=9).to_html(tmp_path / "other.html", baseline=baseline, seed=4)

    one = (tmp_path / "one.html").read_bytes()
    assert one == (tmp_path / "two.html").read_bytes()
    assert one != (tmp_path / "other.html").read_bytes()  # the seed is the intervals' only randomness


def test_an_empty_result_and_one_without_scores(tmp_path: Path) -> None:
    EvaluationResult().to_html(tmp_path / "empty.html")
    text = " ".join(_parse((tmp_path / "empty.html").read_text(encoding="utf-8")).text)
    assert "0 rows" in text
    assert "No evaluator scored any row." in text

    odd = EvaluationResult([RowResult(key=str(s), inputs={}, scores={"X": ScoreResult(score=s)}) for s in (-1, 5)])
    odd.to_html(tmp_path / "odd.html")  # scores outside 0..1 land in the end bins
    assert (tmp_path / "odd.html").read_text(encoding="utf-8").count('fill-opacity="0.75"') == 2
    not_a_number = EvaluationResult([RowResult(key="n", inputs={}, scores={"X": ScoreResult(score=float("nan"))})])
    not_a_number.to_html(tmp_path / "nan.html")
    _parse((tmp_path / "nan.html").read_text(encoding="utf-8"))

    failed = EvaluationResult([RowResult(key="a", inputs={}, scores={"X": ScoreResult(error="down")})])
    failed.to_html(tmp_path / "failed.html", baseline=EvaluationResult())
    parsed = _parse((tmp_path / "failed.html").read_text(encoding="utf-8"))
    assert len(_svgs(parsed, "histogram")) == 1
    assert "The baseline has none of these evaluators." in " ".join(parsed.text)


def test_the_guides_example_page(tmp_path: Path) -> None:
    """docs/report_example.py, which every docs build runs: a page of its three evaluators, one better,
    one worse, one unchanged, as the shifts it applies say."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("report_example", REPO / "docs" / "report_example.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "example.html"

    module.write_example_report(path)

    parsed = _parse(path.read_text(encoding="utf-8"))
    assert len(_svgs(parsed, "histogram")) == 3
    assert len(_svgs(parsed, "forest")) == 1
    baseline, today = module.example_results()
    verdicts = {name: item.verdict for name, item in today.compare(baseline).items()}
    assert verdicts == {"Helpfulness": "better", "Faithfulness": "worse", "Politeness": "no detectable change"}
