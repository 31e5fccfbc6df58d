"""The pytest plugin (``root.testing``), used as a user's suite uses it: a fresh directory of tests, run in
a fresh ``pytest`` process that finds the plugin through the installed package's ``pytest11`` entry point,
with nothing else configured."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ISOLATED = ("-p", "no:cacheprovider", "-p", "no:asyncio")
"""A user's environment has none of our development plugins; pytest-asyncio, unconfigured, would warn."""

USER_TESTS = """
import asyncio
import os
import sys

import pytest

from root import RootSignals
from root.errors import InternalServerError, NotFoundError


# Imported at collection, before any test runs: the plugin is loaded, but has imported nothing heavy.
HEAVY_AT_COLLECTION = [m for m in ("root.emulator", "aiohttp") if m in sys.modules]


def test_the_plugin_loaded_lazily(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("rootsignals")
    assert HEAVY_AT_COLLECTION == []


@pytest.mark.parametrize("round", [1, 2])
def test_each_test_starts_clean(rootsignals_client, rootsignals_emulator, round):
    custom = [m for m in rootsignals_client.models.list(limit=1000) if m.visibility == "PRIVATE"]
    assert custom == []
    assert rootsignals_emulator.requests()[0]["path"] == "/v1/models/"
    assert len(rootsignals_emulator.requests()) == 1
    rootsignals_client.models.create(name=f"left-behind-{round}")
    rootsignals_emulator.set_faults(status=500)  # cleared after the test


SEEN_URLS = set()


@pytest.mark.parametrize("round", [1, 2])
def test_one_emulator_for_the_session(rootsignals_emulator, round):
    SEEN_URLS.add(rootsignals_emulator.url)
    assert len(SEEN_URLS) == 1


def test_the_client_is_bound_to_the_emulator(rootsignals_client, rootsignals_emulator):
    assert rootsignals_client.base_url == rootsignals_emulator.url
    model_id = rootsignals_client.models.create(name="mine")
    assert rootsignals_client.models.get(model_id).name == "mine"
    with pytest.raises(NotFoundError):
        rootsignals_client.models.get("00000000-0000-4000-8000-000000000000")


@pytest.mark.rootsignals_faults(status=503, first=2)
def test_faults_from_the_marker(rootsignals_client, rootsignals_emulator):
    quick = rootsignals_client.with_options(max_retries=0)
    for _ in range(2):
        with pytest.raises(InternalServerError):
            quick.models.create(name="unlucky")
    assert quick.models.create(name="third-time")
    assert [r["status"] for r in rootsignals_emulator.requests()] == [503, 503, 201]


def test_async_code_too(rootsignals_client):
    async def scenario():
        ids = await asyncio.gather(*(rootsignals_client.models.acreate(name=f"a-{i}") for i in range(3)))
        return [(await rootsignals_client.models.aget(i)).name for i in ids]

    assert sorted(asyncio.run(scenario())) == ["a-0", "a-1", "a-2"]


def test_code_that_builds_its_own_client(rootsignals_env):
    assert os.environ["ROOTSIGNALS_API_URL"] == rootsignals_env.url
    with RootSignals() as client:
        client.models.create(name="from-the-environment")
    assert rootsignals_env.requests()[-1]["status"] == 201
    from scorable import Scorable

    with Scorable() as client:
        client.models.create(name="from-the-scorable-environment")
    assert rootsignals_env.count_models(name="from-the-scorable-environment") == 1
"""


def test_the_entry_point_names_the_plugin() -> None:
    points = [e for e in metadata.entry_points(group="pytest11") if e.name == "rootsignals"]
    assert [e.value for e in points] == ["root.testing"], "re-install the project: pip install -e '.[dev,docs]'"


ORDER_TESTS = """
import pytest


@pytest.mark.rootsignals_faults(hang=True)
def test_leaves_a_mess(rootsignals_emulator):
    rootsignals_emulator.configure(max_page_size=1)


def test_finds_it_clean(rootsignals_client, rootsignals_emulator):
    assert rootsignals_emulator.configure()["max_page_size"] > 1
    assert rootsignals_client.models.create(name="works", _request_timeout=5)
"""

BAD_MARKERS = """
import pytest


@pytest.mark.rootsignals_faults(503)
def test_positional(rootsignals_emulator):
    pass


@pytest.mark.rootsignals_faults(no_such_key=1)
def test_unknown_key(rootsignals_emulator):
    pass
"""


def test_a_fresh_suite_uses_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS, test_order=ORDER_TESTS, test_bad_markers=BAD_MARKERS)
    # A fresh interpreter, as a user's "pytest" is: the plugin can only come from the entry point.
    result = pytester.runpytest_subprocess(*ISOLATED, "-W", "error", "--strict-markers", "-v")
    result.assert_outcomes(passed=11, errors=2)
    result.stdout.fnmatch_lines(["plugins: *rootsignals*"])
    result.stdout.fnmatch_lines(["*rootsignals_faults takes keyword arguments only*"])
    result.stdout.fnmatch_lines(["*rootsignals_faults: unknown keys: 'no_such_key'; known: *"])


def test_the_plugin_can_be_turned_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_off="def test_no_fixture(rootsignals_client):\n    pass\n")
    result = pytester.runpytest_subprocess(*ISOLATED, "-p", "no:rootsignals")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'rootsignals_client' not found*"])


def test_loading_the_plugin_is_cheap() -> None:
    import subprocess

    code = (
        "import sys, root.testing; "
        "print(sorted(m for m in ('aiohttp', 'urllib3', 'pydantic', 'root.emulator', 'root.client') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_the_readme_async_example_runs_as_shown(tmp_path: Path) -> None:
    """README's pytest paragraph: its ``pyproject.toml`` and test module pass as a user's suite, and the
    setting it shows is what the async test needs (without it, pytest does not run the coroutine)."""
    from .test_docs import REPO, extract_blocks

    readme = REPO / "README.md"
    files = {b.directives["pytest-file"]: b.code for b in extract_blocks(readme) if "pytest-file" in b.directives}
    assert set(files) == {"pyproject.toml", "test_models.py"}
    assert "async def test_" in files["test_models.py"]
    assert 'asyncio_mode = "auto"' in files["pyproject.toml"]
    assert "pytest-asyncio" in readme.read_text(encoding="utf-8")
    for name, code in files.items():
        (tmp_path / name).write_text(code, encoding="utf-8")

    def run_suite() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", str(tmp_path)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    shown = run_suite()
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "2 passed" in shown.stdout
    without_auto = [line for line in files["pyproject.toml"].splitlines() if not line.startswith("asyncio_mode")]
    (tmp_path / "pyproject.toml").write_text("\n".join(without_auto) + "\n", encoding="utf-8")
    unconfigured = run_suite()
    assert unconfigured.returncode != 0, unconfigured.stdout
    assert "test_create_async" in unconfigured.stdout


VERDICT_TESTS = """
import pytest


@pytest.mark.rootsignals_verdict(evaluator="Politeness", pattern="rude", score=0.1, justification="Rude.")
def test_a_verdict_from_the_marker(rootsignals_client):
    rude = rootsignals_client.evaluators.Politeness(response="What a rude reply")
    assert (rude.score, rude.justification) == (0.1, "Rude.")
    kind = rootsignals_client.evaluators.Politeness(response="Thank you")
    assert kind.justification != "Rude."


@pytest.mark.rootsignals_verdict(evaluator="Clarity", score=0.2)
@pytest.mark.rootsignals_verdict(evaluator="Clarity", pattern="clear", score=0.8)
def test_stacked_verdicts_the_nearest_matches_first(rootsignals_client, rootsignals_emulator):
    assert rootsignals_client.evaluators.Clarity(response="Crystal clear").score == 0.8
    assert rootsignals_client.evaluators.Clarity(response="Muddy").score == 0.2
    assert len(rootsignals_emulator.verdicts()) == 2


def test_the_next_test_has_no_verdicts(rootsignals_client, rootsignals_emulator):
    assert rootsignals_emulator.verdicts() == []
    assert rootsignals_client.evaluators.Politeness(response="What a rude reply").justification != "Rude."


@pytest.mark.rootsignals_verdict(evaluator="Helpfulness", pattern="order_lookup", score=0.9, turn=-2)
def test_a_verdict_that_targets_a_turn(rootsignals_emulator):
    assert rootsignals_emulator.verdicts()[0]["turn"] == -2


@pytest.mark.rootsignals_verdict(evaluator="Politeness", score=2.0)
def test_a_bad_verdict(rootsignals_emulator):
    pass
"""


def test_verdicts_from_the_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_verdicts=VERDICT_TESTS)
    result = pytester.runpytest_subprocess(*ISOLATED, "-W", "error", "--strict-markers", "-p", "no:randomly", "-v")
    result.assert_outcomes(passed=4, errors=1)
    result.stdout.fnmatch_lines(["*rootsignals_verdict: score must be a number from 0 to 1*"])


LOUD_MARKERS = """
import pytest


@pytest.mark.rootsignals_verdict(evaluator="Politness", score=0.1)
def test_a_typo_in_the_evaluator(rootsignals_client):
    pass


@pytest.mark.rootsignals_verdict(evaluator="Politeness", scroe=0.1)
def test_a_typo_in_a_verdict_key(rootsignals_emulator):
    pass


@pytest.mark.rootsignals_faults(stauts=503)
def test_a_typo_in_a_fault_key(rootsignals_env):
    pass


@pytest.mark.rootsignals_faults(status=503)
def test_faults_without_an_emulator():
    pass


@pytest.mark.rootsignals_verdict(evaluator="Politeness", score=0.1)
def test_a_verdict_without_an_emulator(tmp_path):
    pass


@pytest.mark.rootsignals_verdict(evaluator="00000000-0000-0000-0000-000000000000", score=0.1)
def test_an_id_it_does_not_hold(rootsignals_emulator):
    pass


def test_a_preset_id_and_a_name_are_known(rootsignals_emulator):
    held = rootsignals_emulator.evaluators()
    assert {"Politeness", "Faithfulness"} <= {e["name"] for e in held}
"""


def test_a_marker_fails_loudly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_loud=LOUD_MARKERS)
    result = pytester.runpytest_subprocess(*ISOLATED, "-W", "error", "--strict-markers", "-v")
    result.assert_outcomes(passed=1, errors=6)
    result.stdout.fnmatch_lines(
        [
            "*rootsignals_verdict: the emulator holds no evaluator 'Politness' (did you mean 'Politeness'?)*",
            "*rootsignals_verdict: unknown keys: 'scroe' (did you mean 'score'?)*",
            "*rootsignals_faults: unknown keys: 'stauts' (did you mean 'status'?)*",
            "*rootsignals_faults on test_loud.py::test_faults_without_an_emulator, which uses no emulator fixture*",
            "*rootsignals_verdict on test_loud.py::test_a_verdict_without_an_emulator, which uses no emulator*",
            "*the emulator holds no evaluator '00000000-0000-0000-0000-000000000000'*",
        ],
        consecutive=False,
    )


KEYED_TESTS = """
import http.client
from urllib.parse import urlsplit


def admin_status(emulator, key):
    parts = urlsplit(emulator.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Authorization": f"Api-Key {key}"} if key else {}
    conn.request("GET", "/_emulator/state", headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def test_the_key_is_required(rootsignals_client, rootsignals_emulator):
    assert rootsignals_emulator.api_key == "plugin-key-77"
    assert rootsignals_client.models.create(name="with-the-key")
    assert admin_status(rootsignals_emulator, None) == 401
    assert admin_status(rootsignals_emulator, "plugin-key-77") == 200
"""


def test_the_plugin_honours_an_api_key(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nrootsignals_api_key = plugin-key-77\n")
    pytester.makepyfile(test_keyed=KEYED_TESTS)
    result = pytester.runpytest_subprocess(*ISOLATED, "-W", "error", "--strict-markers")
    result.assert_outcomes(passed=1)
