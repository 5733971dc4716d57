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

-- Tag columns (issue 4): the solution's tags in force in each fiscal month.
solution_tags as (

    select * from {{ ref('int_entity_tags_pivoted_by_month') }}
    where entity_type = 'solution'

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
        '{{ var("reporting_currency") }}' as reporting_currency_code,
        coalesce(solution_tags.is_ai_enabled, false) as is_ai_enabled,
        solution_tags.data_classification,
        solution_tags.has_personal_data,
        solution_tags.run_grow_transform,
        solution_tags.project_id
    from cost_by_consumer
    inner join consumers
        on cost_by_consumer.consumer_id = consumers.consumer_id
    inner join solutions
        on cost_by_consumer.solution_id = solutions.solution_id
    left join solution_tags
        on
            cost_by_consumer.fiscal_month = solution_tags.fiscal_month
            and cost_by_consumer.solution_id = solution_tags.entity_id

)

select * from final
