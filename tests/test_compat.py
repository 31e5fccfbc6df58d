"""Drop-in gaps of the official SDK 1.6 closed here: models its programs name, its public names, and the
1.6 values that today's service refuses (translated on the wire)."""

from __future__ import annotations

import pytest

from root import RootSignals
from root.emulator.catalog import BUILTIN_MODELS

# Each is named by the service's own material (see the comments in root/emulator/catalog.py).
NAMED_BY_THE_SERVICE = ["gemini-2.0-flash", "gpt-4", "gpt-4-turbo", "gpt-4o", "gemini-3-flash", "gpt-5.4", "gpt-5.2"]


def test_the_catalog_holds_the_models_the_service_names() -> None:
    assert set(NAMED_BY_THE_SERVICE) <= {m.name for m in BUILTIN_MODELS}


@pytest.mark.parametrize("model", NAMED_BY_THE_SERVICE)
def test_an_evaluator_on_a_named_model_is_created_and_runs(client: RootSignals, model: str) -> None:
    evaluator = client.evaluators.create(
        name=f"on {model}",
        predicate="Is this clear? {{response}}",
        intent="Clarity",
        model=model,
    )
    assert evaluator.models == [model]
    assert 0.0 <= evaluator.run(response="Plain words.").score <= 1.0
