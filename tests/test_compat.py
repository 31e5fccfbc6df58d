"""Drop-in gaps of the official SDK 1.6 closed here: models its programs name, its public names, and the
1.6 values that today's service refuses (translated on the wire)."""

from __future__ import annotations

from typing import Any

import pytest

from root import RootSignals
from root._translations import TODAY, translated
from root.emulator.catalog import BUILTIN_MODELS

from .contract_server import Sent, contract_server, new_id

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


# -- Translations to today's service ---------------------------------------------------------------------

TODAY_VISIBILITY = ["private", "public"]  # VisibilityEnum of today's contract (the Scorable API)


def _generated_judge(request: Sent) -> tuple[int, Any]:
    return 200, {"judge_id": new_id(), "judge_version_id": new_id(), "error_code": None}


@pytest.mark.parametrize(("given", "sent_as"), [(None, "private"), ("unlisted", "private"), ("public", "public")])
async def test_generate_sends_the_visibility_todays_service_accepts(given: str | None, sent_as: str) -> None:
    arguments: dict[str, Any] = {} if given is None else {"visibility": given}
    with contract_server(_generated_judge) as (url, sent), RootSignals(api_key="k", base_url=url) as client:
        client.judges.generate(intent="Check answers about returns", **arguments)
        await client.judges.agenerate(intent="Check answers about returns", **arguments)
    assert [r.json()["visibility"] for r in sent] == [sent_as, sent_as]
    assert sent_as in TODAY_VISIBILITY


def test_every_translation_lands_in_todays_values() -> None:
    for (model, field), table in TODAY.items():
        assert model in {"JudgeGeneratorRequest", "JudgeRequest", "PatchedJudgeRequest"}
        assert field == "visibility"
        assert set(table.values()) <= set(TODAY_VISIBILITY)
        assert set(table) == {"global", "listed", "unlisted"}  # every 1.6 value, none widened
        assert table["listed"] == table["unlisted"] == "private"


def test_values_of_today_and_other_fields_are_kept() -> None:
    body = {"visibility": "private", "intent": "unlisted", "stage": "global"}
    assert translated("JudgeGeneratorRequest", body) == body
    assert translated("ModelRequest", {"visibility": "unlisted"}) == {"visibility": "unlisted"}
