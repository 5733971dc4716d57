-- Every row of reference/legal_entities.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'legal_entities') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        nullif(trim(entity_id), '') as entity_id,
        nullif(trim(entity_name), '') as entity_name,
        lower(trim(erp_system)) as erp_system,
        nullif(trim(source_entity_key), '') as source_entity_key,
        upper(nullif(trim(country_code), '')) as country_code,
        upper(nullif(trim(functional_currency), '')) as functional_currency_code
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["entity_id is null", "missing entity_id"],
            ["source_entity_key is null", "missing source_entity_key"],
            ["functional_currency_code is null or length(functional_currency_code) <> 3", "functional_currency is not a 3-letter currency code"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
