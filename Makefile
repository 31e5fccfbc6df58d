# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make demo` needs only the package and its emulator extra: a new user's first command does not wait
# for Sphinx, schemathesis and the generator. Both stamps share one .venv; the full install covers the demo's.
DEMO_STAMP := $(VENV)/.installed-demo

.PHONY: setup generate check-generated test lint typecheck demo docs bench package-check fuzz mutation parity clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Development needs Python >= 3.11 (the package itself runs on 3.10); set PYTHON=..."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,docs,emulator]'
	touch $(STAMP)

$(DEMO_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	if [ -f $(STAMP) ] && [ $(STAMP) -nt pyproject.toml ]; then :; else \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[emulator]'; fi
	touch $(DEMO_STAMP)

setup: $(STAMP)

generate: $(STAMP)
	scripts/generate.sh .
	@echo "generated root/generated/openapi_client and root/generated/openapi_aclient from openapi.yaml"

check-generated: $(STAMP)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	scripts/generate.sh "$$tmp" && \
	if diff -r -q -x __pycache__ "$$tmp/root/generated/openapi_client" root/generated/openapi_client && \
	   diff -r -q -x __pycache__ "$$tmp/root/generated/openapi_aclient" root/generated/openapi_aclient && \
	   diff -q "$$tmp/root/generated/openapi.yaml" root/generated/openapi.yaml && \
	   diff -q "$$tmp/root/generated/uuid_fields.json" root/generated/uuid_fields.json; then \
		echo "check-generated: root/generated matches openapi.yaml"; \
	else \
		echo "check-generated: root/generated differs from what openapi.yaml generates."; \
		echo "Do not edit generated files; change openapi.yaml or the generator options and run 'make generate'."; \
		exit 1; \
	fi

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict root scorable bench tests/typing_check.py
	@# The run above reads root/models.pyi for root.models; this one checks the implementation behind it.
	$(BIN)/mypy --strict root/models.py

demo: $(DEMO_STAMP)
	$(BIN)/python scripts/run_with_emulator.py $(BIN)/python examples/quickstart.py

docs: $(STAMP)
	rm -rf docs/_build
	$(BIN)/sphinx-build -q -W --keep-going -b html docs docs/_build/html

bench: $(STAMP)
	$(BIN)/python bench/run.py

package-check: $(STAMP)
	scripts/package_check.sh

fuzz: $(STAMP)
	$(BIN)/python scripts/run_with_emulator.py scripts/fuzz.sh

# The differential check against the official SDK 1.6.5 (docs/compatibility.md): installs it from the
# registry into .parity/ (kept), fetches its sdist for its examples and tests, compares, and writes
# .parity/report.md. Exits non-zero on any undocumented difference.
parity: $(STAMP)
	$(BIN)/python scripts/parity/run.py

# Mutation testing of the handwritten modules (pyproject.toml [tool.mutmut]); not part of `make test`.
# All of root/*.py by default; a part with e.g. MUTANTS='root._config* root._retry* root.errors*'.
# The score (caught / ran, see scripts/mutation_score.py) ends the output; `$(BIN)/mutmut browse` lists survivors.
MUTANTS ?=
$(VENV)/.mutation-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	touch $@

mutation: $(VENV)/.mutation-installed
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 $(MUTANTS)
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/python scripts/mutation_score.py mutants/mutmut-cicd-stats.json

clean:
	rm -rf $(VENV) build dist docs/_build *.egg-info .pytest_cache .mypy_cache .ruff_cache mutants .parity
