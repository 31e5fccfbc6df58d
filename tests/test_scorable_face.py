"""The ``scorable`` face: ``from scorable import Scorable`` with the official SDK 1.15's API, beside
``from root import RootSignals`` with 1.6's, in one program and against one emulator."""

from __future__ import annotations

import importlib
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from root import RootSignals
from root._presets import presets_for
from root.emulator import Emulator
from root.errors import InvalidArgumentError, MissingAPIKeyError
from scorable import Scorable
from tests.conftest import API_KEY


@pytest.fixture
def scorable_client(emulator: Emulator) -> Iterator[Scorable]:
    with Scorable(api_key=API_KEY, base_url=emulator.url) as client:
        yield client


# -- the generated code under scorable.generated is root.generated's ----------------------------------------


@pytest.mark.parametrize("package", ["openapi_client", "openapi_aclient"])
def test_the_generated_packages_are_the_same_modules_under_both_names(package: str) -> None:
    for tail in ("", ".models", ".api", ".exceptions", ".models.evaluator_reference_request", ".api.judges_api"):
        ours = importlib.import_module(f"scorable.generated.{package}{tail}")
        assert ours is importlib.import_module(f"root.generated.{package}{tail}")
        # The module keeps its own name and spec: it was not loaded a second time.
        assert ours.__name__ == f"root.generated.{package}{tail}"
        assert ours.__spec__ is not None
        assert ours.__spec__.name == ours.__name__


def test_a_generated_class_is_one_class_under_both_names() -> None:
    from root.generated.openapi_client.models.evaluator_reference_request import (
        EvaluatorReferenceRequest as RootReference,
    )
    from scorable.generated.openapi_client.models.evaluator_reference_request import EvaluatorReferenceRequest

    assert EvaluatorReferenceRequest is RootReference
    reference = EvaluatorReferenceRequest(id=str(uuid.uuid4()))
    assert isinstance(reference, RootReference)


def test_the_generated_packages_are_attributes_of_scorable_generated() -> None:
    import scorable.generated

    assert scorable.generated.openapi_client is sys.modules["root.generated.openapi_client"]
    assert scorable.generated.openapi_aclient is sys.modules["root.generated.openapi_aclient"]
    with pytest.raises(AttributeError):
        scorable.generated.openapi_nothing  # noqa: B018


def test_a_module_root_generated_lacks_is_missing_under_scorable_generated_too() -> None:
    with pytest.raises(ModuleNotFoundError, match=r"scorable\.generated\.openapi_client\.models\.no_such_model"):
        importlib.import_module("scorable.generated.openapi_client.models.no_such_model")


def test_an_alias_found_in_a_fresh_interpreter_loads_nothing_twice() -> None:
    import subprocess

    program = (
        "import sys\n"
        "from scorable.generated.openapi_aclient.models.message_turn_request import MessageTurnRequest as A\n"
        "from root.generated.openapi_aclient.models.message_turn_request import MessageTurnRequest as B\n"
        "assert A is B\n"
        "names = [m for m in sys.modules if m.startswith('scorable.generated.')]\n"
        "assert all(sys.modules[m] is sys.modules['root.generated.' + m[19:]] for m in names), names\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False, cwd=Path(__file__).parent.parent
    )
    assert done.stdout.strip() == "ok", done.stderr


# -- the client: where it looks for its key and URL ----------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in ("SCORABLE_API_KEY", "SCORABLE_API_URL", "ROOTSIGNALS_API_KEY", "ROOTSIGNALS_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_scorable_reads_its_key_and_url_from_the_scorable_variables(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SCORABLE_API_KEY", "scorable-key")
    clean_env.setenv("SCORABLE_API_URL", "http://scorable.example:8080/")
    clean_env.setenv("ROOTSIGNALS_API_URL", "http://rootsignals.example")
    client = Scorable()
    assert client.base_url == "http://scorable.example:8080"
    assert client._options.api_key == "scorable-key"
    assert repr(client) == "Scorable(base_url='http://scorable.example:8080')"
    # The 1.6 face reads its own variables, not these.
    with pytest.raises(MissingAPIKeyError, match="ROOTSIGNALS_API_KEY"):
        RootSignals()


def test_scorable_defaults_to_the_scorable_service(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SCORABLE_API_KEY", "k")
    assert Scorable().base_url == "https://api.scorable.ai"
    clean_env.setenv("ROOTSIGNALS_API_KEY", "k")
    assert RootSignals().base_url == "https://api.app.rootsignals.ai"


def test_a_missing_key_names_scorable_api_key(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ROOTSIGNALS_API_KEY", "not-for-scorable")
    with pytest.raises(MissingAPIKeyError, match=r"SCORABLE_API_KEY") as caught:
        Scorable()
    assert "Scorable(api_key=...)" in str(caught.value)
    assert "ROOTSIGNALS" not in str(caught.value)


def test_scorable_reads_its_key_from_a_dotenv_line(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ROOTSIGNALS_API_KEY=other\nSCORABLE_API_KEY = 'from-dotenv'  # the key\n")
    assert Scorable()._options.api_key == "from-dotenv"
    assert RootSignals()._options.api_key == "other"


def test_a_bad_scorable_url_variable_is_named(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("SCORABLE_API_URL", "ftp://nowhere")
    with pytest.raises(InvalidArgumentError, match="SCORABLE_API_URL"):
        Scorable(api_key="k")


def test_scorable_is_a_root_signals_client_with_the_official_attributes(scorable_client: Scorable) -> None:
    assert isinstance(scorable_client, RootSignals)
    assert scorable_client.run_async is False
    assert scorable_client.get_client_context == scorable_client.client_context
    assert scorable_client.beta.judges is scorable_client.judges
    clone = scorable_client.with_options(max_retries=0)
    assert type(clone) is Scorable
    assert clone.evaluators.Eval is scorable_client.evaluators.Eval
    assert "key" not in repr(scorable_client).lower()


# -- presets ------------------------------------------------------------------------------------------------


def test_the_scorable_face_lists_exactly_the_presets_of_1_15(scorable_client: Scorable, client: RootSignals) -> None:
    wanted = [(p.name, p.id) for p in presets_for("1.15")]
    assert [(m.name, m.value) for m in scorable_client.evaluators.Eval] == wanted
    assert scorable_client.evaluators.EvaluatorName.__args__ == tuple(name for name, _ in wanted)
    # The root face keeps every preset.
    assert len(client.evaluators.Eval) == 44
    dropped = [p for p in presets_for("1.6") if "1.15" not in p.sdks]
    assert dropped
    for preset in dropped:
        assert not hasattr(scorable_client.evaluators, preset.name)
        assert hasattr(client.evaluators, preset.name)
    for name, _ in wanted:
        runner = getattr(scorable_client.evaluators, name)
        assert runner.__name__ == name
