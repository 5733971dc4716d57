-- One row per fiscal month x consumer (business unit): the IT operating cost the unit consumed
-- against its business KPIs (reference/business_kpis.csv): revenue, active customers and
-- customer retention.
-- Method: IT spend is the consumer's allocated cost (consumer.fct_consumer_cost_monthly).
-- Ratios are taken month by month: revenue per IT dollar, IT spend per active customer, and
-- the change in retention rate (percentage points against the previous month) per million of
-- IT spend in the month.
-- Caveats: these are associations, not causal effects. Retention moves for many reasons other
-- than IT; one month's IT spend does not act in the same month; allocated cost depends on the
-- allocation rules; and a unit's KPIs cover the whole unit, not only what IT supports. Read the
-- trend over several months, not one month's figure.

with consumer_costs as (

    select * from {{ ref('fct_consumer_cost_monthly') }}

),

consumers as (

    select * from {{ ref('dim_consumers') }}
    where business_unit_code is not null

),

business_kpis as (

    select * from {{ ref('stg_reference__business_kpis') }}

),

periods as (

    select * from {{ ref('dim_periods') }}
    where has_actuals

),

it_spend as (

    select
        fiscal_month,
        consumer_id,
        sum(amount_reporting) as it_spend
    from consumer_costs
    group by 1, 2

),

kpis as (

    select
        kpi_month as fiscal_month,
        business_unit_code,
        sum(case when kpi_name = 'revenue' and lower(kpi_unit) = lower('{{ var("reporting_currency") }}') then kpi_value end)
            as revenue,
        sum(case when kpi_name = 'active_customers' then kpi_value end) as active_customers,
        max(case when kpi_name = 'retention_rate' then kpi_value end) as retention_rate
    from business_kpis
    group by 1, 2

),

joined as (

    select
        periods.fiscal_month,
        consumers.consumer_id,
        consumers.consumer_name,
        consumers.business_unit_code,
        coalesce(it_spend.it_spend, 0) as it_spend,
        kpis.revenue,
        kpis.active_customers,
        kpis.retention_rate,
        kpis.retention_rate - lag(kpis.retention_rate) over (
            partition by consumers.consumer_id order by periods.fiscal_month
        ) as retention_rate_change
    from periods
    cross join consumers
    left join it_spend
        on
            periods.fiscal_month = it_spend.fiscal_month
            and consumers.consumer_id = it_spend.consumer_id
    left join kpis
        on
            periods.fiscal_month = kpis.fiscal_month
            and consumers.business_unit_code = kpis.business_unit_code

),

final as (

    select
        fiscal_month,
        consumer_id,
        consumer_name,
        business_unit_code,
        cast(it_spend as decimal(18, 2)) as it_spend,
        cast(revenue as decimal(18, 2)) as revenue,
        cast(active_customers as bigint) as active_customers,
        cast(retention_rate as decimal(9, 4)) as retention_rate,
        cast(retention_rate_change as decimal(9, 4)) as retention_rate_change,
        cast(case when revenue <> 0 then it_spend / revenue end as decimal(12, 6)) as it_spend_share_of_revenue,
        cast(case when it_spend > 0 then round(revenue / it_spend, 4) end as decimal(18, 4)) as revenue_per_it_dollar,
        cast(
            case when active_customers > 0 then round(it_spend / active_customers, 4) end as decimal(18, 4)
        ) as it_spend_per_active_customer,
        cast(
            case when it_spend > 0 then round(retention_rate_change * 100 / (it_spend / 1000000), 4) end
            as decimal(18, 4)
        ) as retention_points_per_million_it_spend,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from joined

)

select * from final
