"""List the public API of whichever ``root`` (or ``scorable``) package this interpreter imports, as JSON.

Run by both interpreters of ``make parity`` (the official SDK's and ours):
``python probe_api.py OUT.json [root|scorable [OFFICIAL.json]]``; the package is ``root`` (the official SDK 1.6 and our
1.6 face, client ``RootSignals``) unless named, or ``scorable`` (the official SDK 1.15 and our 1.15
face, client ``Scorable``). It uses only the standard library and what both packages import, so it runs
unchanged under either.

For every module of :data:`MODULES` (a module that does not import is recorded as missing) it lists the
public names: those the module's own source defines at top level (``def``, ``class``, assignments),
the names in ``__all__``, and the names it imports from the ``root`` or ``scorable`` package; not other packages' names
(``Optional``, ``BaseModel``), which a program takes from those packages. For each name: its kind and,
for a callable, its parameters (name, kind and default). For a class defined in either package also each public
method of its own (not inherited from pydantic or ``object``) and its parameters. Then the sub-API
methods of a client (``RootSignals(...).evaluators.create``), and the preset evaluators of
``Evaluators.Eval``.
"""

from __future__ import annotations

import ast
import enum
import functools
import importlib
import inspect
import json
import pkgutil
import re
import sys
import types
from typing import Any

CLIENTS = {"root": "RootSignals", "scorable": "Scorable"}
# Where ours defines a class: a class of our ``scorable`` face may be ``root``'s own (or a subclass of it).
OWN_PACKAGES = ("root", "scorable")

_MODULES_1_6 = [
    "root",
    "root.client",
    "root.skills",
    "root.judges",
    "root.objectives",
    "root.datasets",
    "root.execution_logs",
    "root.models",
    "root.utils",
    "root.generated.openapi_client",
    "root.generated.openapi_client.models",
    "root.generated.openapi_client.api",
    "root.generated.openapi_client.exceptions",
    "root.generated.openapi_aclient",
    "root.generated.openapi_aclient.models",
    "root.generated.openapi_aclient.api",
    "root.generated.openapi_aclient.exceptions",
]
# The modules 1.15 adds to 1.6's, after ``root.utils``.
_MODULES_1_15 = ["multiturn", "projects", "files", "annotations", "calibration_runs", "score_configs"]


def modules_of(package: str) -> list[str]:
    """The modules probed for ``package`` (``root``: 1.6's, ``scorable``: 1.15's)."""
    if package == "root":
        return list(_MODULES_1_6)
    renamed = ["scorable" + m[len("root") :] for m in _MODULES_1_6]
    at = renamed.index("scorable.utils") + 1
    return renamed[:at] + [f"scorable.{m}" for m in _MODULES_1_15] + renamed[at:]


MODULES = modules_of("root")


def generated_packages(package: str) -> list[str]:
    return [f"{package}.generated.{p}.{s}" for p in ("openapi_client", "openapi_aclient") for s in ("models", "api")]


_SUB_APIS_1_6 = [
    "datasets",
    "evaluators",
    "evaluators.versions",
    "execution_logs",
    "judges",
    "models",
    "objectives",
    "objectives.versions",
    "beta.judges",
]
_SUB_APIS_1_15 = ["projects", "files", "annotations", "calibration_runs", "score_configs"]


def sub_apis_of(package: str) -> list[str]:
    """The client's sub-APIs probed for ``package``."""
    return list(_SUB_APIS_1_6) if package == "root" else sorted(_SUB_APIS_1_6 + _SUB_APIS_1_15)


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: "positional-only",
    inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional",
    inspect.Parameter.VAR_POSITIONAL: "*args",
    inspect.Parameter.KEYWORD_ONLY: "keyword-only",
    inspect.Parameter.VAR_KEYWORD: "**kwargs",
}
# Parameters that the official SDK's decorators inject (``_client``), never passed by a program.
_INJECTED = {"self", "cls", "_client"}


def _default_text(value: Any) -> str | None:
    if value is inspect.Parameter.empty:
        return None
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    return _ADDRESS.sub("", repr(value))


def _unwrap(function: Any) -> Any:
    """The function a program calls, through ``functools.wraps`` and the official SDK's bare wrappers.

    The official ``with_sync_client`` wraps without ``functools.wraps``; the wrapped function is then a
    cell of the wrapper's closure (the same unwrapping its own ``tests/test_signature.py`` does).
    """
    seen = 0
    while seen < 10:
        seen += 1
        if isinstance(function, functools.partial):
            function = function.func
            continue
        wrapped = getattr(function, "__wrapped__", None)
        if wrapped is not None:
            function = wrapped
            continue
        closure = getattr(function, "__closure__", None) or ()
        inner = [c.cell_contents for c in closure if _cell_is_function(c)]
        if inner and getattr(function, "__name__", "") == "wrapper":
            function = inner[0]
            continue
        break
    return function


def _cell_is_function(cell: Any) -> bool:
    try:
        return isinstance(cell.cell_contents, (types.FunctionType, functools.partial))
    except ValueError:  # an empty cell
        return False


def parameters(function: Any) -> list[list[Any]] | None:
    """``[[name, kind, default], ...]`` of a callable, or ``None`` when it has no signature."""
    try:
        signature = inspect.signature(_unwrap(function))
    except (TypeError, ValueError):
        return None
    return [
        [p.name, _KINDS[p.kind], _default_text(p.default)]
        for p in signature.parameters.values()
        if p.name not in _INJECTED
    ]


def _source_names(module: types.ModuleType) -> set[str]:
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names.add(target.id)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _from_root(value: Any) -> bool:
    """Whether ``value`` is defined in ``root`` or ``scorable`` (the other one is not installed in an
    official environment, so for the official SDKs this is their own package)."""
    module = getattr(value, "__module__", None)
    return isinstance(module, str) and any(module == p or module.startswith(p + ".") for p in OWN_PACKAGES)


def public_names(module: types.ModuleType) -> list[str]:
    """The names a program may take from ``module`` (see the module docstring)."""
    declared = set(getattr(module, "__all__", ()) or ())
    defined = _source_names(module)
    names = set(declared)
    for name in dir(module):
        if name.startswith("_") or name in names:
            continue
        value = getattr(module, name)
        if isinstance(value, types.ModuleType):
            continue
        if name in defined or _from_root(value):
            names.add(name)
    return sorted(n for n in names if not (n.startswith("__") and n != "__version__"))


def _kind(value: Any) -> str:
    if isinstance(value, type):
        return "class"
    if inspect.isroutine(value):
        return "function"
    return "value"


def _own_methods(cls: type) -> dict[str, Any]:
    """Public methods that ``cls`` or a base of it from the ``root`` package defines."""
    methods: dict[str, Any] = {}
    for base in reversed(cls.__mro__):
        if not _from_root(base):
            continue
        for name, member in vars(base).items():
            if name.startswith("_") and name not in ("__call__", "__init__"):
                continue
            function = member.__func__ if isinstance(member, (classmethod, staticmethod)) else member
            if inspect.isfunction(function) or isinstance(member, functools.partial):
                methods[name] = function
            elif isinstance(member, (property, functools.cached_property)):
                methods[name] = "property"
    return methods


def describe(value: Any) -> dict[str, Any]:
    """A name's kind, parameters and (for a class of ours) methods."""
    entry: dict[str, Any] = {"kind": _kind(value)}
    if entry["kind"] == "value":
        entry["type"] = type(value).__name__
        return entry
    if isinstance(value, type) and issubclass(value, enum.Enum):
        entry["members"] = sorted(value.__members__)
        return entry
    entry["parameters"] = parameters(value)
    # Where it is defined: a class imported by several modules is compared once, there.
    entry["origin"] = f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', '?')}"
    if isinstance(value, type) and _from_root(value):
        methods = {}
        for name, function in sorted(_own_methods(value).items()):
            if name == "__init__":
                continue
            methods[name] = None if function == "property" else parameters(function)
        entry["methods"] = methods
    return entry


def module_names(package: str) -> list[str]:
    """:func:`modules_of` and every submodule of the generated ``models`` and ``api`` packages.

    A program imports generated classes from their own modules too
    (``root.generated.openapi_client.models.evaluator_reference_request``), so each is a module to compare.
    """
    names = modules_of(package)
    for generated in generated_packages(package):
        try:
            module = importlib.import_module(generated)
        except Exception as error:
            print(f"probe: {generated} does not import: {error}", file=sys.stderr)
            continue
        found = pkgutil.iter_modules(getattr(module, "__path__", []))
        names.extend(sorted(f"{generated}.{info.name}" for info in found if not info.name.startswith("_")))
    return names


def probe_modules(package: str, wanted: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Each module's public names; with ``wanted`` (the official probe's names, by module) also each
    wanted name the module gives on lookup though ``dir()`` does not list it (a module ``__getattr__``
    that offers names on first use): a program's ``from module import name`` works for it."""
    result: dict[str, Any] = {}
    for name in module_names(package):
        try:
            module = importlib.import_module(name)
        except Exception as error:
            result[name] = {"missing": f"{type(error).__name__}: {error}"}
            continue
        names: dict[str, Any] = {}
        found = public_names(module)
        for extra in (wanted or {}).get(name, []):
            if extra not in found and _looks_up(module, extra):
                found.append(extra)
        for public in found:
            try:
                names[public] = describe(getattr(module, public))
            except Exception as error:
                names[public] = {"kind": "error", "error": f"{type(error).__name__}: {error}"}
        result[name] = {"names": names}
    return result


def _looks_up(module: types.ModuleType, name: str) -> bool:
    try:
        getattr(module, name)
    except Exception:  # AttributeError, or a name left out on purpose with its own message
        return False
    return True


def probe_sub_apis(package: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    try:
        client_class = getattr(importlib.import_module(package), CLIENTS[package])
    except Exception as error:  # a package without its client: every sub-API is missing
        missing = f"{type(error).__name__}: {error}"
        return {**{path: {"missing": missing} for path in sub_apis_of(package)}, "presets": {}}
    client = client_class(api_key="parity-probe", base_url="http://127.0.0.1:9")
    for path in sub_apis_of(package):
        target: Any = client
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except AttributeError as error:
            result[path] = {"missing": str(error)}
            continue
        methods: dict[str, Any] = {}
        for name in dir(target):
            if name.startswith("_"):
                continue
            member = getattr(type(target), name, None)
            if member is None or isinstance(member, (property, functools.cached_property)):
                continue
            value = getattr(target, name)
            if inspect.isroutine(value):
                methods[name] = parameters(value)
        result[path] = {"methods": methods}
    presets: dict[str, Any] = {}
    evaluators = client.evaluators
    eval_enum = getattr(type(evaluators), "Eval", None)
    for name in sorted(getattr(eval_enum, "__members__", {})):
        runner = getattr(evaluators, name)
        presets[name] = {"id": str(eval_enum[name].value), "call": parameters(runner.__call__)}
    result["presets"] = presets
    close = getattr(client, "close", None)
    if callable(close):
        close()
    return result


def main() -> None:
    package = sys.argv[2] if len(sys.argv) > 2 else "root"
    wanted: dict[str, list[str]] | None = None
    if len(sys.argv) > 3:  # the official probe's output: look its names up in ours too
        with open(sys.argv[3], encoding="utf-8") as official:
            modules = json.load(official)["modules"]
        wanted = {module: sorted(entry.get("names", {})) for module, entry in modules.items()}
    report = {
        "python": sys.version.split()[0],
        "client_name": CLIENTS[package],
        "modules": probe_modules(package, wanted),
        "client": probe_sub_apis(package),
    }
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(report, out, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
