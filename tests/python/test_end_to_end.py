"""End to end: a small sample enterprise through `dbt build` into the three views.

`dbt build` itself runs every dbt data test and unit test (conservation, rows read = staged +
quarantined, keys, relationships, allocation arithmetic); the fixture fails if any fails. The
tests here check what the build leaves behind, from the outside.
"""

from __future__ import annotations

import re
from decimal import Decimal

from scripts import summary


def test_build_ran_data_and_unit_tests(built_warehouse):
    output = built_warehouse.build_output
    match = re.search(r"Done\. PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", output)
    assert match, output[-2000:]
    passed, _warn, errors, skipped = map(int, match.groups())
    assert errors == 0 and skipped == 0
    assert passed > 100
    assert "towers_split_by_fixed_weights_exactly_to_the_cent" in output
    assert "assert_allocation_reconciliation_difference_is_zero" in output


def test_marts_land_in_named_schemas(built_warehouse):
    with built_warehouse.connect() as con:
        tables = set(
            con.execute(
                "select table_schema || '.' || table_name from information_schema.tables"
            ).fetchall()
        )
    names = {row[0] for row in tables}
    for expected in [
        "finance.fct_cost_pool_monthly",
        "finance.fct_allocation_reconciliation",
        "technology.fct_tower_cost_monthly",
        "consumer.fct_consumer_cost_monthly",
        "core.dim_periods",
        "core.dim_cost_pools",
        "core.dim_towers",
        "core.dim_solutions",
        "core.dim_consumers",
    ]:
        assert expected in names


def test_conservation_to_the_cent_in_every_month_and_layer(built_warehouse):
    with built_warehouse.connect() as con:
        rows = con.execute(
            "select fiscal_month, layer, amount_in, amount_allocated, amount_unallocated, difference "
            "from finance.fct_allocation_reconciliation"
        ).fetchall()
        layers = {row[0] for row in con.execute("select distinct layer from finance.fct_allocation_reconciliation").fetchall()}
    assert layers == {"cost_pool", "tower", "solution", "consumer"}
    assert len(rows) == 4 * 4  # four months, four layers
    for month, layer, amount_in, allocated, unallocated, difference in rows:
        assert difference == Decimal("0.00"), (month, layer)
        assert amount_in == allocated + unallocated, (month, layer)
        assert amount_in > 0, (month, layer)


def test_gl_spend_is_all_accounted_for(built_warehouse):
    """Every in-scope GL cent is in the cost-pool mart; opex equals what the layers allocate."""
    with built_warehouse.connect() as con:
        ledger_total = con.execute(
            "select sum(amount_reporting) from intermediate.int_gl_lines_mapped_to_cost_pools "
            "where ledger_status in ('mapped', 'unmapped')"
        ).fetchone()[0]
        mart_total = con.execute("select sum(amount_reporting) from finance.fct_cost_pool_monthly").fetchone()[0]
        unmapped = con.execute(
            "select sum(amount_reporting) from finance.fct_cost_pool_monthly where sub_pool_id = 'unallocated'"
        ).fetchone()[0]
    assert ledger_total == mart_total
    assert unmapped > 0  # the sample posts to an unmapped account on purpose


def test_nothing_lost_between_files_and_staging(built_warehouse):
    with built_warehouse.connect() as con:
        counts = con.execute(
            "select source_name, sum(rows_read), sum(rows_staged), sum(rows_quarantined) "
            "from intermediate.int_source_file_row_counts group by 1"
        ).fetchall()
        quarantined_gl = con.execute(
            "select count(*) from intermediate.int_source_rows_quarantined "
            "where source_name in ('sap_s4hana.acdoca', 'netsuite.gl_detail') and quarantine_stage = 'staging'"
        ).fetchone()[0]
    assert {row[0] for row in counts} >= {"sap_s4hana.acdoca", "netsuite.gl_detail", "reference.fx_rates"}
    for name, read, staged, quarantined in counts:
        assert read == staged + quarantined, name
    assert quarantined_gl > 0  # the sample holds a few malformed lines on purpose


def test_every_row_of_a_raw_file_is_read(built_warehouse):
    """Rows read by the sources equal the data lines in the files (nothing skipped by the reader)."""
    raw = built_warehouse.raw_path
    with built_warehouse.connect() as con:
        read = dict(
            con.execute(
                "select source_file, rows_read from intermediate.int_source_file_row_counts"
            ).fetchall()
        )
    files = sorted((raw / "erp").rglob("*.csv")) + sorted((raw / "reference").glob("*.csv"))
    assert files
    for path in files:
        with path.open(encoding="utf-8-sig") as handle:
            data_lines = sum(1 for line in handle if line.strip()) - 1
        assert read[str(path.relative_to(raw))] == data_lines, path


def test_summary_reports_the_latest_closed_month(built_warehouse):
    with built_warehouse.connect() as con:
        result = summary.build_summary(con)
    assert result.fiscal_month == "2025-03"  # four months generated; the last one is open
    assert result.total_it_spend == result.opex + result.capex
    assert sum(amount for _, amount in result.by_cost_pool) == result.total_it_spend
    assert result.top_towers and result.top_consumers
    assert Decimal("0.5") < result.transparency_ratio <= Decimal("1")
    assert result.max_abs_difference == 0
    text = summary.format_summary(result)
    assert "Transparency ratio" in text and "2025-03" in text
