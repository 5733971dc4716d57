"""Run the Great Expectations checkpoint of the warehouse: the staged ledger and the public marts.

The tables are read from the DuckDB warehouse (read-only) and written as Parquet to
``<gx root>/gx/uncommitted/tables/``; a file-mode GX project (``<gx root>/gx/``) validates them
with a pandas filesystem data source and one checkpoint, ``btim_trust``, and writes the Data
Docs to ``<gx root>/gx/uncommitted/data_docs/local_site/index.html``. Usage statistics are off
and nothing is fetched from the network (the Data Docs pull their CSS from a CDN when opened, so
they look unstyled offline).

The suites are defined here, in code, so they are reviewed like code:

* ``staged_ledger``: every staged GL line in one shape (intermediate.int_gl_lines_mapped_to_cost_pools):
  keys and amounts complete, allowed statuses and currencies, no unmasked personal names;
* ``source_row_counts``: rows read = rows staged + rows quarantined, per file;
* one suite per public mart: completeness, allowed values, keys;
* ``totals_across_layers``: per fiscal month, the totals that must match from the ledger to
  the finance, technology and consumer views, to the cent.

Exit status: 0 when every expectation holds, 1 when one fails (each failure is printed), 2 for
bad input (no warehouse file, a table missing).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
CHECKPOINT_NAME = "btim_trust"
DATA_SOURCE_NAME = "btim_warehouse"
IN_SCOPE = "('mapped', 'unmapped')"


class CheckpointInputError(Exception):
    """The warehouse cannot be read for validation."""


@dataclass(frozen=True)
class TableCheck:
    """A table (or query) to validate and the expectations it must meet."""

    name: str
    query: str
    expectations: list[dict[str, Any]]


@dataclass
class CheckpointSummary:
    success: bool
    evaluated: int = 0
    failures: list[str] = field(default_factory=list)
    data_docs: Path | None = None


def _expect(kind: str, **kwargs: Any) -> dict[str, Any]:
    return {"type": kind, "kwargs": kwargs}


def _not_null(*columns: str) -> list[dict[str, Any]]:
    return [_expect("expect_column_values_to_not_be_null", column=column) for column in columns]


def table_checks(reporting_currency: str = "USD") -> list[TableCheck]:
    """Every table the checkpoint validates, with its expectations."""
    currency = [reporting_currency]
    ledger = TableCheck(
        name="staged_ledger",
        query="select * from intermediate.int_gl_lines_mapped_to_cost_pools",
        expectations=[
            _expect("expect_table_row_count_to_be_between", min_value=1),
            *_not_null("gl_line_id", "source_system", "fiscal_month", "document_number", "account_code",
                       "amount_local", "local_currency_code", "ledger_status", "source_file", "source_line_number"),
            _expect("expect_column_values_to_be_unique", column="gl_line_id"),
            _expect("expect_column_values_to_be_in_set", column="ledger_status",
                    value_set=["mapped", "unmapped", "excluded", "quarantined"]),
            _expect("expect_column_values_to_be_in_set", column="reporting_currency_code", value_set=currency),
            _expect("expect_column_values_to_match_regex", column="local_currency_code", regex=r"^[A-Z]{3}$"),
            # Converted lines have a reporting amount; only quarantined lines may lack one.
            _expect("expect_column_values_to_not_be_null", column="amount_reporting",
                    row_condition='ledger_status != "quarantined"', condition_parser="pandas"),
            _expect("expect_column_values_to_be_null", column="amount_reporting",
                    row_condition='ledger_status == "quarantined"', condition_parser="pandas"),
            _expect("expect_column_values_to_be_between", column="amount_local",
                    min_value=-1_000_000_000_000, max_value=1_000_000_000_000),
            # Personal data is masked (var allow_personal_data): no name after a reimbursement keyword.
            _expect("expect_column_values_to_not_match_regex", column="line_description",
                    regex=r"(?i)(reimbursement|expense report|expense claim|报销)( for| of| to)?[ :：-]+(?!\[personal data\])\S"),
        ],
    )
    row_counts = TableCheck(
        name="source_row_counts",
        query=(
            "select *, rows_staged + rows_quarantined as rows_staged_plus_quarantined "
            "from intermediate.int_source_file_row_counts"
        ),
        expectations=[
            *_not_null("source_name", "source_file", "rows_read", "rows_staged", "rows_quarantined"),
            _expect("expect_compound_columns_to_be_unique", column_list=["source_name", "source_file"]),
            _expect("expect_column_pair_values_to_be_equal", column_A="rows_read", column_B="rows_staged_plus_quarantined"),
            _expect("expect_column_values_to_be_between", column="rows_quarantined", min_value=0),
        ],
    )
    cost_pools = TableCheck(
        name="fct_cost_pool_monthly",
        query="select * from finance.fct_cost_pool_monthly",
        expectations=[
            _expect("expect_table_row_count_to_be_between", min_value=1),
            *_not_null("fiscal_month", "cost_pool_id", "sub_pool_id", "spend_type", "amount_reporting"),
            _expect("expect_compound_columns_to_be_unique", column_list=["fiscal_month", "sub_pool_id"]),
            _expect("expect_column_values_to_be_in_set", column="spend_type", value_set=["opex", "capex"]),
            _expect("expect_column_values_to_be_in_set", column="reporting_currency_code", value_set=currency),
            _expect("expect_column_values_to_be_between", column="gl_line_count", min_value=1),
        ],
    )
    reconciliation = TableCheck(
        name="fct_allocation_reconciliation",
        query="select * from finance.fct_allocation_reconciliation",
        expectations=[
            _expect("expect_table_row_count_to_be_between", min_value=4),
            *_not_null("fiscal_month", "layer", "amount_in", "amount_allocated", "amount_unallocated", "difference"),
            _expect("expect_compound_columns_to_be_unique", column_list=["fiscal_month", "layer"]),
            _expect("expect_column_values_to_be_in_set", column="layer",
                    value_set=["cost_pool", "tower", "solution", "consumer"]),
            # Conservation: nothing appears or disappears in any layer, to the cent.
            _expect("expect_column_values_to_be_between", column="difference", min_value=0, max_value=0),
        ],
    )
    towers = TableCheck(
        name="fct_tower_cost_monthly",
        query="select * from technology.fct_tower_cost_monthly",
        expectations=[
            _expect("expect_table_row_count_to_be_between", min_value=1),
            *_not_null("fiscal_month", "tower_id", "sub_tower_id", "sub_pool_id", "amount_reporting"),
            _expect("expect_compound_columns_to_be_unique", column_list=["fiscal_month", "sub_tower_id", "sub_pool_id"]),
            _expect("expect_column_values_to_be_in_set", column="reporting_currency_code", value_set=currency),
        ],
    )
    consumers = TableCheck(
        name="fct_consumer_cost_monthly",
        query="select * from consumer.fct_consumer_cost_monthly",
        expectations=[
            _expect("expect_table_row_count_to_be_between", min_value=1),
            *_not_null("fiscal_month", "consumer_id", "solution_id", "amount_reporting"),
            _expect("expect_compound_columns_to_be_unique", column_list=["fiscal_month", "consumer_id", "solution_id"]),
            _expect("expect_column_values_to_be_in_set", column="reporting_currency_code", value_set=currency),
        ],
    )
    dimensions = [
        TableCheck(
            name=name,
            query=f"select * from core.{name}",
            expectations=[
                *_not_null(key),
                _expect("expect_column_values_to_be_unique", column=key),
                _expect("expect_column_distinct_values_to_contain_set", column=key, value_set=["unallocated"]),
            ],
        )
        for name, key in [
            ("dim_cost_pools", "sub_pool_id"),
            ("dim_towers", "sub_tower_id"),
            ("dim_solutions", "solution_id"),
            ("dim_consumers", "consumer_id"),
        ]
    ]
    periods = TableCheck(
        name="dim_periods",
        query="select * from core.dim_periods",
        expectations=[
            *_not_null("fiscal_month", "is_closed"),
            _expect("expect_column_values_to_be_unique", column="fiscal_month"),
        ],
    )
    totals = TableCheck(
        name="totals_across_layers",
        query=TOTALS_QUERY,
        expectations=[
            _expect("expect_table_row_count_to_be_between", min_value=1),
            *_not_null("fiscal_month", "ledger_in_scope", "cost_pool_mart_total"),
            # Every in-scope GL cent is in the CFO's view ...
            _expect("expect_column_pair_values_to_be_equal", column_A="ledger_in_scope", column_B="cost_pool_mart_total"),
            # ... its operating part enters the cost-pool layer ...
            _expect("expect_column_pair_values_to_be_equal", column_A="cost_pool_mart_opex", column_B="reconciliation_cost_pool_in"),
            # ... the CTO's view shows what the tower layer received and kept ...
            _expect("expect_column_pair_values_to_be_equal", column_A="tower_mart_total", column_B="reconciliation_tower_in"),
            # ... and the business view what reached the consumer layer.
            _expect("expect_column_pair_values_to_be_equal", column_A="consumer_mart_total", column_B="reconciliation_consumer_in"),
        ],
    )
    return [ledger, row_counts, cost_pools, reconciliation, towers, consumers, *dimensions, periods, totals]


TOTALS_QUERY = f"""
with months as (
    select fiscal_month from finance.fct_allocation_reconciliation
    union
    select fiscal_month from finance.fct_cost_pool_monthly
),
ledger as (
    select fiscal_month, sum(amount_reporting) as ledger_in_scope
    from intermediate.int_gl_lines_mapped_to_cost_pools
    where ledger_status in {IN_SCOPE}
    group by 1
),
cost_pools as (
    select
        fiscal_month,
        sum(amount_reporting) as cost_pool_mart_total,
        sum(case when spend_type = 'opex' then amount_reporting else 0 end) as cost_pool_mart_opex
    from finance.fct_cost_pool_monthly
    group by 1
),
towers as (
    select fiscal_month, sum(amount_reporting) as tower_mart_total
    from technology.fct_tower_cost_monthly
    group by 1
),
consumers as (
    select fiscal_month, sum(amount_reporting) as consumer_mart_total
    from consumer.fct_consumer_cost_monthly
    group by 1
),
reconciliation as (
    select
        fiscal_month,
        sum(case when layer = 'cost_pool' then amount_in else 0 end) as reconciliation_cost_pool_in,
        sum(case when layer = 'tower' then amount_in else 0 end) as reconciliation_tower_in,
        sum(case when layer = 'consumer' then amount_in else 0 end) as reconciliation_consumer_in
    from finance.fct_allocation_reconciliation
    group by 1
)
select
    months.fiscal_month,
    coalesce(ledger.ledger_in_scope, 0) as ledger_in_scope,
    coalesce(cost_pools.cost_pool_mart_total, 0) as cost_pool_mart_total,
    coalesce(cost_pools.cost_pool_mart_opex, 0) as cost_pool_mart_opex,
    coalesce(reconciliation.reconciliation_cost_pool_in, 0) as reconciliation_cost_pool_in,
    coalesce(towers.tower_mart_total, 0) as tower_mart_total,
    coalesce(reconciliation.reconciliation_tower_in, 0) as reconciliation_tower_in,
    coalesce(consumers.consumer_mart_total, 0) as consumer_mart_total,
    coalesce(reconciliation.reconciliation_consumer_in, 0) as reconciliation_consumer_in
from months
left join ledger on months.fiscal_month = ledger.fiscal_month
left join cost_pools on months.fiscal_month = cost_pools.fiscal_month
left join towers on months.fiscal_month = towers.fiscal_month
left join consumers on months.fiscal_month = consumers.fiscal_month
left join reconciliation on months.fiscal_month = reconciliation.fiscal_month
order by 1
"""


def export_tables(db_path: Path, checks: Sequence[TableCheck], out_dir: Path) -> dict[str, int]:
    """Write each check's rows to <out_dir>/<name>.parquet from a read-only connection; row counts."""
    import duckdb

    if not db_path.is_file():
        raise CheckpointInputError(f"{db_path}: no such warehouse file; run `dbt build` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as error:
        raise CheckpointInputError(f"{db_path}: cannot open the warehouse read-only ({error})") from None
    try:
        for check in checks:
            target = out_dir / f"{check.name}.parquet"
            try:
                con.execute(f"copy ({check.query}) to '{target}' (format parquet)")
                counts[check.name] = con.execute(f"select count(*) from read_parquet('{target}')").fetchone()[0]
            except duckdb.Error as error:
                raise CheckpointInputError(f"{db_path}: cannot read the rows of {check.name} ({error})") from None
    finally:
        con.close()
    return counts


def run_checkpoint(db_path: Path, gx_root: Path = REPO_ROOT, reporting_currency: str = "USD") -> CheckpointSummary:
    """Export the tables, (re)define suites and checkpoint in the file context, run it, build Data Docs."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    checks = table_checks(reporting_currency)
    tables_dir = gx_root / "gx" / "uncommitted" / "tables"
    if tables_dir.exists():
        shutil.rmtree(tables_dir)
    export_tables(db_path, checks, tables_dir)

    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.core.expectation_suite import ExpectationSuite
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(gx_root))
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    context.variables.save()
    data_source = context.data_sources.add_or_update_pandas_filesystem(name=DATA_SOURCE_NAME, base_directory=str(tables_dir))
    validation_definitions = []
    for check in checks:
        try:
            asset = data_source.get_asset(check.name)
        except LookupError:
            asset = data_source.add_parquet_asset(name=check.name)
        try:
            batch_definition = asset.get_batch_definition(check.name)
        except (KeyError, LookupError):
            batch_definition = asset.add_batch_definition_path(name=check.name, path=f"{check.name}.parquet")
        suite = ExpectationSuite(name=check.name)
        for expectation in check.expectations:
            suite.add_expectation_configuration(ExpectationConfiguration(type=expectation["type"], kwargs=expectation["kwargs"]))
        suite = context.suites.add_or_update(suite)
        validation_definitions.append(
            context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=check.name, data=batch_definition, suite=suite)
            )
        )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=CHECKPOINT_NAME,
            validation_definitions=validation_definitions,
            actions=[UpdateDataDocsAction(name="update_data_docs")],
            result_format={"result_format": "SUMMARY"},
        )
    )
    result = checkpoint.run()
    summary = CheckpointSummary(success=bool(result.success))
    for validation in result.run_results.values():
        suite_name = validation.suite_name
        for expectation_result in validation.results:
            summary.evaluated += 1
            if expectation_result.success:
                continue
            config = expectation_result.expectation_config
            column = config.kwargs.get("column") or config.kwargs.get("column_list") or (
                f"{config.kwargs.get('column_A')} = {config.kwargs.get('column_B')}" if "column_A" in config.kwargs else ""
            )
            details = expectation_result.result or {}
            unexpected = details.get("unexpected_count")
            examples = details.get("partial_unexpected_list") or details.get("observed_value")
            summary.failures.append(
                f"{suite_name}: {config.type} {column}".rstrip()
                + (f": {unexpected} unexpected" if unexpected is not None else "")
                + (f", e.g. {examples!r}"[:300] if examples not in (None, []) else "")
                + (f" ({expectation_result.exception_info.get('exception_message')})"
                   if getattr(expectation_result, "exception_info", None) and expectation_result.exception_info.get("raised_exception") else "")
            )
    docs = gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    summary.data_docs = docs if docs.exists() else None
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("BTIM_DB_PATH", "data/warehouse.duckdb")),
                        help="warehouse file (default: $BTIM_DB_PATH or data/warehouse.duckdb)")
    parser.add_argument("--gx-root", type=Path, default=REPO_ROOT,
                        help="folder holding the GX project folder gx/ (default: the repository)")
    parser.add_argument("--reporting-currency", default="USD", help="the var reporting_currency of the build (default: USD)")
    args = parser.parse_args(argv)
    try:
        summary = run_checkpoint(args.db.resolve(), args.gx_root.resolve(), args.reporting_currency)
    except CheckpointInputError as error:
        print(f"dq_checkpoint: {error}", file=sys.stderr)
        return 2
    for failure in summary.failures:
        print(f"FAILED {failure}")
    status = "passed" if summary.success else "FAILED"
    print(f"dq_checkpoint: checkpoint {CHECKPOINT_NAME} {status}: {summary.evaluated} expectations, "
          f"{len(summary.failures)} failed. Data Docs: {summary.data_docs or 'not written'}")
    return 0 if summary.success else 1


if __name__ == "__main__":
    sys.exit(main())
