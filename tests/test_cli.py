"""The ``rootsignals`` console script, run as a user runs it: the installed script, in a subprocess, over
real HTTP, against the emulator and against a small stand-in server written here with ``http.server``."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import root
from root import RootSignals
from root.emulator import Emulator
from root.generated.openapi_client.models.model import Model

API_KEY = "rs-cli-api-key-3f9a1c0b7e5d"
MODEL_KEY = "sk-cli-default-key-8b2e4d6f0a1c"
MISSING_ID = "00000000-0000-4000-8000-000000000000"


def _script() -> str:
    found = Path(sys.executable).parent / "rootsignals"
    if not found.exists():
        found = Path(shutil.which("rootsignals") or found)
    assert found.exists(), "no rootsignals script: re-install the project (pip install -e '.[dev,docs]')"
    return str(found)


SCRIPT = _script()


@pytest.fixture(scope="module")
def cli_emulator() -> Iterator[Emulator]:
    with Emulator(api_keys=[API_KEY]) as emu:
        yield emu


@pytest.fixture
def emu(cli_emulator: Emulator) -> Iterator[Emulator]:
    cli_emulator.reset()
    yield cli_emulator
    cli_emulator.clear_faults()


def _env(base_url: str | None, api_key: str | None = API_KEY, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROOTSIGNALS_")}
    if base_url is not None:
        env["ROOTSIGNALS_API_URL"] = base_url
    if api_key is not None:
        env["ROOTSIGNALS_API_KEY"] = api_key
    env.update(extra)
    return env


def run(
    args: Sequence[str],
    *,
    base_url: str | None,
    cwd: Path,
    stdin: str = "",
    api_key: str | None = API_KEY,
    **extra_env: str,
) -> subprocess.CompletedProcess[str]:
    """``rootsignals ARGS`` with stdin, stdout and stderr pipes (so none of them is a terminal)."""
    return subprocess.run(
        [SCRIPT, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,  # an empty directory: no ./.env
        env=_env(base_url, api_key, **extra_env),
        timeout=60,
        check=False,
    )


def _one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


# -- against the emulator ---------------------------------------------------------------------------------


def test_create_get_update_delete(emu: Emulator, tmp_path: Path) -> None:
    created = run(
        ["models", "create", "--name", "cli-model", "--max-token-count", "64000", "--url", "https://m.example"],
        base_url=emu.url,
        cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    model_id = _one_line(created.stdout)
    assert uuid.UUID(model_id)
    assert created.stderr == ""

    got = run(["models", "get", model_id], base_url=emu.url, cwd=tmp_path)
    assert got.returncode == 0, got.stderr
    # Every field of the SDK's Model, as model_dump() gives them: null where the service sent none.
    assert json.loads(_one_line(got.stdout)) == dict.fromkeys(Model.model_fields) | {
        "id": model_id,
        "name": "cli-model",
        "model": "cli-model",
        "max_output_token_count": json.loads(got.stdout)["max_output_token_count"],
        "max_token_count": 64000,
        "url": "https://m.example",
    }

    updated = run(
        ["models", "update", model_id, "--name", "renamed", "--clear-url", "--clear-max-token-count", "--json"],
        base_url=emu.url,
        cwd=tmp_path,
    )
    assert updated.returncode == 0, updated.stderr
    shown = json.loads(_one_line(updated.stdout))
    assert (shown["name"], shown["url"], shown["max_token_count"]) == ("renamed", None, None)
    patch = [r for r in emu.requests() if r["method"] == "PATCH"][-1]
    assert patch["body"] == {"name": "renamed", "url": None, "max_token_count": None}

    deleted = run(["models", "delete", model_id, "--yes"], base_url=emu.url, cwd=tmp_path)
    assert (deleted.returncode, deleted.stdout, deleted.stderr) == (0, "", "")
    gone = run(["models", "get", model_id], base_url=emu.url, cwd=tmp_path)
    assert gone.returncode == 1


def test_list_streams_every_page_as_json_lines(emu: Emulator, tmp_path: Path) -> None:
    emu.configure(max_page_size=7)
    with RootSignals(api_key=API_KEY, base_url=emu.url) as client:
        builtin = sum(1 for _ in client.models.list(limit=1000))
        for i in range(40):
            client.models.create(name=f"listed-{i:02}")
    before = len(emu.requests())

    listed = run(["models", "list", "--limit", "1000"], base_url=emu.url, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == builtin + 40
    assert len({row["id"] for row in rows}) == len(rows)
    assert {f"listed-{i:02}" for i in range(40)} <= {row["name"] for row in rows}
    assert {"id", "name", "visibility", "provider", "owner"} <= set(rows[0])
    pages = [r for r in emu.requests()[before:] if r["method"] == "GET"]
    assert len(pages) == -(-len(rows) // 7)

    limited = run(["models", "list", "--limit", "3", "--json"], base_url=emu.url, cwd=tmp_path)
    assert len(limited.stdout.splitlines()) == 3

    vision = run(["models", "list", "--capable-of", "vision"], base_url=emu.url, cwd=tmp_path)
    assert vision.returncode == 0, vision.stderr
    assert 0 < len(vision.stdout.splitlines()) < builtin


def test_a_missing_model_exits_1_with_one_line(emu: Emulator, tmp_path: Path) -> None:
    for args in (["models", "get", MISSING_ID], ["models", "delete", MISSING_ID, "--yes"]):
        result = run(args, base_url=emu.url, cwd=tmp_path)
        assert result.returncode == 1
        assert result.stdout == ""
        line = _one_line(result.stderr)
        assert line.startswith("rootsignals: NotFoundError: 404 from ")
        assert "Traceback" not in result.stderr


def test_service_and_connection_errors_exit_1(emu: Emulator, tmp_path: Path) -> None:
    refused = run(["models", "list"], base_url=emu.url, cwd=tmp_path, api_key="not-the-key")
    assert refused.returncode == 1
    assert _one_line(refused.stderr).startswith("rootsignals: AuthenticationError: 401 ")
    assert "not-the-key" not in refused.stderr

    emu.set_faults(status=503)
    failing = run(["--max-retries", "0", "models", "list"], base_url=emu.url, cwd=tmp_path)
    assert failing.returncode == 1
    assert _one_line(failing.stderr).startswith("rootsignals: InternalServerError: 503 ")
    emu.clear_faults()

    emu.set_faults(hang=True)
    slow = run(["models", "get", MISSING_ID, "--timeout", "0.3", "--max-retries", "0"], base_url=emu.url, cwd=tmp_path)
    assert slow.returncode == 1
    assert _one_line(slow.stderr).startswith("rootsignals: APITimeoutError: ")
    emu.clear_faults()

    closed = run(["models", "list", "--max-retries", "0"], base_url="http://127.0.0.1:9", cwd=tmp_path)
    assert closed.returncode == 1
    assert _one_line(closed.stderr).startswith("rootsignals: APIConnectionError: ")


def test_deadline_bounds_the_whole_request_with_its_retries(tmp_path: Path) -> None:
    # Ten retries of a refused connection would wait seconds; the deadline stops them at the first wait.
    args = ["models", "list", "--max-retries", "10", "--deadline", "0.05"]
    refused = run(args, base_url="http://127.0.0.1:9", cwd=tmp_path)
    assert refused.returncode == 1
    assert "the wait would pass the call's deadline of 0.05 s" in refused.stderr
    assert run([*args[:-2], "--deadline", "-1"], base_url="http://127.0.0.1:9", cwd=tmp_path).returncode == 2


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["models"], "the following arguments are required: ACTION"),
        (["models", "get"], "the following arguments are required: ID"),
        (["models", "list", "--limit", "many"], "invalid int value"),
        (["models", "list", "--bogus"], "unrecognized arguments: --bogus"),
        (["models", "list", "--limit", "-1"], "limit must be >= 0, not -1"),
        (["models", "get", "not-a-uuid"], "model_id must be a UUID"),
        (["models", "create", "--name", "x", "--max-output-token-count", "5"], "max_output_token_count must be >= "),
        (["models", "update", "not-a-uuid", "--default-key-stdin"], "model_id must be a UUID"),
        (["models", "update", MISSING_ID], "nothing to change"),
        (["models", "update", MISSING_ID, "--url", "https://x.example", "--clear-url"], "not allowed with"),
        (["models", "delete", MISSING_ID], "refusing to delete without --yes"),
        (["models", "create", "--name", "x", "--default-key-env", "RS_UNSET_VARIABLE"], "is not set"),
        (["--timeout", "-1", "models", "list"], "positive"),
        (["--timeout", "0", "models", "list"], "positive"),
        (["--base-url", "ftp://nowhere", "models", "list"], "base_url"),
    ],
)
def test_usage_errors_exit_2(args: list[str], fragment: str, emu: Emulator, tmp_path: Path) -> None:
    """Every usage error, argparse's or one found later (a value the SDK rejects), is reported one way:
    argparse's usage line, then ``PROG: error: REASON``."""
    result = run(args, base_url=emu.url, cwd=tmp_path, stdin=MODEL_KEY)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    _assert_usage_error(result.stderr, fragment)
    assert emu.requests() == []


def _assert_usage_error(stderr: str, fragment: str) -> None:
    assert stderr.startswith("usage: rootsignals"), stderr
    reason = stderr.splitlines()[-1]
    assert re.match(r"^rootsignals(?: [a-z]+)*: error: ", reason), stderr
    assert fragment in reason
    assert "Traceback" not in stderr
    assert "Error: " not in stderr, "a usage error is not reported as an exception"


def test_no_api_key_is_a_usage_error(emu: Emulator, tmp_path: Path) -> None:
    result = run(["models", "list"], base_url=emu.url, cwd=tmp_path, api_key=None)
    assert result.returncode == 2
    _assert_usage_error(result.stderr, "no API key: set ROOTSIGNALS_API_KEY")
    assert "--api-key" in result.stderr.splitlines()[-1]
    (tmp_path / ".env").write_text(f"ROOTSIGNALS_API_KEY={API_KEY}\n", encoding="utf-8")
    assert run(["models", "list"], base_url=emu.url, cwd=tmp_path, api_key=None).returncode == 0


def test_help_lists_every_exit_status(tmp_path: Path) -> None:
    """``--help`` lists every status the command line exits with, and the CLI guide's table the same."""
    from root import _cli

    statuses = {value for name, value in vars(_cli).items() if name.startswith("EXIT_") and isinstance(value, int)}
    assert statuses == {status for status, _ in _cli.EXIT_STATUSES}
    result = run(["--help"], base_url=None, cwd=tmp_path)
    assert result.returncode == 0
    epilog = " ".join(result.stdout.partition("Exit status:")[2].split())
    listed = [int(status) for status in re.findall(r"(?:^|; )(\d+) ", epilog)]
    assert listed == sorted(statuses), epilog
    guide = (Path(__file__).resolve().parents[1] / "docs" / "guides" / "cli.md").read_text(encoding="utf-8")
    assert {int(s) for s in re.findall(r"^\| (\d+) \|", guide, re.MULTILINE)} == statuses


def test_default_key_from_stdin_or_environment_never_from_an_argument(emu: Emulator, tmp_path: Path) -> None:
    refused = run(["models", "create", "--name", "x", "--default-key", MODEL_KEY], base_url=emu.url, cwd=tmp_path)
    assert refused.returncode == 2
    assert MODEL_KEY not in refused.stderr
    assert "--default-key-stdin" in refused.stderr
    from_stdin = run(
        ["models", "create", "--name", "with-key", "--default-key-stdin"],
        base_url=emu.url,
        cwd=tmp_path,
        stdin=MODEL_KEY + "\n",
    )
    assert from_stdin.returncode == 0, from_stdin.stderr
    model_id = _one_line(from_stdin.stdout)
    from_env = run(
        ["models", "update", model_id, "--default-key-env", "MY_MODEL_KEY"],
        base_url=emu.url,
        cwd=tmp_path,
        MY_MODEL_KEY=MODEL_KEY,
    )
    assert from_env.returncode == 0, from_env.stderr
    cleared = run(["models", "update", model_id, "--clear-default-key"], base_url=emu.url, cwd=tmp_path)
    assert cleared.returncode == 0, cleared.stderr
    bodies = [r["body"] for r in emu.requests() if r["method"] in ("POST", "PATCH")]
    # The emulator's log redacts the key it received; the stand-in server below checks the value itself.
    assert [b.get("default_key") for b in bodies] == ["<redacted>", "<redacted>", None]


def test_no_output_shows_a_key(emu: Emulator, tmp_path: Path) -> None:
    outputs: list[str] = []

    def cli(*args: str, stdin: str = "", api_key: str | None = API_KEY) -> subprocess.CompletedProcess[str]:
        result = run(["-v", *args], base_url=emu.url, cwd=tmp_path, stdin=stdin, api_key=api_key)
        outputs.extend([result.stdout, result.stderr])
        return result

    model_id = cli("models", "create", "--name", "secretive", "--default-key-stdin", stdin=MODEL_KEY).stdout.strip()
    cli("models", "update", model_id, "--default-key-stdin", "--json", stdin=MODEL_KEY)
    cli("models", "get", model_id)
    cli("models", "list", "--limit", "5")
    cli("models", "create", "--name", "", "--default-key-stdin", stdin=MODEL_KEY)  # rejected by the SDK
    cli("models", "get", MISSING_ID)
    cli("--api-key", API_KEY, "models", "get", model_id, api_key=None)
    cli("models", "list", api_key=MODEL_KEY)  # a wrong key: 401
    cli("models", "delete", model_id, "--yes")
    joined = "\n".join(outputs)
    assert API_KEY not in joined
    assert MODEL_KEY not in joined
    # ...while -v does log the exchanges, redacted.
    assert re.search(r"HTTP POST http://127\.0\.0\.1:\d+/v1/models/ -> 201", joined)
    assert "<redacted>" in joined


def test_emulator_subcommand_and_python_dash_m(tmp_path: Path) -> None:
    help_text = subprocess.run(
        [SCRIPT, "emulator", "--help"], capture_output=True, text=True, timeout=60, check=False
    ).stdout
    assert "--fail-status" in help_text
    version = subprocess.run(
        [sys.executable, "-m", "root", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert (version.returncode, version.stdout) == (0, f"rootsignals {root.__version__}\n")

    process = subprocess.Popen(
        [SCRIPT, "emulator", "--port", "0", "--api-key", API_KEY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(None, None),
    )
    try:
        assert process.stdout is not None
        match = re.fullmatch(r"Root Signals emulator listening on (http://\S+)\n", process.stdout.readline())
        assert match
        created = run(["models", "create", "--name", "via-subcommand"], base_url=match.group(1), cwd=tmp_path)
        assert created.returncode == 0, created.stderr
        module = subprocess.run(
            [sys.executable, "-m", "root", "models", "get", created.stdout.strip()],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=_env(match.group(1)),
            timeout=60,
            check=False,
        )
        assert module.returncode == 0, module.stderr
        assert json.loads(module.stdout)["name"] == "via-subcommand"
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0


# -- on a terminal ----------------------------------------------------------------------------------------


def _run_on_terminal(args: Sequence[str], env: dict[str, str], cwd: Path, answer: bytes = b"") -> tuple[int, str]:
    """Run with stdin, stdout and stderr on a pseudo-terminal; type ``answer``; return status and output."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([SCRIPT, *args], stdin=terminal, stdout=terminal, stderr=terminal, cwd=cwd, env=env)
    os.close(terminal)
    if answer:
        os.write(controller, answer)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.1)
        if ready:
            try:
                data = os.read(controller, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(controller)
    status = process.wait(timeout=30)
    return status, b"".join(chunks).decode().replace("\r\n", "\n")


def test_a_table_and_a_question_on_a_terminal(emu: Emulator, tmp_path: Path) -> None:
    env = _env(emu.url, COLUMNS="120")
    with RootSignals(api_key=API_KEY, base_url=emu.url) as client:
        model_id = client.models.create(name="on-a-terminal")

    status, output = _run_on_terminal(["models", "list", "--limit", "4"], env, tmp_path)
    assert status == 0, output
    lines = output.splitlines()
    assert re.match(r"^ID {36}NAME +VISIBILITY +PROVIDER$", lines[0])
    assert len(lines) == 5
    assert lines[1].startswith(f"{model_id}  on-a-terminal ")
    columns = [line.index(word) for line, word in zip(lines, ["VISIBILITY", "PRIVATE"], strict=False)]
    assert columns[0] == columns[1]

    status, output = _run_on_terminal(["models", "get", model_id], env, tmp_path)
    assert status == 0, output
    assert re.search(r"^name +on-a-terminal$", output, re.MULTILINE)

    status, output = _run_on_terminal(["models", "delete", model_id], env, tmp_path, answer=b"n\n")
    assert status == 1
    assert f"Delete model {model_id}? [y/N]" in output
    status, output = _run_on_terminal(["models", "delete", model_id], env, tmp_path, answer=b"y\n")
    assert status == 0, output
    assert run(["models", "get", model_id], base_url=emu.url, cwd=tmp_path).returncode == 1


@pytest.mark.parametrize("command", ["models", "objectives", "datasets", "evaluators"])
def test_declining_the_delete_prompt_sends_nothing_and_exits_1(command: str, emu: Emulator, tmp_path: Path) -> None:
    with RootSignals(api_key=API_KEY, base_url=emu.url) as client:
        if command == "models":
            made = client.models.create(name="kept")
        elif command == "objectives":
            made = client.objectives.create(intent="kept").id
        elif command == "datasets":
            data = tmp_path / "kept.csv"
            data.write_text("0.5,request,response\n")
            made = client.datasets.create(name="kept", path=data).id
        else:
            made = client.evaluators.create(name="kept", predicate="Kept? {{response}}").id
    emu.clear_requests()
    status, output = _run_on_terminal([command, "delete", str(made)], _env(emu.url), tmp_path, answer=b"n\n")
    assert status == 1, output
    assert f"Delete {command[:-1]} {made}? [y/N]" in output
    assert output.rstrip().endswith("Not deleted."), output
    assert emu.requests() == []


def test_update_checks_the_model_before_asking_for_the_key(emu: Emulator, tmp_path: Path) -> None:
    """``models update ID --default-key-stdin``: a missing model fails before the key is asked for (on a
    terminal, before the prompt; the old order prompted and waited for a key it could not use)."""
    status, output = _run_on_terminal(["models", "update", MISSING_ID, "--default-key-stdin"], _env(emu.url), tmp_path)
    assert status == 1, output
    assert "default key:" not in output
    assert "rootsignals: NotFoundError: 404 " in output
    assert [r["method"] for r in emu.requests()] == ["GET"]

    with RootSignals(api_key=API_KEY, base_url=emu.url) as client:
        model_id = client.models.create(name="keyed-later")
    piped = run(["models", "update", model_id, "--default-key-stdin"], base_url=emu.url, cwd=tmp_path, stdin=MODEL_KEY)
    assert piped.returncode == 0, piped.stderr
    assert [r["method"] for r in emu.requests()][-2:] == ["GET", "PATCH"]
    assert [r["body"] for r in emu.requests() if r["method"] == "PATCH"] == [{"default_key": "<redacted>"}]


# -- against a stand-in server written with http.server --------------------------------------------------


class StandIn(ThreadingHTTPServer):
    """A few endpoints of the API, written from the contract alone: pages of ``page_size`` (capped at 5)
    with full ``next`` URLs; the second page and later wait for :attr:`release`."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _StandInHandler)
        self.models = [_model_list_item(f"stand-in-{i:02}") for i in range(12)]
        self.details: dict[str, dict[str, Any]] = {}
        self.bodies: list[tuple[str, dict[str, Any]]] = []
        self.release = threading.Event()
        self.request_arrived = threading.Event()
        self.hang = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


def _model_list_item(name: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "name": name,
        "owner": {"email": "someone@example.com", "full_name": "Some One"},
        "provider": None,
        "visibility": "PRIVATE",
    }


def _model(model_id: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": model_id,
        "name": body.get("name", "stand-in"),
        "model": body.get("model") or body.get("name", "stand-in"),
        "max_output_token_count": body.get("max_output_token_count") or 4096,
        "max_token_count": body.get("max_token_count"),
        "url": body.get("url"),
    }


class _StandInHandler(BaseHTTPRequestHandler):
    server: StandIn

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorized(self) -> bool:
        if self.headers.get("Authorization") == f"Api-Key {API_KEY}":
            return True
        self._answer(401, {"detail": "Invalid API key."})
        return False

    def do_GET(self) -> None:
        self.server.request_arrived.set()
        if self.server.hang:
            self.server.release.wait(30)
            return
        if not self._authorized():
            return
        parts = urlsplit(self.path)
        if parts.path != "/v1/models/":
            found = self.server.details.get(parts.path.rstrip("/").rsplit("/", 1)[-1])
            self._answer(200, found) if found else self._answer(404, {"detail": "Not found."})
            return
        query = parse_qs(parts.query)
        start = int(query.get("cursor", ["0"])[0])
        size = min(int(query.get("page_size", ["100"])[0]), 5)
        if start > 0:
            self.server.release.wait(30)
        end = start + size
        next_url = (
            f"{self.server.url}/v1/models/?cursor={end}&page_size={size}" if end < len(self.server.models) else None
        )
        self._answer(200, {"next": next_url, "previous": None, "results": self.server.models[start:end]})

    def do_POST(self) -> None:
        if not self._authorized():
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.bodies.append(("POST", body))
        created = _model(str(uuid.uuid4()), body)
        self.server.details[created["id"]] = created
        self.server.models.insert(0, _model_list_item(created["name"]) | {"id": created["id"]})
        self._answer(201, created)

    def do_PATCH(self) -> None:
        if not self._authorized():
            return
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.bodies.append(("PATCH", body))
        model_id = self.path.rstrip("/").rsplit("/", 1)[-1]
        current = self.server.details.get(model_id, _model(model_id, {}))
        self.server.details[model_id] = current | body
        self._answer(200, {k: v for k, v in self.server.details[model_id].items() if k != "default_key"})

    def do_DELETE(self) -> None:
        if not self._authorized():
            return
        model_id = self.path.rstrip("/").rsplit("/", 1)[-1]
        if self.server.details.pop(model_id, None) is None:
            self._answer(404, {"detail": "Not found."})
            return
        self.server.models = [m for m in self.server.models if m["id"] != model_id]
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_rows_print_before_the_next_page_is_fetched(stand_in: StandIn, tmp_path: Path) -> None:
    process = subprocess.Popen(
        [SCRIPT, "models", "list", "--limit", "50"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=_env(stand_in.url),
    )
    try:
        assert process.stdout is not None
        # The second page is held back until release: the first page's rows must arrive meanwhile.
        first_page = [json.loads(process.stdout.readline()) for _ in range(5)]
        assert [row["name"] for row in first_page] == [f"stand-in-{i:02}" for i in range(5)]
        assert process.poll() is None
        stand_in.release.set()
        rest, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    names = [row["name"] for row in first_page] + [json.loads(line)["name"] for line in rest.splitlines()]
    assert names == [f"stand-in-{i:02}" for i in range(12)]


def test_every_command_against_the_stand_in(stand_in: StandIn, tmp_path: Path) -> None:
    """The whole round against a server that is not our emulator: nothing may lean on its quirks."""
    stand_in.release.set()
    created = run(
        ["models", "create", "--name", "elsewhere", "--url", "https://e.example"], base_url=stand_in.url, cwd=tmp_path
    )
    assert created.returncode == 0, created.stderr
    model_id = _one_line(created.stdout)
    listed = run(
        ["models", "list", "--limit", "100"], base_url=stand_in.url, cwd=tmp_path
    )  # not a terminal: JSON lines
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 13  # three pages of at most 5
    assert rows[0]["id"] == model_id
    got = run(["models", "get", model_id, "--json"], base_url=stand_in.url, cwd=tmp_path)
    assert json.loads(_one_line(got.stdout))["url"] == "https://e.example"
    updated = run(
        ["models", "update", model_id, "--name", "renamed", "--clear-url", "--json"],
        base_url=stand_in.url,
        cwd=tmp_path,
    )
    assert updated.returncode == 0, updated.stderr
    assert (json.loads(_one_line(updated.stdout))["name"], json.loads(updated.stdout)["url"]) == ("renamed", None)
    deleted = run(["models", "delete", model_id, "--yes"], base_url=stand_in.url, cwd=tmp_path)
    assert (deleted.returncode, deleted.stdout, deleted.stderr) == (0, "", "")
    missing = run(["models", "get", model_id], base_url=stand_in.url, cwd=tmp_path)
    assert missing.returncode == 1
    assert len(missing.stderr.splitlines()) == 1
    assert "NotFoundError" in missing.stderr


def test_the_stand_in_receives_the_default_key(stand_in: StandIn, tmp_path: Path) -> None:
    created = run(
        ["models", "create", "--name", "keyed", "--max-output-token-count", "1000", "--default-key-stdin"],
        base_url=stand_in.url,
        cwd=tmp_path,
        stdin=MODEL_KEY,
    )
    assert created.returncode == 0, created.stderr
    model_id = _one_line(created.stdout)
    updated = run(
        ["models", "update", model_id, "--default-key-env", "KEY_VAR", "--clear-url"],
        base_url=stand_in.url,
        cwd=tmp_path,
        KEY_VAR=MODEL_KEY + "-2",
    )
    assert updated.returncode == 0, updated.stderr
    assert MODEL_KEY not in created.stdout + created.stderr + updated.stdout + updated.stderr
    assert stand_in.bodies == [
        ("POST", {"name": "keyed", "max_output_token_count": 1000, "default_key": MODEL_KEY}),
        ("PATCH", {"default_key": MODEL_KEY + "-2", "url": None}),
    ]


_WITH_DEFAULT_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
)
"""Runs argv[1:] with SIGINT's default disposition: a child inherits an ignored SIGINT (pytest run as a
background job of a shell), and Python then leaves Ctrl-C ignored, so the CLI would never see it."""


def test_ctrl_c_exits_130(stand_in: StandIn, tmp_path: Path) -> None:
    stand_in.hang = True
    process = subprocess.Popen(
        [sys.executable, "-c", _WITH_DEFAULT_SIGINT, SCRIPT, "models", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=_env(stand_in.url),
    )
    assert stand_in.request_arrived.wait(30)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert b"Traceback" not in stderr


# -- the other sub-APIs' tables and commands, against the emulator --------------------------------------


CALIBRATION_CSV = "expected_score,request,response\n0.9,Can you help?,Of course.\n0.2,Hi,Go away.\n"


def test_tables_on_a_terminal_are_aligned(emu: Emulator, tmp_path: Path) -> None:
    env = _env(emu.url, COLUMNS="120")
    data = tmp_path / "rows.csv"
    data.write_text("0.5,request,response\n")
    with RootSignals(api_key=API_KEY, base_url=emu.url) as client:
        client.datasets.create(name="a test set", path=data)
        client.datasets.create(name="r" * 40, path=data)
        short = client.evaluators.create(name="ab", predicate="Fine? {{response}}")
        long = client.evaluators.create(name="a much longer evaluator name", predicate="Fine? {{response}}")
        client.evaluators.run(short.id, response="r")
        client.evaluators.run(long.id, response="r")

    status, output = _run_on_terminal(["datasets", "list"], env, tmp_path)
    assert status == 0, output
    header, *rows = output.splitlines()
    assert re.match(r"^ID {36}NAME +CREATED_AT$", header), header
    assert all(re.match(r"\d{4}-\d\d-\d\d", row.split()[-1]) for row in rows), rows
    assert {row.rindex(row.split()[-1]) for row in rows} == {header.index("CREATED_AT")}
    assert "r" * 31 + "…" in output  # a long name is cut to its column

    status, output = _run_on_terminal(["execution-logs", "list"], env, tmp_path)
    assert status == 0, output
    header, *rows = output.splitlines()
    assert len(rows) == 2
    score_column = header.index("SCORE")
    assert all(re.match(r"^0\.\d+$", row[score_column:]) for row in rows), output


def test_judges_create_and_run_as_a_table(emu: Emulator, tmp_path: Path) -> None:
    with RootSignals(api_key=API_KEY, base_url=emu.url) as client:
        evaluator = client.evaluators.create(name="polite", predicate="Polite? {{response}}")
        preset = client.evaluators.get_by_name("Helpfulness")
    created = run(
        ["judges", "create", "--name", "Returns judge", "--intent", "Check return answers",
         "--evaluator", str(evaluator.id), "--evaluator", str(preset.id)],
        base_url=emu.url, cwd=tmp_path,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    judge_id = created.stdout.strip()
    with RootSignals(api_key=API_KEY, base_url=emu.url) as client:
        judge = client.judges.get(judge_id)
    assert (judge.name, [e.name for e in judge.evaluators]) == ("Returns judge", ["polite", "Helpfulness"])

    env = _env(emu.url, COLUMNS="120")
    status, output = _run_on_terminal(
        ["judges", "run", "--name", "Returns judge", "--request", "Returns?", "--response", "Within 30 days."],
        env,
        tmp_path,
    )
    assert status == 0, output
    header, *rows, log = output.splitlines()
    assert re.match(r"^EVALUATOR +SCORE +JUSTIFICATION$", header), header
    assert [row.split()[0] for row in rows] == ["polite", "Helpfulness"]
    assert all(row[header.index("SCORE") :].split()[0].replace(".", "").isdigit() for row in rows), output
    assert "{" not in output  # no raw JSON in the table
    assert re.match(r"^execution log: [0-9a-f-]{36}$", log), log

    piped = run(["judges", "run", judge_id, "--response", "r"], base_url=emu.url, cwd=tmp_path)
    assert [r["evaluator_name"] for r in json.loads(piped.stdout)["evaluator_results"]] == ["polite", "Helpfulness"]


def test_calibrate_from_a_file_or_a_dataset_with_a_header(emu: Emulator, tmp_path: Path) -> None:
    (tmp_path / "cal.csv").write_text(CALIBRATION_CSV)
    with RootSignals(api_key=API_KEY, base_url=emu.url) as client:
        evaluator_id = str(client.evaluators.create(name="polite", predicate="Polite? {{response}}").id)

    headless = run(["evaluators", "calibrate", evaluator_id, "--data", "cal.csv"], base_url=emu.url, cwd=tmp_path)
    assert headless.returncode == 1
    assert "Row 1: the first column must be the expected score" in headless.stderr

    from_file = run(
        ["evaluators", "calibrate", evaluator_id, "--data", "cal.csv", "--has-header"], base_url=emu.url, cwd=tmp_path
    )
    assert from_file.returncode == 0, from_file.stderr
    rows = [json.loads(line) for line in from_file.stdout.splitlines()]
    assert [(r["row_number"], r["result"]["expected_score"]) for r in rows] == [(1, 0.9), (2, 0.2)]

    uploaded = run(
        ["datasets", "create", "--name", "cal", "--path", "cal.csv", "--type", "test", "--has-header"],
        base_url=emu.url, cwd=tmp_path,
    )  # fmt: skip
    assert uploaded.returncode == 0, uploaded.stderr
    dataset_id = uploaded.stdout.strip()
    status, output = _run_on_terminal(
        ["evaluators", "calibrate", evaluator_id, "--dataset-id", dataset_id], _env(emu.url), tmp_path
    )
    assert status == 0, output
    header, *table = output.splitlines()
    assert re.match(r"^ROW +EXPECTED +SCORE +EXECUTION LOG$", header), header
    assert [line.split()[:2] for line in table] == [["1", "0.90"], ["2", "0.20"]]

    misused = run(
        ["evaluators", "calibrate", evaluator_id, "--dataset-id", dataset_id, "--has-header"],
        base_url=emu.url, cwd=tmp_path,
    )  # fmt: skip
    assert misused.returncode == 2
    assert "--has-header goes with --data" in misused.stderr
