-- One row per budget version, month, entity, cost centre and account: the valid rows of reference/budgets.csv.

with budget_lines as (

    select * from {{ ref('base_reference__budget_lines') }}
    where quarantine_reason is null

),

final as (

    select
        budget_month,
        budget_version,
        entity_id,
        cost_center_code,
        account_code,
        amount_local,
        currency_code,
        source_file,
        source_line_number
    from budget_lines

)

select * from final
