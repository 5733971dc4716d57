-- One row per G/L account of the group chart: the valid rows of reference/chart_of_accounts.csv.

with accounts as (

    select * from {{ ref('base_reference__accounts') }}
    where quarantine_reason is null

),

final as (

    select
        account_code,
        account_name,
        account_type,
        source_file,
        source_line_number
    from accounts

)

select * from final
