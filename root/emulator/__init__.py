"""A local emulator of the Root Signals API, for tests, demos, benchmarks and offline work.

It serves the endpoints of ``openapi.yaml`` (models, objectives, datasets and their items, files,
execution logs, evaluators, judges, projects, annotations, score configs, calibration runs, batch
executions, OpenTelemetry traces and evaluation filters) on aiohttp and SQLite, shaped like the real
service (Django REST framework): API-key auth, cursor pagination with full ``next`` URLs, DRF validation
errors. One engine (:mod:`root.emulator.engine`)
serves every resource from its declaration; each adds only what the spec cannot say
(:mod:`root.emulator.resources`): a catalog of built-in models, versioned objectives, CSV uploads stored
with their rows, append-only execution logs, the service's preset evaluators, and evaluator and judge
runs scored deterministically (no model runs offline; a test sets the scores it needs with verdicts), each
writing its execution log; calibration runs and batch executions finish at a pace a test sets
(``job_seconds``). The OpenAI-compatible chat completions and Responses routes are not served. On top of that it
can inject faults (error statuses with ``Retry-After``, delays, hangs, dropped connections) and logs the
requests it receives. It reads the contract from the ``openapi.yaml`` shipped in the package: requests are
checked against the spec itself, so its limits, field lists and types are never restated here. It needs
aiohttp and the ``emulator`` extra (``pip install -e '.[emulator]'`` in a clone, which brings
openapi-core), never the SDK; without the extra, importing :class:`Emulator` raises an ImportError that
says what to install.

In tests::

    from root.emulator import Emulator

    with Emulator() as emu:                      # a free port, an in-memory database
        emu.url                                  # "http://127.0.0.1:54321"
        emu.api_key                              # a key it accepts
        emu.set_faults(status=503, first=2, retry_after="1")
        ...                                      # point the client at emu.url
        emu.requests()                           # what the client sent
        emu.count_models(name_prefix="test-")
        emu.add_execution_log(score=0.8)         # what an evaluator run would write
        emu.reset()                              # back to a clean state

From a shell (``--help`` lists every option)::

    python -m root.emulator --port 8000 --db models.db --api-key secret
    python -m root.emulator --port 0 --fail-status 429 --fail-first 1 --retry-after 2

A running emulator is also controlled over HTTP under ``/_emulator/``, by requests a web page cannot forge
(with ``api_keys``, one of them; without, no foreign ``Origin`` and a JSON body; always a ``Host`` it
answers to: see :meth:`EmulatorState.admin_refusal`):

- ``GET /_emulator/faults``: the active faults, and how many requests they matched and hit.
- ``POST /_emulator/faults``: set faults; the body is a JSON object of fault keys.
- ``DELETE /_emulator/faults``: clear faults.
- ``GET /_emulator/config``: the settings ``public_url``, ``next_style``, ``max_page_size``,
  ``body_timeout`` and ``request_log_bytes``.
- ``POST /_emulator/config``: change some settings; the body is a JSON object of them.
- ``POST /_emulator/reset``: delete what was created, clear faults and the log, restore the settings.
- ``GET /_emulator/requests``: the request log (``DELETE`` empties it).
- ``GET /_emulator/state``: ``{"models": n, "objectives": n, ...}``; ``?name=`` or ``?name_prefix=``
  filter the models count.
- ``POST /_emulator/execution-logs``: add execution logs (a JSON object or a list of them).
- ``POST /_emulator/traces``: add OpenTelemetry traces with their spans (a JSON object or a list of them);
  ``Emulator.add_trace`` does the same from Python.

Fault keys are documented in :mod:`root.emulator.faults`; API behaviour in :mod:`root.emulator.engine`
and :mod:`root.emulator.resources`.
"""

from __future__ import annotations

from typing import Any

from root.emulator._extra import MissingExtraError
from root.emulator.app import STATE_KEY, EmulatorState, create_app
from root.emulator.contract import extra_missing
from root.emulator.faults import FaultConfig
from root.emulator.server import Emulator

__all__ = ["STATE_KEY", "Emulator", "EmulatorState", "FaultConfig", "create_app"]

if extra_missing():
    # The package still imports, so that `python -m root.emulator` can say what to install; asking for
    # any of its names raises the ImportError that says it.
    del STATE_KEY, Emulator, EmulatorState, FaultConfig, create_app

    def __getattr__(name: str) -> Any:
        if name in __all__:
            raise MissingExtraError
        raise AttributeError(f"module 'root.emulator' has no attribute {name!r}")
