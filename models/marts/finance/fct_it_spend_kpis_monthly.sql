-- One row per fiscal month with actuals: the CFO's headline ratios. IT operating and capital
-- spend; cloud spend and its share of IT operating spend; IT spend per employee and as a
-- share of revenue; and transparency, the share of operating IT spend the cost model moved
-- all the way to a consumer (from finance.fct_allocation_reconciliation).
-- Cloud spend is, for now, the operating spend of the Cloud Services cost pool of the GL (the
-- book of record); cloud bill detail will explain it by tower and team when it lands.
-- Employees are every head in reference/hr_headcount.csv in the month (IT and business);
-- revenue is the sum of the business units' 'revenue' KPI in the reporting currency.

with cost_pool_costs as (

    select * from {{ ref('fct_cost_pool_monthly') }}

),

reconciliation as (

    select * from {{ ref('fct_allocation_reconciliation') }}

),

headcount as (

    select * from {{ ref('stg_reference__headcount') }}

),

business_kpis as (

    select * from {{ ref('stg_reference__business_kpis') }}
    where kpi_name = 'revenue' and lower(kpi_unit) = lower('{{ var("reporting_currency") }}')

),

periods as (

    select * from {{ ref('dim_periods') }}
    where has_actuals

),

spend as (

    select
        fiscal_month,
        sum(case when spend_type = 'opex' then amount_reporting else 0 end) as it_opex,
        sum(case when spend_type = 'capex' then amount_reporting else 0 end) as it_capex,
        sum(
            case when spend_type = 'opex' and cost_pool_id = 'cloud_services' then amount_reporting else 0 end
        ) as cloud_opex
    from cost_pool_costs
    group by 1

),

transparency as (

    select
        fiscal_month,
        sum(case when layer = 'cost_pool' then amount_in else 0 end) as cost_model_amount_in,
        sum(case when layer = 'consumer' then amount_allocated else 0 end) as amount_reaching_consumers
    from reconciliation
    group by 1

),

employees as (

    select
        headcount_month as fiscal_month,
        sum(headcount) as employee_headcount
    from headcount
    group by 1

),

revenue as (

    select
        kpi_month as fiscal_month,
        sum(kpi_value) as revenue
    from business_kpis
    group by 1

),

joined as (

    select
        periods.fiscal_month,
        coalesce(spend.it_opex, 0) as it_opex,
        coalesce(spend.it_capex, 0) as it_capex,
        coalesce(spend.cloud_opex, 0) as cloud_opex,
        coalesce(transparency.cost_model_amount_in, 0) as cost_model_amount_in,
        coalesce(transparency.amount_reaching_consumers, 0) as amount_reaching_consumers,
        employees.employee_headcount,
        revenue.revenue
    from periods
    left join spend
        on periods.fiscal_month = spend.fiscal_month
    left join transparency
        on periods.fiscal_month = transparency.fiscal_month
    left join employees
        on periods.fiscal_month = employees.fiscal_month
    left join revenue
        on periods.fiscal_month = revenue.fiscal_month

),

final as (

    select
        fiscal_month,
        cast(it_opex as decimal(18, 2)) as it_opex,
        cast(it_capex as decimal(18, 2)) as it_capex,
        cast(it_opex + it_capex as decimal(18, 2)) as it_spend_total,
        cast(cloud_opex as decimal(18, 2)) as cloud_opex,
        cast(case when it_opex <> 0 then cloud_opex / it_opex end as decimal(9, 4)) as cloud_share_of_it_opex,
        cast(employee_headcount as bigint) as employee_headcount,
        cast(
            case when employee_headcount > 0 then round(it_opex / employee_headcount, 2) end as decimal(18, 2)
        ) as it_opex_per_employee,
        cast(revenue as decimal(18, 2)) as revenue,
        cast(case when revenue <> 0 then it_opex / revenue end as decimal(12, 6)) as it_opex_share_of_revenue,
        cast(cost_model_amount_in as decimal(18, 2)) as cost_model_amount_in,
        cast(amount_reaching_consumers as decimal(18, 2)) as amount_reaching_consumers,
        cast(
            case when cost_model_amount_in <> 0 then amount_reaching_consumers / cost_model_amount_in end
            as decimal(9, 4)
        ) as transparency_ratio,
        'cloud_services_cost_pool' as cloud_spend_basis,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from joined

)

select * from final
