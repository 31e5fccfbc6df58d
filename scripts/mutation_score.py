"""Print the mutation score of a `make mutation` run from mutmut's exported statistics.

Usage: python scripts/mutation_score.py mutants/mutmut-cicd-stats.json

The score is caught / (caught + survived + reached by no test), where caught means killed (a test
failed) or timed out, as mutmut counts them. Suspicious runs (an unexpected exit) and crashes are listed
beside it, outside the score.
"""

from __future__ import annotations

import json
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as file:
        stats = json.load(file)
    caught = stats["killed"] + stats["timeout"]
    ran = caught + stats["survived"] + stats["no_tests"]
    if not ran:
        print("mutation: no mutant ran")
        return 1
    print(
        f"mutation score: {caught / ran:.1%} ({caught} of {ran} mutants caught; {stats['survived']} survived, "
        f"{stats['no_tests']} reached by no test; outside the score: {stats['suspicious']} suspicious, "
        f"{stats['segfault']} crashed, {stats['skipped']} skipped)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
