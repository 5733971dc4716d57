"""The Great Expectations checkpoint over the end-to-end warehouse, and personal-data masking."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from scripts import dq_checkpoint, generate_sample_data

pytestmark = pytest.mark.slow


def test_checkpoint_passes_on_the_built_warehouse(built_warehouse, tmp_path):
    summary = dq_checkpoint.run_checkpoint(built_warehouse.db_path, gx_root=tmp_path)
    assert summary.failures == []
    assert summary.success
    assert summary.evaluated > 60
    assert summary.data_docs is not None and summary.data_docs.is_file()
    # The suites and checkpoint are real GX artifacts of a file-mode project.
    assert (tmp_path / "gx" / "checkpoints" / f"{dq_checkpoint.CHECKPOINT_NAME}.json").is_file()
    assert (tmp_path / "gx" / "expectations" / "totals_across_layers.json").is_file()


def test_checkpoint_fails_when_layers_disagree_or_names_leak(built_warehouse, tmp_path):
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(built_warehouse.db_path, broken)
    with duckdb.connect(str(broken)) as con:
        # A cent appears in the consumer view that no layer allocated ...
        con.execute(
            "update consumer.fct_consumer_cost_monthly set amount_reporting = amount_reporting + 0.01 "
            "where (fiscal_month, consumer_id, solution_id) in "
            "(select fiscal_month, consumer_id, solution_id from consumer.fct_consumer_cost_monthly limit 1)"
        )
        # ... and an employee's name is back in a ledger text.
        con.execute(
            "update intermediate.int_gl_lines_mapped_to_cost_pools "
            "set line_description = 'Travel reimbursement Anna Schmidt' "
            "where gl_line_id = (select min(gl_line_id) from intermediate.int_gl_lines_mapped_to_cost_pools)"
        )
    summary = dq_checkpoint.run_checkpoint(broken, gx_root=tmp_path / "gx_root")
    assert not summary.success
    failures = "\n".join(summary.failures)
    assert "totals_across_layers: expect_column_pair_values_to_be_equal consumer_mart_total = reconciliation_consumer_in" in failures
    assert "staged_ledger: expect_column_values_to_not_match_regex line_description" in failures
    assert len(summary.failures) == 2, failures


def test_checkpoint_cli_reports_a_missing_warehouse(tmp_path, capsys):
    assert dq_checkpoint.main(["--db", str(tmp_path / "none.duckdb"), "--gx-root", str(tmp_path)]) == 2
    assert "no such warehouse file" in capsys.readouterr().err


def _employee_names() -> set[str]:
    return {name for names in generate_sample_data.EMPLOYEES.values() for name in names}


def test_personal_names_are_masked_from_the_ledger_on(built_warehouse):
    names = _employee_names()
    pattern = "|".join(sorted(names))
    with built_warehouse.connect() as con:
        owners = {row[0] for row in con.execute("select owner_name from staging.stg_reference__cost_centers").fetchall()}
        in_staging = con.execute(
            "select count(*) from staging.stg_sap_s4hana__journal_lines where regexp_matches(line_description, ?)",
            [pattern],
        ).fetchone()[0]
        leaked = con.execute(
            "select count(*) from intermediate.int_gl_lines_converted_to_reporting_currency "
            "where regexp_matches(coalesce(line_description, '') || ' ' || coalesce(vendor_name, ''), ?)",
            [pattern + "|" + "|".join(sorted(owners))],
        ).fetchone()[0]
        masked_texts = con.execute(
            "select count(*) from intermediate.int_gl_lines_converted_to_reporting_currency "
            "where line_description like '%[personal data]%'"
        ).fetchone()[0]
        masked_counterparties = con.execute(
            "select count(*) from intermediate.int_gl_lines_converted_to_reporting_currency "
            "where source_system = 'netsuite' and document_type = 'Expense Report' "
            "and vendor_name = '[personal data]'"
        ).fetchone()[0]
        expense_reports = con.execute(
            "select count(*) from intermediate.int_gl_lines_converted_to_reporting_currency "
            "where source_system = 'netsuite' and document_type = 'Expense Report'"
        ).fetchone()[0]
        amounts_equal = con.execute(
            "select count(*) = 0 from intermediate.int_gl_lines_converted_to_reporting_currency as ledger "
            "inner join staging.stg_sap_s4hana__journal_lines as staged "
            "on ledger.source_file = staged.source_file and ledger.source_line_number = staged.source_line_number "
            "where ledger.amount_local <> staged.amount_local"
        ).fetchone()[0]
    assert in_staging > 0  # the sample names employees in SAP texts: masking has work to do
    assert leaked == 0
    assert masked_texts > 0
    assert expense_reports > 0 and masked_counterparties == expense_reports
    assert amounts_equal  # masking touches texts only, never money
