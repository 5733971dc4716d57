{#
    not_materialized(): the hint for a CTE over the large fact rows (every bill line, every GL
    line) that the query reads more than once. DuckDB keeps such a CTE in memory by default
    (materialised once, then read), which for tens of millions of wide rows means gigabytes
    written to its temporary folder; recomputing it where it is read costs a second columnar scan
    instead (measured at scale L: docs/benchmarks.md). Written after `as`:

        charges_unioned as {{ not_materialized() }} (

    Renders `not materialized` on DuckDB and nothing elsewhere (Spark inlines CTEs anyway).
#}
{% macro not_materialized() -%}
    {{ return(adapter.dispatch('not_materialized', 'btim')()) }}
{%- endmacro %}

{% macro default__not_materialized() -%}
{%- endmacro %}

{% macro duckdb__not_materialized() -%}
    not materialized
{%- endmacro %}
