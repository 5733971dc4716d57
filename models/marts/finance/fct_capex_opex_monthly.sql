-- One row per fiscal month with actuals: IT spend on two bases. Cash basis: operating spend
-- (without depreciation) plus capital spend as booked in the GL in the month. Depreciation
-- basis: operating spend (without depreciation) plus the month's straight-line depreciation
-- of the asset register. The GL's booked depreciation is shown beside the register's so a
-- gap between the two is visible.

with cost_pool_costs as (

    select * from {{ ref('fct_cost_pool_monthly') }}

),

asset_depreciation as (

    select * from {{ ref('int_assets_depreciated_monthly') }}

),

periods as (

    select * from {{ ref('dim_periods') }}
    where has_actuals

),

gl_spend as (

    select
        fiscal_month,
        sum(
            case
                when spend_type = 'opex' and sub_pool_id not like '%depreciation_and_amortization'
                    then amount_reporting
                else 0
            end
        ) as opex_excluding_depreciation,
        sum(case when spend_type = 'capex' then amount_reporting else 0 end) as capex_cash,
        sum(
            case when sub_pool_id like '%depreciation_and_amortization' then amount_reporting else 0 end
        ) as depreciation_booked
    from cost_pool_costs
    group by 1

),

straight_line_depreciation as (

    select
        fiscal_month,
        sum(depreciation_reporting) as depreciation_straight_line,
        count(distinct asset_id) as depreciating_asset_count
    from asset_depreciation
    group by 1

),

bases as (

    select
        periods.fiscal_month,
        coalesce(gl_spend.opex_excluding_depreciation, 0) as opex_excluding_depreciation,
        coalesce(gl_spend.capex_cash, 0) as capex_cash,
        coalesce(gl_spend.depreciation_booked, 0) as depreciation_booked,
        coalesce(straight_line_depreciation.depreciation_straight_line, 0) as depreciation_straight_line,
        coalesce(straight_line_depreciation.depreciating_asset_count, 0) as depreciating_asset_count
    from periods
    left join gl_spend
        on periods.fiscal_month = gl_spend.fiscal_month
    left join straight_line_depreciation
        on periods.fiscal_month = straight_line_depreciation.fiscal_month

),

final as (

    select
        fiscal_month,
        cast(opex_excluding_depreciation as decimal(18, 2)) as opex_excluding_depreciation,
        cast(capex_cash as decimal(18, 2)) as capex_cash,
        cast(depreciation_straight_line as decimal(18, 2)) as depreciation_straight_line,
        cast(depreciation_booked as decimal(18, 2)) as depreciation_booked,
        cast(depreciation_booked - depreciation_straight_line as decimal(18, 2)) as depreciation_difference,
        cast(opex_excluding_depreciation + capex_cash as decimal(18, 2)) as total_cash_basis,
        cast(opex_excluding_depreciation + depreciation_straight_line as decimal(18, 2))
            as total_depreciation_basis,
        cast(
            case
                when opex_excluding_depreciation + capex_cash <> 0
                    then capex_cash / (opex_excluding_depreciation + capex_cash)
            end as decimal(9, 4)
        ) as capex_share_cash_basis,
        cast(depreciating_asset_count as bigint) as depreciating_asset_count,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from bases

)

select * from final
