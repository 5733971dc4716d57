"""Property tests of the allocation arithmetic (macros/allocate_by_weights.sql).

A pure-Python reference implementation of the largest-remainder rule is checked against the SQL
macro itself, rendered from its file and run in DuckDB, over random amounts (credits included)
and random weights; and both are checked for conservation to the cent, for each share lying
within one cent of its exact value, and for zero, negative and missing drivers leaving the whole
amount unallocated with its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import duckdb
import jinja2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO_ROOT = Path(__file__).resolve().parents[2]
MACRO_FILE = REPO_ROOT / "macros" / "allocate_by_weights.sql"
WEIGHT_SCALE = 1_000_000  # the macro takes weights to 6 decimal places


def largest_remainder(amount: Decimal, weights: dict[str, Decimal]) -> dict[str, Decimal] | str:
    """The reference rule: shares of `amount` in whole cents, or the reason it cannot be split.

    Each target gets the floor of its exact share of the absolute amount in cents; the cents
    left over go one each to the largest remainders, ties to the smallest target id; the sign
    of the amount is kept. Weights are taken to 6 decimal places, as the macro does.
    """
    if any(weight < 0 for weight in weights.values()):
        return "driver negative"
    units = {target: int((weight * WEIGHT_SCALE).to_integral_value()) for target, weight in weights.items()}
    units = {target: unit for target, unit in units.items() if unit > 0}
    total = sum(units.values())
    if total <= 0:
        return "driver missing or zero"
    sign = -1 if amount < 0 else 1
    cents = int(abs(amount) * 100)
    floors = {target: cents * unit // total for target, unit in units.items()}
    remainders = {target: cents * unit % total for target, unit in units.items()}
    left = cents - sum(floors.values())
    order = sorted(units, key=lambda target: (-remainders[target], target))
    for target in order[:left]:
        floors[target] += 1
    return {target: Decimal(sign * value) / 100 for target, value in floors.items()}


def render_macro() -> jinja2.runtime.Macro:
    """The macro from its file, with the few dbt helpers it calls bound to DuckDB's SQL."""
    env = jinja2.Environment(extensions=["jinja2.ext.do"])
    module = env.from_string(MACRO_FILE.read_text(encoding="utf-8")).make_module(
        {
            "btim": {
                "wide_integer_type": lambda: "hugeint",
                "integer_divide": lambda numerator, denominator: f"(({numerator}) // ({denominator}))",
                "spark_stage": lambda: "-- spark_stage: (a comment on DuckDB)",
            },
            "dbt": {"type_string": lambda: "varchar"},
        }
    )
    return module.allocate_by_weights


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def run_macro(
    con: duckdb.DuckDBPyConnection, parents: list[tuple[str, str | None, Decimal]],
    weights: list[tuple[str, str, Decimal]],
) -> list[tuple[str, str | None, Decimal, str | None]]:
    """Run the SQL macro over (parent_id, allocation_key, amount) and (key, target, weight)."""
    con.execute("create or replace temp table parents (parent_id varchar, allocation_key varchar, amount_reporting decimal(18, 2))")
    con.execute("create or replace temp table weights (allocation_key varchar, target_id varchar, weight decimal(28, 6))")
    if parents:
        con.executemany("insert into parents values (?, ?, ?)", parents)
    if weights:
        con.executemany("insert into weights values (?, ?, ?)", weights)
    # The macro renders CTE definitions named allocated__* and, last, `allocated`.
    sql = "with " + render_macro()("allocated", "parents", "weights", ["parent_id"]) + "\nselect * from allocated"
    return con.execute(
        f"select parent_id, target_id, amount_reporting, unallocated_reason from ({sql}) as allocated"
    ).fetchall()


amounts = st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2)
weight_values = st.decimals(min_value=Decimal("0"), max_value=Decimal("1000000"), places=6)
weight_sets = st.dictionaries(
    st.text(alphabet="abcdefgh", min_size=1, max_size=3), weight_values, min_size=1, max_size=8
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(amount=amounts, weights=weight_sets)
def test_sql_macro_matches_the_reference_rule(con, amount, weights):
    rows = run_macro(con, [("p1", "k1", amount)], [("k1", target, weight) for target, weight in weights.items()])
    expected = largest_remainder(amount, weights)
    if isinstance(expected, str):
        assert rows == [("p1", None, amount, expected)]
    else:
        assert {target: share for _, target, share, _ in rows} == expected
        assert all(reason is None for *_, reason in rows)


@SETTINGS
@given(amount=amounts, weights=weight_sets)
def test_reference_conserves_every_cent_and_stays_within_a_cent(amount, weights):
    shares = largest_remainder(amount, weights)
    if isinstance(shares, str):
        return
    assert sum(shares.values()) == amount
    units = {t: int(w * WEIGHT_SCALE) for t, w in weights.items() if int(w * WEIGHT_SCALE) > 0}
    total = sum(units.values())
    for target, share in shares.items():
        exact = Fraction(amount) * Fraction(units[target], total)
        assert abs(Fraction(share) - exact) < Fraction(1, 100)
        assert share == 0 or (share > 0) == (amount > 0)


@SETTINGS
@given(parents=st.lists(st.tuples(amounts, st.sampled_from(["k1", "k2", "k3", None])), min_size=1, max_size=6),
       weights=st.lists(st.tuples(st.sampled_from(["k1", "k2"]), st.sampled_from(["a", "b", "c"]),
                                  st.decimals(min_value=Decimal("-5"), max_value=Decimal("50"), places=3)),
                        max_size=8, unique_by=lambda row: row[:2]))
def test_sql_macro_conserves_every_parent_and_names_every_unallocated_cent(con, parents, weights):
    parent_rows = [(f"p{index}", key, amount) for index, (amount, key) in enumerate(parents)]
    rows = run_macro(con, parent_rows, weights)
    for parent_id, key, amount in parent_rows:
        mine = [row for row in rows if row[0] == parent_id]
        assert sum(row[2] for row in mine) == amount
        key_weights = {target: weight for k, target, weight in weights if k == key}
        if key is None:
            assert mine == [(parent_id, None, amount, "no allocation rule")]
        elif any(weight < 0 for weight in key_weights.values()):
            assert mine == [(parent_id, None, amount, "driver negative")]
        elif not any(weight > 0 for weight in key_weights.values()):
            assert mine == [(parent_id, None, amount, "driver missing or zero")]
        else:
            assert all(row[1] is not None and row[3] is None for row in mine)


def test_known_split_and_its_credit(con):
    """100.00 over three equal weights: 33.34 + 33.33 + 33.33; a credit mirrors it."""
    weights = [("k1", "a", Decimal(1)), ("k1", "b", Decimal(1)), ("k1", "c", Decimal(1))]
    rows = run_macro(con, [("p1", "k1", Decimal("100.00")), ("p2", "k1", Decimal("-100.00"))], weights)
    got = {(parent, target): share for parent, target, share, _ in rows}
    assert got == {
        ("p1", "a"): Decimal("33.34"), ("p1", "b"): Decimal("33.33"), ("p1", "c"): Decimal("33.33"),
        ("p2", "a"): Decimal("-33.34"), ("p2", "b"): Decimal("-33.33"), ("p2", "c"): Decimal("-33.33"),
    }
    assert largest_remainder(Decimal("100.00"), {"a": Decimal(1), "b": Decimal(1), "c": Decimal(1)}) == {
        "a": Decimal("33.34"), "b": Decimal("33.33"), "c": Decimal("33.33")}
