"""Trace a consumer's cost in one month back to its GL lines and the rules that moved it.

    python -m scripts.trace --consumer digital_commerce --month 2025-03 [--solution crm] [--top 10]

Prints the traced figure (the consumer's amount in consumer.fct_consumer_cost_monthly), then its
largest contributors from consumer.fct_consumer_cost_trace: each is one source group (the GL lines
of one sub-pool, cost centre and cloud provider in the month) moved by one rule path. The
contributors printed plus the "other contributors" line add up to the traced figure, to the cent.
Under each contributor the largest GL lines of its group are listed with their document, line and
source file position, and the share of the group that reached the consumer.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

DEFAULT_DB = "data/warehouse.duckdb"


class TraceError(Exception):
    """Bad input or nothing to trace: reported as a message, never a traceback."""


@dataclass
class GlLine:
    source_system: str
    document_number: str
    document_line: str
    account_code: str
    line_description: str | None
    source_file: str
    source_line_number: int
    amount: Decimal


@dataclass
class Contributor:
    solution_id: str
    sub_pool_id: str
    cost_center_code: str
    cloud_provider_name: str | None
    sub_tower_id: str
    rule_path: str
    basis: str | None
    amount: Decimal
    source_amount: Decimal
    gl_line_count: int
    gl_lines: list[GlLine] = field(default_factory=list)

    @property
    def share_of_source(self) -> Decimal | None:
        if not self.source_amount:
            return None
        return self.amount / self.source_amount


@dataclass
class Trace:
    consumer_id: str
    month: str
    solution_id: str | None
    total: Decimal
    contributors: list[Contributor]
    other_amount: Decimal
    other_count: int


def parse_month(text: str) -> str:
    """'2025-03' -> '2025-03-01'; anything else is a TraceError."""
    parts = text.split("-")
    if len(parts) != 2 or not all(part.isdigit() for part in parts) or len(parts[0]) != 4:
        raise TraceError(f"month must look like YYYY-MM, got {text!r}")
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12:
        raise TraceError(f"month must look like YYYY-MM, got {text!r}")
    return f"{year:04d}-{month:02d}-01"


def trace_consumer(
    con: duckdb.DuckDBPyConnection,
    consumer_id: str,
    month: str,
    solution_id: str | None = None,
    top: int = 10,
    lines_per_contributor: int = 3,
) -> Trace:
    """The consumer's figure for the month and its largest contributors (see module doc)."""
    if top < 1:
        raise TraceError("--top must be at least 1")
    fiscal_month = parse_month(month)
    known = con.execute(
        "select count(*) from core.dim_consumers where consumer_id = ?", [consumer_id]
    ).fetchone()[0]
    if not known:
        raise TraceError(f"unknown consumer {consumer_id!r} (see core.dim_consumers)")
    solution_filter = "" if solution_id is None else "and solution_id = ?"
    params: list[object] = [fiscal_month, consumer_id] + ([] if solution_id is None else [solution_id])
    total = con.execute(
        "select sum(amount_reporting) from consumer.fct_consumer_cost_monthly "
        f"where fiscal_month = ? and consumer_id = ? {solution_filter}",
        params,
    ).fetchone()[0]
    if total is None:
        raise TraceError(f"no cost for consumer {consumer_id!r} in {month}"
                         + ("" if solution_id is None else f" and solution {solution_id!r}"))
    rows = con.execute(
        "select solution_id, sub_pool_id, cost_center_code, cloud_provider_name, sub_tower_id, "
        "allocation_rule_path, allocation_basis, sum(amount_reporting), max(source_amount), "
        "max(gl_line_count) "
        "from consumer.fct_consumer_cost_trace "
        f"where fiscal_month = ? and consumer_id = ? {solution_filter} "
        "group by all order by abs(sum(amount_reporting)) desc, allocation_rule_path, "
        "solution_id, sub_pool_id, cost_center_code, sub_tower_id",
        params,
    ).fetchall()
    contributors = [
        Contributor(
            solution_id=row[0], sub_pool_id=row[1], cost_center_code=row[2], cloud_provider_name=row[3],
            sub_tower_id=row[4], rule_path=row[5], basis=row[6], amount=row[7], source_amount=row[8],
            gl_line_count=row[9],
        )
        for row in rows
    ]
    shown, rest = contributors[:top], contributors[top:]
    for contributor in shown:
        contributor.gl_lines = source_lines(con, fiscal_month, contributor, lines_per_contributor)
    return Trace(
        consumer_id=consumer_id,
        month=month,
        solution_id=solution_id,
        total=total,
        contributors=shown,
        other_amount=sum((c.amount for c in rest), Decimal("0.00")),
        other_count=len(rest),
    )


def source_lines(
    con: duckdb.DuckDBPyConnection, fiscal_month: str, contributor: Contributor, limit: int
) -> list[GlLine]:
    """The largest GL lines of a contributor's source group."""
    rows = con.execute(
        "select source_system, document_number, document_line, account_code, line_description, "
        "source_file, source_line_number, amount_reporting "
        "from intermediate.int_gl_lines_prepared_for_allocation "
        "where fiscal_month = ? and sub_pool_id = ? and cost_center_code = ? "
        "and cloud_provider_name is not distinct from ? "
        "order by abs(amount_reporting) desc, source_file, source_line_number limit ?",
        [fiscal_month, contributor.sub_pool_id, contributor.cost_center_code,
         contributor.cloud_provider_name, limit],
    ).fetchall()
    return [GlLine(*row) for row in rows]


def format_trace(trace: Trace) -> str:
    scope = f" / {trace.solution_id}" if trace.solution_id else ""
    out = [f"{trace.consumer_id}{scope} in {trace.month}: {trace.total:,.2f}", ""]
    for rank, c in enumerate(trace.contributors, start=1):
        share = c.share_of_source
        provider = f" / {c.cloud_provider_name}" if c.cloud_provider_name else ""
        out.append(
            f"{rank:>3}. {c.amount:>14,.2f}  {c.solution_id}  <- {c.sub_tower_id}  <- {c.sub_pool_id} / "
            f"{c.cost_center_code}{provider}"
        )
        out.append(f"       rule path: {c.rule_path}  ({c.basis or 'unallocated'})")
        share_text = f"{share:.4%}" if share is not None else "n/a"
        out.append(
            f"       {share_text} of {c.source_amount:,.2f} from {c.gl_line_count} GL line(s); largest:"
        )
        for line in c.gl_lines:
            text = (line.line_description or "")[:40]
            out.append(
                f"         {line.source_system} doc {line.document_number} line {line.document_line} "
                f"acct {line.account_code} {line.amount:>12,.2f}  {text}  [{line.source_file}:{line.source_line_number}]"
            )
    if trace.other_count:
        out.append(f"     {trace.other_amount:>14,.2f}  {trace.other_count} other contributor(s)")
    shown = sum((c.amount for c in trace.contributors), Decimal("0.00")) + trace.other_amount
    out += ["", f"sum of contributors: {shown:,.2f} (traced figure {trace.total:,.2f})"]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Trace a consumer's monthly IT cost to its GL lines and allocation rules.")
    parser.add_argument("--consumer", required=True, help="consumer id, e.g. digital_commerce")
    parser.add_argument("--month", required=True, help="fiscal month YYYY-MM")
    parser.add_argument("--solution", help="only this solution of the consumer's bill")
    parser.add_argument("--top", type=int, default=10, help="contributors to list (default 10)")
    parser.add_argument("--lines", type=int, default=3, help="GL lines to list per contributor (default 3)")
    parser.add_argument("--db", default=os.environ.get("BTIM_DB_PATH", DEFAULT_DB),
                        help="warehouse file (default $BTIM_DB_PATH or data/warehouse.duckdb)")
    args = parser.parse_args(argv)
    if not Path(args.db).is_file():
        print(f"error: no warehouse at {args.db}; build it first (make demo)", file=sys.stderr)
        return 2
    try:
        with duckdb.connect(args.db, read_only=True) as con:
            trace = trace_consumer(con, args.consumer, args.month, args.solution, args.top, args.lines)
    except TraceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except duckdb.Error as error:
        print(f"error: cannot read the warehouse {args.db}: {error}", file=sys.stderr)
        return 2
    print(format_trace(trace))
    return 0


if __name__ == "__main__":
    sys.exit(main())
