-- One row per fiscal month x solution x sub-tower x sub-pool: the total cost of ownership of
-- each TBM solution, broken down by the towers and cost pools it is made of. The ERP, for
-- one, shows as its modules' solutions (order management, inventory and warehousing, general
-- accounting) under application_family 'ERP'. A solution's application_family is that of the
-- applications behind it (seeds/mappings/application_solutions.csv; the first in sort order
-- if they differ); null when no application stands behind it.
-- The amounts add up to the solution layer's amount_allocated in
-- finance.fct_allocation_reconciliation.

with solution_costs as (

    select * from {{ ref('int_tower_costs_allocated_to_solutions') }}
    where solution_id is not null

),

solutions as (

    select * from {{ ref('dim_solutions') }}

),

towers as (

    select * from {{ ref('dim_towers') }}

),

cost_pools as (

    select * from {{ ref('dim_cost_pools') }}

),

application_solutions as (

    select * from {{ ref('application_solutions') }}

),

applications as (

    select * from {{ ref('stg_reference__applications') }}

),

solution_families as (

    select
        application_solutions.solution_id,
        min(applications.application_family) as application_family
    from application_solutions
    inner join applications
        on application_solutions.application_id = applications.application_id
    group by 1

),

tco as (

    select
        fiscal_month,
        solution_id,
        sub_tower_id,
        sub_pool_id,
        sum(amount_reporting) as amount_reporting
    from solution_costs
    group by 1, 2, 3, 4

),

solution_totals as (

    select
        fiscal_month,
        solution_id,
        sum(amount_reporting) as solution_amount
    from tco
    group by 1, 2

),

final as (

    select
        tco.fiscal_month,
        tco.solution_id,
        solutions.solution_name,
        solutions.solution_type_name,
        solution_families.application_family,
        towers.tower_id,
        towers.tower_name,
        tco.sub_tower_id,
        towers.sub_tower_name,
        cost_pools.cost_pool_id,
        cost_pools.cost_pool_name,
        tco.sub_pool_id,
        cost_pools.sub_pool_name,
        cast(tco.amount_reporting as decimal(18, 2)) as amount_reporting,
        cast(
            case
                when solution_totals.solution_amount <> 0
                    then tco.amount_reporting / solution_totals.solution_amount
            end as decimal(9, 4)
        ) as share_of_solution_tco,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from tco
    inner join solutions
        on tco.solution_id = solutions.solution_id
    inner join towers
        on tco.sub_tower_id = towers.sub_tower_id
    inner join cost_pools
        on tco.sub_pool_id = cost_pools.sub_pool_id
    inner join solution_totals
        on
            tco.fiscal_month = solution_totals.fiscal_month
            and tco.solution_id = solution_totals.solution_id
    left join solution_families
        on tco.solution_id = solution_families.solution_id

)

select * from final
