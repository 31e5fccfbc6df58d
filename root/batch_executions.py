"""The BatchExecutions sub-API: a judge, or a set of evaluators, run over many inputs in the background.

Reach it as ``RootSignals().batch_executions``. A batch runs over up to 100 inputs given inline, or over
the items of a data set (all of them, or a zero-based inclusive ``range``); starting one answers at once,
and :meth:`BatchExecutions.wait` reads it until it has finished. Every method has an asynchronous twin
(``create`` / ``acreate``, ``wait`` / ``await_``) with the same parameters and defaults.
"""

from __future__ import annotations

import builtins
import datetime
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Union

from root import _polling
from root._operations import Operations, checks_at_call

if TYPE_CHECKING:
    from root.generated.openapi_aclient.models.batch_execution_detail import (
        BatchExecutionDetail as ABatchExecutionDetail,
    )
    from root.generated.openapi_aclient.models.batch_execution_list_item import (
        BatchExecutionListItem as ABatchExecutionListItem,
    )
    from root.generated.openapi_aclient.models.batch_execution_response import (
        BatchExecutionResponse as ABatchExecutionResponse,
    )
    from root.generated.openapi_client.models.batch_execution_detail import BatchExecutionDetail
    from root.generated.openapi_client.models.batch_execution_input_request import BatchExecutionInputRequest
    from root.generated.openapi_client.models.batch_execution_list_item import BatchExecutionListItem
    from root.generated.openapi_client.models.batch_execution_response import BatchExecutionResponse
    from root.generated.openapi_client.models.dataset_range_request import DatasetRangeRequest
    from root.utils import ClientContextCallable

__all__ = ["FINISHED_STATUSES", "BatchExecutions"]

FINISHED_STATUSES: Final = frozenset({"completed", "failed", "partial"})
"""The statuses a batch execution ends in: every item scored, none, or some (``partial``)."""

Id = str | uuid.UUID
Input = Union["BatchExecutionInputRequest", Mapping[str, Any]]
Range = Union["DatasetRangeRequest", Mapping[str, Any], None]


def _status(execution: Any) -> str | None:
    status = getattr(execution, "status", None)
    return getattr(status, "value", status)


def _finished(execution: Any) -> bool:
    return _status(execution) in FINISHED_STATUSES


class BatchExecutions:
    """Batch executions (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "BatchExecutionsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def create(
        self,
        *,
        judge_id: Id | None = None,
        evaluator_ids: Sequence[Id] | None = None,
        inputs: Sequence[Input] | None = None,
        dataset_id: Id | None = None,
        range: Range = None,
        judge_version_id: Id | None = None,
        tags: builtins.list[str] | None = None,
        project_id: Id | None = None,
        _request_timeout: float | None = None,
    ) -> BatchExecutionResponse:
        """Start a batch execution: a judge, or evaluators, run over many inputs in the background.

        Give what to run (``judge_id``, or ``evaluator_ids``) and what to run it over (``inputs``, or
        ``dataset_id`` with an optional ``range``). The call answers at once; read the batch with
        :meth:`get`, or wait for it to finish with :meth:`wait`.

        Args:
            judge_id: The judge to run.
            evaluator_ids: Evaluators to run instead of a judge (at least one); no judge is made for them.
            inputs: The interactions to score, 1 to 100: each a ``BatchExecutionInputRequest`` or a dict
                of its fields (``request``, ``response``, ``contexts``, ``expected_output``, ``turns``...).
            dataset_id: Score every item of this data set instead of ``inputs``.
            range: Only these items of the data set: ``{"start": 0, "end": 49}`` (zero-based, both ends
                included).
            judge_version_id: The version of the judge to run; its current one when left out.
            tags: Tags every run of the batch carries.
            project_id: The project the batch belongs to; the judge's when left out.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The batch's ``batch_execution_id`` and ``status_url``.

        Raises:
            InvalidArgumentError: An argument breaks the API's rules (more than 100 inputs, a malformed
                ID); nothing was sent.
            root.errors.BadRequestError: The service refused the batch (nothing to run, or nothing to run
                it over; an unknown judge, evaluator or data set).
        """
        return self._operations.call("batch_executions_create", locals())  # type: ignore[no-any-return]

    async def acreate(
        self,
        *,
        judge_id: Id | None = None,
        evaluator_ids: Sequence[Id] | None = None,
        inputs: Sequence[Input] | None = None,
        dataset_id: Id | None = None,
        range: Range = None,
        judge_version_id: Id | None = None,
        tags: builtins.list[str] | None = None,
        project_id: Id | None = None,
        _request_timeout: float | None = None,
    ) -> ABatchExecutionResponse:
        """Asynchronously start a batch execution: a judge, or evaluators, run over many inputs in the background.

        Give what to run (``judge_id``, or ``evaluator_ids``) and what to run it over (``inputs``, or
        ``dataset_id`` with an optional ``range``). The call answers at once; read the batch with
        :meth:`get`, or wait for it to finish with :meth:`wait`.

        Args:
            judge_id: The judge to run.
            evaluator_ids: Evaluators to run instead of a judge (at least one); no judge is made for them.
            inputs: The interactions to score, 1 to 100: each a ``BatchExecutionInputRequest`` or a dict
                of its fields (``request``, ``response``, ``contexts``, ``expected_output``, ``turns``...).
            dataset_id: Score every item of this data set instead of ``inputs``.
            range: Only these items of the data set: ``{"start": 0, "end": 49}`` (zero-based, both ends
                included).
            judge_version_id: The version of the judge to run; its current one when left out.
            tags: Tags every run of the batch carries.
            project_id: The project the batch belongs to; the judge's when left out.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The batch's ``batch_execution_id`` and ``status_url``.

        Raises:
            InvalidArgumentError: An argument breaks the API's rules (more than 100 inputs, a malformed
                ID); nothing was sent.
            root.errors.BadRequestError: The service refused the batch (nothing to run, or nothing to run
                it over; an unknown judge, evaluator or data set).
        """
        return await self._operations.acall("batch_executions_create", locals())  # type: ignore[no-any-return]

    def execute_judge(
        self,
        judge_id: Id,
        *,
        inputs: Sequence[Input] | None = None,
        dataset_id: Id | None = None,
        range: Range = None,
        judge_version_id: Id | None = None,
        tags: builtins.list[str] | None = None,
        project_id: Id | None = None,
        _request_timeout: float | None = None,
    ) -> BatchExecutionResponse:
        """Start a batch execution of a judge: :meth:`create` with ``judge_id``.

        The contract's ``POST /v1/judges/{judge_id}/batch-execute/`` publishes neither a request body nor
        an answer, so this sends the same batch to ``POST /v1/batch-executions/``, whose body and answer
        (with the status URL) the contract does describe.

        Args:
            judge_id: The judge to run.
            inputs: The interactions to score, 1 to 100: each a ``BatchExecutionInputRequest`` or a dict
                of its fields.
            dataset_id: Score every item of this data set instead of ``inputs``.
            range: Only these items of the data set: ``{"start": 0, "end": 49}`` (zero-based, both ends
                included).
            judge_version_id: The version of the judge to run; its current one when left out.
            tags: Tags every run of the batch carries.
            project_id: The project the batch belongs to; the judge's when left out.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The batch's ``batch_execution_id`` and ``status_url``.

        Raises:
            InvalidArgumentError: An argument breaks the API's rules; nothing was sent.
            root.errors.BadRequestError: The service refused the batch.
        """
        return self._operations.call("batch_executions_create", locals())  # type: ignore[no-any-return]

    async def aexecute_judge(
        self,
        judge_id: Id,
        *,
        inputs: Sequence[Input] | None = None,
        dataset_id: Id | None = None,
        range: Range = None,
        judge_version_id: Id | None = None,
        tags: builtins.list[str] | None = None,
        project_id: Id | None = None,
        _request_timeout: float | None = None,
    ) -> ABatchExecutionResponse:
        """Asynchronously start a batch execution of a judge: :meth:`create` with ``judge_id``.

        The contract's ``POST /v1/judges/{judge_id}/batch-execute/`` publishes neither a request body nor
        an answer, so this sends the same batch to ``POST /v1/batch-executions/``, whose body and answer
        (with the status URL) the contract does describe.

        Args:
            judge_id: The judge to run.
            inputs: The interactions to score, 1 to 100: each a ``BatchExecutionInputRequest`` or a dict
                of its fields.
            dataset_id: Score every item of this data set instead of ``inputs``.
            range: Only these items of the data set: ``{"start": 0, "end": 49}`` (zero-based, both ends
                included).
            judge_version_id: The version of the judge to run; its current one when left out.
            tags: Tags every run of the batch carries.
            project_id: The project the batch belongs to; the judge's when left out.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The batch's ``batch_execution_id`` and ``status_url``.

        Raises:
            InvalidArgumentError: An argument breaks the API's rules; nothing was sent.
            root.errors.BadRequestError: The service refused the batch.
        """
        return await self._operations.acall("batch_executions_create", locals())  # type: ignore[no-any-return]

    def get(self, batch_execution_id: Id, *, _request_timeout: float | None = None) -> BatchExecutionDetail:
        """Get a batch execution: its status, counts, and every item with its results.

        Args:
            batch_execution_id: The batch to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``batch_execution_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such batch execution.
        """
        return self._operations.call(  # type: ignore[no-any-return]
            "judges_batch_executions_retrieve", locals(), id="batch_execution_id"
        )

    async def aget(self, batch_execution_id: Id, *, _request_timeout: float | None = None) -> ABatchExecutionDetail:
        """Asynchronously get a batch execution: its status, counts, and every item with its results.

        Args:
            batch_execution_id: The batch to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``batch_execution_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such batch execution.
        """
        return await self._operations.acall(  # type: ignore[no-any-return]
            "judges_batch_executions_retrieve", locals(), id="batch_execution_id"
        )

    def list(
        self,
        *,
        judge_id: Id | None = None,
        project_id: Id | None = None,
        status: str | None = None,
        date_from: datetime.datetime | str | None = None,
        date_to: datetime.datetime | str | None = None,
        limit: int | None = 100,
        _request_timeout: float | None = None,
    ) -> Iterator[BatchExecutionListItem]:
        """Iterate through the batch executions, newest first, without their items.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            judge_id: Only the batches of this judge.
            project_id: Only the batches of this project.
            status: Only the batches in this status: ``pending``, ``processing``, ``completed``,
                ``failed`` or ``partial``.
            date_from: Only the batches created at or after this moment (a datetime, or ISO 8601 text).
            date_to: Only the batches created at or before this moment (a datetime, or ISO 8601 text).
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        return self._operations.iterate("judges_batch_executions_list", locals(), limit=limit)

    @checks_at_call("judges_batch_executions_list")
    async def alist(
        self,
        *,
        judge_id: Id | None = None,
        project_id: Id | None = None,
        status: str | None = None,
        date_from: datetime.datetime | str | None = None,
        date_to: datetime.datetime | str | None = None,
        limit: int | None = 100,
        _request_timeout: float | None = None,
    ) -> AsyncIterator[ABatchExecutionListItem]:
        """Asynchronously iterate through the batch executions, newest first, without their items.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            judge_id: Only the batches of this judge.
            project_id: Only the batches of this project.
            status: Only the batches in this status: ``pending``, ``processing``, ``completed``,
                ``failed`` or ``partial``.
            date_from: Only the batches created at or after this moment (a datetime, or ISO 8601 text).
            date_to: Only the batches created at or before this moment (a datetime, or ISO 8601 text).
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        async for item in self._operations.aiterate("judges_batch_executions_list", locals(), limit=limit):
            yield item

    def wait(
        self,
        batch_execution_id: Id,
        *,
        timeout: float | None = 600.0,
        poll_interval: float = 1.0,
        _request_timeout: float | None = None,
    ) -> BatchExecutionDetail:
        """Wait for a batch execution to finish, and return it as :meth:`get` reads it last.

        The batch is read again and again, politely: the sleeps between reads start at ``poll_interval``
        and grow (see :mod:`root._polling`), and a 429 or 503 is waited out as its ``Retry-After`` asks.
        A batch has finished when its status is ``completed``, ``failed`` or ``partial``; a failed batch
        is returned, not raised: read its ``status`` and each item's ``error_message``.

        Args:
            batch_execution_id: The batch to wait for (``create``'s ``batch_execution_id``).
            timeout: Seconds to wait at most; ``None`` waits as long as it takes.
            poll_interval: Seconds to sleep after the first read; later sleeps grow.
            _request_timeout: Seconds each read may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A malformed ID, or a ``timeout`` or ``poll_interval`` that is not a
                number of seconds above 0; nothing was sent.
            root.errors.WaitTimeoutError: ``timeout`` ran out first; its ``last`` is the batch as last
                read and ``last_status`` its status. The batch goes on at the service.
            root.errors.NotFoundError: No such batch execution.
        """
        finished: BatchExecutionDetail = _polling.wait(
            lambda: self.get(batch_execution_id, _request_timeout=_request_timeout),
            finished=_finished,
            status=_status,
            timeout=timeout,
            poll_interval=poll_interval,
            what=f"batch execution {batch_execution_id}",
        )
        return finished

    async def await_(
        self,
        batch_execution_id: Id,
        *,
        timeout: float | None = 600.0,
        poll_interval: float = 1.0,
        _request_timeout: float | None = None,
    ) -> ABatchExecutionDetail:
        """Asynchronously wait for a batch execution to finish, and return it as :meth:`get` reads it last.

        The batch is read again and again, politely: the sleeps between reads start at ``poll_interval``
        and grow (see :mod:`root._polling`), and a 429 or 503 is waited out as its ``Retry-After`` asks.
        A batch has finished when its status is ``completed``, ``failed`` or ``partial``; a failed batch
        is returned, not raised: read its ``status`` and each item's ``error_message``.

        Args:
            batch_execution_id: The batch to wait for (``create``'s ``batch_execution_id``).
            timeout: Seconds to wait at most; ``None`` waits as long as it takes.
            poll_interval: Seconds to sleep after the first read; later sleeps grow.
            _request_timeout: Seconds each read may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A malformed ID, or a ``timeout`` or ``poll_interval`` that is not a
                number of seconds above 0; nothing was sent.
            root.errors.WaitTimeoutError: ``timeout`` ran out first; its ``last`` is the batch as last
                read and ``last_status`` its status. The batch goes on at the service.
            root.errors.NotFoundError: No such batch execution.
        """
        return await _polling.await_(
            lambda: self.aget(batch_execution_id, _request_timeout=_request_timeout),
            finished=_finished,
            status=_status,
            timeout=timeout,
            poll_interval=poll_interval,
            what=f"batch execution {batch_execution_id}",
        )
