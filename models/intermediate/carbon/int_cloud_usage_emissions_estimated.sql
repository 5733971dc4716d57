-- One row per row of int_cloud_usage_for_carbon: energy and emissions by the Cloud Carbon
-- Footprint method (cloudcarbonfootprint.org, methodology page):
--   compute   vCPU-hours x (min W + utilisation x (max W - min W)) / 1000 x PUE
--   storage   TB-hours x Wh per TB-hour (HDD 0.65, SSD 1.2) / 1000 x PUE
--   network   GB x 0.001 kWh per GB x PUE
--   memory    GB-hours x 0.000392 kWh per GB-hour x PUE
--   emissions kWh x grid factor of the region (kgCO2e per kWh)
--   embodied  (compute with a known instance type) server embodied kgCO2e
--             x vCPU-hours / platform vCPUs / server life in hours
--             (= time share x resource share, per instance-hour)
-- Unknown regions keep their energy and get no emissions (grid_factor_missing).

with usage as (

    select * from {{ ref('int_cloud_usage_for_carbon') }}

),

constants as (

    select * from {{ ref('carbon_cloud_constants') }}

),

cpu_coefficients as (

    select * from {{ ref('carbon_cpu_power_coefficients') }}

),

embodied_coefficients as (

    select * from {{ ref('carbon_embodied_coefficients') }}

),

grid_factors as (

    select * from {{ ref('carbon_grid_emission_factors') }}

),

usage_with_coefficients as (

    select
        usage.*,
        constants.pue,
        coalesce(usage.cpu_utilisation, constants.average_cpu_utilisation) as utilisation,
        constants.hdd_wh_per_tb_hour,
        constants.ssd_wh_per_tb_hour,
        constants.network_kwh_per_gb,
        constants.memory_kwh_per_gb_hour,
        constants.server_lifespan_hours,
        coalesce(known_cpu.min_watts_per_vcpu, unknown_cpu.min_watts_per_vcpu) as min_watts,
        coalesce(known_cpu.max_watts_per_vcpu, unknown_cpu.max_watts_per_vcpu) as max_watts,
        embodied_coefficients.embodied_kgco2e,
        embodied_coefficients.platform_vcpus,
        grid_factors.kgco2e_per_kwh
    from usage
    left join constants
        on usage.provider = constants.provider
    left join cpu_coefficients as known_cpu
        on
            usage.provider = known_cpu.provider
            and usage.architecture = known_cpu.architecture
    left join cpu_coefficients as unknown_cpu
        on
            usage.provider = unknown_cpu.provider
            and unknown_cpu.architecture = 'unknown'
    left join embodied_coefficients
        on
            usage.provider = embodied_coefficients.provider
            and usage.instance_type = embodied_coefficients.instance_type
    left join grid_factors
        on
            usage.provider = grid_factors.provider
            and usage.region_id = grid_factors.region_id

),

energy as (

    select
        *,
        case usage_kind
            when 'compute' then usage_quantity * (min_watts + utilisation * (max_watts - min_watts)) / 1000 * pue
            when 'storage_hdd' then usage_quantity * hdd_wh_per_tb_hour / 1000 * pue
            when 'storage_ssd' then usage_quantity * ssd_wh_per_tb_hour / 1000 * pue
            when 'network' then usage_quantity * network_kwh_per_gb * pue
            when 'memory' then usage_quantity * memory_kwh_per_gb_hour * pue
        end as energy_kwh,
        case
            when usage_kind = 'compute' and platform_vcpus > 0
                then embodied_kgco2e * usage_quantity / platform_vcpus / server_lifespan_hours
            else 0
        end as embodied_kgco2e_estimated
    from usage_with_coefficients

),

emissions as (

    select
        fiscal_month,
        provider,
        region_id,
        usage_kind,
        instance_type,
        sub_tower_id,
        solution_id,
        usage_quantity,
        round(coalesce(energy_kwh, 0), 9) as energy_kwh,
        round(coalesce(energy_kwh * kgco2e_per_kwh, 0), 9) as operational_kgco2e,
        round(embodied_kgco2e_estimated, 9) as embodied_kgco2e,
        case
            when pue is null then 'provider_unknown'
            when energy_kwh is null then 'usage_kind_unknown'
            when kgco2e_per_kwh is null then 'grid_factor_missing'
        end as estimate_issue
    from energy

)

select * from emissions
