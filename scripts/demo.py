"""The main job: generate the sample enterprise, build the warehouse, print the summary.

Writes the sample exports to $BTIM_RAW_PATH (default data/raw), runs `dbt build` into
$BTIM_DB_PATH (default data/warehouse.duckdb) and prints the latest closed month.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_dbt(args: list[str]) -> bool:
    """Run one dbt command from the repository root; True when it succeeded.

    dbt runs in its own process so that its connection to the warehouse file is closed when it
    ends: the summary and the intelligence steps then open the file themselves.
    """
    dbt = Path(sys.executable).parent / "dbt"
    command = [str(dbt), *args, "--project-dir", str(REPO_ROOT), "--profiles-dir", str(REPO_ROOT)]
    return subprocess.run(command, cwd=REPO_ROOT, check=False).returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of the sample enterprise (default 1)")
    parser.add_argument("--months", type=int, default=24, help="months of history (default 24)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--skip-generate", action="store_true", help="build from the exports already in the raw folder")
    parser.add_argument(
        "--profile", choices=("default", "cn"), default="default",
        help="cn: the Chinese group (Kingdee, Yonyou, Alibaba Cloud, CNY), summary in Chinese (docs/china.md)",
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(REPO_ROOT))
    from scripts import generate_sample_data, normalise_encodings, summary

    raw = Path(os.environ.setdefault("BTIM_RAW_PATH", "data/raw"))
    db = Path(os.environ.setdefault("BTIM_DB_PATH", "data/warehouse.duckdb"))
    os.chdir(REPO_ROOT)
    db.parent.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    if not args.skip_generate:
        print(f"Generating the sample enterprise into {raw} (scale {args.scale}, {args.months} months, seed {args.seed})")
        generate_sample_data.main(
            ["--out", str(raw), "--scale", str(args.scale), "--months", str(args.months), "--seed", str(args.seed),
             "--profile", args.profile]
        )
    # Chinese exports (GBK or UTF-8) -> UTF-8 copies the dbt sources read (docs/china.md)
    if normalise_encodings.main(["--raw", str(raw), "--quiet"]) != 0:
        return 1
    print(f"Building the warehouse into {db}")
    dbt_vars = ["--vars", "{reporting_currency: CNY}"] if args.profile == "cn" else []
    if not run_dbt(["build", *dbt_vars]):
        print("error: dbt build failed; see the messages above and logs/dbt.log", file=sys.stderr)
        return 1
    print(f"Built in {time.monotonic() - started:.1f} s")
    status = summary.main(["--db", str(db), "--lang", "zh" if args.profile == "cn" else "en"])
    if status == 0 and args.profile == "default":
        # Forecasts, budget LP, mapping suggestions, report linking and carbon, each measured
        # against its baseline (docs/intelligence.md).
        from btim_intel import demo_steps

        status = demo_steps.main(["--db", str(db), "--raw", str(raw)])
    return status


if __name__ == "__main__":
    sys.exit(main())
