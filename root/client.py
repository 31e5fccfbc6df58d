"""The client: :class:`RootSignals`."""

from __future__ import annotations

import sys
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from root._config import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    LOGGER_NAME,
    NOT_GIVEN,
    ROOTSIGNALS,
    CallOptions,
    ClientOptions,
    Environment,
    NotGiven,
    Timeout,
    check_ca_file,
    check_max_connections,
    check_proxy,
    coerce_deadline,
    coerce_max_retries,
    coerce_timeout,
    log_level_from_env,
    resolve_api_key,
    resolve_base_url,
)
from root._transport import ClientContext, Transport

if TYPE_CHECKING:
    from typing_extensions import Self

    from root.annotations import Annotations
    from root.batch_executions import BatchExecutions
    from root.calibration_runs import CalibrationRuns
    from root.score_configs import ScoreConfigs

if TYPE_CHECKING:
    from root.datasets import DataSets
    from root.evaluation_filters import EvaluationFilters
    from root.execution_logs import ExecutionLogs
    from root.files import Files
    from root.judges import Judges
    from root.models import Models
    from root.objectives import Objectives
    from root.projects import Projects
    from root.skills import Evaluators
    from root.traces import Traces

if TYPE_CHECKING:
    import os
    from collections.abc import Mapping

    from root.evaluation import EvaluationResult

__all__ = ["Beta", "RootSignals"]


def _configure_logging_from_env() -> None:
    """``ROOTSIGNALS_LOG=debug`` (or ``info``, ...) sends the ``rootsignals`` logger's records to stderr."""
    level_name = log_level_from_env()
    if level_name is None:
        return
    import logging

    logger = logging.getLogger(LOGGER_NAME)
    logger.setLevel(level_name)
    if not any(getattr(h, "_root_signals", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handler._root_signals = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


class Beta:
    """The sub-APIs the official SDK keeps under ``client.beta``; each is the same object as on the client
    (``client.beta.judges is client.judges``).

    .. note::

       Reach it as ``RootSignals().beta``.
    """

    def __init__(self, client: RootSignals) -> None:
        self._client = client

    def __repr__(self) -> str:
        return "<Beta sub-APIs>"

    @property
    def judges(self) -> Judges:
        """The Judges sub-API: :class:`root.judges.Judges`, the same object as ``client.judges``."""
        return self._client.judges


class RootSignals:
    """The Root Signals API client: one object for synchronous and asynchronous code alike.

    Sub-APIs are attributes (``client.models``, ``client.objectives``, ``client.evaluators``,
    ``client.datasets``, ``client.execution_logs``). Every synchronous method has an asynchronous twin
    (``create`` / ``acreate``); both use this client's connection pools, which are kept open across
    calls and closed by :meth:`close` / :meth:`aclose`, or by leaving ``with`` / ``async with``.
    A client pickles (to reach a worker process) as its options: the copy opens pools of its own, and a
    process forked from one never uses its parent's connections (:doc:`/guides/evaluate`).

    Args:
        api_key: The API key. When not given: the ``ROOTSIGNALS_API_KEY`` environment variable,
            then a ``ROOTSIGNALS_API_KEY=...`` line in ``./.env``.
        base_url: The service's URL. When not given: ``ROOTSIGNALS_API_URL``, then
            ``https://api.app.rootsignals.ai``.
        run_async: As in the official SDK: ``True`` makes the preset evaluator runners
            (``client.evaluators.Helpfulness``) return an awaitable when called. Every other method
            works the same either way: this client serves synchronous and asynchronous calls at once,
            and the runners' ``arun`` is awaitable in both modes.
        timeout: Seconds each attempt of a request may take (connecting, sending and reading the
            answer), or a :class:`root.Timeout` with a connect timeout too. Default: 5 s to connect,
            60 s per attempt. A retried call makes up to ``max_retries + 1`` attempts, with waits
            between them, so it can take longer; ``deadline`` bounds the whole call. Override per
            call with ``_request_timeout``.
        max_retries: How often a failed request is retried (see :doc:`/guides/errors`). Default 2.
        deadline: Seconds a whole call may take: every attempt, and the waits between them
            (``Retry-After`` included). ``None`` (the default): no bound beyond each attempt's
            ``timeout``. An attempt is cut short when the deadline comes first, and a retry whose wait
            would pass it is not made; the :class:`~root.errors.APITimeoutError` then has
            ``which="deadline"``.
        max_connections: The most connections kept open at once (per event loop for async calls).
        proxy: An HTTP(S) proxy URL. When not given, the usual ``HTTPS_PROXY`` / ``HTTP_PROXY`` /
            ``NO_PROXY`` environment variables apply, for sync and async calls alike.
        ssl_ca_cert: A CA bundle file to verify the service's certificate with, instead of the
            system's. Certificates are always verified.

    Raises:
        MissingAPIKeyError: No API key was given or found.
        InvalidArgumentError: An option is out of range or malformed, or ``api_key`` is not a string
            (also a ``ValueError``); when the value came from an environment variable, the message
            names it.
    """

    _environment: ClassVar[Environment] = ROOTSIGNALS
    """The variables and the default URL this face reads (``scorable.Scorable`` reads ``SCORABLE_*``)."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        run_async: bool | None = None,
        timeout: float | Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        proxy: str | None = None,
        ssl_ca_cert: str | None = None,
        deadline: float | None = None,
    ) -> None:
        options = ClientOptions(
            api_key=resolve_api_key(api_key, self._environment),
            base_url=resolve_base_url(base_url, self._environment),
            timeout=coerce_timeout(timeout),
            max_retries=coerce_max_retries(max_retries),
            max_connections=check_max_connections(max_connections),
            proxy=check_proxy(proxy),
            ssl_ca_cert=check_ca_file(ssl_ca_cert),
            deadline=coerce_deadline(deadline),
        )
        _configure_logging_from_env()
        self._init(options, Transport(options), run_async=bool(run_async))

    def _init(self, options: ClientOptions, transport: Transport, *, run_async: bool = False) -> None:
        self._options = options
        self._transport = transport
        # Read by root.skills: whether the preset evaluator runners are awaitable when called.
        self._run_async = run_async
        # What a sub-API built from this client's client_context applies to each request.
        self._call_options = CallOptions(
            timeout=options.timeout, max_retries=options.max_retries, deadline=options.deadline
        )

    @property
    def base_url(self) -> str:
        """The service URL this client talks to."""
        return self._options.base_url

    @property
    def timeout(self) -> Timeout:
        """The default timeout of this client's requests."""
        return self._options.timeout

    @property
    def max_retries(self) -> int:
        """How often a failed request is retried by default."""
        return self._options.max_retries

    @property
    def deadline(self) -> float | None:
        """Seconds a whole call may take, retries and their waits included; ``None``: no such bound."""
        return self._options.deadline

    def __repr__(self) -> str:
        # Never the key.
        return f"{type(self).__name__}(base_url={self._options.base_url!r})"

    def with_options(
        self,
        *,
        timeout: float | Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        deadline: float | NotGiven | None = NOT_GIVEN,
    ) -> Self:
        """A client with other per-request options that shares this one's connection pools.

        ``client.with_options(max_retries=0).models.create(...)`` changes one call's behaviour
        without a new pool. Closing either client closes the shared pools.

        Args:
            timeout: As for :class:`RootSignals`.
            max_retries: As for :class:`RootSignals`.
            deadline: As for :class:`RootSignals`; ``None`` removes the deadline.
        """
        changes: dict[str, object] = {}
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = coerce_timeout(timeout)
        if not isinstance(max_retries, NotGiven):
            changes["max_retries"] = coerce_max_retries(max_retries)
        if not isinstance(deadline, NotGiven):
            changes["deadline"] = coerce_deadline(deadline)
        clone = object.__new__(type(self))
        clone._init(self._options.replace(**changes), self._transport, run_async=self._run_async)
        return clone

    def client_context(self) -> ClientContext:
        """A context manager giving this client's generated ``ApiClient`` for the current mode.

        ``with client.client_context() as api_client`` gives the synchronous
        ``root.generated.openapi_client.ApiClient``; ``async with`` gives the asynchronous
        ``root.generated.openapi_aclient.ApiClient`` of the running event loop. Leaving the block does
        not close it: it is shared by every call until :meth:`close` / :meth:`aclose`.
        """
        return ClientContext(self._transport)

    @cached_property
    def models(self) -> Models:
        """The Models sub-API: :class:`root.models.Models`."""
        from root.models import Models

        return Models(self.client_context)

    @cached_property
    def objectives(self) -> Objectives:
        """The Objectives sub-API: :class:`root.objectives.Objectives`."""
        from root.objectives import Objectives

        return Objectives(self.client_context)

    @cached_property
    def evaluators(self) -> Evaluators:
        """The Evaluators sub-API, with the preset evaluators: :class:`root.skills.Evaluators`."""
        from root.skills import Evaluators

        return Evaluators(self.client_context)

    @cached_property
    def datasets(self) -> DataSets:
        """The DataSets sub-API: :class:`root.datasets.DataSets`."""
        from root.datasets import DataSets

        return DataSets(self.client_context)

    @cached_property
    def files(self) -> Files:
        """The Files sub-API: :class:`root.files.Files`."""
        from root.files import Files

        return Files(self.client_context)

    @cached_property
    def execution_logs(self) -> ExecutionLogs:
        """The execution logs sub-API: :class:`root.execution_logs.ExecutionLogs`."""
        from root.execution_logs import ExecutionLogs

        return ExecutionLogs(self.client_context)

    @cached_property
    def judges(self) -> Judges:
        """The Judges sub-API: :class:`root.judges.Judges`."""
        from root.judges import Judges

        return Judges(self.client_context)

    @cached_property
    def evaluation_filters(self) -> EvaluationFilters:
        """The OpenTelemetry trace evaluation filters: :class:`root.evaluation_filters.EvaluationFilters`."""
        from root.evaluation_filters import EvaluationFilters

        return EvaluationFilters(self.client_context)

    @cached_property
    def traces(self) -> Traces:
        """The OpenTelemetry traces the service received: :class:`root.traces.Traces`."""
        from root.traces import Traces

        return Traces(self.client_context)

    @cached_property
    def projects(self) -> Projects:
        """The Projects sub-API: :class:`root.projects.Projects`."""
        from root.projects import Projects

        return Projects(self.client_context)

    @cached_property
    def annotations(self) -> Annotations:
        """The Annotations sub-API: :class:`root.annotations.Annotations`."""
        from root.annotations import Annotations

        return Annotations(self.client_context)

    @cached_property
    def score_configs(self) -> ScoreConfigs:
        """The ScoreConfigs sub-API: :class:`root.score_configs.ScoreConfigs`."""
        from root.score_configs import ScoreConfigs

        return ScoreConfigs(self.client_context)

    @cached_property
    def batch_executions(self) -> BatchExecutions:
        """The BatchExecutions sub-API: :class:`root.batch_executions.BatchExecutions`."""
        from root.batch_executions import BatchExecutions

        return BatchExecutions(self.client_context)

    @cached_property
    def calibration_runs(self) -> CalibrationRuns:
        """The CalibrationRuns sub-API: :class:`root.calibration_runs.CalibrationRuns`."""
        from root.calibration_runs import CalibrationRuns

        return CalibrationRuns(self.client_context)

    @cached_property
    def beta(self) -> Beta:
        """The official SDK's beta namespace: ``client.beta.judges`` is ``client.judges``."""
        return Beta(self)

    def evaluate(
        self,
        data: Any,
        *,
        evaluators: Any = None,
        judge: Any = None,
        key: str | None = None,
        mapping: Mapping[str, str] | None = None,
        max_concurrency: int = 8,
        journal: str | os.PathLike[str] | None = None,
        restart: bool = False,
        progress: bool | None = None,
        max_retries: int = 8,
        engine: Literal["auto", "runs", "batch"] = "auto",
    ) -> EvaluationResult:
        """Evaluate every row of ``data`` with ``evaluators`` and/or a ``judge``, and gather the results.

        The rows are read as they are needed (never all at once), run with up to ``max_concurrency``
        requests at a time (fewer while the service answers 429 or 5xx), and each run is retried on 429,
        503 and connection errors. A row whose run still fails is kept with its error; the others go on.
        See :doc:`/guides/evaluate`.

        Args:
            data: A list (or any iterable) of dicts, a path to a ``.csv`` or ``.jsonl`` file, a pandas
                DataFrame, or a data set id (a ``uuid.UUID``, a UUID as a ``str``, or a data set object).
                Columns named like run inputs (``request``, ``response``, ``contexts``,
                ``expected_output``, ``turns``, ``tools``, ...) are used; other columns are ignored.
                A data set's rows are its items, keyed by the item's id unless ``key`` says otherwise.
            evaluators: Evaluators to run on each row: names (presets or saved evaluators), ids,
                ``Evaluator`` objects or preset runners (``client.evaluators.Helpfulness``).
            judge: A judge to run on each row: a ``Judge``, its id or its name.
            key: The column that identifies a row; ``None``: a hash of the row's inputs.
            mapping: Other column names for run inputs, e.g. ``{"question": "request"}``.
            max_concurrency: The most requests in flight at once.
            journal: A SQLite file that keeps every finished row: a rerun with it runs only the rows
                missing or failed there.
            restart: Start a journal made with other evaluators (or versions) anew, instead of refusing it.
            progress: Show a progress bar on stderr; ``None``: when stderr is a terminal.
            max_retries: How often one run is retried on 429, 503 and connection errors.
            engine: ``"runs"``: one evaluator or judge run per row; ``"batch"``: the rows go to the
                service's batch executions, in chunks, at most ``max_concurrency`` batches at once;
                ``"auto"``: the batch engine for a data set id, the runs otherwise.

        Returns:
            The rows in the order of ``data``, each with its key, inputs and scores.

        Raises:
            InvalidArgumentError: ``data`` is of no accepted kind, a row repeats a key, ``mapping`` names
                no run input, ``engine`` is none of its values, or the journal was made with other
                evaluators (without ``restart``).
            root.errors.NotFoundError: An evaluator, the judge or the data set does not exist.
        """
        from root._evaluate import evaluate

        return evaluate(self, locals())

    async def aevaluate(
        self,
        data: Any,
        *,
        evaluators: Any = None,
        judge: Any = None,
        key: str | None = None,
        mapping: Mapping[str, str] | None = None,
        max_concurrency: int = 8,
        journal: str | os.PathLike[str] | None = None,
        restart: bool = False,
        progress: bool | None = None,
        max_retries: int = 8,
        engine: Literal["auto", "runs", "batch"] = "auto",
    ) -> EvaluationResult:
        """Asynchronously evaluate every row of ``data`` with ``evaluators`` and/or a ``judge``, and gather the results.

        The rows are read as they are needed (never all at once), run with up to ``max_concurrency``
        requests at a time (fewer while the service answers 429 or 5xx), and each run is retried on 429,
        503 and connection errors. A row whose run still fails is kept with its error; the others go on.
        See :doc:`/guides/evaluate`.

        Args:
            data: A list (or any iterable) of dicts, a path to a ``.csv`` or ``.jsonl`` file, a pandas
                DataFrame, or a data set id (a ``uuid.UUID``, a UUID as a ``str``, or a data set object).
                Columns named like run inputs (``request``, ``response``, ``contexts``,
                ``expected_output``, ``turns``, ``tools``, ...) are used; other columns are ignored.
                A data set's rows are its items, keyed by the item's id unless ``key`` says otherwise.
            evaluators: Evaluators to run on each row: names (presets or saved evaluators), ids,
                ``Evaluator`` objects or preset runners (``client.evaluators.Helpfulness``).
            judge: A judge to run on each row: a ``Judge``, its id or its name.
            key: The column that identifies a row; ``None``: a hash of the row's inputs.
            mapping: Other column names for run inputs, e.g. ``{"question": "request"}``.
            max_concurrency: The most requests in flight at once.
            journal: A SQLite file that keeps every finished row: a rerun with it runs only the rows
                missing or failed there.
            restart: Start a journal made with other evaluators (or versions) anew, instead of refusing it.
            progress: Show a progress bar on stderr; ``None``: when stderr is a terminal.
            max_retries: How often one run is retried on 429, 503 and connection errors.
            engine: ``"runs"``: one evaluator or judge run per row; ``"batch"``: the rows go to the
                service's batch executions, in chunks, at most ``max_concurrency`` batches at once;
                ``"auto"``: the batch engine for a data set id, the runs otherwise.

        Returns:
            The rows in the order of ``data``, each with its key, inputs and scores.

        Raises:
            InvalidArgumentError: ``data`` is of no accepted kind, a row repeats a key, ``mapping`` names
                no run input, ``engine`` is none of its values, or the journal was made with other
                evaluators (without ``restart``).
            root.errors.NotFoundError: An evaluator, the judge or the data set does not exist.
        """
        from root._evaluate import aevaluate

        return await aevaluate(self, locals())

    def close(self) -> None:
        """Close the connection pools. Use :meth:`aclose` from async code."""
        self._transport.close()

    async def aclose(self) -> None:
        """Asynchronously close the connection pools, this event loop's session included."""
        await self._transport.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (for a worker process, say) as its configuration alone: the copy builds its own pools and
        # sessions on first use, in its own process. The API key crosses in the pickle, as it must.
        return (_unpickle_client, (type(self), self._options, self._run_async, self._transport.closed))


def _unpickle_client(cls: type[RootSignals], options: ClientOptions, run_async: bool, closed: bool) -> RootSignals:
    """A client like the one pickled (:meth:`RootSignals.__reduce__`), with pools of its own; closed if it was."""
    _configure_logging_from_env()
    client = object.__new__(cls)
    client._init(options, Transport(options), run_async=run_async)
    if closed:
        client.close()
    return client


if not TYPE_CHECKING:
    # The official SDK 1.6's names this module leaves out on purpose say so (root/_official_names.py).
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
