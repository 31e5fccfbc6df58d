"""One program, written for the official SDK scorable 1.15.0's documented API, that both SDKs run step by step.

``python scenario_1_15.py BASE_URL API_KEY OUT.json``, as ``scenario.py`` (the 1.6 program) is run and
recorded, each step's outcome and requests through ``scenario_kit``. It drives 1.15's API: the 1.6
sub-APIs with 1.15's signatures (``scoring_criteria``, ``tools``), runs of evaluators, presets and judges
on a multi-turn conversation with tool calls (``turns``, ``tools``, ``user_id``, ``session_id``,
``system_prompt``), and what 1.15 adds: projects, files, dataset items, score configs, annotations and
calibration runs, synchronously and asynchronously, then failures.

It imports only the standard library, ``scenario_kit`` and ``scorable``, so it runs unchanged under the
official scorable 1.15.0 and under ours.
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

from scorable import Scorable
from scorable.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest
from scorable.multiturn import Turn

CSV = "expected_score,request,response\n0.9,What is 2+2?,4\n0.1,What is 2+2?,5\n"
CALIBRATION_CSV = "0.9,Thank you!\n0.1,No.\n"
# The smallest PNG: the service takes images and PDFs as a run's files.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4d40000000049454e44ae426082"
)

# A conversation with a tool call, written as 1.15's examples write one.
TURNS = [
    Turn(role="user", content="Where is my order ORDER-7?"),
    Turn(
        role="assistant",
        content=None,
        tool_calls=[
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "order_lookup", "arguments": '{"order_id": "ORDER-7"}'},
            }
        ],
    ),
    Turn(role="tool", tool_call_id="call_1", content='{"status": "shipped"}'),
    Turn(role="assistant", content="Your order ORDER-7 has shipped."),
]
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "order_lookup",
            "description": "Look up an order by id",
            "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}},
        },
    }
]
CONVERSATION: dict[str, Any] = {
    "turns": TURNS,
    "tools": TOOLS,
    "user_id": "parity-user",
    "session_id": "parity-session",
    "system_prompt": "You are a shop's support agent.",
}
PRESET_INPUTS = {
    "request": "What is the capital of France?",
    "response": "Paris is the capital of France.",
    "contexts": ["Paris is the capital and largest city of France."],
    "expected_output": "Paris.",
}


def setup_dataset(name: str, content: str = CSV) -> str:
    """A dataset uploaded by a raw request (1.15's datasets.create posts to ``/datasets/``, as 1.6's did)."""
    dataset_id: str = api(
        "POST", "/v1/datasets/", {"name": name, "type": "reference"}, files={"file": ("parity.csv", content)}
    )["id"]
    wire()
    return dataset_id


def sync_part(client: Scorable, tmp: str) -> dict[str, Any]:
    made: dict[str, Any] = {}
    # models
    for i in range(3):
        made[f"model{i}"] = step(f"models.create #{i}", lambda i=i: client.models.create(name=f"parity-model-{i}"))
    step("models.list over pages", lambda: client.models.list(limit=5), listing=True)
    step("models.delete", lambda: client.models.delete(made["model2"]))
    # projects
    for i in range(3):
        made[f"project{i}"] = step(
            f"projects.create #{i}",
            lambda i=i: client.projects.create(name=f"parity-project-{i}", description=f"project {i}"),
        )
    project_id = attr(made["project0"], "id")
    step("projects.retrieve", lambda: client.projects.retrieve(project_id))
    step("projects.update", lambda: client.projects.update(project_id, description="updated"))
    step("projects.list over pages", lambda: client.projects.list(limit=5), listing=True)
    step("projects.delete", lambda: client.projects.delete(attr(made["project2"], "id")))
    # objectives
    for i in range(3):
        made[f"objective{i}"] = step(
            f"objectives.create #{i}", lambda i=i: client.objectives.create(intent=f"parity intent {i}")
        )
    objective_id = attr(made["objective0"], "id")
    step(
        "objectives.create in a project", lambda: client.objectives.create(intent="in a project", project_id=project_id)
    )
    step("objectives.get", lambda: client.objectives.get(objective_id))
    step("objectives.update", lambda: client.objectives.update(objective_id, intent="parity intent 0, updated"))
    step("objectives.list over pages", lambda: client.objectives.list(limit=5), listing=True)
    step("objectives.versions.list", lambda: client.objectives.versions.list(objective_id))
    step("objectives.delete", lambda: client.objectives.delete(attr(made["objective2"], "id")))
    # files
    path = os.path.join(tmp, "receipt.png")
    with open(path, "wb") as out:
        out.write(PNG)
    file_id = step("files.upload a path", lambda: client.files.upload(path))
    with open(path, "rb") as handle:
        step("files.upload a file object", lambda: client.files.upload(handle, filename="receipt-2.png"))
    # datasets and their items
    dataset_id = setup_dataset("parity-dataset")
    step("datasets.get", lambda: client.datasets.get(dataset_id))
    step("datasets.list", lambda: client.datasets.list("parity", limit=3), listing=True)
    item = step(
        "datasets.add_item",
        lambda: client.datasets.add_item(
            dataset_id, response="4", request="What is 2+2?", expected_output="4", contexts=["2+2=4"]
        ),
    )
    item_id = attr(item, "id")
    step(
        "datasets.add_items",
        lambda: client.datasets.add_items(
            dataset_id, [{"response": "5", "request": "What is 2+3?"}, {"response": "6", "request": "What is 3+3?"}]
        ),
    )
    step("datasets.list_items", lambda: client.datasets.list_items(dataset_id, limit=5), listing=True)
    step("datasets.get_item", lambda: client.datasets.get_item(dataset_id, item_id))
    step(
        "datasets.update_item",
        lambda: client.datasets.update_item(dataset_id, item_id, expected_output="four", change_note="spelled"),
    )
    # score configs and annotations
    for i, kind in enumerate(("continuous", "binary")):
        categories = [{"label": "pass", "value": 1}, {"label": "fail", "value": 0}] if kind == "binary" else None
        made[f"config{i}"] = step(
            f"score_configs.create {kind}",
            lambda i=i, kind=kind, categories=categories: client.score_configs.create(
                name=f"parity-config-{i}", type=kind, categories=categories
            ),
        )
    config_id = attr(made["config0"], "id")
    step("score_configs.get", lambda: client.score_configs.get(config_id))
    step("score_configs.list", lambda: client.score_configs.list(limit=5), listing=True)
    step("score_configs.update", lambda: client.score_configs.update(config_id, name="parity-config-0-renamed"))
    annotation = step(
        "annotations.create on a dataset item",
        lambda: client.annotations.create(dataset_item_id=item_id, value=0.8, score_config_id=config_id),
    )
    annotation_id = attr(annotation, "id")
    step("annotations.get", lambda: client.annotations.get(annotation_id))
    step("annotations.list by dataset", lambda: client.annotations.list(dataset=dataset_id, limit=5), listing=True)
    step("annotations.update", lambda: client.annotations.update(annotation_id, rationale="close enough"))
    step(
        "annotations.create naming two targets",
        lambda: client.annotations.create(dataset_item_id=item_id, execution_log_id=MISSING, value=0.1),
        kind="exception",
    )
    # evaluators, defined by scoring_criteria
    for i in range(3):
        made[f"evaluator{i}"] = step(
            f"evaluators.create #{i}",
            lambda i=i: client.evaluators.create(
                "Is this answer polite: {{response}}",
                name=f"parity-evaluator-{i}",
                intent=f"polite {i}",
                model="gpt-4o",
            ),
        )
    evaluator_id = attr(made["evaluator0"], "id")
    step(
        "evaluators.create in a project",
        lambda: client.evaluators.create(
            scoring_criteria="Is it clear: {{response}}",
            name="parity-evaluator-project",
            objective_id=objective_id,
            model="gpt-4o",
            project_id=project_id,
        ),
    )
    step(
        "evaluators.create overwrite",
        lambda: client.evaluators.create(
            "Is this answer kind: {{response}}", name="parity-evaluator-2", model="gpt-4o", overwrite=True
        ),
    )
    evaluator = step("evaluators.get", lambda: client.evaluators.get(evaluator_id))
    step("evaluators.get_by_name", lambda: client.evaluators.get_by_name("parity-evaluator-1"))
    step("evaluators.list over pages", lambda: client.evaluators.list(limit=5), listing=True)
    step("evaluators.list by search_term", lambda: client.evaluators.list("parity-evaluator", limit=3), listing=True)
    step(
        "evaluators.update scoring_criteria",
        lambda: client.evaluators.update(
            evaluator_id, scoring_criteria="Is this answer very polite: {{response}}", change_note="stricter"
        ),
    )
    step("evaluators.versions.list", lambda: client.evaluators.versions.list(evaluator_id))
    result = step("evaluators.run", lambda: client.evaluators.run(evaluator_id, response="Thank you!", tags=["parity"]))
    made["result"] = result
    step("evaluators.run on turns", lambda: client.evaluators.run(evaluator_id, **CONVERSATION))
    step(
        "evaluators.run_by_name on turns",
        lambda: client.evaluators.run_by_name("parity-evaluator-1", turns=TURNS, project_id=project_id),
    )
    step("Evaluator.run", lambda: evaluator.run(response="Thank you kindly."))
    step("Evaluator.run positionally", lambda: evaluator.run("Thank you.", "Hi", None, None, None, None, None, ["p"]))
    step(
        "Evaluator.run on turns with file_ids",
        lambda: evaluator.run(turns=TURNS, tools=TOOLS, file_ids=[str(file_id)] if file_id else None),
    )
    step("evaluators.run with nothing to score", lambda: client.evaluators.run(evaluator_id), kind="exception")
    step(
        "evaluators.calibrate_run",
        lambda: client.evaluators.calibrate_run(evaluator_id, dataset_id=dataset_id, score_config_id=config_id),
    )
    calibration_set = setup_dataset("parity-calibration-set", CALIBRATION_CSV)
    step(
        "evaluators.calibrate",
        lambda: client.evaluators.calibrate(
            name="parity-calibrate",
            test_dataset_id=calibration_set,
            prompt="Is it polite: {{response}}",
            model="gpt-4o",
        ),
    )
    # calibration runs
    run = step(
        "calibration_runs.create",
        lambda: client.calibration_runs.create(evaluator_id=evaluator_id, dataset_id=dataset_id),
    )
    run_id = attr(run, "id")
    step("calibration_runs.get", lambda: client.calibration_runs.get(run_id))
    step("calibration_runs.list", lambda: client.calibration_runs.list(evaluator_id=evaluator_id), listing=True)
    step("calibration_runs.list_items", lambda: client.calibration_runs.list_items(run_id), listing=True)
    # presets: by attribute on a single answer, by name on the conversation
    eval_enum = type(client.evaluators).Eval
    for name in presets(eval_enum):
        step(f"preset {name} by attribute", lambda name=name: getattr(client.evaluators, name)(**PRESET_INPUTS))
    for name, member in presets(eval_enum).items():
        service_name = api("GET", f"/v1/evaluators/{member.value}/")["name"]
        wire()
        step(
            f"preset {name} by name on turns",
            lambda n=service_name: client.evaluators.run_by_name(n, turns=TURNS, tools=TOOLS),
        )
    step("preset Helpfulness on turns", lambda: client.evaluators.Helpfulness(turns=TURNS, tools=TOOLS))
    # judges
    generated = step("judges.generate", lambda: client.judges.generate(intent="Answers must be polite and helpful"))
    step(
        "judges.generate public",
        lambda: client.judges.generate(intent="Answers must be short", visibility="public", name="parity-public"),
    )
    references = [
        EvaluatorReferenceRequest(id=eval_enum.Tool_Selection.value),
        EvaluatorReferenceRequest(id=eval_enum.Relevance.value),
    ]
    for i in range(3):
        made[f"judge{i}"] = step(
            f"judges.create #{i}",
            lambda i=i: client.judges.create(
                name=f"parity-judge-{i}", intent="Helpful agents", evaluator_references=references
            ),
        )
    judge = made["judge0"]
    judge_id = attr(judge, "id")
    step("judges.get generated", lambda: client.judges.get(attr(generated, "judge_id")))
    step("judges.get", lambda: client.judges.get(judge_id))
    step("judges.list over pages", lambda: client.judges.list(limit=3), listing=True)
    step("judges.update", lambda: client.judges.update(judge_id, name="parity-judge-0-renamed"))
    step("judges.run on turns", lambda: client.judges.run(judge_id, tags=["parity"], **CONVERSATION))
    step("judges.run", lambda: client.judges.run(judge_id, response="Thank you!", request="Hi"))
    step("judges.run_by_name on turns", lambda: client.judges.run_by_name("parity-judge-1", turns=TURNS, tools=TOOLS))
    step("Judge.run on turns", lambda: judge.run(turns=TURNS, tools=TOOLS))
    step("judges.run with nothing to score", lambda: client.judges.run(judge_id), kind="exception")
    step("beta.judges.get", lambda: client.beta.judges.get(judge_id))
    # execution logs
    step("execution_logs.list over pages", lambda: client.execution_logs.list(limit=5), listing=True)
    step("execution_logs.list by tags", lambda: client.execution_logs.list(tags=["parity"], limit=2), listing=True)
    step("execution_logs.get by execution_result", lambda: client.execution_logs.get(execution_result=result))
    log_id = attr(result, "execution_log_id")
    step("execution_logs.get by log_id", lambda: client.execution_logs.get(log_id=log_id))
    step(
        "annotations.create on an execution log",
        lambda: client.annotations.create(
            execution_log_id=log_id, category="pass", score_config_id=attr(made["config1"], "id")
        ),
    )
    step("annotations.list by execution_log", lambda: client.annotations.list(execution_log=log_id), listing=True)
    # deletions last, so the listings above saw everything
    step("annotations.delete", lambda: client.annotations.delete(annotation_id))
    step("datasets.archive_item", lambda: client.datasets.archive_item(dataset_id, item_id))
    step(
        "datasets.list_items include_archived",
        lambda: client.datasets.list_items(dataset_id, include_archived=True),
        listing=True,
    )
    step("score_configs.delete", lambda: client.score_configs.delete(attr(made["config1"], "id")))
    step("judges.delete", lambda: client.judges.delete(attr(made["judge2"], "id")))
    step("evaluators.delete", lambda: client.evaluators.delete(attr(made["evaluator2"], "id")))
    step("datasets.delete", lambda: client.datasets.delete(dataset_id))
    return made


def failures(client: Scorable, bad_key_client: Scorable) -> None:
    step("404: objectives.get of a missing id", lambda: client.objectives.get(MISSING), kind="exception")
    step("404: projects.retrieve of a missing id", lambda: client.projects.retrieve(MISSING), kind="exception")
    step("404: score_configs.get of a missing id", lambda: client.score_configs.get(MISSING), kind="exception")
    common_failures(client, bad_key_client, EvaluatorReferenceRequest)


# An asynchronous call takes the asynchronous package's models (as 1.6's scenario gives them) or plain
# dicts: 1.15's Turn is the synchronous package's model, which its asynchronous methods refuse.
ATURNS: list[dict[str, Any]] = [t.model_dump(exclude_none=True) for t in TURNS]


async def async_part(client: Scorable, tmp: str) -> None:
    from scorable.generated.openapi_aclient.models.evaluator_reference_request import (
        EvaluatorReferenceRequest as AEvaluatorReferenceRequest,
    )

    project = await astep("async projects.acreate", lambda: client.projects.acreate(name="parity-async-project"))
    project_id = attr(project, "id")
    await astep("async projects.aretrieve", lambda: client.projects.aretrieve(project_id))
    await astep("async projects.alist", lambda: client.projects.alist(limit=3), listing=True)
    objective = await astep("async objectives.acreate", lambda: client.objectives.acreate(intent="parity async"))
    objective_id = attr(objective, "id")
    await astep("async objectives.aget", lambda: client.objectives.aget(objective_id))
    await astep("async objectives.alist", lambda: client.objectives.alist(limit=3), listing=True)
    path = os.path.join(tmp, "async-receipt.png")
    with open(path, "wb") as out:
        out.write(PNG)
    await astep("async files.aupload", lambda: client.files.aupload(path))
    dataset_id = setup_dataset("parity-async-dataset")
    await astep("async datasets.aget", lambda: client.datasets.aget(dataset_id))
    item = await astep(
        "async datasets.aadd_item", lambda: client.datasets.aadd_item(dataset_id, response="4", request="2+2?")
    )
    await astep("async datasets.alist_items", lambda: client.datasets.alist_items(dataset_id), listing=True)
    config = await astep(
        "async score_configs.acreate",
        lambda: client.score_configs.acreate(name="parity-async-config", type="continuous"),
    )
    annotation = await astep(
        "async annotations.acreate",
        lambda: client.annotations.acreate(
            dataset_item_id=attr(item, "id"), value=0.5, score_config_id=attr(config, "id")
        ),
    )
    await astep("async annotations.alist", lambda: client.annotations.alist(dataset=dataset_id), listing=True)
    await astep("async annotations.adelete", lambda: client.annotations.adelete(attr(annotation, "id")))
    evaluator = await astep(
        "async evaluators.acreate",
        lambda: client.evaluators.acreate(
            "Is it polite: {{response}}", name="parity-async-evaluator", intent="async", model="gpt-4o"
        ),
    )
    evaluator_id = attr(evaluator, "id")
    got = await astep("async evaluators.aget", lambda: client.evaluators.aget(evaluator_id))
    await astep(
        "async evaluators.aupdate",
        lambda: client.evaluators.aupdate(evaluator_id, scoring_criteria="Kind? {{response}}"),
    )
    result = await astep("async evaluators.arun", lambda: client.evaluators.arun(evaluator_id, response="Thanks!"))
    await astep(
        "async evaluators.arun on turns",
        lambda: client.evaluators.arun(evaluator_id, **{**CONVERSATION, "turns": ATURNS}),
    )
    await astep(
        "async evaluators.arun_by_name on turns",
        lambda: client.evaluators.arun_by_name("parity-async-evaluator", turns=ATURNS, tools=TOOLS),
    )
    await astep("async AEvaluator.arun on turns", lambda: got.arun(turns=ATURNS, tools=TOOLS))
    await astep("async evaluators.arun on Turn objects", lambda: client.evaluators.arun(evaluator_id, turns=TURNS))
    await astep(
        "async evaluators.acalibrate_run",
        lambda: client.evaluators.acalibrate_run(evaluator_id, dataset_id=dataset_id),
    )
    run = await astep(
        "async calibration_runs.acreate",
        lambda: client.calibration_runs.acreate(evaluator_id=evaluator_id, dataset_id=dataset_id),
    )
    await astep("async calibration_runs.aget", lambda: client.calibration_runs.aget(attr(run, "id")))
    await astep("async calibration_runs.alist", lambda: client.calibration_runs.alist(), listing=True)
    for name in ("Helpfulness", "Tool_Selection", "Knowledge_Retention"):
        await astep(
            f"async preset {name} on turns",
            lambda n=name: getattr(client.evaluators, n)(turns=ATURNS, tools=TOOLS),
        )
    await astep("async preset Politeness", lambda: client.evaluators.Politeness(**PRESET_INPUTS))
    await astep("async execution_logs.alist", lambda: client.execution_logs.alist(limit=3), listing=True)
    await astep("async execution_logs.aget", lambda: client.execution_logs.aget(execution_result=result))
    references = [AEvaluatorReferenceRequest(id=type(client.evaluators).Eval.Clarity.value)]
    judge = await astep(
        "async judges.acreate",
        lambda: client.judges.acreate(name="parity-async-judge", intent="Clear", evaluator_references=references),
    )
    judge_id = attr(judge, "id")
    await astep("async judges.aget", lambda: client.judges.aget(judge_id))
    await astep("async judges.alist", lambda: client.judges.alist(limit=3), listing=True)
    await astep("async judges.arun on turns", lambda: client.judges.arun(judge_id, turns=ATURNS, tools=TOOLS))
    await astep("async AJudge.arun on turns", lambda: judge.arun(turns=ATURNS))
    await astep("async judges.adelete", lambda: client.judges.adelete(judge_id))
    await astep("async evaluators.adelete", lambda: client.evaluators.adelete(evaluator_id))
    await astep("async score_configs.adelete", lambda: client.score_configs.adelete(attr(config, "id")))
    await astep("async projects.adelete", lambda: client.projects.adelete(project_id))
    await astep("async 404: objectives.aget of a missing id", lambda: client.objectives.aget(MISSING), kind="exception")


def unsupported_creates(client: Scorable, tmp: str) -> None:
    """datasets.create, which 1.15 still posts to ``/datasets/``, last: its outcome changes no other step."""
    path = os.path.join(tmp, "parity.csv")
    with open(path, "w", encoding="utf-8") as out:
        out.write(CSV)
    step("datasets.create", lambda: client.datasets.create(name="parity-dataset-created", path=path))


# A custom evaluator's emulated score hashes its (random) version id, so each one the scenario makes
# gets a verdict: both runs then score the same.
CUSTOM_EVALUATORS = [
    *(f"parity-evaluator-{i}" for i in range(3)),
    "parity-evaluator-project",
    "parity-calibrate",
    "parity-async-evaluator",
]


def main() -> None:
    admin("POST", "config", {"max_page_size": PAGE_SIZE, "next_style": "token"})
    for name in CUSTOM_EVALUATORS:
        admin("POST", "verdicts", {"evaluator": name, "pattern": "", "score": 0.5, "justification": "Parity."})
    wire()
    with tempfile.TemporaryDirectory() as tmp:
        client = Scorable(api_key=API_KEY, base_url=BASE_URL)
        bad_key_client = Scorable(api_key="parity-wrong-key", base_url=BASE_URL)
        try:
            sync_part(client, tmp)
        except Exception:
            steps.append({"name": "sync part", "kind": "crash", "crash": traceback.format_exc(), "wire": wire()})
        failures(client, bad_key_client)
        async_client = Scorable(api_key=API_KEY, base_url=BASE_URL, run_async=True)
        try:
            asyncio.run(async_part(async_client, tmp))
        except Exception:
            steps.append({"name": "async part", "kind": "crash", "crash": traceback.format_exc(), "wire": wire()})
        try:
            unsupported_creates(client, tmp)
        except Exception:
            steps.append({"name": "creates", "kind": "crash", "crash": traceback.format_exc(), "wire": wire()})
        for each in (client, bad_key_client):
            close = getattr(each, "close", None)
            if callable(close):
                close()
    save()


if __name__ == "__main__":
    main()
