-- The carbon view. One row per fiscal month x emission source x estimate method x location x
-- sub-tower x solution x consumer: energy (kWh) and emissions (kgCO2e, location-based) of IT,
-- operational (the electricity) and embodied (the servers' manufacturing) apart.
--   on_premises  the sites' power (int_data_center_power_estimated) follows the path the site's
--                cost takes: its share of the cost of the site's cost centre and sub-pool that
--                reached each sub-tower, solution and consumer; what did not reach a consumer
--                stays with sub-tower, solution and consumer `unallocated`
--   cloud        usage emissions by the Cloud Carbon Footprint method
--                (int_cloud_usage_emissions_estimated, estimate method cloud_usage) and the
--                spend fallback for lines without usable usage (int_cloud_spend_emissions_estimated,
--                cloud_spend), from the solution to consumers in the proportions of the
--                solution's cost that month
-- Emissions are conserved: for every month and location the rows add up to the estimate.

with site_power as (

    select * from {{ ref('int_data_center_power_estimated') }}

),

cloud_emissions as (

    select * from {{ ref('int_cloud_usage_emissions_estimated') }}

),

cloud_spend_emissions as (

    select * from {{ ref('int_cloud_spend_emissions_estimated') }}

),

sites as (

    select * from {{ ref('carbon_data_center_sites') }}

),

tower_layer as (

    select * from {{ ref('int_cost_pool_costs_allocated_to_towers') }}

),

consumer_layer as (

    select * from {{ ref('int_solution_costs_allocated_to_consumers') }}

),

site_cost_in as (

    select
        tower_layer.fiscal_month,
        sites.site_id,
        sum(tower_layer.amount_reporting) as amount_in
    from tower_layer
    inner join sites
        on
            tower_layer.cost_center_code = sites.cost_center_code
            and tower_layer.sub_pool_id = sites.sub_pool_id
    group by tower_layer.fiscal_month, sites.site_id

),

site_cost_paths as (

    select
        consumer_layer.fiscal_month,
        sites.site_id,
        consumer_layer.sub_tower_id,
        consumer_layer.solution_id,
        consumer_layer.consumer_id,
        sum(consumer_layer.amount_reporting) as amount
    from consumer_layer
    inner join sites
        on
            consumer_layer.cost_center_code = sites.cost_center_code
            and consumer_layer.sub_pool_id = sites.sub_pool_id
    group by
        consumer_layer.fiscal_month,
        sites.site_id,
        consumer_layer.sub_tower_id,
        consumer_layer.solution_id,
        consumer_layer.consumer_id

),

on_premises_attributed as (

    select
        site_power.fiscal_month,
        site_power.site_id,
        site_cost_paths.sub_tower_id,
        site_cost_paths.solution_id,
        site_cost_paths.consumer_id,
        site_power.energy_kwh * site_cost_paths.amount / site_cost_in.amount_in as energy_kwh,
        site_power.operational_kgco2e * site_cost_paths.amount / site_cost_in.amount_in as operational_kgco2e
    from site_power
    inner join site_cost_in
        on
            site_power.fiscal_month = site_cost_in.fiscal_month
            and site_power.site_id = site_cost_in.site_id
    inner join site_cost_paths
        on
            site_power.fiscal_month = site_cost_paths.fiscal_month
            and site_power.site_id = site_cost_paths.site_id
    where site_cost_in.amount_in <> 0

),

on_premises_residual as (

    select
        site_power.fiscal_month,
        site_power.site_id,
        'unallocated' as sub_tower_id,
        'unallocated' as solution_id,
        'unallocated' as consumer_id,
        site_power.energy_kwh - coalesce(sum(on_premises_attributed.energy_kwh), 0) as energy_kwh,
        site_power.operational_kgco2e
        - coalesce(sum(on_premises_attributed.operational_kgco2e), 0) as operational_kgco2e
    from site_power
    left join on_premises_attributed
        on
            site_power.fiscal_month = on_premises_attributed.fiscal_month
            and site_power.site_id = on_premises_attributed.site_id
    group by
        site_power.fiscal_month,
        site_power.site_id,
        site_power.energy_kwh,
        site_power.operational_kgco2e

),

on_premises as (

    select
        fiscal_month,
        'on_premises' as emission_source,
        'site_power' as estimate_method,
        site_id as location_id,
        sub_tower_id,
        solution_id,
        consumer_id,
        energy_kwh,
        operational_kgco2e,
        0 as embodied_kgco2e
    from on_premises_attributed

    union all

    select
        fiscal_month,
        'on_premises' as emission_source,
        'site_power' as estimate_method,
        site_id as location_id,
        sub_tower_id,
        solution_id,
        consumer_id,
        energy_kwh,
        operational_kgco2e,
        0 as embodied_kgco2e
    from on_premises_residual
    where abs(energy_kwh) > 0.000001 or abs(operational_kgco2e) > 0.000001

),

cloud_estimates as (

    select
        fiscal_month,
        'cloud_usage' as estimate_method,
        provider,
        region_id,
        sub_tower_id,
        solution_id,
        energy_kwh,
        operational_kgco2e,
        embodied_kgco2e
    from cloud_emissions

    union all

    select
        fiscal_month,
        'cloud_spend' as estimate_method,
        provider,
        region_id,
        sub_tower_id,
        solution_id,
        energy_kwh,
        operational_kgco2e,
        embodied_kgco2e
    from cloud_spend_emissions

),

cloud_by_solution as (

    select
        fiscal_month,
        estimate_method,
        {{ dbt.concat(['provider', "':'", 'region_id']) }} as location_id,
        sub_tower_id,
        solution_id,
        sum(energy_kwh) as energy_kwh,
        sum(operational_kgco2e) as operational_kgco2e,
        sum(embodied_kgco2e) as embodied_kgco2e
    from cloud_estimates
    group by fiscal_month, estimate_method, provider, region_id, sub_tower_id, solution_id

),

solution_consumer_shares as (

    select
        fiscal_month,
        solution_id,
        consumer_id,
        sum(amount_reporting)
        / sum(sum(amount_reporting)) over (partition by fiscal_month, solution_id) as cost_share
    from consumer_layer
    group by fiscal_month, solution_id, consumer_id

),

cloud_attributed as (

    select
        cloud_by_solution.fiscal_month,
        cloud_by_solution.estimate_method,
        cloud_by_solution.location_id,
        cloud_by_solution.sub_tower_id,
        cloud_by_solution.solution_id,
        coalesce(solution_consumer_shares.consumer_id, 'unallocated') as consumer_id,
        cloud_by_solution.energy_kwh * coalesce(solution_consumer_shares.cost_share, 1) as energy_kwh,
        cloud_by_solution.operational_kgco2e * coalesce(solution_consumer_shares.cost_share, 1) as operational_kgco2e,
        cloud_by_solution.embodied_kgco2e * coalesce(solution_consumer_shares.cost_share, 1) as embodied_kgco2e
    from cloud_by_solution
    left join solution_consumer_shares
        on
            cloud_by_solution.fiscal_month = solution_consumer_shares.fiscal_month
            and cloud_by_solution.solution_id = solution_consumer_shares.solution_id

),

cloud as (

    select
        fiscal_month,
        'cloud' as emission_source,
        estimate_method,
        location_id,
        sub_tower_id,
        solution_id,
        consumer_id,
        energy_kwh,
        operational_kgco2e,
        embodied_kgco2e
    from cloud_attributed

),

footprint as (

    select * from on_premises
    union all
    select * from cloud

),

footprint_summed as (

    select
        fiscal_month,
        emission_source,
        estimate_method,
        location_id,
        sub_tower_id,
        solution_id,
        consumer_id,
        cast(round(sum(energy_kwh), 6) as double) as energy_kwh,
        cast(round(sum(operational_kgco2e), 6) as double) as operational_kgco2e,
        cast(round(sum(embodied_kgco2e), 6) as double) as embodied_kgco2e,
        cast(round(sum(operational_kgco2e) + sum(embodied_kgco2e), 6) as double) as total_kgco2e
    from footprint
    group by fiscal_month, emission_source, estimate_method, location_id, sub_tower_id, solution_id, consumer_id

)

select * from footprint_summed
