{#
    Parse a date string with an explicit format, or null when it does not fit the format or is
    not a real date (20251345, 02/31/2025). Formats use strptime codes.
#}
{% macro parse_date(column, format) -%}
    {{ return(adapter.dispatch('parse_date', 'btim')(column, format)) }}
{%- endmacro %}

{% macro duckdb__parse_date(column, format) -%}
    cast(try_strptime(trim({{ column }}), '{{ format }}') as date)
{%- endmacro %}

{% macro spark__parse_date(column, format) -%}
    {#- Spark's datetime patterns differ from strptime: translate the few we use. -#}
    {%- set spark_format = format
        | replace('%Y', 'yyyy') | replace('%m', 'MM') | replace('%d', 'dd') | replace('%b', 'MMM') -%}
    cast(try_to_timestamp(trim({{ column }}), '{{ spark_format }}') as date)
{%- endmacro %}

{#- First day of the month of a date, as a date on every engine. -#}
{% macro month_start(date_expression) -%}
    cast({{ dbt.date_trunc('month', date_expression) }} as date)
{%- endmacro %}
