"""The emulator's resources beyond models, over HTTP: objectives (versioned), datasets (CSV uploads) and
execution logs (append-only), the engine's conventions for each, and a round over every operation the
emulator serves with every response validated against openapi.yaml."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import root.generated
from root.emulator import STATE_KEY, Emulator, create_app

from .test_emulator import KEY, OTHER_KEY, Response, call

SPEC = yaml.safe_load((Path(root.generated.__file__).parent / "openapi.yaml").read_text(encoding="utf-8"))
SERVED_TAGS = ("models", "objectives", "datasets", "execution-logs", "evaluators", "judges", "otel", "projects")
SERVED_TAGS += ("annotations", "score-configs")
SERVED_TAGS += ("files",)
SERVED_TAGS += ("calibration-runs",)
SERVED_TAGS += ("batch-executions",)
NOT_SERVED = {
    # OpenAI-compatible chat completions: a model completes the chat, and none runs offline.
    ("POST", "/v1/judges/{judge_id}/openai/chat/completions"),
    ("POST", "/v1/judges/{judge_id}/refine/openai/chat/completions"),
    ("POST", "/v1/judges/openai/chat/completions"),
    # The contract gives it neither a request body nor an answer: nothing says what to run.
    ("POST", "/v1/judges/{judge_id}/batch-execute/"),
    # The same for OpenAI's Responses API (issue 21).
    ("POST", "/v1/judges/{judge_id}/openai/responses"),
    ("POST", "/v1/judges/{judge_id}/refine/openai/responses"),
    ("POST", "/v1/judges/openai/responses"),
}
FUZZ_SCRIPT = Path(__file__).parent.parent / "scripts" / "fuzz.sh"
BOUNDARY = "emulator-test-boundary"


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(api_keys=(KEY, OTHER_KEY), check_responses=True) as emu:
        yield emu


@pytest.fixture
def emu(shared: Emulator) -> Iterator[Emulator]:
    shared.reset()
    shared.clear_response_failures()
    yield shared
    assert shared.response_failures() == [], "responses that openapi.yaml does not allow"


def multipart(
    fields: dict[str, str | list[str]], file: tuple[str, bytes] | None = None
) -> tuple[bytes, dict[str, str]]:
    parts: list[bytes] = []
    for name, values in fields.items():
        for value in [values] if isinstance(values, str) else values:
            parts.append(f'Content-Disposition: form-data; name="{name}"\r\n\r\n{value}'.encode())
    if file is not None:
        filename, content = file
        head = f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        parts.append(head.encode() + content)
    body = b"".join(f"--{BOUNDARY}\r\n".encode() + part + b"\r\n" for part in parts) + f"--{BOUNDARY}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def upload(emu: Emulator, fields: dict[str, str | list[str]], file: tuple[str, bytes] | None = None) -> Response:
    body, headers = multipart(fields, file)
    return call(emu, "POST", "/v1/datasets/", raw=body, headers=headers)


def walk(emu: Emulator, path: str) -> list[dict[str, Any]]:
    """Every item of a listing, following ``next`` page by page."""
    items: list[dict[str, Any]] = []
    url: str | None = path
    while url is not None:
        page = call(emu, "GET", url.removeprefix(emu.url)).json()
        items += page["results"]
        url = page["next"]
    return items


# -- objectives -------------------------------------------------------------------------------------------


def test_objectives_round_with_a_version_per_change(emu: Emulator) -> None:
    created = call(
        emu,
        "POST",
        "/v1/objectives/",
        {
            "intent": "Answer briefly",
            "validators": [
                {"evaluator_name": "Clarity", "threshold": 0.9},
            ],
        },
    )
    assert created.status == 201
    assert list(created.json()) == ["id"]  # the spec's create answer is the id only
    objective_id = created.json()["id"]
    first = call(emu, "GET", f"/v1/objectives/{objective_id}/").json()
    assert first["intent"] == "Answer briefly"
    assert first["validators"][0]["evaluator"]["name"] == "Clarity"
    assert first["validators"][0]["threshold"] == 0.9
    patched = call(emu, "PATCH", f"/v1/objectives/{objective_id}/", {"intent": "Answer in one line"}).json()
    assert patched["validators"] == first["validators"]  # PATCH keeps what it was not given
    put = call(emu, "PUT", f"/v1/objectives/{objective_id}/", {"intent": "Answer", "validators": []}).json()
    assert len({first["version_id"], patched["version_id"], put["version_id"]}) == 3
    versions = walk(emu, f"/v1/objectives/versions/{objective_id}/?page_size=1")
    assert [v["version_id"] for v in versions] == [put["version_id"], patched["version_id"], first["version_id"]]
    assert [v["intent"] for v in versions] == ["Answer", "Answer in one line", "Answer briefly"]
    assert {v["id"] for v in versions} == {objective_id}
    assert call(emu, "DELETE", f"/v1/objectives/{objective_id}/").status == 204
    assert call(emu, "GET", f"/v1/objectives/{objective_id}/").json() == {
        "detail": "No Objective matches the given query."
    }
    assert call(emu, "GET", f"/v1/objectives/versions/{objective_id}/").json()["results"] == []


@pytest.mark.parametrize("path", ["/v1/objectives/versions/{}/", "/v1/evaluators/versions/{}/"])
@pytest.mark.parametrize("malformed", ["null,null", "not-a-uuid", "1"])
def test_a_versions_listing_of_a_malformed_id_is_a_404(emu: Emulator, path: str, malformed: str) -> None:
    # The service's URL takes only a UUID there; an unknown but well-formed one lists none (above).
    answer = call(emu, "GET", path.format(malformed))
    assert answer.status == 404
    assert answer.json()["detail"].startswith("No ")


def test_objective_filters_and_validation(emu: Emulator) -> None:
    for intent, validators in (("Be kind", [{"evaluator_name": "Politeness"}]), ("Be brief", []), ("Be KIND too", [])):
        assert call(emu, "POST", "/v1/objectives/", {"intent": intent, "validators": validators}).status == 201

    def intents(query: str) -> list[str]:
        return [o["intent"] for o in walk(emu, f"/v1/objectives/{query}")]

    assert intents("") == ["Be KIND too", "Be brief", "Be kind"]  # newest first
    assert intents("?intent=Be%20kind") == ["Be kind"]
    assert intents("?search=kind") == ["Be KIND too", "Be kind"]
    assert intents("?has_validators=true") == ["Be kind"]
    assert intents("?has_validators=false") == ["Be KIND too", "Be brief"]
    assert intents("?ordering=intent") == ["Be KIND too", "Be brief", "Be kind"]
    assert call(emu, "POST", "/v1/objectives/", {"intent": ""}).json() == {"intent": ["This field may not be blank."]}
    assert call(emu, "GET", "/v1/objectives/?has_validators=maybe").json() == {
        "has_validators": ["Must be a valid boolean."]
    }
    assert call(emu, "GET", "/v1/objectives/not-a-uuid/").status == 404


# -- execution logs ---------------------------------------------------------------------------------------


def test_execution_logs_are_appended_and_read_newest_first(emu: Emulator) -> None:
    item = str(uuid.uuid4())
    old = emu.add_execution_log(
        executed_item_id=item,
        executed_item_name="Clarity",
        execution_type="evaluator",
        score=0.2,
        tags=["nightly", "v2"],
        llm_output="short",
        variables={"q": "hi"},
        created_at="2025-01-01T00:00:00+00:00",
    )
    judge = emu.add_execution_log(executed_item_name="Support judge", execution_type="judge", score=0.9, tags=["v2"])
    unscored = emu.add_execution_log(executed_item_id=item, executed_item_name="Clarity", execution_type="evaluator")

    def ids(query: str = "") -> list[str]:
        return [log["id"] for log in walk(emu, f"/v1/execution-logs/{query}")]

    assert ids() == [unscored["id"], judge["id"], old["id"]]
    assert ids("?page_size=1") == ids()
    assert ids("?min_score=0.5") == [judge["id"]]
    assert ids("?max_score=0.5") == [old["id"]]  # a log without a score passes no bound
    assert ids("?min_score=0.2&max_score=0.2") == [old["id"]]
    assert ids("?tags=nightly") == [old["id"]]
    assert ids("?tags=v2,other") == [judge["id"], old["id"]]
    assert ids("?search=SUPPORT") == [judge["id"]]
    assert ids(f"?search={item[:8]}") == [unscored["id"], old["id"]]
    assert ids(f"?executed_item_id={item}") == [unscored["id"], old["id"]]
    assert ids("?execution_type=judge") == [judge["id"]]
    assert ids("?unique_skills=true") == [unscored["id"], judge["id"]]

    listed = {log["id"]: log for log in walk(emu, "/v1/execution-logs/")}
    assert listed[old["id"]]["llm_output"] is None  # only with include
    assert listed[old["id"]]["variables"] is None
    included = {log["id"]: log for log in walk(emu, "/v1/execution-logs/?include=llm_output,variables")}
    assert included[old["id"]]["llm_output"] == "short"
    assert included[old["id"]]["variables"] == {"q": "hi"}
    assert included[old["id"]]["evaluation_context"] is None

    details = call(emu, "GET", f"/v1/execution-logs/{old['id']}/")
    assert details.json() == old
    assert details.json()["tags"] == ["nightly", "v2"]
    assert call(emu, "GET", "/v1/execution-logs/?min_score=high").json() == {
        "min_score": ["A valid number is required."]
    }
    assert call(emu, "GET", f"/v1/execution-logs/{uuid.uuid4()}/").json() == {
        "detail": "No ExecutionLog matches the given query."
    }
    response = call(emu, "POST", "/v1/execution-logs/", {})
    assert response.status == 405  # no API creates a log
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_execution_logs_admin_endpoint(emu: Emulator) -> None:
    logs = [
        {"executed_item_name": "A", "score": 0.1},
        {"executed_item_name": "B", "created_at": "2024-01-01T00:00:00+00:00"},
    ]
    response = call(emu, "POST", "/_emulator/execution-logs", raw=json.dumps(logs).encode())
    assert response.status == 201
    added = response.json()["execution_logs"]
    assert [log["executed_item_name"] for log in added] == ["A", "B"]
    assert added[1]["created_at"] == "2024-01-01T00:00:00.000000+00:00"
    assert [log["executed_item_name"] for log in walk(emu, "/v1/execution-logs/")] == ["A", "B"]
    bad = call(emu, "POST", "/_emulator/execution-logs", raw=b"[1]")
    assert bad.status == 400
    naive = call(emu, "POST", "/_emulator/execution-logs", raw=b'{"created_at": "2024-01-01T00:00:00"}')
    assert naive.json() == {"detail": "created_at needs a time zone: '2024-01-01T00:00:00'"}
    assert call(emu, "GET", "/_emulator/execution-logs").status == 405
    assert call(emu, "GET", "/_emulator/state").json()["execution_logs"] == 2
    assert emu.reset() == 2


# -- datasets ---------------------------------------------------------------------------------------------


def test_dataset_upload_stores_the_file_and_its_rows(emu: Emulator) -> None:
    tag = str(uuid.uuid4())
    content = b'question,answer\r\nWhat is 2+2?,4\r\n"Quoted, comma",yes\r\n'
    response = upload(emu, {"name": "arith", "type": "test", "tags": [tag], "has_header": "true"}, ("qa.csv", content))
    assert response.status == 201
    created = response.json()
    assert created["name"] == "arith"
    assert created["type"] == "test"
    assert created["tags"] == [tag]
    assert created["file"] == f"{emu.url}/v1/datasets/{created['id']}/?download=true"
    stored = emu.dataset_file(created["id"])
    assert stored == {
        "name": "qa.csv",
        "content": content.decode(),
        "header": ["question", "answer"],
        "rows": [["What is 2+2?", "4"], ["Quoted, comma", "yes"]],
    }
    fetched = call(emu, "GET", f"/v1/datasets/{created['id']}/").json()
    assert (fetched["id"], fetched["name"], fetched["type"]) == (created["id"], "arith", "test")
    assert call(emu, "GET", f"/v1/datasets/{created['id']}/?download=true").json() == fetched
    assert call(emu, "GET", f"/v1/datasets/{created['id']}/?download=perhaps").json() == {
        "download": ["Must be a valid boolean."]
    }
    # The listing-status operation is dropped, as the service dropped it (tests/test_contract_coverage.py).
    assert call(emu, "PUT", f"/v1/datasets/status/{created['id']}/", {"status": "listed"}).status == 404
    assert call(emu, "DELETE", f"/v1/datasets/{created['id']}/").status == 204
    assert call(emu, "GET", f"/v1/datasets/{created['id']}/").json() == {
        "detail": "No DataSet matches the given query."
    }
    with pytest.raises(KeyError):
        emu.dataset_file(created["id"])
    emu.configure(public_url="https://emulator.example")
    behind_a_proxy = upload(emu, {"name": "proxied"}, ("qa.csv", content)).json()
    assert behind_a_proxy["file"].startswith("https://emulator.example/v1/datasets/")


def test_dataset_upload_refuses_what_is_not_a_csv_file(emu: Emulator) -> None:
    not_csv = ["Upload a valid CSV file. The file you uploaded was either not a CSV file or a corrupted one."]
    assert upload(emu, {"name": "x"}, ("data.csv", b"\xff\xfe\x00\x01")).json() == {"file": not_csv}
    assert upload(emu, {"name": "x"}, ("data.json", b'{"a": 1}')).json() == {"file": not_csv}
    assert upload(emu, {"name": "x"}, ("data.csv", b"")).json() == {"file": ["The submitted file is empty."]}
    missing = upload(emu, {"name": "x", "type": "gold"}, ("d.csv", b"a\n"))
    assert missing.json() == {"type": ['"gold" is not a valid choice.']}
    as_json = call(emu, "POST", "/v1/datasets/", {"name": "x"})
    assert as_json.status == 415
    assert call(emu, "GET", "/_emulator/state").json()["datasets"] == 0


def test_a_dataset_without_a_file_is_empty_and_a_form_may_come_url_encoded(emu: Emulator) -> None:
    # scorable 1.15 builds a labelled dataset so: create it by name (a URL-encoded form), then add items.
    empty = upload(emu, {"name": "labelled"})
    assert empty.status == 201
    encoded = call(
        emu,
        "POST",
        "/v1/datasets/",
        raw=b"name=by+form&tags=",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert encoded.status == 201, encoded.json()
    assert encoded.json()["name"] == "by form"
    dataset_id = encoded.json()["id"]
    added = call(emu, "POST", f"/v1/datasets/{dataset_id}/items/", {"request": "hi", "response": "hello"})
    assert added.status == 201, added.json()
    items = call(emu, "GET", f"/v1/datasets/{dataset_id}/items/").json()["results"]
    assert [(i["request"], i["response"]) for i in items] == [("hi", "hello")]
    # A file can only come in a multipart form.
    as_text = call(
        emu,
        "POST",
        "/v1/datasets/",
        raw=b"name=x&file=a,b",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (as_text.status, as_text.json()) == (
        400,
        {"file": ["The submitted data was not a file. Check the encoding type on the form."]},
    )
    not_utf8 = call(
        emu, "POST", "/v1/datasets/", raw=b"name=\xff", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert (not_utf8.status, not_utf8.json()) == (400, {"non_field_errors": ["The form is not UTF-8 text."]})


def test_dataset_list_filters(emu: Emulator) -> None:
    for name, kind in (("Support FAQ", "reference"), ("support tests", "test"), ("Billing", "test")):
        assert upload(emu, {"name": name, "type": kind}, ("d.csv", b"q,a\n")).status == 201

    def names(query: str = "") -> list[str]:
        return [d["name"] for d in walk(emu, f"/v1/datasets/{query}")]

    assert names() == ["Billing", "support tests", "Support FAQ"]
    assert names("?search=support") == ["support tests", "Support FAQ"]
    assert names("?type=test") == ["Billing", "support tests"]
    assert names("?type=test&search=SUPPORT&page_size=1") == ["support tests"]
    assert names("?ordering=name") == ["Billing", "Support FAQ", "support tests"]


# -- every operation --------------------------------------------------------------------------------------


def served_operations() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in SPEC["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and set(operation.get("tags", ())) & set(SERVED_TAGS)
    } - NOT_SERVED


def test_every_operation_of_the_served_tags_is_served_and_conforms(emu: Emulator) -> None:
    """One round over every served operation: each answers (not 404 Not found, not 405), and check_responses
    validated every answer against the spec."""
    reached: set[tuple[str, str]] = set()

    def go(method: str, template: str, path: str, body: Any = None, **kwargs: Any) -> Response:
        response = call(emu, method, path, body, **kwargs)
        assert response.status < 500, (method, path, response.body)
        assert response.status not in (405,), (method, path)
        if response.status == 404:
            assert response.json() != {"detail": "Not found."}, (method, path)
        reached.add((method, template))
        return response

    model = go("POST", "/v1/models/", "/v1/models/", {"name": "round"}).json()
    go("GET", "/v1/models/", "/v1/models/?capable_of=vision")
    go("GET", "/v1/models/{id}/", f"/v1/models/{model['id']}/")
    go("PUT", "/v1/models/{id}/", f"/v1/models/{model['id']}/", {"name": "round-2"})
    go("PATCH", "/v1/models/{id}/", f"/v1/models/{model['id']}/", {"url": None})
    go("DELETE", "/v1/models/{id}/", f"/v1/models/{model['id']}/")
    objective = go("POST", "/v1/objectives/", "/v1/objectives/", {"intent": "round"}).json()
    go("GET", "/v1/objectives/", "/v1/objectives/?search=round")
    go("GET", "/v1/objectives/{id}/", f"/v1/objectives/{objective['id']}/")
    go("PUT", "/v1/objectives/{id}/", f"/v1/objectives/{objective['id']}/", {"intent": "round 2"})
    go("PATCH", "/v1/objectives/{id}/", f"/v1/objectives/{objective['id']}/", {"test_dataset_id": None})
    go("GET", "/v1/objectives/versions/{id}/", f"/v1/objectives/versions/{objective['id']}/")
    go("DELETE", "/v1/objectives/{id}/", f"/v1/objectives/{objective['id']}/")
    body, headers = multipart({"name": "round", "type": "test"}, ("d.csv", b"a,b\n1,2\n"))
    dataset = go("POST", "/v1/datasets/", "/v1/datasets/", raw=body, headers=headers).json()
    go("GET", "/v1/datasets/", "/v1/datasets/?type=test")
    go("GET", "/v1/datasets/{id}/", f"/v1/datasets/{dataset['id']}/")
    go("PATCH", "/v1/datasets/{id}/", f"/v1/datasets/{dataset['id']}/", {"name": "round 2"})
    items = f"/v1/datasets/{dataset['id']}/items/"
    row = go("POST", "/v1/datasets/{dataset_id}/items/", items, {"response": "r"}).json()
    go("POST", "/v1/datasets/{dataset_id}/items/bulk/", f"{items}bulk/", [{"response": "r2"}])
    go("GET", "/v1/datasets/{dataset_id}/items/", f"{items}?is_archived=true")
    go("GET", "/v1/datasets/{dataset_id}/items/{item_id}/", f"{items}{row['id']}/")
    row = go("PUT", "/v1/datasets/{dataset_id}/items/{item_id}/", f"{items}{row['id']}/", {"request": "q"}).json()
    row = go("PATCH", "/v1/datasets/{dataset_id}/items/{item_id}/", f"{items}{row['id']}/", {"metadata": {}}).json()
    go("DELETE", "/v1/datasets/{dataset_id}/items/{item_id}/", f"{items}{row['id']}/")
    go("DELETE", "/v1/datasets/{id}/", f"/v1/datasets/{dataset['id']}/")
    body, headers = multipart({}, ("f.pdf", b"%PDF-1.4 round"))
    go("POST", "/v1/files/", "/v1/files/", raw=body, headers=headers)
    log = emu.add_execution_log(executed_item_name="round", score=1.0)
    go("GET", "/v1/execution-logs/", "/v1/execution-logs/?include=llm_output")
    go("GET", "/v1/execution-logs/{log_id}/", f"/v1/execution-logs/{log['id']}/")
    objective = go("POST", "/v1/objectives/", "/v1/objectives/", {"intent": "round"}).json()
    definition = {"name": "round", "objective_id": objective["id"], "scoring_criteria": "Good? {{response}}"}
    evaluator = go("POST", "/v1/evaluators/", "/v1/evaluators/", definition).json()
    item = f"/v1/evaluators/{evaluator['id']}/"
    go("GET", "/v1/evaluators/", "/v1/evaluators/?is_root_evaluator=true&search=round")
    go("GET", "/v1/evaluators/{id}/", f"{item}?version_id={evaluator['version_id']}")
    go("PUT", "/v1/evaluators/{id}/", item, definition | {"name": "round 2"})
    go("PATCH", "/v1/evaluators/{id}/", item, {"models": ["gpt-4o"]})
    go("GET", "/v1/evaluators/versions/{id}/", f"/v1/evaluators/versions/{evaluator['id']}/")
    run = {"response": "fine", "tags": ["round"]}
    go("POST", "/v1/evaluators/execute/{id}/", f"/v1/evaluators/execute/{evaluator['id']}/", run)
    go("POST", "/v1/evaluators/execute/by-name/", "/v1/evaluators/execute/by-name/?name=Helpfulness", run)
    rows = {"test_data": [["0.5", "q", "fine"]]}
    go("POST", "/v1/evaluators/calibrate/{id}", f"/v1/evaluators/calibrate/{evaluator['id']}", rows)
    go("POST", "/v1/evaluators/calibrate/", "/v1/evaluators/calibrate/", rows | {"prompt": "Good? {{response}}"})
    copy = go("POST", "/v1/evaluators/duplicate/{id}/", f"/v1/evaluators/duplicate/{evaluator['id']}/").json()
    go("DELETE", "/v1/evaluators/{id}/", item)
    wanted = {"intent": "polite answers", "visibility": "unlisted"}
    generated = go("POST", "/v1/judges/generate/", "/v1/judges/generate/", wanted)
    judge = f"/v1/judges/{generated.json()['judge_id']}/"
    go("GET", "/v1/judges/", "/v1/judges/?search=polite")
    go("GET", "/v1/judges/{id}/", judge)
    created = {"name": "round", "intent": "round", "evaluator_references": [{"id": copy["id"]}]}
    other = go("POST", "/v1/judges/", "/v1/judges/", created).json()
    go("PUT", "/v1/judges/{id}/", f"/v1/judges/{other['id']}/", created | {"name": "round 2"})
    go("PATCH", "/v1/judges/{id}/", f"/v1/judges/{other['id']}/", {"stage": "later"})
    go("POST", "/v1/judges/{judge_id}/execute/", f"{judge}execute/", run)
    go("POST", "/v1/judges/{judge_id}/refine/", f"{judge}refine/", run)
    go("POST", "/v1/judges/execute/by-name/", "/v1/judges/execute/by-name/?name=round%202", run)
    go("POST", "/v1/judges/{id}/duplicate/", f"{judge}duplicate/")
    invite = {"emails": ["someone@example.com"], "judge_url": "https://example.com/judge"}
    go("POST", "/v1/judges/{id}/invite/", f"{judge}invite/", invite)
    batch = {"evaluator_ids": [copy["id"]], "inputs": [run]}
    started = go("POST", "/v1/batch-executions/", "/v1/batch-executions/", batch).json()
    go("GET", "/v1/judges/batch-executions/", "/v1/judges/batch-executions/?status=completed")
    go("GET", "/v1/judges/batch-executions/{id}/", f"/v1/judges/batch-executions/{started['batch_execution_id']}/")
    go("DELETE", "/v1/judges/{id}/", judge)
    # otel
    otel_filter = {"name": "round", "evaluator_id": copy["id"]}
    made = go("POST", "/v1/otel/evaluation-filters/", "/v1/otel/evaluation-filters/", otel_filter).json()
    one = f"/v1/otel/evaluation-filters/{made['id']}/"
    go("GET", "/v1/otel/evaluation-filters/", "/v1/otel/evaluation-filters/")
    go("GET", "/v1/otel/evaluation-filters/{id}/", one)
    go("PUT", "/v1/otel/evaluation-filters/{id}/", one, otel_filter | {"is_active": False})
    go("POST", "/v1/otel/evaluation-filters/validate/", "/v1/otel/evaluation-filters/validate/", otel_filter)
    go("DELETE", "/v1/otel/evaluation-filters/{id}/", one)
    trace = emu.add_trace([{"span": {"name": "round"}}])
    go("GET", "/v1/otel/traces/", "/v1/otel/traces/?filters=span_count%3Bnumber%3B%3B%3E%3B0")
    spans = f"/v1/otel/traces/{trace['trace_id']}/spans/"
    go("GET", "/v1/otel/traces/{trace_id}/spans/", spans)
    project = go("POST", "/v1/projects/", "/v1/projects/", {"name": "round", "is_default": True}).json()
    go("GET", "/v1/projects/", "/v1/projects/?page_size=1")
    go("GET", "/v1/projects/{id}/", f"/v1/projects/{project['id']}/")
    go("PATCH", "/v1/projects/{id}/", f"/v1/projects/{project['id']}/", {"description": "round 2"})
    assert go("DELETE", "/v1/projects/{id}/", f"/v1/projects/{project['id']}/").status == 400  # the default
    # annotations and score configs
    config = go("POST", "/v1/score-configs/", "/v1/score-configs/", {"name": "round", "type": "continuous"}).json()
    go("GET", "/v1/score-configs/", "/v1/score-configs/")
    go("GET", "/v1/score-configs/{id}/", f"/v1/score-configs/{config['id']}/")
    go("PUT", "/v1/score-configs/{id}/", f"/v1/score-configs/{config['id']}/", {"name": "round 2", "max_value": 5})
    go("PATCH", "/v1/score-configs/{id}/", f"/v1/score-configs/{config['id']}/", {"name": "round 3"})
    labelled = {"execution_log": log["id"], "score_config": config["id"], "value": 4}
    annotation = f"/v1/annotations/{go('POST', '/v1/annotations/', '/v1/annotations/', labelled).json()['id']}/"
    go("GET", "/v1/annotations/", f"/v1/annotations/?execution_log={log['id']}&status=published")
    go("GET", "/v1/annotations/{id}/", annotation)
    go("PUT", "/v1/annotations/{id}/", annotation, {"value": 3, "rationale": "r"})
    go("PATCH", "/v1/annotations/{id}/", annotation, {"status": "draft"})
    go("DELETE", "/v1/annotations/{id}/", annotation)
    go("DELETE", "/v1/score-configs/{id}/", f"/v1/score-configs/{config['id']}/")
    body, headers = multipart({"name": "labels", "type": "test"}, ("l.csv", b"0.5,q,fine\n"))
    labels = go("POST", "/v1/datasets/", "/v1/datasets/", raw=body, headers=headers).json()
    source = {"type": "dataset", "dataset_id": labels["id"]}
    calibration = go("POST", "/v1/calibration-runs/", "/v1/calibration-runs/",
                     {"evaluator_external_id": copy["id"], "source": source}).json()  # fmt: skip
    go("GET", "/v1/calibration-runs/", f"/v1/calibration-runs/?evaluator_external_id={copy['id']}")
    go("GET", "/v1/calibration-runs/{id}/", f"/v1/calibration-runs/{calibration['id']}/")
    go("GET", "/v1/calibration-runs/{id}/items/", f"/v1/calibration-runs/{calibration['id']}/items/")
    attach = {"evaluator_external_id": copy["id"], "comparison_groups": [calibration["id"]]}
    go("POST", "/v1/calibration-runs/attach/", "/v1/calibration-runs/attach/", attach)
    # The "more" operations (issue 21): YAML export/import, log tags and ids, model verification, claims.
    exported = go("GET", "/v1/evaluators/export/{id}/", f"/v1/evaluators/export/{copy['id']}/")
    go("POST", "/v1/evaluators/import-yaml/", "/v1/evaluators/import-yaml/", {"yaml": exported.body.decode()})
    tags = {"log_ids": [log["id"]], "tags": ["round"]}
    go("POST", "/v1/execution-logs/set-tags/", "/v1/execution-logs/set-tags/", tags)
    go("GET", "/v1/execution-logs/session-ids/", "/v1/execution-logs/session-ids/?starts_with=s")
    go("GET", "/v1/execution-logs/user-ids/", "/v1/execution-logs/user-ids/")
    go("POST", "/v1/models/verify/", "/v1/models/verify/", {"model": "gpt-4o", "api_key": "sk-round"})
    token = emu.add_claim_token(other["id"])["claim_token"]
    go("POST", "/v1/judges/claim/", "/v1/judges/claim/", {"claim_token": token})
    go("GET", "/v1/judges/{judge_id}/synthetic-data/", f"/v1/judges/{other['id']}/synthetic-data/")
    assert reached == served_operations()


def test_unserved_operations_answer_404_with_a_detail(emu: Emulator) -> None:
    unserved = {
        (method.upper(), path)
        for path, item in SPEC["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and not set(operation.get("tags", ())) & set(SERVED_TAGS)
    }
    assert not unserved, "every tag is served (but the OpenAI-compatible routes)"
    for method, path in sorted(NOT_SERVED):
        concrete = path.replace("{id}", str(uuid.uuid4())).replace("{judge_id}", str(uuid.uuid4()))
        response = call(emu, method, concrete, {} if method in ("POST", "PUT", "PATCH") else None)
        assert (response.status, response.json()) == (404, {"detail": "Not found."}), (method, path)


def test_the_served_tags_are_the_fuzzed_ones() -> None:
    served_paths = set(create_app()[STATE_KEY].engine.routes())
    operations = [op for path in served_paths for op in SPEC["paths"][path].values() if isinstance(op, dict)]
    served_tags = {tag for op in operations for tag in op.get("tags", ())}
    assert served_tags == set(SERVED_TAGS)
    # Each resource's tags may be added on a line of their own: emulated_tags+=(...).
    fuzzed = re.findall(r"emulated_tags\+?=\(([^)]*)\)", FUZZ_SCRIPT.read_text(encoding="utf-8"))
    assert fuzzed
    assert {tag for tags in fuzzed for tag in tags.split()} == served_tags


def test_objectives_datasets_and_logs_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "emulator.db"
    with Emulator(api_keys=(KEY,), db=db) as first:
        objective_id = call(first, "POST", "/v1/objectives/", {"intent": "kept"}).json()["id"]
        call(first, "PATCH", f"/v1/objectives/{objective_id}/", {"intent": "kept twice"})
        dataset = upload(first, {"name": "kept"}, ("d.csv", b"a\n1\n")).json()
        log = first.add_execution_log(executed_item_name="kept", score=0.5)
    with Emulator(api_keys=(KEY,), db=db) as second:
        versions = walk(second, f"/v1/objectives/versions/{objective_id}/")
        assert [v["intent"] for v in versions] == ["kept twice", "kept"]
        assert second.dataset_file(dataset["id"])["rows"] == [["a"], ["1"]]
        assert call(second, "GET", f"/v1/execution-logs/{log['id']}/").json() == log
        assert call(second, "GET", "/_emulator/state").json()["objectives"] == 1


def test_a_multipart_part_that_names_no_field_is_a_malformed_form(emu: Emulator) -> None:
    boundary = "b0undary"
    body = f"--{boundary}\r\n[]--{boundary}--\r\n".encode()
    response = call(
        emu, "POST", "/v1/datasets/", raw=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert response.status == 400
    assert call(emu, "GET", "/_emulator/state").json()["datasets"] == 0
