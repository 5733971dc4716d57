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

.PHONY: demo test venv clean bench dashboard publish chromium test-spark venv-spark

venv: $(INSTALLED)

$(INSTALLED): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "BTIM needs Python 3.11, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

demo: $(INSTALLED)
	$(BIN)/python -m scripts.demo

test: $(INSTALLED) chromium
	$(BIN)/python -m pytest

# Spark (issue 9): the same project on a local Spark (dbt-spark, method session; needs Java 17),
# in its own virtual environment. Builds the sample on DuckDB and on Spark and compares the marts.
VENV_SPARK := .venv-spark
INSTALLED_SPARK := $(VENV_SPARK)/.installed

venv-spark: $(INSTALLED_SPARK)

$(INSTALLED_SPARK): requirements-spark.txt
	@command -v java >/dev/null || (echo "make test-spark needs Java 17 (apt-get install openjdk-17-jre-headless)" && exit 1)
	$(PYTHON) -m venv $(VENV_SPARK)
	$(VENV_SPARK)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.txt
	@touch $@

test-spark: $(INSTALLED) $(INSTALLED_SPARK)
	BTIM_TEST_SPARK=1 BTIM_SPARK_DBT=$(CURDIR)/$(VENV_SPARK)/bin/dbt $(BIN)/python -m pytest -m spark tests/python/test_spark_parity.py

# Benchmark: make bench [SCALE=S|M|L]; writes docs/benchmarks/<scale>.json and docs/benchmarks.md.
SCALE ?= S
bench: $(INSTALLED)
	$(BIN)/python -m scripts.benchmark --scale $(SCALE)

# The dashboard (issue 6): publish the marts of the built warehouse as Parquet (atomically), then
# serve the Streamlit app on http://localhost:8501. Build first with `make demo`.
publish: $(INSTALLED)
	$(BIN)/python -m scripts.publish_marts

# BTIM_LANG=zh opens it in Simplified Chinese (the sidebar switches language too).
BTIM_LANG ?= en
dashboard: publish
	BTIM_LANG=$(BTIM_LANG) $(BIN)/python -m streamlit run dashboard/app.py --server.headless true --browser.gatherUsageStats false

# Debian's Chromium for the dashboard's browser test (tests/python/test_dashboard.py installs it too).
chromium:
	@test -x /usr/bin/chromium || (apt-get update -q && apt-get install -y -q chromium)

# Trust (issue 7); `make test` runs all three as pytest tests. Run them alone after `make demo`:
#   make lint          sqlfluff (dbt templater, .sqlfluff) over models/, tests/ and macros/
#   make conventions   the convention checker over target/manifest.json (waivers: conventions_exceptions.yml)
#   make dq            the Great Expectations checkpoint over data/warehouse.duckdb; Data Docs in gx/uncommitted/
.PHONY: lint conventions dq
lint: $(INSTALLED)
	$(BIN)/sqlfluff lint models tests macros --processes 2

conventions: $(INSTALLED)
	$(BIN)/dbt parse --quiet
	$(BIN)/python -m scripts.check_conventions

dq: $(INSTALLED)
	$(BIN)/python -m scripts.dq_checkpoint

clean:
	rm -rf target logs dbt_packages data/warehouse.duckdb data/spark
