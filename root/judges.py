"""The Judges sub-API: a judge is a set of evaluators that scores one LLM interaction as a whole.

Reach it as ``RootSignals().judges`` (``RootSignals().beta.judges`` is the same object, as in the
official SDK). Every method has an asynchronous twin whose name starts with ``a`` (``run`` / ``arun``),
with the same parameters and defaults.

A :class:`Judge` that :meth:`Judges.create`, :meth:`Judges.get`, :meth:`Judges.update`,
:meth:`Judges.duplicate` or :meth:`Judges.list` returns can run itself (``judge.run(response=...)``); its
twin :class:`AJudge` comes from the asynchronous methods. A listed judge holds what the list endpoint
answers: the fields a listing does not carry (``files``, ``objective``, ``stage``, ``version_id``) are
``None``, as in the official SDK.
"""

# Names and parameters follow the official SDK 1.6, so a program written for it runs unchanged.
# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Iterator, List, Literal, Mapping, Optional, Sequence, Union

from pydantic import PrivateAttr

from root._operations import Operations, checks_at_call
from root.errors import InvalidArgumentError, RootSignalsError
from root.generated.openapi_aclient.models.judge import Judge as AOpenApiJudge
from root.generated.openapi_client.models.judge import Judge as OpenApiJudge

if TYPE_CHECKING:
    import uuid

    from typing_extensions import Self

    from root.generated.openapi_aclient.models.evaluator_execution_functions_request import (
        EvaluatorExecutionFunctionsRequest as _AEvaluatorExecutionFunctionsRequest,
    )
    from root.generated.openapi_aclient.models.evaluator_reference_request import (
        EvaluatorReferenceRequest as _AEvaluatorReferenceRequest,
    )
    from root.generated.openapi_aclient.models.judge_synthetic_data import JudgeSyntheticData as AJudgeSyntheticData
    from root.generated.openapi_client.models.evaluator_execution_functions_request import (
        EvaluatorExecutionFunctionsRequest,
    )
    from root.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest
    from root.generated.openapi_client.models.judge_execution_response import JudgeExecutionResponse
    from root.generated.openapi_client.models.judge_generator_response import JudgeGeneratorResponse
    from root.generated.openapi_client.models.judge_synthetic_data import JudgeSyntheticData
    from root.multiturn import AnyTurn, Tool
    from root.utils import ClientContextCallable

    EvaluatorReference = Union[EvaluatorReferenceRequest, _AEvaluatorReferenceRequest, Mapping[str, Any]]
    """An evaluator of a judge: ``EvaluatorReferenceRequest(id=...)`` of either generated package, or a dict."""
    ExecutionFunction = Union[
        EvaluatorExecutionFunctionsRequest, _AEvaluatorExecutionFunctionsRequest, Mapping[str, Any]
    ]
    """A function the evaluators may check calls of: the generated model of either package, or a dict."""

__all__ = ["AJudge", "Judge", "Judges"]


def _generator_visibility(visibility: object) -> str:
    """The visibility the official SDK sends for its two choices: ``"public"`` is the service's ``global``.

    Raises:
        InvalidArgumentError: ``visibility`` is neither ``"public"`` nor ``"unlisted"``.
    """
    from root.generated.openapi_client.models.visibility_enum import VisibilityEnum

    if visibility == "public":
        return VisibilityEnum.GLOBAL.value
    if visibility == "unlisted":
        return VisibilityEnum.UNLISTED.value
    raise InvalidArgumentError(f"visibility must be 'public' or 'unlisted', not {visibility!r}")


def _execution(arguments: Mapping[str, Any], **more: Any) -> Mapping[str, Any]:
    """A run's arguments (with ``more``), checked: the interaction needs a request, a response or a
    conversation's turns.

    Raises:
        InvalidArgumentError: None of ``request``, ``response`` and ``turns`` is given (also a
            ``ValueError``).
    """
    if not arguments.get("request") and not arguments.get("response") and not arguments.get("turns"):
        raise InvalidArgumentError("Either response, request, or turns must be provided")
    return {**arguments, **more}


def _unchanged_when_none(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """``update``'s arguments without those that are ``None``: as in the official SDK, ``None`` leaves a field
    as it is (no field of a judge can be cleared)."""
    return {k: v for k, v in arguments.items() if v is not None}


class _RunsItself:
    """``run`` and ``arun`` of a judge read from the service, through the sub-API that read it."""

    id: Any
    _judges: Optional[Judges]

    def _judges_operations(self) -> Operations:
        if self._judges is None:
            raise RootSignalsError(
                f"this {type(self).__name__} belongs to no client (it was built by hand or unpickled): "
                "run it with client.judges.run(judge.id, ...)"
            )
        return self._judges._operations

    def run(
        self,
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Optional[Sequence[ExecutionFunction]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> JudgeExecutionResponse:
        """Run this judge: every one of its evaluators scores the interaction.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents passed to RAG evaluators.
            functions: Functions the evaluators may check calls of.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run.
        """
        return self._judges_operations().call("judges_execute_create", _execution(locals(), judge_id=self.id))  # type: ignore[no-any-return]

    async def arun(
        self,
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Optional[Sequence[ExecutionFunction]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudgeExecutionResponse:
        """Asynchronously run this judge: every one of its evaluators scores the interaction.

        Args:
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents passed to RAG evaluators.
            functions: Functions the evaluators may check calls of.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the run.
        """
        return await self._judges_operations().acall("judges_execute_create", _execution(locals(), judge_id=self.id))  # type: ignore[no-any-return]

    @classmethod
    def _read(cls, judge: Any, judges: Judges) -> Self:
        """``judge`` (the generated ``Judge`` the service answered) as this class, bound to ``judges``."""
        bound = cls.model_validate(judge, from_attributes=True)  # type: ignore[attr-defined]
        bound._judges = judges
        return bound  # type: ignore[no-any-return]

    @classmethod
    def _listed(cls, item: Any, judges: Judges) -> Self:
        """A listing's item (the generated ``JudgeList``) as this class, bound to ``judges``.

        The fields a listing does not carry (``files``, ``objective``, ``stage``, ``version_id``) are
        ``None``, as on the official SDK's listed judges; the item is not validated again.
        """
        values = {**dict.fromkeys(cls.model_fields), **{name: getattr(item, name) for name in type(item).model_fields}}  # type: ignore[attr-defined]
        bound = cls.model_construct(_fields_set=set(item.model_fields_set), **values)  # type: ignore[attr-defined]
        bound._judges = judges
        return bound  # type: ignore[no-any-return]

    def __getstate__(self) -> Dict[Any, Any]:
        # A pickled judge keeps its fields, not the client (whose connections cannot travel).
        state: Dict[Any, Any] = super().__getstate__()  # type: ignore[misc]
        return {**state, "__pydantic_private__": {**(state.get("__pydantic_private__") or {}), "_judges": None}}


class Judge(_RunsItself, OpenApiJudge):
    """A judge as :meth:`Judges.get` reads it: every field of the generated ``Judge``, and it runs itself.

    ``judge.run(response=..., ...)`` and ``await judge.arun(response=..., ...)`` take the parameters of
    :meth:`Judges.run` but ``judge_id``, and answer the same; they go through the client that read the
    judge. A judge copied with ``copy.deepcopy`` or ``model_copy`` still runs; an unpickled one keeps its
    fields but no client, and its ``run`` raises :class:`~root.errors.RootSignalsError`.
    """

    _judges: Optional[Judges] = PrivateAttr(default=None)


class AJudge(_RunsItself, AOpenApiJudge):
    """A judge as :meth:`Judges.aget` reads it: every field of the asynchronous package's generated
    ``Judge``, and it runs itself with ``run`` and ``arun``, as a :class:`Judge` does."""

    _judges: Optional[Judges] = PrivateAttr(default=None)


class Judges:
    """Judges (sub) API

    .. note::

       The construction of the API instance should be handled by
       accesing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "JudgesApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def __deepcopy__(self, memo: Dict[int, Any]) -> Judges:
        # A sub-API is a handle on the client's connections: a copied judge shares it.
        return self

    # -- generate ------------------------------------------------------------------------------------

    def generate(
        self,
        *,
        intent: str,
        visibility: Literal["public", "unlisted"] = "unlisted",
        stage: Optional[str] = None,
        extra_contexts: Optional[Dict[str, Optional[str]]] = None,
        strict: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> JudgeGeneratorResponse:
        """Generate a judge, with its evaluators, from a description of what it should check.

        Args:
            intent: What the judge is for. Example: "I am building a chatbot for ecommerce and I would
                like to measure the quality of the responses."
            visibility: ``"public"`` (everyone can see the judge) or ``"unlisted"`` (only your
                organization).
            stage: The stage of the application to judge, when the intent leaves it open. Example:
                "response generation".
            extra_contexts: More about the application. Example: ``{"domain": "Ecommerce selling
                clothing", "audience": "Women aged 25-35"}``.
            strict: Fail the generation (an ``error_code`` in the result) when the intent is ambiguous.
            project_id: The project to create the judge in; ``None``: the organization's default project, if any.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new judge's ``judge_id`` (and ``judge_version_id``), or an ``error_code`` (with what the
            generator still needs) when the generation failed.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        visibility = _generator_visibility(visibility)  # type: ignore[assignment]
        return self._operations.call("judges_generate_create", locals())  # type: ignore[no-any-return]

    async def agenerate(
        self,
        *,
        intent: str,
        visibility: Literal["public", "unlisted"] = "unlisted",
        stage: Optional[str] = None,
        extra_contexts: Optional[Dict[str, Optional[str]]] = None,
        strict: bool = False,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudgeGeneratorResponse:
        """Asynchronously generate a judge, with its evaluators, from a description of what it should check.

        Args:
            intent: What the judge is for. Example: "I am building a chatbot for ecommerce and I would
                like to measure the quality of the responses."
            visibility: ``"public"`` (everyone can see the judge) or ``"unlisted"`` (only your
                organization).
            stage: The stage of the application to judge, when the intent leaves it open. Example:
                "response generation".
            extra_contexts: More about the application. Example: ``{"domain": "Ecommerce selling
                clothing", "audience": "Women aged 25-35"}``.
            strict: Fail the generation (an ``error_code`` in the result) when the intent is ambiguous.
            project_id: The project to create the judge in; ``None``: the organization's default project, if any.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new judge's ``judge_id`` (and ``judge_version_id``), or an ``error_code`` (with what the
            generator still needs) when the generation failed.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the request.
        """
        visibility = _generator_visibility(visibility)  # type: ignore[assignment]
        return await self._operations.acall("judges_generate_create", locals())  # type: ignore[no-any-return]

    # -- create, get, list, update, duplicate, delete ---------------------------------------------------

    def create(
        self,
        *,
        name: str,
        intent: str,
        evaluator_references: Optional[Sequence[EvaluatorReference]] = None,
        stage: Optional[str] = None,
        status: str = "unlisted",
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Judge:
        """Create a judge from a name, an intent and the evaluators that check it.

        Args:
            name: The judge's name.
            intent: What the judge is for.
            evaluator_references: The evaluators of the judge, each as
                ``EvaluatorReferenceRequest(id=..., version_id=...)`` (or a dict); a preset evaluator's ID
                works as well as your own's.
            stage: The stage of the application the judge checks.
            status: Who can find and use the judge: a value of the generated ``StatusEnum``
                (``"unlisted"``, ``"listed"``, ...).
            project_id: The project to create it in; ``None``: the organization's default project, if any.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new judge, which can run itself.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.APIStatusError: The service refused the judge (an unknown evaluator, for example).
        """
        return Judge._read(self._operations.call("judges_create", locals()), self)

    async def acreate(
        self,
        *,
        name: str,
        intent: str,
        evaluator_references: Optional[Sequence[EvaluatorReference]] = None,
        stage: Optional[str] = None,
        status: str = "unlisted",
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudge:
        """Asynchronously create a judge from a name, an intent and the evaluators that check it.

        Args:
            name: The judge's name.
            intent: What the judge is for.
            evaluator_references: The evaluators of the judge, each as
                ``EvaluatorReferenceRequest(id=..., version_id=...)`` (or a dict); a preset evaluator's ID
                works as well as your own's.
            stage: The stage of the application the judge checks.
            status: Who can find and use the judge: a value of the generated ``StatusEnum``
                (``"unlisted"``, ``"listed"``, ...).
            project_id: The project to create it in; ``None``: the organization's default project, if any.
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

    def list(
        self,
        *,
        limit: Optional[int] = 100,
        name: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Iterator[Judge]:
        """Iterate through the judges you can use.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.
        Each item is a judge that runs itself (a :class:`Judge` from :meth:`list`, an :class:`AJudge`
        from :meth:`alist`), holding what the list endpoint answers: the fields a listing does not carry
        (``files``, ``objective``, ``stage``, ``version_id``) are ``None``; :meth:`get` reads them.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            name: Only the judges with exactly this name.
            project_id: Only the judges of this project. Public judges are left out then.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        listed = self._operations.iterate("judges_list", locals(), limit=limit)
        return (Judge._listed(item, self) for item in listed)

    @checks_at_call("judges_list")
    async def alist(
        self,
        *,
        limit: Optional[int] = 100,
        name: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AsyncIterator[AJudge]:
        """Asynchronously iterate through the judges you can use.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.
        Each item is a judge that runs itself (a :class:`Judge` from :meth:`list`, an :class:`AJudge`
        from :meth:`alist`), holding what the list endpoint answers: the fields a listing does not carry
        (``files``, ``objective``, ``stage``, ``version_id``) are ``None``; :meth:`get` reads them.

        Args:
            limit: Number of entries to iterate through at most; ``None``: every entry.
            name: Only the judges with exactly this name.
            project_id: Only the judges of this project. Public judges are left out then.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        async for item in self._operations.aiterate("judges_list", locals(), limit=limit):
            yield AJudge._listed(item, self)

    def update(
        self,
        judge_id: Union[str, uuid.UUID],
        *,
        name: Optional[str] = None,
        evaluator_references: Optional[Sequence[EvaluatorReference]] = None,
        intent: Optional[str] = None,
        stage: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Judge:
        """Update a judge: change only the fields given (``None`` leaves a field as it is).

        Args:
            judge_id: The judge to update.
            name: The judge's new name.
            evaluator_references: The judge's new evaluators, replacing the old ones.
            intent: What the judge is for.
            stage: The stage of the application the judge checks.
            project_id: The project to move it to; ``None`` leaves it where it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The judge after the update, which can run itself.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return Judge._read(
            self._operations.call("judges_partial_update", _unchanged_when_none(locals()), id="judge_id"), self
        )

    async def aupdate(
        self,
        judge_id: Union[str, uuid.UUID],
        *,
        name: Optional[str] = None,
        evaluator_references: Optional[Sequence[EvaluatorReference]] = None,
        intent: Optional[str] = None,
        stage: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudge:
        """Asynchronously update a judge: change only the fields given (``None`` leaves a field as it is).

        Args:
            judge_id: The judge to update.
            name: The judge's new name.
            evaluator_references: The judge's new evaluators, replacing the old ones.
            intent: What the judge is for.
            stage: The stage of the application the judge checks.
            project_id: The project to move it to; ``None`` leaves it where it is.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The judge after the update, which can run itself.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return AJudge._read(
            await self._operations.acall("judges_partial_update", _unchanged_when_none(locals()), id="judge_id"), self
        )

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

    def delete(self, judge_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Delete a judge.

        Args:
            judge_id: The judge to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``judge_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        self._operations.call("judges_destroy", locals(), id="judge_id")

    async def adelete(self, judge_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Asynchronously delete a judge.

        Args:
            judge_id: The judge to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``judge_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        await self._operations.acall("judges_destroy", locals(), id="judge_id")

    # -- claim, synthetic data -----------------------------------------------------------------------

    def claim(
        self,
        claim_token: Union[str, uuid.UUID],
        *,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> Judge:
        """Claim a judge that was generated without an account: you become its owner.

        Args:
            claim_token: The token handed out with the judge when it was generated.
            project_id: The project the judge goes in.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The claimed judge, which can run itself.

        Raises:
            InvalidArgumentError: ``claim_token`` or ``project_id`` is malformed; nothing was sent.
            root.errors.APIStatusError: The service refused the claim (an unknown or used token).
        """
        return Judge._read(self._operations.call("judges_claim_create", locals()), self)

    async def aclaim(
        self,
        claim_token: Union[str, uuid.UUID],
        *,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudge:
        """Asynchronously claim a judge that was generated without an account: you become its owner.

        Args:
            claim_token: The token handed out with the judge when it was generated.
            project_id: The project the judge goes in.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The claimed judge, which can run itself.

        Raises:
            InvalidArgumentError: ``claim_token`` or ``project_id`` is malformed; nothing was sent.
            root.errors.APIStatusError: The service refused the claim (an unknown or used token).
        """
        return AJudge._read(await self._operations.acall("judges_claim_create", locals()), self)

    def synthetic_data(
        self, judge_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> JudgeSyntheticData:
        """Get the synthetic data of a judge: made-up interactions, good and bad, to test it with.

        Args:
            judge_id: The judge.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The ``samples`` (each a ``request``, a ``response`` and its ``quality``) and their
            ``status``: ``ready``, ``pending`` while they are made, or ``not_generated``.

        Raises:
            InvalidArgumentError: ``judge_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return self._operations.call("judges_synthetic_data_retrieve", locals())  # type: ignore[no-any-return]

    async def asynthetic_data(
        self, judge_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> AJudgeSyntheticData:
        """Asynchronously get the synthetic data of a judge: made-up interactions, good and bad, to test it with.

        Args:
            judge_id: The judge.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The ``samples`` (each a ``request``, a ``response`` and its ``quality``) and their
            ``status``: ``ready``, ``pending`` while they are made, or ``not_generated``.

        Raises:
            InvalidArgumentError: ``judge_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return await self._operations.acall("judges_synthetic_data_retrieve", locals())  # type: ignore[no-any-return]

    # -- run -----------------------------------------------------------------------------------------

    def run(
        self,
        judge_id: Union[str, uuid.UUID],
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Optional[Sequence[ExecutionFunction]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> JudgeExecutionResponse:
        """Run a judge by its ID: every one of its evaluators scores the interaction.

        Args:
            judge_id: The judge to run.
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents passed to RAG evaluators.
            functions: Functions the evaluators may check calls of.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return self._operations.call("judges_execute_create", _execution(locals()))  # type: ignore[no-any-return]

    async def arun(
        self,
        judge_id: Union[str, uuid.UUID],
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Optional[Sequence[ExecutionFunction]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudgeExecutionResponse:
        """Asynchronously run a judge by its ID: every one of its evaluators scores the interaction.

        Args:
            judge_id: The judge to run.
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents passed to RAG evaluators.
            functions: Functions the evaluators may check calls of.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.NotFoundError: No such judge.
        """
        return await self._operations.acall("judges_execute_create", _execution(locals()))  # type: ignore[no-any-return]

    def run_by_name(
        self,
        name: str,
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Optional[Sequence[ExecutionFunction]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> JudgeExecutionResponse:
        """Run a judge by its name: every one of its evaluators scores the interaction.

        Args:
            name: The name of the judge to run.
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents passed to RAG evaluators.
            functions: Functions the evaluators may check calls of.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.NameNotFoundError: No judge has that name (a ``NotFoundError``).
        """
        return self._operations.call("judges_execute_by_name_create", _execution(locals()))  # type: ignore[no-any-return]

    async def arun_by_name(
        self,
        name: str,
        *,
        response: Optional[str] = None,
        request: Optional[str] = None,
        contexts: Optional[List[str]] = None,
        functions: Optional[Sequence[ExecutionFunction]] = None,
        expected_output: Optional[str] = None,
        tags: Optional[List[str]] = None,
        turns: Optional[Sequence[AnyTurn]] = None,
        tools: Optional[List[Tool]] = None,
        user_id: Optional[str] = None,
        session_id: Optional[str] = None,
        system_prompt: Optional[str] = None,
        project_id: Optional[Union[str, uuid.UUID]] = None,
        _request_timeout: Optional[float] = None,
    ) -> AJudgeExecutionResponse:
        """Asynchronously run a judge by its name: every one of its evaluators scores the interaction.

        Args:
            name: The name of the judge to run.
            response: The LLM output to evaluate.
            request: The prompt sent to the LLM.
            contexts: Documents passed to RAG evaluators.
            functions: Functions the evaluators may check calls of.
            expected_output: The output expected, for evaluators that compare with it.
            tags: Tags to add to the run's execution log.
            turns: A conversation to evaluate, beside or instead of ``request`` and ``response``: a list
                of ``root.multiturn.Turn`` (or dicts of the same fields), in order.
            tools: The tools the assistant had in the conversation, as OpenAI-style definitions.
            user_id: The end user's identifier, kept with the execution log.
            session_id: The conversation's session identifier, kept with the execution log.
            system_prompt: The system prompt the LLM was given.
            project_id: The project the run's execution log belongs to; ``None``: the judge's project.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            One result per evaluator, and the run's ``execution_log_id``.

        Raises:
            InvalidArgumentError: None of ``request``, ``response`` and ``turns``, or an argument breaks
                the API's limits; nothing was sent.
            root.errors.NameNotFoundError: No judge has that name (a ``NotFoundError``).
        """
        return await self._operations.acall("judges_execute_by_name_create", _execution(locals()))  # type: ignore[no-any-return]


if TYPE_CHECKING:
    # The official SDK 1.6's other public names of this module, offered lazily (root/_official_names.py).
    from root.generated.openapi_aclient.models.judge_execution_response import (
        JudgeExecutionResponse as _AJudgeExecutionResponse,
    )
    from root.generated.openapi_aclient.models.judge_generator_response import (
        JudgeGeneratorResponse as _AJudgeGeneratorResponse,
    )
    from root.generated.openapi_client.models.evaluator_execution_functions_request import (
        EvaluatorExecutionFunctionsRequest as EvaluatorExecutionFunctionsRequest,
    )
    from root.generated.openapi_client.models.evaluator_reference_request import (
        EvaluatorReferenceRequest as EvaluatorReferenceRequest,
    )
    from root.generated.openapi_client.models.judge_execution_response import (
        JudgeExecutionResponse as JudgeExecutionResponse,
    )
    from root.generated.openapi_client.models.judge_generator_response import (
        JudgeGeneratorResponse as JudgeGeneratorResponse,
    )
    from root.utils import ClientContextCallable as ClientContextCallable
    from root.utils import with_async_client as with_async_client
    from root.utils import with_sync_client as with_sync_client

    AEvaluatorExecutionFunctionsRequest = _AEvaluatorExecutionFunctionsRequest
    AEvaluatorReferenceRequest = _AEvaluatorReferenceRequest
    AJudgeExecutionResponse = _AJudgeExecutionResponse
    AJudgeGeneratorResponse = _AJudgeGeneratorResponse
else:
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
