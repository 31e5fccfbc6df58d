#!/usr/bin/env bash
# Usage: scripts/test_python.sh VERSION   (CI runs it with 3.10, the oldest supported, and 3.13, the newest
# this machine offers)
#
# The development venv (.venv) runs on one interpreter (3.11), and the development tools (Sphinx 9,
# schemathesis 4) need 3.11 or newer; the package supports 3.10 at run time. This runs the test suite,
# less the docs build, on Python VERSION in a throwaway venv, so that both ends of the claim stay true.
# The interpreter is TEST_PYTHON, else pythonVERSION on PATH, else pyenv's (PYENV_ROOT, ~/.pyenv), which
# is part of the CI machine's image: without one the step fails rather than pass untested.
set -euo pipefail
version=${1:?usage: scripts/test_python.sh VERSION (e.g. 3.10)}
here=$(cd "$(dirname "$0")/.." && pwd)
python=${TEST_PYTHON:-}
if [ -z "$python" ]; then
  for candidate in "$(command -v "python$version" 2>/dev/null || true)" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$version".*/bin/python; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] &&
      "$candidate" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" 2>/dev/null; then
      python=$candidate
      break
    fi
  done
fi
if [ -z "$python" ]; then
  echo "no Python $version interpreter on this machine (set TEST_PYTHON=/path/to/python$version)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
# hypothesis: 6.168.5 is its last release for Python 3.10; newer interpreters take the dev extra's pin.
hypothesis=$(grep -o '"hypothesis==[^"]*"' "$here/pyproject.toml" | tr -d '"')
# pandas: 3.x needs Python 3.11; 2.3 is the last line for 3.10.
pandas=$(grep -o '"pandas==[^"]*"' "$here/pyproject.toml" | tr -d '"')
if [ "$version" = "3.10" ]; then hypothesis=hypothesis==6.168.5; pandas=pandas==2.3.3; fi
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$here[emulator]" \
  pytest==9.2.0 pytest-asyncio==1.5.0 pytest-timeout==2.4.0 trustme==1.2.1 mypy==2.4.1 \
  openapi-generator-cli==7.26.0 "$hypothesis" "$pandas" >"$work/pip.log" 2>&1 || {
  grep -v "is ignored" "$work/pip.log" >&2
  echo "installing the package and the test tools on Python $version failed" >&2
  exit 1
}
echo "testing with $("$work/venv/bin/python" --version)"
cd "$here"
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider --ignore=tests/test_docs.py
