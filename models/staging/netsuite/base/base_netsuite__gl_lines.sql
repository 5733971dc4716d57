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
            ["posting_date > " ~ dbt.dateadd("month", 13, "fiscal_month")
                ~ " or posting_date < " ~ dbt.dateadd("month", -12, "fiscal_month"),
                "date (Date) is more than a year away from its posting period (Posting Period)"],
            ["account_code is null", "missing account (Account)"],
            ["debit_text is null and credit_text is null", "no amount (Amount (Debit) and Amount (Credit) both empty)"],
            ["(debit_text is not null and debit_amount is null) or (credit_text is not null and credit_amount is null)",
                "amount (Amount (Debit)/Amount (Credit)) is not a number with at most 16 digits before the point"],
            ["abs(coalesce(debit_amount, 0)) > " ~ var("max_abs_line_amount")
                ~ " or abs(coalesce(credit_amount, 0)) > " ~ var("max_abs_line_amount"),
                "amount (Amount (Debit)/Amount (Credit)) exceeds the plausibility limit (var max_abs_line_amount)"],
            ["amount_transaction is null",
                "foreign-currency amount (Amount (Foreign Currency)) is not a number with at most 16 digits before the point"],
            ["abs(amount_transaction) > " ~ var("max_abs_line_amount"),
                "foreign-currency amount (Amount (Foreign Currency)) exceeds the plausibility limit (var max_abs_line_amount)"],
            ["transaction_currency_code is null", "missing currency (Currency)"],
            ["length(transaction_currency_code) <> 3", "currency (Currency) is not a 3-letter ISO code"],
        ]) }} as validation_reason
    from parsed

),

-- The same transaction line delivered twice (a re-sent or copied export file) counts once: the
-- first occurrence by file name and line is staged, later ones are quarantined with where the
-- first is.
duplicates_marked as (

    select
        *,
        row_number() over (
            partition by transaction_id, transaction_line_id, validation_reason is null
            order by source_file, source_line_number
        ) as key_occurrence,
        first_value(source_file) over (
            partition by transaction_id, transaction_line_id, validation_reason is null
            order by source_file, source_line_number
        ) as first_source_file,
        first_value(source_line_number) over (
            partition by transaction_id, transaction_line_id, validation_reason is null
            order by source_file, source_line_number
        ) as first_source_line_number
    from checked

),

final as (

    select
        *,
        coalesce(
            validation_reason,
            case when key_occurrence > 1 then {{ dbt.concat([
                "'duplicate of '", "first_source_file", "':'",
                "cast(first_source_line_number as " ~ dbt.type_string() ~ ")"]) }} end
        ) as quarantine_reason
    from duplicates_marked

)

select * from final
