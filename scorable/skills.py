"""The Evaluators sub-API of the ``scorable`` face: ``Scorable().evaluators``.

The same sub-API as :mod:`root.skills`, with the signatures of the official SDK 1.15 where they differ
from 1.6's: runs take ``turns``, ``tools``, ``user_id``, ``session_id``, ``system_prompt`` (and, on an
evaluator, ``file_ids``) in 1.15's order, without 1.6's ``functions``; an evaluator is defined by
``scoring_criteria`` (1.6's ``predicate``) and may take its demonstrations from a dataset
(``demonstration_dataset_id``); ``calibrate`` reads a dataset only. ``Evaluators.Eval`` lists the preset
evaluators of 1.15. What is returned is the root face's classes, or subclasses of them named as 1.15
names them (:class:`Evaluator`, :class:`AEvaluator`).

Every method has an asynchronous twin whose name starts with ``a`` (``run`` / ``arun``), with the same
parameters and defaults.
"""

# Names, parameters and defaults follow the official SDK 1.15, so a program written for it runs unchanged.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

import contextlib
import enum
import inspect
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Literal, Optional, Union

import root.skills as _origin
from root._official_names import module_attributes
from root._presets import Preset, load_presets, presets_for
from root.errors import InvalidArgumentError, NameNotFoundError
from root.skills import AEvaluator as _RootAEvaluator
from root.skills import Evaluator as _RootEvaluator
from root.skills import (
    EvaluatorNotFoundError,
    InputVariable,
    ModelName,
    Versions,
    _calibration,
    _items,
    _models,
    _run_async,
)
from root.skills import Evaluators as _RootEvaluators
from root.skills import PresetEvaluatorRunner as _RootPresetEvaluatorRunner
from root.skills import _PresetAttribute as _RootPresetAttribute

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_aclient.models.evaluator_calibration_output import (
        EvaluatorCalibrationOutput as AEvaluatorCalibrationOutput,
    )
    from root.generated.openapi_aclient.models.evaluator_execution_result import (
        EvaluatorExecutionResult as AEvaluatorExecutionResult,
    )
    from root.generated.openapi_aclient.models.message_turn_request import MessageTurnRequest as AMessageTurnRequest
    from root.generated.openapi_client.models.evaluator_calibration_output import EvaluatorCalibrationOutput
    from root.generated.openapi_client.models.evaluator_execution_result import EvaluatorExecutionResult
    from root.generated.openapi_client.models.message_turn_request import MessageTurnRequest

    TurnsArgument = Sequence[Union[MessageTurnRequest, AMessageTurnRequest, Mapping[str, Any]]]
    """A conversation: ``scorable.multiturn.Turn`` items (either generated package's), or dicts of their shape."""

__all__ = [
    "AEvaluator",
    "APresetEvaluatorRunner",
    "Evaluator",
    "EvaluatorNotFoundError",
    "Evaluators",
    "InputVariable",
    "ModelName",
    "PresetEvaluatorRunner",
    "Versions",
]
"""The names of 1.15's module; the root face's other names (``CalibrateBatchParameters``...) are not
offered here, as 1.15 dropped them."""

_PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"


def _execution(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """A run's arguments, checked as 1.15 checks them: the run needs a request, a response or turns.

    Raises:
        InvalidArgumentError: None of the three is given (also a ``ValueError``, as 1.15 raises).
    """
    if not arguments.get("request") and not arguments.get("response") and not arguments.get("turns"):
        raise InvalidArgumentError("Either response, request, or turns must be provided")
    return dict(arguments)


@contextlib.contextmanager
def _public_names() -> Iterator[None]:
    """Name ``model``, not the request field ``models`` it fills, when an argument breaks the contract."""
    try:
        yield
    except InvalidArgumentError as exc:
        head, space, rest = str(exc).partition(" ")
        if head.split(".")[0] != "models":
            raise
        raise InvalidArgumentError(f"model{space}{rest}") from None


def _definition(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """The request fields of an evaluator's definition, as 1.15 sends them (``None``: left out)."""
    input_variables = arguments["input_variables"]
    return {
        "scoring_criteria": arguments["scoring_criteria"],
        "models": _models(arguments["model"], arguments["fallback_models"]),
        "input_variables": _items(input_variables) if input_variables else None,
        "demonstration_dataset_id": arguments["demonstration_dataset_id"],
    }


# -- running one evaluator -----------------------------------------------------------------------------------


class Evaluator(_RootEvaluator):
    """An evaluator as the service describes it, which can run itself: :meth:`run` and :meth:`arun`.

    A :class:`root.skills.Evaluator` whose runs take the parameters of the official SDK 1.15.
    """

    def run(  # type: ignore[override]
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        file_ids: Optional[List[Union[str, uuid.UUID]]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        *,
        _request_timeout: Optional[float] = None,
    ) -> EvaluatorExecutionResult:
        """Run this version of the evaluator on one interaction or conversation.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents given to the LLM (for RAG evaluators).
            expected_output: The output expected.
            variables: Values of the scoring criteria's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            file_ids: Uploaded files (``client.files.upload``) the evaluator reads too.
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

    async def arun(  # type: ignore[override]
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        file_ids: Optional[List[Union[str, uuid.UUID]]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        *,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run this version of the evaluator on one interaction or conversation.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents given to the LLM (for RAG evaluators).
            expected_output: The output expected.
            variables: Values of the scoring criteria's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            file_ids: Uploaded files (``client.files.upload``) the evaluator reads too.
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


class AEvaluator(Evaluator, _RootAEvaluator):
    """What the asynchronous methods return, as in the official SDK: an :class:`Evaluator` in every way
    (every field, ``run`` and ``arun``), under the official name."""


class PresetEvaluatorRunner(_RootPresetEvaluatorRunner):
    """Runs one of the service's preset evaluators: call it (or :meth:`run`), or await :meth:`arun`.

    ``Scorable().evaluators.Helpfulness`` is one; its ``__name__`` is the preset's name.

    Args:
        client_context: The client's ``client_context``.
        evaluator_id: The preset's id.
        eval_name: The preset's name.
        evaluator_version_id: A version to run; ``None`` runs the latest.
    """

    def run(  # type: ignore[override]
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        *,
        _request_timeout: Optional[float] = None,
    ) -> EvaluatorExecutionResult:
        """Run the preset evaluator on one interaction or conversation.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents given to the LLM (for RAG evaluators).
            expected_output: The output expected.
            variables: Values of the evaluator's other variables.
            tags: Tags for the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to.
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

    async def arun(  # type: ignore[override]
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        *,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run the preset evaluator on one interaction or conversation.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents given to the LLM (for RAG evaluators).
            expected_output: The output expected.
            variables: Values of the evaluator's other variables.
            tags: Tags for the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to.
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

    __call__ = run  # type: ignore[assignment]


class APresetEvaluatorRunner(PresetEvaluatorRunner):
    """A preset runner of a ``Scorable(run_async=True)`` client: calling it returns an awaitable.

    Type checkers see the default mode's :class:`PresetEvaluatorRunner`; typed asynchronous code
    awaits :meth:`arun`, which both kinds of runner have.
    """

    async def __call__(  # type: ignore[override]
        self,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        *,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run the preset evaluator on one interaction or conversation: as :meth:`arun`."""
        return await self.arun(**{k: v for k, v in locals().items() if k != "self"})


class _PresetAttribute(_RootPresetAttribute):
    """``Evaluators.<preset name>``: the runner of one preset evaluator of 1.15, for the client's mode."""

    def __get__(self, instance: Optional[_RootEvaluators], owner: type) -> Any:
        if instance is None:
            return self
        runner = APresetEvaluatorRunner if _run_async(instance.client_context) else PresetEvaluatorRunner
        return runner(instance.client_context, self.preset.id, self.preset.name)


class _DroppedPreset:
    """``Evaluators.<preset name>`` of a preset the official SDK 1.15 no longer lists: no such attribute."""

    def __init__(self, preset: Preset) -> None:
        self.preset = preset

    def __get__(self, instance: object, owner: type) -> Any:
        raise AttributeError(
            f"{self.preset.name} is not a preset evaluator of the scorable API (the official SDK 1.15 dropped it); "
            f"RootSignals().evaluators.{self.preset.name} still runs it, or run it by id: "
            f"client.evaluators.run({self.preset.id!r}, ...)"
        )


class _Dropped:
    """A method of the root face's ``Evaluators`` that the official SDK 1.15 removed: no such attribute here."""

    def __init__(self, instead: str) -> None:
        self.instead = instead

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type) -> Any:
        raise AttributeError(
            f"Evaluators.{self.name} is not part of the scorable API (the official SDK 1.15 removed it): "
            f"{self.instead}, or use RootSignals().evaluators.{self.name}"
        )


_GONE = (_Dropped, _DroppedPreset)


# -- the sub-API ---------------------------------------------------------------------------------------------


if TYPE_CHECKING:
    from scorable._preset_attributes import PresetAttributes as _PresetAttributes

    class _Base(_PresetAttributes, _RootEvaluators):  # type: ignore[misc]
        """Type checkers see the presets of 1.15 (scorable/_preset_attributes.pyi), with this face's runner."""

else:
    _Base = _RootEvaluators


class Evaluators(_Base):
    """Evaluators (sub) API

    The service's preset evaluators of 1.15 are attributes named as in :attr:`Eval`
    (``client.evaluators.Helpfulness``), each a :class:`PresetEvaluatorRunner`.

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`scorable.client.Scorable` instance.
    """

    def __dir__(self) -> List[str]:
        # Not the names that are no attributes here: the methods and presets 1.15 dropped.
        cls = type(self)
        return [n for n in super().__dir__() if not isinstance(inspect.getattr_static(cls, n, None), _GONE)]

    calibrate_existing = _Dropped("use calibrate_run against a labelled dataset")
    acalibrate_existing = _Dropped("use acalibrate_run against a labelled dataset")
    calibrate_batch = _Dropped("use calibrate for each definition")
    acalibrate_batch = _Dropped("use acalibrate for each definition")

    # -- create, get, update --------------------------------------------------------------------------------

    def _definition_fields(self, arguments: Mapping[str, Any]) -> tuple[Optional[Dict[str, Any]], Dict[str, Any]]:
        """The objective to create first (``None`` when ``objective_id`` is given) and the evaluator's fields,
        both checked against the contract, so that nothing is sent when either breaks it.

        Raises:
            InvalidArgumentError: Both ``intent`` and ``objective_id``, or an argument breaks the API's
                limits.
        """
        name, intent, objective_id = arguments["name"], arguments["intent"], arguments["objective_id"]
        if objective_id is not None and intent:
            raise InvalidArgumentError("Supplying both objective_id and intent is not supported")
        name = "<unnamed>" if name is None else name
        timeout, project_id = arguments["_request_timeout"], arguments["project_id"]
        fields = {
            "name": name,
            "objective_id": objective_id,
            "overwrite": arguments["overwrite"],
            "project_id": project_id,
            "_request_timeout": timeout,
            **_definition(arguments),
        }
        objective = None
        if objective_id is None:
            objective = {"intent": name if intent is None else intent, "project_id": project_id}
            objective["_request_timeout"] = timeout
            self._objectives.prepare("objectives_create", objective, {})
            fields["objective_id"] = _PLACEHOLDER_ID  # checked now, replaced once created
        with _public_names():
            self._operations.prepare("evaluators_create", fields, {})
        return objective, fields

    def create(  # type: ignore[override]
        self,
        scoring_criteria: str = "",
        *,
        name: Optional[str] = None,
        intent: Optional[str] = None,
        model: Optional[ModelName] = None,
        fallback_models: Optional[List[ModelName]] = None,
        input_variables: Optional[List[Any]] = None,
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
            scoring_criteria: What the evaluator asks of the model about an interaction, with placeholders
                such as ``{{request}}`` and ``{{response}}`` (1.6's ``predicate``).
            name: The evaluator's name (default ``<unnamed>``).
            intent: What the evaluator is for (default: its name); not with ``objective_id``.
            model: The model it runs on (``"root"``: the service's choice at creation).
            fallback_models: Models to use when ``model`` fails.
            input_variables: :class:`InputVariable` (or generated request) items.
            demonstration_dataset_id: A dataset of labelled examples whose published annotations steer
                the evaluator's scoring.
            objective_id: An existing objective to give the evaluator.
            overwrite: Replace an evaluator of the same name.
            project_id: The project to create it in (and the objective made for it).
            _request_timeout: Seconds each request may take; ``None`` uses the client's timeout.

        Returns:
            The new evaluator, ready to :meth:`Evaluator.run`.

        Raises:
            InvalidArgumentError: Both ``intent`` and ``objective_id``, or an argument breaks the API's
                limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        objective, fields = self._definition_fields(locals())
        if objective is not None:
            fields["objective_id"] = self._objectives.call("objectives_create", objective).id
        return Evaluator._of(self._operations.call("evaluators_create", fields), self._operations)

    async def acreate(  # type: ignore[override]
        self,
        scoring_criteria: str = "",
        *,
        name: Optional[str] = None,
        intent: Optional[str] = None,
        model: Optional[ModelName] = None,
        fallback_models: Optional[List[ModelName]] = None,
        input_variables: Optional[List[Any]] = None,
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
            scoring_criteria: What the evaluator asks of the model about an interaction, with placeholders
                such as ``{{request}}`` and ``{{response}}`` (1.6's ``predicate``).
            name: The evaluator's name (default ``<unnamed>``).
            intent: What the evaluator is for (default: its name); not with ``objective_id``.
            model: The model it runs on (``"root"``: the service's choice at creation).
            fallback_models: Models to use when ``model`` fails.
            input_variables: :class:`InputVariable` (or generated request) items.
            demonstration_dataset_id: A dataset of labelled examples whose published annotations steer
                the evaluator's scoring.
            objective_id: An existing objective to give the evaluator.
            overwrite: Replace an evaluator of the same name.
            project_id: The project to create it in (and the objective made for it).
            _request_timeout: Seconds each request may take; ``None`` uses the client's timeout.

        Returns:
            The new evaluator, ready to :meth:`Evaluator.run`.

        Raises:
            InvalidArgumentError: Both ``intent`` and ``objective_id``, or an argument breaks the API's
                limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        objective, fields = self._definition_fields(locals())
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
        return Evaluator._of(
            self._operations.call("evaluators_retrieve", locals(), id="evaluator_id"), self._operations
        )

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
            root.errors.NameNotFoundError: No evaluator has that name (also a ``ValueError``).
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
            root.errors.NameNotFoundError: No evaluator has that name (also a ``ValueError``).
        """
        async for listed in self._operations.aiterate("evaluators_list", locals(), limit=1):
            return await self.aget(listed.id)
        raise NameNotFoundError(f"No evaluator found with name '{name}'", status_code=404)

    def update(  # type: ignore[override]
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        change_note: Optional[str] = None,
        fallback_models: Optional[List[ModelName]] = None,
        input_variables: Optional[List[Any]] = None,
        model: Optional[ModelName] = None,
        name: Optional[str] = None,
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
            scoring_criteria: What the evaluator asks of the model.
            demonstration_dataset_id: A dataset of labelled examples that steer its scoring.
            objective_id: Another objective to give the evaluator.
            project_id: The project to move it to; ``None`` leaves it where it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The evaluator after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        with _public_names():
            updated = self._operations.call("evaluators_partial_update", _changes(locals()), id="evaluator_id")
        return Evaluator._of(updated, self._operations)

    async def aupdate(  # type: ignore[override]
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        change_note: Optional[str] = None,
        fallback_models: Optional[List[ModelName]] = None,
        input_variables: Optional[List[Any]] = None,
        model: Optional[ModelName] = None,
        name: Optional[str] = None,
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
            scoring_criteria: What the evaluator asks of the model.
            demonstration_dataset_id: A dataset of labelled examples that steer its scoring.
            objective_id: Another objective to give the evaluator.
            project_id: The project to move it to; ``None`` leaves it where it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The evaluator after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such evaluator.
        """
        with _public_names():
            updated = await self._operations.acall("evaluators_partial_update", _changes(locals()), id="evaluator_id")
        return AEvaluator._of(updated, self._operations)

    # -- running --------------------------------------------------------------------------------------------

    def run(  # type: ignore[override]
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        request: Optional[str] = None,
        response: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        evaluator_version_id: Optional[Union[str, uuid.UUID]] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> EvaluatorExecutionResult:
        """Run an evaluator on one interaction or conversation.

        Args:
            evaluator_id: The evaluator to run.
            request: The prompt sent to the LLM.
            response: The LLM output to evaluate.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents given to the LLM (for RAG evaluators).
            expected_output: The output expected.
            evaluator_version_id: The version to run; ``None`` runs the latest.
            variables: Values of the scoring criteria's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
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

    async def arun(  # type: ignore[override]
        self,
        evaluator_id: Union[str, uuid.UUID],
        *,
        request: Optional[str] = None,
        response: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        evaluator_version_id: Optional[Union[str, uuid.UUID]] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run an evaluator on one interaction or conversation.

        Args:
            evaluator_id: The evaluator to run.
            request: The prompt sent to the LLM.
            response: The LLM output to evaluate.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents given to the LLM (for RAG evaluators).
            expected_output: The output expected.
            evaluator_version_id: The version to run; ``None`` runs the latest.
            variables: Values of the scoring criteria's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
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

    def run_by_name(  # type: ignore[override]
        self,
        name: str,
        *,
        request: Optional[str] = None,
        response: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        evaluator_version_id: Optional[Union[str, uuid.UUID]] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> EvaluatorExecutionResult:
        """Run the evaluator with this name (a preset's or your own) on one interaction or conversation.

        Args:
            name: The evaluator's name.
            request: The prompt sent to the LLM.
            response: The LLM output to evaluate.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents given to the LLM (for RAG evaluators).
            expected_output: The output expected.
            evaluator_version_id: The version to run; ``None`` runs the latest.
            variables: Values of the scoring criteria's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
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

    async def arun_by_name(  # type: ignore[override]
        self,
        name: str,
        *,
        request: Optional[str] = None,
        response: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        evaluator_version_id: Optional[Union[str, uuid.UUID]] = None,
        variables: Optional[Dict[str, str]] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AEvaluatorExecutionResult:
        """Asynchronously run the evaluator with this name (a preset's or your own) on one interaction or conversation.

        Args:
            name: The evaluator's name.
            request: The prompt sent to the LLM.
            response: The LLM output to evaluate.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents given to the LLM (for RAG evaluators).
            expected_output: The output expected.
            evaluator_version_id: The version to run; ``None`` runs the latest.
            variables: Values of the scoring criteria's other variables, e.g. ``{"subject": "clarity"}``.
            tags: Tags for the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
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

    def calibrate(  # type: ignore[override]
        self,
        *,
        name: str,
        test_dataset_id: Union[str, uuid.UUID],
        prompt: str,
        model: ModelName,
        input_variables: Optional[List[Any]] = None,
        _request_timeout: Optional[float] = None,
    ) -> List[EvaluatorCalibrationOutput]:
        """Run an unsaved evaluator definition over a dataset's labelled items.

        Its scores are compared with the items': each item's newest published annotation is its expected score.

        Args:
            name: The evaluator's name.
            test_dataset_id: The dataset of labelled items.
            prompt: The evaluator's scoring criteria.
            model: The model it runs on.
            input_variables: :class:`InputVariable` (or generated request) items.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per item: the score, the expected score and the execution log's id.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        return self._operations.call("evaluators_calibrate_create", _calibration(_from_dataset(locals())))  # type: ignore[no-any-return]

    async def acalibrate(  # type: ignore[override]
        self,
        *,
        name: str,
        test_dataset_id: Union[str, uuid.UUID],
        prompt: str,
        model: ModelName,
        input_variables: Optional[List[Any]] = None,
        _request_timeout: Optional[float] = None,
    ) -> List[AEvaluatorCalibrationOutput]:
        """Asynchronously run an unsaved evaluator definition over a dataset's labelled items.

        Its scores are compared with the items': each item's newest published annotation is its expected score.

        Args:
            name: The evaluator's name.
            test_dataset_id: The dataset of labelled items.
            prompt: The evaluator's scoring criteria.
            model: The model it runs on.
            input_variables: :class:`InputVariable` (or generated request) items.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per item: the score, the expected score and the execution log's id.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        return await self._operations.acall("evaluators_calibrate_create", _calibration(_from_dataset(locals())))  # type: ignore[no-any-return]


def _changes(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """The arguments of ``update`` that change something, with the definition's fields.

    As in 1.15, the change note always goes out (empty when not given).
    """
    changes = {**arguments, **_definition(arguments), "change_note": arguments["change_note"] or ""}
    return {k: v for k, v in changes.items() if v is not None}


def _from_dataset(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """``calibrate``'s arguments as the root face's calibration takes them: a dataset, no rows, no filter."""
    return {**arguments, "test_data": None, "pii_filter": None, "reference_variables": None}


def _install_presets(cls: type) -> None:
    """Give ``cls`` the preset evaluators of 1.15: one attribute each, ``Eval`` and ``EvaluatorName``.

    The presets 1.15 dropped are no attributes of ``cls`` (their runners stay on the root face's class).
    """
    presets = presets_for("1.15")
    for preset in load_presets():
        setattr(cls, preset.name, _PresetAttribute(preset) if preset in presets else _DroppedPreset(preset))
    members = [(p.name, p.id) for p in presets]
    preset_enum = enum.Enum("Eval", members, module=__name__, qualname=f"{cls.__qualname__}.Eval")  # type: ignore[misc]
    preset_enum.__doc__ = "Every preset evaluator of the scorable API, with its id as the value."
    for name, value in (("Eval", preset_enum), ("EvaluatorName", Literal[tuple(p.name for p in presets)])):
        setattr(cls, name, value)


_install_presets(Evaluators)


_TURN_MODELS = {
    "MessageTurnRequest": "root.generated.openapi_client.models.message_turn_request",
    "AMessageTurnRequest": "root.generated.openapi_aclient.models.message_turn_request",
}


def __getattr__(name: str) -> Any:
    # 1.15's annotation-only names: the turn models, and those root.skills offers on first use.
    if name in _TURN_MODELS:
        import importlib

        return importlib.import_module(_TURN_MODELS[name]).MessageTurnRequest
    if name in (
        "CalibrateBatchParameters",
        "ACalibrateBatchParameters",
        "CalibrateBatchResult",
        "ACalibrateBatchResult",
    ):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r} (the official SDK 1.15 dropped it)")
    return _offered(name)


_offered, _ = module_attributes(__name__, fallback=_origin)
"""1.15's own offered names of this module, then the root module's."""
