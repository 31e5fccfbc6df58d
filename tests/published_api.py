"""The published API reference of ``root.models``, as facts the tests check our code and docs against.

The facts live in ``tests/data/published_models_api.json``, our own record of what the published page
states: the module, the class ``Models`` and each of its members, in the page's order, with

``kind``
    ``class``, ``method`` or ``attribute``.
``async``
    Whether the page marks the member ``:async:``.
``parameters``
    In order, each with ``name``, ``kind`` (``positional``: positional-or-keyword, or ``keyword-only``),
    ``annotation`` and ``default`` as source text (``null``: none); ``null`` for an attribute.
``returns``
    The return annotation as source text (``null``: none).
``documented``
    The names of the parameters the page documents with ``:param NAME:``, in the page's order.

This module is the only reader of that file. It turns the facts into typed objects and renders them the
ways the tests compare them: parameters as :func:`inspect.signature` shows them (:func:`signature_of`),
and directive signatures and a whole page in the RST that sphinx-autoapi writes (:meth:`Member.signature`,
:meth:`PublishedModule.rst`).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "published_models_api.json"

POSITIONAL = "positional"
KEYWORD_ONLY = "keyword-only"
PARAMETER_KINDS = {POSITIONAL: inspect.Parameter.POSITIONAL_OR_KEYWORD, KEYWORD_ONLY: inspect.Parameter.KEYWORD_ONLY}
MEMBER_KINDS = ("class", "method", "attribute")
_MEMBER_KEYS = {"name", "kind", "async", "parameters", "returns", "documented"}
_PARAMETER_KEYS = {"name", "kind", "annotation", "default"}


def _annotation_text(annotation: Any) -> str | None:
    if annotation is inspect.Parameter.empty:
        return None
    return annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)


@dataclass(frozen=True)
class Parameter:
    """One parameter: its name, kind, and annotation and default as source text (``None``: none)."""

    name: str
    kind: str
    annotation: str | None = None
    default: str | None = None

    @classmethod
    def from_inspect(cls, parameter: inspect.Parameter) -> Parameter:
        kinds = {kind: name for name, kind in PARAMETER_KINDS.items()}
        return cls(
            name=parameter.name,
            kind=kinds.get(parameter.kind, parameter.kind.description),
            annotation=_annotation_text(parameter.annotation),
            default=None if parameter.default is inspect.Parameter.empty else repr(parameter.default),
        )

    def text(self) -> str:
        """``name: annotation = default``, as in a signature."""
        text = self.name
        if self.annotation is not None:
            text += f": {self.annotation}"
        if self.default is not None:
            text += f" = {self.default}"
        return text


def parameters_text(parameters: tuple[Parameter, ...]) -> str:
    """The text between a signature's parentheses, with a ``*`` before the first keyword-only parameter."""
    parts: list[str] = []
    for index, parameter in enumerate(parameters):
        if parameter.kind == KEYWORD_ONLY and (index == 0 or parameters[index - 1].kind != KEYWORD_ONLY):
            parts.append("*")
        parts.append(parameter.text())
    return ", ".join(parts)


def signature_of(function: Callable[..., Any]) -> tuple[tuple[Parameter, ...], str | None]:
    """The parameters (less ``self``) and return annotation of ``function`` as :func:`inspect.signature`
    shows them, in the terms of the facts: compare them with :attr:`Member.parameters` and
    :attr:`Member.returns`."""
    signature = inspect.signature(function)
    parameters = tuple(Parameter.from_inspect(p) for p in signature.parameters.values() if p.name != "self")
    return parameters, _annotation_text(signature.return_annotation)


@dataclass(frozen=True)
class Member:
    """The class, or one of its members, as the published page shows it."""

    name: str
    kind: str
    is_async: bool
    parameters: tuple[Parameter, ...] | None
    returns: str | None
    documented: tuple[str, ...]
    members: tuple[Member, ...] = ()

    @property
    def options(self) -> list[str]:
        """The directive's options, as autoapi writes them."""
        return [":async:"] if self.is_async else []

    def signature(self) -> str:
        """The directive's signature text: ``create(*, name: str, ...) -> str``, ``client_context``."""
        text = self.name
        if self.parameters is not None:
            text += f"({parameters_text(self.parameters)})"
        if self.returns is not None:
            text += f" -> {self.returns}"
        return text

    def rst(self, indent: str = "") -> list[str]:
        """The member as an RST directive: signature, options, a ``:param NAME:`` field (without text) for
        each documented parameter, then its own members."""
        lines = [f"{indent}.. py:{self.kind}:: {self.signature()}"]
        body = indent + "   "
        lines += [body + option for option in self.options]
        lines.append("")
        if self.documented:
            lines += [f"{body}:param {name}:" for name in self.documented]
            lines.append("")
        for member in self.members:
            lines += member.rst(body)
        return lines


@dataclass(frozen=True)
class PublishedModule:
    """The published module: its name and its one class."""

    name: str
    cls: Member

    def members(self) -> dict[str, Member]:
        """The class and its members by short name (``Models``, ``create``, ...), in the page's order."""
        return {self.cls.name: self.cls, **{member.name: member for member in self.cls.members}}

    def qualified_name(self, name: str) -> str:
        return f"{self.name}.{name}" if name == self.cls.name else f"{self.name}.{self.cls.name}.{name}"

    def rst(self) -> str:
        """The page as RST directives, in the form autoapi writes ours in."""
        title = self.name + "\n" + "=" * len(self.name)
        return "\n".join([title, "", f".. py:module:: {self.name}", "", *self.cls.rst()]) + "\n"


def _check_keys(what: str, data: dict[str, Any], required: set[str], optional: frozenset[str] = frozenset()) -> None:
    keys = set(data)
    if not required <= keys <= required | optional:
        raise ValueError(f"{DATA.name}: {what} has keys {sorted(keys)}, expected {sorted(required | optional)}")


def _parameter(data: dict[str, Any], owner: str) -> Parameter:
    _check_keys(f"a parameter of {owner}", data, _PARAMETER_KEYS)
    if data["kind"] not in PARAMETER_KINDS:
        raise ValueError(f"{DATA.name}: {owner}.{data['name']}: unknown parameter kind {data['kind']!r}")
    return Parameter(name=data["name"], kind=data["kind"], annotation=data["annotation"], default=data["default"])


def _member(data: dict[str, Any]) -> Member:
    name = data.get("name", "?")
    _check_keys(name, data, _MEMBER_KEYS, frozenset({"members"}) if data.get("kind") == "class" else frozenset())
    if data["kind"] not in MEMBER_KINDS:
        raise ValueError(f"{DATA.name}: {name}: unknown kind {data['kind']!r}")
    parameters = None if data["parameters"] is None else tuple(_parameter(p, name) for p in data["parameters"])
    documented = tuple(data["documented"])
    if parameters is not None and not set(documented) <= {p.name for p in parameters}:
        raise ValueError(f"{DATA.name}: {name} documents a parameter it does not have: {documented}")
    return Member(
        name=name,
        kind=data["kind"],
        is_async=bool(data["async"]),
        parameters=parameters,
        returns=data["returns"],
        documented=documented,
        members=tuple(_member(m) for m in data.get("members", [])),
    )


def load(path: Path = DATA) -> PublishedModule:
    """The facts of the published page, checked for shape."""
    data = json.loads(path.read_text(encoding="utf-8"))
    _check_keys("the file", data, {"about", "module", "class"})
    return PublishedModule(name=data["module"], cls=_member(data["class"]))


PUBLISHED = load()
"""The published ``root.models``: the one table the tests use."""
