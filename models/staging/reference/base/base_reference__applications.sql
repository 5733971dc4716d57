-- Every row of reference/applications.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'applications') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        nullif(trim(application_id), '') as application_id,
        nullif(trim(application_name), '') as application_name,
        upper(nullif(trim(application_family), '')) as application_family,
        nullif(trim(owner_cost_center_code), '') as owner_cost_center_code,
        lower(trim(hosting)) as hosting,
        lower(trim(lifecycle_status)) as lifecycle_status,
        lower(trim(business_criticality)) as business_criticality
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["application_id is null", "missing application_id"],
            ["application_name is null", "missing application_name"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
