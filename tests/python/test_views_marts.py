"""The finance, technology and consumer views answer their questions on the sample enterprise.

Each test recomputes a figure independently (from the raw exports or another mart) and
compares it with the view, so a wrong join, a lost cent or a broken flag fails.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

import pytest

pytestmark = pytest.mark.slow


def rows(con, sql: str, params: list | None = None) -> list[tuple]:  # noqa: ANN001
    return con.execute(sql, params or []).fetchall()


def test_run_grow_transform_splits_the_cost_model_input_to_the_cent(built_warehouse) -> None:  # noqa: ANN001
    with built_warehouse.connect() as con:
        gaps = rows(con, """
            select recon.fiscal_month, recon.amount_in, sum(rgt.amount_reporting)
            from finance.fct_allocation_reconciliation as recon
            left join finance.fct_run_grow_transform_monthly as rgt on recon.fiscal_month = rgt.fiscal_month
            where recon.layer = 'cost_pool'
            group by 1, 2 having recon.amount_in <> coalesce(sum(rgt.amount_reporting), 0)""")
        categories = {r[0] for r in rows(con, "select distinct run_grow_transform from finance.fct_run_grow_transform_monthly")}
    assert gaps == []
    assert categories == {"run", "grow", "transform"}


def test_solution_tco_adds_up_to_the_solution_layer(built_warehouse) -> None:  # noqa: ANN001
    with built_warehouse.connect() as con:
        gaps = rows(con, """
            select recon.fiscal_month from finance.fct_allocation_reconciliation as recon
            left join (select fiscal_month, sum(amount_reporting) as amount from consumer.fct_solution_tco_monthly
                       group by 1) as tco on recon.fiscal_month = tco.fiscal_month
            where recon.layer = 'solution' and recon.amount_allocated <> coalesce(tco.amount, 0)""")
        erp = rows(con, """
            select solution_id, sum(amount_reporting) from consumer.fct_solution_tco_monthly
            where application_family = 'ERP' group by 1 order by 2 desc""")
    assert gaps == []
    assert [solution for solution, _ in erp][0] == "order_management"
    assert erp[0][1] > sum(amount for _, amount in erp[1:]), "order processing takes most of the ERP"


def test_bills_show_back_every_allocated_cent_and_charge_units_times_rate(built_warehouse) -> None:  # noqa: ANN001
    with built_warehouse.connect() as con:
        gaps = rows(con, """
            select recon.fiscal_month from finance.fct_allocation_reconciliation as recon
            left join (select fiscal_month, sum(showback_amount) as amount
                       from consumer.fct_consumer_bill_lines_monthly group by 1) as bills
                on recon.fiscal_month = bills.fiscal_month
            where recon.layer = 'consumer' and recon.amount_allocated <> coalesce(bills.amount, 0)""")
        lines = rows(con, """
            select unit_quantity, rate_per_unit, chargeback_amount, rate_source, solution_id
            from consumer.fct_consumer_bill_lines_monthly""")
        cost_based = rows(con, """
            select fiscal_month, solution_id, sum(showback_amount), sum(chargeback_amount), count(*)
            from consumer.fct_consumer_bill_lines_monthly where rate_source = 'cost_based' group by 1, 2""")
        seeded = {r[0] for r in rows(con, "select distinct solution_id from consumer.fct_consumer_bill_lines_monthly"
                                          " where rate_source = 'rates_seed'")}
    assert gaps == []
    for units, rate, charge, source, _ in lines:
        if source == "rates_seed":
            assert charge == (units * rate).quantize(Decimal("0.01"))
        else:  # the cost-based rate is shown rounded to 6 places, used unrounded
            assert abs(charge - units * rate) <= units * Decimal("0.0000005") + Decimal("0.005")
    for _, _, showback, chargeback, count in cost_based:
        assert abs(showback - chargeback) <= Decimal("0.005") * count, "cost-based rates recover the cost"
    assert seeded == {"service_desk", "collaboration"}


def test_straight_line_depreciation_matches_the_ledger(built_warehouse) -> None:  # noqa: ANN001
    with built_warehouse.connect() as con:
        months = rows(con, """
            select fiscal_month, depreciation_straight_line, depreciation_booked, total_cash_basis,
                   opex_excluding_depreciation + capex_cash, capex_cash
            from finance.fct_capex_opex_monthly""")
        capex = rows(con, "select sum(amount_reporting) from finance.fct_cost_pool_monthly where spend_type = 'capex'")
    assert months
    for _, straight_line, booked, cash_total, cash_parts, _ in months:
        assert straight_line == booked and straight_line > 0
        assert cash_total == cash_parts
    assert sum(m[5] for m in months) == capex[0][0]


def test_budget_vs_actual_reads_budgets_and_actuals(built_warehouse) -> None:  # noqa: ANN001
    with built_warehouse.connect() as con:
        actual_gap = rows(con, """
            select sum(actual_amount) - (select sum(amount_reporting) from finance.fct_cost_pool_monthly)
            from finance.fct_budget_vs_actual_monthly""")[0][0]
        budget = rows(con, "select sum(budget_amount) from finance.fct_budget_vs_actual_monthly")[0][0]
        second = rows(con, """
            select b.forecast_amount, a.actual_amount from finance.fct_budget_vs_actual_monthly as a
            inner join finance.fct_budget_vs_actual_monthly as b
                on a.sub_pool_id = b.sub_pool_id and b.fiscal_month = a.fiscal_month + interval 1 month
            where a.fiscal_month = (select min(fiscal_month) from core.dim_periods)
              and a.sub_pool_id = 'staffing__internal_labor'""")
    # The raw budget file at the raw average rates, rounded per line: every budgeted account of
    # the sample is an IT account, so all of it must reach the view.
    reference = built_warehouse.raw_path / "reference"
    with open(reference / "fx_rates.csv", newline="", encoding="utf-8-sig") as handle:
        rates = {(r["rate_month"], r["from_currency"]): Decimal(r["average_rate"]) for r in csv.DictReader(handle)}
    with open(reference / "budgets.csv", newline="", encoding="utf-8-sig") as handle:
        expected_budget = sum(
            (Decimal(r["amount"]) * rates[(r["budget_month"], r["currency_code"])]).quantize(Decimal("0.01"))
            for r in csv.DictReader(handle)
        )
    assert actual_gap == 0
    assert budget == expected_budget
    assert second and second[0][0] == second[0][1], "one-step run rate after one month = that month's actual"


def test_it_spend_per_employee_and_revenue_share_from_the_raw_exports(built_warehouse) -> None:  # noqa: ANN001
    reference = built_warehouse.raw_path / "reference"
    heads: dict[str, int] = defaultdict(int)
    with open(reference / "hr_headcount.csv", newline="", encoding="utf-8-sig") as handle:
        for r in csv.DictReader(handle):
            heads[r["headcount_month"]] += int(r["headcount"])
    revenue: dict[str, Decimal] = defaultdict(Decimal)
    with open(reference / "business_kpis.csv", newline="", encoding="utf-8-sig") as handle:
        for r in csv.DictReader(handle):
            if r["kpi_name"] == "revenue":
                revenue[r["kpi_month"]] += Decimal(r["kpi_value"])
    with built_warehouse.connect() as con:
        kpis = rows(con, """select cast(fiscal_month as varchar), it_opex, employee_headcount, it_opex_per_employee,
                                   revenue, transparency_ratio, cloud_share_of_it_opex
                            from finance.fct_it_spend_kpis_monthly""")
    assert kpis
    for month, opex, employees, per_employee, month_revenue, transparency, cloud in kpis:
        assert employees == heads[month]
        assert per_employee == (opex / employees).quantize(Decimal("0.01"))
        assert abs(month_revenue - revenue[month]) < Decimal("0.01")
        assert Decimal("0.9") < transparency <= 1 and 0 < cloud < 1


def test_technology_view_finds_the_idle_gpus_and_the_second_backup_array(built_warehouse) -> None:  # noqa: ANN001
    with built_warehouse.connect() as con:
        gpu = rows(con, """select utilisation, is_underutilised, idle_cost, sub_tower_cost
                           from technology.fct_capacity_utilisation_monthly where resource_pool_id = 'GPU-CLUSTER-01'""")
        duplicates = rows(con, """select capability_id, asset_description from technology.fct_duplicate_capabilities
                                  where is_duplicate""")
        units = rows(con, """select unit_cost, benchmark_unit_cost, is_above_benchmark, cost_amount, unit_quantity
                             from technology.fct_unit_costs_monthly""")
    assert gpu and all(u < Decimal("0.3") and flagged for u, flagged, _, _ in gpu)
    for u, _, idle, cost in gpu:
        assert abs(idle - cost * (1 - u)) <= cost * Decimal("0.0001") + Decimal("0.01")
    assert duplicates == [("backup_storage", "Pure Storage FlashArray//C backup storage array")]
    assert units
    for unit_cost, benchmark, flagged, cost, quantity in units:
        assert unit_cost == (cost / quantity).quantize(Decimal("0.0001"))
        assert flagged == (cost / quantity / benchmark - 1 > Decimal("0.2"))


def test_ai_spend_is_the_ai_solutions_of_the_consumer_mart(built_warehouse) -> None:  # noqa: ANN001
    with built_warehouse.connect() as con:
        ai = rows(con, "select sum(amount_reporting) from consumer.fct_ai_spend_monthly")[0][0]
        expected = rows(con, """select sum(costs.amount_reporting)
                                from consumer.fct_consumer_cost_monthly as costs
                                inner join core.dim_solutions as solutions on costs.solution_id = solutions.solution_id
                                where costs.is_ai_enabled
                                    or solutions.solution_type_id = 'artificial_intelligence'""")[0][0]
        by_tag = rows(con, """select sum(amount_reporting) from consumer.fct_ai_spend_monthly
                              where ai_classification_basis = 'ai_enabled_tag'""")[0][0]
    assert ai == expected and ai > 0
    assert by_tag > 0  # the sample tags its AI solutions "AI Enabled = Yes"


def test_unused_commitments_are_the_bills_unused_status(built_warehouse) -> None:  # noqa: ANN001
    """Idle commitment spend equals the Unused rows of the cloud bills, and utilisation adds up."""
    with built_warehouse.connect() as con:
        mart = rows(con, """select sum(amount_unused_reporting), sum(amount_used_reporting),
                                   count(*) filter (where is_partly_unused)
                            from technology.fct_unused_commitments_monthly""")[0]
        bills = rows(con, """select sum(x_effective_cost_reporting) from intermediate.int_cloud_charges
                             where commitment_discount_status = 'Unused' and x_conversion_issue is null""")[0][0]
        ratios = rows(con, """select amount_used_reporting, amount_unused_reporting, utilisation_ratio
                              from technology.fct_unused_commitments_monthly""")
    unused, used, partly_unused = mart
    assert unused == round(bills, 2) and unused > 0 and used > 0 and partly_unused > 0
    for used_amount, unused_amount, ratio in ratios:
        if used_amount + unused_amount:
            assert abs(ratio - used_amount / (used_amount + unused_amount)) < Decimal("0.0001")
