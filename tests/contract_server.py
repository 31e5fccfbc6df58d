"""A stand-in for the service written from the contract, not the emulator: it records every request the
SDK sends and answers from bodies written here by hand, so tests can check the wire, byte for byte.

``answer`` functions receive the :class:`Sent` request and return ``(status, json_body)``; ``paged``
serves a list as cursor pages whose ``next`` is a full URL, as the service's is.
"""

from __future__ import annotations

import asyncio
import functools
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from tests.servers import serve

SPEC = Path(__file__).resolve().parents[1] / "openapi.yaml"
OWNER = {"email": "owner@example.com", "full_name": "Owner Example"}
CREATED_AT = "2026-01-02T03:04:05Z"


@dataclass
class Sent:
    """One request as the stand-in received it."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    url: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    in_flight: int = 1
    """How many requests the stand-in was serving when this one arrived, itself included."""

    def json(self) -> Any:
        return json.loads(self.body)

    def query_dict(self) -> dict[str, str]:
        return dict(self.query)


@dataclass(frozen=True)
class Text:
    """An answer's body that is not JSON (an evaluator's YAML export), with its media type."""

    content: str
    media_type: str = "text/plain"


Answer = Callable[[Sent], "tuple[int, Any]"]


@contextmanager
def contract_server(answer: Answer, *, delay: float = 0.0) -> Iterator[tuple[str, list[Sent]]]:
    """Serve ``answer`` on a free local port; yield the base URL and the list of requests it receives.

    ``delay`` holds every answer back that many seconds, so that requests sent at once overlap and
    :attr:`Sent.in_flight` shows it.
    """
    sent: list[Sent] = []
    serving = [0]

    async def handle(request: web.Request) -> web.Response:
        serving[0] += 1
        try:
            return await _handle(request)
        finally:
            serving[0] -= 1

    async def _handle(request: web.Request) -> web.Response:
        multipart = request.content_type == "multipart/form-data"
        form = await request.post() if multipart else None
        body = b"" if multipart else await request.read()
        record = Sent(
            method=request.method,
            path=request.path,
            query=parse_qsl(request.query_string, keep_blank_values=True),
            headers=dict(request.headers),
            body=body,
            url=str(request.url),
            in_flight=serving[0],
        )
        if form is not None:
            record.fields = {
                k: (v.filename, v.file.read()) if isinstance(v, web.FileField) else v for k, v in form.items()
            }
        sent.append(record)
        if delay:
            await asyncio.sleep(delay)
        status, payload = answer(record)
        if payload is None:
            return web.Response(status=status)
        if isinstance(payload, Text):
            return web.Response(status=status, text=payload.content, content_type=payload.media_type)
        return web.json_response(payload, status=status)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    with serve(app) as url:
        yield url, sent


def paged(request: Sent, items: Sequence[Any]) -> tuple[int, Any]:
    """``items`` as one cursor page of ``request``: the cursor is an offset, ``next`` a full URL."""
    query = request.query_dict()
    start = int(query.get("cursor", "0"))
    size = int(query.get("page_size", "20"))
    end = start + size
    base = request.url.split("?")[0]
    others = "&".join(f"{k}={v}" for k, v in request.query if k not in ("cursor",))
    next_url = f"{base}?cursor={end}&{others}" if end < len(items) else None
    return 200, {"next": next_url, "previous": None, "results": list(items[start:end])}


def new_id() -> str:
    return str(uuid.uuid4())


def not_found() -> tuple[int, Any]:
    return 404, {"detail": "Not found."}


def evaluator(evaluator_id: str, name: str, *, version: int = 1, predicate: str = "Is it polite? {{response}}") -> Any:
    """An ``Evaluator`` body as the contract describes it."""
    return {
        "id": evaluator_id,
        "name": name,
        "created_at": CREATED_AT,
        "owner": OWNER,
        "updated_at": None,
        "updated_by": None,
        "version_id": str(uuid.UUID(int=version)),
        "_meta": {},
        "inputs": {"response": {"type": "string"}},
        "prompt": predicate,
        "scoring_criteria": predicate,
        "models": ["gpt-4o"],
        "objective": None,
    }


def evaluator_item(evaluator_id: str, name: str) -> Any:
    """An ``EvaluatorListOutput`` body (a listed evaluator)."""
    return {
        "_meta": {},
        "created_at": CREATED_AT,
        "models": [],
        "id": evaluator_id,
        "name": name,
        "objective": {"id": new_id(), "intent": name},
        "owner": OWNER,
        "updated_at": None,
        "updated_by": None,
        "version_id": new_id(),
        "inputs": {},
    }


def execution_result(name: str, score: float = 0.5) -> Any:
    """An ``EvaluatorExecutionResult`` body."""
    return {
        "evaluator_name": name,
        "score": score,
        "cost": None,
        "execution_log_id": new_id(),
        "justification": f"{name}: fine",
    }


def calibration_row(row_number: int, score: float, expected_score: float) -> Any:
    """An ``EvaluatorCalibrationOutput`` body: one calibrated test row."""
    return {
        "variables": {},
        "row_number": row_number,
        "result": {
            "llm_output": "output",
            "model": "gpt-4o",
            "execution_log_id": new_id(),
            "rendered_prompt": "prompt",
            "cost": None,
            "expected_score": expected_score,
            "score": score,
        },
    }


@functools.cache
def _contract() -> Any:
    from openapi_core import OpenAPI

    return OpenAPI.from_file_path(str(SPEC))


def contract_violations(request: Sent, answer: tuple[int, Any]) -> list[str]:
    """What the contract (openapi.yaml, read by openapi-core) does not allow in one exchange with a stand-in:
    the request as the SDK sent it (operation, parameters, security, JSON body), and ``answer`` as the
    stand-in gave it (status and body). An empty list: both are as the contract says."""
    from openapi_core.testing import MockRequest, MockResponse
    from werkzeug.datastructures import ImmutableMultiDict

    server = _contract().spec["servers"][0]["url"]
    mock = MockRequest(
        server,
        request.method.lower(),
        request.path,
        args=ImmutableMultiDict(request.query),
        headers=request.headers,
        data=request.body or None,
        content_type=request.headers.get("Content-Type", "application/json").split(";")[0],
    )
    found: list[str] = []
    try:
        _contract().validate_request(mock)
    except Exception as exc:  # openapi-core's validation errors share no base worth naming here
        found.append(f"{request.method} {request.path}: the request breaks the contract: {exc}")
    status, payload = answer
    if isinstance(payload, Text):
        data, media_type = payload.content.encode(), payload.media_type
    else:
        data, media_type = b"" if payload is None else json.dumps(payload).encode(), "application/json"
    try:
        _contract().validate_response(mock, MockResponse(data, status_code=status, content_type=media_type))
    except Exception as exc:
        found.append(f"{request.method} {request.path}: the stand-in's {status} answer breaks the contract: {exc}")
    return found
