{#-
    True when a text expression matches a regular expression held in another expression (a
    column, e.g. a pattern read from a seed); null when either is null. DuckDB has
    regexp_matches(), Spark SQL the rlike operator.
-#}
{% macro matches_pattern(expression, pattern_expression) -%}
    {{ return(adapter.dispatch('matches_pattern', 'btim')(expression, pattern_expression)) }}
{%- endmacro %}

{% macro default__matches_pattern(expression, pattern_expression) -%}
    regexp_matches({{ expression }}, {{ pattern_expression }})
{%- endmacro %}

{% macro spark__matches_pattern(expression, pattern_expression) -%}
    ({{ expression }} rlike {{ pattern_expression }})
{%- endmacro %}
