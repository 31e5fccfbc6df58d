"""The service's preset evaluators, read from the one table the package ships: ``root/presets.json``.

The presets (``client.evaluators.Helpfulness``, ``Evaluators.Eval.Truthfulness``) are facts of the
service, not code: their names, ids and the inputs each run needs are written once, in that table, and
read from it by the SDK (:mod:`root.skills`), its type stub (``root/_preset_attributes.pyi``, written by
``scripts/generate_presets_stub.py``), the docs (``docs/conf.py``) and the emulator.

This module imports nothing of the SDK's client, so the emulator may import it on its own.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Final, NamedTuple

__all__ = ["INPUTS", "Preset", "load_presets"]

INPUTS: Final = ("request", "response", "contexts", "expected_output", "functions")
"""The inputs a preset may need, as fields of the evaluator execution request."""


class Preset(NamedTuple):
    """One preset evaluator of the service."""

    name: str
    """The attribute of ``client.evaluators`` and the member of ``Evaluators.Eval``."""
    id: str
    """The evaluator's id in the service."""
    inputs: tuple[str, ...]
    """What a run must carry besides the evaluator (a subset of :data:`INPUTS`)."""


@functools.cache
def load_presets() -> tuple[Preset, ...]:
    """Every preset evaluator, in the table's order.

    Raises:
        ValueError: The shipped table is malformed (a name that is no identifier, a repeated name or
            id, an unknown input).
    """
    text = resources.files("root").joinpath("presets.json").read_text(encoding="utf-8")
    rows = json.loads(text)["presets"]
    presets = tuple(Preset(row["name"], row["id"], tuple(row["inputs"])) for row in rows)
    names = [p.name for p in presets]
    ids = [p.id for p in presets]
    for preset in presets:
        if not preset.name.isidentifier() or preset.name.startswith("_"):
            raise ValueError(f"root/presets.json: {preset.name!r} is not a public Python name")
        unknown = sorted(set(preset.inputs) - set(INPUTS))
        if unknown:
            raise ValueError(f"root/presets.json: {preset.name} needs unknown input(s) {unknown}")
    if len(set(names)) != len(names) or len(set(ids)) != len(ids):
        raise ValueError("root/presets.json repeats a name or an id")
    return presets
