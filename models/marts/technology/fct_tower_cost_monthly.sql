-- One row per fiscal month x sub-tower x sub-pool: operating IT cost by TBM tower and
-- sub-tower, with the cost pool it came from. Cost that did not reach a tower sits in
-- sub-tower 'unallocated'.

with tower_costs as (

    select * from {{ ref('int_cost_pool_costs_allocated_to_towers') }}

),

towers as (

    select * from {{ ref('dim_towers') }}

),

cost_pools as (

    select * from {{ ref('dim_cost_pools') }}

),

cost_by_sub_tower as (

    select
        fiscal_month,
        coalesce(sub_tower_id, 'unallocated') as sub_tower_id,
        sub_pool_id,
        sum(amount_reporting) as amount_reporting
    from tower_costs
    group by 1, 2, 3

),

final as (

    select
        cost_by_sub_tower.fiscal_month,
        towers.domain_name,
        towers.tower_id,
        towers.tower_name,
        cost_by_sub_tower.sub_tower_id,
        towers.sub_tower_name,
        cost_pools.cost_pool_id,
        cost_pools.cost_pool_name,
        cost_by_sub_tower.sub_pool_id,
        cost_pools.sub_pool_name,
        cast(cost_by_sub_tower.amount_reporting as decimal(18, 2)) as amount_reporting,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from cost_by_sub_tower
    inner join towers
        on cost_by_sub_tower.sub_tower_id = towers.sub_tower_id
    inner join cost_pools
        on cost_by_sub_tower.sub_pool_id = cost_pools.sub_pool_id

)

select * from final
