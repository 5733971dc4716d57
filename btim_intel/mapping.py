"""Mapping suggestions: sub-pool, sub-tower and solution for GL lines no mapping rule holds.

A scikit-learn text classifier (TF-IDF of words and word pairs over vendor, account name, line
text and cost centre; multinomial logistic regression) is trained on the GL lines already
mapped. Its labels are what the warehouse did with those lines: the sub-pool of the account
rule, the cost centre's main sub-tower (largest weight in ``cost_center_towers``) and the
solution that received most of the cost of that cost centre and sub-pool.

Quality is measured on a held-out split by *stream* (account x cost centre x vendor): whole
recurring flows are held out, so the test lines are never near-copies of training lines. A
suggestion is made when the model's probability reaches a threshold: coverage is the share of
held-out lines that get one, precision the share of those that are right. The baseline is a
vendor lookup (the vendor's most frequent label in training; no suggestion for an unseen vendor).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

TARGETS: tuple[str, ...] = ("sub_pool_id", "sub_tower_id", "solution_id")
FEATURE_COLUMNS: tuple[str, ...] = ("vendor_name", "account_name", "line_description", "cost_center_code")

SUGGESTION_COLUMNS: list[tuple[str, str]] = [
    ("gl_line_id", "varchar"),
    ("fiscal_month", "date"),
    ("entity_id", "varchar"),
    ("account_code", "varchar"),
    ("cost_center_code", "varchar"),
    ("vendor_name", "varchar"),
    ("line_description", "varchar"),
    ("amount_reporting", "decimal(18,2)"),
    ("suggested_sub_pool_id", "varchar"),
    ("sub_pool_confidence", "double"),
    ("suggested_sub_tower_id", "varchar"),
    ("sub_tower_confidence", "double"),
    ("suggested_solution_id", "varchar"),
    ("solution_confidence", "double"),
    ("is_confident", "boolean"),
]
QUALITY_COLUMNS: list[tuple[str, str]] = [
    ("target", "varchar"),
    ("method", "varchar"),
    ("threshold", "double"),
    ("test_lines", "integer"),
    ("coverage", "double"),
    ("precision", "double"),
]


_NOISE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d[\d/.,-]*\b", re.IGNORECASE
)


def normalise(text: pd.Series) -> pd.Series:
    """Lowercase, and drop month names, years, dates and numbers (document and period noise)."""
    return text.str.replace(_NOISE, " ", regex=True).str.lower().str.split().str.join(" ")


def feature_text(frame: pd.DataFrame) -> pd.Series:
    """One document per line: the text fields, and the cost centre as a token of its own."""
    def clean(column: str) -> pd.Series:
        return frame[column].fillna("").astype(str) if column in frame else pd.Series("", index=frame.index)

    text = clean("vendor_name") + " | " + clean("account_name") + " | " + clean("line_description")
    return normalise(text) + " cc_" + clean("cost_center_code").str.replace(r"\W", "_", regex=True).str.lower()


def make_classifier():  # noqa: ANN201 - sklearn Pipeline
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True, token_pattern=r"(?u)\b\w[\w-]*\b"),
        LogisticRegression(max_iter=2000, C=10.0),
    )


@dataclass(frozen=True)
class Prediction:
    labels: np.ndarray
    confidence: np.ndarray


def fit_predict(
    train: pd.DataFrame,
    target: str,
    test: pd.DataFrame,
    text: Callable[[pd.DataFrame], pd.Series] = feature_text,
) -> Prediction:
    """Train on train[target] and predict the label and its probability for test; ``text``
    turns a frame into one document per row (GL lines by default, ``cloud_feature_text``)."""
    labels = train[target].astype(str)
    if labels.nunique() == 1:
        return Prediction(np.full(len(test), labels.iloc[0], dtype=object), np.ones(len(test)))
    # Each distinct (document, label) pattern counts once: the model learns what lines say,
    # not how many of them a stream posts (payroll would otherwise outvote everything).
    patterns = pd.DataFrame({"text": text(train).to_numpy(), "label": labels.to_numpy()}).drop_duplicates()
    model = make_classifier()
    model.fit(patterns["text"], patterns["label"])
    test_text = text(test)
    distinct = test_text.drop_duplicates()
    proba_distinct = model.predict_proba(distinct)
    position = {text: i for i, text in enumerate(distinct)}
    proba = proba_distinct[[position[text] for text in test_text]]
    best = proba.argmax(axis=1)
    return Prediction(model.classes_[best], proba[np.arange(len(test)), best])


def vendor_lookup(train: pd.DataFrame, target: str, test: pd.DataFrame) -> Prediction:
    """Baseline: the vendor's most frequent label in training; None for an unseen vendor."""
    known = train.dropna(subset=["vendor_name"])
    table = known.groupby("vendor_name")[target].agg(lambda s: s.value_counts().index[0]).to_dict()
    labels = test["vendor_name"].map(table).to_numpy(dtype=object)
    covered = np.array([label is not None and label == label for label in labels])
    return Prediction(labels, covered.astype(float))


def precision_coverage(truth: np.ndarray, prediction: Prediction, threshold: float) -> tuple[float, float]:
    covered = prediction.confidence >= threshold
    coverage = float(covered.mean()) if len(covered) else float("nan")
    if not covered.any():
        return float("nan"), coverage
    precision = float((prediction.labels[covered] == np.asarray(truth)[covered]).mean())
    return precision, coverage


def stream_split(frame: pd.DataFrame, test_size: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Train/test row indices, holding out whole streams (account x cost centre x vendor)."""
    from sklearn.model_selection import GroupShuffleSplit

    groups = (
        frame["account_code"].astype(str) + "/" + frame["cost_center_code"].astype(str) + "/"
        + frame["vendor_name"].fillna("").astype(str)
    )
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train_idx, test_idx = next(splitter.split(frame, groups=groups))
    return train_idx, test_idx


def evaluate(labelled: pd.DataFrame, threshold: float = 0.5, seed: int = 0) -> pd.DataFrame:
    """Precision and coverage of the model and the vendor-lookup baseline per target."""
    train_idx, test_idx = stream_split(labelled, seed=seed)
    train, test = labelled.iloc[train_idx], labelled.iloc[test_idx]
    rows = []
    for target in TARGETS:
        truth = test[target].astype(str).to_numpy()
        for method, predict, cut in (("model", fit_predict, threshold), ("vendor_lookup", vendor_lookup, 0.5)):
            precision, coverage = precision_coverage(truth, predict(train, target, test), cut)
            rows.append(
                {"target": target, "method": method, "threshold": cut, "test_lines": len(test),
                 "coverage": coverage, "precision": precision}
            )
    return pd.DataFrame(rows, columns=[c for c, _ in QUALITY_COLUMNS])


def suggest(labelled: pd.DataFrame, unmapped: pd.DataFrame, threshold: float = 0.5) -> pd.DataFrame:
    """Suggestions for every unmapped line, by models trained on all labelled lines."""
    out = unmapped[[c for c, _ in SUGGESTION_COLUMNS[:8]]].copy()
    for target in TARGETS:
        name = target.removesuffix("_id")
        if unmapped.empty:
            out[f"suggested_{target}"], out[f"{name}_confidence"] = [], []
            continue
        prediction = fit_predict(labelled, target, unmapped)
        out[f"suggested_{target}"] = prediction.labels
        out[f"{name}_confidence"] = prediction.confidence
    # The sub-pool is what an analyst accepts into the mapping seed; towers and solutions follow
    # from the cost centre and the allocation rules.
    out["is_confident"] = out["sub_pool_confidence"] >= threshold if len(out) else []
    return out[[c for c, _ in SUGGESTION_COLUMNS]]


# --------------------------------------------------------------------------------------------
# Reading the warehouse
# --------------------------------------------------------------------------------------------

_LINES_SQL = """
    with lines as (
        select gl.gl_line_id, gl.fiscal_month, gl.entity_id, gl.account_code, gl.cost_center_code,
            coalesce(gl.vendor_name, vendors.vendor_name) as vendor_name, gl.line_description,
            gl.amount_reporting, gl.sub_pool_id, gl.ledger_status, accounts.account_name
        from intermediate.int_gl_lines_mapped_to_cost_pools as gl
        left join staging.stg_reference__accounts as accounts on gl.account_code = accounts.account_code
        left join staging.stg_reference__vendors as vendors on gl.vendor_id = vendors.vendor_id
        where gl.ledger_status in ('mapped', 'unmapped')
    ),
    main_sub_towers as (
        select cost_center_code, sub_tower_id,
            row_number() over (partition by cost_center_code order by weight desc, sub_tower_id) as ranked
        from seeds.cost_center_towers
    ),
    solution_amounts as (
        select cost_center_code, sub_pool_id, solution_id,
            row_number() over (
                partition by cost_center_code, sub_pool_id order by sum(amount_reporting) desc, solution_id
            ) as ranked
        from intermediate.int_tower_costs_allocated_to_solutions
        where solution_id <> 'unallocated'
        group by cost_center_code, sub_pool_id, solution_id
    )
    select lines.*, main_sub_towers.sub_tower_id, solution_amounts.solution_id
    from lines
    left join main_sub_towers
        on lines.cost_center_code = main_sub_towers.cost_center_code and main_sub_towers.ranked = 1
    left join solution_amounts
        on lines.cost_center_code = solution_amounts.cost_center_code
        and lines.sub_pool_id = solution_amounts.sub_pool_id and solution_amounts.ranked = 1
"""


def load_lines(con) -> tuple[pd.DataFrame, pd.DataFrame]:  # noqa: ANN001
    """(labelled lines: mapped, with all three labels; unmapped lines)."""
    from btim_intel.warehouse import query

    frame = query(con, _LINES_SQL)
    labelled = frame.loc[(frame["ledger_status"] == "mapped")].dropna(subset=list(TARGETS)).reset_index(drop=True)
    unmapped = frame.loc[frame["ledger_status"] == "unmapped"].reset_index(drop=True)
    return labelled, unmapped


# --------------------------------------------------------------------------------------------
# Untagged cloud resources: application and solution
# --------------------------------------------------------------------------------------------
#
# Training data: the cloud charges a tag or sub-account rule (seeds/mappings/cloud_application_rules.csv)
# gave an application; the charges no rule matched (x_application_id = 'untagged') get suggestions.
# The values of the tag keys the rules read (`app`, `application`) are left out of the features:
# an untagged line lacks them by definition, so a model that learnt them would look better on
# held-out data than it can be on the lines it is for. The split holds out whole resources.

CLOUD_TARGETS: tuple[str, ...] = ("application_id", "solution_id")
CLOUD_LABEL_TAG_KEYS: frozenset[str] = frozenset({"app", "application"})
CLOUD_SUGGESTION_COLUMNS: list[tuple[str, str]] = [
    ("charge_id", "varchar"),
    ("fiscal_month", "date"),
    ("provider_name", "varchar"),
    ("sub_account_id", "varchar"),
    ("service_name", "varchar"),
    ("resource_id", "varchar"),
    ("effective_cost_reporting", "decimal(18,2)"),
    ("suggested_application_id", "varchar"),
    ("application_confidence", "double"),
    ("suggested_solution_id", "varchar"),
    ("is_confident", "boolean"),
]


def _tag_tokens(tags_json: object, label_keys: frozenset[str]) -> str:
    """`tag_<key>` for every tag, plus `tag_<key>_<value>` for keys the rules do not read."""
    if not isinstance(tags_json, str) or not tags_json.strip():
        return ""
    try:
        tags = json.loads(tags_json)
    except ValueError:
        return ""
    if not isinstance(tags, dict):
        return ""
    tokens = []
    for key, value in sorted(tags.items()):
        name = re.sub(r"\W", "_", str(key).lower())
        tokens.append(f"tag_{name}")
        if value not in (None, "") and str(key).lower() not in label_keys:
            tokens.append(f"tag_{name}_" + re.sub(r"\W", "_", str(value).lower()))
    return " ".join(tokens)


def cloud_feature_text(frame: pd.DataFrame, label_keys: frozenset[str] = CLOUD_LABEL_TAG_KEYS) -> pd.Series:
    """One document per charge: provider, service name and category, sub-account (id and name),
    resource name and the tokens of the resource id (ARN / Azure path parts), and the tags."""
    def clean(column: str) -> pd.Series:
        return frame[column].fillna("").astype(str) if column in frame else pd.Series("", index=frame.index)

    def token(column: str, prefix: str) -> pd.Series:
        return prefix + clean(column).str.replace(r"\W", "_", regex=True).str.lower()

    resource = (clean("resource_id") + " " + clean("resource_name")).str.replace(r"[/:_.=]", " ", regex=True)
    tags = clean("tags").map(lambda value: _tag_tokens(value, label_keys))
    text = (
        token("provider_name", "provider_") + " " + token("sub_account_id", "account_") + " "
        + token("service_category", "category_") + " | " + clean("service_name") + " | "
        + clean("sub_account_name") + " | " + resource
    )
    return text.str.lower().str.split().str.join(" ") + " " + tags


def resource_split(frame: pd.DataFrame, test_size: float = 0.3, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Train/test row indices holding out whole resources (resource id; without one, the
    provider x sub-account x service), so no held-out line has a twin in training."""
    from sklearn.model_selection import GroupShuffleSplit

    fallback = (
        frame["provider_name"].astype(str) + "/" + frame["sub_account_id"].fillna("").astype(str) + "/"
        + frame["service_name"].fillna("").astype(str)
    )
    groups = frame["resource_id"].where(frame["resource_id"].notna(), fallback).astype(str)
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train_idx, test_idx = next(splitter.split(frame, groups=groups))
    return train_idx, test_idx


def sub_account_lookup(train: pd.DataFrame, target: str, test: pd.DataFrame) -> Prediction:
    """Baseline: the sub-account's most frequent label in training; None for an unseen one."""
    def key(frame: pd.DataFrame) -> pd.Series:
        return frame["provider_name"].astype(str) + "/" + frame["sub_account_id"].fillna("").astype(str)

    table = train.assign(_key=key(train)).groupby("_key")[target].agg(lambda s: s.value_counts().index[0]).to_dict()
    labels = key(test).map(table).to_numpy(dtype=object)
    covered = np.array([label is not None and label == label for label in labels])
    return Prediction(labels, covered.astype(float))


def _solutions_of(applications: np.ndarray, application_solutions: dict[str, str]) -> np.ndarray:
    return np.array([application_solutions.get(str(a), "unallocated") for a in applications], dtype=object)


def evaluate_cloud(
    tagged: pd.DataFrame, application_solutions: dict[str, str], threshold: float = 0.5, seed: int = 0
) -> pd.DataFrame:
    """Precision and coverage on held-out resources of the model and the sub-account baseline,
    for the application and for the solution it implies (application -> solution seed)."""
    train_idx, test_idx = resource_split(tagged, seed=seed)
    train, test = tagged.iloc[train_idx], tagged.iloc[test_idx]
    if "label_source" in test:
        # An untagged charge is, by definition, on a sub-account no account rule holds: score only
        # held-out charges a tag labelled, which are like it (a sub-account rule's label is trivial).
        test = test.loc[test["label_source"] == "tag"]
    truth_app = test["application_id"].astype(str).to_numpy()
    truth_solution = _solutions_of(truth_app, application_solutions)
    rows = []
    for method, predict, cut in (
        ("model", lambda a, t, b: fit_predict(a, t, b, text=cloud_feature_text), threshold),
        ("sub_account_lookup", sub_account_lookup, 0.5),
    ):
        prediction = predict(train, "application_id", test)
        solution_prediction = Prediction(_solutions_of(prediction.labels, application_solutions), prediction.confidence)
        for target, truth, pred in (
            ("application_id", truth_app, prediction), ("solution_id", truth_solution, solution_prediction)
        ):
            precision, coverage = precision_coverage(truth, pred, cut)
            rows.append({"target": target, "method": method, "threshold": cut, "test_lines": len(test),
                         "coverage": coverage, "precision": precision})
    return pd.DataFrame(rows, columns=[c for c, _ in QUALITY_COLUMNS])


def suggest_cloud(
    tagged: pd.DataFrame, untagged: pd.DataFrame, application_solutions: dict[str, str], threshold: float = 0.5
) -> pd.DataFrame:
    """An application (and its solution) for every untagged charge, by a model trained on all
    tagged charges."""
    out = untagged.reindex(columns=[c for c, _ in CLOUD_SUGGESTION_COLUMNS[:7]]).copy()
    if untagged.empty:
        for column in ("suggested_application_id", "application_confidence", "suggested_solution_id", "is_confident"):
            out[column] = []
        return out[[c for c, _ in CLOUD_SUGGESTION_COLUMNS]]
    prediction = fit_predict(tagged, "application_id", untagged, text=cloud_feature_text)
    out["suggested_application_id"] = prediction.labels
    out["application_confidence"] = prediction.confidence
    out["suggested_solution_id"] = _solutions_of(prediction.labels, application_solutions)
    out["is_confident"] = out["application_confidence"] >= threshold
    return out[[c for c, _ in CLOUD_SUGGESTION_COLUMNS]]


_CLOUD_CHARGES_SQL = """
    select charges.x_charge_id as charge_id, charges.x_fiscal_month as fiscal_month, charges.provider_name,
        charges.sub_account_id, charges.sub_account_name, charges.service_name, charges.service_category,
        charges.resource_id, charges.resource_name, charges.tags,
        charges.x_effective_cost_reporting as effective_cost_reporting,
        charges.x_application_id as application_id, rules.match_on as label_source
    from intermediate.int_cloud_charges as charges
    left join seeds.cloud_application_rules as rules on charges.x_application_rule_id = rules.rule_id
"""


def load_cloud_charges(con) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:  # noqa: ANN001
    """(tagged charges with their application, untagged charges, application -> solution)."""
    from btim_intel.warehouse import query

    frame = query(con, _CLOUD_CHARGES_SQL)
    solutions = query(con, "select application_id, solution_id from seeds.application_solutions")
    mapping_table = dict(zip(solutions["application_id"].astype(str), solutions["solution_id"].astype(str)))
    is_untagged = frame["application_id"].fillna("untagged") == "untagged"
    return frame.loc[~is_untagged].reset_index(drop=True), frame.loc[is_untagged].reset_index(drop=True), mapping_table


# --------------------------------------------------------------------------------------------
# Accepting a suggestion into the mapping seed
# --------------------------------------------------------------------------------------------


def _read_seed(path: Path) -> tuple[list[str], list[dict[str, str]], str]:
    raw = path.read_bytes()
    newline = "\r\n" if b"\r\n" in raw else "\n"
    text = raw.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader), newline


def next_rule_id(existing: Sequence[str], prefix: str = "GLM-S") -> str:
    numbers = [int(m.group(1)) for rule in existing if (m := re.fullmatch(re.escape(prefix) + r"(\d+)", rule))]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


CONDITION_COLUMNS: tuple[str, ...] = (
    "cost_center_code", "vendor_id", "vendor_name", "description_keyword", "valid_from", "valid_to",
)


def accept_suggestion(
    seed_path: Path,
    account_code: str,
    sub_pool_id: str,
    note: str,
    known_sub_pools: set[str],
    priority: int = 20,
    cost_center_code: str | None = None,
    changed_by: str = "accept_suggestions",
    changed_at: str = "",
) -> dict[str, str]:
    """Append a rule mapping one account (optionally only on one cost centre) to a sub-pool,
    in whatever columns the seed has.

    Columns the function knows are filled (rule id and type, account range, cost centre,
    treatment, sub-pool, priority, note, who/when/why); any other column is left empty, which
    the seed defines as "any". Raises ValueError for an unknown sub-pool, a malformed account,
    a cost-centre rule on a seed without that column, or when a rule with the same conditions
    already holds the account at this priority or a better one.
    """
    if not re.fullmatch(r"\d{6}", account_code):
        raise ValueError(f"account code must be 6 digits, got {account_code!r}")
    if sub_pool_id not in known_sub_pools:
        raise ValueError(f"unknown sub-pool {sub_pool_id!r} (see seeds/taxonomy/tbm_sub_pools.csv)")
    header, rows, newline = _read_seed(seed_path)
    required = {"mapping_rule_id", "account_code_from", "account_code_to", "sub_pool_id"}
    if not required <= set(header):
        raise ValueError(f"{seed_path} lacks the columns {sorted(required - set(header))}")
    if cost_center_code and "cost_center_code" not in header:
        raise ValueError(f"{seed_path} has no cost_center_code column: accept for the whole account instead")
    wanted = {column: "" for column in CONDITION_COLUMNS if column in header}
    if cost_center_code:
        wanted["cost_center_code"] = cost_center_code
    for row in rows:
        try:
            low, high = int(row["account_code_from"]), int(row["account_code_to"])
            rule_priority = int(row.get("priority") or priority)
        except ValueError:
            continue
        conditions = {column: (row.get(column) or "").strip() for column in wanted}
        same_scope = all(conditions[c] in ("", wanted[c]) for c in wanted)
        if low <= int(account_code) <= high and rule_priority <= priority and same_scope:
            raise ValueError(
                f"account {account_code} is already held by rule {row['mapping_rule_id']} "
                f"(priority {rule_priority}); edit that rule instead"
            )
    values = {
        "mapping_rule_id": next_rule_id([row["mapping_rule_id"] for row in rows]),
        "rule_type": "cost_center" if cost_center_code else "account_range",
        "account_code_from": account_code,
        "account_code_to": account_code,
        "cost_center_code": cost_center_code or "",
        "treatment": "it_spend",
        "sub_pool_id": sub_pool_id,
        "priority": str(priority),
        "note": note,
        "changed_by": changed_by,
        "changed_at": changed_at,
        "change_reason": "Accepted from the mapping suggestions (scripts/suggest_mappings.py)",
    }
    new_row = {column: values.get(column, "") for column in header}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=newline)
    writer.writerow(new_row)
    existing = seed_path.read_bytes().decode("utf-8")
    prefix = "" if existing.endswith(("\n", "\r")) else newline
    with seed_path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(prefix + buffer.getvalue())
    return new_row


def account_suggestion(
    suggestions: pd.DataFrame, account_code: str, cost_center_code: str | None = None
) -> tuple[str, float, int, float]:
    """The sub-pool that most of an account's (and cost centre's) unmapped amount is suggested
    to: (sub_pool_id, share of the amount, lines, mean confidence)."""
    mask = suggestions["account_code"].astype(str) == account_code
    if cost_center_code:
        mask &= suggestions["cost_center_code"].astype(str) == cost_center_code
    lines = suggestions.loc[mask]
    if lines.empty:
        scope = f"account {account_code}" + (f" on cost centre {cost_center_code}" if cost_center_code else "")
        raise ValueError(f"no suggestions for {scope}: run suggest_mappings first")
    amounts = lines.assign(amount=lines["amount_reporting"].astype(float).abs())
    by_pool = amounts.groupby("suggested_sub_pool_id")["amount"].sum().sort_values(ascending=False)
    best = str(by_pool.index[0])
    chosen = lines.loc[lines["suggested_sub_pool_id"] == best]
    share = float(by_pool.iloc[0] / by_pool.sum()) if by_pool.sum() else 1.0
    return best, share, len(chosen), float(chosen["sub_pool_confidence"].mean())
