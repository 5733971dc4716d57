-- One row per vendor: the valid rows of reference/vendors.csv.

with vendors as (

    select * from {{ ref('base_reference__vendors') }}
    where quarantine_reason is null

),

final as (

    select
        vendor_id,
        vendor_name,
        country_code,
        vendor_category,
        source_file,
        source_line_number
    from vendors

)

select * from final
