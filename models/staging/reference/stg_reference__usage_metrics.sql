-- One row per month, application, business unit and metric: the valid rows of reference/usage_metrics.csv.

with usage_metrics as (

    select * from {{ ref('base_reference__usage_metrics') }}
    where quarantine_reason is null

),

final as (

    select
        usage_month,
        application_id,
        business_unit_code,
        metric_name,
        metric_value,
        source_file,
        source_line_number
    from usage_metrics

)

select * from final
