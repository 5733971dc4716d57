"""Benchmark the warehouse at scale S, M or L on this machine.

One run:

1. generates the sample enterprise (12 months) into ``<work>/raw`` and times it;
2. times a lower bound: one plain DuckDB query that reads every raw input once (GL files of
   both ERPs, reference files, cloud bill files when present) and aggregates its totals;
3. times a full ``dbt build`` into a fresh ``<work>/warehouse.duckdb`` (seeds, models,
   snapshots and every test), in a subprocess with its own raw path, warehouse and target;
4. adds month 13: generates 13 months as a new delivery (the generator is prefix-stable, so the
   first 12 months are unchanged), lands it into ``<work>/raw`` as a landing job does (only new
   and changed files are copied: scripts/land_exports.py) and times ``dbt build`` again without
   ``--full-refresh``; it reports which models were materialised incrementally;
5. writes ``docs/benchmarks/<scale>.json`` and rewrites the results block of
   ``docs/benchmarks.md`` from every JSON file there.

Peak memory is measured two ways for each dbt run: the largest sum of resident set sizes of
the dbt process tree, sampled from /proc every 0.2 s (``peak_tree_rss``), and the kernel's
maximum resident set size of the dbt process (``ru_maxrss`` from wait4, exact but per process).

The time of a ``dbt build`` is split by phase from ``run_results.json``: node-seconds (the
sum of the nodes' execution times; dbt runs two threads, so these add up to more than the
wall time) and the wall-clock span during which a node of the phase was running; dbt start-up
and parse is the process's wall time minus the run's ``elapsed_time``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from scripts.land_exports import land

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DOCS = REPO_ROOT / "docs" / "benchmarks.md"
DEFAULT_JSON_DIR = REPO_ROOT / "docs" / "benchmarks"
START_MONTH = "2025-01"
SEED = 42
MONTHS = 12

BLOCK_START = "<!-- benchmark-results:start (written by scripts/benchmark.py; do not edit) -->"
BLOCK_END = "<!-- benchmark-results:end -->"

# Raw bytes the generator writes per scale unit and month: GL and reference files about 0.17 MB
# (151 MB for one month at scale 900), cloud bills about 1.37 MB (652 MB for 12 months at scale
# 40). Used to refuse a run that cannot fit on the disk.
RAW_BYTES_PER_SCALE_MONTH = 1_550_000


@dataclass(frozen=True)
class ScaleSpec:
    """One benchmark size: the generator's --scale, months, and extra generator options."""

    name: str
    generator_scale: float
    months: int = MONTHS
    generator_args: tuple[str, ...] = ()
    description: str = ""


# About 1,000 GL lines a month per scale unit (0.83 million a month at 870): L is the issue's
# "at least 10 million GL lines over 12 months". Cloud bill lines come from the generator's
# cloud options when it has them (pass them with --generator-arg).
SCALES: dict[str, ScaleSpec] = {
    "S": ScaleSpec("S", 10, description="about 0.1 million GL lines in 12 months"),
    "M": ScaleSpec("M", 100, description="about 1 million GL lines in 12 months"),
    # The cloud generator writes about 35 million bill lines at --scale 900; 1.5 x that reaches
    # the 50 million.
    "L": ScaleSpec("L", 900, generator_args=("--cloud-scale=1.5",),
                   description="at least 10 million GL lines and 50 million cloud-bill lines in 12 months"),
}

PHASES: tuple[str, ...] = (
    "seeds",
    "staging",
    "intermediate",
    "allocation",
    "marts",
    "snapshots",
    "tests",
    "other",
)

# Amount columns of the layouts we know, in order of preference, for the lower-bound totals.
AMOUNT_COLUMNS: tuple[str, ...] = (
    "HSL",  # SAP ACDOCA
    "line_item_unblended_cost",  # AWS CUR 2.0
    "lineItem/UnblendedCost",  # AWS legacy CUR
    "costInBillingCurrency",  # Azure cost details
    "CostInBillingCurrency",
    "BilledCost",  # FOCUS
    "cost",  # GCP billing export
    "amount",  # budgets
    "acquisition_cost",
    "metric_value",
    "kpi_value",
    "average_rate",
    "headcount",
    "used_quantity",
)
NETSUITE_DEBIT, NETSUITE_CREDIT = "Amount (Debit)", "Amount (Credit)"
DATA_SUFFIXES: dict[str, str] = {
    ".csv": "csv",
    ".csv.gz": "csv",
    ".parquet": "parquet",
    ".jsonl": "json",
    ".ndjson": "json",
}
NORMALISED_FOLDER = "_utf8"


class BenchmarkError(Exception):
    """A problem the user can fix; printed without a traceback."""


# --------------------------------------------------------------------------------------------
# run_results.json and the phase split
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeTiming:
    unique_id: str
    status: str
    execution_time: float
    started_at: dt.datetime | None
    completed_at: dt.datetime | None


def _timestamp(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(value)


def parse_run_results(data: dict[str, Any]) -> tuple[float, list[NodeTiming]]:
    """(elapsed_time, one NodeTiming per node) from a parsed run_results.json."""
    if "results" not in data or "elapsed_time" not in data:
        raise BenchmarkError("run_results.json has no 'results' or 'elapsed_time'")
    nodes = []
    for result in data["results"]:
        starts = [_timestamp(t.get("started_at")) for t in result.get("timing", [])]
        ends = [_timestamp(t.get("completed_at")) for t in result.get("timing", [])]
        starts = [s for s in starts if s is not None]
        ends = [e for e in ends if e is not None]
        nodes.append(
            NodeTiming(
                unique_id=result["unique_id"],
                status=str(result.get("status")),
                execution_time=float(result.get("execution_time") or 0.0),
                started_at=min(starts) if starts else None,
                completed_at=max(ends) if ends else None,
            )
        )
    return float(data["elapsed_time"]), nodes


def phase_of(unique_id: str, manifest: dict[str, Any]) -> str:
    """The benchmark phase of a node: seeds, staging, intermediate, allocation, marts, ..."""
    resource_type = unique_id.split(".", 1)[0]
    if resource_type == "seed":
        return "seeds"
    if resource_type in ("test", "unit_test"):
        return "tests"
    if resource_type == "snapshot":
        return "snapshots"
    if resource_type != "model":
        return "other"
    node = manifest.get("nodes", {}).get(unique_id, {})
    parts = Path(node.get("original_file_path", "")).parts
    if len(parts) >= 2 and parts[0] == "models":
        if parts[1] == "staging":
            return "staging"
        if parts[1] == "intermediate":
            return "allocation" if len(parts) > 2 and parts[2] == "allocation" else "intermediate"
        if parts[1] == "marts":
            return "marts"
    return "other"


def union_seconds(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> float:
    """Length of the union of time intervals, in seconds."""
    total = 0.0
    current: tuple[dt.datetime, dt.datetime] | None = None
    for start, end in sorted(intervals):
        if current is None or start > current[1]:
            if current is not None:
                total += (current[1] - current[0]).total_seconds()
            current = (start, end)
        elif end > current[1]:
            current = (current[0], end)
    if current is not None:
        total += (current[1] - current[0]).total_seconds()
    return total


@dataclass
class PhaseTime:
    phase: str
    nodes: int = 0
    node_seconds: float = 0.0
    wall_seconds: float = 0.0


def phase_split(nodes: Sequence[NodeTiming], manifest: dict[str, Any]) -> list[PhaseTime]:
    """Node-seconds and wall-clock span per phase, in PHASES order, phases with nodes only."""
    by_phase: dict[str, list[NodeTiming]] = {}
    for node in nodes:
        by_phase.setdefault(phase_of(node.unique_id, manifest), []).append(node)
    split = []
    for phase in PHASES:
        members = by_phase.get(phase, [])
        if not members:
            continue
        intervals = [
            (n.started_at, n.completed_at)
            for n in members
            if n.started_at is not None and n.completed_at is not None
        ]
        split.append(
            PhaseTime(
                phase=phase,
                nodes=len(members),
                node_seconds=round(sum(n.execution_time for n in members), 3),
                wall_seconds=round(union_seconds(intervals), 3),
            )
        )
    return split


def status_counts(nodes: Sequence[NodeTiming]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node.status] = counts.get(node.status, 0) + 1
    return dict(sorted(counts.items()))


def incremental_models(nodes: Sequence[NodeTiming], manifest: dict[str, Any]) -> list[str]:
    """Names of the models of this run that dbt materialised as incremental."""
    names = []
    for node in nodes:
        entry = manifest.get("nodes", {}).get(node.unique_id, {})
        is_model = entry.get("resource_type") == "model"
        if is_model and entry.get("config", {}).get("materialized") == "incremental":
            names.append(entry.get("name", node.unique_id))
    return sorted(names)


def tests_by_tested_phase(
    nodes: Sequence[NodeTiming], manifest: dict[str, Any]
) -> dict[str, dict[str, float]]:
    """Data tests grouped by the phase of the models they test: count and node-seconds.

    A test of a staging view re-reads the raw files behind the view, so this shows what the
    tests cost because of where they point.
    """
    groups: dict[str, dict[str, float]] = {}
    for node in nodes:
        if not node.unique_id.startswith("test."):
            continue
        entry = manifest.get("nodes", {}).get(node.unique_id, {})
        parents = entry.get("depends_on", {}).get("nodes", [])
        phases = {
            "sources" if parent.startswith("source.") else phase_of(parent, manifest)
            for parent in parents
        }
        phase = next((p for p in (*PHASES, "sources") if p in phases), "other")
        group = groups.setdefault(phase, {"tests": 0, "node_seconds": 0.0})
        group["tests"] += 1
        group["node_seconds"] = round(group["node_seconds"] + node.execution_time, 3)
    order = {p: i for i, p in enumerate((*PHASES, "sources"))}
    return dict(sorted(groups.items(), key=lambda item: order.get(item[0], len(order))))


def slowest_nodes(nodes: Sequence[NodeTiming], count: int = 5) -> list[tuple[str, float]]:
    ranked = sorted(nodes, key=lambda n: n.execution_time, reverse=True)[:count]
    return [(n.unique_id, round(n.execution_time, 3)) for n in ranked]


# --------------------------------------------------------------------------------------------
# The lower bound: one DuckDB query over every raw input
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawSource:
    """The raw files of one source folder and one format, read together."""

    folder: str  # the source folder relative to the raw folder, e.g. erp/sap_acdoca, cloud/azure
    file_format: str  # csv, parquet or json
    paths: tuple[str, ...]
    bytes: int

    @property
    def files(self) -> int:
        return len(self.paths)

    @property
    def key(self) -> tuple[str, str]:
        return self.folder, self.file_format


def source_folder(relative_folder: str) -> str:
    """The source a folder belongs to: its first two levels (three under _utf8/)."""
    parts = relative_folder.split("/")
    depth = 3 if parts[0] == NORMALISED_FOLDER else 2
    return "/".join(parts[:depth])


def discover_sources(raw: Path) -> list[RawSource]:
    """Every data file under raw, grouped by source folder and format.

    A folder whose UTF-8 copy exists under raw/_utf8 is read from the copy only, as dbt does.
    """
    groups: dict[tuple[str, str], list[Path]] = {}
    for path in sorted(raw.rglob("*")):
        if not path.is_file():
            continue
        name = path.name.lower()
        file_format = next((f for s, f in DATA_SUFFIXES.items() if name.endswith(s)), None)
        if file_format is None:
            continue
        folder = path.parent.relative_to(raw).as_posix()
        is_copy = folder == "." or folder.startswith(f"{NORMALISED_FOLDER}/")
        if not is_copy and (raw / NORMALISED_FOLDER / folder).is_dir():
            continue
        groups.setdefault((source_folder(folder), file_format), []).append(path)
    return [
        RawSource(
            folder=folder,
            file_format=file_format,
            paths=tuple(str(p) for p in paths),
            bytes=sum(p.stat().st_size for p in paths),
        )
        for (folder, file_format), paths in sorted(groups.items())
    ]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _reader(source: RawSource) -> str:
    files = "[" + ", ".join(_literal(p) for p in source.paths) + "]"
    if source.file_format == "parquet":
        return f"read_parquet({files}, union_by_name = true)"
    if source.file_format == "json":
        return f"read_json({files}, format = 'newline_delimited', union_by_name = true)"
    return (
        f"read_csv({files}, all_varchar = true, header = true, "
        "union_by_name = true, null_padding = true, strict_mode = false)"
    )


def amount_expression(columns: Sequence[str]) -> str:
    """SQL summing the source's main amount column, or NULL when none is known."""
    present = set(columns)
    if NETSUITE_DEBIT in present and NETSUITE_CREDIT in present:
        debit, credit = _identifier(NETSUITE_DEBIT), _identifier(NETSUITE_CREDIT)
        return (
            f"sum(coalesce(try_cast({debit} as double), 0)"
            f" - coalesce(try_cast({credit} as double), 0))"
        )
    for column in AMOUNT_COLUMNS:
        if column in present:
            return f"sum(try_cast({_identifier(column)} as double))"
    return "cast(null as double)"


def lower_bound_sql(sources: Sequence[RawSource], columns: dict[tuple[str, str], list[str]]) -> str:
    """One query: rows and amount total of every source, each file read exactly once."""
    if not sources:
        raise BenchmarkError("no raw files to read")
    parts = [
        f"select {_literal(s.folder)} as folder, {_literal(s.file_format)} as file_format, "
        f"count(*) as row_count, {amount_expression(columns.get(s.key, []))} as amount_total "
        f"from {_reader(s)}"
        for s in sources
    ]
    return "\nunion all\n".join(parts)


@dataclass
class LowerBound:
    seconds: float
    rows: int
    cpu_seconds: float = 0.0  # CPU time of the query (all DuckDB threads of this process)
    sources: list[dict[str, Any]] = field(default_factory=list)


def run_lower_bound(raw: Path, threads: int | None = None) -> LowerBound:
    """Discover the raw inputs, then time the single query that reads them all."""
    import duckdb

    sources = discover_sources(raw)
    con = duckdb.connect(":memory:")
    try:
        con.execute("set enable_progress_bar = false")
        if threads:
            con.execute(f"set threads = {int(threads)}")
        columns = {
            s.key: [
                row[0] for row in con.execute(f"describe select * from {_reader(s)}").fetchall()
            ]
            for s in sources
        }
        sql = lower_bound_sql(sources, columns)
        started, cpu_started = time.perf_counter(), time.process_time()
        result = con.execute(sql).fetchall()
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
    finally:
        con.close()
    by_folder = {(s.folder, s.file_format): s for s in sources}
    rows = []
    for folder, file_format, row_count, amount in result:
        source = by_folder[(folder, file_format)]
        rows.append(
            {
                "folder": folder,
                "format": file_format,
                "files": source.files,
                "bytes": source.bytes,
                "rows": int(row_count),
                "amount_total": None if amount is None else round(float(amount), 2),
            }
        )
    return LowerBound(
        seconds=round(seconds, 3),
        rows=sum(r["rows"] for r in rows),
        cpu_seconds=round(cpu_seconds, 3),
        sources=rows,
    )


def is_gl_folder(folder: str) -> bool:
    return folder.split("/")[0] == "erp" or folder.startswith(f"{NORMALISED_FOLDER}/erp")


def is_cloud_folder(folder: str) -> bool:
    return folder.split("/")[0] == "cloud" or folder.startswith(f"{NORMALISED_FOLDER}/cloud")


# --------------------------------------------------------------------------------------------
# Running and measuring a subprocess
# --------------------------------------------------------------------------------------------


def _children(pid_parents: dict[int, int], root: int) -> set[int]:
    tree = {root}
    changed = True
    while changed:
        changed = False
        for pid, parent in pid_parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                changed = True
    return tree


def process_tree_rss(root: int, proc: Path = Path("/proc")) -> int:
    """Sum of VmRSS (bytes) of root and its descendants, read from /proc; 0 if unavailable."""
    parents: dict[int, int] = {}
    for entry in proc.iterdir() if proc.is_dir() else []:
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields follow the last ')'.
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    total = 0
    for pid in _children(parents, root):
        try:
            status = (proc / str(pid) / "status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, flags=re.MULTILINE)
        if match:
            total += int(match.group(1)) * 1024
    return total


@dataclass
class Measured:
    seconds: float
    returncode: int
    peak_tree_rss: int  # bytes, sampled
    max_rss: int  # bytes, ru_maxrss of the process (and its waited-for children)
    cpu_seconds: float  # user + system CPU time of the process and its waited-for children
    log_path: str


DBT_PROGRESS = re.compile(r"\b(\d+) of (\d+) (OK|PASS|ERROR|FAIL|WARN|SKIP|SUCCESS|NO-OP)\b")


def run_measured(
    command: Sequence[str],
    *,
    env: dict[str, str],
    log_path: Path,
    label: str,
    dbt_progress: bool = False,
) -> Measured:
    """Run a command, streaming its output to log_path; sample its tree's memory.

    With dbt_progress, a progress bar follows dbt's "N of M" lines; otherwise the command's
    own stderr (a progress bar of its own) is passed through.
    """
    from tqdm import tqdm

    log_path.parent.mkdir(parents=True, exist_ok=True)
    peak = 0
    done = threading.Event()
    started = time.perf_counter()
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            process = subprocess.Popen(
                list(command),
                env=env,
                cwd=REPO_ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT if dbt_progress else None,
                text=True,
                errors="replace",
            )
        except OSError as error:
            raise BenchmarkError(f"cannot run {command[0]}: {error}") from error

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, process_tree_rss(process.pid))
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        bar = tqdm(
            desc=label, unit="node", file=sys.stderr, disable=not dbt_progress, mininterval=1
        )
        assert process.stdout is not None
        try:
            for line in process.stdout:
                log.write(line)
                match = DBT_PROGRESS.search(line) if dbt_progress else None
                if match:
                    bar.total = int(match.group(2))
                    bar.update(1)
        except BaseException:  # interrupted: do not leave the command running
            process.kill()
            process.wait()
            done.set()
            raise
        finally:
            bar.close()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    return Measured(
        seconds=round(seconds, 3),
        returncode=process.returncode,
        peak_tree_rss=peak,
        max_rss=usage.ru_maxrss * 1024,
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 3),
        log_path=str(log_path),
    )


def dbt_env(raw: Path, db_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        BTIM_RAW_PATH=str(raw),
        BTIM_DB_PATH=str(db_path),
        BTIM_TARGET="duckdb",
        DBT_PROFILES_DIR=str(REPO_ROOT),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DBT_USE_COLORS="false",
    )
    return env


def dbt_command(work: Path, step: str) -> list[str]:
    dbt = Path(sys.executable).parent / "dbt"
    return [
        str(dbt),
        "build",
        "--project-dir",
        str(REPO_ROOT),
        "--profiles-dir",
        str(REPO_ROOT),
        "--target-path",
        str(work / f"target_{step}"),
        "--log-path",
        str(work / "logs"),
    ]


def generator_command(raw: Path, spec: ScaleSpec, months: int, extra: Sequence[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scripts.generate_sample_data",
        "--out",
        str(raw),
        "--seed",
        str(SEED),
        "--scale",
        str(spec.generator_scale),
        "--months",
        str(months),
        "--start-month",
        START_MONTH,
        *spec.generator_args,
        *extra,
    ]


def generator_cloud_options() -> list[str]:
    """Options of the sample generator that are about cloud bills (none until they land)."""
    from scripts import generate_sample_data

    parser = generate_sample_data.build_parser()
    return sorted(
        option
        for action in parser._actions  # argparse has no public list of its actions
        for option in action.option_strings
        if "cloud" in option or "bill" in option
    )


def dbt_step(
    work: Path, step: str, raw: Path, db_path: Path, *, reuse_parse_from: str | None = None
) -> dict[str, Any]:
    """Run one dbt build and read what it did from its run_results.json and manifest.json.

    reuse_parse_from: the step whose saved parse (partial_parse.msgpack) this step starts
    from, as an operator's next run in the same project does.
    """
    target = work / f"target_{step}"
    shutil.rmtree(target, ignore_errors=True)
    if reuse_parse_from:
        saved = work / f"target_{reuse_parse_from}" / "partial_parse.msgpack"
        if saved.exists():
            target.mkdir(parents=True)
            shutil.copy2(saved, target / saved.name)
    measured = run_measured(
        dbt_command(work, step),
        env=dbt_env(raw, db_path),
        log_path=work / "logs" / f"dbt_build_{step}.log",
        label=f"dbt build ({step})",
        dbt_progress=True,
    )
    log_text = Path(measured.log_path).read_text(encoding="utf-8", errors="replace")
    try:
        run_results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise BenchmarkError(
            f"dbt build ({step}) wrote no readable run_results.json or manifest.json "
            f"(exit {measured.returncode}); see {measured.log_path}"
        ) from error
    elapsed, nodes = parse_run_results(run_results)
    return {
        "seconds": measured.seconds,
        "returncode": measured.returncode,
        "run_elapsed_seconds": round(elapsed, 3),
        "startup_and_parse_seconds": round(max(0.0, measured.seconds - elapsed), 3),
        "peak_tree_rss_bytes": measured.peak_tree_rss,
        "max_rss_bytes": measured.max_rss,
        "cpu_seconds": measured.cpu_seconds,
        "nodes": len(nodes),
        "statuses": status_counts(nodes),
        "phases": [asdict(p) for p in phase_split(nodes, manifest)],
        "incremental_models": incremental_models(nodes, manifest),
        "slowest_nodes": slowest_nodes(nodes),
        "tests_by_tested_phase": tests_by_tested_phase(nodes, manifest),
        "parse": "full" if "Unable to do partial parsing" in log_text else "partial",
        "log": measured.log_path,
    }


# --------------------------------------------------------------------------------------------
# Machine, estimates and the report
# --------------------------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, Any]:
    memory = 0
    cpu_model = platform.processor() or "unknown"
    try:
        meminfo = Path("/proc/meminfo").read_text()
        match = re.search(r"^MemTotal:\s+(\d+) kB", meminfo, flags=re.MULTILINE)
        memory = int(match.group(1)) * 1024 if match else 0
        cpuinfo = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, flags=re.MULTILINE)
        cpu_model = found.group(1).strip() if found else cpu_model
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "memory_bytes": memory,
        "cpu": cpu_model,
        "os": platform.platform(),
        "python": platform.python_version(),
        "duckdb": _version("duckdb"),
        "dbt_core": _version("dbt-core"),
        "dbt_duckdb": _version("dbt-duckdb"),
    }


def estimate_raw_bytes(spec: ScaleSpec, months: int) -> int:
    """Raw bytes the generator writes: GL, reference and cloud-bill files."""
    return int(spec.generator_scale * months * RAW_BYTES_PER_SCALE_MONTH)


def _gib(value: float | None) -> str:
    return "-" if value is None else f"{value / 2**30:.2f} GiB"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value / 1e6:,.0f} MB"


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f} s"


def render_markdown(results: Sequence[dict[str, Any]]) -> str:
    """The results block of docs/benchmarks.md: one summary row per scale, then details."""
    order = {name: i for i, name in enumerate(SCALES)}
    results = sorted(results, key=lambda r: order.get(r["scale"], len(order)))
    lines = [
        (
            "| scale | generator --scale | months | GL lines | cloud bill lines | raw size | "
            "generation | lower bound | full build | full build CPU | full / lower bound | "
            "add month 13 | month / full | peak memory (tree RSS) | max RSS | dbt result |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        full, month = r["full_build"], r["incremental_build"]
        statuses = ", ".join(f"{k} {v}" for k, v in full["statuses"].items())
        lines.append(
            f"| {r['scale']} | {r['generator_scale']:g} | {r['months']} | {r['gl_lines']:,} | "
            f"{r['cloud_bill_lines']:,} | {_mb(r['raw_bytes'])} | "
            f"{_s(r['generation_seconds'])} | {_s(r['lower_bound']['seconds'])} | "
            f"{_s(full['seconds'])} | {_s(full.get('cpu_seconds'))} | "
            f"{r['ratio_full_to_lower_bound']:.1f}x | "
            f"{_s(month['seconds'])} | {r['ratio_month_to_full']:.0%} | "
            f"{_gib(max(full['peak_tree_rss_bytes'], month['peak_tree_rss_bytes']))} | "
            f"{_gib(max(full['max_rss_bytes'], month['max_rss_bytes']))} | "
            f"{'ok' if full['returncode'] == 0 else 'FAILED'}: {statuses} |"
        )
    for r in results:
        full, month = r["full_build"], r["incremental_build"]
        machine = r["machine"]
        lines += [
            "",
            f"### Scale {r['scale']}: measured {r['measured_at']}",
            "",
            f"Machine: {machine['cores']} cores ({machine['cpu']}), "
            f"{_gib(machine['memory_bytes'])} memory, {machine['os']}; Python "
            f"{machine['python']}, duckdb {machine['duckdb']}, dbt-core {machine['dbt_core']}, "
            f"dbt-duckdb {machine['dbt_duckdb']}. Load average (1 min) at start "
            f"{r['load_average'][0]:.2f}, at end {r['load_average'][1]:.2f}"
            + (f". {r['note']}" if r.get("note") else "."),
            "",
            (
                f"Warehouse file after the full build: {_mb(r['warehouse_bytes'])}. "
                f"Generating 13 months for the incremental step: "
                f"{_s(r['generation_13_seconds'])}."
            ),
            "",
            (
                "| phase | full build: nodes | node-seconds | share | wall span "
                "| adding month 13: nodes | node-seconds | wall span |"
            ),
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            (
                f"| dbt start-up and parse ({full.get('parse', '?')} / "
                f"{month.get('parse', '?')} parse) | - | - | - "
                f"| {_s(full['startup_and_parse_seconds'])} "
                f"| - | - | {_s(month['startup_and_parse_seconds'])} |"
            ),
        ]
        node_total = sum(p["node_seconds"] for p in full["phases"]) or 1.0
        month_phases = {p["phase"]: p for p in month["phases"]}
        for phase in full["phases"]:
            other = month_phases.get(phase["phase"], {"nodes": 0, "node_seconds": 0.0})
            lines.append(
                f"| {phase['phase']} | {phase['nodes']} | {phase['node_seconds']:,.1f} | "
                f"{phase['node_seconds'] / node_total:.0%} | {_s(phase['wall_seconds'])} "
                f"| {other['nodes']} | {other['node_seconds']:,.1f} "
                f"| {_s(other.get('wall_seconds'))} |"
            )
        month_total = sum(p["node_seconds"] for p in month["phases"])
        lines.append(
            f"| total: run {_s(full['run_elapsed_seconds'])} / {_s(month['run_elapsed_seconds'])}, "
            f"process {_s(full['seconds'])} / {_s(month['seconds'])} | {full['nodes']} "
            f"| {node_total:,.1f} | 100% | - | {month['nodes']} | {month_total:,.1f} | - |"
        )
        incremental = month["incremental_models"]
        month_statuses = ", ".join(f"{k} {v}" for k, v in month["statuses"].items())
        tested = full.get("tests_by_tested_phase", {})
        lines += [
            "",
            "Adding month 13: "
            + (
                f"{len(incremental)} models incremental ({', '.join(incremental)})"
                if incremental
                else "no model is incremental yet, so this step is a full rebuild"
            )
            + f"; dbt result {'ok' if month['returncode'] == 0 else 'FAILED'}: {month_statuses}.",
            "",
            "Data tests of the full build by the layer of the model they test: "
            + ", ".join(
                f"{phase} {int(group['tests'])} tests, {group['node_seconds']:,.1f} s"
                for phase, group in tested.items()
            )
            + ".",
            "",
            (
                f"CPU time (user + system): lower bound {_s(r['lower_bound'].get('cpu_seconds'))}, "
                f"full build {_s(full.get('cpu_seconds'))} "
                f"({r.get('ratio_full_to_lower_bound_cpu', 0):.1f}x), adding month 13 "
                f"{_s(month.get('cpu_seconds'))}, generation {_s(r.get('generation_cpu_seconds'))}."
            ),
            "",
            "Slowest nodes of the full build: "
            + ", ".join(f"`{uid.split('.')[-1]}` {sec:.1f} s" for uid, sec in full["slowest_nodes"])
            + ".",
            "",
            "Lower-bound query (every raw file read once): "
            + ", ".join(f"`{s['folder']}` {s['rows']:,} rows" for s in r["lower_bound"]["sources"])
            + ".",
        ]
    return "\n".join(lines) + "\n"


def replace_block(text: str, block: str) -> str:
    """Put block between the result markers of text (appending the markers if absent)."""
    start, end = text.find(BLOCK_START), text.find(BLOCK_END)
    wrapped = f"{BLOCK_START}\n{block.rstrip()}\n{BLOCK_END}"
    if start == -1 or end == -1 or end < start:
        return text.rstrip() + "\n\n" + wrapped + "\n"
    return text[:start] + wrapped + text[end + len(BLOCK_END) :]


def write_reports(result: dict[str, Any], json_dir: Path, docs: Path) -> Path:
    json_dir.mkdir(parents=True, exist_ok=True)
    json_path = json_dir / f"{result['scale']}.json"
    json_path.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    results = [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(json_dir.glob("*.json"))
    ]
    text = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n"
    docs.write_text(replace_block(text, render_markdown(results)), encoding="utf-8")
    return json_path


# --------------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------------


def _step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_benchmark(
    spec: ScaleSpec,
    work: Path,
    *,
    generator_extra: Sequence[str] = (),
    note: str = "",
    lower_bound_threads: int | None = None,
) -> dict[str, Any]:
    raw, db_path = work / "raw", work / "warehouse.duckdb"
    needed = 2 * estimate_raw_bytes(spec, spec.months + 1)
    work.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(work).free
    if free < needed:
        raise BenchmarkError(
            f"scale {spec.name} needs about {needed / 1e9:.1f} GB under {work} "
            f"(raw files, warehouse and temporary files); only {free / 1e9:.1f} GB are free"
        )
    load_start = os.getloadavg()[0]
    cloud_options = generator_cloud_options()
    if cloud_options and not (spec.generator_args or generator_extra):
        _step(f"note: the generator has cloud options {cloud_options}; none passed")

    _step(f"generating scale {spec.name} (--scale {spec.generator_scale:g}, {spec.months} months)")
    generation = run_measured(
        generator_command(raw, spec, spec.months, generator_extra),
        env=dict(os.environ),
        log_path=work / "logs" / "generate.log",
        label="generate",
    )
    if generation.returncode != 0:
        raise BenchmarkError(f"the generator failed; see {generation.log_path}")

    _step("lower bound: one DuckDB query over every raw file")
    lower = run_lower_bound(raw, threads=lower_bound_threads)
    raw_bytes = sum(s["bytes"] for s in lower.sources)
    gl_lines = sum(s["rows"] for s in lower.sources if is_gl_folder(s["folder"]))
    cloud_lines = sum(s["rows"] for s in lower.sources if is_cloud_folder(s["folder"]))
    _step(f"  {lower.rows:,} rows ({gl_lines:,} GL lines) in {lower.seconds:.1f} s")

    _step("full dbt build into a fresh warehouse")
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        path.unlink(missing_ok=True)
    full = dbt_step(work, "full", raw, db_path)
    warehouse_bytes = db_path.stat().st_size if db_path.exists() else 0
    _step(f"  {full['seconds']:.1f} s, exit {full['returncode']}, {full['statuses']}")

    _step(f"adding month {spec.months + 1}: generating {spec.months + 1} months as a new delivery")
    delivery = work / "delivery"
    shutil.rmtree(delivery, ignore_errors=True)
    generation_13 = run_measured(
        generator_command(delivery, spec, spec.months + 1, generator_extra),
        env=dict(os.environ),
        log_path=work / "logs" / "generate_13.log",
        label="generate",
    )
    if generation_13.returncode != 0:
        raise BenchmarkError(f"the generator failed; see {generation_13.log_path}")
    # Land it as a landing job does: only new and changed files are copied, so the files of
    # months 1-12 that did not change keep their modification time (scripts/land_exports.py).
    landing_started = time.monotonic()
    landing = land(delivery, raw)
    landing_seconds = time.monotonic() - landing_started
    shutil.rmtree(delivery, ignore_errors=True)
    _step(f"  landed {len(landing.added)} new and {len(landing.replaced)} changed file(s), "
          f"{landing.unchanged} unchanged, in {landing_seconds:.1f} s")
    _step("dbt build without --full-refresh")
    month = dbt_step(work, "incremental", raw, db_path, reuse_parse_from="full")
    _step(f"  {month['seconds']:.1f} s, exit {month['returncode']}, {month['statuses']}")

    return {
        "scale": spec.name,
        "generator_scale": spec.generator_scale,
        "generator_args": [*spec.generator_args, *generator_extra],
        "months": spec.months,
        "start_month": START_MONTH,
        "seed": SEED,
        "measured_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine_info(),
        "load_average": [round(load_start, 2), round(os.getloadavg()[0], 2)],
        "note": note,
        "gl_lines": gl_lines,
        "cloud_bill_lines": cloud_lines,
        "raw_bytes": raw_bytes,
        "warehouse_bytes": warehouse_bytes,
        "generation_seconds": generation.seconds,
        "generation_max_rss_bytes": generation.max_rss,
        "generation_cpu_seconds": generation.cpu_seconds,
        "generation_13_seconds": generation_13.seconds,
        "landing_13": {"added": len(landing.added), "replaced": len(landing.replaced),
                       "unchanged": landing.unchanged, "seconds": round(landing_seconds, 2)},
        "lower_bound": asdict(lower),
        "full_build": full,
        "incremental_build": month,
        "ratio_full_to_lower_bound": round(full["seconds"] / max(lower.seconds, 1e-9), 2),
        "ratio_month_to_full": round(month["seconds"] / max(full["seconds"], 1e-9), 3),
        # CPU time is less sensitive than wall time to other work on the machine.
        "ratio_full_to_lower_bound_cpu": round(
            full["cpu_seconds"] / max(lower.cpu_seconds, 1e-9), 2
        ),
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="benchmark.py",
        description="Generate the sample enterprise at scale S, M or L, time its generation, a "
        "lower-bound DuckDB scan of the raw files, a full dbt build and the build after adding "
        "a 13th month, measure peak memory, and write docs/benchmarks/<scale>.json and the "
        "results table of docs/benchmarks.md.",
        epilog="Scales: "
        + "; ".join(
            f"{s.name} = generator --scale {s.generator_scale:g}, {s.months} months "
            f"({s.description})"
            for s in SCALES.values()
        ),
    )
    parser.add_argument(
        "--scale", default="S", type=str.upper, choices=list(SCALES), help="size (default: S)"
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        help="folder for raw files, warehouse, dbt targets and logs (default: data/bench/<scale>)",
    )
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="Markdown report to update")
    parser.add_argument(
        "--json-dir", type=Path, default=DEFAULT_JSON_DIR, help="folder of the JSON results"
    )
    parser.add_argument(
        "--generator-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="extra option for the sample generator, e.g. --generator-arg=--cloud-scale=10 "
        "(repeatable)",
    )
    parser.add_argument(
        "--note", default="", help="remark stored with the results (e.g. 'machine under load')"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the raw files and the warehouse afterwards"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    spec = SCALES[args.scale]
    work = (args.work_dir or REPO_ROOT / "data" / "bench" / spec.name).resolve()
    if work == REPO_ROOT or REPO_ROOT.is_relative_to(work):
        parser.error(f"--work-dir must not contain the repository: {work}")
    try:
        result = run_benchmark(spec, work, generator_extra=args.generator_arg, note=args.note)
        json_path = write_reports(result, args.json_dir, args.docs)
    except BenchmarkError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work / "raw", ignore_errors=True)
            for name in ("warehouse.duckdb", "warehouse.duckdb.wal"):
                (work / name).unlink(missing_ok=True)
    full = result["full_build"]
    print(
        f"scale {spec.name}: {result['gl_lines']:,} GL lines; generation "
        f"{result['generation_seconds']:.1f} s; lower bound {result['lower_bound']['seconds']:.1f} s; "
        f"full build {full['seconds']:.1f} s ({result['ratio_full_to_lower_bound']:.1f}x); "
        f"add a month {result['incremental_build']['seconds']:.1f} s "
        f"({result['ratio_month_to_full']:.0%} of full); peak memory "
        f"{_gib(max(full['peak_tree_rss_bytes'], result['incremental_build']['peak_tree_rss_bytes']))}"
    )
    print(f"wrote {json_path} and {args.docs}")
    failed = [
        step for step in ("full_build", "incremental_build") if result[step]["returncode"] != 0
    ]
    if failed:
        print(
            f"error: dbt build failed in {', '.join(failed)}; see the logs under {work / 'logs'}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
