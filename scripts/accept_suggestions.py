"""Accept a mapping suggestion: append a rule for one account to the GL mapping seed.

By default takes the sub-pool the suggestions give to most of the account's unmapped amount
(finance.fct_gl_mapping_suggestions, written by suggest_mappings.py); --sub-pool overrides it.
The rule is appended in whatever columns seeds/mappings/gl_account_mappings.csv has (columns
this script does not know are left empty). Review the diff and run dbt build to apply it.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import sys
from pathlib import Path

from btim_intel import mapping
from btim_intel.warehouse import WarehouseError, connect, default_db_path, query

REPO_ROOT = Path(__file__).resolve().parent.parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="accept_suggestions.py", description=__doc__.splitlines()[0])
    parser.add_argument("account", help="6-digit G/L account to map, e.g. 669900")
    parser.add_argument("--cost-center", help="map the account only on this cost centre (a cost_center rule)")
    parser.add_argument("--changed-by", default="accept_suggestions", help="analyst recorded on the rule")
    parser.add_argument("--sub-pool", help="sub-pool to map to (default: the suggestion)")
    parser.add_argument("--db", default=default_db_path(), help="warehouse file (default: $BTIM_DB_PATH)")
    parser.add_argument("--seed-file", type=Path, default=REPO_ROOT / "seeds/mappings/gl_account_mappings.csv",
                        help="mapping seed to append to")
    parser.add_argument("--sub-pools", type=Path, default=REPO_ROOT / "seeds/taxonomy/tbm_sub_pools.csv",
                        help="taxonomy seed of valid sub-pools")
    parser.add_argument("--priority", type=int, default=20, help="priority of the new rule (default 20)")
    parser.add_argument("--dry-run", action="store_true", help="show the rule without writing it")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with args.sub_pools.open(encoding="utf-8-sig", newline="") as handle:
            known = {row["sub_pool_id"] for row in csv.DictReader(handle)}
        note = "Accepted by an analyst"
        sub_pool = args.sub_pool
        if sub_pool is None:
            con = connect(args.db)
            try:
                suggestions = query(con, "select * from finance.fct_gl_mapping_suggestions")
            finally:
                con.close()
            sub_pool, share, lines, confidence = mapping.account_suggestion(suggestions, args.account, args.cost_center)
            note = (f"Accepted suggestion: {share:.0%} of the unmapped amount, {lines} lines, "
                    f"mean confidence {confidence:.2f}")
        if args.dry_run:
            print(f"would append: account {args.account} -> {sub_pool} ({note})")
            return 0
        changed_at = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
        row = mapping.accept_suggestion(args.seed_file, args.account, sub_pool, note, known, args.priority,
                                        args.cost_center, args.changed_by, changed_at)
    except (WarehouseError, ValueError, OSError, KeyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    scope = f" on cost centre {args.cost_center}" if args.cost_center else ""
    print(f"Appended rule {row['mapping_rule_id']} to {args.seed_file}: account {args.account}{scope} -> {sub_pool}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
