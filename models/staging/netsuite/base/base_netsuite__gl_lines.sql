-- Every NetSuite GL detail line as read, parsed, with the reason it cannot be staged.
-- Debit and credit arrive unsigned in two columns; the signed amount is debit minus credit,
-- so an expense is positive as in SAP.

with source as (

    select * from {{ source('netsuite', 'gl_detail') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        nullif(trim({{ adapter.quote('Internal ID') }}), '') as transaction_id,
        nullif(trim({{ adapter.quote('Line ID') }}), '') as transaction_line_id,
        nullif(trim({{ adapter.quote('Subsidiary') }}), '') as subsidiary_name,
        {{ parse_date(adapter.quote('Posting Period'), '%b %Y') }} as fiscal_month,
        {{ parse_date(adapter.quote('Date'), '%m/%d/%Y') }} as posting_date,
        nullif(trim({{ adapter.quote('Type') }}), '') as transaction_type,
        nullif(trim({{ adapter.quote('Document Number') }}), '') as document_number,
        nullif(regexp_extract(trim({{ adapter.quote('Account') }}), '^([0-9A-Za-z-]+)', 1), '') as account_code,
        nullif(regexp_extract(trim({{ adapter.quote('Department') }}), '^([0-9A-Za-z-]+)', 1), '') as cost_center_code,
        nullif(trim({{ adapter.quote('Name') }}), '') as counterparty_name,
        trim({{ adapter.quote('Memo') }}) as line_description,
        upper(nullif(trim({{ adapter.quote('Currency') }}), '')) as transaction_currency_code,
        nullif(trim({{ adapter.quote('Amount (Debit)') }}), '') as debit_text,
        nullif(trim({{ adapter.quote('Amount (Credit)') }}), '') as credit_text,
        {{ parse_amount(adapter.quote('Amount (Debit)')) }} as debit_amount,
        {{ parse_amount(adapter.quote('Amount (Credit)')) }} as credit_amount,
        {{ parse_amount(adapter.quote('Amount (Foreign Currency)')) }} as amount_transaction
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["transaction_id is null", "missing transaction id (Internal ID)"],
            ["subsidiary_name is null", "missing subsidiary (Subsidiary)"],
            ["fiscal_month is null", "posting period (Posting Period) is not Mon YYYY"],
            ["posting_date is null", "date (Date) is not a valid MM/DD/YYYY date"],
            ["account_code is null", "missing account (Account)"],
            ["debit_text is null and credit_text is null", "no amount (Amount (Debit) and Amount (Credit) both empty)"],
            ["(debit_text is not null and debit_amount is null) or (credit_text is not null and credit_amount is null)",
                "amount (Amount (Debit)/Amount (Credit)) is not a number"],
            ["amount_transaction is null", "foreign-currency amount (Amount (Foreign Currency)) is not a number"],
            ["transaction_currency_code is null", "missing currency (Currency)"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
