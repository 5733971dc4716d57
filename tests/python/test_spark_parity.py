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

# The schemas BI tools read (every table in them is compared), and the reconciliation and main
# marts (what a CFO, a CTO and a business unit read), which must also hold rows.
COMPARED_SCHEMAS = ["finance", "technology", "consumer", "core"]
MAIN_MARTS = [
    "finance.fct_allocation_reconciliation",
    "finance.fct_cost_pool_monthly",
    "finance.fct_budget_vs_actual_monthly",
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
    """A value as compared: exact decimals (trailing zeros aside), anything else as it is."""
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def sort_key(row):
    """Rows sort on their exact values; floats (sums whose order the engines choose) last."""
    return (
        tuple((value is None, str(value)) for value in row if not isinstance(value, float)),
        tuple(value for value in row if isinstance(value, float)),
    )


# Floats are physical estimates (kWh, kgCO2e) that the marts round to 6 places. Each engine
# rounds a double in its own way (DuckDB from its binary value, Spark from its shortest decimal
# form), so a value on a half of the 6th place, like 173,881.5 kWh x 0.440187 = 76,540.3758405,
# may end one unit apart: floats agree to 1e-9 relative or within one unit of the 6th decimal.
# Money and every other value are decimals, strings and dates, compared exactly.
FLOAT_ABS_TOLERANCE = 1.000001e-6


def same_row(expected, actual) -> bool:
    """Equal values; floats within FLOAT_ABS_TOLERANCE or 1e-9 relative."""
    return len(expected) == len(actual) and all(
        math.isclose(e, a, rel_tol=1e-9, abs_tol=FLOAT_ABS_TOLERANCE)
        if isinstance(e, float) and isinstance(a, float) else e == a
        for e, a in zip(expected, actual, strict=True)
    )


def read_rows(con, relation: str, columns: list[str]):
    rows = con.execute(f"select {', '.join(columns)} from {relation}").fetchall()
    return sorted((tuple(comparable(value) for value in row) for row in rows), key=sort_key)


def mart_differences(duck, reader, warehouse: Path, mart: str) -> str | None:
    """Why Spark's table differs from DuckDB's (None when equal row for row)."""
    schema, table = mart.split(".")
    files = warehouse / f"{schema}.db" / table
    if not files.is_dir():
        return f"{mart}: not written by Spark under {files}"
    columns = [row[0] for row in duck.execute(f"describe {mart}").fetchall()]
    spark_relation = f"read_parquet('{files}/**/*.parquet', hive_partitioning = true)"
    spark_columns = [row[0] for row in reader.execute(f"describe select * from {spark_relation}").fetchall()]
    if sorted(spark_columns) != sorted(columns):
        return f"{mart}: columns {sorted(spark_columns)} on Spark, {sorted(columns)} on DuckDB"
    expected = read_rows(duck, mart, columns)
    actual = read_rows(reader, spark_relation, columns)
    if len(actual) != len(expected):
        return f"{mart}: {len(actual)} rows on Spark, {len(expected)} on DuckDB"
    differing = [(e, a) for e, a in zip(expected, actual, strict=True) if not same_row(e, a)]
    if differing:
        first_expected, first_actual = differing[0]
        values = {c: (e, a) for c, e, a in zip(columns, first_expected, first_actual, strict=True) if e != a}
        return f"{mart}: {len(differing)} of {len(expected)} rows differ; first (DuckDB, Spark): {values}"
    return None


def test_spark_build_passes_every_test(spark_build):
    _warehouse, output = spark_build
    assert "Completed successfully" in output, output[-3000:]


@pytest.mark.parametrize("schema", COMPARED_SCHEMAS)
def test_spark_marts_equal_duckdb(spark_build, built_warehouse, schema):
    warehouse, _output = spark_build
    with built_warehouse.connect() as duck, duckdb.connect() as reader:
        tables = [row[0] for row in duck.execute(
            "select table_name from information_schema.tables where table_schema = ? order by 1", [schema],
        ).fetchall()]
        differences = [d for d in (mart_differences(duck, reader, warehouse, f"{schema}.{t}") for t in tables) if d]
    assert tables, f"no table in schema {schema} of the DuckDB warehouse"
    assert not differences, "\n".join(differences)


@pytest.mark.parametrize("mart", MAIN_MARTS)
def test_main_mart_holds_rows_on_both_engines(spark_build, built_warehouse, mart):
    warehouse, _output = spark_build
    schema, table = mart.split(".")
    with built_warehouse.connect() as duck, duckdb.connect() as reader:
        duck_rows = duck.execute(f"select count(*) from {mart}").fetchone()[0]
        spark_rows = reader.execute(
            f"select count(*) from read_parquet('{warehouse / f'{schema}.db' / table}/**/*.parquet')").fetchone()[0]
    assert duck_rows > 0
    assert spark_rows == duck_rows
