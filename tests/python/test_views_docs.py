"""Docs for auditors: `dbt docs generate --static` writes one self-contained file that describes
every public mart and column, and the semantic layer and exposures parse."""

from __future__ import annotations

import json
import re

import pytest

from tests.python.conftest import run_dbt

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def static_docs(built_warehouse, tmp_path_factory):  # noqa: ANN001, ANN201
    work = tmp_path_factory.mktemp("docs")
    result = run_dbt(["docs", "generate", "--static"], built_warehouse.env, work)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return work / "target"


def public_models(manifest: dict) -> dict[str, dict]:
    return {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node.get("access") == "public"
    }


def test_static_docs_are_one_offline_file_naming_every_public_mart(static_docs) -> None:  # noqa: ANN001
    html = (static_docs / "static_index.html").read_text(encoding="utf-8")
    manifest = json.loads((static_docs / "manifest.json").read_text(encoding="utf-8"))
    external = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>", html, re.I)
    assert external == [], f"the static docs load {external[:3]} from the network"
    assert len(html) > 500_000, "the manifest and catalog are inlined"
    marts = public_models(manifest)
    for name in ["fct_capex_opex_monthly", "fct_budget_vs_actual_monthly", "fct_unit_costs_monthly",
                 "fct_consumer_bill_lines_monthly", "fct_solution_tco_monthly", "fct_ai_spend_monthly"]:
        assert name in marts
    for name in marts:
        assert name in html, f"{name} is not in the static docs"


def test_every_public_mart_and_column_is_described_and_typed(static_docs) -> None:  # noqa: ANN001
    manifest = json.loads((static_docs / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((static_docs / "catalog.json").read_text(encoding="utf-8"))
    problems = []
    for unique_id, node in manifest["nodes"].items():
        if node["resource_type"] != "model" or node.get("access") != "public":
            continue
        if not node["description"].strip() or "grain" not in node["description"].lower() and "one row per" not in node["description"].lower():
            problems.append(f"{node['name']}: description must state the grain")
        if not node["config"]["contract"]["enforced"]:
            problems.append(f"{node['name']}: contract not enforced")
        built_columns = catalog["nodes"].get(unique_id, {}).get("columns", {})
        for column in built_columns:
            documented = node["columns"].get(column.lower())
            if not documented or not documented["description"].strip() or not documented.get("data_type"):
                problems.append(f"{node['name']}.{column}: not described or typed")
    assert problems == []


def test_semantic_layer_and_dashboard_exposure_parse(static_docs) -> None:  # noqa: ANN001
    manifest = json.loads((static_docs / "manifest.json").read_text(encoding="utf-8"))
    metrics = {m["name"] for m in manifest["metrics"].values()}
    assert {"total_cost", "unit_cost", "transparency"} <= metrics
    assert {s["name"] for s in manifest["semantic_models"].values()} >= {"cost_pool_costs", "unit_costs"}
    exposure = next(e for e in manifest["exposures"].values() if e["name"] == "btim_dashboard")
    assert exposure["type"] == "dashboard" and exposure["owner"]["name"]
    assert any(node.endswith(".fct_consumer_bill_lines_monthly") for node in exposure["depends_on"]["nodes"])
