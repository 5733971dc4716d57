-- One row per resource pool and month: the valid rows of reference/capacity.csv.

with capacity as (

    select * from {{ ref('base_reference__capacity') }}
    where quarantine_reason is null

),

final as (

    select
        capacity_month,
        resource_pool_id,
        resource_pool_name,
        sub_tower_name,
        capacity_unit,
        capacity_quantity,
        used_quantity,
        source_file,
        source_line_number
    from capacity

)

select * from final
