-- One row per valid GCP billing-export row, in the common cloud-charge shape (FOCUS 1.2 in
-- snake_case). Costs keep their full precision, in the billing currency.

with billing_export as (

    select * from {{ ref('base_gcp__billing_export') }}
    where quarantine_reason is null

),

final as (

    select
        {{ cloud_charge_columns() | join(',\n        ') }},
        x_source_file as source_file
    from billing_export

)

select * from final
