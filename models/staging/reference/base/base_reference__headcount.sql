-- Every row of reference/hr_headcount.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'hr_headcount') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        {{ parse_date('headcount_month', '%Y-%m-%d') }} as headcount_month,
        nullif(trim(cost_center_code), '') as cost_center_code,
        {{ parse_number('headcount', 'integer') }} as headcount,
        {{ parse_number('fte', 'decimal(18, 2)') }} as fte
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["headcount_month is null", "headcount_month is not a YYYY-MM-DD date"],
            ["cost_center_code is null", "missing cost_center_code"],
            ["headcount is null or headcount < 0", "headcount is not a non-negative whole number"],
            ["fte is null or fte < 0", "fte is not a non-negative number"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
