-- Every row of reference/vendors.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'vendors') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        nullif(regexp_replace(trim(vendor_id), '^0+', ''), '') as vendor_id,
        nullif(trim(vendor_name), '') as vendor_name,
        upper(nullif(trim(country_code), '')) as country_code,
        nullif(trim(vendor_category), '') as vendor_category
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["vendor_id is null", "missing vendor_id"],
            ["vendor_name is null", "missing vendor_name"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
