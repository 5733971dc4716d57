# BTIM Warehouse: the two commands.
#   make demo   generate the sample enterprise, dbt build it into data/warehouse.duckdb, print a summary
#   make test   run every test (Python tests, and dbt's data and unit tests in an end-to-end build)
# Each target creates .venv and installs the pinned requirements first when needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False

.PHONY: demo test venv clean

venv: $(INSTALLED)

$(INSTALLED): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "BTIM needs Python 3.11, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

demo: $(INSTALLED)
	$(BIN)/python -m scripts.demo

test: $(INSTALLED)
	$(BIN)/python -m pytest

clean:
	rm -rf target logs dbt_packages data/warehouse.duckdb
