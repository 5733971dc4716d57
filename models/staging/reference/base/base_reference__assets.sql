-- Every row of reference/asset_register.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'asset_register') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        nullif(trim(asset_id), '') as asset_id,
        nullif(trim(entity_id), '') as entity_id,
        nullif(trim(asset_description), '') as asset_description,
        lower(trim(asset_class)) as asset_class,
        nullif(trim(account_code), '') as account_code,
        nullif(trim(cost_center_code), '') as cost_center_code,
        nullif(regexp_replace(trim(vendor_id), '^0+', ''), '') as vendor_id,
        {{ parse_date('acquisition_date', '%Y-%m-%d') }} as acquired_date,
        {{ parse_date('in_service_date', '%Y-%m-%d') }} as in_service_date,
        {{ parse_number('useful_life_months', 'integer') }} as useful_life_months,
        {{ parse_amount('acquisition_cost') }} as acquisition_cost,
        upper(nullif(trim(currency_code), '')) as currency_code
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["asset_id is null", "missing asset_id"],
            ["acquired_date is null", "acquisition_date is not a YYYY-MM-DD date"],
            ["in_service_date is null", "in_service_date is not a YYYY-MM-DD date"],
            ["useful_life_months is null or useful_life_months <= 0", "useful_life_months is not a positive whole number"],
            ["acquisition_cost is null", "acquisition_cost is not a number"],
            ["currency_code is null", "missing currency_code"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
