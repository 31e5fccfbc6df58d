"""Secrets never reach logs, output, repr or exception text; debug logging shows the exchange."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid

import pytest

from root import RootSignals
from root.emulator import Emulator
from root.errors import InvalidArgumentError, NotFoundError

from .conftest import API_KEY

MODEL_KEY = "sk-model-key-never-shown-0123456789"


def test_debug_logging_redacts_keys(
    emulator: Emulator, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, urllib3's included
    for name in ("", "rootsignals", "urllib3", "aiohttp", "root.generated.openapi_client"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    texts: list[str] = []
    with RootSignals(api_key=API_KEY, base_url=emulator.url) as rs:
        model_id = rs.models.create(name="secret-holder", default_key=MODEL_KEY)
        texts.append(repr(rs))
        texts.append(repr(rs.models))
        rs.models.update(model_id, default_key=MODEL_KEY + "2")
        model = rs.models.get(model_id)
        texts.append(repr(model))
        with pytest.raises(NotFoundError) as info:
            rs.models.get(str(uuid.uuid4()))
        texts.append(str(info.value))
        texts.append(repr(info.value))
        with pytest.raises(InvalidArgumentError) as bad:
            rs.models.create(name="", default_key=MODEL_KEY)
        texts.append(str(bad.value))
        with pytest.raises(InvalidArgumentError) as bad_key:
            rs.models.create(name="ok", default_key=123)  # type: ignore[arg-type]
        texts.append(str(bad_key.value))
    out, err = capfd.readouterr()
    texts += [caplog.text, out, err, repr(emulator.requests())]
    joined = "\n".join(texts)
    assert API_KEY not in joined
    assert MODEL_KEY not in joined
    # ...while the log does show what happened.
    assert "POST" in caplog.text
    assert "/v1/models/" in caplog.text
    assert "201" in caplog.text
    assert "<redacted>" in caplog.text
    first = emulator.requests()[0]
    assert first["headers"]["Authorization"] == "Api-Key <redacted>"
    assert first["body"]["default_key"] == "<redacted>"


def test_rootsignals_log_env_turns_on_debug_output(emulator: Emulator) -> None:
    code = (
        "from root import RootSignals; "
        f"c = RootSignals(api_key={API_KEY!r}, base_url={emulator.url!r}); "
        f"c.models.create(name='logged', default_key={MODEL_KEY!r}); c.close()"
    )
    env = {**os.environ, "ROOTSIGNALS_LOG": "debug"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "HTTP POST" in result.stderr
    assert "-> 201" in result.stderr
    assert API_KEY not in result.stderr + result.stdout
    assert MODEL_KEY not in result.stderr + result.stdout


def test_generated_debug_switch_stays_off(client: RootSignals) -> None:
    with client.client_context() as api_client:
        assert api_client.configuration.debug is False
