"""The analyst guide's worked examples, run as written, and the history they leave behind.

docs/analyst_guide.md holds its examples as fenced blocks tagged `example=<name>`: CSV rows to
append to a seed (`file=...`), SQL to check the result, dbt vars to build with. This test copies
the project to a temporary folder (never touching the repository's seeds), and:

1. builds it on the sample ledger as it stood on 2025-03-31 (the raw exports cut to the lines
   posted by then) and records February 2025 as published then;
2. applies the guide's tag, mapping and extension blocks and builds on the full ledger: the tag
   shows in the consumer view, the rule in the snapshot, the solution in the dimension;
3. builds with the guide's `as_of` and industry-pack vars: February 2025 equals what was
   published in step 1, although the rules, the tags and the ledger have changed since, and the
   healthcare pack's categories replace the manufacturing ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
import shlex
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import subprocess
import sys

import duckdb
import pytest
from conftest import REPO_ROOT, dbt_env, generate

GUIDE = REPO_ROOT / "docs" / "analyst_guide.md"
PUBLISHED_ON = dt.date(2025, 3, 31)
BLOCK = re.compile(r"^```(\w+) ([^\n]*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "target", "logs", "data", "__pycache__", ".pytest_cache", "python", "fixtures", "btim_intel"
)


@dataclass
class Block:
    language: str
    attributes: dict[str, str]
    body: str


def guide_blocks(text: str) -> list[Block]:
    """The tagged fenced blocks of the guide, in order."""
    blocks = []
    for language, info, body in BLOCK.findall(text):
        attributes = dict(part.split("=", 1) if "=" in part else (part, "") for part in info.split())
        if "example" in attributes:
            blocks.append(Block(language, attributes, body))
    return blocks


def blocks_of(example: str) -> list[Block]:
    return [block for block in guide_blocks(GUIDE.read_text(encoding="utf-8")) if block.attributes["example"] == example]


def append_rows(project: Path, block: Block) -> None:
    target = project / block.attributes["file"]
    text = target.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    target.write_text(text + block.body, encoding="utf-8")


def guide_vars(*examples: str) -> str:
    """The vars of the guide's `vars` blocks, as one YAML mapping for --vars."""
    lines = [block.body.strip() for name in examples for block in blocks_of(name) if "vars" in block.attributes]
    assert lines, examples
    return "{" + ", ".join(line.replace("\n", ", ") for line in lines) + "}"


def guide_build_args(example: str) -> list[str]:
    """The dbt build arguments of the guide's `command` block, without the vars (passed merged)."""
    commands = [block.body for block in blocks_of(example) if "command" in block.attributes]
    assert len(commands) == 1, example
    line = next(line for line in commands[0].splitlines() if " dbt build " in f" {line} ")
    words = shlex.split(line)
    words = words[words.index("build") + 1:]
    if "--vars" in words:
        index = words.index("--vars")
        del words[index:index + 2]
    return words


def cut_ledger(source: Path, target: Path, posted_by: dt.date) -> None:
    """Copy the raw exports, keeping only GL lines posted by a date (unparsable dates are kept)."""
    shutil.copytree(source, target)
    for path, column, fmt in [
        *[(p, "BUDAT", "%Y%m%d") for p in (target / "erp" / "sap_acdoca").glob("*.csv")],
        *[(p, "Date", "%m/%d/%Y") for p in (target / "erp" / "netsuite_gl").glob("*.csv")],
    ]:
        lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        header = next(csv.reader([lines[0]]))
        index = header.index(column)
        kept = [lines[0]]
        for line in lines[1:]:
            value = next(csv.reader([line]))[index]
            try:
                posted = dt.datetime.strptime(value, fmt).date()
            except ValueError:
                posted = None
            if posted is None or posted <= posted_by:
                kept.append(line)
        path.write_text("".join(kept), encoding="utf-8")


def prepare_raw(raw: Path) -> None:
    """Run the encoding normaliser when the project has one (Chinese exports are read from UTF-8 copies)."""
    if importlib.util.find_spec("scripts.normalise_encodings") is not None:
        from scripts import normalise_encodings

        normalise_encodings.normalise(raw)


def february(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select sub_pool_id, amount_reporting, gl_line_count from finance.fct_cost_pool_monthly "
        "where fiscal_month = date '2025-02-01' order by sub_pool_id"
    ).fetchall()


@dataclass
class GuideRun:
    published_february: list[tuple] = field(default_factory=list)
    current_february: list[tuple] = field(default_factory=list)
    as_of_february: list[tuple] = field(default_factory=list)
    results: dict[str, object] = field(default_factory=dict)


def build(project: Path, raw: Path, db: Path, work: Path, *args: str) -> None:
    """`dbt build` the project copy against a raw folder and a warehouse file."""
    env = dbt_env(raw, db)
    env["DBT_PROFILES_DIR"] = str(project)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "dbt"), "build", "--project-dir", str(project),
         "--target-path", str(work / "target"), "--log-path", str(work / "logs"), *args],
        env=env, cwd=project, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        pytest.fail("dbt build failed:\n" + (result.stdout + result.stderr)[-6000:])


@pytest.fixture(scope="module")
def guide_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GuideRun]:
    work = tmp_path_factory.mktemp("analyst_guide")
    project = work / "project"
    shutil.copytree(REPO_ROOT, project, ignore=COPY_IGNORE)
    raw_full = work / "raw_full"
    generate(raw_full)
    raw_then = work / "raw_then"
    cut_ledger(raw_full, raw_then, PUBLISHED_ON)
    for raw in (raw_full, raw_then):
        prepare_raw(raw)
    db = work / "warehouse.duckdb"
    run = GuideRun()

    # 1. The ledger and the seeds as they stood on 2025-03-31.
    build(project, raw_then, db, work)
    with duckdb.connect(str(db), read_only=True) as con:
        run.published_february = february(con)
        run.results["unmapped_669900_before"] = con.execute(
            "select count(*) from finance.fct_mapping_coverage where row_type = 'unmapped_item' "
            "and layer = 'cost_pool' and account_code = '669900' and example_line_description like 'Miscellaneous IT purchases%'"
        ).fetchone()[0]

    # 2. The guide's edits, then a build on the full ledger.
    for example in ("add-a-tag", "add-a-mapping", "extend-the-taxonomy"):
        for block in blocks_of(example):
            if "file" in block.attributes:
                append_rows(project, block)
    build(project, raw_full, db, work)
    with duckdb.connect(str(db), read_only=True) as con:
        run.current_february = february(con)
        check = {block.attributes.get("check"): block.body for name in ("add-a-tag", "add-a-mapping") for block in blocks_of(name)}
        run.results["tag_rows"] = con.execute(check["consumer"]).fetchall()
        run.results["snapshot_rows"] = con.execute(check["snapshot"]).fetchall()
        run.results["unmapped_669900_after"] = con.execute(
            "select count(*) from finance.fct_mapping_coverage where row_type = 'unmapped_item' "
            "and layer = 'cost_pool' and account_code = '669900' and example_line_description like 'Miscellaneous IT purchases%'"
        ).fetchone()[0]
        run.results["glm_320_lines"] = con.execute(
            "select count(*), sum(amount_reporting) from intermediate.int_gl_lines_mapped_to_cost_pools "
            "where mapping_rule_id = 'GLM-320' and sub_pool_id = 'misc_costs__other_operating'"
        ).fetchone()
        run.results["new_solution"] = con.execute(
            "select is_extension, solution_category_name, solution_type_name from core.dim_solutions "
            "where solution_id = 'supplier_emissions_tracking'"
        ).fetchall()
        run.results["dim_service_desk"] = con.execute(
            "select is_ai_enabled from core.dim_solutions where solution_id = 'service_desk'"
        ).fetchone()[0]
        run.results["pack_current"] = con.execute(
            "select industry_pack, industry_category_name from core.dim_solutions where solution_id = 'order_management'"
        ).fetchone()

    # 3. As of the publication date, with the healthcare pack, in a copy of the warehouse file.
    db_as_of = work / "warehouse_as_of.duckdb"
    shutil.copyfile(db, db_as_of)
    build(
        project, raw_full, db_as_of, work,
        "--vars", guide_vars("rebuild-as-of", "switch-industry-pack"), *guide_build_args("rebuild-as-of"),
    )
    with duckdb.connect(str(db_as_of), read_only=True) as con:
        run.as_of_february = february(con)
        run.results["tag_rows_as_of"] = con.execute(check["consumer"]).fetchall()
        run.results["pack_as_of"] = con.execute(
            "select industry_pack, industry_category_name from core.dim_solutions where solution_id = 'order_management'"
        ).fetchone()
        run.results["latest_month_as_of"] = con.execute(
            "select max(fiscal_month) from finance.fct_cost_pool_monthly"
        ).fetchone()[0]
    yield run


def test_guide_has_every_worked_example() -> None:
    names = {block.attributes["example"] for block in guide_blocks(GUIDE.read_text(encoding="utf-8"))}
    assert names == {"add-a-tag", "add-a-mapping", "extend-the-taxonomy", "switch-industry-pack", "rebuild-as-of"}
    assert guide_vars("rebuild-as-of") == '{as_of: "2025-03-31"}'
    assert guide_build_args("rebuild-as-of")[:2] == ["--select", "+fct_cost_pool_monthly"]


@pytest.mark.slow
def test_a_tag_added_by_the_guide_shows_in_the_consumer_view(guide_run: GuideRun) -> None:
    rows = guide_run.results["tag_rows"]
    assert rows, "service_desk has cost in the consumer view"
    assert all(is_ai_enabled is True for _, _, is_ai_enabled in rows)
    assert guide_run.results["dim_service_desk"] is True


@pytest.mark.slow
def test_a_mapping_added_by_the_guide_maps_lines_and_is_in_the_snapshot_history(guide_run: GuideRun) -> None:
    assert guide_run.results["unmapped_669900_before"] > 0
    assert guide_run.results["unmapped_669900_after"] == 0
    count, amount = guide_run.results["glm_320_lines"]
    assert count > 0 and amount > 0
    assert guide_run.results["snapshot_rows"] == [("GLM-320", dt.datetime(2025, 4, 10, 9, 0), None)]


@pytest.mark.slow
def test_an_extension_added_by_the_guide_is_in_the_solution_dimension(guide_run: GuideRun) -> None:
    assert guide_run.results["new_solution"] == [(True, "Carbon Neutrality Management", "Shared & Corporate")]


@pytest.mark.slow
def test_switching_the_industry_pack_changes_the_business_categories(guide_run: GuideRun) -> None:
    assert guide_run.results["pack_current"] == ("manufacturing", "Order-to-Cash")
    assert guide_run.results["pack_as_of"] == ("healthcare", "Patient Access & Scheduling")


@pytest.mark.slow
def test_rebuilding_as_of_the_publication_date_gives_the_published_numbers(guide_run: GuideRun) -> None:
    published, current, as_of = guide_run.published_february, guide_run.current_february, guide_run.as_of_february
    assert published and sum(row[1] for row in published) > Decimal("0")
    assert current != published, "the new rule (and later postings) change February today"
    assert as_of == published
    assert guide_run.results["latest_month_as_of"] == dt.date(2025, 3, 1)
    # the tag added on 2025-04-10 was not known on 2025-03-31
    assert guide_run.results["tag_rows_as_of"]
    assert all(is_ai_enabled is False for _, _, is_ai_enabled in guide_run.results["tag_rows_as_of"])
