"""BTIM dashboard: the finance, technology and consumer views and a trace page.

Run with `make dashboard`, or `streamlit run dashboard/app.py` after
`python -m scripts.publish_marts`. Reads only the published Parquet copies of the marts
($BTIM_PUBLISH_PATH, default data/published), never the live warehouse file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import data  # noqa: E402


def _published() -> data.Published:
    try:
        return data.Published.current()
    except data.NotPublishedError as error:
        st.error(str(error))
        st.stop()
        raise


def _month_picker(pub: data.Published) -> object:
    periods = pub.table("core.dim_periods")
    months = data.months_with_actuals(periods)
    default = data.default_month(periods)
    return st.sidebar.selectbox(
        "Fiscal month", months, index=months.index(default), format_func=lambda m: m.strftime("%Y-%m")
    )


def _headlines(figures: dict[str, str]) -> None:
    columns = st.columns(len(figures))
    for column, (label, value) in zip(columns, figures.items()):
        column.metric(label, value)


def finance_page() -> None:
    pub = _published()
    month = _month_picker(pub)
    st.title("Finance: what IT costs")
    st.caption(f"Month {month:%Y-%m} · release {pub.release_id} · amounts in USD")
    _headlines(data.finance_headlines(pub, month))

    pools = data.with_month_label(pub.table("finance.fct_cost_pool_monthly"))
    st.subheader("Cost by cost pool")
    st.bar_chart(pools, x="month", y="amount_reporting", color="cost_pool_name", height=320)

    left, right = st.columns(2)
    with left:
        st.subheader("CapEx vs OpEx: cash and depreciation bases")
        bases = pub.table("finance.fct_capex_opex_monthly").melt(
            id_vars="fiscal_month", value_vars=["total_cash_basis", "total_depreciation_basis"],
            var_name="basis", value_name="amount",
        )
        st.line_chart(bases, x="fiscal_month", y="amount", color="basis", height=280)
    with right:
        st.subheader("Run / Grow / Transform")
        rgt = data.with_month_label(pub.table("finance.fct_run_grow_transform_monthly"))
        st.bar_chart(rgt, x="month", y="amount_reporting", color="run_grow_transform", height=280)

    left, right = st.columns(2)
    with left:
        st.subheader("Budget vs actual vs forecast")
        budget = pub.table("finance.fct_budget_vs_actual_monthly")
        totals = budget.groupby("fiscal_month")[["actual_amount", "budget_amount", "forecast_amount"]].sum(
            min_count=1
        ).reset_index().melt(id_vars="fiscal_month", var_name="series", value_name="amount")
        st.line_chart(totals, x="fiscal_month", y="amount", color="series", height=280)
    with right:
        st.subheader("Transparency trend (allocation coverage)")
        kpis = pub.table("finance.fct_it_spend_kpis_monthly")
        st.line_chart(kpis, x="fiscal_month", y="transparency_ratio", height=280)


def technology_page() -> None:
    pub = _published()
    month = _month_picker(pub)
    st.title("Technology: towers, unit costs and waste")
    st.caption(f"Month {month:%Y-%m} · release {pub.release_id} · amounts in USD")
    _headlines(data.technology_headlines(pub, month))

    towers = pub.table("technology.fct_tower_cost_monthly")
    month_towers = towers[towers["fiscal_month"] == month]
    st.subheader("Cost by tower and sub-tower")
    st.bar_chart(month_towers, x="tower_name", y="amount_reporting", color="sub_tower_name", horizontal=True,
                 height=420)

    left, right = st.columns(2)
    with left:
        st.subheader("Unit cost against benchmark (illustrative benchmarks)")
        units = pub.table("technology.fct_unit_costs_monthly")
        month_units = units[units["fiscal_month"] == month].assign(
            index_to_benchmark=lambda frame: frame["unit_cost"] / frame["benchmark_unit_cost"]
        )
        st.bar_chart(month_units, x="unit_cost_name", y="index_to_benchmark", horizontal=True, height=300)
        st.caption("1.0 = at benchmark. Flagged above the tolerance: "
                   + (", ".join(month_units.loc[month_units["is_above_benchmark"], "unit_cost_name"]) or "none"))
    with right:
        st.subheader("Utilisation of capacity")
        capacity = pub.table("technology.fct_capacity_utilisation_monthly")
        st.bar_chart(capacity[capacity["fiscal_month"] == month], x="resource_pool_name", y="utilisation",
                     height=300)

    st.subheader("Same capability bought more than once")
    duplicates = pub.table("technology.fct_duplicate_capabilities")
    st.dataframe(duplicates[duplicates["group_asset_count"] > 1][
        ["capability_name", "asset_id", "entity_id", "asset_description", "in_service_date", "is_duplicate",
         "acquisition_cost", "currency_code", "depreciation_latest_month"]
    ], hide_index=True)


def consumer_page() -> None:
    pub = _published()
    month = _month_picker(pub)
    st.title("Consumers: bills, solution TCO and return")
    st.caption(f"Month {month:%Y-%m} · release {pub.release_id} · amounts in USD")
    _headlines(data.consumer_headlines(pub, month))

    bills = pub.table("consumer.fct_consumer_bill_lines_monthly")
    month_bills = bills[bills["fiscal_month"] == month]
    st.subheader("Monthly IT bill by business unit")
    st.bar_chart(month_bills, x="consumer_name", y="showback_amount", color="solution_name", horizontal=True,
                 height=320)
    consumer = st.selectbox("Bill of", sorted(month_bills["consumer_name"].unique()))
    st.dataframe(
        month_bills[month_bills["consumer_name"] == consumer][
            ["solution_name", "unit_name", "unit_quantity", "rate_per_unit", "rate_source", "showback_amount",
             "chargeback_amount", "recovery_difference"]
        ].sort_values("showback_amount", ascending=False),
        hide_index=True,
    )

    left, right = st.columns(2)
    with left:
        st.subheader("Where the ERP money goes")
        tco = pub.table("consumer.fct_solution_tco_monthly")
        erp = tco[(tco["fiscal_month"] == month) & (tco["application_family"] == "ERP")]
        st.bar_chart(erp, x="solution_name", y="amount_reporting", color="tower_name", height=300)
    with right:
        st.subheader("AI spend by business unit")
        ai = pub.table("consumer.fct_ai_spend_monthly")
        st.bar_chart(ai[ai["fiscal_month"] == month], x="consumer_name", y="amount_reporting",
                     color="solution_name", height=300)

    st.subheader("Return on technology spend")
    returns = pub.table("consumer.fct_business_unit_return_monthly")
    st.scatter_chart(returns.dropna(subset=["revenue"]), x="it_spend", y="revenue", color="consumer_name",
                     height=300)
    st.caption("Associations, not causal effects: see the model description of "
               "consumer.fct_business_unit_return_monthly for the method and caveats.")


def trace_page() -> None:
    pub = _published()
    month = _month_picker(pub)
    st.title("Trace a figure to its source lines")
    st.caption(f"Month {month:%Y-%m} · release {pub.release_id} · amounts in USD")
    costs = pub.table("consumer.fct_consumer_cost_monthly")
    month_costs = costs[(costs["fiscal_month"] == month) & (costs["consumer_id"] != "unallocated")]
    default_consumer, default_solution = data.largest_bill_line(pub, month)
    consumers = sorted(month_costs["consumer_id"].unique())
    consumer_id = st.selectbox("Consumer", consumers, index=consumers.index(default_consumer))
    solutions = sorted(month_costs.loc[month_costs["consumer_id"] == consumer_id, "solution_id"].unique())
    solution_id = st.selectbox(
        "Solution", solutions, index=solutions.index(default_solution) if default_solution in solutions else 0
    )
    traced = data.trace(pub, month, consumer_id, solution_id)
    _headlines({
        "Traced amount": data.money(traced.amount),
        "Allocation rows": str(len(traced.allocation_rows)),
        "Source GL lines": str(len(traced.gl_lines)),
    })
    st.subheader("1. Through the layers: sub-pool, cost centre, sub-tower, and the rule that moved it")
    by_path = traced.allocation_rows.groupby(
        ["sub_pool_id", "cost_center_code", "sub_tower_id"], dropna=False
    )["amount_reporting"].sum().reset_index()
    st.bar_chart(by_path, x="sub_tower_id", y="amount_reporting", color="sub_pool_id", horizontal=True, height=300)
    st.dataframe(traced.allocation_rows, hide_index=True)
    st.subheader("2. The GL lines of those sub-pools and cost centres in the month (file and line)")
    st.caption("The figure is a share of these lines, set by the rules above.")
    st.dataframe(
        traced.gl_lines.sort_values("amount_reporting", ascending=False) if len(traced.gl_lines) else pd.DataFrame(),
        hide_index=True,
    )


def main() -> None:
    st.set_page_config(page_title="BTIM Warehouse", layout="wide")
    pages = [
        st.Page(finance_page, title="Finance", default=True),
        st.Page(technology_page, title="Technology", url_path="technology"),
        st.Page(consumer_page, title="Consumer", url_path="consumer"),
        st.Page(trace_page, title="Trace", url_path="trace"),
    ]
    st.navigation(pages).run()


main()
