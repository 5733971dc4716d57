-- One row per valid Kingdee voucher entry line, in the common GL shape (expense positive:
-- debit minus credit) plus the Chinese account, project and dimension text. Account codes are
-- still the entity's Chinese codes (6602.01.03): int_cn_gl_lines_mapped_to_group_accounts maps
-- them to the group chart. Voucher numbers restart every period, so the document number
-- carries the period: 记-12/03 is voucher 记-12 of period 3. Adjustment periods 13-16 belong to
-- month 12.

with voucher_lines as (

    select * from {{ ref('base_kingdee__voucher_lines') }}
    where quarantine_reason is null

),

renamed as (

    select
        'kingdee' as source_system,
        account_book as source_entity_key,
        fiscal_year,
        posting_period,
        make_date(fiscal_year, least(posting_period, 12), 1) as fiscal_month,
        voucher_date as posting_date,
        {{ dbt.concat(["voucher_word", "'-'", "voucher_number", "'/'",
            "lpad(cast(posting_period as " ~ dbt.type_string() ~ "), 2, '0')"]) }} as document_number,
        {{ dbt.concat(["voucher_word", "'-'", "voucher_number", "'/'",
            "lpad(cast(posting_period as " ~ dbt.type_string() ~ "), 2, '0')", "'-'", "entry_number"]) }}
            as document_line,
        voucher_word as document_type,
        source_account_code as account_code,
        cost_center_code,
        vendor_id,
        vendor_name,
        line_description,
        coalesce(debit_amount, 0) - coalesce(credit_amount, 0) as amount_local,
        cast(null as {{ dbt.type_string() }}) as local_currency_code,
        case
            when original_amount is null then coalesce(debit_amount, 0) - coalesce(credit_amount, 0)
            when coalesce(debit_amount, 0) - coalesce(credit_amount, 0) < 0 then -abs(original_amount)
            else abs(original_amount)
        end as amount_transaction,
        transaction_currency_code,
        coalesce(debit_amount, 0) < 0 or coalesce(credit_amount, 0) < 0 as is_reversal,
        source_file,
        source_line_number,
        source_account_name,
        project_code,
        dimensions
    from voucher_lines

)

select * from renamed
