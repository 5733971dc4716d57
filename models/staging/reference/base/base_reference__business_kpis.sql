-- Every row of reference/business_kpis.csv as read, parsed, with the reason it cannot be staged.

with source as (

    select * from {{ source('reference', 'business_kpis') }}

),

parsed as (

    select
        {{ raw_file_columns() }},
        {{ parse_date('kpi_month', '%Y-%m-%d') }} as kpi_month,
        nullif(trim(business_unit_code), '') as business_unit_code,
        lower(trim(kpi_name)) as kpi_name,
        {{ parse_number('kpi_value', 'decimal(28, 6)') }} as kpi_value,
        lower(trim(unit)) as kpi_unit
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["kpi_month is null", "kpi_month is not a YYYY-MM-DD date"],
            ["business_unit_code is null", "missing business_unit_code"],
            ["kpi_name is null", "missing kpi_name"],
            ["kpi_value is null", "kpi_value is not a number"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
