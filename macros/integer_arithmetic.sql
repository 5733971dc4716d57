{#
    Exact integer arithmetic for the allocation macro. Cents times weight units can pass
    2^63, so products use a 128-bit integer on DuckDB and decimal(38, 0) on Spark.
#}
{% macro wide_integer_type() -%}
    {{ return(adapter.dispatch('wide_integer_type', 'btim')()) }}
{%- endmacro %}

{% macro default__wide_integer_type() -%}
    hugeint
{%- endmacro %}

{% macro spark__wide_integer_type() -%}
    decimal(38, 0)
{%- endmacro %}

{#- Integer division truncating toward zero; operands are non-negative where we use it. -#}
{% macro integer_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('integer_divide', 'btim')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__integer_divide(numerator, denominator) -%}
    (({{ numerator }}) // ({{ denominator }}))
{%- endmacro %}

{% macro spark__integer_divide(numerator, denominator) -%}
    (({{ numerator }}) div ({{ denominator }}))
{%- endmacro %}

{#- The mean of integers (amounts in cents) rounded half away from zero to an integer, the same
    on every engine (DuckDB's avg() of decimals is a double, Spark's a decimal: the two round
    some halves apart). Null when there is no value. -#}
{% macro rounded_integer_mean(integer_sum, value_count) -%}
    case
        when {{ value_count }} > 0
            then
                case when {{ integer_sum }} < 0 then -1 else 1 end
                * {{ btim.integer_divide('2 * abs(' ~ integer_sum ~ ') + ' ~ value_count, '2 * ' ~ value_count) }}
    end
{%- endmacro %}
