"""Tests of scripts/benchmark.py (its pure parts; never timings) and of the generator's
prefix stability, which the benchmark's "add one month" step relies on."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from scripts import benchmark as bench
from scripts import generate_sample_data as gen

REPO = Path(__file__).resolve().parents[2]
T0 = dt.datetime(2026, 1, 1, 12, 0, 0, tzinfo=dt.UTC)


def _at(seconds: float) -> str:
    return (T0 + dt.timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def _result(unique_id: str, start: float, end: float, status: str = "success") -> dict:
    return {
        "unique_id": unique_id,
        "status": status,
        "execution_time": end - start,
        "timing": [
            {"name": "compile", "started_at": _at(start), "completed_at": _at(start + 0.1)},
            {"name": "execute", "started_at": _at(start + 0.1), "completed_at": _at(end)},
        ],
    }


MANIFEST = {
    "nodes": {
        "model.btim.stg_a": {
            "resource_type": "model",
            "name": "stg_a",
            "original_file_path": "models/staging/sap_s4hana/stg_a.sql",
            "config": {"materialized": "view"},
        },
        "model.btim.base_a": {
            "resource_type": "model",
            "name": "base_a",
            "original_file_path": "models/staging/sap_s4hana/base/base_a.sql",
            "config": {"materialized": "view"},
        },
        "model.btim.int_gl": {
            "resource_type": "model",
            "name": "int_gl",
            "original_file_path": "models/intermediate/finance/int_gl.sql",
            "config": {"materialized": "incremental"},
        },
        "model.btim.int_alloc": {
            "resource_type": "model",
            "name": "int_alloc",
            "original_file_path": "models/intermediate/allocation/int_alloc.sql",
            "config": {"materialized": "table"},
        },
        "model.btim.fct_x": {
            "resource_type": "model",
            "name": "fct_x",
            "original_file_path": "models/marts/finance/fct_x.sql",
            "config": {"materialized": "table"},
        },
    }
}

RUN_RESULTS = {
    "elapsed_time": 20.0,
    "results": [
        _result("seed.btim.rules", 0, 2),
        _result("seed.btim.weights", 1, 4),  # overlaps the first seed: wall 4 s, node 5 s
        _result("model.btim.base_a", 4, 5),
        _result("model.btim.stg_a", 5, 6),
        _result("model.btim.int_gl", 6, 9),
        _result("model.btim.int_alloc", 9, 15),
        _result("model.btim.fct_x", 15, 16),
        _result("test.btim.not_null_fct_x_id.abc", 16, 17, status="pass"),
        _result("unit_test.btim.int_alloc.splits_to_the_cent", 17, 19, status="fail"),
        _result("snapshot.btim.bills", 19, 20),
    ],
}


# run_results and the phase split ---------------------------------------------------------------


def test_parse_run_results_reads_times_and_statuses() -> None:
    elapsed, nodes = bench.parse_run_results(RUN_RESULTS)
    assert elapsed == 20.0
    assert len(nodes) == 10
    first = nodes[0]
    assert first.unique_id == "seed.btim.rules"
    assert first.started_at == T0
    assert first.completed_at == T0 + dt.timedelta(seconds=2)
    assert bench.status_counts(nodes) == {"fail": 1, "pass": 1, "success": 8}


def test_parse_run_results_rejects_other_json() -> None:
    with pytest.raises(bench.BenchmarkError, match="run_results.json"):
        bench.parse_run_results({"nodes": {}})


@pytest.mark.parametrize(
    ("unique_id", "phase"),
    [
        ("seed.btim.rules", "seeds"),
        ("model.btim.base_a", "staging"),
        ("model.btim.stg_a", "staging"),
        ("model.btim.int_gl", "intermediate"),
        ("model.btim.int_alloc", "allocation"),
        ("model.btim.fct_x", "marts"),
        ("test.btim.not_null_fct_x_id.abc", "tests"),
        ("unit_test.btim.int_alloc.splits_to_the_cent", "tests"),
        ("snapshot.btim.bills", "snapshots"),
        ("model.btim.not_in_manifest", "other"),
        ("operation.btim.on-run-end", "other"),
    ],
)
def test_phase_of(unique_id: str, phase: str) -> None:
    assert bench.phase_of(unique_id, MANIFEST) == phase


def test_union_seconds_merges_overlaps_and_keeps_gaps() -> None:
    def iv(a: float, b: float) -> tuple[dt.datetime, dt.datetime]:
        return T0 + dt.timedelta(seconds=a), T0 + dt.timedelta(seconds=b)

    assert bench.union_seconds([]) == 0
    assert bench.union_seconds([iv(0, 2), iv(1, 4), iv(6, 7), iv(6.5, 6.8)]) == pytest.approx(5)


def test_phase_split_sums_node_time_and_wall_span_per_phase() -> None:
    _, nodes = bench.parse_run_results(RUN_RESULTS)
    split = {p.phase: p for p in bench.phase_split(nodes, MANIFEST)}
    assert list(split) == [
        "seeds",
        "staging",
        "intermediate",
        "allocation",
        "marts",
        "snapshots",
        "tests",
    ]
    assert split["seeds"].nodes == 2
    assert split["seeds"].node_seconds == pytest.approx(5)
    assert split["seeds"].wall_seconds == pytest.approx(4)
    assert split["staging"].node_seconds == pytest.approx(2)
    assert split["allocation"].node_seconds == pytest.approx(6)
    assert split["tests"].nodes == 2
    assert split["tests"].wall_seconds == pytest.approx(3)
    assert sum(p.nodes for p in split.values()) == len(nodes)


def test_incremental_models_and_slowest_nodes() -> None:
    _, nodes = bench.parse_run_results(RUN_RESULTS)
    assert bench.incremental_models(nodes, MANIFEST) == ["int_gl"]
    assert bench.incremental_models(nodes, {"nodes": {}}) == []
    assert bench.slowest_nodes(nodes, 2) == [
        ("model.btim.int_alloc", 6.0),
        ("seed.btim.weights", 3.0),
    ]


def test_tests_are_grouped_by_the_layer_of_what_they_test() -> None:
    manifest = {
        "nodes": {
            **MANIFEST["nodes"],
            "test.btim.t_stg": {"depends_on": {"nodes": ["model.btim.stg_a"]}},
            "test.btim.t_rel": {"depends_on": {"nodes": ["model.btim.fct_x", "model.btim.stg_a"]}},
            "test.btim.t_seed": {"depends_on": {"nodes": ["seed.btim.rules"]}},
            "test.btim.t_src": {"depends_on": {"nodes": ["source.btim.raw.acdoca"]}},
            "test.btim.t_none": {"depends_on": {"nodes": []}},
        }
    }
    results = {
        "elapsed_time": 10.0,
        "results": [
            _result("test.btim.t_stg", 0, 4),
            _result("test.btim.t_rel", 0, 1),
            _result("test.btim.t_seed", 0, 0.5),
            _result("test.btim.t_src", 0, 2),
            _result("test.btim.t_none", 0, 0.25),
            _result("model.btim.stg_a", 0, 3),  # not a test: left out
        ],
    }
    _, nodes = bench.parse_run_results(results)
    groups = bench.tests_by_tested_phase(nodes, manifest)
    assert list(groups) == ["seeds", "staging", "other", "sources"]
    assert groups["staging"] == {"tests": 2, "node_seconds": pytest.approx(5)}
    assert groups["seeds"] == {"tests": 1, "node_seconds": pytest.approx(0.5)}
    assert groups["sources"]["tests"] == 1
    assert groups["other"]["tests"] == 1


# the report ------------------------------------------------------------------------------------


def _fake_result(scale: str, full_seconds: float, returncode: int = 0) -> dict:
    _, nodes = bench.parse_run_results(RUN_RESULTS)
    phases = [vars(p) for p in bench.phase_split(nodes, MANIFEST)]

    def build(seconds: float, incremental: list[str]) -> dict:
        return {
            "seconds": seconds,
            "returncode": returncode,
            "run_elapsed_seconds": seconds - 5,
            "startup_and_parse_seconds": 5.0,
            "peak_tree_rss_bytes": 3 * 2**30,
            "max_rss_bytes": 2 * 2**30,
            "cpu_seconds": seconds * 1.5,
            "nodes": len(nodes),
            "statuses": {"pass": 1, "success": 9},
            "phases": phases,
            "incremental_models": incremental,
            "slowest_nodes": [("model.btim.int_alloc", 6.0)],
        }

    return {
        "scale": scale,
        "generator_scale": {"S": 10, "L": 900}[scale],
        "months": 12,
        "measured_at": "2026-01-01 12:00 UTC",
        "machine": {
            "cores": 2,
            "memory_bytes": 24 * 2**30,
            "cpu": "Test CPU",
            "os": "Linux",
            "python": "3.11.9",
            "duckdb": "2.0.1",
            "dbt_core": "1.11.16",
            "dbt_duckdb": "1.11.1",
        },
        "load_average": [1.5, 2.25],
        "note": "taken under load",
        "gl_lines": 123_456,
        "cloud_bill_lines": 0,
        "raw_bytes": 21_000_000,
        "warehouse_bytes": 50_000_000,
        "generation_seconds": 1.25,
        "generation_13_seconds": 1.5,
        "lower_bound": {
            "seconds": 0.5,
            "cpu_seconds": 0.75,
            "rows": 130_000,
            "sources": [
                {"folder": "erp/sap_acdoca", "rows": 100_000},
                {"folder": "erp/netsuite_gl", "rows": 23_456},
            ],
        },
        "full_build": build(full_seconds, []),
        "incremental_build": build(full_seconds * 0.9, ["int_gl"]),
        "ratio_full_to_lower_bound": full_seconds / 0.5,
        "ratio_month_to_full": 0.9,
        "ratio_full_to_lower_bound_cpu": full_seconds * 1.5 / 0.75,
    }


def test_render_markdown_has_a_row_per_scale_and_the_phase_split() -> None:
    text = bench.render_markdown([_fake_result("L", 400.0, returncode=1), _fake_result("S", 60.0)])
    rows = [line for line in text.splitlines() if line.startswith(("| S |", "| L |"))]
    assert [row[:5] for row in rows] == ["| S |", "| L |"]  # S before L whatever the input order
    s_row = rows[0]
    assert "| 123,456 |" in s_row
    assert "| 60.0 s |" in s_row and "| 120.0x |" in s_row and "| 90% |" in s_row
    assert "3.00 GiB" in s_row and "ok:" in s_row
    assert "FAILED" in rows[1]
    assert "| dbt start-up and parse (? / ? parse) | - | - | - | 5.0 s | - | - | 5.0 s |" in text
    assert "| allocation | 1 | 6.0 | 29% | 6.0 s | 1 | 6.0 | 6.0 s |" in text
    assert "dbt result FAILED" in text
    assert "full build 90.0 s (120.0x), adding month 13 81.0 s" in text
    assert "| 60.0 s | 90.0 s | 120.0x |" in s_row
    assert "2 cores (Test CPU), 24.00 GiB memory" in text
    assert "duckdb 2.0.1" in text and "dbt-core 1.11.16" in text
    assert "taken under load" in text
    assert "1 models incremental (int_gl)" in text
    assert "`erp/sap_acdoca` 100,000 rows" in text


def test_render_markdown_says_when_no_model_is_incremental() -> None:
    result = _fake_result("S", 60.0)
    result["incremental_build"]["incremental_models"] = []
    assert "no model is incremental yet, so this step is a full rebuild" in bench.render_markdown(
        [result]
    )


def test_replace_block_keeps_the_text_around_it() -> None:
    text = "# Benchmarks\n\nIntro.\n"
    once = bench.replace_block(text, "table one")
    assert once.startswith(text.rstrip())
    assert bench.BLOCK_START in once and "table one" in once
    twice = bench.replace_block(once + "\nAfter.\n", "table two")
    assert "table one" not in twice
    assert "table two" in twice
    assert twice.endswith("\nAfter.\n")
    assert twice.count(bench.BLOCK_START) == 1


def test_write_reports_writes_json_and_rebuilds_the_table(tmp_path: Path) -> None:
    docs = tmp_path / "benchmarks.md"
    docs.write_text("# Benchmarks\n\nHand-written method.\n", encoding="utf-8")
    bench.write_reports(_fake_result("S", 60.0), tmp_path / "json", docs)
    bench.write_reports(_fake_result("L", 400.0), tmp_path / "json", docs)
    assert sorted(p.name for p in (tmp_path / "json").iterdir()) == ["L.json", "S.json"]
    text = docs.read_text(encoding="utf-8")
    assert "Hand-written method." in text
    assert "| S |" in text and "| L |" in text


# the lower bound -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("bench_raw")
    gen.generate(raw, seed=3, scale=0.2, months=2, start_month="2025-01")
    return raw


def _data_rows(paths: list[Path]) -> list[dict[str, str]]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def _decimal_or_none(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def test_lower_bound_reads_every_row_and_sums_the_amounts(tiny_raw: Path) -> None:
    lower = bench.run_lower_bound(tiny_raw, threads=1)
    by_folder = {s["folder"]: s for s in lower.sources}
    assert {"erp/sap_acdoca", "erp/netsuite_gl", "reference"} <= set(by_folder)

    sap = _data_rows(sorted((tiny_raw / "erp/sap_acdoca").glob("*.csv")))
    assert by_folder["erp/sap_acdoca"]["rows"] == len(sap)
    hsl = sum(d for d in (_decimal_or_none(r["HSL"]) for r in sap) if d is not None)
    assert by_folder["erp/sap_acdoca"]["amount_total"] == pytest.approx(float(hsl), abs=0.01)

    netsuite = _data_rows(sorted((tiny_raw / "erp/netsuite_gl").glob("*.csv")))
    assert by_folder["erp/netsuite_gl"]["rows"] == len(netsuite)
    net = sum(
        (_decimal_or_none(r["Amount (Debit)"]) or 0) - (_decimal_or_none(r["Amount (Credit)"]) or 0)
        for r in netsuite
    )
    assert by_folder["erp/netsuite_gl"]["amount_total"] == pytest.approx(float(net), abs=0.01)

    reference = _data_rows(sorted((tiny_raw / "reference").glob("*.csv")))
    assert by_folder["reference"]["rows"] == len(reference)
    assert by_folder["reference"]["files"] == 12
    assert lower.rows == sum(s["rows"] for s in lower.sources)
    assert lower.seconds >= 0


def test_sources_read_from_their_utf8_copy_when_one_exists(tmp_path: Path) -> None:
    (tmp_path / "erp/kingdee").mkdir(parents=True)
    (tmp_path / "erp/kingdee/voucher.csv").write_bytes("科目,金额\n管理费用,1.50\n".encode("gbk"))
    (tmp_path / "_utf8/erp/kingdee").mkdir(parents=True)
    (tmp_path / "_utf8/erp/kingdee/voucher.csv").write_text(
        "科目,金额\n管理费用,1.50\n", encoding="utf-8"
    )
    for month, cost in (("2025-01", "1.25"), ("2025-02", "2.50")):
        (tmp_path / "cloud/aws" / month).mkdir(parents=True)
        (tmp_path / "cloud/aws" / month / "cur.csv").write_text(
            f"line_item_unblended_cost,x\n{cost},a\n1.00,b\n", encoding="utf-8"
        )
    (tmp_path / "cloud/aws/README.txt").write_text("not data", encoding="utf-8")
    (tmp_path / "cloud/gcp/acct/202501").mkdir(parents=True)
    (tmp_path / "cloud/gcp/acct/202501/billing_export.jsonl").write_text(
        '{"cost": 0.5, "labels": [{"key": "app", "value": "x"}]}\n{"cost": 0.25, "labels": []}\n',
        encoding="utf-8",
    )
    sources = bench.discover_sources(tmp_path)
    assert [(s.folder, s.file_format, s.files) for s in sources] == [
        ("_utf8/erp/kingdee", "csv", 1),
        ("cloud/aws", "csv", 2),
        ("cloud/gcp", "json", 1),
    ]
    lower = bench.run_lower_bound(tmp_path)
    totals = {s["folder"]: (s["rows"], s["amount_total"]) for s in lower.sources}
    assert totals == {
        "_utf8/erp/kingdee": (1, None),
        "cloud/aws": (4, 5.75),
        "cloud/gcp": (2, 0.75),
    }
    assert bench.is_gl_folder("_utf8/erp/kingdee") and not bench.is_cloud_folder(
        "_utf8/erp/kingdee"
    )
    assert bench.is_cloud_folder("cloud/aws") and not bench.is_gl_folder("cloud/aws")


def test_lower_bound_of_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(bench.BenchmarkError, match="no raw files"):
        bench.run_lower_bound(tmp_path)


def test_amount_expression_prefers_known_columns() -> None:
    assert bench.amount_expression(["RBUKRS", "HSL", "WSL"]) == 'sum(try_cast("HSL" as double))'
    assert '"Amount (Debit)"' in bench.amount_expression(["Amount (Debit)", "Amount (Credit)"])
    assert bench.amount_expression(["a", "b"]) == "cast(null as double)"


# measuring processes ---------------------------------------------------------------------------


def test_process_tree_rss_counts_the_process_and_its_children() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; x = bytearray(200 * 2**20); time.sleep(30)"]
    )
    try:
        import time

        alone = bench.process_tree_rss(child.pid)
        deadline = time.monotonic() + 20
        while alone < 150 * 2**20 and time.monotonic() < deadline:
            time.sleep(0.1)
            alone = bench.process_tree_rss(child.pid)
        assert alone >= 150 * 2**20
        assert bench.process_tree_rss(1) >= alone  # pid 1 is an ancestor of the child
    finally:
        child.kill()
        child.wait()
    assert bench.process_tree_rss(child.pid) == 0


def test_run_measured_reports_exit_code_memory_and_log(tmp_path: Path) -> None:
    log = tmp_path / "logs" / "step.log"
    measured = bench.run_measured(
        [
            sys.executable,
            "-c",
            "x = bytearray(100 * 2**20); print('3 of 7 OK created'); raise SystemExit(3)",
        ],
        env={"PATH": "/usr/bin:/bin"},
        log_path=log,
        label="test",
        dbt_progress=True,
    )
    assert measured.returncode == 3
    assert measured.max_rss >= 100 * 2**20
    assert measured.cpu_seconds > 0
    assert "3 of 7 OK created" in log.read_text(encoding="utf-8")


def test_run_benchmark_refuses_a_scale_that_does_not_fit_on_disk(tmp_path: Path) -> None:
    huge = bench.ScaleSpec("X", 1e9)
    with pytest.raises(bench.BenchmarkError, match="GB are free"):
        bench.run_benchmark(huge, tmp_path / "work")
    assert not (tmp_path / "work" / "raw").exists()


def test_scale_l_has_at_least_ten_million_gl_lines_by_design() -> None:
    # About 1,000 GL lines per scale unit and month: measured 823,872 lines for one month at
    # scale 870, hence scale 900 for L.
    assert bench.SCALES["L"].generator_scale * bench.SCALES["L"].months * 940 >= 10_000_000
    assert bench.SCALES["S"].months == bench.SCALES["L"].months == 12


# command line ----------------------------------------------------------------------------------


def test_help_lists_the_scales() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.benchmark", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0
    assert "--scale" in result.stdout and "S = generator --scale 10" in result.stdout


def test_unknown_scale_exits_2_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.benchmark", "--scale", "XL"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr and "Traceback" not in result.stderr


def test_work_dir_may_not_contain_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["--work-dir", str(REPO.parent)])
    assert exit_info.value.code == 2
    assert "must not contain the repository" in capsys.readouterr().err


# the generator is prefix-stable ----------------------------------------------------------------


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


MONTH_COLUMNS = {
    "fx_rates.csv": "rate_month",
    "hr_headcount.csv": "headcount_month",
    "usage_metrics.csv": "usage_month",
    "business_kpis.csv": "kpi_month",
    "budgets.csv": "budget_month",
    "capacity.csv": "capacity_month",
    "asset_register.csv": "acquisition_date",
}


def _posting_month(row: dict[str, str]) -> str:
    """YYYY-MM a GL row was posted in (its period's month when the date is malformed)."""
    if "BUDAT" in row:
        budat = row["BUDAT"]
        if len(budat) == 8 and 1 <= int(budat[4:6]) <= 12:
            return f"{budat[:4]}-{budat[4:6]}"
        return f"{row['GJAHR']}-{min(int(row['POPER']), 12):02d}"
    raise AssertionError(row)


@pytest.mark.parametrize(
    ("months", "scale", "start"),
    [
        (2, 0.2, "2024-11"),  # month 3 (Jan 2025) opens new files and posts a late correction
        (12, 0.3, "2025-01"),  # the benchmark's step: month 13 opens the year 2026
    ],
)
def test_one_more_month_only_appends_that_months_rows(
    tmp_path: Path, months: int, scale: float, start: str
) -> None:
    short, longer = tmp_path / "short", tmp_path / "long"
    gen.generate(short, seed=5, scale=scale, months=months, start_month=start)
    gen.generate(longer, seed=5, scale=scale, months=months + 1, start_month=start)
    first = gen.parse_start_month(start)
    new_year, new_month = divmod(first + months, 12)
    new = f"{new_year:04d}-{new_month + 1:02d}"

    short_files = {p.relative_to(short).as_posix() for p in (short / "erp").rglob("*.csv")}
    short_files |= {p.relative_to(short).as_posix() for p in (short / "reference").glob("*.csv")}
    long_files = {p.relative_to(longer).as_posix() for p in (longer / "erp").rglob("*.csv")}
    long_files |= {p.relative_to(longer).as_posix() for p in (longer / "reference").glob("*.csv")}
    assert short_files <= long_files
    added_files = long_files - short_files
    assert f"erp/netsuite_gl/netsuite_gl_{new.replace('-', '')}.csv" in added_files
    assert all(
        name.endswith((f"_{new_year}.csv", f"{new.replace('-', '')}.csv")) for name in added_files
    )

    appended_late = 0
    for name in sorted(short_files):
        before, after = _lines(short / name), _lines(longer / name)
        assert after[: len(before)] == before, f"{name}: the shared months' rows changed"
        extra = after[len(before) :]
        if name.startswith("erp/netsuite_gl/"):
            assert extra == [], name
            continue
        header = before[0].split(",")
        rows = list(csv.DictReader([before[0], *extra]))
        if name.startswith("erp/sap_acdoca/"):
            # Appended rows are postings of the new month; some may be to an earlier period
            # (a late correction) - which an incremental load must pick up with its lookback.
            assert all(_posting_month(r) == new for r in rows), name
            appended_late += sum(
                f"{r['GJAHR']}-{min(int(r['POPER']), 12):02d}" != new for r in rows
            )
        elif name.split("/")[-1] in MONTH_COLUMNS:
            column = MONTH_COLUMNS[name.split("/")[-1]]
            assert column in header
            assert all(r[column][:7] == new for r in rows), name
        else:
            assert extra == [], f"{name} is not monthly and must not change"
    if months == 2:
        assert appended_late == 2  # the two lines of the late correction to November
        shared_gl = [name for name in short_files if name.startswith("erp/")]
        assert len(shared_gl) >= 3

    # Cloud bills (written by the cloud-bill hook of the generator, when present): the bill
    # files of the shared months do not change either.
    for path in sorted((short / "cloud").rglob("*")) if (short / "cloud").is_dir() else []:
        if path.is_file():
            other = longer / path.relative_to(short)
            before, after = path.read_bytes(), other.read_bytes()
            assert after[: len(before)] == before, path.relative_to(short)

    for name in added_files:  # files of the new month hold only the new month's rows
        if name.startswith("erp/netsuite_gl/"):
            periods = {r["Posting Period"] for r in csv.DictReader(_lines(longer / name))}
            assert periods == {f"{gen.MONTH_ABBR[new_month]} {new_year}"}
        else:
            assert all(_posting_month(r) == new for r in csv.DictReader(_lines(longer / name))), (
                name
            )
