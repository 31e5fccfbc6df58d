"""A tour of the SDK: evaluate an LLM output with a preset and with an evaluator of your own, read the
run's execution log, then the Models API (create, list, get, update, delete) sync and async.

Run it against the local emulator with `make demo` (its scores are emulated: deterministic, and labelled
so in each justification), or against the service with ROOTSIGNALS_API_KEY set (it creates and deletes
an objective, an evaluator and a few models of its own).
"""

from __future__ import annotations

import asyncio

from root import RootSignals
from root.errors import NotFoundError


def evaluate_tour(client: RootSignals) -> None:
    answer = "You can return the shoes within 30 days; the label is in the box."
    result = client.evaluators.Helpfulness(request="Can I return these shoes?", response=answer)
    print(f"preset Helpfulness: score {result.score}, justification {result.justification!r}")

    evaluator = client.evaluators.create(
        name="quickstart-polite",
        predicate="Is the answer polite? Question: {{request}} Answer: {{response}}",
        intent="Answers to customers are polite",
    )
    own = evaluator.run(request="Can I return these shoes?", response=answer, tags=["quickstart"])
    print(f"own evaluator {evaluator.name!r}: score {own.score}")

    log = client.execution_logs.get(execution_result=own)
    print(f"its execution log: {log.executed_item_name!r} scored {log.score}, tags {log.tags}")
    client.evaluators.delete(evaluator.id)


def sync_tour(client: RootSignals) -> None:
    model_id = client.models.create(
        name="quickstart-gpt",
        model="gpt-4o",
        default_key="sk-example-not-a-real-key",
        max_output_token_count=1000,
    )
    print(f"created model {model_id}")

    vision = [m.name for m in client.models.list(capable_of=["vision"], limit=5)]
    print(f"up to 5 models that can see images: {vision}")
    everything = list(client.models.list(limit=1000))
    print(f"listed {len(everything)} models in all")

    model = client.models.get(model_id)
    print(f"got {model.name!r}: base model {model.model!r}, up to {model.max_output_token_count} output tokens")

    model = client.models.update(model_id, name="quickstart-gpt-v2", max_token_count=128_000)
    print(f"updated: name {model.name!r}, max_token_count {model.max_token_count}")

    client.models.delete(model_id)
    try:
        client.models.get(model_id)
    except NotFoundError as error:
        print(f"deleted; getting it again raises NotFoundError: {error.status_code}")


async def async_tour(client: RootSignals) -> None:
    ids = await asyncio.gather(*(client.models.acreate(name=f"quickstart-async-{i}") for i in range(3)))
    print(f"created {len(ids)} models concurrently")

    names = [m.name async for m in client.models.alist(limit=1000) if m.name.startswith("quickstart-async")]
    print(f"async listing found {sorted(names)}")

    model = await client.models.aget(ids[0])
    print(f"aget: {model.name!r}")
    model = await client.models.aupdate(ids[0], url="https://llm.example/v1")
    print(f"aupdate: url {model.url!r}")

    await asyncio.gather(*(client.models.adelete(model_id) for model_id in ids))
    print(f"deleted {len(ids)} models concurrently")


def main() -> None:
    with RootSignals() as client:  # key and URL from ROOTSIGNALS_API_KEY / ROOTSIGNALS_API_URL
        print(f"using {client!r}")
        evaluate_tour(client)
        sync_tour(client)
        asyncio.run(async_tour(client))
    print("done")


if __name__ == "__main__":
    main()
