-- One row per month, business unit and KPI: the valid rows of reference/business_kpis.csv.

with business_kpis as (

    select * from {{ ref('base_reference__business_kpis') }}
    where quarantine_reason is null

),

final as (

    select
        kpi_month,
        business_unit_code,
        kpi_name,
        kpi_value,
        kpi_unit,
        source_file,
        source_line_number
    from business_kpis

)

select * from final
