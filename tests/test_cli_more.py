"""``rootsignals evaluators export|import``, ``execution-logs tags|sessions|users`` and ``models verify``:
the installed console script, in a subprocess, against the emulator."""

from __future__ import annotations

import json
from pathlib import Path

from root import RootSignals
from root.emulator import Emulator
from tests.conftest import API_KEY
from tests.test_cli import run


def test_an_evaluator_is_exported_to_a_file_and_imported_back_from_standard_input(
    client: RootSignals, emulator: Emulator, tmp_path: Path
) -> None:
    evaluator = client.evaluators.create("Is {{response}} short?", name="Short", intent="short replies")
    printed = run(["evaluators", "export", evaluator.id], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    assert "name: Short\n" in printed.stdout
    written = run(
        ["evaluators", "export", evaluator.id, "-o", "short.yaml"], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path
    )
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    document = (tmp_path / "short.yaml").read_text(encoding="utf-8")
    assert document == printed.stdout

    renamed = document.replace("name: Short\n", "name: Shorter\n")
    imported = run(["evaluators", "import", "-"], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path, stdin=renamed)
    assert imported.returncode == 0, imported.stderr
    new_id = imported.stdout.strip()
    assert client.evaluators.get(new_id).name == "Shorter"
    again = run(
        ["evaluators", "import", "short.yaml", "--overwrite"], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == evaluator.id  # the same name: replaced, not added

    refused = run(
        ["evaluators", "import", "-"], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path, stdin="- not a mapping\n"
    )
    assert refused.returncode == 1
    assert "BadRequestError" in refused.stderr
    missing = run(["evaluators", "import", "nowhere.yaml"], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path)
    assert missing.returncode == 2
    assert "cannot read nowhere.yaml" in missing.stderr


def test_log_tags_sessions_and_users(client: RootSignals, emulator: Emulator, tmp_path: Path) -> None:
    first = emulator.add_execution_log(session_id="chat-1", user_id="ann")["id"]
    second = emulator.add_execution_log(session_id="chat-2", user_id="ben")["id"]
    tagged = run(
        ["execution-logs", "tags", first, second, "--tag", "a", "--tag", "b"],
        base_url=emulator.url,
        api_key=API_KEY,
        cwd=tmp_path,
    )
    assert tagged.returncode == 0, tagged.stderr
    assert client.execution_logs.get(log_id=second).tags == ["a", "b"]
    cleared = run(["execution-logs", "tags", first, "--clear"], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path)
    assert cleared.returncode == 0, cleared.stderr
    assert client.execution_logs.get(log_id=first).tags == []
    assert run(["execution-logs", "tags", first], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path).returncode == 2

    sessions = run(
        ["execution-logs", "sessions", "--starts-with", "chat"], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path
    )
    assert sessions.returncode == 0, sessions.stderr
    assert json.loads(sessions.stdout) == ["chat-2", "chat-1"]  # JSON in a pipe
    users = run(["execution-logs", "users", "--starts-with", "b"], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path)
    assert json.loads(users.stdout) == ["ben"]


def test_models_verify_takes_the_key_from_the_environment_and_never_prints_it(
    emulator: Emulator, tmp_path: Path
) -> None:
    secret = "sk-cli-verify-secret"
    known = run(
        ["models", "verify", "--model", "gpt-4o", "--api-key-env", "MODEL_KEY"],
        base_url=emulator.url,
        api_key=API_KEY,
        cwd=tmp_path,
        MODEL_KEY=secret,
    )
    assert known.returncode == 0, known.stderr
    assert "gpt-4o: answered" in known.stdout
    as_json = run(
        ["models", "verify", "--model", "gpt-4o", "--api-key-stdin", "--json"],
        base_url=emulator.url,
        api_key=API_KEY,
        cwd=tmp_path,
        stdin=secret + "\n",
    )
    assert json.loads(as_json.stdout)["success"] is True
    unknown = run(
        ["models", "verify", "--model", "no-such-model"], base_url=emulator.url, api_key=API_KEY, cwd=tmp_path
    )
    assert unknown.returncode == 1
    assert "did not answer" in unknown.stdout
    for result in (known, as_json, unknown):
        assert secret not in result.stdout + result.stderr
    logged = json.dumps(emulator.requests())
    assert secret not in logged
    empty = run(
        ["models", "verify", "--model", "m", "--api-key-env", "UNSET_KEY"],
        base_url=emulator.url,
        api_key=API_KEY,
        cwd=tmp_path,
    )
    assert empty.returncode == 2
