-- One row per month and currency pair: the valid rows of reference/fx_rates.csv.

with fx_rates as (

    select * from {{ ref('base_reference__fx_rates') }}
    where quarantine_reason is null

),

final as (

    select
        rate_month,
        from_currency_code,
        to_currency_code,
        average_rate,
        closing_rate,
        source_file,
        source_line_number
    from fx_rates

)

select * from final
