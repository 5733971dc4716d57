-- One row per fixed asset x capability for every asset whose description matches a capability
-- of seeds/reference/asset_capabilities.csv: the same capability bought more than once. Assets
-- of one capability form a group (per group, or per legal entity when the capability is
-- expected once per entity); an asset is a duplicate when an earlier asset of its group was
-- still in service when it went into service. Cost is shown as the asset's straight-line
-- depreciation in the reporting currency: in the latest month with actuals and over every
-- month of the warehouse.
-- Unused cloud commitments (reservations, savings plans) are not here yet: they need cloud
-- bill detail, which the cloud model will add.

with assets as (

    select * from {{ ref('stg_reference__assets') }}

),

capabilities as (

    select * from {{ ref('asset_capabilities') }}

),

asset_depreciation as (

    select * from {{ ref('int_assets_depreciated_monthly') }}

),

latest_month as (

    select max(fiscal_month) as fiscal_month
    from {{ ref('dim_periods') }}
    where has_actuals

),

assets_with_capability as (

    select
        assets.asset_id,
        assets.entity_id,
        assets.asset_description,
        assets.asset_class,
        assets.cost_center_code,
        assets.vendor_id,
        assets.in_service_date,
        {{ dbt.dateadd('month', 'assets.useful_life_months', 'assets.in_service_date') }} as service_end_date,
        assets.acquisition_cost,
        assets.currency_code,
        capabilities.capability_id,
        capabilities.capability_name,
        capabilities.expected_per,
        case when capabilities.expected_per = 'entity' then assets.entity_id else 'group' end as group_key
    from assets
    inner join capabilities
        on lower(assets.asset_description) like lower(capabilities.description_pattern)

),

overlapping_assets as (

    select
        later.asset_id,
        later.capability_id,
        count(earlier.asset_id) as earlier_overlapping_assets
    from assets_with_capability as later
    left join assets_with_capability as earlier
        on
            later.capability_id = earlier.capability_id
            and later.group_key = earlier.group_key
            and later.asset_id <> earlier.asset_id
            and (
                earlier.in_service_date < later.in_service_date
                or (earlier.in_service_date = later.in_service_date and earlier.asset_id < later.asset_id)
            )
            and cast(earlier.service_end_date as date) > later.in_service_date
    group by 1, 2

),

depreciation as (

    select
        asset_depreciation.asset_id,
        sum(
            case when asset_depreciation.fiscal_month = latest_month.fiscal_month then asset_depreciation.depreciation_reporting else 0 end
        ) as depreciation_latest_month,
        sum(asset_depreciation.depreciation_reporting) as depreciation_in_warehouse_periods
    from asset_depreciation
    cross join latest_month
    group by 1

),

final as (

    select
        assets_with_capability.capability_id,
        assets_with_capability.capability_name,
        assets_with_capability.asset_id,
        assets_with_capability.entity_id,
        assets_with_capability.asset_description,
        assets_with_capability.asset_class,
        assets_with_capability.cost_center_code,
        assets_with_capability.vendor_id,
        assets_with_capability.in_service_date,
        cast(assets_with_capability.service_end_date as date) as service_end_date,
        assets_with_capability.expected_per,
        cast(count(*) over (
            partition by assets_with_capability.capability_id, assets_with_capability.group_key
        ) as bigint) as group_asset_count,
        overlapping_assets.earlier_overlapping_assets > 0 as is_duplicate,
        cast(assets_with_capability.acquisition_cost as decimal(18, 2)) as acquisition_cost,
        assets_with_capability.currency_code,
        cast(coalesce(depreciation.depreciation_latest_month, 0) as decimal(18, 2)) as depreciation_latest_month,
        cast(coalesce(depreciation.depreciation_in_warehouse_periods, 0) as decimal(18, 2))
            as depreciation_in_warehouse_periods,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from assets_with_capability
    inner join overlapping_assets
        on
            assets_with_capability.asset_id = overlapping_assets.asset_id
            and assets_with_capability.capability_id = overlapping_assets.capability_id
    left join depreciation
        on assets_with_capability.asset_id = depreciation.asset_id

)

select * from final
