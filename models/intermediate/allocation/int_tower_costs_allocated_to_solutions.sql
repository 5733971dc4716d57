-- Solution layer. One row per fiscal month x sub-pool x cost centre x sub-tower x solution.
-- Each sub-tower's cost is moved to solutions by the most specific rule of
-- tower_to_solution_rules (a rule naming the cost centre beats one that does not, then the
-- lowest priority number): direct to one solution, even over the solutions of an
-- application family, or weighted by a usage metric of the applications behind each solution.
-- Cost that no rule or no driver can move keeps solution_id null and the reason.

with tower_costs as (

    select * from {{ ref('int_cost_pool_costs_allocated_to_towers') }}
    where sub_tower_id is not null

),

rules as (

    select * from {{ ref('tower_to_solution_rules') }}

),

applications as (

    select * from {{ ref('stg_reference__applications') }}

),

application_solutions as (

    select * from {{ ref('application_solutions') }}

),

usage_metrics as (

    select * from {{ ref('stg_reference__usage_metrics') }}

),

tower_costs_aggregated as (

    select
        fiscal_month,
        sub_pool_id,
        cost_center_code,
        sub_tower_id,
        sum(amount_reporting) as amount_reporting
    from tower_costs
    group by 1, 2, 3, 4

),

rule_candidates as (

    select
        sub_tower_cost_centers.sub_tower_id,
        sub_tower_cost_centers.cost_center_code,
        rules.rule_id,
        row_number() over (
            partition by sub_tower_cost_centers.sub_tower_id, sub_tower_cost_centers.cost_center_code
            order by
                case when rules.cost_center_code is null then 1 else 0 end,
                rules.priority,
                rules.rule_id
        ) as rule_rank
    from (select distinct sub_tower_id, cost_center_code from tower_costs_aggregated) as sub_tower_cost_centers
    inner join rules
        on
            sub_tower_cost_centers.sub_tower_id = rules.sub_tower_id
            and (
                rules.cost_center_code is null
                or rules.cost_center_code = sub_tower_cost_centers.cost_center_code
            )

),

parents as (

    select
        tower_costs_aggregated.*,
        rule_candidates.rule_id,
        case
            when rule_candidates.rule_id is not null
                then rule_candidates.rule_id || '|' || cast(tower_costs_aggregated.fiscal_month as {{ dbt.type_string() }})
        end as allocation_key
    from tower_costs_aggregated
    left join rule_candidates
        on
            tower_costs_aggregated.sub_tower_id = rule_candidates.sub_tower_id
            and tower_costs_aggregated.cost_center_code = rule_candidates.cost_center_code
            and rule_candidates.rule_rank = 1

),

rule_months as (

    select distinct
        parents.allocation_key,
        parents.fiscal_month,
        rules.rule_id,
        rules.method,
        rules.driver_metric,
        rules.target_solution_id
    from parents
    inner join rules
        on parents.rule_id = rules.rule_id

),

application_scope as (

    select
        rules.rule_id,
        applications.application_id,
        application_solutions.solution_id
    from rules
    inner join applications
        on rules.application_family is null or applications.application_family = upper(rules.application_family)
    inner join application_solutions
        on applications.application_id = application_solutions.application_id

),

usage_weights as (

    select
        rule_months.allocation_key,
        application_scope.solution_id as target_id,
        sum(usage_metrics.metric_value) as weight
    from rule_months
    inner join application_scope
        on rule_months.rule_id = application_scope.rule_id
    inner join usage_metrics
        on
            application_scope.application_id = usage_metrics.application_id
            and rule_months.fiscal_month = usage_metrics.usage_month
            and rule_months.driver_metric = usage_metrics.metric_name
    where rule_months.method = 'usage'
    group by 1, 2

),

even_weights as (

    select distinct
        rule_months.allocation_key,
        application_scope.solution_id as target_id,
        1 as weight
    from rule_months
    inner join application_scope
        on rule_months.rule_id = application_scope.rule_id
    where rule_months.method = 'even'

),

direct_weights as (

    select
        allocation_key,
        target_solution_id as target_id,
        1 as weight
    from rule_months
    where method = 'direct' and target_solution_id is not null

),

weights as (

    select allocation_key, target_id, cast(weight as decimal(28, 6)) as weight from usage_weights
    union all
    select allocation_key, target_id, cast(weight as decimal(28, 6)) as weight from even_weights
    union all
    select allocation_key, target_id, cast(weight as decimal(28, 6)) as weight from direct_weights

),

allocated as (

    {{ allocate_by_weights(
        'parents', 'weights', ['fiscal_month', 'sub_pool_id', 'cost_center_code', 'sub_tower_id']
    ) }}

),

final as (

    select
        allocated.fiscal_month,
        allocated.sub_pool_id,
        allocated.cost_center_code,
        allocated.sub_tower_id,
        allocated.target_id as solution_id,
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
    left join rules
        on parents.rule_id = rules.rule_id

)

select * from final
