"""scripts/publish_marts.py: atomic Parquet releases of the marts, pruning, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from scripts.publish_marts import PublishError, current_release, main, publish


@pytest.fixture()
def small_warehouse(tmp_path: Path) -> Path:
    db = tmp_path / "wh.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("create schema finance; create schema core; create schema intermediate")
        con.execute("create table finance.fct_cost_pool_monthly as select 1 as id, 10.50::decimal(18,2) as amount")
        con.execute("create table core.dim_periods as select date '2025-01-01' as fiscal_month")
        con.execute("create table intermediate.int_secret as select 1 as x")
    return db


def test_publish_writes_a_release_and_points_current_at_it(small_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "published"
    release = publish(small_warehouse, out)
    assert current_release(out) == release.path.resolve()
    assert release.tables == {"core.dim_periods": 1, "finance.fct_cost_pool_monthly": 1}
    manifest = json.loads((release.path / "manifest.json").read_text())
    assert manifest["tables"]["finance.fct_cost_pool_monthly"] == 1
    amount = duckdb.sql(f"select amount from '{out / 'current' / 'finance.fct_cost_pool_monthly.parquet'}'").fetchall()
    assert str(amount[0][0]) == "10.50"
    assert not (release.path / "intermediate.int_secret.parquet").exists()


def test_new_release_replaces_current_and_old_ones_are_pruned(small_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "published"
    first = publish(small_warehouse, out, keep=2)
    second = publish(small_warehouse, out, keep=2)
    third = publish(small_warehouse, out, keep=2)
    assert current_release(out) == third.path.resolve()
    assert not first.path.exists() and second.path.exists()
    assert not list((out / "releases").glob(".*partial"))


def test_errors_are_clear_and_leave_no_partial_release(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "out")]) == 2
    assert "no warehouse at" in capsys.readouterr().err
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(PublishError, match="no tables"):
        publish(empty, tmp_path / "out2")
    assert not list((tmp_path / "out2" / "releases").iterdir())
    with pytest.raises(PublishError, match="nothing published"):
        current_release(tmp_path / "nowhere")
