"""Write root/_preset_attributes.pyi from root/presets.json: how type checkers see the preset evaluators.

At run time :mod:`root.skills` builds ``Evaluators.<preset>``, ``Evaluators.Eval`` and
``Evaluators.EvaluatorName`` from the table; type checkers cannot read a table, so they read this stub,
which only this script writes. ``--check`` exits with 1 when the stub differs from what the table gives
(tests/test_presets.py runs it).

    python scripts/generate_presets_stub.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STUB = REPO / "root" / "_preset_attributes.pyi"


def render() -> str:
    sys.path.insert(0, str(REPO))
    from root._presets import load_presets

    presets = load_presets()
    lines = [
        '"""The preset evaluators as type checkers see them on ``root.skills.Evaluators``.',
        "",
        "Written by scripts/generate_presets_stub.py from root/presets.json; do not edit.",
        '"""',
        "",
        "from enum import Enum",
        "from typing import Literal",
        "",
        "from root.skills import PresetEvaluatorRunner",
        "",
        "class PresetAttributes:",
        '    """The preset evaluators: one runner attribute each, ``Eval`` and ``EvaluatorName``."""',
        "",
        "    class Eval(Enum):",
        '        """Every preset evaluator of the service, with its id as the value."""',
        "",
    ]
    lines += [f'        {p.name} = "{p.id}"' for p in presets]
    lines += ["", "    EvaluatorName = Literal["]
    lines += [f'        "{p.name}",' for p in presets]
    lines += ["    ]", ""]
    lines += [f"    {p.name}: PresetEvaluatorRunner" for p in presets]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not STUB.exists() or STUB.read_text(encoding="utf-8") != text:
            print(f"{STUB.relative_to(REPO)} differs from root/presets.json: run python {Path(__file__).name}")
            return 1
        return 0
    STUB.write_text(text, encoding="utf-8")
    print(f"wrote {STUB.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
