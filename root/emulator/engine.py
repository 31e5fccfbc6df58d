"""The emulator's engine: one implementation of the REST operations, for every declared resource.

A :class:`Resource` is declared once (its paths, where its rows live, its filters and orderings, whether it
keeps versions) and the :class:`Engine` serves it: list with cursor pagination, create, retrieve, update
(PUT), partial update (PATCH) and delete, each only where ``openapi.yaml`` declares the operation. The spec
says the rest: query parameters and request bodies are checked against it (:mod:`root.emulator.contract`,
with the service's messages), and a response shows exactly the fields its schema declares. The
conventions the spec cannot state are the service's (Django REST framework), the same for every resource:

- ``GET`` on a collection is cursor paginated. The default order is the resource's (newest first,
  ``-created_at``, unless it declares another); ``ordering`` may name any declared ordering field, with
  ``-`` for descending (anything else is ignored), and ties are broken by insertion order, so every order
  is total and a walk through the pages sees each object once even when objects are created or deleted
  meanwhile. Cursors are keyset positions, not offsets; a cursor of another listing is ``404 Invalid
  cursor``. ``next``/``previous`` are full URLs that keep the request's other query parameters, built on
  the configured public URL or else on the request's own scheme and host; with ``next_style="token"``
  they are the bare cursor instead. ``next`` is null on the last page, ``previous`` on the first.
- A query parameter of the wrong type (``page_size=abc``) is a 400 with the parameter's messages; a
  ``page_size`` of zero or less means the default page size, as in DRF, since the spec allows it.
- A new object's fields left out take the spec's ``default``, or null when nullable. PUT requires what the
  spec requires and, as in DRF, leaves optional fields that are left out unchanged; PATCH changes only
  the fields present, and an explicit null clears a nullable field. Write-only fields are stored, never
  shown. A response field the object has no value for is null when nullable, its ``default``, or an
  empty list or object; ``id``, ``created_at``, ``owner`` (the emulator's one user) and ``_meta`` (empty)
  come from the row.
- An id that is not a UUID (where the spec says ``format: uuid``), or of no object, is ``404 No <Name>
  matches the given query.``; a method the spec does not declare on a path is a 405 with ``Allow``.
- A versioned resource gets a new version on create and on every change (PUT or PATCH): the object's
  ``version_id`` is the newest, and its versions listing (newest first) shows each version's snapshot
  with the object's ``id`` and the version's ``version_id``. Deleting the object deletes its versions.

What the spec cannot describe is written per resource, as hooks of its declaration (see
:mod:`root.emulator.resources`). Other code (evaluator runs, the admin API) adds objects of resources the
API cannot create, such as execution logs, with :meth:`Engine.append`.
"""

from __future__ import annotations

import base64
import binascii
import sqlite3
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlencode

from aiohttp import web

from root.emulator import replies
from root.emulator.catalog import CUSTOM_OWNER
from root.emulator.contract import BodyRules, Contract, Operation
from root.emulator.replies import Reply
from root.emulator.settings import Settings
from root.emulator.store import Store, Table, fields_of

DEFAULT_PAGE_SIZE: Final = 20
_MAX_SEQ: Final = 2**63 - 1
_MAX_SEQ_DIGITS: Final = len(str(_MAX_SEQ))

View = dict[str, Any]
Handler = Callable[["Engine", "Resource", web.Request], Awaitable[Reply]]
Prepare = Callable[["Engine", dict[str, Any], "sqlite3.Row | None"], "dict[str, Any] | Reply"]
"""What a resource checks and derives before a write: from the engine, the validated values and the object
they change (None on create), the values to store, or the error reply (a reference to nothing, say)."""
"""A custom action: what a resource does on one path and method instead of the generic operation."""
AdminAction = Callable[["Engine", web.Request], Awaitable[Reply]]
"""An admin endpoint of a resource (under ``/_emulator/``): unauthenticated, never faulted or logged."""


@dataclass(frozen=True)
class Where:
    """What a list filter keeps: SQL conditions (with their values) and/or a Python predicate on rows.

    ``nothing`` short-cuts a filter that no row can pass (a capability outside the catalog).
    """

    conditions: tuple[str, ...] = ()
    values: tuple[Any, ...] = ()
    keep: Callable[[sqlite3.Row], bool] | None = None
    nothing: bool = False


Filter = Callable[[Any], Where]
"""A list filter: from the query parameter's value (typed by the spec), what to keep."""


def field_equals(name: str) -> Filter:
    """A filter keeping rows whose field equals the parameter's value (an empty value keeps all)."""

    def where(value: Any) -> Where:
        if value == "":
            return Where()
        return Where((f"json_extract(fields, '$.{name}') = ?",), (value,))

    return where


def fields_contain(*names: str) -> Filter:
    """A search filter: rows with the value in any of the fields, case-insensitively (empty keeps all)."""

    def where(value: Any) -> Where:
        text = str(value).strip().lower()
        if not text:
            return Where()
        terms = " OR ".join(
            "instr(lower(coalesce(" + ("id" if n == "id" else f"json_extract(fields, '$.{n}')") + ", '')), ?) > 0"
            for n in names
        )
        return Where((f"({terms})",), (text,) * len(names))

    return where


def field_nonempty(name: str) -> Filter:
    """A boolean filter: rows whose (list) field is non-empty when true, empty or missing when false."""

    def where(value: Any) -> Where:
        length = f"coalesce(json_array_length(json_extract(fields, '$.{name}')), 0)"
        return Where((f"{length} {'>' if value else '='} 0",))

    return where


@dataclass(frozen=True)
class Resource:
    """A resource, declared once; the engine serves what the spec declares on its paths.

    Attributes:
        key: Its name in the emulator (``"models"``): its rows' key in the shared table, its count's name.
        name: The service's (Django) model name, as in ``No Model matches the given query.``
        table: Where its rows live.
        collection: The path template of its listing (and create), if it has one.
        item: The path template of one object, if it has one.
        id_param: The item path's parameter naming the object.
        uuid_ids: Whether ids are UUIDs (an id that is not one matches no object).
        parent_param: For a listing scoped to a parent (an objective's versions), the collection path's
            parameter naming the parent.
        ordering: The fields ``ordering`` may name.
        default_ordering: The order without a valid ``ordering``.
        filters: List filters, by query parameter.
        versions: The resource that keeps this one's versions, if it is versioned.
        complete: The fields of a new object, from the validated request values and the body's rules;
            by default the values over the spec's defaults.
        prepare: Checks and derives fields that need the store (references to other objects), on create
            with the completed fields and on PUT/PATCH with the changed ones.
        view: Derived fields of an object, from its row and its stored fields (plus ``id``, ``created_at``
            and ``owner``); the response then shows what the spec declares of them.
        list_view: The same for a listing's items, with the query parameters; by default ``view``.
        protected: Rows the API may read but not change (403), such as built-in models.
        actions: Custom handlers by (path template, method), served instead of the generic ones.
        on_open: Runs once the store is open (seeds a catalog).
        snapshot: Counts for the admin state, with the state query; by default ``{key: rows}``.
    """

    key: str
    name: str
    table: Table
    collection: str | None = None
    item: str | None = None
    id_param: str = "id"
    uuid_ids: bool = True
    parent_param: str | None = None
    ordering: tuple[str, ...] = ("created_at",)
    default_ordering: str = "-created_at"
    filters: Mapping[str, Filter] = field(default_factory=dict)
    versions: Resource | None = None
    complete: Callable[[dict[str, Any], BodyRules], dict[str, Any]] | None = None
    prepare: Prepare | None = None
    view: Callable[[sqlite3.Row, View], View] | None = None
    list_view: Callable[[sqlite3.Row, View, Mapping[str, Any]], View] | None = None
    protected: Callable[[sqlite3.Row], bool] | None = None
    actions: Mapping[tuple[str, str], Handler] = field(default_factory=dict)
    on_open: Callable[[Store], None] | None = None
    snapshot: Callable[[Store, Mapping[str, str]], dict[str, Any]] | None = None

    def pick_ordering(self, param: str | None) -> tuple[str, str, bool]:
        """Returns ``(ordering, field, descending)``: the first declared term of ``param``, else the default."""
        if param:
            for term in param.split(","):
                term = term.strip()
                if term.removeprefix("-") in self.ordering:
                    return term, term.removeprefix("-"), term.startswith("-")
        term = self.default_ordering
        return term, term.removeprefix("-"), term.startswith("-")


def _encode_cursor(reverse: bool, ordering: str, value: str, seq: int) -> str:
    raw = f"{'r' if reverse else 'f'}|{ordering}|{seq}|{value}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode_cursor(token: str, ordering: str) -> tuple[bool, str, int] | None:
    """Returns ``(reverse, value, seq)``, or None for a cursor this listing did not issue."""
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), altchars=b"-_", validate=True).decode()
        direction, cursor_ordering, seq_text, value = raw.split("|", 3)
    except (ValueError, binascii.Error):
        return None
    if direction not in ("f", "r") or cursor_ordering != ordering:
        return None
    # A sequence number is a row's SQLite rowid: at most 19 ASCII digits and 64 bits (a larger one would
    # overflow SQLite, a much longer one Python's int()).
    if not (seq_text.isascii() and seq_text.isdigit() and len(seq_text) <= _MAX_SEQ_DIGITS):
        return None
    seq = int(seq_text)
    if seq > _MAX_SEQ:
        return None
    return direction == "r", value, seq


def _page_size(size: int | None, max_page_size: int) -> int:
    default = min(DEFAULT_PAGE_SIZE, max_page_size)
    # DRF falls back to the default for zero and negative sizes, and caps the rest.
    return default if size is None or size < 1 else min(size, max_page_size)


def _parse_uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _empty(schema: Mapping[str, Any]) -> tuple[bool, Any]:
    """What a response shows for a field the object has no value for: ``(has one, value)``."""
    if schema.get("nullable") is True:
        return True, None
    if "default" in schema:
        return True, schema["default"]
    kind = schema.get("type")
    if kind == "array":
        return True, []
    if kind == "object" or "additionalProperties" in schema:
        return True, {}
    return False, None


def shape(view: Mapping[str, Any], shown: Mapping[str, Mapping[str, Any]]) -> View:
    """The fields a response shows, in the spec's order, from an object's view."""
    body: View = {}
    for name, schema in shown.items():
        if name in view:
            body[name] = view[name]
        else:
            known, value = _empty(schema)
            if known:
                body[name] = value
    return body


class Engine:
    """Serves every declared resource over the contract.

    Args:
        contract: The spec.
        resources: The declared resources.
        settings: Returns the current settings (page size limit, ``next`` style, public URL).
    """

    def __init__(self, contract: Contract, resources: Sequence[Resource], settings: Callable[[], Settings]) -> None:
        self.contract = contract
        self.resources = {r.key: r for r in resources}
        self.served: dict[str, Resource] = {}
        """The resources served: those whose paths the spec declares."""
        self._settings = settings
        self._store: Store | None = None
        self._routes: dict[str, Callable[[web.Request], Awaitable[Reply]]] = {}
        declared = {path for path, _ in contract.operations()}
        for resource in resources:
            # The emulator follows the spec: a resource it does not declare (an older document) is not served.
            if all(path in declared for path in self._paths(resource)):
                self._declare(resource)

    # -- wiring -------------------------------------------------------------------------------------------

    @staticmethod
    def _paths(resource: Resource) -> list[str]:
        paths = [p for p in (resource.collection, resource.item) if p is not None]
        return paths + [path for path, _ in resource.actions if path not in paths]

    def _declare(self, resource: Resource) -> None:
        for path in self._paths(resource):
            serve: Callable[[Resource, web.Request], Awaitable[Reply]] | None = None
            if path == resource.collection:
                serve = self._collection
            elif path == resource.item:
                serve = self._object
            self._routes[path] = self._dispatch(resource, path, serve)
        self.served[resource.key] = resource

    def _dispatch(
        self, resource: Resource, path: str, serve: Callable[[Resource, web.Request], Awaitable[Reply]] | None
    ) -> Callable[[web.Request], Awaitable[Reply]]:
        allow = self.allow(path)
        allowed = frozenset(allow.split(", "))

        async def dispatch(request: web.Request) -> Reply:
            method = request.method
            if method not in allowed:
                return replies.not_allowed(method, allow)
            action = resource.actions.get((path, method))
            if action is not None:
                return await action(self, resource, request)
            if method == "OPTIONS":
                kind = "List" if path == resource.collection else "Instance"
                return replies.options(f"{resource.name} {kind}", allow)
            if serve is None:
                return replies.not_allowed(method, allow)
            return await serve(resource, request)

        return dispatch

    def routes(self) -> Mapping[str, Callable[[web.Request], Awaitable[Reply]]]:
        """The served path templates, each with its action (authentication is the caller's), in the order
        to route them: fewer parameters first, so that ``/v1/judges/generate/`` is not taken for the
        judge ``generate`` of ``/v1/judges/{id}/``."""
        return dict(sorted(self._routes.items(), key=lambda item: item[0].count("{")))

    def allow(self, path: str) -> str:
        """The ``Allow`` header of a path: the spec's methods, and HEAD and OPTIONS, in DRF's order."""
        methods = list(self.contract.methods(path))
        if "GET" in methods:
            methods.append("HEAD")
        return ", ".join([*methods, "OPTIONS"])

    def open(self, path: str) -> None:
        """Opens the database and runs the resources' ``on_open``."""
        store = Store(path)
        try:
            for resource in self.resources.values():
                if resource.on_open is not None:
                    resource.on_open(store)
        except BaseException:
            store.close()
            raise
        self._store = store

    def close(self) -> None:
        """Closes the database."""
        store, self._store = self._store, None
        if store is not None:
            store.close()

    @property
    def store(self) -> Store:
        """The open store; raises RuntimeError when the application is not running."""
        store = self._store
        if store is None:
            raise RuntimeError("the emulator is not running")
        return store

    # -- controls -----------------------------------------------------------------------------------------

    def reset(self) -> int:
        """Deletes every object the API or the admin API made (not the built-ins); returns how many."""
        deleted = 0
        for resource in self.resources.values():
            count = self.store.delete(resource.table)
            if resource.parent_param is None:  # versions are not objects of their own
                deleted += count
        return deleted

    def snapshot(self, query: Mapping[str, str]) -> dict[str, Any]:
        """Counts of each resource's objects for the admin state."""
        counts: dict[str, Any] = {}
        for resource in self.resources.values():
            if resource.snapshot is not None:
                counts.update(resource.snapshot(self.store, query))
            elif resource.parent_param is None:
                counts[resource.key] = self.store.count(resource.table)
        return counts

    def append(
        self, key: str, fields: Mapping[str, Any], *, object_id: str | None = None, created_at: str | None = None
    ) -> View:
        """Adds an object to a resource as the service's own code would (no request, no validation).

        Args:
            key: The resource.
            fields: The object's stored fields.
            object_id: Its id; None is a new UUID.
            created_at: Its creation time (ISO 8601); None is now.

        Returns:
            The object as its retrieve operation shows it.
        """
        resource = self.resources[key]
        row = self.store.insert(resource.table, object_id or str(uuid.uuid4()), fields, created_at=created_at)
        return self.show(resource, row, "GET")

    # -- bodies -------------------------------------------------------------------------------------------

    def view(self, resource: Resource, row: sqlite3.Row) -> View:
        """An object as the resource sees it: stored fields, ``id``, ``created_at``, ``owner``, derived fields."""
        view: View = {
            "id": row["id"],
            "created_at": row["created_at"],
            "owner": CUSTOM_OWNER,
            "_meta": {},  # DRF's bag of extra facts about an object; the emulator has none
            **fields_of(row),
        }
        if resource.parent_param is not None:
            # A version: the object's id, the version's own id.
            view["id"] = row["parent"]
            view["version_id"] = row["id"]
        return resource.view(row, view) if resource.view is not None else view

    def show(self, resource: Resource, row: sqlite3.Row, method: str, status: str = "200") -> View:
        """The body of one object as the spec's item operation shows it."""
        path = resource.item if method != "POST" else resource.collection
        if path is None:
            raise ValueError(f"{resource.key} has no path for {method}")
        return shape(self.view(resource, row), self.contract.operation(path, method).shown[status])

    # -- generic operations -------------------------------------------------------------------------------

    async def _collection(self, resource: Resource, request: web.Request) -> Reply:
        if request.method in ("GET", "HEAD"):
            return self.list(resource, request)
        if request.method == "POST":
            return await self.create(resource, request)
        return replies.not_allowed(request.method, self.allow(str(resource.collection)))

    async def _object(self, resource: Resource, request: web.Request) -> Reply:
        row = self.find(resource, request)
        if row is None:
            return replies.no_match(resource.name)
        method = request.method
        if method in ("GET", "HEAD"):
            _, errors = self.contract.operation(str(resource.item), "GET").parse_query(request.query)
            if errors:
                return replies.bad_request(errors)
            return replies.ok(self.show(resource, row, "GET"))
        if resource.protected is not None and resource.protected(row):
            return replies.FORBIDDEN
        if method == "DELETE":
            return self.delete(resource, row)
        return await self.update(resource, row, request)

    def find(self, resource: Resource, request: web.Request) -> sqlite3.Row | None:
        """The object an item path names, or None."""
        object_id: str | None = request.match_info[resource.id_param]
        if resource.uuid_ids and object_id is not None:
            object_id = _parse_uuid(object_id)
        return self.store.get(resource.table, object_id) if object_id is not None else None

    async def create(self, resource: Resource, request: web.Request) -> Reply:
        """POST on the collection: validate, complete, store (and version)."""
        path = str(resource.collection)
        rules = self.contract.operation(path, "POST").body
        data = await replies.read_object(request)
        if not isinstance(data, dict):
            return data
        values, errors = rules.clean(data) if rules is not None else ({}, {})
        if errors:
            return replies.bad_request(errors)
        if resource.complete is not None and rules is not None:
            fields = resource.complete(values, rules)
        else:
            fields = (rules.defaults() if rules is not None else {}) | values
        if resource.prepare is not None:
            prepared = resource.prepare(self, fields, None)
            if not isinstance(prepared, dict):
                return prepared
            fields = prepared
        return replies.ok(self.show(resource, self.add(resource, fields), "POST", "201"), 201)

    def add(self, resource: Resource, fields: Mapping[str, Any]) -> sqlite3.Row:
        """Stores a new object with the given fields (and its first version); returns its row."""
        store = self.store
        stored: list[sqlite3.Row] = []

        def create() -> None:
            stored.append(self._new_version(resource, store.insert(resource.table, str(uuid.uuid4()), fields)))

        if resource.versions is None:
            create()  # one autocommitted statement
        else:
            store.write_all(create)  # the object and its first version land together or not at all
        return stored[0]

    def change(self, resource: Resource, object_id: str, values: Mapping[str, Any]) -> sqlite3.Row | None:
        """Changes the given fields of an object (and versions it); returns its row, None if it is gone."""
        store = self.store
        result: list[sqlite3.Row | None] = [store.get(resource.table, object_id)]

        def change() -> None:
            updated = store.update(resource.table, object_id, values)
            result[0] = self._new_version(resource, updated) if updated is not None else None

        if values and resource.versions is None:
            change()
        elif values:
            store.write_all(change)  # the change and its version land together
        return result[0]

    async def update(self, resource: Resource, row: sqlite3.Row, request: web.Request) -> Reply:
        """PUT or PATCH on an object: validate, change the fields given (and version)."""
        rules = self.contract.operation(str(resource.item), request.method).body
        data = await replies.read_object(request)
        if not isinstance(data, dict):
            return data
        values, errors = rules.clean(data) if rules is not None else ({}, {})
        if errors:
            return replies.bad_request(errors)
        if resource.prepare is not None and values:
            prepared = resource.prepare(self, values, row)
            if not isinstance(prepared, dict):
                return prepared
            values = prepared
        changed = self.change(resource, row["id"], values)
        if changed is None:
            # Deleted while this request read its body.
            return replies.no_match(resource.name)
        return replies.ok(self.show(resource, changed, request.method))

    def delete(self, resource: Resource, row: sqlite3.Row) -> Reply:
        """DELETE on an object (and its versions)."""
        if not self.store.delete(resource.table, row["id"]):
            return replies.no_match(resource.name)
        if resource.versions is not None:
            self.store.delete(resource.versions.table, parent=row["id"])
        return replies.NO_CONTENT

    def _new_version(self, resource: Resource, row: sqlite3.Row) -> sqlite3.Row:
        versions = resource.versions
        if versions is None:
            return row
        version_id = str(uuid.uuid4())
        fields = fields_of(row) | {"version_id": version_id}
        self.store.insert(versions.table, version_id, fields, parent=row["id"])
        return self.store.update(resource.table, row["id"], {"version_id": version_id}) or row

    def list(self, resource: Resource, request: web.Request) -> Reply:
        """GET on a collection: one page, filtered and ordered, with ``next`` and ``previous``."""
        path = str(resource.collection)
        operation: Operation = self.contract.operation(path, "GET")
        params, errors = operation.parse_query(request.query)
        if errors:
            return replies.bad_request(errors)
        settings = self._settings()
        page_size = _page_size(params.get("page_size"), settings.max_page_size)
        ordering, order, descending = resource.pick_ordering(params.get("ordering"))

        # DRF reads an empty cursor as the start, like no cursor at all.
        token = params.get("cursor") or None
        reverse = False
        position: tuple[str, int] | None = None
        if token is not None:
            decoded = _decode_cursor(token, ordering)
            if decoded is None:
                return replies.INVALID_CURSOR
            reverse, value, seq = decoded
            position = (value, seq)

        wheres = [build(params[name]) for name, build in resource.filters.items() if name in params]
        keeps = [w.keep for w in wheres if w.keep is not None]
        rows: list[sqlite3.Row] = []
        if not any(w.nothing for w in wheres):
            parent = request.match_info[resource.parent_param] if resource.parent_param is not None else None
            # One extra row tells whether another page follows.
            rows = self.store.page(
                resource.table,
                order=order,
                descending=descending != reverse,
                after=position,
                limit=page_size + 1,
                parent=parent,
                conditions=[c for w in wheres for c in w.conditions],
                values=[v for w in wheres for v in w.values],
                keep=(lambda row: all(k(row) for k in keeps)) if keeps else None,
            )
        more = len(rows) > page_size
        if more:
            del rows[page_size:]
        if reverse:
            rows.reverse()
            has_next, has_previous = True, more
        else:
            has_next, has_previous = more, token is not None

        next_link = previous_link = None
        if rows:
            if has_next:
                last = rows[-1]
                next_link = self._link(request, _encode_cursor(False, ordering, last["sort_key"], last["seq"]))
            if has_previous:
                first = rows[0]
                previous_link = self._link(request, _encode_cursor(True, ordering, first["sort_key"], first["seq"]))
        shown = operation.shown["200"]
        items = []
        for row in rows:
            view = self.view(resource, row)
            if resource.list_view is not None:
                view = resource.list_view(row, view, params)
            items.append(shape(view, shown))
        return replies.ok({"next": next_link, "previous": previous_link, "results": items})

    @property
    def settings(self) -> Settings:
        """The current settings (a background job reads its pace, ``job_seconds``, from them)."""
        return self._settings()

    def base_url(self, request: web.Request) -> str:
        """The base of the URLs the emulator hands out: the configured public URL, or the request's own."""
        return self._settings().public_url or f"{request.scheme}://{request.host}"

    def _link(self, request: web.Request, token: str) -> str:
        if self._settings().next_style == "token":
            return token
        base = self.base_url(request)
        params = [("cursor", token)]
        params += [(k, v) for k, v in request.query.items() if k != "cursor"]
        return f"{base}{request.path}?{urlencode(params)}"
