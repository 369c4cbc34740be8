# hscp_nb: the front door. `make report YEAR=2021` and `make test` set themselves up on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
YEAR   ?= 2021
HSCP   ?=
SECTIONS ?=
JOBS   ?=
# The inputs (DATA=, LOCALITY_DATA=, RETURNS=, MSG_DATA=, LOCAL=, …) are not named here: make hands the variables
# given on its command line to hscp-nb as environment variables, which reads each input's from its own
# (hscp_nb/inputs/catalogue.py declares them; `hscp-nb report --help` lists them). Unset: the bundled sample.
OUTPUT ?=
FORMATS ?=
EDITIONS ?=
PAPER_TEMPLATE ?=
export MPLBACKEND := Agg

.PHONY: browser office setup lint test report publish overview charts sample template validate brand-check bench lab clean help

help:
	@echo "make report YEAR=2021 [HSCP=...] [SECTIONS=...] [FORMATS=html,pdf,...] [JOBS=...] [DATA=...] [LOCALITY_DATA=...] [RETURNS=...] [MSG_DATA=...] [LOCAL=...] [OUTPUT=...] [EDITIONS=...] [FORCE=1]"
	@echo "make publish YEAR=2025 HSCP=Highland [OUTPUT=...] [EDITIONS=...]: record the built report as an edition (from the inputs its manifest records)"
	@echo "make overview YEAR=2025 [OUTPUT=...] [EDITIONS=...]: the national overview of the year's built reports, read together"
	@echo "make test | make charts YEAR=2025 [HSCP=...] | make validate | make brand-check HSCP=glasgow-city [LOCAL=...] | make template | make sample | make bench | make lab"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

setup: $(STAMP)

# The accessibility test drives Debian's Chromium with axe-core from npm.
AXE := .tools/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --prefix .tools --no-audit --no-fund --silent axe-core@4

browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The OpenDocument test opens report.odt and report-data.ods in LibreOffice, as a reader would.
office:
	@command -v soffice >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq libreoffice-writer-nogui \
		libreoffice-calc-nogui >/dev/null)

test: setup $(AXE) browser office lint
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=8

report: setup
	$(BIN)/hscp-nb report --year "$(YEAR)" \
		$(if $(HSCP),--partnership "$(HSCP)") $(if $(SECTIONS),--sections "$(SECTIONS)") $(if $(JOBS),--jobs "$(JOBS)") \
		$(if $(FORMATS),--formats "$(FORMATS)") $(if $(FORCE),--force) $(if $(OUTPUT),--output "$(OUTPUT)") \
		$(if $(EDITIONS),--editions "$(EDITIONS)")

publish: setup
	$(BIN)/hscp-nb publish --year "$(YEAR)" --partnership "$(HSCP)" $(if $(OUTPUT),--output "$(OUTPUT)") \
		$(if $(EDITIONS),--editions "$(EDITIONS)")

overview: setup
	$(BIN)/hscp-nb overview --year "$(YEAR)" $(if $(OUTPUT),--output "$(OUTPUT)") \
		$(if $(EDITIONS),--editions "$(EDITIONS)")

charts: setup
	$(BIN)/hscp-nb charts --year "$(YEAR)" $(if $(HSCP),--partnership "$(HSCP)") $(if $(JOBS),--jobs "$(JOBS)") \
		$(if $(FORMATS),--formats "$(FORMATS)") $(if $(PAPER_TEMPLATE),--paper-template "$(PAPER_TEMPLATE)") \
		$(if $(OUTPUT),--output "$(OUTPUT)")

sample: setup
	$(BIN)/hscp-nb sample --out data/sample

template: setup
	$(BIN)/hscp-nb template outputs/returns_template.xlsx

validate: setup
	$(BIN)/hscp-nb validate

# What a partnership's brand.yml would change (colours darkened for contrast, close chart series), without building.
brand-check: setup
	$(BIN)/hscp-nb brand-check --partnership "$(HSCP)"

bench: setup
	$(BIN)/python -m pip install --quiet "weasyprint>=60,<70"  # the like-for-like naive loop's PDF step (issue 29)
	$(BIN)/python benchmarks/bench.py

lab: setup
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/explore.ipynb \
		$(or $(NOTEBOOK),data/sample/local/glasgow-city/carers.ipynb)

clean:
	rm -rf outputs/*/ outputs/.cache
