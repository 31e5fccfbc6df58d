#!/usr/bin/env bash
# Contract fuzzing: schemathesis (pinned in pyproject's dev extra) generates requests from our
# openapi.yaml and checks the emulator's answers: no 5xx, and responses that conform to the spec.
# Bounded: deterministic generation, a few examples per operation, a time cap. Run by `make fuzz`, which starts
# the emulator and sets ROOTSIGNALS_API_URL / ROOTSIGNALS_API_KEY.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
: "${ROOTSIGNALS_API_URL:?run through scripts/run_with_emulator.py}"
exec "$here/.venv/bin/schemathesis" run "$here/openapi.yaml" \
  --url "$ROOTSIGNALS_API_URL" \
  --header "Authorization: Api-Key $ROOTSIGNALS_API_KEY" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "${FUZZ_EXAMPLES:-25}" \
  --generation-deterministic \
  --max-time 60 \
  --workers 1 \
  --no-color
