"""The EvaluationFilters sub-API: filters that pick OpenTelemetry traces and have them scored.

Reach it as ``RootSignals().evaluation_filters``. Every method has an asynchronous twin whose name starts
with ``a`` (``create`` / ``acreate``), with the same parameters and defaults. The official SDK 1.15 leaves
these operations to its generated client; the names here follow this SDK's other sub-APIs. See
:doc:`/guides/otel`.
"""

# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

from root._operations import Operations

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_aclient.models.otel_trace_evaluation_filter_output import (
        OtelTraceEvaluationFilterOutput as AOtelTraceEvaluationFilterOutput,
    )
    from root.generated.openapi_client.models.otel_trace_evaluation_filter_output import (
        OtelTraceEvaluationFilterOutput,
    )
    from root.utils import ClientContextCallable

__all__ = ["EvaluationFilters"]


class EvaluationFilters:
    """Trace evaluation filters (sub) API: which OpenTelemetry traces the service scores, and with what.

    A filter names an evaluator or a judge, the conditions a trace meets to be picked
    (``filter_criteria``), the share of the picked traces to score (``sampling_rate``) and how long after
    a trace's last span to score it (``delay_seconds``).

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "OtelApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def list(self, *, _request_timeout: Optional[float] = None) -> List[OtelTraceEvaluationFilterOutput]:
        """List every evaluation filter, in one answer (the service does not paginate them).

        Args:
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            root.errors.APIStatusError: The service refused the request.
        """
        return self._operations.call("otel_evaluation_filters_list", locals())  # type: ignore[no-any-return]

    async def alist(self, *, _request_timeout: Optional[float] = None) -> List[AOtelTraceEvaluationFilterOutput]:
        """Asynchronously list every evaluation filter, in one answer (the service does not paginate them).

        Args:
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            root.errors.APIStatusError: The service refused the request.
        """
        return await self._operations.acall("otel_evaluation_filters_list", locals())  # type: ignore[no-any-return]

    def create(
        self,
        *,
        name: str,
        evaluator_id: Union[str, uuid.UUID, None] = None,
        judge_id: Union[str, uuid.UUID, None] = None,
        filter_criteria: Optional[Dict[str, Any]] = None,
        sampling_rate: float = 1.0,
        delay_seconds: int = 20,
        applies_to_new_only: bool = True,
        is_active: bool = True,
        extractor_rules: Optional[List[Dict[str, Any]]] = None,
        _request_timeout: Optional[float] = None,
    ) -> OtelTraceEvaluationFilterOutput:
        """Create an evaluation filter and return it.

        ``filter_criteria`` and ``extractor_rules`` left as ``None`` are not sent, and the service's
        defaults apply: every trace is picked, with no extractor rules.

        Args:
            name: The filter's name (at most 255 characters).
            evaluator_id: The evaluator that scores the picked traces.
            judge_id: The judge that scores the picked traces (instead of an evaluator).
            filter_criteria: The conditions a trace meets to be picked.
            sampling_rate: The share of the picked traces that are scored, from 0 to 1.
            delay_seconds: Seconds to wait after a trace's last span before scoring it (0 or more).
            applies_to_new_only: Whether only traces that arrive after the filter is saved are picked.
            is_active: Whether the filter picks traces at all.
            extractor_rules: How the scored request and response are taken from a trace's spans.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new filter.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.BadRequestError: The service refused the filter (say, no such evaluator).
        """
        return self._operations.call("otel_evaluation_filters_create", locals())  # type: ignore[no-any-return]

    async def acreate(
        self,
        *,
        name: str,
        evaluator_id: Union[str, uuid.UUID, None] = None,
        judge_id: Union[str, uuid.UUID, None] = None,
        filter_criteria: Optional[Dict[str, Any]] = None,
        sampling_rate: float = 1.0,
        delay_seconds: int = 20,
        applies_to_new_only: bool = True,
        is_active: bool = True,
        extractor_rules: Optional[List[Dict[str, Any]]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AOtelTraceEvaluationFilterOutput:
        """Asynchronously create an evaluation filter and return it.

        ``filter_criteria`` and ``extractor_rules`` left as ``None`` are not sent, and the service's
        defaults apply: every trace is picked, with no extractor rules.

        Args:
            name: The filter's name (at most 255 characters).
            evaluator_id: The evaluator that scores the picked traces.
            judge_id: The judge that scores the picked traces (instead of an evaluator).
            filter_criteria: The conditions a trace meets to be picked.
            sampling_rate: The share of the picked traces that are scored, from 0 to 1.
            delay_seconds: Seconds to wait after a trace's last span before scoring it (0 or more).
            applies_to_new_only: Whether only traces that arrive after the filter is saved are picked.
            is_active: Whether the filter picks traces at all.
            extractor_rules: How the scored request and response are taken from a trace's spans.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new filter.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.BadRequestError: The service refused the filter (say, no such evaluator).
        """
        return await self._operations.acall("otel_evaluation_filters_create", locals())  # type: ignore[no-any-return]

    def get(
        self, filter_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> OtelTraceEvaluationFilterOutput:
        """Get an evaluation filter by its ID.

        Args:
            filter_id: The filter to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``filter_id`` is empty; nothing was sent.
            root.errors.NotFoundError: No such filter.
        """
        return self._operations.call("otel_evaluation_filters_retrieve", locals(), id="filter_id")  # type: ignore[no-any-return]

    async def aget(
        self, filter_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> AOtelTraceEvaluationFilterOutput:
        """Asynchronously get an evaluation filter by its ID.

        Args:
            filter_id: The filter to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``filter_id`` is empty; nothing was sent.
            root.errors.NotFoundError: No such filter.
        """
        return await self._operations.acall("otel_evaluation_filters_retrieve", locals(), id="filter_id")  # type: ignore[no-any-return]

    def update(
        self,
        filter_id: Union[str, uuid.UUID],
        *,
        name: str,
        evaluator_id: Union[str, uuid.UUID, None] = None,
        judge_id: Union[str, uuid.UUID, None] = None,
        filter_criteria: Optional[Dict[str, Any]] = None,
        sampling_rate: float = 1.0,
        delay_seconds: int = 20,
        applies_to_new_only: bool = True,
        is_active: bool = True,
        extractor_rules: Optional[List[Dict[str, Any]]] = None,
        _request_timeout: Optional[float] = None,
    ) -> OtelTraceEvaluationFilterOutput:
        """Replace an evaluation filter's settings (a ``PUT``): ``name`` is required, as on create.

        The filter's settings become the ones given, the defaults of the signature included (as on
        create); ``evaluator_id``, ``judge_id``, ``filter_criteria`` and ``extractor_rules`` left as
        ``None`` are not sent, and the filter keeps them.

        Args:
            filter_id: The filter to update.
            name: The filter's name (at most 255 characters).
            evaluator_id: The evaluator that scores the picked traces.
            judge_id: The judge that scores the picked traces (instead of an evaluator).
            filter_criteria: The conditions a trace meets to be picked.
            sampling_rate: The share of the picked traces that are scored, from 0 to 1.
            delay_seconds: Seconds to wait after a trace's last span before scoring it (0 or more).
            applies_to_new_only: Whether only traces that arrive after the filter is saved are picked.
            is_active: Whether the filter picks traces at all.
            extractor_rules: How the scored request and response are taken from a trace's spans.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The filter after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such filter.
            root.errors.BadRequestError: The service refused the change (say, no such evaluator).
        """
        return self._operations.call("otel_evaluation_filters_update", locals(), id="filter_id")  # type: ignore[no-any-return]

    async def aupdate(
        self,
        filter_id: Union[str, uuid.UUID],
        *,
        name: str,
        evaluator_id: Union[str, uuid.UUID, None] = None,
        judge_id: Union[str, uuid.UUID, None] = None,
        filter_criteria: Optional[Dict[str, Any]] = None,
        sampling_rate: float = 1.0,
        delay_seconds: int = 20,
        applies_to_new_only: bool = True,
        is_active: bool = True,
        extractor_rules: Optional[List[Dict[str, Any]]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AOtelTraceEvaluationFilterOutput:
        """Asynchronously replace an evaluation filter's settings (a ``PUT``): ``name`` is required, as on create.

        The filter's settings become the ones given, the defaults of the signature included (as on
        create); ``evaluator_id``, ``judge_id``, ``filter_criteria`` and ``extractor_rules`` left as
        ``None`` are not sent, and the filter keeps them.

        Args:
            filter_id: The filter to update.
            name: The filter's name (at most 255 characters).
            evaluator_id: The evaluator that scores the picked traces.
            judge_id: The judge that scores the picked traces (instead of an evaluator).
            filter_criteria: The conditions a trace meets to be picked.
            sampling_rate: The share of the picked traces that are scored, from 0 to 1.
            delay_seconds: Seconds to wait after a trace's last span before scoring it (0 or more).
            applies_to_new_only: Whether only traces that arrive after the filter is saved are picked.
            is_active: Whether the filter picks traces at all.
            extractor_rules: How the scored request and response are taken from a trace's spans.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The filter after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such filter.
            root.errors.BadRequestError: The service refused the change (say, no such evaluator).
        """
        return await self._operations.acall("otel_evaluation_filters_update", locals(), id="filter_id")  # type: ignore[no-any-return]

    def delete(self, filter_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Delete an evaluation filter.

        Args:
            filter_id: The filter to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``filter_id`` is empty; nothing was sent.
            root.errors.NotFoundError: No such filter.
        """
        self._operations.call("otel_evaluation_filters_destroy", locals(), id="filter_id")

    async def adelete(self, filter_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Asynchronously delete an evaluation filter.

        Args:
            filter_id: The filter to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``filter_id`` is empty; nothing was sent.
            root.errors.NotFoundError: No such filter.
        """
        await self._operations.acall("otel_evaluation_filters_destroy", locals(), id="filter_id")

    def validate(
        self,
        *,
        name: str,
        evaluator_id: Union[str, uuid.UUID, None] = None,
        judge_id: Union[str, uuid.UUID, None] = None,
        filter_criteria: Optional[Dict[str, Any]] = None,
        sampling_rate: float = 1.0,
        delay_seconds: int = 20,
        applies_to_new_only: bool = True,
        is_active: bool = True,
        extractor_rules: Optional[List[Dict[str, Any]]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Dict[str, Any]:
        """Check an evaluation filter as :meth:`create` would, without saving it.

        Args:
            name: The filter's name (at most 255 characters).
            evaluator_id: The evaluator that scores the picked traces.
            judge_id: The judge that scores the picked traces (instead of an evaluator).
            filter_criteria: The conditions a trace meets to be picked.
            sampling_rate: The share of the picked traces that are scored, from 0 to 1.
            delay_seconds: Seconds to wait after a trace's last span before scoring it (0 or more).
            applies_to_new_only: Whether only traces that arrive after the filter is saved are picked.
            is_active: Whether the filter picks traces at all.
            extractor_rules: How the scored request and response are taken from a trace's spans.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            What the service's check found, as it answers it (the contract leaves its keys open; the
            emulator answers ``{"valid": bool, "errors": {field: [messages]}}``).

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.BadRequestError: The service refused the body itself.
        """
        return self._operations.call("otel_evaluation_filters_validate_create", locals())  # type: ignore[no-any-return]

    async def avalidate(
        self,
        *,
        name: str,
        evaluator_id: Union[str, uuid.UUID, None] = None,
        judge_id: Union[str, uuid.UUID, None] = None,
        filter_criteria: Optional[Dict[str, Any]] = None,
        sampling_rate: float = 1.0,
        delay_seconds: int = 20,
        applies_to_new_only: bool = True,
        is_active: bool = True,
        extractor_rules: Optional[List[Dict[str, Any]]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Dict[str, Any]:
        """Asynchronously check an evaluation filter as :meth:`create` would, without saving it.

        Args:
            name: The filter's name (at most 255 characters).
            evaluator_id: The evaluator that scores the picked traces.
            judge_id: The judge that scores the picked traces (instead of an evaluator).
            filter_criteria: The conditions a trace meets to be picked.
            sampling_rate: The share of the picked traces that are scored, from 0 to 1.
            delay_seconds: Seconds to wait after a trace's last span before scoring it (0 or more).
            applies_to_new_only: Whether only traces that arrive after the filter is saved are picked.
            is_active: Whether the filter picks traces at all.
            extractor_rules: How the scored request and response are taken from a trace's spans.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            What the service's check found, as it answers it (the contract leaves its keys open; the
            emulator answers ``{"valid": bool, "errors": {field: [messages]}}``).

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.BadRequestError: The service refused the body itself.
        """
        return await self._operations.acall("otel_evaluation_filters_validate_create", locals())  # type: ignore[no-any-return]
