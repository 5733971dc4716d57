"""The taxonomy seeds hold exactly the TBM Taxonomy v5.0.1 elements, with sound ids and texts.

The published names are the fixture copies in tests/fixtures/tbm_v5_0_1/ (never the shared
folder). For every level the set of (parent name, name) pairs in the seeds must equal the set in
the fixtures, so an element cannot go missing, be renamed, split or merged unnoticed.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds" / "taxonomy"
FIXTURES = REPO / "tests" / "fixtures" / "tbm_v5_0_1"
BUILD_SCRIPT = REPO / "scripts" / "build_taxonomy_seeds.py"

HEADERS = {
    "tbm_cost_pools": ["cost_pool_id", "cost_pool_name", "cost_pool_name_zh", "cost_pool_description", "sort_order"],
    "tbm_sub_pools": ["sub_pool_id", "cost_pool_id", "sub_pool_name", "sub_pool_name_zh", "spend_type", "sub_pool_description", "sort_order"],
    "tbm_domains": ["domain_id", "domain_name", "domain_name_zh", "domain_description", "sort_order"],
    "tbm_towers": ["tower_id", "domain_id", "tower_name", "tower_name_zh", "tower_description", "sort_order"],
    "tbm_sub_towers": ["sub_tower_id", "tower_id", "sub_tower_name", "sub_tower_name_zh", "sub_tower_description", "sort_order"],
    "tbm_solution_types": ["solution_type_id", "solution_type_name", "solution_type_name_zh", "solution_type_description", "sort_order"],
    "tbm_solution_categories": ["solution_category_id", "solution_type_id", "solution_category_name", "solution_category_name_zh", "solution_category_description", "sort_order"],
    "tbm_solutions": ["solution_id", "solution_category_id", "solution_name", "solution_name_zh", "solution_description", "sort_order"],
    "tbm_consumer_types": ["consumer_type_id", "consumer_type_name", "consumer_type_name_zh", "consumer_type_description", "sort_order"],
    "tbm_v4_to_v5_crosswalk": ["element_type", "v4_name", "v4_parent_name", "v5_id", "change_type", "note"],
}

# seed -> (its element prefix, parent seed or None, expected row count)
ELEMENT_SEEDS = {
    "tbm_cost_pools": ("cost_pool", None, 9),
    "tbm_sub_pools": ("sub_pool", "tbm_cost_pools", 40),
    "tbm_domains": ("domain", None, 4),
    "tbm_towers": ("tower", "tbm_domains", 12),
    "tbm_sub_towers": ("sub_tower", "tbm_towers", 55),
    "tbm_solution_types": ("solution_type", None, 6),
    "tbm_solution_categories": ("solution_category", "tbm_solution_types", 32),
    "tbm_solutions": ("solution", "tbm_solution_categories", 141),
    "tbm_consumer_types": ("consumer_type", None, 4),
}

CJK = re.compile(r"[\u4e00-\u9fff]")

Tables = dict[str, list[dict[str, str]]]


def slug(name: str) -> str:
    """The id rule, written out again here so that the test does not trust the build script."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower().replace("&", "and")).strip("_")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def seeds() -> Tables:
    return {name: read_csv(SEEDS / f"{name}.csv")[1] for name in HEADERS}


@pytest.fixture(scope="module")
def published() -> Tables:
    return {name: read_csv(FIXTURES / f"{name}.csv")[1] for name in ("cost_pools", "towers", "solutions", "consumers")}


def by_id(rows: list[dict[str, str]], id_column: str) -> dict[str, dict[str, str]]:
    return {row[id_column]: row for row in rows}


def ordered(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return sorted(rows, key=lambda row: int(row["sort_order"]))


def unique_in_order(values: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    return list(dict.fromkeys(values))


# ---------------------------------------------------------------------------------------------
# Each level equals the published taxonomy, in the published order
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(HEADERS))
def test_seed_has_exact_header_and_clean_utf8(name: str) -> None:
    raw = (SEEDS / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    raw.decode("utf-8")
    header, rows = read_csv(SEEDS / f"{name}.csv")
    assert header == HEADERS[name]
    for row in rows:
        assert None not in row, f"{name}: a row has more fields than the header: {row}"
        for column, value in row.items():
            assert value == value.strip(), f"{name}.{column}: surrounding spaces in {value!r}"


@pytest.mark.parametrize(("name", "spec"), list(ELEMENT_SEEDS.items()))
def test_counts(seeds: Tables, name: str, spec: tuple[str, str | None, int]) -> None:
    assert len(seeds[name]) == spec[2]


def test_cost_pool_levels_equal_published(seeds: Tables, published: Tables) -> None:
    pools = by_id(seeds["tbm_cost_pools"], "cost_pool_id")
    expected_pools = unique_in_order([(r["cost_pool_name"],) for r in published["cost_pools"]])
    assert [(r["cost_pool_name"],) for r in ordered(seeds["tbm_cost_pools"])] == expected_pools

    actual = [
        (pools[r["cost_pool_id"]]["cost_pool_name"], r["sub_pool_name"], r["spend_type"])
        for r in ordered(seeds["tbm_sub_pools"])
    ]
    expected = [(r["cost_pool_name"], r["sub_pool_name"], r["spend_type"]) for r in published["cost_pools"]]
    assert set(actual) == set(expected)
    assert actual == expected, "sub-pools are in the published order"


def test_tower_levels_equal_published(seeds: Tables, published: Tables) -> None:
    domains = by_id(seeds["tbm_domains"], "domain_id")
    towers = by_id(seeds["tbm_towers"], "tower_id")
    rows = published["towers"]

    assert [(r["domain_name"],) for r in ordered(seeds["tbm_domains"])] == unique_in_order([(r["domain_name"],) for r in rows])

    actual_towers = [(domains[r["domain_id"]]["domain_name"], r["tower_name"]) for r in ordered(seeds["tbm_towers"])]
    expected_towers = unique_in_order([(r["domain_name"], r["tower_name"]) for r in rows])
    assert set(actual_towers) == set(expected_towers)
    assert actual_towers == expected_towers

    actual_subs = [(towers[r["tower_id"]]["tower_name"], r["sub_tower_name"]) for r in ordered(seeds["tbm_sub_towers"])]
    expected_subs = [(r["tower_name"], r["sub_tower_name"]) for r in rows]
    assert set(actual_subs) == set(expected_subs)
    assert actual_subs == expected_subs


def test_solution_levels_equal_published(seeds: Tables, published: Tables) -> None:
    types = by_id(seeds["tbm_solution_types"], "solution_type_id")
    categories = by_id(seeds["tbm_solution_categories"], "solution_category_id")
    rows = published["solutions"]

    assert [(r["solution_type_name"],) for r in ordered(seeds["tbm_solution_types"])] == unique_in_order([(r["solution_type_name"],) for r in rows])

    actual_categories = [
        (types[r["solution_type_id"]]["solution_type_name"], r["solution_category_name"])
        for r in ordered(seeds["tbm_solution_categories"])
    ]
    expected_categories = unique_in_order([(r["solution_type_name"], r["solution_category_name"]) for r in rows])
    assert set(actual_categories) == set(expected_categories)
    assert actual_categories == expected_categories

    actual_solutions = []
    for r in ordered(seeds["tbm_solutions"]):
        category = categories[r["solution_category_id"]]
        solution_type = types[category["solution_type_id"]]
        actual_solutions.append((solution_type["solution_type_name"], category["solution_category_name"], r["solution_name"]))
    expected_solutions = [(r["solution_type_name"], r["solution_category_name"], r["solution_name"]) for r in rows]
    assert set(actual_solutions) == set(expected_solutions)
    assert actual_solutions == expected_solutions


def test_consumer_types_equal_published(seeds: Tables, published: Tables) -> None:
    actual = [r["consumer_type_name"] for r in ordered(seeds["tbm_consumer_types"])]
    assert actual == [r["consumer_type_name"] for r in published["consumers"]]


# ---------------------------------------------------------------------------------------------
# Ids, parents, order, texts
# ---------------------------------------------------------------------------------------------


def expected_id(name: str, row: dict[str, str], seeds: Tables) -> str:
    """The documented id rule for one seed row."""
    prefix, parent, _ = ELEMENT_SEEDS[name]
    own = slug(row[f"{prefix}_name"])
    if name == "tbm_solutions":
        slugs = Counter(slug(r["solution_name"]) for r in seeds["tbm_solutions"])
        return own if slugs[own] == 1 else f"{row['solution_category_id']}__{own}"
    if name in ("tbm_sub_pools", "tbm_sub_towers", "tbm_solution_categories"):
        parent_prefix = ELEMENT_SEEDS[parent][0]
        return f"{row[f'{parent_prefix}_id']}__{own}"
    return own


@pytest.mark.parametrize("name", list(ELEMENT_SEEDS))
def test_ids_follow_the_slug_rule_and_are_unique(seeds: Tables, name: str) -> None:
    prefix = ELEMENT_SEEDS[name][0]
    ids = [row[f"{prefix}_id"] for row in seeds[name]]
    assert len(ids) == len(set(ids)), f"duplicate ids: {[i for i, n in Counter(ids).items() if n > 1]}"
    for row in seeds[name]:
        assert row[f"{prefix}_id"] == expected_id(name, row, seeds)
        assert re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*(__[a-z0-9]+(_[a-z0-9]+)*)*", row[f"{prefix}_id"])


def test_id_examples_from_the_brief(seeds: Tables) -> None:
    ids = {row[f"{spec[0]}_id"] for name, spec in ELEMENT_SEEDS.items() for row in seeds[name]}
    for example in (
        "staffing__internal_labor",
        "compute__ai_compute",
        "end_user__help_desk",
        "tech_management__tech_management_and_strategy",
        "order_management",
        "service_desk",
        "customer_analytics",
    ):
        assert example in ids


@pytest.mark.parametrize(("name", "spec"), [(n, s) for n, s in ELEMENT_SEEDS.items() if s[1]])
def test_every_parent_id_exists(seeds: Tables, name: str, spec: tuple[str, str | None, int]) -> None:
    parent_prefix = ELEMENT_SEEDS[spec[1]][0]
    parent_ids = {row[f"{parent_prefix}_id"] for row in seeds[spec[1]]}
    orphans = [row for row in seeds[name] if row[f"{parent_prefix}_id"] not in parent_ids]
    assert not orphans


@pytest.mark.parametrize("name", list(ELEMENT_SEEDS))
def test_sort_order_is_one_to_n(seeds: Tables, name: str) -> None:
    assert [int(row["sort_order"]) for row in seeds[name]] == list(range(1, len(seeds[name]) + 1))


@pytest.mark.parametrize("name", list(ELEMENT_SEEDS))
def test_every_element_has_a_chinese_name_and_a_description(seeds: Tables, name: str) -> None:
    prefix, parent, _ = ELEMENT_SEEDS[name]
    parent_column = f"{ELEMENT_SEEDS[parent][0]}_id" if parent else None
    for row in seeds[name]:
        zh, text = row[f"{prefix}_name_zh"], row[f"{prefix}_description"]
        assert CJK.search(zh), f"{row[f'{prefix}_id']}: Chinese name {zh!r} has no Chinese characters"
        assert text and text[0].isupper() and text.endswith("."), f"{row[f'{prefix}_id']}: description is not a sentence"
        assert text.count(". ") == 0 and len(text) <= 250, f"{row[f'{prefix}_id']}: description is not one short sentence"
        assert text.lower().rstrip(".") != row[f"{prefix}_name"].lower(), "description only repeats the name"
    # within a parent, no two elements share a Chinese name or a description
    scope = [(row[parent_column] if parent_column else "", row[f"{prefix}_name_zh"]) for row in seeds[name]]
    assert len(scope) == len(set(scope)), f"{name}: Chinese names repeat within a parent"
    texts = [row[f"{prefix}_description"] for row in seeds[name]]
    assert len(texts) == len(set(texts)), f"{name}: descriptions repeat"


def test_chinese_names_use_the_agreed_terms(seeds: Tables) -> None:
    zh = {row[f"{spec[0]}_name"]: row[f"{spec[0]}_name_zh"] for name, spec in ELEMENT_SEEDS.items() if not spec[1] for row in seeds[name]}
    zh |= {row["tower_name"]: row["tower_name_zh"] for row in seeds["tbm_towers"]}
    for english, chinese in {
        "Staffing": "人员",
        "Outside Services": "外部服务",
        "Cloud Services": "云服务",
        "Hardware": "硬件",
        "Software & SaaS": "软件与SaaS",
        "Data Center Facilities": "数据中心设施",
        "Telecom": "电信",
        "Compute": "计算",
        "Storage": "存储",
        "Network": "网络",
        "Artificial Intelligence": "人工智能",
    }.items():
        assert zh[english] == chinese
    categories = {row["solution_category_name"]: row["solution_category_name_zh"] for row in seeds["tbm_solution_categories"]}
    assert categories["Sustainability & ESG"] == "可持续发展与ESG"


# ---------------------------------------------------------------------------------------------
# Crosswalk
# ---------------------------------------------------------------------------------------------

CROSSWALK_LEVELS = {
    "cost_pool": ("tbm_cost_pools", "cost_pool_id"),
    "sub_pool": ("tbm_sub_pools", "sub_pool_id"),
    "tower": ("tbm_towers", "tower_id"),
    "sub_tower": ("tbm_sub_towers", "sub_tower_id"),
    "solution_category": ("tbm_solution_categories", "solution_category_id"),
    "solution": ("tbm_solutions", "solution_id"),
}


def test_every_crosswalk_v5_id_exists_at_its_level(seeds: Tables) -> None:
    rows = seeds["tbm_v4_to_v5_crosswalk"]
    assert 20 <= len(rows) <= 45
    for row in rows:
        seed, column = CROSSWALK_LEVELS[row["element_type"]]
        assert row["v5_id"] in {r[column] for r in seeds[seed]}, f"{row['v4_name']} -> {row['v5_id']} is not a v5 {row['element_type']}"
        assert row["change_type"] in ("unchanged", "renamed", "moved", "merged", "retired")
        assert row["v4_name"]
        if row["element_type"] in ("sub_pool", "sub_tower", "solution_category", "solution"):
            assert row["v4_parent_name"], f"{row['v4_name']}: a child element needs its v4.1 parent"
    keys = [(r["element_type"], r["v4_name"], r["v4_parent_name"], r["v5_id"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_crosswalk_covers_the_known_v5_changes(seeds: Tables) -> None:
    pairs = {(r["element_type"], r["v4_name"], r["v5_id"]): r["change_type"] for r in seeds["tbm_v4_to_v5_crosswalk"]}
    assert pairs[("cost_pool", "Internal Labor", "staffing")] == "renamed"
    assert pairs[("cost_pool", "External Labor", "staffing")] == "merged"
    assert pairs[("cost_pool", "External Labor", "outside_services")] == "merged"
    assert pairs[("tower", "IT Management", "tech_management")] == "renamed"
    assert pairs[("tower", "Platform", "application")] == "retired"
    assert pairs[("tower", "Platform", "data")] == "retired"
    assert pairs[("sub_tower", "Central Print", "delivery__central_print")] == "moved"
    assert pairs[("tower", "Security & Compliance", "security")] == "retired"
    assert pairs[("tower", "Security & Compliance", "risk_and_compliance")] == "retired"


# ---------------------------------------------------------------------------------------------
# The seeds are what the build script makes from the fixtures (no hand edits drift away)
# ---------------------------------------------------------------------------------------------


def test_seeds_are_up_to_date_with_the_build_script() -> None:
    spec = importlib.util.spec_from_file_location("build_taxonomy_seeds", BUILD_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built, qualified = module.build_seeds(FIXTURES)
    assert qualified == [], "v5.0.1 solution names all have distinct slugs"
    for file_name, text in module.render_seeds(built).items():
        assert (SEEDS / file_name).read_text(encoding="utf-8") == text, (
            f"{file_name} differs from what scripts/build_taxonomy_seeds.py builds: edit the texts there and rerun it"
        )
