"""Shared fixtures: a warehouse built end to end from a small sample enterprise."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class BuiltWarehouse:
    """A warehouse built by dbt from generated sample exports, and how it was built."""

    raw_path: Path
    db_path: Path
    env: dict[str, str]
    build_output: str

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.db_path), read_only=True)


def dbt_env(raw_path: Path, db_path: Path, **extra: str) -> dict[str, str]:
    """Environment for a dbt run against the given raw folder and warehouse file."""
    env = dict(os.environ)
    env.update(
        BTIM_RAW_PATH=str(raw_path),
        BTIM_DB_PATH=str(db_path),
        DBT_PROFILES_DIR=str(REPO_ROOT),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        **extra,
    )
    return env


def run_dbt(args: list[str], env: dict[str, str], work_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run dbt from the repository with its target and logs kept in work_dir."""
    dbt = Path(sys.executable).parent / "dbt"
    return subprocess.run(
        [str(dbt), *args, "--project-dir", str(REPO_ROOT), "--target-path", str(work_dir / "target"),
         "--log-path", str(work_dir / "logs")],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def generate(raw_path: Path, scale: float = 0.2, months: int = 4, seed: int = 7) -> None:
    from scripts import generate_sample_data

    generate_sample_data.generate(raw_path, seed=seed, scale=scale, months=months, start_month="2025-01")


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltWarehouse]:
    """Generate a small sample enterprise and `dbt build` it once for the whole session."""
    work_dir = tmp_path_factory.mktemp("warehouse")
    raw_path = work_dir / "raw"
    db_path = work_dir / "warehouse.duckdb"
    generate(raw_path)
    env = dbt_env(raw_path, db_path)
    result = run_dbt(["build"], env, work_dir)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail("dbt build failed:\n" + output[-8000:])
    yield BuiltWarehouse(raw_path=raw_path, db_path=db_path, env=env, build_output=output)
