"""Budget recommendation: move spend between solutions to raise the expected business outcome.

Given each solution's current annual spend, its outcome per unit of spend and a budget envelope,
a linear programme (scipy.optimize.linprog, HiGHS) chooses new amounts that

    maximise   sum(outcome_rate[i] * amount[i])
    subject to sum(amount[i]) = envelope
               current[i] * (1 - max_cut) <= amount[i] <= current[i] * (1 + max_raise)

The baseline is the current mix scaled pro rata to the envelope. Every move carries its reason:
the LP's shadow price of the envelope is the marginal outcome per unit; lines whose rate is
above it are raised to their upper bound, lines below it cut to their lower bound, and the one
marginal line takes the remainder. Amounts are in whole cents and add up to the envelope exactly.

Outcome per unit of spend, by default, is read from the warehouse as "business revenue served
per unit of IT spend": each business unit's revenue (reference KPIs) is attributed to the
solutions it consumes in proportion to its IT cost of each, and divided by the solution's cost.
An analyst can supply other rates in a CSV (solution_id, outcome_per_unit).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

RECOMMENDATION_COLUMNS: list[tuple[str, str]] = [
    ("solution_id", "varchar"),
    ("solution_name", "varchar"),
    ("current_amount", "decimal(18,2)"),
    ("baseline_amount", "decimal(18,2)"),
    ("recommended_amount", "decimal(18,2)"),
    ("change_amount", "decimal(18,2)"),
    ("outcome_per_unit", "double"),
    ("expected_outcome_change", "double"),
    ("move", "varchar"),
    ("reason", "varchar"),
    ("envelope_amount", "decimal(18,2)"),
    ("reporting_currency_code", "varchar"),
]


@dataclass(frozen=True)
class Recommendation:
    lines: pd.DataFrame
    marginal_rate: float
    outcome_baseline: float
    outcome_recommended: float


def split_cents(amounts: np.ndarray, total_cents: int) -> np.ndarray:
    """Round amounts (currency units) to cents so they add up to total_cents exactly
    (largest remainder)."""
    raw = np.asarray(amounts, dtype=float) * 100
    cents = np.floor(raw).astype(np.int64)
    short = int(total_cents - cents.sum())
    if short:
        order = np.argsort(-(raw - cents), kind="stable")
        step = 1 if short > 0 else -1
        for i in range(abs(short)):
            cents[order[i % len(order)]] += step
    return cents


def recommend(
    solutions: pd.DataFrame,
    envelope: float,
    max_cut: float = 0.2,
    max_raise: float = 0.2,
) -> Recommendation:
    """solutions: solution_id, solution_name, current_amount, outcome_per_unit (one row each)."""
    from scipy.optimize import linprog

    frame = solutions.loc[solutions["current_amount"] > 0].reset_index(drop=True)
    if frame.empty:
        raise ValueError("no solution has spend to reallocate")
    if not 0 <= max_cut <= 1 or max_raise < 0:
        raise ValueError("max cut must be between 0 and 1 and max raise not negative")
    if frame["outcome_per_unit"].isna().any():
        missing = ", ".join(frame.loc[frame["outcome_per_unit"].isna(), "solution_id"])
        raise ValueError(f"no outcome per unit for: {missing}")
    current = frame["current_amount"].to_numpy(dtype=float)
    rate = frame["outcome_per_unit"].to_numpy(dtype=float)
    lower, upper = current * (1 - max_cut), current * (1 + max_raise)
    if not lower.sum() - 0.005 <= envelope <= upper.sum() + 0.005:
        raise ValueError(
            f"envelope {envelope:,.2f} cannot be reached moving each line at most -{max_cut:.0%}/+{max_raise:.0%}: "
            f"it must lie between {lower.sum():,.2f} and {upper.sum():,.2f}"
        )
    result = linprog(
        c=-rate,
        A_eq=np.ones((1, len(rate))),
        # an envelope within half a cent of a bound is held at the bound; the cents are fixed below
        b_eq=[min(max(envelope, lower.sum()), upper.sum())],
        bounds=list(zip(lower, upper, strict=True)),
        method="highs",
    )
    if not result.success:  # pragma: no cover - bounds were checked above
        raise ValueError(f"the linear programme failed: {result.message}")
    marginal = float(-result.eqlin.marginals[0])
    envelope_cents = int(round(envelope * 100))
    recommended = split_cents(result.x, envelope_cents) / 100
    baseline = split_cents(current * envelope / current.sum(), envelope_cents) / 100
    tolerance = max(0.01, 1e-9 * envelope)
    moves, reasons = [], []
    for i in range(len(rate)):
        if recommended[i] >= upper[i] - tolerance and max_raise > 0:
            moves.append("raise")
            reasons.append(
                f"outcome per unit {rate[i]:.4g} is above the marginal rate {marginal:.4g}: raised to its "
                f"+{max_raise:.0%} limit"
            )
        elif recommended[i] <= lower[i] + tolerance and max_cut > 0:
            moves.append("cut")
            reasons.append(
                f"outcome per unit {rate[i]:.4g} is below the marginal rate {marginal:.4g}: cut to its "
                f"-{max_cut:.0%} limit"
            )
        else:
            moves.append("marginal")
            reasons.append(
                f"marginal line (outcome per unit {rate[i]:.4g}): takes what the envelope leaves after the "
                "raises and cuts"
            )
    lines = pd.DataFrame(
        {
            "solution_id": frame["solution_id"],
            "solution_name": frame["solution_name"],
            "current_amount": current.round(2),
            "baseline_amount": baseline,
            "recommended_amount": recommended,
            "change_amount": (recommended - current).round(2),
            "outcome_per_unit": rate,
            "expected_outcome_change": rate * (recommended - baseline),
            "move": moves,
            "reason": reasons,
        }
    )
    return Recommendation(
        lines=lines,
        marginal_rate=marginal,
        outcome_baseline=float(rate @ baseline),
        outcome_recommended=float(rate @ recommended),
    )


def outcome_of(amounts: pd.Series, rates: pd.Series) -> float:
    """Outcome of an allocation (indexed by solution) under given rates (missing rate: 0)."""
    aligned = rates.reindex(amounts.index).fillna(0.0)
    return float((amounts.astype(float) * aligned).sum())


# --------------------------------------------------------------------------------------------
# Reading the warehouse
# --------------------------------------------------------------------------------------------


def closed_months(con) -> list[pd.Timestamp]:  # noqa: ANN001
    from btim_intel.warehouse import query

    months = query(con, "select fiscal_month from core.dim_periods where is_closed and has_actuals order by 1")
    return list(pd.to_datetime(months["fiscal_month"]))


def load_solution_rates(con, months: list[pd.Timestamp]) -> pd.DataFrame:  # noqa: ANN001
    """Per solution over the given months: spend and revenue served per unit of spend."""
    from btim_intel.warehouse import query

    if not months:
        raise ValueError("no closed months to read")
    first, last = min(months).date(), max(months).date()
    frame = query(
        con,
        """
        with spend as (
            select costs.consumer_id, consumers.business_unit_code, costs.solution_id,
                max(costs.solution_name) as solution_name, sum(costs.amount_reporting) as amount,
                max(costs.reporting_currency_code) as currency
            from consumer.fct_consumer_cost_monthly as costs
            inner join core.dim_consumers as consumers on costs.consumer_id = consumers.consumer_id
            where costs.fiscal_month between ? and ? and costs.solution_id <> 'unallocated'
            group by all
        ),
        consumer_it as (
            select consumer_id, sum(amount) as it_amount from spend group by all
        ),
        revenue as (
            select business_unit_code, sum(kpi_value) as revenue
            from staging.stg_reference__business_kpis
            where kpi_name = 'revenue' and kpi_month between ? and ?
            group by all
        )
        select spend.solution_id, max(spend.solution_name) as solution_name,
            sum(spend.amount) as current_amount,
            sum(case when consumer_it.it_amount > 0
                then coalesce(revenue.revenue, 0) * spend.amount / consumer_it.it_amount else 0 end)
                / nullif(sum(spend.amount), 0) as outcome_per_unit,
            max(spend.currency) as currency
        from spend
        inner join consumer_it on spend.consumer_id = consumer_it.consumer_id
        left join revenue on spend.business_unit_code = revenue.business_unit_code
        group by spend.solution_id
        order by spend.solution_id
        """,
        [first, last, first, last],
    )
    frame["current_amount"] = frame["current_amount"].astype(float)
    frame["outcome_per_unit"] = frame["outcome_per_unit"].astype(float)
    return frame


def holdout_evaluation(
    earlier: pd.DataFrame, later: pd.DataFrame, max_cut: float, max_raise: float
) -> dict[str, float]:
    """Fit on the earlier window, score on the later one: does the recommendation made with the
    earlier rates still beat the pro-rata baseline under the rates seen later?"""
    plan = recommend(earlier, float(earlier["current_amount"].sum()), max_cut, max_raise)
    later_rates = later.set_index("solution_id")["outcome_per_unit"]
    recommended = plan.lines.set_index("solution_id")["recommended_amount"]
    baseline = plan.lines.set_index("solution_id")["baseline_amount"]
    outcome_recommended = outcome_of(recommended, later_rates)
    outcome_baseline = outcome_of(baseline, later_rates)
    return {
        "outcome_baseline": outcome_baseline,
        "outcome_recommended": outcome_recommended,
        "uplift_pct": (outcome_recommended / outcome_baseline - 1) * 100 if outcome_baseline else float("nan"),
    }
