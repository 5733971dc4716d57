"""Incremental runs of the large facts equal a full refresh (issue #9, deliverable 3).

The GL lines, the cloud charges and the three layers of the allocation ledger are incremental by
month (macros/incremental_by_month.sql); the base models of the cloud bills by file
(macros/cloud_bill_columns.sql). The sample enterprise is generated for two months and built;
then the third month lands (scripts/land_exports.py copies only new and changed files; the
generator is prefix-stable, and company code 1000 posts a late correction in month three to the
period of month one) and an incremental run follows. That warehouse must equal a full build of
the three months row for row. The lookback is set to 0 months so that the restated first month
can only be found by its inputs' fingerprint.
"""

from __future__ import annotations

from pathlib import Path

import os
import shutil

import duckdb
import pytest

from scripts.land_exports import land
from tests.python.conftest import dbt_env, generate, run_dbt

INCREMENTAL_MODELS = (
    "int_gl_lines_converted_to_reporting_currency",
    "int_gl_lines_mapped_to_cost_pools",
    "int_cloud_charges",
    "int_cost_pool_costs_allocated_to_towers",
    "int_tower_costs_allocated_to_solutions",
    "int_solution_costs_allocated_to_consumers",
)
# Read file by file; their rows also record each file's size and modification time, which differ
# between two generated folders, so that column is left out of the comparison.
FILE_INCREMENTAL_MODELS = (
    "base_aws_cur__charges",
    "base_aws_cur2__charges",
    "base_azure__cost_details",
    "base_gcp__billing_export",
    "base_focus__charges",
)
SELECTION = ["--select", "+int_solution_costs_allocated_to_consumers", "+int_cloud_charges"]
NO_LOOKBACK = ["--vars", "{incremental_lookback_months: 0}"]


def _dbt(args: list[str], raw: Path, db: Path, work: Path) -> None:
    result = run_dbt(args, dbt_env(raw, db), work)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def _differences(db_a: Path, db_b: Path, schema: str, table: str) -> tuple[int, int, int, int]:
    """Rows of a, rows of b, rows of a not in b and rows of b not in a (as multisets)."""
    con = duckdb.connect()
    con.execute(f"attach '{db_a}' as a (read_only)")
    con.execute(f"attach '{db_b}' as b (read_only)")
    exclude = " exclude (source_file_signature)" if schema == "staging" else ""
    relation_a = f"(select *{exclude} from a.{schema}.{table})"
    relation_b = f"(select *{exclude} from b.{schema}.{table})"
    counts = con.execute(
        f"""
        select
            (select count(*) from {relation_a}),
            (select count(*) from {relation_b}),
            (select count(*) from (select * from {relation_a} except all select * from {relation_b})),
            (select count(*) from (select * from {relation_b} except all select * from {relation_a}))
        """
    ).fetchall()[0]
    con.close()
    return counts


@pytest.fixture(scope="module")
def incremental_and_full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    work = tmp_path_factory.mktemp("incremental")
    raw_two, raw_three = work / "raw_two_months", work / "raw_three_months"
    generate(raw_two, months=2)
    generate(raw_three, months=3)
    incremental_db, full_db = work / "incremental.duckdb", work / "full.duckdb"
    landed = work / "landed"
    shutil.copytree(raw_two, landed)

    _dbt(["seed"], landed, incremental_db, work)
    _dbt(["run", *SELECTION, *NO_LOOKBACK], landed, incremental_db, work)
    landing = land(raw_three, landed)
    assert landing.added and landing.unchanged, "month three must add files and leave the others"
    _dbt(["run", *SELECTION, *NO_LOOKBACK], landed, incremental_db, work)

    _dbt(["seed"], raw_three, full_db, work)
    _dbt(["run", *SELECTION, "--full-refresh", *NO_LOOKBACK], raw_three, full_db, work)
    return work, landed, incremental_db, full_db


@pytest.mark.parametrize("model", INCREMENTAL_MODELS + FILE_INCREMENTAL_MODELS)
def test_incremental_run_equals_full_refresh(
    incremental_and_full: tuple[Path, Path, Path, Path], model: str
) -> None:
    _, _, incremental_db, full_db = incremental_and_full
    schema = "staging" if model in FILE_INCREMENTAL_MODELS else "intermediate"
    rows_incremental, rows_full, only_incremental, only_full = _differences(
        incremental_db, full_db, schema, model
    )
    assert rows_full > 0
    assert (rows_incremental, only_incremental, only_full) == (rows_full, 0, 0)


def test_restated_month_outside_the_lookback_is_rebuilt(
    incremental_and_full: tuple[Path, Path, Path, Path],
) -> None:
    """Month one was built before its late correction existed; the fingerprint found it."""
    _, _, incremental_db, _ = incremental_and_full
    con = duckdb.connect(str(incremental_db), read_only=True)
    corrections = con.execute(
        """
        select count(*)
        from intermediate.int_gl_lines_converted_to_reporting_currency
        where fiscal_month = date '2025-01-01' and posting_date >= date '2025-03-01'
        """
    ).fetchall()[0][0]
    con.close()
    assert corrections > 0


def test_months_whose_inputs_did_not_change_are_left_alone(
    incremental_and_full: tuple[Path, Path, Path, Path],
) -> None:
    """An unchanged month outside the lookback is not rebuilt; the lookback month is."""
    work, landed, incremental_db, _ = incremental_and_full
    marker = "left as built"
    con = duckdb.connect(str(incremental_db))
    for month in ("2025-01-01", "2025-03-01"):
        con.execute(
            "update intermediate.int_solution_costs_allocated_to_consumers set allocation_rule_path = ? "
            "where fiscal_month = ?",
            [marker, month],
        )
        con.execute(
            "update intermediate.int_gl_lines_converted_to_reporting_currency set line_description = ? "
            "where fiscal_month = ?",
            [marker, month],
        )
    con.close()

    _dbt(["run", *SELECTION, *NO_LOOKBACK], landed, incremental_db, work)

    con = duckdb.connect(str(incremental_db), read_only=True)
    marked = dict(
        con.execute(
            """
            select cast(fiscal_month as varchar), count(*)
            from (
                select fiscal_month from intermediate.int_solution_costs_allocated_to_consumers
                where allocation_rule_path = ?
                union all
                select fiscal_month from intermediate.int_gl_lines_converted_to_reporting_currency
                where line_description = ?
            ) as marked_rows
            group by fiscal_month
            """,
            [marker, marker],
        ).fetchall()
    )
    con.close()
    assert "2025-03-01" not in marked, "the latest month (the lookback) must be rebuilt"
    assert marked.get("2025-01-01", 0) > 0, "an unchanged month outside the lookback must be left alone"


def test_bill_files_are_read_once_unless_they_change(
    incremental_and_full: tuple[Path, Path, Path, Path],
) -> None:
    """A landed bill file is not parsed again; one rewritten in place is, and only it."""
    work, landed, incremental_db, _ = incremental_and_full
    marker = "left as loaded"
    con = duckdb.connect(str(incremental_db))
    files = [row[0] for row in con.execute(
        "select distinct source_file from staging.base_focus__charges order by source_file limit 2"
    ).fetchall()]
    assert len(files) == 2
    con.execute("update staging.base_focus__charges set charge_description = ?", [marker])
    con.close()
    rewritten = landed / files[0]
    stat = rewritten.stat()
    os.utime(rewritten, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    _dbt(["run", *SELECTION, *NO_LOOKBACK], landed, incremental_db, work)

    con = duckdb.connect(str(incremental_db), read_only=True)
    marked = dict(con.execute(
        "select source_file, bool_and(charge_description = ?) from staging.base_focus__charges "
        "where source_file in (?, ?) group by source_file",
        [marker, *files],
    ).fetchall())
    con.close()
    assert marked == {files[0]: False, files[1]: True}


def test_rows_of_a_removed_bill_file_are_deleted(
    incremental_and_full: tuple[Path, Path, Path, Path],
) -> None:
    """A file withdrawn from the raw folder takes its rows with it, as in a full build."""
    work, landed, incremental_db, _ = incremental_and_full
    con = duckdb.connect(str(incremental_db), read_only=True)
    removed, rows_before = con.execute(
        "select source_file, count(*) from staging.base_azure__cost_details "
        "group by source_file order by source_file limit 1"
    ).fetchall()[0]
    con.close()
    assert rows_before > 0
    (landed / removed).unlink()

    _dbt(["run", *SELECTION, *NO_LOOKBACK], landed, incremental_db, work)

    con = duckdb.connect(str(incremental_db), read_only=True)
    left = con.execute(
        "select count(*) from staging.base_azure__cost_details where source_file = ?", [removed]
    ).fetchall()[0][0]
    con.close()
    assert left == 0
