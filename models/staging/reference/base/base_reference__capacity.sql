-- Every row of reference/capacity.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'capacity') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        {{ parse_date('capacity_month', '%Y-%m-%d') }} as capacity_month,
        nullif(trim(resource_pool_id), '') as resource_pool_id,
        nullif(trim(resource_pool_name), '') as resource_pool_name,
        nullif(trim(sub_tower_name), '') as sub_tower_name,
        lower(trim(capacity_unit)) as capacity_unit,
        {{ parse_number('capacity_quantity', 'decimal(28, 6)') }} as capacity_quantity,
        {{ parse_number('used_quantity', 'decimal(28, 6)') }} as used_quantity
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["capacity_month is null", "capacity_month is not a YYYY-MM-DD date"],
            ["resource_pool_id is null", "missing resource_pool_id"],
            ["capacity_quantity is null or capacity_quantity < 0", "capacity_quantity is not a non-negative number"],
            ["used_quantity is null or used_quantity < 0", "used_quantity is not a non-negative number"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
