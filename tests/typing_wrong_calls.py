# ruff: noqa: F841, B018
"""Wrong calls: tests/test_typing.py runs mypy --strict on this file and expects an error on
each line marked ``# wrong: CODE`` (at least one error, with that code) and none on any other line.
Never imported or run."""

from __future__ import annotations

from root import RootSignals


def sync_mistakes(client: RootSignals) -> None:
    client.models.create(nmae="x")  # wrong: call-arg
    client.models.create()  # wrong: call-arg
    client.models.create(name="x", max_output_token_count="lots")  # wrong: arg-type
    client.models.create(name=5)  # wrong: arg-type
    count: int = client.models.create(name="x")  # wrong: assignment
    client.models.get()  # wrong: call-arg
    client.models.get(1)  # wrong: arg-type
    client.models.get("id", timeout=5)  # wrong: call-arg
    client.models.get("id").nmae  # wrong: attr-defined
    client.models.update("id", url=5)  # wrong: arg-type
    client.models.update("id", colour="red")  # wrong: call-arg
    client.models.delete("id", _client=None)  # wrong: call-arg
    nothing: str = client.models.delete("id")  # wrong: func-returns-value
    client.models.list(limit="10")  # wrong: arg-type
    client.models.list(capable_of="vision")  # wrong: arg-type
    client.models.list(10)  # wrong: call-arg
    next(client.models.list()).name.lower(1)  # wrong: call-arg


async def async_mistakes(client: RootSignals) -> None:
    await client.models.create(name="x")  # wrong: misc
    client.models.acreate(name="x").upper()  # wrong: attr-defined
    await client.models.acreate(nmae="x")  # wrong: call-arg
    await client.models.aget(model_id=1)  # wrong: arg-type
    for _ in client.models.alist():  # wrong: attr-defined
        pass
    async for _ in client.models.list():  # wrong: attr-defined
        pass
    await client.models.aupdate("id", max_token_count="many")  # wrong: arg-type


def other_resource_mistakes(client: RootSignals) -> None:
    client.objectives.create(intent=5)  # wrong: arg-type
    client.objectives.get()  # wrong: call-arg
    client.objectives.versions.list()  # wrong: call-arg
    client.datasets.create(name="x", path=5)  # wrong: arg-type
    client.execution_logs.list(tags="a")  # wrong: arg-type
    client.execution_logs.get("id")  # wrong: call-arg


def evaluator_mistakes(client: RootSignals) -> None:
    client.evaluators.Helpfulness(respones="x")  # wrong: call-arg
    client.evaluators.Helpfulness(contexts="one document")  # wrong: arg-type
    client.evaluators.No_such_preset(response="x")  # wrong: attr-defined
    client.evaluators.create(predicate="x", overwrite="yes")  # wrong: arg-type
    client.evaluators.run("id", "response")  # wrong: call-arg
    client.evaluators.Eval.Helpfulness.value.nope  # wrong: attr-defined


async def judge_mistakes(client: RootSignals) -> None:
    client.judges.generate(intent="Check answers", visibility="private")  # wrong: arg-type
    client.judges.create(name="Judge")  # wrong: call-arg
    client.judges.run("id", respnse="r")  # wrong: call-arg
    client.judges.run("id", response="r", tags="t")  # wrong: arg-type
    client.judges.get("id").arun(response="r").evaluator_results  # wrong: attr-defined
    await client.judges.run_by_name("Judge", response="r")  # wrong: misc
