-- One row per valid Yonyou U8 voucher line, in the common GL shape (expense positive: debit
-- minus credit) plus the Chinese account and project. Account codes are the account set's
-- own codes without separators (66020103 under a 4-2-2 coding scheme):
-- int_cn_gl_lines_mapped_to_group_accounts maps them to the group chart. Voucher numbers
-- restart every period, so the document number carries the period: 记-12/03. A line without a
-- currency (币种) is in the account set's currency; its transaction currency is left null here
-- and filled from the legal entity downstream.

with voucher_lines as (

    select * from {{ ref('base_yonyou__voucher_lines') }}
    where quarantine_reason is null

),

renamed as (

    select
        'yonyou' as source_system,
        account_set as source_entity_key,
        fiscal_year,
        posting_period,
        make_date(fiscal_year, posting_period, 1) as fiscal_month,
        voucher_date as posting_date,
        {{ dbt.concat(["voucher_category", "'-'", "voucher_number", "'/'",
            "lpad(cast(posting_period as " ~ dbt.type_string() ~ "), 2, '0')"]) }} as document_number,
        {{ dbt.concat(["voucher_category", "'-'", "voucher_number", "'/'",
            "lpad(cast(posting_period as " ~ dbt.type_string() ~ "), 2, '0')", "'-'", "line_number"]) }}
            as document_line,
        voucher_category as document_type,
        source_account_code as account_code,
        cost_center_code,
        vendor_id,
        vendor_name,
        line_description,
        coalesce(debit_amount, 0) - coalesce(credit_amount, 0) as amount_local,
        cast(null as {{ dbt.type_string() }}) as local_currency_code,
        case
            when foreign_amount is null then coalesce(debit_amount, 0) - coalesce(credit_amount, 0)
            when coalesce(debit_amount, 0) - coalesce(credit_amount, 0) < 0 then -abs(foreign_amount)
            else abs(foreign_amount)
        end as amount_transaction,
        nullif(currency_code_or_blank, '') as transaction_currency_code,
        coalesce(debit_amount, 0) < 0 or coalesce(credit_amount, 0) < 0 as is_reversal,
        source_file,
        source_line_number,
        source_account_name,
        project_code,
        cast(null as {{ dbt.type_string() }}) as dimensions
    from voucher_lines

)

select * from renamed
