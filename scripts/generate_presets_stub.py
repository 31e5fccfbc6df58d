"""Write root/_preset_attributes.pyi and scorable/_preset_attributes.pyi from root/presets.json: how type
checkers see the preset evaluators of each face.

At run time :mod:`root.skills` (every preset) and :mod:`scorable.skills` (those of the official SDK 1.15)
build ``Evaluators.<preset>``, ``Evaluators.Eval`` and ``Evaluators.EvaluatorName`` from the table; type
checkers cannot read a table, so they read these stubs, which only this script writes. ``--check`` exits
with 1 when a stub differs from what the table gives (tests/test_skills.py runs it).

    python scripts/generate_presets_stub.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STUB = REPO / "root" / "_preset_attributes.pyi"
SCORABLE_STUB = REPO / "scorable" / "_preset_attributes.pyi"


def render(face: str = "root") -> str:
    sys.path.insert(0, str(REPO))
    from root._presets import load_presets, presets_for

    presets = load_presets() if face == "root" else presets_for("1.15")
    lines = [
        f'"""The preset evaluators as type checkers see them on ``{face}.skills.Evaluators``.',
        "",
        "Written by scripts/generate_presets_stub.py from root/presets.json; do not edit.",
        '"""',
        "",
        "from enum import Enum",
        "from typing import Literal",
        "",
        f"from {face}.skills import PresetEvaluatorRunner",
        "",
        "class PresetAttributes:",
        '    """The preset evaluators: one runner attribute each, ``Eval`` and ``EvaluatorName``."""',
        "",
        "    class Eval(Enum):",
        '        """Every preset evaluator of the service, with its id as the value."""'
        if face == "root"
        else '        """Every preset evaluator of the scorable API, with its id as the value."""',
        "",
    ]
    lines += [f'        {p.name} = "{p.id}"' for p in presets]
    lines += ["", "    EvaluatorName = Literal["]
    lines += [f'        "{p.name}",' for p in presets]
    lines += ["    ]", ""]
    lines += [f"    {p.name}: PresetEvaluatorRunner" for p in presets]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    status = 0
    for face, stub in (("root", STUB), ("scorable", SCORABLE_STUB)):
        text = render(face)
        if "--check" in argv:
            if not stub.exists() or stub.read_text(encoding="utf-8") != text:
                print(f"{stub.relative_to(REPO)} differs from root/presets.json: run python {Path(__file__).name}")
                status = 1
            continue
        stub.write_text(text, encoding="utf-8")
        print(f"wrote {stub.relative_to(REPO)}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
