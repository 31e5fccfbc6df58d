"""``make parity``: the differential check of our package against the official SDKs, root-signals 1.6.5
(our ``root`` face) and scorable 1.15.0 (our ``scorable`` face); see docs/compatibility.md.

Run with our .venv's Python from the repository root. For each official package (:data:`PACKAGES`;
``--package`` picks some) it

1. installs the package (with pytest and pytest-asyncio) from the package registry into its own virtual
   environment, ``.parity/root-signals-1.6.5`` or ``.parity/scorable-1.15.0`` (kept and reused): the
   official 1.6 has our import name ``root``, 1.15 our ``scorable``, so each runs only in its own processes;
2. fetches its sdist with pip and unpacks it under ``.parity/sdist`` for its ``examples/`` and ``tests/``
   (nothing of it enters the repository);
3. runs ``probe_api.py`` under both interpreters (**names**, **signatures**);
4. runs its scenario (``scenario.py`` for 1.6, ``scenario_1_15.py`` for 1.15) under both, each against a
   fresh emulator of ours (**wire**, **returns**, **exceptions**), and ours a second time as a control:
   two runs of ours must compare identical, or the harness itself is unstable (exit 2);
5. runs the sdist's example programs with our package against the emulator (**examples**) and its tests
   with our package (**official-tests**);
6. compares (``compare.py``), counts a difference covered by the package's documented rows
   (``documented.toml``, ``documented-1.15.toml``) as documented, writes ``.parity/report.md`` and
   ``.parity/report.json`` (one part per package) and exits 1 when any difference of either is undocumented.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import compare  # noqa: E402 - this folder is not a package; the harness's tests load it the same way

WORK = REPO / ".parity"
SDIST_DIR = WORK / "sdist"
OURS = Path(sys.executable)
API_KEY = "parity-key"
EXAMPLE_TIMEOUT = 120


@dataclass(frozen=True)
class Package:
    """One official package to compare ours with, and how its programs find the service."""

    key: str  # what --package names, "1.6" or "1.15"
    requirement: str  # the pin installed from the registry
    import_name: str  # "root" or "scorable": the package probe_api.py probes
    env_prefix: str  # its environment variables: ROOTSIGNALS_API_KEY, SCORABLE_API_URL ...
    scenario: str  # the scenario program, in this folder
    documented: str  # its documented rows, in this folder
    sdist_prefix: str  # the sdist's folder name up to the version

    @property
    def venv(self) -> Path:
        return WORK / self.requirement.replace("==", "-")

    @property
    def title(self) -> str:
        name, _, version = self.requirement.partition("==")
        return f"make parity: our package against the official {name} {version}"

    def env(self, url: str, key: str = API_KEY) -> dict[str, str]:
        """The environment variables that point this package's programs at ``url``."""
        return {f"{self.env_prefix}API_KEY": key, f"{self.env_prefix}API_URL": url}


PACKAGES = {
    "1.6": Package(
        "1.6", "root-signals==1.6.5", "root", "ROOTSIGNALS_", "scenario.py", "documented.toml", "root_signals-"
    ),
    "1.15": Package(
        "1.15", "scorable==1.15.0", "scorable", "SCORABLE_", "scenario_1_15.py", "documented-1.15.toml", "scorable-"
    ),
}


def log(message: str) -> None:
    print(f"parity: {message}", flush=True)


def pip(python: Path, *args: str) -> None:
    subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", "--quiet", *args], check=True)


def test_runner_pins() -> list[str]:
    """pytest and pytest-asyncio as our dev extra pins them, so the official tests' runner does not drift."""
    import tomllib

    with (REPO / "pyproject.toml").open("rb") as file:
        dev = tomllib.load(file)["project"]["optional-dependencies"]["dev"]
    pins = [r for r in dev if r.split("==")[0] in ("pytest", "pytest-asyncio")]
    if len(pins) != 2:
        raise SystemExit(f"parity: pyproject.toml's dev extra should pin pytest and pytest-asyncio, found {pins}")
    return pins


def official_python(package: Package) -> Path:
    """The official package's interpreter, installing it the first time."""
    python = package.venv / "bin" / "python"
    marker = package.venv / ".installed"
    if marker.exists() and python.exists():
        return python
    log(f"installing {package.requirement} into {package.venv.relative_to(REPO)}")
    if package.venv.exists():
        shutil.rmtree(package.venv)
    subprocess.run([sys.executable, "-m", "venv", str(package.venv)], check=True)
    pip(python, "install", package.requirement, *test_runner_pins())
    marker.write_text(package.requirement + "\n", encoding="utf-8")
    return python


def official_sdist(package: Package) -> Path:
    """The unpacked official sdist (its ``examples/`` and ``tests/``), downloading it the first time."""
    pattern = f"{package.sdist_prefix}*/examples"
    found = sorted(SDIST_DIR.glob(pattern))
    if found:
        return found[0].parent
    log(f"downloading the {package.requirement} sdist")
    download = WORK / ("download" if package.key == "1.6" else f"download-{package.key}")
    shutil.rmtree(download, ignore_errors=True)
    pip(OURS, "download", "--no-deps", "--no-binary", ":all:", package.requirement, "-d", str(download))
    archive = next(download.glob("*.tar.gz"))
    SDIST_DIR.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+: refuse members that leave the folder
            tar.extractall(SDIST_DIR, filter="data")
        else:  # pragma: no cover - older 3.11 releases
            tar.extractall(SDIST_DIR)  # noqa: S202 - the official sdist, fetched by pip from the registry
    return next(SDIST_DIR.glob(pattern)).parent


PREFIXES = ("PYTHON", "VIRTUAL_ENV", *(p.env_prefix for p in PACKAGES.values()))


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(PREFIXES)}
    # No __pycache__ in the worktree: root/generated must stay exactly what `make generate` writes.
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


@contextmanager
def emulator() -> Iterator[str]:
    """A fresh emulator of ours on a free port, accepting only :data:`API_KEY`; yields its URL."""
    # Its log (stderr, one line a request) goes to a file: a pipe nobody reads would fill and stall it.
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            [str(OURS), "-m", "root.emulator", "--port", "0", "--api-key", API_KEY],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=clean_env(),
        )
        try:
            line = process.stdout.readline() if process.stdout else ""
            if "http://" not in line:
                errors.seek(0)
                raise RuntimeError(f"the emulator did not start: {line!r} {errors.read()[-2000:]}")
            yield line[line.index("http://") :].split()[0].rstrip("/")
        finally:
            process.terminate()
            process.wait(timeout=10)
            if process.stdout:
                process.stdout.close()


def run_probe(python: Path, out: Path, package: Package, official: Path | None = None) -> dict[str, Any]:
    """The probe's output under ``python``; given the ``official`` probe's file, ours also looks up each
    official name that its modules give only on lookup."""
    with tempfile.TemporaryDirectory() as cwd:
        subprocess.run(
            [str(python), str(HERE / "probe_api.py"), str(out), package.import_name]
            + ([str(official)] if official else []),
            check=True,
            cwd=cwd,
            env=clean_env(),
        )
    return json.loads(out.read_text(encoding="utf-8"))


def run_scenario(python: Path, out: Path, package: Package, presets: list[str]) -> list[dict[str, Any]]:
    """The scenario's steps under ``python``; it runs the preset evaluators ``presets`` (the official
    package's) only."""
    with emulator() as url, tempfile.TemporaryDirectory() as cwd:
        names = Path(cwd) / "presets.json"
        names.write_text(json.dumps(presets), encoding="utf-8")
        subprocess.run(
            [str(python), str(HERE / package.scenario), url, API_KEY, str(out), str(names)],
            check=True,
            cwd=cwd,
            env=clean_env(),
            timeout=600,
        )
    steps: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["steps"]
    return steps


def run_examples(sdist: Path, package: Package) -> compare.Category:
    """Each official example program, unchanged, with our package against a fresh emulator."""
    category = compare.Category("examples")
    for program in sorted((sdist / "examples").glob("*.py")):
        subject = f"examples/{program.name}"
        with emulator() as url, tempfile.TemporaryDirectory() as cwd:
            env = clean_env(**package.env(url))
            try:
                done = subprocess.run(
                    [str(OURS), str(program)],
                    cwd=cwd,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=EXAMPLE_TIMEOUT,
                )
            except subprocess.TimeoutExpired:
                category.add(subject, [compare.Difference("examples", subject, f"did not end in {EXAMPLE_TIMEOUT} s")])
                continue
        if done.returncode == 0:
            category.add(subject)
        else:
            last = [line for line in done.stderr.strip().splitlines() if line.strip()][-1:] or ["(no output)"]
            detail = f"exit {done.returncode}: {last[0].strip()[:300]}"
            category.add(subject, [compare.Difference("examples", subject, detail)])
    return category


def run_official_tests(sdist: Path, package: Package) -> compare.Category:
    """The sdist's test suite, unchanged, with our package, from a temporary copy of its ``tests/``."""
    category = compare.Category("official-tests")
    with tempfile.TemporaryDirectory() as cwd:
        shutil.copytree(sdist / "tests", Path(cwd) / "tests")
        report = Path(cwd) / "junit.xml"
        subprocess.run(
            [
                str(OURS),
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "--continue-on-collection-errors",
                "-o",
                "asyncio_default_fixture_loop_scope=function",
                "tests",
                f"--junitxml={report}",
            ],
            cwd=cwd,
            # A test that builds a client with api_key=... must not reach the real service: nothing listens here.
            env=clean_env(**{f"{package.env_prefix}API_URL": "http://127.0.0.1:9"}),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if not report.exists():
            category.add("tests", [compare.Difference("official-tests", "tests", "pytest wrote no report")])
            return category
        for case in ET.parse(report).getroot().iter("testcase"):
            classname, name = case.get("classname", ""), case.get("name", "")
            subject = f"{classname}::{name}" if classname else name
            problems = [child for child in case if child.tag in ("failure", "error", "skipped")]
            if not problems:
                category.add(subject)
                continue
            message = (problems[0].get("message") or problems[0].tag).strip().splitlines()[0][:300]
            category.add(subject, [compare.Difference("official-tests", subject, f"{problems[0].tag}: {message}")])
    return category


def preset_ids(probe: dict[str, Any]) -> list[str]:
    return [info["id"] for info in probe["client"].get("presets", {}).values()]


def preset_names(probe: dict[str, Any]) -> list[str]:
    return sorted(probe["client"].get("presets", {}))


def check(package: Package, only: set[str]) -> tuple[list[compare.Category], list[compare.Documented]] | None:
    """The categories of one official package (``None`` when the harness is unstable) and its rows."""
    official = official_python(package)
    documented = compare.load_documented(HERE / package.documented)
    categories: list[compare.Category] = []
    tag = "" if package.key == "1.6" else f"-{package.key}"

    log(f"{package.requirement}: probing names and signatures under both interpreters")
    official_file = WORK / f"probe{tag}-official.json"
    official_probe = run_probe(official, official_file, package)
    if "api" in only:
        our_probe = run_probe(OURS, WORK / f"probe{tag}-ours.json", package, official_file)
        categories += [
            compare.compare_names(official_probe, our_probe),
            compare.compare_signatures(official_probe, our_probe),
        ]
    if "scenario" in only:
        log(f"{package.requirement}: running the scenario with the official SDK")
        names = preset_names(official_probe)
        official_steps = run_scenario(official, WORK / f"scenario{tag}-official.json", package, names)
        log(f"{package.requirement}: running the scenario with ours")
        our_steps = run_scenario(OURS, WORK / f"scenario{tag}-ours.json", package, names)
        keep = preset_ids(official_probe)
        ours_normalised = compare.normalise_run(our_steps, keep)
        log(f"{package.requirement}: running the scenario with ours again: the control, which must come out identical")
        control = compare.compare_steps(
            ours_normalised,
            compare.normalise_run(run_scenario(OURS, WORK / f"scenario{tag}-control.json", package, names), keep),
        )
        unstable = [d.line() for c in control for i in c.items for d in i.differences]
        if unstable:
            print("\n".join([f"parity: the harness is unstable: two runs of ours differ ({package.key}):", *unstable]))
            return None
        wire, returns, exceptions = compare.compare_steps(compare.normalise_run(official_steps, keep), ours_normalised)
        categories += [wire, returns, exceptions]
    if only & {"examples", "official-tests"}:
        sdist = official_sdist(package)
        if "examples" in only:
            log(f"{package.requirement}: running the official examples with ours")
            categories.append(run_examples(sdist, package))
        if "official-tests" in only:
            log(f"{package.requirement}: running the official tests with ours")
            categories.append(run_official_tests(sdist, package))
    return categories, documented


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=["api", "scenario", "examples", "official-tests"])
    parser.add_argument("--package", nargs="*", choices=list(PACKAGES), help="the official packages (default: all)")
    args = parser.parse_args()
    only = set(args.only or ["api", "scenario", "examples", "official-tests"])
    WORK.mkdir(exist_ok=True)
    texts: list[str] = []
    shown_texts: list[str] = []
    raw: dict[str, Any] = {}
    undocumented = 0
    for key in args.package or list(PACKAGES):
        package = PACKAGES[key]
        checked = check(package, only)
        if checked is None:
            return 2
        categories, documented = checked
        text, count = compare.report(categories, documented, title=package.title, level=2)
        shown, _ = compare.report(categories, documented, limit=60, title=package.title, level=2)
        undocumented += count
        texts.append(text)
        shown_texts.append(shown)
        raw[package.requirement] = {
            "categories": {
                c.name: [{"subject": i.subject, "differences": [d.detail for d in i.differences]} for i in c.items]
                for c in categories
            }
        }
    heading = "# make parity: our package against the official SDKs\n\n"
    (WORK / "report.md").write_text(heading + "\n".join(texts), encoding="utf-8")
    (WORK / "report.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    print(heading + "\n".join(shown_texts))
    log(f"report written to {(WORK / 'report.md').relative_to(REPO)}")
    return 1 if undocumented else 0


if __name__ == "__main__":
    sys.exit(main())
