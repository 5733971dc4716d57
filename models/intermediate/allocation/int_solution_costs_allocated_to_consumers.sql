-- Consumer layer. One row per fiscal month x sub-pool x cost centre x cloud provider x
-- sub-tower x solution x rule path x consumer: each solution's cost moved to consumers by the
-- solution -> consumer rules of allocation_rules: by a usage metric of the solution's own
-- applications per business unit, by headcount, evenly, by fixed weights, directly, or in
-- proportion to what the other rules placed on each consumer in the month; a rule's residual
-- strategy may spread what its driver cannot. What cannot be moved keeps consumer_id null and
-- the reason.
-- The keys of every earlier layer and the full rule path are kept, so a consumer figure can be
-- traced back to the GL lines of its month, sub-pool, cost centre and provider and to every
-- rule that moved it (consumer.fct_consumer_cost_trace, scripts/trace.py).
-- Incremental by fiscal month (macros/incremental_by_month.sql), as every layer of the
-- allocation ledger: a month is rebuilt when its cost, its drivers or the rules changed.
{{ config(**incremental_by_month_config('fiscal_month')) }}

with solution_costs as (

    select * from {{ ref('int_tower_costs_allocated_to_solutions') }}
    where solution_id is not null

),

solution_costs_aggregated as (

    select
        fiscal_month,
        sub_pool_id,
        cost_center_code,
        cloud_provider_name,
        sub_tower_id,
        solution_id,
        allocation_rule_path as prior_path,
        allocation_basis as prior_basis,
        sum(amount_reporting) as amount_reporting
    from solution_costs
    group by
        fiscal_month, sub_pool_id, cost_center_code, cloud_provider_name, sub_tower_id, solution_id,
        allocation_rule_path, allocation_basis

),

input_fingerprints as (

    {{ allocation_input_fingerprints(
        'solution_costs_aggregated',
        ['fiscal_month', 'sub_pool_id', 'cost_center_code', 'cloud_provider_name', 'sub_tower_id', 'solution_id', 'prior_path', 'prior_basis']
    ) }}

),

months_to_build as (

    {{ months_to_build('input_fingerprints', 'fiscal_month') }}

),

solution_costs_aggregated_to_build as (

    select solution_costs_aggregated.*
    from solution_costs_aggregated
    inner join months_to_build
        on solution_costs_aggregated.fiscal_month = months_to_build.fiscal_month

),

{{ allocate_by_rules(
    'allocated',
    'solution_costs_aggregated_to_build',
    ['fiscal_month', 'sub_pool_id', 'cost_center_code', 'cloud_provider_name', 'sub_tower_id',
     'solution_id', 'prior_path', 'prior_basis'],
    'solution_id', 'solution', 'consumer'
) }},

final as (

    select
        allocated.fiscal_month,
        allocated.sub_pool_id,
        allocated.cost_center_code,
        allocated.cloud_provider_name,
        allocated.sub_tower_id,
        allocated.solution_id,
        allocated.target_id as consumer_id,
        cast(allocated.amount_reporting as decimal(18, 2)) as amount_reporting,
        allocated.allocation_rule_id,
        allocated.allocation_method,
        {{ allocation_path_step('prior_path', 'allocation_rule_id', 'allocation_method') }} as allocation_rule_path,
        case
            when allocated.target_id is not null then {{ combine_allocation_basis('prior_basis', 'allocation_basis') }}
        end as allocation_basis,
        allocated.unallocated_reason,
        input_fingerprints.month_input_fingerprint
    from allocated
    inner join input_fingerprints
        on allocated.fiscal_month = input_fingerprints.fiscal_month

)

select * from final
