"""The same project on Spark: `dbt build --target spark` of the sample enterprise passes, and its
marts equal DuckDB's row for row, money to the cent.

Runs only when BTIM_TEST_SPARK=1 (`make test-spark` sets it and creates .venv-spark from
requirements-spark.txt); `make test` skips it, since Spark needs Java 17 and a few minutes.
The DuckDB side is the session's `built_warehouse` (the same generated sample); Spark builds
into its own folder, and its marts are read back from their Parquet files with DuckDB.
"""

from __future__ import annotations

import math
import os
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.spark,
    pytest.mark.skipif(os.environ.get("BTIM_TEST_SPARK") != "1", reason="Spark parity runs with BTIM_TEST_SPARK=1 (make test-spark)"),
]

# The reconciliation and the main marts: what a CFO, a CTO and a business unit read.
COMPARED_MARTS = [
    "finance.fct_allocation_reconciliation",
    "finance.fct_cost_pool_monthly",
    "technology.fct_tower_cost_monthly",
    "consumer.fct_consumer_cost_monthly",
    "consumer.fct_consumer_bill_lines_monthly",
]


def spark_dbt() -> Path:
    """dbt of the Spark virtual environment (BTIM_SPARK_DBT overrides)."""
    return Path(os.environ.get("BTIM_SPARK_DBT", REPO_ROOT / ".venv-spark" / "bin" / "dbt"))


@pytest.fixture(scope="module")
def spark_build(built_warehouse, tmp_path_factory):
    """`dbt build --target spark` over the raw files the DuckDB warehouse was built from."""
    dbt = spark_dbt()
    if not dbt.exists():
        pytest.fail(f"{dbt} not found: run `make test-spark` (it creates .venv-spark)")
    work_dir = tmp_path_factory.mktemp("spark")
    env = dict(built_warehouse.env, BTIM_TARGET="spark", BTIM_SPARK_DIR=str(work_dir / "spark"))
    started = time.monotonic()
    result = subprocess.run(
        [str(dbt), "build", "--project-dir", str(REPO_ROOT), "--target-path", str(work_dir / "target"),
         "--log-path", str(work_dir / "logs")],
        env=env, cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    print(f"\nSpark dbt build: {elapsed:.0f} s")
    if result.returncode != 0:
        pytest.fail("dbt build on Spark failed:\n" + output[-8000:])
    return work_dir / "spark" / "warehouse", output


def comparable(value):
    """A value as compared: exact decimals, floats to 1e-9 relative."""
    if isinstance(value, float):
        return round(value, 9) if math.isfinite(value) else value
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def sort_key(row):
    return tuple((value is None, str(value)) for value in row)


def read_rows(con, relation: str, columns: list[str]):
    rows = con.execute(f"select {', '.join(columns)} from {relation}").fetchall()
    return sorted((tuple(comparable(value) for value in row) for row in rows), key=sort_key)


def test_spark_build_passes_every_test(spark_build):
    _warehouse, output = spark_build
    assert "Completed successfully" in output, output[-3000:]


@pytest.mark.parametrize("mart", COMPARED_MARTS)
def test_spark_mart_equals_duckdb(spark_build, built_warehouse, mart):
    warehouse, _output = spark_build
    schema, table = mart.split(".")
    files = warehouse / f"{schema}.db" / table
    assert files.is_dir(), f"{mart} was not written by Spark under {files}"
    with built_warehouse.connect() as duck, duckdb.connect() as reader:
        columns = [row[0] for row in duck.execute(f"describe {mart}").fetchall()]
        spark_relation = f"read_parquet('{files}/*.parquet')"
        spark_columns = [row[0] for row in reader.execute(f"describe select * from {spark_relation}").fetchall()]
        assert sorted(spark_columns) == sorted(columns)
        expected = read_rows(duck, mart, columns)
        actual = read_rows(reader, spark_relation, columns)
    assert len(actual) == len(expected)
    assert len(expected) > 0
    for expected_row, actual_row in zip(expected, actual, strict=True):
        assert actual_row == expected_row, dict(zip(columns, zip(expected_row, actual_row, strict=True), strict=True))
