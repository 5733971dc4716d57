"""The main job: generate the sample enterprise, build the warehouse, print the summary.

Writes the sample exports to $BTIM_RAW_PATH (default data/raw), runs `dbt build` into
$BTIM_DB_PATH (default data/warehouse.duckdb) and prints the latest closed month.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_dbt(args: list[str]) -> bool:
    """Run one dbt command in-process from the repository root; True when it succeeded."""
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke([*args, "--project-dir", str(REPO_ROOT), "--profiles-dir", str(REPO_ROOT)])
    return bool(result.success)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of the sample enterprise (default 1)")
    parser.add_argument("--months", type=int, default=24, help="months of history (default 24)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--skip-generate", action="store_true", help="build from the exports already in the raw folder")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO_ROOT))
    from scripts import generate_sample_data, summary

    raw = Path(os.environ.setdefault("BTIM_RAW_PATH", "data/raw"))
    db = Path(os.environ.setdefault("BTIM_DB_PATH", "data/warehouse.duckdb"))
    os.chdir(REPO_ROOT)
    db.parent.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    if not args.skip_generate:
        print(f"Generating the sample enterprise into {raw} (scale {args.scale}, {args.months} months, seed {args.seed})")
        generate_sample_data.main(
            ["--out", str(raw), "--scale", str(args.scale), "--months", str(args.months), "--seed", str(args.seed)]
        )
    print(f"Building the warehouse into {db}")
    if not run_dbt(["build"]):
        print("error: dbt build failed; see the messages above and logs/dbt.log", file=sys.stderr)
        return 1
    print(f"Built in {time.monotonic() - started:.1f} s")
    return summary.main(["--db", str(db)])


if __name__ == "__main__":
    sys.exit(main())
