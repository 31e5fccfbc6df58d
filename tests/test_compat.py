"""Drop-in gaps of the official SDK 1.6 closed here: models its programs name, its public names, and the
1.6 values that today's service refuses (translated on the wire)."""

from __future__ import annotations

import functools
import importlib
import pickle
import subprocess
import sys
from typing import Any
from unittest import mock

import pytest

from root import RootSignals
from root._official_names import LEFT_OUT, OFFERED
from root._translations import TODAY, translated
from root.emulator.catalog import BUILTIN_MODELS
from root.generated.openapi_aclient.api.objectives_api import ObjectivesApi as AsyncObjectivesApi
from root.generated.openapi_aclient.models.objective import Objective as AGeneratedObjective
from root.generated.openapi_client.api.objectives_api import ObjectivesApi as SyncObjectivesApi
from root.generated.openapi_client.models.objective import Objective as GeneratedObjective
from root.objectives import AObjective, Objective
from root.utils import aiterate_cursor_list, iterate_cursor_list

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


# -- Names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("module_name", "name"), [(m, n) for m, t in OFFERED.items() for n in t])
def test_an_offered_1_6_name_is_there_with_its_meaning(module_name: str, name: str) -> None:
    module = importlib.import_module(module_name)
    target = OFFERED[module_name][name]
    path, _, attribute = target.partition(":")
    expected = importlib.import_module(path)
    if attribute:
        expected = getattr(expected, attribute)
    assert getattr(module, name) is expected
    assert name in dir(module)
    exec(f"from {module_name} import {name}", {})


@pytest.mark.parametrize(("module_name", "name"), [(m, n) for m, t in LEFT_OUT.items() for n in t])
def test_a_left_out_1_6_name_fails_loudly_and_says_where_it_lives(module_name: str, name: str) -> None:
    module = importlib.import_module(module_name)
    with pytest.raises(AttributeError, match="left out on purpose") as info:
        getattr(module, name)
    assert LEFT_OUT[module_name][name] in str(info.value)
    # A 1.6 test that patches it fails instead of silently patching nothing.
    with pytest.raises(AttributeError), mock.patch(f"{module_name}.{name}"):
        pass
    assert name not in dir(module)


def test_an_unknown_name_is_a_plain_attribute_error() -> None:
    import root.skills

    with pytest.raises(AttributeError, match=r"has no attribute 'Nonsense'$"):
        root.skills.Nonsense  # noqa: B018


def test_the_subpackages_are_attributes_of_root_as_in_1_6() -> None:
    code = "import root; print(root.client.RootSignals.__name__, root.generated.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["RootSignals", "root.generated"]


def test_the_offered_names_load_only_when_used() -> None:
    code = (
        "import sys, root.datasets, root.execution_logs, root.models, root.utils; "
        "print([m for m in sys.modules if m.startswith('root.generated') or m == 'pydantic'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_objectives_are_the_1_6_objective_classes(client: RootSignals) -> None:
    created = client.objectives.create(intent="Answers are polite")
    fetched = client.objectives.get(created.id)
    updated = client.objectives.update(created.id, intent="Answers are very polite")
    for objective in (created, fetched, updated):
        assert type(objective) is Objective
        assert isinstance(objective, GeneratedObjective)
        assert objective.client_context == client.objectives.client_context
    assert updated.intent == "Answers are very polite"
    acreated = await client.objectives.acreate(intent="Async")
    afetched = await client.objectives.aget(acreated.id)
    aupdated = await client.objectives.aupdate(acreated.id, intent="Async too")
    for objective in (acreated, afetched, aupdated):
        assert type(objective) is AObjective
        assert isinstance(objective, AGeneratedObjective)
    copy = pickle.loads(pickle.dumps(fetched))
    assert (type(copy), copy.id, copy.intent, copy.client_context) == (Objective, fetched.id, fetched.intent, None)
    with pytest.raises(ValueError, match="Wrong instance"):
        Objective._wrap("not an objective", client.objectives.client_context)  # type: ignore[arg-type]


async def test_the_1_6_paging_helpers_walk_every_page(client: RootSignals) -> None:
    for i in range(5):
        client.objectives.create(intent=f"Paged {i}")
    with client.client_context() as api_client:
        listing = functools.partial(SyncObjectivesApi(api_client).objectives_list, _request_timeout=(5.0, 30.0))
        items = list(iterate_cursor_list(listing, limit=4))
        everything = list(iterate_cursor_list(functools.partial(listing, page_size=2), limit=100))
    assert len(items) == 4
    assert len({o.id for o in everything}) == len(everything) >= 5
    async with client.client_context() as async_api_client:
        alisting = functools.partial(AsyncObjectivesApi(async_api_client).objectives_list, _request_timeout=(5.0, 30.0))
        pages = [page async for page in aiterate_cursor_list(alisting, limit=4)]
    assert sum(len(page) for page in pages) == 4
    assert all(isinstance(page, list) for page in pages)
