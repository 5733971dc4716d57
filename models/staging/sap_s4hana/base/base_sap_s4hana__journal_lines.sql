-- Every ACDOCA line as read, parsed, with the reason it cannot be staged (null when it can).
-- SAP signs are kept: HSL and WSL are debit-positive, so an expense is already positive.

with source as (

    select * from {{ source('sap_s4hana', 'acdoca') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        nullif(trim(rbukrs), '') as company_code,
        {{ dbt.safe_cast('trim(gjahr)', 'integer') }} as fiscal_year,
        {{ dbt.safe_cast('trim(poper)', 'integer') }} as posting_period,
        {{ parse_date('budat', '%Y%m%d') }} as posting_date,
        nullif(trim(belnr), '') as document_number,
        nullif(trim(docln), '') as document_line,
        nullif(trim(blart), '') as document_type,
        nullif(regexp_replace(trim(racct), '^0+', ''), '') as account_code,
        nullif(trim(rcntr), '') as cost_center_code,
        nullif(regexp_replace(trim(lifnr), '^0+', ''), '') as vendor_id,
        trim(sgtxt) as line_description,
        upper(trim(drcrk)) as debit_credit_indicator,
        {{ parse_amount('hsl') }} as amount_local,
        upper(nullif(trim(rhcur), '')) as local_currency_code,
        {{ parse_amount('wsl') }} as amount_transaction,
        upper(nullif(trim(rwcur), '')) as transaction_currency_code,
        coalesce(upper(trim(xreversing)) = 'X', false) as is_reversal
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["company_code is null", "missing company code (RBUKRS)"],
            ["document_number is null", "missing document number (BELNR)"],
            ["fiscal_year is null", "fiscal year (GJAHR) is not a number"],
            ["posting_period is null or posting_period not between 1 and 16",
                "posting period (POPER) is not 001-016"],
            ["posting_date is null", "posting date (BUDAT) is not a valid YYYYMMDD date"],
            ["posting_date > " ~ dbt.dateadd("month", 13, "make_date(fiscal_year, least(posting_period, 12), 1)")
                ~ " or posting_date < " ~ dbt.dateadd("month", -12, "make_date(fiscal_year, least(posting_period, 12), 1)"),
                "posting date (BUDAT) is more than a year away from its posting period (GJAHR/POPER)"],
            ["account_code is null", "missing G/L account (RACCT)"],
            ["amount_local is null", "amount (HSL) is not a number with at most 16 digits before the point"],
            ["abs(amount_local) > " ~ var("max_abs_line_amount"),
                "amount (HSL) exceeds the plausibility limit (var max_abs_line_amount)"],
            ["local_currency_code is null", "missing company-code currency (RHCUR)"],
            ["length(local_currency_code) <> 3", "company-code currency (RHCUR) is not a 3-letter ISO code"],
            ["amount_transaction is null", "transaction amount (WSL) is not a number with at most 16 digits before the point"],
            ["abs(amount_transaction) > " ~ var("max_abs_line_amount"),
                "transaction amount (WSL) exceeds the plausibility limit (var max_abs_line_amount)"],
            ["transaction_currency_code is null", "missing transaction currency (RWCUR)"],
        ]) }} as validation_reason
    from parsed

),

-- The same line item delivered twice (a re-sent or copied extract file) counts once: the first
-- occurrence by file name and line is staged, later ones are quarantined with where the first is.
duplicates_marked as (

    select
        *,
        row_number() over (
            partition by company_code, fiscal_year, document_number, document_line, validation_reason is null
            order by source_file, source_line_number
        ) as key_occurrence,
        first_value(source_file) over (
            partition by company_code, fiscal_year, document_number, document_line, validation_reason is null
            order by source_file, source_line_number
        ) as first_source_file,
        first_value(source_line_number) over (
            partition by company_code, fiscal_year, document_number, document_line, validation_reason is null
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
