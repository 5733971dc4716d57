"""Report linking: the generated reviews, the parser and its measured accuracy."""

from __future__ import annotations

from pathlib import Path

import pytest

from btim_intel import reports
from scripts import generate_business_reviews as reviews
from scripts import link_reports

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = REPO_ROOT / "seeds"


@pytest.mark.parametrize(("text", "period"), [
    ("Quarterly business review: BU-CONS, Q3 2024", "2024-Q3"),
    ("the first quarter of 2025", "2025-Q1"),
    ("July to September 2024", "2024-Q3"),
    ("October - December 2023", "2023-Q4"),
    ("no period here", None),
])
def test_periods(text: str, period: str | None) -> None:
    assert reports.parse_period(text) == period


@pytest.mark.parametrize(("text", "value"), [
    (" reached $24,282,511 this quarter", 24_282_511.0),
    (" came in at USD 12.4 million", 12_400_000.0),
    (" improved to 3.1% in Q3", 3.1),
    (" was 4.5 days", 4.5),
    (" nothing", None),
])
def test_values(text: str, value: float | None) -> None:
    assert reports.parse_value(text) == value


def test_longest_kpi_phrase_wins() -> None:
    assert reports.find_kpi("Online revenue reached USD 3 million")[0] == "online_revenue_usd"
    assert reports.find_kpi("Web shop revenue grew")[0] == "online_revenue_usd"
    assert reports.find_kpi("Our NPS was 40")[0] == "net_promoter_score"
    assert reports.find_kpi("We held 12 steering meetings") is None


def test_paraphrases_link_through_application_names(tmp_path) -> None:
    applications = tmp_path / "applications.csv"
    applications.write_text("application_id,application_name\nAPP-ERP-OM,ERP Order Processing\n"
                            "APP-MLP,Demand Forecasting ML\n")
    lexicon = reports.solution_lexicon(SEEDS, applications)
    assert lexicon.best("the order-processing module of our ERP helped")[0] == "order_management"
    assert lexicon.best("thanks to the demand forecasting models")[0] == "predictive_analytics"
    assert lexicon.best("nothing relevant at all")[0] is None


def test_generated_reviews_are_deterministic_and_labelled(tmp_path) -> None:
    first = reviews.write_business_reviews(tmp_path / "a", seed=3, months=7, start_month="2024-02")
    second = reviews.write_business_reviews(tmp_path / "b", seed=3, months=7, start_month="2024-02")
    assert first == second
    folder_a, folder_b = (tmp_path / p / reviews.REVIEWS_FOLDER for p in ("a", "b"))
    for path in folder_a.iterdir():
        assert path.read_bytes() == (folder_b / path.name).read_bytes()
    # February to August 2024 holds Q2 only entirely
    assert reviews.full_quarters("2024-02", 7) == [(2024, 2)]
    labels = reports.read_labels(folder_a / "labels.csv")
    assert len(labels) == first[f"{reviews.REVIEWS_FOLDER}/labels.csv"] == sum(
        n for k, n in first.items() if k.endswith(".txt"))
    assert {label["period"] for label in labels} == {"2024-Q2"}


def test_parser_beats_the_exact_name_baseline_on_labelled_reviews(tmp_path) -> None:
    reviews.write_business_reviews(tmp_path, seed=11, months=24, start_month="2024-01")
    folder = tmp_path / reviews.REVIEWS_FOLDER
    applications = tmp_path / "applications.csv"
    applications.write_text(
        "application_id,application_name\n" + "\n".join(
            f"{app},{name}" for app, name in [
                ("APP-ERP-OM", "ERP Order Processing"), ("APP-ERP-INV", "ERP Inventory Management"),
                ("APP-ERP-FIN", "ERP Finance"), ("APP-CRM", "Salesforce CRM"), ("APP-ECOM", "Web Shop"),
                ("APP-DWH", "Enterprise Data Warehouse"), ("APP-MLP", "Demand Forecasting ML"),
                ("APP-GENAI", "Service Assistant GenAI"), ("APP-HRIS", "Workday HRIS"),
                ("APP-ITSM", "ServiceNow ITSM"), ("APP-COLLAB", "Microsoft 365"),
                ("APP-MES", "Plant Manufacturing Execution")]) + "\n")
    solutions, consumers = reports.solution_lexicon(SEEDS, applications), reports.consumer_lexicon(SEEDS)
    labels = reports.read_labels(folder / "labels.csv")
    model = reports.score(reports.parse_folder(folder, solutions, consumers), labels)
    baseline = reports.score(reports.parse_folder(folder, solutions, consumers,
                                                  exact_names=reports.exact_name_lexicon(SEEDS)), labels)
    assert model["labelled"] == len(labels) > 100
    assert model["extraction_recall"] > 0.95 and model["extraction_precision"] > 0.95
    assert model["link_accuracy"] > 0.85
    assert model["link_accuracy"] > baseline["link_accuracy"] + 0.3


def test_a_wrong_value_is_not_counted_as_found() -> None:
    statement = reports.Statement("r.txt", 1, "c", "oee_pct", 70.0, "2024-Q1", "manufacturing", 1.0, "")
    label = {"review_file": "r.txt", "consumer_id": "c", "kpi_name": "oee_pct", "kpi_value": "71.0",
             "period": "2024-Q1", "solution_id": "manufacturing"}
    assert reports.score([statement], [label])["extraction_recall"] == 0.0
    assert reports.score([statement], [dict(label, kpi_value="70.0")])["link_accuracy"] == 1.0


def test_cli_without_reviews_says_so(tmp_path, capsys) -> None:
    assert link_reports.main(["--raw", str(tmp_path), "--no-write"]) == 2
    assert "no business reviews" in capsys.readouterr().err
