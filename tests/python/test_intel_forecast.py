"""Forecasts: ETS against seasonal naive, intervals, peaks, and the forecast CLI."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from btim_intel import forecast
from scripts import forecast as forecast_cli
from tests.python import _intel_warehouse

START = pd.Timestamp("2023-01-01")


def test_seasonal_naive_repeats_last_year() -> None:
    history = np.arange(1, 25, dtype=float)
    assert list(forecast.seasonal_naive(history, 3)) == [13.0, 14.0, 15.0]
    assert forecast.seasonal_naive(history, 14)[12] == 13.0
    with pytest.raises(ValueError, match="full year"):
        forecast.seasonal_naive(history[:5], 1)


def test_mape_ignores_zero_actuals() -> None:
    assert forecast.mape(np.array([100.0, 0.0, 200.0]), np.array([110.0, 5.0, 180.0])) == pytest.approx(10.0)
    assert np.isnan(forecast.mape(np.array([0.0]), np.array([1.0])))


def test_ets_beats_seasonal_naive_on_trend_and_seasonality() -> None:
    values = _intel_warehouse.monthly_series(30, 1_000_000, seed=5)
    quality = forecast.backtest(values, START, horizon=6)
    assert quality.n_forecasts > 20
    # 1 % a month of growth is 12 % a year that seasonal naive cannot see
    assert quality.mape_seasonal_naive > 8
    assert quality.mape_model < quality.mape_seasonal_naive / 2


def test_intervals_are_nested_and_peaks_are_the_q4_months() -> None:
    values = _intel_warehouse.monthly_series(24, 1_000_000, seed=6)
    result = forecast.forecast_series(values, START, horizon=12)
    assert len(result.months) == 12 and result.months[0] == pd.Timestamp("2025-01-01")
    assert np.all(result.lower_95 <= result.lower_80 + 1e-6)
    assert np.all(result.lower_80 <= result.mean + 1e-6)
    assert np.all(result.mean <= result.upper_80 + 1e-6)
    assert np.all(result.upper_80 <= result.upper_95 + 1e-6)
    assert result.mean[-1] > result.mean[0] * 1.15  # trend and the December bump
    peaks = [m.month for m, flag in zip(result.months, forecast.flag_peaks(result.mean), strict=True) if flag]
    assert set(peaks) == {11, 12}


def test_short_and_non_positive_series() -> None:
    with pytest.raises(ValueError, match="at least 4 months"):
        forecast.forecast_series([1.0, 2.0, 3.0], START)
    result = forecast.forecast_series([10.0, -5.0, 12.0, 14.0, 15.0, 17.0], START, horizon=3)
    assert result.model_name == "ETS(A,A,N)"
    assert np.all(np.isfinite(result.mean))


def test_cli_writes_forecast_and_backtest_marts(tmp_path, capsys) -> None:
    db = _intel_warehouse.build(tmp_path / "wh.duckdb")
    assert forecast_cli.main(["--db", str(db), "--quiet", "--top-solutions", "2"]) == 0
    printed = capsys.readouterr().out
    assert "seasonal naive" in printed
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("""select series_level, count(distinct series_id), count(*), min(fiscal_month)
                          from finance.fct_cost_forecast_monthly group by 1 order by 1""").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [("cost_pool", 2, 24), ("solution", 2, 24), ("tower", 1, 12)]
    assert str(rows[0][3]) == "2025-06-01"  # first month after the last closed one (2025-05)
    wins = con.execute("select count(*), sum(case when is_better_than_baseline then 1 else 0 end) "
                       "from finance.fct_cost_forecast_backtest").fetchone()
    assert wins[0] == 5 and wins[1] >= 4


def test_cli_reports_a_missing_warehouse(tmp_path, capsys) -> None:
    assert forecast_cli.main(["--db", str(tmp_path / "nope.duckdb")]) == 2
    assert "no warehouse" in capsys.readouterr().err
