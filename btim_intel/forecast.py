"""Monthly cost forecasts with prediction intervals, demand peaks and a rolling-origin backtest.

Model: exponential smoothing in state-space form (statsmodels ``ETSModel``): multiplicative
error, additive trend, multiplicative 12-month seasonality (ETS(M,A,M)) when a series has at
least 13 positive months; additive Holt (ETS(A,A,N)) for shorter or non-positive series.
statsmodels' own initialisation needs two full seasonal cycles, which a 24-month ledger cannot
give to a backtest; the initial level, trend and seasonal indices are therefore set from a
classical decomposition of the training months (least-squares line, mean ratio to it per
calendar month) and the smoothing parameters are fitted by maximum likelihood.

Baseline: seasonal naive (the same month a year earlier). Quality: MAPE over a rolling-origin
backtest, every origin fitted only on the months before it.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

SEASON = 12


@dataclass(frozen=True)
class SeriesForecast:
    """Point forecasts and intervals for the months after the history."""

    months: list[pd.Timestamp]
    mean: np.ndarray
    lower_80: np.ndarray
    upper_80: np.ndarray
    lower_95: np.ndarray
    upper_95: np.ndarray
    model_name: str


@dataclass(frozen=True)
class Backtest:
    """Rolling-origin errors of the model and of the seasonal-naive baseline."""

    n_forecasts: int
    mape_model: float
    mape_seasonal_naive: float


def initial_states(y: np.ndarray, seasonal: bool) -> tuple[float, float, np.ndarray | None]:
    """Classical-decomposition starting states (level at t=-1, trend, seasonal indices by phase)."""
    t = np.arange(len(y), dtype=float)
    slope, intercept = np.polyfit(t, y, 1)
    if not seasonal:
        return float(intercept - slope), float(slope), None
    line = intercept + slope * t
    ratio = y / np.where(line > 0, line, np.nan)
    indices = np.ones(SEASON)
    for phase in range(SEASON):
        values = ratio[phase::SEASON]
        values = values[np.isfinite(values)]
        if len(values):
            indices[phase] = float(values.mean())
    indices = indices / indices.mean()
    return float(intercept - slope), float(slope), indices


def _fit(y: pd.Series):  # noqa: ANN202 - statsmodels results object
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    values = y.to_numpy(dtype=float)
    seasonal = len(values) > SEASON and bool(np.all(values > 0))
    level, trend, indices = initial_states(values, seasonal)
    kwargs: dict[str, object] = {
        "error": "mul" if seasonal else "add",
        "trend": "add",
        "seasonal": "mul" if seasonal else None,
        "initialization_method": "known",
        "initial_level": level,
        "initial_trend": trend,
    }
    if seasonal:
        assert indices is not None
        # statsmodels orders the initial seasonal states s(-1), s(-2), ..., s(-m): reversed phases.
        kwargs.update(seasonal_periods=SEASON, initial_seasonal=indices[::-1])
    model = ETSModel(y, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = model.fit(disp=False, maxiter=200)
    name = "ETS(M,A,M)" if seasonal else "ETS(A,A,N)"
    return result, name


def _as_series(values: np.ndarray | list[float], start: pd.Timestamp) -> pd.Series:
    index = pd.date_range(start, periods=len(values), freq="MS")
    return pd.Series(np.asarray(values, dtype=float), index=index)


def forecast_series(
    values: np.ndarray | list[float], start: pd.Timestamp, horizon: int = 12, *, seed: int = 0
) -> SeriesForecast:
    """Fit on the whole history and forecast `horizon` months with 80 % and 95 % intervals."""
    y = _as_series(values, start)
    if len(y) < 4:
        raise ValueError(f"need at least 4 months of history to forecast, got {len(y)}")
    result, name = _fit(y)
    np.random.seed(seed)  # the simulated intervals of multiplicative models are random
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prediction = result.get_prediction(start=len(y), end=len(y) + horizon - 1)
        frame80 = prediction.summary_frame(alpha=0.2)
        frame95 = prediction.summary_frame(alpha=0.05)
    months = list(pd.date_range(y.index[-1] + pd.offsets.MonthBegin(1), periods=horizon, freq="MS"))
    return SeriesForecast(
        months=months,
        mean=frame80["mean"].to_numpy(),
        lower_80=frame80["pi_lower"].to_numpy(),
        upper_80=frame80["pi_upper"].to_numpy(),
        lower_95=frame95["pi_lower"].to_numpy(),
        upper_95=frame95["pi_upper"].to_numpy(),
        model_name=name,
    )


def point_forecast(values: np.ndarray, start: pd.Timestamp, horizon: int) -> np.ndarray:
    """Point forecasts only (what the backtest needs)."""
    result, _ = _fit(_as_series(values, start))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(result.forecast(horizon), dtype=float)


def seasonal_naive(values: np.ndarray, horizon: int) -> np.ndarray:
    """The same calendar month a year earlier (h <= 12), repeated for longer horizons."""
    if len(values) < SEASON:
        raise ValueError("seasonal naive needs a full year of history")
    last_year = np.asarray(values[-SEASON:], dtype=float)
    return np.array([last_year[h % SEASON] for h in range(horizon)])


def mape(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Mean absolute percentage error in percent, over the months with a non-zero actual."""
    actual = np.asarray(actual, dtype=float)
    predicted = np.asarray(predicted, dtype=float)
    mask = actual != 0
    if not mask.any():
        return math.nan
    return float(np.mean(np.abs((actual[mask] - predicted[mask]) / actual[mask])) * 100)


def backtest(
    values: np.ndarray | list[float], start: pd.Timestamp, horizon: int = 6, min_train: int = SEASON + 1
) -> Backtest:
    """Rolling-origin evaluation: for every origin from min_train on, fit on the months before
    it and forecast up to `horizon` months; compare with the seasonal-naive baseline."""
    y = np.asarray(values, dtype=float)
    min_train = max(min_train, SEASON)
    actual: list[float] = []
    model: list[float] = []
    naive: list[float] = []
    for origin in range(min_train, len(y)):
        steps = min(horizon, len(y) - origin)
        model.extend(point_forecast(y[:origin], start, steps))
        naive.extend(seasonal_naive(y[:origin], steps))
        actual.extend(y[origin : origin + steps])
    if not actual:
        raise ValueError(f"need more than {min_train} months to backtest, got {len(y)}")
    return Backtest(
        n_forecasts=len(actual),
        mape_model=mape(np.array(actual), np.array(model)),
        mape_seasonal_naive=mape(np.array(actual), np.array(naive)),
    )


def flag_peaks(mean: np.ndarray, threshold: float = 0.05) -> np.ndarray:
    """A forecast month is a demand peak when it exceeds the average of the forecast year by
    more than `threshold` (5 % by default)."""
    mean = np.asarray(mean, dtype=float)
    level = mean.mean() if len(mean) else 0.0
    return mean > level * (1 + threshold)


# --------------------------------------------------------------------------------------------
# Reading the warehouse and writing the marts
# --------------------------------------------------------------------------------------------

FORECAST_COLUMNS: list[tuple[str, str]] = [
    ("series_level", "varchar"),
    ("series_id", "varchar"),
    ("series_name", "varchar"),
    ("fiscal_month", "date"),
    ("forecast_amount", "decimal(18,2)"),
    ("lower_80_amount", "decimal(18,2)"),
    ("upper_80_amount", "decimal(18,2)"),
    ("lower_95_amount", "decimal(18,2)"),
    ("upper_95_amount", "decimal(18,2)"),
    ("is_demand_peak", "boolean"),
    ("model_name", "varchar"),
    ("history_months", "integer"),
    ("reporting_currency_code", "varchar"),
]
BACKTEST_COLUMNS: list[tuple[str, str]] = [
    ("series_level", "varchar"),
    ("series_id", "varchar"),
    ("series_name", "varchar"),
    ("n_forecasts", "integer"),
    ("horizon_months", "integer"),
    ("mape_model", "double"),
    ("mape_seasonal_naive", "double"),
    ("is_better_than_baseline", "boolean"),
]


def load_series(con, top_solutions: int = 5) -> pd.DataFrame:  # noqa: ANN001
    """Monthly operating cost over the closed months: long frame (series_level, series_id,
    series_name, fiscal_month, amount, currency), zero-filled for months without cost."""
    from btim_intel.warehouse import query

    closed = "select fiscal_month from core.dim_periods where is_closed and has_actuals"
    sql = f"""
        with pools as (
            select 'cost_pool' as series_level, cost_pool_id as series_id, cost_pool_name as series_name,
                fiscal_month, sum(amount_reporting) as amount, max(reporting_currency_code) as currency
            from finance.fct_cost_pool_monthly
            where spend_type = 'opex' and fiscal_month in ({closed})
            group by all
        ),
        towers as (
            select 'tower', tower_id, tower_name, fiscal_month, sum(amount_reporting),
                max(reporting_currency_code)
            from technology.fct_tower_cost_monthly
            where fiscal_month in ({closed})
            group by all
        ),
        solution_totals as (
            select solution_id, sum(amount_reporting) as total
            from consumer.fct_consumer_cost_monthly
            where fiscal_month in ({closed}) and solution_id <> 'unallocated'
            group by all
            order by total desc, solution_id
            limit {int(top_solutions)}
        ),
        solutions as (
            select 'solution', costs.solution_id, costs.solution_name, costs.fiscal_month,
                sum(costs.amount_reporting), max(costs.reporting_currency_code)
            from consumer.fct_consumer_cost_monthly as costs
            inner join solution_totals on costs.solution_id = solution_totals.solution_id
            where costs.fiscal_month in ({closed})
            group by all
        )
        select * from pools union all select * from towers union all select * from solutions
    """
    frame = query(con, sql)
    frame.columns = ["series_level", "series_id", "series_name", "fiscal_month", "amount", "currency"]
    frame["fiscal_month"] = pd.to_datetime(frame["fiscal_month"])
    frame["amount"] = frame["amount"].astype(float)
    months = query(con, closed + " order by 1")["fiscal_month"]
    all_months = pd.to_datetime(months)
    filled = []
    for key, group in frame.groupby(["series_level", "series_id", "series_name"], sort=True):
        series = group.set_index("fiscal_month")["amount"].reindex(all_months, fill_value=0.0)
        currency = group["currency"].dropna().iloc[0] if group["currency"].notna().any() else ""
        filled.append(
            pd.DataFrame(
                {
                    "series_level": key[0],
                    "series_id": key[1],
                    "series_name": key[2],
                    "fiscal_month": all_months.to_numpy(),
                    "amount": series.to_numpy(),
                    "currency": currency,
                }
            )
        )
    return pd.concat(filled, ignore_index=True) if filled else frame


def run(
    series: pd.DataFrame,
    horizon: int = 12,
    backtest_horizon: int = 6,
    peak_threshold: float = 0.05,
    progress: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Forecast and backtest every series; returns (forecast rows, backtest rows)."""
    from tqdm import tqdm

    forecast_rows: list[dict[str, object]] = []
    backtest_rows: list[dict[str, object]] = []
    groups = list(series.groupby(["series_level", "series_id", "series_name"], sort=True))
    for (level, series_id, name), group in tqdm(groups, desc="series", disable=not progress):
        group = group.sort_values("fiscal_month")
        values = group["amount"].to_numpy(dtype=float)
        start = pd.Timestamp(group["fiscal_month"].iloc[0])
        currency = str(group["currency"].iloc[0])
        if len(values) < 4 or not np.any(values):
            continue
        result = forecast_series(values, start, horizon)
        peaks = flag_peaks(result.mean, peak_threshold)
        for i, month in enumerate(result.months):
            forecast_rows.append(
                {
                    "series_level": level,
                    "series_id": series_id,
                    "series_name": name,
                    "fiscal_month": month.date(),
                    "forecast_amount": round(float(result.mean[i]), 2),
                    "lower_80_amount": round(float(result.lower_80[i]), 2),
                    "upper_80_amount": round(float(result.upper_80[i]), 2),
                    "lower_95_amount": round(float(result.lower_95[i]), 2),
                    "upper_95_amount": round(float(result.upper_95[i]), 2),
                    "is_demand_peak": bool(peaks[i]),
                    "model_name": result.model_name,
                    "history_months": len(values),
                    "reporting_currency_code": currency,
                }
            )
        if len(values) > SEASON + 1:
            quality = backtest(values, start, backtest_horizon)
            backtest_rows.append(
                {
                    "series_level": level,
                    "series_id": series_id,
                    "series_name": name,
                    "n_forecasts": quality.n_forecasts,
                    "horizon_months": backtest_horizon,
                    "mape_model": quality.mape_model,
                    "mape_seasonal_naive": quality.mape_seasonal_naive,
                    "is_better_than_baseline": bool(quality.mape_model < quality.mape_seasonal_naive),
                }
            )
    return (
        pd.DataFrame(forecast_rows, columns=[c for c, _ in FORECAST_COLUMNS]),
        pd.DataFrame(backtest_rows, columns=[c for c, _ in BACKTEST_COLUMNS]),
    )


def quality_summary(backtests: pd.DataFrame) -> pd.DataFrame:
    """Mean MAPE of model and baseline per series level, and how many series the model wins."""
    if backtests.empty:
        return pd.DataFrame(columns=["series_level", "series", "mape_model", "mape_seasonal_naive", "wins"])
    grouped = backtests.groupby("series_level")
    return pd.DataFrame(
        {
            "series": grouped.size(),
            "mape_model": grouped["mape_model"].mean(),
            "mape_seasonal_naive": grouped["mape_seasonal_naive"].mean(),
            "wins": grouped["is_better_than_baseline"].sum(),
        }
    ).reset_index()
