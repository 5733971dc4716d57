-- One row per valid NetSuite GL detail line, in the same shape as the SAP journal lines.
-- NetSuite does not export the subsidiary's base currency: it is added from the legal
-- entities downstream, where the line is joined to its entity.

with gl_lines as (

    select * from {{ ref('base_netsuite__gl_lines') }}
    where quarantine_reason is null

),

renamed as (

    select
        'netsuite' as source_system,
        subsidiary_name as source_entity_key,
        cast(extract(year from fiscal_month) as integer) as fiscal_year,
        cast(extract(month from fiscal_month) as integer) as posting_period,
        fiscal_month,
        posting_date,
        coalesce(document_number, transaction_id) as document_number,
        {{ dbt.concat(["transaction_id", "'-'", "coalesce(transaction_line_id, '0')"]) }} as document_line,
        transaction_type as document_type,
        account_code,
        cost_center_code,
        cast(null as {{ dbt.type_string() }}) as vendor_id,
        counterparty_name as vendor_name,
        line_description,
        coalesce(debit_amount, 0) - coalesce(credit_amount, 0) as amount_local,
        cast(null as {{ dbt.type_string() }}) as local_currency_code,
        amount_transaction,
        transaction_currency_code,
        false as is_reversal,
        source_file,
        source_line_number
    from gl_lines

)

select * from renamed
