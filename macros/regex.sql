{#
    Regular expressions on every engine. DuckDB reads a backslash in a string literal as itself;
    Spark SQL reads it as an escape ('\d' becomes 'd'), writes back-references as $1 rather
    than \1, and has no regexp_matches. Write patterns as DuckDB and POSIX do; these render them.
#}

{#- A SQL string literal holding `text` exactly. -#}
{% macro sql_string(text) -%}
    {{ return(adapter.dispatch('sql_string', 'btim')(text)) }}
{%- endmacro %}

{% macro default__sql_string(text) -%}
    '{{ text | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__sql_string(text) -%}
    '{{ text | replace('\\', '\\\\') | replace("'", "\\'") }}'
{%- endmacro %}

{#- True when `pattern` matches anywhere in `expression` (null for null). -#}
{% macro regexp_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_matches', 'btim')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_matches(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ btim.sql_string(pattern) }})
{%- endmacro %}

{% macro spark__regexp_matches(expression, pattern) -%}
    ({{ expression }} rlike {{ btim.sql_string(pattern) }})
{%- endmacro %}

{#- The text of capture group `group` of the first match, '' when nothing matches. -#}
{% macro regexp_extract(expression, pattern, group=0) -%}
    regexp_extract({{ expression }}, {{ btim.sql_string(pattern) }}, {{ group }})
{%- endmacro %}

{#- Replace the match of an anchored pattern (^ or $: one match at most; Spark would replace
    every match of an unanchored one). `replacement` writes back-references as \1. -#}
{% macro regexp_replace_anchored(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_anchored', 'btim')(expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_anchored(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ btim.sql_string(pattern) }}, {{ btim.sql_string(replacement) }})
{%- endmacro %}

{% macro spark__regexp_replace_anchored(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ btim.sql_string(pattern) }}, {{ btim.sql_string(modules.re.sub('\\\\(\\d)', '$\\1', replacement)) }})
{%- endmacro %}
