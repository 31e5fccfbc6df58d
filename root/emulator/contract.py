"""The API contract as the emulator reads it: ``openapi.yaml``, loaded with openapi-core.

Every fact of the contract the emulator enforces comes from the document: which query parameters and
body fields an operation takes, their types, limits, patterns, nullability and required-ness, and which
fields a response carries. Nothing here names a field or a limit; change the spec and the emulator
follows. The document loads and is checked once per file (see :func:`load_contract`); an operation's
validators are built the first time it is used, since the document holds the whole contract and the
emulator serves only part of it. A request then costs one jsonschema pass over its body (a tenth of a
millisecond).

Failures are worded as the service (Django REST framework) words them, with the numbers taken from the
schema, and every failing field is reported at once: ``{"name": ["Ensure this field has no more than 100
characters."]}``; a string that is empty or only whitespace fails as blank, whether ``minLength`` or a
not-blank ``pattern`` rejects it. Values are checked as sent, so the emulator accepts exactly what the spec
allows (contract fuzzing holds it to that); strings are then trimmed of surrounding whitespace before they
are stored, as DRF does. (DRF trims before it checks, so it would take a 100-character name padded with
spaces that the spec's ``maxLength`` forbids.) Unlike DRF, JSON types are enforced exactly: numbers are
not strings, strings and ``true`` are not integers.
"""

from __future__ import annotations

import importlib.resources
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final, Protocol

from root.emulator import patterns
from root.emulator._extra import MissingExtraError

try:
    from jsonschema_path import SchemaPath
    from openapi_core import OpenAPI
    from openapi_core.validation.schemas import oas30_write_schema_validators_factory
except ModuleNotFoundError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    # The modules still import, so that the package and its command line can say what to install;
    # loading a contract raises.
    _MISSING_EXTRA: ModuleNotFoundError | None = exc
else:
    _MISSING_EXTRA = None

NON_FIELD_ERRORS: Final = "non_field_errors"
_FORM: Final = "multipart/form-data"
_FORMS: Final = (_FORM, "application/x-www-form-urlencoded")
REQUIRED: Final = "This field is required."
NOT_NULL: Final = "This field may not be null."
NOT_BLANK: Final = "This field may not be blank."
NULL_CHARACTERS: Final = "Null characters are not allowed."
"""DRF's answer to NUL (U+0000) in a string field (its ``ProhibitNullCharactersValidator``), which the schema
cannot say: the service refuses such a name, so the emulator does too."""
NO_MATCH: Final = "This value does not match the required pattern."
# DRF's messages for a value of the wrong JSON type, by the schema's type.
_NOT_OF_TYPE: Final = {
    "string": "Not a valid string.",
    "integer": "A valid integer is required.",
    "number": "A valid number is required.",
    "boolean": "Must be a valid boolean.",
    "array": "Expected a list of items.",
    "object": "Expected a dictionary of items.",
}
# What DRF's IntegerField takes from a query string: optional sign and ASCII digits (int() alone would
# also take "1_000" and non-ASCII digits).
_INTEGER_TEXT: Final = re.compile(r"\s*[-+]?[0-9]+\s*", re.ASCII)
_BOOLEAN_TEXT: Final = {"true": True, "1": True, "false": False, "0": False}

Errors = dict[str, list[str]]


class SchemaError(Protocol):
    """One failure of a jsonschema validation pass (a ``jsonschema.ValidationError``)."""

    validator: Any  # the failing keyword
    validator_value: Any
    instance: Any
    schema: Any
    absolute_path: Sequence[str | int]
    message: str


class SchemaValidator(Protocol):
    """A compiled jsonschema validator."""

    def iter_errors(self, instance: Any, /) -> Iterator[SchemaError]: ...


class MultiMapping(Protocol):
    """A query string's parameters (aiohttp's ``MultiDictProxy`` is one)."""

    def __contains__(self, key: object, /) -> bool: ...

    def getall(self, key: str, /) -> list[str]: ...


def extra_missing() -> bool:
    """Whether the packages of the ``emulator`` extra are missing, so that no contract can be loaded."""
    return _MISSING_EXTRA is not None or patterns.MISSING is not None


def default_spec_path() -> Path:
    """Returns the path of the ``openapi.yaml`` shipped in the package, beside the generated clients."""
    resource = importlib.resources.files("root.generated").joinpath("openapi.yaml")
    if not isinstance(resource, Path):  # pragma: no cover - only inside a zip import
        raise RuntimeError("the emulator needs root/generated/openapi.yaml on the file system")
    return resource


# ECMA-262's white space and line terminators: what `\s` matches in an OpenAPI (ECMA) pattern.
_ECMA_SPACE: Final = (
    "\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_ECMA_CLASS: Final = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


@lru_cache(maxsize=64)
def _ecma_regex(pattern: str) -> re.Pattern[str] | None:
    r"""A pattern with ECMA-262's ``\s`` and ``\S`` (outside character classes), or None if it has others."""
    if "[" in pattern:
        return None
    translated = re.sub(r"(?<!\\)\\([sS])", lambda m: f"[{'^' if m.group(1) == 'S' else ''}{_ECMA_CLASS}]", pattern)
    try:
        return re.compile(translated)
    except re.error:
        return None


def _ecma_search(pattern: str, instance: Any) -> bool:
    r"""Whether a string matches a pattern as ECMA-262 (which OpenAPI follows) reads ``\s``."""
    regex = _ecma_regex(pattern)
    return isinstance(instance, str) and regex is not None and regex.search(instance) is not None


def _message(error: SchemaError) -> tuple[str, bool]:
    """Returns DRF's message for one schema failure, and whether it ends the field's checks."""
    keyword = error.validator
    limit = error.validator_value
    instance = error.instance
    if instance is None:
        return NOT_NULL, True
    if keyword == "type":
        types = [limit] if isinstance(limit, str) else list(limit)
        return _NOT_OF_TYPE.get(types[0], f"Expected {' or '.join(types)}."), True
    if keyword in ("minLength", "pattern") and isinstance(instance, str) and not instance.strip(_ECMA_SPACE):
        return NOT_BLANK, True
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if keyword == "minLength":
        return f"Ensure this field has at least {limit} characters.", False
    if keyword == "maxLength":
        return f"Ensure this field has no more than {limit} characters.", False
    if keyword == "minimum":
        if schema.get("exclusiveMinimum") is True:
            return f"Ensure this value is greater than {limit}.", False
        return f"Ensure this value is greater than or equal to {limit}.", False
    if keyword == "maximum":
        if schema.get("exclusiveMaximum") is True:
            return f"Ensure this value is less than {limit}.", False
        return f"Ensure this value is less than or equal to {limit}.", False
    if keyword == "enum":
        return f'"{instance}" is not a valid choice.', True
    if keyword == "pattern":
        return NO_MATCH, False
    if keyword == "minItems":
        return f"Ensure this field has at least {limit} elements.", False
    if keyword == "maxItems":
        return f"Ensure this field has no more than {limit} elements.", False
    if keyword == "multipleOf":
        return f"Ensure this value is a multiple of {limit}.", False
    if keyword == "format":
        return f"Enter a valid {limit}.", False
    return str(error.message), False


def field_errors(errors: Iterable[SchemaError], field: str | None = None) -> Errors:
    """Words schema failures as DRF does: ``{field: [message, ...]}``, each message once.

    Args:
        errors: The failures of one validation pass.
        field: The field they all belong to (a query parameter); None takes it from each failure's path
            in the validated object.

    Returns:
        The messages by field. A failure that stops DRF checking a field (null, wrong type, blank) is
        that field's only message.
    """
    found: dict[str, list[tuple[str, bool]]] = {}
    for error in errors:
        path = list(error.absolute_path)
        if error.validator == "required":
            instance = error.instance if isinstance(error.instance, Mapping) else {}
            missing = [name for name in error.validator_value if name not in instance]
            for name in missing:
                found.setdefault(field or str(name), []).append((REQUIRED, True))
            continue
        if error.validator == "pattern" and _ecma_search(str(error.validator_value), error.instance):
            continue  # Python's \s is wider than the ECMA-262 \s that OpenAPI patterns use
        name = field or (str(path[0]) if path else NON_FIELD_ERRORS)
        found.setdefault(name, []).append(_message(error))
    result: Errors = {}
    for name, messages in found.items():
        decisive = [text for text, stops in messages if stops]
        texts = decisive[:1] or [text for text, _ in messages]
        result[name] = list(dict.fromkeys(texts))
    return result


@dataclass(frozen=True)
class BodyRules:
    """What one operation's JSON request body may hold.

    Attributes:
        schema: The body's schema, references resolved at the top level.
        properties: Each property's schema, by name, in the document's order.
        validator: The compiled OpenAPI 3.0 (write context) validator of the body.
    """

    schema: Mapping[str, Any]
    properties: Mapping[str, Mapping[str, Any]]
    validator: SchemaValidator

    def clean(self, data: Mapping[str, Any]) -> tuple[dict[str, Any], Errors]:
        """Checks a decoded JSON object against the schema.

        Args:
            data: The request body. Keys the schema does not declare are ignored, as DRF ignores them.

        Returns:
            ``(values, errors)``: the declared fields present, strings trimmed for storing, and the
            messages of the fields that failed (empty when the body is valid). A string field holding
            NUL (U+0000) fails as DRF fails it (:data:`NULL_CHARACTERS`), though the schema allows it.
        """
        sent = {name: data[name] for name in self.properties if name in data}
        errors = field_errors(e for e in self.validator.iter_errors(sent) if not self._allowed_null(e))
        for name, value in sent.items():
            if isinstance(value, str) and "\x00" in value and name not in errors:
                errors[name] = [NULL_CHARACTERS]
        values = {name: value.strip() if isinstance(value, str) else value for name, value in sent.items()}
        return values, errors

    def _allowed_null(self, error: SchemaError) -> bool:
        # OpenAPI 3.0 validators read `nullable` only beside a `type`, so a field written as
        # `allOf: [$ref], nullable: true` (model_params, generating_model_params) refuses the null it allows.
        path = list(error.absolute_path)
        if error.instance is not None or len(path) != 1:
            return False
        return self.properties.get(str(path[0]), {}).get("nullable") is True

    def defaults(self) -> dict[str, Any]:
        """Returns what a new object holds for each field left out: its schema ``default``, or null."""
        return {
            name: schema.get("default")
            for name, schema in self.properties.items()
            if "default" in schema or schema.get("nullable") is True
        }


@dataclass(frozen=True)
class QueryParameter:
    """One query parameter of an operation, with the compiled validator of its schema."""

    name: str
    schema: Mapping[str, Any]
    explode: bool
    validator: SchemaValidator

    def parse(self, texts: list[str]) -> Any:
        """Turns the parameter's raw values into the schema's type.

        Raises:
            ValueError: A value is not of the type (its message is DRF's).
        """
        if self.schema.get("type") == "array":
            items = self.schema.get("items", {})
            parts = texts if self.explode else [part for text in texts for part in text.split(",")]
            return [_cast(part, items) for part in parts]
        # A scalar given more than once: the last one counts, as in Django's QueryDict.
        return _cast(texts[-1], self.schema)


def cast(text: str, schema: Mapping[str, Any]) -> Any:
    """Turns a text value (of a query string or a form) into the schema's type.

    Raises:
        ValueError: The text is not of the type (its message is DRF's).
    """
    return _cast(text, schema)


def _cast(text: str, schema: Mapping[str, Any]) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer":
            if not _INTEGER_TEXT.fullmatch(text):
                raise ValueError(text)
            return int(text)
        if kind == "number":
            return float(text)
        if kind == "boolean":
            return _BOOLEAN_TEXT[text.strip().lower()]
    except (ValueError, KeyError):
        raise ValueError(_NOT_OF_TYPE[str(kind)]) from None
    return text


@dataclass(frozen=True)
class Operation:
    """What the contract says of one path and method.

    Attributes:
        body: The JSON request body's rules, or None when the operation takes no body.
        body_required: Whether the body must be present.
        query: The query parameters, by name.
        responses: Each status's JSON response schema (top-level references resolved), by status.
        shown: Each status's shown properties (of each item, for a page), references resolved, by status.
        form: The rules of a ``multipart/form-data`` request body, if the operation takes one.
        form_media_types: The form media types the operation's body may come in (multipart first).
    """

    body: BodyRules | None
    body_required: bool
    query: Mapping[str, QueryParameter]
    responses: Mapping[str, Mapping[str, Any]]
    shown: Mapping[str, Mapping[str, Mapping[str, Any]]]
    form: BodyRules | None = None
    form_media_types: tuple[str, ...] = ()

    def parse_query(self, query: MultiMapping) -> tuple[dict[str, Any], Errors]:
        """Reads the declared query parameters present, typed and checked against their schemas.

        Returns:
            ``(values, errors)``: the parameters that passed, and the messages of those that failed.
        """
        values: dict[str, Any] = {}
        errors: Errors = {}
        for name, parameter in self.query.items():
            if name not in query:
                continue
            try:
                value = parameter.parse(query.getall(name))
            except ValueError as exc:
                errors[name] = [str(exc)]
                continue
            failures = field_errors(parameter.validator.iter_errors(value), name)
            if failures:
                errors.update(failures)
            else:
                values[name] = value
        return values, errors

    def response_fields(self, status: str) -> tuple[str, ...]:
        """Returns the properties a response of this status carries (of each item, for a page), in order."""
        return tuple(self.shown[status])


def _contents(path: SchemaPath) -> Any:
    with path.resolve() as resolved:
        return resolved.contents


def _json_schema(content: SchemaPath) -> SchemaPath | None:
    """The schema of the first JSON media type of a ``content`` map, if it has one."""
    for media_type in content.keys():  # noqa: SIM118 - a SchemaPath, not a dict
        base = str(media_type).partition(";")[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            schema = content / str(media_type) / "schema"
            return schema if schema.exists() else None
    return None


def _properties(schema: SchemaPath) -> dict[str, Mapping[str, Any]]:
    """The properties an object schema shows (writeOnly ones left out), references resolved, in order."""
    properties = schema / "properties"
    if not properties.exists():
        return {}
    found = {str(name): _contents(prop) for name, prop in properties.items()}
    return {name: prop for name, prop in found.items() if not prop.get("writeOnly")}


def _shown(schema: SchemaPath) -> Mapping[str, Mapping[str, Any]]:
    """What a response body shows: its properties, or a page's item properties under ``results``."""
    items = schema / "properties" / "results" / "items"
    return _properties(items) if items.exists() else _properties(schema)


def _validator(spec: SchemaPath, schema: SchemaPath) -> SchemaValidator:
    """Compiles a schema of the document for requests (OpenAPI 3.0, write context: readOnly is refused)."""
    validator: SchemaValidator = oas30_write_schema_validators_factory.create(spec, schema).validator
    return validator


class Contract:
    """The operations of one OpenAPI 3.0 document, with their validators built.

    Args:
        spec_path: The document (YAML or JSON).

    Raises:
        openapi_spec_validator.validation.exceptions.OpenAPIValidationError: The document is not valid
            OpenAPI.
        OSError: It cannot be read.
    """

    def __init__(self, spec_path: str | os.PathLike[str]) -> None:
        self.spec_path = Path(spec_path)
        self._openapi = OpenAPI.from_file_path(str(self.spec_path))
        self._spec = self._openapi.spec
        servers = self._spec / "servers"
        self._server = str(_contents(servers)[0]["url"]).rstrip("/") if servers.exists() else "http://localhost"
        # Where each operation is; its validators are built on first use (see operation()).
        self._declared: dict[tuple[str, str], tuple[list[SchemaPath], SchemaPath]] = {}
        self._operations: dict[tuple[str, str], Operation] = {}
        self._write_only: frozenset[str] | None = None
        for template, path_item in (self._spec / "paths").items():
            shared = list(path_item / "parameters") if "parameters" in path_item else []
            for method, operation in path_item.items():
                if method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
                    self._declared[(str(template), str(method).upper())] = (shared, operation)

    def _operation(self, shared: list[SchemaPath], operation: SchemaPath) -> Operation:
        spec = self._spec
        own = list(operation / "parameters") if "parameters" in operation else []
        query: dict[str, QueryParameter] = {}
        for parameter in shared + own:
            if (parameter / "in").read_str() != "query":
                continue
            name = (parameter / "name").read_str()
            schema = parameter / "schema"
            query[name] = QueryParameter(
                name=name,
                schema=_contents(schema),
                # OpenAPI's default for query parameters: style form, explode true.
                explode=bool(_contents(parameter).get("explode", True)),
                validator=_validator(spec, schema),
            )
        body: BodyRules | None = None
        body_required = False
        if "requestBody" in operation:
            request_body = operation / "requestBody"
            body_required = bool(_contents(request_body).get("required", False))
            schema_path = _json_schema(request_body / "content")
            if schema_path is not None:
                body = self._rules(schema_path)
        form: BodyRules | None = None
        form_media_types: tuple[str, ...] = ()
        if "requestBody" in operation and (operation / "requestBody" / "content" / _FORM).exists():
            form = self._rules(operation / "requestBody" / "content" / _FORM / "schema")
            content = operation / "requestBody" / "content"
            form_media_types = tuple(t for t in _FORMS if (content / t).exists())
        responses: dict[str, Mapping[str, Any]] = {}
        shown: dict[str, Mapping[str, Mapping[str, Any]]] = {}
        for status, response in (operation / "responses").items():
            response_schema = _json_schema(response / "content") if "content" in response else None
            if response_schema is not None:
                responses[str(status)] = _contents(response_schema)
                shown[str(status)] = _shown(response_schema)
        return Operation(
            body=body,
            body_required=body_required,
            query=query,
            responses=responses,
            shown=shown,
            form=form,
            form_media_types=form_media_types,
        )

    def _rules(self, schema_path: SchemaPath) -> BodyRules:
        properties = schema_path / "properties"
        return BodyRules(
            schema=_contents(schema_path),
            properties={str(n): _contents(p) for n, p in properties.items()} if properties.exists() else {},
            validator=_validator(self._spec, schema_path),
        )

    def schema(self, name: str) -> Mapping[str, Any]:
        """Returns a schema of the document's components (``StatusEnum``), its references unresolved.

        Raises:
            KeyError: The document has no such schema.
        """
        path = self._spec / "components" / "schemas" / name
        if not path.exists():
            raise KeyError(name)
        contents: Mapping[str, Any] = _contents(path)
        return contents

    def operation(self, path: str, method: str) -> Operation:
        """Returns the operation of a path template (``/v1/models/{id}/``) and an HTTP method.

        Raises:
            KeyError: The document has no such operation.
        """
        key = (path, method.upper())
        built = self._operations.get(key)
        if built is None:
            built = self._operations[key] = self._operation(*self._declared[key])
        return built

    def check_response(
        self,
        method: str,
        template: str,
        path: str,
        query: Mapping[str, list[str]],
        status: int,
        body: bytes | None,
        content_type: str | None,
    ) -> str | None:
        """Validates one response against the document with openapi-core, as a client of the service would.

        A status the operation does not declare passes (OpenAPI does not expect every error status to be
        documented, and DRF has more, such as 415); a declared one must match its schema. A method the
        path does not declare has no operation to check against. A null where the document says
        ``nullable: true`` beside an ``allOf`` of one reference (DRF's form of a nullable nested object,
        which the generated clients read as nullable) is taken as allowed, though a strict reading of
        OpenAPI 3.0.3 says ``nullable`` needs a ``type`` beside it.

        Args:
            method: The request's method.
            template: The path template it matched.
            path: The request's path.
            query: Its query parameters.
            status: The response's status.
            body: Its body (None for none).
            content_type: Its media type (None without a body).

        Returns:
            None when the response conforms, else what is wrong with it.
        """
        if (template, method.upper()) not in self._declared:
            return None
        from openapi_core.templating.responses.exceptions import ResponseNotFound  # only when checking
        from openapi_core.testing import MockRequest, MockResponse

        request = MockRequest(self._server, method, path, args=dict(query))
        response = MockResponse(body or b"", status_code=status, content_type=content_type or "")
        try:
            self._openapi.validate_response(request, response)
        except ResponseNotFound:
            return None
        except Exception as exc:  # every failure is reported, none is fatal
            schema_errors = list(getattr(exc.__cause__, "schema_errors", ()))
            if schema_errors and all(self._nullable(method, template, status, e) for e in schema_errors):
                return None
            causes = [exc, *([exc.__cause__] if exc.__cause__ is not None else [])]
            details = [str(c) for c in causes]
            details += [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in schema_errors]
            return "; ".join(details)
        return None

    def _nullable(self, method: str, template: str, status: int, error: Any) -> bool:
        """Whether a failure is only a null where the response schema marks the field nullable."""
        if error.instance is not None:
            return False
        node = self._spec / "paths" / template / method.lower() / "responses"
        node = node / (str(status) if str(status) in node else "default")
        schema = _json_schema(node / "content") if "content" in node else None
        if schema is None:
            return False
        for step in error.absolute_path:
            schema = schema / "items" if isinstance(step, int) else schema / "properties" / str(step)
            if not schema.exists():
                return False
        return bool(_contents(schema).get("nullable"))

    def operations(self) -> tuple[tuple[str, str], ...]:
        """Returns every ``(path template, method)`` the document declares, in its order."""
        return tuple(self._declared)

    def write_only_fields(self) -> frozenset[str]:
        """Returns the request body fields the document marks ``writeOnly``: sent, never shown."""
        if self._write_only is None:
            # Read from the document, not from built operations: it spans every operation, used or not.
            names: set[str] = set()
            for _, operation in self._declared.values():
                if "requestBody" not in operation:
                    continue
                schema = _json_schema(operation / "requestBody" / "content")
                if schema is not None and "properties" in schema:
                    names.update(str(n) for n, p in (schema / "properties").items() if _contents(p).get("writeOnly"))
            self._write_only = frozenset(names)
        return self._write_only

    def methods(self, path: str) -> tuple[str, ...]:
        """Returns the HTTP methods the document declares for a path template, upper case, in its order."""
        return tuple(method for template, method in self._declared if template == path)


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int) -> Contract:
    return Contract(path)


def load_contract(spec_path: str | os.PathLike[str] | None = None) -> Contract:
    """Returns the contract of a document, built once per file version and shared by every app.

    Args:
        spec_path: The OpenAPI document; None is the one shipped in the package.

    Raises:
        MissingExtraError: The ``emulator`` extra is not installed.
    """
    if _MISSING_EXTRA is not None or patterns.MISSING is not None:
        raise MissingExtraError from (_MISSING_EXTRA or patterns.MISSING)
    path = Path(spec_path) if spec_path is not None else default_spec_path()
    stat = path.stat()
    return _load(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
