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

__all__ = ["INPUTS", "REQUIREMENTS", "SDKS", "Preset", "load_presets", "presets_for"]

INPUTS: Final = ("request", "response", "contexts", "expected_output", "functions", "turns", "tools")
"""The inputs a preset may need, as fields of the evaluator execution request."""

REQUIREMENTS: Final = {"tool_calls": "turns"}
"""What a preset may need of an input beyond its presence, each with the request field it is read from:
``tool_calls`` is a conversation (``turns``) in which at least one turn calls a tool."""

SDKS: Final = ("1.6", "1.15")
"""The official SDK generations: ``1.6`` is ``root-signals`` 1.6 (``from root import RootSignals``), ``1.15``
is ``scorable`` 1.15 (``from scorable import Scorable``)."""


class Preset(NamedTuple):
    """One preset evaluator of the service."""

    name: str
    """The attribute of ``client.evaluators`` and the member of ``Evaluators.Eval``."""
    id: str
    """The evaluator's id in the service."""
    inputs: tuple[str, ...]
    """What a run must carry besides the evaluator (of :data:`INPUTS`, and of :data:`REQUIREMENTS`)."""
    sdks: tuple[str, ...]
    """The official SDK generations (of :data:`SDKS`) whose ``Evaluators.Eval`` lists it."""

    @property
    def fields(self) -> tuple[str, ...]:
        """The request fields a run must carry: :attr:`inputs`, a requirement read as its field."""
        return tuple(dict.fromkeys(REQUIREMENTS.get(name, name) for name in self.inputs))


@functools.cache
def load_presets() -> tuple[Preset, ...]:
    """Every preset evaluator, in the table's order.

    Raises:
        ValueError: The shipped table is malformed (a name that is no identifier, a repeated name or
            id, an unknown input).
    """
    text = resources.files("root").joinpath("presets.json").read_text(encoding="utf-8")
    rows = json.loads(text)["presets"]
    presets = tuple(Preset(row["name"], row["id"], tuple(row["inputs"]), tuple(row["sdks"])) for row in rows)
    names = [p.name for p in presets]
    ids = [p.id for p in presets]
    for preset in presets:
        if not preset.name.isidentifier() or preset.name.startswith("_"):
            raise ValueError(f"root/presets.json: {preset.name!r} is not a public Python name")
        unknown = sorted(set(preset.inputs) - {*INPUTS, *REQUIREMENTS})
        if unknown:
            raise ValueError(f"root/presets.json: {preset.name} needs unknown input(s) {unknown}")
        if not preset.sdks or not set(preset.sdks) <= set(SDKS):
            wrong = list(preset.sdks)
            raise ValueError(f"root/presets.json: {preset.name} has sdks {wrong}, not a part of {list(SDKS)}")
    if len(set(names)) != len(names) or len(set(ids)) != len(ids):
        raise ValueError("root/presets.json repeats a name or an id")
    return presets


def presets_for(sdk: str) -> tuple[Preset, ...]:
    """The presets that the official SDK generation ``sdk`` (one of :data:`SDKS`) lists, in the table's order.

    Raises:
        ValueError: ``sdk`` is not one of :data:`SDKS`.
    """
    if sdk not in SDKS:
        raise ValueError(f"unknown SDK generation {sdk!r}; one of {list(SDKS)}")
    return tuple(p for p in load_presets() if sdk in p.sdks)
