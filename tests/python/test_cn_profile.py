"""The Chinese group end to end: `--profile cn` plus the Kingdee, Yonyou and Alibaba Cloud
fixture files (tests/fixtures/cn, written the way those products write them), built by dbt with
CNY as the reporting currency. Expected values are computed here from the raw files."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from scripts import generate_sample_data_cn, normalise_encodings, summary

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "cn"
CNY_VARS = "{reporting_currency: CNY}"

pytestmark = pytest.mark.slow


@dataclass
class CnWarehouse:
    raw: Path
    db: Path
    work: Path
    env: dict[str, str]
    output: str

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.db), read_only=True)


def _dbt(args: list[str], env: dict[str, str], work: Path) -> subprocess.CompletedProcess[str]:
    dbt = Path(sys.executable).parent / "dbt"
    return subprocess.run(
        [str(dbt), *args, "--project-dir", str(REPO_ROOT), "--target-path", str(work / "target"),
         "--log-path", str(work / "logs")],
        env=env, cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )


def _raw_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    text = data.decode(normalise_encodings.detect_encoding(data, str(path)))
    return list(csv.DictReader(io.StringIO(text)))


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text.strip() else Decimal(0)


@pytest.fixture(scope="module")
def cn_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CnWarehouse]:
    work = tmp_path_factory.mktemp("cn_warehouse")
    raw = work / "raw"
    generate_sample_data_cn.generate(raw, seed=7, scale=0.2, months=4, start_month="2025-01")
    for fixture in FIXTURES.glob("*/*.csv.export"):
        folder = {"kingdee": "erp/kingdee", "yonyou": "erp/yonyou", "alibaba_cloud": "cloud/alibaba_cloud"}
        target = raw / folder[fixture.parent.name] / fixture.name.removesuffix(".export")
        shutil.copyfile(fixture, target)
    with (raw / "reference" / "legal_entities.csv").open("a", encoding="utf-8") as handle:
        handle.write("CN91,示例科技有限公司,kingdee,示例账簿,CN,CNY\n")
        handle.write("CN92,示例软件有限公司,yonyou,901,CN,CNY\n")
    normalise_encodings.normalise(raw)
    env = dict(os.environ)
    env.update(BTIM_RAW_PATH=str(raw), BTIM_DB_PATH=str(work / "cn.duckdb"), DBT_PROFILES_DIR=str(REPO_ROOT),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    # unit tests do not depend on the data profile and run in the default build (test_end_to_end)
    result = _dbt(["build", "--vars", CNY_VARS, "--exclude", "test_type:unit"], env, work)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail("dbt build of the cn profile failed:\n" + output[-6000:])
    yield CnWarehouse(raw=raw, db=work / "cn.duckdb", work=work, env=env, output=output)


def test_conservation_holds_in_cny(cn_warehouse: CnWarehouse) -> None:
    with cn_warehouse.connect() as con:
        rows = con.execute(
            "select fiscal_month, layer, amount_in, amount_allocated, amount_unallocated, difference "
            "from finance.fct_allocation_reconciliation"
        ).fetchall()
        currencies = con.execute("select distinct reporting_currency_code from finance.fct_cost_pool_monthly").fetchall()
        sources = con.execute(
            "select distinct source_system from intermediate.int_gl_lines_mapped_to_cost_pools"
        ).fetchall()
    assert currencies == [("CNY",)]
    assert {s for (s,) in sources} == {"kingdee", "yonyou"}
    assert len(rows) == 4 * 4
    for month, layer, amount_in, allocated, unallocated, difference in rows:
        assert difference == 0, (month, layer)
        assert amount_in == allocated + unallocated, (month, layer)
        assert amount_in > 0, (month, layer)


def test_every_row_of_every_chinese_export_is_read(cn_warehouse: CnWarehouse) -> None:
    with cn_warehouse.connect() as con:
        counts = {
            row[0]: row[1:]
            for row in con.execute(
                "select source_file, rows_read, rows_staged, rows_quarantined from intermediate.int_source_file_row_counts "
                "where source_name in ('kingdee.vouchers', 'yonyou.vouchers', 'alibaba_cloud.bill_details')"
            ).fetchall()
        }
    files = [p for folder in ("erp/kingdee", "erp/yonyou", "cloud/alibaba_cloud")
             for p in sorted((cn_warehouse.raw / folder).glob("*.csv"))]
    assert len(files) == 4 + 4 + 4 + 3  # four months of each, plus the three fixtures
    for path in files:
        read, staged, quarantined = counts[str(path.relative_to(cn_warehouse.raw))]
        assert read == len(_raw_rows(path)) == staged + quarantined, path


def test_kingdee_fixture_staged_as_written(cn_warehouse: CnWarehouse) -> None:
    path = cn_warehouse.raw / "erp/kingdee/kingdee_voucher_demo_202503.csv"
    raw = _raw_rows(path)
    with cn_warehouse.connect() as con:
        quarantined = con.execute(
            "select source_line_number, quarantine_reason from staging.base_kingdee__voucher_lines "
            "where source_file = ? and quarantine_reason is not null order by 1", [str(path.relative_to(cn_warehouse.raw))]
        ).fetchall()
        staged = con.execute(
            "select source_line_number, amount_local, cost_center_code, vendor_name, line_description, is_reversal, "
            "transaction_currency_code, amount_transaction from staging.stg_kingdee__gl_lines where source_file = ? "
            "order by 1", [str(path.relative_to(cn_warehouse.raw))]
        ).fetchall()
    assert quarantined == [(11, "amount (借方金额/贷方金额) is not a number"), (12, "missing account (科目编码)")]
    good = {line: row for line, row in enumerate(raw, start=2) if line not in (11, 12)}
    assert [row[0] for row in staged] == sorted(good)
    for line, amount, cost_center, vendor, description, is_reversal, currency, original in staged:
        row = good[line]
        assert amount == _amount(row["借方金额"]) - _amount(row["贷方金额"])
        assert description == row["摘要"]  # Chinese text unchanged
        assert is_reversal == row["摘要"].startswith("冲销")
        dims = row["核算维度"].replace("：", ":").replace("；", ";")
        if "部门:" in dims:
            assert cost_center == dims.split("部门:")[1].split(" ")[0]
        if "供应商:" in dims:
            assert vendor == dims.split("供应商:")[1].split(" ", 1)[1].split(";")[0]
        assert currency == {"人民币": "CNY", "美元": "USD"}[row["币别"]]
        assert abs(original) == _amount(row["原币金额"]).copy_abs()


def test_yonyou_fixture_staged_as_written(cn_warehouse: CnWarehouse) -> None:
    path = cn_warehouse.raw / "erp/yonyou/u8_voucher_901_202503.csv"
    raw = _raw_rows(path)
    rel = str(path.relative_to(cn_warehouse.raw))
    with cn_warehouse.connect() as con:
        quarantined = con.execute(
            "select source_line_number, quarantine_reason from staging.base_yonyou__voucher_lines "
            "where source_file = ? and quarantine_reason is not null order by 1", [rel]
        ).fetchall()
        staged_total, staged_count = con.execute(
            "select sum(amount_local), count(*) from staging.stg_yonyou__gl_lines where source_file = ?", [rel]
        ).fetchone()
        mapped = dict(con.execute(
            "select source_account_code, account_code from intermediate.int_cn_gl_lines_mapped_to_group_accounts "
            "where source_entity_key = '901'"
        ).fetchall())
    assert quarantined == [(11, "date (制单日期) is not a valid YYYY-MM-DD date"),
                           (12, "debit and credit (借方金额 and 贷方金额) both on one line")]
    good = [row for line, row in enumerate(raw, start=2) if line not in (11, 12)]
    assert staged_count == len(good)
    assert staged_total == sum(_amount(r["借方金额"]) - _amount(r["贷方金额"]) for r in good)
    # Yonyou's unseparated codes map through the same crosswalk rows as Kingdee's dotted ones;
    # 6711 has no row of its own and falls to the class-6 catch-all (non-IT)
    assert mapped["66020309"] == "640100" and mapped["22210101"] == "220100"
    assert mapped["6711"] == "799900" and mapped["2202"] == "200100"


def test_input_vat_is_excluded_unless_the_entity_says_otherwise(cn_warehouse: CnWarehouse) -> None:
    query = (
        "select source_entity_key, account_code, cost_center_code, input_vat_treatment "
        "from intermediate.int_cn_gl_lines_mapped_to_group_accounts where is_input_vat and source_entity_key in "
        "('示例账簿', '901') order by 1"
    )
    with cn_warehouse.connect() as con:
        default = con.execute(query).fetchall()
        statuses = con.execute(
            "select distinct ledger_status from intermediate.int_gl_lines_mapped_to_cost_pools "
            "where account_code = '220100'"
        ).fetchall()
    assert default == [("901", "220100", None, "input VAT excluded"), ("示例账簿", "220100", None, "input VAT excluded")]
    assert statuses == [("excluded",)]
    result = _dbt(
        ["run", "--select", "int_cn_gl_lines_mapped_to_group_accounts", "--vars",
         "{reporting_currency: CNY, input_vat_as_cost_entities: [CN91]}"],
        cn_warehouse.env, cn_warehouse.work,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    with cn_warehouse.connect() as con:
        as_cost = con.execute(query).fetchall()
    # CN91's VAT follows its voucher's cloud expense (615100, IT130); CN92 still excludes it
    assert as_cost == [("901", "220100", None, "input VAT excluded"), ("示例账簿", "615100", "IT130", "input VAT as cost")]
    restore = _dbt(["run", "--select", "int_cn_gl_lines_mapped_to_group_accounts", "--vars", CNY_VARS],
                   cn_warehouse.env, cn_warehouse.work)
    assert restore.returncode == 0


def test_alibaba_cloud_fixture_billed_and_amortised(cn_warehouse: CnWarehouse) -> None:
    path = cn_warehouse.raw / "cloud/alibaba_cloud/1234567890123456_bill_detail_202503.csv"
    raw = _raw_rows(path)
    rel = str(path.relative_to(cn_warehouse.raw))
    with cn_warehouse.connect() as con:
        quarantined = con.execute(
            "select source_line_number, quarantine_reason from staging.base_alibaba_cloud__bill_lines "
            "where source_file = ? and quarantine_reason is not null order by 1", [rel]
        ).fetchall()
        billed, effective = con.execute(
            "select sum(billed_cost), sum(effective_cost) from intermediate.int_alibaba_cloud_charges_amortized where x_source_file = ?",
            [rel],
        ).fetchone()
        rds = con.execute(
            "select count(*), sum(effective_cost), min(charge_period_start), max(charge_period_start) "
            "from intermediate.int_alibaba_cloud_charges_amortized where x_source_file = ? and resource_id = 'rm-uf6xyz' "
            "and charge_category = 'Usage'", [rel]
        ).fetchone()
        tags = con.execute(
            "select distinct x_tags_json from intermediate.int_alibaba_cloud_charges_amortized where resource_id = 'i-uf6a1b2c3d4e5f'"
        ).fetchall()
    assert quarantined == [(7, "unknown consumption type (消费类型)"), (8, "instance tags (实例标签) repeat a key")]
    good = [row for line, row in enumerate(raw, start=2) if line not in (7, 8)]
    # billed = what Alibaba Cloud invoices: payable less vouchers (list - discount - vouchers)
    assert billed == sum(_amount(r["应付金额"]) - _amount(r["代金券抵扣"]) for r in good)
    assert effective == billed  # every prepaid purchase's amortisation adds up to its net cost
    rds_row = next(r for r in good if r["实例ID"] == "rm-uf6xyz")
    count, total, first, last = rds
    assert count == 12 and total == _amount(rds_row["应付金额"]) - _amount(rds_row["代金券抵扣"])
    assert (first.year, first.month, last.year, last.month) == (2025, 3, 2026, 2)
    assert tags == [('{"app":"APP-ERP-OM","env":"prod","成本中心":"IT200"}',)]


def test_chinese_text_survives_into_the_ledger_and_marts(cn_warehouse: CnWarehouse) -> None:
    with cn_warehouse.connect() as con:
        entities = {row[0] for row in con.execute(
            "select distinct source_entity_key from intermediate.int_gl_lines_mapped_to_cost_pools").fetchall()}
        vendors = {row[0] for row in con.execute(
            "select distinct vendor_name from intermediate.int_gl_lines_mapped_to_cost_pools").fetchall()}
        pool_names = {row[0] for row in con.execute("select cost_pool_name_zh from core.dim_cost_pools").fetchall()}
    assert {"美瑞德上海账簿", "示例账簿", "002", "901"} <= entities
    assert {"阿里云计算有限公司", "世纪互联数据中心有限公司", "微软(中国)有限公司"} <= vendors
    assert "人员" in pool_names


def test_summary_in_chinese(cn_warehouse: CnWarehouse) -> None:
    with cn_warehouse.connect() as con:
        result = summary.build_summary(con)
    text = summary.format_summary(result, "zh")
    assert result.currency == "CNY" and result.max_abs_difference == 0
    assert "最近结账月份 2025-03" in text and "金额单位：CNY" in text
    for term in ("按成本池的支出", "技术资源塔", "技术消费者", "守恒校验"):
        assert term in text
    # taxonomy names are shown in Chinese: every cost pool of the month by its Chinese name
    assert all(result.names_zh.get(name, name) in text for name, _ in result.by_cost_pool)
    assert any(name != result.names_zh.get(name, name) for name, _ in result.by_cost_pool)
