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
from dashboard.data import t  # noqa: E402

LANG_KEY = "btim_lang"


def _lang() -> str:
    """The language the reader picked in the sidebar (default: $BTIM_LANG, else English)."""
    return str(st.session_state.get(LANG_KEY, "en"))


def _language_picker() -> str:
    try:
        default = data.default_language()
    except ValueError as error:
        st.sidebar.warning(str(error))
        default = "en"
    languages = list(data.LANGUAGE_NAMES)
    return st.sidebar.selectbox(
        f"{t('dash_language', 'en')} / {t('dash_language', 'zh')}", languages, index=languages.index(default),
        format_func=data.LANGUAGE_NAMES.get, key=LANG_KEY,
    )


def _chart(kind: str, frame: pd.DataFrame, x: str, y: str, color: str | None = None, **options: object) -> None:
    """A Streamlit chart whose axis and legend titles are the columns' labels in the reader's language."""
    lang = _lang()
    label = {column: t(column, lang) for column in (x, y, color) if column}
    getattr(st, kind)(data.labelled(frame[list(label)], lang), x=label[x], y=label[y],
                      color=label[color] if color else None, **options)


def _caption(pub: data.Published, month: object) -> None:
    st.caption(t("dash_caption", _lang(), month=f"{month:%Y-%m}", release=pub.release_id))


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
        t("dash_fiscal_month", _lang()), months, index=months.index(default), format_func=lambda m: m.strftime("%Y-%m")
    )


def _headlines(figures: dict[str, str]) -> None:
    columns = st.columns(len(figures))
    for column, (label, value) in zip(columns, figures.items()):
        column.metric(label, value)


def finance_page() -> None:
    pub = _published()
    lang = _lang()
    month = _month_picker(pub)
    st.title(t("dash_finance_title", lang))
    _caption(pub, month)
    _headlines(data.finance_headlines(pub, month, lang))

    pools = data.localise(pub, data.with_month_label(pub.table("finance.fct_cost_pool_monthly")), lang)
    st.subheader(t("dash_cost_by_pool", lang))
    _chart("bar_chart", pools, x="month", y="amount_reporting", color="cost_pool_name", height=320)

    left, right = st.columns(2)
    with left:
        st.subheader(t("dash_capex_opex", lang))
        bases = pub.table("finance.fct_capex_opex_monthly").melt(
            id_vars="fiscal_month", value_vars=["total_cash_basis", "total_depreciation_basis"],
            var_name="basis", value_name="amount",
        )
        bases["basis"] = bases["basis"].map(lambda key: t(key, lang))
        _chart("line_chart", bases, x="fiscal_month", y="amount", color="basis", height=280)
    with right:
        st.subheader(t("dash_rgt", lang))
        rgt = data.with_month_label(pub.table("finance.fct_run_grow_transform_monthly"))
        rgt["run_grow_transform"] = rgt["run_grow_transform"].map(lambda key: t(f"rgt_{key}", lang))
        _chart("bar_chart", rgt, x="month", y="amount_reporting", color="run_grow_transform", height=280)

    left, right = st.columns(2)
    with left:
        st.subheader(t("dash_budget_actual_forecast", lang))
        budget = pub.table("finance.fct_budget_vs_actual_monthly")
        totals = budget.groupby("fiscal_month")[["actual_amount", "budget_amount", "forecast_amount"]].sum(
            min_count=1
        ).reset_index().melt(id_vars="fiscal_month", var_name="series", value_name="amount")
        totals["series"] = totals["series"].map(lambda key: t(key, lang))
        _chart("line_chart", totals, x="fiscal_month", y="amount", color="series", height=280)
    with right:
        st.subheader(t("dash_transparency_trend", lang))
        kpis = pub.table("finance.fct_it_spend_kpis_monthly")
        _chart("line_chart", kpis, x="fiscal_month", y="transparency_ratio", height=280)


def technology_page() -> None:
    pub = _published()
    lang = _lang()
    month = _month_picker(pub)
    st.title(t("dash_technology_title", lang))
    _caption(pub, month)
    _headlines(data.technology_headlines(pub, month, lang))

    towers = pub.table("technology.fct_tower_cost_monthly")
    month_towers = data.localise(pub, towers[towers["fiscal_month"] == month], lang)
    st.subheader(t("dash_tower_subtower", lang))
    _chart("bar_chart", month_towers, x="tower_name", y="amount_reporting", color="sub_tower_name", horizontal=True,
                 height=420)

    left, right = st.columns(2)
    with left:
        st.subheader(t("dash_unit_vs_benchmark", lang))
        units = pub.table("technology.fct_unit_costs_monthly")
        month_units = units[units["fiscal_month"] == month].assign(
            index_to_benchmark=lambda frame: frame["unit_cost"] / frame["benchmark_unit_cost"]
        )
        _chart("bar_chart", month_units, x="unit_cost_name", y="index_to_benchmark", horizontal=True, height=300)
        flagged = ", ".join(month_units.loc[month_units["is_above_benchmark"], "unit_cost_name"])
        st.caption(t("dash_benchmark_caption", lang, flagged=flagged or t("dash_none", lang)))
    with right:
        st.subheader(t("dash_capacity", lang))
        capacity = pub.table("technology.fct_capacity_utilisation_monthly")
        _chart("bar_chart", capacity[capacity["fiscal_month"] == month], x="resource_pool_name", y="utilisation",
               height=300)

    st.subheader(t("dash_duplicates", lang))
    duplicates = pub.table("technology.fct_duplicate_capabilities")
    st.dataframe(data.labelled(duplicates[duplicates["group_asset_count"] > 1][
        ["capability_name", "asset_id", "entity_id", "asset_description", "in_service_date", "is_duplicate",
         "acquisition_cost", "currency_code", "depreciation_latest_month"]
    ], lang), hide_index=True)


def consumer_page() -> None:
    pub = _published()
    lang = _lang()
    month = _month_picker(pub)
    st.title(t("dash_consumer_title", lang))
    _caption(pub, month)
    _headlines(data.consumer_headlines(pub, month, lang))

    bills = pub.table("consumer.fct_consumer_bill_lines_monthly")
    month_bills = data.localise(pub, bills[bills["fiscal_month"] == month], lang)
    st.subheader(t("dash_bill_by_bu", lang))
    _chart("bar_chart", month_bills, x="consumer_name", y="showback_amount", color="solution_name", horizontal=True,
           height=320)
    consumer = st.selectbox(t("dash_bill_of", lang), sorted(month_bills["consumer_name"].unique()))
    st.dataframe(
        data.labelled(month_bills[month_bills["consumer_name"] == consumer][
            ["solution_name", "unit_name", "unit_quantity", "rate_per_unit", "rate_source", "showback_amount",
             "chargeback_amount", "recovery_difference"]
        ].sort_values("showback_amount", ascending=False), lang),
        hide_index=True,
    )

    left, right = st.columns(2)
    with left:
        st.subheader(t("dash_erp_money", lang))
        tco = pub.table("consumer.fct_solution_tco_monthly")
        erp = data.localise(pub, tco[(tco["fiscal_month"] == month) & (tco["application_family"] == "ERP")], lang)
        _chart("bar_chart", erp, x="solution_name", y="amount_reporting", color="tower_name", height=300)
    with right:
        st.subheader(t("dash_ai_by_bu", lang))
        ai = pub.table("consumer.fct_ai_spend_monthly")
        _chart("bar_chart", data.localise(pub, ai[ai["fiscal_month"] == month], lang), x="consumer_name",
               y="amount_reporting", color="solution_name", height=300)

    st.subheader(t("dash_return", lang))
    returns = data.localise(pub, pub.table("consumer.fct_business_unit_return_monthly"), lang)
    _chart("scatter_chart", returns.dropna(subset=["revenue"]), x="it_spend", y="revenue", color="consumer_name",
           height=300)
    st.caption(t("dash_return_caption", lang))


def trace_page() -> None:
    pub = _published()
    lang = _lang()
    month = _month_picker(pub)
    st.title(t("dash_trace_title", lang))
    _caption(pub, month)
    costs = pub.table("consumer.fct_consumer_cost_monthly")
    month_costs = costs[(costs["fiscal_month"] == month) & (costs["consumer_id"] != "unallocated")]
    default_consumer, default_solution = data.largest_bill_line(pub, month)
    consumers = sorted(month_costs["consumer_id"].unique())
    consumer_id = st.selectbox(t("dash_consumer", lang), consumers, index=consumers.index(default_consumer))
    solutions = sorted(month_costs.loc[month_costs["consumer_id"] == consumer_id, "solution_id"].unique())
    solution_id = st.selectbox(
        t("dash_solution", lang), solutions,
        index=solutions.index(default_solution) if default_solution in solutions else 0,
    )
    traced = data.trace(pub, month, consumer_id, solution_id)
    _headlines({
        t("dash_traced_amount", lang): data.money(traced.amount),
        t("dash_allocation_rows", lang): str(len(traced.allocation_rows)),
        t("dash_source_gl_lines", lang): str(len(traced.gl_lines)),
    })
    st.subheader(t("dash_through_layers", lang))
    by_path = traced.allocation_rows.groupby(
        ["sub_pool_id", "cost_center_code", "sub_tower_id"], dropna=False
    )["amount_reporting"].sum().reset_index()
    _chart("bar_chart", by_path, x="sub_tower_id", y="amount_reporting", color="sub_pool_id", horizontal=True,
           height=300)
    st.dataframe(data.labelled(data.localise(pub, traced.allocation_rows, lang), lang), hide_index=True)
    st.subheader(t("dash_gl_lines", lang))
    st.caption(t("dash_gl_caption", lang))
    st.dataframe(
        data.labelled(traced.gl_lines.sort_values("amount_reporting", ascending=False), lang)
        if len(traced.gl_lines) else pd.DataFrame(),
        hide_index=True,
    )


def main() -> None:
    st.set_page_config(page_title="BTIM Warehouse", layout="wide")
    lang = _language_picker()
    pages = [
        st.Page(finance_page, title=t("dash_nav_finance", lang), default=True),
        st.Page(technology_page, title=t("dash_nav_technology", lang), url_path="technology"),
        st.Page(consumer_page, title=t("dash_nav_consumer", lang), url_path="consumer"),
        st.Page(trace_page, title=t("dash_nav_trace", lang), url_path="trace"),
    ]
    st.navigation(pages).run()


main()
