"""Suggest sub-pool, sub-tower and solution for GL lines no mapping rule holds.

Trains a scikit-learn text classifier on the GL lines already mapped (vendor, account name,
line text, cost centre), measures precision and coverage on held-out streams against a
vendor-lookup baseline, and writes finance.fct_gl_mapping_suggestions (one row per unmapped
line) and finance.fct_gl_mapping_suggestion_quality. Accept a suggestion into the mapping seed
with scripts/accept_suggestions.py.

With --cloud, also suggests an application (and its solution) for the cloud charges no tag or
sub-account rule assigned (x_application_id = 'untagged'), trained on the tagged charges
(provider, service, sub-account, resource id/name tokens, tags), measured on held-out
resources against a sub-account lookup, and writes finance.fct_cloud_mapping_suggestions and
finance.fct_cloud_mapping_suggestion_quality.
"""

from __future__ import annotations

import argparse
import sys

from btim_intel import mapping
from btim_intel.warehouse import WarehouseError, connect, default_db_path, write_table


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="suggest_mappings.py", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=default_db_path(), help="warehouse file (default: $BTIM_DB_PATH)")
    parser.add_argument("--threshold", type=float, default=0.5,
                        help="probability from which a suggestion counts as confident (default 0.5)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the held-out split (default 0)")
    parser.add_argument("--cloud", action="store_true",
                        help="also suggest applications for untagged cloud charges")
    return parser


def run_cloud(con, threshold: float, seed: int) -> list[str]:  # noqa: ANN001
    """Cloud suggestions and their quality, written to the warehouse; the lines to print."""
    tagged, untagged, application_solutions = mapping.load_cloud_charges(con)
    if tagged["application_id"].nunique() < 2 or len(tagged) < 20:
        raise ValueError("too few tagged cloud charges to learn from (need 20 and two applications)")
    quality = mapping.evaluate_cloud(tagged, application_solutions, threshold, seed)
    suggestions = mapping.suggest_cloud(tagged, untagged, application_solutions, threshold)
    write_table(con, "finance", "fct_cloud_mapping_suggestions", mapping.CLOUD_SUGGESTION_COLUMNS, suggestions)
    write_table(con, "finance", "fct_cloud_mapping_suggestion_quality", mapping.QUALITY_COLUMNS, quality)
    rows = quality.set_index(["target", "method"])
    lines = [
        f"Suggested applications for {len(suggestions)} untagged cloud charges "
        f"({int(suggestions['is_confident'].sum())} at p >= {threshold}); "
        "written to finance.fct_cloud_mapping_suggestions",
        f"Held-out cloud resources ({int(quality['test_lines'].iloc[0])} charges): precision / coverage",
    ]
    for target in mapping.CLOUD_TARGETS:
        model, base = rows.loc[(target, "model")], rows.loc[(target, "sub_account_lookup")]
        lines.append(f"  {target:<14} model {model['precision']:6.1%} / {model['coverage']:6.1%}   "
                     f"sub-account lookup {base['precision']:6.1%} / {base['coverage']:6.1%}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not 0 < args.threshold <= 1:
        parser.error("--threshold must be in (0, 1]")
    try:
        con = connect(args.db, read_only=False)
    except WarehouseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        labelled, unmapped = mapping.load_lines(con)
        if labelled[list(mapping.TARGETS)].nunique().min() < 2 or len(labelled) < 20:
            raise ValueError("too few mapped GL lines to learn from (need 20 and two labels of each kind)")
        quality = mapping.evaluate(labelled, args.threshold, args.seed)
        suggestions = mapping.suggest(labelled, unmapped, args.threshold)
        write_table(con, "finance", "fct_gl_mapping_suggestions", mapping.SUGGESTION_COLUMNS, suggestions)
        write_table(con, "finance", "fct_gl_mapping_suggestion_quality", mapping.QUALITY_COLUMNS, quality)
        cloud_lines = run_cloud(con, args.threshold, args.seed) if args.cloud else []
    except (WarehouseError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        con.close()
    print(f"Suggested mappings for {len(suggestions)} unmapped GL lines "
          f"({int(suggestions['is_confident'].sum())} with a sub-pool at p >= {args.threshold}); "
          "written to finance.fct_gl_mapping_suggestions")
    print(f"Held-out streams ({int(quality['test_lines'].iloc[0])} lines): precision / coverage")
    for target in mapping.TARGETS:
        rows = quality.set_index(["target", "method"])
        model, base = rows.loc[(target, "model")], rows.loc[(target, "vendor_lookup")]
        print(f"  {target:<13} model {model['precision']:6.1%} / {model['coverage']:6.1%}   "
              f"vendor lookup {base['precision']:6.1%} / {base['coverage']:6.1%}")
    for (account, cost_center), _ in suggestions.groupby(["account_code", "cost_center_code"]):
        sub_pool, share, lines, confidence = mapping.account_suggestion(suggestions, str(account), str(cost_center))
        print(f"  account {account} on {cost_center}: {share:.0%} of the amount -> {sub_pool} "
              f"({lines} lines, mean confidence {confidence:.2f})")
    for line in cloud_lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
