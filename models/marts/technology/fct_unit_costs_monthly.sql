-- One row per fiscal month x unit cost (seeds/reference/unit_cost_benchmarks.csv): the
-- operating cost of a sub-tower divided by the units it delivered (used capacity of a resource
-- pool, a usage metric, or employees), against an illustrative benchmark. A unit cost is
-- flagged when it is more than var('unit_cost_benchmark_tolerance') (default 0.20, i.e. 20 %)
-- above its benchmark.

with tower_costs as (

    select * from {{ ref('fct_tower_cost_monthly') }}

),

benchmarks as (

    select * from {{ ref('unit_cost_benchmarks') }}

),

capacity as (

    select * from {{ ref('stg_reference__capacity') }}

),

usage_metrics as (

    select * from {{ ref('stg_reference__usage_metrics') }}

),

headcount as (

    select * from {{ ref('stg_reference__headcount') }}

),

periods as (

    select * from {{ ref('dim_periods') }}
    where has_actuals

),

sub_tower_costs as (

    select
        fiscal_month,
        sub_tower_id,
        sum(amount_reporting) as amount_reporting
    from tower_costs
    group by 1, 2

),

units as (

    select
        capacity_month as fiscal_month,
        'capacity_used' as unit_source,
        resource_pool_id as unit_source_key,
        sum(used_quantity) as unit_quantity
    from capacity
    group by 1, 2, 3

    union all

    select
        usage_month as fiscal_month,
        'usage_metric' as unit_source,
        metric_name as unit_source_key,
        sum(metric_value) as unit_quantity
    from usage_metrics
    group by 1, 2, 3

    union all

    select
        headcount_month as fiscal_month,
        'headcount' as unit_source,
        '' as unit_source_key,
        sum(headcount) as unit_quantity
    from headcount
    group by 1, 2, 3

),

unit_costs as (

    select
        periods.fiscal_month,
        benchmarks.unit_cost_id,
        benchmarks.unit_cost_name,
        benchmarks.sub_tower_id,
        benchmarks.unit_name,
        coalesce(sub_tower_costs.amount_reporting, 0) as cost_amount,
        units.unit_quantity,
        case
            when units.unit_quantity > 0 then coalesce(sub_tower_costs.amount_reporting, 0) / units.unit_quantity
        end as unit_cost,
        benchmarks.benchmark_unit_cost,
        benchmarks.benchmark_source
    from periods
    cross join benchmarks
    left join sub_tower_costs
        on
            periods.fiscal_month = sub_tower_costs.fiscal_month
            and benchmarks.sub_tower_id = sub_tower_costs.sub_tower_id
    left join units
        on
            periods.fiscal_month = units.fiscal_month
            and benchmarks.unit_source = units.unit_source
            and coalesce(benchmarks.unit_source_key, '') = units.unit_source_key

),

final as (

    select
        fiscal_month,
        unit_cost_id,
        unit_cost_name,
        sub_tower_id,
        unit_name,
        cast(cost_amount as decimal(18, 2)) as cost_amount,
        cast(unit_quantity as decimal(28, 6)) as unit_quantity,
        cast(round(unit_cost, 4) as decimal(18, 4)) as unit_cost,
        cast(benchmark_unit_cost as decimal(18, 4)) as benchmark_unit_cost,
        cast(
            case when benchmark_unit_cost > 0 then round(unit_cost / benchmark_unit_cost - 1, 4) end
            as decimal(12, 4)
        ) as variance_to_benchmark_pct,
        coalesce(
            benchmark_unit_cost > 0
            and unit_cost / benchmark_unit_cost - 1 > {{ var('unit_cost_benchmark_tolerance', 0.2) }},
            false
        ) as is_above_benchmark,
        benchmark_source,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from unit_costs

)

select * from final
