"""The bad-input battery: what the warehouse does with every kind of broken export.

Every case ends in one of two ways, never in a silent change:
  * a clear error before any model runs, naming the file and the column
    (macros/check_required_columns.sql): empty file, Latin-1 file, missing required column,
    a file cut inside a quoted field;
  * or quarantine rows with a reason, while rows read = rows staged + rows quarantined and the
    money that left the ledger is exactly the money of the quarantined lines, to the cent:
    non-numeric amounts, other date formats, unknown currency, huge amounts, future dates, a
    file cut after a delimiter, the same file delivered twice (which changes nothing).
  UTF-8 with a BOM, a semicolon-delimited file (DuckDB's sniffer detects it) and Chinese texts
  are read as they are.

Two builds cover the battery: one whose exports carry every row-level defect at once (each on
its own line, compared with the clean sample build `built_warehouse`), and one with every
file-level defect at once (the check lists them all).
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from tests.python.conftest import BuiltWarehouse, dbt_env, generate, run_dbt

pytestmark = pytest.mark.slow

SAP_FILE = "erp/sap_acdoca/ACDOCA_1000_2025.csv"
SAP_RESENT_SOURCE = "erp/sap_acdoca/ACDOCA_2000_2025.csv"
SAP_RESENT = "erp/sap_acdoca/ACDOCA_2000_2025_resent.csv"
NETSUITE_RESENT_SOURCE = "erp/netsuite_gl/netsuite_gl_202501.csv"
NETSUITE_RESENT = "erp/netsuite_gl/netsuite_gl_202501_resent.csv"
NETSUITE_BOM = "erp/netsuite_gl/netsuite_gl_202502.csv"
NETSUITE_TRUNCATED = "erp/netsuite_gl/netsuite_gl_202503.csv"
NETSUITE_FUTURE = "erp/netsuite_gl/netsuite_gl_202504.csv"
NETSUITE_HEADER_ONLY = "erp/netsuite_gl/netsuite_gl_202505.csv"
CHINESE_TEXT = "服务器维护费 三月 (数据中心)"


# ------------------------------------------------------------------------------------------------
# Reading and writing exports the way the ERPs write them: non-empty values quoted, empty ones not
# ------------------------------------------------------------------------------------------------


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def format_row(values: list[str], delimiter: str = ",") -> str:
    return delimiter.join(f'"{value}"' if value != "" else "" for value in values)


def write_rows(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",",
               encoding: str = "utf-8", bom: bool = False) -> None:
    text = "\n".join(format_row(row, delimiter) for row in [header, *rows]) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))


@dataclass(frozen=True)
class Defect:
    """A line changed on purpose, and the quarantine reason it must get (None: it must stage)."""

    case: str
    source_file: str
    line: int  # line in the file; the header is line 1
    reason: str | None


def _expense_lines(rows: list[list[str]], header: list[str]) -> list[int]:
    """Indexes of ordinary, valid expense lines (accounts 6xxxxx, vendor invoices and G/L documents)."""
    col = {name: i for i, name in enumerate(header)}
    picked = []
    for index, row in enumerate(rows):
        if (
            row[col["RACCT"]].lstrip("0").startswith("6")
            and row[col["BLART"]] in ("KR", "SA")
            and row[col["XREVERSING"]] == ""
            and row[col["HSL"]].replace("-", "").replace(".", "").isdigit()
            and len(row[col["BUDAT"]]) == 8
            and row[col["RHCUR"]] == "USD"
            and "reimbursement" not in row[col["SGTXT"]].lower()
        ):
            picked.append(index)
    return picked


def break_rows(raw: Path) -> list[Defect]:
    """Put every row-level defect into the sample exports under raw; return what was done where."""
    defects: list[Defect] = []

    # --- SAP: one defect per line of ACDOCA_1000_2025.csv ------------------------------------
    header, rows = read_rows(raw / SAP_FILE)
    col = {name: i for i, name in enumerate(header)}
    picks = iter(_expense_lines(rows, header)[5::7])

    def change(case: str, reason: str | None, **values: str) -> None:
        index = next(picks)
        for column, value in values.items():
            rows[index][col[column]] = value
        defects.append(Defect(case, SAP_FILE, index + 2, reason))

    change("non-numeric amount", "amount (HSL) is not a number", HSL="12O5.00")
    change("thousands separator", "amount (HSL) is not a number", HSL="1,250.00", WSL="1,250.00")
    change("ISO date", "posting date (BUDAT) is not a valid YYYYMMDD date", BUDAT="2025-01-15")
    change("German date", "posting date (BUDAT) is not a valid YYYYMMDD date", BUDAT="15.01.2025")
    change("future date", "posting date (BUDAT) is more than a year away from its posting period", BUDAT="20990115")
    change("unknown currency", "local currency XYZ differs from the entity currency USD", RHCUR="XYZ", RWCUR="XYZ")
    change("not an ISO currency", "company-code currency (RHCUR) is not a 3-letter ISO code", RHCUR="DOLLAR")
    change("huge amount, too many digits", "amount (HSL) is not a number with at most 16 digits",
           HSL="123456789012345678901.00", WSL="123456789012345678901.00")
    change("huge amount, implausible", "amount (HSL) exceeds the plausibility limit",
           HSL="5000000000000.00", WSL="5000000000000.00")
    change("Chinese description", None, SGTXT=CHINESE_TEXT)
    write_rows(raw / SAP_FILE, header, rows)

    # --- the same files delivered twice -------------------------------------------------------
    for original, resent in [(SAP_RESENT_SOURCE, SAP_RESENT), (NETSUITE_RESENT_SOURCE, NETSUITE_RESENT)]:
        shutil.copyfile(raw / original, raw / resent)
        _, resent_rows = read_rows(raw / resent)
        for line in range(2, len(resent_rows) + 2):
            defects.append(Defect("same file twice", resent, line, f"duplicate of {original}:{line}"))

    # --- UTF-8 with a BOM: read as is ---------------------------------------------------------
    content = (raw / NETSUITE_BOM).read_bytes()
    assert not content.startswith(b"\xef\xbb\xbf")
    (raw / NETSUITE_BOM).write_bytes(b"\xef\xbb\xbf" + content)

    # --- a file cut short after a delimiter (the transfer stopped mid-line) -------------------
    lines = (raw / NETSUITE_TRUNCATED).read_text(encoding="utf-8").splitlines()
    last = next(csv.reader([lines[-1]]))
    ns_header = next(csv.reader([lines[0]]))
    kept = ns_header.index("Memo") + 1
    lines[-1] = format_row(last[:kept]) + ","
    (raw / NETSUITE_TRUNCATED).write_text("\n".join(lines), encoding="utf-8")  # no final newline either
    defects.append(Defect("truncated file", NETSUITE_TRUNCATED, len(lines), "no amount"))

    # --- NetSuite: a transaction dated in the future (period and date both in 2099) -----------
    ns_header, ns_rows = read_rows(raw / NETSUITE_FUTURE)
    ns_col = {name: i for i, name in enumerate(ns_header)}
    index = next(i for i, row in enumerate(ns_rows) if row[ns_col["Account"]].startswith("6") and row[ns_col["Amount (Debit)"]])
    ns_rows[index][ns_col["Posting Period"]] = "Jan 2099"
    ns_rows[index][ns_col["Date"]] = "01/15/2099"
    # ... in a file with the wrong delimiter (a European Excel export): DuckDB's CSV sniffer
    # detects the semicolon, so the file is read as it is (had it not, the landing check would
    # stop the build naming the file and the columns it could not find).
    write_rows(raw / NETSUITE_FUTURE, ns_header, ns_rows, delimiter=";")
    defects.append(Defect("future period", NETSUITE_FUTURE, index + 2, "no FX rate for SGD in 2099-01-01"))

    # --- a month without postings: the header alone --------------------------------------------
    write_rows(raw / NETSUITE_HEADER_ONLY, ns_header, [])
    return defects


@pytest.fixture(scope="module")
def broken_rows_warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltWarehouse, list[Defect]]:
    work_dir = tmp_path_factory.mktemp("bad_rows")
    raw, db = work_dir / "raw", work_dir / "warehouse.duckdb"
    generate(raw)
    defects = break_rows(raw)
    env = dbt_env(raw, db)
    result = run_dbt(["build"], env, work_dir)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail("dbt build over the broken rows failed:\n" + output[-8000:])
    return BuiltWarehouse(raw_path=raw, db_path=db, env=env, build_output=output), defects


def _quarantined(warehouse: BuiltWarehouse) -> dict[tuple[str, int], str]:
    with warehouse.connect() as con:
        rows = con.execute(
            "select source_file, source_line_number, quarantine_reason from intermediate.int_source_rows_quarantined"
        ).fetchall()
    return {(file, line): reason for file, line, reason in rows}


def test_every_broken_line_is_quarantined_with_its_reason(broken_rows_warehouse):
    warehouse, defects = broken_rows_warehouse
    quarantined = _quarantined(warehouse)
    for defect in defects:
        position = (defect.source_file, defect.line)
        if defect.case == "same file twice":
            # A copy of a line that fails validation keeps that reason; a valid one is a duplicate.
            original = (defect.reason.removeprefix("duplicate of ").rsplit(":", 1)[0], defect.line)
            expected = quarantined.get(original, defect.reason)
            assert quarantined.get(position) == expected, (defect, quarantined.get(position))
            continue
        if defect.reason is None:
            assert position not in quarantined, (defect.case, quarantined.get(position))
        else:
            assert position in quarantined, defect
            assert quarantined[position].startswith(defect.reason) or defect.reason in quarantined[position], (
                defect.case, quarantined[position])


def test_rows_read_equal_staged_plus_quarantined_and_every_line_is_read(broken_rows_warehouse):
    warehouse, _defects = broken_rows_warehouse
    with warehouse.connect() as con:
        counts = con.execute(
            "select source_file, rows_read, rows_staged, rows_quarantined from intermediate.int_source_file_row_counts"
        ).fetchall()
    by_file = {file: (read, staged, quarantined) for file, read, staged, quarantined in counts}
    for file, (read, staged, quarantined) in by_file.items():
        assert read == staged + quarantined, file
    for path in sorted((warehouse.raw_path / "erp").rglob("*.csv")):
        relative = str(path.relative_to(warehouse.raw_path))
        data_lines = sum(1 for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()) - 1
        assert by_file.get(relative, (0, 0, 0))[0] == data_lines, relative
    # The resent files are read in full and staged not at all.
    assert by_file[SAP_RESENT][1] == 0 and by_file[SAP_RESENT][2] == by_file[SAP_RESENT][0] > 0
    assert by_file[NETSUITE_RESENT][1] == 0 and by_file[NETSUITE_RESENT][2] > 0


def test_bom_semicolon_and_chinese_text_are_read_as_they_are(broken_rows_warehouse, built_warehouse):
    warehouse, defects = broken_rows_warehouse
    counts_query = (
        "select source_file, rows_read, rows_staged from intermediate.int_source_file_row_counts "
        "where source_file in (?, ?) order by 1"
    )
    with built_warehouse.connect() as con:
        clean = con.execute(counts_query, [NETSUITE_BOM, NETSUITE_FUTURE]).fetchall()
    chinese = next(defect for defect in defects if defect.case == "Chinese description")
    with warehouse.connect() as con:
        with_bom = con.execute(counts_query, [NETSUITE_BOM, NETSUITE_FUTURE]).fetchall()
        description = con.execute(
            "select line_description from intermediate.int_gl_lines_converted_to_reporting_currency "
            "where source_file = ? and source_line_number = ?",
            [chinese.source_file, chinese.line],
        ).fetchone()
    assert with_bom == clean and len(clean) == 2
    assert description == (CHINESE_TEXT,)


def _in_scope_total(warehouse: BuiltWarehouse) -> Decimal:
    with warehouse.connect() as con:
        return con.execute("select sum(amount_reporting) from finance.fct_cost_pool_monthly").fetchone()[0]


def test_the_money_that_left_is_exactly_the_money_quarantined(broken_rows_warehouse, built_warehouse):
    """Never a changed total without a trace: clean total - broken total = the broken lines' money."""
    warehouse, defects = broken_rows_warehouse
    changed = [(d.source_file, d.line) for d in defects if d.reason and d.source_file in (SAP_FILE, NETSUITE_TRUNCATED, NETSUITE_FUTURE)]
    with built_warehouse.connect() as con:
        con.execute("create temp table changed (source_file varchar, source_line_number bigint)")
        con.executemany("insert into changed values (?, ?)", changed)
        expected_change = con.execute(
            "select coalesce(sum(ledger.amount_reporting), 0), count(*) "
            "from intermediate.int_gl_lines_mapped_to_cost_pools as ledger "
            "inner join changed using (source_file, source_line_number) "
            "where ledger.ledger_status in ('mapped', 'unmapped')"
        ).fetchone()
    amount, lines_in_scope = expected_change
    assert lines_in_scope >= 8  # the defects hit real IT-spend lines, so the check has teeth
    assert _in_scope_total(built_warehouse) - _in_scope_total(warehouse) == amount


def test_future_period_does_not_move_the_closed_months(broken_rows_warehouse, built_warehouse):
    def periods(warehouse: BuiltWarehouse) -> list[tuple]:
        with warehouse.connect() as con:
            return con.execute(
                "select fiscal_month, is_closed, is_latest_closed from core.dim_periods "
                "where fiscal_month < date '2026-01-01' order by 1"
            ).fetchall()

    assert periods(broken_rows_warehouse[0]) == periods(built_warehouse)


# ------------------------------------------------------------------------------------------------
# File-level defects: one clear error before any model runs, naming each file and column
# ------------------------------------------------------------------------------------------------


def break_files(raw: Path) -> dict[str, list[str]]:
    """Put every file-level defect into the exports; return file -> texts the error must show."""
    expected: dict[str, list[str]] = {}

    # Latin-1 vendor names in the vendor master.
    header, rows = read_rows(raw / "reference/vendors.csv")
    rows.append(["999001", "Müller Bürotechnik GmbH", "DE", "hardware"])
    rows.append(["999002", "Société Générale Façades", "FR", "facilities"])
    write_rows(raw / "reference/vendors.csv", header, rows, encoding="latin-1")
    first_non_ascii = 2 + next(i for i, row in enumerate(rows) if not ",".join(row).isascii())
    expected["reference/vendors.csv"] = ["is not UTF-8 encoded", f"(line {first_non_ascii}, column vendor_name)"]

    # An empty file (0 bytes).
    (raw / "erp/netsuite_gl/netsuite_gl_202506.csv").write_bytes(b"")
    expected["erp/netsuite_gl/netsuite_gl_202506.csv"] = ["is empty"]

    # A missing required column.
    ns_header, ns_rows = read_rows(raw / "erp/netsuite_gl/netsuite_gl_202501.csv")
    drop = ns_header.index("Amount (Credit)")
    write_rows(raw / "erp/netsuite_gl/netsuite_gl_202507.csv",
               [c for i, c in enumerate(ns_header) if i != drop],
               [[v for i, v in enumerate(row) if i != drop] for row in ns_rows[:20]])
    expected["erp/netsuite_gl/netsuite_gl_202507.csv"] = ["lacks required column(s) Amount (Credit)"]

    # A file cut inside a quoted field: the CSV sniffer no longer finds the quote character.
    sap_header, sap_rows = read_rows(raw / SAP_FILE)
    text = "\n".join(format_row(row) for row in [sap_header, *sap_rows[:20]])
    cut = text.rindex("invoice") if "invoice" in text[-300:] else len(text) - 25
    (raw / "erp/sap_acdoca/ACDOCA_2000_2026.csv").write_text(text[:cut], encoding="utf-8")
    expected["erp/sap_acdoca/ACDOCA_2000_2026.csv"] = ["lacks required column(s)"]
    return expected


def test_file_level_defects_stop_the_build_with_one_clear_error(tmp_path_factory):
    work_dir = tmp_path_factory.mktemp("bad_files")
    raw, db = work_dir / "raw", work_dir / "warehouse.duckdb"
    generate(raw)
    expected = break_files(raw)
    result = run_dbt(["build"], dbt_env(raw, db), work_dir)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "Traceback" not in output
    assert "Raw files fail the landing contract" in output, output[-3000:]
    assert " START sql " not in output  # stopped before any model ran
    problems = [line for line in output.splitlines() if line.strip().startswith("- ")]
    for file, texts in expected.items():
        matching = [line for line in problems if f"{raw}/{file} " in line]
        assert len(matching) == 1, (file, problems)
        for text in texts:
            assert text in matching[0], (file, text, matching[0])
    # Only the broken files are reported.
    assert len(problems) == len(expected), problems


def test_formats_keep_what_they_read(tmp_path):
    """The helpers write what the ERPs write: quoted values, empty fields unquoted."""
    path = tmp_path / "x.csv"
    write_rows(path, ["A", "B", "C"], [["1", "", "x,y"]], bom=True)
    assert path.read_bytes() == b'\xef\xbb\xbf"A","B","C"\n"1",,"x,y"\n'
    assert read_rows(path) == (["A", "B", "C"], [["1", "", "x,y"]])
    assert list(csv.reader(io.StringIO(format_row(["a", ""])))) == [["a", ""]]
