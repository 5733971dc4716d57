"""Generate deterministic sample raw exports for Meridian Industries.

Writes every file of ``docs/raw_exports.md`` under an output folder:

* ``erp/sap_acdoca/ACDOCA_<RBUKRS>_<GJAHR>.csv``: SAP S/4HANA universal journal for the
  company codes 1000 (USD) and 2000 (EUR);
* ``erp/netsuite_gl/netsuite_gl_<YYYYMM>.csv``: NetSuite GL detail for the Singapore
  subsidiary SG10 (SGD);
* ``reference/*.csv``: legal entities, chart of accounts, cost centres, vendors, FX rates,
  asset register, headcount, applications, usage metrics, business KPIs, budgets, capacity.

The folders ``erp/sap_acdoca``, ``erp/netsuite_gl`` and ``reference`` are deleted and rewritten;
anything else under the output folder (for example ``cloud/``) is left alone.

Determinism: the same arguments give byte-identical files. All randomness comes from
``numpy.random.default_rng`` seeded with ``[seed, purpose, month]``; nothing depends on the
current date, on hashing or on set ordering.

Prefix stability: with the same seed, scale and start month, a run of N + 1 months writes the
files of a run of N months with the new month's rows appended (an ACDOCA file or a reference
file of N months is a line prefix of the same file of N + 1 months; the NetSuite files of the
first N months are identical). No draw depends on the number of months. The rows that one more
month appends are those posted in it, including a late correction to an earlier period.

Scale: ``--scale`` multiplies the number of GL documents (and so lines, about 1,000 a month at
scale 1, roughly 20 % of them NetSuite) and the number of randomly generated assets. Monthly
totals per cost stream do not depend on the scale: at a larger scale the same spend is split
over more, smaller lines, so total IT opex (depreciation included) stays about 2.8 million USD
in the first month and about 4 million at the Q4 peak two years later, whatever the scale.
Reference data other than the asset register does not depend on the scale.

Amounts: base amount = round(transaction amount x rate, 2), half away from zero, with rate =
round(average_rate(transaction currency) / average_rate(base currency), 6) of the posting month
(the NetSuite "Exchange Rate" column). Invoices, credit memos, expense reports, payroll and
revenue documents start with one balancing line (AP, accrual or cash) that takes any rounding
rest. SAP LIFNR is filled on every line of a vendor document (KR, KG, AA and their AB
reversals). Depreciation per month is round(acquisition_cost / useful_life_months, 2) from the
in-service month on.

Story in the data: IT costs grow about 1 % a month with a Nov/Dec peak (+15 %); the ERP
(IT200) is large and APP-ERP-OM drives about 70 % of ERP transactions and cpu hours; the AI GPU
cluster is 18-29 % utilised; one month two near-identical backup storage arrays are bought
(NetApp by 1000, Pure Storage by 2000); SAP duplicate invoices (KR) are reversed the next month
(AB, XREVERSING = X); vendor credit memos (KG, "Bill Credit"); one late correction (SA document
posted in the third month to the first month's period); POPER 013 year-end adjustments;
postings to the unmapped account 669900; expense-report texts naming employees; and about
0.05 % malformed lines: a digit of the amount replaced by the letter ``O`` (HSL / Amount
(Debit|Credit)), an impossible date (BUDAT ``<year>1345`` / Date ``02/31/<year>``) and a blank
account (RACCT / Account).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import math
import os
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from tqdm import tqdm

# --------------------------------------------------------------------------------------------
# Enterprise master data
# --------------------------------------------------------------------------------------------
# fmt: off

REPORTING_CURRENCY = "USD"
CURRENCIES: tuple[str, ...] = ("USD", "EUR", "SGD", "GBP")
# Starting points of the monthly FX random walk, units of USD per unit of currency.
FX_BASE: dict[str, float] = {"USD": 1.0, "EUR": 1.08, "SGD": 0.74, "GBP": 1.27}
FX_VOLATILITY: dict[str, float] = {"USD": 0.0, "EUR": 0.012, "SGD": 0.006, "GBP": 0.012}

MONTH_ABBR: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)

SAP_ENTITIES: tuple[str, ...] = ("1000", "2000")
ENTITY_IDS: tuple[str, ...] = ("1000", "2000", "SG10")


@dataclass(frozen=True)
class Entity:
    entity_id: str
    name: str
    erp_system: str
    source_entity_key: str
    country_code: str
    currency: str


ENTITIES: dict[str, Entity] = {
    "1000": Entity("1000", "Meridian Industries Inc.", "sap_s4hana", "1000", "US", "USD"),
    "2000": Entity("2000", "Meridian Industries GmbH", "sap_s4hana", "2000", "DE", "EUR"),
    "SG10": Entity(
        "SG10",
        "Meridian Asia Pacific Pte. Ltd.",
        "netsuite",
        "Meridian Asia Pacific Pte. Ltd.",
        "SG",
        "SGD",
    ),
}

ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("100100", "Cash at bank", "asset"),
    ("160100", "IT hardware - capitalised", "asset"),
    ("160200", "Capitalised software", "asset"),
    ("160300", "Data centre equipment", "asset"),
    ("169100", "Accumulated depreciation - IT", "asset"),
    ("200100", "Accounts payable", "liability"),
    ("210100", "Accrued liabilities", "liability"),
    ("220100", "Input VAT receivable", "asset"),
    ("400100", "Revenue - products", "revenue"),
    ("500100", "Cost of goods sold", "expense"),
    ("600100", "Salaries - IT staff", "expense"),
    ("600200", "Salaries - non-IT staff", "expense"),
    ("600300", "Contractors - IT staff augmentation", "expense"),
    ("600400", "IT travel and training", "expense"),
    ("610100", "IT consulting", "expense"),
    ("610200", "IT managed services", "expense"),
    ("615100", "Cloud services - IaaS and PaaS", "expense"),
    ("620100", "Hardware maintenance", "expense"),
    ("620200", "Hardware leases", "expense"),
    ("620300", "Depreciation - IT hardware", "expense"),
    ("630100", "Software licences", "expense"),
    ("630200", "Software maintenance", "expense"),
    ("630300", "SaaS subscriptions", "expense"),
    ("630400", "Amortisation - capitalised software", "expense"),
    ("640100", "Data centre colocation", "expense"),
    ("640200", "Data centre power and utilities", "expense"),
    ("650100", "Telecom - WAN and internet", "expense"),
    ("650200", "Mobile phone plans", "expense"),
    ("660100", "IT miscellaneous", "expense"),
    ("669900", "IT expenses - unclassified", "expense"),
    ("700100", "Marketing", "expense"),
    ("700200", "Office rent", "expense"),
    ("700300", "Travel - non-IT", "expense"),
)
ACCOUNT_NAMES: dict[str, str] = {code: name for code, name, _ in ACCOUNTS}
# IT expense accounts that are budgeted (669900 "unclassified" is never budgeted).
IT_BUDGET_ACCOUNTS: frozenset[str] = frozenset(
    {
        "600100", "600300", "600400", "610100", "610200", "615100", "620100", "620200",
        "620300", "630100", "630200", "630300", "630400", "640100", "640200", "650100",
        "650200", "660100",
    }
)


@dataclass(frozen=True)
class CostCenter:
    code: str
    name: str
    entity_id: str
    business_unit: str
    owner: str
    is_it: bool
    base_headcount: int


COST_CENTERS: tuple[CostCenter, ...] = (
    CostCenter("IT100", "Data Center Operations", "1000", "BU-IT", "Gregory Hall", True, 9),
    CostCenter("IT110", "Compute and Storage Platforms", "1000", "BU-IT", "Priya Natarajan", True, 8),
    CostCenter("IT120", "Network Services", "1000", "BU-IT", "Marcus Reed", True, 7),
    CostCenter("IT130", "Cloud Platform", "1000", "BU-IT", "Olivia Chen", True, 11),
    CostCenter("IT140", "AI Platform", "1000", "BU-IT", "Samuel Okafor", True, 8),
    CostCenter("IT200", "ERP Applications", "1000", "BU-IT", "Linda Park", True, 42),
    CostCenter("IT210", "Application Development", "2000", "BU-IT", "Tobias Richter", True, 24),
    CostCenter("IT220", "CRM and Commerce Applications", "2000", "BU-IT", "Claudia Neumann", True, 11),
    CostCenter("IT230", "Data and Analytics", "1000", "BU-IT", "Rachel Foster", True, 13),
    CostCenter("IT300", "Information Security", "1000", "BU-IT", "Victor Alvarez", True, 9),
    CostCenter("IT400", "Service Desk and Workplace", "1000", "BU-IT", "Hannah Brooks", True, 22),
    CostCenter("IT500", "IT Management and Finance", "1000", "BU-IT", "Eleanor Whitfield", True, 6),
    CostCenter("IT600", "Operations Centre Europe", "2000", "BU-IT", "Matthias Vogel", True, 13),
    CostCenter("SG-IT100", "APAC IT Services", "SG10", "BU-IT", "Daniel Tan", True, 15),
    CostCenter("CONS100", "Consumer Products Sales", "1000", "BU-CONS", "Karen Mitchell", False, 320),
    CostCenter("IND100", "Industrial Solutions Operations", "2000", "BU-IND", "Heinrich Lange", False, 360),
    CostCenter("SVC100", "Services and Aftermarket", "SG10", "BU-SVC", "Mei Ling Wong", False, 180),
    CostCenter("DIGI100", "Digital Commerce", "1000", "BU-DIGI", "Jason Rivera", False, 85),
    CostCenter("CORP100", "Group Finance", "1000", "BU-CORP", "Patricia Gordon", False, 95),
    CostCenter("CORP200", "Human Resources", "2000", "BU-CORP", "Ulrike Schwarz", False, 60),
    CostCenter("MKT100", "Group Marketing", "1000", "BU-CORP", "Nicole Harper", False, 70),
)
CC_INDEX: dict[str, int] = {cc.code: i for i, cc in enumerate(COST_CENTERS)}

BUSINESS_UNITS: tuple[tuple[str, str], ...] = (
    ("BU-CONS", "Consumer Products"),
    ("BU-IND", "Industrial Solutions"),
    ("BU-SVC", "Services & Aftermarket"),
    ("BU-DIGI", "Digital Commerce"),
    ("BU-CORP", "Corporate Functions"),
)
BU_CODES: tuple[str, ...] = tuple(code for code, _ in BUSINESS_UNITS)


@dataclass(frozen=True)
class Application:
    application_id: str
    name: str
    family: str
    owner_cost_center: str
    hosting: str
    lifecycle_status: str
    criticality: str


APPLICATIONS: tuple[Application, ...] = (
    Application("APP-ERP-OM", "ERP Order Processing", "ERP", "IT200", "on_premises", "active", "mission_critical"),
    Application("APP-ERP-INV", "ERP Inventory Management", "ERP", "IT200", "on_premises", "active", "mission_critical"),
    Application("APP-ERP-FIN", "ERP Finance", "ERP", "IT200", "on_premises", "active", "mission_critical"),
    Application("APP-CRM", "Salesforce CRM", "DIGITAL", "IT220", "saas", "active", "high"),
    Application("APP-ECOM", "Web Shop", "DIGITAL", "IT220", "aws", "active", "mission_critical"),
    Application("APP-CIP", "Customer Intelligence Platform", "DATA", "IT230", "azure", "sunsetting", "medium"),
    Application("APP-DWH", "Enterprise Data Warehouse", "DATA", "IT230", "gcp", "active", "high"),
    Application("APP-MLP", "Demand Forecasting ML", "AI", "IT140", "aws", "active", "medium"),
    Application("APP-GENAI", "Service Assistant GenAI", "AI", "IT140", "azure", "pilot", "low"),
    Application("APP-HRIS", "Workday HRIS", "CORPORATE", "IT210", "saas", "active", "high"),
    Application("APP-ITSM", "ServiceNow ITSM", "IT", "IT400", "saas", "active", "high"),
    Application("APP-COLLAB", "Microsoft 365", "WORKPLACE", "IT400", "saas", "active", "high"),
    Application("APP-MES", "Plant Manufacturing Execution", "MANUFACTURING", "IT600", "on_premises", "active", "mission_critical"),
)


@dataclass(frozen=True)
class Vendor:
    vendor_id: str
    name: str
    country_code: str
    category: str


VENDORS: tuple[Vendor, ...] = (
    Vendor("100001", "Amazon Web Services, Inc.", "US", "cloud"),
    Vendor("100002", "Microsoft Azure", "US", "cloud"),
    Vendor("100003", "Google Cloud", "US", "cloud"),
    Vendor("100004", "Salesforce, Inc.", "US", "saas"),
    Vendor("100005", "ServiceNow, Inc.", "US", "saas"),
    Vendor("100006", "Workday Limited", "IE", "saas"),
    Vendor("100007", "Microsoft Corporation", "US", "software"),
    Vendor("100008", "SAP SE", "DE", "software"),
    Vendor("100009", "Dell Technologies", "US", "hardware"),
    Vendor("100010", "NetApp, Inc.", "US", "hardware"),
    Vendor("100011", "Pure Storage, Inc.", "US", "hardware"),
    Vendor("100012", "Cisco Systems, Inc.", "US", "hardware"),
    Vendor("100013", "Equinix, Inc.", "US", "data_centre"),
    Vendor("100014", "Accenture", "IE", "consulting"),
    Vendor("100015", "Infosys Limited", "IN", "consulting"),
    Vendor("100016", "Atlassian Pty Ltd", "AU", "saas"),
    Vendor("100017", "Vodafone Global Enterprise Ltd", "GB", "telecom"),
    Vendor("100018", "Northern Valley Power & Light", "US", "utilities"),
    Vendor("100019", "Robert Half Technology", "US", "staffing"),
    Vendor("100020", "Hays Talent Solutions GmbH", "DE", "staffing"),
    Vendor("100021", "Müller Rechenzentrum GmbH", "DE", "managed_services"),
    Vendor("100022", "Société Générale Informatique SA", "FR", "consulting"),
    Vendor("100023", "CrowdStrike, Inc.", "US", "saas"),
    Vendor("100024", "CDW LLC", "US", "hardware"),
    Vendor("100025", "Meridian Plaza Properties LLC", "US", "facilities"),
    Vendor("100026", "Immobilien Schäfer KG", "DE", "facilities"),
    Vendor("100027", "Brightline Creative Agency", "US", "marketing"),
    Vendor("100028", "Great Lakes Raw Materials Co.", "US", "raw_materials"),
    Vendor("100029", "Rheinland Stahl & Polymer AG", "DE", "raw_materials"),
    Vendor("NS-1", "Amazon Web Services, Inc.", "US", "cloud"),
    Vendor("NS-2", "Singtel", "SG", "telecom"),
    Vendor("NS-3", "Atlassian Pty Ltd", "AU", "saas"),
    Vendor("NS-4", "Dell Technologies", "SG", "hardware"),
    Vendor("NS-5", "Lion City Staffing Pte. Ltd.", "SG", "staffing"),
    Vendor("NS-6", "Equinix Singapore Pte. Ltd.", "SG", "data_centre"),
    Vendor("NS-7", "Infosys Limited", "IN", "consulting"),
    Vendor("NS-8", "Marina Bay Office Trust", "SG", "facilities"),
    Vendor("NS-9", "Pacific Components Pte. Ltd.", "SG", "raw_materials"),
)
VENDOR_INDEX: dict[str, int] = {v.vendor_id: i for i, v in enumerate(VENDORS)}

EMPLOYEES: dict[str, tuple[str, ...]] = {
    "1000": (
        "Michael Johnson", "Jennifer Lee", "David Martinez", "Sarah Thompson", "James Wilson",
        "Emily Davis", "Robert Garcia", "Jessica Brown", "Daniel Anderson", "Ashley Taylor",
    ),
    "2000": (
        "Anna Schmidt", "Jürgen Müller", "Katrin Weiß", "Stefan Becker", "Lena Hoffmann",
        "Thomas Schäfer", "Julia Wagner", "Markus Köhler", "Sabine Fischer", "Florian Braun",
    ),
    "SG10": (
        "Tan Wei Ming", "Lim Hui Ling", "Priya Raman", "Muhammad Faizal", "Chen Jia Hui",
        "Rajesh Kumar", "Goh Siew Lan", "Nur Aisyah", "Kevin Ong", "Siti Rahman",
    ),
}
CITIES: dict[str, tuple[str, ...]] = {
    "1000": ("Chicago", "New York", "Austin", "Atlanta"),
    "2000": ("München", "Hamburg", "Berlin", "Frankfurt"),
    "SG10": ("Kuala Lumpur", "Jakarta", "Sydney", "Bangkok"),
}
EXPENSE_TEMPLATES: tuple[str, ...] = (
    "Travel reimbursement {name}",
    "Hotel {city}",
    "Airfare {city}",
    "Training course fee",
    "Conference registration",
    "Meals and taxi {city}",
)
PAYROLL_COMPONENTS: tuple[str, ...] = (
    "Base salaries", "Employer social charges", "Overtime and allowances", "Bonus accrual",
    "Pension contributions", "Benefits",
)
# Loaded monthly cost per FTE in the entity's currency: (IT staff, non-IT staff).
COST_PER_FTE: dict[str, tuple[float, float]] = {
    "1000": (7_000.0, 6_300.0),
    "2000": (6_000.0, 5_600.0),
    "SG10": (6_800.0, 5_200.0),
}
# Payroll journals credit accrued liabilities, except the German entity which pays directly.
PAYROLL_CONTRA: dict[str, str] = {"1000": "210100", "2000": "100100", "SG10": "210100"}

# Growth per month and month-of-year multipliers of a spend profile.
PROFILES: dict[str, tuple[float, dict[int, float]]] = {
    "it": (0.010, {10: 1.03, 11: 1.15, 12: 1.15}),
    "consumer": (0.005, {11: 1.12, 12: 1.20}),
    "industrial": (0.004, {8: 0.92, 12: 1.05}),
    "services": (0.006, {}),
    "flat": (0.002, {}),
}

KIND_INVOICE, KIND_PAYROLL, KIND_EXPENSE, KIND_REVENUE = 0, 1, 2, 3
STREAM_KINDS: dict[str, int] = {
    "invoice": KIND_INVOICE, "payroll": KIND_PAYROLL, "expense": KIND_EXPENSE,
    "revenue": KIND_REVENUE,
}
ITEM_LAMBDA: tuple[float, ...] = (0.6, 2.0, 1.0, 3.0)  # extra items per document, by kind


@dataclass(frozen=True)
class Stream:
    """A recurring flow of documents: one entity, cost centre, account and counterparty."""

    entity_id: str
    kind: str
    cost_center: str
    account: str
    vendor_id: str
    currency: str
    monthly_usd: float
    docs_per_month: float
    profile: str
    text: str


_E1, _E2, _SG = "1000", "2000", "SG10"
# Payroll streams are added per cost centre in `_streams()`; their amount comes from headcount.
BASE_STREAMS: tuple[Stream, ...] = (
    # 1000 Meridian Industries Inc. (USD): IT
    Stream(_E1, "invoice", "IT130", "615100", "100001", "USD", 119_000, 6, "it", "AWS usage - cloud platform"),
    Stream(_E1, "invoice", "IT140", "615100", "100001", "USD", 47_000, 3, "it", "AWS GPU instances - ML platform"),
    Stream(_E1, "invoice", "IT140", "615100", "100002", "USD", 34_000, 3, "it", "Azure OpenAI and compute"),
    Stream(_E1, "invoice", "IT230", "615100", "100003", "USD", 32_500, 3, "it", "Google Cloud BigQuery and storage"),
    Stream(_E1, "invoice", "IT230", "615100", "100002", "USD", 24_000, 3, "it", "Azure data services"),
    Stream(_E1, "invoice", "IT400", "630300", "100005", "USD", 30_500, 1, "it", "ServiceNow ITSM subscription"),
    Stream(_E1, "invoice", "IT400", "630300", "100007", "USD", 76_500, 2, "it", "Microsoft 365 E5 subscription"),
    Stream(_E1, "invoice", "IT400", "630100", "100007", "USD", 15_500, 1, "it", "Windows Server and SQL licences"),
    Stream(_E1, "invoice", "IT400", "620200", "100009", "USD", 14_500, 2, "it", "Laptop lease"),
    Stream(_E1, "invoice", "IT400", "669900", "100024", "USD", 3_000, 2, "it", "Accessories and peripherals"),
    Stream(_E1, "invoice", "IT200", "630200", "100008", "EUR", 81_000, 1, "it", "SAP S/4HANA maintenance"),
    Stream(_E1, "invoice", "IT200", "610100", "100014", "USD", 64_000, 4, "it", "ERP consulting services"),
    Stream(_E1, "invoice", "IT200", "610100", "100015", "USD", 35_500, 4, "it", "ERP development services"),
    Stream(_E1, "invoice", "IT200", "610200", "100015", "USD", 41_000, 2, "it", "ERP application managed services"),
    Stream(_E1, "invoice", "IT200", "600300", "100019", "USD", 24_000, 4, "it", "SAP contractor"),
    Stream(_E1, "invoice", "IT100", "640100", "100013", "USD", 58_000, 2, "it", "Colocation cage and cross-connects"),
    Stream(_E1, "invoice", "IT100", "640200", "100018", "USD", 19_500, 1, "it", "Data centre power"),
    Stream(_E1, "invoice", "IT110", "620100", "100009", "USD", 14_500, 2, "it", "PowerEdge ProSupport"),
    Stream(_E1, "invoice", "IT110", "620100", "100010", "USD", 9_500, 1, "it", "NetApp SupportEdge"),
    Stream(_E1, "invoice", "IT120", "650100", "100017", "GBP", 28_000, 2, "it", "WAN and internet services"),
    Stream(_E1, "invoice", "IT120", "650200", "100017", "GBP", 6_500, 3, "it", "Mobile phone plans"),
    Stream(_E1, "invoice", "IT120", "620100", "100012", "USD", 12_000, 1, "it", "Cisco SmartNet support"),
    Stream(_E1, "invoice", "IT300", "630300", "100023", "USD", 16_000, 1, "it", "CrowdStrike Falcon subscription"),
    Stream(_E1, "invoice", "IT300", "610100", "100022", "EUR", 18_500, 2, "it", "Security assessment"),
    Stream(_E1, "invoice", "IT230", "600300", "100019", "USD", 25_500, 4, "it", "Data engineer contractor"),
    Stream(_E1, "invoice", "IT230", "669900", "100024", "USD", 2_000, 1, "it", "Miscellaneous IT purchases"),
    Stream(_E1, "invoice", "IT130", "600300", "100019", "USD", 16_000, 3, "it", "Cloud engineer contractor"),
    Stream(_E1, "invoice", "IT500", "660100", "100024", "USD", 4_000, 3, "it", "IT office supplies"),
    # Shadow IT: SaaS bought by business cost centres.
    Stream(_E1, "invoice", "DIGI100", "630300", "100016", "USD", 5_000, 2, "it", "Jira Cloud - digital team"),
    Stream(_E1, "invoice", "MKT100", "630300", "100004", "USD", 7_000, 1, "it", "Marketing Cloud subscription"),
    Stream(_E1, "expense", "IT200", "600400", "", "USD", 7_500, 6, "it", "Travel and training"),
    Stream(_E1, "expense", "IT400", "600400", "", "USD", 4_000, 4, "it", "Travel and training"),
    Stream(_E1, "expense", "IT130", "600400", "", "USD", 3_000, 3, "it", "Travel and training"),
    Stream(_E1, "expense", "IT500", "600400", "", "USD", 2_000, 2, "it", "Travel and training"),
    # 1000: business
    Stream(_E1, "revenue", "CONS100", "400100", "", "USD", 45_000_000, 10, "consumer", "Product sales - consumer"),
    Stream(_E1, "revenue", "DIGI100", "400100", "", "USD", 8_000_000, 8, "consumer", "Web shop sales"),
    Stream(_E1, "invoice", "CONS100", "500100", "100028", "USD", 24_000_000, 10, "consumer", "Raw materials"),
    Stream(_E1, "invoice", "MKT100", "700100", "100027", "USD", 1_100_000, 4, "flat", "Campaign services"),
    Stream(_E1, "invoice", "CORP100", "700200", "100025", "USD", 320_000, 1, "flat", "Office rent headquarters"),
    Stream(_E1, "expense", "CONS100", "700300", "", "USD", 35_000, 10, "flat", "Sales travel"),
    Stream(_E1, "expense", "MKT100", "700300", "", "USD", 12_000, 4, "flat", "Marketing travel"),
    Stream(_E1, "expense", "CORP100", "700300", "", "USD", 6_000, 3, "flat", "Finance travel"),
    Stream(_E1, "expense", "DIGI100", "700300", "", "USD", 5_000, 3, "flat", "Digital team travel"),
    # 2000 Meridian Industries GmbH (EUR): IT
    Stream(_E2, "invoice", "IT220", "630300", "100004", "USD", 58_000, 1, "it", "Salesforce Sales Cloud subscription"),
    Stream(_E2, "invoice", "IT220", "610100", "100014", "EUR", 28_000, 3, "it", "Commerce implementation services"),
    Stream(_E2, "invoice", "IT210", "630300", "100006", "EUR", 41_000, 1, "it", "Workday HCM subscription"),
    Stream(_E2, "invoice", "IT210", "610100", "100014", "EUR", 44_000, 4, "it", "Application development services"),
    Stream(_E2, "invoice", "IT210", "600300", "100020", "EUR", 32_500, 4, "it", "Developer contractor"),
    Stream(_E2, "invoice", "IT210", "610100", "100022", "EUR", 17_000, 2, "it", "Integration consulting"),
    Stream(_E2, "invoice", "IT210", "630300", "100016", "USD", 4_000, 1, "it", "Atlassian Cloud"),
    Stream(_E2, "invoice", "IT600", "610200", "100021", "EUR", 29_000, 2, "it", "Managed hosting and operations"),
    Stream(_E2, "invoice", "IT600", "620100", "100011", "USD", 7_000, 1, "it", "Pure Storage Evergreen support"),
    Stream(_E2, "invoice", "IT600", "669900", "100024", "USD", 1_500, 1, "it", "Miscellaneous IT purchases"),
    Stream(_E2, "expense", "IT210", "600400", "", "EUR", 4_000, 4, "it", "Travel and training"),
    Stream(_E2, "expense", "IT600", "600400", "", "EUR", 2_500, 2, "it", "Travel and training"),
    Stream(_E2, "expense", "IT220", "600400", "", "EUR", 2_000, 2, "it", "Travel and training"),
    # 2000: business
    Stream(_E2, "revenue", "IND100", "400100", "", "EUR", 35_000_000, 10, "industrial", "Product sales - industrial"),
    Stream(_E2, "invoice", "IND100", "500100", "100029", "EUR", 20_000_000, 12, "industrial", "Steel and polymer supply"),
    Stream(_E2, "invoice", "CORP200", "700200", "100026", "EUR", 110_000, 1, "flat", "Office rent Munich"),
    Stream(_E2, "expense", "IND100", "700300", "", "EUR", 25_000, 8, "flat", "Plant travel"),
    Stream(_E2, "expense", "CORP200", "700300", "", "EUR", 5_000, 3, "flat", "HR travel"),
    # SG10 Meridian Asia Pacific Pte. Ltd. (SGD, NetSuite): IT
    Stream(_SG, "invoice", "SG-IT100", "615100", "NS-1", "USD", 17_000, 4, "it", "AWS usage - APAC"),
    Stream(_SG, "invoice", "SG-IT100", "630300", "NS-3", "USD", 4_000, 2, "it", "Atlassian Cloud"),
    Stream(_SG, "invoice", "SG-IT100", "650100", "NS-2", "SGD", 9_500, 3, "it", "Business fibre and WAN"),
    Stream(_SG, "invoice", "SG-IT100", "650200", "NS-2", "SGD", 2_000, 4, "it", "Mobile plans"),
    Stream(_SG, "invoice", "SG-IT100", "600300", "NS-5", "SGD", 12_000, 5, "it", "IT contractor"),
    Stream(_SG, "invoice", "SG-IT100", "640100", "NS-6", "SGD", 13_500, 1, "it", "Colocation rack space"),
    Stream(_SG, "invoice", "SG-IT100", "610100", "NS-7", "USD", 10_000, 3, "it", "Regional ERP rollout consulting"),
    Stream(_SG, "invoice", "SG-IT100", "620100", "NS-4", "USD", 3_000, 2, "it", "Hardware support"),
    Stream(_SG, "invoice", "SG-IT100", "669900", "NS-4", "SGD", 1_500, 2, "it", "Miscellaneous IT purchases"),
    Stream(_SG, "expense", "SG-IT100", "600400", "", "SGD", 3_000, 6, "it", "Travel and training"),
    # SG10: business
    Stream(_SG, "revenue", "SVC100", "400100", "", "SGD", 12_000_000, 12, "services", "Service contracts and parts"),
    Stream(_SG, "invoice", "SVC100", "500100", "NS-9", "SGD", 6_000_000, 12, "services", "Spare parts supply"),
    Stream(_SG, "invoice", "SVC100", "700200", "NS-8", "SGD", 80_000, 1, "flat", "Office rent Singapore"),
    Stream(_SG, "expense", "SVC100", "700300", "", "SGD", 12_000, 12, "flat", "Field service travel"),
)

# Doc kinds of GL documents (after assembling streams and special documents).
DOC_INVOICE, DOC_CREDIT, DOC_JOURNAL, DOC_EXPENSE, DOC_ASSET, DOC_DEPREC, DOC_REVERSAL = range(7)
SAP_BLART: tuple[str, ...] = ("KR", "KG", "SA", "SA", "AA", "AF", "AB")
SAP_NUMBER_RANGE: dict[str, int] = {
    "KR": 5_100_000_000, "KG": 5_150_000_000, "SA": 100_000_000, "AA": 200_000_000,
    "AF": 300_000_000, "AB": 400_000_000,
}
NS_TYPE: tuple[str, ...] = (
    "Bill", "Bill Credit", "Journal", "Expense Report", "Bill", "Journal", "Journal",
)
NS_PREFIX: tuple[str, ...] = ("BILL", "BCR", "JE", "ER", "BILL", "JE", "JE")

SAP_COLUMNS: tuple[str, ...] = (
    "RCLNT", "RLDNR", "RBUKRS", "GJAHR", "BELNR", "DOCLN", "POPER", "BUDAT", "BLART", "RACCT",
    "RCNTR", "LIFNR", "SGTXT", "DRCRK", "HSL", "RHCUR", "WSL", "RWCUR", "XREVERSING",
)
NETSUITE_COLUMNS: tuple[str, ...] = (
    "Internal ID", "Line ID", "Subsidiary", "Posting Period", "Date", "Type", "Document Number",
    "Account", "Department", "Name", "Memo", "Currency", "Exchange Rate", "Amount (Debit)",
    "Amount (Credit)", "Amount (Foreign Currency)",
)
OWNED_FOLDERS: tuple[str, ...] = ("erp/sap_acdoca", "erp/netsuite_gl", "reference")
SAP_FOLDER, NETSUITE_FOLDER, REFERENCE_FOLDER = OWNED_FOLDERS

MALFORMED_RATE = 0.0005
# The month (counted from the first, >= 2) in which company code 1000 posts a late correction
# to the period two months earlier.
LATE_CORRECTION_POST_T = 2
DEFECT_AMOUNT, DEFECT_DATE, DEFECT_ACCOUNT = 0, 1, 2
LINE_KEYS: tuple[str, ...] = (
    "doc", "line", "kind", "day", "post_m", "period_m", "poper", "account", "cc", "vendor",
    "employee", "text", "currency", "wsl", "hsl", "rate", "reversing", "pick",
)

# fmt: on

Lines = dict[str, np.ndarray]

# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _year_month(m: int) -> tuple[int, int]:
    """Absolute month number (year * 12 + month - 1) -> (year, month)."""
    return m // 12, m % 12 + 1


def _days_in_month(m: int) -> int:
    year, month = _year_month(m)
    return calendar.monthrange(year, month)[1]


def _month_label(m: int) -> str:
    year, month = _year_month(m)
    return f"{MONTH_ABBR[month - 1]} {year}"


def _iso_month(m: int) -> str:
    year, month = _year_month(m)
    return f"{year:04d}-{month:02d}-01"


def _fmt_cents(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(int(cents))
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def _fmt_micro(micro: int) -> str:
    return f"{int(micro) // 1_000_000}.{int(micro) % 1_000_000:06d}"


def _round_half_away(x: np.ndarray) -> np.ndarray:
    return (np.sign(x) * np.floor(np.abs(x) + 0.5)).astype(np.int64)


def _convert(cents: np.ndarray, rate_micro: np.ndarray) -> np.ndarray:
    """Transaction-currency cents x rate (micro units) -> base cents, rounded half away from 0."""
    cents = np.asarray(cents, dtype=np.int64)
    rate_micro = np.asarray(rate_micro, dtype=np.int64)
    scaled = np.abs(cents) * rate_micro
    return np.sign(cents) * ((scaled + 500_000) // 1_000_000)


def _profile_factor(profile: str, m: int, t: int) -> float:
    growth, season = PROFILES[profile]
    return (1.0 + growth) ** t * season.get(_year_month(m)[1], 1.0)


class _Texts:
    """Deterministic string table: strings are numbered in order of first use."""

    def __init__(self) -> None:
        self.values: list[str | None] = []
        self._index: dict[str, int] = {}

    def id(self, value: str) -> int:
        found = self._index.get(value)
        if found is None:
            found = len(self.values)
            self._index[value] = found
            self.values.append(value)
        return found

    def ids(self, values: Sequence[str]) -> np.ndarray:
        return np.array([self.id(v) for v in values], dtype=np.int64)


def _take(values: Sequence[str | None], idx: np.ndarray) -> pa.Array:
    """Categorical column: values[idx], with idx -1 meaning blank (null)."""
    idx = np.asarray(idx, dtype=np.int64)
    table = pa.array([*values, None], type=pa.string())
    return table.take(pa.array(np.where(idx < 0, len(values), idx)))


def _decimal_strings(units: np.ndarray, scale: int) -> pa.Array:
    """Integers in 10**-scale units -> decimal strings, vectorised via decimal128."""
    units = np.ascontiguousarray(units, dtype=np.int64)
    buffer = np.empty((len(units), 2), dtype=np.int64)
    buffer[:, 0] = units
    buffer[:, 1] = units >> 63
    arr = pa.Array.from_buffers(
        pa.decimal128(24, scale), len(units), [None, pa.py_buffer(buffer.tobytes())]
    )
    return pc.cast(arr, pa.string())


def _zero_padded(values: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(
        pc.cast(pa.array(np.asarray(values, dtype=np.int64)), pa.string()), width, "0"
    )


def _const(value: str | None, n: int) -> pa.Array:
    return pa.repeat(pa.scalar(value, type=pa.string()), n)


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _null_unless(mask: np.ndarray, values: pa.Array) -> pa.Array:
    return pc.if_else(pa.array(mask), values, pa.scalar(None, type=pa.string()))


def _concat(parts: Sequence[Lines]) -> Lines:
    """Concatenate line parts, renumbering documents so that they stay distinct."""
    out: dict[str, list[np.ndarray]] = {key: [] for key in LINE_KEYS}
    offset = 0
    for part in parts:
        if len(part["doc"]) == 0:
            continue
        for key in LINE_KEYS:
            out[key].append(part[key] + offset if key == "doc" else part[key])
        offset += int(part["doc"].max()) + 1
    if not out["doc"]:
        return _empty_lines()
    return {key: np.concatenate(arrays) for key, arrays in out.items()}


def _empty_lines() -> Lines:
    dtypes = {"reversing": bool, "pick": bool}
    return {key: np.zeros(0, dtype=dtypes.get(key, np.int64)) for key in LINE_KEYS}


def _subset(lines: Lines, mask: np.ndarray) -> Lines:
    return {key: arr[mask] for key, arr in lines.items()}


# --------------------------------------------------------------------------------------------
# The model: everything that is small and shared across months, computed once
# --------------------------------------------------------------------------------------------


@dataclass
class _Assets:
    asset_id: list[str]
    entity: list[str]
    description: list[str]
    asset_class: list[str]
    account: list[str]
    cost_center: list[str]
    vendor_id: list[str]
    acquisition_m: np.ndarray
    acquisition_day: np.ndarray
    in_service_m: np.ndarray
    in_service_day: np.ndarray
    life: np.ndarray
    cost_cents: np.ndarray

    def monthly_depreciation(self) -> np.ndarray:
        # Straight line: round(acquisition_cost / useful_life_months, 2), half away from zero.
        return (2 * self.cost_cents + self.life) // (2 * self.life)

    def depreciating(self, m: int) -> np.ndarray:
        return (self.in_service_m <= m) & (m < self.in_service_m + self.life)


@dataclass
class _Model:
    seed: int
    scale: float
    start: int  # absolute month number of the first month
    months: int
    streams: list[Stream]
    fx_avg: np.ndarray  # [months, currency] micro USD per unit
    fx_close: np.ndarray
    headcount: np.ndarray  # [months, cost centre]
    fte: np.ndarray  # [months, cost centre] in tenths
    totals_usd: np.ndarray  # [months, stream] monthly total in USD
    trend_usd: np.ndarray  # [months, stream] same without noise (for budgets)
    assets: _Assets
    late_correction_t: int  # month (from the first) in which the late correction is posted
    storage_t: int

    def month(self, t: int) -> int:
        return self.start + t

    def cross_rate(self, t: int, from_ccy: np.ndarray, to_ccy: int) -> np.ndarray:
        """Rate from transaction to base currency in micro units, round(avg_from/avg_to, 6)."""
        avg = self.fx_avg[t]
        numerator = avg[from_ccy] * 1_000_000
        denominator = avg[to_ccy]
        return (2 * numerator + denominator) // (2 * denominator)


def _streams() -> list[Stream]:
    payroll = [
        Stream(
            cc.entity_id,
            "payroll",
            cc.code,
            "600100" if cc.is_it else "600200",
            "",
            ENTITIES[cc.entity_id].currency,
            0.0,
            1,
            "it" if cc.is_it else "flat",
            "Payroll",
        )
        for cc in COST_CENTERS
    ]
    return list(BASE_STREAMS) + payroll


# Prefix stability: month t of a run of N months is identical to month t of a run of N + 1
# months (same seed and scale). Every random draw of month t therefore comes from a generator
# seeded with [seed, purpose, t] (or [seed, 2, t, entity] for the GL), never from one stream
# shared across months, and nothing depends on the total number of months.
_RNG_FX, _RNG_HEADCOUNT, _RNG_TOTALS, _RNG_ASSETS = 11, 12, 13, 14
_RNG_USAGE, _RNG_KPIS, _RNG_BUDGETS, _RNG_CAPACITY, _RNG_BUDGET_BIAS = 15, 16, 17, 18, 19


def _month_rng(seed: int, purpose: int, t: int) -> np.random.Generator:
    """The random generator of one purpose in month t (t >= 0 counted from the first month)."""
    return np.random.default_rng([seed, purpose, t])


def _build_fx(seed: int, months: int) -> tuple[np.ndarray, np.ndarray]:
    avg = np.zeros((months, len(CURRENCIES)), dtype=np.int64)
    close = np.zeros_like(avg)
    level = {ccy: math.log(FX_BASE[ccy]) for ccy in CURRENCIES}
    previous_close = dict(FX_BASE)
    for t in range(months):
        draws = _month_rng(seed, _RNG_FX, t).standard_normal((len(CURRENCIES), 2))
        for c, ccy in enumerate(CURRENCIES):
            base = FX_BASE[ccy]
            sigma = FX_VOLATILITY[ccy]
            # Gentle mean-reverting random walk of the log rate.
            level[ccy] += sigma * float(draws[c, 0]) - 0.08 * (level[ccy] - math.log(base))
            closing = math.exp(level[ccy]) if sigma else 1.0
            average = (previous_close[ccy] + closing) / 2 * (1 + sigma / 6 * float(draws[c, 1]))
            if not sigma:
                average = 1.0
            avg[t, c] = round(average * 1_000_000)
            close[t, c] = round(closing * 1_000_000)
            previous_close[ccy] = closing
    return avg, close


def _build_headcount(seed: int, months: int) -> tuple[np.ndarray, np.ndarray]:
    heads = np.zeros((months, len(COST_CENTERS)), dtype=np.int64)
    fte = np.zeros_like(heads)
    level = [float(cc.base_headcount) for cc in COST_CENTERS]
    for t in range(months):
        rng = _month_rng(seed, _RNG_HEADCOUNT, t)
        walk = rng.standard_normal(len(COST_CENTERS))
        ratios = rng.uniform(0.93, 1.0, size=len(COST_CENTERS))
        for c, cc in enumerate(COST_CENTERS):
            low, high = (5, 60) if cc.is_it else (50, 400)
            drift = 0.004 if cc.is_it else 0.002
            level[c] *= 1 + drift + 0.01 * float(walk[c])
            level[c] = min(max(level[c], low), high)
            heads[t, c] = round(level[c])
            fte[t, c] = max(10, round(float(heads[t, c]) * float(ratios[c]) * 10))
    return heads, fte


def _build_totals(
    seed: int,
    streams: Sequence[Stream],
    start: int,
    months: int,
    fx_avg: np.ndarray,
    fte: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    totals = np.zeros((months, len(streams)))
    trend = np.zeros_like(totals)
    noise = np.array(
        [_month_rng(seed, _RNG_TOTALS, t).standard_normal(len(streams)) for t in range(months)]
    ).reshape(months, len(streams))
    for s, stream in enumerate(streams):
        for t in range(months):
            m = start + t
            factor = _profile_factor(stream.profile, m, t)
            if stream.kind == "payroll":
                cc = COST_CENTERS[CC_INDEX[stream.cost_center]]
                cost = COST_PER_FTE[cc.entity_id][0 if cc.is_it else 1]
                growth, season = PROFILES[stream.profile]
                # Wages grow half as fast as other IT costs; headcount supplies the rest.
                local = fte[t, CC_INDEX[cc.code]] / 10 * cost * (1 + growth / 2) ** t
                local *= season.get(_year_month(m)[1], 1.0)
                rate = fx_avg[t, CURRENCIES.index(stream.currency)] / 1_000_000
                trend[t, s] = local * rate
                totals[t, s] = trend[t, s] * math.exp(0.01 * float(noise[t, s]))
            else:
                trend[t, s] = stream.monthly_usd * factor
                totals[t, s] = trend[t, s] * math.exp(0.05 * float(noise[t, s]))
    return totals, trend


AssetTemplate = tuple[str, str, str, dict[str, tuple[str, str]], int, int, tuple[int, ...]]
# fmt: off
ASSET_TEMPLATES: tuple[AssetTemplate, ...] = (
    # class, account, description, entity -> (cost centre, vendor), min USD, max USD, lives
    ("it_hardware", "160100", "Dell PowerEdge server refresh",
     {"1000": ("IT110", "100009"), "2000": ("IT600", "100009"), "SG10": ("SG-IT100", "NS-4")},
     80_000, 400_000, (48, 60)),
    ("it_hardware", "160100", "Dell Latitude laptop fleet refresh",
     {"1000": ("IT400", "100009"), "2000": ("IT210", "100009"), "SG10": ("SG-IT100", "NS-4")},
     60_000, 250_000, (36,)),
    ("it_hardware", "160100", "Cisco Catalyst campus switches",
     {"1000": ("IT120", "100012"), "2000": ("IT600", "100012")},
     50_000, 200_000, (60,)),
    ("dc_equipment", "160300", "NetApp AFF primary storage expansion",
     {"1000": ("IT110", "100010")},
     150_000, 500_000, (60,)),
    ("dc_equipment", "160300", "Cisco Nexus data centre fabric",
     {"1000": ("IT100", "100012"), "2000": ("IT600", "100012")},
     100_000, 400_000, (60,)),
    ("software", "160200", "SAP S/4HANA enhancement project",
     {"1000": ("IT200", "100008"), "2000": ("IT210", "100008")},
     100_000, 600_000, (60,)),
    ("software", "160200", "Capitalised development - data platform",
     {"1000": ("IT230", "100014"), "2000": ("IT220", "100014"), "SG10": ("SG-IT100", "NS-7")},
     80_000, 300_000, (36, 48)),
)
# fmt: on
BASE_RANDOM_ASSETS = 30
# Random assets are acquired from ASSET_HISTORY_MONTHS before the first month on, about
# RANDOM_ASSETS_PER_MONTH x scale a month (each month drawn from its own generator), at a
# cost divided by the scale so that capital spend does not depend on it.
ASSET_HISTORY_MONTHS = 36
RANDOM_ASSETS_PER_MONTH = BASE_RANDOM_ASSETS / 60
# The month (counted from the first) in which the two backup storage arrays are bought.
STORAGE_PURCHASE_T = 1

AssetRow = tuple[int, int, int, str, str, str, str, str, str, int, int]


def _story_assets(start: int) -> list[AssetRow]:
    """The fixed story assets: the GPU cluster, the ERP implementation and the two backup arrays.

    Rows are (acquisition month, day, days to in service, entity, description, class, account,
    cost centre, vendor, useful life in months, cost in cents).
    """
    storage_m = start + STORAGE_PURCHASE_T
    # fmt: off
    return [
        (start - 4, 12, 3, "1000", "NVIDIA DGX H100 GPU cluster (AI platform)", "dc_equipment",
         "160300", "IT140", "100009", 48, 320_000_000),
        (start - 18, 28, 4, "1000", "SAP S/4HANA implementation programme", "software",
         "160200", "IT200", "100008", 60, 650_000_000),
        (storage_m, 9, 6, "1000", "NetApp AFF C250 backup storage array", "dc_equipment",
         "160300", "IT110", "100010", 60, 41_250_000),
        (storage_m, 16, 5, "2000", "Pure Storage FlashArray//C backup storage array",
         "it_hardware", "160100", "IT600", "100011", 60, 37_980_000),
    ]
    # fmt: on


def _random_assets(seed: int, start: int, t: int, scale: float) -> list[AssetRow]:
    """Assets bought in month t (t < 0: before the first month), from that month's generator."""
    rng = _month_rng(seed, _RNG_ASSETS, t + ASSET_HISTORY_MONTHS)
    cost_factor = min(1.0, 1.0 / scale)
    entity_weights = np.array([0.55, 0.30, 0.15])
    acquisition_m = start + t
    rows: list[AssetRow] = []
    for _ in range(int(rng.poisson(RANDOM_ASSETS_PER_MONTH * max(scale, 0.2)))):
        entity = ENTITY_IDS[int(rng.choice(3, p=entity_weights))]
        options = [tpl for tpl in ASSET_TEMPLATES if entity in tpl[3]]
        asset_class, account, text, owners, low, high, lives = options[
            int(rng.integers(len(options)))
        ]
        cost_center, vendor_id = owners[entity]
        acquisition_day = int(rng.integers(1, _days_in_month(acquisition_m) + 1))
        delay = int(rng.integers(0, 41))
        life = int(lives[int(rng.integers(len(lives)))])
        usd = float(rng.uniform(low, high)) * cost_factor
        local = usd / FX_BASE[ENTITIES[entity].currency]
        cost_cents = round(local / 10) * 1000  # whole tens of currency units
        rows.append(
            (
                acquisition_m,
                acquisition_day,
                delay,
                entity,
                text,
                asset_class,
                account,
                cost_center,
                vendor_id,
                life,
                cost_cents,
            )
        )
    return rows


def _build_assets(seed: int, start: int, months: int, scale: float) -> tuple[_Assets, int]:
    """The asset register as known at the end of the last month: assets acquired by then.

    Assets are numbered in acquisition order, so one more month only appends assets.
    """
    rows = [
        row
        for t in range(-ASSET_HISTORY_MONTHS, months)
        for row in _random_assets(seed, start, t, scale)
    ]
    rows += [row for row in _story_assets(start) if row[0] < start + months]
    rows.sort(key=lambda r: (r[0], r[1], r[3], r[4]))

    in_service_m: list[int] = []
    in_service_day: list[int] = []
    for acquisition_m, acquisition_day, delay, *_ in rows:
        year, month = _year_month(acquisition_m)
        date = dt.date(year, month, acquisition_day) + dt.timedelta(days=delay)
        in_service_m.append(date.year * 12 + date.month - 1)
        in_service_day.append(date.day)
    assets = _Assets(
        asset_id=[f"FA-{i + 100001}" for i in range(len(rows))],
        entity=[r[3] for r in rows],
        description=[r[4] for r in rows],
        asset_class=[r[5] for r in rows],
        account=[r[6] for r in rows],
        cost_center=[r[7] for r in rows],
        vendor_id=[r[8] for r in rows],
        acquisition_m=np.array([r[0] for r in rows], dtype=np.int64),
        acquisition_day=np.array([r[1] for r in rows], dtype=np.int64),
        in_service_m=np.array(in_service_m, dtype=np.int64),
        in_service_day=np.array(in_service_day, dtype=np.int64),
        life=np.array([r[9] for r in rows], dtype=np.int64),
        cost_cents=np.array([r[10] for r in rows], dtype=np.int64),
    )
    return assets, STORAGE_PURCHASE_T


def _build_model(seed: int, scale: float, months: int, start: int) -> _Model:
    streams = _streams()
    fx_avg, fx_close = _build_fx(seed, months)
    headcount, fte = _build_headcount(seed, months)
    totals, trend = _build_totals(seed, streams, start, months, fx_avg, fte)
    assets, storage_t = _build_assets(seed, start, months, scale)
    return _Model(
        seed=seed,
        scale=scale,
        start=start,
        months=months,
        streams=streams,
        fx_avg=fx_avg,
        fx_close=fx_close,
        headcount=headcount,
        fte=fte,
        totals_usd=totals,
        trend_usd=trend,
        assets=assets,
        late_correction_t=LATE_CORRECTION_POST_T,
        storage_t=storage_t,
    )


# --------------------------------------------------------------------------------------------
# GL lines of one entity and month (numeric form)
# --------------------------------------------------------------------------------------------


def _documents(
    *,
    kind: np.ndarray,
    day: np.ndarray,
    vendor: np.ndarray,
    employee: np.ndarray,
    currency: np.ndarray,
    rate: np.ndarray,
    contra_account: np.ndarray,
    contra_text: np.ndarray,
    item_doc: np.ndarray,
    item_account: np.ndarray,
    item_cc: np.ndarray,
    item_text: np.ndarray,
    item_wsl: np.ndarray,
    item_pick: np.ndarray | None = None,
    post_m: np.ndarray,
    period_m: np.ndarray,
    poper: np.ndarray,
) -> Lines:
    """Documents made of item lines plus one balancing (contra) line each, contra line first.

    Doc-level arrays are indexed by document 0..D-1; item arrays must be sorted by item_doc.
    """
    n_docs = len(kind)
    n_items = len(item_doc)
    item_hsl = _convert(item_wsl, rate[item_doc])
    contra_wsl = -np.rint(np.bincount(item_doc, weights=item_wsl, minlength=n_docs)).astype(
        np.int64
    )
    contra_hsl = -np.rint(np.bincount(item_doc, weights=item_hsl, minlength=n_docs)).astype(
        np.int64
    )
    first = np.searchsorted(item_doc, np.arange(n_docs))
    item_line = np.arange(n_items) - first[item_doc] + 1
    docs = np.arange(n_docs)
    total = n_docs + n_items
    order = np.lexsort(
        (np.concatenate([np.zeros(n_docs, np.int64), item_line]), np.concatenate([docs, item_doc]))
    )
    all_doc = np.concatenate([docs, item_doc])
    lines: Lines = {
        "doc": all_doc,
        "line": np.concatenate([np.zeros(n_docs, np.int64), item_line]),
        "kind": kind[all_doc],
        "day": day[all_doc],
        "post_m": post_m[all_doc],
        "period_m": period_m[all_doc],
        "poper": poper[all_doc],
        "account": np.concatenate([contra_account, item_account]).astype(np.int64),
        "cc": np.concatenate([np.full(n_docs, -1, np.int64), item_cc]),
        "vendor": vendor[all_doc],
        "employee": employee[all_doc],
        "text": np.concatenate([contra_text, item_text]),
        "currency": currency[all_doc],
        "wsl": np.concatenate([contra_wsl, item_wsl]),
        "hsl": np.concatenate([contra_hsl, item_hsl]),
        "rate": rate[all_doc],
        "reversing": np.zeros(total, dtype=bool),
        "pick": np.concatenate(
            [
                np.zeros(n_docs, dtype=bool),
                item_pick if item_pick is not None else np.zeros(n_items, dtype=bool),
            ]
        ),
    }
    return {key: arr[order] for key, arr in lines.items()}


@dataclass
class _Month:
    """Context of one entity in one month."""

    model: _Model
    entity: Entity
    t: int
    rng: np.random.Generator
    texts: _Texts

    @property
    def m(self) -> int:
        return self.model.month(self.t)

    @property
    def base_ccy(self) -> int:
        return CURRENCIES.index(self.entity.currency)

    def full(self, n: int, value: int) -> np.ndarray:
        return np.full(n, value, dtype=np.int64)

    def period_arrays(self, n: int) -> dict[str, np.ndarray]:
        return {
            "post_m": self.full(n, self.m),
            "period_m": self.full(n, self.m),
            "poper": self.full(n, _year_month(self.m)[1]),
        }


def _stream_lines(ctx: _Month) -> tuple[Lines, np.ndarray]:
    """Regular documents of every stream of the entity. Also returns the IT invoice doc ids."""
    model, rng, texts = ctx.model, ctx.rng, ctx.texts
    idx = np.array(
        [s for s, st in enumerate(model.streams) if st.entity_id == ctx.entity.entity_id]
    )
    streams = [model.streams[s] for s in idx]
    n_streams = len(streams)
    kind = np.array([STREAM_KINDS[st.kind] for st in streams], dtype=np.int64)
    rate_per_month = np.array([st.docs_per_month for st in streams])
    n_docs = np.maximum(1, rng.poisson(rate_per_month * model.scale))
    doc_stream = np.repeat(np.arange(n_streams), n_docs)
    doc_kind = kind[doc_stream]
    n_doc = len(doc_stream)
    dim = _days_in_month(ctx.m)
    day = rng.integers(1, dim + 1, size=n_doc)
    day[doc_kind == KIND_PAYROLL] = min(25, dim)
    extra = np.minimum(rng.poisson(np.array(ITEM_LAMBDA)[doc_kind]), 5)
    n_items = 1 + extra
    item_doc = np.repeat(np.arange(n_doc), n_items)
    item_stream = doc_stream[item_doc]
    item_no = np.arange(len(item_doc)) - np.searchsorted(item_doc, np.arange(n_doc))[item_doc]

    # Amounts: the month's total of a stream is split over its lines with gamma weights.
    weight = rng.gamma(2.0, 1.0, size=len(item_doc))
    weight_sum = np.bincount(item_stream, weights=weight, minlength=n_streams)
    total_usd = model.totals_usd[ctx.t, idx]
    amount_usd = total_usd[item_stream] * weight / weight_sum[item_stream]
    ccy = np.array([CURRENCIES.index(st.currency) for st in streams], dtype=np.int64)
    usd_per_unit = model.fx_avg[ctx.t] / 1_000_000
    item_ccy = ccy[item_stream]
    wsl = np.maximum(1, _round_half_away(amount_usd / usd_per_unit[item_ccy] * 100))
    sign = np.where(kind[item_stream] == KIND_REVENUE, -1, 1)
    wsl = wsl * sign

    # Texts.
    label = _month_label(ctx.m)
    stream_text = texts.ids([f"{st.text} {label}" for st in streams])
    item_text = stream_text[item_stream]
    payroll_text = texts.ids([f"{c} {label}" for c in PAYROLL_COMPONENTS])
    is_payroll = kind[item_stream] == KIND_PAYROLL
    item_text[is_payroll] = payroll_text[item_no[is_payroll] % len(PAYROLL_COMPONENTS)]
    employees = EMPLOYEES[ctx.entity.entity_id]
    cities = CITIES[ctx.entity.entity_id]
    employee_offset = sum(
        len(EMPLOYEES[e]) for e in ENTITY_IDS[: ENTITY_IDS.index(ctx.entity.entity_id)]
    )
    doc_employee_local = rng.integers(0, len(employees), size=n_doc)
    doc_city = rng.integers(0, len(cities), size=n_doc)
    template = rng.integers(0, len(EXPENSE_TEMPLATES), size=len(item_doc))
    expense_text = np.array(
        [
            [
                [texts.id(tpl.format(name=name, city=city)) for city in cities]
                for tpl in EXPENSE_TEMPLATES
            ]
            for name in employees
        ],
        dtype=np.int64,
    )
    is_expense = kind[item_stream] == KIND_EXPENSE
    exp_doc = item_doc[is_expense]
    item_text[is_expense] = expense_text[
        doc_employee_local[exp_doc], template[is_expense], doc_city[exp_doc]
    ]

    contra_by_kind = {
        KIND_INVOICE: 200100,
        KIND_PAYROLL: int(PAYROLL_CONTRA[ctx.entity.entity_id]),
        KIND_EXPENSE: 200100,
        KIND_REVENUE: 100100,
    }
    contra_account = np.array([contra_by_kind[int(k)] for k in kind], dtype=np.int64)[doc_stream]
    vendor_names = [
        VENDORS[VENDOR_INDEX[st.vendor_id]].name if st.vendor_id else "" for st in streams
    ]
    contra_texts = []
    for st, vendor_name in zip(streams, vendor_names, strict=True):
        if st.kind == "invoice":
            contra_texts.append(f"{vendor_name} invoice {label}")
        elif st.kind == "payroll":
            contra_texts.append(f"Payroll {st.cost_center} {label}")
        elif st.kind == "revenue":
            contra_texts.append(f"Customer receipts {label}")
        else:
            contra_texts.append("")
    contra_text = texts.ids(contra_texts)[doc_stream]
    expense_contra = np.array(
        [texts.id(f"Expense report {name}") for name in employees], dtype=np.int64
    )
    is_expense_doc = doc_kind == KIND_EXPENSE
    contra_text[is_expense_doc] = expense_contra[doc_employee_local[is_expense_doc]]

    vendor = np.array(
        [VENDOR_INDEX[st.vendor_id] if st.vendor_id else -1 for st in streams], dtype=np.int64
    )
    doc_kind_gl = np.select(
        [doc_kind == KIND_INVOICE, doc_kind == KIND_EXPENSE],
        [DOC_INVOICE, DOC_EXPENSE],
        DOC_JOURNAL,
    )
    employee = np.where(is_expense_doc, employee_offset + doc_employee_local, -1)
    cc = np.array([CC_INDEX[st.cost_center] for st in streams], dtype=np.int64)
    account = np.array([int(st.account) for st in streams], dtype=np.int64)
    lines = _documents(
        kind=doc_kind_gl,
        day=day,
        vendor=vendor[doc_stream],
        employee=employee,
        currency=ccy[doc_stream],
        rate=model.cross_rate(ctx.t, ccy, ctx.base_ccy)[doc_stream],
        contra_account=contra_account,
        contra_text=contra_text,
        item_doc=item_doc,
        item_account=account[item_stream],
        item_cc=cc[item_stream],
        item_text=item_text,
        item_wsl=wsl,
        item_pick=kind[item_stream] == KIND_INVOICE,
        **ctx.period_arrays(n_doc),
    )
    is_it_invoice = (doc_kind == KIND_INVOICE) & np.array([st.profile == "it" for st in streams])[
        doc_stream
    ]
    return lines, np.flatnonzero(is_it_invoice)


def _credit_memos(ctx: _Month, regular: Lines, candidates: np.ndarray, forced: int) -> Lines:
    """Vendor credit memos (KG / Bill Credit) for part of some of this month's IT invoices."""
    n = int(ctx.rng.poisson(0.4 * ctx.model.scale)) + forced
    n = min(n, len(candidates))
    if n == 0:
        return _empty_lines()
    chosen = np.sort(ctx.rng.choice(candidates, size=n, replace=False))
    first_item = np.flatnonzero((regular["line"] == 1) & np.isin(regular["doc"], chosen))
    share = ctx.rng.uniform(0.05, 0.25, size=n)
    wsl = -np.maximum(1, _round_half_away(regular["wsl"][first_item] * share))
    dim = _days_in_month(ctx.m)
    vendor = regular["vendor"][first_item]
    texts = ctx.texts.ids([f"Credit memo {VENDORS[v].name}" for v in vendor])
    return _documents(
        kind=ctx.full(n, DOC_CREDIT),
        day=ctx.rng.integers(1, dim + 1, size=n),
        vendor=vendor,
        employee=ctx.full(n, -1),
        currency=regular["currency"][first_item],
        rate=regular["rate"][first_item],
        contra_account=ctx.full(n, 200100),
        contra_text=texts,
        item_doc=np.arange(n),
        item_account=regular["account"][first_item],
        item_cc=regular["cc"][first_item],
        item_text=texts,
        item_wsl=wsl,
        **ctx.period_arrays(n),
    )


def _duplicates(ctx: _Month, regular: Lines, candidates: np.ndarray, forced: int) -> Lines:
    """SAP invoices posted twice; the copy is reversed next month (see `_reversals`).

    A duplicate in the last generated month is reversed when the next month is generated.
    """
    n = min(int(ctx.rng.poisson(0.15 * ctx.model.scale)) + forced, len(candidates))
    if n == 0:
        return _empty_lines()
    chosen = np.sort(ctx.rng.choice(candidates, size=n, replace=False))
    copy = _subset(regular, np.isin(regular["doc"], chosen))
    copy["doc"] = np.searchsorted(chosen, copy["doc"])
    dim = _days_in_month(ctx.m)
    copy["day"] = np.minimum(dim, copy["day"] + 2)
    copy["pick"] = np.zeros(len(copy["doc"]), dtype=bool)
    copy["reversing"] = np.zeros(len(copy["doc"]), dtype=bool)
    return copy


def _reversals(ctx: _Month, pending: Lines | None, pending_belnr: list[str]) -> Lines:
    """AB documents reversing last month's duplicate invoices, with opposite signs."""
    if pending is None or len(pending["doc"]) == 0:
        return _empty_lines()
    lines = {key: arr.copy() for key, arr in pending.items()}
    n_docs = int(lines["doc"].max()) + 1
    lines["wsl"] = -lines["wsl"]
    lines["hsl"] = -lines["hsl"]
    lines["kind"][:] = DOC_REVERSAL
    lines["reversing"][:] = True
    lines["pick"][:] = False
    day = ctx.rng.integers(1, 6, size=n_docs)
    lines["day"] = day[lines["doc"]]
    lines["post_m"][:] = ctx.m
    lines["period_m"][:] = ctx.m
    lines["poper"][:] = _year_month(ctx.m)[1]
    text = ctx.texts.ids([f"Reversal of duplicate invoice {belnr}" for belnr in pending_belnr])
    lines["text"] = text[lines["doc"]]
    return lines


def _asset_purchases(ctx: _Month) -> Lines:
    assets = ctx.model.assets
    mask = (assets.acquisition_m == ctx.m) & np.array(
        [e == ctx.entity.entity_id for e in assets.entity]
    )
    chosen = np.flatnonzero(mask)
    n = len(chosen)
    if n == 0:
        return _empty_lines()
    vendor = np.array([VENDOR_INDEX[assets.vendor_id[i]] for i in chosen], dtype=np.int64)
    texts = ctx.texts.ids([f"{assets.asset_id[i]} {assets.description[i]}" for i in chosen])
    return _documents(
        kind=ctx.full(n, DOC_ASSET),
        day=assets.acquisition_day[chosen],
        vendor=vendor,
        employee=ctx.full(n, -1),
        currency=ctx.full(n, ctx.base_ccy),
        rate=ctx.full(n, 1_000_000),
        contra_account=ctx.full(n, 200100),
        contra_text=texts,
        item_doc=np.arange(n),
        item_account=np.array([int(assets.account[i]) for i in chosen], dtype=np.int64),
        item_cc=ctx.full(n, -1),
        item_text=texts,
        item_wsl=assets.cost_cents[chosen],
        **ctx.period_arrays(n),
    )


def _depreciation(ctx: _Month) -> Lines:
    """One depreciation run per entity and month: expense debit and 169100 credit per asset."""
    assets = ctx.model.assets
    mask = assets.depreciating(ctx.m) & np.array([e == ctx.entity.entity_id for e in assets.entity])
    chosen = np.flatnonzero(mask)
    n = len(chosen)
    if n == 0:
        return _empty_lines()
    amount = assets.monthly_depreciation()[chosen]
    expense_account = np.array(
        [630400 if assets.asset_class[i] == "software" else 620300 for i in chosen], dtype=np.int64
    )
    label = _month_label(ctx.m)
    text = ctx.texts.ids([f"Depreciation {assets.asset_id[i]} {label}" for i in chosen])
    total = 2 * n
    lines: Lines = {
        "doc": np.zeros(total, np.int64),
        "line": np.arange(total, dtype=np.int64),
        "kind": ctx.full(total, DOC_DEPREC),
        "day": ctx.full(total, _days_in_month(ctx.m)),
        "account": np.column_stack([expense_account, np.full(n, 169100)]).ravel(),
        "cc": np.column_stack(
            [np.array([CC_INDEX[assets.cost_center[i]] for i in chosen]), np.full(n, -1)]
        ).ravel(),
        "vendor": ctx.full(total, -1),
        "employee": ctx.full(total, -1),
        "text": np.repeat(text, 2),
        "currency": ctx.full(total, ctx.base_ccy),
        "wsl": np.column_stack([amount, -amount]).ravel(),
        "hsl": np.column_stack([amount, -amount]).ravel(),
        "rate": ctx.full(total, 1_000_000),
        "reversing": np.zeros(total, dtype=bool),
        "pick": np.zeros(total, dtype=bool),
    }
    lines.update(ctx.period_arrays(total))
    return lines


def _journal(
    ctx: _Month,
    entries: Sequence[tuple[int, str, int, str]],
    day: int,
    post_m: int,
    poper: int,
    period_m: int | None = None,
) -> Lines:
    """One balanced SA journal from (account, cost centre, entity-currency cents, text).

    period_m is the month of the fiscal period (GJAHR, POPER), by default the context's month.
    """
    n = len(entries)
    lines: Lines = {
        "doc": np.zeros(n, np.int64),
        "line": np.arange(n, dtype=np.int64),
        "kind": ctx.full(n, DOC_JOURNAL),
        "day": ctx.full(n, day),
        "post_m": ctx.full(n, post_m),
        "period_m": ctx.full(n, ctx.m if period_m is None else period_m),
        "poper": ctx.full(n, poper),
        "account": np.array([e[0] for e in entries], dtype=np.int64),
        "cc": np.array([CC_INDEX[e[1]] if e[1] else -1 for e in entries], dtype=np.int64),
        "vendor": ctx.full(n, -1),
        "employee": ctx.full(n, -1),
        "text": ctx.texts.ids([e[3] for e in entries]),
        "currency": ctx.full(n, ctx.base_ccy),
        "wsl": np.array([e[2] for e in entries], dtype=np.int64),
        "hsl": np.array([e[2] for e in entries], dtype=np.int64),
        "rate": ctx.full(n, 1_000_000),
        "reversing": np.zeros(n, dtype=bool),
        "pick": np.zeros(n, dtype=bool),
    }
    assert int(lines["hsl"].sum()) == 0
    return lines


def _special_sap_documents(ctx: _Month) -> list[Lines]:
    parts: list[Lines] = []
    year, month = _year_month(ctx.m)
    entity_id = ctx.entity.entity_id
    if entity_id == "1000" and ctx.t == ctx.model.late_correction_t:
        # Late correction: posted in this month to the period two months earlier, so a month
        # added to the ledger restates an earlier one (as a real extract does).
        period_m = ctx.m - 2
        text = f"Late correction: SaaS booked as licences {_month_label(period_m)}"
        parts.append(
            _journal(
                ctx,
                [(630300, "IT400", 1_850_000, text), (630100, "IT400", -1_850_000, text)],
                day=5,
                post_m=ctx.m,
                poper=_year_month(period_m)[1],
                period_m=period_m,
            )
        )
    if month == 12:
        # Year-end adjustments in special period 013.
        text = f"Year-end accrual adjustment FY{year}"
        if entity_id == "1000":
            entries = [
                (610100, "IT200", 4_500_000, text),
                (630200, "IT200", 1_200_000, text),
                (210100, "", -5_700_000, text),
            ]
        else:
            entries = [(610100, "IT210", 3_000_000, text), (210100, "", -3_000_000, text)]
        parts.append(_journal(ctx, entries, day=31, post_m=ctx.m, poper=13))
    return parts


# --------------------------------------------------------------------------------------------
# Formatting to the two export layouts
# --------------------------------------------------------------------------------------------


def _doc_order(lines: Lines) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Documents in posting order and lines in document order.

    Returns (doc_rank per doc id, first line index per doc id, line order).
    """
    n_docs = int(lines["doc"].max()) + 1
    first = np.full(n_docs, -1, dtype=np.int64)
    # First occurrence of each doc id (lines of a doc are contiguous and sorted by line).
    starts = np.flatnonzero(np.r_[True, lines["doc"][1:] != lines["doc"][:-1]])
    first[lines["doc"][starts]] = starts
    doc_order = np.lexsort((np.arange(n_docs), lines["day"][first], lines["post_m"][first]))
    rank = np.empty(n_docs, dtype=np.int64)
    rank[doc_order] = np.arange(n_docs)
    line_order = np.lexsort((lines["line"], rank[lines["doc"]]))
    return rank, first, line_order


def _posting_dates(lines: Lines) -> tuple[np.ndarray, np.ndarray]:
    years = lines["post_m"] // 12
    months = lines["post_m"] % 12 + 1
    return years, months


@dataclass
class _Counters:
    """Document number counters carried across months."""

    sap: dict[tuple[str, int, str], int]
    ns_internal: int
    ns_document: dict[tuple[str, int], int]


def _format_sap(
    ctx: _Month, lines: Lines, counters: _Counters
) -> tuple[pa.Table, np.ndarray, dict[int, str]]:
    """SAP ACDOCA layout. Returns the table, the source-line order and BELNR per doc id."""
    rank, first, order = _doc_order(lines)
    n_docs = len(rank)
    # Fiscal year of each document: that of its period (a late correction's period may lie in
    # the previous year); document numbers run per company code, fiscal year and type.
    year_doc = lines["period_m"][first] // 12
    blart_doc = np.array(SAP_BLART)[lines["kind"][first]]
    belnr_doc = np.zeros(n_docs, dtype=np.int64)
    by_rank = np.argsort(rank)
    for year, blart in sorted(set(zip(year_doc.tolist(), blart_doc.tolist(), strict=True))):
        docs = by_rank[(blart_doc[by_rank] == blart) & (year_doc[by_rank] == year)]
        key = (ctx.entity.entity_id, year, blart)
        used = counters.sap.get(key, 0)
        belnr_doc[docs] = SAP_NUMBER_RANGE[blart] + used + 1 + np.arange(len(docs))
        counters.sap[key] = used + len(docs)
    ordered = {key: arr[order] for key, arr in lines.items()}
    n = len(order)
    post_year, post_month = _posting_dates(ordered)
    budat = post_year * 10_000 + post_month * 100 + ordered["day"]
    hsl = ordered["hsl"]
    table = pa.table(
        {
            "RCLNT": _const("100", n),
            "RLDNR": _const("0L", n),
            "RBUKRS": _const(ctx.entity.entity_id, n),
            "GJAHR": pc.cast(pa.array(ordered["period_m"] // 12), pa.string()),
            "BELNR": _zero_padded(belnr_doc[ordered["doc"]], 10),
            "DOCLN": _zero_padded(ordered["line"] + 1, 6),
            "POPER": _zero_padded(ordered["poper"], 3),
            "BUDAT": pc.cast(pa.array(budat), pa.string()),
            "BLART": _take(SAP_BLART, ordered["kind"]),
            "RACCT": _zero_padded(ordered["account"], 10),
            "RCNTR": _take([cc.code for cc in COST_CENTERS], ordered["cc"]),
            "LIFNR": _take([v.vendor_id.zfill(10) for v in VENDORS], ordered["vendor"]),
            "SGTXT": _take(ctx.texts.values, ordered["text"]),
            "DRCRK": _take(["S", "H"], (hsl < 0).astype(np.int64)),
            "HSL": _decimal_strings(hsl, 2),
            "RHCUR": _const(ctx.entity.currency, n),
            "WSL": _decimal_strings(ordered["wsl"], 2),
            "RWCUR": _take(CURRENCIES, ordered["currency"]),
            "XREVERSING": _take(["X"], np.where(ordered["reversing"], 0, -1)),
        }
    )
    belnr = {int(d): f"{belnr_doc[d]:010d}" for d in range(n_docs)}
    return table, order, belnr


def _format_netsuite(ctx: _Month, lines: Lines, counters: _Counters) -> tuple[pa.Table, np.ndarray]:
    rank, first, order = _doc_order(lines)
    n_docs = len(rank)
    year = _year_month(ctx.m)[0]
    internal_doc = counters.ns_internal + 1 + rank
    counters.ns_internal += n_docs
    prefix_doc = np.array(NS_PREFIX)[lines["kind"][first]]
    number_doc = np.zeros(n_docs, dtype=np.int64)
    by_rank = np.argsort(rank)
    for prefix in sorted(set(prefix_doc.tolist())):
        docs = by_rank[prefix_doc[by_rank] == prefix]
        used = counters.ns_document.get((prefix, year), 0)
        number_doc[docs] = used + 1 + np.arange(len(docs))
        counters.ns_document[(prefix, year)] = used + len(docs)
    ordered = {key: arr[order] for key, arr in lines.items()}
    n = len(order)
    post_year, post_month = _posting_dates(ordered)
    doc = ordered["doc"]
    hsl = ordered["hsl"]
    names = [v.name for v in VENDORS]
    employee_names = [name for e in ENTITY_IDS for name in EMPLOYEES[e]]
    name_idx = np.where(
        ordered["employee"] >= 0, len(names) + ordered["employee"], ordered["vendor"]
    )
    ns_accounts = {int(code): f"{code} {name}" for code, name, _ in ACCOUNTS}
    account_codes = sorted(ns_accounts)
    account_idx = np.searchsorted(np.array(account_codes), ordered["account"])
    table = pa.table(
        {
            "Internal ID": pc.cast(pa.array(internal_doc[doc]), pa.string()),
            "Line ID": pc.cast(pa.array(ordered["line"]), pa.string()),
            "Subsidiary": _const(ctx.entity.source_entity_key, n),
            "Posting Period": _const(_month_label(ctx.m), n),
            "Date": _join(
                _zero_padded(post_month, 2),
                "/",
                _zero_padded(ordered["day"], 2),
                "/",
                pc.cast(pa.array(post_year), pa.string()),
            ),
            "Type": _take(NS_TYPE, ordered["kind"]),
            "Document Number": _join(
                _take(NS_PREFIX, ordered["kind"]), f"-{year}-", _zero_padded(number_doc[doc], 4)
            ),
            "Account": _take([ns_accounts[c] for c in account_codes], account_idx),
            "Department": _take([f"{cc.code} {cc.name}" for cc in COST_CENTERS], ordered["cc"]),
            "Name": _take(names + employee_names, name_idx),
            "Memo": _take(ctx.texts.values, ordered["text"]),
            "Currency": _take(CURRENCIES, ordered["currency"]),
            "Exchange Rate": _decimal_strings(ordered["rate"], 6),
            "Amount (Debit)": _null_unless(hsl > 0, _decimal_strings(hsl, 2)),
            "Amount (Credit)": _null_unless(hsl < 0, _decimal_strings(-hsl, 2)),
            "Amount (Foreign Currency)": _decimal_strings(ordered["wsl"], 2),
        }
    )
    return table, order


def _corrupt_amount(value: str) -> str:
    """Replace a digit of the integer part by the letter O: '1205.00' -> '12O5.00'."""
    integer_end = value.index(".")
    zero = value.find("0", 1 if value.startswith("-") else 0, integer_end)
    position = zero if zero > 0 else integer_end - 1
    return value[:position] + "O" + value[position + 1 :]


def _apply_defects(
    table: pa.Table, rows: np.ndarray, defects: np.ndarray, year: int, layout: str
) -> pa.Table:
    """Damage the given rows in place of a few real lines (the malformed lines)."""
    if len(rows) == 0:
        return table
    order = np.argsort(rows)
    rows, defects = rows[order], defects[order]
    n = table.num_rows

    def patch(
        table: pa.Table, column: str, targets: np.ndarray, new: Sequence[str | None]
    ) -> pa.Table:
        if len(targets) == 0:
            return table
        mask = np.zeros(n, dtype=bool)
        mask[targets] = True
        col = table.column(column).combine_chunks()
        patched = pc.replace_with_mask(col, pa.array(mask), pa.array(list(new), type=pa.string()))
        return table.set_column(table.schema.get_field_index(column), column, patched)

    amount_rows = rows[defects == DEFECT_AMOUNT]
    date_rows = rows[defects == DEFECT_DATE]
    account_rows = rows[defects == DEFECT_ACCOUNT]
    if layout == "sap":
        values = table.column("HSL").take(pa.array(amount_rows)).to_pylist()
        table = patch(table, "HSL", amount_rows, [_corrupt_amount(v) for v in values])
        table = patch(table, "BUDAT", date_rows, [f"{year}1345"] * len(date_rows))
        table = patch(table, "RACCT", account_rows, [None] * len(account_rows))
    else:
        debit = table.column("Amount (Debit)").take(pa.array(amount_rows)).to_pylist()
        credit = table.column("Amount (Credit)").take(pa.array(amount_rows)).to_pylist()
        debit_rows = amount_rows[[d is not None for d in debit]]
        credit_rows = amount_rows[[d is None for d in debit]]
        table = patch(
            table,
            "Amount (Debit)",
            debit_rows,
            [_corrupt_amount(d) for d in debit if d is not None],
        )
        table = patch(
            table,
            "Amount (Credit)",
            credit_rows,
            [_corrupt_amount(c) for d, c in zip(debit, credit, strict=True) if d is None],
        )
        table = patch(table, "Date", date_rows, [f"02/31/{year}"] * len(date_rows))
        table = patch(table, "Account", account_rows, [None] * len(account_rows))
    return table


def _choose_defects(
    ctx: _Month, pick: np.ndarray, forced: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    candidates = np.flatnonzero(pick)
    n_random = int(ctx.rng.binomial(len(pick), MALFORMED_RATE))
    defects = np.concatenate(
        [
            np.array(forced, dtype=np.int64),
            ctx.rng.integers(0, 3, size=n_random),
        ]
    )
    n = min(len(defects), len(candidates))
    rows = ctx.rng.choice(candidates, size=n, replace=False) if n else np.zeros(0, np.int64)
    return np.asarray(rows, dtype=np.int64), defects[:n]


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

_WRITE_OPTIONS = pa_csv.WriteOptions(include_header=True, quoting_style="needed")


class _SapFiles:
    """Open ACDOCA writers, one per company code and fiscal year."""

    def __init__(self, folder: Path, counts: dict[str, int]) -> None:
        self.folder = folder
        self.counts = counts
        self.writers: dict[tuple[str, int], pa_csv.CSVWriter] = {}
        self.schema = pa.schema([(c, pa.string()) for c in SAP_COLUMNS])

    def write(self, entity_id: str, year: int, table: pa.Table) -> None:
        key = (entity_id, year)
        name = f"ACDOCA_{entity_id}_{year}.csv"
        if key not in self.writers:
            # Keep last year's file open: a late correction may post to its periods.
            for old in [k for k in self.writers if k[1] < year - 1]:
                self.writers.pop(old).close()
            self.writers[key] = pa_csv.CSVWriter(
                self.folder / name, self.schema, write_options=_WRITE_OPTIONS
            )
            self.counts.setdefault(f"{SAP_FOLDER}/{name}", 0)
        self.writers[key].write_table(table.cast(self.schema))
        self.counts[f"{SAP_FOLDER}/{name}"] += table.num_rows

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()


def _write_reference(
    folder: Path,
    name: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    counts: dict[str, int],
) -> None:
    with open(folder / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    counts[f"{REFERENCE_FOLDER}/{name}"] = len(rows)


# --------------------------------------------------------------------------------------------
# Reference data
# --------------------------------------------------------------------------------------------


def _usage_rows(model: _Model) -> list[tuple[str, str, str, str, str]]:
    # (transactions, cpu_hours, storage_gb, tickets, users) base totals across units per month.
    base: dict[str, tuple[float, float, float, float, float]] = {
        "APP-ERP-OM": (1_400_000, 52_000, 18_000, 420, 1_800),
        "APP-ERP-INV": (420_000, 15_000, 9_000, 160, 900),
        "APP-ERP-FIN": (180_000, 7_000, 7_500, 120, 450),
        "APP-CRM": (350_000, 0, 1_200, 200, 1_200),
        "APP-ECOM": (900_000, 18_000, 4_000, 150, 120),
        "APP-CIP": (60_000, 9_000, 25_000, 40, 300),
        "APP-DWH": (250_000, 22_000, 120_000, 90, 650),
        "APP-MLP": (40_000, 35_000, 15_000, 20, 80),
        "APP-GENAI": (120_000, 12_000, 3_000, 60, 400),
        "APP-HRIS": (30_000, 0, 800, 110, 0),
        "APP-ITSM": (0, 0, 600, 2_600, 0),
        "APP-COLLAB": (0, 0, 60_000, 900, 0),
        "APP-MES": (2_200_000, 14_000, 8_000, 140, 700),
    }
    growth = {"APP-GENAI": 0.04, "APP-ECOM": 0.012, "APP-DWH": 0.01, "APP-MLP": 0.008}
    weights: dict[str, tuple[float, ...]] = {
        "APP-ERP-OM": (0.40, 0.35, 0.15, 0.08, 0.02),
        "APP-ERP-INV": (0.35, 0.45, 0.15, 0.03, 0.02),
        "APP-ERP-FIN": (0.20, 0.20, 0.10, 0.05, 0.45),
        "APP-CRM": (0.35, 0.20, 0.25, 0.18, 0.02),
        "APP-ECOM": (0.45, 0.0, 0.05, 0.50, 0.0),
        "APP-CIP": (0.40, 0.05, 0.10, 0.40, 0.05),
        "APP-DWH": (0.25, 0.20, 0.15, 0.25, 0.15),
        "APP-MLP": (0.55, 0.30, 0.10, 0.05, 0.0),
        "APP-GENAI": (0.10, 0.15, 0.60, 0.10, 0.05),
        "APP-HRIS": (0.30, 0.35, 0.15, 0.08, 0.12),
        "APP-ITSM": (0.25, 0.30, 0.12, 0.13, 0.20),
        "APP-COLLAB": (0.30, 0.35, 0.15, 0.08, 0.12),
        "APP-MES": (0.0, 1.0, 0.0, 0.0, 0.0),
    }
    metrics = ("users", "transactions", "cpu_hours", "storage_gb", "tickets")
    bu_heads_cc = [
        np.array([i for i, cc in enumerate(COST_CENTERS) if cc.business_unit == bu])
        for bu in BU_CODES
    ]
    rows: list[tuple[str, str, str, str, str]] = []
    for t in range(model.months):
        rng = _month_rng(model.seed, _RNG_USAGE, t)
        m = model.month(t)
        month = _year_month(m)[1]
        bu_heads = np.array([model.headcount[t, idx].sum() for idx in bu_heads_cc], dtype=float)
        for app in APPLICATIONS:
            transactions, cpu, storage, tickets, users = base[app.application_id]
            trend = (1 + growth.get(app.application_id, 0.005)) ** t
            season = 1.1 if app.family == "ERP" and month in (11, 12) else 1.0
            w = np.array(weights[app.application_id])
            noisy = w * np.exp(0.05 * rng.standard_normal(len(BU_CODES)))
            share = noisy / noisy.sum()
            if app.application_id in ("APP-HRIS", "APP-COLLAB", "APP-ITSM"):
                # Every employee of a unit is a user of the workplace and people systems.
                unit_users = np.round(bu_heads * (1.0 if app.application_id != "APP-ITSM" else 0.9))
            else:
                unit_users = np.round(users * trend * share)
            noise = float(np.exp(0.04 * rng.standard_normal()))
            values = {
                "users": unit_users,
                "transactions": np.round(transactions * trend * season * noise * share),
                "cpu_hours": np.round(cpu * trend * season * noise * share, 1),
                "storage_gb": np.round(storage * (1 + 0.015) ** t * share, 1),
                "tickets": np.round(tickets * trend * noise * share),
            }
            for b, bu in enumerate(BU_CODES):
                for metric in metrics:
                    value = float(values[metric][b]) if w[b] > 0 else 0.0
                    text = (
                        f"{value:.1f}" if metric in ("cpu_hours", "storage_gb") else f"{value:.0f}"
                    )
                    rows.append((_iso_month(m), app.application_id, bu, metric, text))
    return rows


def _kpi_rows(model: _Model) -> list[tuple[str, str, str, str, str]]:
    """Revenue equals the GL revenue of the unit's cost centres (USD); corporate has no KPIs."""
    revenue_units = {
        "CONS100": "BU-CONS",
        "IND100": "BU-IND",
        "SVC100": "BU-SVC",
        "DIGI100": "BU-DIGI",
    }
    customers = {
        "BU-CONS": (250_000, 0.003),
        "BU-IND": (1_250, 0.002),
        "BU-SVC": (4_200, 0.004),
        "BU-DIGI": (95_000, 0.015),
    }
    retention = {"BU-CONS": 0.78, "BU-IND": 0.94, "BU-SVC": 0.88, "BU-DIGI": 0.71}
    rows: list[tuple[str, str, str, str, str]] = []
    for t in range(model.months):
        rng = _month_rng(model.seed, _RNG_KPIS, t)
        m = model.month(t)
        revenue = dict.fromkeys(customers, 0.0)
        for s, stream in enumerate(model.streams):
            if stream.kind == "revenue":
                revenue[revenue_units[stream.cost_center]] += model.totals_usd[t, s]
        for bu, (base, growth) in customers.items():
            active = base * (1 + growth) ** t * math.exp(0.01 * float(rng.standard_normal()))
            ratio = min(0.99, retention[bu] + 0.0008 * t + 0.01 * float(rng.standard_normal()))
            rows.append((_iso_month(m), bu, "revenue", f"{revenue[bu]:.2f}", "USD"))
            rows.append((_iso_month(m), bu, "active_customers", f"{active:.0f}", "count"))
            rows.append((_iso_month(m), bu, "retention_rate", f"{ratio:.4f}", "ratio"))
    return rows


def _capacity_rows(model: _Model) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for t in range(model.months):
        rng = _month_rng(model.seed, _RNG_CAPACITY, t)
        m = model.month(t)
        hours = _days_in_month(m) * 24
        gpu_capacity = 64 * hours
        gpu_used = round(gpu_capacity * float(rng.uniform(0.19, 0.28)))
        vm_capacity = 2_304 * hours
        vm_ratio = min(0.80, 0.66 + 0.005 * t + float(rng.uniform(-0.01, 0.01)))
        # The SAN fills up and is expanded by 160 TB in the third month, then once a year.
        expansions = (t + 10) // 12
        san_capacity = 880.0 + 160.0 * expansions
        san_ratio = min(
            0.85,
            max(0.70, 0.72 + 0.006 * ((t + 10) % 12) + float(rng.uniform(-0.01, 0.01))),
        )
        rows.append(
            (
                _iso_month(m),
                "GPU-CLUSTER-01",
                "AI GPU cluster",
                "AI Compute",
                "gpu_hours",
                f"{gpu_capacity:.1f}",
                f"{gpu_used:.1f}",
            )
        )
        rows.append(
            (
                _iso_month(m),
                "VM-FARM-01",
                "Virtual server farm",
                "Servers",
                "vcpu_hours",
                f"{vm_capacity:.1f}",
                f"{vm_capacity * vm_ratio:.1f}",
            )
        )
        rows.append(
            (
                _iso_month(m),
                "SAN-01",
                "Primary SAN storage",
                "Online Storage",
                "tb",
                f"{san_capacity:.1f}",
                f"{san_capacity * san_ratio:.1f}",
            )
        )
    return rows


def _budget_rows(model: _Model) -> list[tuple[str, ...]]:
    """Budgets per entity x IT cost centre x IT account x month, in the entity's currency.

    Amount = trend of actuals (no noise) x a per-line bias within +-6 % x +-2 % monthly noise,
    converted at the year's plan rate (average rate of the first generated month of the year).
    The biases are drawn once for every key that could ever be budgeted (streams, asset
    templates and story assets), so that they do not depend on the number of months.
    """
    keys: dict[tuple[str, str, str], list[int]] = {}
    for s, stream in enumerate(model.streams):
        cc = COST_CENTERS[CC_INDEX[stream.cost_center]]
        if cc.is_it and stream.account in IT_BUDGET_ACCOUNTS:
            keys.setdefault((stream.entity_id, stream.cost_center, stream.account), []).append(s)
    assets = model.assets
    depreciation_keys: dict[tuple[str, str, str], list[int]] = {}
    for i in range(len(assets.asset_id)):
        account = "630400" if assets.asset_class[i] == "software" else "620300"
        depreciation_keys.setdefault((assets.entity[i], assets.cost_center[i], account), []).append(
            i
        )
    monthly_dep = assets.monthly_depreciation()
    possible_assets = [
        (entity, owners[entity][0], asset_class)
        for asset_class, _, _, owners, _, _, _ in ASSET_TEMPLATES
        for entity in owners
    ] + [(row[3], row[7], row[5]) for row in _story_assets(model.start)]
    possible_keys = {
        (entity, cc_code, "630400" if asset_class == "software" else "620300")
        for entity, cc_code, asset_class in possible_assets
    }
    assert set(depreciation_keys) <= possible_keys
    all_keys = sorted(
        set(keys) | possible_keys,
        key=lambda k: (ENTITY_IDS.index(k[0]), CC_INDEX[k[1]], k[2]),
    )
    biases = np.random.default_rng([model.seed, _RNG_BUDGET_BIAS]).uniform(
        -0.06, 0.06, size=len(all_keys)
    )
    bias = {key: float(b) for key, b in zip(all_keys, biases, strict=True)}
    plan_rate: dict[int, np.ndarray] = {}
    rows: list[tuple[str, ...]] = []
    for t in range(model.months):
        noises = _month_rng(model.seed, _RNG_BUDGETS, t).standard_normal(len(all_keys))
        m = model.month(t)
        year = _year_month(m)[0]
        plan_rate.setdefault(year, model.fx_avg[t] / 1_000_000)
        for key, noise_draw in zip(all_keys, noises, strict=True):
            entity_id, cc_code, account = key
            ccy = ENTITIES[entity_id].currency
            usd = sum(model.trend_usd[t, s] for s in keys.get(key, []))
            local = usd / plan_rate[year][CURRENCIES.index(ccy)]
            for i in depreciation_keys.get(key, []):
                if assets.in_service_m[i] <= m < assets.in_service_m[i] + assets.life[i]:
                    local += monthly_dep[i] / 100
            noise = 1 + float(np.clip(0.02 * noise_draw, -0.03, 0.03))
            amount = round(local * (1 + bias[key]) * noise, 2)
            if amount == 0:
                continue
            rows.append(
                (
                    _iso_month(m),
                    f"FY{year} Budget",
                    entity_id,
                    cc_code,
                    account,
                    f"{amount:.2f}",
                    ccy,
                )
            )
    return rows


def _write_reference_files(model: _Model, folder: Path, counts: dict[str, int]) -> None:
    _write_reference(
        folder,
        "legal_entities.csv",
        (
            "entity_id",
            "entity_name",
            "erp_system",
            "source_entity_key",
            "country_code",
            "functional_currency",
        ),
        [
            (e.entity_id, e.name, e.erp_system, e.source_entity_key, e.country_code, e.currency)
            for e in ENTITIES.values()
        ],
        counts,
    )
    _write_reference(
        folder,
        "chart_of_accounts.csv",
        ("account_code", "account_name", "account_type"),
        ACCOUNTS,
        counts,
    )
    _write_reference(
        folder,
        "cost_centers.csv",
        (
            "cost_center_code",
            "cost_center_name",
            "entity_id",
            "business_unit_code",
            "owner_name",
            "is_it_cost_center",
        ),
        [
            (cc.code, cc.name, cc.entity_id, cc.business_unit, cc.owner, "Y" if cc.is_it else "N")
            for cc in COST_CENTERS
        ],
        counts,
    )
    _write_reference(
        folder,
        "vendors.csv",
        ("vendor_id", "vendor_name", "country_code", "vendor_category"),
        [(v.vendor_id, v.name, v.country_code, v.category) for v in VENDORS],
        counts,
    )
    _write_reference(
        folder,
        "fx_rates.csv",
        ("rate_month", "from_currency", "to_currency", "average_rate", "closing_rate"),
        [
            (
                _iso_month(model.month(t)),
                ccy,
                REPORTING_CURRENCY,
                _fmt_micro(model.fx_avg[t, c]),
                _fmt_micro(model.fx_close[t, c]),
            )
            for t in range(model.months)
            for c, ccy in enumerate(CURRENCIES)
        ],
        counts,
    )
    assets = model.assets

    def iso(m: int, day: int) -> str:
        year, month = _year_month(int(m))
        return f"{year:04d}-{month:02d}-{int(day):02d}"

    _write_reference(
        folder,
        "asset_register.csv",
        (
            "asset_id",
            "entity_id",
            "asset_description",
            "asset_class",
            "account_code",
            "cost_center_code",
            "vendor_id",
            "acquisition_date",
            "in_service_date",
            "useful_life_months",
            "acquisition_cost",
            "currency_code",
        ),
        [
            (
                assets.asset_id[i],
                assets.entity[i],
                assets.description[i],
                assets.asset_class[i],
                assets.account[i],
                assets.cost_center[i],
                assets.vendor_id[i],
                iso(assets.acquisition_m[i], assets.acquisition_day[i]),
                iso(assets.in_service_m[i], assets.in_service_day[i]),
                int(assets.life[i]),
                _fmt_cents(assets.cost_cents[i]),
                ENTITIES[assets.entity[i]].currency,
            )
            for i in range(len(assets.asset_id))
        ],
        counts,
    )
    _write_reference(
        folder,
        "hr_headcount.csv",
        ("headcount_month", "cost_center_code", "headcount", "fte"),
        [
            (
                _iso_month(model.month(t)),
                cc.code,
                int(model.headcount[t, c]),
                f"{model.fte[t, c] / 10:.1f}",
            )
            for t in range(model.months)
            for c, cc in enumerate(COST_CENTERS)
        ],
        counts,
    )
    _write_reference(
        folder,
        "applications.csv",
        (
            "application_id",
            "application_name",
            "application_family",
            "owner_cost_center_code",
            "hosting",
            "lifecycle_status",
            "business_criticality",
        ),
        [
            (
                a.application_id,
                a.name,
                a.family,
                a.owner_cost_center,
                a.hosting,
                a.lifecycle_status,
                a.criticality,
            )
            for a in APPLICATIONS
        ],
        counts,
    )
    _write_reference(
        folder,
        "usage_metrics.csv",
        ("usage_month", "application_id", "business_unit_code", "metric_name", "metric_value"),
        _usage_rows(model),
        counts,
    )
    _write_reference(
        folder,
        "business_kpis.csv",
        ("kpi_month", "business_unit_code", "kpi_name", "kpi_value", "unit"),
        _kpi_rows(model),
        counts,
    )
    _write_reference(
        folder,
        "budgets.csv",
        (
            "budget_month",
            "budget_version",
            "entity_id",
            "cost_center_code",
            "account_code",
            "amount",
            "currency_code",
        ),
        _budget_rows(model),
        counts,
    )
    _write_reference(
        folder,
        "capacity.csv",
        (
            "capacity_month",
            "resource_pool_id",
            "resource_pool_name",
            "sub_tower_name",
            "capacity_unit",
            "capacity_quantity",
            "used_quantity",
        ),
        _capacity_rows(model),
        counts,
    )


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def parse_start_month(value: str) -> int:
    """'YYYY-MM' -> absolute month number; ValueError if malformed."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise ValueError(f"start month must look like YYYY-MM (e.g. 2024-01), got {value!r}")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def validate(seed: int, scale: float, months: int, start_month: str) -> int:
    """Check the arguments; returns the absolute start month. Raises ValueError."""
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    if not math.isfinite(scale) or scale <= 0:
        raise ValueError(f"scale must be a positive number, got {scale}")
    if scale > 10_000:
        raise ValueError(f"scale must be at most 10000, got {scale}")
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months}")
    if months > 1_200:
        raise ValueError(f"months must be at most 1200, got {months}")
    start = parse_start_month(start_month)
    if start + months + 2 > 9999 * 12:
        raise ValueError("the generated months must end before the year 9999")
    return start


def generate(
    out_dir: str | os.PathLike[str],
    seed: int = 42,
    scale: float = 1.0,
    months: int = 24,
    start_month: str = "2024-01",
    *,
    progress: bool = False,
    cloud_scale: float = 1.0,
) -> dict[str, int]:
    """Write all raw exports under out_dir; returns data rows written per file (relative path).

    cloud_scale multiplies the cloud-bill lines on top of scale (the benchmark's scale L uses it
    to reach 50 million bill lines beside 10 million GL lines)."""
    if cloud_scale <= 0:
        raise ValueError(f"cloud_scale must be positive, got {cloud_scale}")
    start = validate(seed, scale, months, start_month)
    out = Path(out_dir)
    for folder in OWNED_FOLDERS:
        target = out / folder
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        target.mkdir(parents=True)

    model = _build_model(seed, scale, months, start)
    counts: dict[str, int] = {}
    _write_reference_files(model, out / REFERENCE_FOLDER, counts)

    counters = _Counters(sap={}, ns_internal=88_000, ns_document={})
    sap_files = _SapFiles(out / SAP_FOLDER, counts)
    pending: dict[str, tuple[Lines | None, list[str]]] = {e: (None, []) for e in SAP_ENTITIES}
    try:
        for t in tqdm(
            range(months), desc="months", unit="month", file=sys.stderr, disable=not progress
        ):
            for entity_id in ENTITY_IDS:
                _generate_entity_month(
                    model, ENTITIES[entity_id], t, counters, sap_files, pending, out, counts
                )
    finally:
        sap_files.close()
    # The cloud bills (cloud/aws_cur2, aws_cur, azure, gcp, focus), consistent with the GL's
    # cloud postings just written. Their row counts are not part of the returned counts; see
    # scripts/generate_cloud_bills.py.
    from scripts import generate_cloud_bills

    generate_cloud_bills.generate(out, seed=seed, scale=scale * cloud_scale)
    # Quarterly business reviews as free text, with their labels (documents/business_reviews);
    # not part of the returned counts. See scripts/generate_business_reviews.py.
    from scripts import generate_business_reviews

    generate_business_reviews.write_business_reviews(out, seed=seed, months=months, start_month=start_month)
    return dict(sorted(counts.items()))


def _generate_entity_month(
    model: _Model,
    entity: Entity,
    t: int,
    counters: _Counters,
    sap_files: _SapFiles,
    pending: dict[str, tuple[Lines | None, list[str]]],
    out: Path,
    counts: dict[str, int],
) -> None:
    rng = np.random.default_rng([model.seed, 2, t, ENTITY_IDS.index(entity.entity_id)])
    ctx = _Month(model=model, entity=entity, t=t, rng=rng, texts=_Texts())
    is_sap = entity.erp_system == "sap_s4hana"
    # Forced messiness so that even a small run has every kind of it
    # (in the first month, or a fixed month: never one that depends on the number of months,
    # so that a run of N months is the prefix of a run of N + 1 months).
    forced_credit = int(t == 0)
    forced_duplicate = int(
        (entity.entity_id == "1000" and t == 0) or (entity.entity_id == "2000" and t == 1)
    )
    if is_sap:
        forced_defects = [
            k
            for k, e in zip(range(3), ("1000", "2000", "1000"), strict=True)
            if e == entity.entity_id and t == 0
        ]
    else:
        forced_defects = [k for k in range(3) if t == 0]

    regular, it_invoices = _stream_lines(ctx)
    parts = [regular, _credit_memos(ctx, regular, it_invoices, forced_credit)]
    duplicates = _empty_lines()
    if is_sap:
        duplicates = _duplicates(ctx, regular, it_invoices, forced_duplicate)
        parts.append(duplicates)
        previous, previous_belnr = pending[entity.entity_id]
        parts.append(_reversals(ctx, previous, previous_belnr))
        parts.extend(_special_sap_documents(ctx))
    parts.append(_asset_purchases(ctx))
    parts.append(_depreciation(ctx))

    # Remember which documents of the concatenation are the duplicates (to reverse next month).
    offsets = np.cumsum([0, *(int(p["doc"].max()) + 1 if len(p["doc"]) else 0 for p in parts)])
    duplicate_offset = int(offsets[2]) if is_sap else -1
    n_duplicate_docs = int(duplicates["doc"].max()) + 1 if len(duplicates["doc"]) else 0
    lines = _concat(parts)

    year = _year_month(ctx.m)[0]
    if is_sap:
        table, order, belnr = _format_sap(ctx, lines, counters)
        rows, defects = _choose_defects(ctx, lines["pick"][order], forced_defects)
        table = _apply_defects(table, rows, defects, year, "sap")
        gjahr = table.column("GJAHR")
        for fiscal_year in sorted({int(y) for y in pc.unique(gjahr).to_pylist()}):
            sap_files.write(
                entity.entity_id,
                fiscal_year,
                table.filter(pc.equal(gjahr, str(fiscal_year))),
            )
        if n_duplicate_docs:
            pending[entity.entity_id] = (
                duplicates,
                [f"{belnr[duplicate_offset + d]}/{year}" for d in range(n_duplicate_docs)],
            )
        else:
            pending[entity.entity_id] = (None, [])
    else:
        table, order = _format_netsuite(ctx, lines, counters)
        rows, defects = _choose_defects(ctx, lines["pick"][order], forced_defects)
        table = _apply_defects(table, rows, defects, year, "netsuite")
        month = _year_month(ctx.m)[1]
        name = f"netsuite_gl_{year:04d}{month:02d}.csv"
        pa_csv.write_csv(table, out / NETSUITE_FOLDER / name, write_options=_WRITE_OPTIONS)
        counts[f"{NETSUITE_FOLDER}/{name}"] = table.num_rows


def summarise(counts: dict[str, int]) -> str:
    """Small table: one row per reference file, one row per GL folder."""
    groups: dict[str, tuple[int, int]] = {}
    for path, rows in counts.items():
        folder = path.rsplit("/", 1)[0]
        key = path if folder == REFERENCE_FOLDER else f"{folder}/ ({{n}} files)"
        files, total = groups.get(key, (0, 0))
        groups[key] = (files + 1, total + rows)
    labels = {key: key.format(n=files) for key, (files, _) in groups.items()}
    width = max(len(label) for label in labels.values())
    lines = [f"{'file':<{width}}  {'rows':>10}", f"{'-' * width}  {'-' * 10}"]
    for key, (_, total) in groups.items():
        lines.append(f"{labels[key]:<{width}}  {total:>10,}")
    lines.append(f"{'total':<{width}}  {sum(counts.values()):>10,}")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="generate_sample_data.py",
        description="Write deterministic sample raw exports (SAP ACDOCA, NetSuite GL, reference "
        "data) of the fictional manufacturer Meridian Industries, as in docs/raw_exports.md.",
    )
    parser.add_argument(
        "--out",
        default=os.environ.get("BTIM_RAW_PATH") or "data/raw",
        help="raw folder to write into (default: $BTIM_RAW_PATH or data/raw); only "
        "erp/sap_acdoca, erp/netsuite_gl and reference are replaced",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiplies the number of GL lines, about 1,000 a month at 1 (default: 1.0)",
    )
    parser.add_argument("--months", type=int, default=24, help="number of months (default: 24)")
    parser.add_argument(
        "--start-month", default="2024-01", help="first month, YYYY-MM (default: 2024-01)"
    )
    parser.add_argument(
        "--cloud-scale",
        type=float,
        default=1.0,
        help="multiplies the cloud-bill lines on top of --scale (default: 1.0)",
    )
    parser.add_argument(
        "--profile",
        choices=("default", "cn"),
        default="default",
        help="default: Meridian Industries (SAP, NetSuite; USD); cn: its Chinese group (Kingdee, "
        "Yonyou, Alibaba Cloud; CNY; GBK files; build with --vars '{reporting_currency: CNY}'), "
        "see scripts/generate_sample_data_cn.py (default: default)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        validate(args.seed, args.scale, args.months, args.start_month)
    except ValueError as error:
        parser.error(str(error))  # exits with status 2
    try:
        if args.profile == "cn":
            from scripts import generate_sample_data_cn

            counts = generate_sample_data_cn.generate(
                args.out, args.seed, args.scale, args.months, args.start_month, progress=True
            )
        else:
            counts = generate(
                args.out, args.seed, args.scale, args.months, args.start_month, progress=True,
                cloud_scale=args.cloud_scale,
            )
    except OSError as error:
        print(f"error: cannot write to {args.out}: {error}", file=sys.stderr)
        return 1
    print(f"Wrote sample data to {args.out}")
    print(summarise(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
