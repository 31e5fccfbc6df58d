"""Give the fuzzer data the API cannot make for it; prints shell ``export`` lines for scripts/fuzz.sh.

An execution log (logs are written by evaluator runs, so the emulator's admin API adds one), an
uploaded dataset, an evaluator (with its objective), a calibration run and a batch execution of it, a
project and a judge of presets that score conversations, whose ids scripts/fuzz.toml hands to the
operations that read or change one object and that nothing links to, so that schemathesis sees their
real answers instead of 404s. Reads ROOTSIGNALS_API_URL and ROOTSIGNALS_API_KEY, as set by
scripts/run_with_emulator.py.
"""

from __future__ import annotations

import json
import os
import urllib.request

from root._presets import load_presets

BOUNDARY = "fuzz-seed"


def post(path: str, body: bytes, headers: dict[str, str]) -> dict[str, object]:
    base = os.environ["ROOTSIGNALS_API_URL"]
    if not base.startswith(("http://", "https://")):
        raise SystemExit(f"ROOTSIGNALS_API_URL must be an http(s) URL, not {base!r}")
    request = urllib.request.Request(base + path, data=body, headers=headers)  # noqa: S310 - http(s), checked above
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - http(s), checked above
        answer: dict[str, object] = json.load(response)
        return answer


def main() -> None:
    # The admin API, like the API, needs the key the emulator was started with, and a JSON body.
    admin = {"Authorization": f"Api-Key {os.environ['ROOTSIGNALS_API_KEY']}", "Content-Type": "application/json"}
    logs = post("/_emulator/execution-logs", json.dumps({"executed_item_name": "fuzz", "score": 0.5}).encode(), admin)
    log_id = logs["execution_logs"][0]["id"]  # type: ignore[index]
    form = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\n\r\nfuzz\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="fuzz.csv"\r\n\r\nq,a\r\n1,2\r\n'
        f"--{BOUNDARY}--\r\n"
    ).encode()
    headers = {
        "Authorization": f"Api-Key {os.environ['ROOTSIGNALS_API_KEY']}",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
    }
    dataset_id = post("/v1/datasets/", form, headers)["id"]
    as_json = headers | {"Content-Type": "application/json"}
    objective_id = post("/v1/objectives/", json.dumps({"intent": "fuzz"}).encode(), as_json)["id"]
    evaluator = {"name": "fuzz", "objective_id": objective_id, "scoring_criteria": "Is {{response}} fine?"}
    evaluator_id = post("/v1/evaluators/", json.dumps(evaluator).encode(), as_json)["id"]
    source = {"type": "dataset", "dataset_id": dataset_id}
    run = {"evaluator_external_id": evaluator_id, "source": source}
    run_id = post("/v1/calibration-runs/", json.dumps(run).encode(), as_json)["id"]
    batch = {"evaluator_ids": [evaluator_id], "inputs": [{"response": "fuzz"}]}
    batch_id = post("/v1/batch-executions/", json.dumps(batch).encode(), as_json)["batch_execution_id"]
    print(f"export FUZZ_LOG_ID={log_id} FUZZ_DATASET_ID={dataset_id} FUZZ_EVALUATOR_ID={evaluator_id}")
    # otel: a trace (seeded, as the service receives them from exporters) and an evaluation filter.
    trace = {"spans": [{"span": {"name": "fuzz"}}]}
    trace_id = post("/_emulator/traces", json.dumps(trace).encode(), admin)["traces"][0]["trace_id"]  # type: ignore[index]
    evaluation_filter = {"name": "fuzz", "evaluator_id": evaluator_id}
    filter_id = post("/v1/otel/evaluation-filters/", json.dumps(evaluation_filter).encode(), as_json)["id"]
    print(f"export FUZZ_TRACE_ID={trace_id} FUZZ_FILTER_ID={filter_id}")
    project_id = post("/v1/projects/", json.dumps({"name": "fuzz"}).encode(), as_json)["id"]
    print(f"export FUZZ_PROJECT_ID={project_id}")
    # annotations: a score config, and an annotation of the log on it
    config = {"name": "fuzz", "type": "continuous"}
    config_id = post("/v1/score-configs/", json.dumps(config).encode(), as_json)["id"]
    annotation = {"execution_log": log_id, "score_config": config_id, "value": 0.5}
    annotation_id = post("/v1/annotations/", json.dumps(annotation).encode(), as_json)["id"]
    print(f"export FUZZ_SCORE_CONFIG_ID={config_id} FUZZ_ANNOTATION_ID={annotation_id}")
    item_id = post(f"/v1/datasets/{dataset_id}/items/", json.dumps({"response": "fuzz"}).encode(), as_json)["id"]
    print(f"export FUZZ_ITEM_ID={item_id}")
    # a judge of Tool_Selection (which needs a turn that calls a tool) and Relevance, run on a conversation
    presets = {p.name: p.id for p in load_presets()}
    references = [{"id": presets["Tool_Selection"]}, {"id": presets["Relevance"]}]
    judge = {"name": "fuzz", "intent": "fuzz conversations", "evaluator_references": references}
    judge_id = post("/v1/judges/", json.dumps(judge).encode(), as_json)["id"]
    print(f"export FUZZ_JUDGE_ID={judge_id}")
    print(f"export FUZZ_CALIBRATION_RUN_ID={run_id}")
    print(f"export FUZZ_BATCH_ID={batch_id}")


if __name__ == "__main__":
    main()
