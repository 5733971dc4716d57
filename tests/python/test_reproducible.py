"""Repeatable: a second build over the same exports gives identical marts, to the byte.

The second build reads a copy of the exports from another folder (so nothing may depend on
where the raw files sit) with two export files delivered a second time under another name (so
a re-sent file must change nothing). Every table of every mart schema is compared by an
order-independent checksum of its rows.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.python.conftest import dbt_env, run_dbt

pytestmark = pytest.mark.slow

MART_SCHEMAS = ("finance", "technology", "consumer", "core")
RESENT = {
    "erp/sap_acdoca/ACDOCA_1000_2025.csv": "erp/sap_acdoca/ACDOCA_1000_2025_resent.csv",
    "erp/netsuite_gl/netsuite_gl_202502.csv": "erp/netsuite_gl/netsuite_gl_202502_resent.csv",
}


def table_checksums(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] = MART_SCHEMAS) -> dict[str, tuple[int, str]]:
    """'schema.table' -> (row count, md5 of its rows as text, sorted): equal iff the rows are equal."""
    placeholders = ", ".join("?" for _ in schemas)
    tables = con.execute(
        f"select table_schema, table_name from information_schema.tables "
        f"where table_schema in ({placeholders}) and table_type = 'BASE TABLE' order by 1, 2",
        list(schemas),
    ).fetchall()
    checksums: dict[str, tuple[int, str]] = {}
    for schema, table in tables:
        count, digest = con.execute(
            f'select count(*), md5(coalesce(string_agg(row_text, chr(10) order by row_text), \'\')) '
            f'from (select cast(rows_ as varchar) as row_text from "{schema}"."{table}" as rows_)'
        ).fetchone()
        checksums[f"{schema}.{table}"] = (count, digest)
    return checksums


def test_checksum_sees_a_changed_cent_and_ignores_row_order():
    con = duckdb.connect()
    con.execute("create schema finance")
    con.execute("create table finance.t as select * from (values (1, 10.00), (2, 20.00)) as v(id, amount)")
    before = table_checksums(con)
    con.execute("create or replace table finance.t as select * from (values (2, 20.00), (1, 10.00)) as v(id, amount)")
    assert table_checksums(con) == before
    con.execute("update finance.t set amount = 20.01 where id = 2")
    assert table_checksums(con) != before


def test_a_second_build_with_resent_files_gives_identical_marts(built_warehouse, tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("rebuild")
    raw, db = work_dir / "exports_elsewhere", work_dir / "warehouse.duckdb"
    shutil.copytree(built_warehouse.raw_path, raw)
    for original, resent in RESENT.items():
        shutil.copyfile(raw / original, raw / resent)
    result = run_dbt(["build"], dbt_env(raw, db), work_dir)
    assert result.returncode == 0, (result.stdout + result.stderr)[-8000:]

    with built_warehouse.connect() as con:
        first = table_checksums(con)
    with duckdb.connect(str(db), read_only=True) as con:
        second = table_checksums(con)
        resent_rows = con.execute(
            "select source_file, rows_read, rows_staged, rows_quarantined "
            "from intermediate.int_source_file_row_counts where source_file in (?, ?)",
            list(RESENT.values()),
        ).fetchall()
        duplicates = con.execute(
            "select count(*) from intermediate.int_source_rows_quarantined "
            "where source_file in (?, ?) and quarantine_reason like 'duplicate of %'",
            list(RESENT.values()),
        ).fetchone()[0]
    assert len(first) >= 9
    differing = sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))
    assert differing == [], f"marts that differ between two builds: {differing}"
    # The re-sent files were read in full and none of their lines was staged: each is a
    # duplicate, or (a copy of a malformed line) quarantined for the same reason as its original.
    assert {row[0] for row in resent_rows} == set(RESENT.values())
    assert all(read > 0 and staged == 0 and quarantined == read for _file, read, staged, quarantined in resent_rows)
    assert duplicates >= sum(read for _file, read, _staged, _quarantined in resent_rows) - 10


def test_checksums_cover_every_mart_schema(built_warehouse):
    with built_warehouse.connect() as con:
        checksums = table_checksums(con)
    assert {name.split(".")[0] for name in checksums} == set(MART_SCHEMAS)
    assert checksums["finance.fct_cost_pool_monthly"][0] > 0
