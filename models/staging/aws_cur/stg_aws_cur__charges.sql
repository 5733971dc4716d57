-- One row per valid legacy CUR line item, in the common cloud-charge shape (FOCUS 1.2 in
-- snake_case). Costs keep their full precision, in the billing currency.

with charges as (

    select * from {{ ref('base_aws_cur__charges') }}
    where quarantine_reason is null

),

final as (

    select
        {{ cloud_charge_columns() | join(',\n        ') }},
        x_source_file as source_file
    from charges

)

select * from final
