"""Land a new delivery of exports into the raw folder the warehouse reads, as a landing job does.

Copies every file of the delivery that is new or whose bytes differ from the landed copy and
leaves identical files untouched (their modification time too), so that an incremental `dbt
build` reads only what changed: the base models of the cloud bills reload a file when its size or
modification time differs from the one recorded with its rows (macros/cloud_bill_columns.sql).
Nothing is ever deleted from the raw folder.

    python -m scripts.land_exports --delivery /tmp/export-2026-01 --raw data/raw
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Landing:
    """What a landing did, as paths relative to the raw folder."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0


def land(delivery: Path, raw: Path) -> Landing:
    """Copy the new and changed files of delivery into raw (same relative paths)."""
    if not delivery.is_dir():
        raise FileNotFoundError(f"delivery folder {delivery} does not exist")
    result = Landing()
    for source in sorted(path for path in delivery.rglob("*") if path.is_file()):
        relative = source.relative_to(delivery)
        target = raw / relative
        if target.is_file() and filecmp.cmp(source, target, shallow=False):
            result.unchanged += 1
            continue
        (result.replaced if target.exists() else result.added).append(str(relative))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--delivery", type=Path, required=True, help="folder of the new delivery")
    parser.add_argument("--raw", type=Path, required=True, help="the raw folder dbt reads (BTIM_RAW_PATH)")
    args = parser.parse_args(argv)
    try:
        result = land(args.delivery, args.raw)
    except FileNotFoundError as error:
        print(f"land_exports: {error}", file=sys.stderr)
        return 2
    print(f"landed {len(result.added)} new and {len(result.replaced)} changed file(s); "
          f"{result.unchanged} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
