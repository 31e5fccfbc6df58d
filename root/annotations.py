"""The Annotations sub-API: human labels of data set items and execution logs, on a score config's scale.

Reach it as ``RootSignals().annotations``. Every method has an asynchronous twin whose name starts with
``a`` (``create`` / ``acreate``), with the same parameters and defaults. Names and parameters follow the
official SDK 1.15 (``scorable``), so a program written for it runs unchanged.
"""

# ruff: noqa: UP006, UP007, UP035, UP045

from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Dict, Iterator, Mapping, Optional, Union

from root._operations import Operations, check_id, checks_at_call
from root.errors import InvalidArgumentError

if TYPE_CHECKING:
    import uuid

    from root.generated.openapi_aclient.models.annotation import Annotation as AAnnotation
    from root.generated.openapi_client.models.annotation import Annotation
    from root.utils import ClientContextCallable

__all__ = ["Annotations"]


def _new(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """``create``'s arguments as the request's fields: one target, and the ids checked under their public names.

    Raises:
        InvalidArgumentError: Not exactly one of ``dataset_item_id`` and ``execution_log_id`` is given, or
            an id is malformed. (Also a ``ValueError``, as in the official SDK.)
    """
    fields = {"dataset_item": "dataset_item_id", "execution_log": "execution_log_id", "score_config": "score_config_id"}
    ids = {k: None if arguments[v] is None else check_id(v, arguments[v]) for k, v in fields.items()}
    if (ids["dataset_item"] is None) == (ids["execution_log"] is None):
        raise InvalidArgumentError("exactly one of dataset_item_id or execution_log_id must be provided")
    return {**arguments, **ids}


def _given(arguments: Mapping[str, Any]) -> Dict[str, Any]:
    """``update``'s arguments without those that are ``None``: ``None`` leaves a field as it is."""
    return {k: v for k, v in arguments.items() if v is not None}


class Annotations:
    """Annotations (sub) API: human labels, each of exactly one target (a data set item or an execution
    log), on a score config's scale.

    On a ``binary`` or ``categorical`` config the label is a ``category`` (and its value follows); on a
    ``continuous`` one it is a ``value``. Without a ``score_config_id`` the service uses its built-in
    continuous "Score" config, so a raw expected score is just a ``value``. Published annotations are what
    calibration measures evaluators against.

    .. note::

       The construction of the API instance should be handled by
       accessing an attribute of a :class:`root.client.RootSignals` instance.
    """

    def __init__(self, client_context: ClientContextCallable) -> None:
        self.client_context = client_context
        self._operations = Operations.of(self, "AnnotationsApi")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sub-API>"

    def create(
        self,
        *,
        dataset_item_id: Union[str, uuid.UUID, None] = None,
        execution_log_id: Union[str, uuid.UUID, None] = None,
        value: Optional[float] = None,
        category: Optional[str] = None,
        rationale: str = "",
        status: str = "published",
        score_config_id: Union[str, uuid.UUID, None] = None,
        _request_timeout: Optional[float] = None,
    ) -> Annotation:
        """Create an annotation of one target and return it.

        Args:
            dataset_item_id: The data set item to label (give this or ``execution_log_id``).
            execution_log_id: The execution log to label (give this or ``dataset_item_id``).
            value: The label on a continuous scale.
            category: The label on a binary or categorical scale: one of its categories' labels.
            rationale: Why, in free text.
            status: ``"published"`` (the default) or ``"draft"``.
            score_config_id: The scale; ``None`` uses the service's built-in continuous "Score" config.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new annotation.

        Raises:
            InvalidArgumentError: Not exactly one target, a malformed id, or an argument that breaks the
                API's limits; nothing was sent. (Also a ``ValueError``, as in the official SDK.)
            root.errors.BadRequestError: The service refused the annotation (no such target or config, a
                label off the config's scale).
        """
        return self._operations.call("annotations_create", _new(locals()))  # type: ignore[no-any-return]

    async def acreate(
        self,
        *,
        dataset_item_id: Union[str, uuid.UUID, None] = None,
        execution_log_id: Union[str, uuid.UUID, None] = None,
        value: Optional[float] = None,
        category: Optional[str] = None,
        rationale: str = "",
        status: str = "published",
        score_config_id: Union[str, uuid.UUID, None] = None,
        _request_timeout: Optional[float] = None,
    ) -> AAnnotation:
        """Asynchronously create an annotation of one target and return it.

        Args:
            dataset_item_id: The data set item to label (give this or ``execution_log_id``).
            execution_log_id: The execution log to label (give this or ``dataset_item_id``).
            value: The label on a continuous scale.
            category: The label on a binary or categorical scale: one of its categories' labels.
            rationale: Why, in free text.
            status: ``"published"`` (the default) or ``"draft"``.
            score_config_id: The scale; ``None`` uses the service's built-in continuous "Score" config.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The new annotation.

        Raises:
            InvalidArgumentError: Not exactly one target, a malformed id, or an argument that breaks the
                API's limits; nothing was sent. (Also a ``ValueError``, as in the official SDK.)
            root.errors.BadRequestError: The service refused the annotation (no such target or config, a
                label off the config's scale).
        """
        return await self._operations.acall("annotations_create", _new(locals()))  # type: ignore[no-any-return]

    def get(self, annotation_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> Annotation:
        """Get an annotation by its ID.

        Args:
            annotation_id: The annotation to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``annotation_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such annotation.
        """
        return self._operations.call("annotations_retrieve", locals(), id="annotation_id")  # type: ignore[no-any-return]

    async def aget(
        self, annotation_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None
    ) -> AAnnotation:
        """Asynchronously get an annotation by its ID.

        Args:
            annotation_id: The annotation to get.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``annotation_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such annotation.
        """
        return await self._operations.acall("annotations_retrieve", locals(), id="annotation_id")  # type: ignore[no-any-return]

    def list(
        self,
        *,
        dataset: Union[str, uuid.UUID, None] = None,
        score_config: Union[str, uuid.UUID, None] = None,
        status: Optional[str] = None,
        dataset_item: Union[str, uuid.UUID, None] = None,
        execution_log: Union[str, uuid.UUID, None] = None,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> Iterator[Annotation]:
        """Iterate through the annotations, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            dataset: Only the annotations of this data set's items.
            score_config: Only the annotations on this score config.
            status: Only the ``"draft"`` or the ``"published"`` annotations.
            dataset_item: Only the annotations of this data set item.
            execution_log: Only the annotations of this execution log.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        return self._operations.iterate("annotations_list", locals(), limit=limit)

    @checks_at_call("annotations_list")
    async def alist(
        self,
        *,
        dataset: Union[str, uuid.UUID, None] = None,
        score_config: Union[str, uuid.UUID, None] = None,
        status: Optional[str] = None,
        dataset_item: Union[str, uuid.UUID, None] = None,
        execution_log: Union[str, uuid.UUID, None] = None,
        limit: Optional[int] = 100,
        _request_timeout: Optional[float] = None,
    ) -> AsyncIterator[AAnnotation]:
        """Asynchronously iterate through the annotations, newest first.

        Pages are fetched lazily, as the iteration reaches them, and never more than ``limit`` needs.

        Args:
            dataset: Only the annotations of this data set's items.
            score_config: Only the annotations on this score config.
            status: Only the ``"draft"`` or the ``"published"`` annotations.
            dataset_item: Only the annotations of this data set item.
            execution_log: Only the annotations of this execution log.
            limit: Number of entries to iterate through at most; ``None``: every entry.
            _request_timeout: Seconds each page's request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: A negative ``limit`` or a malformed filter; nothing was sent.
        """
        async for item in self._operations.aiterate("annotations_list", locals(), limit=limit):
            yield item

    def update(
        self,
        annotation_id: Union[str, uuid.UUID],
        *,
        value: Optional[float] = None,
        category: Optional[str] = None,
        rationale: Optional[str] = None,
        status: Optional[str] = None,
        _request_timeout: Optional[float] = None,
    ) -> Annotation:
        """Update an annotation: change only the fields given (``None`` leaves a field as it is).

        The target and the score config stay; a new ``category`` brings its value, a new ``value`` its
        category.

        Args:
            annotation_id: The annotation to update.
            value: The label on a continuous scale.
            category: The label on a binary or categorical scale.
            rationale: Why, in free text.
            status: ``"published"`` or ``"draft"``.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The annotation after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such annotation.
            root.errors.BadRequestError: The label is off the config's scale.
        """
        return self._operations.call("annotations_partial_update", _given(locals()), id="annotation_id")  # type: ignore[no-any-return]

    async def aupdate(
        self,
        annotation_id: Union[str, uuid.UUID],
        *,
        value: Optional[float] = None,
        category: Optional[str] = None,
        rationale: Optional[str] = None,
        status: Optional[str] = None,
        _request_timeout: Optional[float] = None,
    ) -> AAnnotation:
        """Asynchronously update an annotation: change only the fields given (``None`` leaves a field as it is).

        The target and the score config stay; a new ``category`` brings its value, a new ``value`` its
        category.

        Args:
            annotation_id: The annotation to update.
            value: The label on a continuous scale.
            category: The label on a binary or categorical scale.
            rationale: Why, in free text.
            status: ``"published"`` or ``"draft"``.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Returns:
            The annotation after the update.

        Raises:
            InvalidArgumentError: An argument breaks the API's limits; nothing was sent.
            root.errors.NotFoundError: No such annotation.
            root.errors.BadRequestError: The label is off the config's scale.
        """
        return await self._operations.acall(  # type: ignore[no-any-return]
            "annotations_partial_update", _given(locals()), id="annotation_id"
        )

    def delete(self, annotation_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Delete an annotation.

        Args:
            annotation_id: The annotation to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``annotation_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such annotation.
        """
        self._operations.call("annotations_destroy", locals(), id="annotation_id")

    async def adelete(self, annotation_id: Union[str, uuid.UUID], *, _request_timeout: Optional[float] = None) -> None:
        """Asynchronously delete an annotation.

        Args:
            annotation_id: The annotation to delete.
            _request_timeout: Seconds the request may take; ``None`` uses the client's timeout.

        Raises:
            InvalidArgumentError: ``annotation_id`` is malformed; nothing was sent.
            root.errors.NotFoundError: No such annotation.
        """
        await self._operations.acall("annotations_destroy", locals(), id="annotation_id")


if not TYPE_CHECKING:
    # The official SDKs' other public names of this module, offered lazily (root/_official_names.py).
    from root._official_names import module_attributes

    __getattr__, __dir__ = module_attributes(__name__)
    del module_attributes
