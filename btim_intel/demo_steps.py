"""The demo's intelligence steps: run every capability on the built warehouse and print what
each one measured against its baseline.

Runs, in order, scripts/forecast.py, recommend_budget.py, suggest_mappings.py and
link_reports.py (each writes its marts), then reads the quality tables and the carbon mart and
prints one block for the demo's summary.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time

from pandas import notna

from btim_intel.warehouse import WarehouseError, connect, query


def _run(step: str, main, argv: list[str]) -> tuple[int, str, float]:  # noqa: ANN001
    """Run a script's main quietly; (status, its output, seconds)."""
    started = time.monotonic()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, (out.getvalue() + err.getvalue()).strip(), time.monotonic() - started


def quality_block(db: str) -> list[str]:
    """Lines of the summary, read from the marts the steps wrote."""
    con = connect(db)
    lines: list[str] = []
    try:
        backtest = query(con, """
            select series_level, count(*) as series, avg(mape_model) as model, avg(mape_seasonal_naive) as naive,
                sum(case when is_better_than_baseline then 1 else 0 end) as wins
            from finance.fct_cost_forecast_backtest group by 1 order by 1""")
        peaks = query(con, """
            select count(distinct fiscal_month) as months from finance.fct_cost_forecast_monthly
            where is_demand_peak and series_level = 'cost_pool'""")["months"].iloc[0]
        lines.append("Forecast, 12 months (rolling-origin backtest, MAPE; baseline seasonal naive):")
        for row in backtest.itertuples():
            lines.append(f"  {row.series_level:<10} {row.model:5.1f} % vs {row.naive:5.1f} %  "
                         f"(ETS better on {int(row.wins)}/{row.series} series)")
        lines.append(f"  demand peaks flagged in {int(peaks)} forecast months")
        plan = query(con, """
            select sum(expected_outcome_change) as change, sum(outcome_per_unit * baseline_amount) as baseline,
                sum(case when move <> 'marginal' then 1 else 0 end) as moves, count(*) as lines
            from finance.fct_budget_recommendation""").iloc[0]
        lines.append(f"Budget recommendation (LP, +/-20 % per line): {int(plan['moves'])} of {int(plan['lines'])} "
                     f"lines move; expected outcome {plan['change'] / plan['baseline']:+.2%} vs pro-rata baseline")
        mapping = query(con, "select * from finance.fct_gl_mapping_suggestion_quality order by target, method")
        lines.append("Mapping suggestions (held-out streams; precision / coverage; baseline vendor lookup):")
        for target in ("sub_pool_id", "sub_tower_id", "solution_id"):
            rows = mapping.loc[mapping["target"] == target].set_index("method")
            if rows.empty:
                continue
            model, base = rows.loc["model"], rows.loc["vendor_lookup"]
            lines.append(f"  {target:<13} {model['precision']:6.1%} / {model['coverage']:6.1%}   "
                         f"vs {base['precision']:6.1%} / {base['coverage']:6.1%}")
        has_cloud = query(con, """
            select count(*) as n from information_schema.tables
            where table_schema = 'finance' and table_name = 'fct_cloud_mapping_suggestion_quality'""")["n"].iloc[0]
        if has_cloud:
            cloud = query(con, "select * from finance.fct_cloud_mapping_suggestion_quality order by target, method")
            lines.append("Untagged cloud charges (held-out resources; precision / coverage; "
                         "baseline sub-account lookup):")
            for target in ("application_id", "solution_id"):
                rows = cloud.loc[cloud["target"] == target].set_index("method")
                if rows.empty:
                    continue
                model, base = rows.loc["model"], rows.loc["sub_account_lookup"]
                lines.append(f"  {target:<14} {model['precision']:6.1%} / {model['coverage']:6.1%}   "
                             f"vs {base['precision']:6.1%} / {base['coverage']:6.1%}")
        carbon = query(con, """
            with latest as (select max(fiscal_month) as fiscal_month from technology.fct_carbon_footprint_monthly)
            select emission_source, sum(total_kgco2e) / 1000 as tonnes,
                sum(case when consumer_id <> 'unallocated' then total_kgco2e else 0 end)
                    / nullif(sum(total_kgco2e), 0) as reached
            from technology.fct_carbon_footprint_monthly
            where fiscal_month = (select fiscal_month from latest)
            group by 1 order by 1""")
        for row in carbon.itertuples():
            lines.append(f"Carbon ({row.emission_source}, latest month): {row.tonnes:,.3f} tCO2e, "
                         f"{row.reached:.1%} attributed to consumers")
        cloud = query(con, """
            select sum(embodied_kgco2e) / nullif(sum(total_kgco2e), 0) as embodied_share,
                sum(case when estimate_method = 'cloud_spend' then total_kgco2e else 0 end)
                    / nullif(sum(total_kgco2e), 0) as spend_share
            from technology.fct_carbon_footprint_monthly
            where emission_source = 'cloud'""").iloc[0]
        if notna(cloud["embodied_share"]):  # there are cloud emissions
            lines.append(f"  cloud, all months: {cloud['embodied_share']:.1%} embodied (servers' manufacturing), "
                         f"{cloud['spend_share']:.1%} estimated from spend")
        left_out = query(con, """
            select count(*) as lines,
                sum(case when carbon_exclusion_reason is not null then 1 else 0 end) as excluded,
                sum(case when carbon_estimate_method = 'spend' then 1 else 0 end) as spend,
                sum(case when usage_kind = 'compute' then 1 else 0 end) as compute,
                sum(case when carbon_estimate_method = 'usage_assumed_vcpus' then 1 else 0 end) as assumed
            from intermediate.int_cloud_charges_classified_for_carbon""").iloc[0]
        if left_out["lines"]:
            lines.append(f"  cloud compute lines on assumed vCPUs (no known instance type): {int(left_out['assumed'])} of "
                         f"{int(left_out['compute'])}; lines estimated from spend: {int(left_out['spend'])}")
            lines.append(f"  cloud bill lines the carbon method cannot measure: {int(left_out['excluded'])} of "
                         f"{int(left_out['lines'])} (see carbon_exclusion_reason)")
    finally:
        con.close()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="btim_intel.demo_steps", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("BTIM_DB_PATH", "data/warehouse.duckdb"))
    parser.add_argument("--raw", default=os.environ.get("BTIM_RAW_PATH", "data/raw"))
    args = parser.parse_args(argv)
    from scripts import forecast, link_reports, recommend_budget, suggest_mappings

    print("Running the intelligence capabilities (forecast, budget, mapping suggestions, report linking)")
    extra: list[str] = []
    steps = [
        ("forecast", forecast.main, ["--db", args.db, "--quiet"]),
        ("budget", recommend_budget.main, ["--db", args.db]),
        ("mapping suggestions", suggest_mappings.main, ["--db", args.db, "--cloud"]),
        ("report linking", link_reports.main, ["--db", args.db, "--raw", args.raw]),
    ]
    failed = 0
    for name, step_main, step_args in steps:
        status, output, seconds = _run(name, step_main, step_args)
        if status != 0:
            failed += 1
            print(f"  {name}: failed ({output.splitlines()[-1] if output else 'no message'})", file=sys.stderr)
        else:
            print(f"  {name}: done in {seconds:.1f} s")
            extra += [line if line.startswith("Report") else "  budget, " + line
                      for line in output.splitlines() if line.startswith(("Report linking", "Out of sample"))]
    try:
        lines = quality_block(args.db)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print("")
    print("Intelligence and sustainability - measured against simple baselines on held-out data")
    print("=" * 72)
    print("\n".join(lines + extra))
    print("")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
