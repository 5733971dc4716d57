-- One row per cost centre and month: the valid rows of reference/hr_headcount.csv.

with headcount as (

    select * from {{ ref('base_reference__headcount') }}
    where quarantine_reason is null

),

final as (

    select
        headcount_month,
        cost_center_code,
        headcount,
        fte,
        source_file,
        source_line_number
    from headcount

)

select * from final
