-- Every row of reference/fx_rates.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'fx_rates') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        {{ parse_date('rate_month', '%Y-%m-%d') }} as rate_month,
        upper(nullif(trim(from_currency), '')) as from_currency_code,
        upper(nullif(trim(to_currency), '')) as to_currency_code,
        {{ parse_number('average_rate', 'decimal(18, 8)') }} as average_rate,
        {{ parse_number('closing_rate', 'decimal(18, 8)') }} as closing_rate
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["rate_month is null", "rate_month is not a YYYY-MM-DD date"],
            ["from_currency_code is null or to_currency_code is null", "missing currency"],
            ["average_rate is null or average_rate <= 0", "average_rate is not a positive number"],
            ["closing_rate is null or closing_rate <= 0", "closing_rate is not a positive number"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
