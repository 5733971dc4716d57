"""The intelligence steps on the warehouse built from the small sample (conftest)."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from btim_intel import demo_steps
from scripts import link_reports, suggest_mappings

pytestmark = pytest.mark.slow


def test_carbon_footprint_is_built_and_reaches_consumers(built_warehouse) -> None:
    con = built_warehouse.connect()
    try:
        rows = con.execute("""
            select emission_source, count(*), sum(total_kgco2e),
                sum(case when consumer_id <> 'unallocated' then total_kgco2e else 0 end)
            from technology.fct_carbon_footprint_monthly group by 1""").fetchall()
        sites = con.execute("select sum(operational_kgco2e) from intermediate.int_data_center_power_estimated").fetchone()[0]
    finally:
        con.close()
    by_source = {source: (count, total, reached) for source, count, total, reached in rows}
    count, total, reached = by_source["on_premises"]
    assert count > 10 and total > 0
    assert total == pytest.approx(sites, rel=1e-9)
    assert reached / total > 0.9


def test_mapping_and_report_steps_write_their_marts(built_warehouse, tmp_path, capsys) -> None:
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse.db_path, db)
    assert suggest_mappings.main(["--db", str(db)]) == 0
    assert link_reports.main(["--db", str(db), "--raw", str(built_warehouse.raw_path)]) == 0
    printed = capsys.readouterr().out
    assert "vendor lookup" in printed and "exact-name baseline" in printed
    con = duckdb.connect(str(db), read_only=True)
    try:
        unmapped = con.execute("select count(*) from intermediate.int_gl_lines_mapped_to_cost_pools "
                               "where ledger_status = 'unmapped'").fetchone()[0]
        assert con.execute("select count(*) from finance.fct_gl_mapping_suggestions").fetchone()[0] == unmapped
        assert con.execute("select count(*) from finance.fct_gl_mapping_suggestion_quality").fetchone()[0] == 6
        links = con.execute("select count(*), count(distinct review_file) from consumer.fct_business_report_links").fetchone()
        assert links[0] > 0 and links[1] == 5  # one full quarter, five business units
        assert con.execute("select count(*) from consumer.fct_solution_return_on_spend "
                           "where spend_amount > 0").fetchone()[0] > 0
    finally:
        con.close()


def test_quality_block_needs_the_steps_to_have_run(built_warehouse, tmp_path) -> None:
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(built_warehouse.db_path, db)
    with pytest.raises(Exception, match="fct_cost_forecast_backtest"):
        demo_steps.quality_block(str(db))
