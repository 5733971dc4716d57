"""Link quarterly business reviews to solutions and measure the parser against labels.

Reads the review texts under <raw>/documents/business_reviews/, extracts every KPI statement
(consumer, KPI, value, period) and links it to a solution; writes consumer.fct_business_report_links
and consumer.fct_solution_return_on_spend (each linked KPI beside the consumer's cost of that
solution in the quarter) into the warehouse. When labels.csv sits beside the texts, prints
extraction recall/precision and linking accuracy against an exact-name baseline.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from btim_intel import reports
from btim_intel.warehouse import WarehouseError, connect, default_db_path, write_table

REPO_ROOT = Path(__file__).resolve().parent.parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="link_reports.py", description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=Path(os.environ.get("BTIM_RAW_PATH", "data/raw")),
                        help="raw folder (default: $BTIM_RAW_PATH or data/raw)")
    parser.add_argument("--db", default=default_db_path(), help="warehouse file (default: $BTIM_DB_PATH)")
    parser.add_argument("--seeds", type=Path, default=REPO_ROOT / "seeds", help="seed folder of the project")
    parser.add_argument("--no-write", action="store_true", help="measure only; do not write the marts")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    folder = args.raw / "documents" / "business_reviews"
    if not folder.is_dir() or not any(folder.glob("*.txt")):
        print(f"error: no business reviews (*.txt) in {folder}", file=sys.stderr)
        return 2
    try:
        solutions = reports.solution_lexicon(args.seeds, args.raw / "reference" / "applications.csv")
        consumers = reports.consumer_lexicon(args.seeds)
    except (OSError, KeyError) as error:
        print(f"error: cannot read the reference names: {error}", file=sys.stderr)
        return 2
    statements = reports.parse_folder(folder, solutions, consumers)
    links = reports.to_frame(statements)
    if not args.no_write:
        try:
            con = connect(args.db, read_only=False)
        except WarehouseError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        try:
            write_table(con, "consumer", "fct_business_report_links", reports.LINK_COLUMNS, links)
            returns = reports.return_on_spend(con, links)
            write_table(con, "consumer", "fct_solution_return_on_spend", reports.RETURN_COLUMNS, returns)
        except (WarehouseError, ValueError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        finally:
            con.close()
        print(f"Linked {int((links['solution_id'] != 'unlinked').sum())} of {len(links)} KPI statements from "
              f"{links['review_file'].nunique()} reviews; written to consumer.fct_business_report_links "
              f"and consumer.fct_solution_return_on_spend ({len(returns)} rows)")
    labels = reports.read_labels(folder / "labels.csv")
    if labels:
        model = reports.score(statements, labels)
        baseline = reports.score(
            reports.parse_folder(folder, solutions, consumers, exact_names=reports.exact_name_lexicon(args.seeds)),
            labels,
        )
        print(f"Report linking on {int(model['labelled'])} labelled statements: extraction recall "
              f"{model['extraction_recall']:.1%}, precision {model['extraction_precision']:.1%}; "
              f"link accuracy {model['link_accuracy']:.1%} vs exact-name baseline {baseline['link_accuracy']:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
