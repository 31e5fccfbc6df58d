"""Sphinx configuration: the API reference comes from sphinx-autoapi, the guides are Markdown (MyST)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

HERE = Path(__file__).resolve().parent
# The repository whose ``root/`` is documented: this one, unless a test builds a copy of docs/ elsewhere.
REPO = Path(os.environ.get("ROOTSIGNALS_DOCS_REPO") or HERE.parent).resolve()


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

# The types users receive from the generated packages: documented, with their fields only.
GENERATED_MODELS = {
    "Model",
    "ModelList",
    "NestedUserDetails",
    "Provider",
    "PaginatedModelListList",
    "ErrorDetail",
}


# Public names of the private modules that users meet in signatures (``timeout: float | Timeout``,
# ``name: str | NotGiven = NOT_GIVEN``).
CONFIG_NAMES = {"Timeout", "NotGiven", "NOT_GIVEN"}
# Classes documented where users import them from (``from root.emulator import Emulator``) rather than
# where they are defined. Every other imported name stays out.
IMPORTED_SHOWN = {"root.emulator.Emulator", "root.emulator.FaultConfig"}
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


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _fresh_reference, priority=100)  # before autoapi's own handler (500)
    app.connect("builder-inited", write_presets_table)
    app.connect("autoapi-skip-member", skip_member)
    app.connect("autodoc-process-docstring", generated_module_docstring)
    app.connect("autodoc-process-docstring", keep_prose_docstring, priority=400)  # before napoleon (500)
    app.connect("autodoc-process-docstring", restore_prose_docstring, priority=600)  # after it


# -- HTML -------------------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"Root Signals Python SDK {release}"
html_static_path: list[str] = []
