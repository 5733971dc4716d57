-- The spend fallback of the cloud carbon estimate, one row per fiscal month x provider x region
-- x service category x sub-tower x solution: the energy and emissions of the Usage lines that
-- int_cloud_charges_classified_for_carbon could not measure by their usage
-- (carbon_estimate_method = 'spend'), at the energy and kgCO2e per reporting-currency unit of
-- the measured lines of the same provider and service category in the same month:
--   per-unit factor   (energy, operational, embodied of the measured lines) / their effective cost
--   estimate          the line's effective cost (reporting currency) x the factor
-- A measured line's emissions are its share of its row of int_cloud_usage_emissions_estimated
-- by quantity (every unit of a row has the same coefficients, so the share is exact), its
-- memory row included. The factors need the default adapter (var carbon_cloud_usage_model =
-- int_cloud_charges_prepared_for_carbon); with another one no measured line matches and no
-- spend is estimated.

with classified_charges as (

    select * from {{ ref('int_cloud_charges_classified_for_carbon') }}

),

usage_emissions as (

    select * from {{ ref('int_cloud_usage_emissions_estimated') }}

),

measured_usage as (

    select
        x_charge_id,
        fiscal_month,
        provider,
        region_id,
        service_category,
        usage_kind,
        case when usage_kind = 'compute' then instance_type end as instance_type,
        usage_quantity,
        coalesce(sub_tower_id, 'unallocated') as sub_tower_id,
        coalesce(solution_id, 'unallocated') as solution_id
    from classified_charges
    where carbon_estimate_method in ('usage_instance_type', 'usage_assumed_vcpus', 'usage')

    union all

    select
        x_charge_id,
        fiscal_month,
        provider,
        region_id,
        service_category,
        'memory' as usage_kind,
        instance_type,
        memory_gb_hours as usage_quantity,
        coalesce(sub_tower_id, 'unallocated') as sub_tower_id,
        coalesce(solution_id, 'unallocated') as solution_id
    from classified_charges
    where
        carbon_estimate_method = 'usage_instance_type'
        and memory_gb_hours is not null

),

measured_usage_shared as (

    select
        measured_usage.*,
        measured_usage.usage_quantity / sum(measured_usage.usage_quantity) over (
            partition by
                measured_usage.fiscal_month,
                measured_usage.provider,
                measured_usage.region_id,
                measured_usage.usage_kind,
                measured_usage.instance_type,
                measured_usage.sub_tower_id,
                measured_usage.solution_id
        ) as usage_share
    from measured_usage

),

measured_line_emissions as (

    select
        measured_usage_shared.fiscal_month,
        measured_usage_shared.provider,
        measured_usage_shared.service_category,
        sum(usage_emissions.energy_kwh * measured_usage_shared.usage_share) as energy_kwh,
        sum(usage_emissions.operational_kgco2e * measured_usage_shared.usage_share) as operational_kgco2e,
        sum(usage_emissions.embodied_kgco2e * measured_usage_shared.usage_share) as embodied_kgco2e
    from measured_usage_shared
    inner join usage_emissions
        on
            measured_usage_shared.fiscal_month = usage_emissions.fiscal_month
            and measured_usage_shared.provider = usage_emissions.provider
            and measured_usage_shared.region_id = usage_emissions.region_id
            and measured_usage_shared.usage_kind = usage_emissions.usage_kind
            and coalesce(measured_usage_shared.instance_type, '') = coalesce(usage_emissions.instance_type, '')
            and measured_usage_shared.sub_tower_id = usage_emissions.sub_tower_id
            and measured_usage_shared.solution_id = usage_emissions.solution_id
    group by
        measured_usage_shared.fiscal_month,
        measured_usage_shared.provider,
        measured_usage_shared.service_category

),

measured_cost as (

    select
        fiscal_month,
        provider,
        service_category,
        sum(cost_reporting) as cost_reporting
    from classified_charges
    where carbon_estimate_method in ('usage_instance_type', 'usage_assumed_vcpus', 'usage')
    group by fiscal_month, provider, service_category

),

spend_factors as (

    select
        measured_cost.fiscal_month,
        measured_cost.provider,
        measured_cost.service_category,
        cast(measured_line_emissions.energy_kwh as double) / measured_cost.cost_reporting as kwh_per_spend,
        cast(measured_line_emissions.operational_kgco2e as double) / measured_cost.cost_reporting
            as operational_kgco2e_per_spend,
        cast(measured_line_emissions.embodied_kgco2e as double) / measured_cost.cost_reporting
            as embodied_kgco2e_per_spend
    from measured_cost
    inner join measured_line_emissions
        on
            measured_cost.fiscal_month = measured_line_emissions.fiscal_month
            and measured_cost.provider = measured_line_emissions.provider
            and measured_cost.service_category = measured_line_emissions.service_category
    where measured_cost.cost_reporting > 0

),

spend_lines as (

    select
        fiscal_month,
        provider,
        region_id,
        service_category,
        coalesce(sub_tower_id, 'unallocated') as sub_tower_id,
        coalesce(solution_id, 'unallocated') as solution_id,
        cost_reporting
    from classified_charges
    where carbon_estimate_method = 'spend'

),

spend_estimated as (

    select
        spend_lines.fiscal_month,
        spend_lines.provider,
        spend_lines.region_id,
        spend_lines.service_category,
        spend_lines.sub_tower_id,
        spend_lines.solution_id,
        sum(spend_lines.cost_reporting) as spend_reporting,
        round(sum(cast(spend_lines.cost_reporting as double) * spend_factors.kwh_per_spend), 9) as energy_kwh,
        round(sum(cast(spend_lines.cost_reporting as double) * spend_factors.operational_kgco2e_per_spend), 9)
            as operational_kgco2e,
        round(sum(cast(spend_lines.cost_reporting as double) * spend_factors.embodied_kgco2e_per_spend), 9)
            as embodied_kgco2e,
        count(*) as charge_lines
    from spend_lines
    inner join spend_factors
        on
            spend_lines.fiscal_month = spend_factors.fiscal_month
            and spend_lines.provider = spend_factors.provider
            and spend_lines.service_category = spend_factors.service_category
    group by
        spend_lines.fiscal_month,
        spend_lines.provider,
        spend_lines.region_id,
        spend_lines.service_category,
        spend_lines.sub_tower_id,
        spend_lines.solution_id

)

select * from spend_estimated
