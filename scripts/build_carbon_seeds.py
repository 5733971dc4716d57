"""Build the carbon seeds (seeds/reference/carbon_*.csv) from the Cloud Carbon Footprint coefficients.

Reads the unchanged copy of cloud-carbon-coefficients in tests/fixtures/cloud_carbon_coefficients
(Apache-2.0) and writes, in the units the models use:

* carbon_grid_emission_factors.csv: provider, region_id, region_name, kgco2e_per_kwh
* carbon_cpu_power_coefficients.csv: provider, architecture, min_watts_per_vcpu, max_watts_per_vcpu
  (plus an ``unknown`` row per provider: the median over its architectures, used when the
  architecture of a usage row is unknown; the median, as CCF does, keeps the old Ivy Bridge
  and Sandy Bridge outliers from inflating the estimate)
* carbon_embodied_coefficients.csv: provider, instance_type, instance_vcpus, platform_vcpus,
  embodied_kgco2e (mean over the micro-architectures an instance type runs on)
* carbon_cloud_instance_types.csv: provider, instance_type, vcpus, memory_gb, architecture (the
  instance lists' vCPUs and memory as published; the architecture is the CCF micro-architecture
  when the type runs on exactly one, named as in the watts coefficients: for AWS derived from
  the platform CPU model by CCF's Appendix I processor list; empty when unknown or several)

The method constants (PUE, storage, network and memory coefficients, utilisation, lifespan) are
in carbon_cloud_constants.csv, written by hand from the CCF methodology page.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURE = REPO_ROOT / "tests/fixtures/cloud_carbon_coefficients"
PROVIDERS = ("aws", "azure", "gcp")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float:
    return float(text.strip().replace(",", "."))


def _tonnes_per_kwh(text: str) -> float:
    """A grid factor in metric tons per kWh. The published Azure file writes two factors without
    their decimal point (Finland Central `000077`, Germany West Central `000402`); a factor is
    always well below 1 t/kWh, so digits with a leading zero and no separator are read as
    `0.` followed by them (0.000077, 0.000402: the EEA values of those grids)."""
    cleaned = text.strip()
    if cleaned.isdigit() and cleaned.startswith("0") and len(cleaned) > 1:
        return float("0." + cleaned)
    return _number(cleaned)


def region_id(provider: str, region: str) -> str:
    """FOCUS RegionId spelling: Azure display names 'East US 2' -> 'eastus2'; others as published."""
    return region.lower().replace(" ", "") if provider == "azure" else region.strip()


def grid_factors(fixture: Path) -> list[list[str]]:
    rows = []
    for provider in PROVIDERS:
        for row in _rows(fixture / f"data/grid-emissions-factors-{provider}.csv"):
            tonnes = _tonnes_per_kwh(row["CO2e (metric ton/kWh)"])
            rows.append([provider, region_id(provider, row["Region"]), row["Region"].strip(), f"{tonnes * 1000:.9g}"])
    return sorted(rows)


def cpu_coefficients(fixture: Path) -> list[list[str]]:
    rows = []
    for provider in PROVIDERS:
        found = _rows(fixture / f"output/coefficients-{provider}-use.csv")
        mins = [_number(r["Min Watts"]) for r in found]
        maxs = [_number(r["Max Watts"]) for r in found]
        for r in found:
            rows.append([provider, r["Architecture"].strip(), f"{_number(r['Min Watts']):.9g}", f"{_number(r['Max Watts']):.9g}"])
        rows.append([provider, "unknown", f"{statistics.median(mins):.9g}", f"{statistics.median(maxs):.9g}"])
    return sorted(rows)


def embodied_coefficients(fixture: Path) -> list[list[str]]:
    vcpus: dict[tuple[str, str], tuple[float, float]] = {}
    for row in _rows(fixture / "data/aws-instances.csv"):
        try:
            vcpus[("aws", row["Instance type"].strip())] = (
                _number(row["Instance vCPU"]), _number(row["Platform Total Number of vCPU"]))
        except ValueError:
            continue
    for provider, type_column in (("azure", "Virtual Machine"), ("gcp", "Machine type")):
        for row in _rows(fixture / f"data/{provider}-instances.csv"):
            try:
                vcpus[(provider, row[type_column].strip())] = (
                    _number(row["Instance vCPUs"]), _number(row["Platform vCPUs (highest vCPU possible)"]))
            except ValueError:
                continue
    totals: dict[tuple[str, str], list[float]] = defaultdict(list)
    for provider in PROVIDERS:
        for row in _rows(fixture / f"output/coefficients-{provider}-embodied.csv"):
            totals[(provider, row["type"].strip())].append(_number(row["total"]))
    rows = []
    for key, values in sorted(totals.items()):
        if key not in vcpus or vcpus[key][1] <= 0:
            continue
        instance, platform = vcpus[key]
        rows.append([key[0], key[1], f"{instance:g}", f"{platform:g}", f"{sum(values) / len(values):.6g}"])
    return rows


# AWS platform CPU model -> CCF micro-architecture, as CCF's methodology (Appendix I) lists the
# processors of each AWS instance family. Ice Lake (Xeon Platinum 8375C) has no AWS watts
# coefficients, so it stays unknown and the provider's median applies.
AWS_CPU_ARCHITECTURES = {
    "Core i7-8700B": "Coffee Lake",
    "EPYC 7571": "EPYC 1st Gen",
    "EPYC 7R32": "EPYC 2nd Gen",
    "Graviton": "Graviton",
    "Graviton2": "Graviton2",
    "Xeon E5-2650": "Sandy Bridge",
    "Xeon E5-2665": "Sandy Bridge",
    "Xeon E5-2670": "Sandy Bridge",
    "Xeon E5-2651 v2": "Ivy Bridge",
    "Xeon E5-2670 v2": "Ivy Bridge",
    "Xeon E5-2680 v2": "Ivy Bridge",
    "Xeon E5-2666 v3": "Haswell",
    "Xeon E5-2676 v3": "Haswell",
    "Xeon E7-8880 v3": "Haswell",
    "Xeon E5-2686 v4": "Broadwell",
    "Xeon Platinum 8124M": "Sky Lake",
    "Xeon Platinum 8151": "Sky Lake",
    "Xeon Platinum 8175M": "Sky Lake",
    "Xeon Platinum 8176M": "Sky Lake",
    "Xeon Platinum 8252C": "Cascade Lake",
    "Xeon Platinum 8259CL": "Cascade Lake",
    "Xeon Platinum 8275CL": "Cascade Lake",
}


def instance_types(fixture: Path) -> list[list[str]]:
    """vCPUs, memory (GB) and, when single and known, the CCF architecture of each instance type."""
    found: dict[tuple[str, str], tuple[float, float, set[str]]] = {}

    def add(key: tuple[str, str], vcpus: str, memory: str, architecture: str | None) -> None:
        try:
            values = (_number(vcpus), _number(memory))
        except ValueError:
            return
        if values[0] <= 0:
            return
        known = {architecture} if architecture and architecture.lower() != "unknown" else set()
        if key in found:
            known |= found[key][2]
        found[key] = (*values, known)

    for row in _rows(fixture / "data/aws-instances.csv"):
        add(("aws", row["Instance type"].strip()), row["Instance vCPU"], row["Instance Memory (in GB)"],
            AWS_CPU_ARCHITECTURES.get(row["Platform CPU Name"].strip()))
    for provider, type_column in (("azure", "Virtual Machine"), ("gcp", "Machine type")):
        for row in _rows(fixture / f"data/{provider}-instances.csv"):
            add((provider, row[type_column].strip()), row["Instance vCPUs"], row["Instance Memory"],
                row["Microarchitecture"].strip())
    watts = {(r[0], r[1]) for r in cpu_coefficients(fixture)}
    rows = []
    for (provider, name), (vcpus, memory, architectures) in sorted(found.items()):
        architecture = next(iter(architectures)) if len(architectures) == 1 else ""
        if (provider, architecture) not in watts:
            architecture = ""
        rows.append([provider, name, f"{vcpus:g}", f"{memory:g}", architecture])
    return rows


SEEDS = {
    "carbon_grid_emission_factors.csv": (("provider", "region_id", "region_name", "kgco2e_per_kwh"), grid_factors),
    "carbon_cpu_power_coefficients.csv": (
        ("provider", "architecture", "min_watts_per_vcpu", "max_watts_per_vcpu"), cpu_coefficients),
    "carbon_embodied_coefficients.csv": (
        ("provider", "instance_type", "instance_vcpus", "platform_vcpus", "embodied_kgco2e"), embodied_coefficients),
    "carbon_cloud_instance_types.csv": (
        ("provider", "instance_type", "vcpus", "memory_gb", "architecture"), instance_types),
}


def build(fixture: Path, out_dir: Path) -> dict[str, int]:
    """Write the derived seeds; returns rows per file."""
    counts = {}
    for name, (header, make) in SEEDS.items():
        rows = make(fixture)
        with (out_dir / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        counts[name] = len(rows)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_carbon_seeds.py", description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", type=Path, default=FIXTURE, help="copy of cloud-carbon-coefficients")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "seeds/reference", help="seed folder to write")
    args = parser.parse_args(argv)
    try:
        counts = build(args.fixture, args.out)
    except (OSError, KeyError, ValueError) as error:
        print(f"error: cannot build the carbon seeds from {args.fixture}: {error}", file=sys.stderr)
        return 1
    for name, rows in counts.items():
        print(f"{name}: {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
