"""Generate the cloud bills of the sample enterprise, Meridian Industries, in all five layouts.

Reads the GL that ``scripts/generate_sample_data.py`` wrote under the raw folder (account 615100
"Cloud services - IaaS and PaaS"), and writes, under ``<raw>/cloud/``, bills whose invoiced
totals agree with those postings:

=====================  ==========================================  ==============================
folder                 bill                                        GL postings it explains
=====================  ==========================================  ==============================
``aws_cur2/``          AWS payer 111122223333, CUR 2.0 Parquet     SAP 1000, vendor 100001, IT130
``aws_cur/``           AWS payer 444455556666, legacy CUR CSV      SAP 1000, vendor 100001, IT140
``azure/actual/`` and  Azure EA enrollment 8611234 (PascalCase)    SAP 1000, vendor 100002, IT230
``azure/amortized/``   Azure MCA billing account (camelCase)       SAP 1000, vendor 100002, IT140
``gcp/``               GCP billing account, JSON lines, in EUR     SAP 1000, vendor 100003
``focus/``             AWS payer 777788889999 (APAC), FOCUS 1.2    NetSuite SG10, AWS
=====================  ==========================================  ==============================

What the bills hold, so that every rule of the warehouse has data: reservation and savings-plan
purchases amortised over their term (EffectiveCost differs from BilledCost); the Azure actual and
amortized datasets of the same bill; a promotional credit and a refund correcting the previous
month; US sales tax on the CUR 2.0 bill (posted by accounts payable to a tax account, not to
615100, so it shows in the reconciliation as "tax"); a marketplace subscription; the GCP bill
in EUR (converted back with the month's rate, so the reconciliation shows an "fx" difference
of cents); tag keys that differ only in case (``App``/``app``/``APP``), a valueless ``owner`` key
and untagged spend; and the first month of the CUR 2.0 bill exported twice: the earlier export
(``20..T040000Z`` folder of the 3rd) has different numbers and must be replaced, not added.
Usage lines of services that run on instances name their instance type where each export does:
CUR ``product/instanceType``, CUR 2.0 ``product_instance_type``, Azure ``AdditionalInfo``
(``ServiceType``: ``Standard_D2s_v3``), GCP ``system_labels``
(``compute.googleapis.com/machine_spec``), FOCUS ``SkuPriceDetails`` (``InstanceType``); one
type (``m7i.large``) is newer than the Cloud Carbon Footprint instance lists, as happens.

Invoiced totals equal the GL per bill and month to the cent, apart from the tax and fx stories
and from months in which the GL holds no posting for a bill (its invoice is posted late): the
bill of such a month is about the bill's average month, and the reconciliation shows "timing".
Amounts are whole micro-dollars (6 decimals) split by the largest-remainder method.

Determinism: the same GL and arguments give byte-identical files. Speed: vectorised (numpy
and DuckDB); ``--scale`` multiplies the lines per bill and month (about 400 at scale 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

CLOUD_FOLDERS: tuple[str, ...] = (
    "cloud/aws_cur2",
    "cloud/aws_cur",
    "cloud/azure",
    "cloud/gcp",
    "cloud/focus",
)
GL_ACCOUNT = "615100"
UNITS_PER_CENT = 10_000  # amounts are whole micro-units of the currency
LINES_PER_MONTH = 400
TAX_RATE = 0.0625  # US sales tax on the CUR 2.0 bill


class GenerationError(Exception):
    """Input the generator cannot use (no GL, no FX rates); the message says what to do."""


@dataclass(frozen=True)
class Service:
    key: str  # provider's service code: CUR product code, Azure consumed service, GCP service
    name: str
    weight: float
    unit: str
    application: str  # application the spend belongs to; '' = untagged spend
    region: str
    # (instance type as the provider's export spells it, weight) of the service's usage lines;
    # empty for services that do not run on instances
    instance_types: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Bill:
    bill_id: str
    layout: str
    provider: str
    billing_account: str
    sub_accounts: tuple[str, ...]
    currency: str
    services: tuple[Service, ...]
    tag_keys: tuple[str, ...]  # spellings of the application tag key used on this bill


AWS_MAIN = Bill(
    "aws_main", "aws_cur2", "AWS", "111122223333", ("210987654321", "310987654321"), "USD",
    (
        Service("AmazonEC2", "Amazon Elastic Compute Cloud", 0.42, "Hrs", "APP-ECOM", "us-east-1",
                (("m5.large", 0.4), ("m5.xlarge", 0.25), ("c5.xlarge", 0.15), ("r5.large", 0.1), ("m7i.large", 0.1))),
        Service("AmazonRDS", "Amazon Relational Database Service", 0.18, "Hrs", "APP-ECOM", "us-east-1",
                (("db.m5.large", 0.6), ("db.r5.large", 0.4))),
        Service("AmazonS3", "Amazon Simple Storage Service", 0.12, "GB-Mo", "APP-ECOM", "us-east-1"),
        Service("AmazonEKS", "Amazon Elastic Kubernetes Service", 0.10, "Hrs", "", "us-east-1"),
        Service("AmazonCloudFront", "Amazon CloudFront", 0.08, "GB", "APP-ECOM", "global"),
        Service("AmazonCloudWatch", "AmazonCloudWatch", 0.05, "Metrics", "", "us-east-1"),
        Service("AWSBackup", "AWS Backup", 0.05, "GB-Mo", "", "us-east-1"),
    ),
    ("App", "app", "APP"),
)
AWS_ML = Bill(
    "aws_ml", "aws_cur", "AWS", "444455556666", ("444455556666",), "USD",
    (
        Service("AmazonEC2", "Amazon Elastic Compute Cloud", 0.55, "Hrs", "APP-MLP", "us-west-2",
                (("m5.2xlarge", 0.5), ("c5.2xlarge", 0.3), ("g4dn.xlarge", 0.2))),
        Service("AmazonSageMaker", "Amazon SageMaker", 0.30, "Hrs", "APP-MLP", "us-west-2",
                (("ml.m5.xlarge", 0.6), ("ml.c5.2xlarge", 0.4))),
        Service("AmazonS3", "Amazon Simple Storage Service", 0.15, "GB-Mo", "APP-MLP", "us-west-2"),
    ),
    ("Application", "application"),
)
AZURE_EA = Bill(
    "azure_ea", "azure_ea", "Microsoft", "8611234", ("5c1e7a2b-0d4f-4e8b-9a61-3b2f1c0d9e11",), "USD",
    (
        Service("Microsoft.Sql", "SQL Database", 0.45, "1 Hour", "APP-CIP", "westeurope"),
        Service("Microsoft.Storage", "Storage", 0.25, "1 GB/Month", "APP-CIP", "westeurope"),
        Service("Microsoft.Compute", "Virtual Machines", 0.30, "1 Hour", "APP-CIP", "westeurope",
                (("Standard_D2s_v3", 0.5), ("Standard_D4s_v3", 0.3), ("Standard_E4s_v3", 0.2))),
    ),
    ("app", "App"),
)
AZURE_MCA = Bill(
    "azure_mca", "azure_mca", "Microsoft", "a1b2c3d4-0000-4000-8000-00000000mca1:e5f6_2019-05-31",
    ("9d8c7b6a-1111-4222-8333-444455556666",), "USD",
    (
        Service("Microsoft.CognitiveServices", "Cognitive Services", 0.70, "1K Tokens", "APP-GENAI", "swedencentral"),
        Service("Microsoft.Compute", "Virtual Machines", 0.20, "1 Hour", "APP-GENAI", "swedencentral",
                (("Standard_D4s_v3", 0.6), ("Standard_F4s_v2", 0.4))),
        Service("Microsoft.Network", "Bandwidth", 0.10, "1 GB", "", "swedencentral"),
    ),
    ("App",),
)
GCP = Bill(
    "gcp", "gcp", "Google Cloud", "01A2B3-C4D5E6-F7A8B9", ("meridian-dwh-prod", "meridian-shared"), "EUR",
    (
        Service("BigQuery", "BigQuery", 0.60, "tebibyte", "APP-DWH", "europe-west3"),
        Service("Cloud Storage", "Cloud Storage", 0.20, "gibibyte month", "APP-DWH", "europe-west3"),
        Service("Compute Engine", "Compute Engine", 0.20, "hour", "", "europe-west3",
                (("n2-standard-4", 0.5), ("e2-standard-2", 0.3), ("n2-highmem-4", 0.2))),
    ),
    ("app",),
)
AWS_APAC = Bill(
    "aws_apac", "focus", "AWS", "777788889999", ("777788889999",), "USD",
    (
        Service("Amazon Elastic Compute Cloud", "Amazon Elastic Compute Cloud", 0.6, "Hrs", "APP-ECOM", "ap-southeast-1",
                (("m5.large", 0.5), ("m5.xlarge", 0.3), ("c5.large", 0.2))),
        Service("Amazon Simple Storage Service", "Amazon Simple Storage Service", 0.4, "GB-Mo", "APP-ECOM", "ap-southeast-1"),
    ),
    ("app",),
)
BILLS: tuple[Bill, ...] = (AWS_MAIN, AWS_ML, AZURE_EA, AZURE_MCA, GCP, AWS_APAC)

# Which bill explains which GL postings: (source, vendor key, cost centre or '*') -> bill id.
GL_TO_BILL: dict[tuple[str, str, str], str] = {
    ("sap", "100001", "IT140"): "aws_ml",
    ("sap", "100001", "*"): "aws_main",
    ("sap", "100002", "IT140"): "azure_mca",
    ("sap", "100002", "*"): "azure_ea",
    ("sap", "100003", "*"): "gcp",
    ("netsuite", "Amazon Web Services, Inc.", "*"): "aws_apac",
}

FOCUS_CATEGORY: dict[str, tuple[str, str]] = {
    "Amazon Elastic Compute Cloud": ("Compute", "Virtual Machines"),
    "Amazon Simple Storage Service": ("Storage", "Object Storage"),
}


# --------------------------------------------------------------------------------------------
# GL targets
# --------------------------------------------------------------------------------------------


def read_gl_targets(raw: Path) -> dict[tuple[str, dt.date], int]:
    """Cents posted to the cloud account per bill and month, in transaction currency (USD)."""
    sap = raw / "erp" / "sap_acdoca"
    netsuite = raw / "erp" / "netsuite_gl"
    if not any(sap.glob("*.csv")) and not any(netsuite.glob("*.csv")):
        raise GenerationError(
            f"no GL found under {raw}/erp: run scripts/generate_sample_data.py first "
            "(it writes the GL and then calls this generator)"
        )
    con = duckdb.connect()
    rows: list[tuple[str, str, str, dt.date, int]] = []
    if any(sap.glob("*.csv")):
        rows += con.execute(
            f"""
            select 'sap', ltrim(LIFNR, '0'), RCNTR,
                make_date(cast(GJAHR as integer), least(cast(POPER as integer), 12), 1),
                cast(sum(try_cast(WSL as decimal(18, 2))) * 100 as bigint)
            from read_csv('{sap}/*.csv', all_varchar = true, header = true)
            where ltrim(RACCT, '0') = '{GL_ACCOUNT}' and try_cast(WSL as decimal(18, 2)) is not null
            group by all
            """
        ).fetchall()
    if any(netsuite.glob("*.csv")):
        rows += con.execute(
            f"""
            select 'netsuite', "Name", '',
                cast(strptime("Posting Period", '%b %Y') as date),
                cast(sum(try_cast("Amount (Foreign Currency)" as decimal(18, 2))) * 100 as bigint)
            from read_csv('{netsuite}/*.csv', all_varchar = true, header = true)
            where "Account" like '{GL_ACCOUNT}%'
                and try_cast("Amount (Foreign Currency)" as decimal(18, 2)) is not null
            group by all
            """
        ).fetchall()
    con.close()
    targets: dict[tuple[str, dt.date], int] = {}
    for source, vendor, cost_center, month, cents in rows:
        bill_id = GL_TO_BILL.get((source, vendor, cost_center)) or GL_TO_BILL.get((source, vendor, "*"))
        if bill_id is None:
            continue
        targets[(bill_id, month)] = targets.get((bill_id, month), 0) + int(cents)
    return targets


def read_fx_rates(raw: Path) -> dict[tuple[str, dt.date], float]:
    """Average rate (USD per unit) per currency and month from reference/fx_rates.csv."""
    path = raw / "reference" / "fx_rates.csv"
    if not path.exists():
        raise GenerationError(f"{path} is missing: run scripts/generate_sample_data.py first")
    con = duckdb.connect()
    rows = con.execute(
        f"select from_currency, cast(rate_month as date), cast(average_rate as double) "
        f"from read_csv('{path}', all_varchar = true, header = true)"
    ).fetchall()
    con.close()
    return {(currency, month): rate for currency, month, rate in rows}


# --------------------------------------------------------------------------------------------
# Line generation (vectorised)
# --------------------------------------------------------------------------------------------


def split_exact(total_units: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total over positive weights by the largest remainder; sums exactly."""
    if len(weights) == 0:
        raise ValueError("cannot split over no weights")
    sign = -1 if total_units < 0 else 1
    total = abs(int(total_units))
    share = weights / weights.sum() * total
    floor = np.floor(share).astype(np.int64)
    left = total - int(floor.sum())
    if left:
        order = np.lexsort((np.arange(len(weights)), -(share - floor)))
        floor[order[:left]] += 1
    return sign * floor


@dataclass
class Lines:
    """Columns of generated bill lines (numpy arrays of equal length)."""

    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))


def _month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def usage_lines(
    bill: Bill, month: dt.date, total_units: int, n_lines: int, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """n usage lines of a bill in a month whose billed amounts sum exactly to total_units."""
    n_lines = max(n_lines, len(bill.services))
    weights = np.array([s.weight for s in bill.services])
    service = np.concatenate(
        [np.arange(len(bill.services)), rng.choice(len(bill.services), n_lines - len(bill.services), p=weights / weights.sum())]
    )
    amounts = split_exact(total_units, rng.lognormal(0.0, 0.8, n_lines) * weights[service])
    days = (_month_end(month) - month).days
    day = rng.integers(0, days, n_lines)
    start = np.datetime64(month) + day.astype("timedelta64[D]")
    application = np.array([s.application for s in bill.services], dtype=object)[service]
    # A fifth of the tagged services' lines carry no tag (untagged resources).
    untagged = rng.random(n_lines) < 0.2
    application = np.where(untagged, "", application)
    tag_key = np.array(bill.tag_keys, dtype=object)[rng.integers(0, len(bill.tag_keys), n_lines)]
    has_owner = rng.random(n_lines) < 0.1  # valueless `owner` tag key
    return {
        "service": service,
        "usage_start": start.astype("datetime64[s]"),
        "usage_end": (start + np.timedelta64(1, "D")).astype("datetime64[s]"),
        "billed_units": amounts,
        "effective_units": amounts.copy(),
        "quantity": np.round(rng.lognormal(3.0, 1.0, n_lines), 4),
        "application": application,
        "tag_key": tag_key,
        "has_owner": has_owner,
        "sub_account": rng.integers(0, len(bill.sub_accounts), n_lines),
        "kind": np.full(n_lines, "usage", dtype=object),
        "commitment": np.full(n_lines, "", dtype=object),
    }


def special_line(
    month: dt.date, kind: str, billed_units: int, effective_units: int, service: int = 0,
    usage_start: dt.date | None = None, commitment: str = "", application: str = "",
) -> dict[str, np.ndarray]:
    """One line of a given kind (tax, credit, refund, fee, discounted usage, ...)."""
    start = np.datetime64(usage_start or month).astype("datetime64[s]")
    end = np.datetime64(_month_end(usage_start or month)).astype("datetime64[s]")
    return {
        "service": np.array([service]),
        "usage_start": np.array([start]),
        "usage_end": np.array([end]),
        "billed_units": np.array([billed_units], dtype=np.int64),
        "effective_units": np.array([effective_units], dtype=np.int64),
        "quantity": np.array([1.0]),
        "application": np.array([application], dtype=object),
        "tag_key": np.array(["app"], dtype=object),
        "has_owner": np.array([False]),
        "sub_account": np.array([0]),
        "kind": np.array([kind], dtype=object),
        "commitment": np.array([commitment], dtype=object),
    }


def instance_type_column(bill: Bill, lines: dict[str, np.ndarray], rng: np.random.Generator) -> np.ndarray:
    """Instance type of each line: drawn by weight for the usage lines of services that run on
    instances, '' for the others. The draw uses its own random stream, so adding instance
    types changed no amount, quantity or tag of the bills, and a month's draw does not depend
    on how many months are generated."""
    n = len(lines["kind"])
    chosen = np.full(n, "", dtype=object)
    draws = rng.random(n)
    for index, service in enumerate(bill.services):
        if not service.instance_types:
            continue
        names = np.array([name for name, _ in service.instance_types], dtype=object)
        weights = np.array([weight for _, weight in service.instance_types])
        edges = np.cumsum(weights / weights.sum())
        picked = names[np.minimum(np.searchsorted(edges, draws, side="right"), len(names) - 1)]
        mask = (lines["service"] == index) & (lines["kind"] == "usage")
        chosen[mask] = picked[mask]
    return chosen


def concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


@dataclass(frozen=True)
class BillMonth:
    bill: Bill
    month: dt.date
    month_index: int
    version: str  # export-time folder, '' = none
    lines: dict[str, np.ndarray]


RESERVATION_ARN = "arn:aws:ec2:us-east-1:111122223333:reserved-instances/8f2c1d7e-5b3a-4c1e-9d2f-meridian0001"
SAVINGS_PLAN_ARN = "arn:aws:savingsplans::444455556666:savingsplan/1a2b3c4d-meridian-sp-0001"
AZURE_RESERVATION = "/providers/Microsoft.Capacity/reservationOrders/7e1f0c9a-meridian/reservations/0001"


def build_bill_months(
    targets: dict[tuple[str, dt.date], int],
    fx: dict[tuple[str, dt.date], float],
    seed: int,
    scale: float,
) -> list[BillMonth]:
    """Every bill and month the GL has postings for, with the stories described above."""
    months = sorted({month for _, month in targets})
    first = months[0] if months else None
    n_lines = max(4, int(round(LINES_PER_MONTH * scale)))
    result: list[BillMonth] = []
    for b, bill in enumerate(BILLS):
        for t, month in enumerate(months):
            cents = targets.get((bill.bill_id, month))
            if cents is None:
                # No invoice posted this month (it will be posted late): the provider bills
                # anyway, about its usual amount; the reconciliation shows it as timing.
                known = [c for (bill_id, _), c in targets.items() if bill_id == bill.bill_id]
                if not known:
                    continue
                cents = int(round(sum(known) / len(known)))
            rng = np.random.default_rng([seed, 31, b, t])
            units = cents * UNITS_PER_CENT
            parts: list[dict[str, np.ndarray]] = []
            if bill.currency != "USD":
                rate = fx.get((bill.currency, month))
                if rate is None:
                    raise GenerationError(f"no {bill.currency} rate for {month:%Y-%m} in reference/fx_rates.csv")
                units = int(round(units / rate))
            if bill.bill_id == "aws_main":
                # Reservation bought in the first month (12 x 2,500.00), amortised monthly.
                amortised = 2_500 * 100 * UNITS_PER_CENT
                if month == first:
                    parts.append(special_line(month, "reservation_fee", 12 * amortised, 0, commitment=RESERVATION_ARN))
                    units -= 12 * amortised
                parts.append(special_line(month, "discounted_usage", 0, amortised, commitment=RESERVATION_ARN, application="APP-ECOM"))
                if t == 1:
                    credit = -500 * 100 * UNITS_PER_CENT
                    parts.append(special_line(month, "credit", credit, credit))
                    units -= credit
                if t == 2 and len(months) > 2:
                    refund = -250 * 100 * UNITS_PER_CENT
                    previous = months[t - 1]
                    parts.append(special_line(month, "refund", refund, refund, usage_start=previous, application="APP-ECOM"))
                    units -= refund
                marketplace = 400 * 100 * UNITS_PER_CENT
                parts.append(special_line(month, "marketplace", marketplace, marketplace, application="APP-ECOM"))
                units -= marketplace
            if bill.bill_id == "aws_ml":
                # Savings plan: 1,000.00 a month committed, 90 % used.
                commitment = 1_000 * 100 * UNITS_PER_CENT
                covered = 1_100 * 100 * UNITS_PER_CENT  # on-demand equivalent of the covered usage
                parts.append(special_line(month, "sp_recurring_fee", commitment, commitment // 10, commitment=SAVINGS_PLAN_ARN))
                parts.append(special_line(month, "sp_covered_usage", covered, commitment - commitment // 10,
                                          commitment=SAVINGS_PLAN_ARN, application="APP-MLP"))
                parts.append(special_line(month, "sp_negation", -covered, 0, commitment=SAVINGS_PLAN_ARN, application="APP-MLP"))
                units -= commitment
            if bill.bill_id == "azure_ea":
                # Reservation bought in the first month (12 x 500.00), 80 % used.
                amortised = 500 * 100 * UNITS_PER_CENT
                if month == first:
                    parts.append(special_line(month, "reservation_purchase", 12 * amortised, 0, service=2, commitment=AZURE_RESERVATION))
                    units -= 12 * amortised
                used = amortised * 8 // 10
                parts.append(special_line(month, "reserved_usage", 0, used, service=2, commitment=AZURE_RESERVATION, application="APP-CIP"))
                parts.append(special_line(month, "unused_reservation", 0, amortised - used, service=2, commitment=AZURE_RESERVATION))
                marketplace = 150 * 100 * UNITS_PER_CENT
                parts.append(special_line(month, "marketplace", marketplace, marketplace, application="APP-CIP"))
                units -= marketplace
            if bill.bill_id == "gcp":
                units_credit = -int(units * 0.03)  # sustained-use discounts, as nested credits
                parts.insert(0, {"gcp_credit_total": np.array([units_credit])})
            regular = usage_lines(bill, month, units, n_lines, rng)
            if bill.bill_id == "gcp":
                credit_total = int(parts.pop(0)["gcp_credit_total"][0])
                # The credit sits on the lines, gross cost above it: net of each line = its amount.
                credits = split_exact(credit_total, np.maximum(regular["billed_units"], 1).astype(float))
                regular["credit_units"] = credits
            lines = concat([regular, *parts]) if bill.bill_id != "gcp" else regular
            if bill.bill_id == "aws_main":
                usage_total = int(lines["billed_units"][lines["kind"] == "usage"].sum())
                tax = int(round(usage_total * TAX_RATE / UNITS_PER_CENT)) * UNITS_PER_CENT
                lines = concat([lines, special_line(month, "tax", tax, tax)])
            lines["instance_type"] = instance_type_column(bill, lines, np.random.default_rng([seed, 37, b, t]))
            result.append(BillMonth(bill, month, t, "", lines))
            if bill.bill_id == "aws_main" and month == first:
                # The same month exported earlier, with different (preliminary) numbers.
                early = {key: value.copy() for key, value in lines.items()}
                early["billed_units"] = (early["billed_units"] * 97) // 100
                early["effective_units"] = (early["effective_units"] * 97) // 100
                export_day = _month_end(month) + dt.timedelta(days=2)
                final_day = _month_end(month) + dt.timedelta(days=9)
                result[-1] = BillMonth(bill, month, t, f"{final_day:%Y%m%d}T040000Z", lines)
                result.append(BillMonth(bill, month, t, f"{export_day:%Y%m%d}T040000Z", early))
    return result


# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------


def _table(bm: BillMonth) -> pa.Table:
    """Common columns of a bill month, for the layout queries."""
    bill, lines = bm.bill, bm.lines
    n = len(lines["billed_units"])
    service = lines["service"]
    services = bill.services
    tag_value = lines["application"]
    return pa.table({
        "line_number": np.arange(n),
        "kind": pa.array(lines["kind"].astype(str)),
        "service_key": pa.array(np.array([s.key for s in services], dtype=object)[service].astype(str)),
        "service_name": pa.array(np.array([s.name for s in services], dtype=object)[service].astype(str)),
        "unit": pa.array(np.array([s.unit for s in services], dtype=object)[service].astype(str)),
        "region": pa.array(np.array([s.region for s in services], dtype=object)[service].astype(str)),
        "sub_account": pa.array(np.array(bill.sub_accounts, dtype=object)[lines["sub_account"]].astype(str)),
        "usage_start": pa.array(lines["usage_start"]),
        "usage_end": pa.array(lines["usage_end"]),
        "quantity": pa.array(lines["quantity"]),
        "billed_units": pa.array(lines["billed_units"].astype(np.int64)),
        "effective_units": pa.array(lines["effective_units"].astype(np.int64)),
        "credit_units": pa.array(lines.get("credit_units", np.zeros(n, dtype=np.int64)).astype(np.int64)),
        "tag_key": pa.array(lines["tag_key"].astype(str)),
        "tag_value": pa.array(tag_value.astype(str)),
        "has_owner": pa.array(lines["has_owner"].astype(bool)),
        "commitment": pa.array(lines["commitment"].astype(str)),
        "instance_type": pa.array(lines["instance_type"].astype(str)),
    })


def _money(column: str) -> str:
    return f"cast(cast({column} as decimal(38, 0)) / 1000000 as decimal(18, 6))"


CUR_TYPE = """case kind
    when 'usage' then 'Usage' when 'tax' then 'Tax' when 'credit' then 'Credit' when 'refund' then 'Refund'
    when 'reservation_fee' then 'Fee' when 'discounted_usage' then 'DiscountedUsage'
    when 'marketplace' then 'Usage' when 'sp_recurring_fee' then 'SavingsPlanRecurringFee'
    when 'sp_covered_usage' then 'SavingsPlanCoveredUsage' when 'sp_negation' then 'SavingsPlanNegation' end"""


def _cur_select(bm: BillMonth, legacy: bool) -> str:
    """CUR 2.0 (snake_case) or legacy CUR (`lineItem/...`) columns of a bill month."""
    month = bm.month
    end = _month_end(month)
    names = {
        "identity_line_item_id": "identity/LineItemId",
        "bill_billing_entity": "bill/BillingEntity",
        "bill_bill_type": "bill/BillType",
        "bill_payer_account_id": "bill/PayerAccountId",
        "bill_billing_period_start_date": "bill/BillingPeriodStartDate",
        "bill_billing_period_end_date": "bill/BillingPeriodEndDate",
        "line_item_usage_account_id": "lineItem/UsageAccountId",
        "line_item_line_item_type": "lineItem/LineItemType",
        "line_item_usage_start_date": "lineItem/UsageStartDate",
        "line_item_usage_end_date": "lineItem/UsageEndDate",
        "line_item_product_code": "lineItem/ProductCode",
        "line_item_resource_id": "lineItem/ResourceId",
        "line_item_usage_amount": "lineItem/UsageAmount",
        "line_item_currency_code": "lineItem/CurrencyCode",
        "line_item_unblended_cost": "lineItem/UnblendedCost",
        "line_item_line_item_description": "lineItem/LineItemDescription",
        "product_product_name": "product/ProductName",
        "product_region_code": "product/regionCode",
        "product_instance_type": "product/instanceType",
        "pricing_unit": "pricing/unit",
        "pricing_public_on_demand_cost": "pricing/publicOnDemandCost",
        "reservation_reservation_a_r_n": "reservation/ReservationARN",
        "reservation_effective_cost": "reservation/EffectiveCost",
        "reservation_unused_amortized_upfront_fee_for_billing_period": "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod",
        "reservation_unused_recurring_fee": "reservation/UnusedRecurringFee",
        "savings_plan_savings_plan_a_r_n": "savingsPlan/SavingsPlanARN",
        "savings_plan_savings_plan_effective_cost": "savingsPlan/SavingsPlanEffectiveCost",
        "savings_plan_total_commitment_to_date": "savingsPlan/TotalCommitmentToDate",
        "savings_plan_used_commitment": "savingsPlan/UsedCommitment",
    }

    def q(name: str) -> str:
        return '"' + (names[name] if legacy else name) + '"'

    ts = "strftime({}, '%Y-%m-%dT%H:%M:%SZ')" if legacy else "{}"
    period_start = f"timestamp '{month} 00:00:00'"
    period_end = f"timestamp '{end} 00:00:00'"
    is_sp = "commitment like 'arn:aws:savingsplans%'"
    is_ri = "commitment like 'arn:aws:ec2%'"
    columns = [
        f"'{bm.bill.bill_id}-' || line_number as {q('identity_line_item_id')}",
        f"case when kind = 'marketplace' then 'AWS Marketplace' else 'AWS' end as {q('bill_billing_entity')}",
        f"'Anniversary' as {q('bill_bill_type')}",
        f"'{bm.bill.billing_account}' as {q('bill_payer_account_id')}",
        f"{ts.format(period_start)} as {q('bill_billing_period_start_date')}",
        f"{ts.format(period_end)} as {q('bill_billing_period_end_date')}",
        f"sub_account as {q('line_item_usage_account_id')}",
        f"{CUR_TYPE} as {q('line_item_line_item_type')}",
        f"{ts.format('usage_start')} as {q('line_item_usage_start_date')}",
        f"{ts.format('usage_end')} as {q('line_item_usage_end_date')}",
        f"case when kind = 'marketplace' then 'prod-meridian-observability' else service_key end as {q('line_item_product_code')}",
        f"case when kind = 'usage' then 'i-' || lpad(cast(line_number % 97 as varchar), 8, '0') end as {q('line_item_resource_id')}",
        f"quantity as {q('line_item_usage_amount')}",
        f"'USD' as {q('line_item_currency_code')}",
        f"{_money('billed_units')} as {q('line_item_unblended_cost')}",
        f"kind || ' ' || service_name as {q('line_item_line_item_description')}",
        f"case when kind = 'marketplace' then 'Observability Pro (Marketplace)' else service_name end as {q('product_product_name')}",
        f"region as {q('product_region_code')}",
        f"instance_type as {q('product_instance_type')}",
        f"unit as {q('pricing_unit')}",
        f"{_money('billed_units')} as {q('pricing_public_on_demand_cost')}",
        f"case when {is_ri} then commitment else '' end as {q('reservation_reservation_a_r_n')}",
        f"case when kind = 'discounted_usage' then {_money('effective_units')} else 0 end as {q('reservation_effective_cost')}",
        f"0.0 as {q('reservation_unused_amortized_upfront_fee_for_billing_period')}",
        f"0.0 as {q('reservation_unused_recurring_fee')}",
        f"case when {is_sp} then commitment else '' end as {q('savings_plan_savings_plan_a_r_n')}",
        f"case when kind = 'sp_covered_usage' then {_money('effective_units')} else 0 end as {q('savings_plan_savings_plan_effective_cost')}",
        f"case when kind = 'sp_recurring_fee' then {_money('billed_units')} else 0 end as {q('savings_plan_total_commitment_to_date')}",
        f"case when kind = 'sp_recurring_fee' then {_money('billed_units - effective_units')} else 0 end as {q('savings_plan_used_commitment')}",
    ]
    if legacy:
        for key in sorted(set(bm.bill.tag_keys)):
            columns.append(f"case when tag_key = '{key}' and tag_value <> '' then tag_value else '' end as \"resourceTags/user:{key}\"")
        columns.append("case when has_owner then 'data-science' else '' end as \"resourceTags/user:team\"")
    else:
        columns.append(
            "map_from_entries(list_filter([{'key': 'user_' || tag_key, 'value': tag_value}, "
            "{'key': 'user_owner', 'value': case when has_owner then '' end}, "
            "{'key': 'user_' || case when tag_key = 'app' then 'APP' else 'app' end, "
            "'value': case when has_owner and tag_value <> '' then '' end}], "
            "lambda tag: tag.value is not null and (tag.value <> '' or tag.key = 'user_owner' or tag.key ilike 'user_app'))) "
            "as resource_tags"
        )
    return "select " + ",\n    ".join(columns) + "\nfrom lines order by line_number"


AZURE_TYPE = """case kind
    when 'usage' then 'Usage' when 'marketplace' then 'Usage' when 'reservation_purchase' then 'Purchase'
    when 'reserved_usage' then 'Usage' when 'unused_reservation' then 'UnusedReservation' end"""


def _azure_select(bm: BillMonth, dataset: str) -> str:
    """Azure cost details, EA (PascalCase) or MCA (camelCase), actual or amortized."""
    mca = bm.bill.layout == "azure_mca"
    end_inclusive = _month_end(bm.month) - dt.timedelta(days=1)

    def q(name: str) -> str:
        return '"' + (name[0].lower() + name[1:] if mca else name) + '"'

    if dataset == "actual":
        cost = "case when kind in ('reserved_usage', 'unused_reservation') then 0 else billed_units end"
        where = "kind <> 'unused_reservation'"
    else:
        cost = "case when kind = 'reservation_purchase' then 0 else effective_units end"
        where = "kind <> 'reservation_purchase'"
    date_fmt = "'%m/%d/%Y'"
    currency = '"billingCurrency"' if mca else '"BillingCurrencyCode"'
    tags = (
        "case when tag_value = '' and not has_owner then '' else "
        "concat_ws(',', case when tag_value <> '' then '\"' || tag_key || '\": \"' || tag_value || '\"' end, "
        "case when has_owner then '\"owner\": \"\"' end) end"
    )
    columns = [
        f"'{bm.bill.billing_account}' as {q('BillingAccountId')}",
        f"'Meridian Industries' as {q('BillingAccountName')}",
        f"sub_account as {q('SubscriptionId')}",
        f"'meridian-' || '{bm.bill.bill_id}' as {q('SubscriptionName')}",
        f"strftime(date '{bm.month}', {date_fmt}) as {q('BillingPeriodStartDate')}",
        f"strftime(date '{end_inclusive}', {date_fmt}) as {q('BillingPeriodEndDate')}",
        f"strftime(usage_start, {date_fmt}) as {q('Date')}",
        f"{AZURE_TYPE} as {q('ChargeType')}",
        f"case when kind = 'reservation_purchase' then 'OneTime' else 'UsageBased' end as {q('Frequency')}",
        f"case when kind in ('reserved_usage', 'unused_reservation', 'reservation_purchase') then 'Reservation' "
        f"else 'OnDemand' end as {q('PricingModel')}",
        f"case when kind = 'marketplace' then 'Microsoft.SaaS' else service_key end as {q('ConsumedService')}",
        f"case when kind = 'marketplace' then 'SaaS' else service_name end as {q('MeterCategory')}",
        f"service_name || ' ' || unit as {q('ProductName')}",
        f"case when kind = 'usage' then '/subscriptions/' || sub_account || '/resourceGroups/rg-{bm.bill.bill_id}/providers/'"
        f" || service_key || '/res' || (line_number % 53) end as {q('ResourceId')}",
        f"region as {q('ResourceLocation')}",
        f"case when commitment <> '' then commitment else '' end as {q('ReservationId')}",
        f"quantity as {q('Quantity')}",
        f"unit as {q('UnitOfMeasure')}",
        f"'USD' as {currency}",
        f"{_money(cost)} as {q('CostInBillingCurrency')}",
        f"case when kind = 'marketplace' then 'Marketplace' else 'Azure' end as {q('PublisherType')}",
        f"case when kind = 'marketplace' then 'Contoso Analytics' else 'Microsoft' end as {q('PublisherName')}",
        f"{tags} as {q('Tags')}",
        # VM size of a Virtual Machines meter, as Azure's cost details carry it
        f"case when instance_type <> '' then '{{\"UsageType\":\"ComputeHR\",\"ImageType\":\"Canonical\",\"ServiceType\":\"'"
        f" || instance_type || '\",\"VMName\":\"\"}}' else '' end as {q('AdditionalInfo')}",
    ]
    return "select " + ",\n    ".join(columns) + f"\nfrom lines where {where} order by line_number"


def _gcp_select(bm: BillMonth) -> str:
    """GCP billing export rows (BigQuery schema) with nested records."""
    project_names = {"meridian-dwh-prod": "Meridian DWH", "meridian-shared": "Meridian Shared"}
    names = " ".join(f"when '{k}' then '{v}'" for k, v in project_names.items())
    return f"""
    select
        '{bm.bill.billing_account}' as billing_account_id,
        {{'id': upper(substr(md5(service_key), 1, 4)), 'description': service_key}} as service,
        {{'id': upper(substr(md5(service_name || unit), 1, 12)), 'description': service_name || ' ' || unit}} as sku,
        strftime(usage_start, '%Y-%m-%d %H:%M:%S UTC') as usage_start_time,
        strftime(usage_end, '%Y-%m-%d %H:%M:%S UTC') as usage_end_time,
        {{'id': sub_account, 'number': cast(100000 + length(sub_account) as varchar), 'name': case sub_account {names} end,
          'labels': [{{'key': 'app', 'value': case when sub_account = 'meridian-dwh-prod' then 'APP-DWH' else '' end}}]}} as project,
        list_filter([{{'key': tag_key, 'value': tag_value}}, {{'key': 'owner', 'value': case when has_owner then '' end}}],
            lambda label: label.value is not null and (label.value <> '' or label.key = 'owner')) as labels,
        list_filter([{{'key': 'compute.googleapis.com/machine_spec', 'value': instance_type}}],
            lambda label: label.value <> '') as system_labels,
        {{'location': region, 'country': 'DE', 'region': region, 'zone': region || '-a'}} as location,
        {_money('billed_units - credit_units')} as cost,
        'EUR' as currency,
        {{'amount': quantity, 'unit': unit, 'amount_in_pricing_units': quantity, 'pricing_unit': unit}} as usage,
        case when credit_units <> 0 then [{{'name': 'Sustained usage discount', 'amount': {_money('credit_units')},
            'full_name': 'Sustained usage discount', 'id': 'SUD-' || line_number, 'type': 'SUSTAINED_USAGE_DISCOUNT'}}]
            else [] end as credits,
        {{'month': '{bm.month:%Y%m}', 'publisher_type': 'Google'}} as invoice,
        'regular' as cost_type,
        strftime(timestamp '{_month_end(bm.month)} 06:00:00', '%Y-%m-%d %H:%M:%S UTC') as export_time
    from lines order by line_number
    """


def _focus_select(bm: BillMonth) -> str:
    """FOCUS 1.2 rows."""
    categories = " ".join(f"when '{k}' then '{v[0]}'" for k, v in FOCUS_CATEGORY.items())
    subcategories = " ".join(f"when '{k}' then '{v[1]}'" for k, v in FOCUS_CATEGORY.items())
    iso = "'%Y-%m-%dT%H:%M:%SZ'"
    return f"""
    select
        {_money('billed_units')} as BilledCost,
        '{bm.bill.billing_account}' as BillingAccountId,
        'Meridian Asia Pacific' as BillingAccountName,
        'USD' as BillingCurrency,
        strftime(timestamp '{_month_end(bm.month)} 00:00:00', {iso}) as BillingPeriodEnd,
        strftime(timestamp '{bm.month} 00:00:00', {iso}) as BillingPeriodStart,
        'Usage' as ChargeCategory,
        '' as ChargeClass,
        service_name || ' usage' as ChargeDescription,
        'Usage-Based' as ChargeFrequency,
        strftime(usage_end, {iso}) as ChargePeriodEnd,
        strftime(usage_start, {iso}) as ChargePeriodStart,
        quantity as ConsumedQuantity,
        unit as ConsumedUnit,
        {_money('billed_units')} as ContractedCost,
        {_money('effective_units')} as EffectiveCost,
        'AWS' as InvoiceIssuerName,
        {_money('billed_units')} as ListCost,
        'Standard' as PricingCategory,
        quantity as PricingQuantity,
        unit as PricingUnit,
        'AWS' as ProviderName,
        'AWS' as PublisherName,
        region as RegionId,
        'arn:aws:ec2:' || region || ':' || sub_account || ':instance/i-' || (line_number % 41) as ResourceId,
        case service_name {categories} end as ServiceCategory,
        service_name as ServiceName,
        case service_name {subcategories} end as ServiceSubcategory,
        upper(substr(md5(service_name || unit || instance_type), 1, 16)) as SkuId,
        upper(substr(md5(service_name || unit || instance_type), 1, 16)) || '.JRTCKXETXF' as SkuPriceId,
        case when instance_type <> '' then to_json({{'InstanceType': instance_type}}) end as SkuPriceDetails,
        sub_account as SubAccountId,
        'meridian-apac' as SubAccountName,
        case when tag_value = '' then '{{}}' else to_json(map([tag_key], [tag_value])) end as Tags
    from lines order by line_number
    """


def write_bills(bill_months: list[BillMonth], raw: Path) -> dict[str, int]:
    """Write every bill month in its layout; returns data rows written per file."""
    counts: dict[str, int] = {}
    con = duckdb.connect()
    try:
        for bm in bill_months:
            con.register("lines", _table(bm))
            period = f"{bm.month:%Y-%m}"
            version = f"/{bm.version}" if bm.version else ""
            outputs: list[tuple[str, str, str]] = []  # (relative path, select, format)
            layout = bm.bill.layout
            if layout == "aws_cur2":
                outputs.append((
                    f"cloud/aws_cur2/meridian-cur2/data/BILLING_PERIOD={period}{version}/meridian-cur2-00001.snappy.parquet",
                    _cur_select(bm, legacy=False), "parquet"))
            elif layout == "aws_cur":
                first, last = bm.month, _month_end(bm.month)
                outputs.append((
                    f"cloud/aws_cur/meridian-ml/{first:%Y%m%d}-{last:%Y%m%d}{version}/meridian-ml-00001.csv",
                    _cur_select(bm, legacy=True), "csv"))
            elif layout in ("azure_ea", "azure_mca"):
                for dataset in ("actual", "amortized"):
                    first, last = bm.month, _month_end(bm.month) - dt.timedelta(days=1)
                    outputs.append((
                        f"cloud/azure/{dataset}/{bm.bill.bill_id}/{first:%Y%m%d}-{last:%Y%m%d}{version}/"
                        f"{bm.bill.bill_id}_{dataset}_{first:%Y%m}.csv",
                        _azure_select(bm, dataset), "csv"))
            elif layout == "gcp":
                outputs.append((f"cloud/gcp/{bm.bill.billing_account}/{bm.month:%Y%m}{version}/billing_export.jsonl",
                                _gcp_select(bm), "json"))
            elif layout == "focus":
                outputs.append((f"cloud/focus/meridian-apac/{bm.month:%Y%m}{version}/focus_1_2.csv",
                                _focus_select(bm), "csv"))
            for relative, select, file_format in outputs:
                path = raw / relative
                path.parent.mkdir(parents=True, exist_ok=True)
                options = {
                    "parquet": "(format parquet, compression snappy)",
                    "csv": "(format csv, header true)",
                    "json": "(format json)",
                }[file_format]
                con.execute(f"copy ({select}) to '{path}' {options}")
                kinds = bm.lines["kind"]
                excluded = {"/actual/": "unused_reservation", "/amortized/": "reservation_purchase"}
                dropped = next((int((kinds == k).sum()) for part, k in excluded.items() if part in relative), 0)
                counts[relative] = len(kinds) - dropped
            con.unregister("lines")
    finally:
        con.close()
    return dict(sorted(counts.items()))


# --------------------------------------------------------------------------------------------
# Public API and CLI
# --------------------------------------------------------------------------------------------


def generate(raw: str | os.PathLike[str], seed: int = 42, scale: float = 1.0) -> dict[str, int]:
    """Replace <raw>/cloud/<layout>/ with bills agreeing with the GL under raw; rows per file."""
    if seed < 0:
        raise GenerationError(f"seed must be a non-negative integer, got {seed}")
    if not math.isfinite(scale) or scale <= 0:
        raise GenerationError(f"scale must be a positive number, got {scale}")
    root = Path(raw)
    targets = read_gl_targets(root)
    fx = read_fx_rates(root)
    bill_months = build_bill_months(targets, fx, seed, scale)
    for folder in CLOUD_FOLDERS:
        target = root / folder
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
    return write_bills(bill_months, root)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="generate_cloud_bills.py",
        description="Write the sample enterprise's cloud bills (AWS CUR 2.0 and legacy CUR, Azure EA/MCA "
        "actual and amortized, GCP billing export, FOCUS 1.2) under <raw>/cloud/, consistent with the "
        "GL that generate_sample_data.py wrote under the same raw folder.",
    )
    parser.add_argument("--raw", default=os.environ.get("BTIM_RAW_PATH") or "data/raw",
                        help="raw folder holding the GL; cloud/ is written beside it (default: $BTIM_RAW_PATH or data/raw)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help=f"multiplies the lines per bill and month, about {LINES_PER_MONTH} at 1 (default: 1.0)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        counts = generate(args.raw, args.seed, args.scale)
    except GenerationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot write under {args.raw}: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {len(counts)} bill files, {sum(counts.values()):,} lines, under {args.raw}/cloud")
    return 0


if __name__ == "__main__":
    sys.exit(main())
