"""Tests of scripts/generate_sample_data.py (small runs: scale 0.2, three months)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from scripts import generate_sample_data as gen

REPO = Path(__file__).resolve().parents[2]
CONTRACT = REPO / "docs" / "raw_exports.md"
SCRIPT = REPO / "scripts" / "generate_sample_data.py"
# Nov-Jan: crosses a fiscal year (two ACDOCA files per company code) and includes December
# (POPER 013). With three months the late correction is in the first month.
ARGS = {"seed": 42, "scale": 0.2, "months": 3, "start_month": "2024-11"}


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def _decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _contract() -> dict[str, list[str]]:
    """Documented headers: 'sap', 'netsuite' and one entry per reference file name."""
    text = CONTRACT.read_text(encoding="utf-8")
    sections = re.split(r"^#{2,3} ", text, flags=re.MULTILINE)
    headers: dict[str, list[str]] = {}
    for section in sections:
        rows = [
            [cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in section.splitlines()
            if line.startswith("|") and not line.startswith("|---")
        ]
        body = rows[1:]  # skip the table's header row
        if section.startswith("`erp/sap_acdoca/`"):
            headers["sap"] = [row[0] for row in body]
        elif section.startswith("`erp/netsuite_gl/`"):
            headers["netsuite"] = [row[0] for row in body]
        elif section.startswith("Master and reference data"):
            for name, columns in body:
                # Drop notes: "(...)" after a column and "; ..." after the list.
                plain = re.sub(r"\([^)]*\)", "", columns).split(";")[0]
                headers[name.strip("`")] = [c.strip() for c in plain.split(",")]
    return headers


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("raw")
    # Another source's folder and a stale file in an owned folder, to check what is replaced.
    (root / "cloud").mkdir()
    (root / "cloud" / "keep.csv").write_text("a\n1\n", encoding="utf-8")
    (root / "reference").mkdir()
    (root / "reference" / "stale.csv").write_text("x\n", encoding="utf-8")
    return root, gen.generate(root, **ARGS)


@pytest.fixture(scope="module")
def out(generated: tuple[Path, dict[str, int]]) -> Path:
    return generated[0]


@pytest.fixture(scope="module")
def counts(generated: tuple[Path, dict[str, int]]) -> dict[str, int]:
    return generated[1]


@pytest.fixture(scope="module")
def sap(out: Path) -> list[dict[str, str]]:
    return [row for path in sorted((out / "erp/sap_acdoca").glob("*.csv")) for row in _read(path)]


@pytest.fixture(scope="module")
def netsuite(out: Path) -> list[dict[str, str]]:
    return [row for path in sorted((out / "erp/netsuite_gl").glob("*.csv")) for row in _read(path)]


# (1) determinism ------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes_and_other_seed_differs(tmp_path: Path) -> None:
    gen.generate(tmp_path / "a", **ARGS)
    gen.generate(tmp_path / "b", **ARGS)
    gen.generate(tmp_path / "c", **{**ARGS, "seed": 7})
    first, second, other = (_tree(tmp_path / name) for name in "abc")
    assert first == second
    assert first.keys() == other.keys()
    gl = [name for name in first if name.startswith("erp")]
    assert any(first[name] != other[name] for name in gl)


def test_rerun_into_same_folder_is_identical(out: Path, tmp_path: Path) -> None:
    gen.generate(tmp_path, **ARGS)
    gen.generate(tmp_path, **ARGS)  # deletes and rewrites its own folders
    fresh = {k: v for k, v in _tree(out).items() if k != "cloud/keep.csv"}  # planted by another test
    assert _tree(tmp_path) == fresh


# (2) files and headers ------------------------------------------------------------------------


def test_every_documented_file_exists_with_exact_header(out: Path) -> None:
    contract = _contract()
    assert "sap" in contract
    assert "netsuite" in contract
    reference = {name for name in contract if name.endswith(".csv")}
    assert len(reference) == 12

    for name in reference:
        assert _header(out / "reference" / name) == contract[name], name
    assert sorted(p.name for p in (out / "reference").iterdir()) == sorted(reference)

    sap_files = sorted(p.name for p in (out / "erp/sap_acdoca").iterdir())
    assert sap_files == [
        "ACDOCA_1000_2024.csv",
        "ACDOCA_1000_2025.csv",
        "ACDOCA_2000_2024.csv",
        "ACDOCA_2000_2025.csv",
    ]
    for name in sap_files:
        assert _header(out / "erp/sap_acdoca" / name) == contract["sap"]

    ns_files = sorted(p.name for p in (out / "erp/netsuite_gl").iterdir())
    assert ns_files == [
        "netsuite_gl_202411.csv",
        "netsuite_gl_202412.csv",
        "netsuite_gl_202501.csv",
    ]
    for name in ns_files:
        assert _header(out / "erp/netsuite_gl" / name) == contract["netsuite"]


def test_other_folders_are_left_alone(out: Path) -> None:
    assert (out / "cloud" / "keep.csv").read_text(encoding="utf-8") == "a\n1\n"
    assert not (out / "reference" / "stale.csv").exists()


def test_files_are_utf8_with_accented_vendor_names(out: Path) -> None:
    names = {row["vendor_name"] for row in _read(out / "reference/vendors.csv")}
    assert "Müller Rechenzentrum GmbH" in names
    assert "Société Générale Informatique SA" in names
    for path in out.rglob("*.csv"):
        path.read_bytes().decode("utf-8")


# (3) balance ----------------------------------------------------------------------------------


def test_every_sap_document_balances(sap: list[dict[str, str]]) -> None:
    sums: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    malformed_amount: set[tuple[str, str, str]] = set()
    for row in sap:
        key = (row["RBUKRS"], row["GJAHR"], row["BELNR"])
        amount = _decimal(row["HSL"])
        if amount is None:
            malformed_amount.add(key)
        else:
            sums[key] += amount
    assert len(sums) > 100
    unbalanced = {k: v for k, v in sums.items() if v != 0 and k not in malformed_amount}
    assert unbalanced == {}


def test_every_netsuite_transaction_balances(netsuite: list[dict[str, str]]) -> None:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    malformed_amount: set[str] = set()
    for row in netsuite:
        debit = _decimal(row["Amount (Debit)"] or "0")
        credit = _decimal(row["Amount (Credit)"] or "0")
        if debit is None or credit is None:
            malformed_amount.add(row["Internal ID"])
        else:
            sums[row["Internal ID"]] += debit - credit
    assert {k: v for k, v in sums.items() if v != 0 and k not in malformed_amount} == {}


def test_sap_amount_formats_and_signs(sap: list[dict[str, str]]) -> None:
    for row in sap:
        hsl = _decimal(row["HSL"])
        if hsl is None:
            continue
        assert re.fullmatch(r"-?\d+\.\d\d", row["HSL"])
        assert re.fullmatch(r"-?\d+\.\d\d", row["WSL"])
        assert row["DRCRK"] == ("S" if hsl > 0 else "H")
        assert (Decimal(row["WSL"]) > 0) == (hsl > 0)
        assert re.fullmatch(r"\d{3}", row["POPER"])
        assert re.fullmatch(r"\d{10}", row["BELNR"])
        assert re.fullmatch(r"\d{6}", row["DOCLN"])
        if row["RACCT"]:
            assert re.fullmatch(r"\d{10}", row["RACCT"])
        if row["RHCUR"] == row["RWCUR"]:
            assert row["HSL"] == row["WSL"]
    assert {row["RWCUR"] for row in sap if row["RBUKRS"] == "2000"} >= {"EUR", "USD"}


def test_cost_centre_on_profit_and_loss_lines_only(
    out: Path, sap: list[dict[str, str]], netsuite: list[dict[str, str]]
) -> None:
    types = {
        r["account_code"]: r["account_type"] for r in _read(out / "reference/chart_of_accounts.csv")
    }
    lines = [(row["RACCT"][-6:], row["RCNTR"]) for row in sap if row["RACCT"]]
    lines += [(row["Account"][:6], row["Department"]) for row in netsuite if row["Account"]]
    for account, cost_center in lines:
        if types[account] in ("revenue", "expense"):
            assert cost_center, account
        else:
            assert not cost_center, account


def test_netsuite_amounts_follow_exchange_rate(netsuite: list[dict[str, str]]) -> None:
    foreign = 0
    for row in netsuite:
        debit, credit = row["Amount (Debit)"], row["Amount (Credit)"]
        assert bool(debit) != bool(credit)
        base = _decimal(debit or "0")
        base_credit = _decimal(credit or "0")
        if base is None or base_credit is None:
            continue
        signed = base - base_credit
        amount = Decimal(row["Amount (Foreign Currency)"])
        if row["Line ID"] != "0":  # item lines; the balancing line carries the rounding rest
            expected = (amount * Decimal(row["Exchange Rate"])).quantize(Decimal("0.01"))
            assert abs(signed - expected) <= Decimal("0.01")
        if row["Currency"] != "SGD":
            foreign += 1
    assert foreign > 0


# (4) story ------------------------------------------------------------------------------------


def test_gpu_cluster_under_30_percent_every_month(out: Path) -> None:
    rows = [
        r
        for r in _read(out / "reference/capacity.csv")
        if r["resource_pool_id"] == "GPU-CLUSTER-01"
    ]
    assert len(rows) == ARGS["months"]
    for row in rows:
        assert row["sub_tower_name"] == "AI Compute"
        assert row["capacity_unit"] == "gpu_hours"
        ratio = float(row["used_quantity"]) / float(row["capacity_quantity"])
        assert 0.18 <= ratio < 0.30


def test_order_processing_dominates_erp_transactions(out: Path) -> None:
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for row in _read(out / "reference/usage_metrics.csv"):
        if row["application_id"].startswith("APP-ERP") and row["metric_name"] == "transactions":
            totals[(row["usage_month"], row["application_id"])] += float(row["metric_value"])
    months = {month for month, _ in totals}
    assert len(months) == ARGS["months"]
    for month in months:
        by_app = {app: value for (m, app), value in totals.items() if m == month}
        assert max(by_app, key=by_app.__getitem__) == "APP-ERP-OM"
        assert by_app["APP-ERP-OM"] / sum(by_app.values()) > 0.6


def test_backup_storage_bought_twice(out: Path, sap: list[dict[str, str]]) -> None:
    arrays = [
        r
        for r in _read(out / "reference/asset_register.csv")
        if "backup storage array" in r["asset_description"]
    ]
    assert {(r["entity_id"], r["vendor_id"]) for r in arrays} == {
        ("1000", "100010"),
        ("2000", "100011"),
    }
    assert len({r["acquisition_date"][:7] for r in arrays}) == 1
    for asset in arrays:
        capital = [
            row
            for row in sap
            if row["BLART"] == "AA"
            and row["SGTXT"].startswith(asset["asset_id"])
            and row["RACCT"] in ("0000160100", "0000160300")
        ]
        assert len(capital) == 1
        assert Decimal(capital[0]["HSL"]) == Decimal(asset["acquisition_cost"])
        assert capital[0]["RBUKRS"] == asset["entity_id"]
        assert capital[0]["RCNTR"] == ""


def test_depreciation_matches_asset_register(out: Path, sap: list[dict[str, str]]) -> None:
    assets = {r["asset_id"]: r for r in _read(out / "reference/asset_register.csv")}
    checked = 0
    for row in sap:
        if row["BLART"] == "AF" and row["DRCRK"] == "S":
            asset = assets[row["SGTXT"].split()[1]]
            monthly = Decimal(asset["acquisition_cost"]) / int(asset["useful_life_months"])
            assert Decimal(row["HSL"]) == monthly.quantize(Decimal("0.01"), "ROUND_HALF_UP")
            assert row["RACCT"][-6:] == (
                "630400" if asset["asset_class"] == "software" else "620300"
            )
            assert row["RCNTR"] == asset["cost_center_code"]
            checked += 1
    assert checked > 0


def test_messiness_is_present(sap: list[dict[str, str]], netsuite: list[dict[str, str]]) -> None:
    blart = {row["BLART"] for row in sap}
    assert blart == {"KR", "KG", "SA", "AA", "AF", "AB"}
    reversing = [row for row in sap if row["XREVERSING"] == "X"]
    assert reversing
    assert all(row["BLART"] == "AB" for row in reversing)
    assert any(row["POPER"] == "013" for row in sap)
    late = [
        row
        for row in sap
        if row["BLART"] == "SA"
        and row["POPER"] != "013"
        and re.fullmatch(r"\d{8}", row["BUDAT"])
        and int(row["BUDAT"][:4]) * 12
        + int(row["BUDAT"][4:6])
        - (int(row["GJAHR"]) * 12 + int(row["POPER"]))
        == 2
    ]
    assert late
    assert any(row["RACCT"] == "0000669900" and row["RCNTR"].startswith("IT") for row in sap)
    assert any(row["Type"] == "Bill Credit" for row in netsuite)
    assert any(row["SGTXT"].startswith("Travel reimbursement ") for row in sap)


def test_reversal_negates_the_duplicate_invoice(sap: list[dict[str, str]]) -> None:
    documents: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for row in sap:
        documents[(row["RBUKRS"], row["GJAHR"], row["BELNR"])].append(row)
    reversals = [doc for doc in documents.values() if doc[0]["BLART"] == "AB"]
    assert reversals
    for doc in reversals:
        belnr, year = doc[0]["SGTXT"].rsplit(" ", 1)[1].split("/")
        original = documents[(doc[0]["RBUKRS"], year, belnr)]
        assert original[0]["BLART"] == "KR"
        assert [Decimal(r["HSL"]) for r in doc] == [-Decimal(r["HSL"]) for r in original]
        assert original[0]["BUDAT"][:6] < doc[0]["BUDAT"][:6]


def test_malformed_lines_of_each_kind(
    sap: list[dict[str, str]], netsuite: list[dict[str, str]]
) -> None:
    def valid(text: str, fmt: str) -> bool:
        try:
            dt.datetime.strptime(text, fmt)
        except ValueError:
            return False
        return True

    assert sum(_decimal(row["HSL"]) is None for row in sap) >= 1
    assert sum(not valid(row["BUDAT"], "%Y%m%d") for row in sap) >= 1
    assert sum(row["RACCT"] == "" for row in sap) >= 1
    assert any(re.fullmatch(r"-?[\dO]+\.\d\d", row["HSL"]) and "O" in row["HSL"] for row in sap)
    bad_amount = [
        row
        for row in netsuite
        if _decimal(row["Amount (Debit)"] or "0") is None
        or _decimal(row["Amount (Credit)"] or "0") is None
    ]
    assert bad_amount
    assert sum(not valid(row["Date"], "%m/%d/%Y") for row in netsuite) >= 1
    assert sum(row["Account"] == "" for row in netsuite) >= 1
    malformed = len(bad_amount) + sum(_decimal(row["HSL"]) is None for row in sap)
    assert malformed < 0.01 * (len(sap) + len(netsuite))


def test_reference_data_is_complete(out: Path) -> None:
    months = ARGS["months"]
    assert len(_read(out / "reference/hr_headcount.csv")) == months * len(gen.COST_CENTERS)
    assert len(_read(out / "reference/fx_rates.csv")) == months * 4
    usage = _read(out / "reference/usage_metrics.csv")
    assert len(usage) == months * len(gen.APPLICATIONS) * 5 * 5
    assert {r["business_unit_code"] for r in usage} == set(gen.BU_CODES)
    mes = [r for r in usage if r["application_id"] == "APP-MES" and float(r["metric_value"]) > 0]
    assert {r["business_unit_code"] for r in mes} == {"BU-IND"}
    budgets = _read(out / "reference/budgets.csv")
    assert {r["budget_version"] for r in budgets} == {"FY2024 Budget", "FY2025 Budget"}
    cost_centers = {r["cost_center_code"]: r for r in _read(out / "reference/cost_centers.csv")}
    assert all(cost_centers[r["cost_center_code"]]["is_it_cost_center"] == "Y" for r in budgets)


# (5) command line -----------------------------------------------------------------------------


def test_help_works() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for option in ("--out", "--seed", "--scale", "--months", "--start-month"):
        assert option in result.stdout


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--months", "0"], "months must be at least 1"),
        (["--scale", "-1"], "scale must be a positive number"),
        (["--start-month", "2024-13"], "YYYY-MM"),
        (["--seed", "abc"], "invalid int value"),
    ],
)
def test_bad_arguments_exit_2_with_message(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        gen.main([*argv, "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_bad_months_from_the_shell_has_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--months", "0", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "months must be at least 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_main_writes_and_prints_row_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = gen.main(["--out", str(tmp_path), "--scale", "0.2", "--months", "2"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "erp/sap_acdoca/" in printed
    assert "reference/usage_metrics.csv" in printed


def test_out_defaults_to_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BTIM_RAW_PATH", str(tmp_path))
    assert gen.build_parser().parse_args([]).out == str(tmp_path)
    monkeypatch.delenv("BTIM_RAW_PATH")
    assert gen.build_parser().parse_args([]).out == "data/raw"


# (6) row counts -------------------------------------------------------------------------------


def test_returned_row_counts_equal_lines_written(out: Path, counts: dict[str, int]) -> None:
    written = {
        str(path.relative_to(out)): path
        for folder in gen.OWNED_FOLDERS
        for path in (out / folder).glob("*.csv")
    }
    assert set(counts) == set(written)
    for name, path in written.items():
        assert counts[name] == len(_read(path)), name
        with open(path, encoding="utf-8") as handle:
            assert counts[name] == sum(1 for _ in handle) - 1, name


def test_scale_multiplies_gl_lines(tmp_path: Path) -> None:
    small = gen.generate(tmp_path / "s", seed=1, scale=1, months=1)
    large = gen.generate(tmp_path / "l", seed=1, scale=4, months=1)

    def gl(counts: dict[str, int]) -> int:
        return sum(v for k, v in counts.items() if k.startswith("erp/"))

    assert 600 < gl(small) < 1600
    assert 3.0 < gl(large) / gl(small) < 5.0
