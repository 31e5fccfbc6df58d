"""The engine of :meth:`root.RootSignals.evaluate`: read the rows, run them with adaptive concurrency,
journal each finished row, and gather an :class:`~root.evaluation.EvaluationResult`.

Retries: the runs go through a copy of the client with ``max_retries=0``, and this module retries them
itself, because it must also *see* each 429 and 5xx to adapt the concurrency (AIMD: halve the limit on
429/5xx, add about one per limit's worth of successes, pause everyone for a ``Retry-After``). So there is
still one retry layer per request: this one, for evaluation runs; the client's for everything else
(resolving evaluators by name, for instance). The waits themselves are :func:`root._retry.retry_delay`'s.

Why retrying a run is safe: an evaluation run changes nothing in the service but adding an execution
log. A run repeated after a lost answer scores the same inputs again and leaves one more log; nothing
is created twice that a user would have to undo.
"""

from __future__ import annotations

import asyncio
import collections
import csv
import hashlib
import json
import math
import os
import sys
import time
import uuid
from collections.abc import Coroutine, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

from pydantic import BaseModel

from root._retry import POST_RETRY_STATUSES, retry_delay
from root.errors import (
    APIConnectionError,
    APIStatusError,
    ClientClosedError,
    InvalidArgumentError,
    RootSignalsError,
)
from root.evaluation import EvaluationResult, RowResult, ScoreResult

INPUT_NAMES: Final = (
    "request",
    "response",
    "contexts",
    "expected_output",
    "turns",
    "tools",
    "functions",
    "variables",
    "tags",
    "system_prompt",
    "user_id",
    "session_id",
)
"""The run inputs a row's columns can map to."""
_LIST_INPUTS: Final = frozenset({"contexts", "turns", "tools", "functions", "tags"})
_JUDGE_INPUTS: Final = frozenset(INPUT_NAMES) - {"variables"}
RETRIED_STATUSES: Final = POST_RETRY_STATUSES
"""The statuses after which a run (a POST) is retried, besides connection errors: the service did not act."""
DEFAULT_MAX_CONCURRENCY: Final = 8
DEFAULT_MAX_RETRIES: Final = 8
ACCEPTED: Final = (
    "a list (or any iterable) of dicts, a path (str or pathlib.Path) to a .csv or .jsonl file, a data set id,"
    " or a pandas DataFrame"
)


# -- the rows ---------------------------------------------------------------------------------------------


def _rows_of(data: Any) -> tuple[Iterable[Mapping[str, Any]], int | None]:
    """The rows of ``data``, lazily, and how many there are when that is known without reading them."""
    if isinstance(data, (str, os.PathLike)):
        return _file_rows(Path(os.fspath(data))), None
    module = type(data).__module__ or ""
    if module.startswith("pandas") and hasattr(data, "iterrows"):
        return _frame_rows(data), len(data)
    if isinstance(data, (bytes, bytearray, Mapping)) or not isinstance(data, Iterable):
        raise InvalidArgumentError(f"evaluate: data must be {ACCEPTED}; not {type(data).__name__}")
    total = len(data) if isinstance(data, (list, tuple)) else None
    return data, total


def _file_rows(path: Path) -> Iterator[Mapping[str, Any]]:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson"):
        raise InvalidArgumentError(
            f"evaluate: data must be {ACCEPTED}; {str(path)!r} is neither a .csv nor a .jsonl path"
            " nor a data set id (a UUID)"
        )
    if not path.is_file():
        raise InvalidArgumentError(f"evaluate: no file at {str(path)!r}")
    return _read_csv(path) if suffix == ".csv" else _read_jsonl(path)


def _read_csv(path: Path) -> Iterator[Mapping[str, Any]]:
    with open(path, newline="", encoding="utf-8-sig") as stream:
        for row in csv.DictReader(stream):
            yield {name: value for name, value in row.items() if name is not None and value not in (None, "")}


def _read_jsonl(path: Path) -> Iterator[Mapping[str, Any]]:
    with open(path, encoding="utf-8") as stream:
        yield from json_lines(stream, f"evaluate: {str(path)!r}")


def json_lines(lines: Iterable[str], where: str) -> Iterator[Mapping[str, Any]]:
    """The JSON objects of ``lines``, one a line (blank lines skipped), read as they are needed.

    Raises:
        InvalidArgumentError: A line is not a JSON object; the message names ``where`` and the line.
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as error:
            raise InvalidArgumentError(f"{where}, line {number} is not JSON ({error})") from None
        if not isinstance(row, dict):
            raise InvalidArgumentError(f"{where}, line {number} is not a JSON object")
        yield row


def _frame_rows(frame: Any) -> Iterator[Mapping[str, Any]]:
    for _, series in frame.iterrows():
        row = {}
        for name, value in series.items():
            if isinstance(value, float) and math.isnan(value):
                continue
            row[str(name)] = value
        yield row


def _check_mapping(mapping: Mapping[str, str] | None) -> dict[str, str]:
    if mapping is None:
        return {}
    if not isinstance(mapping, Mapping):
        raise InvalidArgumentError("evaluate: mapping must be a dict of column name -> input name")
    for column, name in mapping.items():
        if name not in INPUT_NAMES:
            raise InvalidArgumentError(
                f"evaluate: mapping sends column {column!r} to {name!r}, which is no run input; "
                f"one of {list(INPUT_NAMES)}"
            )
    return dict(mapping)


def _jsonable(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json", exclude_none=True)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars in a DataFrame
        return value.item()
    return value


def _inputs_of(row: Mapping[str, Any], mapping: Mapping[str, str], position: int) -> dict[str, Any]:
    if not isinstance(row, Mapping):
        raise InvalidArgumentError(f"evaluate: row {position} is a {type(row).__name__}, not a dict")
    inputs: dict[str, Any] = {}
    for column, value in row.items():
        name = mapping.get(column, column if column in INPUT_NAMES else None)
        if name is None or value is None:
            continue
        value = _jsonable(value)
        if name in _LIST_INPUTS and isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    value = json.loads(text)
                except ValueError:
                    raise InvalidArgumentError(
                        f"evaluate: row {position}: {column!r} starts like a JSON list but is not one"
                    ) from None
            elif name in ("contexts", "tags"):
                value = [value]
        if name == "variables" and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise InvalidArgumentError(f"evaluate: row {position}: {column!r} is not a JSON object") from None
        inputs[name] = value
    return inputs


def _repeated_key(position: int, key: str, column: str | None) -> InvalidArgumentError:
    """The error of row ``position`` repeating ``key``, found by ``column`` (None: by the hash of its inputs)."""
    how = f"column {column!r}" if column else "hash of its inputs (the same inputs twice)"
    return InvalidArgumentError(f"evaluate: row {position} repeats the key {key!r} (by the {how})")


def _key_of(row: Mapping[str, Any], inputs: Mapping[str, Any], key: str | None, position: int) -> str:
    if key is None:
        canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    value = row.get(key)
    if value is None or value == "":
        raise InvalidArgumentError(f"evaluate: row {position} has no {key!r} (the key column)")
    value = _jsonable(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


# -- what runs --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """One run per row: an evaluator (a version of it) or a judge."""

    kind: str
    id: str
    version_id: str | None
    name: str

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.id}"

    def describe(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "version_id": self.version_id, "name": self.name}

    async def run(self, client: Any, inputs: Mapping[str, Any]) -> dict[str, ScoreResult]:
        if self.kind == "evaluator":
            result = await client.evaluators.arun(self.id, evaluator_version_id=self.version_id, **inputs)
            return {
                self.name: ScoreResult(
                    score=result.score, justification=result.justification, execution_log_id=result.execution_log_id
                )
            }
        answer = await client.judges.arun(self.id, **{k: v for k, v in inputs.items() if k in _JUDGE_INPUTS})
        return {
            item.evaluator_name: ScoreResult(
                score=item.score, justification=item.justification, execution_log_id=answer.execution_log_id
            )
            for item in answer.evaluator_results
        }


def _is_id(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


async def _resolve_evaluator(client: Any, spec: Any) -> _Unit:
    from root._presets import load_presets
    from root.skills import Evaluator, PresetEvaluatorRunner

    if isinstance(spec, Evaluator):
        return _Unit("evaluator", str(spec.id), spec.version_id, spec.name)
    if isinstance(spec, PresetEvaluatorRunner):
        evaluator_id, version = spec.evaluator_id, spec.evaluator_version_id
    elif isinstance(spec, uuid.UUID):
        evaluator_id, version = str(spec), None
    elif isinstance(spec, str) and spec.strip():
        presets = {preset.name.lower(): preset.id for preset in load_presets()}
        if _is_id(spec):
            evaluator_id, version = spec, None
        elif spec.lower() in presets:
            evaluator_id, version = presets[spec.lower()], None
        else:
            found = await client.evaluators.aget_by_name(spec)
            return _Unit("evaluator", str(found.id), found.version_id, found.name)
    else:
        raise InvalidArgumentError(
            "evaluate: each of evaluators must be a name, an id, an Evaluator or a preset runner "
            f"(client.evaluators.Helpfulness); not {type(spec).__name__}"
        )
    described = await client.evaluators.aget(evaluator_id)
    chosen = str(version) if version is not None else described.version_id
    return _Unit("evaluator", str(described.id), chosen, described.name)


async def _resolve_judge(client: Any, spec: Any) -> _Unit:
    from root.judges import AJudge, Judge

    if isinstance(spec, (Judge, AJudge)) and spec.version_id is not None:
        return _Unit("judge", str(spec.id), spec.version_id, spec.name)
    if isinstance(spec, (Judge, AJudge, uuid.UUID)) or (isinstance(spec, str) and _is_id(spec)):
        judge_id = str(spec.id) if isinstance(spec, (Judge, AJudge)) else str(spec)
    elif isinstance(spec, str) and spec.strip():
        listed = [judge async for judge in client.judges.alist(name=spec, limit=2)]
        if not listed:
            from root.errors import NameNotFoundError

            raise NameNotFoundError(f"No judge found with name '{spec}'", status_code=404)
        judge_id = str(listed[0].id)
    else:
        raise InvalidArgumentError(f"evaluate: judge must be a Judge, its id or its name; not {type(spec).__name__}")
    judge = await client.judges.aget(judge_id)
    return _Unit("judge", str(judge.id), judge.version_id, judge.name)


async def _resolve(client: Any, evaluators: Any, judge: Any) -> list[_Unit]:
    if evaluators is None:
        specs: list[Any] = []
    elif isinstance(evaluators, (str, uuid.UUID, BaseModel)) or not isinstance(evaluators, Iterable):
        specs = [evaluators]  # one evaluator (a pydantic model is iterable, but it is one)
    else:
        specs = list(evaluators)
    units = [await _resolve_evaluator(client, spec) for spec in specs]
    if judge is not None:
        units.append(await _resolve_judge(client, judge))
    if not units:
        raise InvalidArgumentError("evaluate: give evaluators=[...], a judge=..., or both")
    labels = [unit.label for unit in units]
    if len(set(labels)) != len(labels):
        raise InvalidArgumentError("evaluate: the same evaluator or judge is given twice")
    names = [unit.name for unit in units if unit.kind == "evaluator"]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise InvalidArgumentError(
            f"evaluate: two evaluators are named {twice[0]!r}; a row's scores are keyed by name, so run them apart"
        )
    return units


# -- sending the runs -------------------------------------------------------------------------------------

_EXECUTE: Final = "evaluators_execute_create"


class _Sender:
    """Sends a run's evaluator runs over one asynchronous API client, entered once for the whole run.

    ``client.evaluators.arun`` per row and evaluator would check and build the whole request anew each
    time (the path, the headers, every argument) and enter the client context each time. Here each
    evaluator's request is built once, by the SDK's own operation machinery (``Operations.prepare`` and
    its serializer); each row's inputs are checked once against the contract, whatever the number of
    evaluators, by the generated request model (:meth:`body`); and each answer is read as ``arun``
    reads it (``read_response`` into the generated result). A judge runs through ``client.judges.arun``.
    """

    def __init__(self, client: Any, api_client: Any, units: list[_Unit]) -> None:
        from root._operations import _generated

        self.client = client
        self.api_client = api_client
        self.operations = client.evaluators._operations
        self.generated = _generated(self.operations.api, _EXECUTE, True)
        body = self.generated.body
        if body is None:
            raise RootSignalsError(f"internal error: {_EXECUTE} has no request body in the generated code")
        self.body_model: Any = body[1]
        self.flat = _flat_fields(self.body_model)
        self.timeout = self.operations.call_options.timeout_pair(None)
        self.requests: dict[str, tuple[str, str, dict[str, Any]]] = {}
        for unit in units:
            if unit.kind == "evaluator":
                self.requests[unit.label] = self._request(unit)

    def _request(self, unit: _Unit) -> tuple[str, str, dict[str, Any]]:
        arguments = {"evaluator_id": unit.id, "evaluator_version_id": unit.version_id, "request": "-"}
        request = self.operations.prepare(_EXECUTE, arguments, {"id": "evaluator_id"})
        method, url, headers, _, _ = self.operations._serialize(self.generated, self.api_client, request)
        return method, url, dict(headers)

    def body(self, inputs: Mapping[str, Any]) -> dict[str, Any] | RootSignalsError:
        """The JSON body of a row's evaluator runs (without the version), or why the row cannot be run.

        A row of plain fields only (see :func:`_flat_fields`), the usual kind, is checked by the generated
        request model as it is and sent as it is; any other goes through ``request_body`` and the
        generated serializer, as ``arun`` sends it.
        """
        from pydantic import ValidationError

        from root._operations import request_body
        from root.errors import invalid_argument_from_validation
        from root.skills import _execution

        try:
            arguments = _execution(inputs)
            fields = {name: value for name, value in arguments.items() if value is not None}
            if fields.keys() <= self.flat:
                try:
                    self.body_model.model_validate(fields)
                except ValidationError as exc:
                    raise invalid_argument_from_validation(exc) from None
                return fields
            model = request_body(self.body_model, arguments, clearing=False)
        except RootSignalsError as error:
            return error
        return dict(self.api_client.sanitize_for_serialization(model))

    async def run(
        self, unit: _Unit, inputs: Mapping[str, Any], body: dict[str, Any] | RootSignalsError
    ) -> dict[str, ScoreResult]:
        """One unit's run of one row.

        Raises:
            RootSignalsError: The run failed (the row's inputs break the contract, or the service refused).
        """
        if unit.kind != "evaluator":
            return await unit.run(self.client, inputs)
        if isinstance(body, RootSignalsError):
            raise body
        from root._operations import read_response

        method, url, headers = self.requests[unit.label]
        if unit.version_id is not None:
            body = {**body, "evaluator_version_id": unit.version_id}
        response = await self.api_client.call_api(method, url, dict(headers), body, None, _request_timeout=self.timeout)
        result = read_response(response, self.generated.returns, _EXECUTE)
        return {
            unit.name: ScoreResult(
                score=result.score, justification=result.justification, execution_log_id=result.execution_log_id
            )
        }


def _flat_fields(model: Any) -> frozenset[str]:
    """The fields of request ``model`` whose value the model checks and the service takes as given: no
    nested model (whose dict form the serializer would rebuild), no id (which ``request_body`` checks
    apart), nothing an older SDK's value is translated for."""
    from root._operations import _model_class, _uuid_fields
    from root._translations import TODAY

    ids = _uuid_fields("schemas", model.__name__)
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if field.alias in (None, name)
        and name not in ids
        and (model.__name__, name) not in TODAY
        and _model_class(field.annotation) is None
    )


# -- adaptive concurrency ---------------------------------------------------------------------------------


class _Tasks:
    """The tasks of a run, at most ``limit`` at once: :meth:`start` waits for a free slot.

    Leaving the ``async with`` block waits for every started task, so that rows already sent finish (and
    are journalled) even when the block failed, say reading the data; when that wait is itself interrupted
    (a task failed, ``KeyboardInterrupt``, cancellation), the tasks left are cancelled and awaited.
    """

    def __init__(self, limit: int) -> None:
        self.slots = asyncio.Semaphore(limit)
        self.tasks: set[asyncio.Task[None]] = set()

    async def start(self, work: Coroutine[Any, Any, None]) -> None:
        await self.slots.acquire()
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self.tasks.discard(task)
        self.slots.release()

    async def __aenter__(self) -> _Tasks:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            if self.tasks:
                await asyncio.gather(*list(self.tasks))
        except BaseException:
            for task in list(self.tasks):
                task.cancel()
            if self.tasks:
                await asyncio.gather(*list(self.tasks), return_exceptions=True)
            raise


class _Limiter:
    """At most ``limit`` requests at once, AIMD: halve on 429/5xx, grow by ``1/limit`` per success, up to
    ``maximum``; a ``Retry-After`` pauses every new request until it has passed.

    Waiters are served first come, first served, and a freed slot is handed to one waiter (not raced for
    by all of them), so a release wakes one task rather than every waiting one."""

    def __init__(self, maximum: int) -> None:
        self.maximum = maximum
        self.limit = float(maximum)
        self.in_flight = 0
        self.peak = 0
        self.resume_at = 0.0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def acquire(self) -> None:
        while True:
            pause = self.resume_at - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
                continue
            if not self._waiters and self.in_flight < max(1, int(self.limit)):
                self._take()
                return
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except BaseException:
                if waiter.done() and not waiter.cancelled():
                    self.release()  # a slot was handed over just as this task was cancelled
                elif waiter in self._waiters:
                    self._waiters.remove(waiter)
                raise
            if self.resume_at <= time.monotonic():
                return  # the slot handed over by _wake
            self.release()  # a pause began meanwhile: wait for it like everyone else

    def _take(self) -> None:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)

    def release(self) -> None:
        self.in_flight -= 1
        self._wake()

    def _wake(self) -> None:
        while self._waiters and self.in_flight < max(1, int(self.limit)):
            waiter = self._waiters.popleft()
            if not waiter.done():
                self._take()
                waiter.set_result(None)

    def succeeded(self) -> None:
        if self.limit < self.maximum:
            self.limit = min(float(self.maximum), self.limit + 1.0 / self.limit)
            self._wake()

    def backed_off(self, retry_after: float | None) -> None:
        self.limit = max(1.0, self.limit / 2.0)
        if retry_after is not None:
            self.resume_at = max(self.resume_at, time.monotonic() + retry_after)


def _retry_after(error: RootSignalsError) -> float | None:
    if isinstance(error, APIStatusError) and error.headers.get("retry-after") is not None:
        from root._retry import parse_retry_after

        return parse_retry_after(error.headers.get("retry-after"))
    return None


def _pressure(error: RootSignalsError) -> bool:
    """Whether ``error`` says the service is overloaded (so the concurrency should come down)."""
    if isinstance(error, APIStatusError):
        return error.status_code == 429 or error.status_code >= 500
    return isinstance(error, APIConnectionError) and not isinstance(error, ClientClosedError)


def _retried(error: RootSignalsError) -> bool:
    if isinstance(error, APIStatusError):
        return error.status_code in RETRIED_STATUSES
    return isinstance(error, APIConnectionError) and not isinstance(error, ClientClosedError)


# -- progress ---------------------------------------------------------------------------------------------


class _Progress:
    """Rows done, rate, errors and ETA on stderr: with tqdm when it is installed, else one own line."""

    def __init__(self, enabled: bool | None, total: int | None, stream: TextIO | None = None) -> None:
        stream = sys.stderr if stream is None else stream
        self.enabled = stream.isatty() if enabled is None else bool(enabled)
        self.total = total
        self.stream = stream
        self.done = 0
        self.errors = 0
        self.started = time.monotonic()
        self._shown = 0.0
        self._bar: Any = None
        if self.enabled:
            import importlib

            try:
                tqdm = importlib.import_module("tqdm").tqdm
            except ImportError:
                pass
            else:
                self._bar = tqdm(total=total, unit="row", file=stream, desc="evaluate")

    def advance(self, ok: bool) -> None:
        self.done += 1
        self.errors += not ok
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(1)
            if not ok:
                self._bar.set_postfix(errors=self.errors)
            return
        now = time.monotonic()
        if now - self._shown >= 0.2:
            self._shown = now
            self._line(now)

    def _line(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        count = f"{self.done}/{self.total}" if self.total is not None else f"{self.done}"
        eta = ""
        if self.total is not None and rate > 0:
            eta = f", ETA {max(self.total - self.done, 0) / rate:.0f} s"
        self.stream.write(f"\revaluate: {count} rows, {rate:.1f} rows/s, {self.errors} errors{eta}   ")
        self.stream.flush()

    def close(self) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.close()
            return
        self._line(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()


# -- the run ----------------------------------------------------------------------------------------------


def _check_options(arguments: Mapping[str, Any]) -> None:
    maximum = arguments["max_concurrency"]
    if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 1:
        raise InvalidArgumentError(f"evaluate: max_concurrency must be an int of at least 1, not {maximum!r}")
    retries = arguments["max_retries"]
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise InvalidArgumentError(f"evaluate: max_retries must be an int of at least 0, not {retries!r}")
    key = arguments["key"]
    if key is not None and not isinstance(key, str):
        raise InvalidArgumentError(f"evaluate: key must be a column name (str), not {type(key).__name__}")


async def aevaluate(client: Any, arguments: Mapping[str, Any]) -> EvaluationResult:
    """Run ``client.aevaluate`` with its ``arguments`` (its ``locals()``)."""
    _check_options(arguments)
    from root import _evaluate_batch

    if _evaluate_batch.takes(arguments):  # a data set id, or engine="batch"
        runs = _evaluate_batch.RunsEngine(
            INPUT_NAMES,
            _rows_of,
            _check_mapping,
            _inputs_of,
            _key_of,
            _repeated_key,
            _resolve,
            _Progress,
            aevaluate,
            _Tasks,
            _Scored,
        )
        return await _evaluate_batch.aevaluate(client, arguments, runs)
    mapping = _check_mapping(arguments["mapping"])
    rows, total = _rows_of(arguments["data"])
    units = await _resolve(client, arguments["evaluators"], arguments["judge"])
    return await _journalled(client, units, arguments, mapping, rows, total)


async def _journalled(
    client: Any,
    units: list[_Unit],
    arguments: Mapping[str, Any],
    mapping: Mapping[str, str],
    rows: Iterable[Mapping[str, Any]],
    total: int | None,
) -> EvaluationResult:
    """Run the rows into the ``journal`` (a temporary one when none is given), and return a result that
    reads them back from it: the finished rows are never all held in memory."""
    from root import _journal

    temporary = arguments["journal"] is None
    path = _journal.temporary_path() if temporary else os.fspath(arguments["journal"])
    try:
        journal = _journal.Journal(
            path, [unit.describe() for unit in units], restart=arguments["restart"], durable=not temporary
        )
    except BaseException:
        if temporary:
            _journal.remove(path)
        raise
    run = _Run(client, units, arguments, mapping, journal, total)
    try:
        try:
            length = await run.go(rows)
        finally:
            journal.close()
    except BaseException:
        if temporary:
            _journal.remove(path)
        raise
    stored = _journal.StoredRows(path, length, list(run.names), temporary=temporary)
    return EvaluationResult._from_store(stored)


class _Scored:
    """A row's scores as they come together: those its journal kept of the units that finished before
    (``stored``, or None), then each unit's outcome of this run (:meth:`add`), in the units' order."""

    def __init__(self, units: list[Any], stored: Mapping[str, Any] | None) -> None:
        self.units = units
        self.done: dict[str, bool] = {}
        self.names: dict[str, list[str]] = {}
        self.scores: dict[str, ScoreResult] = {}
        if stored is not None:
            earlier = RowResult.from_dict(stored["row"])
            earlier_names = dict(stored.get("names", {}))
            for unit in units:
                if stored.get("units", {}).get(unit.label):
                    self.done[unit.label] = True
                    self.names[unit.label] = list(earlier_names.get(unit.label, []))
                    self.scores.update({n: earlier.scores[n] for n in self.names[unit.label] if n in earlier.scores})

    def todo(self) -> list[Any]:
        """The units still to run."""
        return [unit for unit in self.units if not self.done.get(unit.label)]

    def add(self, unit: Any, outcome: tuple[bool, dict[str, ScoreResult]]) -> None:
        ok, results = outcome
        self.done[unit.label] = ok
        self.names[unit.label] = list(results)
        self.scores.update(results)

    def row(self, key: str, inputs: dict[str, Any]) -> RowResult:
        ordered = {}
        for unit in self.units:
            ordered.update({name: self.scores[name] for name in self.names.get(unit.label, []) if name in self.scores})
        return RowResult(key=key, inputs=inputs, scores=ordered)


class _Run:
    def __init__(
        self,
        client: Any,
        units: list[_Unit],
        arguments: Mapping[str, Any],
        mapping: Mapping[str, str],
        journal: Any,
        total: int | None,
    ) -> None:
        self.client = client.with_options(max_retries=0)
        self.units = units
        self.key = arguments["key"]
        self.mapping = mapping
        self.max_retries: int = arguments["max_retries"]
        self.maximum: int = arguments["max_concurrency"]
        self.journal = journal
        self.limiter = _Limiter(self.maximum)
        self.progress = _Progress(arguments["progress"], total)
        self.sender: _Sender
        self.names: dict[str, None] = {}
        """The evaluators' names the rows were scored by, in the order they first appear."""

    async def go(self, rows: Iterable[Mapping[str, Any]]) -> int:
        """Run every row into the journal; the number of rows."""
        async with self.client.client_context() as api_client:
            self.sender = _Sender(self.client, api_client, self.units)
            return await self._go(rows)

    async def _go(self, rows: Iterable[Mapping[str, Any]]) -> int:
        count = 0
        try:
            async with _Tasks(self.maximum) as tasks:
                for position, row in enumerate(rows):
                    inputs = _inputs_of(row, self.mapping, position)
                    key = _key_of(row, inputs, self.key, position)
                    if not self.journal.claim(position, key):
                        raise _repeated_key(position, key, self.key)
                    count = position + 1
                    stored = self.journal.get(key)
                    done = {} if stored is None else dict(stored.get("units", {}))
                    if stored is not None and all(done.get(unit.label) for unit in self.units):
                        self.names.update(dict.fromkeys(stored["row"].get("scores", {})))
                        self.progress.advance(True)
                        continue
                    await tasks.start(self._row(position, key, inputs, stored))
        finally:
            self.progress.close()
        return count

    async def _row(self, position: int, key: str, inputs: dict[str, Any], stored: Mapping[str, Any] | None) -> None:
        scored = _Scored(self.units, stored)
        todo = scored.todo()
        body = self.sender.body(inputs) if self.sender.requests else {}  # a judge alone needs none
        if len(todo) == 1:
            outcomes = [await self._unit(todo[0], inputs, body)]
        else:
            outcomes = await asyncio.gather(*(self._unit(unit, inputs, body) for unit in todo))
        for unit, outcome in zip(todo, outcomes, strict=True):
            scored.add(unit, outcome)
        row = scored.row(key, inputs)
        self.names.update(dict.fromkeys(row.scores))
        self.journal.record(position, row.to_dict(), scored.done, scored.names)
        self.progress.advance(all(scored.done.values()))

    async def _unit(
        self, unit: _Unit, inputs: Mapping[str, Any], body: dict[str, Any] | RootSignalsError
    ) -> tuple[bool, dict[str, ScoreResult]]:
        attempt = 0
        while True:
            await self.limiter.acquire()
            try:
                results = await self.sender.run(unit, inputs, body)
            except RootSignalsError as error:
                failure = error
            else:
                self.limiter.succeeded()
                return True, results
            finally:
                self.limiter.release()
            if _pressure(failure):
                self.limiter.backed_off(_retry_after(failure))
            delay = retry_delay(attempt, failure) if _retried(failure) and attempt < self.max_retries else None
            if delay is None:
                message = getattr(failure, "message", None) or str(failure)
                return False, {unit.name: ScoreResult(error=message, error_type=type(failure).__name__)}
            attempt += 1
            await asyncio.sleep(delay)


def evaluate(client: Any, arguments: Mapping[str, Any]) -> EvaluationResult:
    """Run ``client.evaluate``: the asynchronous engine on a loop of its own (in this thread, or in a
    worker thread when this one already runs a loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(aevaluate(client, arguments))
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="root-signals-evaluate") as pool:
        return pool.submit(asyncio.run, aevaluate(client, arguments)).result()
