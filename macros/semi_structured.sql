{#
    Lists, maps and JSON text on every engine: DuckDB writes lambdas as `lambda x: ...`, struct
    literals as {'key': ...} and list functions as list_*; Spark SQL writes `x -> ...`,
    named_struct(...) and the higher-order functions filter / transform / aggregate. Tags travel
    between models as JSON object text ('{"key":"value",...}'), the same on both.
#}

{#- JSON object text from [key expression, value expression] pairs, leaving out null values. -#}
{% macro json_object_from_entries(entries) -%}
    {{ return(adapter.dispatch('json_object_from_entries', 'btim')(entries)) }}
{%- endmacro %}

{% macro default__json_object_from_entries(entries) -%}
    cast(to_json(map_from_entries(list_filter(
        [{% for entry in entries %}{'key': {{ entry[0] }}, 'value': {{ entry[1] }}}{{ ', ' if not loop.last }}{% endfor %}],
        lambda entry: entry.value is not null
    ))) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__json_object_from_entries(entries) -%}
    to_json(map_from_entries(filter(
        array({% for entry in entries %}named_struct('key', {{ entry[0] }}, 'value', {{ entry[1] }}){{ ', ' if not loop.last }}{% endfor %}),
        entry -> entry.value is not null
    )))
{%- endmacro %}

{#- JSON object text as a map of text to text, or null when it is not a JSON object. -#}
{% macro json_text_to_map(json_text) -%}
    {{ return(adapter.dispatch('json_text_to_map', 'btim')(json_text)) }}
{%- endmacro %}

{% macro default__json_text_to_map(json_text) -%}
    try_cast(try_cast({{ json_text }} as json) as map (varchar, varchar))
{%- endmacro %}

{% macro spark__json_text_to_map(json_text) -%}
    from_json({{ json_text }}, 'map<string,string>')
{%- endmacro %}

{#- JSON object text with every key rewritten by an anchored pattern (replacement ''), or null
    when the text is not a JSON object. -#}
{% macro json_object_strip_key_pattern(json_text, pattern) -%}
    {{ return(adapter.dispatch('json_object_strip_key_pattern', 'btim')(json_text, pattern)) }}
{%- endmacro %}

{% macro default__json_object_strip_key_pattern(json_text, pattern) -%}
    cast(to_json(map_from_entries(list_transform(
        map_entries({{ btim.json_text_to_map(json_text) }}),
        lambda tag: { 'key': {{ btim.regexp_replace_anchored('tag.key', pattern, '') }}, 'value': tag.value }
    ))) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__json_object_strip_key_pattern(json_text, pattern) -%}
    to_json(transform_keys(
        {{ btim.json_text_to_map(json_text) }},
        (tag_key, tag_value) -> {{ btim.regexp_replace_anchored('tag_key', pattern, '') }}
    ))
{%- endmacro %}

{#- Select-list items: one row per entry of a map, as the columns key_name and value_name. -#}
{% macro map_entries_unnested(map_expression, key_name, value_name) -%}
    {{ return(adapter.dispatch('map_entries_unnested', 'btim')(map_expression, key_name, value_name)) }}
{%- endmacro %}

{% macro default__map_entries_unnested(map_expression, key_name, value_name) -%}
    unnest(map_keys({{ map_expression }})) as {{ key_name }},
    unnest(map_values({{ map_expression }})) as {{ value_name }}
{%- endmacro %}

{% macro spark__map_entries_unnested(map_expression, key_name, value_name) -%}
    explode({{ map_expression }}) as ({{ key_name }}, {{ value_name }})
{%- endmacro %}

{#- Aggregate: JSON object text of the group's key/value pairs, keys in binary order (keys must
    be unique within the group). -#}
{% macro json_object_agg_sorted(key_expression, value_expression) -%}
    {{ return(adapter.dispatch('json_object_agg_sorted', 'btim')(key_expression, value_expression)) }}
{%- endmacro %}

{% macro default__json_object_agg_sorted(key_expression, value_expression) -%}
    cast(to_json(map_from_entries(
        list({ 'key': {{ key_expression }}, 'value': {{ value_expression }} } order by {{ key_expression }})
    )) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__json_object_agg_sorted(key_expression, value_expression) -%}
    to_json(map_from_entries(array_sort(
        collect_list(named_struct('key', {{ key_expression }}, 'value', {{ value_expression }}))
    )))
{%- endmacro %}

{#- How many elements of a list satisfy a condition on `item` (null for a null list). -#}
{% macro list_count_where(list_expression, item, condition) -%}
    {{ return(adapter.dispatch('list_count_where', 'btim')(list_expression, item, condition)) }}
{%- endmacro %}

{% macro default__list_count_where(list_expression, item, condition) -%}
    list_count(list_filter({{ list_expression }}, lambda {{ item }}: {{ condition }}))
{%- endmacro %}

{% macro spark__list_count_where(list_expression, item, condition) -%}
    case when {{ list_expression }} is not null
        then size(filter({{ list_expression }}, {{ item }} -> {{ condition }})) end
{%- endmacro %}

{#- Sum of an expression of `item` over a list, as `type`; null for a null or empty list. -#}
{% macro list_sum_of(list_expression, item, expression, type) -%}
    {{ return(adapter.dispatch('list_sum_of', 'btim')(list_expression, item, expression, type)) }}
{%- endmacro %}

{% macro default__list_sum_of(list_expression, item, expression, type) -%}
    cast(list_sum(list_transform({{ list_expression }}, lambda {{ item }}: {{ expression }})) as {{ type }})
{%- endmacro %}

{% macro spark__list_sum_of(list_expression, item, expression, type) -%}
    case when size({{ list_expression }}) > 0 then aggregate(
        {{ list_expression }}, cast(0 as {{ type }}),
        (running_total, {{ item }}) -> cast(running_total + coalesce({{ expression }}, 0) as {{ type }})
    ) end
{%- endmacro %}

{#- JSON object text of two lists of {key, value} structs: every entry of `primary`, then the
    entries of `secondary` whose key `primary` does not have (GCP resource and project labels). -#}
{% macro json_object_from_label_lists(primary, secondary) -%}
    {{ return(adapter.dispatch('json_object_from_label_lists', 'btim')(primary, secondary)) }}
{%- endmacro %}

{% macro default__json_object_from_label_lists(primary, secondary) -%}
    cast(to_json(map_from_entries(list_concat(
        coalesce({{ primary }}, []),
        list_filter(
            coalesce({{ secondary }}, []),
            lambda secondary_label: not list_contains(
                list_transform(coalesce({{ primary }}, []), lambda primary_label: primary_label.key), secondary_label.key
            )
        )
    ))) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__json_object_from_label_lists(primary, secondary) -%}
    to_json(map_from_entries(concat(
        coalesce({{ primary }}, filter({{ secondary }}, secondary_label -> false), array()),
        filter(
            coalesce({{ secondary }}, filter({{ primary }}, primary_label -> false), array()),
            secondary_label -> not coalesce(array_contains(transform({{ primary }}, primary_label -> primary_label.key), secondary_label.key), false)
        )
    )))
{%- endmacro %}

{#- True when a text is valid JSON (null for null). -#}
{% macro json_is_valid(json_text) -%}
    {{ return(adapter.dispatch('json_is_valid', 'btim')(json_text)) }}
{%- endmacro %}

{% macro default__json_is_valid(json_text) -%}
    json_valid({{ json_text }})
{%- endmacro %}

{% macro spark__json_is_valid(json_text) -%}
    (try_parse_json({{ json_text }}) is not null or {{ json_text }} = 'null')
{%- endmacro %}

{#- Every column of a relation but the named ones (`alias.*` without them). -#}
{% macro star_except(relation_alias, columns) -%}
    {{ return(adapter.dispatch('star_except', 'btim')(relation_alias, columns)) }}
{%- endmacro %}

{% macro default__star_except(relation_alias, columns) -%}
    {{ relation_alias }}.* exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__star_except(relation_alias, columns) -%}
    {{ relation_alias }}.* except ({{ columns | join(', ') }})
{%- endmacro %}

{#- A top-level field of JSON object text, as text (null when absent or not JSON). -#}
{% macro json_text_field(json_text, field) -%}
    {{ return(adapter.dispatch('json_text_field', 'btim')(json_text, field)) }}
{%- endmacro %}

{% macro default__json_text_field(json_text, field) -%}
    json_extract_string(try_cast({{ json_text }} as json), '$.{{ field }}')
{%- endmacro %}

{% macro spark__json_text_field(json_text, field) -%}
    get_json_object({{ json_text }}, '$.{{ field }}')
{%- endmacro %}

{#- The value of the first {key, value} struct of a list whose key is `key` (null if none). -#}
{% macro label_list_value(list_expression, key) -%}
    {{ return(adapter.dispatch('label_list_value', 'btim')(list_expression, key)) }}
{%- endmacro %}

{% macro default__label_list_value(list_expression, key) -%}
    list_extract(list_transform(list_filter(coalesce({{ list_expression }}, []),
        lambda label: label.key = {{ btim.sql_string(key) }}), lambda label: label.value), 1)
{%- endmacro %}

{% macro spark__label_list_value(list_expression, key) -%}
    try_element_at(transform(filter({{ list_expression }},
        label -> label.key = {{ btim.sql_string(key) }}), label -> label.value), 1)
{%- endmacro %}
