-- Every row of reference/chart_of_accounts.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'chart_of_accounts') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        nullif(trim(account_code), '') as account_code,
        nullif(trim(account_name), '') as account_name,
        lower(trim(account_type)) as account_type
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["account_code is null", "missing account_code"],
            ["account_type not in ('asset', 'liability', 'equity', 'revenue', 'expense') or account_type is null", "account_type is not asset, liability, equity, revenue or expense"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
