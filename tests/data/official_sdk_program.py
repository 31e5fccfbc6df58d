"""A program written for the official Root Signals SDK 1.6, from its README and examples (custom_evaluator,
async_custom_evaluator, async_evaluation, preset_evaluator, run_evaluator_by_name, run_rag, run_tagging,
thread_pool, calibration, execution_logs), joined into one file and otherwise unchanged.

tests/test_official_program.py runs it against a stand-in of the service; it reads the key and the URL from
the environment, as the official SDK's programs do.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from root import RootSignals
from root.skills import EvaluatorDemonstration

client = RootSignals()

# -- custom_evaluator.py
network_troubleshooting_evaluator = client.evaluators.create(
    name="Network Troubleshooting",
    predicate="""Assess the response for technical accuracy and appropriateness for network troubleshooting.
            Is the advice technically sound and relevant to the user's question?

            User question: {{request}}

            Chatbot response: {{response}}
            """,
    intent="To measure the technical accuracy and appropriateness of network troubleshooting responses",
    model="gemini-2.0-flash",  # Check client.models.list() for all available models. You can also add your own model.
)

response = network_troubleshooting_evaluator.run(
    request="My internet is not working.",
    response="""
    I'm sorry to hear that your internet isn't working.
    Let's troubleshoot this step by step.
    """,
)

print(response.score)
print(response.justification)

# -- preset_evaluator.py
result = client.evaluators.Helpfulness(response="You can find the instructions from our Careers page.")

print(f"Score: {result.score} / 1.0")  # A normalized score between 0 and 1
print(result.justification)  # The reasoning for the score

# -- README
result = client.evaluators.Politeness(response="You can find the instructions from our Careers page.")
print(result.score)

# -- run_evaluator_by_name.py
result = client.evaluators.run_by_name(
    name="Helpfulness",
    response="You can find the instructions from our Careers page.",
    request="Where can I find the application instructions?",
)
print(f"Score: {result.score} / 1.0")
custom_result = client.evaluators.run_by_name(
    name="Network Troubleshooting",
    request="My internet is not working.",
    response="Check if your router is powered on and all cables are properly connected.",
)
print(f"Score: {custom_result.score} / 1.0")

# -- run_rag.py
request = "Is the number of pensioners working more than 100k in 2023?"
response = "Yes, 150000 pensioners were working in 2024."
retreived_document_1 = "More than 150,000 pensioners were employed in 2023, the centre's statistics reveal."
retreived_document_2 = "A total of around 1.3 million people in Finland were receiving old-age pensions."

faithfulness_result = client.evaluators.Faithfulness(
    request=request,
    response=response,
    contexts=[retreived_document_1, retreived_document_2],
)
print(faithfulness_result.score)
print(faithfulness_result.justification)

context_recall_result = client.evaluators.Context_Recall(
    request="Was the number of pensioners who are working above 100k in 2023?",
    contexts=[retreived_document_1, retreived_document_2],
    expected_output="In 2023, 150k pensioners were still working.",  # Ground truth
)
print(context_recall_result.score)

# -- run_tagging.py
result = client.evaluators.Faithfulness(
    request="What is your return policy for electronics?",
    response="You can return electronics within 30 days of purchase.",
    contexts=["Our returns policy for electronics allows returns within 30 days of purchase."],
    tags=["production", "v1.23"],
)
log = client.execution_logs.get(execution_result=result)
print(log)
logs = client.execution_logs.list(tags=["production"], include=["evaluation_context"])
for log in logs:
    print(log.score)
    print(log.evaluation_context.contexts)


# -- thread_pool.py
def main():
    response = "This is polite and clear."

    tasks = [
        (client.evaluators.Politeness, response),
        (client.evaluators.Clarity, response),
    ]

    with ThreadPoolExecutor() as executor:
        future_to_eval = {func.__name__: executor.submit(func, response) for func, response in tasks}
        for future in future_to_eval:
            result = future_to_eval[future].result()
            print(f"Evaluation result for {future}: {result}")


main()

# -- calibration.py
test_result = client.evaluators.calibrate_existing(
    evaluator_id=network_troubleshooting_evaluator.id,
    test_data=[
        ["0.1", "My internet is not working.", "I'm sorry to hear that your internet isn't working."],
        ["0.95", "My internet is not working.", "Okay, let's check some basics. Run `ping 8.8.8.8`."],
    ],
)
print(test_result[0].result)
client.evaluators.update(
    evaluator_id=network_troubleshooting_evaluator.id,
    evaluator_demonstrations=[
        EvaluatorDemonstration(
            response="I'm sorry to hear that your internet isn't working.",
            request="My internet is not working.",
            score=0.1,
        ),
    ],
)
test_result = client.evaluators.calibrate_existing(
    evaluator_id=network_troubleshooting_evaluator.id,
    test_data=[["0.1", "My internet is not working.", "I'm sorry to hear that your internet isn't working."]],
)
print(test_result[0].result)

# -- execution_logs.py
evaluator = client.evaluators.create(
    name="My evaluator",
    intent="Asses the response",
    predicate="Is this a integer in the range 0-100: {{request}}",
    model="gemini-2.0-flash",
)
response = evaluator.run(response="99")
log = client.execution_logs.get(execution_result=response)
print(log)
iterator = client.execution_logs.list(limit=10)
print(next(iterator))

# -- async_custom_evaluator.py and async_evaluation.py
aclient = RootSignals(run_async=True)


async def async_main():
    custom_evaluator = await aclient.evaluators.acreate(
        name="Direct language",
        predicate="Is the following text clear and has no weasel words: {{response}}",
        intent="Is the language direct and unambiguous",
        model="gpt-4o",
    )

    response = await custom_evaluator.arun(response="It will probably rain tomorrow.")

    print(response.score)

    response = "This is polite and clear."

    tasks = [
        aclient.evaluators.Politeness(response),
        aclient.evaluators.Clarity(response),
    ]

    response = await asyncio.gather(*tasks)

    for future in response:
        print(f"Evaluation result for {future.evaluator_name}: {future}")


asyncio.run(async_main())
print("DONE")
