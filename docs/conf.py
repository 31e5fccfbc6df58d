"""Sphinx configuration: the API reference comes from sphinx-autoapi, the guides are Markdown (MyST)."""

from __future__ import annotations

import functools
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

HERE = Path(__file__).resolve().parent
# The repository whose ``root/`` is documented: this one, unless a test builds a copy of docs/ elsewhere.
REPO = Path(os.environ.get("ROOTSIGNALS_DOCS_REPO") or HERE.parent).resolve()

sys.path.insert(0, str(HERE))
from reference_notes import Notes, reference_notes  # noqa: E402  (next to this file, found through HERE)


def _version() -> str:
    text = (REPO / "root" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "0"


project = "Root Signals Python SDK"
author = "Root Signals"
copyright = "Root Signals"
release = version = _version()

extensions = [
    "autoapi.extension",
    "sphinx.ext.napoleon",
    "myst_parser",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
# The page of the ``root`` package only lists its modules, which the index lists already.
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "autoapi/root/index.rst", "_generated"]

# -- MyST -------------------------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- napoleon: Google-style docstrings everywhere but the Models methods (which use :param:) --------

napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_attr_annotations = True
napoleon_use_ivar = True  # "Attributes:" as fields: autoapi already documents the attributes themselves

# -- sphinx-autoapi ---------------------------------------------------------------------------------
# autoapi reads the sources without importing them. Its RST is kept in docs/autoapi (ignored by git) and
# written afresh by every build; tests/test_docs.py compares the root.models page with the published one.

autoapi_type = "python"
autoapi_dirs = [str(REPO / "root")]
# The sources, not root/models.pyi: the stub leaves out the injected ``_client`` for type checkers, while
# the reference shows the signatures as published, ``_client`` included.
autoapi_file_patterns = ["*.py"]
autoapi_root = "autoapi"
autoapi_keep_files = True
autoapi_add_toctree_entry = False  # index.md places the reference in its own toctree
autoapi_member_order = "groupwise"
autoapi_python_class_content = "class"
autoapi_options = [
    "members",
    "undoc-members",
    "show-inheritance",
    "show-module-summary",
    "imported-members",  # narrowed down to IMPORTED_SHOWN by skip_member
]
# Never parsed at all: the generated transport and request side (users never receive these).
autoapi_ignore = [
    "*/generated/*/api/*",
    "*/generated/*/api_client.py",
    "*/generated/*/api_response.py",
    "*/generated/*/configuration.py",
    "*/generated/*/exceptions.py",
    "*/generated/*/rest.py",
    "*/generated/*/models/model_request.py",
    "*/generated/*/models/patched_model_request.py",
]


def _received_models() -> set[str]:
    """The generated models users receive: the 2xx answers of the operations the sub-APIs call, and every
    schema those refer to, read from openapi.yaml. A sub-API names its operation in its one call into
    ``root._operations`` (``self._operations.call("models_retrieve", ...)``)."""
    import yaml

    from root._operation_calls import operations_called

    named = operations_called(REPO / "root")
    spec = yaml.safe_load((REPO / "openapi.yaml").read_text(encoding="utf-8"))
    pending: list[Any] = []
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") in named:
                pending += [r for status, r in operation.get("responses", {}).items() if str(status).startswith("2")]
    pending.append({"$ref": "#/components/schemas/ErrorDetail"})
    found: set[str] = set()

    def visit(node: Any, name: str | None) -> None:
        # ``name``: the generated class a schema becomes. The generator names an inline object after its
        # parent and property (``ExecutionLogList.evaluation_context`` -> ``ExecutionLogListEvaluationContext``),
        # with ``Inner`` for an array's items.
        if isinstance(node, list):
            for child in node:
                visit(child, None)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            target = ref.rsplit("/", 1)[1]
            if target not in found:
                found.add(target)
                visit(spec["components"]["schemas"][target], target)
            return
        if name is not None and "properties" in node:
            found.add(name)
        for key, child in node.items():
            if key == "properties" and isinstance(child, dict):
                for prop, schema in child.items():
                    camel = "".join(part[:1].upper() + part[1:] for part in prop.split("_"))
                    inner = f"{name}{camel}" if name else None
                    visit(schema, inner)
            elif key == "items":
                visit(child, f"{name}Inner" if name else None)
            elif isinstance(child, (dict, list)):
                visit(child, None)

    visit(pending, None)
    return found


# The types users receive from the generated packages: documented, with their fields only.
GENERATED_MODELS = _received_models()


# Public names of the private modules that users meet in signatures (``timeout: float | Timeout``,
# ``name: str | NotGiven = NOT_GIVEN``).
CONFIG_NAMES = {"Timeout", "NotGiven", "NOT_GIVEN"}
# Classes documented where users import them from (``from root.emulator import Emulator``) rather than
# where they are defined. Every other imported name stays out.
IMPORTED_SHOWN = {
    "root.emulator.Emulator",
    "root.emulator.FaultConfig",
    "root.testing.GateFailure",
    "root.testing.GateRow",
}
# Of the emulator's modules, the package (with the classes above) and the fault keys (the faults
# module's docstring); the server internals (application, store, catalog, command line) stay out.
EMULATOR_MODULES_SHOWN = {"root.emulator", "root.emulator.faults"}


def skip_member(app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: list[str]) -> bool | None:
    """Decide what the reference shows beyond autoapi's own rules (private names, ``__all__``)."""
    if any(name.startswith(shown + ".") for shown in IMPORTED_SHOWN):
        return skip  # a member of a class shown where it is imported: the usual rules
    if getattr(obj, "imported", False):
        return name not in IMPORTED_SHOWN
    parts = name.split(".")
    if "generated" in parts:
        return _skip_generated(what, parts, skip)
    if name == "root._config":
        return False
    if parts[:2] == ["root", "_config"] and len(parts) == 3:
        return parts[2] not in CONFIG_NAMES
    if parts[:2] == ["root", "emulator"]:
        if what in ("package", "module"):
            return name not in EMULATOR_MODULES_SHOWN
        if parts[:3] == ["root", "emulator", "faults"]:
            return True  # its docstring lists the fault keys; FaultConfig is on the package's page
    return None


# The modules of those models (``PaginatedModelListList`` -> ``paginated_model_list_list``).
GENERATED_MODEL_MODULES = {re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower() for name in GENERATED_MODELS}


def _skip_generated(what: str, parts: list[str], skip: bool) -> bool | None:
    if what in ("package", "module"):
        # root.generated, both client packages, their models packages and the modules of the models above;
        # the other model modules (the spec declares every resource, the SDK exposes some) would be empty
        # pages. The rest is kept out by autoapi_ignore.
        if parts[-2] == "models" and parts[-1] not in GENERATED_MODEL_MODULES:
            return True
        return skip
    if what == "class":
        return skip if parts[-1] in GENERATED_MODELS else True
    if parts[-2] in GENERATED_MODELS:
        # A model's fields. Not pydantic's plumbing (model_config), nor the generator's helpers: their
        # to_dict() leaves out read-only fields such as id, which pydantic's model_dump() keeps.
        return what != "attribute" or parts[-1] == "model_config" or skip
    return True


GENERATED_DOCSTRING = (
    "Generated from ``openapi.yaml`` by ``make generate``; never edited by hand (see :doc:`/guides/regenerating`)."
)


def generated_module_docstring(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """The generator's module banner (title, version, "do not edit") on every page says less than this."""
    if what in ("module", "package") and name.startswith("root.generated.") and "Do not edit" in "\n".join(lines):
        lines[:] = [GENERATED_DOCSTRING]


# napoleon reads "Text: more text" at the start of an attribute's or property's docstring as
# "type: description", so "A key the emulator accepts: the first of ..." would render with the type
# "A key the emulator accepts". Such docstrings (prose before the colon) are kept as they are written.
_PROSE_BEFORE_COLON = re.compile(r"^[A-Za-z][\w`'\"()-]*(?: [\w`'\"()-]+)+:(?:\s|$)")
_kept_docstrings: dict[str, list[str]] = {}


def keep_prose_docstring(app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]) -> None:
    if what in ("attribute", "data", "property") and lines and _PROSE_BEFORE_COLON.match(lines[0]):
        _kept_docstrings[name] = list(lines)


def restore_prose_docstring(app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]) -> None:
    kept = _kept_docstrings.pop(name, None)
    if kept is not None:
        lines[:] = kept


# -- what the reference says beyond the published docstrings ---------------------------------------------
# After each sub-API's and method's own text: that ``_client`` comes from the decorator, and each
# parameter's limits as openapi.yaml states them at build time (docs/reference_notes.py computes both).


@functools.cache
def _notes() -> Notes:
    return reference_notes(REPO)


def _inline(text: str) -> list[nodes.Node]:
    """``text`` with its ````code```` spans as literals."""
    parts = text.split("``")
    return [nodes.literal(part, part) if i % 2 else nodes.Text(part) for i, part in enumerate(parts) if part]


def _paragraph(text: str) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    paragraph.extend(_inline(text))
    return paragraph


def _xref(target: str, title: str) -> addnodes.pending_xref:
    reference = addnodes.pending_xref("", refdomain="py", reftype="exc", reftarget=target, refexplicit=True)
    reference += nodes.literal(title, title)
    return reference


def add_reference_notes(app: Sphinx, domain: str, objtype: str, content: addnodes.desc_content) -> None:
    """Append the notes for a sub-API class or method, after the published text of its docstring."""
    if domain != "py" or objtype not in ("class", "method"):
        return
    signature = content.parent[0] if content.parent is not None else None
    if not isinstance(signature, addnodes.desc_signature):
        return
    object_id = f"{signature.get('module')}.{signature.get('fullname')}"
    notes = _notes()
    if objtype == "class" and object_id in notes.classes:
        decorators = ", ".join(f"``@{name}``" for name in notes.classes[object_id])
        injected = (
            "A method that shows a ``_client`` parameter gets it from its decorator "
            f"({decorators}), which takes the connection from the client this sub-API belongs to: "
            "callers never pass it. "
            if decorators
            else ""
        )
        note = nodes.note()
        note += _paragraph(
            injected + "Each method lists the limits ``openapi.yaml`` sets on its arguments; "
            "an argument outside them raises "
        )
        note[0] += _xref("root.errors.InvalidArgumentError", "InvalidArgumentError")
        note[0] += nodes.Text(" before anything is sent.")
        nested = [i for i, child in enumerate(content.children) if isinstance(child, addnodes.desc)]
        content.insert(nested[0] if nested else len(content.children), note)
        return
    if objtype != "method":
        return
    if object_id in notes.injected:
        content += _paragraph(f"``_client`` is supplied by ``@{notes.injected[object_id]}``; never pass it.")
    limits = notes.limits.get(object_id)
    if limits is not None:
        content += nodes.rubric("", "Limits")
        content += _paragraph(f"From ``openapi.yaml`` (``{limits.schema}``), checked before anything is sent:")
        items = nodes.bullet_list()
        for parameter, text in limits.parameters:
            item = nodes.list_item()
            item += _paragraph(f"``{parameter}``: {text}")
            items += item
        content += items


def _fresh_reference(app: Sphinx) -> None:
    """Regenerate the kept reference RST on every build, so no page of a removed module lingers."""
    shutil.rmtree(HERE / autoapi_root, ignore_errors=True)
    if hasattr(app.env, "autoapi_source_hashes"):
        del app.env.autoapi_source_hashes  # or autoapi would skip writing when the sources are unchanged


PRESETS_PAGE = HERE / "_generated" / "presets.md"
"""The table of preset evaluators that docs/guides/evaluators.md includes, written from root/presets.json."""


def write_presets_table(app: Sphinx) -> None:
    """Render the shipped table of preset evaluators (names, ids, inputs) as Markdown, on every build."""
    import json

    table = json.loads((REPO / "root" / "presets.json").read_text(encoding="utf-8"))
    rows = ["| Attribute | Needs | Id |", "|---|---|---|"]
    for preset in table["presets"]:
        needs = ", ".join(f"`{name}`" for name in preset["inputs"])
        rows.append(f"| `{preset['name']}` | {needs} | `{preset['id']}` |")
    PRESETS_PAGE.parent.mkdir(exist_ok=True)
    PRESETS_PAGE.write_text("\n".join(rows) + "\n", encoding="utf-8")


REPORT_EXAMPLE = Path("_static") / "evaluate-report.html"
"""Where the evaluation guide's example report page lands in the HTML output (docs/report_example.py)."""


def write_report_example(app: Sphinx, exception: BaseException | None) -> None:
    """Render the evaluation guide's example report page from seeded synthetic data into the output."""
    if exception is None and app.builder.format == "html":
        from report_example import write_example_report

        write_example_report(Path(app.outdir) / REPORT_EXAMPLE)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _fresh_reference, priority=100)  # before autoapi's own handler (500)
    app.connect("builder-inited", write_presets_table)
    app.connect("autoapi-skip-member", skip_member)
    app.connect("autodoc-process-docstring", generated_module_docstring)
    app.connect("autodoc-process-docstring", keep_prose_docstring, priority=400)  # before napoleon (500)
    app.connect("autodoc-process-docstring", restore_prose_docstring, priority=600)  # after it
    app.connect("object-description-transform", add_reference_notes)
    app.connect("build-finished", write_report_example)


# -- HTML -------------------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"Root Signals Python SDK {release}"
html_static_path: list[str] = []
