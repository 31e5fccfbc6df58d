"""One program, written for the official SDK 1.6.5's documented API, that both SDKs run step by step.

``python scenario.py BASE_URL API_KEY OUT.json`` drives every public method of every sub-API, sync and
async, every preset evaluator by attribute and by name, listings over several pages, and the failures
(404, 400, 401, 429, 5xx, a timeout) against an emulator started for this run alone. For each step it
records, as JSON, what the call returned (:func:`describe`) or raised (the exception's MRO), and the
requests the step sent, from the emulator's request log (``/_emulator/requests``, emptied after each
step). It does not normalise anything: ``scripts/parity/compare.py`` does that for both runs alike.

It imports only the standard library, ``root`` and ``scenario_kit`` (the helpers it shares with
``scenario_1_15.py``), so the same file runs under either interpreter.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import traceback
from typing import Any

from scenario_kit import (
    API_KEY,
    BASE_URL,
    MISSING,
    PAGE_SIZE,
    admin,
    api,
    astep,
    attr,
    common_failures,
    presets,
    save,
    step,
    steps,
    wire,
)

from root import RootSignals


def setup_evaluator(name: str) -> str:
    objective = api("POST", "/v1/objectives/", {"intent": f"intent of {name}"})
    body = {
        "name": name,
        "objective_id": objective["id"],
        "scoring_criteria": "Is this answer polite: {{response}}",
        # The 1.6 models require a prompt and a status in what they read back.
        "prompt": "Is this answer polite: {{response}}",
        "status": "unlisted",
        "models": ["gpt-4o"],
    }
    evaluator_id: str = api("POST", "/v1/evaluators/", body)["id"]
    wire()  # setup, not a step
    return evaluator_id


def setup_dataset(name: str) -> str:
    dataset_id: str = api(
        "POST", "/v1/datasets/", {"name": name, "type": "reference"}, files={"file": ("parity.csv", CSV)}
    )["id"]
    wire()
    return dataset_id


CSV = "expected_score,request,response\n0.9,What is 2+2?,4\n0.1,What is 2+2?,5\n"


def sync_part(client: RootSignals, csv_path: str) -> dict[str, Any]:
    made: dict[str, Any] = {}
    # models
    for i in range(5):
        made[f"model{i}"] = step(f"models.create #{i}", lambda i=i: client.models.create(name=f"parity-model-{i}"))
    step(
        "models.create with every option",
        lambda: client.models.create(
            name="parity-model-full", model="gpt-4o", max_output_token_count=1000, max_token_count=1000, url=None
        ),
    )
    step("models.list over pages", lambda: client.models.list(limit=7), listing=True)
    admin("POST", "config", {"next_style": "url"})
    step("models.list over pages, next as a URL", lambda: client.models.list(limit=7), listing=True)
    admin("POST", "config", {"next_style": "token"})
    wire()
    step("models.list capable_of", lambda: client.models.list(capable_of=["chat"], limit=3), listing=True)
    step("models.delete", lambda: client.models.delete(made["model4"]))
    # objectives
    for i in range(5):
        made[f"objective{i}"] = step(
            f"objectives.create #{i}", lambda i=i: client.objectives.create(intent=f"parity intent {i}")
        )
    objective_id = attr(made["objective0"], "id")
    step("objectives.get", lambda: client.objectives.get(objective_id))
    step("objectives.update", lambda: client.objectives.update(objective_id, intent="parity intent 0, updated"))
    step("objectives.list over pages", lambda: client.objectives.list(limit=5), listing=True)
    step("objectives.list by intent", lambda: client.objectives.list(intent="parity intent 1"), listing=True)
    step("objectives.versions.list", lambda: client.objectives.versions.list(objective_id))
    step("objectives.delete", lambda: client.objectives.delete(attr(made["objective4"], "id")))
    # datasets: the SDK's create, then a dataset both runs upload the same way
    dataset_id = setup_dataset("parity-dataset-2")
    step("datasets.get", lambda: client.datasets.get(dataset_id))
    step("datasets.list", lambda: client.datasets.list("parity", limit=3), listing=True)
    # evaluators: the SDK's creates, then evaluators both runs make the same way
    for i in range(4):
        made[f"evaluator{i}"] = setup_evaluator(f"parity-evaluator-{i}")
    evaluator_id = made["evaluator0"]
    evaluator = step("evaluators.get", lambda: client.evaluators.get(evaluator_id))
    step("evaluators.get_by_name", lambda: client.evaluators.get_by_name("parity-evaluator-1"))
    step("evaluators.list over pages", lambda: client.evaluators.list(limit=5), listing=True)
    step("evaluators.list by search_term", lambda: client.evaluators.list("parity-evaluator", limit=3), listing=True)
    step(
        "evaluators.list only_root_evaluators",
        lambda: client.evaluators.list(only_root_evaluators=True, limit=3),
        listing=True,
    )
    updated = step(
        "evaluators.update",
        lambda: client.evaluators.update(evaluator_id, predicate="Is this answer very polite: {{response}}"),
    )
    step("evaluators.versions.list", lambda: client.evaluators.versions.list(evaluator_id))
    result = step("evaluators.run", lambda: client.evaluators.run(evaluator_id, response="Thank you!", tags=["parity"]))
    made["result"] = result
    step(
        "evaluators.run with evaluator_version_id",
        lambda: client.evaluators.run(
            evaluator_id, response="Thanks.", evaluator_version_id=attr(updated, "version_id")
        ),
    )
    step("evaluators.run_by_name", lambda: client.evaluators.run_by_name("parity-evaluator-1", response="Hello."))
    step("Evaluator.run", lambda: evaluator.run(response="Thank you kindly."))
    step(
        "evaluators.calibrate_existing",
        lambda: client.evaluators.calibrate_existing(evaluator_id, test_data=[["0.9", "Thank you!"], ["0.1", "No."]]),
    )
    step(
        "evaluators.calibrate",
        lambda: client.evaluators.calibrate(
            name="parity-calibrate", test_data=[["0.5", "Hello"]], prompt="Is it polite: {{response}}", model="gpt-4o"
        ),
    )
    step(
        "evaluators.calibrate_batch",
        lambda: _calibrate_batch(client),
    )
    # presets, by attribute and by name
    eval_enum = type(client.evaluators).Eval
    for name in presets(eval_enum):
        step(f"preset {name} by attribute", lambda name=name: getattr(client.evaluators, name)(**PRESET_INPUTS))
    for name, member in presets(eval_enum).items():
        service_name = api("GET", f"/v1/evaluators/{member.value}/")["name"]
        wire()
        step(f"preset {name} by name", lambda n=service_name: client.evaluators.run_by_name(n, **PRESET_INPUTS))
    # judges
    generated = step("judges.generate", lambda: client.judges.generate(intent="Answers must be polite and helpful"))
    step("judges.generate strict", lambda: client.judges.generate(intent="Check it [emulator:error]", strict=True))
    from root.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest

    references = [EvaluatorReferenceRequest(id=eval_enum.Politeness.value)]
    for i in range(3):
        made[f"judge{i}"] = step(
            f"judges.create #{i}",
            lambda i=i: client.judges.create(
                name=f"parity-judge-{i}", intent="Polite answers", evaluator_references=references
            ),
        )
    judge = made["judge0"]
    judge_id = attr(judge, "id")
    step("judges.get generated", lambda: client.judges.get(attr(generated, "judge_id")))
    step("judges.get", lambda: client.judges.get(judge_id))
    step("judges.list over pages", lambda: client.judges.list(limit=3), listing=True)
    step("judges.update", lambda: client.judges.update(judge_id, name="parity-judge-0-renamed"))
    step("judges.run", lambda: client.judges.run(judge_id, response="Thank you!", request="Hi", tags=["parity"]))
    step("judges.run_by_name", lambda: client.judges.run_by_name("parity-judge-1", response="Thanks."))
    step("Judge.run", lambda: judge.run(response="Thank you kindly."))
    step("beta.judges.get", lambda: client.beta.judges.get(judge_id))
    # execution logs
    step("execution_logs.list over pages", lambda: client.execution_logs.list(limit=5), listing=True)
    step("execution_logs.list by tags", lambda: client.execution_logs.list(tags=["parity"], limit=2), listing=True)
    step(
        "execution_logs.list include",
        lambda: client.execution_logs.list(include=["llm_output"], search_term="parity", limit=2),
        listing=True,
    )
    step("execution_logs.get by execution_result", lambda: client.execution_logs.get(execution_result=result))
    step("execution_logs.get by log_id", lambda: client.execution_logs.get(log_id=attr(result, "execution_log_id")))
    # after the execution log listings, which a failure here would otherwise change
    step("Judge.run on a listed judge", lambda: next(iter(client.judges.list(limit=1))).run(response="Listed."))
    # deletions last, so the listings above saw everything
    step("judges.delete", lambda: client.judges.delete(attr(made["judge2"], "id")))
    step("evaluators.delete", lambda: client.evaluators.delete(made["evaluator3"]))
    step("datasets.delete", lambda: client.datasets.delete(dataset_id))
    return made


def unsupported_creates(client: RootSignals, csv_path: str, objective_id: Any) -> None:
    """The creates that the official SDK cannot do against today's contract, last, so that both runs
    listed the same objects before."""
    step("datasets.create", lambda: client.datasets.create(name="parity-dataset", path=csv_path))
    for i in range(2):
        step(
            f"evaluators.create #{i}",
            lambda i=i: client.evaluators.create(
                name=f"parity-created-{i}",
                predicate="Is this answer polite: {{response}}",
                intent=f"parity evaluator intent {i}",
                model="gpt-4o",
            ),
        )
    step(
        "evaluators.create on an objective",
        lambda: client.evaluators.create(
            name="parity-evaluator-objective",
            predicate="Is this answer clear: {{response}}",
            objective_id=objective_id,
            model="gpt-4o",
        ),
    )


PRESET_INPUTS = {
    "request": "What is the capital of France?",
    "response": "Paris is the capital of France.",
    "contexts": ["Paris is the capital and largest city of France."],
    "expected_output": "Paris.",
}


def _calibrate_batch(client: RootSignals) -> Any:
    from root.skills import CalibrateBatchParameters

    definitions = [
        CalibrateBatchParameters(name="parity-batch-a", prompt="Is it polite: {{response}}", model="gpt-4o"),
        CalibrateBatchParameters(name="parity-batch-b", prompt="Is it kind: {{response}}", model="gpt-4o-mini"),
    ]
    return client.evaluators.calibrate_batch(evaluator_definitions=definitions, test_data=[["0.5", "Hello"]])


def failures(client: RootSignals, bad_key_client: RootSignals) -> None:
    step("404: objectives.get of a missing id", lambda: client.objectives.get(MISSING), kind="exception")
    step("404: judges.get of a missing id", lambda: client.judges.get(MISSING), kind="exception")
    from root.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest

    common_failures(client, bad_key_client, EvaluatorReferenceRequest)


async def async_part(client: RootSignals, csv_path: str) -> None:
    model = await astep("async models.acreate", lambda: client.models.acreate(name="parity-async-model"))
    await astep("async models.alist", lambda: client.models.alist(limit=3), listing=True)
    await astep("async models.adelete", lambda: client.models.adelete(model))
    objective = await astep("async objectives.acreate", lambda: client.objectives.acreate(intent="parity async"))
    objective_id = attr(objective, "id")
    await astep("async objectives.aget", lambda: client.objectives.aget(objective_id))
    await astep("async objectives.aupdate", lambda: client.objectives.aupdate(objective_id, intent="parity async 2"))
    await astep("async objectives.alist", lambda: client.objectives.alist(limit=3), listing=True)
    await astep("async objectives.versions.alist", lambda: client.objectives.versions.alist(objective_id))
    await astep("async objectives.adelete", lambda: client.objectives.adelete(objective_id))
    dataset_id = setup_dataset("parity-async-2")
    await astep("async datasets.aget", lambda: client.datasets.aget(dataset_id))
    await astep("async datasets.alist", lambda: client.datasets.alist("parity", limit=3), listing=True)
    await astep("async datasets.adelete", lambda: client.datasets.adelete(dataset_id))
    evaluator_id = setup_evaluator("parity-async-evaluator")
    evaluator = await astep("async evaluators.aget", lambda: client.evaluators.aget(evaluator_id))
    await astep("async evaluators.aget_by_name", lambda: client.evaluators.aget_by_name("parity-async-evaluator"))
    await astep("async evaluators.alist", lambda: client.evaluators.alist(limit=3), listing=True)
    await astep(
        "async evaluators.aupdate", lambda: client.evaluators.aupdate(evaluator_id, predicate="Kind? {{response}}")
    )
    await astep("async evaluators.versions.alist", lambda: client.evaluators.versions.alist(evaluator_id))
    result = await astep("async evaluators.arun", lambda: client.evaluators.arun(evaluator_id, response="Thanks!"))
    await astep(
        "async evaluators.arun_by_name", lambda: client.evaluators.arun_by_name("parity-async-evaluator", response="Hi")
    )
    await astep("async AEvaluator.arun", lambda: evaluator.arun(response="Thank you."))
    await astep(
        "async evaluators.acalibrate_existing",
        lambda: client.evaluators.acalibrate_existing(evaluator_id, test_data=[["0.9", "Thank you!"]]),
    )
    await astep(
        "async evaluators.acalibrate",
        lambda: client.evaluators.acalibrate(
            name="parity-acalibrate", test_data=[["0.5", "Hello"]], prompt="Polite? {{response}}", model="gpt-4o"
        ),
    )
    await astep("async evaluators.acalibrate_batch", lambda: _acalibrate_batch(client))
    for name in presets(type(client.evaluators).Eval):
        await astep(f"async preset {name} by attribute", lambda n=name: getattr(client.evaluators, n)(**PRESET_INPUTS))
    await astep("async preset by name", lambda: client.evaluators.arun_by_name("Politeness", **PRESET_INPUTS))
    await astep("async execution_logs.alist", lambda: client.execution_logs.alist(limit=3), listing=True)
    await astep("async execution_logs.aget", lambda: client.execution_logs.aget(execution_result=result))
    generated = await astep("async judges.agenerate", lambda: client.judges.agenerate(intent="Be factual"))
    from root.generated.openapi_aclient.models.evaluator_reference_request import EvaluatorReferenceRequest

    references = [EvaluatorReferenceRequest(id=type(client.evaluators).Eval.Clarity.value)]
    judge = await astep(
        "async judges.acreate",
        lambda: client.judges.acreate(name="parity-async-judge", intent="Clear", evaluator_references=references),
    )
    judge_id = attr(judge, "id")
    await astep("async judges.aget", lambda: client.judges.aget(attr(generated, "judge_id")))
    await astep("async judges.alist", lambda: client.judges.alist(limit=3), listing=True)
    await astep("async judges.aupdate", lambda: client.judges.aupdate(judge_id, name="parity-async-judge-2"))
    await astep("async judges.arun", lambda: client.judges.arun(judge_id, response="Clear answer."))
    await astep("async judges.arun_by_name", lambda: client.judges.arun_by_name("parity-async-judge-2", response="Hi"))
    await astep("async AJudge.arun", lambda: judge.arun(response="Clear."))
    await astep("async AJudge.arun on a listed judge", lambda: _arun_listed_judge(client))
    await astep("async judges.adelete", lambda: client.judges.adelete(judge_id))
    await astep("async evaluators.adelete", lambda: client.evaluators.adelete(evaluator_id))
    await astep("async 404: objectives.aget of a missing id", lambda: client.objectives.aget(MISSING), kind="exception")


async def async_unsupported_creates(client: RootSignals, csv_path: str) -> None:
    """As :func:`unsupported_creates`, asynchronously."""
    await astep("async datasets.acreate", lambda: client.datasets.acreate(name="parity-async", path=csv_path))
    await astep(
        "async evaluators.acreate",
        lambda: client.evaluators.acreate(
            name="parity-async-created", predicate="Is it polite: {{response}}", intent="async", model="gpt-4o"
        ),
    )


async def _arun_listed_judge(client: RootSignals) -> Any:
    async for judge in client.judges.alist(limit=1):
        return await judge.arun(response="Listed.")
    return None


async def _acalibrate_batch(client: RootSignals) -> Any:
    from root.skills import ACalibrateBatchParameters

    definitions = [ACalibrateBatchParameters(name="parity-abatch", prompt="Polite? {{response}}", model="gpt-4o")]
    return await client.evaluators.acalibrate_batch(evaluator_definitions=definitions, test_data=[["0.5", "Hello"]])


# A custom evaluator's emulated score hashes its (random) version id, so each one the scenario makes
# gets a verdict: both runs then score the same.
CUSTOM_EVALUATORS = [
    *(f"parity-evaluator-{i}" for i in range(4)),
    "parity-created-0",
    "parity-created-1",
    "parity-async-created",
    "parity-evaluator-objective",
    "parity-calibrate",
    "parity-batch-a",
    "parity-batch-b",
    "parity-async-evaluator",
    "parity-acalibrate",
    "parity-abatch",
]


def main() -> None:
    admin("POST", "config", {"max_page_size": PAGE_SIZE, "next_style": "token"})
    for name in CUSTOM_EVALUATORS:
        admin("POST", "verdicts", {"evaluator": name, "pattern": "", "score": 0.5, "justification": "Parity."})
    wire()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "parity.csv")
        with open(csv_path, "w", encoding="utf-8") as out:
            out.write(CSV)
        client = RootSignals(api_key=API_KEY, base_url=BASE_URL)
        bad_key_client = RootSignals(api_key="parity-wrong-key", base_url=BASE_URL)
        made: dict[str, Any] = {}
        try:
            made = sync_part(client, csv_path)
        except Exception:
            steps.append({"name": "sync part", "kind": "crash", "crash": traceback.format_exc(), "wire": wire()})
        failures(client, bad_key_client)
        async_client = RootSignals(api_key=API_KEY, base_url=BASE_URL, run_async=True)
        try:
            asyncio.run(async_part(async_client, csv_path))
        except Exception:
            steps.append({"name": "async part", "kind": "crash", "crash": traceback.format_exc(), "wire": wire()})
        try:
            unsupported_creates(client, csv_path, attr(made.get("objective0"), "id"))
            asyncio.run(async_unsupported_creates(async_client, csv_path))
        except Exception:
            steps.append({"name": "creates", "kind": "crash", "crash": traceback.format_exc(), "wire": wire()})
        for each in (client, bad_key_client):
            close = getattr(each, "close", None)
            if callable(close):
                close()
    save()


if __name__ == "__main__":
    main()
