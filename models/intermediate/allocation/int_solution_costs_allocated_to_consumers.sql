-- Consumer layer. One row per fiscal month x sub-pool x cost centre x sub-tower x solution x
-- consumer. Each solution's cost goes to consumers by the rule of solution_to_consumer_rules
-- for that solution, else the default rule '*': by a usage metric of the solution's
-- applications per business unit, by headcount, evenly, by fixed weights, or directly to one
-- consumer. What cannot be moved keeps consumer_id null and the reason.
-- The keys of every earlier layer are kept so a consumer figure can be traced back to the
-- GL lines of its month, sub-pool and cost centre.

with solution_costs as (

    select * from {{ ref('int_tower_costs_allocated_to_solutions') }}
    where solution_id is not null

),

rules as (

    select * from {{ ref('solution_to_consumer_rules') }}

),

fixed_weights as (

    select * from {{ ref('fixed_weights') }}

),

consumers as (

    select * from {{ ref('consumers') }}

),

application_solutions as (

    select * from {{ ref('application_solutions') }}

),

usage_metrics as (

    select * from {{ ref('stg_reference__usage_metrics') }}

),

headcount as (

    select * from {{ ref('stg_reference__headcount') }}

),

cost_centers as (

    select * from {{ ref('stg_reference__cost_centers') }}

),

solution_costs_aggregated as (

    select
        fiscal_month,
        sub_pool_id,
        cost_center_code,
        sub_tower_id,
        solution_id,
        sum(amount_reporting) as amount_reporting
    from solution_costs
    group by 1, 2, 3, 4, 5

),

rule_candidates as (

    select
        solutions_in_ledger.solution_id,
        rules.rule_id,
        row_number() over (
            partition by solutions_in_ledger.solution_id
            order by case when rules.solution_id = '*' then 1 else 0 end, rules.priority, rules.rule_id
        ) as rule_rank
    from (select distinct solution_id from solution_costs_aggregated) as solutions_in_ledger
    inner join rules
        on rules.solution_id = solutions_in_ledger.solution_id or rules.solution_id = '*'

),

parents as (

    select
        solution_costs_aggregated.*,
        rule_candidates.rule_id,
        case
            when rule_candidates.rule_id is not null
                then rule_candidates.rule_id
                    || '|' || cast(solution_costs_aggregated.fiscal_month as {{ dbt.type_string() }})
                    || '|' || solution_costs_aggregated.solution_id
        end as allocation_key
    from solution_costs_aggregated
    left join rule_candidates
        on
            solution_costs_aggregated.solution_id = rule_candidates.solution_id
            and rule_candidates.rule_rank = 1

),

rule_solution_months as (

    select distinct
        parents.allocation_key,
        parents.fiscal_month,
        parents.solution_id,
        rules.rule_id,
        rules.method,
        rules.driver_metric,
        rules.target_consumer_id
    from parents
    inner join rules
        on parents.rule_id = rules.rule_id

),

usage_weights as (

    select
        rule_solution_months.allocation_key,
        consumers.consumer_id as target_id,
        sum(usage_metrics.metric_value) as weight
    from rule_solution_months
    inner join application_solutions
        on rule_solution_months.solution_id = application_solutions.solution_id
    inner join usage_metrics
        on
            application_solutions.application_id = usage_metrics.application_id
            and rule_solution_months.fiscal_month = usage_metrics.usage_month
            and rule_solution_months.driver_metric = usage_metrics.metric_name
    inner join consumers
        on usage_metrics.business_unit_code = consumers.business_unit_code
    where rule_solution_months.method = 'usage'
    group by 1, 2

),

headcount_weights as (

    select
        rule_solution_months.allocation_key,
        consumers.consumer_id as target_id,
        sum(headcount.headcount) as weight
    from rule_solution_months
    inner join headcount
        on rule_solution_months.fiscal_month = headcount.headcount_month
    inner join cost_centers
        on headcount.cost_center_code = cost_centers.cost_center_code
    inner join consumers
        on cost_centers.business_unit_code = consumers.business_unit_code
    where rule_solution_months.method = 'headcount'
    group by 1, 2

),

even_weights as (

    select
        rule_solution_months.allocation_key,
        consumers.consumer_id as target_id,
        1 as weight
    from rule_solution_months
    cross join consumers
    where rule_solution_months.method = 'even'

),

fixed_rule_weights as (

    select
        rule_solution_months.allocation_key,
        fixed_weights.target_id,
        fixed_weights.weight
    from rule_solution_months
    inner join fixed_weights
        on rule_solution_months.rule_id = fixed_weights.rule_id
    where rule_solution_months.method = 'fixed'

),

direct_weights as (

    select
        allocation_key,
        target_consumer_id as target_id,
        1 as weight
    from rule_solution_months
    where method = 'direct' and target_consumer_id is not null

),

weights as (

    select allocation_key, target_id, cast(weight as decimal(28, 6)) as weight from usage_weights
    union all
    select allocation_key, target_id, cast(weight as decimal(28, 6)) as weight from headcount_weights
    union all
    select allocation_key, target_id, cast(weight as decimal(28, 6)) as weight from even_weights
    union all
    select allocation_key, target_id, cast(weight as decimal(28, 6)) as weight from fixed_rule_weights
    union all
    select allocation_key, target_id, cast(weight as decimal(28, 6)) as weight from direct_weights

),

allocated as (

    {{ allocate_by_weights(
        'parents', 'weights',
        ['fiscal_month', 'sub_pool_id', 'cost_center_code', 'sub_tower_id', 'solution_id']
    ) }}

),

final as (

    select
        allocated.fiscal_month,
        allocated.sub_pool_id,
        allocated.cost_center_code,
        allocated.sub_tower_id,
        allocated.solution_id,
        allocated.target_id as consumer_id,
        allocated.amount_reporting,
        parents.rule_id as allocation_rule_id,
        rules.method as allocation_method,
        allocated.unallocated_reason
    from allocated
    inner join parents
        on
            allocated.fiscal_month = parents.fiscal_month
            and allocated.sub_pool_id = parents.sub_pool_id
            and allocated.cost_center_code = parents.cost_center_code
            and allocated.sub_tower_id = parents.sub_tower_id
            and allocated.solution_id = parents.solution_id
    left join rules
        on parents.rule_id = rules.rule_id

)

select * from final
