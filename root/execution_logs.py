"""The ExecutionLogs sub-API: the record each evaluator or judge run leaves behind.

Reach it as ``RootSignals().execution_logs``. Every method has an asynchronous twin whose name starts
with ``a`` (``list`` / ``alist``), with the same parameters and defaults.
"""

# Names and parameters follow the official SDK 1.6, so a program written for it runs unchanged.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Iterator, List, Optional, Protocol, Union

from root._operations import Operations, checks_at_call
from root.errors import InvalidArgumentError

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_client.models.execution_log_details import ExecutionLogDetails
    from root.generated.openapi_client.models.execution_log_list import ExecutionLogList
    from root.utils import ClientContextCallable

__all__ = ["ExecutionLogs", "ExecutionResult"]


class ExecutionResult(Protocol):
    """Anything with an ``execution_log_id``: the result of running an evaluator or a judge."""

    @property
    def execution_log_id(self) -> Any: ...


def _log_id(log_id: Union[str, uuid.UUID, None], execution_result: Optional[ExecutionResult]) -> Any:
    """The log to get: ``execution_result``'s when it is given, else ``log_id``.

    Raises:
        InvalidArgumentError: Neither is given, or ``execution_result`` has no ``execution_log_id``.
    """
    if execution_result is not None:
        found = getattr(execution_result, "execution_log_id", None)
        if found is None:
            raise InvalidArgumentError(
                f"execution_result must have an execution_log_id; {type(execution_result).__name__} has none"
            )
        return found
    if log_id is None:
        raise InvalidArgumentError("Either log_id or execution_result must be provided")
    return log_id


class ExecutionLogs:
    """Execution logs (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "ExecutionLogsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def list(
        self,
        *,
        limit: Optional[int] = 100,
        search_term: Optional[str] = None,
        tags: Optional[List[str]] = None,
        include: Optional[List[str]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        batch_execution_id: Union[str, uuid.UUID, None] = None,
        _request_timeout: Optional[float] = None,
    ) -> Iterator[ExecutionLogList]:
        """Iterate through the execution logs, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            search_term: Only the logs that match this text, for example an evaluator's ID or name.
            tags: Only the logs that carry these tags.
            include: Optional fields to include in each log.
            project_id: Only the execution logs of this project.
            batch_execution_id: Only the logs this batch execution wrote, its evaluators' logs included.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        return self._operations.iterate("execution_logs_list", locals(), limit=limit, search="search_term")

    @checks_at_call("execution_logs_list", search="search_term")
    async def alist(
        self,
        *,
        limit: Optional[int] = 100,
        search_term: Optional[str] = None,
        tags: Optional[List[str]] = None,
        include: Optional[List[str]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        batch_execution_id: Union[str, uuid.UUID, None] = None,
        _request_timeout: Optional[float] = None,
    ) -> AsyncIterator[AExecutionLogList]:
        """Asynchronously iterate through the execution logs, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            search_term: Only the logs that match this text, for example an evaluator's ID or name.
            tags: Only the logs that carry these tags.
            include: Optional fields to include in each log.
            project_id: Only the execution logs of this project.
            batch_execution_id: Only the logs this batch execution wrote, its evaluators' logs included.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        async for item in self._operations.aiterate("execution_logs_list", locals(), limit=limit, search="search_term"):
            yield item

    def get(
        self,
        *,
        log_id: Union[str, uuid.UUID, None] = None,
        execution_result: Optional[ExecutionResult] = None,
        _request_timeout: Optional[float] = None,
    ) -> ExecutionLogDetails:
        """Get one execution log's details.

        Args:
            log_id: The log to get.
            execution_result: An evaluator's or judge's result, whose log to get. When both are given,
                this one's log is fetched and ``log_id`` is ignored, as in the official SDK.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: Neither ``log_id`` nor ``execution_result`` is given, or the ID is
                malformed; nothing was sent. (Also a ``ValueError``, as in the official SDK.)
            root.errors.NotFoundError: No such log.
        """
        log_id = _log_id(log_id, execution_result)
        return self._operations.call("execution_logs_retrieve", locals())  # type: ignore[no-any-return]

    async def aget(
        self,
        *,
        log_id: Union[str, uuid.UUID, None] = None,
        execution_result: Optional[ExecutionResult] = None,
        _request_timeout: Optional[float] = None,
    ) -> AExecutionLogDetails:
        """Asynchronously get one execution log's details.

        Args:
            log_id: The log to get.
            execution_result: An evaluator's or judge's result, whose log to get. When both are given,
                this one's log is fetched and ``log_id`` is ignored, as in the official SDK.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: Neither ``log_id`` nor ``execution_result`` is given, or the ID is
                malformed; nothing was sent. (Also a ``ValueError``, as in the official SDK.)
            root.errors.NotFoundError: No such log.
        """
        log_id = _log_id(log_id, execution_result)
        return await self._operations.acall("execution_logs_retrieve", locals())  # type: ignore[no-any-return]

    def set_tags(
        self,
        *,
        log_ids: List[Union[str, uuid.UUID]],
        tags: List[str],
        _request_timeout: Optional[float] = None,
    ) -> None:
        """Set the tags of execution logs after the fact: each log gets ``tags`` in place of its own.

        Args:
            log_ids: The logs to tag (1 to 500).
            tags: The tags each log gets (at most 15); ``[]`` clears them.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: No log, too many logs or tags, or a malformed ID; nothing was sent.
            root.errors.BadRequestError: The service refused the tags.
        """
        self._operations.call("execution_logs_set_tags_create", locals())

    async def aset_tags(
        self,
        *,
        log_ids: List[Union[str, uuid.UUID]],
        tags: List[str],
        _request_timeout: Optional[float] = None,
    ) -> None:
        """Asynchronously set the tags of execution logs after the fact: each log gets ``tags`` in place of its own.

        Args:
            log_ids: The logs to tag (1 to 500).
            tags: The tags each log gets (at most 15); ``[]`` clears them.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: No log, too many logs or tags, or a malformed ID; nothing was sent.
            root.errors.BadRequestError: The service refused the tags.
        """
        await self._operations.acall("execution_logs_set_tags_create", locals())

    def session_ids(self, *, starts_with: Optional[str] = None, _request_timeout: Optional[float] = None) -> List[str]:
        """List the distinct session IDs the execution logs carry (the service gives at most 30).

        Args:
            starts_with: Only the session IDs that begin with this text.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.
        """
        return self._operations.call("execution_logs_session_ids_retrieve", locals())  # type: ignore[no-any-return]

    async def asession_ids(
        self, *, starts_with: Optional[str] = None, _request_timeout: Optional[float] = None
    ) -> List[str]:
        """Asynchronously list the distinct session IDs the execution logs carry (the service gives at most 30).

        Args:
            starts_with: Only the session IDs that begin with this text.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.
        """
        return await self._operations.acall("execution_logs_session_ids_retrieve", locals())  # type: ignore[no-any-return]

    def user_ids(self, *, starts_with: Optional[str] = None, _request_timeout: Optional[float] = None) -> List[str]:
        """List the distinct user IDs the execution logs carry (the service gives at most 30).

        Args:
            starts_with: Only the user IDs that begin with this text.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.
        """
        return self._operations.call("execution_logs_user_ids_retrieve", locals())  # type: ignore[no-any-return]

    async def auser_ids(
        self, *, starts_with: Optional[str] = None, _request_timeout: Optional[float] = None
    ) -> List[str]:
        """Asynchronously list the distinct user IDs the execution logs carry (the service gives at most 30).

        Args:
            starts_with: Only the user IDs that begin with this text.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.
        """
        return await self._operations.acall("execution_logs_user_ids_retrieve", locals())  # type: ignore[no-any-return]


if TYPE_CHECKING:
    # The official SDK 1.6's other public names of this module, offered lazily (root/_official_names.py).
    from root.generated.openapi_aclient.models.execution_log_details import ExecutionLogDetails as _AExecutionLogDetails
    from root.generated.openapi_aclient.models.execution_log_list import ExecutionLogList as _AExecutionLogList
    from root.generated.openapi_client.models.execution_log_details import ExecutionLogDetails as ExecutionLogDetails
    from root.generated.openapi_client.models.execution_log_list import ExecutionLogList as ExecutionLogList
    from root.utils import ClientContextCallable as ClientContextCallable
    from root.utils import with_async_client as with_async_client
    from root.utils import with_sync_client as with_sync_client

    AExecutionLogDetails = _AExecutionLogDetails
    AExecutionLogList = _AExecutionLogList
else:
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
