-- One row per day from 2000-01-01 for 50 years: the time spine the semantic layer joins
-- metrics to. A table rather than the folder default (view) so the spine is computed once.
{{ config(materialized='table') }}

with days as (

    {{ dbt.date_spine('day', "cast('2000-01-01' as date)", "cast('2050-01-01' as date)") }}

),

final as (

    select cast(date_day as date) as date_day
    from days

)

select * from final
