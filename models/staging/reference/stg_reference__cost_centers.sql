-- One row per cost centre: the valid rows of reference/cost_centers.csv.

with cost_centers as (

    select * from {{ ref('base_reference__cost_centers') }}
    where quarantine_reason is null

),

final as (

    select
        cost_center_code,
        cost_center_name,
        entity_id,
        business_unit_code,
        owner_name,
        is_it_cost_center,
        source_file,
        source_line_number
    from cost_centers

)

select * from final
