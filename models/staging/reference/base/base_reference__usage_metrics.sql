-- Every row of reference/usage_metrics.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'usage_metrics') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        {{ parse_date('usage_month', '%Y-%m-%d') }} as usage_month,
        nullif(trim(application_id), '') as application_id,
        nullif(trim(business_unit_code), '') as business_unit_code,
        lower(trim(metric_name)) as metric_name,
        {{ parse_number('metric_value', 'decimal(28, 6)') }} as metric_value
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["usage_month is null", "usage_month is not a YYYY-MM-DD date"],
            ["application_id is null", "missing application_id"],
            ["business_unit_code is null", "missing business_unit_code"],
            ["metric_name is null or metric_name not in ('users', 'transactions', 'cpu_hours', 'storage_gb', 'tickets')", "metric_name is not users, transactions, cpu_hours, storage_gb or tickets"],
            ["metric_value is null", "metric_value is not a number"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
