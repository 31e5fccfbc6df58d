"""The logic of ``make parity`` (scripts/parity/compare.py): normalising runs, comparing them, counting
documented differences. No network and no official package: ``make parity`` itself does the real run.

Also: every documented row of scripts/parity/documented.toml is explained in docs/compatibility.md under
its id and pinned by a test of tests/test_compatibility.py that names it.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PARITY = ROOT / "scripts" / "parity"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"parity_{name}", PARITY / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


compare = _load("compare")
probe_api = _load("probe_api")
run = _load("run")
DOCUMENTED = ("documented.toml", "documented-1.15.toml")

A = "3f2b8c1e-9d4a-4e6b-8f00-0123456789ab"
B = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"
PRESET = "4613f248-b60e-403a-bcdc-157d1c44194a"


def _step(name: str, returned: Any, *, wire: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"name": name, "kind": "call", "returned": returned, "wire": wire or []}


def _str(value: Any) -> dict[str, Any]:
    return {"type": type(value).__name__, "value": value}


def test_ids_are_labelled_by_the_step_that_first_shows_them() -> None:
    created = _step("create", {"class": "Objective", "attributes": {"id": _str(A)}})
    sent = {"method": "GET", "path": f"/v1/objectives/{A}/", "params": {}, "headers": {}, "body": None}
    read = _step("get", {"class": "Objective", "attributes": {"id": _str(A), "other": _str(B)}}, wire=[sent])
    run = compare.normalise_run([created, read])
    assert run["create"]["outcome"]["returned"]["attributes"]["id"]["value"] == "<id create#1>"
    assert run["get"]["wire"][0]["path"] == "/v1/objectives/<id create#1>/"
    assert run["get"]["outcome"]["returned"]["attributes"]["other"]["value"] == "<id get#1>"


def test_an_extra_id_shifts_only_the_labels_of_its_own_step() -> None:
    first = [_step("one", [_str(A)]), _step("two", [_str(B)])]
    second = [_step("one", [_str(PRESET), _str(A)]), _step("two", [_str(B)])]
    assert compare.normalise_run(first)["two"] == compare.normalise_run(second)["two"]


def test_fixed_ids_times_cursors_boundaries_and_the_emulators_url_are_normalised_or_kept() -> None:
    normaliser = compare.Normaliser(keep=[PRESET])
    normaliser.begin("s")
    assert normaliser.text(PRESET.upper()) == PRESET
    assert normaliser.text("2026-12-06T03:38:02.801159+00:00") == "<time>"
    assert normaliser.text("http://127.0.0.1:41727/v1/x") == "<emulator>/v1/x"
    request = {
        "method": "POST",
        "path": "/v1/datasets/",
        "params": {"cursor": ["abc"], "page_size": ["2"]},
        "headers": {"Content-Type": "multipart/form-data; boundary=xyz"},
        "body": '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nd\r\n'
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n'
        "a,b\n\r\n--xyz--\r\n",
    }
    normalised = normaliser.request(request)
    assert normalised["params"] == {"cursor": ["<cursor>"], "page_size": ["2"]}
    assert normalised["headers"] == {"content-type": "multipart/form-data; boundary=<boundary>"}
    assert normalised["body"] == {
        "name": {"filename": None, "content-type": None, "content": "d"},
        "file": {"filename": "a.csv", "content-type": "text/csv", "content": "a,b\n"},
    }


def test_values_differ_by_type_value_class_and_attributes() -> None:
    official = {"class": "Judge", "attributes": {"id": _str("x"), "gone": _str(1), "n": _str(1)}}
    ours = {"class": "JudgeList", "attributes": {"id": {"type": "UUID", "value": "x"}, "n": _str(2), "new": _str(0)}}
    assert compare.diff_values(official, ours) == [
        "value: class Judge here, JudgeList in ours",
        "id: str 'x' officially, UUID 'x' in ours",
        "gone: attribute missing in ours",
        "n: 1 officially, 2 in ours",
        "new: extra attribute in ours",
    ]
    assert compare.diff_values({"type": "list", "items": [_str(1)]}, {"type": "list", "items": []}) == [
        "value: 1 items officially, 0 in ours"
    ]
    assert compare.diff_values(official, official) == []


def test_the_wire_is_compared_field_by_field() -> None:
    sent = {"method": "POST", "path": "/v1/m/", "params": {}, "headers": {"content-type": "application/json"}}
    official = [{**sent, "body": {"name": "m", "url": None}}]
    assert compare.diff_wire(official, [{**sent, "body": {"name": "m"}}]) == [
        "request 1 body.url: None officially, absent in ours"
    ]
    assert compare.diff_wire(official, []) == ["1 requests officially (POST /v1/m/), 0 in ours (none)"]
    assert compare.diff_wire(official, official) == []


def test_an_exception_is_the_same_when_ours_is_an_instance_of_the_official_class() -> None:
    official = {"class": "root.generated.openapi_client.exceptions.NotFoundException"}
    caught = {"class": "root.errors.NotFoundError", "mro": ["root.errors.NotFoundError", official["class"]]}
    missed = {"class": "root.errors.NotFoundError", "mro": ["root.errors.NotFoundError", "builtins.Exception"]}
    assert compare.exception_caught(official, caught)
    assert not compare.exception_caught(official, missed)
    assert compare.diff_outcomes({"raised": official}, {"raised": caught}) == []
    assert compare.diff_outcomes({"raised": official}, {"raised": missed}) == [
        f"officially raises {official['class']}, ours raises root.errors.NotFoundError, not a subclass of it"
    ]


def test_only_calls_that_could_break_are_signature_differences() -> None:
    official = [["evaluator_id", "positional", None], ["limit", "keyword-only", "100"], ["_t", "positional", "None"]]
    assert compare.diff_parameters(official, official) == []
    relaxed = [["evaluator_id", "positional", "None"], ["limit", "keyword-only", "100"], ["_t", "positional", "None"],
               ["extra", "keyword-only", "None"]]  # fmt: skip
    assert compare.diff_parameters(official, relaxed) == []
    broken = [["limit", "positional", "10"], ["evaluator_id", "positional", None], ["must", "keyword-only", None]]
    assert compare.diff_parameters(official, broken) == [
        "parameter evaluator_id: position 0 officially, 1 in ours",
        "parameter limit: keyword-only officially, positional in ours",
        "parameter limit: default 100 officially, 10 in ours",
        "parameter _t (positional) missing in ours",
        "parameter must (keyword-only): extra in ours, required",
    ]
    moved = [["other", "positional", "None"], ["evaluator_id", "positional", None]]
    assert "parameter evaluator_id: position 0 officially, 1 in ours" in compare.diff_parameters(official[:1], moved)


def _probe(names: dict[str, Any]) -> dict[str, Any]:
    return {"modules": {"root.m": {"names": names}}, "client": {}}


def test_names_and_signatures_compare_the_official_names() -> None:
    function = {"kind": "function", "parameters": [["a", "positional", None]]}
    official = _probe({"f": function, "g": function, "C": {"kind": "class", "parameters": [], "methods": {"m": []}}})
    ours = _probe({"f": {"kind": "function", "parameters": []}, "C": {"kind": "class", "parameters": [], "methods": {}},
                   "extra": function})  # fmt: skip
    names = compare.compare_names(official, ours)
    assert [(i.subject, [d.detail for d in i.differences]) for i in names.items] == [
        ("root.m.C", []),
        ("root.m.f", []),
        ("root.m.g", ["missing in ours"]),
    ]
    signatures = compare.compare_signatures(official, ours)
    assert {i.subject: [d.detail for d in i.differences] for i in signatures.items} == {
        "root.m.C": [],
        "root.m.C.m": ["method missing in ours"],
        "root.m.f": ["parameter a (positional) missing in ours"],
    }


def test_the_report_counts_identical_documented_and_undocumented_items() -> None:
    category = compare.Category("wire")
    category.add("a")
    category.add("b", [compare.Difference("wire", "b", "request 1 body.x: None officially, absent in ours")])
    category.add("c", [compare.Difference("wire", "c", "something else")])
    row = compare.Documented("omit", ("wire",), ("*",), r"absent in ours$", "left out")
    unused = compare.Documented("unused", ("wire",), ("nothing",), "", "never")
    text, undocumented = compare.report([category], [row, unused])
    assert undocumented == 1
    assert "- **wire**: 1 of 3 identical, 1 documented, 1 undocumented" in text
    assert "- c: something else" in text
    assert "- unused" in text.split("## Documented rows that matched nothing")[1]
    assert compare.report([category], [row, compare.Documented("c", ("wire",), ("c",), "", "")])[1] == 0
    assert "- ... and 1 more" in compare.report([category], [], limit=1)[0]


def test_a_documented_row_needs_a_known_category_and_a_unique_id(tmp_path: Path) -> None:
    path = tmp_path / "documented.toml"
    row = '[[difference]]\nid = "x"\ncategories = ["{}"]\nsubjects = ["*"]\nsummary = "s"\n'
    path.write_text(row.format("wire"), encoding="utf-8")
    assert [r.id for r in compare.load_documented(path)] == ["x"]
    path.write_text(row.format("wires"), encoding="utf-8")
    with pytest.raises(ValueError, match="categories"):
        compare.load_documented(path)
    path.write_text(row.format("wire") * 2, encoding="utf-8")
    with pytest.raises(ValueError, match="twice"):
        compare.load_documented(path)


def test_a_row_takes_its_subjects_from_a_list_in_code(tmp_path: Path) -> None:
    path = tmp_path / "documented.toml"
    path.write_text(
        '[[difference]]\nid = "x"\ncategories = ["names"]\nsubjects_from = "root._official_names:LEFT_OUT"\n'
        "detail = '^missing in ours$'\nsummary = \"s\"\n",
        encoding="utf-8",
    )
    (row,) = compare.load_documented(path)
    assert row.covers(compare.Difference("names", "root.judges.JudgesApi", "missing in ours"))
    assert not row.covers(compare.Difference("names", "root.judges.Judge", "missing in ours"))
    assert compare.fnmatch_escape("a*[b]?") == "a[*][[]b][?]"


def test_every_documented_row_is_explained_and_pinned() -> None:
    rows = [row for name in DOCUMENTED for row in compare.load_documented(PARITY / name)]
    guide = (ROOT / "docs" / "compatibility.md").read_text(encoding="utf-8")
    pins = (ROOT / "tests" / "test_compatibility.py").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### .*\(`([\w-]+)`\)$", guide, flags=re.MULTILINE))
    pinned = set(re.findall(r'@pins\("([\w-]+)"\)', pins))
    ids = {row.id for row in rows}  # a 1.15 row may share a 1.6 row's id, and its section
    assert ids - headings == set(), "documented rows without a section in docs/compatibility.md"
    assert ids - pinned == set(), "documented rows without a test in tests/test_compatibility.py"
    assert headings - ids == set(), "sections of rows that are gone"
    assert pinned - ids == set(), "pins of rows that are gone"


def test_a_class_imported_by_several_modules_is_compared_once_where_it_is_defined() -> None:
    klass = {"kind": "class", "parameters": [["a", "positional", None]], "origin": "root.m.K", "methods": {}}
    official = {"modules": {"root.m": {"names": {"K": klass}}, "root.n": {"names": {"K": klass}}}, "client": {}}
    moved = {**klass, "origin": "root._private.K"}
    ours = {"modules": {"root.n": {"names": {"K": moved}}}, "client": {}}
    signatures = compare.compare_signatures(official, ours)
    assert [(i.subject, i.differences) for i in signatures.items] == [("root.m.K", [])]


def test_each_official_package_has_its_environment_its_scenario_and_its_rows() -> None:
    old, new = run.PACKAGES["1.6"], run.PACKAGES["1.15"]
    assert (old.requirement, old.import_name, new.requirement, new.import_name) == (
        "root-signals==1.6.5",
        "root",
        "scorable==1.15.0",
        "scorable",
    )
    assert old.venv == run.WORK / "root-signals-1.6.5"
    assert new.venv == run.WORK / "scorable-1.15.0"
    assert new.env("http://127.0.0.1:1") == {"SCORABLE_API_KEY": run.API_KEY, "SCORABLE_API_URL": "http://127.0.0.1:1"}
    assert old.env("http://127.0.0.1:1", "k") == {
        "ROOTSIGNALS_API_KEY": "k",
        "ROOTSIGNALS_API_URL": "http://127.0.0.1:1",
    }
    for package in run.PACKAGES.values():
        assert (PARITY / package.scenario).is_file()
        assert package.documented in DOCUMENTED
    assert new.title == "make parity: our package against the official scorable 1.15.0"
    assert old.title == compare.TITLE_1_6


def test_the_programs_see_neither_packages_variables_from_the_callers_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCORABLE_API_KEY", "real-key")
    monkeypatch.setenv("ROOTSIGNALS_API_URL", "https://api.example")
    env = run.clean_env(**run.PACKAGES["1.15"].env("http://127.0.0.1:1"))
    assert env["SCORABLE_API_KEY"] == run.API_KEY
    assert "ROOTSIGNALS_API_URL" not in env
    assert "SCORABLE_API_KEY" not in run.clean_env()


def test_the_1_15_probe_reads_1_15s_modules_and_sub_apis() -> None:
    assert probe_api.modules_of("root") == probe_api.MODULES
    modules = probe_api.modules_of("scorable")
    assert all(m == "scorable" or m.startswith("scorable.") for m in modules)
    for added in ("multiturn", "projects", "files", "annotations", "calibration_runs", "score_configs"):
        assert f"scorable.{added}" in modules
    assert "scorable.generated.openapi_aclient.exceptions" in modules
    assert len(modules) == len(probe_api.MODULES) + 6
    assert {"projects", "files", "annotations", "calibration_runs", "score_configs"} <= set(
        probe_api.sub_apis_of("scorable")
    )
    assert "projects" not in probe_api.sub_apis_of("root")


def test_sub_apis_are_named_after_the_probes_client() -> None:
    method = {"methods": {"list": [["limit", "keyword-only", "100"]]}}
    official = {"client_name": "Scorable", "modules": {}, "client": {"projects": method, "presets": {}}}
    ours = {"client_name": "Scorable", "modules": {}, "client": {"projects": {"methods": {}}, "presets": {}}}
    signatures = compare.compare_signatures(official, ours)
    assert [(i.subject, [d.detail for d in i.differences]) for i in signatures.items] == [
        ("Scorable().projects.list", ["method missing in ours"])
    ]
    assert compare.client_name({"modules": {}}) == "RootSignals"


def test_a_scorable_class_that_ours_defines_in_root_is_found_under_its_official_name() -> None:
    official_class = {"kind": "class", "parameters": [], "origin": "scorable.skills.Evaluators",
                      "methods": {"run": [["evaluator_id", "positional", None]]}}  # fmt: skip
    ours_class = {**official_class, "origin": "root.skills.Evaluators", "methods": {"run": []}}
    official = {"modules": {"scorable.skills": {"names": {"Evaluators": official_class}}}, "client": {}}
    ours = {"modules": {"scorable.skills": {"names": {"Evaluators": ours_class}}}, "client": {}}
    signatures = compare.compare_signatures(official, ours)
    assert {i.subject: [d.detail for d in i.differences] for i in signatures.items} == {
        "scorable.skills.Evaluators": [],
        "scorable.skills.Evaluators.run": ["parameter evaluator_id (positional) missing in ours"],
    }


def test_each_packages_report_has_its_title_under_one_heading() -> None:
    category = compare.Category("names")
    category.add("scorable.x", [compare.Difference("names", "scorable.x", "missing in ours")])
    text, undocumented = compare.report([category], [], title="the 1.15 part", level=2)
    assert undocumented == 1
    assert text.startswith("## the 1.15 part\n")
    assert "### Undocumented: names (1)" in text
    assert compare.report([category], [])[0].startswith(f"# {compare.TITLE_1_6}\n")


def test_an_exception_class_is_recorded_under_each_name_a_program_can_import_it_by(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "argv", ["scenario", "http://127.0.0.1:9", "key", "out.json"])
    kit = _load("scenario_kit")
    from root.generated.openapi_client.exceptions import NotFoundException

    assert kit.class_names(ValueError) == ["builtins.ValueError"]
    names = kit.class_names(NotFoundException)
    assert names[0] == "root.generated.openapi_client.exceptions.NotFoundException"
    aliased = importlib.util.find_spec("scorable") is not None
    assert ("scorable.generated.openapi_client.exceptions.NotFoundException" in names) is aliased
    record = kit.exception_record(NotFoundException(status=404, reason="Not Found"))
    assert record["class"] == names[0]
    assert record["mro"][: len(names)] == names
    assert "builtins.Exception" in record["mro"]


def test_a_scenario_runs_only_the_presets_the_official_package_has(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import enum

    class Eval(enum.Enum):
        Clarity = "a"
        Tool_Selection = "b"
        Politeness = "c"

    official = tmp_path / "presets.json"
    official.write_text('["Politeness", "Clarity"]', encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["scenario", "http://127.0.0.1:9", "key", "out.json", str(official)])
    assert list(_load("scenario_kit").presets(Eval)) == ["Clarity", "Politeness"]
    monkeypatch.setattr(sys, "argv", ["scenario", "http://127.0.0.1:9", "key", "out.json"])
    assert list(_load("scenario_kit").presets(Eval)) == ["Clarity", "Tool_Selection", "Politeness"]
    assert run.preset_names({"client": {"presets": {"B": {}, "A": {}}}}) == ["A", "B"]


def test_the_probe_counts_a_name_a_module_gives_only_on_lookup() -> None:
    import types

    module = types.ModuleType("offering")

    def offer(name: str) -> object:
        if name == "Offered":
            return int
        raise AttributeError(f"{name} is left out on purpose")

    module.__getattr__ = offer  # type: ignore[method-assign]
    assert "Offered" not in dir(module)
    assert probe_api._looks_up(module, "Offered")
    assert not probe_api._looks_up(module, "LeftOut")
