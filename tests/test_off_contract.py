"""A server that answers off the contract: only ``root.errors`` exceptions reach the caller, sync and async.

Every public method of ``Models`` is called against a small real server whose answer is set per case.
What each case must give is the rule of docs/guides/errors.md: a 2xx whose body is what the contract
promises is a success, whatever its exact status or ``Content-Type``; anything else is an
:class:`~root.errors.APIResponseValidationError` carrying the status, URL and request id, with a
message of bounded length.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web

from root import RootSignals
from root.errors import APIResponseValidationError, BadRequestError, InternalServerError

from .servers import serve

MODEL_ID = str(uuid.UUID(int=42))
MODEL = {"id": MODEL_ID, "name": "drift", "model": "m", "max_output_token_count": 900}
LISTED = {"id": MODEL_ID, "name": "drift", "owner": {"email": "a@b.c", "full_name": "A"}, "provider": None}
PAGE = {"next": None, "previous": None, "results": [LISTED]}
HTML = b"<html><head><title>502 Bad Gateway</title></head><body>" + b"<p>nginx</p>" * 5000 + b"</body></html>"
MAX_MESSAGE = 2000


@dataclass
class Answer:
    """What the server answers: ``body`` None means the contract's body for the route."""

    status: int | None = None  # None: the contract's status for the route
    body: bytes | None = None
    content_type: str | None = "application/json"
    headers: dict[str, str] | None = None


def _contract_answer(request: web.Request) -> tuple[int, bytes]:
    if request.method == "DELETE":
        return 204, b""
    if request.method == "POST":
        return 201, json.dumps(MODEL).encode()
    if request.path == "/v1/models/":
        return 200, json.dumps(PAGE).encode()
    return 200, json.dumps(MODEL).encode()


def _app(answer: dict[str, Answer]) -> web.Application:
    async def respond(request: web.Request) -> web.Response:
        await request.read()
        current = answer["now"]
        status, body = _contract_answer(request)
        if current.body is not None:
            body = current.body
        response = web.Response(
            status=current.status or status, body=body, headers={"X-Request-Id": "req-7", **(current.headers or {})}
        )
        if current.content_type is None:
            response.headers.pop("Content-Type", None)
        else:
            response.headers["Content-Type"] = current.content_type
        return response

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", respond)
    return app


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, dict[str, Answer]]]:
    answer = {"now": Answer()}
    with serve(_app(answer)) as url:
        yield url, answer


SyncCall = Callable[[RootSignals], object]
AsyncCall = Callable[[RootSignals], Awaitable[object]]


async def _alist(rs: RootSignals) -> object:
    return [m async for m in rs.models.alist(limit=5)]


CALLS: dict[str, tuple[SyncCall, AsyncCall]] = {
    "create": (lambda rs: rs.models.create(name="x"), lambda rs: rs.models.acreate(name="x")),
    "get": (lambda rs: rs.models.get(MODEL_ID), lambda rs: rs.models.aget(MODEL_ID)),
    "update": (lambda rs: rs.models.update(MODEL_ID, name="y"), lambda rs: rs.models.aupdate(MODEL_ID, name="y")),
    "delete": (lambda rs: rs.models.delete(MODEL_ID), lambda rs: rs.models.adelete(MODEL_ID)),
    "list": (lambda rs: list(rs.models.list(limit=5)), _alist),
}

# case: (answer, the methods it is a success for; the others raise APIResponseValidationError)
ALL = frozenset(CALLS)
CASES: dict[str, tuple[Answer, frozenset[str]]] = {
    "the contract's answers": (Answer(), ALL),
    "another 2xx status (create answered 200, not 201)": (Answer(status=200), ALL),
    "202 for everything": (Answer(status=202), ALL),
    "JSON labelled text/plain": (Answer(content_type="text/plain"), ALL),
    "no Content-Type": (Answer(content_type=None), ALL),
    "malformed JSON": (Answer(status=200, body=b'{"id": "'), frozenset()),
    "required fields missing": (Answer(body=b'{"unexpected": true}'), frozenset({"delete"})),
    "a JSON array": (Answer(body=b"[1, 2]"), frozenset({"delete"})),
    "an empty body": (Answer(status=200, body=b""), frozenset({"delete"})),
    "a proxy's HTML page with 200": (Answer(status=200, body=HTML, content_type="text/html"), frozenset()),
    "a redirect": (Answer(status=302, body=b"", headers={"Location": "http://elsewhere.example/"}), frozenset()),
    "304 Not Modified": (Answer(status=304, body=b""), frozenset()),
}


def _check_error(error: BaseException, case: str, name: str) -> None:
    assert isinstance(error, APIResponseValidationError), f"{case}: {name} raised {type(error).__name__}: {error}"
    assert error.status_code is not None
    assert error.url is not None
    assert error.url.startswith("http://127.0.0.1")
    assert error.request_id == "req-7"
    assert "req-7" in str(error)
    assert len(str(error)) <= MAX_MESSAGE, f"{case}: {name}'s message is {len(str(error))} characters"


async def _outcome(sync_call: SyncCall | None, async_call: AsyncCall | None, rs: RootSignals) -> BaseException | None:
    try:
        if sync_call is not None:
            sync_call(rs)
        elif async_call is not None:
            await async_call(rs)
    except BaseException as error:
        return error
    return None


@pytest.mark.parametrize("case", list(CASES))
async def test_every_method_raises_only_root_errors(server: tuple[str, dict[str, Answer]], case: str) -> None:
    url, answer = server
    answer["now"], succeeds_for = CASES[case]
    with RootSignals(api_key="k", base_url=url, max_retries=0) as rs:
        for name, (sync_call, async_call) in CALLS.items():
            for mode, error in (
                ("sync", await _outcome(sync_call, None, rs)),
                ("async", await _outcome(None, async_call, rs)),
            ):
                if name in succeeds_for:
                    assert error is None, f"{case}: {mode} {name} should succeed, raised {error!r}"
                else:
                    assert error is not None, f"{case}: {mode} {name} succeeded on an off-contract answer"
                    _check_error(error, case, f"{mode} {name}")


async def test_an_html_error_page_is_a_status_error_with_a_bounded_message(
    server: tuple[str, dict[str, Answer]],
) -> None:
    url, answer = server
    answer["now"] = Answer(status=502, body=HTML, content_type="text/html")
    with RootSignals(api_key="k", base_url=url, max_retries=0) as rs:
        with pytest.raises(InternalServerError) as sync_info:
            rs.models.get(MODEL_ID)
        with pytest.raises(InternalServerError) as async_info:
            await rs.models.aget(MODEL_ID)
    for error in (sync_info.value, async_info.value):
        assert error.status_code == 502
        assert error.request_id == "req-7"
        assert "502 Bad Gateway" in str(error)
        assert len(str(error)) <= MAX_MESSAGE


async def test_a_huge_url_is_cut_short_in_messages(server: tuple[str, dict[str, Answer]]) -> None:
    url, answer = server
    answer["now"] = Answer()
    # A URL of about 1.6 MB: the server refuses it (400) and its message quotes the URL back.
    capabilities = [f"capability-{i}" for i in range(100_000)]
    with RootSignals(api_key="k", base_url=url, max_retries=0) as rs:
        with pytest.raises(BadRequestError) as sync_info:
            list(rs.models.list(capable_of=capabilities))
        with pytest.raises(BadRequestError) as async_info:
            await _alist_with(rs, capabilities)
    for error in (sync_info.value, async_info.value):
        assert "capability-0,capability-1" in str(error)
        assert len(str(error)) <= MAX_MESSAGE


async def _alist_with(rs: RootSignals, capabilities: list[str]) -> Any:
    return [m async for m in rs.models.alist(capable_of=capabilities)]
