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
    assert {row["usage_measure"] for row in units} == {"instance_hours", "gb_months", "gb", "gb_hours"}


def test_the_adapter_is_the_default() -> None:
    project = yaml.safe_load((REPO_ROOT / "dbt_project.yml").read_text(encoding="utf-8"))
    model = project["vars"]["carbon_cloud_usage_model"]
    assert (REPO_ROOT / "models/intermediate/carbon" / f"{model}.sql").exists()


def test_instance_types_the_bills_name_are_in_ccfs_lists_but_one() -> None:
    """The generator's instance types reach the vCPU, memory and embodied seeds once spelled as
    CCF spells them (as the classification model does); m7i.large is deliberately newer than
    the lists, so the vCPU assumption is exercised."""
    from scripts import generate_cloud_bills

    known = {(row["provider"], row["instance_type"]) for row in read("carbon_cloud_instance_types.csv")}
    embodied = {(row["provider"], row["instance_type"]) for row in read("carbon_embodied_coefficients.csv")}
    providers = {row["provider_name"]: row["provider"] for row in read("carbon_cloud_usage_assumptions.csv")}
    missing = set()
    for bill in generate_cloud_bills.BILLS:
        for service in bill.services:
            for name, _ in service.instance_types:
                provider = providers[bill.provider]
                ccf = name.removeprefix("Standard_").replace("_", " ") if provider == "azure" else name.removeprefix("ml.")
                if (provider, ccf) not in known:
                    missing.add(name)
                else:
                    assert (provider, ccf) in embodied, name
    assert missing == {"m7i.large"}


@pytest.mark.slow
def test_cloud_emissions_appear_follow_the_method_and_are_conserved(built_warehouse) -> None:
    con = built_warehouse.connect()
    try:
        lines = con.execute("""
            select carbon_estimate_method, provider, instance_type, cast(consumed_quantity as double),
                cast(usage_quantity as double), cast(memory_gb_hours as double)
            from intermediate.int_cloud_charges_classified_for_carbon
            where usage_kind = 'compute' and consumed_unit in ('Hrs', '1 Hour', 'hour')""").fetchall()
        types = {(p, t): (v, m) for p, t, v, m in con.execute("""
            select provider, instance_type, vcpus, memory_gb from seeds.carbon_cloud_instance_types""").fetchall()}
        assumed = dict(con.execute("select provider, vcpus_per_instance_hour from seeds.carbon_cloud_usage_assumptions").fetchall())
        compute = con.execute("""
            select emissions.instance_type, cast(emissions.usage_quantity as double), cast(emissions.energy_kwh as double),
                cast(emissions.operational_kgco2e as double), cast(emissions.embodied_kgco2e as double),
                emissions.region_id, types.architecture
            from intermediate.int_cloud_usage_emissions_estimated as emissions
            left join seeds.carbon_cloud_instance_types as types
                on emissions.provider = types.provider and emissions.instance_type = types.instance_type
            where emissions.usage_kind = 'compute' and emissions.provider = 'aws' and emissions.estimate_issue is null""").fetchall()
        grid = dict(con.execute("""
            select region_id, cast(kgco2e_per_kwh as double) from seeds.carbon_grid_emission_factors
            where provider = 'aws'""").fetchall())
        watts = {a: (lo, hi) for a, lo, hi in con.execute("""
            select architecture, cast(min_watts_per_vcpu as double), cast(max_watts_per_vcpu as double)
            from seeds.carbon_cpu_power_coefficients where provider = 'aws'""").fetchall()}
        servers = {t: (platform, kg) for t, platform, kg in con.execute("""
            select instance_type, platform_vcpus, embodied_kgco2e from seeds.carbon_embodied_coefficients
            where provider = 'aws'""").fetchall()}
        pue, life = con.execute(
            "select cast(pue as double), server_lifespan_hours from seeds.carbon_cloud_constants where provider = 'aws'").fetchone()
        mart, embodied, estimate = con.execute("""
            select
                (select cast(sum(total_kgco2e) as double) from technology.fct_carbon_footprint_monthly where emission_source = 'cloud'),
                (select cast(sum(embodied_kgco2e) as double) from technology.fct_carbon_footprint_monthly where emission_source = 'cloud'),
                (select cast(sum(operational_kgco2e + embodied_kgco2e) as double) from intermediate.int_cloud_usage_emissions_estimated)
                + (select coalesce(cast(sum(operational_kgco2e + embodied_kgco2e) as double), 0)
                   from intermediate.int_cloud_spend_emissions_estimated)
        """).fetchone()
        methods = dict(con.execute("""
            select coalesce(carbon_estimate_method, 'left out'), count(*)
            from intermediate.int_cloud_charges_classified_for_carbon group by 1""").fetchall())
    finally:
        con.close()
    # vCPUs (and memory) per instance-hour from the instance type; the assumption only without one
    assert {method for method, *_ in lines} == {"usage_instance_type", "usage_assumed_vcpus"}
    for method, provider, instance_type, hours, vcpu_hours, memory_gb_hours in lines:
        if method == "usage_instance_type":
            vcpus, memory = types[(provider, instance_type)]
            assert vcpu_hours == pytest.approx(hours * vcpus, rel=1e-9)
            assert memory_gb_hours == pytest.approx(hours * memory, rel=1e-9)
        else:
            assert (provider, instance_type) not in types
            assert vcpu_hours == pytest.approx(hours * assumed[provider], rel=1e-9)
            assert memory_gb_hours is None
    # CCF compute: watts of the architecture (median when unknown); embodied share by instance type
    assert compute
    for instance_type, quantity, energy, operational, embodied_row, region, architecture in compute:
        low, high = watts[architecture or "unknown"]
        expected_kwh = quantity * (low + 0.5 * (high - low)) / 1000 * pue
        assert energy == pytest.approx(expected_kwh, abs=1e-6)
        assert operational == pytest.approx(expected_kwh * grid[region], abs=1e-6)
        if instance_type in servers:
            platform, kg = servers[instance_type]
            assert embodied_row == pytest.approx(kg * quantity / platform / life, abs=1e-6)
        else:
            assert embodied_row == 0
    assert estimate > 0
    assert mart == pytest.approx(estimate, rel=1e-6)
    assert 0 < embodied < mart
    assert methods.get("spend", 0) > 0  # e.g. Azure's unused reservation: cost, no usage
    assert methods["left out"] > 0  # tokens, metrics, scanned TB and purchases are left out
