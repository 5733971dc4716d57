"""Reading the published marts and the headline figures the dashboard pages show.

The dashboard never opens the DuckDB warehouse (a reader would lock a running build out): it
reads the Parquet copies that `python -m scripts.publish_marts` publishes after each build.
Everything here is plain Python over pandas, importable and tested without Streamlit.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from scripts import i18n


LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh": "简体中文"}

# Taxonomy name columns the marts carry, and the core dimension that publishes their Chinese
# names beside them as <column>_zh.
NAME_DIMENSIONS: dict[str, str] = {
    "cost_pool_name": "core.dim_cost_pools",
    "sub_pool_name": "core.dim_cost_pools",
    "domain_name": "core.dim_towers",
    "tower_name": "core.dim_towers",
    "sub_tower_name": "core.dim_towers",
    "solution_name": "core.dim_solutions",
    "solution_category_name": "core.dim_solutions",
    "solution_type_name": "core.dim_solutions",
    "consumer_name": "core.dim_consumers",
}


def default_language(environ: dict[str, str] | None = None) -> str:
    """The language the dashboard opens in: $BTIM_LANG ('en', the default, or 'zh')."""
    lang = (os.environ if environ is None else environ).get("BTIM_LANG", "en").strip().lower() or "en"
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"BTIM_LANG must be one of {', '.join(i18n.LANGUAGES)}, got {lang!r}")
    return lang


def t(key: str, lang: str, **values: object) -> str:
    """The dashboard text `key` in lang (seeds/reference/i18n_labels.csv)."""
    return i18n.label(key, lang, **values)


class NotPublishedError(Exception):
    """The publication folder has no current release (or lacks a table the page needs)."""


def publish_root() -> Path:
    """The publication folder: $BTIM_PUBLISH_PATH, else data/published."""
    return Path(os.environ.get("BTIM_PUBLISH_PATH", "data/published"))


@dataclass(frozen=True)
class Published:
    """One release of published marts."""

    path: Path

    @classmethod
    def current(cls, root: Path | None = None) -> Published:
        link = (root or publish_root()) / "current"
        if not link.exists():
            raise NotPublishedError(
                f"No published marts in {link.parent}. Build the warehouse, then run "
                "`python -m scripts.publish_marts` (make dashboard does both)."
            )
        return cls(link.resolve())

    @property
    def release_id(self) -> str:
        return self.path.name

    def manifest(self) -> dict[str, object]:
        return json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))

    def has(self, table: str) -> bool:
        return (self.path / f"{table}.parquet").is_file()

    def table(self, table: str) -> pd.DataFrame:
        """The published table `schema.name` as a DataFrame (decimals as floats)."""
        path = self.path / f"{table}.parquet"
        if not path.is_file():
            raise NotPublishedError(f"{table} is not in release {self.release_id}")
        frame = pd.read_parquet(path)
        for column in frame.select_dtypes(include="object").columns:
            values = frame[column].dropna()
            if len(values) and isinstance(values.iloc[0], Decimal):
                frame[column] = frame[column].astype(float)
        return frame


def name_translations(pub: Published, column: str) -> dict[str, str]:
    """English -> Chinese names of one taxonomy name column, from its published core dimension."""
    dimension = NAME_DIMENSIONS[column]
    if not pub.has(dimension):
        return {}
    dim = pub.table(dimension)
    if f"{column}_zh" not in dim.columns:
        return {}
    pairs = dim[[column, f"{column}_zh"]].dropna().drop_duplicates(subset=column)
    return dict(zip(pairs[column], pairs[f"{column}_zh"]))


def localise(pub: Published, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with its taxonomy names (cost pool, tower, solution, consumer...) in lang.

    English is the marts' own text; for Chinese each name column is looked up in the core
    dimension's *_zh column (a name without a Chinese name stays in English). Numbers are untouched.
    """
    if lang == "en":
        return frame
    columns = [column for column in NAME_DIMENSIONS if column in frame.columns]
    if not columns:
        return frame
    frame = frame.copy()
    for column in columns:
        names = name_translations(pub, column)
        frame[column] = frame[column].map(lambda name, names=names: names.get(name, name))
    return frame


def labelled(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with its column headers as labels in lang (for tables and chart axes)."""
    return frame.rename(columns={column: t(str(column), lang) for column in frame.columns})


def money(amount: float | Decimal | None, currency: str = "USD") -> str:
    """Whole currency units with thousands separators: 2782364.96 -> '$2,782,365'."""
    if amount is None or pd.isna(amount):
        return "n/a"
    symbol = "$" if currency == "USD" else f"{currency} "
    # Money is cents: a float sum (pandas) is first brought back to cents, then rounded half up,
    # so 2,528,424.50 shows as $2,528,425 whether it was summed exactly (SQL) or as floats.
    cents = amount if isinstance(amount, Decimal) else Decimal(str(round(float(amount), 2)))
    whole = cents.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if whole < 0 else ""
    return f"{sign}{symbol}{abs(whole):,.0f}"


def percent(ratio: float | Decimal | None, decimals: int = 1) -> str:
    """A ratio as a percentage: 0.9958 -> '99.6%'."""
    if ratio is None or pd.isna(ratio):
        return "n/a"
    return f"{float(ratio) * 100:.{decimals}f}%"


def default_month(periods: pd.DataFrame) -> date:
    """The month the pages open on: the latest closed month, else the latest with actuals."""
    closed = periods[periods["is_latest_closed"]]
    if len(closed):
        return closed["fiscal_month"].iloc[0]
    with_actuals = periods[periods["has_actuals"]]
    if not len(with_actuals):
        raise NotPublishedError("the published warehouse has no month with actuals")
    return with_actuals["fiscal_month"].max()


def with_month_label(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a 'month' column ('2025-03'), so bar charts show one bar per month."""
    return frame.assign(month=pd.to_datetime(frame["fiscal_month"]).dt.strftime("%Y-%m"))


def months_with_actuals(periods: pd.DataFrame) -> list[date]:
    return sorted(periods.loc[periods["has_actuals"], "fiscal_month"].tolist(), reverse=True)


# ---- headline figures, one function per page (the browser test checks them) -------------------


def finance_headlines(pub: Published, month: date, lang: str = "en") -> dict[str, str]:
    kpis = pub.table("finance.fct_it_spend_kpis_monthly")
    row = kpis[kpis["fiscal_month"] == month].iloc[0]
    return {
        t("dash_it_opex", lang): money(row["it_opex"]),
        t("dash_it_capex", lang): money(row["it_capex"]),
        t("dash_cloud_share", lang): percent(row["cloud_share_of_it_opex"]),
        t("dash_transparency", lang): percent(row["transparency_ratio"]),
        t("dash_opex_per_employee", lang): money(row["it_opex_per_employee"]),
        t("dash_opex_share_of_revenue", lang): percent(row["it_opex_share_of_revenue"], 2),
    }


def technology_headlines(pub: Published, month: date, lang: str = "en") -> dict[str, str]:
    towers = pub.table("technology.fct_tower_cost_monthly")
    units = pub.table("technology.fct_unit_costs_monthly")
    capacity = pub.table("technology.fct_capacity_utilisation_monthly")
    duplicates = pub.table("technology.fct_duplicate_capabilities")
    month_capacity = capacity[capacity["fiscal_month"] == month]
    lowest = month_capacity.sort_values("utilisation").iloc[0] if len(month_capacity) else None
    return {
        t("dash_tower_cost", lang): money(towers.loc[towers["fiscal_month"] == month, "amount_reporting"].sum()),
        t("dash_units_above_benchmark", lang): str(
            int(units.loc[units["fiscal_month"] == month, "is_above_benchmark"].sum())
        ),
        t("dash_lowest_utilisation", lang): (
            "n/a" if lowest is None else f"{lowest['resource_pool_name']} {percent(lowest['utilisation'])}"
        ),
        t("dash_idle_cost", lang): money(month_capacity["idle_cost"].sum()),
        t("dash_duplicate_assets", lang): str(int(duplicates["is_duplicate"].sum())),
    }


def consumer_headlines(pub: Published, month: date, lang: str = "en") -> dict[str, str]:
    bills = pub.table("consumer.fct_consumer_bill_lines_monthly")
    tco = pub.table("consumer.fct_solution_tco_monthly")
    ai = pub.table("consumer.fct_ai_spend_monthly")
    month_bills = bills[bills["fiscal_month"] == month]
    erp = localise(pub, tco[(tco["fiscal_month"] == month) & (tco["application_family"] == "ERP")], lang)
    erp_total = erp["amount_reporting"].sum()
    by_module = erp.groupby("solution_name")["amount_reporting"].sum().sort_values(ascending=False)
    top_module = by_module.index[0] if len(by_module) else "n/a"
    return {
        t("dash_showback", lang): money(month_bills["showback_amount"].sum()),
        t("dash_chargeback", lang): money(month_bills["chargeback_amount"].sum()),
        t("dash_ai_spend", lang): money(ai.loc[ai["fiscal_month"] == month, "amount_reporting"].sum()),
        t("dash_erp_tco", lang): money(erp_total),
        t("dash_largest_erp_module", lang): (
            f"{top_module} {percent(by_module.iloc[0] / erp_total if erp_total else None)}"
        ),
    }


@dataclass
class Trace:
    """A consumer figure and the allocation rows and GL lines behind it."""

    amount: float
    allocation_rows: pd.DataFrame
    gl_lines: pd.DataFrame


def largest_bill_line(pub: Published, month: date) -> tuple[str, str]:
    """(consumer_id, solution_id) of the month's largest consumer cost: where the trace page opens."""
    costs = pub.table("consumer.fct_consumer_cost_monthly")
    month_costs = costs[(costs["fiscal_month"] == month) & (costs["consumer_id"] != "unallocated")]
    top = month_costs.sort_values("amount_reporting", ascending=False).iloc[0]
    return str(top["consumer_id"]), str(top["solution_id"])


def trace(pub: Published, month: date, consumer_id: str, solution_id: str) -> Trace:
    """Follow one consumer x solution figure back through the layers to the GL lines."""
    allocations = pub.table("intermediate.int_solution_costs_allocated_to_consumers")
    rows = allocations[
        (allocations["fiscal_month"] == month)
        & (allocations["consumer_id"] == consumer_id)
        & (allocations["solution_id"] == solution_id)
    ]
    gl = pub.table("intermediate.int_gl_lines_mapped_to_cost_pools")
    # The allocation layers keep GL lines without a cost centre under '(none)'.
    gl["cost_center_code"] = gl["cost_center_code"].fillna("(none)")
    gl["sub_pool_id"] = gl["sub_pool_id"].fillna("unallocated")
    keys = rows[["sub_pool_id", "cost_center_code"]].drop_duplicates()
    lines = gl[gl["fiscal_month"] == month].merge(keys, on=["sub_pool_id", "cost_center_code"], how="inner")
    return Trace(amount=float(rows["amount_reporting"].sum()), allocation_rows=rows, gl_lines=lines)
