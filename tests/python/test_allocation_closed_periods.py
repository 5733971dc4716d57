"""Closed periods: restating a closed month leaves its published bill as it was and bills the
difference as adjustments in the first open month, referring to the original month.

Builds its own warehouse three times (about a minute): as exported, after a restatement of
February (a closed month), and again with no change (nothing more may move).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.python.conftest import dbt_env, generate, run_dbt

pytestmark = pytest.mark.slow

RESTATED_MONTH = "2025-02-01"
FIRST_OPEN_MONTH = "2025-04-01"


def build(work_dir: Path, env: dict[str, str]) -> None:
    result = run_dbt(["build"], env, work_dir)
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]


def bill_lines(db_path: Path) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(
            "select billing_month, consumer_id, solution_id, line_type, original_month, amount_reporting, is_published "
            "from consumer.fct_consumer_published_bills order by all"
        ).fetchall()


def month_costs(db_path: Path, month: str) -> dict[tuple[str, str], Decimal]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "select consumer_id, solution_id, amount_reporting from consumer.fct_consumer_cost_monthly "
            "where fiscal_month = ?",
            [month],
        ).fetchall()
    return {(consumer, solution): amount for consumer, solution, amount in rows}


def restate_february(raw_path: Path) -> None:
    """A late payroll correction posted into February's NetSuite ledger: a balanced journal,
    written the way the export writes its lines (every value quoted, blanks empty, LF)."""
    path = raw_path / "erp" / "netsuite_gl" / "netsuite_gl_202502.csv"
    common = ["Meridian Asia Pacific Pte. Ltd.", "Feb 2025", "02/27/2025", "Journal", "JE-2025-RESTATE"]
    rows = [
        ["99901", "0", *common, "210100 Accrued liabilities", "", "", "Payroll correction",
         "SGD", "1.000000", "", "1000.00", "-1000.00"],
        ["99901", "1", *common, "600100 Salaries - IT staff", "SG-IT100 APAC IT Services", "",
         "Payroll correction", "SGD", "1.000000", "1000.00", "", "1000.00"],
    ]
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    for row in rows:
        text += ",".join(f'"{value}"' if value else "" for value in row) + "\n"
    path.write_text(text, encoding="utf-8")


def test_restated_closed_month_keeps_its_bill_and_adds_adjustments(tmp_path):
    raw_path, db_path = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    generate(raw_path)
    env = dbt_env(raw_path, db_path)

    build(tmp_path, env)
    published_before = bill_lines(db_path)
    february_before = month_costs(db_path, RESTATED_MONTH)
    assert not [line for line in published_before if line[3] == "adjustment"]
    assert {str(line[0]) for line in published_before if line[6]} == {"2025-01-01", "2025-02-01", "2025-03-01"}

    restate_february(raw_path)
    build(tmp_path, env)
    published_after = bill_lines(db_path)
    february_after = month_costs(db_path, RESTATED_MONTH)

    # The closed months' bills are exactly as published.
    closed_before = [line for line in published_before if line[6]]
    closed_after = [line for line in published_after if line[6]]
    assert closed_after == closed_before

    # The restatement moved February's cost ...
    changed = {
        key: february_after.get(key, Decimal("0.00")) - february_before.get(key, Decimal("0.00"))
        for key in set(february_before) | set(february_after)
    }
    changed = {key: delta for key, delta in changed.items() if delta}
    assert changed and Decimal("500") < sum(changed.values()) < Decimal("1000")  # 1,000 SGD in USD

    # ... and each changed bill line gets one adjustment in April, referring to February.
    adjustments = [line for line in published_after if line[3] == "adjustment"]
    assert len(adjustments) == len(changed)
    for billing_month, consumer, solution, _, original_month, amount, is_published in adjustments:
        assert (str(billing_month), str(original_month), is_published) == (FIRST_OPEN_MONTH, RESTATED_MONTH, False)
        assert amount == changed[(consumer, solution)]

    # A rebuild with nothing restated changes nothing (repeatable).
    build(tmp_path, env)
    assert bill_lines(db_path) == published_after
