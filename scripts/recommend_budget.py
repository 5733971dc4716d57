"""Recommend a budget reallocation between solutions with a linear programme.

Reads the last 12 closed months of cost per solution from the warehouse (the current budget
lines) and each solution's outcome per unit of spend (revenue served per unit of IT spend, or
your own rates with --outcomes), solves for the allocation of the envelope that maximises the
expected outcome with each line moving at most --max-cut/--max-raise, writes
finance.fct_budget_recommendation and prints the moves, their reasons and the measured quality
(in-sample, and out of sample: rates of the earlier year applied to the later year).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from btim_intel import budget
from btim_intel.warehouse import WarehouseError, connect, default_db_path, write_table


def read_outcomes(path: Path) -> pd.Series:
    """CSV with columns solution_id, outcome_per_unit -> Series; ValueError when malformed."""
    try:
        frame = pd.read_csv(path, dtype={"solution_id": str})
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ValueError(f"cannot read {path}: {error}") from error
    missing = {"solution_id", "outcome_per_unit"} - set(frame.columns)
    if missing:
        raise ValueError(f"{path} lacks the columns {sorted(missing)}")
    rates = pd.to_numeric(frame["outcome_per_unit"], errors="coerce")
    if rates.isna().any():
        raise ValueError(f"{path}: outcome_per_unit must be a number on every row")
    return pd.Series(rates.to_numpy(), index=frame["solution_id"])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="recommend_budget.py", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=default_db_path(), help="warehouse file (default: $BTIM_DB_PATH)")
    parser.add_argument("--envelope", type=float, default=None,
                        help="budget for the next 12 months (default: the last 12 months' spend x (1 + --growth))")
    parser.add_argument("--growth", type=float, default=0.0, help="envelope growth when --envelope is not given")
    parser.add_argument("--max-cut", type=float, default=0.2, help="largest cut of a line, share (default 0.2)")
    parser.add_argument("--max-raise", type=float, default=0.2, help="largest raise of a line, share (default 0.2)")
    parser.add_argument("--outcomes", type=Path, help="CSV solution_id,outcome_per_unit to use instead of revenue served")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        con = connect(args.db, read_only=False)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        months = budget.closed_months(con)
        if len(months) < 12:
            raise ValueError(f"need 12 closed months for a year's budget, the warehouse has {len(months)}")
        current = budget.load_solution_rates(con, months[-12:])
        if args.outcomes:
            rates = read_outcomes(args.outcomes)
            current["outcome_per_unit"] = current["solution_id"].map(rates)
        envelope = args.envelope if args.envelope is not None else current["current_amount"].sum() * (1 + args.growth)
        plan = budget.recommend(current, envelope, args.max_cut, args.max_raise)
        lines = plan.lines.assign(
            envelope_amount=round(envelope, 2), reporting_currency_code=str(current["currency"].iloc[0])
        )
        write_table(con, "finance", "fct_budget_recommendation", budget.RECOMMENDATION_COLUMNS, lines)
        holdout = None
        if len(months) >= 18 and not args.outcomes:  # at least 6 earlier months to fit on
            holdout = budget.holdout_evaluation(
                budget.load_solution_rates(con, months[-24:-12]), current, args.max_cut, args.max_raise
            )
    except (WarehouseError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        con.close()
    moved = lines.loc[lines["move"] != "marginal"]
    print(f"Budget recommendation for an envelope of {envelope:,.2f}: {len(moved)} of {len(lines)} lines move "
          f"(marginal outcome per unit {plan.marginal_rate:.4g}); written to finance.fct_budget_recommendation")
    for row in lines.sort_values("change_amount").itertuples():
        if row.move != "marginal":
            print(f"  {row.move:<5} {row.solution_name[:38]:<38} {row.change_amount:>+14,.2f}  {row.reason}")
    uplift = (plan.outcome_recommended / plan.outcome_baseline - 1) * 100
    print(f"Expected outcome vs pro-rata baseline (in sample): {uplift:+.2f} %")
    if holdout:
        print(f"Out of sample (planned on the months before the last 12, scored with the last 12 months' rates): {holdout['uplift_pct']:+.2f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
