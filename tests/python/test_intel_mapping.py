"""Mapping suggestions: the classifier, its held-out measurement and accepting into the seed."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from btim_intel import mapping

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED = REPO_ROOT / "seeds/mappings/gl_account_mappings.csv"
SUB_POOLS = {"misc_costs__other_operating", "hardware__other_operating", "staffing__internal_labor",
             "software_and_saas__saas"}


def labelled_lines() -> pd.DataFrame:
    """Streams of a tiny ledger: (vendor, account name, text, cost centre) -> labels, 6 months each."""
    streams = [
        ("CDW LLC", "IT miscellaneous", "IT office supplies", "IT500", "misc_costs__other_operating", "tech_management__it_finance", "technology_business_management"),
        ("CDW LLC", "IT miscellaneous", "Printer toner and paper", "IT400", "misc_costs__other_operating", "end_user__help_desk", "service_desk"),
        ("Dell Technologies", "Hardware maintenance", "Laptop docking stations and peripherals", "IT400", "hardware__other_operating", "end_user__help_desk", "service_desk"),
        ("Dell Technologies", "Hardware maintenance", "Monitors and peripherals", "IT500", "hardware__other_operating", "tech_management__it_finance", "technology_business_management"),
        (None, "Salaries - IT staff", "Base salaries", "IT400", "staffing__internal_labor", "end_user__help_desk", "service_desk"),
        (None, "Salaries - IT staff", "Bonus accrual", "IT500", "staffing__internal_labor", "tech_management__it_finance", "technology_business_management"),
        ("Atlassian Pty Ltd", "SaaS subscriptions", "Jira Cloud subscription", "IT400", "software_and_saas__saas", "end_user__help_desk", "service_desk"),
        ("ServiceNow, Inc.", "SaaS subscriptions", "ServiceNow ITSM subscription", "IT500", "software_and_saas__saas", "tech_management__it_finance", "technology_business_management"),
    ]
    rows = []
    for s, (vendor, account, text, cc, pool, tower, solution) in enumerate(streams):
        for month in ("Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025", "Jun 2025"):
            rows.append({"gl_line_id": f"{s}-{month}", "account_code": str(600000 + s), "vendor_name": vendor,
                         "account_name": account, "line_description": f"{text} {month}", "cost_center_code": cc,
                         "sub_pool_id": pool, "sub_tower_id": tower, "solution_id": solution})
    return pd.DataFrame(rows)


def test_month_names_and_numbers_are_noise() -> None:
    frame = pd.DataFrame({"vendor_name": ["CDW LLC"], "account_name": ["IT miscellaneous"],
                          "line_description": ["Printer toner Mar 2025 inv 12345"], "cost_center_code": ["SG-IT100"]})
    assert mapping.feature_text(frame).iloc[0] == "cdw llc | it miscellaneous | printer toner inv cc_sg_it100"


def test_classifier_learns_from_text_and_vendor() -> None:
    train = labelled_lines()
    test = pd.DataFrame({"vendor_name": ["Dell Technologies", "CDW LLC"], "account_name": ["IT expenses - unclassified"] * 2,
                         "line_description": ["Peripherals for new starters", "Office supplies"],
                         "cost_center_code": ["IT400", "IT500"]})
    prediction = mapping.fit_predict(train, "sub_pool_id", test)
    assert list(prediction.labels) == ["hardware__other_operating", "misc_costs__other_operating"]
    assert np.all((prediction.confidence > 0) & (prediction.confidence <= 1))
    towers = mapping.fit_predict(train, "sub_tower_id", test)
    assert list(towers.labels) == ["end_user__help_desk", "tech_management__it_finance"]


def test_vendor_lookup_baseline_has_no_answer_for_unknown_vendors() -> None:
    train = labelled_lines()
    test = pd.DataFrame({"vendor_name": ["Atlassian Pty Ltd", "Unknown GmbH", None]})
    prediction = mapping.vendor_lookup(train, "sub_pool_id", test)
    assert prediction.labels[0] == "software_and_saas__saas"
    assert list(prediction.confidence) == [1.0, 0.0, 0.0]


def test_precision_and_coverage() -> None:
    prediction = mapping.Prediction(np.array(["a", "b", "c", "d"], dtype=object), np.array([0.9, 0.8, 0.4, 0.7]))
    precision, coverage = mapping.precision_coverage(np.array(["a", "x", "c", "d"]), prediction, 0.5)
    assert coverage == pytest.approx(0.75)
    assert precision == pytest.approx(2 / 3)


def test_held_out_split_keeps_streams_apart_and_evaluation_reports_both_methods() -> None:
    lines = labelled_lines()
    train_idx, test_idx = mapping.stream_split(lines, seed=1)
    key = lines["account_code"] + lines["cost_center_code"]
    assert set(key.iloc[train_idx]).isdisjoint(set(key.iloc[test_idx]))
    quality = mapping.evaluate(lines, threshold=0.3, seed=1)
    assert set(zip(quality["target"], quality["method"], strict=True)) == {
        (t, m) for t in mapping.TARGETS for m in ("model", "vendor_lookup")}
    assert quality["coverage"].between(0, 1).all()


def test_suggest_returns_one_row_per_unmapped_line() -> None:
    unmapped = pd.DataFrame({"gl_line_id": ["u1", "u2"], "fiscal_month": ["2025-07-01"] * 2, "entity_id": ["1000"] * 2,
                             "account_code": ["669900"] * 2, "cost_center_code": ["IT400", "IT500"],
                             "vendor_name": ["Dell Technologies", "CDW LLC"],
                             "line_description": ["Peripherals", "Office supplies"], "amount_reporting": [10.0, 20.0],
                             "account_name": ["IT expenses - unclassified"] * 2})
    out = mapping.suggest(labelled_lines(), unmapped, threshold=0.3)
    assert list(out.columns) == [c for c, _ in mapping.SUGGESTION_COLUMNS]
    assert list(out["gl_line_id"]) == ["u1", "u2"]
    best, share, count, _ = mapping.account_suggestion(out, "669900", "IT500")
    assert (best, share, count) == ("misc_costs__other_operating", 1.0, 1)
    with pytest.raises(ValueError, match="no suggestions"):
        mapping.account_suggestion(out, "123456")


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_accept_appends_a_cost_centre_rule_in_the_seeds_own_columns(tmp_path) -> None:
    seed = tmp_path / "gl_account_mappings.csv"
    shutil.copy(SEED, seed)
    header_before, rows_before = _read(seed)
    row = mapping.accept_suggestion(seed, "669900", "misc_costs__other_operating", "Accepted", SUB_POOLS,
                                    priority=20, cost_center_code="IT230", changed_at="2026-01-01 00:00:00")
    header, rows = _read(seed)
    assert header == header_before and len(rows) == len(rows_before) + 1
    assert rows[-1] == row
    assert row["account_code_from"] == row["account_code_to"] == "669900"
    assert row["sub_pool_id"] == "misc_costs__other_operating"
    if "cost_center_code" in header:
        assert row["cost_center_code"] == "IT230"
    assert row["mapping_rule_id"] not in {r["mapping_rule_id"] for r in rows_before}
    # a second acceptance gets the next id
    again = mapping.accept_suggestion(seed, "669900", "misc_costs__other_operating", "Accepted", SUB_POOLS,
                                      cost_center_code="IT600")
    assert again["mapping_rule_id"] != row["mapping_rule_id"]


def test_accept_refuses_unknown_sub_pools_bad_accounts_and_held_accounts(tmp_path) -> None:
    seed = tmp_path / "old.csv"
    seed.write_text("mapping_rule_id,account_code_from,account_code_to,treatment,sub_pool_id,priority,note\n"
                    "GLM-170,660100,660100,it_spend,misc_costs__other_operating,20,IT miscellaneous\n")
    with pytest.raises(ValueError, match="unknown sub-pool"):
        mapping.accept_suggestion(seed, "669900", "no_such_pool", "n", SUB_POOLS)
    with pytest.raises(ValueError, match="6 digits"):
        mapping.accept_suggestion(seed, "6699", "misc_costs__other_operating", "n", SUB_POOLS)
    with pytest.raises(ValueError, match="held by rule GLM-170"):
        mapping.accept_suggestion(seed, "660100", "misc_costs__other_operating", "n", SUB_POOLS)
    with pytest.raises(ValueError, match="no cost_center_code column"):
        mapping.accept_suggestion(seed, "669900", "misc_costs__other_operating", "n", SUB_POOLS, cost_center_code="IT400")
    row = mapping.accept_suggestion(seed, "669900", "misc_costs__other_operating", "n", SUB_POOLS)
    assert row == {"mapping_rule_id": "GLM-S001", "account_code_from": "669900", "account_code_to": "669900",
                   "treatment": "it_spend", "sub_pool_id": "misc_costs__other_operating", "priority": "20", "note": "n"}
    assert seed.read_text().endswith("GLM-S001,669900,669900,it_spend,misc_costs__other_operating,20,n\n")


# --------------------------------------------------------------------------------------------
# Untagged cloud resources
# --------------------------------------------------------------------------------------------

APPLICATION_SOLUTIONS = {"APP-ECOM": "ecommerce", "APP-DWH": "data_warehouse", "APP-ML": "machine_learning"}


def tagged_charges() -> pd.DataFrame:
    """A shared AWS account hosting the web shop (EC2, team=web) and the warehouse (Redshift,
    team=data), and a dedicated Azure subscription of the ML platform; 6 resources each,
    4 months per resource. The `app` tag holds the label, as in the bills."""
    kinds = [
        ("AWS", "111", "Amazon Elastic Compute Cloud", "Compute", "arn:aws:ec2:us-east-1:111:instance/i-web{}",
         '{{"app":"APP-ECOM","team":"web"}}', "APP-ECOM"),
        ("AWS", "111", "Amazon Redshift", "Databases", "arn:aws:redshift:us-east-1:111:cluster/dwh{}",
         '{{"app":"APP-DWH","team":"data"}}', "APP-DWH"),
        ("Microsoft", "sub-ml", "Virtual Machines", "Compute",
         "/subscriptions/sub-ml/resourceGroups/rg-ml/providers/Microsoft.Compute/gpu{}",
         '{{"app":"APP-ML","team":"ml"}}', "APP-ML"),
    ]
    rows = []
    for provider, account, service, category, resource, tags, application in kinds:
        for r in range(6):
            for month in range(1, 5):
                rows.append({"charge_id": f"{application}-{r}-{month}", "fiscal_month": f"2025-0{month}-01",
                             "provider_name": provider, "sub_account_id": account, "sub_account_name": None,
                             "service_name": service, "service_category": category,
                             "resource_id": resource.format(r), "resource_name": None,
                             "tags": tags.format(), "effective_cost_reporting": 10.0,
                             "application_id": application, "label_source": "tag"})
    return pd.DataFrame(rows)


def test_cloud_features_leave_out_the_label_tag_values() -> None:
    text = mapping.cloud_feature_text(tagged_charges().head(1)).iloc[0]
    assert "tag_team_web" in text and "tag_app" in text
    assert "app-ecom" not in text and "app_ecom" not in text
    assert "provider_aws" in text and "account_111" in text and "instance" in text and "elastic compute cloud" in text
    malformed = mapping.cloud_feature_text(pd.DataFrame({"tags": [None, "not json", "[]"]}))
    assert not malformed.str.contains("tag_").any()


def test_resource_split_holds_out_whole_resources() -> None:
    frame = tagged_charges()
    train_idx, test_idx = mapping.resource_split(frame, seed=3)
    assert not set(frame.iloc[train_idx]["resource_id"]) & set(frame.iloc[test_idx]["resource_id"])
    assert len(test_idx) > 0


def test_cloud_model_beats_the_sub_account_lookup_on_a_shared_account() -> None:
    quality = mapping.evaluate_cloud(tagged_charges(), APPLICATION_SOLUTIONS, threshold=0.5, seed=0)
    rows = quality.set_index(["target", "method"])
    assert set(quality["target"]) == set(mapping.CLOUD_TARGETS)
    model, base = rows.loc[("application_id", "model")], rows.loc[("application_id", "sub_account_lookup")]
    assert model["precision"] == 1.0 and model["coverage"] == 1.0
    # The shared account's majority application is wrong for the other one.
    assert base["precision"] < 1.0
    assert rows.loc[("solution_id", "model"), "precision"] == 1.0


def test_cloud_evaluation_scores_only_tag_labelled_charges() -> None:
    frame = tagged_charges()
    frame.loc[frame["application_id"] == "APP-ML", "label_source"] = "sub_account"
    quality = mapping.evaluate_cloud(frame, APPLICATION_SOLUTIONS, seed=0)
    train_idx, test_idx = mapping.resource_split(frame, seed=0)
    expected = int((frame.iloc[test_idx]["label_source"] == "tag").sum())
    assert (quality["test_lines"] == expected).all()


def test_suggest_cloud_gives_an_application_and_its_solution_to_untagged_charges() -> None:
    untagged = pd.DataFrame([
        {"charge_id": "u1", "fiscal_month": "2025-05-01", "provider_name": "AWS", "sub_account_id": "111",
         "service_name": "Amazon Redshift", "service_category": "Databases",
         "resource_id": "arn:aws:redshift:us-east-1:111:cluster/dwh-new", "tags": '{"team":"data"}',
         "effective_cost_reporting": 5.0},
        {"charge_id": "u2", "fiscal_month": "2025-05-01", "provider_name": "AWS", "sub_account_id": "111",
         "service_name": "Amazon Elastic Compute Cloud", "service_category": "Compute",
         "resource_id": "arn:aws:ec2:us-east-1:111:instance/i-new", "tags": '{"team":"web"}',
         "effective_cost_reporting": 5.0},
    ])
    out = mapping.suggest_cloud(tagged_charges(), untagged, APPLICATION_SOLUTIONS)
    assert list(out.columns) == [c for c, _ in mapping.CLOUD_SUGGESTION_COLUMNS]
    assert out["suggested_application_id"].tolist() == ["APP-DWH", "APP-ECOM"]
    assert out["suggested_solution_id"].tolist() == ["data_warehouse", "ecommerce"]
    assert out["is_confident"].all()
    empty = mapping.suggest_cloud(tagged_charges(), untagged.iloc[0:0], APPLICATION_SOLUTIONS)
    assert empty.empty and list(empty.columns) == list(out.columns)
