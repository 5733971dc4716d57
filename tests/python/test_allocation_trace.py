"""scripts/trace.py on the sample enterprise: contributors add up to the traced figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scripts import trace


def test_trace_contributors_add_up_to_the_consumer_figure(built_warehouse):
    with built_warehouse.connect() as con:
        figures = con.execute(
            "select consumer_id, strftime(fiscal_month, '%Y-%m'), sum(amount_reporting) "
            "from consumer.fct_consumer_cost_monthly where consumer_id <> 'unallocated' "
            "group by all order by 3 desc limit 3"
        ).fetchall()
        assert figures
        for consumer_id, month, figure in figures:
            result = trace.trace_consumer(con, consumer_id, month, top=5)
            assert result.total == figure
            shown = sum(c.amount for c in result.contributors) + result.other_amount
            assert shown == figure
            assert len(result.contributors) == 5 and result.other_count > 0
            amounts = [abs(c.amount) for c in result.contributors]
            assert amounts == sorted(amounts, reverse=True)
            for contributor in result.contributors:
                # The contributor is part of its source group, whose GL lines are listed.
                assert contributor.rule_path.startswith("CP-")
                assert abs(contributor.amount) <= abs(contributor.source_amount)
                assert contributor.gl_lines
                group_total = con.execute(
                    "select sum(amount_reporting), count(*) from intermediate.int_gl_lines_prepared_for_allocation "
                    "where fiscal_month = ? and sub_pool_id = ? and cost_center_code = ? "
                    "and cloud_provider_name is not distinct from ?",
                    [month + "-01", contributor.sub_pool_id, contributor.cost_center_code,
                     contributor.cloud_provider_name],
                ).fetchone()
                assert group_total == (contributor.source_amount, contributor.gl_line_count)
            text = trace.format_trace(result)
            assert f"sum of contributors: {figure:,.2f} (traced figure {figure:,.2f})" in text


def test_trace_of_one_solution(built_warehouse):
    with built_warehouse.connect() as con:
        consumer_id, month, solution_id, figure = con.execute(
            "select consumer_id, strftime(fiscal_month, '%Y-%m'), solution_id, amount_reporting "
            "from consumer.fct_consumer_cost_monthly where consumer_id <> 'unallocated' "
            "order by amount_reporting desc limit 1"
        ).fetchone()
        result = trace.trace_consumer(con, consumer_id, month, solution_id=solution_id, top=100)
    assert result.total == figure
    assert sum(c.amount for c in result.contributors) + result.other_amount == figure
    assert {c.solution_id for c in result.contributors} == {solution_id}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--consumer", "nobody", "--month", "2025-02"], "unknown consumer 'nobody'"),
        (["--consumer", "digital_commerce", "--month", "Feb 2025"], "month must look like YYYY-MM"),
        (["--consumer", "digital_commerce", "--month", "2031-01"], "no cost for consumer"),
        (["--consumer", "digital_commerce", "--month", "2025-02", "--top", "0"], "--top must be at least 1"),
    ],
)
def test_trace_cli_reports_bad_input_without_a_traceback(built_warehouse, capsys, args, message):
    code = trace.main([*args, "--db", str(built_warehouse.db_path)])
    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err and "Traceback" not in captured.err


def test_trace_cli_without_a_warehouse(tmp_path, capsys):
    code = trace.main(["--consumer", "x", "--month", "2025-01", "--db", str(tmp_path / "missing.duckdb")])
    assert code == 2 and "no warehouse at" in capsys.readouterr().err


def test_parse_month():
    assert trace.parse_month("2025-03") == "2025-03-01"
    for bad in ["2025-13", "25-03", "2025/03", ""]:
        with pytest.raises(trace.TraceError):
            trace.parse_month(bad)
    assert Decimal("0.00") == Decimal(0)
