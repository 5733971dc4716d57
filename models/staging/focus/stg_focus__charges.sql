-- One row per valid FOCUS export row, in the common cloud-charge shape (FOCUS 1.2 in
-- snake_case). Costs keep their full precision, in the billing currency.

with charges as (

    select * from {{ ref('base_focus__charges') }}
    where quarantine_reason is null

),

final as (

    select
        {{ cloud_charge_columns() | join(',\n        ') }},
        x_source_file as source_file
    from charges

)

select * from final
