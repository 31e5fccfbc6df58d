"""The Evaluators sub-API: create, run and calibrate evaluators, and run the service's preset ones.

Reach it as ``RootSignals().evaluators``. Every method has an asynchronous twin whose name starts with
``a`` (``run`` / ``arun``), with the same parameters and defaults.

The service's preset evaluators are attributes: ``client.evaluators.Helpfulness(response=...)`` runs
one synchronously and ``await client.evaluators.Helpfulness.arun(response=...)`` asynchronously; with
``RootSignals(run_async=True)``, as in the official SDK, calling the attribute itself returns an
awaitable. ``Evaluators.Eval`` lists them with their ids. Their names, ids and inputs come from the
table the package ships (``root/presets.json``, read by :func:`root._presets.load_presets`).
"""

# Names, parameters and defaults follow the official SDK 1.6, so a program written for it runs unchanged.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

import asyncio
import contextlib
import enum
import functools
import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Iterator, List, Literal, Optional, Union

from pydantic import BaseModel, PrivateAttr

from root._operations import Operations, checks_at_call
from root._presets import Preset, load_presets
from root.errors import ClientModeError, InvalidArgumentError, NameNotFoundError
from root.generated.openapi_aclient.models.evaluator_calibration_output import (
    EvaluatorCalibrationOutput as AEvaluatorCalibrationOutput,
)
from root.generated.openapi_client.models.evaluator import Evaluator as GeneratedEvaluator
from root.generated.openapi_client.models.evaluator_calibration_output import EvaluatorCalibrationOutput

if TYPE_CHECKING:
    import uuid

    from typing_extensions import Self

    from root._preset_attributes import PresetAttributes as _PresetAttributes
    from root.generated.openapi_aclient.models.calibration_run import CalibrationRun as ACalibrationRun
    from root.generated.openapi_aclient.models.evaluator_list_output import EvaluatorListOutput as AEvaluatorListOutput
    from root.generated.openapi_client.models.calibration_run import CalibrationRun
    from root.generated.openapi_client.models.evaluator_execution_result import EvaluatorExecutionResult
    from root.generated.openapi_client.models.evaluator_list_output import EvaluatorListOutput
    from root.generated.openapi_client.models.paginated_evaluator_list import PaginatedEvaluatorList
    from root.multiturn import AnyTurn, Tool
    from root.utils import ClientContextCallable
else:
    _PresetAttributes = object

__all__ = [
    "ACalibrateBatchParameters",
    "ACalibrateBatchResult",
    "AEvaluator",
    "APresetEvaluatorRunner",
    "CalibrateBatchParameters",
    "CalibrateBatchResult",
    "Evaluator",
    "EvaluatorDemonstration",
    "EvaluatorNotFoundError",
    "Evaluators",
    "InputVariable",
    "ModelName",
    "ModelParams",
    "PresetEvaluatorRunner",
    "ReferenceVariable",
    "Versions",
]

ModelName = Union[str, Literal["root"]]
"""A model's name: ``"root"`` (the service's choice when the evaluator is created) or any model's name."""

Functions = Optional[List[Any]]
"""Function (tool) definitions: ``EvaluatorExecutionFunctionsRequest`` models of either generated package,
or dicts of the same shape."""


class ModelParams(BaseModel):
    """Additional parameters passed to the model."""

    temperature: Optional[float] = None


class ReferenceVariable(BaseModel):
    """A reference variable: ``name`` in the predicate is filled from the dataset ``dataset_id``."""

    name: str
    dataset_id: str


class InputVariable(BaseModel):
    """An input variable: ``name`` in the predicate is filled from the run's ``variables``."""

    name: str


class EvaluatorDemonstration(BaseModel):
    """An example interaction and the score it deserves, which steers an evaluator's scoring."""

    request: Optional[str] = None
    response: str
    score: float
    justification: Optional[str] = None


EvaluatorNotFoundError = NameNotFoundError
"""No evaluator has the name asked for: :class:`root.errors.NameNotFoundError`, under the name earlier
releases gave it (also a ``ValueError``, as the official SDK's ``get_by_name`` raises)."""


# -- turning the official SDK's argument types into request fields -----------------------------------------


def _plain(value: Any) -> Any:
    """A model of either generated package (or one of ours) as the dict of its fields, for the request body."""
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True, exclude_none=True)
    return value


def _items(values: Optional[Sequence[Any]]) -> Optional[List[Any]]:
    return None if values is None else [_plain(v) for v in values]


def _reference_variables(values: Optional[Sequence[Any]]) -> Optional[List[Any]]:
    if values is None:
        return None
    return [
        {"name": v.name, "dataset": v.dataset_id} if isinstance(v, ReferenceVariable) else _plain(v) for v in values
    ]


def _models(model: Optional[str], fallback_models: Optional[Sequence[str]]) -> Optional[List[str]]:
    if model is None and not fallback_models:
        return None
    return [m for m in [model, *(fallback_models or [])] if m is not None]


def _criteria(predicate: Optional[str], scoring_criteria: Optional[str]) -> Optional[str]:
    """The evaluator's scoring criteria, given as ``predicate`` (the official SDK 1.6's name) or as
    ``scoring_criteria`` (1.15's name, and the contract's).

    Raises:
        InvalidArgumentError: Both are given, with different values.
    """
    if scoring_criteria is None:
        return predicate
    if predicate and predicate != scoring_criteria:
        raise InvalidArgumentError(
            "predicate and scoring_criteria are two names of the same thing: give one of them, not both"
        )
    return scoring_criteria


def _definition(
    *,
    predicate: Optional[str],
    scoring_criteria: Optional[str],
    model: Optional[str],
    fallback_models: Optional[Sequence[str]],
    input_variables: Optional[Sequence[Any]],
    reference_variables: Optional[Sequence[Any]],
    model_params: Any,
    evaluator_demonstrations: Optional[Sequence[Any]],
    demonstration_dataset_id: Any,
) -> Dict[str, Any]:
    """The request fields of an evaluator's definition; ``None`` leaves a field out.

    The predicate (or ``scoring_criteria``, its other name) goes out as ``scoring_criteria``, the field
    the contract requires, and as ``prompt``, the field the service read before it (the official SDK 1.6
    sends only ``prompt``).

    Raises:
        InvalidArgumentError: ``predicate`` and ``scoring_criteria`` differ.
    """
    criteria = _criteria(predicate, scoring_criteria)
    return {
        "prompt": criteria,
        "scoring_criteria": criteria,
        "models": _models(model, fallback_models),
        "input_variables": _items(input_variables),
        "reference_variables": _reference_variables(reference_variables),
        "model_params": _plain(model_params),
        "evaluator_demonstrations": _items(evaluator_demonstrations),
        "demonstration_dataset_id": demonstration_dataset_id,
    }


_PUBLIC_NAMES = {"scoring_criteria": "predicate", "prompt": "predicate", "models": "model"}
"""Request fields that create/update fill from a parameter of another name."""


@contextlib.contextmanager
def _public_names(arguments: Mapping[str, Any]) -> Iterator[None]:
    """Name the parameter, not the request field, when an argument breaks the contract's rules.

    The scoring criteria are named as the caller gave them: ``scoring_criteria`` or ``predicate``.
    """
    names = dict(_PUBLIC_NAMES)
    if arguments.get("scoring_criteria") is not None:
        names.update(scoring_criteria="scoring_criteria", prompt="scoring_criteria")
    try:
        yield
    except InvalidArgumentError as exc:
        parts = str(exc).split("; ")
        renamed = [_public_name(part, names) for part in parts]
        if renamed == parts:
            raise
        # The predicate goes out twice (prompt, scoring_criteria): one message for it is enough.
        raise InvalidArgumentError("; ".join(dict.fromkeys(renamed))) from None


def _public_name(message: str, names: Mapping[str, str]) -> str:
    """One part of an argument error, with a request field's name replaced by the parameter's (``names``)."""
    head, space, rest = message.partition(" ")
    field, dot, path = head.partition(".")
    if field not in names:
        return message
    # ``model`` fills the list ``models``: its item index means nothing to the caller.
    shown_path = "" if field == "models" else f"{dot}{path}"
    return f"{names[field]}{shown_path}{space}{rest}"


def _changes(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """The arguments of ``update`` that change something: those not ``None``, with the definition's fields."""
    definition = _definition(**{k: arguments.get(k) for k in _DEFINITION})
    return {k: v for k, v in {**arguments, **definition}.items() if v is not None}


def _execution(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """A run's arguments, checked: the interaction needs a request, a response or a conversation's turns.

    Every other argument named like a field of the run's request (``turns``, ``tools``, ``user_id``,
    ``file_ids``...) is sent as that field, and checked against the contract before anything is sent.

    Raises:
        InvalidArgumentError: None of ``request``, ``response`` and ``turns`` is given (also a ``ValueError``,
            as the official SDK 1.15 raises).
    """
    if not arguments.get("request") and not arguments.get("response") and not arguments.get("turns"):
        raise InvalidArgumentError("Either response, request, or turns must be provided")
    return {**arguments, "functions": _items(arguments.get("functions"))}


def _test_data(test_dataset_id: object, test_data: object) -> None:
    """Raises: InvalidArgumentError: not exactly one of ``test_dataset_id`` and ``test_data``."""
    if not test_dataset_id and not test_data:
        raise InvalidArgumentError("Either test_dataset_id or test_data must be provided")
    if test_dataset_id and test_data:
        raise InvalidArgumentError("Only one of test_dataset_id or test_data must be provided")


def _calibration(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """The request fields of ``calibrate``: an evaluator definition, and the data to calibrate it on."""
    _test_data(arguments["test_dataset_id"], arguments["test_data"])
    return {
        "name": arguments["name"],
        "test_dataset_id": arguments["test_dataset_id"],
        "test_data": arguments["test_data"],
        "prompt": arguments["prompt"],
        "models": [arguments["model"]],
        "is_evaluator": True,
        "pii_filter": arguments["pii_filter"],
        "objective": {"intent": "Calibration"},
        "reference_variables": _reference_variables(arguments["reference_variables"]),
        "input_variables": _items(arguments["input_variables"]),
        "_request_timeout": arguments["_request_timeout"],
    }


def _run_async(client_context: object) -> bool:
    """Whether the client behind ``client_context`` was made with ``run_async=True``."""
    return getattr(getattr(client_context, "__self__", None), "_run_async", False) is True


# -- calibration in batches ----------------------------------------------------------------------------------


class CalibrateBatchParameters:
    """One evaluator definition of :meth:`Evaluators.calibrate_batch`.

    Args:
        name: The evaluator's name.
        prompt: Its predicate.
        model: The model it runs on.
        pii_filter: Whether personal data is filtered out before the model sees it.
        reference_variables: Its reference variables.
        input_variables: Its input variables.
    """

    def __init__(
        self,
        name: str,
        prompt: str,
        model: ModelName,
        pii_filter: bool = False,
        reference_variables: Optional[List[Any]] = None,
        input_variables: Optional[List[Any]] = None,
    ) -> None:
        self.name = name
        self.prompt = prompt
        self.model = model
        self.pii_filter = pii_filter
        self.reference_variables = reference_variables
        self.input_variables = input_variables

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, model={self.model!r})"


ACalibrateBatchParameters = CalibrateBatchParameters
"""The official SDK's name for the parameters of :meth:`Evaluators.acalibrate_batch`: the same class."""


class CalibrateBatchResult(BaseModel):
    """Every row of a batch calibration, and the error of the scores per model and per predicate.

    ``rms_errors_*`` is the root mean square and ``mae_errors_*`` the mean absolute difference between
    the score obtained and the expected score, over every row of every definition with that model or
    predicate (a missing score counts as 0, as in the official SDK).
    """

    results: List[EvaluatorCalibrationOutput]
    rms_errors_model: Dict[str, float]
    mae_errors_model: Dict[str, float]
    rms_errors_prompt: Dict[str, float]
    mae_errors_prompt: Dict[str, float]


class ACalibrateBatchResult(BaseModel):
    """The result of :meth:`Evaluators.acalibrate_batch`: as :class:`CalibrateBatchResult`."""

    results: List[AEvaluatorCalibrationOutput]
    rms_errors_model: Dict[str, float]
    mae_errors_model: Dict[str, float]
    rms_errors_prompt: Dict[str, float]
    mae_errors_prompt: Dict[str, float]


def _batch_errors(outcomes: Sequence[tuple[CalibrateBatchParameters, Sequence[Any]]]) -> Dict[str, Any]:
    """The fields of a batch result: every row, in the definitions' order, and the error figures."""
    squared: Dict[str, Dict[str, List[float]]] = {"model": defaultdict(list), "prompt": defaultdict(list)}
    absolute: Dict[str, Dict[str, List[float]]] = {"model": defaultdict(list), "prompt": defaultdict(list)}
    rows: List[Any] = []
    for definition, results in outcomes:
        for row in results:
            difference = (row.result.score or 0) - (row.result.expected_score or 0)
            for key, value in (("model", definition.model), ("prompt", definition.prompt)):
                squared[key][value].append(difference**2)
                absolute[key][value].append(abs(difference))
            rows.append(row)
    fields: Dict[str, Any] = {"results": rows}
    for key in ("model", "prompt"):
        fields[f"rms_errors_{key}"] = {k: math.sqrt(sum(v) / len(v)) for k, v in squared[key].items()}
        fields[f"mae_errors_{key}"] = {k: sum(v) / len(v) for k, v in absolute[key].items()}
    return fields


def _run_first_failure_wins(calls: Sequence[Callable[[], Any]], parallel: int) -> List[Any]:
    """Run ``calls`` on up to ``parallel`` threads; their results in order, or the first failure at once.

    At the first failure (or Ctrl-C in the calling thread) no further call starts and the error is raised
    without waiting for the calls still running: their threads are daemons, so they hold up neither
    this call nor the interpreter's exit, and their results are dropped.
    """
    import threading

    results: List[Any] = [None] * len(calls)
    failures: List[BaseException] = []
    pending = list(range(len(calls)))[::-1]
    left = [len(calls)]
    lock = threading.Lock()
    finished = threading.Event()

    def work() -> None:
        while True:
            with lock:
                if failures or not pending:
                    return
                index = pending.pop()
            try:
                result = calls[index]()
            except BaseException as exc:
                with lock:
                    failures.append(exc)
                finished.set()
                return
            with lock:
                results[index] = result
                left[0] -= 1
                if left[0] == 0:
                    finished.set()

    if not calls:
        return results
    for number in range(min(parallel, len(calls))):
        threading.Thread(target=work, name=f"rootsignals-calibrate-{number}", daemon=True).start()
    try:
        finished.wait()
    finally:
        with lock:
            pending.clear()  # on Ctrl-C too: nothing more starts
    if failures:
        raise failures[0]
    return results


def _parallel_requests(parallel_requests: object) -> int:
    if isinstance(parallel_requests, bool) or not isinstance(parallel_requests, int) or parallel_requests < 1:
        raise InvalidArgumentError(f"parallel_requests must be an integer >= 1, not {parallel_requests!r}")
    return parallel_requests


# -- running one evaluator -----------------------------------------------------------------------------------


class _Binding:
    """An :class:`Evaluator`'s link to the client it came from: copies share it, and pickling drops it
    (a client's connections cannot be pickled), so an unpickled evaluator is data only."""

    __slots__ = ("operations",)

    def __init__(self, operations: Optional[Operations] = None) -> None:
        self.operations = operations

    def __deepcopy__(self, memo: Dict[int, Any]) -> _Binding:
        return self

    def __eq__(self, other: object) -> bool:
        # Not data: two evaluators with the same fields are equal whichever client they came from.
        return isinstance(other, _Binding)

    def __hash__(self) -> int:
        return 0

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Binding, ())


class Evaluator(GeneratedEvaluator):
    """An evaluator as the service describes it, which can run itself: :meth:`run` and :meth:`arun`.

    Every field is the generated ``Evaluator``'s. A run uses the version this object describes
    (``version_id``), even after the evaluator changes.
    """

    _binding: _Binding = PrivateAttr(default_factory=_Binding)

    @classmethod
    def _of(cls, described: Any, operations: Operations) -> Self:
        """The evaluator ``described`` (a generated ``Evaluator`` of either package), bound to a client."""
        evaluator = cls.model_validate(described, from_attributes=True)
        evaluator._binding = _Binding(operations)
        return evaluator

    def _bound(self) -> Operations:
        if self._binding.operations is None:
            raise ClientModeError(
                "this Evaluator was not received from a client (or was unpickled); get it with client.evaluators.get"
            )
        return self._binding.operations

    def run(
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Functions = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        *,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        file_ids: Optional[List[Union[str, uuid.UUID]]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> EvaluatorExecutionResult:
        """Run this version of the evaluator on one interaction.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents given to the LLM (for RAG evaluators).
            functions: Function definitions, for evaluators of tool calls.
            expected_output: The output expected.
            variables: Values of the predicate's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            file_ids: Files uploaded with :meth:`root.files.Files.upload` that the evaluator reads.
            project_id: The project the run's execution log belongs to; ``None``: the evaluator's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score, its justification and the execution log's id.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run.
        """
        evaluator_id, evaluator_version_id = str(self.id), str(self.version_id)
        return self._bound().call("evaluators_execute_create", _execution(locals()), id="evaluator_id")  # type: ignore[no-any-return]

    async def arun(
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Functions = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        *,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        file_ids: Optional[List[Union[str, uuid.UUID]]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run this version of the evaluator on one interaction.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents given to the LLM (for RAG evaluators).
            functions: Function definitions, for evaluators of tool calls.
            expected_output: The output expected.
            variables: Values of the predicate's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            file_ids: Files uploaded with :meth:`root.files.Files.upload` that the evaluator reads.
            project_id: The project the run's execution log belongs to; ``None``: the evaluator's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score, its justification and the execution log's id.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run.
        """
        evaluator_id, evaluator_version_id = str(self.id), str(self.version_id)
        return await self._bound().acall("evaluators_execute_create", _execution(locals()), id="evaluator_id")  # type: ignore[no-any-return]


class AEvaluator(Evaluator):
    """What the asynchronous methods return, as in the official SDK: an :class:`Evaluator` in every way
    (every field, ``run`` and ``arun``), under the official name."""


class PresetEvaluatorRunner:
    """Runs one of the service's preset evaluators: call it (or :meth:`run`), or await :meth:`arun`.

    ``client.evaluators.Helpfulness`` is one; its ``__name__`` is the preset's name.

    Args:
        client_context: The client's ``client_context``.
        evaluator_id: The preset's id.
        eval_name: The preset's name.
        evaluator_version_id: A version to run; ``None`` runs the latest.
    """

    def __init__(
        self,
        client_context: ClientContextCallable,
        evaluator_id: str,
        eval_name: str,
        evaluator_version_id: Optional[Union[str, uuid.UUID]] = None,
    ) -> None:
        self.client_context = client_context
        self.evaluator_id = evaluator_id
        self.evaluator_version_id = evaluator_version_id
        self.__name__ = eval_name
        self._operations = Operations.of(self, "EvaluatorsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.__name__}>"

    def run(
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Functions = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        *,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> EvaluatorExecutionResult:
        """Run the preset evaluator on one interaction.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents given to the LLM (for RAG evaluators).
            functions: Function definitions, for evaluators of tool calls.
            expected_output: The output expected.
            variables: Values of the predicate's other variables.
            tags: Tags for the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the evaluator's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score, its justification and the execution log's id.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run, e.g. for a missing input.
        """
        evaluator_id, evaluator_version_id = self.evaluator_id, self.evaluator_version_id
        return self._operations.call("evaluators_execute_create", _execution(locals()), id="evaluator_id")  # type: ignore[no-any-return]

    async def arun(
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Functions = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        *,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run the preset evaluator on one interaction.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents given to the LLM (for RAG evaluators).
            functions: Function definitions, for evaluators of tool calls.
            expected_output: The output expected.
            variables: Values of the predicate's other variables.
            tags: Tags for the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the evaluator's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score, its justification and the execution log's id.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run, e.g. for a missing input.
        """
        evaluator_id, evaluator_version_id = self.evaluator_id, self.evaluator_version_id
        return await self._operations.acall("evaluators_execute_create", _execution(locals()), id="evaluator_id")  # type: ignore[no-any-return]

    __call__ = run


class APresetEvaluatorRunner(PresetEvaluatorRunner):
    """A preset runner of a ``RootSignals(run_async=True)`` client: calling it returns an awaitable.

    Type checkers see the default mode's :class:`PresetEvaluatorRunner`; typed asynchronous code
    awaits :meth:`arun`, which both kinds of runner have.
    """

    async def __call__(  # type: ignore[override]
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Functions = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        *,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run the preset evaluator on one interaction: as :meth:`arun`."""
        return await self.arun(
            response,
            request,
            contexts,
            functions,
            expected_output,
            variables,
            tags,
            turns=turns,
            tools=tools,
            user_id=user_id,
            session_id=session_id,
            system_prompt=system_prompt,
            project_id=project_id,
            _request_timeout=_request_timeout,
        )


class _PresetAttribute:
    """``Evaluators.<preset name>``: the runner of one preset evaluator, for the client's mode."""

    def __init__(self, preset: Preset) -> None:
        self.preset = preset
        self.__doc__ = f"Run the preset evaluator {preset.name} (needs: {', '.join(preset.inputs)})."

    def __get__(self, instance: Optional[Evaluators], owner: type) -> Any:
        if instance is None:
            return self
        runner = PresetEvaluatorRunner
        if _run_async(instance.client_context):
            runner = APresetEvaluatorRunner
        return runner(instance.client_context, self.preset.id, self.preset.name)


# -- the sub-API ---------------------------------------------------------------------------------------------


class Versions:
    """The versions of evaluators: every change to an evaluator keeps the one before as a version.

    Reach it as ``RootSignals().evaluators.versions``.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "EvaluatorsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def list(self, evaluator_id: Union[str, uuid.UUID]) -> PaginatedEvaluatorList:
        """List all versions of an evaluator.

        Every page is fetched: the result holds every version, and its ``next`` is ``None``.

        Args:
            evaluator_id: The evaluator to list the versions of.

        Raises:
            InvalidArgumentError: ``evaluator_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        return self._operations.collect("evaluators_versions_list", locals(), id="evaluator_id")  # type: ignore[no-any-return]

    async def alist(self, evaluator_id: Union[str, uuid.UUID]) -> APaginatedEvaluatorList:
        """Asynchronously list all versions of an evaluator.

        Every page is fetched: the result holds every version, and its ``next`` is ``None``.

        Args:
            evaluator_id: The evaluator to list the versions of.

        Raises:
            InvalidArgumentError: ``evaluator_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        return await self._operations.acollect("evaluators_versions_list", locals(), id="evaluator_id")  # type: ignore[no-any-return]


class Evaluators(_PresetAttributes):
    """Evaluators (sub) API

    The service's preset evaluators are attributes named as in :attr:`Eval`
    (``client.evaluators.Helpfulness``), each a :class:`PresetEvaluatorRunner`.

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self.versions = Versions(client_context)
        self._operations = Operations.of(self, "EvaluatorsApi")
        self._objectives = Operations.of(self, "ObjectivesApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    # -- create, get, list, update, delete ------------------------------------------------------------------

    def _creation(self, arguments: Mapping[str, Any]) -> tuple[Optional[Dict[str, Any]], Dict[str, Any]]:
        """The objective to create first (``None`` when ``objective_id`` is given) and the evaluator's fields.

        Both are checked against the contract here, so that nothing is sent when either breaks it.

        Raises:
            InvalidArgumentError: Both ``intent`` and ``objective_id``, or an argument breaks the API's
                limits.
        """
        name, intent, objective_id = arguments["name"], arguments["intent"], arguments["objective_id"]
        if objective_id is not None and intent:
            raise InvalidArgumentError("Supplying both objective_id and intent is not supported")
        if name is None:
            name = "<unnamed>"
        timeout = arguments["_request_timeout"]
        fields = {
            "name": name,
            "objective_id": objective_id,
            "overwrite": arguments["overwrite"],
            "project_id": arguments["project_id"],
            "_request_timeout": timeout,
            **_definition(**{k: arguments.get(k) for k in _DEFINITION}),
        }
        objective = None
        if objective_id is None:
            objective = {"intent": name if intent is None else intent, "project_id": arguments["project_id"]}
            objective["_request_timeout"] = timeout
            self._objectives.prepare("objectives_create", objective, {})
            fields["objective_id"] = "00000000-0000-0000-0000-000000000000"  # checked now, replaced once created
        with _public_names(arguments):
            self._operations.prepare("evaluators_create", fields, {})
        return objective, fields

    def create(
        self,
        predicate: str = "",
        *,
        name: Optional[str] = None,
        intent: Optional[str] = None,
        model: Optional[ModelName] = None,
        fallback_models: Optional[List[ModelName]] = None,
        reference_variables: Optional[List[Any]] = None,
        input_variables: Optional[List[Any]] = None,
        model_params: Optional[Any] = None,
        evaluator_demonstrations: Optional[List[Any]] = None,
        scoring_criteria: Optional[str] = None,
        demonstration_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        objective_id: Optional[Union[str, uuid.UUID]] = None,
        overwrite: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Evaluator:
        """Create a new evaluator and return it.

        Without ``objective_id``, an objective with the ``intent`` is created first: the contract
        requires the evaluator's ``objective_id``, so this takes two requests.

        Args:
            predicate: What the evaluator asks of the model about an interaction, with placeholders such
                as ``{{request}}`` and ``{{response}}``.
            name: The evaluator's name (default ``<unnamed>``).
            intent: What the evaluator is for (default: its name); not with ``objective_id``.
            model: The model it runs on (``"root"``: the service's choice at creation).
            fallback_models: Models to use when ``model`` fails.
            reference_variables: :class:`ReferenceVariable` (or generated request) items.
            input_variables: :class:`InputVariable` (or generated request) items.
            model_params: A :class:`ModelParams`, e.g. the temperature.
            evaluator_demonstrations: :class:`EvaluatorDemonstration` items that steer its scoring.
            scoring_criteria: The official SDK 1.15's name of ``predicate`` (give one of them).
            demonstration_dataset_id: A dataset of labelled examples whose published annotations the
                service turns into demonstrations when the evaluator runs.
            objective_id: An existing objective to give the evaluator.
            overwrite: Replace an evaluator of the same name.
            project_id: The project to create it in (and the objective made for it); ``None``: the
                organization's default project, if any.
            _request_timeout: Seconds each request may take; ``None`` uses the client's timeout.

        Returns:
            The new evaluator, ready to :meth:`Evaluator.run`.

        Raises:
            InvalidArgumentError: Both ``intent`` and ``objective_id``, a ``predicate`` and a different
                ``scoring_criteria``, or an argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        objective, fields = self._creation(locals())
        if objective is not None:
            fields["objective_id"] = self._objectives.call("objectives_create", objective).id
        return Evaluator._of(self._operations.call("evaluators_create", fields), self._operations)

    async def acreate(
        self,
        predicate: str = "",
        *,
        name: Optional[str] = None,
        intent: Optional[str] = None,
        model: Optional[ModelName] = None,
        fallback_models: Optional[List[ModelName]] = None,
        reference_variables: Optional[List[Any]] = None,
        input_variables: Optional[List[Any]] = None,
        model_params: Optional[Any] = None,
        evaluator_demonstrations: Optional[List[Any]] = None,
        scoring_criteria: Optional[str] = None,
        demonstration_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        objective_id: Optional[Union[str, uuid.UUID]] = None,
        overwrite: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluator:
        """Asynchronously create a new evaluator and return it.

        Without ``objective_id``, an objective with the ``intent`` is created first: the contract
        requires the evaluator's ``objective_id``, so this takes two requests.

        Args:
            predicate: What the evaluator asks of the model about an interaction, with placeholders such
                as ``{{request}}`` and ``{{response}}``.
            name: The evaluator's name (default ``<unnamed>``).
            intent: What the evaluator is for (default: its name); not with ``objective_id``.
            model: The model it runs on (``"root"``: the service's choice at creation).
            fallback_models: Models to use when ``model`` fails.
            reference_variables: :class:`ReferenceVariable` (or generated request) items.
            input_variables: :class:`InputVariable` (or generated request) items.
            model_params: A :class:`ModelParams`, e.g. the temperature.
            evaluator_demonstrations: :class:`EvaluatorDemonstration` items that steer its scoring.
            scoring_criteria: The official SDK 1.15's name of ``predicate`` (give one of them).
            demonstration_dataset_id: A dataset of labelled examples whose published annotations the
                service turns into demonstrations when the evaluator runs.
            objective_id: An existing objective to give the evaluator.
            overwrite: Replace an evaluator of the same name.
            project_id: The project to create it in (and the objective made for it); ``None``: the
                organization's default project, if any.
            _request_timeout: Seconds each request may take; ``None`` uses the client's timeout.

        Returns:
            The new evaluator, ready to :meth:`Evaluator.run`.

        Raises:
            InvalidArgumentError: Both ``intent`` and ``objective_id``, a ``predicate`` and a different
                ``scoring_criteria``, or an argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        objective, fields = self._creation(locals())
        if objective is not None:
            fields["objective_id"] = (await self._objectives.acall("objectives_create", objective)).id
        return AEvaluator._of(await self._operations.acall("evaluators_create", fields), self._operations)

    def get(self, evaluator_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> Evaluator:
        """Get an evaluator by its ID.

        Args:
            evaluator_id: The evaluator to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``evaluator_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        found = self._operations.call("evaluators_retrieve", locals(), id="evaluator_id")
        return Evaluator._of(found, self._operations)

    async def aget(
        self, evaluator_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> AEvaluator:
        """Asynchronously get an evaluator by its ID.

        Args:
            evaluator_id: The evaluator to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``evaluator_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        found = await self._operations.acall("evaluators_retrieve", locals(), id="evaluator_id")
        return AEvaluator._of(found, self._operations)

    def get_by_name(self, name: str) -> Evaluator:
        """Get an evaluator by its name: the first the service lists under that name.

        Args:
            name: The evaluator's name; use it for uniquely named evaluators.

        Raises:
            root.errors.NameNotFoundError: No evaluator has that name (``EvaluatorNotFoundError`` here; also a
                ``ValueError``).
        """
        listed = next(self._operations.iterate("evaluators_list", locals(), limit=1), None)
        if listed is None:
            raise NameNotFoundError(f"No evaluator found with name '{name}'", status_code=404)
        return self.get(listed.id)

    async def aget_by_name(self, name: str) -> AEvaluator:
        """Asynchronously get an evaluator by its name: the first the service lists under that name.

        Args:
            name: The evaluator's name; use it for uniquely named evaluators.

        Raises:
            root.errors.NameNotFoundError: No evaluator has that name (``EvaluatorNotFoundError`` here; also a
                ``ValueError``).
        """
        async for listed in self._operations.aiterate("evaluators_list", locals(), limit=1):
            return await self.aget(listed.id)
        raise NameNotFoundError(f"No evaluator found with name '{name}'", status_code=404)

    def list(
        self,
        search_term: Optional[str] = None,
        *,
        limit: Optional[int] = 100,
        name: Optional[str] = None,
        only_root_evaluators: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
    ) -> Iterator[EvaluatorListOutput]:
        """Iterate through the evaluators.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            search_term: Only the evaluators that match this text.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            name: Only the evaluators with this name.
            only_root_evaluators: Only the service's preset evaluators.
            project_id: Only the evaluators of this project. The root (preset) evaluators are listed too.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        is_root_evaluator = True if only_root_evaluators else None
        return self._operations.iterate("evaluators_list", locals(), limit=limit, search="search_term")

    @checks_at_call("evaluators_list", search="search_term")
    async def alist(
        self,
        search_term: Optional[str] = None,
        *,
        limit: Optional[int] = 100,
        name: Optional[str] = None,
        only_root_evaluators: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
    ) -> AsyncIterator[AEvaluatorListOutput]:
        """Asynchronously iterate through the evaluators.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            search_term: Only the evaluators that match this text.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            name: Only the evaluators with this name.
            only_root_evaluators: Only the service's preset evaluators.
            project_id: Only the evaluators of this project. The root (preset) evaluators are listed too.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        is_root_evaluator = True if only_root_evaluators else None
        async for item in self._operations.aiterate("evaluators_list", locals(), limit=limit, search="search_term"):
            yield item

    def update(
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        change_note: Optional[str] = None,
        fallback_models: Optional[List[ModelName]] = None,
        input_variables: Optional[List[Any]] = None,
        model: Optional[ModelName] = None,
        name: Optional[str] = None,
        predicate: Optional[str] = None,
        reference_variables: Optional[List[Any]] = None,
        model_params: Optional[Any] = None,
        evaluator_demonstrations: Optional[List[Any]] = None,
        scoring_criteria: Optional[str] = None,
        demonstration_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        objective_id: Optional[Union[str, uuid.UUID]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Evaluator:
        """Update an evaluator: change only the fields given. The evaluator gets a new version.

        An argument left ``None`` keeps its value. See :meth:`create` for the arguments.

        Args:
            evaluator_id: The evaluator to update.
            change_note: A note on what changed, kept with the new version.
            fallback_models: Models to use when ``model`` fails.
            input_variables: :class:`InputVariable` (or generated request) items.
            model: The model it runs on.
            name: The evaluator's name.
            predicate: What the evaluator asks of the model.
            reference_variables: :class:`ReferenceVariable` (or generated request) items.
            model_params: A :class:`ModelParams`.
            evaluator_demonstrations: :class:`EvaluatorDemonstration` items.
            scoring_criteria: The official SDK 1.15's name of ``predicate`` (give one of them).
            demonstration_dataset_id: A dataset of labelled examples whose published annotations the
                service turns into demonstrations when the evaluator runs.
            objective_id: Another objective to give the evaluator.
            project_id: The project to move it to; ``None`` leaves it where it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The evaluator after the update.

        Raises:
            InvalidArgumentError: A ``predicate`` and a different ``scoring_criteria``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        with _public_names(locals()):
            updated = self._operations.call("evaluators_partial_update", _changes(locals()), id="evaluator_id")
        return Evaluator._of(updated, self._operations)

    async def aupdate(
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        change_note: Optional[str] = None,
        fallback_models: Optional[List[ModelName]] = None,
        input_variables: Optional[List[Any]] = None,
        model: Optional[ModelName] = None,
        name: Optional[str] = None,
        predicate: Optional[str] = None,
        reference_variables: Optional[List[Any]] = None,
        model_params: Optional[Any] = None,
        evaluator_demonstrations: Optional[List[Any]] = None,
        scoring_criteria: Optional[str] = None,
        demonstration_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        objective_id: Optional[Union[str, uuid.UUID]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluator:
        """Asynchronously update an evaluator: change only the fields given. The evaluator gets a new version.

        An argument left ``None`` keeps its value. See :meth:`create` for the arguments.

        Args:
            evaluator_id: The evaluator to update.
            change_note: A note on what changed, kept with the new version.
            fallback_models: Models to use when ``model`` fails.
            input_variables: :class:`InputVariable` (or generated request) items.
            model: The model it runs on.
            name: The evaluator's name.
            predicate: What the evaluator asks of the model.
            reference_variables: :class:`ReferenceVariable` (or generated request) items.
            model_params: A :class:`ModelParams`.
            evaluator_demonstrations: :class:`EvaluatorDemonstration` items.
            scoring_criteria: The official SDK 1.15's name of ``predicate`` (give one of them).
            demonstration_dataset_id: A dataset of labelled examples whose published annotations the
                service turns into demonstrations when the evaluator runs.
            objective_id: Another objective to give the evaluator.
            project_id: The project to move it to; ``None`` leaves it where it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The evaluator after the update.

        Raises:
            InvalidArgumentError: A ``predicate`` and a different ``scoring_criteria``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        with _public_names(locals()):
            updated = await self._operations.acall("evaluators_partial_update", _changes(locals()), id="evaluator_id")
        return AEvaluator._of(updated, self._operations)

    def delete(self, evaluator_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Delete an evaluator.

        Args:
            evaluator_id: The evaluator to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``evaluator_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        self._operations.call("evaluators_destroy", locals(), id="evaluator_id")

    async def adelete(self, evaluator_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Asynchronously delete an evaluator.

        Args:
            evaluator_id: The evaluator to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``evaluator_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        await self._operations.acall("evaluators_destroy", locals(), id="evaluator_id")

    # -- run ------------------------------------------------------------------------------------------------

    def run(
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        request: Optional[str] = None,
        response: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Functions = None,
        expected_output: Optional[str] = None,
        evaluator_version_id: Optional[Union[str, uuid.UUID]] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> EvaluatorExecutionResult:
        """Run an evaluator on one interaction.

        Args:
            evaluator_id: The evaluator to run.
            request: The prompt sent to the LLM.
            response: The LLM output to evaluate.
            contexts: Documents given to the LLM (for RAG evaluators).
            functions: Function definitions, for evaluators of tool calls.
            expected_output: The output expected.
            evaluator_version_id: The version to run; ``None`` runs the latest.
            variables: Values of the predicate's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the evaluator's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score, its justification and the execution log's id.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run.
        """
        return self._operations.call("evaluators_execute_create", _execution(locals()), id="evaluator_id")  # type: ignore[no-any-return]

    async def arun(
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        request: Optional[str] = None,
        response: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Functions = None,
        expected_output: Optional[str] = None,
        evaluator_version_id: Optional[Union[str, uuid.UUID]] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run an evaluator on one interaction.

        Args:
            evaluator_id: The evaluator to run.
            request: The prompt sent to the LLM.
            response: The LLM output to evaluate.
            contexts: Documents given to the LLM (for RAG evaluators).
            functions: Function definitions, for evaluators of tool calls.
            expected_output: The output expected.
            evaluator_version_id: The version to run; ``None`` runs the latest.
            variables: Values of the predicate's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the evaluator's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score, its justification and the execution log's id.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run.
        """
        return await self._operations.acall("evaluators_execute_create", _execution(locals()), id="evaluator_id")  # type: ignore[no-any-return]

    def run_by_name(
        self,
        name: str,
        *,
        request: Optional[str] = None,
        response: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Functions = None,
        expected_output: Optional[str] = None,
        evaluator_version_id: Optional[Union[str, uuid.UUID]] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> EvaluatorExecutionResult:
        """Run the evaluator with this name on one interaction, a preset's or your own.

        Args:
            name: The evaluator's name.
            request: The prompt sent to the LLM.
            response: The LLM output to evaluate.
            contexts: Documents given to the LLM (for RAG evaluators).
            functions: Function definitions, for evaluators of tool calls.
            expected_output: The output expected.
            evaluator_version_id: The version to run; ``None`` runs the latest.
            variables: Values of the predicate's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the evaluator's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score, its justification and the execution log's id.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.NameNotFoundError: No evaluator has that name.
            root.errors.APIStatusError: The service refused the run.
        """
        return self._operations.call("evaluators_execute_by_name_create", _execution(locals()))  # type: ignore[no-any-return]

    async def arun_by_name(
        self,
        name: str,
        *,
        request: Optional[str] = None,
        response: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Functions = None,
        expected_output: Optional[str] = None,
        evaluator_version_id: Optional[Union[str, uuid.UUID]] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run the evaluator with this name on one interaction, a preset's or your own.

        Args:
            name: The evaluator's name.
            request: The prompt sent to the LLM.
            response: The LLM output to evaluate.
            contexts: Documents given to the LLM (for RAG evaluators).
            functions: Function definitions, for evaluators of tool calls.
            expected_output: The output expected.
            evaluator_version_id: The version to run; ``None`` runs the latest.
            variables: Values of the predicate's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the evaluator's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The score, its justification and the execution log's id.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.NameNotFoundError: No evaluator has that name.
            root.errors.APIStatusError: The service refused the run.
        """
        return await self._operations.acall("evaluators_execute_by_name_create", _execution(locals()))  # type: ignore[no-any-return]

    # -- calibration ----------------------------------------------------------------------------------------

    def calibrate_run(
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        dataset_id: Union[str, uuid.UUID],
        score_config_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> CalibrationRun:
        """Start a calibration run of a saved evaluator against a labelled dataset.

        The official SDK 1.15's name for :meth:`root.calibration_runs.CalibrationRuns.create`, whose
        ``wait`` then reads the run until it is finished.

        Args:
            evaluator_id: The saved evaluator to measure.
            dataset_id: The dataset whose items' published annotations are the human values.
            score_config_id: The score config whose annotations count; ``None``: the default scores.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.BadRequestError: The service refused the run (no such evaluator or dataset ...).
        """
        from root.calibration_runs import CalibrationRuns

        return CalibrationRuns(self.client_context).create(
            evaluator_id=evaluator_id,
            dataset_id=dataset_id,
            score_config_id=score_config_id,
            _request_timeout=_request_timeout,
        )

    async def acalibrate_run(
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        dataset_id: Union[str, uuid.UUID],
        score_config_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> ACalibrationRun:
        """Asynchronously start a calibration run of a saved evaluator against a labelled dataset.

        The official SDK 1.15's name for :meth:`root.calibration_runs.CalibrationRuns.create`, whose
        ``wait`` then reads the run until it is finished.

        Args:
            evaluator_id: The saved evaluator to measure.
            dataset_id: The dataset whose items' published annotations are the human values.
            score_config_id: The score config whose annotations count; ``None``: the default scores.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: An id is malformed; nothing was sent.
            root.errors.BadRequestError: The service refused the run (no such evaluator or dataset ...).
        """
        from root.calibration_runs import CalibrationRuns

        return await CalibrationRuns(self.client_context).acreate(
            evaluator_id=evaluator_id,
            dataset_id=dataset_id,
            score_config_id=score_config_id,
            _request_timeout=_request_timeout,
        )

    def calibrate_existing(
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        test_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        test_data: Optional[List[List[str]]] = None,
        _request_timeout: Optional[float] = None,
    ) -> List[EvaluatorCalibrationOutput]:
        """Run an existing evaluator over test data and compare its scores with the expected ones.

        Args:
            evaluator_id: The evaluator to calibrate.
            test_dataset_id: A dataset of test rows (not with ``test_data``).
            test_data: Test rows, each ``[expected score, request, response, ...]`` (not with
                ``test_dataset_id``).
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per test row: the score, the expected score and the execution log's id.

        Raises:
            InvalidArgumentError: Not exactly one of ``test_dataset_id`` and ``test_data``, or an
                argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        _test_data(test_dataset_id, test_data)
        return self._operations.call("evaluators_calibrate_create_2", locals(), id="evaluator_id")  # type: ignore[no-any-return]

    async def acalibrate_existing(
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        test_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        test_data: Optional[List[List[str]]] = None,
        _request_timeout: Optional[float] = None,
    ) -> List[AEvaluatorCalibrationOutput]:
        """Asynchronously run an existing evaluator over test data and compare its scores with the expected ones.

        Args:
            evaluator_id: The evaluator to calibrate.
            test_dataset_id: A dataset of test rows (not with ``test_data``).
            test_data: Test rows, each ``[expected score, request, response, ...]`` (not with
                ``test_dataset_id``).
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per test row: the score, the expected score and the execution log's id.

        Raises:
            InvalidArgumentError: Not exactly one of ``test_dataset_id`` and ``test_data``, or an
                argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        _test_data(test_dataset_id, test_data)
        return await self._operations.acall("evaluators_calibrate_create_2", locals(), id="evaluator_id")  # type: ignore[no-any-return]

    def calibrate(
        self,
        *,
        name: str,
        test_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        test_data: Optional[List[List[str]]] = None,
        prompt: str,
        model: ModelName,
        pii_filter: bool = False,
        reference_variables: Optional[List[Any]] = None,
        input_variables: Optional[List[Any]] = None,
        _request_timeout: Optional[float] = None,
    ) -> List[EvaluatorCalibrationOutput]:
        """Run an unsaved evaluator definition over test data; compare its scores with the expected ones.

        Args:
            name: The evaluator's name.
            test_dataset_id: A dataset of test rows (not with ``test_data``).
            test_data: Test rows, each ``[expected score, request, response, ...]`` (not with
                ``test_dataset_id``).
            prompt: The evaluator's predicate.
            model: The model it runs on.
            pii_filter: Filter personal data out before the model sees it.
            reference_variables: :class:`ReferenceVariable` (or generated request) items.
            input_variables: :class:`InputVariable` (or generated request) items.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per test row: the score, the expected score and the execution log's id.

        Raises:
            InvalidArgumentError: Not exactly one of ``test_dataset_id`` and ``test_data``, or an
                argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        return self._operations.call("evaluators_calibrate_create", _calibration(locals()))  # type: ignore[no-any-return]

    async def acalibrate(
        self,
        *,
        name: str,
        test_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        test_data: Optional[List[List[str]]] = None,
        prompt: str,
        model: ModelName,
        pii_filter: bool = False,
        reference_variables: Optional[List[Any]] = None,
        input_variables: Optional[List[Any]] = None,
        _request_timeout: Optional[float] = None,
    ) -> List[AEvaluatorCalibrationOutput]:
        """Asynchronously run an unsaved evaluator definition over test data; compare its scores with the expected ones.

        Args:
            name: The evaluator's name.
            test_dataset_id: A dataset of test rows (not with ``test_data``).
            test_data: Test rows, each ``[expected score, request, response, ...]`` (not with
                ``test_dataset_id``).
            prompt: The evaluator's predicate.
            model: The model it runs on.
            pii_filter: Filter personal data out before the model sees it.
            reference_variables: :class:`ReferenceVariable` (or generated request) items.
            input_variables: :class:`InputVariable` (or generated request) items.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per test row: the score, the expected score and the execution log's id.

        Raises:
            InvalidArgumentError: Not exactly one of ``test_dataset_id`` and ``test_data``, or an
                argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        return await self._operations.acall("evaluators_calibrate_create", _calibration(locals()))  # type: ignore[no-any-return]

    def _batch(self, arguments: Mapping[str, Any]) -> List[Dict[str, Any]]:
        """The request fields of every definition of a batch, all checked before anything is sent."""
        _test_data(arguments["test_dataset_id"], arguments["test_data"])
        _parallel_requests(arguments["parallel_requests"])
        batch = []
        for definition in arguments["evaluator_definitions"]:
            fields = _calibration(
                {
                    **{k: arguments[k] for k in ("test_dataset_id", "test_data", "_request_timeout")},
                    **{k: getattr(definition, k) for k in _BATCH_DEFINITION},
                }
            )
            self._operations.prepare("evaluators_calibrate_create", fields, {})
            batch.append(fields)
        return batch

    def calibrate_batch(
        self,
        *,
        evaluator_definitions: List[CalibrateBatchParameters],
        test_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        test_data: Optional[List[List[str]]] = None,
        parallel_requests: int = 1,
        _request_timeout: Optional[float] = None,
    ) -> CalibrateBatchResult:
        """Calibrate several evaluator definitions (predicates, models) on the same test data at once.

        Args:
            evaluator_definitions: The definitions to calibrate.
            test_dataset_id: A dataset of test rows (not with ``test_data``).
            test_data: Test rows, each ``[expected score, request, response, ...]`` (not with
                ``test_dataset_id``).
            parallel_requests: How many calibrations run at once.
            _request_timeout: Seconds each request may take; ``None`` uses the client's timeout.

        Returns:
            Every row, in the definitions' order, and the error of the scores per model and per predicate.

        Raises:
            InvalidArgumentError: Not exactly one of ``test_dataset_id`` and ``test_data``, a
                ``parallel_requests`` below 1, or a definition breaks the API's limits; nothing was sent.
            root.errors.APIError: A calibration failed. It is raised at once: no other calibration starts
                after it, and those still running are not waited for (nor is anything on Ctrl-C).
        """
        batch = self._batch(locals())
        outcomes = _run_first_failure_wins(
            [functools.partial(self._operations.call, "evaluators_calibrate_create", fields) for fields in batch],
            parallel_requests,
        )
        return CalibrateBatchResult(**_batch_errors(list(zip(evaluator_definitions, outcomes, strict=True))))

    async def acalibrate_batch(
        self,
        *,
        evaluator_definitions: List[CalibrateBatchParameters],
        test_dataset_id: Optional[Union[str, uuid.UUID]] = None,
        test_data: Optional[List[List[str]]] = None,
        parallel_requests: int = 1,
        _request_timeout: Optional[float] = None,
    ) -> ACalibrateBatchResult:
        """Asynchronously calibrate several evaluator definitions (predicates, models) on the same test data at once.

        Args:
            evaluator_definitions: The definitions to calibrate.
            test_dataset_id: A dataset of test rows (not with ``test_data``).
            test_data: Test rows, each ``[expected score, request, response, ...]`` (not with
                ``test_dataset_id``).
            parallel_requests: How many calibrations run at once.
            _request_timeout: Seconds each request may take; ``None`` uses the client's timeout.

        Returns:
            Every row, in the definitions' order, and the error of the scores per model and per predicate.

        Raises:
            InvalidArgumentError: Not exactly one of ``test_dataset_id`` and ``test_data``, a
                ``parallel_requests`` below 1, or a definition breaks the API's limits; nothing was sent.
            root.errors.APIError: A calibration failed. It is raised at once: no other calibration starts
                after it, and those still running are not waited for (nor is anything on Ctrl-C).
        """
        batch = self._batch(locals())
        bound = asyncio.Semaphore(parallel_requests)

        async def calibrate(fields: Dict[str, Any]) -> Any:
            async with bound:
                return await self._operations.acall("evaluators_calibrate_create", fields)

        tasks = [asyncio.ensure_future(calibrate(fields)) for fields in batch]
        try:
            outcomes = await asyncio.gather(*tasks)
        except BaseException:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        return ACalibrateBatchResult(**_batch_errors(list(zip(evaluator_definitions, outcomes, strict=True))))

    # -- YAML -----------------------------------------------------------------------------------------------

    def export_yaml(self, evaluator_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> str:
        """Export an evaluator as a YAML document, which :meth:`import_yaml` reads back.

        Args:
            evaluator_id: The evaluator to export.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The YAML document, as text: the evaluator's name, predicate, objective, models,
            demonstrations and calibration rows.

        Raises:
            InvalidArgumentError: ``evaluator_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        return self._operations.call("evaluators_export_retrieve", locals(), id="evaluator_id")  # type: ignore[no-any-return]

    async def aexport_yaml(
        self, evaluator_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> str:
        """Asynchronously export an evaluator as a YAML document, which :meth:`import_yaml` reads back.

        Args:
            evaluator_id: The evaluator to export.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The YAML document, as text: the evaluator's name, predicate, objective, models,
            demonstrations and calibration rows.

        Raises:
            InvalidArgumentError: ``evaluator_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        return await self._operations.acall("evaluators_export_retrieve", locals(), id="evaluator_id")  # type: ignore[no-any-return]

    def import_yaml(
        self,
        yaml: str,
        *,
        overwrite: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Evaluator:
        """Import an evaluator from a YAML document, such as :meth:`export_yaml` returns.

        The evaluator, its demonstrations and its calibration rows are made in one request.

        Args:
            yaml: The YAML document, as text.
            overwrite: Replace the evaluator of the same name, if there is one, instead of adding another.
            project_id: The project the evaluator goes in.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new evaluator, ready to :meth:`Evaluator.run`.

        Raises:
            InvalidArgumentError: ``yaml`` is empty or ``project_id`` is malformed; nothing was sent.
            root.errors.BadRequestError: The service cannot read the document.
        """
        return Evaluator._of(self._operations.call("evaluators_import_yaml_create", locals()), self._operations)

    async def aimport_yaml(
        self,
        yaml: str,
        *,
        overwrite: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluator:
        """Asynchronously import an evaluator from a YAML document, such as :meth:`export_yaml` returns.

        The evaluator, its demonstrations and its calibration rows are made in one request.

        Args:
            yaml: The YAML document, as text.
            overwrite: Replace the evaluator of the same name, if there is one, instead of adding another.
            project_id: The project the evaluator goes in.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new evaluator, ready to :meth:`Evaluator.run`.

        Raises:
            InvalidArgumentError: ``yaml`` is empty or ``project_id`` is malformed; nothing was sent.
            root.errors.BadRequestError: The service cannot read the document.
        """
        imported = await self._operations.acall("evaluators_import_yaml_create", locals())
        return AEvaluator._of(imported, self._operations)


_DEFINITION = (
    "predicate",
    "scoring_criteria",
    "model",
    "fallback_models",
    "input_variables",
    "reference_variables",
    "model_params",
    "evaluator_demonstrations",
    "demonstration_dataset_id",
)
"""The arguments of create/update that make an evaluator's definition (see :func:`_definition`); one a
method does not take (the ``scorable`` face's create has no ``predicate``) counts as ``None``."""

_BATCH_DEFINITION = ("name", "prompt", "model", "pii_filter", "reference_variables", "input_variables")
"""The attributes of a :class:`CalibrateBatchParameters`, as arguments of ``calibrate``."""


def _install_presets(cls: type) -> None:
    """Give ``cls`` one attribute per preset evaluator, ``Eval`` and ``EvaluatorName``, from the table."""
    presets = load_presets()
    for preset in presets:
        setattr(cls, preset.name, _PresetAttribute(preset))
    members = [(p.name, p.id) for p in presets]
    preset_enum = enum.Enum("Eval", members, module=__name__, qualname=f"{cls.__qualname__}.Eval")  # type: ignore[misc]
    preset_enum.__doc__ = "Every preset evaluator of the service, with its id as the value."
    for name, value in (("Eval", preset_enum), ("EvaluatorName", Literal[tuple(p.name for p in presets)])):
        setattr(cls, name, value)


_install_presets(Evaluators)

if TYPE_CHECKING:
    # The official SDK 1.6's other public names of this module, offered lazily (root/_official_names.py).
    from root.generated.openapi_aclient.models.evaluator import Evaluator as _AOpenAPIEvaluator
    from root.generated.openapi_aclient.models.evaluator_execution_functions_request import (
        EvaluatorExecutionFunctionsRequest as _AEvaluatorExecutionFunctionsRequest,
    )
    from root.generated.openapi_aclient.models.evaluator_execution_result import (
        EvaluatorExecutionResult as _AEvaluatorExecutionResult,
    )
    from root.generated.openapi_aclient.models.paginated_evaluator_list import (
        PaginatedEvaluatorList as _APaginatedEvaluatorList,
    )
    from root.generated.openapi_client.models.evaluator_execution_functions_request import (
        EvaluatorExecutionFunctionsRequest as EvaluatorExecutionFunctionsRequest,
    )
    from root.generated.openapi_client.models.evaluator_execution_result import (
        EvaluatorExecutionResult as EvaluatorExecutionResult,
    )
    from root.generated.openapi_client.models.paginated_evaluator_list import (
        PaginatedEvaluatorList as PaginatedEvaluatorList,
    )
    from root.utils import ClientContextCallable as ClientContextCallable
    from root.utils import with_async_client as with_async_client
    from root.utils import with_sync_client as with_sync_client

    AEvaluatorExecutionFunctionsRequest = _AEvaluatorExecutionFunctionsRequest
    AEvaluatorExecutionResult = _AEvaluatorExecutionResult
    AOpenAPIEvaluator = _AOpenAPIEvaluator
    APaginatedEvaluatorList = _APaginatedEvaluatorList
else:
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
