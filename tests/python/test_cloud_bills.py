"""Cloud bills end to end: real published samples, the sample enterprise, re-exports.

The real samples (tests/fixtures/cloud, see its README) are copied unchanged into a raw folder's
cloud/ layout and built; the sample enterprise's bills come from the session warehouse
(conftest.built_warehouse), whose generator writes all five layouts.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.python.conftest import BuiltWarehouse, dbt_env, run_dbt

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cloud"
CLOUD_MODELS = [
    "staging.aws_cur2", "staging.aws_cur", "staging.azure", "staging.gcp", "staging.focus",
    "int_cloud_tag_sets_normalized", "int_cloud_tags_normalized", "int_cloud_charges",
]


def _build_copy(built: BuiltWarehouse, work: Path, cloud_setup) -> tuple[Path, Path]:
    """A copy of the session warehouse and raw folder with cloud/ replaced, cloud models rebuilt."""
    raw = work / "raw"
    shutil.copytree(built.raw_path, raw, ignore=shutil.ignore_patterns("cloud"))
    (raw / "cloud").mkdir()
    cloud_setup(raw / "cloud")
    db = work / "warehouse.duckdb"
    shutil.copy(built.db_path, db)
    # The cloud folder was replaced wholesale, whole months of bills removed with it: that takes
    # a full refresh of the incremental cloud models (docs/incremental.md).
    result = run_dbt(["build", "--select", *CLOUD_MODELS, "--full-refresh"], dbt_env(raw, db), work)
    if result.returncode != 0:
        pytest.fail("dbt build of the cloud models failed:\n" + (result.stdout + result.stderr)[-6000:])
    return raw, db


def _number(text: str) -> Decimal:
    """A cost as the files write it: plain, E notation, or `$50,000.00 `."""
    cleaned = text.strip().replace("$", "").replace(",", "")
    return Decimal(cleaned) if cleaned and cleaned.lower() != "null" else Decimal(0)


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _cur_effective(row: dict[str, str]) -> Decimal:
    """EffectiveCost of a legacy CUR line, by line item type (AWS's FOCUS rules)."""
    kind = row["lineItem/LineItemType"]
    get = lambda name: _number(row.get(name, "") or "")  # noqa: E731
    if kind == "DiscountedUsage":
        return get("reservation/EffectiveCost")
    if kind == "RIFee":
        return get("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod") + get("reservation/UnusedRecurringFee")
    if kind == "SavingsPlanCoveredUsage":
        return get("savingsPlan/SavingsPlanEffectiveCost")
    if kind == "SavingsPlanRecurringFee":
        return get("savingsPlan/TotalCommitmentToDate") - get("savingsPlan/UsedCommitment")
    if kind in ("SavingsPlanNegation", "SavingsPlanUpfrontFee"):
        return Decimal(0)
    return get("lineItem/UnblendedCost")


# --------------------------------------------------------------------------------------------
# Real samples
# --------------------------------------------------------------------------------------------


def _place_fixtures(cloud: Path) -> None:
    shutil.copytree(FIXTURES / "focus_spec_examples", cloud / "focus" / "focus_spec_examples")
    shutil.copytree(FIXTURES / "aws_cur_legacy", cloud / "aws_cur" / "aws_cur_legacy")
    shutil.copytree(FIXTURES / "azure_ea", cloud / "azure" / "actual" / "azure_ea")
    # no aws_cur2/, gcp/ or azure/amortized/: providers not used must not break the build


@pytest.fixture(scope="module")
def fixture_warehouse(built_warehouse: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _build_copy(built_warehouse, tmp_path_factory.mktemp("cloud_fixtures"), _place_fixtures)


def _expected_per_file(raw: Path) -> dict[str, tuple[int, Decimal, Decimal]]:
    """File -> (rows, BilledCost sum, EffectiveCost sum), computed here from the raw files."""
    expected: dict[str, tuple[int, Decimal, Decimal]] = {}
    cloud = raw / "cloud"
    for path in sorted((cloud / "focus").rglob("*.csv")):
        rows = _rows(path)
        expected[str(path.relative_to(raw))] = (
            len(rows), sum(_number(r["BilledCost"]) for r in rows), sum(_number(r["EffectiveCost"]) for r in rows)
        )
    for path in sorted((cloud / "aws_cur").rglob("*.csv")):
        rows = _rows(path)
        expected[str(path.relative_to(raw))] = (
            len(rows), sum(_number(r["lineItem/UnblendedCost"]) for r in rows), sum(_cur_effective(r) for r in rows)
        )
    for path in sorted((cloud / "azure").rglob("*.csv")):
        rows = _rows(path)
        total = sum(_number(r["CostInBillingCurrency"]) for r in rows)
        expected[str(path.relative_to(raw))] = (len(rows), total, total)
    return expected


def test_every_real_sample_ingests_without_quarantine(fixture_warehouse: tuple[Path, Path]) -> None:
    raw, db = fixture_warehouse
    with duckdb.connect(str(db), read_only=True) as con:
        quarantined = con.execute(
            """
            select x_source_file, x_source_line_number, quarantine_reason from staging.base_focus__charges where quarantine_reason is not null
            union all select x_source_file, x_source_line_number, quarantine_reason from staging.base_aws_cur__charges where quarantine_reason is not null
            union all select x_source_file, x_source_line_number, quarantine_reason from staging.base_azure__cost_details where quarantine_reason is not null
            """
        ).fetchall()
    assert quarantined == []


def test_staged_totals_equal_each_files_own_sums(fixture_warehouse: tuple[Path, Path]) -> None:
    raw, db = fixture_warehouse
    expected = _expected_per_file(raw)
    assert len(expected) == 26 + 1 + 1
    with duckdb.connect(str(db), read_only=True) as con:
        staged = {
            file: (rows, billed, effective)
            for file, rows, billed, effective in con.execute(
                """
                select x_source_file, count(*), sum(billed_cost), sum(effective_cost) from (
                    select x_source_file, billed_cost, effective_cost from staging.stg_focus__charges
                    union all select x_source_file, billed_cost, effective_cost from staging.stg_aws_cur__charges
                    union all select x_source_file, billed_cost, effective_cost from staging.stg_azure__cost_details
                ) group by 1
                """
            ).fetchall()
        }
    assert set(staged) == set(expected)
    for file, (rows, billed, effective) in expected.items():
        assert staged[file] == (rows, billed, effective), file


def test_unused_providers_build_empty(fixture_warehouse: tuple[Path, Path]) -> None:
    _, db = fixture_warehouse
    with duckdb.connect(str(db), read_only=True) as con:
        for model in ("stg_aws_cur2__charges", "stg_gcp__billing_export"):
            assert con.execute(f"select count(*) from staging.{model}").fetchall() == [(0,)]
        # Azure period exported as actual only: every actual row counts, nothing lost.
        assert con.execute(
            "select count(*), sum(billed_cost) = sum(effective_cost) from intermediate.int_cloud_charges where x_source_layout = 'azure'"
        ).fetchall() == [(27, True)]


def test_fixture_dates_become_focus_periods(fixture_warehouse: tuple[Path, Path]) -> None:
    _, db = fixture_warehouse
    with duckdb.connect(str(db), read_only=True) as con:
        azure = con.execute(
            "select distinct billing_period_start, billing_period_end from staging.stg_azure__cost_details"
        ).fetchall()
        # Azure writes 9/1/2023 - 9/30/2023 (inclusive end); FOCUS ends are exclusive.
        assert azure == [(dt.date(2023, 9, 1), dt.date(2023, 10, 1))]
        saas = con.execute(
            "select billing_period_start from staging.stg_focus__charges where x_source_file like '%simple_saas_agreements_a1.csv'"
        ).fetchall()
        assert saas == [(dt.date(2025, 4, 1),)]  # `4/1/25`, month first


def test_commitment_effective_cost_over_the_term_equals_the_purchase(fixture_warehouse: tuple[Path, Path]) -> None:
    """FOCUS examples: what a commitment costs over its term, as EffectiveCost, is its BilledCost."""
    _, db = fixture_warehouse
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """
            select regexp_extract(x_source_file, '[^/]*$') as file, charge_category, commitment_discount_id,
                billed_cost, effective_cost, charge_period_start, charge_period_end
            from staging.stg_focus__charges
            """
        ).fetchall()
    by_file: dict[str, list[tuple]] = {}
    for row in rows:
        by_file.setdefault(row[0], []).append(row)
    checked = 0
    # 1. Files that hold a commitment's whole term (purchase, used and unused parts): per
    #    commitment, EffectiveCost of its rows = BilledCost of its purchase.
    for file, file_rows in by_file.items():
        commitments = {r[2] for r in file_rows if r[1] == "Purchase" and r[2]}
        for commitment in commitments:
            if file.startswith("commitment_discount_purchase"):
                continue  # purchase only; its usage is in the usage scenario files (case 2)
            purchase = sum(r[3] for r in file_rows if r[2] == commitment and r[1] == "Purchase")
            effective = sum(r[4] for r in file_rows if r[2] == commitment)
            assert effective == purchase, (file, commitment)
            checked += 1
    # SaaS spend commitments (no CommitmentDiscountId): the file covers the contract.
    for file in ("saas_spend_agreements_b1.csv", "saas_spend_agreements_b2.csv"):
        purchase = sum(r[3] for r in by_file[file] if r[1] == "Purchase")
        assert sum(r[4] for r in by_file[file]) == purchase, file
        checked += 1
    # 2. The one-year all-upfront purchase (scenario 1) and its hourly usage (scenarios 1-3):
    #    the hourly EffectiveCost (used + unused) times the hours of the term = the purchase.
    (purchase,) = [r for r in by_file["commitment_discount_purchase_scenario_1.csv"] if r[1] == "Purchase"]
    term_hours = Decimal((purchase[6] - purchase[5]).total_seconds() / 3600)
    assert term_hours == 8760
    for usage_file in ("commitment_discount_usage_scenario_1.csv", "commitment_discount_usage_scenario_2.csv",
                       "commitment_discount_usage_scenario_3.csv"):
        hourly = sum(r[4] for r in by_file[usage_file] if r[2])
        assert hourly * term_hours == purchase[3], usage_file
        checked += 1
    assert checked >= 8


# --------------------------------------------------------------------------------------------
# The sample enterprise (session warehouse)
# --------------------------------------------------------------------------------------------


def test_reconciliation_covers_every_provider_and_month(built_warehouse: BuiltWarehouse) -> None:
    with built_warehouse.connect() as con:
        rows = con.execute(
            "select provider_name, fiscal_month, gl_amount, billed_amount, difference, tax_amount, explanation "
            "from finance.fct_cloud_gl_reconciliation"
        ).fetchall()
        gl_total = con.execute(
            "select sum(amount_reporting) from intermediate.int_gl_lines_mapped_to_cost_pools "
            "where ledger_status = 'mapped' and cost_pool_id = 'cloud_services'"
        ).fetchall()[0][0]
    providers = {r[0] for r in rows}
    months = {r[1] for r in rows}
    assert providers == {"AWS", "Microsoft", "Google Cloud"}
    assert len(rows) == len(providers) * len(months) == 3 * 4
    assert sum(r[2] for r in rows) == gl_total.quantize(Decimal("0.01"))
    for provider, month, gl, billed, difference, tax, explanation in rows:
        assert difference == gl - billed
        assert not explanation.startswith("unexplained"), (provider, month, explanation)
        if gl == 0:  # the month's invoice is not posted yet: the bill explains the gap
            assert explanation == "timing: billed, not yet posted to the GL", (provider, month)
        elif provider == "Microsoft":
            assert explanation == "matched", month
        elif provider == "AWS":
            assert explanation.startswith("tax") and tax > 0 and abs(difference + tax) < Decimal("0.005") * gl


def test_re_exported_month_counts_once(built_warehouse: BuiltWarehouse) -> None:
    """The generator exports Jan of CUR 2.0 twice; only the later export counts."""
    with built_warehouse.connect() as con:
        versions = con.execute(
            "select distinct x_export_version from staging.stg_aws_cur2__charges "
            "where billing_period_start = date '2025-01-01' order by 1"
        ).fetchall()
        counted = con.execute(
            "select distinct x_export_version from intermediate.int_cloud_charges "
            "where x_source_layout = 'aws_cur2' and billing_period_start = date '2025-01-01'"
        ).fetchall()
    assert len(versions) == 2
    assert counted == [versions[-1]]


def test_tag_keys_differing_in_case_are_merged(built_warehouse: BuiltWarehouse) -> None:
    with built_warehouse.connect() as con:
        merged = con.execute(
            "select x_tags_json, tags from intermediate.int_cloud_tag_sets_normalized where merged_key_count > 0"
        ).fetchall()
        untagged = con.execute(
            "select count(*), count(x_application_unassigned_reason) from intermediate.int_cloud_charges "
            "where x_application_id = 'untagged'"
        ).fetchall()[0]
    assert merged, "the sample has lines with App and APP on one resource"
    for raw_tags, tags in merged:
        assert '"app":"APP-' in tags, (raw_tags, tags)  # the spelling with a value wins
        assert '"App"' not in tags and '"APP"' not in tags
    assert untagged[0] > 0 and untagged[0] == untagged[1]  # untagged spend stays visible, with a reason


def test_drivers_weigh_the_whole_effective_cost(built_warehouse: BuiltWarehouse) -> None:
    with built_warehouse.connect() as con:
        rows = con.execute(
            """
            select drivers.driver_name, drivers.fiscal_month, drivers.driver_scope, sum(drivers.driver_value), charges.total
            from intermediate.int_cloud_bill_drivers as drivers
            inner join (
                select x_fiscal_month, provider_name, round(sum(x_effective_cost_reporting), 6) as total
                from intermediate.int_cloud_charges group by 1, 2
            ) as charges on drivers.fiscal_month = charges.x_fiscal_month and drivers.driver_scope = charges.provider_name
            group by 1, 2, 3, 5
            """
        ).fetchall()
    assert {r[0] for r in rows} == {"cloud_effective_cost_by_sub_tower", "cloud_effective_cost_by_application"}
    for name, month, provider, driven, total in rows:
        assert abs(driven - total) < Decimal("0.0001"), (name, month, provider)


def test_azure_actual_and_amortized_are_not_double_counted(built_warehouse: BuiltWarehouse) -> None:
    with built_warehouse.connect() as con:
        by_dataset = con.execute(
            """
            select x_dataset, x_provider_charge_type, sum(billed_cost), sum(effective_cost)
            from intermediate.int_cloud_charges where x_source_layout = 'azure' group by 1, 2 order by 1, 2
            """
        ).fetchall()
        actual_total = con.execute(
            "select sum(billed_cost) from staging.stg_azure__cost_details where x_dataset = 'actual'"
        ).fetchall()[0][0]
        counted_billed = con.execute(
            "select sum(billed_cost) from intermediate.int_cloud_charges where x_source_layout = 'azure'"
        ).fetchall()[0][0]
    kinds = {(r[0], r[1]) for r in by_dataset}
    assert ("actual", "Purchase") in kinds and ("amortized", "UnusedReservation") in kinds
    assert ("actual", "Usage") not in kinds  # usage comes from the amortized data only
    purchase = [r for r in by_dataset if r[:2] == ("actual", "Purchase")][0]
    assert purchase[3] == 0  # the purchase's cost is spread over the amortized rows
    assert counted_billed == actual_total  # what is invoiced, once


def test_re_exporting_a_month_with_changed_numbers_changes_it_once(
    built_warehouse: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory
) -> None:
    def with_new_export(cloud: Path) -> None:
        shutil.copytree(built_warehouse.raw_path / "cloud", cloud, dirs_exist_ok=True)
        feb = cloud / "aws_cur2/meridian-cur2/data/BILLING_PERIOD=2025-02"
        (original,) = list(feb.glob("*.parquet"))
        later = feb / "20250320T040000Z" / original.name
        later.parent.mkdir()
        duckdb.connect().execute(
            f"copy (select * replace (line_item_unblended_cost * 1.1 as line_item_unblended_cost) "
            f"from read_parquet('{original}')) to '{later}' (format parquet)"
        )

    def totals(db: Path) -> dict[dt.date, Decimal]:
        with duckdb.connect(str(db), read_only=True) as con:
            return dict(con.execute(
                "select billing_period_start, sum(billed_cost) from intermediate.int_cloud_charges "
                "where x_source_layout = 'aws_cur2' group by 1"
            ).fetchall())

    before = totals(built_warehouse.db_path)
    raw, db = _build_copy(built_warehouse, tmp_path_factory.mktemp("cloud_reexport"), with_new_export)
    after = totals(db)
    with duckdb.connect() as con:
        feb_file = next((raw / "cloud/aws_cur2/meridian-cur2/data/BILLING_PERIOD=2025-02").glob("*.parquet"))
        original_total = con.execute(f"select sum(line_item_unblended_cost) from read_parquet('{feb_file}')").fetchall()[0][0]
    feb = dt.date(2025, 2, 1)
    assert after[feb] - before[feb] == (original_total * Decimal("1.1") - original_total).quantize(Decimal("1e-10"))
    assert {m: v for m, v in after.items() if m != feb} == {m: v for m, v in before.items() if m != feb}
