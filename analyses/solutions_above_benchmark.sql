-- Which solutions cost more than benchmark? For the latest month with actuals: each unit cost
-- above its (illustrative) benchmark by more than the tolerance, the excess it represents
-- ((unit cost - benchmark) x units), and the solutions that consume the sub-tower, with the
-- part of the excess each carries in proportion to the sub-tower cost it received.

with unit_costs as (

    select * from {{ ref('fct_unit_costs_monthly') }}

),

tco as (

    select * from {{ ref('fct_solution_tco_monthly') }}

),

latest_month as (

    select max(fiscal_month) as fiscal_month from unit_costs where unit_quantity is not null

),

above_benchmark as (

    select
        unit_costs.fiscal_month,
        unit_costs.unit_cost_name,
        unit_costs.sub_tower_id,
        unit_costs.unit_cost,
        unit_costs.benchmark_unit_cost,
        unit_costs.variance_to_benchmark_pct,
        (unit_costs.unit_cost - unit_costs.benchmark_unit_cost) * unit_costs.unit_quantity as excess_cost
    from unit_costs
    inner join latest_month
        on unit_costs.fiscal_month = latest_month.fiscal_month
    where unit_costs.is_above_benchmark

),

solution_shares as (

    select
        tco.fiscal_month,
        tco.sub_tower_id,
        tco.solution_name,
        sum(tco.amount_reporting) as solution_sub_tower_cost
    from tco
    inner join latest_month
        on tco.fiscal_month = latest_month.fiscal_month
    group by 1, 2, 3

),

final as (

    select
        above_benchmark.unit_cost_name,
        above_benchmark.unit_cost,
        above_benchmark.benchmark_unit_cost,
        above_benchmark.variance_to_benchmark_pct,
        above_benchmark.excess_cost,
        solution_shares.solution_name,
        solution_shares.solution_sub_tower_cost,
        above_benchmark.excess_cost * solution_shares.solution_sub_tower_cost
        / sum(solution_shares.solution_sub_tower_cost) over (partition by above_benchmark.sub_tower_id)
            as solution_excess_cost
    from above_benchmark
    left join solution_shares
        on
            above_benchmark.fiscal_month = solution_shares.fiscal_month
            and above_benchmark.sub_tower_id = solution_shares.sub_tower_id

)

select * from final
order by excess_cost desc, solution_excess_cost desc
