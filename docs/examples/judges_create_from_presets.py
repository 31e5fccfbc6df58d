"""A program written for the official Root Signals SDK 1.6: a judge built from preset evaluators, run twice.

docs/guides/judges.md shows it; tests/test_judges_wire.py runs it, unchanged, against a stand-in of the
service (it runs as it is on the official root-signals 1.6.2 too). The key and URL come from
ROOTSIGNALS_API_KEY and ROOTSIGNALS_API_URL, as they would for the official SDK.
"""

from root import RootSignals
from root.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest
from root.skills import Evaluators

client = RootSignals()

# Two of the service's preset evaluators, by their IDs.
evaluator_references = [
    EvaluatorReferenceRequest(id=Evaluators.Eval.Truthfulness.value),
    EvaluatorReferenceRequest(id=Evaluators.Eval.Relevance.value),
]
judge = client.judges.create(
    name="Returns policy judge",
    intent="Check answers about our return policy",
    evaluator_references=evaluator_references,
)
print("created:", judge.id, judge.name)

results = client.judges.run(
    judge.id,
    request="What is your return policy?",
    response="You can return anything within 30 days for a full refund.",
    contexts=["Items may be returned within thirty days of delivery, with proof of purchase, for a full refund."],
)
for result in results.evaluator_results:
    print("score:", result.evaluator_name, result.score)

again = judge.run(response="Returns are accepted for 30 days.")
print("again:", len(again.evaluator_results))
