-- One row per application: the valid rows of reference/applications.csv.

with applications as (

    select * from {{ ref('base_reference__applications') }}
    where quarantine_reason is null

),

final as (

    select
        application_id,
        application_name,
        application_family,
        owner_cost_center_code,
        hosting,
        lifecycle_status,
        business_criticality,
        source_file,
        source_line_number
    from applications

)

select * from final
