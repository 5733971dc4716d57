-- One row per fiscal month x sub-pool: actual IT spend, budget and a run-rate forecast, with
-- variances. Budgets are mapped to sub-pools by the same account mapping as the GL and
-- converted at the month's average rate. The budget version is var('budget_version') when set,
-- else, per fiscal year, the version whose name sorts last (e.g. 'FY2025 Budget').
-- Forecast (until the forecasting mart lands): for a month with actuals, the average actual of
-- the up to three months before it (a one-step-ahead run rate, so its error can be read);
-- for a month without actuals, the average of the latest three months with actuals. Averages
-- are taken in whole cents, rounded half away from zero (rounded_integer_divide), so every
-- engine gives the same cent.

with cost_pool_costs as (

    select * from {{ ref('fct_cost_pool_monthly') }}

),

budget_lines as (

    select * from {{ ref('int_budget_lines_mapped_to_cost_pools') }}
    where ledger_status in ('mapped', 'unmapped')

),

periods as (

    select * from {{ ref('dim_periods') }}

),

cost_pools as (

    select * from {{ ref('dim_cost_pools') }}

),

budget_versions as (

    select
        extract(year from fiscal_month) as fiscal_year,
        max(budget_version) as budget_version
    from budget_lines
    {% if var('budget_version', '') %}
    where budget_version = '{{ var("budget_version") }}'
    {% endif %}
    group by 1

),

budget_by_sub_pool as (

    select
        budget_lines.fiscal_month,
        coalesce(budget_lines.sub_pool_id, 'unallocated') as sub_pool_id,
        max(budget_lines.budget_version) as budget_version,
        sum(budget_lines.amount_reporting) as budget_amount
    from budget_lines
    inner join budget_versions
        on
            extract(year from budget_lines.fiscal_month) = budget_versions.fiscal_year
            and budget_lines.budget_version = budget_versions.budget_version
    group by 1, 2

),

actual_by_sub_pool as (

    select
        fiscal_month,
        sub_pool_id,
        sum(amount_reporting) as actual_amount
    from cost_pool_costs
    group by 1, 2

),

sub_pools_present as (

    select sub_pool_id from actual_by_sub_pool
    union
    select sub_pool_id from budget_by_sub_pool

),

grid as (

    select
        periods.fiscal_month,
        periods.has_actuals,
        sub_pools_present.sub_pool_id,
        case when periods.has_actuals then coalesce(actual_by_sub_pool.actual_amount, 0) end as actual_amount,
        budget_by_sub_pool.budget_amount,
        budget_by_sub_pool.budget_version
    from periods
    cross join sub_pools_present
    left join actual_by_sub_pool
        on
            periods.fiscal_month = actual_by_sub_pool.fiscal_month
            and sub_pools_present.sub_pool_id = actual_by_sub_pool.sub_pool_id
    left join budget_by_sub_pool
        on
            periods.fiscal_month = budget_by_sub_pool.fiscal_month
            and sub_pools_present.sub_pool_id = budget_by_sub_pool.sub_pool_id

),

trailing_run_rate as (

    select
        *,
        sum({{ scaled_integer('actual_amount', 2) }}) over three_months_before as cents_before_month,
        count(actual_amount) over three_months_before as months_before_month,
        row_number() over (
            partition by sub_pool_id, has_actuals
            order by fiscal_month desc
        ) as recency_rank
    from grid
    window three_months_before as (
        partition by sub_pool_id
        order by fiscal_month
        rows between 3 preceding and 1 preceding
    )

),

latest_run_rate as (

    select
        sub_pool_id,
        {{ rounded_integer_divide('sum(' ~ scaled_integer('actual_amount', 2) ~ ')', 'count(actual_amount)') }}
            as latest_run_rate_cents
    from trailing_run_rate
    where has_actuals and recency_rank <= 3
    group by 1

),

forecast as (

    select
        trailing_run_rate.fiscal_month,
        trailing_run_rate.sub_pool_id,
        trailing_run_rate.actual_amount,
        trailing_run_rate.budget_amount,
        trailing_run_rate.budget_version,
        case
            when trailing_run_rate.has_actuals
                then {{ rounded_integer_divide('trailing_run_rate.cents_before_month', 'trailing_run_rate.months_before_month') }}
            else latest_run_rate.latest_run_rate_cents
        end * 0.01 as forecast_amount,
        case
            when trailing_run_rate.has_actuals and trailing_run_rate.months_before_month > 0
                then 'run_rate_3m_before_month'
            when not trailing_run_rate.has_actuals and latest_run_rate.latest_run_rate_cents is not null
                then 'run_rate_latest_3m'
        end as forecast_method
    from trailing_run_rate
    left join latest_run_rate
        on trailing_run_rate.sub_pool_id = latest_run_rate.sub_pool_id

),

final as (

    select
        forecast.fiscal_month,
        cost_pools.cost_pool_id,
        cost_pools.cost_pool_name,
        forecast.sub_pool_id,
        cost_pools.sub_pool_name,
        cost_pools.spend_type,
        cast(forecast.actual_amount as decimal(18, 2)) as actual_amount,
        cast(forecast.budget_amount as decimal(18, 2)) as budget_amount,
        cast(forecast.forecast_amount as decimal(18, 2)) as forecast_amount,
        cast(forecast.actual_amount - coalesce(forecast.budget_amount, 0) as decimal(18, 2)) as variance_to_budget,
        cast(
            case
                when forecast.budget_amount <> 0
                    then (forecast.actual_amount - forecast.budget_amount) / forecast.budget_amount
            end as decimal(12, 4)
        ) as variance_to_budget_pct,
        cast(forecast.actual_amount - forecast.forecast_amount as decimal(18, 2)) as variance_to_forecast,
        cast(forecast.forecast_amount - coalesce(forecast.budget_amount, 0) as decimal(18, 2))
            as forecast_variance_to_budget,
        forecast.budget_version,
        forecast.forecast_method,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from forecast
    inner join cost_pools
        on forecast.sub_pool_id = cost_pools.sub_pool_id

)

select * from final
