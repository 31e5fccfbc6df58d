#!/usr/bin/env bash
# Packaging is part of the product: build the wheel, install it into a fresh virtual environment,
# check that the generated packages and py.typed are inside, and run the quickstart from the
# installed wheel (not from this source tree) against the emulator that the wheel ships.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" -m build --wheel --outdir "$work/dist" "$here" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
wheel=$(ls "$work"/dist/*.whl)
echo "built $(basename "$wheel")"

"$python" - "$wheel" <<'PY'
import sys
import zipfile

names = set(zipfile.ZipFile(sys.argv[1]).namelist())
required = [
    "root/__init__.py",
    "root/py.typed",
    "root/models.py",
    "root/models.pyi",
    "root/skills.py",
    "root/presets.json",
    "root/_preset_attributes.pyi",
    "root/emulator/__main__.py",
    "root/generated/openapi.yaml",
    "root/generated/uuid_fields.json",
    "root/generated/__init__.py",
    "root/generated/openapi_client/__init__.py",
    "root/generated/openapi_client/api/models_api.py",
    "root/generated/openapi_client/py.typed",
    "root/generated/openapi_aclient/__init__.py",
    "root/generated/openapi_aclient/api/models_api.py",
    "root/generated/openapi_aclient/py.typed",
    "scorable/__init__.py",
    "scorable/py.typed",
    "scorable/client.py",
    "scorable/skills.py",
    "scorable/_preset_attributes.pyi",
    "scorable/generated/__init__.py",
]
missing = [n for n in required if n not in names]
if missing:
    sys.exit(f"the wheel lacks: {missing}")
stray = sorted(n for n in names if n.startswith(("tests/", "docs/", "bench/")) or "__pycache__" in n)
if stray:
    sys.exit(f"the wheel carries files it should not: {stray[:10]}")
print(f"the wheel holds root/generated, the spec the emulator reads, and py.typed ({len(names)} files)")
PY

"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel[emulator]" 2>&1 | grep -v "is ignored" || true
cd "$work"
"$work/venv/bin/python" -c "import root, sys; p = root.__file__; print('installed at', p); sys.exit('root was imported from the source tree' if p.startswith('$here') else 0)"
# The scorable face, from the wheel too: its generated names are root.generated's modules.
"$work/venv/bin/python" -c "
import sys
import scorable
import scorable.generated.openapi_client.models.message_turn_request as alias
import root.generated.openapi_client.models.message_turn_request as original
assert not scorable.__file__.startswith('$here'), 'scorable was imported from the source tree'
assert alias is original, 'scorable.generated is not root.generated'
print('scorable face installed at', scorable.__file__)
"
EMULATOR_PYTHON="$work/venv/bin/python" "$work/venv/bin/python" "$here/scripts/run_with_emulator.py" \
  "$work/venv/bin/python" "$here/examples/quickstart.py"
echo "package check passed"
