"""The Traces sub-API: the OpenTelemetry traces the service received, and their spans.

Reach it as ``RootSignals().traces``. Every method has an asynchronous twin whose name starts with ``a``
(``list`` / ``alist``), with the same parameters and defaults. The official SDK 1.15 leaves these
operations to its generated client; the names here follow this SDK's other sub-APIs. See
:doc:`/guides/otel`.
"""

# ruff: noqa: UP006, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, AsyncIterator, Iterator, List, Optional

from root._operations import Operations, checks_at_call

if TYPE_CHECKING:
    from root.generated.openapi_aclient.models.otel_trace import OtelTrace as AOtelTrace
    from root.generated.openapi_aclient.models.otel_trace_record import OtelTraceRecord as AOtelTraceRecord
    from root.generated.openapi_client.models.otel_trace import OtelTrace
    from root.generated.openapi_client.models.otel_trace_record import OtelTraceRecord
    from root.utils import ClientContextCallable

__all__ = ["Traces"]


class Traces:
    """OpenTelemetry traces (sub) API: read what the service received (it receives them from exporters,
    not from this SDK).

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "OtelApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def list(
        self,
        *,
        filters: Optional[str] = None,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> Iterator[OtelTraceRecord]:
        """Iterate through the traces, newest first, each summed up from its spans.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            filters: Only the traces that pass every filter group: groups separated by commas, each
                ``column;type;key;operator;value`` with its parts URL-encoded, for example
                ``"root_span_name;string;;contains;chat"`` or ``"span_count;number;;>=;3"``. The
                operators are ``=``, ``!=``, ``contains``, ``starts with``, ``any of``, ``none of``,
                ``>``, ``>=``, ``<`` and ``<=``; see :doc:`/guides/otel`.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit``; nothing was sent.
            root.errors.BadRequestError: The service refused ``filters``.
        """
        return self._operations.iterate("otel_traces_list", locals(), limit=limit)

    @checks_at_call("otel_traces_list")
    async def alist(
        self,
        *,
        filters: Optional[str] = None,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> AsyncIterator[AOtelTraceRecord]:
        """Asynchronously iterate through the traces, newest first, each summed up from its spans.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            filters: Only the traces that pass every filter group: groups separated by commas, each
                ``column;type;key;operator;value`` with its parts URL-encoded, for example
                ``"root_span_name;string;;contains;chat"`` or ``"span_count;number;;>=;3"``. The
                operators are ``=``, ``!=``, ``contains``, ``starts with``, ``any of``, ``none of``,
                ``>``, ``>=``, ``<`` and ``<=``; see :doc:`/guides/otel`.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit``; nothing was sent.
            root.errors.BadRequestError: The service refused ``filters``.
        """
        async for item in self._operations.aiterate("otel_traces_list", locals(), limit=limit):
            yield item

    def spans(self, trace_id: str, *, _request_timeout: Optional[float] = None) -> List[OtelTrace]:
        """Get every span of one trace, oldest first, in one answer.

        Args:
            trace_id: The trace's OpenTelemetry id (32 hexadecimal digits), as :meth:`list` shows it.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``trace_id`` is empty; nothing was sent.
            root.errors.NotFoundError: No such trace.
        """
        return self._operations.call("otel_traces_spans_list", locals())  # type: ignore[no-any-return]

    async def aspans(self, trace_id: str, *, _request_timeout: Optional[float] = None) -> List[AOtelTrace]:
        """Asynchronously get every span of one trace, oldest first, in one answer.

        Args:
            trace_id: The trace's OpenTelemetry id (32 hexadecimal digits), as :meth:`list` shows it.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``trace_id`` is empty; nothing was sent.
            root.errors.NotFoundError: No such trace.
        """
        return await self._operations.acall("otel_traces_spans_list", locals())  # type: ignore[no-any-return]
