"""The CalibrationRuns sub-API: an evaluator measured against human labels, in the background.

A calibration run scores every labelled example of a dataset (each item's newest published annotation
is the human value) with an evaluator, and reports how far the evaluator's scores are from the human
values: per example (:meth:`CalibrationRuns.list_items`) and as metrics of the whole run. The service
runs it in the background: a new run is ``pending``, then ``running``, then ``completed`` (or
``failed``). :meth:`CalibrationRuns.wait` reads it until it is finished.

Reach it as ``RootSignals().calibration_runs``. Every method has an asynchronous twin whose name starts
with ``a`` (``create`` / ``acreate``), with the same parameters and defaults; the twin of ``wait`` is
``await_`` (``await`` is a keyword).
"""

# Names and parameters follow the official SDK (scorable 1.15), so a program written for it runs unchanged;
# attach and wait are this SDK's own.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable, Iterator, List, Mapping, Optional, Union

from root import _polling
from root._operations import Operations, check_id, checks_at_call

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_aclient.models.calibration_run import CalibrationRun as ACalibrationRun
    from root.generated.openapi_aclient.models.calibration_run_attach_response import (
        CalibrationRunAttachResponse as ACalibrationRunAttachResponse,
    )
    from root.generated.openapi_aclient.models.calibration_run_item import CalibrationRunItem as ACalibrationRunItem
    from root.generated.openapi_client.models.calibration_run import CalibrationRun
    from root.generated.openapi_client.models.calibration_run_attach_response import CalibrationRunAttachResponse
    from root.generated.openapi_client.models.calibration_run_item import CalibrationRunItem
    from root.utils import ClientContextCallable

__all__ = ["FINISHED", "CalibrationRuns"]

FINISHED = frozenset({"completed", "failed"})
"""The statuses a calibration run ends in: :meth:`CalibrationRuns.wait` returns once it has one."""


def _run_request(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments of ``create`` as the request's fields: the evaluator's ``evaluator_external_id``, and
    the dataset as the run's ``source`` (both ids checked under the names the caller gave them).

    Raises:
        InvalidArgumentError: ``evaluator_id`` or ``dataset_id`` is not a UUID.
    """
    return {
        **arguments,
        "evaluator_external_id": check_id("evaluator_id", arguments["evaluator_id"]),
        "source": {"type": "dataset", "dataset_id": check_id("dataset_id", arguments["dataset_id"])},
    }


def _evaluator_filter(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments of a listing, with ``evaluator_id`` (a ``str`` or ``uuid.UUID``) checked as an id."""
    evaluator_id = arguments.get("evaluator_id")
    return {**arguments, "evaluator_id": None if evaluator_id is None else check_id("evaluator_id", evaluator_id)}


def _checks_evaluator_id(func: Callable[..., AsyncIterator[Any]]) -> Callable[..., AsyncIterator[Any]]:
    """Checks an asynchronous listing's ``evaluator_id`` when it is called, as ``list`` does, not at its
    first step (the contract types the filter as a plain string, so the machinery would not)."""

    @functools.wraps(func)
    def wrapper(self: Any, /, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        if kwargs.get("evaluator_id") is not None:
            check_id("evaluator_id", kwargs["evaluator_id"])
        return func(self, *args, **kwargs)

    return wrapper


def _status(run: Any) -> Optional[str]:
    status = getattr(run, "status", None)
    return None if status is None else str(getattr(status, "value", status))


def _finished(run: Any) -> bool:
    return _status(run) in FINISHED


class CalibrationRuns:
    """Calibration runs (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "CalibrationRunsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def create(
        self,
        *,
        evaluator_id: Union[str, uuid.UUID],
        dataset_id: Union[str, uuid.UUID],
        score_config_id: Union[str, uuid.UUID, None] = None,
        evaluator_version_id: Union[str, uuid.UUID, None] = None,
        _request_timeout: Optional[float] = None,
    ) -> CalibrationRun:
        """Start a calibration run of an evaluator against a labelled dataset, and return it.

        The run goes on in the background: it is returned as the service first answers it (usually
        ``pending``); :meth:`wait` reads it until it is finished.

        Args:
            evaluator_id: The saved evaluator to measure.
            dataset_id: The dataset whose items' published annotations are the human values.
            score_config_id: The score config whose annotations count; ``None``: the default scores.
            evaluator_version_id: A version of the evaluator to measure; ``None``: its newest.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.BadRequestError: The service refused the run (no such evaluator or dataset ...).
        """
        return self._operations.call("calibration_runs_create", _run_request(locals()))  # type: ignore[no-any-return]

    async def acreate(
        self,
        *,
        evaluator_id: Union[str, uuid.UUID],
        dataset_id: Union[str, uuid.UUID],
        score_config_id: Union[str, uuid.UUID, None] = None,
        evaluator_version_id: Union[str, uuid.UUID, None] = None,
        _request_timeout: Optional[float] = None,
    ) -> ACalibrationRun:
        """Asynchronously start a calibration run of an evaluator against a labelled dataset, and return it.

        The run goes on in the background: it is returned as the service first answers it (usually
        ``pending``); :meth:`wait` reads it until it is finished.

        Args:
            evaluator_id: The saved evaluator to measure.
            dataset_id: The dataset whose items' published annotations are the human values.
            score_config_id: The score config whose annotations count; ``None``: the default scores.
            evaluator_version_id: A version of the evaluator to measure; ``None``: its newest.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.BadRequestError: The service refused the run (no such evaluator or dataset ...).
        """
        return await self._operations.acall("calibration_runs_create", _run_request(locals()))  # type: ignore[no-any-return]

    def get(self, run_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> CalibrationRun:
        """Get a calibration run by its ID: its ``status`` and, once completed, its ``metrics``.

        Args:
            run_id: The calibration run to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``run_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such calibration run.
        """
        return self._operations.call("calibration_runs_retrieve", locals(), id="run_id")  # type: ignore[no-any-return]

    async def aget(self, run_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> ACalibrationRun:
        """Asynchronously get a calibration run by its ID: its ``status`` and, once completed, its ``metrics``.

        Args:
            run_id: The calibration run to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``run_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such calibration run.
        """
        return await self._operations.acall("calibration_runs_retrieve", locals(), id="run_id")  # type: ignore[no-any-return]

    def list(
        self,
        *,
        evaluator_id: Union[str, uuid.UUID, None] = None,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> Iterator[CalibrationRun]:
        """Iterate through the calibration runs, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            evaluator_id: Only the runs that measured this evaluator.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed ``evaluator_id``; nothing was sent.
        """
        return self._operations.iterate(
            "calibration_runs_list", _evaluator_filter(locals()), limit=limit, evaluator_external_id="evaluator_id"
        )

    @_checks_evaluator_id
    @checks_at_call("calibration_runs_list", evaluator_external_id="evaluator_id")
    async def alist(
        self,
        *,
        evaluator_id: Union[str, uuid.UUID, None] = None,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> AsyncIterator[ACalibrationRun]:
        """Asynchronously iterate through the calibration runs, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            evaluator_id: Only the runs that measured this evaluator.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed ``evaluator_id``; nothing was sent.
        """
        async for item in self._operations.aiterate(
            "calibration_runs_list", _evaluator_filter(locals()), limit=limit, evaluator_external_id="evaluator_id"
        ):
            yield item

    def list_items(
        self,
        run_id: Union[str, uuid.UUID],
        *,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> Iterator[CalibrationRunItem]:
        """Iterate through what a calibration run measured, one item per labelled example.

        Each item holds the evaluator's score, the human value and their distance (``disagreement``);
        the largest disagreement comes first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            run_id: The calibration run.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed ``run_id``; nothing was sent.
            root.errors.NotFoundError: No such calibration run.
        """
        return self._operations.iterate("calibration_runs_items_list", locals(), limit=limit, id="run_id")

    @checks_at_call("calibration_runs_items_list", id="run_id")
    async def alist_items(
        self,
        run_id: Union[str, uuid.UUID],
        *,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> AsyncIterator[ACalibrationRunItem]:
        """Asynchronously iterate through what a calibration run measured, one item per labelled example.

        Each item holds the evaluator's score, the human value and their distance (``disagreement``);
        the largest disagreement comes first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            run_id: The calibration run.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed ``run_id``; nothing was sent.
            root.errors.NotFoundError: No such calibration run.
        """
        async for item in self._operations.aiterate("calibration_runs_items_list", locals(), limit=limit, id="run_id"):
            yield item

    def attach(
        self,
        *,
        evaluator_external_id: Union[str, uuid.UUID],
        comparison_groups: List[Union[str, uuid.UUID]],
        _request_timeout: Optional[float] = None,
    ) -> CalibrationRunAttachResponse:
        """Attach the calibration runs of some comparison groups, made while an evaluator was drafted, to
        that evaluator once it is saved; the answer's ``attached`` says how many runs were attached.

        Args:
            evaluator_external_id: The saved evaluator.
            comparison_groups: The comparison groups whose runs to attach.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.BadRequestError: The service refused (no such evaluator ...).
        """
        return self._operations.call("calibration_runs_attach_create", locals())  # type: ignore[no-any-return]

    async def aattach(
        self,
        *,
        evaluator_external_id: Union[str, uuid.UUID],
        comparison_groups: List[Union[str, uuid.UUID]],
        _request_timeout: Optional[float] = None,
    ) -> ACalibrationRunAttachResponse:
        """Asynchronously attach the calibration runs of some comparison groups, made while an evaluator was drafted, to
        that evaluator once it is saved; the answer's ``attached`` says how many runs were attached.

        Args:
            evaluator_external_id: The saved evaluator.
            comparison_groups: The comparison groups whose runs to attach.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.BadRequestError: The service refused (no such evaluator ...).
        """
        return await self._operations.acall("calibration_runs_attach_create", locals())  # type: ignore[no-any-return]

    def wait(
        self,
        run_id: Union[str, uuid.UUID],
        *,
        timeout: Optional[float] = 600.0,
        poll_interval: float = 1.0,
        _request_timeout: Optional[float] = None,
    ) -> CalibrationRun:
        """Wait for a calibration run to finish, and return it as last read: ``completed`` (with its
        ``metrics``) or ``failed`` (with its ``error``).

        The run is read again and again, politely: the sleeps start at ``poll_interval`` and grow, and a
        busy service's ``Retry-After`` is honoured (see :mod:`root._polling`).

        Args:
            run_id: The calibration run to wait for.
            timeout: Seconds to wait at most; ``None`` waits as long as it takes.
            poll_interval: Seconds to sleep after the first read; later sleeps grow.
            _request_timeout: Seconds each read may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A malformed ``run_id``, or a bad ``timeout`` or ``poll_interval``;
                nothing was sent.
            root.errors.WaitTimeoutError: ``timeout`` ran out first; its ``last`` is the run as last read
                and ``last_status`` its status.
            root.errors.NotFoundError: No such calibration run.
        """
        run: CalibrationRun = _polling.wait(
            lambda: self.get(run_id, _request_timeout=_request_timeout),
            finished=_finished,
            status=_status,
            timeout=timeout,
            poll_interval=poll_interval,
            what=f"calibration run {run_id}",
        )
        return run

    async def await_(
        self,
        run_id: Union[str, uuid.UUID],
        *,
        timeout: Optional[float] = 600.0,
        poll_interval: float = 1.0,
        _request_timeout: Optional[float] = None,
    ) -> ACalibrationRun:
        """Asynchronously wait for a calibration run to finish, and return it as last read: ``completed`` (with its
        ``metrics``) or ``failed`` (with its ``error``).

        The run is read again and again, politely: the sleeps start at ``poll_interval`` and grow, and a
        busy service's ``Retry-After`` is honoured (see :mod:`root._polling`).

        Args:
            run_id: The calibration run to wait for.
            timeout: Seconds to wait at most; ``None`` waits as long as it takes.
            poll_interval: Seconds to sleep after the first read; later sleeps grow.
            _request_timeout: Seconds each read may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A malformed ``run_id``, or a bad ``timeout`` or ``poll_interval``;
                nothing was sent.
            root.errors.WaitTimeoutError: ``timeout`` ran out first; its ``last`` is the run as last read
                and ``last_status`` its status.
            root.errors.NotFoundError: No such calibration run.
        """
        run: ACalibrationRun = await _polling.await_(
            lambda: self.aget(run_id, _request_timeout=_request_timeout),
            finished=_finished,
            status=_status,
            timeout=timeout,
            poll_interval=poll_interval,
            what=f"calibration run {run_id}",
        )
        return run


if not TYPE_CHECKING:
    # The official SDKs' other public names of this module, offered lazily (root/_official_names.py).
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
