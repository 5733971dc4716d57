-- One row per fiscal month present in the ledger or the budget (fiscal year = calendar
-- year). A month is closed when it is on or before var('closed_through') (YYYY-MM); when that
-- var is empty, every month before the latest month of the ledger is closed. With var('as_of')
-- set, the ledger is the one of that date: lines posted by then, of months up to its month.

{%- set as_of = var('as_of') %}

with gl_lines as (

    -- Quarantined lines (say, a period of 2099 with no FX rate) must not move the calendar.
    select * from {{ ref('int_gl_lines_converted_to_reporting_currency') }}
    where
        conversion_issue is null
    {% if as_of %}
        and posting_date <= cast('{{ as_of }}' as date)
        and fiscal_month <= {{ month_start("cast('" ~ as_of ~ "' as date)") }}
    {% endif %}

),

budget_lines as (

    select * from {{ ref('stg_reference__budget_lines') }}

),

months as (

    select distinct fiscal_month from gl_lines
    union
    select distinct {{ month_start('budget_month') }} as fiscal_month from budget_lines

),

latest_ledger_month as (

    select max(fiscal_month) as fiscal_month from gl_lines

),

periods as (

    select
        months.fiscal_month,
        cast(extract(year from months.fiscal_month) as integer) as fiscal_year,
        cast(extract(quarter from months.fiscal_month) as integer) as fiscal_quarter,
        cast(extract(month from months.fiscal_month) as integer) as fiscal_month_number,
        {% if var('closed_through') %}
        months.fiscal_month <= cast('{{ var("closed_through") }}-01' as date) as is_closed,
        {% else %}
        months.fiscal_month < latest_ledger_month.fiscal_month as is_closed,
        {% endif %}
        months.fiscal_month <= latest_ledger_month.fiscal_month as has_actuals
    from months
    cross join latest_ledger_month

),

final as (

    select
        fiscal_month,
        fiscal_year,
        fiscal_quarter,
        fiscal_month_number,
        cast(fiscal_year as {{ dbt.type_string() }}) || '-'
        || case when fiscal_month_number < 10 then '0' else '' end
        || cast(fiscal_month_number as {{ dbt.type_string() }}) as fiscal_month_label,
        is_closed,
        has_actuals,
        is_closed and fiscal_month = max(case when is_closed then fiscal_month end) over () as is_latest_closed
    from periods

)

select * from final
