-- One row per valid Azure cost-details row (actual and amortized datasets, told apart by
-- x_dataset), in the common cloud-charge shape (FOCUS 1.2 in snake_case). Costs keep their
-- full precision, in the billing currency.

with cost_details as (

    select * from {{ ref('base_azure__cost_details') }}
    where quarantine_reason is null

),

final as (

    select
        {{ cloud_charge_columns() | join(',\n        ') }},
        x_source_file as source_file
    from cost_details

)

select * from final
