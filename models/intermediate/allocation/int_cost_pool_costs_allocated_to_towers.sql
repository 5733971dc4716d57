-- Tower layer. One row per fiscal month x sub-pool x cost centre x cloud provider x sub-tower x
-- rule path: the operating cost of each sub-pool, per cost centre (and, for cloud sub-pools,
-- per provider), moved to sub-towers by the cost_pool rules of allocation_rules (by default
-- the cost-centre mapping; cloud cost by each provider's bill mix), then through the
-- tower-to-tower steps 1 to 3 in order (data centre to the towers it houses by power or floor
-- space; delivery and IT management over the other towers in proportion to their cost).
-- sub_tower_id is where the cost ends up, source_sub_tower_id where it first landed, and
-- allocation_rule_path every rule that moved it. What cannot be moved keeps sub_tower_id null
-- and the reason.
-- Capital spend is not allocated: the cost model runs on the depreciation basis, so an asset
-- reaches towers through its depreciation, never twice.
-- Incremental by fiscal month (macros/incremental_by_month.sql), as every layer of the
-- allocation ledger: a month is rebuilt when its cost, its drivers or the rules changed.
{{ config(**incremental_by_month_config('fiscal_month')) }}

with gl_lines as (

    select * from {{ ref('int_gl_lines_prepared_for_allocation') }}

),

sub_towers as (

    select * from {{ ref('tbm_sub_towers') }}

),

cost_pool_costs as (

    select
        fiscal_month,
        sub_pool_id,
        cost_center_code,
        cloud_provider_name,
        sum(amount_reporting) as amount_reporting
    from gl_lines
    group by fiscal_month, sub_pool_id, cost_center_code, cloud_provider_name

),

input_fingerprints as (

    {{ allocation_input_fingerprints(
        'cost_pool_costs', ['fiscal_month', 'sub_pool_id', 'cost_center_code', 'cloud_provider_name'],
        extra_globals={ref('tbm_sub_towers'): ['sub_tower_id', 'tower_id']}
    ) }}

),

months_to_build as (

    {{ months_to_build('input_fingerprints', 'fiscal_month') }}

),

cost_pool_costs_to_build as (

    select cost_pool_costs.*
    from cost_pool_costs
    inner join months_to_build
        on cost_pool_costs.fiscal_month = months_to_build.fiscal_month

),

{{ allocate_by_rules(
    'first_split',
    'cost_pool_costs_to_build',
    ['fiscal_month', 'sub_pool_id', 'cost_center_code', 'cloud_provider_name'],
    'sub_pool_id', 'cost_pool', 'tower'
) }},

step_0 as (

    -- A driver may name the 'unallocated' member as a target (cloud spend of a service category
    -- no sub-tower holds): that share stays unallocated, visibly, with its reason.
    select
        fiscal_month,
        sub_pool_id,
        cost_center_code,
        cloud_provider_name,
        case when target_id <> 'unallocated' then target_id end as sub_tower_id,
        case when target_id <> 'unallocated' then target_id end as source_sub_tower_id,
        amount_reporting,
        allocation_rule_id,
        allocation_method,
        {{ allocation_path_step('cast(null as ' ~ dbt.type_string() ~ ')', 'allocation_rule_id', 'allocation_method') }}
            as allocation_rule_path,
        case when target_id <> 'unallocated' then allocation_basis end as allocation_basis,
        case
            when target_id = 'unallocated' then 'driver target unallocated'
            else unallocated_reason
        end as unallocated_reason
    from first_split

),

{% for step in [1, 2, 3] %}
step_{{ step }}_parents as (

    select
        fiscal_month,
        sub_pool_id,
        cost_center_code,
        cloud_provider_name,
        sub_tower_id,
        source_sub_tower_id,
        allocation_rule_id as prior_rule_id,
        allocation_method as prior_method,
        allocation_rule_path as prior_path,
        allocation_basis as prior_basis,
        amount_reporting
    from step_{{ step - 1 }}
    where sub_tower_id is not null

),

{{ allocate_by_rules(
    'step_' ~ step ~ '_moved',
    'step_' ~ step ~ '_parents',
    ['fiscal_month', 'sub_pool_id', 'cost_center_code', 'cloud_provider_name', 'sub_tower_id',
     'source_sub_tower_id', 'prior_rule_id', 'prior_method', 'prior_path', 'prior_basis'],
    'sub_tower_id', 'tower', 'tower', step=step, unmatched='passthrough'
) }},

step_{{ step }} as (

    select * from step_{{ step - 1 }}
    where sub_tower_id is null

    union all

    select
        fiscal_month,
        sub_pool_id,
        cost_center_code,
        cloud_provider_name,
        target_id as sub_tower_id,
        source_sub_tower_id,
        amount_reporting,
        coalesce(allocation_rule_id, prior_rule_id) as allocation_rule_id,
        case when allocation_rule_id is null then prior_method else allocation_method end as allocation_method,
        case
            when allocation_rule_id is null then prior_path
            else {{ allocation_path_step('prior_path', 'allocation_rule_id', 'allocation_method') }}
        end as allocation_rule_path,
        case
            when allocation_rule_id is null then prior_basis
            else {{ combine_allocation_basis('prior_basis', 'allocation_basis') }}
        end as allocation_basis,
        unallocated_reason
    from step_{{ step }}_moved

),

{% endfor %}

final as (

    select
        step_3.fiscal_month,
        step_3.sub_pool_id,
        step_3.cost_center_code,
        step_3.cloud_provider_name,
        sub_towers.tower_id,
        step_3.sub_tower_id,
        step_3.source_sub_tower_id,
        cast(sum(step_3.amount_reporting) as decimal(18, 2)) as amount_reporting,
        step_3.allocation_rule_id,
        step_3.allocation_method,
        step_3.allocation_rule_path,
        step_3.allocation_basis,
        step_3.unallocated_reason,
        input_fingerprints.month_input_fingerprint
    from step_3
    inner join input_fingerprints
        on step_3.fiscal_month = input_fingerprints.fiscal_month
    left join sub_towers
        on step_3.sub_tower_id = sub_towers.sub_tower_id
    group by
        step_3.fiscal_month,
        step_3.sub_pool_id,
        step_3.cost_center_code,
        step_3.cloud_provider_name,
        sub_towers.tower_id,
        step_3.sub_tower_id,
        step_3.source_sub_tower_id,
        step_3.allocation_rule_id,
        step_3.allocation_method,
        step_3.allocation_rule_path,
        step_3.allocation_basis,
        step_3.unallocated_reason,
        input_fingerprints.month_input_fingerprint

)

select * from final
