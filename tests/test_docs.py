"""The documentation: it builds without a warning, its ``root.models`` page matches the published
reference member by member (as recorded in tests/data, read by tests/published_api.py), and every Python
example in the guides runs against the emulator.

The guides are Markdown. Every ```` ```python ```` block is executed, page by page, in one namespace per
page (so a later block may use what an earlier one defined), with ``ROOTSIGNALS_API_URL`` and
``ROOTSIGNALS_API_KEY`` pointing at an emulator and the working directory a fresh temporary one. An HTML
comment right before a block changes how it is used:

``<!-- docs-test: write-file=NAME -->``
    The block is the content of a file: write it to ``NAME`` in the working directory (any language).
``<!-- docs-test: unset-env=NAME -->``
    Run the block with the environment variable ``NAME`` removed.
``<!-- docs-test: pytest-file=NAME -->``
    The block is a file of a pytest suite (a test module, ``conftest.py``, ``pyproject.toml``): write it
    to ``NAME`` in a directory of its own; after the page's other blocks, run pytest on that directory in
    a fresh interpreter, with warnings as errors.
``<!-- docs-test: skip -->``
    Do not run the block. Use it for what cannot run anywhere; :data:`MAX_SKIPPED` bounds how many.
``<!-- docs-test: typecheck-after-previous -->``
    Run as usual; tests/test_typing.py type-checks the block after the page's earlier ones rather than
    alone (every Python block of README.md and docs/ passes ``mypy --strict``).

``<!-- docs-test: shell-not-run=REASON -->``
    Do not run this shell block (an install, which needs the network), for the reason given.

Shell blocks (``console`` transcripts and ``bash`` scripts) of README.md and the guides that run
``rootsignals``, ``python -m root...`` or ``pip install`` are run, page by page, in one bash session against
an emulator (see :func:`test_documented_shell_commands_run`): each command must succeed, or fail where
the guide shows it failing, and each message the guide quotes must be what the command printed. Blocks
of development commands only (``make``, ``git``) are not run, but their ``make`` targets and the emulator
options the guides show are checked to exist. MyST directives (```` ```{toctree} ````) are not examples.
"""

from __future__ import annotations

import gc
import itertools
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from root import RootSignals
from root.emulator import Emulator

from .published_api import PUBLISHED
from .spec import NAME_MAX, OUTPUT_TOKENS_MIN, TOKENS_MAX, TOKENS_MIN, URL_MAX

# The Sphinx build (a module fixture, counted in its first test) and the shell sessions start many
# processes: on a loaded machine they outlast the suite's 120 s per test, though nothing hangs.
pytestmark = pytest.mark.timeout(600)

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
GUIDE_PAGES = sorted([DOCS / "index.md", *(DOCS / "guides").glob("*.md")])
MODELS_RST = Path("autoapi") / "root" / "models" / "index.rst"
MODELS_HTML = Path("autoapi") / "root" / "models" / "index.html"
EXTRA_MEMBERS = {"get": False, "aget": True, "update": False, "aupdate": True}
"""Members beyond the published page that the reference must show, and whether each is async."""
PYTHON_FENCES = {"python", "py", "python3"}
MAX_SKIPPED = 2
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


# -- the documentation build ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    source: Path
    html: Path
    output: str


def _sphinx(source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", "-d", str(out / "doctrees")]
    return subprocess.run(
        [*command, *extra, str(source), str(out / "html")],
        env={**os.environ, "ROOTSIGNALS_DOCS_REPO": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def docs_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """What ``make docs`` does, on a copy of ``docs/``: autoapi keeps its RST in the copy's ``autoapi/``,
    so that a ``make docs`` running meanwhile in the checkout does not write over it."""
    out = tmp_path_factory.mktemp("docs")
    source = out / "source"
    shutil.copytree(DOCS, source, ignore=shutil.ignore_patterns("_build", "autoapi"))
    result = _sphinx(source, out)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"sphinx-build -W failed:\n{output}"
    return Build(source=source, html=out / "html", output=output)


@pytest.fixture(scope="module")
def published_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The published page's directives, rendered from its facts and built by the same Sphinx, to compare
    the HTML of each member with."""
    source = tmp_path_factory.mktemp("published-src")
    out = tmp_path_factory.mktemp("published")
    (source / "index.rst").write_text(PUBLISHED.rst(), encoding="utf-8")
    (source / "conf.py").write_text("project = 'published'\n", encoding="utf-8")
    result = _sphinx(source, out, "-q")
    assert result.returncode == 0, f"the published facts do not build:\n{result.stdout}{result.stderr}"
    return Build(source=source, html=out / "html", output=result.stdout + result.stderr)


def test_docs_build_without_warnings(docs_build: Build) -> None:
    assert "WARNING" not in docs_build.output
    assert "ERROR" not in docs_build.output
    for page in ("index.html", "guides/quickstart.html", "benchmarks.html", str(MODELS_HTML)):
        assert (docs_build.html / page).is_file(), page


def _unresolved_references(page: Path) -> list[str]:
    builder = _TreeBuilder()
    builder.feed(page.read_text(encoding="utf-8"))
    return [
        child.text()
        for parent in builder.root.walk()
        if parent.tag != "a"
        for child in parent.elements()
        if child.tag == "code" and "xref" in child.attrs.get("class", "").split()
    ]


def test_guides_cross_references_resolve(docs_build: Build) -> None:
    """A ``{py:class}`` that names nothing renders as plain code, without a warning: catch it here."""
    pages = [docs_build.html / "index.html", *sorted((docs_build.html / "guides").glob("*.html"))]
    unresolved = {page.name: _unresolved_references(page) for page in pages}
    assert not {name: refs for name, refs in unresolved.items() if refs}


# -- the root.models page against the published one ------------------------------------------------------


@dataclass
class Directive:
    """One ``.. py:KIND:: SIGNATURE`` of an autoapi page, with its options and its own docstring lines."""

    kind: str
    signature: str
    options: list[str] = field(default_factory=list)
    doc: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return re.split(r"[(\s]", self.signature, maxsplit=1)[0]


def parse_rst(text: str) -> dict[str, Directive]:
    """The ``py:`` directives of a page by short name (``Models``, ``create``, ...), and the module."""
    found: dict[str, Directive] = {}
    current: Directive | None = None
    current_indent = 0
    for line in text.splitlines():
        match = re.match(r"^( *)\.\. py:(\w+):: (.+)$", line)
        if match:
            indent, kind, signature = match.groups()
            current = Directive(kind, signature.strip())
            current_indent = len(indent)
            found["<module>" if kind == "module" else current.name] = current
            continue
        if current is None or not line.strip():
            continue
        if len(line) - len(line.lstrip()) <= current_indent:
            current = None  # back at the directive's own level: its content has ended
            continue
        stripped = line.strip()
        if not current.doc and re.match(r"^:[\w-]+:( |$)", stripped):
            current.options.append(stripped)
        else:
            current.doc.append(stripped)
    return found


PUBLISHED_DIRECTIVES = parse_rst(PUBLISHED.rst())
"""The published page's directives, as RST rendered from the facts and read back as ours is read."""


def test_the_published_directives_are_complete() -> None:
    assert {"<module>", "Models", "create", "acreate", "list", "alist", "delete", "adelete", "client_context"} <= set(
        PUBLISHED_DIRECTIVES
    )
    assert PUBLISHED_DIRECTIVES["<module>"].signature == "root.models"
    assert set(PUBLISHED_DIRECTIVES) == {"<module>", *PUBLISHED.members()}
    assert not set(EXTRA_MEMBERS) & set(PUBLISHED_DIRECTIVES)


class _Element:
    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []

    def text(self, skip: Any = None) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not (skip and skip(child)):
                parts.append(child.text(skip))
        return "".join(parts)

    def elements(self) -> list[_Element]:
        return [c for c in self.children if isinstance(c, _Element)]

    def walk(self) -> Iterator[_Element]:
        yield self
        for child in self.elements():
            yield from child.walk()


class _TreeBuilder(HTMLParser):
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _is_headerlink(element: _Element) -> bool:
    return "headerlink" in element.attrs.get("class", "")


def _is_nested_object(element: _Element) -> bool:
    return element.tag == "dl" and "py" in element.attrs.get("class", "").split()


def _normal(text: str) -> str:
    return " ".join(text.split())


def html_members(path: Path) -> dict[str, tuple[str, list[str]]]:
    """``{id: (signature text, paragraphs of its own description)}`` for every documented object."""
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    members: dict[str, tuple[str, list[str]]] = {}
    for element in builder.root.walk():
        children = element.elements()
        for dt, dd in itertools.pairwise(children):
            if dt.tag == "dt" and "id" in dt.attrs and dd.tag == "dd":
                signature = _normal(dt.text(_is_headerlink))
                paragraphs = [
                    _normal(p.text())
                    for part in dd.elements()
                    if not _is_nested_object(part)
                    for p in part.walk()
                    if p.tag in ("p", "li") and not any(c.tag == "p" for c in p.elements())
                ]
                members[dt.attrs["id"]] = (signature, paragraphs)
    return members


def _member_id(name: str) -> str:
    if name == "<module>":
        return "module-root.models"
    return "root.models.Models" if name == "Models" else f"root.models.Models.{name}"


def html_parameters(path: Path) -> dict[str, list[str]]:
    """``{id: names of its "Parameters" field entries, in order}`` for every documented object."""
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for element in builder.root.walk():
        for dt, dd in itertools.pairwise(element.elements()):
            if not (dt.tag == "dt" and "id" in dt.attrs and dd.tag == "dd"):
                continue
            names: list[str] = []
            for part in dd.elements():
                if part.tag != "dl" or "field-list" not in part.attrs.get("class", "").split():
                    continue
                for name_dt, body in itertools.pairwise(part.elements()):
                    if name_dt.tag == "dt" and _normal(name_dt.text()).startswith("Parameters") and body.tag == "dd":
                        for paragraph in body.walk():
                            first = paragraph.elements()[:1]
                            if paragraph.tag == "p" and first and first[0].tag == "strong":
                                names.append(_normal(first[0].text()))
            found[dt.attrs["id"]] = names
    return found


def _param_fields(doc: list[str]) -> list[str]:
    """The names of the ``:param NAME:`` fields among a directive's docstring lines, in order."""
    return [match.group(1) for line in doc if (match := re.match(r"^:param (\w+):", line))]


@pytest.mark.parametrize("name", sorted(PUBLISHED_DIRECTIVES))
def test_models_page_matches_the_published_page(name: str, docs_build: Build, published_build: Build) -> None:
    published = PUBLISHED_DIRECTIVES[name]
    ours = parse_rst((docs_build.source / MODELS_RST).read_text(encoding="utf-8")).get(name)
    assert ours is not None, f"{name} is missing from the generated {MODELS_RST}"

    # The generated RST: the same directive, signature text, options (``:async:``), and a ``:param:``
    # field for every parameter the published page documents, in its order.
    assert ours.kind == published.kind
    assert ours.signature == published.signature
    assert ours.options == published.options
    documented = _param_fields(published.doc)
    assert documented == list(PUBLISHED.members()[name].documented if name != "<module>" else [])
    our_fields = _param_fields(ours.doc)
    missing = [param for param in documented if param not in our_fields]
    assert not missing, f"{name}: no :param: field for the published parameters {missing}"
    positions = [our_fields.index(param) for param in documented]
    assert positions == sorted(positions), f"{name}: the published parameters are documented out of order"

    # The built HTML: the signature rendered exactly as the published one renders, and a "Parameters"
    # entry for every published documented parameter.
    if name == "<module>":
        return
    member_id = _member_id(name)
    published_signature, _ = html_members(published_build.html / "index.html")[member_id]
    our_members = html_members(docs_build.html / MODELS_HTML)
    assert member_id in our_members, f"{member_id} is not on the built page"
    our_signature, our_text = our_members[member_id]
    assert our_signature == published_signature
    if name != "client_context":
        assert our_text, f"{name}: the built page has no description"
    published_params = html_parameters(published_build.html / "index.html")[member_id]
    assert published_params == documented
    our_params = html_parameters(docs_build.html / MODELS_HTML)[member_id]
    missing = [param for param in published_params if param not in our_params]
    assert not missing, f"{name}: the built page has no parameter entry for {missing}"


@pytest.mark.parametrize(("name", "is_async"), sorted(EXTRA_MEMBERS.items()))
def test_models_page_shows_the_other_methods(name: str, is_async: bool, docs_build: Build) -> None:
    ours = parse_rst((docs_build.source / MODELS_RST).read_text(encoding="utf-8")).get(name)
    assert ours is not None
    assert ours.kind == "method"
    assert (":async:" in ours.options) is is_async
    assert "model_id: str" in ours.signature
    assert ":param model_id: The model's ID (a UUID)." in ours.doc
    signature, _ = html_members(docs_build.html / MODELS_HTML)[f"root.models.Models.{name}"]
    assert signature.startswith(f"async {name}(" if is_async else f"{name}(")


def load_reference_notes(docs: Path) -> Any:
    """``docs/reference_notes.py`` of a docs folder: the module docs/conf.py renders the notes with."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"reference_notes_{abs(hash(docs))}", docs / "reference_notes.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


LIMITED = {"create": "ModelRequest", "acreate": "ModelRequest", "update": "PatchedModelRequest"}
LIMITED["aupdate"] = "PatchedModelRequest"


@pytest.mark.parametrize(("name", "schema"), sorted(LIMITED.items()))
def test_the_reference_shows_each_parameters_limits_from_the_spec(name: str, schema: str, docs_build: Build) -> None:
    """After the published text, each method lists the limits openapi.yaml sets (read at build time)."""
    _, text = html_members(docs_build.html / MODELS_HTML)[f"root.models.Models.{name}"]
    assert f"From openapi.yaml ({schema}), checked before anything is sent:" in text
    for limit in (
        f"name: a string of 1 to {NAME_MAX} characters, matching ^\\s*\\S",
        f"max_output_token_count: an integer, at least {OUTPUT_TOKENS_MIN}",
        f"max_token_count: an integer from {TOKENS_MIN} to {TOKENS_MAX}",
        f"url: a string of at most {URL_MAX} characters",
    ):
        assert limit in text, f"{name}: no {limit!r} in {text}"
    # After everything else: the rubric, the sentence, one item per limited parameter close the text.
    limited = load_reference_notes(DOCS).reference_notes(REPO).limits[f"root.models.Models.{name}"].parameters
    assert text.index("Limits") == len(text) - 2 - len(limited), text


def test_the_reference_says_who_supplies_client(docs_build: Build) -> None:
    members = html_members(docs_build.html / MODELS_HTML)
    _, class_text = members["root.models.Models"]
    note = [p for p in class_text if "_client" in p]
    assert note, class_text
    assert "callers never pass it" in note[0]
    assert "@with_sync_client" in note[0]
    assert "@with_async_client" in note[0]
    for name in ("create", "acreate", "get", "aget", "update", "aupdate", "delete", "adelete", "list"):
        _, text = members[f"root.models.Models.{name}"]
        decorator = "with_async_client" if name.startswith("a") and name != "alist" else "with_sync_client"
        assert f"_client is supplied by @{decorator}; never pass it." in text, name
    _, text = members["root.models.Models.alist"]
    assert not [p for p in text if "_client" in p], "alist takes no _client"


def test_the_reference_notes_cover_any_sub_api(tmp_path: Path) -> None:
    """A new resource's sub-API gets the notes by being one: a class whose methods take ``_client``,
    with parameters named like a request body's properties."""
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "widgets.py").write_text(
        "class Widgets:\n"
        "    @with_sync_client\n"
        "    def create(self, *, label: str, size: int = 1, colour: str = 'red', _client: object) -> str: ...\n"
        "    @with_sync_client\n"
        "    def get(self, widget_id: str, *, _client: object) -> str: ...\n"
        "class NotASubAPI:\n"
        "    def create(self, *, label: str) -> str: ...\n",
        encoding="utf-8",
    )
    spec = {
        "paths": {
            "/w/": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/c/WidgetIn"}}}}}}
        },
        "c": {
            "WidgetIn": {
                "properties": {
                    "label": {"type": "string", "maxLength": 7},
                    "size": {"type": "integer", "minimum": 1, "maximum": 9},
                    "colour": {"type": "string", "enum": ["red", "blue"]},
                },
                "required": ["label"],
            }
        },
    }
    notes = load_reference_notes(DOCS).reference_notes(tmp_path, spec)
    assert notes.classes == {"root.widgets.Widgets": ["with_sync_client"]}
    assert notes.injected == {
        "root.widgets.Widgets.create": "with_sync_client",
        "root.widgets.Widgets.get": "with_sync_client",
    }
    assert list(notes.limits) == ["root.widgets.Widgets.create"]
    limits = notes.limits["root.widgets.Widgets.create"]
    assert limits.schema == "WidgetIn"
    assert limits.parameters == (
        ("label", "a string of at most 7 characters"),
        ("size", "an integer from 1 to 9"),
        ("colour", "a string, one of ``red``, ``blue``"),
    )


def test_reference_shows_only_the_public_surface(docs_build: Build) -> None:
    pages = {p.relative_to(docs_build.html).as_posix() for p in (docs_build.html / "autoapi").rglob("*.html")}
    generated = {p for p in pages if "/generated/" in p}
    for package in ("openapi_client", "openapi_aclient"):
        models = {
            p.split("/")[-2]
            for p in generated
            if p.startswith(f"autoapi/root/generated/{package}/models/") and not p.endswith("models/index.html")
        }
        assert {"model", "model_list", "nested_user_details", "provider", "paginated_model_list_list"} <= models
        # Request models, and models of resources the SDK does not expose yet, get no (empty) page.
        assert not models & {"model_request", "patched_model_request", "evaluator_request", "judge_invite_request"}
        # What the judges sub-API hands out (root.judges), and what its results hold.
        assert {"judge", "judge_list", "judge_generator_response", "judge_execution_response"} <= models
    hidden = {"api", "api_client", "api_response", "configuration", "exceptions", "rest", "model_request"}
    assert not [p for p in generated if hidden & set(p.split("/"))]
    emulator = {p for p in pages if "/emulator/" in p}
    assert emulator == {"autoapi/root/emulator/index.html", "autoapi/root/emulator/faults/index.html"}
    emulator_page = (docs_build.html / "autoapi/root/emulator/index.html").read_text(encoding="utf-8")
    for shown in ("Emulator", "Emulator.set_faults", "Emulator.reset", "FaultConfig"):
        assert f'id="root.emulator.{shown}"' in emulator_page
    for hidden_name in ("EmulatorState", "create_app", "STATE_KEY"):
        assert f'id="root.emulator.{hidden_name}"' not in emulator_page
    models_page = (docs_build.html / MODELS_HTML).read_text(encoding="utf-8")
    for private in ("_run", "_arun", "_alist_page", "_call_options", "_iterate", "_sync_api"):
        assert f'id="root.models.Models.{private}"' not in models_page


# -- the guides' examples -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    language: str
    code: str
    directives: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def extract_blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a Markdown page, with the ``docs-test`` directives right before each."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    directives: dict[str, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i]
        directive = re.match(r"^<!--\s*docs-test:\s*(.*?)\s*-->$", line.strip())
        fence = re.match(r"^(`{3,}|~{3,})\s*(\S*)", line)
        if directive:
            key, _, value = directive.group(1).partition("=")
            directives[key.strip()] = value.strip()
        elif fence:
            marker, language = fence.groups()
            end = i + 1
            while end < len(lines) and not lines[end].startswith(marker):
                end += 1
            blocks.append(Block(page, i + 1, language.lower(), "\n".join(lines[i + 1 : end]) + "\n", directives))
            directives = {}
            i = end
        elif line.strip():
            directives = {}
        i += 1
    return blocks


ALL_BLOCKS = [block for page in GUIDE_PAGES for block in extract_blocks(page)]
KNOWN_DIRECTIVES = {"write-file", "unset-env", "pytest-file", "skip", "typecheck-after-previous", "shell-not-run"}


def test_every_python_example_is_run() -> None:
    assert ALL_BLOCKS, "no code blocks found in the guides"
    for block in ALL_BLOCKS:
        assert set(block.directives) <= KNOWN_DIRECTIVES, f"{block.where}: unknown docs-test directive"
        assert block.language != "pycon", f"{block.where}: write examples as python blocks, not pycon"
        if block.language.startswith("{"):
            assert not block.directives, f"{block.where}: a MyST directive ({block.language}) is not an example"
        elif not {"write-file", "pytest-file"} & set(block.directives):
            assert block.language in PYTHON_FENCES | {"console", "text"}, (
                f"{block.where}: a {block.language!r} block is neither run nor a shell transcript"
            )
    skipped = [b.where for b in ALL_BLOCKS if "skip" in b.directives]
    assert len(skipped) <= MAX_SKIPPED, f"too many examples are not run: {skipped}"
    pages_with_code = {b.page.stem for b in ALL_BLOCKS if b.language in PYTHON_FENCES}
    assert {"quickstart", "configuration", "pagination", "errors", "async", "emulator"} <= pages_with_code


@pytest.fixture(scope="module")
def docs_emulator() -> Iterator[Emulator]:
    with Emulator() as emu:  # accepts any key, as the examples use several
        yield emu


@pytest.mark.parametrize("page", GUIDE_PAGES, ids=lambda p: p.stem)
def test_guide_examples_run(
    page: Path, docs_emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = [b for b in extract_blocks(page) if "skip" not in b.directives]
    docs_emulator.reset()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROOTSIGNALS_API_URL", docs_emulator.url)
    monkeypatch.setenv("ROOTSIGNALS_API_KEY", docs_emulator.api_key)
    # The scorable face's variables (docs/guides/scorable.md): the same emulator.
    monkeypatch.setenv("SCORABLE_API_URL", docs_emulator.url)
    monkeypatch.setenv("SCORABLE_API_KEY", docs_emulator.api_key)
    monkeypatch.delenv("ROOTSIGNALS_LOG", raising=False)
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    # Should an example ever lose its URL, it must not reach the real service.
    monkeypatch.setattr("root._config.DEFAULT_BASE_URL", docs_emulator.url)

    suite = tmp_path / "suite"
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem}"}
    for block in blocks:
        if "write-file" in block.directives:
            (tmp_path / block.directives["write-file"]).write_text(block.code, encoding="utf-8")
        elif "pytest-file" in block.directives:
            suite.mkdir(exist_ok=True)
            (suite / block.directives["pytest-file"]).write_text(block.code, encoding="utf-8")
        elif block.language in PYTHON_FENCES:
            with monkeypatch.context() as local:
                if "unset-env" in block.directives:
                    local.delenv(block.directives["unset-env"])
                # Padded so that a traceback gives the line in the Markdown file.
                code = compile("\n" * block.line + block.code, str(block.page), "exec")
                exec(code, namespace)
    namespace.clear()
    gc.collect()  # a client left open would warn here, and fail this page rather than a later test

    if suite.exists():
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", str(suite)],
            cwd=suite,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, f"the pytest example of {page.name} fails:\n{result.stdout}{result.stderr}"
        assert " passed" in result.stdout
        assert "warning" not in result.stdout.lower()


def _console_commands(language: str = "console") -> list[tuple[Block, str]]:
    """``(block, command)`` for every ``$ command`` of the shell blocks, continuation lines joined."""
    commands: list[tuple[Block, str]] = []
    for block in ALL_BLOCKS:
        if block.language != language:
            continue
        for command in re.findall(r"^\$ ((?:.*\\\n)*.*)$", block.code, re.MULTILINE):
            commands.append((block, re.sub(r"\\\n\s*", "", command).strip()))
    return commands


def _run_curl(command: str, base_url: str) -> tuple[int, str]:
    """Run a documented ``curl`` command line (``-X``, ``-H``, ``-d``) with urllib, against ``base_url``."""
    args = shlex.split(command)[1:]
    url, method, headers, data = "", None, {}, None
    while args:
        arg = args.pop(0)
        if arg == "-X":
            method = args.pop(0)
        elif arg == "-H":
            name, _, value = args.pop(0).partition(":")
            headers[name.strip()] = value.strip()
        elif arg == "-d":
            data = args.pop(0).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")  # as curl does
        elif arg == "-s":
            continue
        else:
            assert not arg.startswith("-"), f"the test does not know curl's {arg}"
            url = re.sub(r"^(?:https?://)?localhost:8000", base_url, arg)
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_documented_make_targets_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.MULTILINE))
    used = {(b.where, c.split()[1]) for b, c in _console_commands() if c.startswith("make ")}
    assert used, "the guides show no make command"
    assert not [(where, target) for where, target in used if target not in targets]


def test_documented_emulator_options_exist() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "root.emulator", "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    text = (DOCS / "guides" / "emulator.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text))
    assert documented, "the emulator guide shows no option"
    assert not documented - set(re.findall(r"--[a-z][a-z-]+", result.stdout))


def test_emulator_command_line_as_documented() -> None:
    """``python -m root.emulator --port ...`` prints where it listens, serves, answers the admin requests
    the guides show with ``curl``, and stops on SIGTERM."""
    commands = [c for _, c in _console_commands() if c.startswith("python -m root.emulator")]
    assert commands, "the guides do not show how to start the emulator"
    args = commands[0].split()[3:]
    args[args.index("--port") + 1] = "0"
    process = subprocess.Popen(
        # As documented: no --api-key, so any key is accepted, and the admin API answers the curls shown.
        [sys.executable, "-m", "root.emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.fullmatch(r"Root Signals emulator listening on (http://127\.0\.0\.1:\d+)\n", first)
        assert match, first
        with RootSignals(api_key="docs-key", base_url=match.group(1)) as client:
            assert sum(1 for _ in client.models.list(limit=3)) == 3
        curls = [c for _, c in _console_commands() if c.startswith("curl ")]
        assert curls, "the guides show no admin request"
        for curl in curls:
            status, body = _run_curl(curl, match.group(1))
            assert status == 200, f"{curl}: {status} {body}"
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr


def test_benchmarks_page_is_linked() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert re.search(r"^benchmarks$", index, re.MULTILINE), "docs/benchmarks.md is not in a toctree"
    assert (DOCS / "benchmarks.md").is_file()
    assert (DOCS / "guides" / "benchmarks.md").is_file()


# -- the documented shell commands ----------------------------------------------------------------------------

SHELL_FENCES = {"console", "bash", "sh", "shell"}
SHELL_PAGES = [REPO / "README.md", *GUIDE_PAGES]
SHELL_BLOCKS = [block for page in SHELL_PAGES for block in extract_blocks(page) if block.language in SHELL_FENCES]
NOT_RUN = "shell-not-run"
"""``<!-- docs-test: shell-not-run=REASON -->`` before a shell block: it is not run, for the reason given
(an install, which needs the network). Every other block that runs ``rootsignals``, ``python -m root...``
or ``pip install`` is run; blocks of development commands only (``make``, ``git``) are not, and
:func:`test_documented_make_targets_exist` checks their targets."""
MAX_NOT_RUN = 6
OURS = re.compile(r"(?:^|[|;&(]|\$\()\s*(?:\w+=\S*\s+)*(?:rootsignals|python -m root)\b")
SERVER = re.compile(r"^(?:rootsignals emulator|python -m root\.emulator)\b")
DOCUMENTED_URL = re.compile(r"(?:https?://)?(?:127\.0\.0\.1|localhost):8000")
MESSAGE = re.compile(r"^rootsignals(?: [a-z-]+)*: ")
"""A documented line that is one of our messages: an error (``rootsignals: NotFoundError: ...``) or a usage
error's reason (``rootsignals models get: error: ...``)."""
END = "@@docs-test-end@@"


@dataclass
class ShellCommand:
    block: Block
    command: str
    output: list[str] = field(default_factory=list)
    """The lines the guide shows after the command."""


def shell_commands(block: Block) -> list[ShellCommand]:
    """The commands of a shell block: the ``$ `` lines of a console transcript (with the output shown after
    each), every line of a bash script; continuation lines joined."""
    lines = block.code.splitlines()
    commands: list[ShellCommand] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if block.language == "console" and not line.startswith("$ "):
            if commands:
                commands[-1].output.append(line)
        elif line.strip() and not line.lstrip().startswith("#"):
            command = line[2:] if block.language == "console" else line
            while command.rstrip().endswith("\\") and i + 1 < len(lines):
                i += 1
                command = command.rstrip()[:-1].rstrip() + " " + lines[i].strip()
            commands.append(ShellCommand(block, command.strip()))
        i += 1
    return commands


def _normal_message(text: str) -> str:
    """A message with what differs from run to run (ids, ports, request ids) replaced by placeholders."""
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", text)
    text = re.sub(r"\(request id [^)]*\)", "(request id <id>)", text)
    return re.sub(r"http://127\.0\.0\.1:\d+", "<url>", text)


def _runs_ours(block: Block) -> bool:
    return any(OURS.search(c.command) or c.command.startswith("pip ") for c in shell_commands(block))


def test_every_shell_block_is_run_or_says_why_not() -> None:
    assert sum(1 for b in SHELL_BLOCKS if _runs_ours(b) and NOT_RUN not in b.directives) >= 10
    not_run = []
    for block in SHELL_BLOCKS:
        if NOT_RUN in block.directives:
            assert block.directives[NOT_RUN], f"{block.where}: say why the block is not run ({NOT_RUN}=REASON)"
            assert _runs_ours(block), f"{block.where}: {NOT_RUN} on a block that would not run anyway"
            not_run.append(block.where)
    assert len(not_run) <= MAX_NOT_RUN, f"too many shell blocks are not run: {not_run}"
    for block in ALL_BLOCKS:
        if block.language not in SHELL_FENCES:
            assert NOT_RUN not in block.directives, f"{block.where}: {NOT_RUN} is for shell blocks"


def _start_server(command: ShellCommand, env: dict[str, str], cwd: Path) -> None:
    """A documented server start (``rootsignals emulator --port 8000``): started on a free port, it must say
    where it listens; then it is stopped."""
    args = shlex.split(command.command.split("#", 1)[0])
    if "--port" in args:
        args[args.index("--port") + 1] = "0"
    if args[0] == "python":
        args[0] = sys.executable
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert re.fullmatch(r"Root Signals emulator listening on http://127\.0\.0\.1:\d+\n", first), (
            f"{command.block.where}: {command.command}: {first!r}"
        )
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


RUN_BLOCKS = [b for b in SHELL_BLOCKS if _runs_ours(b) and NOT_RUN not in b.directives]
PAGES_WITH_SHELL = sorted({b.page for b in RUN_BLOCKS})


@pytest.mark.parametrize("page", PAGES_WITH_SHELL, ids=lambda p: p.stem)
def test_documented_shell_commands_run(page: Path, docs_emulator: Emulator, tmp_path: Path) -> None:
    """Every shell block of the page runs, in order, in one bash session against an emulator (the guides'
    ``127.0.0.1:8000`` is the emulator's address); each command must succeed, and each message the guide
    shows after it (``rootsignals: ...``, ``exit N``) must be what the command printed."""
    docs_emulator.reset()
    for block in extract_blocks(page):
        if "write-file" in block.directives:
            (tmp_path / block.directives["write-file"]).write_text(block.code, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROOTSIGNALS_") and k not in PROXY_VARIABLES}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        ROOTSIGNALS_API_URL=docs_emulator.url,
        ROOTSIGNALS_API_KEY=docs_emulator.api_key,
        OPENAI_API_KEY="sk-docs-test",
        COLUMNS="80",
    )
    commands: list[ShellCommand] = []
    script = ["exec 2>&1"]
    for block in [b for b in RUN_BLOCKS if b.page == page]:
        for command in shell_commands(block):
            if SERVER.match(command.command):
                _start_server(command, env, tmp_path)
                continue
            script += [DOCUMENTED_URL.sub(docs_emulator.url, command.command), f"printf '\\n{END} %s\\n' \"$?\""]
            commands.append(command)
    if not commands:
        return
    (tmp_path / "docs-test.sh").write_text("\n".join(script) + "\n", encoding="utf-8")
    done = subprocess.run(
        ["bash", "docs-test.sh"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    outputs = re.split(rf"\n{END} (\d+)\n", done.stdout)
    assert len(outputs) == 2 * len(commands) + 1, done.stdout
    for command, output, status in zip(commands, outputs[0::2], outputs[1::2], strict=False):
        where = f"{command.block.where}: $ {command.command}"
        # A command shown failing (a message, and no "exit N" of its own) must fail; every other succeed.
        shown_failing = any(MESSAGE.match(line) for line in command.output) and not any(
            re.fullmatch(r"exit \d+", line) for line in command.output
        )
        assert (status != "0") == shown_failing, f"{where}\nexited with {status}:\n{output}"
        actual = _normal_message(output)
        for line in command.output:
            if MESSAGE.match(line) or re.fullmatch(r"exit \d+", line):
                assert _normal_message(line) in actual, f"{where}\nshows {line!r}, but printed:\n{output}"
