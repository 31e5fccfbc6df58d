"""A program written for the official Root Signals SDK 1.6: generate a judge, read it, run it.

docs/guides/judges.md shows it; tests/test_judges_wire.py runs it, unchanged, against a stand-in of the
service (it runs as it is on the official root-signals 1.6.2 too). The key and URL come from
ROOTSIGNALS_API_KEY and ROOTSIGNALS_API_URL, as they would for the official SDK.
"""

from root import RootSignals

client = RootSignals()

definition = client.judges.generate(
    intent="I answer customers of a shoe shop about returns, and want to check that the answers explain "
    "our 30-day return policy correctly and politely.",
    stage="Explaining the return policy",
    extra_contexts={"domain": "Online shoe shop"},
)
print("generated:", definition.judge_id, definition.error_code)

judge = client.judges.get(definition.judge_id)
print("judge:", judge.name, "|", ", ".join(e.name for e in judge.evaluators))

results = client.judges.run(
    definition.judge_id,
    request="Can I return shoes that do not fit?",
    response="Yes: you can return them within 30 days for a full refund.",
    tags=["returns"],
)
for result in results.evaluator_results:
    print("score:", result.evaluator_name, result.score)
