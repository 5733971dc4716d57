{#
    dbt's default safe_cast is a plain cast on DuckDB and Spark, which fails the whole build on
    one bad value. Staging must turn a bad value into null and quarantine the row instead, so
    both engines use try_cast.
#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro spark__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
