-- One row per fixed asset: the valid rows of reference/asset_register.csv.

with assets as (

    select * from {{ ref('base_reference__assets') }}
    where quarantine_reason is null

),

final as (

    select
        asset_id,
        entity_id,
        asset_description,
        asset_class,
        account_code,
        cost_center_code,
        vendor_id,
        acquired_date,
        in_service_date,
        useful_life_months,
        acquisition_cost,
        currency_code,
        source_file,
        source_line_number
    from assets

)

select * from final
