-- Solution layer. One row per fiscal month x sub-pool x cost centre x cloud provider x
-- sub-tower x rule path x solution: each sub-tower's cost (after the tower-to-tower steps)
-- moved to solutions by the tower -> solution rules of allocation_rules: directly, evenly over
-- an application family, by a usage metric of the applications behind each solution, by fixed
-- weights or in proportion to what the other rules placed on each solution in the month.
-- allocation_rule_path carries the whole path so far; what cannot be moved keeps solution_id
-- null and the reason.
-- Incremental by fiscal month (macros/incremental_by_month.sql), as every layer of the
-- allocation ledger: a month is rebuilt when its cost, its drivers or the rules changed.
{{ config(**incremental_by_month_config('fiscal_month')) }}

with tower_costs as (

    select * from {{ ref('int_cost_pool_costs_allocated_to_towers') }}
    where sub_tower_id is not null

),

tower_costs_aggregated as (

    select
        fiscal_month,
        sub_pool_id,
        cost_center_code,
        cloud_provider_name,
        sub_tower_id,
        allocation_rule_path as prior_path,
        allocation_basis as prior_basis,
        sum(amount_reporting) as amount_reporting
    from tower_costs
    group by
        fiscal_month, sub_pool_id, cost_center_code, cloud_provider_name, sub_tower_id,
        allocation_rule_path, allocation_basis

),

input_fingerprints as (

    {{ allocation_input_fingerprints(
        'tower_costs_aggregated',
        ['fiscal_month', 'sub_pool_id', 'cost_center_code', 'cloud_provider_name', 'sub_tower_id', 'prior_path', 'prior_basis']
    ) }}

),

months_to_build as (

    {{ months_to_build('input_fingerprints', 'fiscal_month') }}

),

tower_costs_aggregated_to_build as (

    select tower_costs_aggregated.*
    from tower_costs_aggregated
    inner join months_to_build
        on tower_costs_aggregated.fiscal_month = months_to_build.fiscal_month

),

{{ allocate_by_rules(
    'allocated',
    'tower_costs_aggregated_to_build',
    ['fiscal_month', 'sub_pool_id', 'cost_center_code', 'cloud_provider_name', 'sub_tower_id',
     'prior_path', 'prior_basis'],
    'sub_tower_id', 'tower', 'solution'
) }},

final as (

    select
        allocated.fiscal_month,
        allocated.sub_pool_id,
        allocated.cost_center_code,
        allocated.cloud_provider_name,
        allocated.sub_tower_id,
        allocated.target_id as solution_id,
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
