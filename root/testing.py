"""A pytest plugin: the emulator and a client bound to it, as fixtures for your own tests.

Installing the SDK registers it with pytest (through the ``pytest11`` entry point), so there is nothing
to configure. It does nothing until a test asks for one of its fixtures: loading it imports neither
the emulator nor aiohttp.

Fixtures:

``rootsignals_emulator``
    A :class:`root.emulator.Emulator`, started once per test session (per worker with pytest-xdist) on
    a free port, and reset before each test that uses it: no models but the built-in ones, no faults, an
    empty request log, the default settings. Faults a test sets are cleared after it.
``rootsignals_client``
    A :class:`root.RootSignals` bound to that emulator, for sync and async code alike; closed after
    the test.
``rootsignals_env``
    The same emulator, with ``ROOTSIGNALS_API_URL`` and ``ROOTSIGNALS_API_KEY`` pointing at it for the
    test, so that code under test that builds its own ``RootSignals()`` reaches it too.

Faults for one test: the marker ``@pytest.mark.rootsignals_faults(...)`` takes the keys of
:meth:`root.emulator.Emulator.set_faults` (``status=503, first=2``, ``hang=True``, ...) and sets them
before the test; or call ``rootsignals_emulator.set_faults(...)`` within the test. Either way they are
cleared after it. The marker is registered, so ``--strict-markers`` accepts it.

Verdicts for one test: the marker ``@pytest.mark.rootsignals_verdict(evaluator=..., pattern=..., score=...,
justification=...)`` takes the arguments of :meth:`root.emulator.Emulator.set_verdict` and sets the
verdict before the test, so that runs of that evaluator (by id or name) whose response matches the
pattern get that score::

    @pytest.mark.rootsignals_verdict(evaluator="Politeness", pattern="rude", score=0.1)
    def test_rude_answers_are_flagged(rootsignals_client): ...

Stack the marker to set several; the newest set (the one nearest the function) is the first to match.
Verdicts are forgotten when the next test resets the emulator.

A marker fails loudly rather than match nothing: an evaluator the emulator does not hold (a preset's
name or id, say ``"Politness"``), an unknown key of either marker, or either marker on a test that uses
none of the emulator fixtures, is a usage error that fails the test, naming the closest known name.

API keys: the emulator accepts any non-empty key, and its admin API (``/_emulator/``) answers only
requests a web page cannot forge. To make both require a key, as ``Emulator(api_keys=...)`` does, set
the ini option ``rootsignals_api_key``; ``rootsignals_client`` and ``rootsignals_env`` use it.

Gates: :func:`assert_mean_at_least` and :func:`assert_not_worse` fail a test when an evaluation's mean
score is, with the given confidence, below a threshold, or detectably worse than a baseline's::

    from root.testing import assert_mean_at_least, assert_not_worse

    def test_answers_stay_good(rootsignals_client):
        result = rootsignals_client.evaluate(rows, evaluators=["Helpfulness"], key="id")
        assert_mean_at_least(result, "Helpfulness", 0.6)
        assert_not_worse(result, "baseline.jsonl")

They raise :class:`GateFailure`, an ``AssertionError`` whose message is a table of every evaluator checked
(n, mean, interval, threshold or baseline, difference, errors, verdict), so they work in any test runner or
script, and ``pytest.raises(AssertionError)`` catches them. Pytest shows the test's line and the table: the
helpers hide their own frames, and being no ``assert`` statement, they add no "assert False" rewriting.
A failed run counts against the gate: more than ``max_errors`` (default 0) rows with errors fail it.

The emulator fixtures need the ``emulator`` extra, as the emulator does
(``pip install -e '.[emulator]'`` in a clone; see the README's Install). To turn the plugin off:
``pytest -p no:rootsignals``.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from root import _gates
from root._gates import GateFailure, GateRow

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence

    from root.client import RootSignals
    from root.emulator import Emulator
    from root.evaluation import EvaluationResult

__all__ = [
    "GateFailure",
    "GateRow",
    "assert_mean_at_least",
    "assert_not_worse",
    "rootsignals_client",
    "rootsignals_emulator",
    "rootsignals_env",
]

FAULTS_MARKER = "rootsignals_faults"
VERDICT_MARKER = "rootsignals_verdict"
API_KEY_INI = "rootsignals_api_key"
EMULATOR_FIXTURE = "rootsignals_emulator"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        API_KEY_INI,
        "the one API key the Root Signals emulator of the rootsignals_* fixtures accepts, on its API and its "
        "admin API (default: any non-empty key, and an admin API that answers only what a web page cannot forge)",
        default="",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{FAULTS_MARKER}(**keys): inject the Root Signals emulator's faults (Emulator.set_faults keys, "
        "e.g. status=503, first=2) for this test",
    )
    config.addinivalue_line(
        "markers",
        f"{VERDICT_MARKER}(evaluator, pattern='', score=0.0, justification=None): make the Root Signals "
        "emulator score runs of that evaluator whose response matches the pattern (Emulator.set_verdict)",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A marker on a test that uses no emulator fixture would do nothing: it is an error instead."""
    used = set(getattr(item, "fixturenames", ()))
    for name in (FAULTS_MARKER, VERDICT_MARKER):
        if item.get_closest_marker(name) is not None and EMULATOR_FIXTURE not in used:
            raise pytest.UsageError(
                f"@pytest.mark.{name} on {item.nodeid}, which uses no emulator fixture: ask for "
                f"rootsignals_client, rootsignals_emulator or rootsignals_env, or drop the marker"
            )


def _closest(wanted: object, known: Iterable[str]) -> str:
    """`` (did you mean 'X'?)``, or nothing when no known name is close."""
    close = difflib.get_close_matches(str(wanted), list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _unknown_keys(marker: str, given: Iterable[str], known: Iterable[str]) -> None:
    known = list(known)
    unknown = sorted(set(given) - set(known))
    if unknown:
        hints = "; ".join(f"{key!r}{_closest(key, known)}" for key in unknown)
        raise pytest.UsageError(f"@pytest.mark.{marker}: unknown keys: {hints}; known: {', '.join(known)}")


def _set_verdict(emulator: Emulator, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    parameters = list(inspect.signature(emulator.set_verdict).parameters)
    _unknown_keys(VERDICT_MARKER, kwargs, parameters)
    try:
        bound = inspect.signature(emulator.set_verdict).bind(*args, **kwargs)
    except TypeError as exc:
        raise pytest.UsageError(f"@pytest.mark.{VERDICT_MARKER}: {exc}") from None
    evaluator = bound.arguments.get("evaluator")
    held = emulator.evaluators()
    if isinstance(evaluator, str) and not any(evaluator.strip() in (e["id"], e["name"]) for e in held):
        names = [e["name"] for e in held]
        raise pytest.UsageError(
            f"@pytest.mark.{VERDICT_MARKER}: the emulator holds no evaluator {evaluator!r}"
            f"{_closest(evaluator, names)}; its evaluators: {', '.join(names)}"
        )
    try:
        emulator.set_verdict(*bound.args, **bound.kwargs)
    except (TypeError, ValueError) as exc:
        raise pytest.UsageError(f"@pytest.mark.{VERDICT_MARKER}: {exc}") from None


@pytest.fixture(scope="session")
def _rootsignals_emulator_session(pytestconfig: pytest.Config) -> Iterator[Emulator]:
    from root.emulator import Emulator

    key = str(pytestconfig.getini(API_KEY_INI) or "").strip()
    with Emulator(api_keys=[key] if key else ()) as emulator:
        yield emulator


@pytest.fixture
def rootsignals_emulator(_rootsignals_emulator_session: Emulator, request: pytest.FixtureRequest) -> Iterator[Emulator]:
    """The session's emulator, reset for this test; faults from ``rootsignals_faults`` set, and cleared after;
    verdicts from ``rootsignals_verdict`` set."""
    emulator = _rootsignals_emulator_session
    emulator.reset()
    # iter_markers yields the nearest first; setting the farthest first makes the nearest the newest.
    for verdict in reversed(list(request.node.iter_markers(VERDICT_MARKER))):
        _set_verdict(emulator, verdict.args, dict(verdict.kwargs))
    marker = request.node.get_closest_marker(FAULTS_MARKER)
    if marker is not None:
        if marker.args:
            raise pytest.UsageError(f"@pytest.mark.{FAULTS_MARKER} takes keyword arguments only, e.g. status=503")
        from root.emulator import FaultConfig

        _unknown_keys(FAULTS_MARKER, marker.kwargs, [key.name for key in FaultConfig.fault_keys()])
        try:
            emulator.set_faults(**marker.kwargs)
        except (TypeError, ValueError) as exc:
            raise pytest.UsageError(f"@pytest.mark.{FAULTS_MARKER}: {exc}") from None
    try:
        yield emulator
    finally:
        emulator.clear_faults()


@pytest.fixture
def rootsignals_client(rootsignals_emulator: Emulator) -> Iterator[RootSignals]:
    """A client of the test's emulator; closed after the test."""
    from root.client import RootSignals

    with RootSignals(api_key=rootsignals_emulator.api_key, base_url=rootsignals_emulator.url) as client:
        yield client


@pytest.fixture
def rootsignals_env(rootsignals_emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """The test's emulator, with ``ROOTSIGNALS_API_URL`` / ``ROOTSIGNALS_API_KEY`` set to it for the test, and
    ``SCORABLE_API_URL`` / ``SCORABLE_API_KEY`` too, for code that builds a ``scorable.Scorable()``."""
    from root._config import ROOTSIGNALS, SCORABLE

    for environment in (ROOTSIGNALS, SCORABLE):
        monkeypatch.setenv(environment.base_url_env, rootsignals_emulator.url)
        monkeypatch.setenv(environment.api_key_env, rootsignals_emulator.api_key)
    return rootsignals_emulator


# -- gates ------------------------------------------------------------------------------------------------


def assert_mean_at_least(
    result: EvaluationResult,
    evaluator: str | Sequence[str],
    threshold: float,
    *,
    confidence: float = 0.95,
    seed: int | None = 0,
    max_errors: int = 0,
) -> None:
    """Fail unless each evaluator's mean score is, with the given confidence, at least ``threshold``.

    An evaluator passes when the lower end of its mean's bootstrap confidence interval (the interval
    :meth:`~root.evaluation.EvaluationResult.summary` reports, with the same ``confidence`` and ``seed``) is
    at least ``threshold``, and its runs failed on at most ``max_errors`` rows. A mean above the threshold
    whose interval reaches below it fails: there are too few rows to tell. With no scores at all, it fails.

    Args:
        result: The evaluation (``client.evaluate(...)``, or ``EvaluationResult.from_jsonl(...)``).
        evaluator: An evaluator's name, as in ``row.scores``, or a list of names (each held to ``threshold``).
        threshold: The least acceptable mean.
        confidence: The interval's confidence level, between 0 and 1.
        seed: The seed of the resampling: the same seed gives the same verdict.
        max_errors: The most rows whose run of the evaluator may have failed; more fail the gate.

    Raises:
        GateFailure: An evaluator did not pass (an ``AssertionError``); the message is a table of every
            evaluator checked.
        InvalidArgumentError: ``result`` is no ``EvaluationResult``, it has no scores of a named evaluator,
            or an argument is out of range.
    """
    __tracebackhide__ = True
    _gates.mean_at_least(result, evaluator, threshold, confidence=confidence, seed=seed, max_errors=max_errors)


def assert_not_worse(
    result: EvaluationResult,
    baseline: EvaluationResult | str | os.PathLike[str],
    *,
    evaluators: str | Sequence[str] | None = None,
    confidence: float = 0.95,
    seed: int | None = 0,
    max_errors: int = 0,
) -> None:
    """Fail when an evaluator's scores are detectably worse than the baseline's, row by row.

    The rows are paired by key, as :meth:`~root.evaluation.EvaluationResult.compare` pairs them (with the
    same ``confidence`` and ``seed``); an evaluator fails when its verdict there is ``"worse"`` (the whole
    confidence interval of the mean difference is below zero), when no row pairs up, or when its runs
    failed on more than ``max_errors`` rows of ``result`` (the baseline's errors do not count). A change too
    small to detect passes.

    Args:
        result: The evaluation to check.
        baseline: An earlier evaluation of the same rows: an ``EvaluationResult``, the path of the JSONL
            file its :meth:`~root.evaluation.EvaluationResult.to_jsonl` wrote, or the path of its run's
            journal (``journal=``; told apart by the file's content).
        evaluators: The evaluators to check, by name; ``None``: every evaluator both results scored.
        confidence: The interval's confidence level, between 0 and 1.
        seed: The seed of the resampling: the same seed gives the same verdict.
        max_errors: The most rows of ``result`` whose run of an evaluator may have failed.

    Raises:
        GateFailure: An evaluator did not pass (an ``AssertionError``); the message is a table of every
            evaluator checked.
        InvalidArgumentError: ``result`` is no ``EvaluationResult``, ``baseline`` is neither one nor a readable
            JSONL file or journal of one, a named evaluator is missing from either, the two share no evaluator, or an
            argument is out of range.
    """
    __tracebackhide__ = True
    _gates.not_worse(result, baseline, evaluators=evaluators, confidence=confidence, seed=seed, max_errors=max_errors)
