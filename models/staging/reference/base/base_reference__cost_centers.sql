-- Every row of reference/cost_centers.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'cost_centers') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        nullif(trim(cost_center_code), '') as cost_center_code,
        nullif(trim(cost_center_name), '') as cost_center_name,
        nullif(trim(entity_id), '') as entity_id,
        nullif(trim(business_unit_code), '') as business_unit_code,
        nullif(trim(owner_name), '') as owner_name,
        upper(trim(is_it_cost_center)) in ('Y', 'YES', 'TRUE', '1') as is_it_cost_center
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["cost_center_code is null", "missing cost_center_code"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
