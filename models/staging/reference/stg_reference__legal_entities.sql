-- One row per legal entity: the valid rows of reference/legal_entities.csv.

with legal_entities as (

    select * from {{ ref('base_reference__legal_entities') }}
    where quarantine_reason is null

),

final as (

    select
        entity_id,
        entity_name,
        erp_system,
        source_entity_key,
        country_code,
        functional_currency_code,
        source_file,
        source_line_number
    from legal_entities

)

select * from final
