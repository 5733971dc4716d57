-- One row per fiscal month x consumer x solution: the operating IT cost each business unit
-- consumes, by TBM solution (showback). Cost that reached a solution but no consumer sits
-- with consumer 'unallocated'.

with consumer_costs as (

    select * from {{ ref('int_solution_costs_allocated_to_consumers') }}

),

consumers as (

    select * from {{ ref('dim_consumers') }}

),

solutions as (

    select * from {{ ref('dim_solutions') }}

),

cost_by_consumer as (

    select
        fiscal_month,
        coalesce(consumer_id, 'unallocated') as consumer_id,
        solution_id,
        sum(amount_reporting) as amount_reporting
    from consumer_costs
    group by 1, 2, 3

),

final as (

    select
        cost_by_consumer.fiscal_month,
        cost_by_consumer.consumer_id,
        consumers.consumer_name,
        cost_by_consumer.solution_id,
        solutions.solution_name,
        solutions.solution_category_name,
        solutions.solution_type_name,
        cast(cost_by_consumer.amount_reporting as decimal(18, 2)) as amount_reporting,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from cost_by_consumer
    inner join consumers
        on cost_by_consumer.consumer_id = consumers.consumer_id
    inner join solutions
        on cost_by_consumer.solution_id = solutions.solution_id

)

select * from final
