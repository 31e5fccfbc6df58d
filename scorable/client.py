"""The client of the ``scorable`` face: :class:`Scorable`."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from root._config import DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, SCORABLE, Environment, Timeout
from root._official_names import module_attributes
from root.client import Beta as _RootBeta
from root.client import RootSignals

if TYPE_CHECKING:
    from root.utils import ClientContextCallable
    from scorable.datasets import DataSets
    from scorable.judges import Judges
    from scorable.skills import Evaluators

__all__ = ["Beta", "Scorable"]


class Beta(_RootBeta):
    """The sub-APIs the official SDK keeps under ``client.beta``; each is the same object as on the client
    (``client.beta.judges is client.judges``).

    .. note::

       Reach it as ``Scorable().beta``.
    """

    _client: Scorable

    @property
    def judges(self) -> Judges:
        """The Judges sub-API: :class:`scorable.judges.Judges`, the same object as ``client.judges``."""
        return self._client.judges


class Scorable(RootSignals):
    """The Scorable API client, with the API of the official SDK ``scorable`` 1.15.

    It is :class:`root.client.RootSignals` in every way (one object for synchronous and asynchronous
    code, connection pools kept open until :meth:`close` / :meth:`aclose`, the same options), but for
    where it looks for what it is not given, and for the sub-APIs where 1.15 differs from 1.6:
    ``client.evaluators`` is :class:`scorable.skills.Evaluators` and ``client.judges``
    :class:`scorable.judges.Judges`. Every other sub-API is the same class as on ``RootSignals``.

    Args:
        api_key: The API key. When not given: the ``SCORABLE_API_KEY`` environment variable, then a
            ``SCORABLE_API_KEY=...`` line in ``./.env``.
        run_async: As in the official SDK: ``True`` makes the preset evaluator runners
            (``client.evaluators.Helpfulness``) return an awaitable when called. Every other method
            works the same either way.
        base_url: The service's URL. When not given: ``SCORABLE_API_URL``, then
            ``https://api.scorable.ai``.
        timeout: As for :class:`~root.client.RootSignals`.
        max_retries: As for :class:`~root.client.RootSignals`.
        max_connections: As for :class:`~root.client.RootSignals`.
        proxy: As for :class:`~root.client.RootSignals`.
        ssl_ca_cert: As for :class:`~root.client.RootSignals`.
        deadline: As for :class:`~root.client.RootSignals`.

    Raises:
        MissingAPIKeyError: No API key was given or found; the message names ``SCORABLE_API_KEY``.
        InvalidArgumentError: An option is out of range or malformed (also a ``ValueError``); when the
            value came from an environment variable, the message names it.
    """

    _environment: ClassVar[Environment] = SCORABLE

    def __init__(
        self,
        api_key: str | None = None,
        *,
        run_async: bool = False,
        base_url: str | None = None,
        timeout: float | Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        proxy: str | None = None,
        ssl_ca_cert: str | None = None,
        deadline: float | None = None,
    ) -> None:
        super().__init__(
            api_key,
            base_url=base_url,
            run_async=run_async,
            timeout=timeout,
            max_retries=max_retries,
            max_connections=max_connections,
            proxy=proxy,
            ssl_ca_cert=ssl_ca_cert,
            deadline=deadline,
        )

    @property
    def run_async(self) -> bool:
        """Whether the preset evaluator runners return an awaitable when called (``run_async=True``)."""
        return self._run_async

    @property
    def get_client_context(self) -> ClientContextCallable:
        """The official SDK 1.15's name for :meth:`client_context`, which sub-APIs are built with."""
        return self.client_context

    @cached_property
    def evaluators(self) -> Evaluators:
        """The Evaluators sub-API, with the preset evaluators of 1.15: :class:`scorable.skills.Evaluators`."""
        from scorable.skills import Evaluators

        return Evaluators(self.client_context)

    @cached_property
    def datasets(self) -> DataSets:
        """The DataSets sub-API, with 1.15's ``create``: :class:`scorable.datasets.DataSets`."""
        from scorable.datasets import DataSets

        return DataSets(self.client_context)

    @cached_property
    def judges(self) -> Judges:
        """The Judges sub-API: :class:`scorable.judges.Judges`."""
        from scorable.judges import Judges

        return Judges(self.client_context)

    @cached_property
    def beta(self) -> Beta:
        """The official SDK's beta namespace: ``client.beta.judges`` is ``client.judges``."""
        return Beta(self)


# The sub-API classes 1.15's client module names in its annotations, offered on first use.
__getattr__, _ = module_attributes(__name__)
