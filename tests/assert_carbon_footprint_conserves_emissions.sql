-- Emissions are conserved through the allocation: for every month and site the carbon mart's
-- rows add up to the site's estimate, and for every month and cloud location to the CCF estimate
-- of its usage plus its spend fallback (to a millionth of a kgCO2e per row of rounding).
-- Returns the months and locations that do not.

with cloud_estimates as (

    select
        fiscal_month,
        provider,
        region_id,
        operational_kgco2e,
        embodied_kgco2e
    from {{ ref('int_cloud_usage_emissions_estimated') }}

    union all

    select
        fiscal_month,
        provider,
        region_id,
        operational_kgco2e,
        embodied_kgco2e
    from {{ ref('int_cloud_spend_emissions_estimated') }}

),

footprint as (

    select
        fiscal_month,
        emission_source,
        location_id,
        sum(total_kgco2e) as mart_kgco2e,
        count(*) as mart_rows
    from {{ ref('fct_carbon_footprint_monthly') }}
    group by fiscal_month, emission_source, location_id

),

estimates as (

    select
        fiscal_month,
        'on_premises' as emission_source,
        site_id as location_id,
        operational_kgco2e as estimate_kgco2e
    from {{ ref('int_data_center_power_estimated') }}

    union all

    select
        fiscal_month,
        'cloud' as emission_source,
        {{ dbt.concat(['provider', "':'", 'region_id']) }} as location_id,
        sum(operational_kgco2e + embodied_kgco2e) as estimate_kgco2e
    from cloud_estimates
    group by fiscal_month, provider, region_id

),

compared as (

    select
        coalesce(estimates.fiscal_month, footprint.fiscal_month) as fiscal_month,
        coalesce(estimates.location_id, footprint.location_id) as location_id,
        estimates.estimate_kgco2e,
        footprint.mart_kgco2e,
        footprint.mart_rows
    from estimates
    full outer join footprint
        on
            estimates.fiscal_month = footprint.fiscal_month
            and estimates.emission_source = footprint.emission_source
            and estimates.location_id = footprint.location_id

)

select * from compared
where
    abs(coalesce(estimate_kgco2e, 0) - coalesce(mart_kgco2e, 0))
    > 0.000001 * coalesce(mart_rows, 1) + 0.000001
