"""The sample enterprise as a Chinese group (``generate_sample_data --profile cn``).

*美瑞德工业集团* (Meridian Industries' Chinese group) has two subsidiaries that report in CNY:

* CN10 美瑞德工业(上海)有限公司 on Kingdee K/3 Cloud, account book ``美瑞德上海账簿``:
  ``erp/kingdee/kingdee_voucher_<YYYYMM>.csv``, GBK;
* CN20 美瑞德工业(苏州)有限公司 on Yonyou U8, account set ``002``:
  ``erp/yonyou/u8_voucher_002_<YYYYMM>.csv``, GB18030;

and buys Alibaba Cloud: ``cloud/alibaba_cloud/<account id>_bill_detail_<YYYYMM>.csv``, UTF-8 with
a byte-order mark, as the console exports it. Layouts: docs/china.md.

How it is made: the default generator writes Meridian's ledgers and reference data; the SAP
ledgers of company codes 1000 and 2000 are then re-expressed as Kingdee and Yonyou vouchers of
CN10 and CN20 (Chinese chart of accounts from seeds/mappings/cn_account_crosswalk.csv read
backwards, amounts converted to CNY at the month's rate and rebalanced per voucher, SAP
reversals as red-letter 红字 vouchers, input VAT 进项税额 added to vendor invoices), so the
Chinese group keeps every story of the sample (reversals, credit memos, the late correction,
the unmapped account, the malformed lines). The SAP and NetSuite folders keep a header-only file
(the group runs neither ERP; the warehouse reads every layout). Reference data moves to the two
entities and CNY; FX rates are quoted to CNY (the reporting currency: build with
``--vars '{reporting_currency: CNY}'``). Deterministic for given arguments.
"""

from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import numpy as np

from scripts import generate_sample_data as base
from scripts import normalise_encodings

KINGDEE_FOLDER = "erp/kingdee"
YONYOU_FOLDER = "erp/yonyou"
ALIBABA_FOLDER = "cloud/alibaba_cloud"
KINGDEE_BOOK = "美瑞德上海账簿"
YONYOU_ACCOUNT_SET = "002"
ALIBABA_ACCOUNT_ID = "1688000012345678"
CENT = Decimal("0.01")

# entity of the default enterprise -> Chinese subsidiary
ENTITY_MAP: dict[str, str] = {"1000": "CN10", "SG10": "CN10", "2000": "CN20"}
CN_ENTITIES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("CN10", "美瑞德工业(上海)有限公司", "kingdee", KINGDEE_BOOK, "CN", "CNY"),
    ("CN20", "美瑞德工业(苏州)有限公司", "yonyou", YONYOU_ACCOUNT_SET, "CN", "CNY"),
)

# group account -> Chinese account (code, name): the crosswalk seed read backwards
CN_ACCOUNTS: dict[str, tuple[str, str]] = {
    "100100": ("1002", "银行存款"),
    "160100": ("1601.01", "固定资产-电子设备"),
    "160200": ("1701.01", "无形资产-软件"),
    "160300": ("1601.02", "固定资产-机房设备"),
    "169100": ("1602", "累计折旧"),
    "200100": ("2202", "应付账款"),
    "210100": ("2241", "其他应付款"),
    "220100": ("2221.01.01", "应交税费-应交增值税-进项税额"),
    "400100": ("6001", "主营业务收入"),
    "500100": ("6401", "主营业务成本"),
    "600100": ("6602.01.01", "管理费用-职工薪酬-IT人员"),
    "600200": ("6602.01.02", "管理费用-职工薪酬-非IT人员"),
    "600300": ("6602.01.03", "管理费用-职工薪酬-IT外包人员"),
    "600400": ("6602.02.01", "管理费用-差旅培训-IT"),
    "610100": ("6602.03.07", "管理费用-信息技术费-IT咨询费"),
    "610200": ("6602.03.08", "管理费用-信息技术费-IT托管服务费"),
    "615100": ("6602.03.01", "管理费用-信息技术费-云服务费"),
    "620100": ("6602.03.05", "管理费用-信息技术费-硬件维护费"),
    "620200": ("6602.03.06", "管理费用-信息技术费-硬件租赁费"),
    "620300": ("6602.04.01", "管理费用-折旧-IT设备"),
    "630100": ("6602.03.02", "管理费用-信息技术费-软件许可费"),
    "630200": ("6602.03.03", "管理费用-信息技术费-软件维护费"),
    "630300": ("6602.03.04", "管理费用-信息技术费-SaaS订阅费"),
    "630400": ("6602.04.02", "管理费用-摊销-软件"),
    "640100": ("6602.03.09", "管理费用-信息技术费-机房托管费"),
    "640200": ("6602.03.10", "管理费用-信息技术费-机房电费"),
    "650100": ("6602.03.11", "管理费用-信息技术费-通信网络费"),
    "650200": ("6602.03.12", "管理费用-信息技术费-手机通讯费"),
    "660100": ("6602.03.13", "管理费用-信息技术费-IT杂费"),
    "669900": ("6602.03.99", "管理费用-信息技术费-未分类"),
    "700100": ("6601", "销售费用"),
    "700200": ("6602.05", "管理费用-办公室租金"),
    "700300": ("6602.02.02", "管理费用-差旅费-非IT"),
}
INPUT_VAT_ACCOUNT = "220100"
PAYABLES_ACCOUNT = "200100"
# VAT rates of the general taxpayer by group account prefix (services 6 %, goods 13 %, telecom 9 %)
VAT_RATES: tuple[tuple[str, Decimal], ...] = (
    ("62", Decimal("0.13")), ("16", Decimal("0.13")), ("65", Decimal("0.09")), ("6", Decimal("0.06")),
)
VOUCHER_WORD: dict[str, str] = {"KR": "记", "KG": "记", "AB": "记", "SA": "转", "AA": "转", "AF": "转"}
CURRENCY_NAMES: dict[str, str] = {"CNY": "人民币", "USD": "美元", "EUR": "欧元", "SGD": "新加坡元", "GBP": "英镑"}
COST_CENTER_NAMES: dict[str, str] = {
    "IT100": "数据中心运维部", "IT110": "计算与存储平台部", "IT120": "网络服务部", "IT130": "云平台部",
    "IT140": "人工智能平台部", "IT200": "ERP应用部", "IT210": "应用开发部", "IT220": "CRM与电商应用部",
    "IT230": "数据与分析部", "IT300": "信息安全部", "IT400": "服务台与办公支持部", "IT500": "IT管理与财务部",
    "IT600": "苏州运维中心", "SG-IT100": "亚太IT服务部", "CONS100": "消费品销售部", "IND100": "工业解决方案运营部",
    "SVC100": "服务与售后部", "DIGI100": "数字商务部", "CORP100": "集团财务部", "CORP200": "人力资源部",
    "MKT100": "集团市场部",
}
# CNY per USD walk start; the group reports in CNY
CNY_PER_USD = Decimal("7.18")

# ---------------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], encoding: str,
               line_end: str = "\r\n") -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    # "utf-8-sig" writes the byte-order mark that the Alibaba Cloud console writes
    path.write_bytes(buffer.getvalue().encode(encoding))
    return len(rows)


def _money(value: Decimal) -> str:
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def _to_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return None


def cny_rates(months: Sequence[str], seed: int) -> dict[str, Decimal]:
    """CNY per USD for each month (YYYY-MM-01): a small deterministic random walk."""
    rng = np.random.default_rng([seed, 1010])
    steps = rng.normal(0.0, 0.004, size=len(months))
    rates: dict[str, Decimal] = {}
    level = float(CNY_PER_USD)
    for month, step in zip(months, steps, strict=True):
        level *= 1.0 + float(step)
        rates[month] = Decimal(f"{level:.6f}")
    return rates


def vat_rate(group_account: str) -> Decimal:
    for prefix, rate in VAT_RATES:
        if group_account.startswith(prefix):
            return rate
    return Decimal("0.06")


# ---------------------------------------------------------------------------------------------
# reference data


def _rewrite_reference(ref: Path, to_cny: dict[tuple[str, str], Decimal], cny_per_usd: dict[str, Decimal],
                       counts: dict[str, int]) -> None:
    def rewrite(name: str, header: Sequence[str], rows: list[list[str]]) -> None:
        counts[f"reference/{name}"] = _write_csv(ref / name, header, rows, "utf-8", "\n")

    rewrite("legal_entities.csv",
            ("entity_id", "entity_name", "erp_system", "source_entity_key", "country_code", "functional_currency"),
            [list(e) for e in CN_ENTITIES])

    centres = _read_csv(ref / "cost_centers.csv")
    rewrite("cost_centers.csv", list(centres[0].keys()), [
        [c["cost_center_code"], COST_CENTER_NAMES.get(c["cost_center_code"], c["cost_center_name"]),
         ENTITY_MAP.get(c["entity_id"], c["entity_id"]), c["business_unit_code"], c["owner_name"],
         c["is_it_cost_center"]]
        for c in centres
    ])

    def convert(amount: str, currency: str, month: str) -> str:
        value = _to_decimal(amount)
        rate = to_cny.get((month, currency))
        if value is None or rate is None:
            return amount
        return _money(value * rate)

    budgets = _read_csv(ref / "budgets.csv")
    rewrite("budgets.csv", list(budgets[0].keys()), [
        [b["budget_month"], b["budget_version"], ENTITY_MAP.get(b["entity_id"], b["entity_id"]),
         b["cost_center_code"], b["account_code"], convert(b["amount"], b["currency_code"], b["budget_month"]), "CNY"]
        for b in budgets
    ])
    first_month = min(cny_per_usd)
    assets = _read_csv(ref / "asset_register.csv")
    rewrite("asset_register.csv", list(assets[0].keys()), [
        [a["asset_id"], ENTITY_MAP.get(a["entity_id"], a["entity_id"]), a["asset_description"], a["asset_class"],
         a["account_code"], a["cost_center_code"], a["vendor_id"], a["acquisition_date"], a["in_service_date"],
         a["useful_life_months"],
         convert(a["acquisition_cost"], a["currency_code"], first_month), "CNY"]
        for a in assets
    ])
    kpis = _read_csv(ref / "business_kpis.csv")
    rewrite("business_kpis.csv", list(kpis[0].keys()), [
        [k["kpi_month"], k["business_unit_code"], k["kpi_name"],
         convert(k["kpi_value"], k["unit"], k["kpi_month"]) if k["unit"] == "USD" else k["kpi_value"],
         "CNY" if k["unit"] == "USD" else k["unit"]]
        for k in kpis
    ])
    fx_rows: list[list[str]] = []
    for (month, currency), rate in sorted(to_cny.items()):
        fx_rows.append([month, currency, "CNY", f"{rate:.6f}", f"{rate:.6f}"])
    rewrite("fx_rates.csv", ("rate_month", "from_currency", "to_currency", "average_rate", "closing_rate"), fx_rows)


# ---------------------------------------------------------------------------------------------
# GL: SAP documents -> Chinese vouchers


def _documents(sap_folder: Path, company_code: str) -> dict[tuple[str, str], list[dict[str, str]]]:
    documents: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for path in sorted(sap_folder.glob(f"ACDOCA_{company_code}_*.csv")):
        for row in _read_csv(path):
            documents[(row["GJAHR"], row["BELNR"])].append(row)
    return documents


def _cny_lines(lines: list[dict[str, str]], month: str, to_cny: dict[tuple[str, str], Decimal]) -> list[dict]:
    """Convert a document's lines to CNY, rebalanced, with input VAT on vendor invoices."""
    out: list[dict] = []
    for row in lines:
        hsl = _to_decimal(row["HSL"])
        rate = to_cny[(month, row["RHCUR"])]
        out.append({
            "row": row,
            "account": row["RACCT"].lstrip("0"),
            "cny": None if hsl is None else (hsl * rate).quantize(CENT, rounding=ROUND_HALF_UP),
            "raw": row["HSL"],
        })
    if all(item["cny"] is not None for item in out) and out:
        difference = sum(item["cny"] for item in out)
        if difference:
            largest = max(out, key=lambda item: abs(item["cny"]))
            largest["cny"] -= difference
        if lines[0]["BLART"] == "KR":
            expenses = [i for i in out if i["account"][:1] in ("6", "7") and i["cny"] > 0]
            payables = [i for i in out if i["account"] == PAYABLES_ACCOUNT and i["cny"] < 0]
            if expenses and payables:
                vat = sum((i["cny"] * vat_rate(i["account"])).quantize(CENT, rounding=ROUND_HALF_UP) for i in expenses)
                if vat:
                    payables[0]["cny"] -= vat
                    out.append({"row": {**expenses[0]["row"], "RACCT": INPUT_VAT_ACCOUNT, "RCNTR": "",
                                        "SGTXT": expenses[0]["row"]["SGTXT"] + " 进项税", "RWCUR": expenses[0]["row"]["RHCUR"]},
                                "account": INPUT_VAT_ACCOUNT, "cny": vat, "raw": ""})
    return out


def _sides(item: dict, reversal: bool) -> tuple[str, str]:
    """(借方金额, 贷方金额) of a line; a reversal writes red-letter (negative) amounts."""
    amount = item["cny"]
    if amount is None:  # a malformed amount stays malformed on the side SAP gave it
        return (item["raw"], "") if item["row"]["DRCRK"] == "S" else ("", item["raw"])
    if reversal:
        return (_money(amount), "") if amount < 0 else ("", _money(-amount))
    return (_money(amount), "") if amount >= 0 else ("", _money(-amount))


def _date(budat: str) -> str:
    return f"{budat[:4]}-{budat[4:6]}-{budat[6:8]}" if len(budat) == 8 else budat


def _vouchers(documents: dict[tuple[str, str], list[dict[str, str]]], to_cny: dict[tuple[str, str], Decimal],
              vendors: dict[str, str], max_period: int) -> dict[str, list[tuple[str, str, int, dict, tuple[str, str], bool]]]:
    """Group converted lines by fiscal month (YYYYMM) with voucher word, number and line number."""
    by_month: dict[str, list] = defaultdict(list)
    numbers: dict[tuple[str, int, str], int] = defaultdict(int)
    for (year, _belnr), lines in sorted(documents.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        period = int(lines[0]["POPER"])
        month_period = min(period, 12)
        written_period = min(period, max_period)
        month = f"{year}-{month_period:02d}-01"
        if (month, lines[0]["RHCUR"]) not in to_cny:
            continue
        word = VOUCHER_WORD.get(lines[0]["BLART"], "记")
        numbers[(year, written_period, word)] += 1
        number = numbers[(year, written_period, word)]
        reversal = lines[0]["XREVERSING"] == "X"
        for line_no, item in enumerate(_cny_lines(lines, month, to_cny), start=1):
            item["vendor"] = vendors.get(item["row"]["LIFNR"].lstrip("0"), "")
            by_month[f"{year}{month_period:02d}"].append(
                (year, word, number, item, _sides(item, reversal), reversal, line_no, written_period)
            )
    return by_month


def _original_amount(item: dict, sides: tuple[str, str]) -> tuple[str, str]:
    """(currency code, original-currency amount text) of a line."""
    row = item["row"]
    if row["RWCUR"] and row["RWCUR"] != row["RHCUR"]:
        wsl = _to_decimal(row["WSL"])
        return row["RWCUR"], _money(abs(wsl)) if wsl is not None else row["WSL"]
    amount = sides[0] or sides[1]
    return "CNY", amount.lstrip("-") if amount else ""


def _write_kingdee(folder: Path, by_month: dict[str, list], to_cny: dict[tuple[str, str], Decimal],
                   counts: dict[str, int]) -> None:
    for yyyymm, entries in sorted(by_month.items()):
        rows = []
        for year, word, number, item, sides, _rev, line_no, period in entries:
            row = item["row"]
            account = item["account"]
            code, name = CN_ACCOUNTS.get(account, (account, "")) if account else ("", "")
            dims = []
            if row["RCNTR"]:
                dims.append(f"部门:{row['RCNTR']} {COST_CENTER_NAMES.get(row['RCNTR'], row['RCNTR'])}")
            if row["LIFNR"] and item["vendor"]:
                dims.append(f"供应商:{row['LIFNR'].lstrip('0')} {item['vendor']}")
            currency, original = _original_amount(item, sides)
            rate = to_cny.get((f"{yyyymm[:4]}-{yyyymm[4:]}-01", currency), Decimal(1))
            rows.append([KINGDEE_BOOK, _date(row["BUDAT"]), year, str(period), word, str(number), str(line_no),
                         row["SGTXT"], code, name, ";".join(dims), CURRENCY_NAMES.get(currency, currency),
                         f"{rate:.6f}", original, sides[0], sides[1], "王芳", "李强"])
        name = f"kingdee_voucher_{yyyymm}.csv"
        counts[f"{KINGDEE_FOLDER}/{name}"] = _write_csv(folder / name, normalise_encodings.KINGDEE_COLUMNS, rows, "gbk")


def _write_yonyou(folder: Path, by_month: dict[str, list], to_cny: dict[tuple[str, str], Decimal],
                  counts: dict[str, int]) -> None:
    for yyyymm, entries in sorted(by_month.items()):
        rows = []
        for year, word, number, item, sides, _rev, line_no, period in entries:
            row = item["row"]
            account = item["account"]
            code, name = CN_ACCOUNTS.get(account, (account, "")) if account else ("", "")
            currency, original = _original_amount(item, sides)
            foreign = currency != "CNY"
            rate = to_cny.get((f"{yyyymm[:4]}-{yyyymm[4:]}-01", currency), Decimal(1))
            vendor_id = row["LIFNR"].lstrip("0") if item["vendor"] else ""
            rows.append([_date(row["BUDAT"]), year, str(period), word, f"{number:04d}", str(line_no), "1",
                         row["SGTXT"], code.replace(".", ""), name, sides[0], sides[1],
                         CURRENCY_NAMES.get(currency, currency) if foreign else "", f"{rate:.6f}" if foreign else "",
                         original if foreign else "", row["RCNTR"], COST_CENTER_NAMES.get(row["RCNTR"], ""), "", "",
                         vendor_id, item["vendor"] if vendor_id else "", "张伟"])
        name = f"u8_voucher_{YONYOU_ACCOUNT_SET}_{yyyymm}.csv"
        counts[f"{YONYOU_FOLDER}/{name}"] = _write_csv(folder / name, normalise_encodings.YONYOU_COLUMNS, rows, "gb18030")


# ---------------------------------------------------------------------------------------------
# Alibaba Cloud bills

ALIBABA_RESOURCES: tuple[tuple[str, str, str, str, str, str, float], ...] = (
    # product code, product, instance id, nickname, tags, resource group, monthly list price CNY
    ("ecs", "云服务器 ECS", "i-uf6erp0001", "erp-app-01", "app:APP-ERP-OM;env:prod;cost_center:IT200", "ERP生产", 48_000.0),
    ("ecs", "云服务器 ECS", "i-uf6crm0001", "crm-app-01", "app:APP-CRM;env:prod;cost_center:IT220", "CRM", 21_000.0),
    ("oss", "对象存储 OSS", "cn-shanghai;standard", "", "", "默认资源组", 6_500.0),
    ("pai", "人工智能平台 PAI", "pai-dlc-0001", "gpu-train", "app:APP-AI;env:prod;cost_center:IT140", "AI平台", 88_000.0),
    ("slb", "负载均衡 SLB", "lb-uf6erp01", "erp-lb", "app:APP-ERP-OM;env:prod", "ERP生产", 1_800.0),
)


def _write_alibaba(folder: Path, months: Sequence[str], seed: int, counts: dict[str, int]) -> None:
    rng = np.random.default_rng([seed, 1020])
    for t, month in enumerate(months):
        year, mon = int(month[:4]), int(month[5:7])
        next_year, next_mon = (year + (mon == 12), mon % 12 + 1)
        start, end = f"{year}-{mon:02d}-01 00:00:00", f"{next_year}-{next_mon:02d}-01 00:00:00"
        rows = []
        for index, (code, product, instance, nick, tags, group, price) in enumerate(ALIBABA_RESOURCES):
            list_price = Decimal(f"{price * (1.01 ** t) * (0.9 + 0.2 * rng.random()):.2f}")
            discount = (list_price * Decimal("0.10")).quantize(CENT) if code == "ecs" else Decimal(0)
            payable = list_price - discount
            voucher = Decimal("500.00") if (code == "pai" and t % 3 == 0) else Decimal(0)
            rows.append(_alibaba_row(month, product, code, "后付费", "后付费账单", f"B{year}{mon:02d}{index:05d}", start,
                                     end, instance, nick, group, tags, list_price, discount, payable, voucher))
        if t % 12 == 0:  # a prepaid database bought for a year
            list_price = Decimal("36000.00")
            discount = Decimal("7200.00")
            rows.append(_alibaba_row(month, "云数据库 RDS", "rds", "预付费", "新购" if t == 0 else "续费",
                                     f"O{year}{mon:02d}00042", f"{year}-{mon:02d}-05 10:00:00",
                                     f"{year + 1}-{mon:02d}-05 00:00:00", "rm-uf6erpdb01", "erp-db",
                                     "ERP生产", "app:APP-ERP-OM;env:prod", list_price, discount,
                                     list_price - discount, Decimal("1000.00")))
        if t == 2:  # a refund of a test server bought and returned
            rows.append(_alibaba_row(month, "云服务器 ECS", "ecs", "预付费", "退款", f"O{year}{mon:02d}00007",
                                     f"{year}-{mon:02d}-18 00:00:00", f"{year}-{(mon + 5) % 12 + 1:02d}-18 00:00:00",
                                     "i-uf6test01", "test-01", "测试", "env:test", Decimal(0), Decimal(0),
                                     Decimal("-600.00"), Decimal(0)))
        name = f"{ALIBABA_ACCOUNT_ID}_bill_detail_{year}{mon:02d}.csv"
        counts[f"{ALIBABA_FOLDER}/{name}"] = _write_csv(folder / name, normalise_encodings.ALIBABA_CLOUD_COLUMNS,
                                                        rows, "utf-8-sig", "\n")


def _alibaba_row(month: str, product: str, code: str, consumption: str, bill_type: str, record: str, start: str,
                 end: str, instance: str, nick: str, group: str, tags: str, list_price: Decimal,
                 discount: Decimal, payable: Decimal, voucher: Decimal) -> list[str]:
    cash = payable - voucher
    return [month[:7], "信息技术部", ALIBABA_ACCOUNT_ID, "meridian-cn@example.com", "meridian-cn@example.com",
            product, code, f"{product}-{consumption}", f"{code}_{'pre' if consumption == '预付费' else 'post'}",
            consumption, bill_type, record, start, end, "1", "月", instance, nick, group, tags, "", "华东2（上海）",
            "cn-shanghai-l", _money(list_price) if list_price else "", _money(discount), _money(payable),
            _money(voucher), "0.00", _money(cash), "0.00", "CNY"]


# ---------------------------------------------------------------------------------------------


def generate(
    out_dir: str | os.PathLike[str],
    seed: int = 42,
    scale: float = 1.0,
    months: int = 24,
    start_month: str = "2024-01",
    *,
    progress: bool = False,
) -> dict[str, int]:
    """Write the Chinese group's raw exports under out_dir; returns data rows per file."""
    out = Path(out_dir)
    counts = base.generate(out, seed, scale, months, start_month, progress=progress)
    ref = out / base.REFERENCE_FOLDER

    fx = _read_csv(ref / "fx_rates.csv")
    month_list = sorted({row["rate_month"] for row in fx})
    cny_per_usd = cny_rates(month_list, seed)
    to_cny: dict[tuple[str, str], Decimal] = {}
    for row in fx:
        to_cny[(row["rate_month"], row["from_currency"])] = (
            Decimal(row["average_rate"]) * cny_per_usd[row["rate_month"]]
        ).quantize(Decimal("0.000001"))
    for month in month_list:
        to_cny[(month, "CNY")] = Decimal(1)

    vendors = {row["vendor_id"]: row["vendor_name"] for row in _read_csv(ref / "vendors.csv")}
    sap = out / base.SAP_FOLDER
    kingdee = _vouchers(_documents(sap, "1000"), to_cny, vendors, max_period=16)
    yonyou = _vouchers(_documents(sap, "2000"), to_cny, vendors, max_period=12)

    # The group runs neither SAP nor NetSuite: leave a header-only export in each folder.
    for folder, columns, name in (
        (base.SAP_FOLDER, base.SAP_COLUMNS, "ACDOCA_header_only.csv"),
        (base.NETSUITE_FOLDER, base.NETSUITE_COLUMNS, "netsuite_gl_header_only.csv"),
    ):
        for path in (out / folder).glob("*.csv"):
            counts.pop(f"{folder}/{path.name}", None)
            path.unlink()
        _write_csv(out / folder / name, columns, [], "utf-8", "\n")
        counts[f"{folder}/{name}"] = 0

    for folder in (KINGDEE_FOLDER, YONYOU_FOLDER, ALIBABA_FOLDER):
        target = out / folder
        for path in target.glob("*.csv"):
            path.unlink()
    _write_kingdee(out / KINGDEE_FOLDER, kingdee, to_cny, counts)
    _write_yonyou(out / YONYOU_FOLDER, yonyou, to_cny, counts)
    _write_alibaba(out / ALIBABA_FOLDER, month_list, seed, counts)
    _rewrite_reference(ref, to_cny, cny_per_usd, counts)
    normalise_encodings.normalise(out)
    return dict(sorted(counts.items()))
