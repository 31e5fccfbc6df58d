#!/usr/bin/env bash
# Generates root/generated/openapi_client (urllib3) and root/generated/openapi_aclient (asyncio)
# from openapi.yaml into the folder given as $1 (it receives root/generated/<package>/...).
# Only the package sources are kept: no generated docs, tests, README or packaging files. The spec itself
# goes beside them, as root/generated/openapi.yaml: the emulator validates requests against it, so the
# package always carries the contract its generated code came from.
# Ids are strings in every generated model and parameter, as in the official SDK (its models say StrictStr):
# the pinned python generator types `format: uuid` as uuid.UUID whatever --type-mappings say (its pydantic
# type for a uuid is fixed), so it reads a copy of the spec without `format: uuid`. The shipped spec keeps
# the format (the emulator validates ids with it), and scripts/uuid_fields.py writes the index of the
# contract's ids, root/generated/uuid_fields.json, which the SDK checks every id against before sending.
set -euo pipefail
out=${1:?usage: generate.sh OUTDIR}
here=$(cd "$(dirname "$0")/.." && pwd)
gen=${OPENAPI_GENERATOR:-$here/.venv/bin/openapi-generator-cli}
command -v java >/dev/null || { echo "generate: Java (17+) is needed to run openapi-generator" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The index is written with the Python beside the generator (the dev environment, which has PyYAML).
python=${PYTHON_FOR_GENERATE:-$(dirname "$gen")/python}
sed -E '/^[[:space:]]*format: uuid[[:space:]]*$/d' "$here/openapi.yaml" >"$work/openapi.yaml"
if grep -qE '(^|[{,])[[:space:]]*format:[[:space:]]*["'"'"']?uuid' "$work/openapi.yaml"; then
  echo "generate: openapi.yaml writes a 'format: uuid' other than on a line of its own; the generator would type it as UUID" >&2
  exit 1
fi
for pair in "urllib3:openapi_client" "asyncio:openapi_aclient"; do
  library=${pair%%:*}; package=${pair#*:}
  "$gen" generate --input-spec "$work/openapi.yaml" --generator-name python \
    --output "$work/$package" \
    --global-property apiTests=false,modelTests=false,apiDocs=false,modelDocs=false,skipFormModel=false \
    --additional-properties "packageName=root.generated.$package,library=$library,lazyImports=true,hideGenerationTimestamp=true" \
    >"$work/$package.log" 2>&1 || { grep -E "ERROR|Exception|line [0-9]+" "$work/$package.log" | head -20 >&2; exit 1; }
  mkdir -p "$out/root/generated"
  rm -rf "$out/root/generated/$package"
  cp -R "$work/$package/root/generated/$package" "$out/root/generated/$package"
done
cp "$here/openapi.yaml" "$out/root/generated/openapi.yaml"
"$python" "$here/scripts/uuid_fields.py" "$here/openapi.yaml" "$out/root/generated/uuid_fields.json"
