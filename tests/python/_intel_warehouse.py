"""A small synthetic warehouse with the marts the intelligence scripts read (for their tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np

SOLUTIONS = {
    "order_management": ("Order Management", {"consumer_products": 0.7, "industrial_solutions": 0.3}),
    "manufacturing": ("Manufacturing", {"industrial_solutions": 1.0}),
    "service_desk": ("Service Desk", {"corporate_functions": 0.6, "consumer_products": 0.4}),
}
BUSINESS_UNITS = {"consumer_products": "BU-CONS", "industrial_solutions": "BU-IND", "corporate_functions": "BU-CORP"}
REVENUE = {"BU-CONS": 4_000_000.0, "BU-IND": 9_000_000.0}


def monthly_series(months: int, base: float, seed: int) -> np.ndarray:
    """1 % growth a month, +15 % in November and December, 1 % noise."""
    rng = np.random.default_rng(seed)
    t = np.arange(months)
    season = np.where(np.isin((t % 12), [10, 11]), 1.15, 1.0)
    return base * (1.01 ** t) * season * (1 + 0.01 * rng.standard_normal(months))


def build(path: Path, months: int = 30) -> Path:
    """Write the synthetic warehouse; every month but the last is closed."""
    con = duckdb.connect(str(path))
    for schema in ("core", "finance", "technology", "consumer", "staging"):
        con.execute(f"create schema {schema}")
    con.execute("create table core.dim_periods (fiscal_month date, is_closed boolean, has_actuals boolean)")
    con.execute("create table finance.fct_cost_pool_monthly (fiscal_month date, cost_pool_id varchar, "
                "cost_pool_name varchar, spend_type varchar, amount_reporting decimal(18,2), reporting_currency_code varchar)")
    con.execute("create table technology.fct_tower_cost_monthly (fiscal_month date, tower_id varchar, "
                "tower_name varchar, amount_reporting decimal(18,2), reporting_currency_code varchar)")
    con.execute("create table consumer.fct_consumer_cost_monthly (fiscal_month date, consumer_id varchar, "
                "solution_id varchar, solution_name varchar, amount_reporting decimal(18,2), reporting_currency_code varchar)")
    con.execute("create table core.dim_consumers (consumer_id varchar, business_unit_code varchar)")
    con.execute("create table staging.stg_reference__business_kpis (kpi_month date, business_unit_code varchar, "
                "kpi_name varchar, kpi_value double)")
    con.executemany("insert into core.dim_consumers values (?, ?)", list(BUSINESS_UNITS.items()))
    start = dt.date(2023, 1, 1)
    month_list = [dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(months)]
    con.executemany("insert into core.dim_periods values (?, ?, true)",
                    [(m, i < months - 1) for i, m in enumerate(month_list)])
    pools = {"staffing": monthly_series(months, 900_000, 1), "cloud_services": monthly_series(months, 300_000, 2)}
    for pool, values in pools.items():
        con.executemany("insert into finance.fct_cost_pool_monthly values (?, ?, ?, 'opex', ?, 'USD')",
                        [(m, pool, pool.title(), round(float(v), 2)) for m, v in zip(month_list, values, strict=True)])
    con.executemany("insert into technology.fct_tower_cost_monthly values (?, 'compute', 'Compute', ?, 'USD')",
                    [(m, round(float(v), 2)) for m, v in zip(month_list, monthly_series(months, 500_000, 3), strict=True)])
    for s, (solution, (name, shares)) in enumerate(SOLUTIONS.items()):
        values = monthly_series(months, 200_000 * (s + 1), 10 + s)
        for m, v in zip(month_list, values, strict=True):
            for consumer, share in shares.items():
                con.execute("insert into consumer.fct_consumer_cost_monthly values (?, ?, ?, ?, ?, 'USD')",
                            [m, consumer, solution, name, round(float(v) * share, 2)])
    for m in month_list:
        for bu, revenue in REVENUE.items():
            con.execute("insert into staging.stg_reference__business_kpis values (?, ?, 'revenue', ?)", [m, bu, revenue])
    con.close()
    return path
