-- One row per valid ACDOCA line item. Special periods 013-016 belong to month 12.

with journal_lines as (

    select * from {{ ref('base_sap_s4hana__journal_lines') }}
    where quarantine_reason is null

),

renamed as (

    select
        'sap_s4hana' as source_system,
        company_code as source_entity_key,
        fiscal_year,
        posting_period,
        make_date(fiscal_year, least(posting_period, 12), 1) as fiscal_month,
        posting_date,
        document_number,
        document_line,
        document_type,
        account_code,
        cost_center_code,
        vendor_id,
        cast(null as {{ dbt.type_string() }}) as vendor_name,
        line_description,
        amount_local,
        local_currency_code,
        amount_transaction,
        transaction_currency_code,
        is_reversal,
        source_file,
        source_line_number
    from journal_lines

)

select * from renamed
