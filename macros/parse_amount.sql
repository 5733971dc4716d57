{#
    Parse a money string from an export into decimal(18, 2), or null when it is not a number.
    Accepts a leading or a trailing minus (SAP list output writes "1250.00-") and surrounding
    spaces. Thousands separators are not guessed: "1,250.00" is rejected rather than misread.
#}
{% macro parse_amount(column) -%}
    {{ dbt.safe_cast(
        "case when trim(" ~ column ~ ") like '%-' then '-' || replace(trim(" ~ column ~ "), '-', '')"
        ~ " else trim(" ~ column ~ ") end",
        "decimal(18, 2)"
    ) }}
{%- endmacro %}

{#- Parse a plain decimal quantity (driver values, rates), or null. -#}
{% macro parse_number(column, type="decimal(28, 8)") -%}
    {{ dbt.safe_cast("trim(" ~ column ~ ")", type) }}
{%- endmacro %}
