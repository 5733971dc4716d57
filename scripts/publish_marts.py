"""Publish the marts of a built warehouse as Parquet copies, atomically, for the dashboard.

A reader that holds the DuckDB file makes `dbt build` fail ("Could not set lock"), and a running
build makes the reader fail. So the dashboard never opens the warehouse: after a build this
program copies every table of the mart schemas (and the allocation tables the trace page
follows) to Parquet files in a new release folder, writes a manifest, and then switches the
`current` link to the new release in one rename. A dashboard that is reading the previous
release keeps reading it; the next page load sees the new one.

    python -m scripts.publish_marts --db data/warehouse.duckdb --out data/published

Layout of the output folder:

    <out>/releases/<release id>/<schema>.<table>.parquet
    <out>/releases/<release id>/manifest.json
    <out>/current -> releases/<release id>
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

MART_SCHEMAS: tuple[str, ...] = ("finance", "technology", "consumer", "core")

# Allocation tables the trace page follows from a consumer figure back to GL lines. Published
# when they exist; a table of the allocation engine's trace mart (in a mart schema) is
# published with the marts anyway.
TRACE_TABLES: dict[str, str] = {
    "intermediate.int_solution_costs_allocated_to_consumers": "select * from {table}",
    "intermediate.int_gl_lines_mapped_to_cost_pools": (
        "select fiscal_month, sub_pool_id, cost_center_code, entity_id, source_system, account_code,"
        " document_number, document_line, document_type, posting_date, vendor_name, line_description,"
        " amount_reporting, reporting_currency_code, mapping_rule_id, ledger_status, source_file,"
        " source_line_number from {table} where ledger_status in ('mapped', 'unmapped')"
    ),
}


class PublishError(Exception):
    """A problem the user can fix (missing warehouse, nothing to publish, ...)."""


@dataclass
class Release:
    """What one publication wrote."""

    release_id: str
    path: Path
    tables: dict[str, int] = field(default_factory=dict)


def list_tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[str]:
    """Qualified names (schema.table) of the base tables and views in the given schemas."""
    placeholders = ", ".join("?" for _ in schemas)
    rows = con.execute(
        f"select table_schema, table_name from information_schema.tables "
        f"where table_schema in ({placeholders}) order by 1, 2",
        list(schemas),
    ).fetchall()
    return [f"{schema}.{name}" for schema, name in rows]


def _copy_to_parquet(con: duckdb.DuckDBPyConnection, query: str, target: Path) -> int:
    con.execute(f"copy ({query}) to '{target.as_posix()}' (format parquet)")
    row = con.execute(f"select count(*) from read_parquet('{target.as_posix()}')").fetchone()
    return int(row[0]) if row else 0


def publish(db_path: Path, out_dir: Path, keep: int = 3, schemas: tuple[str, ...] = MART_SCHEMAS) -> Release:
    """Copy the marts of db_path to a new release under out_dir and make it the current one."""
    if not db_path.is_file():
        raise PublishError(f"no warehouse at {db_path}: build it first (make demo, or dbt build)")
    if keep < 2:
        raise PublishError("--keep must be at least 2 (the new release and the one readers may still hold)")
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as error:
        raise PublishError(f"cannot open {db_path} read-only ({error}); is a build running?") from error
    release_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:6]
    releases = out_dir / "releases"
    staging = releases / f".{release_id}.partial"
    staging.mkdir(parents=True, exist_ok=False)
    release = Release(release_id=release_id, path=releases / release_id)
    try:
        with con:
            tables = list_tables(con, schemas)
            if not tables:
                raise PublishError(f"{db_path} has no tables in the schemas {', '.join(schemas)}")
            for table in tables:
                release.tables[table] = _copy_to_parquet(con, f"select * from {table}", staging / f"{table}.parquet")
            existing = set(list_tables(con, ("intermediate",)))
            for table, query in TRACE_TABLES.items():
                if table in existing:
                    release.tables[table] = _copy_to_parquet(
                        con, query.format(table=table), staging / f"{table}.parquet"
                    )
        manifest = {
            "release_id": release_id,
            "published_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "warehouse": str(db_path),
            "tables": release.tables,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        staging.rename(release.path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    switch_current(out_dir, release.path)
    prune(out_dir, keep)
    return release


def switch_current(out_dir: Path, release_path: Path) -> None:
    """Point out_dir/current at release_path in one atomic rename."""
    link = out_dir / "current"
    temporary = out_dir / f".current-{uuid.uuid4().hex[:8]}"
    temporary.symlink_to(release_path.relative_to(out_dir), target_is_directory=True)
    os.replace(temporary, link)


def prune(out_dir: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` releases (never the current one); return what was removed."""
    releases = out_dir / "releases"
    current = (out_dir / "current").resolve()
    finished = sorted(p for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    removed = []
    for path in finished[:-keep]:
        if path.resolve() != current:
            shutil.rmtree(path)
            removed.append(path)
    return removed


def current_release(out_dir: Path) -> Path:
    """The folder of the current release; PublishError when nothing is published yet."""
    link = out_dir / "current"
    if not link.exists():
        raise PublishError(f"nothing published in {out_dir} yet: run python -m scripts.publish_marts")
    return link.resolve()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.publish_marts",
        description="Publish the marts of a built warehouse as Parquet copies for the dashboard "
        "(atomically: readers never see a half-written release).",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=Path(os.environ.get("BTIM_DB_PATH", "data/warehouse.duckdb")),
        help="the warehouse file (default: $BTIM_DB_PATH or data/warehouse.duckdb)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(os.environ.get("BTIM_PUBLISH_PATH", "data/published")),
        help="the publication folder (default: $BTIM_PUBLISH_PATH or data/published)",
    )
    parser.add_argument("--keep", type=int, default=3, help="releases to keep (default 3, at least 2)")
    args = parser.parse_args(argv)
    try:
        release = publish(args.db, args.out, keep=args.keep)
    except PublishError as error:
        print(f"publish_marts: {error}", file=sys.stderr)
        return 2
    rows = sum(release.tables.values())
    print(f"Published {len(release.tables)} tables ({rows:,} rows) to {args.out / 'current'} -> {release.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
