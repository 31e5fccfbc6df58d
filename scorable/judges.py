"""The Judges sub-API of the ``scorable`` face: ``Scorable().judges`` (and ``Scorable().beta.judges``).

The same sub-API as :mod:`root.judges`, with the signatures of the official SDK 1.15 where they differ
from 1.6's: runs take ``turns``, ``tools``, ``user_id``, ``session_id`` and ``system_prompt`` and no
``functions``, and need no ``response``; ``generate`` takes 1.15's visibility values (``"private"``,
``"public"``) and can name, overwrite or regenerate a judge; ``create`` and ``update`` take 1.15's
parameters. A judge read here (:class:`Judge`, :class:`AJudge`) is a :class:`root.judges.Judge` whose
runs take 1.15's parameters.

Every method has an asynchronous twin whose name starts with ``a`` (``run`` / ``arun``), with the same
parameters and defaults.
"""

# Names and parameters follow the official SDK 1.15, so a program written for it runs unchanged.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Iterator, List, Literal, Optional, Sequence, Union

import root.judges as _origin
from root._official_names import module_attributes
from root.judges import AJudge as _RootAJudge
from root.judges import Judge as _RootJudge
from root.judges import Judges as _RootJudges
from root.judges import _unchanged_when_none

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_aclient.models.judge_execution_response import (
        JudgeExecutionResponse as AJudgeExecutionResponse,
    )
    from root.generated.openapi_aclient.models.judge_generator_response import (
        JudgeGeneratorResponse as AJudgeGeneratorResponse,
    )
    from root.generated.openapi_client.models.judge_execution_response import JudgeExecutionResponse
    from root.generated.openapi_client.models.judge_generator_response import JudgeGeneratorResponse
    from root.judges import EvaluatorReference
    from scorable.skills import TurnsArgument

__all__ = ["AJudge", "Judge", "Judges"]


class _RunsItself:
    """``run`` and ``arun`` of a judge read from the service, with 1.15's parameters."""

    id: Any
    _judges_operations: Any

    def run(
        self,
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> JudgeExecutionResponse:
        """Run this judge: every one of its evaluators scores the interaction or conversation.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents passed to RAG evaluators.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run.
        """
        return self._judges_operations().call("judges_execute_create", {**locals(), "judge_id": self.id})  # type: ignore[no-any-return]

    async def arun(
        self,
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudgeExecutionResponse:
        """Asynchronously run this judge: every one of its evaluators scores the interaction or conversation.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents passed to RAG evaluators.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run.
        """
        return await self._judges_operations().acall("judges_execute_create", {**locals(), "judge_id": self.id})  # type: ignore[no-any-return]


class Judge(_RunsItself, _RootJudge):  # type: ignore[misc]
    """A judge as :meth:`Judges.get` reads it: a :class:`root.judges.Judge` (every field of the generated
    ``Judge``) whose ``run`` and ``arun`` take the parameters of :meth:`Judges.run` but ``judge_id``."""


class AJudge(_RunsItself, _RootAJudge):  # type: ignore[misc]
    """A judge as :meth:`Judges.aget` reads it: a :class:`root.judges.AJudge` whose ``run`` and ``arun``
    take the parameters of :meth:`Judges.run` but ``judge_id``."""


class Judges(_RootJudges):
    """Judges (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`scorable.client.Scorable` instance.
    """

    # -- generate ------------------------------------------------------------------------------------

    def generate(  # type: ignore[override]
        self,
        *,
        intent: str,
        visibility: Literal["private", "public"] = "private",
        judge_id: Optional[Union[str, uuid.UUID]] = None,
        file_id: Optional[Union[str, uuid.UUID]] = None,
        stage: Optional[str] = None,
        extra_contexts: Optional[Dict[str, Optional[str]]] = None,
        strict: bool = False,
        name: Optional[str] = None,
        overwrite: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> JudgeGeneratorResponse:
        """Generate a judge, with its evaluators, from a description of what it should check.

        Args:
            intent: What the judge is for. Example: "I am building a chatbot for ecommerce and I would
                like to measure the quality of the responses."
            visibility: ``"private"`` (only your organization) or ``"public"`` (everyone).
            judge_id: A judge to generate again, in place, instead of a new one.
            file_id: An uploaded file (``client.files.upload``) describing the application.
            stage: The stage of the application to judge, when the intent leaves it open.
            extra_contexts: More about the application. Example: ``{"domain": "Ecommerce selling
                clothing", "audience": "Women aged 25-35"}``.
            strict: Fail the generation (an ``error_code`` in the result) when the intent is ambiguous.
            name: The judge's name; ``None``: the generator names it.
            overwrite: Replace the judge of the same name, if there is one.
            project_id: The project to create the judge in.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new judge's ``judge_id`` (and ``judge_version_id``), or an ``error_code`` (with what the
            generator still needs) when the generation failed.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        return self._operations.call("judges_generate_create", locals())  # type: ignore[no-any-return]

    async def agenerate(  # type: ignore[override]
        self,
        *,
        intent: str,
        visibility: Literal["private", "public"] = "private",
        judge_id: Optional[Union[str, uuid.UUID]] = None,
        file_id: Optional[Union[str, uuid.UUID]] = None,
        stage: Optional[str] = None,
        extra_contexts: Optional[Dict[str, Optional[str]]] = None,
        strict: bool = False,
        name: Optional[str] = None,
        overwrite: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudgeGeneratorResponse:
        """Asynchronously generate a judge, with its evaluators, from a description of what it should check.

        Args:
            intent: What the judge is for. Example: "I am building a chatbot for ecommerce and I would
                like to measure the quality of the responses."
            visibility: ``"private"`` (only your organization) or ``"public"`` (everyone).
            judge_id: A judge to generate again, in place, instead of a new one.
            file_id: An uploaded file (``client.files.upload``) describing the application.
            stage: The stage of the application to judge, when the intent leaves it open.
            extra_contexts: More about the application. Example: ``{"domain": "Ecommerce selling
                clothing", "audience": "Women aged 25-35"}``.
            strict: Fail the generation (an ``error_code`` in the result) when the intent is ambiguous.
            name: The judge's name; ``None``: the generator names it.
            overwrite: Replace the judge of the same name, if there is one.
            project_id: The project to create the judge in.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new judge's ``judge_id`` (and ``judge_version_id``), or an ``error_code`` (with what the
            generator still needs) when the generation failed.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        return await self._operations.acall("judges_generate_create", locals())  # type: ignore[no-any-return]

    # -- create, get, list, update, duplicate -----------------------------------------------------------

    def create(  # type: ignore[override]
        self,
        *,
        name: str,
        intent: str,
        evaluator_references: Optional[Sequence[EvaluatorReference]] = None,
        stage: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Judge:
        """Create a judge from a name, an intent and the evaluators that check it.

        Args:
            name: The judge's name.
            intent: What the judge is for.
            evaluator_references: The evaluators of the judge, each as
                ``EvaluatorReferenceRequest(id=..., version_id=...)`` (or a dict).
            stage: The stage of the application the judge checks.
            project_id: The project to create it in.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new judge, which can run itself.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the judge (an unknown evaluator, for example).
        """
        return Judge._read(self._operations.call("judges_create", locals()), self)

    async def acreate(  # type: ignore[override]
        self,
        *,
        name: str,
        intent: str,
        evaluator_references: Optional[Sequence[EvaluatorReference]] = None,
        stage: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudge:
        """Asynchronously create a judge from a name, an intent and the evaluators that check it.

        Args:
            name: The judge's name.
            intent: What the judge is for.
            evaluator_references: The evaluators of the judge, each as
                ``EvaluatorReferenceRequest(id=..., version_id=...)`` (or a dict).
            stage: The stage of the application the judge checks.
            project_id: The project to create it in.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new judge, which can run itself.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the judge (an unknown evaluator, for example).
        """
        return AJudge._read(await self._operations.acall("judges_create", locals()), self)

    def get(self, judge_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> Judge:
        """Get a judge by its ID.

        Args:
            judge_id: The judge to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The judge, with its evaluators, which can run itself.

        Raises:
            InvalidArgumentError: ``judge_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return Judge._read(self._operations.call("judges_retrieve", locals(), id="judge_id"), self)

    async def aget(self, judge_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> AJudge:
        """Asynchronously get a judge by its ID.

        Args:
            judge_id: The judge to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The judge, with its evaluators, which can run itself.

        Raises:
            InvalidArgumentError: ``judge_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return AJudge._read(await self._operations.acall("judges_retrieve", locals(), id="judge_id"), self)

    def list(  # type: ignore[override]
        self, *, limit: Optional[int] = 100, project_id: Optional[Union[str, uuid.UUID]] = None
    ) -> Iterator[Judge]:
        """Iterate through the judges you can use.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.
        Each item is a judge that runs itself, holding what the list endpoint answers: the fields a
        listing does not carry (``files``, ``objective``, ``stage``, ``version_id``) are ``None``.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            project_id: Only the judges of this project.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        return (Judge._listed(item, self) for item in self._operations.iterate("judges_list", locals(), limit=limit))

    async def alist(
        self, *, limit: Optional[int] = 100, project_id: Optional[Union[str, uuid.UUID]] = None
    ) -> AsyncIterator[AJudge]:
        """Asynchronously iterate through the judges you can use.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.
        Each item is a judge that runs itself, holding what the list endpoint answers: the fields a
        listing does not carry (``files``, ``objective``, ``stage``, ``version_id``) are ``None``.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            project_id: Only the judges of this project.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        async for item in self._operations.aiterate("judges_list", locals(), limit=limit):
            yield AJudge._listed(item, self)

    def update(  # type: ignore[override]
        self,
        judge_id: Union[str, uuid.UUID],
        *,
        name: Optional[str] = None,
        evaluator_references: Optional[Sequence[EvaluatorReference]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Judge:
        """Update a judge: change only the fields given (``None`` leaves a field as it is).

        Args:
            judge_id: The judge to update.
            name: The judge's new name.
            evaluator_references: The judge's new evaluators, replacing the old ones.
            project_id: The project to move it to; ``None`` leaves it where it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The judge after the update, which can run itself.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        changes = _unchanged_when_none(locals())
        return Judge._read(self._operations.call("judges_partial_update", changes, id="judge_id"), self)

    async def aupdate(  # type: ignore[override]
        self,
        judge_id: Union[str, uuid.UUID],
        *,
        name: Optional[str] = None,
        evaluator_references: Optional[Sequence[EvaluatorReference]] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudge:
        """Asynchronously update a judge: change only the fields given (``None`` leaves a field as it is).

        Args:
            judge_id: The judge to update.
            name: The judge's new name.
            evaluator_references: The judge's new evaluators, replacing the old ones.
            project_id: The project to move it to; ``None`` leaves it where it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The judge after the update, which can run itself.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        changes = _unchanged_when_none(locals())
        return AJudge._read(await self._operations.acall("judges_partial_update", changes, id="judge_id"), self)

    def duplicate(self, judge_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> Judge:
        """Create a copy of a judge, with the same evaluators.

        Args:
            judge_id: The judge to copy.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The copy (a new judge, with its own ID), which can run itself.

        Raises:
            InvalidArgumentError: ``judge_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return Judge._read(self._operations.call("judges_duplicate_create", locals(), id="judge_id"), self)

    async def aduplicate(self, judge_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> AJudge:
        """Asynchronously create a copy of a judge, with the same evaluators.

        Args:
            judge_id: The judge to copy.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The copy (a new judge, with its own ID), which can run itself.

        Raises:
            InvalidArgumentError: ``judge_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return AJudge._read(await self._operations.acall("judges_duplicate_create", locals(), id="judge_id"), self)

    # -- running -------------------------------------------------------------------------------------

    def run(  # type: ignore[override]
        self,
        judge_id: Union[str, uuid.UUID],
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> JudgeExecutionResponse:
        """Run a judge by its ID: every one of its evaluators scores the interaction or conversation.

        Args:
            judge_id: The judge to run.
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents passed to RAG evaluators.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return self._operations.call("judges_execute_create", locals())  # type: ignore[no-any-return]

    async def arun(  # type: ignore[override]
        self,
        judge_id: Union[str, uuid.UUID],
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudgeExecutionResponse:
        """Asynchronously run a judge by its ID: every one of its evaluators scores the interaction or conversation.

        Args:
            judge_id: The judge to run.
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents passed to RAG evaluators.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return await self._operations.acall("judges_execute_create", locals())  # type: ignore[no-any-return]

    def run_by_name(  # type: ignore[override]
        self,
        name: str,
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> JudgeExecutionResponse:
        """Run the judge with this name: its evaluators score the interaction or conversation.

        Args:
            name: The judge to run (its name).
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents passed to RAG evaluators.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NameNotFoundError: No judge has that name (a ``NotFoundError``).
        """
        return self._operations.call("judges_execute_by_name_create", locals())  # type: ignore[no-any-return]

    async def arun_by_name(  # type: ignore[override]
        self,
        name: str,
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        turns: Optional[TurnsArgument] = None,
        tools: Optional[List[Dict[str, Any]]] = None,
        contexts: Optional[List[str]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudgeExecutionResponse:
        """Asynchronously run the judge with this name: its evaluators score the interaction or conversation.

        Args:
            name: The judge to run (its name).
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            turns: A multi-turn conversation, as ``scorable.multiturn.Turn`` items (or dicts).
            tools: The tools (an OpenAI-style catalog) the agent had during the conversation.
            contexts: Documents passed to RAG evaluators.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            user_id: Who the interaction was with, for tracking.
            session_id: The session it belongs to, for tracking.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NameNotFoundError: No judge has that name (a ``NotFoundError``).
        """
        return await self._operations.acall("judges_execute_by_name_create", locals())  # type: ignore[no-any-return]


def __getattr__(name: str) -> Any:
    # 1.15's annotation-only names: the turn models, and those root.judges offers on first use.
    if name in ("MessageTurnRequest", "AMessageTurnRequest"):
        import importlib

        package = "openapi_aclient" if name.startswith("A") else "openapi_client"
        return importlib.import_module(f"root.generated.{package}.models.message_turn_request").MessageTurnRequest
    return _offered(name)


_offered, _ = module_attributes(__name__, fallback=_origin)
"""1.15's own offered names of this module, then the root module's."""
