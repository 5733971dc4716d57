{#
    Marts land in schemas named exactly as their folder says (finance, technology, consumer,
    core), not dbt's default "<target schema>_<custom schema>", so BI tools find them by name.
    Models without a custom schema use the target's schema.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
