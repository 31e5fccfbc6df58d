"""Judges: find, read, change, copy, run by name and delete them (docs/guides/judges.md shows this file;
tests/test_judges_wire.py runs it against a stand-in of the service).

Run it against the service or a stand-in: the key and URL come from ROOTSIGNALS_API_KEY and
ROOTSIGNALS_API_URL. It expects a judge named "Returns policy judge" to exist.
"""

from root import RootSignals

with RootSignals() as client:
    # A listing gives each judge as the list endpoint describes it (a JudgeList), page after page.
    for listed in client.judges.list(limit=20):
        print("listed:", listed.name, [e.name for e in listed.evaluators])
    (listed,) = client.judges.list(name="Returns policy judge")
    print("as a dict:", listed.to_dict()["name"])

    # get() reads every detail; the Judge it returns can run itself.
    judge = client.judges.get(listed.id)
    result = judge.run(request="Can I return worn shoes?", response="Only unworn shoes can be returned.")
    print("scores:", {r.evaluator_name: r.score for r in result.evaluator_results})

    # Change only what you pass; copy a judge to try changes on the copy.
    judge = client.judges.update(judge.id, stage="Answering questions about returns")
    copy = client.judges.duplicate(judge.id)
    print("copy:", copy.name, copy.id != judge.id)

    # Run a judge by its name, without looking up its ID.
    result = client.judges.run_by_name("Returns policy judge", response="30 days, full refund.")
    print("by name:", len(result.evaluator_results), "evaluators")

    client.judges.delete(copy.id)
