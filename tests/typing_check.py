"""Type-checked by `make typecheck` and tests/test_typing.py (mypy --strict): right calls are clean.

``assert_type`` fails the check when a type is ``Any``, so these lines prove that type checkers see the
real signatures and results, not ``(*Any, **Any) -> Any``.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Literal

from typing_extensions import assert_type

from root import NOT_GIVEN, RootSignals
from root.generated.openapi_aclient.models.evaluator_execution_result import (
    EvaluatorExecutionResult as AsyncExecutionResult,
)
from root.generated.openapi_aclient.models.model import Model as AsyncModel
from root.generated.openapi_aclient.models.model_list import ModelList as AsyncModelList
from root.generated.openapi_client.models.evaluator_execution_result import EvaluatorExecutionResult
from root.generated.openapi_client.models.evaluator_list_output import EvaluatorListOutput
from root.generated.openapi_client.models.model import Model
from root.generated.openapi_client.models.model_list import ModelList
from root.models import Models
from root.skills import Evaluator, Evaluators, PresetEvaluatorRunner


def sync_usage(client: RootSignals) -> tuple[str, Model, Iterator[ModelList]]:
    model_id = client.models.create(name="x", max_output_token_count=900)
    assert_type(model_id, str)
    model = client.models.update(model_id, url=None, name=NOT_GIVEN, max_token_count=None)
    assert_type(model, Model)
    assert_type(client.models.delete(model_id), None)
    fetched = client.models.get(model_id, _request_timeout=5)
    # As the docs show them: a uuid.UUID id (README, quickstart) and a fractional timeout (emulator guide).
    assert_type(client.models.get(uuid.UUID(model_id), _request_timeout=0.2), Model)
    client.models.delete(uuid.UUID(model_id), _request_timeout=2.5)
    assert_type(fetched.id, str)
    assert_type(fetched.max_token_count, int | None)
    listing = client.models.list(limit=3, capable_of=["vision"])
    assert_type(listing, Iterator[ModelList])
    for listed in listing:
        assert_type(listed.id, str)
    assert model.id == fetched.id
    return model_id, model, client.models.list(limit=3)


async def async_usage(client: RootSignals) -> tuple[str, AsyncModel, AsyncIterator[AsyncModelList]]:
    model_id = await client.models.acreate(name="x", default_key=None)
    assert_type(model_id, str)
    model = await client.models.aupdate(model_id, name="y")
    assert_type(model, AsyncModel)
    assert_type(await client.models.adelete(model_id), None)
    async with RootSignals(api_key="k") as other:
        assert_type(await other.models.aget(str(uuid.uuid4())), AsyncModel)
    listing = client.models.alist(capable_of=["vision"])
    assert_type(listing, AsyncIterator[AsyncModelList])
    async for listed in client.models.alist(limit=2):
        assert_type(listed.name, str)
    return model_id, model, listing


def by_hand(client: RootSignals) -> str:
    models = Models(client.client_context)
    return models.create(name="by hand")


def other_resources(client: RootSignals) -> None:
    from root.generated.openapi_client.models.data_set_create import DataSetCreate
    from root.generated.openapi_client.models.execution_log_details import ExecutionLogDetails
    from root.generated.openapi_client.models.execution_log_list import ExecutionLogList
    from root.generated.openapi_client.models.paginated_objective_list import PaginatedObjectiveList
    from root.objectives import Objective  # the official SDK 1.6's class: the generated Objective, and more

    objective = client.objectives.create(intent="polite", test_dataset_id=uuid.uuid4())
    assert_type(objective, Objective)
    assert_type(client.objectives.update(objective.id, test_dataset_id=None), Objective)
    assert_type(client.objectives.versions.list(objective.id), PaginatedObjectiveList)
    assert_type(client.datasets.create(name="d", path="d.csv", type="test"), DataSetCreate)
    assert_type(client.execution_logs.list(tags=["a"], include=["llm_output"]), Iterator[ExecutionLogList])
    assert_type(client.execution_logs.get(log_id=uuid.uuid4()), ExecutionLogDetails)


async def other_resources_async(client: RootSignals) -> None:
    from root.generated.openapi_aclient.models.objective_list import ObjectiveList as AsyncObjectiveList
    from root.objectives import AObjective as AsyncObjective

    assert_type(await client.objectives.acreate(intent="polite"), AsyncObjective)
    assert_type(client.objectives.alist(intent="polite"), AsyncIterator[AsyncObjectiveList])


def evaluators_usage(client: RootSignals) -> Evaluator:
    evaluator = client.evaluators.create(name="polite", predicate="Polite? {{response}}", model="gpt-4o")
    assert_type(evaluator, Evaluator)
    assert_type(evaluator.run(response="Thanks"), EvaluatorExecutionResult)
    assert_type(client.evaluators.Helpfulness, PresetEvaluatorRunner)
    assert_type(client.evaluators.Helpfulness(response="See the Careers page."), EvaluatorExecutionResult)
    assert_type(client.evaluators.Faithfulness("r", "q", ["c"]).score, float | int | None)
    assert_type(Evaluators.Eval.Truthfulness.value, Literal["053df10f-b0c7-400b-892e-46ce3aa1e430"])
    assert_type(client.evaluators.run_by_name("Clarity", response="r"), EvaluatorExecutionResult)
    return evaluator


async def async_evaluators_usage(client: RootSignals) -> AsyncExecutionResult:
    evaluator = await client.evaluators.acreate(name="polite", predicate="Polite? {{response}}")
    assert_type(await evaluator.arun(response="Thanks"), AsyncExecutionResult)
    return await client.evaluators.Politeness.arun(response="Thanks")


def judges_usage(client: RootSignals) -> None:
    from root.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest
    from root.generated.openapi_client.models.judge_execution_response import JudgeExecutionResponse
    from root.generated.openapi_client.models.judge_generator_response import JudgeGeneratorResponse
    from root.judges import Judge, Judges

    assert_type(client.beta.judges, Judges)
    generated = client.judges.generate(intent="Check answers about returns", visibility="public", strict=True)
    assert_type(generated, JudgeGeneratorResponse)
    # As the official examples build them: a list of the generated model, then the list passed on.
    # As the judges guide shows it: a preset's id, a string.
    references = [EvaluatorReferenceRequest(id=Evaluators.Eval.Truthfulness.value)]
    judge = client.judges.create(name="Judge", intent="Check", evaluator_references=references)
    assert_type(judge, Judge)
    assert_type(client.judges.get(generated.judge_id), Judge)
    assert_type(judge.run(response="r", contexts=["c"]), JudgeExecutionResponse)
    assert_type(client.judges.run(judge.id, response="r", tags=["t"]), JudgeExecutionResponse)
    assert_type(client.judges.run_by_name("Judge", response="r"), JudgeExecutionResponse)
    assert_type(client.judges.update(judge.id, evaluator_references=[{"id": "x"}]), Judge)
    assert_type(client.judges.duplicate(judge.id), Judge)
    assert_type(client.judges.list(name="Judge"), Iterator[Judge])
    assert_type(client.judges.delete(judge.id), None)


async def judges_usage_async(client: RootSignals) -> None:
    from root.generated.openapi_aclient.models.evaluator_reference_request import (
        EvaluatorReferenceRequest as AsyncEvaluatorReferenceRequest,
    )
    from root.generated.openapi_aclient.models.judge_execution_response import (
        JudgeExecutionResponse as AsyncJudgeExecutionResponse,
    )
    from root.judges import AJudge

    references = [AsyncEvaluatorReferenceRequest(id=str(uuid.uuid4()))]
    judge = await client.judges.acreate(name="Judge", intent="Check", evaluator_references=references)
    assert_type(judge, AJudge)
    assert_type(await judge.arun(response="r"), AsyncJudgeExecutionResponse)
    assert_type(await client.judges.arun_by_name("Judge", response="r"), AsyncJudgeExecutionResponse)
    assert_type(client.judges.alist(limit=5), AsyncIterator[AJudge])


def ids_usage(client: RootSignals, dataset_id: str) -> None:
    """Ids are strings, and what the SDK hands out goes back in (docs/guides/resources.md, judges.md)."""
    from root.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest
    from root.skills import ReferenceVariable

    reference = EvaluatorReferenceRequest(id=Evaluators.Eval.Truthfulness.value)
    assert_type(reference.id, str)
    objective = client.objectives.create(intent="Brief answers")
    assert_type(objective.id, str)
    evaluator = client.evaluators.create(name="Brevity", predicate="Is {{response}} brief?", objective_id=objective.id)
    assert_type(evaluator.id, str)
    dataset = client.datasets.get(dataset_id)
    if dataset.id is not None:
        ReferenceVariable(name="policy", dataset_id=dataset.id)
        client.evaluators.calibrate_existing(evaluator.id, test_dataset_id=dataset.id)
    client.evaluators.run(evaluator.id, response="Yes.", evaluator_version_id=evaluator.version_id)
    client.evaluators.run(uuid.UUID(evaluator.id), response="Yes.", evaluator_version_id=uuid.uuid4())
    judge = client.judges.create(name="Judge", intent="Check", evaluator_references=[reference])
    assert {e.id for e in judge.evaluators} == {Evaluators.Eval.Truthfulness.value}
    for listed in client.execution_logs.list(limit=None):
        assert_type(listed.id, str)
    assert_type(client.evaluators.list(limit=None), Iterator[EvaluatorListOutput])


async def ids_usage_async(client: RootSignals, log_id: str) -> None:
    log = await client.execution_logs.aget(log_id=log_id)
    if log.executed_item_id is not None:
        await client.evaluators.arun(
            log.executed_item_id, response="Yes.", evaluator_version_id=log.executed_item_version_id
        )
    async for objective in client.objectives.alist(limit=None):
        assert_type(objective.id, str)


async def more_usage(client: RootSignals, evaluator_id: str, log_id: str) -> None:
    """Issue 21's "more" operations: YAML is text both ways, ids go in as str or UUID."""
    from root.generated.openapi_aclient.models.judge_synthetic_data import JudgeSyntheticData as AJudgeSyntheticData
    from root.generated.openapi_aclient.models.model_test_response import ModelTestResponse as AModelTestResponse
    from root.generated.openapi_client.models.judge_synthetic_data import JudgeSyntheticData
    from root.generated.openapi_client.models.model_test_response import ModelTestResponse
    from root.judges import AJudge, Judge
    from root.skills import AEvaluator

    document = client.evaluators.export_yaml(uuid.UUID(evaluator_id))
    assert_type(document, str)
    assert_type(client.evaluators.import_yaml(document, overwrite=True), Evaluator)
    assert_type(await client.evaluators.aimport_yaml(await client.evaluators.aexport_yaml(evaluator_id)), AEvaluator)
    assert_type(client.execution_logs.set_tags(log_ids=[log_id, uuid.uuid4()], tags=["a"]), None)
    assert_type(client.execution_logs.session_ids(starts_with="s"), list[str])
    assert_type(await client.execution_logs.auser_ids(), list[str])
    assert_type(client.models.verify(model="gpt-4o"), ModelTestResponse)
    assert_type(await client.models.averify(model="gpt-4o", url="http://localhost:1"), AModelTestResponse)
    assert_type(client.judges.claim(uuid.uuid4()), Judge)
    assert_type(await client.judges.aclaim(str(uuid.uuid4())), AJudge)
    assert_type(client.judges.synthetic_data(evaluator_id), JudgeSyntheticData)
    assert_type(await client.judges.asynthetic_data(evaluator_id), AJudgeSyntheticData)


async def conversation_usage(client: RootSignals, evaluator: Evaluator, judge_id: str) -> None:
    """Runs of a conversation (docs/guides/multi-turn.md): turns of either package or dicts, and tools."""
    from root.generated.openapi_aclient.models.message_turn_request import MessageTurnRequest as ATurn
    from root.multiturn import AnyTurn, Role, Turn, Turns

    typed: Turns = [Turn(role=Role.USER, content="Hi"), Turn(role=Role.ASSISTANT, content="Hello")]
    mixed: list[AnyTurn] = [
        *typed,
        ATurn.model_validate({"role": "user", "content": "Bye"}),
        {"role": "assistant", "content": "Bye"},
    ]
    tools = [{"type": "function", "function": {"name": "weather"}}]
    assert_type(client.evaluators.Helpfulness(turns=typed, tools=tools, user_id="u"), EvaluatorExecutionResult)
    assert_type(client.evaluators.run("id", turns=mixed, session_id="s"), EvaluatorExecutionResult)
    assert_type(evaluator.run(turns=typed, system_prompt="Be brief", file_ids=[uuid.uuid4()]), EvaluatorExecutionResult)
    assert_type(await evaluator.arun(turns=mixed, file_ids=["id"]), AsyncExecutionResult)
    assert_type(await client.evaluators.Helpfulness.arun(turns=mixed), AsyncExecutionResult)
    client.judges.run(judge_id, turns=typed, tools=tools)
    await client.judges.arun_by_name("Judge", turns=mixed, user_id="u", session_id="s")
    client.evaluators.create(scoring_criteria="Is it polite? {{response}}", demonstration_dataset_id=uuid.uuid4())
    await client.evaluators.aupdate("id", scoring_criteria="Is it short? {{response}}")
