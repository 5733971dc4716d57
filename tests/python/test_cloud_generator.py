"""scripts/generate_cloud_bills.py: bills consistent with the GL, deterministic, all five layouts."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import numpy as np
import pytest

from scripts import generate_cloud_bills as bills
from scripts import generate_sample_data

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cloud_raw")
    generate_sample_data.generate(root, seed=11, scale=0.1, months=3, start_month="2025-01")
    return root


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_split_exact_adds_up_and_keeps_the_sign() -> None:
    rng = np.random.default_rng(3)
    for total in (0, 1, 7, 123_456_789, -98_765):
        weights = rng.random(17) + 0.01
        parts = bills.split_exact(total, weights)
        assert int(parts.sum()) == total
        assert all((p <= 0) if total < 0 else (p >= 0) for p in parts)


def test_split_exact_rejects_no_weights() -> None:
    with pytest.raises(ValueError):
        bills.split_exact(5, np.array([]))


def test_every_layout_is_written(raw: Path) -> None:
    cloud = raw / "cloud"
    assert list((cloud / "aws_cur2").rglob("*.parquet"))
    assert list((cloud / "aws_cur").rglob("*.csv"))
    assert list((cloud / "azure" / "actual").rglob("*.csv"))
    assert list((cloud / "azure" / "amortized").rglob("*.csv"))
    assert list((cloud / "gcp").rglob("*.jsonl"))
    assert list((cloud / "focus").rglob("*.csv"))
    # EA (PascalCase) and MCA (camelCase) layouts both present
    headers = {p.read_text(encoding="utf-8").splitlines()[0].split(",")[0] for p in (cloud / "azure").rglob("*.csv")}
    assert headers == {"BillingAccountId", "billingAccountId"}


def test_first_cur2_month_is_exported_twice_with_different_numbers(raw: Path) -> None:
    files = sorted((raw / "cloud/aws_cur2").rglob("BILLING_PERIOD=2025-01/*/*.parquet"))
    assert len(files) == 2
    con = duckdb.connect()
    totals = [con.execute(f"select sum(line_item_unblended_cost) from read_parquet('{f}')").fetchall()[0][0] for f in files]
    assert totals[0] != totals[1]


def _gl_cents(raw: Path) -> dict[str, int]:
    targets = bills.read_gl_targets(raw)
    return {f"{bill}|{month:%Y-%m}": cents for (bill, month), cents in targets.items()}


def test_invoiced_totals_equal_the_gl(raw: Path) -> None:
    """Final exports, tax excluded, equal the GL per bill and month to the cent (GCP: in EUR)."""
    gl = _gl_cents(raw)
    con = duckdb.connect()
    cloud = raw / "cloud"
    # CUR 2.0: the latest export of each month; tax is posted outside the cloud account.
    cur2 = con.execute(
        f"""
        with lines as (
            select *, regexp_extract(filename, 'BILLING_PERIOD=([0-9-]+)', 1) as period,
                regexp_extract(filename, '/([0-9]{{8}}T[0-9]{{6}}Z)/', 1) as version
            from read_parquet('{cloud}/aws_cur2/**/*.parquet', filename = true)
        ), latest as (select period, max(version) as version from lines group by 1)
        select lines.period, sum(line_item_unblended_cost)
        from lines inner join latest on lines.period = latest.period and lines.version = latest.version
        where line_item_line_item_type <> 'Tax' group by 1
        """
    ).fetchall()
    for period, total in cur2:
        if f"aws_main|{period}" in gl:  # a month without GL posting is billed anyway (timing)
            assert Decimal(total) * 100 == gl[f"aws_main|{period}"], period
    legacy = con.execute(
        f"""select strftime(cast("bill/BillingPeriodStartDate" as timestamp), '%Y-%m'), sum(cast("lineItem/UnblendedCost" as decimal(18, 6)))
        from read_csv('{cloud}/aws_cur/**/*.csv', all_varchar = true) group by 1"""
    ).fetchall()
    for period, total in legacy:
        if f"aws_ml|{period}" in gl:
            assert total * 100 == gl[f"aws_ml|{period}"], period
    for bill_id in ("azure_ea", "azure_mca"):
        actual = con.execute(
            f"""select strftime(strptime(BillingPeriodStartDate, '%m/%d/%Y'), '%Y-%m'), sum(cast(CostInBillingCurrency as decimal(18, 6)))
            from read_csv('{cloud}/azure/actual/{bill_id}/**/*.csv', all_varchar = true) group by 1"""
        ).fetchall()
        for period, total in actual:
            if f"{bill_id}|{period}" in gl:
                assert total * 100 == gl[f"{bill_id}|{period}"], (bill_id, period)
    focus = con.execute(
        f"""select substr(BillingPeriodStart, 1, 7), sum(cast(BilledCost as decimal(18, 6)))
        from read_csv('{cloud}/focus/**/*.csv', all_varchar = true) group by 1"""
    ).fetchall()
    for period, total in focus:
        if f"aws_apac|{period}" in gl:
            assert total * 100 == gl[f"aws_apac|{period}"], period
    assert len(gl) >= 6 * 3 - 2  # nearly every bill-month has GL postings to compare with


def test_azure_amortized_spreads_the_reservation(raw: Path) -> None:
    con = duckdb.connect()
    cloud = raw / "cloud/azure"
    purchase = con.execute(
        f"select sum(cast(CostInBillingCurrency as decimal(18, 6))) from read_csv('{cloud}/actual/azure_ea/**/*.csv', all_varchar = true) where ChargeType = 'Purchase'"
    ).fetchall()[0][0]
    amortised = con.execute(
        f"select count(distinct BillingPeriodStartDate), sum(cast(CostInBillingCurrency as decimal(18, 6))) "
        f"from read_csv('{cloud}/amortized/azure_ea/**/*.csv', all_varchar = true) where PricingModel = 'Reservation'"
    ).fetchall()[0]
    assert purchase == Decimal("6000")
    months, monthly_total = amortised
    assert monthly_total == Decimal("500") * months  # 6,000 over 12 months, 500 a month


def test_same_inputs_give_identical_bytes(raw: Path) -> None:
    before = _digest(raw / "cloud")
    bills.generate(raw, seed=11, scale=0.1)
    assert _digest(raw / "cloud") == before
    bills.generate(raw, seed=12, scale=0.1)
    assert _digest(raw / "cloud") != before
    bills.generate(raw, seed=11, scale=0.1)


def test_scale_multiplies_lines(raw: Path, tmp_path: Path) -> None:
    small = sum(bills.generate(raw, seed=11, scale=0.1).values())
    large = sum(bills.generate(raw, seed=11, scale=0.3).values())
    bills.generate(raw, seed=11, scale=0.1)
    assert large > 2 * small


def test_without_a_gl_the_cli_says_what_to_do(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.generate_cloud_bills", "--raw", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert "no GL found" in result.stderr and "Traceback" not in result.stderr


def test_bad_scale_is_a_clear_error(raw: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.generate_cloud_bills", "--raw", str(raw), "--scale", "-1"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert "scale must be a positive number" in result.stderr and "Traceback" not in result.stderr


def test_help_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.generate_cloud_bills", "--help"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0 and "--scale" in result.stdout


def test_instance_types_are_in_the_columns_each_export_carries_them_in(raw: Path) -> None:
    cloud = raw / "cloud"
    con = duckdb.connect()
    found = {
        "aws_cur2": con.execute(f"""select distinct product_instance_type
            from read_parquet('{cloud}/aws_cur2/**/*.parquet') where product_instance_type <> ''""").fetchall(),
        "aws_cur": con.execute(f"""select distinct "product/instanceType"
            from read_csv('{cloud}/aws_cur/**/*.csv', all_varchar = true) where "product/instanceType" <> ''""").fetchall(),
        "azure": con.execute(f"""select distinct json_extract_string(coalesce(AdditionalInfo, additionalInfo), '$.ServiceType')
            from read_csv('{cloud}/azure/**/*.csv', all_varchar = true, union_by_name = true)
            where coalesce(AdditionalInfo, additionalInfo) <> ''""").fetchall(),
        "gcp": con.execute(f"""select distinct label.value
            from (select unnest(system_labels) as label from read_json('{cloud}/gcp/**/*.jsonl'))
            where label.key = 'compute.googleapis.com/machine_spec'""").fetchall(),
        "focus": con.execute(f"""select distinct json_extract_string(SkuPriceDetails, '$.InstanceType')
            from read_csv('{cloud}/focus/**/*.csv', all_varchar = true) where SkuPriceDetails is not null""").fetchall(),
    }
    con.close()
    declared = {name for bill in bills.BILLS for service in bill.services for name, _ in service.instance_types}
    written = {value for rows in found.values() for (value,) in rows}
    assert all(found.values()), {layout: rows for layout, rows in found.items() if not rows}
    assert written == declared
    # Azure writes the VM size as `Standard_D2s_v3`, SageMaker as `ml.m5.xlarge`: spelled as the exports do
    assert any(v.startswith("Standard_") for (v,) in found["azure"])
    assert any(v.startswith("ml.") for (v,) in found["aws_cur"])
