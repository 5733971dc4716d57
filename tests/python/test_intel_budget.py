"""Budget recommendation: the linear programme, its reasons, cents and the CLI."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from btim_intel import budget
from scripts import recommend_budget
from tests.python import _intel_warehouse


def lines(rates: list[float], amounts: list[float]) -> pd.DataFrame:
    return pd.DataFrame({
        "solution_id": [f"s{i}" for i in range(len(rates))],
        "solution_name": [f"Solution {i}" for i in range(len(rates))],
        "current_amount": amounts,
        "outcome_per_unit": rates,
    })


def test_money_moves_from_low_to_high_outcome_within_bounds() -> None:
    plan = budget.recommend(lines([1.0, 2.0, 3.0], [100.0, 100.0, 100.0]), 300.0, 0.2, 0.2)
    frame = plan.lines.set_index("solution_id")
    assert frame.loc["s2", "recommended_amount"] == pytest.approx(120.0)
    assert frame.loc["s0", "recommended_amount"] == pytest.approx(80.0)
    assert frame.loc["s1", "recommended_amount"] == pytest.approx(100.0)
    assert list(frame["move"]) == ["cut", "marginal", "raise"]
    assert plan.marginal_rate == pytest.approx(2.0)
    assert "below the marginal rate 2" in frame.loc["s0", "reason"]
    assert plan.outcome_recommended - plan.outcome_baseline == pytest.approx(40.0)
    assert frame["expected_outcome_change"].sum() == pytest.approx(40.0)


def test_a_larger_envelope_goes_to_the_best_lines_first() -> None:
    plan = budget.recommend(lines([1.0, 2.0, 3.0], [100.0, 100.0, 100.0]), 330.0, 0.2, 0.2)
    frame = plan.lines.set_index("solution_id")
    assert frame.loc["s2", "recommended_amount"] == pytest.approx(120.0)
    assert frame.loc["s1", "recommended_amount"] == pytest.approx(120.0)
    assert frame.loc["s0", "recommended_amount"] == pytest.approx(90.0)
    assert frame["recommended_amount"].sum() == pytest.approx(330.0)


def test_unreachable_envelope_and_missing_rates_are_errors() -> None:
    with pytest.raises(ValueError, match="must lie between 240.00 and 360.00"):
        budget.recommend(lines([1.0, 2.0, 3.0], [100.0, 100.0, 100.0]), 500.0)
    frame = lines([1.0, 2.0], [100.0, 100.0])
    frame.loc[1, "outcome_per_unit"] = np.nan
    with pytest.raises(ValueError, match="no outcome per unit for: s1"):
        budget.recommend(frame, 200.0)


@given(
    st.lists(st.floats(min_value=1, max_value=1e7), min_size=1, max_size=30),
    st.floats(min_value=0.8, max_value=1.2),
)
def test_recommended_and_baseline_cents_add_up_to_the_envelope(amounts: list[float], factor: float) -> None:
    rates = list(np.linspace(1, 5, len(amounts)))
    envelope = round(sum(amounts) * factor, 2)
    plan = budget.recommend(lines(rates, amounts), envelope, 0.2, 0.2)
    cents = int(round(envelope * 100))
    assert int(round(plan.lines["recommended_amount"].sum() * 100)) == cents
    assert int(round(plan.lines["baseline_amount"].sum() * 100)) == cents


def test_cli_writes_the_recommendation_and_measures_out_of_sample(tmp_path, capsys) -> None:
    db = _intel_warehouse.build(tmp_path / "wh.duckdb")
    assert recommend_budget.main(["--db", str(db)]) == 0
    printed = capsys.readouterr().out
    assert "Out of sample" in printed
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("select solution_id, change_amount from finance.fct_budget_recommendation").fetchall())
    # manufacturing serves only the industrial unit (highest revenue per IT dollar), service desk
    # mostly corporate functions (no revenue): money moves from the one to the other
    assert rows["manufacturing"] > 0
    assert rows["service_desk"] < 0
    total, envelope = con.execute("select sum(recommended_amount), max(envelope_amount) "
                                  "from finance.fct_budget_recommendation").fetchone()
    assert total == envelope


def test_cli_reads_analyst_rates_and_rejects_bad_files(tmp_path, capsys) -> None:
    db = _intel_warehouse.build(tmp_path / "wh.duckdb")
    rates = tmp_path / "rates.csv"
    rates.write_text("solution_id,outcome_per_unit\norder_management,9\nmanufacturing,1\nservice_desk,2\n")
    assert recommend_budget.main(["--db", str(db), "--outcomes", str(rates)]) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("select move from finance.fct_budget_recommendation "
                       "where solution_id = 'order_management'").fetchone()[0] == "raise"
    con.close()
    rates.write_text("solution_id,outcome_per_unit\norder_management,lots\n")
    assert recommend_budget.main(["--db", str(db), "--outcomes", str(rates)]) == 1
    assert "must be a number" in capsys.readouterr().err
