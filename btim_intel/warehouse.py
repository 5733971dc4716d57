"""Reading marts from the warehouse and writing the marts the intelligence scripts produce.

The scripts run after `dbt build`. They write their marts straight into the warehouse as plain
tables in the mart schemas (declared to dbt as sources in ``models/marts/_marts__sources.yml``),
replacing the whole table in one transaction so a reader never sees half a mart.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd

DEFAULT_DB = "data/warehouse.duckdb"


class WarehouseError(Exception):
    """The warehouse is missing, locked, or lacks a mart the capability needs."""


def default_db_path() -> str:
    return os.environ.get("BTIM_DB_PATH", DEFAULT_DB)


def connect(db_path: str | os.PathLike[str], *, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; a clear WarehouseError when it is missing or locked."""
    if not Path(db_path).exists():
        raise WarehouseError(f"no warehouse at {db_path}: build it first ('make demo' or 'dbt build')")
    try:
        return duckdb.connect(str(db_path), read_only=read_only)
    except duckdb.Error as error:
        raise WarehouseError(f"cannot open {db_path}: {error}") from error


def query(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] | None = None) -> pd.DataFrame:
    """Run a query and return a DataFrame; a missing table becomes a WarehouseError."""
    try:
        return con.execute(sql, list(params or [])).df()
    except duckdb.CatalogException as error:
        raise WarehouseError(f"the warehouse lacks a table this needs (run dbt build first): {error}") from error


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])


def write_table(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    table: str,
    columns: Sequence[tuple[str, str]],
    frame: pd.DataFrame,
) -> int:
    """Replace schema.table with the rows of frame, typed by columns [(name, sql type)].

    The frame must hold exactly the declared columns (extra or missing ones raise ValueError);
    values are cast to the declared types by DuckDB, so a mart always has the same contract.
    """
    names = [name for name, _ in columns]
    missing = [name for name in names if name not in frame.columns]
    extra = [name for name in frame.columns if name not in names]
    if missing or extra:
        raise ValueError(f"{schema}.{table}: missing columns {missing}, unexpected columns {extra}")
    ddl = ", ".join(f"{name} {sql_type}" for name, sql_type in columns)
    select = ", ".join(f"cast({name} as {sql_type}) as {name}" for name, sql_type in columns)
    staged = frame[names]
    con.register("intel_staged_frame", staged)
    try:
        con.execute("begin transaction")
        con.execute(f"create schema if not exists {schema}")
        con.execute(f"create or replace table {schema}.{table} ({ddl})")
        con.execute(f"insert into {schema}.{table} select {select} from intel_staged_frame")
        con.execute("commit")
    except duckdb.Error:
        con.execute("rollback")
        raise
    finally:
        con.unregister("intel_staged_frame")
    return len(staged)
