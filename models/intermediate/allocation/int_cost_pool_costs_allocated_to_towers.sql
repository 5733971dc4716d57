-- Tower layer. One row per fiscal month x sub-pool x cost centre x sub-tower: the operating
-- cost of each sub-pool, per cost centre, split over the sub-towers the cost centre maps to
-- (direct when it maps to one, fixed weights when to several). A cost centre with no tower
-- mapping keeps its cost in one row with sub_tower_id null and the reason.
-- Capital spend is not allocated: the cost model runs on the depreciation basis, so an
-- asset reaches towers through its depreciation, never twice.

with gl_lines as (

    select * from {{ ref('int_gl_lines_mapped_to_cost_pools') }}
    where ledger_status = 'mapped' and spend_type = 'opex'

),

cost_center_towers as (

    select * from {{ ref('cost_center_towers') }}

),

sub_towers as (

    select * from {{ ref('tbm_sub_towers') }}

),

cost_pool_costs as (

    select
        fiscal_month,
        sub_pool_id,
        coalesce(cost_center_code, '(none)') as cost_center_code,
        sum(amount_reporting) as amount_reporting
    from gl_lines
    group by 1, 2, 3

),

mapped_cost_centers as (

    select
        cost_center_code,
        count(*) as sub_tower_count
    from cost_center_towers
    group by 1

),

parents as (

    select
        cost_pool_costs.fiscal_month,
        cost_pool_costs.sub_pool_id,
        cost_pool_costs.cost_center_code,
        cost_pool_costs.amount_reporting,
        mapped_cost_centers.cost_center_code as allocation_key
    from cost_pool_costs
    left join mapped_cost_centers
        on cost_pool_costs.cost_center_code = mapped_cost_centers.cost_center_code

),

weights as (

    select
        cost_center_code as allocation_key,
        sub_tower_id as target_id,
        weight
    from cost_center_towers

),

allocated as (

    {{ allocate_by_weights(
        'parents', 'weights', ['fiscal_month', 'sub_pool_id', 'cost_center_code'],
        no_rule_reason='cost centre has no tower mapping'
    ) }}

),

final as (

    select
        allocated.fiscal_month,
        allocated.sub_pool_id,
        allocated.cost_center_code,
        sub_towers.tower_id,
        allocated.target_id as sub_tower_id,
        allocated.amount_reporting,
        case
            when allocated.target_id is null then null
            when mapped_cost_centers.sub_tower_count = 1 then 'direct'
            else 'fixed_weights'
        end as allocation_method,
        case
            when allocated.target_id is not null then 'cost_center_towers:' || allocated.cost_center_code
        end as allocation_rule_id,
        allocated.unallocated_reason
    from allocated
    left join sub_towers
        on allocated.target_id = sub_towers.sub_tower_id
    left join mapped_cost_centers
        on allocated.cost_center_code = mapped_cost_centers.cost_center_code

)

select * from final
