-- One row per fixed asset x fiscal month of its useful life that falls in the periods of the
-- warehouse: straight-line depreciation from the asset register. Depreciation starts in the
-- month the asset goes into service and runs for useful_life_months months; each month takes
-- round(acquisition_cost / useful_life_months, 2) and the last month takes the remainder, so
-- the months add up to the acquisition cost to the cent. Converted to the reporting currency
-- at the month's average rate, rounded per asset and month.

with assets as (

    select * from {{ ref('stg_reference__assets') }}

),

periods as (

    select * from {{ ref('dim_periods') }}

),

fx_rates as (

    select * from {{ ref('stg_reference__fx_rates') }}
    where to_currency_code = '{{ var("reporting_currency") }}'

),

asset_months as (

    select
        assets.asset_id,
        assets.entity_id,
        assets.asset_class,
        assets.account_code,
        assets.cost_center_code,
        assets.currency_code,
        assets.acquisition_cost,
        assets.useful_life_months,
        periods.fiscal_month,
        (extract(year from periods.fiscal_month) - extract(year from assets.in_service_date)) * 12
        + extract(month from periods.fiscal_month) - extract(month from assets.in_service_date)
            as month_of_life
    from assets
    cross join periods

),

depreciating_months as (

    select
        *,
        cast(round(acquisition_cost / useful_life_months, 2) as decimal(18, 2)) as regular_monthly_amount
    from asset_months
    where month_of_life >= 0 and month_of_life < useful_life_months

),

depreciation_local as (

    select
        asset_id,
        entity_id,
        asset_class,
        account_code,
        cost_center_code,
        currency_code,
        fiscal_month,
        cast(month_of_life + 1 as integer) as month_of_life,
        useful_life_months,
        cast(
            case
                when month_of_life = useful_life_months - 1
                    then acquisition_cost - regular_monthly_amount * (useful_life_months - 1)
                else regular_monthly_amount
            end as decimal(18, 2)
        ) as depreciation_local
    from depreciating_months

),

final as (

    select
        depreciation_local.asset_id,
        depreciation_local.entity_id,
        depreciation_local.asset_class,
        depreciation_local.account_code,
        depreciation_local.cost_center_code,
        depreciation_local.fiscal_month,
        depreciation_local.month_of_life,
        depreciation_local.useful_life_months,
        depreciation_local.depreciation_local,
        depreciation_local.currency_code,
        fx_rates.average_rate as fx_rate,
        cast(round(depreciation_local.depreciation_local * fx_rates.average_rate, 2) as decimal(18, 2))
            as depreciation_reporting
    from depreciation_local
    left join fx_rates
        on
            depreciation_local.fiscal_month = fx_rates.rate_month
            and depreciation_local.currency_code = fx_rates.from_currency_code

)

select * from final
