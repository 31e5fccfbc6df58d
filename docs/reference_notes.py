"""What the API reference says about the sub-APIs beyond their published docstrings.

Two facts the published text leaves out, both computed at docs build time so that they cannot go stale:

- the ``_client`` parameter of every sub-API method is supplied by the method's decorator, never by the
  caller (read from the sources: a sub-API is a class with a method that takes ``_client``);
- each parameter's limits, read from ``openapi.yaml``: a method's parameters are matched by name
  against the properties of the request-body schemas of the spec's operations.

docs/conf.py puts these on the reference pages; tests/test_spec_evolution.py renders them from a changed
spec with the same functions. Nothing here knows a resource, a field or a number.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from root._operation_calls import operation_call

INJECTED = "_client"
"""The parameter a sub-API method's decorator supplies."""


@dataclass(frozen=True)
class Method:
    """A public method of a sub-API, as its source declares it."""

    parameters: tuple[str, ...]
    """Every parameter but ``self``, in order."""
    required: frozenset[str]
    """The parameters without a default."""
    decorators: tuple[str, ...]
    operation: str | None = None
    """The operationId the method hands to ``root._operations``, when it does."""
    renames: tuple[tuple[str, str], ...] = ()
    """``(operation parameter, method parameter)`` where the two names differ (``id="model_id"``)."""


@dataclass
class SubAPI:
    """A class whose methods take the injected ``_client``: its public methods by name."""

    methods: dict[str, Method] = field(default_factory=dict)

    @property
    def injecting_decorators(self) -> list[str]:
        found: list[str] = []
        for method in self.methods.values():
            if INJECTED in method.parameters:
                found += [d for d in method.decorators if d not in found]
        return found


@dataclass(frozen=True)
class Limits:
    """The limits of a method's parameters, from one request-body schema of the spec."""

    schema: str
    parameters: tuple[tuple[str, str], ...]
    """``(parameter, what the spec allows)``; the text marks code as ````code````."""


# -- the sources -------------------------------------------------------------------------------------------


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return ast.unparse(target).rsplit(".", 1)[-1]


def _method(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Method:
    arguments = node.args
    positional = arguments.posonlyargs + arguments.args
    without_default = positional[: len(positional) - len(arguments.defaults)]
    required = [a.arg for a in without_default]
    required += [a.arg for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True) if d is None]
    names = [a.arg for a in [*positional, *arguments.kwonlyargs] if a.arg != "self"]
    call = operation_call(node)  # root._operation_calls: the one reader of the operations a method calls
    renames = tuple(
        (k.arg, k.value.value)
        for k in (call.keywords if call is not None else [])
        if k.arg is not None and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)
    )
    return Method(
        parameters=tuple(names),
        required=frozenset(required) - {"self"},
        decorators=tuple(_decorator_name(d) for d in node.decorator_list),
        operation=call.args[0].value if call is not None else None,  # type: ignore[attr-defined]
        renames=renames,
    )


def _modules(package: Path) -> Iterator[tuple[str, Path]]:
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if "generated" in parts:
            continue
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def sub_apis(package: Path) -> dict[str, SubAPI]:
    """``{"root.models.Models": SubAPI}`` for every class under ``package`` with a method taking ``_client``
    or sending through ``self._operations``."""
    found: dict[str, SubAPI] = {}
    for module, path in _modules(package):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            functions = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
            methods = {f.name: _method(f) for f in functions if not f.name.startswith("_")}
            # A sub-API takes the injected ``_client``, or sends through ``root._operations``, or both.
            if any(INJECTED in m.parameters or m.operation for m in methods.values()):
                found[f"{module}.{node.name}"] = SubAPI(methods)
    return found


# -- the spec ------------------------------------------------------------------------------------------------


def _resolve(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        reference: str = schema["$ref"]
        node: Any = spec
        for part in reference.removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def request_body_schemas(spec: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The schemas the spec's operations take as a JSON request body, by name, in the spec's order."""
    found: dict[str, Mapping[str, Any]] = {}
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, Mapping):
                continue
            for content in operation.get("requestBody", {}).get("content", {}).values():
                schema = content.get("schema", {})
                name = schema.get("$ref", "").rsplit("/", 1)[-1]
                if name:
                    found.setdefault(name, _resolve(spec, schema))
    return found


def _count(number: object, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _range(low: object, high: object, unit: str = "") -> str | None:
    suffix = f" {unit}s" if unit else ""
    if low is not None and high is not None:
        return f"{low} to {high}{suffix}"
    if high is not None:
        return f"at most {high}{suffix}"
    if low is not None:
        return f"at least {_count(low, unit) if unit else low}"
    return None


def _exclusive(keyword: object, bound: object) -> object | None:
    """An exclusive bound: OpenAPI 3.0 flags ``minimum``/``maximum`` with ``true``, 3.1 gives the number."""
    if keyword is True:
        return bound
    if isinstance(keyword, (int, float)) and not isinstance(keyword, bool):
        return keyword
    return None


def describe(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> str | None:
    """What one property's schema allows, in words (``None``: nothing beyond its type)."""
    schema = _resolve(spec, schema)
    kind = schema.get("type")
    rules: list[str] = []
    if kind == "string":
        length = _range(schema.get("minLength"), schema.get("maxLength"), "character")
        if length:
            rules.append(f"of {length}")
    elif kind in ("integer", "number"):
        low, high = schema.get("minimum"), schema.get("maximum")
        above, below = _exclusive(schema.get("exclusiveMinimum"), low), _exclusive(schema.get("exclusiveMaximum"), high)
        if above is not None:
            rules.append(f"more than {above}")
            low = None
        if below is not None:
            rules.append(f"less than {below}")
            high = None
        bounds = _range(low, high)
        if bounds:
            rules.insert(0, f"from {bounds}" if bounds[0].isdigit() or bounds[0] == "-" else bounds)
    elif kind == "array":
        items = _range(schema.get("minItems"), schema.get("maxItems"), "item")
        if items:
            rules.append(f"of {items}")
        inner = describe(spec, schema.get("items", {}))
        if inner:
            rules.append(f"each {inner}")
    if "format" in schema:
        rules.append(f"format ``{schema['format']}``")
    if "pattern" in schema:
        rules.append(f"matching ``{schema['pattern']}``")
    if "enum" in schema:
        rules.append("one of " + ", ".join(f"``{value}``" for value in schema["enum"] if value is not None))
    if not rules:
        return None
    article = {"integer": "an integer", "array": "a list"}.get(str(kind), f"a {kind}" if kind else "a value")
    first, *rest = rules
    joiner = " " if first.startswith(("of ", "from ")) else ", "
    return f"{article}{joiner}{', '.join([first, *rest])}"


def _operation(spec: Mapping[str, Any], operation_id: str) -> Mapping[str, Any] | None:
    for operations in spec.get("paths", {}).values():
        shared = operations.get("parameters", []) if isinstance(operations, Mapping) else []
        for operation in operations.values():
            if isinstance(operation, Mapping) and operation.get("operationId") == operation_id:
                return {**operation, "parameters": [*shared, *operation.get("parameters", [])]}
    return None


def operation_limits(spec: Mapping[str, Any], method: Method) -> Limits | None:
    """The limits of a method's parameters, from the operation it calls: the fields of its request body
    named like the method's parameters, and its path and query parameters (renamed as the method renames
    them). ``None``: the spec has no such operation."""
    if method.operation is None:
        return None
    operation = _operation(spec, method.operation)
    if operation is None:
        return None
    public = dict(method.renames)
    described: list[tuple[str, str | None]] = []
    for parameter in operation["parameters"]:
        parameter = _resolve(spec, parameter)
        name = public.get(parameter["name"], parameter["name"])
        if name in method.parameters:
            described.append((name, describe(spec, parameter.get("schema", {}))))
    schema_name = method.operation
    for content in operation.get("requestBody", {}).get("content", {}).values():
        schema = content.get("schema", {})
        schema_name = schema.get("$ref", "").rsplit("/", 1)[-1] or schema_name
        properties = _resolve(spec, schema).get("properties", {})
        described += [(p, describe(spec, properties[p])) for p in method.parameters if p in properties]
        break
    return Limits(schema_name, tuple((p, text) for p, text in described if text))


def method_limits(spec: Mapping[str, Any], parameters: Sequence[str], required: Collection[str] = ()) -> Limits | None:
    """The limits of a method's parameters, from the request-body schema its parameters map to.

    The schema is the one with the most properties named like the method's parameters; between equals,
    the one whose required properties are the method's required parameters (``create`` requires what
    the create body requires, ``update`` nothing), then the spec's first. ``None``: no parameter is a
    request-body field.
    """
    candidates = []
    for order, (name, schema) in enumerate(request_body_schemas(spec).items()):
        properties = schema.get("properties", {})
        shared = [p for p in parameters if p in properties]
        if not shared:
            continue
        same_required = set(schema.get("required", [])) & set(shared) == set(required) & set(shared)
        candidates.append((-len(shared), not same_required, order, name, shared))
    if not candidates:
        return None
    _, _, _, name, shared = min(candidates)
    properties = request_body_schemas(spec)[name]["properties"]
    described = [(p, describe(spec, properties[p])) for p in shared]
    return Limits(name, tuple((p, text) for p, text in described if text))


# -- what the reference adds -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notes:
    """What the reference adds after the published text: for each sub-API class, how ``_client`` is
    supplied; for each of its methods, whether it takes ``_client`` and its parameters' limits."""

    classes: dict[str, list[str]]
    """``{class id: the decorators that supply _client}``."""
    injected: dict[str, str]
    """``{method id: the decorator that supplies its _client}``."""
    limits: dict[str, Limits]
    """``{method id: its limits}``, for the methods with a parameter the spec limits."""


def reference_notes(repo: Path, spec: Mapping[str, Any] | None = None) -> Notes:
    """The notes for the package ``repo/root``, with limits from ``spec`` (default: ``repo/openapi.yaml``)."""
    if spec is None:
        import yaml

        spec = yaml.safe_load((repo / "openapi.yaml").read_text(encoding="utf-8"))
        if not isinstance(spec, Mapping):
            raise ValueError(f"{repo / 'openapi.yaml'} is not an OpenAPI document")
    classes: dict[str, list[str]] = {}
    injected: dict[str, str] = {}
    limits: dict[str, Limits] = {}
    for class_id, sub_api in sub_apis(repo / "root").items():
        classes[class_id] = sub_api.injecting_decorators
        for name, method in sub_api.methods.items():
            method_id = f"{class_id}.{name}"
            if INJECTED in method.parameters:
                injected[method_id] = next(iter(method.decorators), "its decorator")
            found = (
                operation_limits(spec, method)
                if method.operation
                else method_limits(spec, method.parameters, method.required)
            )
            if found is not None and found.parameters:
                limits[method_id] = found
    return Notes(classes, injected, limits)
