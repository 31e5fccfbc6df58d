"""The logic of ``make parity``: normalise two runs, compare them, match differences to documented rows.

Pure functions over JSON-ready data, no I/O but :func:`load_documented`, so that
``tests/test_parity_harness.py`` checks them without the network or the official package.

A **difference** is a :class:`Difference`: its category (``names``, ``signatures``, ``wire``, ``returns``,
``exceptions``, ``examples``, ``official-tests``), the subject it is about (a qualified name, a
scenario step, an example program) and a readable detail. A documented row of
``scripts/parity/documented.toml`` covers a difference when its ``categories`` hold the difference's, one of its
``subjects`` (shell-style patterns) matches the subject and its ``detail`` (a regular expression,
searched) matches the detail. A row may take its subjects from a list kept in code instead of copying it:
``subjects_from = "module:ATTRIBUTE"`` names a mapping ``{module: {name: ...}}`` (such as
``root._official_names:LEFT_OUT``), and each ``module.name`` in it becomes a subject.

Each compared item (a name, a callable, a step ...) is *identical* when it
has no difference, *documented* when every difference it has is covered, else *undocumented*.
"""

from __future__ import annotations

import fnmatch
import importlib
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10, where pytest brings tomli
    import tomli as tomllib

CATEGORIES = ("names", "signatures", "wire", "returns", "exceptions", "examples", "official-tests")

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
_BOUNDARY = re.compile(r"boundary=([^;\s]+)")
_VOLATILE_PARAMS = {"cursor"}
_LOCAL_URL = re.compile(r"http://(?:127\.0\.0\.1|localhost):\d+")
# The packages whose classes are named where they are defined: the official SDKs' own, and ours (whose
# ``scorable`` face may define a class in ``root``).
OWN_PREFIXES = ("root.", "scorable.")


@dataclass(frozen=True)
class Difference:
    """One way our package differs from the official one."""

    category: str
    subject: str
    detail: str

    def line(self) -> str:
        return f"{self.subject}: {self.detail}"


@dataclass(frozen=True)
class Documented:
    """A row of ``documented.toml``: a difference we keep on purpose, explained in docs/compatibility.md."""

    id: str
    categories: tuple[str, ...]
    subjects: tuple[str, ...]
    detail: str
    summary: str

    def covers(self, difference: Difference) -> bool:
        return (
            difference.category in self.categories
            and any(fnmatch.fnmatchcase(difference.subject, s) for s in self.subjects)
            and re.search(self.detail, difference.detail) is not None
        )


@dataclass
class Item:
    """One compared thing and its differences."""

    subject: str
    differences: list[Difference] = field(default_factory=list)


@dataclass
class Category:
    """The items of one category, each identical, documented or undocumented."""

    name: str
    items: list[Item] = field(default_factory=list)

    def add(self, subject: str, differences: Iterable[Difference] = ()) -> None:
        self.items.append(Item(subject, list(differences)))


def subjects_from(reference: str) -> tuple[str, ...]:
    """The subjects ``module.name`` of a mapping ``{module: {name: ...}}`` in code, named ``"module:ATTRIBUTE"``."""
    module, _, attribute = reference.partition(":")
    mapping = getattr(importlib.import_module(module), attribute)
    return tuple(fnmatch_escape(f"{owner}.{name}") for owner, names in mapping.items() for name in names)


def fnmatch_escape(text: str) -> str:
    """``text`` as a shell-style pattern that matches only itself."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def load_documented(path: Path) -> list[Documented]:
    """Reads the documented rows; an unknown category, a duplicate id or a bad pattern is an error."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rows: list[Documented] = []
    seen: set[str] = set()
    for entry in data.get("difference", []):
        subjects = tuple(str(s) for s in entry.get("subjects", []))
        if "subjects_from" in entry:
            subjects += subjects_from(str(entry["subjects_from"]))
        row = Documented(
            id=str(entry["id"]),
            categories=tuple(str(c) for c in entry["categories"]),
            subjects=subjects,
            detail=str(entry.get("detail", "")),
            summary=str(entry["summary"]),
        )
        unknown = [c for c in row.categories if c not in CATEGORIES]
        if unknown or not row.categories or not row.subjects:
            raise ValueError(f"documented row {row.id}: needs categories (of {', '.join(CATEGORIES)}) and subjects")
        if row.id in seen:
            raise ValueError(f"documented row {row.id} appears twice")
        re.compile(row.detail)
        seen.add(row.id)
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------- normalising


class Normaliser:
    """Replaces what differs from run to run, the same way in both runs.

    Ids (UUIDs) become ``<id STEP#N>``: the N-th new id first seen in step STEP, so an id keeps its label
    through the run (a created object's id, then the path that reads it) while an extra id in one run
    shifts only the labels of its own step. Ids in ``keep`` (the preset evaluators' fixed ids) stay as
    they are, so a wrong fixed id is still seen. Timestamps become ``<time>``, cursors ``<cursor>``,
    multipart boundaries ``<boundary>`` and the emulator's own URL (each run has its own port) ``<emulator>``.
    """

    def __init__(self, keep: Iterable[str] = ()) -> None:
        self.keep = {k.lower() for k in keep}
        self.labels: dict[str, str] = {}
        self.step = ""
        self.counter = 0

    def begin(self, step: str) -> None:
        self.step, self.counter = step, 0

    def _label(self, match: re.Match[str]) -> str:
        value = match.group(0).lower()
        if value in self.keep:
            return value
        if value not in self.labels:
            self.counter += 1
            self.labels[value] = f"<id {self.step}#{self.counter}>"
        return self.labels[value]

    def text(self, value: str) -> str:
        value = _TIMESTAMP.sub("<time>", value)
        value = _LOCAL_URL.sub("<emulator>", value)
        value = _BOUNDARY.sub("boundary=<boundary>", value)
        return _UUID.sub(self._label, value)

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {self.text(k): self.value(v) for k, v in value.items()}
        return value

    def request(self, request: Mapping[str, Any]) -> dict[str, Any]:
        params = {
            k: (["<cursor>"] if k in _VOLATILE_PARAMS else self.value(v))
            for k, v in sorted(dict(request.get("params") or {}).items())
        }
        raw_headers = {str(k).lower(): str(v) for k, v in dict(request.get("headers") or {}).items()}
        headers = {k: self.text(v) for k, v in raw_headers.items()}
        body = request.get("body")
        boundary = _BOUNDARY.search(raw_headers.get("content-type", ""))
        if isinstance(body, str) and boundary:
            body = parse_multipart(body, boundary.group(1).strip('"'))
        return {
            "method": request.get("method"),
            "path": self.text(str(request.get("path"))),
            "params": params,
            "headers": headers,
            "body": self.value(body),
        }


def parse_multipart(body: str, boundary: str) -> dict[str, Any]:
    """A ``multipart/form-data`` body as ``{part name: {"filename", "content-type", "content"}}``."""
    parts: dict[str, Any] = {}
    for chunk in body.split("--" + boundary):
        chunk = chunk.removeprefix("\r\n").removesuffix("\r\n")
        if not chunk.strip() or chunk.startswith("--"):
            continue
        head, _, content = chunk.replace("\r\n", "\n").partition("\n\n")
        name = re.search(r'name="([^"]*)"', head)
        filename = re.search(r'filename="([^"]*)"', head)
        ctype = re.search(r"(?im)^content-type:\s*(\S+)", head)
        key = name.group(1) if name else "?"
        part = {
            "filename": filename.group(1) if filename else None,
            "content-type": ctype.group(1) if ctype else None,
            "content": content,
        }
        parts[key] = (
            part if key not in parts else [*(parts[key] if isinstance(parts[key], list) else [parts[key]]), part]
        )
    return parts


def normalise_run(steps: Sequence[Mapping[str, Any]], keep: Iterable[str] = ()) -> dict[str, dict[str, Any]]:
    """A scenario run's steps, by name, normalised: ``{name: {"kind", "outcome", "wire"}}``.

    Within a step the requests come first (a path names an id before the answer repeats it).
    """
    normaliser = Normaliser(keep)
    result: dict[str, dict[str, Any]] = {}
    for step in steps:
        name = str(step["name"])
        normaliser.begin(name)
        wire = [normaliser.request(r) for r in step.get("wire", [])]
        if "raised" in step:
            outcome: Any = {"raised": step["raised"]}
        elif "returned" in step:
            outcome = {"returned": normaliser.value(step["returned"])}
        else:
            outcome = {"crash": step.get("crash", "")}
        result[name] = {"kind": step.get("kind", "call"), "outcome": outcome, "wire": wire}
    return result


# ---------------------------------------------------------------------------------------------- comparing


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def diff_values(official: Any, ours: Any, path: str = "") -> list[str]:
    """Where two described values (see ``scenario.describe``) differ, one line per place."""
    where = path or "value"
    if isinstance(official, dict) and isinstance(ours, dict):
        if "class" in official or "class" in ours:
            lines = []
            if official.get("class") != ours.get("class"):
                lines.append(
                    f"{where}: class {official.get('class', official.get('type'))} here, "
                    f"{ours.get('class', ours.get('type'))} in ours"
                )
                if "attributes" not in official or "attributes" not in ours:
                    return lines
            return lines + _diff_mapping(official["attributes"], ours["attributes"], path, "attribute")
        if official.get("type") != ours.get("type"):
            return [
                f"{where}: {official.get('type')} {_short(official.get('value', '...'))} officially, "
                f"{ours.get('type')} {_short(ours.get('value', '...'))} in ours"
            ]
        if "items" in official:
            items_a, items_b = official["items"], ours.get("items")
            if isinstance(items_a, list) and isinstance(items_b, list):
                if len(items_a) != len(items_b):
                    return [f"{where}: {len(items_a)} items officially, {len(items_b)} in ours"]
                return [
                    line
                    for i, (a, b) in enumerate(zip(items_a, items_b, strict=True))
                    for line in diff_values(a, b, f"{path}[{i}]")
                ]
            if isinstance(items_a, dict) and isinstance(items_b, dict):
                return _diff_mapping(items_a, items_b, path, "key")
        if official.get("value") != ours.get("value"):
            return [f"{where}: {_short(official.get('value'))} officially, {_short(ours.get('value'))} in ours"]
        return []
    if official != ours:
        return [f"{where}: {_short(official)} officially, {_short(ours)} in ours"]
    return []


def _diff_mapping(official: Mapping[str, Any], ours: Mapping[str, Any], path: str, what: str) -> list[str]:
    lines = []
    for name in official:
        where = f"{path}.{name}" if path else name
        if name not in ours:
            lines.append(f"{where}: {what} missing in ours")
        else:
            lines.extend(diff_values(official[name], ours[name], where))
    lines.extend(f"{path + '.' if path else ''}{name}: extra {what} in ours" for name in ours if name not in official)
    return lines


_ABSENT = object()


def _shown(value: Any) -> str:
    return "absent" if value is _ABSENT else _short(value)


def diff_json(official: Any, ours: Any, path: str) -> list[str]:
    """Where two JSON values differ, one line per key or item, ``absent`` for a missing key."""
    if isinstance(official, dict) and isinstance(ours, dict):
        lines = []
        for key in [*official, *(k for k in ours if k not in official)]:
            lines += diff_json(official.get(key, _ABSENT), ours.get(key, _ABSENT), f"{path}.{key}")
        return lines
    if isinstance(official, list) and isinstance(ours, list) and len(official) == len(ours):
        return [
            line
            for i, (a, b) in enumerate(zip(official, ours, strict=True))
            for line in diff_json(a, b, f"{path}[{i}]")
        ]
    if official == ours:
        return []
    return [f"{path}: {_shown(official)} officially, {_shown(ours)} in ours"]


def diff_wire(official: Sequence[Mapping[str, Any]], ours: Sequence[Mapping[str, Any]]) -> list[str]:
    """Where two steps' normalised requests differ."""
    if len(official) != len(ours):

        def show(requests: Sequence[Mapping[str, Any]]) -> str:
            return ", ".join(f"{r['method']} {r['path']}" for r in requests) or "none"

        return [f"{len(official)} requests officially ({show(official)}), {len(ours)} in ours ({show(ours)})"]
    lines = []
    for i, (a, b) in enumerate(zip(official, ours, strict=True)):
        for key in ("method", "path", "params", "headers", "body"):
            lines += diff_json(a.get(key), b.get(key), f"request {i + 1} {key}")
    return lines


def exception_caught(official: Mapping[str, Any], ours: Mapping[str, Any]) -> bool:
    """Whether ours is an instance of the official exception's class (by qualified name), as ``except`` sees it."""
    return official["class"] in ours.get("mro", [])


def compare_steps(
    official: Mapping[str, Mapping[str, Any]], ours: Mapping[str, Mapping[str, Any]]
) -> tuple[Category, Category, Category]:
    """The scenario's ``wire``, ``returns`` and ``exceptions`` categories."""
    wire, returns, exceptions = Category("wire"), Category("returns"), Category("exceptions")
    for name, step in official.items():
        mine = ours.get(name)
        category = exceptions if step["kind"] == "exception" else returns
        if mine is None:
            category.add(name, [Difference(category.name, name, "step missing from our run")])
            wire.add(name, [Difference("wire", name, "step missing from our run")])
            continue
        wire.add(name, [Difference("wire", name, d) for d in diff_wire(step["wire"], mine["wire"])])
        category.add(
            name, [Difference(category.name, name, d) for d in diff_outcomes(step["outcome"], mine["outcome"])]
        )
    return wire, returns, exceptions


def diff_outcomes(official: Mapping[str, Any], ours: Mapping[str, Any]) -> list[str]:
    if "crash" in official or "crash" in ours:
        return ["the scenario crashed at this step"] if official != ours else []
    if "raised" in official:
        raised = official["raised"]
        if "raised" not in ours:
            return [f"officially raises {raised['class']}, ours returns"]
        if exception_caught(raised, ours["raised"]):
            return []
        return [f"officially raises {raised['class']}, ours raises {ours['raised']['class']}, not a subclass of it"]
    if "raised" in ours:
        return [f"officially returns, ours raises {ours['raised']['class']}: {ours['raised'].get('message', '')}"]
    return diff_values(official["returned"], ours["returned"])


def compare_names(official: Mapping[str, Any], ours: Mapping[str, Any]) -> Category:
    """Every public name of every official module exists in ours."""
    category = Category("names")
    for module, entry in sorted(official["modules"].items()):
        mine = ours["modules"].get(module, {"missing": "not probed"})
        for name in sorted(entry.get("names", {})):
            subject = f"{module}.{name}"
            if "missing" in mine:
                detail = f"module {module} missing in ours"
            elif name not in mine["names"]:
                detail = "missing in ours"
            else:
                category.add(subject)
                continue
            category.add(subject, [Difference("names", subject, detail)])
    return category


def _callables(probe: Mapping[str, Any], *, aliases: bool = False) -> dict[str, Any]:
    """Every probed callable by qualified name: ``{name: parameters}``.

    A class or function of the ``root`` package is named where it is defined (its ``origin``), so one
    imported by several modules counts once. With ``aliases`` (for our probe, where an official name is
    looked up) it is also found under every module name it is imported as.
    """
    found: dict[str, Any] = {}
    client = client_name(probe)
    for module, entry in sorted(probe["modules"].items()):
        for name, info in sorted(entry.get("names", {}).items()):
            if info.get("kind") not in ("class", "function") or "members" in info:
                continue
            origin = str(info.get("origin", ""))
            subjects = [origin if origin.startswith(OWN_PREFIXES) else f"{module}.{name}"]
            if aliases:
                subjects.append(f"{module}.{name}")
            for subject in subjects:
                found[subject] = info.get("parameters")
                for method, parameters in (info.get("methods") or {}).items():
                    if parameters is not None:
                        found[f"{subject}.{method}"] = parameters
    for path, entry in probe["client"].items():
        if path == "presets":
            for preset, info in entry.items():
                found[f"{client}().evaluators.{preset}"] = info["call"]
            continue
        for method, parameters in (entry.get("methods") or {}).items():
            found[f"{client}().{path}.{method}"] = parameters
    return found


def client_name(probe: Mapping[str, Any]) -> str:
    """The client class a probe built (``RootSignals`` for 1.6, ``Scorable`` for 1.15): sub-API subjects
    are named after it, ``Scorable().evaluators.run``."""
    return str(probe.get("client_name", "RootSignals"))


def _default(text: str | None) -> str:
    return "none (required)" if text is None else text


def diff_parameters(official: Sequence[Sequence[Any]] | None, ours: Sequence[Sequence[Any]] | None) -> list[str]:
    """How a call written for the official callable could fail or change meaning with ours.

    A parameter missing, of another kind, at another position (for one a program passes positionally:
    not ``_``-prefixed ones such as ``_request_timeout``), or with another default. A parameter that is
    required officially and has a default in ours is no difference: every official call passes it. An
    extra parameter of ours is a difference only when it is required or comes before official ones.
    """
    if official is None or ours is None:
        return [] if official == ours else [f"parameters {official} officially, {ours} in ours"]
    lines = []
    mine = {p[0]: (i, p) for i, p in enumerate(ours)}
    var_keyword = any(p[1] == "**kwargs" for p in ours)
    for index, (name, kind, default) in enumerate(official):
        if name not in mine:
            if not (var_keyword and kind == "keyword-only"):
                lines.append(f"parameter {name} ({kind}) missing in ours")
            continue
        position, (_, our_kind, our_default) = mine[name]
        if our_kind != kind:
            lines.append(f"parameter {name}: {kind} officially, {our_kind} in ours")
        elif kind in ("positional", "positional-only") and position != index and not name.startswith("_"):
            lines.append(f"parameter {name}: position {index} officially, {position} in ours")
        if our_default != default and default is not None:
            lines.append(f"parameter {name}: default {_default(default)} officially, {_default(our_default)} in ours")
    names = {p[0] for p in official}
    positional = [i for i, p in enumerate(official) if p[1] in ("positional", "positional-only")]
    for index, (name, kind, default) in enumerate(ours):
        if name in names or kind in ("*args", "**kwargs"):
            continue
        if default is None:
            lines.append(f"parameter {name} ({kind}): extra in ours, required")
        elif kind != "keyword-only" and positional and index <= max(positional):
            lines.append(f"parameter {name} ({kind}): extra in ours, before official positional parameters")
    return lines


def _aliases(probe: Mapping[str, Any]) -> dict[str, list[str]]:
    """For each ``origin``, the module names it is imported as."""
    found: dict[str, list[str]] = {}
    for module, entry in sorted(probe["modules"].items()):
        for name, info in sorted(entry.get("names", {}).items()):
            if str(info.get("origin", "")).startswith(OWN_PREFIXES):
                found.setdefault(info["origin"], []).append(f"{module}.{name}")
    return found


def _find(subject: str, mine: Mapping[str, Any], aliases: Mapping[str, list[str]]) -> str | None:
    """The name under which ours has the official callable ``subject``, trying its official aliases."""
    if subject in mine:
        return subject
    for origin, names in aliases.items():
        if subject == origin or subject.startswith(origin + "."):
            rest = subject[len(origin) :]
            for alias in names:
                if alias + rest in mine:
                    return alias + rest
    return None


def compare_signatures(official: Mapping[str, Any], ours: Mapping[str, Any]) -> Category:
    """The parameters of every official callable whose owner exists in ours (a missing name is a
    finding of :func:`compare_names`, not counted again here)."""
    category = Category("signatures")
    mine = _callables(ours, aliases=True)
    owners = _owners(ours)
    aliases = _aliases(official)
    for subject, parameters in sorted(_callables(official).items()):
        found = _find(subject, mine, aliases)
        if found is None:
            owner = subject.rsplit(".", 1)[0]
            if owner in owners or any(a in owners for a in aliases.get(owner, [])):
                category.add(subject, [Difference("signatures", subject, "method missing in ours")])
            continue
        category.add(subject, [Difference("signatures", subject, d) for d in diff_parameters(parameters, mine[found])])
    return category


def _owners(probe: Mapping[str, Any]) -> set[str]:
    """The classes and sub-APIs that own probed methods, under every name they have."""
    client = client_name(probe)
    owners = {f"{client}().{path}" for path, entry in probe["client"].items() if "methods" in entry}
    owners.add(f"{client}().evaluators")
    for module, entry in probe["modules"].items():
        for name, info in entry.get("names", {}).items():
            if info.get("kind") == "class":
                owners.update({f"{module}.{name}", str(info.get("origin", ""))})
    return owners


# ---------------------------------------------------------------------------------------------- reporting


@dataclass
class Tally:
    identical: int
    documented: int
    undocumented: list[Item]
    used: set[str]


def tally(category: Category, documented: Sequence[Documented]) -> Tally:
    identical = covered = 0
    undocumented: list[Item] = []
    used: set[str] = set()
    for item in category.items:
        if not item.differences:
            identical += 1
            continue
        open_ones = []
        for difference in item.differences:
            rows = [row for row in documented if row.covers(difference)]
            used.update(row.id for row in rows)
            if not rows:
                open_ones.append(difference)
        if open_ones:
            undocumented.append(Item(item.subject, open_ones))
        else:
            covered += 1
    return Tally(identical, covered, undocumented, used)


TITLE_1_6 = "make parity: our package against the official root-signals 1.6.5"


def report(
    categories: Sequence[Category],
    documented: Sequence[Documented],
    *,
    limit: int | None = None,
    title: str = TITLE_1_6,
    level: int = 1,
) -> tuple[str, int]:
    """The Markdown report and the number of undocumented items (the exit status's reason).

    ``limit`` caps the lines listed per category (the console's copy); ``None`` lists every one.
    ``title`` heads it at heading ``level`` (its sections one level below), so that one file can hold
    the report of each official package.
    """
    sub = "#" * (level + 1)
    lines = [f"{'#' * level} {title}", ""]
    lines += ["| category | compared | identical | documented | undocumented |", "|---|---|---|---|---|"]
    tallies = [(c, tally(c, documented)) for c in categories]
    total_undocumented = 0
    used: set[str] = set()
    for category, t in tallies:
        n = len(category.items)
        total_undocumented += len(t.undocumented)
        used |= t.used
        lines.append(f"| {category.name} | {n} | {t.identical} | {t.documented} | {len(t.undocumented)} |")
    lines.append("")
    for category, t in tallies:
        n = len(category.items)
        lines.append(
            f"- **{category.name}**: {t.identical} of {n} identical, {t.documented} documented, "
            f"{len(t.undocumented)} undocumented"
        )
    for category, t in tallies:
        if not t.undocumented:
            continue
        lines += ["", f"{sub} Undocumented: {category.name} ({len(t.undocumented)})", ""]
        shown = 0
        for item in t.undocumented:
            for difference in item.differences:
                if limit is None or shown < limit:
                    lines.append(f"- {difference.line()}")
                shown += 1
        if limit is not None and shown > limit:
            lines.append(f"- ... and {shown - limit} more (.parity/report.md lists all)")
    ran = {c.name for c in categories}
    unused = [row.id for row in documented if row.id not in used and ran & set(row.categories)]
    if unused:
        lines += ["", f"{sub} Documented rows that matched nothing", ""]
        lines += [f"- {row_id}" for row_id in unused]
    return "\n".join(lines) + "\n", total_undocumented
