"""Glue between the public sub-APIs and the generated clients.

* :data:`ClientContextCallable`: what a sub-API is built with; calling it gives a context manager
  that yields a generated ``ApiClient``.
* :func:`with_sync_client` / :func:`with_async_client`: decorators that open that context and pass
  the client as ``_client=``, keeping the method's name, docstring and signature.
* :class:`CursorPager` and :func:`cursor_from_next`: the one pagination core behind every ``list``
  and ``alist``; only the page fetch differs between sync and async.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, cast

from root.errors import APIResponseValidationError, ClientModeError, shown_url

if TYPE_CHECKING:
    from root.generated.openapi_aclient import ApiClient as AsyncApiClient
    from root.generated.openapi_client import ApiClient as SyncApiClient

__all__ = [
    "ClientContextCallable",
    "CursorPager",
    "aiterate_cursor_list",
    "cursor_from_next",
    "iterate_cursor_list",
    "with_async_client",
    "with_sync_client",
]

ClientContextCallable = Callable[
    [],
    AbstractContextManager["SyncApiClient"] | AbstractAsyncContextManager["AsyncApiClient"],
]
"""A callable returning a context manager that yields a generated ``ApiClient``: with ``with``, the
synchronous ``root.generated.openapi_client.ApiClient``; with ``async with``, the asynchronous
``root.generated.openapi_aclient.ApiClient``. ``RootSignals.client_context`` is one that does both."""

S = TypeVar("S")
P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


def _client_context_of(self: object) -> ClientContextCallable:
    context = getattr(self, "client_context", None)
    if not callable(context):
        raise ClientModeError(f"{type(self).__name__} has no callable client_context")
    return context  # type: ignore[no-any-return]


def with_sync_client(func: Callable[Concatenate[S, P], R]) -> Callable[..., R]:
    """Run a method inside ``with self.client_context()`` and pass the synchronous client as ``_client``.

    Raises:
        ClientModeError: The context cannot be entered with ``with``, or it yields an asynchronous
            client.
    """

    @functools.wraps(func)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        context = _client_context_of(self)()
        if not hasattr(context, "__enter__"):
            raise ClientModeError(
                f"{func.__qualname__} is synchronous, but this client context only supports "
                f"'async with'; call the asynchronous twin instead"
            )
        with cast(AbstractContextManager[Any], context) as client:
            from root.generated.openapi_client.api_client import ApiClient

            if not isinstance(client, ApiClient):
                raise ClientModeError(
                    f"{func.__qualname__} needs a synchronous client "
                    f"(root.generated.openapi_client.ApiClient), got {type(client).__module__}."
                    f"{type(client).__qualname__}; call the asynchronous twin instead"
                )
            return func(self, *args, _client=client, **kwargs)  # type: ignore[arg-type]

    return wrapper


def with_async_client(func: Callable[Concatenate[S, P], Awaitable[R]]) -> Callable[..., Awaitable[R]]:
    """Run a coroutine method inside ``async with self.client_context()`` and pass the asynchronous
    client as ``_client``.

    Raises:
        ClientModeError: The context cannot be entered with ``async with``, or it yields a
            synchronous client.
    """
    # inspect.iscoroutinefunction without importing inspect (0x80 is CO_COROUTINE): import stays cheap.
    if not getattr(getattr(func, "__code__", None), "co_flags", 0) & 0x80:
        raise TypeError(f"with_async_client decorates coroutine functions, not {func!r}")

    @functools.wraps(func)
    async def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        context = _client_context_of(self)()
        if not hasattr(context, "__aenter__"):
            raise ClientModeError(
                f"{func.__qualname__} is asynchronous, but this client context only supports "
                f"'with'; call the synchronous twin instead"
            )
        async with cast(AbstractAsyncContextManager[Any], context) as client:
            from root.generated.openapi_aclient.api_client import ApiClient

            if not isinstance(client, ApiClient):
                raise ClientModeError(
                    f"{func.__qualname__} needs an asynchronous client "
                    f"(root.generated.openapi_aclient.ApiClient), got {type(client).__module__}."
                    f"{type(client).__qualname__}; call the synchronous twin instead"
                )
            return await func(self, *args, _client=client, **kwargs)  # type: ignore[arg-type]

    return wrapper


def cursor_from_next(next_link: str | None) -> str | None:
    """The cursor to send for the page after this one, from a page's ``next``.

    The service gives ``next`` as a full URL, possibly on another host or scheme than ours (behind a
    proxy, say): only its ``cursor`` query value is taken and sent to our own base URL. A bare token
    is taken as it is. ``None`` or an empty string means there is no next page.

    Raises:
        APIResponseValidationError: ``next`` is a URL without a ``cursor`` value, so paging cannot go
            on without skipping or repeating items.
    """
    if not next_link:
        return None
    if "?" not in next_link and "://" not in next_link and "/" not in next_link:
        return next_link
    from urllib.parse import parse_qs, urlsplit

    values = parse_qs(urlsplit(next_link).query, keep_blank_values=True).get("cursor")
    if not values or not values[0]:
        raise APIResponseValidationError(f"The service's next-page link has no cursor: {shown_url(next_link)!r}")
    return values[0]


MAX_EMPTY_PAGES = 10
"""The most empty pages in a row, each with a next link, that a walk follows before it calls it a loop."""


class CursorPager(Generic[T]):
    """The state of one walk through cursor pages, shared by sync and async iteration.

    A caller loops ``while not pager.done``: it fetches the page at :attr:`cursor` with
    :attr:`page_size`, then yields what :meth:`accept` returns. The pager never asks for more items
    than ``limit`` still allows, and stops at the last page (no next link) or at ``limit``. An empty page
    that still links to a next one is followed, so that no item is lost; a server that never ends (a
    cursor seen before, :data:`MAX_EMPTY_PAGES` empty pages in a row, or more than ``max_pages`` pages)
    is an :class:`~root.errors.APIResponseValidationError`, never an endless walk.

    Args:
        limit: The most items to yield; 0 yields none and fetches nothing.
        max_page_size: The largest page to ask for.
        max_pages: The most pages to fetch; ``None``: no bound but ``limit``.
    """

    def __init__(self, limit: int, *, max_page_size: int, max_pages: int | None = None) -> None:
        self.remaining = limit
        self.max_page_size = max_page_size
        self.max_pages = max_pages
        self.cursor: str | None = None
        self.done = limit <= 0
        self._seen_cursors: set[str] = set()
        self._pages = 0
        self._empty_in_a_row = 0

    @property
    def page_size(self) -> int:
        """How many items to ask for in the next page."""
        return max(1, min(self.remaining, self.max_page_size))

    def accept(self, results: Sequence[T], next_link: str | None) -> Sequence[T]:
        """Take a fetched page; return the items to yield from it."""
        items = results[: self.remaining]
        self.remaining -= len(items)
        cursor = cursor_from_next(next_link)
        if cursor is not None and cursor in self._seen_cursors:
            raise APIResponseValidationError(
                f"The service returned the cursor {shown_url(cursor)!r} twice; stopping, not looping"
            )
        if cursor is not None:
            self._seen_cursors.add(cursor)
        self._pages += 1
        self._empty_in_a_row = 0 if results else self._empty_in_a_row + 1
        self.cursor = cursor
        self.done = self.remaining <= 0 or cursor is None
        if not self.done and self._empty_in_a_row >= MAX_EMPTY_PAGES:
            raise APIResponseValidationError(
                f"The service sent {self._empty_in_a_row} empty pages in a row, each linking to another; stopping"
            )
        if not self.done and self.max_pages is not None and self._pages >= self.max_pages:
            raise APIResponseValidationError(
                f"The listing goes on past {self.max_pages} pages, each with a new cursor; stopping rather than "
                "collecting without end"
            )
        return items


def iterate_cursor_list(partial_list: Callable[..., Any], *, limit: int) -> Iterator[Any]:
    """Iterate through the items of a cursor-paged listing, as the official SDK 1.6's helper of this name.

    ``partial_list(page_size=..., cursor=...)`` fetches one page (a generated ``Paginated...List``, with
    ``results`` and ``next``), typically a ``functools.partial`` of a generated API method. As in 1.6,
    each page asks for as many items as ``limit`` still allows; unlike 1.6, the cursor sent is the
    ``cursor`` value of the page's ``next`` link, not the whole link (see :func:`cursor_from_next`).

    Args:
        partial_list: Fetches the page at ``cursor`` with ``page_size`` items at most.
        limit: The most items to yield.
    """
    pager: CursorPager[Any] = CursorPager(limit, max_page_size=max(limit, 1))
    while not pager.done:
        page = partial_list(page_size=pager.page_size, cursor=pager.cursor)
        yield from pager.accept(page.results or [], page.next)


async def aiterate_cursor_list(partial_list: Callable[..., Awaitable[Any]], *, limit: int) -> AsyncIterator[Any]:
    """Asynchronously iterate through the pages of a cursor-paged listing, as the official SDK 1.6's helper.

    As in 1.6, this yields each page's items as one list (a page at a time), not item by item; otherwise
    it is :func:`iterate_cursor_list`.

    Args:
        partial_list: A coroutine function that fetches the page at ``cursor`` with ``page_size`` items.
        limit: The most items to yield, over all pages.
    """
    pager: CursorPager[Any] = CursorPager(limit, max_page_size=max(limit, 1))
    while not pager.done:
        page = await partial_list(page_size=pager.page_size, cursor=pager.cursor)
        items = pager.accept(page.results or [], page.next)
        if items:
            yield list(items)


if not TYPE_CHECKING:
    # The official SDK 1.6's names this module leaves out on purpose say so (root/_official_names.py).
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
