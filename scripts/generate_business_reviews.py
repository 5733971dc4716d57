"""Generate the sample enterprise's quarterly business reviews: free text with labels beside it.

Each business unit of Meridian Industries writes one review a quarter, as plain text:
initiatives, the solutions behind them (by product name, TBM name or a paraphrase) and KPIs
with values, mixed with sentences that carry numbers but no KPI. The generator knows what each
sentence says, so it writes the truth beside the texts in ``labels.csv`` (one row per KPI
statement: review file, consumer, KPI, value, period, solution) for measuring a parser.

Writes ``documents/business_reviews/`` under the raw folder (the folder is replaced; nothing
else is touched). Deterministic: the same seed, months and start month give identical files.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REVIEWS_FOLDER = "documents/business_reviews"
LABEL_COLUMNS = ("review_file", "statement_number", "consumer_id", "kpi_name", "kpi_value", "period", "solution_id")

# consumer_id -> (names the review may use for the unit)
CONSUMERS: dict[str, tuple[str, ...]] = {
    "consumer_products": ("Consumer Products", "the Consumer Products business unit", "BU-CONS"),
    "industrial_solutions": ("Industrial Solutions", "the Industrial Solutions division", "BU-IND"),
    "services_aftermarket": ("Services & Aftermarket", "Services and Aftermarket", "BU-SVC"),
    "digital_commerce": ("Digital Commerce", "the Digital Commerce team", "BU-DIGI"),
    "corporate_functions": ("Corporate Functions", "the corporate functions", "BU-CORP"),
}

# solution_id -> ways a business writer refers to it (product names, TBM names, paraphrases)
SOLUTION_PHRASES: dict[str, tuple[str, ...]] = {
    "order_management": ("ERP Order Processing", "the order-processing module of our ERP", "Order Management"),
    "inventory_and_warehousing": ("ERP Inventory Management", "the inventory module in the ERP", "Inventory & Warehousing"),
    "general_accounting_and_reporting": ("ERP Finance", "the finance module of the ERP", "General Accounting & Reporting"),
    "sales_force_and_channel_management": ("Salesforce CRM", "our Salesforce sales platform", "the CRM"),
    "customer_sales": ("the Web Shop", "our online web shop", "Customer Sales"),
    "data_warehouse": ("the Enterprise Data Warehouse", "our data warehouse", "Data Warehouse"),
    "predictive_analytics": ("Demand Forecasting ML", "the demand forecasting models", "Predictive Analytics"),
    "text_generation": ("the Service Assistant GenAI", "our GenAI service assistant", "Text Generation"),
    "workforce_management": ("Workday HRIS", "Workday", "Workforce Management"),
    "service_desk": ("ServiceNow ITSM", "the ServiceNow service desk", "Service Desk"),
    "collaboration": ("Microsoft 365", "Microsoft 365 collaboration tools", "Collaboration"),
    "manufacturing": ("Plant Manufacturing Execution", "the plant manufacturing execution system", "Manufacturing"),
}


@dataclass(frozen=True)
class Kpi:
    name: str
    phrases: tuple[str, ...]
    low: float
    high: float
    decimals: int
    style: str  # percent, days, money, count, score


KPIS: dict[str, Kpi] = {
    "order_cycle_time_days": Kpi("order_cycle_time_days", ("order cycle time", "order-to-delivery cycle time"), 2, 9, 1, "days"),
    "conversion_rate_pct": Kpi("conversion_rate_pct", ("conversion rate", "online conversion rate"), 1.5, 6, 1, "percent"),
    "net_promoter_score": Kpi("net_promoter_score", ("net promoter score", "NPS"), 10, 70, 0, "score"),
    "forecast_accuracy_pct": Kpi("forecast_accuracy_pct", ("forecast accuracy", "demand forecast accuracy"), 70, 95, 1, "percent"),
    "first_contact_resolution_pct": Kpi("first_contact_resolution_pct", ("first contact resolution", "first-contact resolution rate"), 55, 90, 1, "percent"),
    "on_time_delivery_pct": Kpi("on_time_delivery_pct", ("on-time delivery", "on time delivery rate"), 80, 99, 1, "percent"),
    "oee_pct": Kpi("oee_pct", ("overall equipment effectiveness", "OEE"), 60, 88, 1, "percent"),
    "days_sales_outstanding": Kpi("days_sales_outstanding", ("days sales outstanding", "DSO"), 35, 70, 0, "days"),
    "online_revenue_usd": Kpi("online_revenue_usd", ("online revenue", "web shop revenue"), 5e6, 3e7, 1, "money"),
    "employee_turnover_pct": Kpi("employee_turnover_pct", ("employee turnover", "staff turnover"), 4, 15, 1, "percent"),
}

# Which solutions and KPIs each unit talks about.
UNIT_STORIES: dict[str, tuple[tuple[str, str], ...]] = {
    "consumer_products": (
        ("order_management", "order_cycle_time_days"), ("customer_sales", "conversion_rate_pct"),
        ("predictive_analytics", "forecast_accuracy_pct"), ("sales_force_and_channel_management", "net_promoter_score"),
    ),
    "industrial_solutions": (
        ("manufacturing", "oee_pct"), ("inventory_and_warehousing", "on_time_delivery_pct"),
        ("order_management", "order_cycle_time_days"), ("predictive_analytics", "forecast_accuracy_pct"),
    ),
    "services_aftermarket": (
        ("text_generation", "first_contact_resolution_pct"), ("service_desk", "first_contact_resolution_pct"),
        ("inventory_and_warehousing", "on_time_delivery_pct"), ("sales_force_and_channel_management", "net_promoter_score"),
    ),
    "digital_commerce": (
        ("customer_sales", "online_revenue_usd"), ("customer_sales", "conversion_rate_pct"),
        ("data_warehouse", "net_promoter_score"), ("sales_force_and_channel_management", "conversion_rate_pct"),
    ),
    "corporate_functions": (
        ("general_accounting_and_reporting", "days_sales_outstanding"), ("workforce_management", "employee_turnover_pct"),
        ("collaboration", "employee_turnover_pct"),
    ),
}

TEMPLATES: tuple[str, ...] = (
    "Thanks to {solution}, {kpi} improved to {value} in {period_text}.",
    "{Kpi} reached {value} this quarter, driven by {solution}.",
    "With {solution} now live across the unit, {kpi} stood at {value}.",
    "{Solution} helped us bring {kpi} to {value}.",
    "Our initiative on {solution} paid off: {kpi} came in at {value} for the quarter.",
    "We rolled out new features of {solution}; as a result {kpi} was {value}.",
)
FILLERS: tuple[str, ...] = (
    "The leadership team held {n} steering meetings during the quarter.",
    "We onboarded {n} new colleagues and closed {m} audit findings.",
    "Budget discussions for {year} continue with Group Finance.",
    "Two workshops with {n} participants shaped next quarter's priorities.",
)
ORDINALS = ("first", "second", "third", "fourth")
QUARTER_MONTHS = ("January to March", "April to June", "July to September", "October to December")


def _format_value(kpi: Kpi, value: float, rng: np.random.Generator) -> tuple[str, float]:
    """Text of a value and the number a parser should read from it."""
    if kpi.style == "money":
        millions = round(value / 1e6, 1)
        if rng.random() < 0.5:
            return f"USD {millions:.1f} million", millions * 1e6
        return f"${round(value):,}", float(round(value))
    rounded = round(value, kpi.decimals)
    number = f"{rounded:.{kpi.decimals}f}"
    if kpi.style == "percent":
        return (f"{number}%" if rng.random() < 0.6 else f"{number} percent"), rounded
    if kpi.style == "days":
        return f"{number} days", rounded
    return number, rounded


def _period_text(year: int, quarter: int, rng: np.random.Generator) -> str:
    choice = rng.integers(3)
    if choice == 0:
        return f"Q{quarter} {year}"
    if choice == 1:
        return f"the {ORDINALS[quarter - 1]} quarter of {year}"
    return f"{QUARTER_MONTHS[quarter - 1]} {year}"


def full_quarters(start_month: str, months: int) -> list[tuple[int, int]]:
    """(year, quarter) of every calendar quarter entirely inside the generated months."""
    year, month = (int(part) for part in start_month.split("-"))
    first = year * 12 + month - 1
    quarters = []
    for absolute in range(first, first + months):
        y, m0 = divmod(absolute, 12)
        if m0 % 3 == 0 and absolute + 2 < first + months:
            quarters.append((y, m0 // 3 + 1))
    return quarters


def write_business_reviews(
    out_dir: str | Path, seed: int = 42, months: int = 24, start_month: str = "2024-01"
) -> dict[str, int]:
    """Write the reviews and labels.csv; returns {relative path: statements or rows}."""
    folder = Path(out_dir) / REVIEWS_FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    labels: list[tuple[str, ...]] = []
    counts: dict[str, int] = {}
    for q_index, (year, quarter) in enumerate(full_quarters(start_month, months)):
        for c_index, (consumer_id, names) in enumerate(CONSUMERS.items()):
            rng = np.random.default_rng([seed, 808, q_index, c_index])
            file_name = f"QBR_{consumer_id}_{year}-Q{quarter}.txt"
            period_label = f"{year}-Q{quarter}"
            unit = names[int(rng.integers(len(names)))]
            header_period = _period_text(year, quarter, rng)
            lines = [f"Quarterly business review: {unit}, {header_period}", ""]
            stories = list(UNIT_STORIES[consumer_id])
            rng.shuffle(stories)
            statements = stories[: int(rng.integers(2, len(stories) + 1))]
            sentences: list[str] = []
            for number, (solution_id, kpi_name) in enumerate(statements, start=1):
                kpi = KPIS[kpi_name]
                phrases = SOLUTION_PHRASES[solution_id]
                solution = phrases[int(rng.integers(len(phrases)))]
                kpi_text = kpi.phrases[int(rng.integers(len(kpi.phrases)))]
                drift = 1 + 0.02 * q_index
                raw = float(rng.uniform(kpi.low, kpi.high)) * (drift if kpi.style == "money" else 1)
                value_text, value = _format_value(kpi, raw, rng)
                template = TEMPLATES[int(rng.integers(len(TEMPLATES)))]
                sentence = template.format(
                    solution=solution, Solution=solution[0].upper() + solution[1:], kpi=kpi_text,
                    Kpi=kpi_text[0].upper() + kpi_text[1:], value=value_text,
                    period_text=_period_text(year, quarter, rng),
                )
                sentences.append(sentence)
                labels.append((file_name, str(number), consumer_id, kpi_name, repr(value), period_label, solution_id))
                if rng.random() < 0.5:
                    filler = FILLERS[int(rng.integers(len(FILLERS)))]
                    sentences.append(filler.format(n=int(rng.integers(3, 40)), m=int(rng.integers(2, 9)), year=year + 1))
            lines.append(" ".join(sentences))
            lines.append("")
            lines.append("Next quarter we will continue these initiatives.")
            (folder / file_name).write_text("\n".join(lines) + "\n", encoding="utf-8")
            counts[f"{REVIEWS_FOLDER}/{file_name}"] = len(statements)
    with (folder / "labels.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(LABEL_COLUMNS)
        writer.writerows(labels)
    counts[f"{REVIEWS_FOLDER}/labels.csv"] = len(labels)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="generate_business_reviews.py", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="data/raw", help="raw folder (default data/raw)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--months", type=int, default=24, help="months of history (default 24)")
    parser.add_argument("--start-month", default="2024-01", help="first month YYYY-MM (default 2024-01)")
    args = parser.parse_args(argv)
    try:
        year, month = (int(part) for part in args.start_month.split("-"))
        if not 1 <= month <= 12 or args.months < 1 or args.seed < 0:
            raise ValueError
    except ValueError:
        parser.error("--start-month must look like YYYY-MM, --months be at least 1 and --seed not negative")
    try:
        counts = write_business_reviews(args.out, args.seed, args.months, args.start_month)
    except OSError as error:
        print(f"error: cannot write to {args.out}: {error}", file=sys.stderr)
        return 1
    reviews = len(counts) - 1
    print(f"Wrote {reviews} business reviews with {counts[f'{REVIEWS_FOLDER}/labels.csv']} labelled KPI statements "
          f"to {Path(args.out) / REVIEWS_FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
