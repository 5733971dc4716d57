-- One row per driver, fiscal month, scope and target: the bill mix that the allocation engine
-- (models/intermediate/allocation) uses to split the GL's cloud postings. The GL stays the
-- book of record; these are weights, not amounts to add.
--   cloud_effective_cost_by_sub_tower    driver_scope = provider_name (FOCUS ProviderName, as in
--                                        seed cloud_provider_vendors), target_id = sub_tower_id;
--                                        spend of a category no sub-tower holds has target_id
--                                        'unallocated' (dim_towers' unallocated member)
--   cloud_effective_cost_by_application  driver_scope = provider_name, target_id = application_id;
--                                        spend no tag or account rule assigns has target_id
--                                        'untagged', so it stays visible as unallocated
-- driver_value: the month's EffectiveCost in the reporting currency (amortised commitments
-- included, so a reservation bought in one month weighs on every month it serves). Lines
-- without an FX rate are left out (they are listed in int_cloud_charges.x_conversion_issue).
-- Targets whose month total is not positive are dropped: a driver must be positive.

with charges as (

    select * from {{ ref('int_cloud_charges') }}
    where x_conversion_issue is null

),

by_sub_tower as (

    select
        'cloud_effective_cost_by_sub_tower' as driver_name,
        x_fiscal_month as fiscal_month,
        provider_name as driver_scope,
        coalesce(x_sub_tower_id, 'unallocated') as target_id,
        sum(x_effective_cost_reporting) as driver_value
    from charges
    group by 1, 2, 3, 4

),

by_application as (

    select
        'cloud_effective_cost_by_application' as driver_name,
        x_fiscal_month as fiscal_month,
        provider_name as driver_scope,
        x_application_id as target_id,
        sum(x_effective_cost_reporting) as driver_value
    from charges
    group by 1, 2, 3, 4

),

unioned as (

    select * from by_sub_tower
    union all
    select * from by_application

),

final as (

    select
        cast(driver_name as {{ dbt.type_string() }}) as driver_name,
        cast(fiscal_month as date) as fiscal_month,
        cast(driver_scope as {{ dbt.type_string() }}) as driver_scope,
        cast(target_id as {{ dbt.type_string() }}) as target_id,
        cast(round(driver_value, 6) as decimal(28, 6)) as driver_value
    from unioned
    where round(driver_value, 6) > 0

)

select * from final
