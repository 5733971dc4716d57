"""The demo's closing summary: what the warehouse says about the latest closed month.

Reads the marts of a built warehouse (read-only) and prints total IT spend, the split by cost
pool, the top towers and consumers, the transparency ratio and the conservation check.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb


@dataclass
class Summary:
    """Headline figures of one fiscal month."""

    fiscal_month: str
    currency: str
    total_it_spend: Decimal
    opex: Decimal
    capex: Decimal
    by_cost_pool: list[tuple[str, Decimal]] = field(default_factory=list)
    top_towers: list[tuple[str, Decimal]] = field(default_factory=list)
    top_consumers: list[tuple[str, Decimal]] = field(default_factory=list)
    transparency_ratio: Decimal = Decimal(0)
    max_abs_difference: Decimal = Decimal(0)
    quarantined_rows: int = 0
    # English taxonomy name -> Simplified Chinese name (from the core dimensions), for --lang zh
    names_zh: dict[str, str] = field(default_factory=dict)


def build_summary(con: duckdb.DuckDBPyConnection, top: int = 5) -> Summary:
    """Compute the summary of the latest closed month from the marts."""
    row = con.execute(
        "select fiscal_month from core.dim_periods where is_latest_closed"
    ).fetchone()
    if row is None:
        raise ValueError("the warehouse has no closed month yet: build it with more than one month of data")
    month = row[0]

    def pairs(sql: str) -> list[tuple[str, Decimal]]:
        return [(name, amount) for name, amount in con.execute(sql, [month]).fetchall()]

    opex, capex, currency = con.execute(
        """
        select
            coalesce(sum(case when spend_type = 'opex' then amount_reporting end), 0),
            coalesce(sum(case when spend_type = 'capex' then amount_reporting end), 0),
            coalesce(max(reporting_currency_code), '')
        from finance.fct_cost_pool_monthly where fiscal_month = ?
        """,
        [month],
    ).fetchone()
    by_pool = pairs(
        """
        select cost_pool_name, sum(amount_reporting) as amount
        from finance.fct_cost_pool_monthly where fiscal_month = ?
        group by 1 order by amount desc
        """
    )
    towers = pairs(
        f"""
        select tower_name, sum(amount_reporting) as amount
        from technology.fct_tower_cost_monthly where fiscal_month = ?
        group by 1 order by amount desc limit {int(top)}
        """
    )
    consumers = pairs(
        f"""
        select consumer_name, sum(amount_reporting) as amount
        from consumer.fct_consumer_cost_monthly where fiscal_month = ?
        group by 1 order by amount desc limit {int(top)}
        """
    )
    cost_pool_in, consumer_allocated = con.execute(
        """
        select
            sum(case when layer = 'cost_pool' then amount_in end),
            sum(case when layer = 'consumer' then amount_allocated end)
        from finance.fct_allocation_reconciliation where fiscal_month = ?
        """,
        [month],
    ).fetchone()
    max_difference = con.execute(
        "select coalesce(max(abs(difference)), 0) from finance.fct_allocation_reconciliation"
    ).fetchone()[0]
    quarantined = con.execute(
        "select count(*) from intermediate.int_source_rows_quarantined"
    ).fetchone()[0]
    names_zh: dict[str, str] = {}
    for sql in (
        "select distinct cost_pool_name, cost_pool_name_zh from core.dim_cost_pools",
        "select distinct tower_name, tower_name_zh from core.dim_towers",
        "select distinct consumer_name, consumer_name_zh from core.dim_consumers",
    ):
        try:
            names_zh.update({en: zh for en, zh in con.execute(sql).fetchall() if en and zh})
        except duckdb.Error:  # a warehouse without Chinese names: English names are shown
            pass
    ratio = Decimal(0)
    if cost_pool_in:
        ratio = (Decimal(consumer_allocated or 0) / Decimal(cost_pool_in)).quantize(Decimal("0.0001"))
    return Summary(
        fiscal_month=month.strftime("%Y-%m"),
        currency=currency,
        total_it_spend=opex + capex,
        opex=opex,
        capex=capex,
        by_cost_pool=by_pool,
        top_towers=towers,
        top_consumers=consumers,
        transparency_ratio=ratio,
        max_abs_difference=max_difference,
        quarantined_rows=int(quarantined),
        names_zh=names_zh,
    )


def _table(title: str, rows: list[tuple[str, Decimal]], total: Decimal) -> list[str]:
    lines = [title]
    width = max([len(name) for name, _ in rows] + [10])
    for name, amount in rows:
        share = (amount / total * 100) if total else Decimal(0)
        lines.append(f"  {name:<{width}}  {amount:>16,.2f}  {share:5.1f}%")
    return lines


def format_summary(summary: Summary, lang: str = "en") -> str:
    """Render the summary as plain text for a terminal, in English (en) or Simplified Chinese (zh)."""
    if lang == "zh":
        return _format_summary_zh(summary)
    cur = summary.currency
    lines = [
        "",
        f"BTIM Warehouse - latest closed month {summary.fiscal_month} (amounts in {cur})",
        "=" * 72,
        f"Total IT spend          {summary.total_it_spend:>16,.2f}",
        f"  operating (opex)      {summary.opex:>16,.2f}",
        f"  capital (capex)       {summary.capex:>16,.2f}",
        "",
    ]
    lines += _table("Spend by cost pool", summary.by_cost_pool, summary.total_it_spend)
    lines.append("")
    lines += _table("Top towers (operating cost)", summary.top_towers, summary.opex)
    lines.append("")
    lines += _table("Top consumers (operating cost)", summary.top_consumers, summary.opex)
    lines += [
        "",
        f"Transparency ratio (operating spend that reaches a consumer): {summary.transparency_ratio:.2%}",
        f"Conservation: largest |difference| over every month and layer = {summary.max_abs_difference:.2f}",
        f"Source rows quarantined with a reason: {summary.quarantined_rows}",
        "",
    ]
    return "\n".join(lines)


def _format_summary_zh(summary: Summary) -> str:
    """The summary in Simplified Chinese: labels from seeds/reference/i18n_labels.csv, taxonomy
    names from the *_name_zh columns of the core dimensions."""
    from scripts.i18n import label

    def zh(rows: list[tuple[str, Decimal]]) -> list[tuple[str, Decimal]]:
        return [(summary.names_zh.get(name, name), amount) for name, amount in rows]

    lines = [
        "",
        label("summary_title", "zh", month=summary.fiscal_month, currency=summary.currency),
        "=" * 72,
        f"{label('summary_total_it_spend', 'zh')}  {summary.total_it_spend:>16,.2f}",
        f"  {label('summary_opex', 'zh')}  {summary.opex:>16,.2f}",
        f"  {label('summary_capex', 'zh')}  {summary.capex:>16,.2f}",
        "",
    ]
    lines += _table(label("summary_by_cost_pool", "zh"), zh(summary.by_cost_pool), summary.total_it_spend)
    lines.append("")
    lines += _table(label("summary_top_towers", "zh"), zh(summary.top_towers), summary.opex)
    lines.append("")
    lines += _table(label("summary_top_consumers", "zh"), zh(summary.top_consumers), summary.opex)
    lines += [
        "",
        f"{label('summary_transparency', 'zh')}：{summary.transparency_ratio:.2%}",
        f"{label('summary_conservation', 'zh')} {summary.max_abs_difference:.2f}",
        f"{label('summary_quarantined', 'zh')}：{summary.quarantined_rows}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        default=os.environ.get("BTIM_DB_PATH", "data/warehouse.duckdb"),
        help="warehouse file (default: $BTIM_DB_PATH or data/warehouse.duckdb)",
    )
    parser.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language: en (English) or zh (简体中文)"
    )
    args = parser.parse_args(argv)
    if not Path(args.db).exists():
        print(f"error: no warehouse at {args.db}: run 'make demo' first", file=sys.stderr)
        return 2
    con = duckdb.connect(args.db, read_only=True)
    try:
        print(format_summary(build_summary(con), args.lang))
    except (duckdb.Error, ValueError) as error:
        print(f"error: cannot summarise {args.db}: {error}", file=sys.stderr)
        return 1
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
