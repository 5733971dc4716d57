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

{#- A decimal as a whole number of its smallest unit, for exact integer arithmetic: places 2
    gives cents, 6 micro-units. The value must have no more decimals than places. -#}
{% macro scaled_integer(value, places) -%}
    cast(({{ value }}) * {{ 10 ** places }} as {{ btim.wide_integer_type() }})
{%- endmacro %}

{#- An integer quotient rounded half away from zero (amounts in cents: a mean, a pro-rata
    share), exact and the same on every engine, where a decimal division is not: DuckDB divides
    decimals as doubles, Spark as decimals whose scale it cuts to fit 38 digits. Null unless the
    denominator is positive. -#}
{% macro rounded_integer_divide(numerator, denominator) -%}
    case
        when {{ denominator }} > 0
            then
                case when {{ numerator }} < 0 then -1 else 1 end
                * {{ btim.integer_divide('2 * abs(' ~ numerator ~ ') + ' ~ denominator, '2 * ' ~ denominator) }}
    end
{%- endmacro %}
