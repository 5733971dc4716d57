"""The carbon seeds are exactly what scripts/build_carbon_seeds.py derives from the CCF copy."""

from __future__ import annotations

import csv
from pathlib import Path

from scripts import build_carbon_seeds

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = REPO_ROOT / "tests/fixtures/cloud_carbon_coefficients"


def test_committed_seeds_equal_a_fresh_build(tmp_path) -> None:
    counts = build_carbon_seeds.build(FIXTURE, tmp_path)
    for name in build_carbon_seeds.SEEDS:
        assert (tmp_path / name).read_bytes() == (REPO_ROOT / "seeds/reference" / name).read_bytes(), name
    assert counts["carbon_grid_emission_factors.csv"] > 60


def test_values_are_converted_from_the_published_files(tmp_path) -> None:
    build_carbon_seeds.build(FIXTURE, tmp_path)
    with (tmp_path / "carbon_grid_emission_factors.csv").open() as handle:
        grid = {(r["provider"], r["region_id"]): float(r["kgco2e_per_kwh"]) for r in csv.DictReader(handle)}
    # us-east-2: 0.000440187 metric ton per kWh in the fixture -> kg
    assert grid[("aws", "us-east-2")] == 0.440187
    assert ("azure", "eastus2") in grid  # display name 'East US 2' spelled as FOCUS RegionId
    with (tmp_path / "carbon_cpu_power_coefficients.csv").open() as handle:
        cpu = {(r["provider"], r["architecture"]): r for r in csv.DictReader(handle)}
    assert {p for p, a in cpu if a == "unknown"} == {"aws", "azure", "gcp"}
    assert all(float(r["min_watts_per_vcpu"]) < float(r["max_watts_per_vcpu"]) for r in cpu.values())
    with (tmp_path / "carbon_embodied_coefficients.csv").open() as handle:
        embodied = {(r["provider"], r["instance_type"]): r for r in csv.DictReader(handle)}
    assert embodied[("aws", "a1.medium")]["embodied_kgco2e"] == "1022.21"
    assert embodied[("aws", "a1.medium")]["instance_vcpus"] == "1"


def test_bad_fixture_folder_is_a_clear_error(tmp_path, capsys) -> None:
    assert build_carbon_seeds.main(["--fixture", str(tmp_path / "missing"), "--out", str(tmp_path)]) == 1
    assert "cannot build the carbon seeds" in capsys.readouterr().err


def test_grid_factors_written_without_their_decimal_point_are_read_as_fractions(tmp_path) -> None:
    # The published Azure file has `000077` (Finland Central) and `000402` (Germany West
    # Central) metric tons per kWh; read as whole numbers they were 77,000 and 402,000 kg/kWh.
    build_carbon_seeds.build(FIXTURE, tmp_path)
    with (tmp_path / "carbon_grid_emission_factors.csv").open() as handle:
        grid = {(r["provider"], r["region_id"]): float(r["kgco2e_per_kwh"]) for r in csv.DictReader(handle)}
    assert grid[("azure", "finlandcentral")] == 0.077
    assert grid[("azure", "germanywestcentral")] == 0.402
    assert max(grid.values()) < 2, "no grid emits more than a couple of kg CO2e per kWh"


def test_instance_types_carry_vcpus_memory_and_a_single_known_architecture(tmp_path) -> None:
    build_carbon_seeds.build(FIXTURE, tmp_path)
    with (tmp_path / "carbon_cloud_instance_types.csv").open() as handle:
        types = {(r["provider"], r["instance_type"]): r for r in csv.DictReader(handle)}
    # m5.large: 2 vCPUs, 8 GB on a Xeon Platinum 8175M (Skylake-SP, CCF's AWS "Sky Lake")
    assert (types[("aws", "m5.large")]["vcpus"], types[("aws", "m5.large")]["memory_gb"]) == ("2", "8")
    assert types[("aws", "m5.large")]["architecture"] == "Sky Lake"
    # D4s v3 runs on four micro-architectures: none is chosen, the provider's median applies
    assert types[("azure", "D4s v3")]["architecture"] == ""
    assert types[("gcp", "n2-standard-4")]["memory_gb"] == "16"
    with (tmp_path / "carbon_cpu_power_coefficients.csv").open() as handle:
        watts = {(r["provider"], r["architecture"]) for r in csv.DictReader(handle)}
    assert all((p, r["architecture"]) in watts for (p, _), r in types.items() if r["architecture"])
