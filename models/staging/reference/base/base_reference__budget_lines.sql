-- Every row of reference/budgets.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'budgets') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        {{ parse_date('budget_month', '%Y-%m-%d') }} as budget_month,
        nullif(trim(budget_version), '') as budget_version,
        nullif(trim(entity_id), '') as entity_id,
        nullif(trim(cost_center_code), '') as cost_center_code,
        nullif(trim(account_code), '') as account_code,
        {{ parse_amount('amount') }} as amount_local,
        upper(nullif(trim(currency_code), '')) as currency_code
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["budget_month is null", "budget_month is not a YYYY-MM-DD date"],
            ["budget_version is null", "missing budget_version"],
            ["account_code is null", "missing account_code"],
            ["amount_local is null", "amount is not a number"],
            ["currency_code is null", "missing currency_code"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
