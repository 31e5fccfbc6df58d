"""What both scenario programs of ``make parity`` (``scenario.py`` for 1.6, ``scenario_1_15.py`` for 1.15)
share: running a step, recording what it returned or raised and the requests it sent, and raw requests
to the emulator. Standard library only, so it runs under any of the interpreters.

A scenario is run as ``python SCENARIO BASE_URL API_KEY OUT.json [PRESETS.json]``; this module reads
those arguments (PRESETS.json: the official package's preset names, see :func:`presets`).
"""

from __future__ import annotations

import datetime
import enum
import importlib
import inspect
import json
import sys
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any

BASE_URL, API_KEY, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
# The official package's preset evaluators (a JSON list of names, the 4th argument): ours may have more,
# and running those would add execution logs that the official run lacks.
OFFICIAL_PRESETS: list[str] | None = None
if len(sys.argv) > 4:
    with open(sys.argv[4], encoding="utf-8") as _presets:
        OFFICIAL_PRESETS = json.load(_presets)
PAGE_SIZE = 2  # the emulator's largest page during the run, so a listing of 5 reads 3 pages
MAX_DEPTH = 6

steps: list[dict[str, Any]] = []


def admin(method: str, path: str, body: Any = None) -> Any:
    # The admin API wants what a web page cannot forge: the key (the emulator runs with one) and JSON.
    request = urllib.request.Request(BASE_URL + "/_emulator/" + path, method=method)
    request.add_header("Authorization", f"Api-Key {API_KEY}")
    if body is not None or method in ("POST", "PUT", "PATCH"):
        request.data = json.dumps({} if body is None else body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def api(method: str, path: str, body: Any = None, *, files: dict[str, tuple[str, str]] | None = None) -> Any:
    """A raw API request, the same bytes under either SDK: setup that the official SDK cannot do against
    today's contract (see each scenario), so that the steps after it compare the same objects."""
    request = urllib.request.Request(BASE_URL + path, method=method)
    request.add_header("Authorization", f"Api-Key {API_KEY}")
    if files is not None:
        boundary = "parity-boundary"
        chunks = []
        for name, value in (body or {}).items():
            chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n')
        for name, (filename, content) in files.items():
            chunks.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: text/csv\r\n\r\n{content}\r\n"
            )
        chunks.append(f"--{boundary}--\r\n")
        request.data = "".join(chunks).encode()
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    elif body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def describe(value: Any, depth: int = 0) -> Any:
    """A value as JSON: its type name and, for an object, each attribute's description."""
    if depth > MAX_DEPTH:
        return {"type": type(value).__name__, "value": "<deep>"}
    if value is None or isinstance(value, (bool, int, float, str)):
        return {"type": type(value).__name__, "value": value}
    if isinstance(value, enum.Enum):
        return {"type": type(value).__name__, "value": describe(value.value, depth + 1)["value"]}
    if isinstance(value, (datetime.datetime, datetime.date, uuid.UUID)):
        return {"type": type(value).__name__, "value": str(value)}
    if isinstance(value, (list, tuple)):
        return {"type": "list", "items": [describe(v, depth + 1) for v in value]}
    if isinstance(value, dict):
        return {"type": "dict", "items": {str(k): describe(v, depth + 1) for k, v in value.items()}}
    fields = getattr(type(value), "model_fields", None)
    if isinstance(fields, dict):
        names = list(fields)
    else:
        names = [n for n in vars(value) if not n.startswith("_")] if hasattr(value, "__dict__") else []
    return {
        "class": type(value).__name__,
        "attributes": {name: describe(getattr(value, name, None), depth + 1) for name in names},
    }


# The two import names a class of ours may be reached by: our ``scorable.generated`` package is
# ``root.generated`` under a second name (the very same modules and classes).
_PREFIXES = ("root.", "scorable.")


def class_names(cls: type) -> list[str]:
    """Every ``module.qualname`` a program can import ``cls`` by: where it is defined, and the same
    module path under the other package name when that module holds this very class (an official
    package has only one of the two, so there it is only the first)."""
    names = [f"{cls.__module__}.{cls.__qualname__}"]
    for prefix in _PREFIXES:
        if not cls.__module__.startswith(prefix):
            continue
        for other in _PREFIXES:
            if other == prefix:
                continue
            alias = other + cls.__module__[len(prefix) :]
            try:
                module = importlib.import_module(alias)
            except ImportError:  # not installed here, or no such module: no alias
                continue
            if getattr(module, cls.__qualname__, None) is cls:
                names.append(f"{alias}.{cls.__qualname__}")
    return names


def exception_record(error: BaseException) -> dict[str, Any]:
    """The exception's class and every class an ``except`` clause could name to catch it (its MRO, by
    each name a program can import the class by)."""
    return {
        "class": f"{type(error).__module__}.{type(error).__qualname__}",
        "mro": [name for c in type(error).__mro__ for name in class_names(c)],
        "message": str(error)[:300],
    }


def wire() -> list[dict[str, Any]]:
    sent = admin("GET", "requests")["requests"]
    admin("DELETE", "requests")
    keep = ("authorization", "content-type")
    return [
        {
            "method": r["method"],
            "path": r["path"],
            "params": r["params"],
            "headers": {k.lower(): v for k, v in r["headers"].items() if k.lower() in keep},
            "body": r["body"],
            "status": r["status"],
        }
        for r in sent
    ]


def record(name: str, kind: str, outcome: dict[str, Any]) -> None:
    outcome.update(name=name, kind=kind, wire=wire())
    steps.append(outcome)


def step(name: str, call: Callable[[], Any], *, kind: str = "call", listing: bool = False) -> Any:
    try:
        value = call()
        if listing:
            value = list(value)
    except Exception as error:
        record(name, kind, {"raised": exception_record(error)})
        return None
    record(name, kind, {"returned": describe(value)})
    return value


async def astep(name: str, call: Callable[[], Any], *, kind: str = "call", listing: bool = False) -> Any:
    """An asynchronous step; a listing is iterated as the official SDK's documents it: ``async for`` over
    the call, or over what awaiting it gives where the official method is a coroutine
    (``objectives.alist``)."""
    try:
        if listing:
            iterator = call()
            if inspect.isawaitable(iterator):
                iterator = await iterator
            value = [item async for item in iterator]
        else:
            value = await call()
    except Exception as error:
        record(name, kind, {"raised": exception_record(error)})
        return None
    record(name, kind, {"returned": describe(value)})
    return value


def attr(value: Any, name: str) -> Any:
    return getattr(value, name, None) if value is not None else None


def faulted(name: str, faults: dict[str, Any], call: Callable[[], Any]) -> None:
    admin("POST", "faults", faults)
    try:
        step(name, call, kind="exception")
    finally:
        admin("DELETE", "faults")
        wire()  # the clearing is not part of the next step


MISSING = "00000000-0000-4000-8000-000000000000"


def common_failures(client: Any, bad_key_client: Any, reference_request: type) -> None:
    """The failures both official APIs are driven through with the same calls: 400, 401, 429, 503, 500 and
    a timeout. ``reference_request`` is the official package's ``EvaluatorReferenceRequest``."""
    step(
        "400: judges.create naming a missing evaluator",
        lambda: client.judges.create(
            name="parity-bad-judge", intent="x", evaluator_references=[reference_request(id=MISSING)]
        ),
        kind="exception",
    )
    step("401: a key the service refuses", lambda: bad_key_client.objectives.get(MISSING), kind="exception")
    faulted(
        "429: objectives.create throttled",
        {"status": 429, "retry_after": "0"},
        lambda: client.objectives.create(intent="throttled"),
    )
    faulted("503: judges.get unavailable", {"status": 503, "retry_after": "0"}, lambda: client.judges.get(MISSING))
    faulted("500: objectives.get failing", {"status": 500}, lambda: client.objectives.get(MISSING))
    faulted(
        "timeout: evaluators.get hangs",
        {"hang": True},
        lambda: client.evaluators.get(MISSING, _request_timeout=1),
    )


def presets(eval_enum: Any) -> dict[str, Any]:
    """The members of ``Evaluators.Eval`` that the official package has too, in the enum's order."""
    members = dict(eval_enum.__members__)
    if OFFICIAL_PRESETS is None:
        return members
    return {name: member for name, member in members.items() if name in OFFICIAL_PRESETS}


def save() -> None:
    """Writes the recorded steps to the OUT file named on the command line."""
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump({"steps": steps}, out, indent=1)
