-- One row per allocation rule of seeds/allocation/allocation_rules.csv, with what the engine
-- needs resolved: the driver a method reads from int_allocation_drivers (fixed_weights, even
-- and cost_center_mapping are drivers too) and the scope of that driver, and an open-ended
-- validity closed at 9999-12-31.

with rules as (

    select * from {{ ref('allocation_rules') }}

),

final as (

    select
        rule_id,
        from_layer,
        from_node,
        cost_center_code,
        to_layer,
        step,
        method,
        case method
            when 'fixed_weights' then 'fixed_weights'
            when 'even' then 'even'
            when 'cost_center_mapping' then 'cost_center_towers'
            else driver
        end as driver_name,
        case
            when method = 'fixed_weights' then rule_id
            when method = 'cost_center_mapping' then '{cost_center}'
            else coalesce(driver_scope, '*')
        end as driver_scope,
        target_id,
        priority,
        valid_from,
        coalesce(valid_to, cast('9999-12-31' as date)) as valid_to,
        residual_strategy,
        note
    from rules

)

select * from final
