-- One row per TBM sub-pool (the cost-pool dimension at its finest grain), plus the member
-- 'unallocated' for IT spend whose account has no mapping yet.

with cost_pools as (

    select * from {{ ref('tbm_cost_pools') }}

),

sub_pools as (

    select * from {{ ref('tbm_sub_pools') }}

),

standard_sub_pools as (

    select
        sub_pools.sub_pool_id,
        sub_pools.sub_pool_name,
        sub_pools.sub_pool_name_zh,
        cost_pools.cost_pool_id,
        cost_pools.cost_pool_name,
        cost_pools.cost_pool_name_zh,
        sub_pools.spend_type,
        sub_pools.sub_pool_description,
        cost_pools.sort_order * 100 + sub_pools.sort_order as sort_order
    from sub_pools
    inner join cost_pools
        on sub_pools.cost_pool_id = cost_pools.cost_pool_id

),

unallocated_member as (

    select
        'unallocated' as sub_pool_id,
        'Unallocated' as sub_pool_name,
        '未分配' as sub_pool_name_zh,
        'unallocated' as cost_pool_id,
        'Unallocated' as cost_pool_name,
        '未分配' as cost_pool_name_zh,
        'opex' as spend_type,
        'IT spend whose G/L account has no mapping yet; see finance.fct_allocation_reconciliation.'
            as sub_pool_description,
        99999 as sort_order

)

select * from standard_sub_pools
union all
select * from unallocated_member
