{#
    Build the quarantine reason of a staged row from ordered checks: a list of
    [condition, reason] pairs. The first failing check names the reason; a row that passes every
    check gets null and is staged. Used by every base model so that bad rows are kept, with a
    reason, instead of being dropped.
#}
{% macro quarantine_reason(checks) -%}
    case
    {%- for check in checks %}
        when {{ check[0] }} then '{{ check[1] }}'
    {%- endfor %}
    end
{%- endmacro %}
