-- One row per fiscal month x consumer x AI solution: the operating IT cost of AI, by the
-- business unit that consumes it (consumer 'unallocated' for AI cost that reached no
-- consumer). A solution counts as AI in a month when the analysts' 'AI Enabled' tag is Yes for
-- it in that month (seeds/tags/entity_tags.csv, carried on the consumer mart as is_ai_enabled;
-- ai_classification_basis = 'ai_enabled_tag'), or, untagged, when its TBM solution type is
-- Artificial Intelligence ('solution_type'). share_of_it_opex relates the line to the month's
-- operating IT spend of the cost model.

with consumer_costs as (

    select * from {{ ref('fct_consumer_cost_monthly') }}

),

solutions as (

    select * from {{ ref('dim_solutions') }}

),

reconciliation as (

    select * from {{ ref('fct_allocation_reconciliation') }}
    where layer = 'cost_pool'

),

ai_costs as (

    select
        consumer_costs.fiscal_month,
        consumer_costs.consumer_id,
        consumer_costs.consumer_name,
        consumer_costs.solution_id,
        consumer_costs.solution_name,
        solutions.solution_category_name,
        case
            when consumer_costs.is_ai_enabled then 'ai_enabled_tag'
            else 'solution_type'
        end as ai_classification_basis,
        consumer_costs.amount_reporting
    from consumer_costs
    inner join solutions
        on consumer_costs.solution_id = solutions.solution_id
    where consumer_costs.is_ai_enabled or solutions.solution_type_id = 'artificial_intelligence'

),

final as (

    select
        ai_costs.fiscal_month,
        ai_costs.consumer_id,
        ai_costs.consumer_name,
        ai_costs.solution_id,
        ai_costs.solution_name,
        ai_costs.solution_category_name,
        ai_costs.ai_classification_basis,
        cast(ai_costs.amount_reporting as decimal(18, 2)) as amount_reporting,
        cast(
            case when reconciliation.amount_in <> 0 then ai_costs.amount_reporting / reconciliation.amount_in end
            as decimal(12, 6)
        ) as share_of_it_opex,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from ai_costs
    left join reconciliation
        on ai_costs.fiscal_month = reconciliation.fiscal_month

)

select * from final
