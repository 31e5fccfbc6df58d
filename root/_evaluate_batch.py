"""The service's batch engine for :meth:`root.RootSignals.evaluate`: a data set id, or rows sent in chunks.

Which engine runs (``engine=``): ``"runs"`` makes one evaluator or judge run per row (:mod:`root._evaluate`);
``"batch"`` sends the rows to batch executions (:mod:`root.batch_executions`); ``"auto"`` takes the batch
engine for a data set id and the runs otherwise.

On the batch engine, each evaluator and the judge get their own batches (one per chunk of rows), so that
each score has its own execution log and each batch runs the version the run resolved (a batch gives an
item one execution log; an inline input can name the evaluator's version). A chunk is at most as many
rows as a batch may hold inputs (``BatchExecutionCreateRequest.inputs``' ``maxItems`` in the contract); a
data set is sent as ``dataset_id`` with a ``range`` of its items, never as inputs. At most
``max_concurrency`` batches are in flight (created and not yet finished); each is waited for with
:meth:`root.batch_executions.BatchExecutions.await_` (growing sleeps, ``Retry-After`` honoured), and
creating one is retried on 429 and 503 by the client (``max_retries``). Each row is journalled when the
batches of its chunk have finished; a rerun sends only the rows (and the evaluators of a row) that are
missing or failed.

A data set id is a :class:`uuid.UUID`, a ``str`` that :class:`uuid.UUID` reads, or a data set object the
SDK returned (``client.datasets.get(...)``). A path is never mistaken for one: a path must end in
``.csv`` or ``.jsonl`` (or be a :class:`pathlib.Path`), which no UUID does.
"""

from __future__ import annotations

import asyncio
import typing
import uuid
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from root.errors import InvalidArgumentError, RootSignalsError
from root.evaluation import EvaluationResult, RowResult, ScoreResult

ENGINES: Final = ("auto", "runs", "batch")
"""The values of ``evaluate(engine=...)``."""
POLL_INTERVAL: Final = 1.0
"""Seconds before a batch is read again the first time; later reads are further apart (root._polling)."""
_DATA_SET_MODELS: Final = frozenset({"DataSetList", "DataSetCreate"})
"""The generated classes of the data set objects the SDK returns (``get``, ``list``, ``create``)."""


def _max_length(annotation: Any) -> int | None:
    """The ``max_length`` an (``Optional[Annotated[list, Field(max_length=...)]]``) annotation carries."""
    for part in typing.get_args(annotation):
        for constraint in getattr(part, "metadata", ()) or ():
            value = getattr(constraint, "max_length", None)
            if isinstance(value, int):
                return value
        found = _max_length(part)
        if found is not None:
            return found
    return None


def chunk_size() -> int:
    """The most inputs one batch may hold, as the contract says (``BatchExecutionCreateRequest.inputs``)."""
    from root.generated.openapi_client.models.batch_execution_create_request import BatchExecutionCreateRequest

    found = _max_length(BatchExecutionCreateRequest.model_fields["inputs"].annotation)
    if found is None:  # pragma: no cover - the generated model always carries the spec's maxItems
        raise RuntimeError("the generated BatchExecutionCreateRequest has no maxItems for inputs")
    return found


def _input_fields(input_names: Iterable[str]) -> frozenset[str]:
    """The run inputs a batch's inline input can carry (``BatchExecutionInputRequest``'s fields)."""
    from root.generated.openapi_client.models.batch_execution_input_request import BatchExecutionInputRequest

    return frozenset(BatchExecutionInputRequest.model_fields) & frozenset(input_names)


def dataset_id_of(data: Any) -> str | None:
    """The data set id ``data`` is, or ``None`` when it is no data set id (rows, a path, a DataFrame)."""
    if isinstance(data, uuid.UUID):
        return str(data)
    if isinstance(data, str):
        try:
            return str(uuid.UUID(data.strip()))
        except ValueError:
            return None
    kind = type(data)
    if kind.__name__ in _DATA_SET_MODELS and (kind.__module__ or "").startswith("root.generated."):
        return str(data.id)
    return None


def check_engine(engine: Any) -> str:
    if engine not in ENGINES:
        raise InvalidArgumentError(f"evaluate: engine must be one of {list(ENGINES)}, not {engine!r}")
    return str(engine)


def takes(arguments: Mapping[str, Any]) -> bool:
    """Whether this module evaluates the call: a data set id, or ``engine="batch"``."""
    engine = check_engine(arguments.get("engine", "auto"))
    return engine == "batch" or dataset_id_of(arguments["data"]) is not None


@dataclass(frozen=True)
class RunsEngine:
    """What this module takes from the runs engine (:mod:`root._evaluate`, which calls this one, so it is
    handed over rather than imported): reading rows and keys, resolving evaluators, the progress bar, and
    the runs engine itself, for a data set evaluated row by row."""

    input_names: Sequence[str]
    rows_of: Callable[[Any], tuple[Iterable[Mapping[str, Any]], int | None]]
    check_mapping: Callable[[Any], dict[str, str]]
    inputs_of: Callable[[Mapping[str, Any], Mapping[str, str], int], dict[str, Any]]
    key_of: Callable[[Mapping[str, Any], Mapping[str, Any], str | None, int], str]
    repeated_key: Callable[[int, str, str | None], InvalidArgumentError]
    resolve: Callable[[Any, Any, Any], Awaitable[list[Any]]]
    progress: Callable[[bool | None, int | None], Any]
    evaluate: Callable[[Any, Mapping[str, Any]], Awaitable[EvaluationResult]]
    tasks: Callable[[int], Any]
    scored: Callable[[list[Any], Mapping[str, Any] | None], Any]


# -- the rows ---------------------------------------------------------------------------------------------


@dataclass
class _Row:
    position: int
    key: str
    inputs: dict[str, Any]
    index: int | None  # the item's place in the data set; None for a row sent inline
    stored: Mapping[str, Any] | None
    refused: str | None = None  # why the row cannot be a batch input: it fails alone, not its whole chunk


def _refusal(inputs: Mapping[str, Any]) -> str | None:
    """Why ``inputs`` break the contract's rules for a batch input, or None when they do not."""
    from pydantic import ValidationError

    from root.generated.openapi_client.models.batch_execution_input_request import BatchExecutionInputRequest

    try:
        BatchExecutionInputRequest.model_validate(dict(inputs))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return f"evaluate: this row is no valid batch input: {where}: {first.get('msg')}"
    return None


_ITEM_FIELDS: Final = ("request", "response", "contexts", "expected_output", "turns")
"""The fields of a data set item that are run inputs: what a batch over the data set scores."""


async def _dataset_rows(client: Any, dataset_id: str, key: str | None) -> list[dict[str, Any]]:
    """The data set's items as rows: their id, their inputs, and the ``key`` column when it is not a field."""
    rows = []
    async for item in client.datasets.alist_items(dataset_id, limit=None):
        row: dict[str, Any] = {"id": str(item.id), "external_id": str(item.external_id)}
        for name in _ITEM_FIELDS:
            value = getattr(item, name, None)
            if value not in (None, "", [], {}):
                row[name] = value
        if key is not None and key not in row:
            for extra in (item.variables, item.metadata):
                if isinstance(extra, Mapping) and extra.get(key) not in (None, ""):
                    row[key] = extra[key]
                    break
        rows.append(row)
    return rows


def _read(
    runs: RunsEngine, rows: Iterable[Mapping[str, Any]], arguments: Mapping[str, Any], journal: Any, dataset: bool
) -> Iterator[_Row]:
    mapping = runs.check_mapping(arguments["mapping"])
    key_column = arguments["key"]
    allowed = _input_fields(runs.input_names)
    seen: set[str] = set()
    for position, row in enumerate(rows):
        inputs = runs.inputs_of(row, mapping, position)
        unsent = sorted(set(inputs) - allowed)
        if unsent:
            raise InvalidArgumentError(
                f"evaluate: row {position} has {unsent}, which a batch input cannot carry; "
                "use engine='runs' (the default for rows) to send them"
            )
        key = runs.key_of(row, inputs, key_column, position)
        if key in seen:
            raise runs.repeated_key(position, key, key_column)
        seen.add(key)
        stored = None if journal is None else journal.get(key)
        yield _Row(position, key, inputs, position if dataset else None, stored, None if dataset else _refusal(inputs))


# -- the engine -------------------------------------------------------------------------------------------


async def aevaluate(client: Any, arguments: Mapping[str, Any], runs: RunsEngine) -> EvaluationResult:
    """Evaluate ``client.aevaluate``'s ``arguments`` on the batch engine, or a data set id row by row."""
    engine = check_engine(arguments.get("engine", "auto"))
    dataset_id = dataset_id_of(arguments["data"])
    if dataset_id is not None and arguments["mapping"]:
        raise InvalidArgumentError("evaluate: mapping is for rows you give; a data set's items name their inputs")
    key = arguments["key"]
    if dataset_id is not None and key is None:
        key = "id"
    if dataset_id is not None and engine == "runs":
        rows = await _dataset_rows(client, dataset_id, key)
        return await runs.evaluate(client, {**arguments, "data": rows, "key": key, "engine": "runs"})
    units = await runs.resolve(client, arguments["evaluators"], arguments["judge"])
    data: Iterable[Mapping[str, Any]]
    total: int | None
    if dataset_id is not None:
        items = await _dataset_rows(client, dataset_id, key)
        data, total = items, len(items)
    else:
        data, total = runs.rows_of(arguments["data"])
    journal = None
    if arguments["journal"] is not None:
        from root._journal import Journal

        journal = Journal(arguments["journal"], [unit.describe() for unit in units], restart=arguments["restart"])
    try:
        batches = _Batches(
            client, units, arguments, journal, runs.progress(arguments["progress"], total), dataset_id, runs
        )
        read = _read(runs, data, {**arguments, "key": key}, journal, dataset_id is not None)
        return await batches.go(read, runs.tasks(batches.maximum))
    finally:
        if journal is not None:
            journal.close()


def _done(row: _Row, unit: Any) -> bool:
    return row.stored is not None and bool(row.stored.get("units", {}).get(unit.label))


def _segments(rows: Sequence[_Row]) -> list[list[_Row]]:
    """Rows in runs a batch can take: any rows inline; items of consecutive places of a data set."""
    segments: list[list[_Row]] = []
    for row in rows:
        last = segments[-1][-1] if segments else None
        if last is not None and (row.index is None or (last.index is not None and row.index == last.index + 1)):
            segments[-1].append(row)
        else:
            segments.append([row])
    return segments


def _status(value: Any) -> Any:
    return getattr(value, "value", value)


def _field(result: Any, name: str) -> Any:
    return result.get(name) if isinstance(result, Mapping) else getattr(result, name, None)


Outcome = tuple[bool, dict[str, ScoreResult]]


class _Batches:
    def __init__(
        self,
        client: Any,
        units: list[Any],
        arguments: Mapping[str, Any],
        journal: Any,
        progress: Any,
        dataset_id: str | None,
        runs: RunsEngine,
    ) -> None:
        self.client = client.with_options(max_retries=arguments["max_retries"])
        self.scored = runs.scored
        self.units = units
        self.journal = journal
        self.dataset_id = dataset_id
        self.maximum: int = arguments["max_concurrency"]
        self.in_flight = asyncio.Semaphore(self.maximum)
        self.progress = progress
        self.size = chunk_size()
        self.finished: dict[int, RowResult] = {}

    async def go(self, rows: Iterable[_Row], tasks: Any) -> EvaluationResult:
        """Send ``rows`` in chunks, at most ``max_concurrency`` chunks at once (the rest of the data is read
        as chunks finish, not read whole), through ``tasks`` (the runs engine's bounded task set)."""
        try:
            async with tasks as chunks:
                chunk: list[_Row] = []
                for row in rows:
                    if row.stored is not None and all(_done(row, unit) for unit in self.units):
                        self.finished[row.position] = RowResult.from_dict(row.stored["row"])
                        self.progress.advance(True)
                        continue
                    if row.refused is not None:
                        failed = ScoreResult(error=row.refused, error_type=InvalidArgumentError.__name__)
                        todo = [unit for unit in self.units if not _done(row, unit)]
                        self._finish(row, {unit.label: {row.position: (False, {unit.name: failed})} for unit in todo})
                        continue
                    chunk.append(row)
                    if len(chunk) == self.size:
                        await chunks.start(self._chunk(chunk))
                        chunk = []
                if chunk:
                    await chunks.start(self._chunk(chunk))
        finally:
            self.progress.close()
        return EvaluationResult([self.finished[position] for position in sorted(self.finished)])

    async def _chunk(self, rows: list[_Row]) -> None:
        todo = {unit.label: [row for row in rows if not _done(row, unit)] for unit in self.units}
        ran = await asyncio.gather(*(self._unit(unit, todo[unit.label]) for unit in self.units))
        outcomes = dict(zip((unit.label for unit in self.units), ran, strict=True))
        for row in rows:
            self._finish(row, outcomes)

    def _finish(self, row: _Row, outcomes: Mapping[str, Mapping[int, Outcome]]) -> None:
        scored = self.scored(self.units, row.stored)
        for unit in scored.todo():
            scored.add(unit, outcomes[unit.label][row.position])
        result = scored.row(row.key, row.inputs)
        if self.journal is not None:
            self.journal.record(row.position, result.to_dict(), scored.done, scored.names)
        self.finished[row.position] = result
        self.progress.advance(all(scored.done.values()))

    async def _unit(self, unit: Any, rows: list[_Row]) -> dict[int, Outcome]:
        found: dict[int, Outcome] = {}
        for part in await asyncio.gather(*(self._batch(unit, segment) for segment in _segments(rows))):
            found.update(part)
        return found

    def _request(self, unit: Any, rows: list[_Row]) -> dict[str, Any]:
        what: dict[str, Any]
        if unit.kind == "judge":
            what = {"judge_id": unit.id, "judge_version_id": unit.version_id}
        else:
            what = {"evaluator_ids": [unit.id]}
        first, last = rows[0].index, rows[-1].index
        if first is not None:
            span = {"start": first, "end": first if last is None else last}
            return what | {"dataset_id": self.dataset_id, "range": span}
        version = {"evaluator_version_id": unit.version_id} if unit.kind == "evaluator" and unit.version_id else {}
        return what | {"inputs": [dict(row.inputs) | version for row in rows]}

    async def _batch(self, unit: Any, rows: list[_Row]) -> dict[int, Outcome]:
        async with self.in_flight:
            try:
                started = await self.client.batch_executions.acreate(**self._request(unit, rows))
                detail = await self.client.batch_executions.await_(
                    started.batch_execution_id, timeout=None, poll_interval=POLL_INTERVAL
                )
            except RootSignalsError as error:
                message = getattr(error, "message", None) or str(error)
                failed = {unit.name: ScoreResult(error=message, error_type=type(error).__name__)}
                return {row.position: (False, dict(failed)) for row in rows}
        judge = getattr(detail, "judge", None)
        ran_version = None if judge is None else str(judge.version_id)
        items = {item.index: item for item in detail.items}
        return {row.position: _outcome(unit, row, items.get(offset), ran_version) for offset, row in enumerate(rows)}


def _failure(unit: Any, message: str) -> Outcome:
    return False, {unit.name: ScoreResult(error=message)}


def _outcome(unit: Any, row: _Row, item: Any, judge_version: str | None) -> Outcome:
    """A batch item read back as a run's results: by evaluator name, each with the item's execution log."""
    if item is None:
        return _failure(unit, "The batch did not show this row's item (a batch shows at most its first items).")
    if row.index is not None:
        shown = item.input
        if (shown.request or "") != str(row.inputs.get("request") or "") or (shown.response or "") != str(
            row.inputs.get("response") or ""
        ):
            return _failure(
                unit,
                "The batch scored another item at this place than the data set lists (its request or response"
                " differ): the data set changed while it was evaluated, or the service reads its rows otherwise",
            )
    if unit.kind == "judge" and unit.version_id and judge_version not in (None, str(unit.version_id)):
        return _failure(unit, f"The batch ran version {judge_version} of judge {unit.name!r}, not {unit.version_id}.")
    if _status(item.status) != "completed":
        return _failure(unit, item.error_message or f"The batch's item ended {_status(item.status)!r}.")
    results: dict[str, ScoreResult] = {}
    for result in item.evaluator_results or []:
        ran = _field(result, "evaluator_version_id")
        if unit.kind == "evaluator" and unit.version_id and ran is not None and str(ran) != str(unit.version_id):
            return _failure(
                unit,
                f"The batch ran version {ran} of {unit.name!r}, not {unit.version_id}; a batch over a data set runs"
                " an evaluator's current version: use engine='runs' to run another",
            )
        score = _field(result, "score")
        name = unit.name if unit.kind == "evaluator" else str(_field(result, "evaluator_name"))
        results[name] = ScoreResult(
            score=None if score is None else float(score),
            justification=_field(result, "justification"),
            execution_log_id=None if item.execution_log_id is None else str(item.execution_log_id),
        )
    if not results:
        return _failure(unit, item.error_message or "The batch's item has no result.")
    return True, results
