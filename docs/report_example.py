"""The example report page of the evaluation guide, made afresh by every docs build (see conf.py).

Synthetic, seeded data: 200 answers scored by three evaluators, before and after a change that helps
one, hurts another and leaves the third alone, with a few failed runs. The same seed gives the same page.
"""

from __future__ import annotations

import random
from pathlib import Path

from root.evaluation import EvaluationResult, RowResult, ScoreResult

SEED = 23
ROWS = 200
SHIFTS = {"Helpfulness": 0.06, "Faithfulness": -0.08, "Politeness": 0.0}
"""How much the change moves each evaluator's scores, on average."""


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def example_results() -> tuple[EvaluationResult, EvaluationResult]:
    """The baseline and the new run, paired by key."""
    rng = random.Random(SEED)
    before, after = [], []
    for i in range(ROWS):
        key = f"q{i:03d}"
        inputs = {"request": f"Customer question {i}?", "response": f"Answer {i}."}
        old_scores, new_scores = {}, {}
        for name, shift in SHIFTS.items():
            quality = rng.betavariate(5, 2)
            old = _clip(round(quality + rng.gauss(0, 0.05), 2))
            new = _clip(round(quality + shift + rng.gauss(0, 0.05), 2))
            old_scores[name] = ScoreResult(score=old, justification=f"{name}: {'good' if old > 0.6 else 'weak'}.")
            if i % 67 == 5 and name == "Faithfulness":
                new_scores[name] = ScoreResult(
                    error="The service answered 503 after 8 retries", error_type="ServiceUnavailableError"
                )
            else:
                new_scores[name] = ScoreResult(score=new, justification=f"{name}: {'good' if new > 0.6 else 'weak'}.")
        before.append(RowResult(key=key, inputs=inputs, scores=old_scores))
        after.append(RowResult(key=key, inputs=inputs, scores=new_scores))
    return EvaluationResult(before), EvaluationResult(after)


def write_example_report(path: Path) -> None:
    """Write the example page to ``path``."""
    baseline, today = example_results()
    path.parent.mkdir(parents=True, exist_ok=True)
    today.to_html(path, baseline=baseline, title="Example: the new prompt against yesterday's")
