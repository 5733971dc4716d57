"""Forecast monthly IT cost 12 months ahead and backtest the model against seasonal naive.

Reads the marts of a built warehouse (operating cost per cost pool, tower and the largest
solutions over the closed months), writes finance.fct_cost_forecast_monthly (forecast with 80 %
and 95 % prediction intervals and demand peaks) and finance.fct_cost_forecast_backtest (MAPE of
the model and of the seasonal-naive baseline in a rolling-origin backtest), and prints the quality.
"""

from __future__ import annotations

import argparse
import sys

from btim_intel import forecast
from btim_intel.warehouse import WarehouseError, connect, default_db_path, write_table


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="forecast.py", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=default_db_path(), help="warehouse file (default: $BTIM_DB_PATH)")
    parser.add_argument("--horizon", type=int, default=12, help="months to forecast (default 12)")
    parser.add_argument("--backtest-horizon", type=int, default=6, help="months ahead scored in the backtest (default 6)")
    parser.add_argument("--top-solutions", type=int, default=5, help="largest solutions to forecast (default 5)")
    parser.add_argument("--peak-threshold", type=float, default=0.05,
                        help="a month above the forecast year's mean by more than this share is a peak (default 0.05)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def format_quality(summary) -> str:  # noqa: ANN001 - DataFrame
    lines = ["Forecast backtest (rolling origin, MAPE %, lower is better)",
             f"  {'level':<10} {'series':>6} {'ETS':>7} {'seasonal naive':>15} {'ETS wins':>9}"]
    for row in summary.itertuples():
        lines.append(f"  {row.series_level:<10} {row.series:>6} {row.mape_model:>7.2f} "
                     f"{row.mape_seasonal_naive:>15.2f} {int(row.wins):>5}/{row.series}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.horizon < 1 or args.backtest_horizon < 1 or args.top_solutions < 0:
        parser.error("--horizon and --backtest-horizon must be at least 1, --top-solutions not negative")
    try:
        con = connect(args.db, read_only=False)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        series = forecast.load_series(con, args.top_solutions)
        if series.empty:
            print("error: the warehouse has no closed month of operating cost to forecast", file=sys.stderr)
            return 1
        forecasts, backtests = forecast.run(series, args.horizon, args.backtest_horizon,
                                            args.peak_threshold, progress=not args.quiet)
        write_table(con, "finance", "fct_cost_forecast_monthly", forecast.FORECAST_COLUMNS, forecasts)
        write_table(con, "finance", "fct_cost_forecast_backtest", forecast.BACKTEST_COLUMNS, backtests)
    except (WarehouseError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"Wrote {len(forecasts)} forecast rows ({series.groupby(['series_level', 'series_id']).ngroups} series, "
          f"{int(forecasts['is_demand_peak'].sum())} peak months) to finance.fct_cost_forecast_monthly")
    print(format_quality(forecast.quality_summary(backtests)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
