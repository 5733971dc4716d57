"""Extensions, industry packs, tags and mapping rules: the seed-level rules, checked without dbt.

Extensions never rename, split or merge a standard TBM element: an extension may not reuse a
standard id, may not repeat a standard name at its level, and must hang under a standard parent
(directly, or through a custom category that does). Industry packs only refine standard Business
categories. Tags use allowed keys and values. The same rules run in dbt as singular tests; here
they are checked on the CSV files, and each check is also shown to catch a bad row.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TAXONOMY = REPO / "seeds" / "taxonomy"
TAGS = REPO / "seeds" / "tags"
MAPPINGS = REPO / "seeds" / "mappings"

Rows = list[dict[str, str]]


def read(path: Path) -> Rows:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    for row in rows:
        assert None not in row, f"{path.name}: a row has more fields than the header: {row}"
    return rows


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower().replace("&", "and")).strip("_")


def normalise_tag_key(key: str) -> str:
    """The key rule of int_entity_tags_normalized, written out again."""
    text = key.strip().lower().replace("&", "and").replace("(", "").replace(")", "")
    for char in "-/.":
        text = text.replace(char, " ")
    return re.sub(r"_+", "_", text.replace(" ", "_"))


# ---------------------------------------------------------------------------------------------
# Extensions
# ---------------------------------------------------------------------------------------------


def extension_breaches(standard: dict[str, Rows], extensions: dict[str, Rows]) -> list[str]:
    """Every way the extensions would rename, split or merge a standard element."""
    breaches: list[str] = []
    types = {r["solution_type_id"] for r in standard["tbm_solution_types"]}
    std_categories = {r["solution_category_id"]: r for r in standard["tbm_solution_categories"]}
    std_solutions = {r["solution_id"]: r for r in standard["tbm_solutions"]}
    std_sub_towers = {r["sub_tower_id"]: r for r in standard["tbm_sub_towers"]}
    all_standard_ids = set(types) | set(std_categories) | set(std_solutions) | set(std_sub_towers)

    ext_categories = {r["solution_category_id"]: r for r in extensions["ext_solution_categories"]}
    for cid, row in ext_categories.items():
        if cid in all_standard_ids:
            breaches.append(f"category id {cid} is a standard id")
        if row["solution_type_id"] not in types:
            breaches.append(f"category {cid} is not under a standard solution type")
        same_name = [c for c in std_categories.values() if c["solution_category_name"].lower() == row["solution_category_name"].strip().lower()]
        if same_name:
            breaches.append(f"category {cid} repeats the standard name {row['solution_category_name']}")
    for row in extensions["ext_solutions"]:
        sid = row["solution_id"]
        if sid in all_standard_ids:
            breaches.append(f"solution id {sid} is a standard id")
        if any(s["solution_name"].lower() == row["solution_name"].strip().lower() for s in std_solutions.values()):
            breaches.append(f"solution {sid} repeats the standard name {row['solution_name']}")
        if row["solution_category_id"] not in std_categories and row["solution_category_id"] not in ext_categories:
            breaches.append(f"solution {sid} has no standard or custom category")
        if sid != slug(row["solution_name"]):
            breaches.append(f"solution {sid} does not follow the slug rule")
    for row in extensions["ext_sub_tower_elements"]:
        eid, parent = row["sub_tower_element_id"], row["sub_tower_id"]
        if eid in all_standard_ids:
            breaches.append(f"element id {eid} is a standard id")
        if parent not in std_sub_towers:
            breaches.append(f"element {eid} is not under a standard sub-tower")
        elif std_sub_towers[parent]["sub_tower_name"].lower() == row["sub_tower_element_name"].strip().lower():
            breaches.append(f"element {eid} repeats its sub-tower's name")
        if eid != f"{parent}__{slug(row['sub_tower_element_name'])}":
            breaches.append(f"element {eid} does not follow the id rule")
    ids = [r["solution_id"] for r in extensions["ext_solutions"]] + list(ext_categories)
    if len(ids) != len(set(ids)):
        breaches.append("an extension id repeats")
    return breaches


@pytest.fixture(scope="module")
def standard() -> dict[str, Rows]:
    names = ["tbm_solution_types", "tbm_solution_categories", "tbm_solutions", "tbm_sub_towers"]
    return {name: read(TAXONOMY / f"{name}.csv") for name in names}


@pytest.fixture(scope="module")
def extensions() -> dict[str, Rows]:
    names = ["ext_solution_categories", "ext_solutions", "ext_sub_tower_elements"]
    return {name: read(TAXONOMY / f"{name}.csv") for name in names}


def test_extensions_never_rename_split_or_merge_a_standard_element(standard, extensions) -> None:
    assert extension_breaches(standard, extensions) == []


def test_the_brief_examples_are_present(extensions) -> None:
    categories = {r["solution_category_name"]: r for r in extensions["ext_solution_categories"]}
    assert categories["Carbon Neutrality Management"]["solution_type_id"] == "shared_and_corporate"
    elements = {r["sub_tower_element_id"] for r in extensions["ext_sub_tower_elements"]}
    assert "compute__servers__public_cloud" in elements


@pytest.mark.parametrize(
    ("seed", "row", "expected"),
    [
        ("ext_solutions", {"solution_id": "service_desk", "solution_category_id": "delivery__support", "solution_name": "Service Desk 2"}, "is a standard id"),
        ("ext_solutions", {"solution_id": "service_desk_2", "solution_category_id": "delivery__support", "solution_name": "service desk"}, "repeats the standard name"),
        ("ext_solutions", {"solution_id": "orphan", "solution_category_id": "nowhere", "solution_name": "Orphan"}, "no standard or custom category"),
        ("ext_solution_categories", {"solution_category_id": "x__y", "solution_type_id": "not_a_type", "solution_category_name": "Y"}, "not under a standard solution type"),
        ("ext_solution_categories", {"solution_category_id": "business__sales", "solution_type_id": "business", "solution_category_name": "Sales & Marketing"}, "repeats the standard name"),
        ("ext_sub_tower_elements", {"sub_tower_element_id": "compute__servers", "sub_tower_id": "compute__servers", "sub_tower_element_name": "Servers"}, "is a standard id"),
        ("ext_sub_tower_elements", {"sub_tower_element_id": "x__edge", "sub_tower_id": "x", "sub_tower_element_name": "Edge"}, "not under a standard sub-tower"),
    ],
)
def test_each_kind_of_breach_is_caught(standard, extensions, seed: str, row: dict[str, str], expected: str) -> None:
    bad = {name: list(rows) for name, rows in extensions.items()}
    bad[seed] = [*bad[seed], row]
    assert any(expected in breach for breach in extension_breaches(standard, bad))


# ---------------------------------------------------------------------------------------------
# Industry packs
# ---------------------------------------------------------------------------------------------


def test_industry_packs_refine_standard_business_categories(standard, extensions) -> None:
    categories = read(TAXONOMY / "industry_pack_categories.csv")
    placements = read(TAXONOMY / "industry_pack_solutions.csv")
    assert {r["industry_pack"] for r in categories} == {"financial_services", "manufacturing", "healthcare"}
    business = {r["solution_category_id"] for r in standard["tbm_solution_categories"] if r["solution_type_id"] == "business"}
    by_id = {r["industry_category_id"]: r for r in categories}
    assert len(by_id) == len(categories)
    for row in categories:
        assert row["solution_category_id"] in business, row
        assert row["industry_category_id"].startswith({"manufacturing": "mfg__", "financial_services": "fs__", "healthcare": "hc__"}[row["industry_pack"]])
    solution_category = {r["solution_id"]: r["solution_category_id"] for r in standard["tbm_solutions"]}
    solution_category |= {r["solution_id"]: r["solution_category_id"] for r in extensions["ext_solutions"]}
    seen = set()
    for row in placements:
        category = by_id[row["industry_category_id"]]
        assert category["industry_pack"] == row["industry_pack"], row
        assert solution_category[row["solution_id"]] == category["solution_category_id"], row
        assert (row["industry_pack"], row["solution_id"]) not in seen
        seen.add((row["industry_pack"], row["solution_id"]))
    # the default pack places every standard Business solution
    manufacturing = {r["solution_id"] for r in placements if r["industry_pack"] == "manufacturing"}
    standard_business = {r["solution_id"] for r in standard["tbm_solutions"] if r["solution_category_id"] in business}
    assert standard_business <= manufacturing


def test_default_industry_pack_is_manufacturing() -> None:
    text = (REPO / "dbt_project.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s+industry_pack: manufacturing$", text, re.MULTILINE)


# ---------------------------------------------------------------------------------------------
# Tags
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("AI Enabled", "ai_enabled"),
        ("ai-enabled", "ai_enabled"),
        (" Personal  Data (GDPR) ", "personal_data_gdpr"),
        ("Run/Grow/Transform", "run_grow_transform"),
        ("Project ID", "project_id"),
        ("Data Classification", "data_classification"),
    ],
)
def test_tag_key_normalisation(raw: str, key: str) -> None:
    assert normalise_tag_key(raw) == key


def test_every_tag_uses_an_allowed_key_and_value() -> None:
    allowed = read(TAGS / "tag_allowed_values.csv")
    values = {(r["tag_key"], r["allowed_value"].upper()) for r in allowed}
    keys = {r["tag_key"] for r in allowed}
    assert keys == {"ai_enabled", "data_classification", "personal_data_gdpr", "run_grow_transform", "project_id"}
    for row in allowed:
        assert normalise_tag_key(row["tag_key_label"]) == row["tag_key"], row
    tags = read(TAGS / "entity_tags.csv")
    assert tags
    for row in tags:
        key = normalise_tag_key(row["tag_key"])
        assert key in keys, row
        assert (key, row["tag_value"].strip().upper()) in values, row
        assert row["entity_type"] in ("solution", "sub_tower"), row
        assert row["valid_from"] and row["changed_by"] and row["changed_at"] and row["change_reason"], row
    assert any(normalise_tag_key(r["tag_key"]) == "ai_enabled" and r["tag_value"].lower() == "yes" for r in tags)


# ---------------------------------------------------------------------------------------------
# Mapping rules
# ---------------------------------------------------------------------------------------------


def test_mapping_rules_have_history_columns_and_all_rule_types() -> None:
    with (MAPPINGS / "gl_account_mappings.csv").open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == [
        "mapping_rule_id", "rule_type", "account_code_from", "account_code_to", "cost_center_code", "vendor_id",
        "vendor_name", "description_keyword", "treatment", "sub_pool_id", "priority", "valid_from", "valid_to",
        "note", "changed_by", "changed_at", "change_reason",
    ]
    rules = read(MAPPINGS / "gl_account_mappings.csv")
    assert {r["rule_type"] for r in rules} == {"account_range", "cost_center", "vendor", "description_keyword"}
    sub_pools = {r["sub_pool_id"] for r in read(TAXONOMY / "tbm_sub_pools.csv")}
    for rule in rules:
        assert rule["treatment"] in ("it_spend", "excluded"), rule
        assert (rule["sub_pool_id"] in sub_pools) == (rule["treatment"] == "it_spend"), rule
        assert rule["changed_by"] and rule["changed_at"] and rule["change_reason"], rule
    # 669900 "IT expenses - unclassified" has no account rule: only narrower rules map part of it
    for rule in rules:
        if rule["account_code_from"] and int(rule["account_code_from"]) <= 669900 <= int(rule["account_code_to"]):
            assert rule["rule_type"] != "account_range", rule
