"""Judges from async code: one judge scores many responses at once (docs/guides/judges.md shows this file;
tests/test_judges_wire.py runs it against a stand-in of the service).

Run it against the service or a stand-in: the key and URL come from ROOTSIGNALS_API_KEY and
ROOTSIGNALS_API_URL.
"""

import asyncio

from root import RootSignals

RESPONSES = [
    "You can return shoes within 30 days.",
    "Returns are free and refunded in full.",
    "We do not accept returns.",
]


async def main() -> None:
    async with RootSignals() as client:
        generated = await client.judges.agenerate(intent="Check that answers explain our 30-day return policy")
        judge = await client.judges.aget(generated.judge_id)
        results = await asyncio.gather(*(judge.arun(response=response) for response in RESPONSES))
        for response, result in zip(RESPONSES, results, strict=True):
            print(f"{response!r}:", [r.score for r in result.evaluator_results])
        await client.judges.adelete(judge.id)


asyncio.run(main())
