"""Cloud carbon: the bills reach the Cloud Carbon Footprint method through the default adapter
(models/intermediate/carbon/int_cloud_charges_prepared_for_carbon.sql). The arithmetic of each
model is unit-tested in dbt (models/intermediate/carbon/_carbon__intel__models.yml); here: the
assumption seeds are consistent, and on the built sample the cloud emissions appear, follow the
method and are conserved."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE = REPO_ROOT / "seeds/reference"


def read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_assumptions_name_ccf_providers_and_say_they_are_assumptions() -> None:
    providers = {row["provider"] for row in read("carbon_cloud_constants.csv")}
    assumptions = read("carbon_cloud_usage_assumptions.csv")
    assert {row["provider"] for row in assumptions} == providers
    assert len({row["provider_name"] for row in assumptions}) == len(assumptions)
    for row in assumptions:
        assert row["source"].startswith("ASSUMPTION"), row
        assert float(row["vcpus_per_instance_hour"]) > 0
        assert row["default_storage_kind"] in {"storage_hdd", "storage_ssd"}


def test_units_are_lower_case_and_unique() -> None:
    units = read("carbon_cloud_usage_units.csv")
    spellings = [row["consumed_unit"] for row in units]
    assert spellings == [s.strip().lower() for s in spellings]
    assert len(set(spellings)) == len(spellings)
    assert {row["usage_measure"] for row in units} == {"instance_hours", "gb_months", "gb"}


def test_the_adapter_is_the_default() -> None:
    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    model = project["vars"]["carbon_cloud_usage_model"]
    assert (REPO_ROOT / "models/intermediate/carbon" / f"{model}.sql").exists()


@pytest.mark.slow
def test_cloud_emissions_appear_follow_the_method_and_are_conserved(built_warehouse) -> None:
    con = built_warehouse.connect()
    try:
        instance_hours = con.execute("""
            select cast(sum(consumed_quantity) as double) from intermediate.int_cloud_charges_classified_for_carbon
            where usage_kind = 'compute' and provider = 'aws'""").fetchone()[0]
        vcpu_hours = con.execute("""
            select cast(sum(usage_quantity) as double) from intermediate.int_cloud_usage_for_carbon
            where usage_kind = 'compute' and provider = 'aws'""").fetchone()[0]
        compute = con.execute("""
            select cast(usage_quantity as double), cast(energy_kwh as double), cast(operational_kgco2e as double),
                region_id
            from intermediate.int_cloud_usage_emissions_estimated
            where usage_kind = 'compute' and provider = 'aws' and estimate_issue is null""").fetchall()
        grid = dict(con.execute("""
            select region_id, cast(kgco2e_per_kwh as double) from seeds.carbon_grid_emission_factors
            where provider = 'aws'""").fetchall())
        watts = con.execute("""
            select cast(min_watts_per_vcpu as double), cast(max_watts_per_vcpu as double) from seeds.carbon_cpu_power_coefficients
            where provider = 'aws' and architecture = 'unknown'""").fetchone()
        pue = con.execute("select cast(pue as double) from seeds.carbon_cloud_constants where provider = 'aws'").fetchone()[0]
        mart, estimate = con.execute("""
            select
                (select cast(sum(total_kgco2e) as double) from technology.fct_carbon_footprint_monthly where emission_source = 'cloud'),
                (select cast(sum(operational_kgco2e + embodied_kgco2e) as double) from intermediate.int_cloud_usage_emissions_estimated)
        """).fetchone()
        excluded = con.execute("""
            select count(*) from intermediate.int_cloud_charges_classified_for_carbon
            where carbon_exclusion_reason is not null""").fetchone()[0]
    finally:
        con.close()
    assert instance_hours > 0
    assert vcpu_hours == pytest.approx(2 * instance_hours, rel=1e-9)  # 2 vCPUs per instance-hour (assumption)
    assert compute
    for quantity, energy, operational, region in compute:
        expected_kwh = quantity * (watts[0] + 0.5 * (watts[1] - watts[0])) / 1000 * pue
        assert energy == pytest.approx(expected_kwh, abs=1e-6)
        assert operational == pytest.approx(expected_kwh * grid[region], abs=1e-6)
    assert estimate > 0
    assert mart == pytest.approx(estimate, rel=1e-6)
    assert excluded > 0  # tokens, metrics, scanned TB and charges without quantity are left out
