-- One row per fiscal month x resource pool (reference/capacity.csv): capacity against use, the
-- operating cost of the pool's sub-tower and the part of it that paid for idle capacity
-- (cost x (1 - utilisation)). A pool is flagged under-utilised below
-- var('underutilised_threshold') (default 0.40). The pool's sub-tower is found by its name in
-- the TBM taxonomy; the whole sub-tower's cost is attributed to the pool. Ratios and idle cost
-- are computed in micro-units and cents with exact integer arithmetic (rounded_integer_divide),
-- so every engine gives the same figures.

with capacity as (

    select * from {{ ref('stg_reference__capacity') }}

),

towers as (

    select * from {{ ref('dim_towers') }}

),

tower_costs as (

    select * from {{ ref('fct_tower_cost_monthly') }}

),

sub_tower_costs as (

    select
        fiscal_month,
        sub_tower_id,
        sum(amount_reporting) as amount_reporting
    from tower_costs
    group by 1, 2

),

pools as (

    select
        capacity.capacity_month as fiscal_month,
        capacity.resource_pool_id,
        max(capacity.resource_pool_name) as resource_pool_name,
        max(capacity.sub_tower_name) as sub_tower_name,
        max(capacity.capacity_unit) as capacity_unit,
        sum(capacity.capacity_quantity) as capacity_quantity,
        sum(capacity.used_quantity) as used_quantity
    from capacity
    group by 1, 2

),

pools_costed as (

    select
        pools.*,
        towers.sub_tower_id,
        towers.tower_name,
        sub_tower_costs.amount_reporting as sub_tower_cost,
        {{ scaled_integer('sub_tower_costs.amount_reporting', 2) }} as sub_tower_cents,
        {{ scaled_integer('pools.capacity_quantity', 6) }} as capacity_micro,
        {{ scaled_integer('pools.used_quantity', 6) }} as used_micro
    from pools
    left join towers
        on lower(pools.sub_tower_name) = lower(towers.sub_tower_name)
    left join sub_tower_costs
        on
            pools.fiscal_month = sub_tower_costs.fiscal_month
            and towers.sub_tower_id = sub_tower_costs.sub_tower_id

),

final as (

    select
        fiscal_month,
        resource_pool_id,
        resource_pool_name,
        sub_tower_id,
        sub_tower_name,
        tower_name,
        capacity_unit,
        cast(capacity_quantity as decimal(28, 6)) as capacity_quantity,
        cast(used_quantity as decimal(28, 6)) as used_quantity,
        cast(
            {{ rounded_integer_divide('used_micro * 10000', 'capacity_micro') }} * 0.0001 as decimal(9, 4)
        ) as utilisation,
        coalesce(
            capacity_quantity > 0
            and used_quantity < {{ var('underutilised_threshold', 0.4) }} * capacity_quantity,
            false
        ) as is_underutilised,
        cast(sub_tower_cost as decimal(18, 2)) as sub_tower_cost,
        cast(
            {{ rounded_integer_divide('sub_tower_cents * (capacity_micro - used_micro)', 'capacity_micro') }} * 0.01
            as decimal(18, 2)
        ) as idle_cost,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from pools_costed

)

select * from final
