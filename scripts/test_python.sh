#!/usr/bin/env bash
# The package supports Python 3.10 at run time, while the development tools (Sphinx 9,
# schemathesis 4) need 3.11. This runs the test suite, less the docs build, on a 3.10 interpreter
# in a throwaway venv, so that the claim stays true. It looks for one as OLDEST_PYTHON, python3.10
# on PATH, or under pyenv; without one it says so and does nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
python=${OLDEST_PYTHON:-}
if [ -z "$python" ]; then
  for candidate in "$(command -v python3.10 2>/dev/null || true)" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      python=$candidate
      break
    fi
  done
fi
if [ -z "$python" ]; then
  echo "no Python 3.10 interpreter on this machine: not checked here"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
# hypothesis: 6.168.5 is its last release for Python 3.10 (the dev extra pins a newer one for 3.11+).
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$here[emulator]" \
  pytest==9.2.0 pytest-asyncio==1.5.0 pytest-timeout==2.4.0 trustme==1.2.1 mypy==2.4.1 \
  openapi-generator-cli==7.26.0 hypothesis==6.168.5 2>&1 | grep -v "is ignored" || true
echo "testing with $("$work/venv/bin/python" --version)"
cd "$here"
"$work/venv/bin/python" -m pytest -q -p no:cacheprovider --ignore=tests/test_docs.py
