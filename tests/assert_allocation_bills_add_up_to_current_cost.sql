-- No cent goes missing between published bills and restatements: for every original month,
-- consumer and solution, the charge plus every adjustment billed for it equals what the
-- allocation gives that month now. Returns the lines that differ.

with billed as (

    select
        original_month as fiscal_month,
        consumer_id,
        solution_id,
        sum(amount_reporting) as amount_billed
    from {{ ref('fct_consumer_published_bills') }}
    group by original_month, consumer_id, solution_id

),

current_cost as (

    select
        fiscal_month,
        coalesce(consumer_id, 'unallocated') as consumer_id,
        solution_id,
        sum(amount_reporting) as amount_reporting
    from {{ ref('int_solution_costs_allocated_to_consumers') }}
    group by fiscal_month, coalesce(consumer_id, 'unallocated'), solution_id

)

select
    coalesce(billed.fiscal_month, current_cost.fiscal_month) as fiscal_month,
    coalesce(billed.consumer_id, current_cost.consumer_id) as consumer_id,
    coalesce(billed.solution_id, current_cost.solution_id) as solution_id,
    billed.amount_billed,
    current_cost.amount_reporting
from billed
full outer join current_cost
    on
        billed.fiscal_month = current_cost.fiscal_month
        and billed.consumer_id = current_cost.consumer_id
        and billed.solution_id = current_cost.solution_id
where coalesce(billed.amount_billed, 0) <> coalesce(current_cost.amount_reporting, 0)
