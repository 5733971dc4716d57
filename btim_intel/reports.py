"""Report linking: read quarterly business reviews, extract (consumer, KPI, value, period) and
link each statement to the solution it credits.

The parser knows the enterprise only from its own reference data: consumer names and business
unit codes (``seeds/mappings/consumers.csv``), TBM solution names (``seeds/taxonomy/tbm_solutions.csv``)
and the application inventory (``reference/applications.csv`` mapped to solutions by
``seeds/mappings/application_solutions.csv``), plus a small KPI catalogue below. Solutions named
by paraphrase are found by IDF-weighted token overlap with those names: a name whose rare words
appear in the sentence wins. It has no list of the generator's paraphrases.

Quality is measured against the labels written beside the sample reviews: extraction recall
and precision, and the share of extracted statements linked to the right solution, against a
baseline that links only on an exact TBM solution name.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

# KPI catalogue: the KPIs the business reports on, with the words people use for them.
KPI_CATALOGUE: dict[str, tuple[str, ...]] = {
    "order_cycle_time_days": ("order cycle time", "order-to-delivery cycle time", "order lead time"),
    "conversion_rate_pct": ("conversion rate",),
    "net_promoter_score": ("net promoter score", "nps"),
    "forecast_accuracy_pct": ("forecast accuracy",),
    "first_contact_resolution_pct": ("first contact resolution", "first-contact resolution"),
    "on_time_delivery_pct": ("on-time delivery", "on time delivery", "otd"),
    "oee_pct": ("overall equipment effectiveness", "oee"),
    "days_sales_outstanding": ("days sales outstanding", "dso"),
    "online_revenue_usd": ("online revenue", "web shop revenue", "e-commerce revenue"),
    "employee_turnover_pct": ("employee turnover", "staff turnover", "attrition"),
}
STOPWORDS = frozenset("the a an of our in on for and to with by at &".split())
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
_NUMBER = re.compile(
    r"(?P<cur>USD|EUR|\$|€)?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>million|thousand|bn|billion|m\b|k\b)?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z$])")

LINK_COLUMNS: list[tuple[str, str]] = [
    ("review_file", "varchar"),
    ("statement_number", "integer"),
    ("consumer_id", "varchar"),
    ("kpi_name", "varchar"),
    ("kpi_value", "double"),
    ("period", "varchar"),
    ("quarter_start_month", "date"),
    ("solution_id", "varchar"),
    ("link_score", "double"),
    ("statement_text", "varchar"),
]
RETURN_COLUMNS: list[tuple[str, str]] = [
    ("consumer_id", "varchar"),
    ("solution_id", "varchar"),
    ("period", "varchar"),
    ("quarter_start_month", "date"),
    ("kpi_name", "varchar"),
    ("kpi_value", "double"),
    ("spend_amount", "decimal(18,2)"),
    ("kpi_value_per_million_spend", "double"),
    ("reporting_currency_code", "varchar"),
]


def tokens(text: str) -> list[str]:
    """Lowercase word tokens without stop words; a plural 's' is dropped from longer words."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w
            for w in words if w not in STOPWORDS]


@dataclass
class Lexicon:
    """Names that identify things, with IDF weights of their words."""

    names: list[tuple[str, str]]  # (target id, surface name)
    idf: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        counts: Counter[str] = Counter()
        for _, name in self.names:
            counts.update(set(tokens(name)))
        total = max(len(self.names), 1)
        self.idf = {word: math.log(1 + total / count) for word, count in counts.items()}

    def best(self, text: str, threshold: float = 0.5) -> tuple[str | None, float]:
        """The target whose name is best covered by the text's words (score 0..1)."""
        present = set(tokens(text))
        best_id, best_score, best_weight = None, 0.0, 0.0
        for target, name in self.names:
            words = set(tokens(name))
            weight = sum(self.idf[w] for w in words)
            if not weight:
                continue
            score = sum(self.idf[w] for w in words & present) / weight
            if score > best_score + 1e-9 or (abs(score - best_score) <= 1e-9 and weight > best_weight):
                best_id, best_score, best_weight = target, score, weight
        if best_score < threshold:
            return None, best_score
        return best_id, best_score


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def solution_lexicon(seeds_dir: Path, applications_csv: Path | None) -> Lexicon:
    """TBM solution names plus application names mapped to their solutions."""
    names = [(row["solution_id"], row["solution_name"]) for row in _read_csv(seeds_dir / "taxonomy/tbm_solutions.csv")]
    if applications_csv is not None and applications_csv.exists():
        app_solution = {row["application_id"]: row["solution_id"]
                        for row in _read_csv(seeds_dir / "mappings/application_solutions.csv")}
        for row in _read_csv(applications_csv):
            solution = app_solution.get(row.get("application_id", ""))
            if solution:
                names.append((solution, row["application_name"]))
    return Lexicon(names)


def exact_name_lexicon(seeds_dir: Path) -> dict[str, str]:
    """Baseline: lower-case TBM solution name -> id, matched as an exact substring."""
    return {row["solution_name"].lower(): row["solution_id"]
            for row in _read_csv(seeds_dir / "taxonomy/tbm_solutions.csv")}


def consumer_lexicon(seeds_dir: Path) -> Lexicon:
    names = []
    for row in _read_csv(seeds_dir / "mappings/consumers.csv"):
        names.append((row["consumer_id"], row["consumer_name"]))
        if row.get("business_unit_code"):
            names.append((row["consumer_id"], row["business_unit_code"]))
    return Lexicon(names)


def parse_period(text: str) -> str | None:
    """'Q3 2024', 'the third quarter of 2024', 'July to September 2024' -> '2024-Q3'."""
    lowered = text.lower()
    if match := re.search(r"\bq([1-4])\s*(?:fy)?\s*(\d{4})\b", lowered):
        return f"{match.group(2)}-Q{match.group(1)}"
    if match := re.search(r"\b(first|second|third|fourth) quarter of (\d{4})\b", lowered):
        return f"{match.group(2)}-Q{ORDINALS[match.group(1)]}"
    months = "|".join(MONTHS)
    if match := re.search(rf"\b({months})\s*(?:to|-|–)\s*({months})\s+(\d{{4}})\b", lowered):
        return f"{match.group(3)}-Q{(MONTHS[match.group(1)] - 1) // 3 + 1}"
    return None


def parse_value(text: str) -> float | None:
    """The first number in text, with 'million'/'thousand' applied and thousands separators removed."""
    match = _NUMBER.search(text)
    if not match:
        return None
    value = float(match.group("num").replace(",", ""))
    multiplier = (match.group("mult") or "").lower()
    if multiplier in ("million", "m"):
        value *= 1e6
    elif multiplier in ("thousand", "k"):
        value *= 1e3
    elif multiplier in ("bn", "billion"):
        value *= 1e9
    return value


def find_kpi(sentence: str) -> tuple[str, int] | None:
    """(kpi name, end offset of its mention) of the longest catalogue phrase in the sentence."""
    lowered = sentence.lower()
    best: tuple[str, int, int] | None = None
    for kpi, phrases in KPI_CATALOGUE.items():
        for phrase in phrases:
            for match in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", lowered):
                if best is None or len(phrase) > best[2]:
                    best = (kpi, match.end(), len(phrase))
    return (best[0], best[1]) if best else None


@dataclass(frozen=True)
class Statement:
    review_file: str
    statement_number: int
    consumer_id: str | None
    kpi_name: str
    kpi_value: float | None
    period: str | None
    solution_id: str | None
    link_score: float
    text: str


def sentences(body: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(" ".join(body.split())) if part.strip()]


def parse_review(
    name: str, text: str, solutions: Lexicon, consumers: Lexicon, *, exact_names: dict[str, str] | None = None
) -> list[Statement]:
    """Statements of one review. With exact_names, link by exact TBM name only (the baseline)."""
    lines = text.strip().splitlines()
    header = lines[0] if lines else ""
    consumer_id, _ = consumers.best(header, threshold=0.99)
    period = parse_period(header)
    found = []
    for sentence in sentences(" ".join(lines[1:])):
        kpi = find_kpi(sentence)
        if kpi is None:
            continue
        kpi_name, end = kpi
        value = parse_value(sentence[end:]) if parse_value(sentence[end:]) is not None else parse_value(sentence)
        without_kpi = re.sub("|".join(re.escape(p) for p in KPI_CATALOGUE[kpi_name]), " ", sentence, flags=re.I)
        if exact_names is None:
            solution_id, score = solutions.best(without_kpi)
        else:
            lowered = without_kpi.lower()
            hits = [(len(n), sid) for n, sid in exact_names.items() if re.search(rf"\b{re.escape(n)}\b", lowered)]
            solution_id, score = (max(hits)[1], 1.0) if hits else (None, 0.0)
        found.append(Statement(name, len(found) + 1, consumer_id, kpi_name, value,
                               parse_period(sentence) or period, solution_id, score, sentence))
    return found


def parse_folder(
    folder: Path, solutions: Lexicon, consumers: Lexicon, *, exact_names: dict[str, str] | None = None
) -> list[Statement]:
    statements: list[Statement] = []
    for path in sorted(folder.glob("*.txt")):
        statements.extend(parse_review(path.name, path.read_text(encoding="utf-8-sig"), solutions, consumers,
                                       exact_names=exact_names))
    return statements


def _close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def score(statements: Iterable[Statement], labels: list[dict[str, str]]) -> dict[str, float]:
    """Extraction recall/precision (consumer, KPI, value and period right) and linking accuracy
    (right solution, over the labelled statements)."""
    by_file: dict[str, list[Statement]] = {}
    for statement in statements:
        by_file.setdefault(statement.review_file, []).append(statement)
    extracted = sum(len(v) for v in by_file.values())
    found = linked = 0
    for label in labels:
        for statement in by_file.get(label["review_file"], []):
            if (statement.consumer_id == label["consumer_id"] and statement.kpi_name == label["kpi_name"]
                    and statement.period == label["period"] and _close(statement.kpi_value, float(label["kpi_value"]))):
                found += 1
                linked += statement.solution_id == label["solution_id"]
                break
    n = len(labels)
    return {
        "labelled": float(n),
        "extracted": float(extracted),
        "extraction_recall": found / n if n else math.nan,
        "extraction_precision": found / extracted if extracted else math.nan,
        "link_accuracy": linked / n if n else math.nan,
    }


def read_labels(path: Path) -> list[dict[str, str]]:
    return _read_csv(path) if path.exists() else []


def to_frame(statements: list[Statement]) -> pd.DataFrame:
    rows = []
    for s in statements:
        quarter = None
        if s.period:
            year, q = s.period.split("-Q")
            quarter = pd.Timestamp(int(year), (int(q) - 1) * 3 + 1, 1).date()
        rows.append({
            "review_file": s.review_file, "statement_number": s.statement_number,
            "consumer_id": s.consumer_id or "unknown", "kpi_name": s.kpi_name, "kpi_value": s.kpi_value,
            "period": s.period, "quarter_start_month": quarter, "solution_id": s.solution_id or "unlinked",
            "link_score": round(s.link_score, 4), "statement_text": s.text,
        })
    return pd.DataFrame(rows, columns=[c for c, _ in LINK_COLUMNS])


def return_on_spend(con, links: pd.DataFrame) -> pd.DataFrame:  # noqa: ANN001
    """Each linked KPI beside the consumer's cost of that solution in the quarter."""
    from btim_intel.warehouse import query

    linked = links.loc[(links["solution_id"] != "unlinked") & links["quarter_start_month"].notna()
                       & (links["consumer_id"] != "unknown")]
    con.register("intel_links", linked)
    try:
        frame = query(con, """
            with spend as (
                select consumer_id, solution_id, {quarter} as quarter_start_month,
                    sum(amount_reporting) as spend_amount, max(reporting_currency_code) as currency
                from consumer.fct_consumer_cost_monthly
                group by all
            )
            select links.consumer_id, links.solution_id, links.period, links.quarter_start_month, links.kpi_name,
                links.kpi_value, coalesce(spend.spend_amount, 0) as spend_amount,
                case when spend.spend_amount > 0 then links.kpi_value / (spend.spend_amount / 1000000) end
                    as kpi_value_per_million_spend,
                coalesce(spend.currency, '') as reporting_currency_code
            from intel_links as links
            left join spend
                on links.consumer_id = spend.consumer_id and links.solution_id = spend.solution_id
                and links.quarter_start_month = spend.quarter_start_month
            order by 1, 2, 4, 5
        """.format(quarter="cast(date_trunc('quarter', fiscal_month) as date)"))
    finally:
        con.unregister("intel_links")
    return frame[[c for c, _ in RETURN_COLUMNS]]
