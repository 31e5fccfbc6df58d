"""``root.skills`` as a surface: the preset table is complete and is the one source of the presets (runtime,
type stub, docs), the official SDK 1.6's names are there, and every sync/async twin matches."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import root.skills
from root._presets import INPUTS, load_presets, presets_for
from root.skills import APresetEvaluatorRunner, Evaluator, Evaluators, PresetEvaluatorRunner, Versions

REPO = Path(__file__).resolve().parents[1]
STUB = REPO / "root" / "_preset_attributes.pyi"

OFFICIAL_PRESETS = {
    "Faithfulness": "901794f9-634c-4852-9e41-7c558f1ff1ab",
    "Relevance": "bd789257-f458-4e9e-8ce9-fa6e86dc3fb9",
    "Clarity": "9976d9f3-7265-4732-b518-d61c2642b14e",
    "Non_toxicity": "e296e374-7539-4eb2-a74a-47847dd26fb8",
    "Helpfulness": "88bc92d5-bebf-45e4-9cd1-dfa33309c320",
    "Politeness": "2856903a-e48c-4548-b3fe-520fd88c4f25",
    "Formality": "8ab6cf1a-42b5-4a23-a15c-21372816483d",
    "Harmlessness": "379fee0a-4fd1-4942-833b-7d78d78b334d",
    "Confidentiality": "2eaa0a02-47a9-48f7-9b47-66ad257f93eb",
    "Persuasiveness": "85bb6a74-f5dd-4130-8dcc-cffdf72327cc",
    "JSON_Empty_Values_Ratio": "03829088-1799-438e-ae30-1db60832e52d",
    "JSON_Property_Name_Accuracy": "740923aa-8ffd-49cc-a95d-14f831243b25",
    "JSON_Property_Type_Accuracy": "eabc6924-1fec-4e96-82ce-c03bf415c885",
    "JSON_Property_Completeness": "e5de37f7-d20c-420f-8072-f41dce96ecfc",
    "JSON_Content_Accuracy": "b6a9aeff-c888-46d7-9e9c-7cf8cb461762",
    "Context_Recall": "8bb60975-5062-4367-9fc6-a920044cba56",
    "Answer_Correctness": "d4487568-4243-4da8-9c76-adbaf762dbe0",
    "Answer_Semantic_Similarity": "ff350bce-4b07-4af7-9640-803c9d3c2ff9",
    "Sentiment_recognition": "e3782c1e-eaf4-4b2d-8d26-53db2160f1fd",
    "Safety_for_Children": "39a8b5ba-de77-4726-a6b0-621d40b3cdf5",
    "Precision": "767bdd49-5f8c-48ca-8324-dfd6be7f8a79",
    "Originality": "e72cb54f-548a-44f9-a6ca-4e14e5ade7f7",
    "Engagingness": "64729487-d4a8-42d8-bd9e-72fd8390c134",
    "Conciseness": "be828d33-158a-4e92-a2eb-f4d96c13f956",
    "Coherence": "e599886c-c338-458f-91b3-5d7eba452618",
    "Quality_of_Writing_Professional": "059affa9-2d1c-48de-8e97-f81dd3fc3cbe",
    "Quality_of_Writing_Creative": "060abfb6-57c9-43b5-9a6d-8a1a9bb853b8",
    "Truthfulness": "053df10f-b0c7-400b-892e-46ce3aa1e430",
    "Context_Precision": "9d1e9a25-7e76-4771-b1e3-40825d7918c5",
    "Answer_Relevance": "0907d422-e94f-4c9c-a63d-ec0eefd8a903",
    "Compliance_Preview": "4613f248-b60e-403a-bcdc-157d1c44194a",
    "Faithfulness_Swift": "a3a5e97b-7fcb-441e-92f2-6e59aa473b89",
    "Truthfulness_Swift": "c8c65e61-2dc8-4f29-865a-a5e59127d208",
    "Completeness": "f0832c32-6beb-4383-a1ea-cdeb883d9044",
}
"""The official SDK 1.6's 34 presets (its ``Evaluators.Eval``), recorded here as facts of the service."""


def test_the_table_has_every_preset_of_the_official_sdk() -> None:
    table = {p.name: p.id for p in load_presets()}
    missing = sorted(set(OFFICIAL_PRESETS) - set(table))
    assert not missing, f"root/presets.json lacks the preset(s) {missing}"
    wrong = {n: table[n] for n in OFFICIAL_PRESETS if table[n] != OFFICIAL_PRESETS[n]}
    assert not wrong, f"root/presets.json has other ids for {wrong}"
    assert len(OFFICIAL_PRESETS) == 34


def test_every_preset_says_what_a_run_needs() -> None:
    for preset in load_presets():
        assert preset.inputs, f"{preset.name} needs no input at all?"
        assert set(preset.fields) <= set(INPUTS)
        assert {"request", "response", "turns"} & set(preset.inputs), f"{preset.name}: a run needs something to score"
    needs = {p.name: set(p.inputs) for p in load_presets()}
    assert "contexts" in needs["Faithfulness"]
    assert {"contexts", "expected_output"} <= needs["Context_Recall"]
    assert "turns" in needs["Tool_Selection"]


def test_each_official_generation_lists_its_own_presets() -> None:
    assert [p.name for p in presets_for("1.6")] == list(OFFICIAL_PRESETS)
    later = [p.name for p in presets_for("1.15")]
    assert len(later) == 34
    assert {"Tool_Selection", "Knowledge_Retention"} <= set(later)
    assert not {"Context_Recall", "JSON_Content_Accuracy"} & set(later)
    assert {p.name for p in load_presets()} == set(OFFICIAL_PRESETS) | set(later)
    with pytest.raises(ValueError, match="unknown SDK generation"):
        presets_for("2.0")


def test_the_runtime_reads_the_table() -> None:
    presets = load_presets()
    assert [(m.name, m.value) for m in Evaluators.Eval] == [(p.name, p.id) for p in presets]
    assert Evaluators.Eval.__qualname__ == "Evaluators.Eval"
    assert Evaluators.EvaluatorName.__args__ == tuple(p.name for p in presets)  # type: ignore[attr-defined]
    for preset in presets:
        assert preset.name in vars(Evaluators), f"Evaluators has no attribute {preset.name}"


def test_the_type_stub_is_the_table() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_presets_stub.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    (attributes,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "PresetAttributes"]
    runners = [n.target.id for n in attributes.body if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)]
    (enum,) = [n for n in attributes.body if isinstance(n, ast.ClassDef) and n.name == "Eval"]
    members = {
        n.targets[0].id: n.value.value  # type: ignore[attr-defined]
        for n in enum.body
        if isinstance(n, ast.Assign)
    }
    table = {p.name: p.id for p in load_presets()}
    assert runners == list(table), "the stub's preset attributes are not the table's presets"
    assert members == table, "the stub's Eval is not the table"


def test_the_table_loads_without_the_client() -> None:
    code = (
        "import sys; from root._presets import load_presets; load_presets(); "
        "print(sorted(m for m in sys.modules if m in ('root.client', 'root.skills', 'pydantic', 'urllib3')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_malformed_table_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import json

    import root._presets as presets_module

    clarity = {"name": "Clarity", "id": "a", "inputs": ["response"], "sdks": ["1.6"]}
    tables = {
        "repeats": [clarity, {**clarity, "id": "b"}],
        "has sdks": [{**clarity, "sdks": ["2.0"]}],
        "unknown input": [{**clarity, "inputs": ["mood"]}],
    }
    monkeypatch.setattr(presets_module.resources, "files", lambda package: tmp_path)
    try:
        for message, rows in tables.items():
            (tmp_path / "presets.json").write_text(json.dumps({"presets": rows}), encoding="utf-8")
            presets_module.load_presets.cache_clear()
            with pytest.raises(ValueError, match=message):
                presets_module.load_presets()
    finally:
        monkeypatch.undo()
        presets_module.load_presets.cache_clear()
    assert len(load_presets()) == 44


# -- the official SDK 1.6's surface ----------------------------------------------------------------------------

OFFICIAL_NAMES = {
    "Evaluator",
    "AEvaluator",
    "Evaluators",
    "EvaluatorDemonstration",
    "ModelParams",
    "ReferenceVariable",
    "InputVariable",
    "CalibrateBatchParameters",
    "ACalibrateBatchParameters",
    "CalibrateBatchResult",
    "ACalibrateBatchResult",
    "PresetEvaluatorRunner",
    "APresetEvaluatorRunner",
    "Versions",
    "ModelName",
}


def test_the_official_names_are_importable() -> None:
    assert set(root.skills.__all__) >= OFFICIAL_NAMES
    for name in root.skills.__all__:
        assert getattr(root.skills, name) is not None


TWINS = [
    (Evaluators, name)
    for name in (
        "create",
        "get",
        "get_by_name",
        "list",
        "update",
        "delete",
        "run",
        "run_by_name",
        "calibrate_existing",
        "calibrate",
        "calibrate_batch",
    )
] + [(Versions, "list"), (Evaluator, "run"), (PresetEvaluatorRunner, "run")]


@pytest.mark.parametrize(("owner", "name"), TWINS, ids=[f"{o.__name__}.{n}" for o, n in TWINS])
def test_twins_have_identical_parameters_and_docs(owner: type, name: str) -> None:
    sync_method, async_method = getattr(owner, name), getattr(owner, "a" + name)
    sync_params = inspect.signature(sync_method).parameters
    async_params = inspect.signature(async_method).parameters
    assert list(sync_params) == list(async_params)
    for parameter, s in sync_params.items():
        a = async_params[parameter]
        assert (s.kind, s.default) == (a.kind, a.default), parameter
        assert s.annotation == a.annotation, parameter
    sync_doc = inspect.getdoc(sync_method) or ""
    async_doc = inspect.getdoc(async_method) or ""
    assert async_doc.startswith("Asynchronously ")
    rest = async_doc[len("Asynchronously ") :]
    assert rest[0].upper() + rest[1:] == sync_doc
    defined = inspect.unwrap(async_method)
    assert inspect.iscoroutinefunction(defined) or inspect.isasyncgenfunction(defined)
    assert "Args:" in sync_doc
    documented = [p for p in sync_params if p != "self"]
    for parameter in documented:
        assert f"{parameter}:" in sync_doc, f"{owner.__name__}.{name}: {parameter} is not documented"


def test_the_runners_share_the_signature_of_a_run() -> None:
    run = inspect.signature(PresetEvaluatorRunner.run)
    assert inspect.signature(APresetEvaluatorRunner.__call__) == run.replace(
        return_annotation=inspect.signature(PresetEvaluatorRunner.arun).return_annotation
    )
    # As in the official SDK 1.15, a saved evaluator's run also takes the files it reads; a preset's does not.
    parameters = dict(inspect.signature(Evaluator.run).parameters)
    assert parameters.pop("file_ids").default is None
    assert parameters == dict(run.parameters)


EVALUATOR_FIELDS_NOT_TAKEN = {
    "objective": "the inline objective: the contract requires objective_id anyway, so create() makes the objective "
    "first from intent",
    "objective_version_id": "the official SDK 1.6 does not take it; the latest objective version is followed",
    "status": "the listing status; the official SDK 1.6 does not take it",
    "system_message": "the official SDK 1.6 does not take it",
    "behavior": "the newer service's field, which the official SDK 1.6 does not know",
}
"""Writable fields of EvaluatorRequest that create/update leave out on purpose, with the reason."""

FIELDS_OF_PARAMETERS = {
    "predicate": {"prompt", "scoring_criteria"},
    "model": {"models"},
    "fallback_models": {"models"},
    "intent": set(),  # the objective created first
}
"""create/update parameters that become other fields (or another request)."""


@pytest.mark.parametrize(("schema", "method"), [("EvaluatorRequest", "create"), ("PatchedEvaluatorRequest", "update")])
def test_every_writable_evaluator_field_is_a_parameter_or_left_out_on_purpose(schema: str, method: str) -> None:
    import root.generated.openapi_client.models as sync_models

    fields = set(getattr(sync_models, schema).model_fields)
    parameters = set(inspect.signature(getattr(Evaluators, method)).parameters) - {
        "self",
        "evaluator_id",
        "_request_timeout",
    }
    covered = set().union(*(FIELDS_OF_PARAMETERS.get(p, {p}) for p in parameters))
    if method == "create":
        covered.add("change_note")  # not in the official create(); update() takes it
    covered.add("overwrite")  # create() takes it; the generated PATCH model sends its default
    missing = sorted(fields - covered - set(EVALUATOR_FIELDS_NOT_TAKEN))
    assert not missing, (
        f"openapi.yaml's {schema} has the field(s) {missing}, which Evaluators.{method} does not send: add "
        f"parameters to {method}/a{method} in root/skills.py, or list them in EVALUATOR_FIELDS_NOT_TAKEN "
        f"({__name__}) with the reason"
    )
    unknown = sorted(covered - fields - {"intent"})
    assert not unknown, f"Evaluators.{method} sends {unknown}, which openapi.yaml's {schema} does not have"
