#!/usr/bin/env bash
# Contract fuzzing: schemathesis (pinned in pyproject's dev extra) generates requests from our
# openapi.yaml and checks the emulator's answers: no 5xx, responses that conform to the spec, every
# request the spec allows accepted (positive_data_acceptance) and every one it forbids rejected with a
# 4xx (negative_data_rejection; --mode all generates both kinds).
# Bounded: deterministic generation, a few examples per operation, a time cap. Run by `make fuzz`, which starts
# the emulator and sets ROOTSIGNALS_API_URL / ROOTSIGNALS_API_KEY.
# Only the tags the emulator serves are fuzzed: the spec holds the whole contract, the emulator answers
# the other resources as unknown. When the emulator serves another resource, add its tag here
# (tests/test_emulator_resources.py checks that this list is the emulator's). Per-operation settings are
# in scripts/fuzz.toml.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
: "${ROOTSIGNALS_API_URL:?run through scripts/run_with_emulator.py}"
emulated_tags=(models objectives datasets execution-logs evaluators judges otel projects)
emulated_tags+=(annotations score-configs)
emulated_tags+=(files)
emulated_tags+=(calibration-runs)
emulated_tags+=(batch-executions)
# Operations of those tags the emulator does not serve: the OpenAI-compatible chat completions and Responses (a model
# completes the chat, and none runs offline; tests/test_emulator_resources.py lists them too).
not_served=(judges_openai_chat_completions_create judges_openai_chat_completions_create_2
  judges_refine_openai_chat_completions_create)
# The judge batch route the contract gives neither a body nor an answer (nothing says what to run).
not_served+=(judges_batch_execute_create)
not_served+=(judges_openai_responses_create judges_openai_responses_create_2 judges_refine_openai_responses_create)
# An execution log and a dataset for the operations on one of them (see scripts/fuzz_seed.py, fuzz.toml).
eval "$("$here/.venv/bin/python" "$here/scripts/fuzz_seed.py")"
include=()
for tag in "${emulated_tags[@]}"; do include+=(--include-tag "$tag"); done
for operation in "${not_served[@]}"; do include+=(--exclude-operation-id "$operation"); done
exec "$here/.venv/bin/schemathesis" --config-file "$here/scripts/fuzz.toml" run "$here/openapi.yaml" \
  "${include[@]}" \
  --url "$ROOTSIGNALS_API_URL" \
  --header "Authorization: Api-Key $ROOTSIGNALS_API_KEY" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,positive_data_acceptance,negative_data_rejection \
  --mode all \
  --max-examples "${FUZZ_EXAMPLES:-25}" \
  --generation-deterministic \
  --max-time 60 \
  --workers 1 \
  --no-color
