{#
    Incremental by month, for the large facts (GL lines, cloud charges, the allocation ledger).

    A model built this way keeps, on every row, the fingerprint of the inputs its month was
    built from (month_input_fingerprint). On an incremental run it rebuilds, whole, every month
    whose inputs' fingerprint differs from the stored one (new months, months restated by a
    late correction or a re-sent export, months whose rates or rules changed), plus the last
    var('incremental_lookback_months') months it holds, and replaces exactly those months:
    delete+insert keyed by the month on DuckDB, insert_overwrite of the month partitions on
    Spark. Every other month is left as it is. A month's rows depend only on that month's inputs
    (and on the global inputs, which are part of every month's fingerprint), so an incremental
    run gives the same rows as a full refresh; tests/python/test_incremental.py proves it.

    A fingerprint is the row count and the sum of a 64-bit hash of every input column that
    the model reads, so any change of any value in a month changes it (barring a hash collision
    of the sums, about 2^-64). A month that disappears from the inputs altogether (every line
    of it deleted) is not removed by an incremental run: run with --full-refresh after deleting
    a whole month of source data.
#}

{#-
    The model's config: the same call on both engines. A rebuild as of a date (var as_of) is a
    full rebuild, as a table: it drops the months after as_of, which an incremental run, which
    only ever replaces the months it builds, would leave in place.
-#}
{% macro incremental_by_month_config(month_column) -%}
    {%- if var('as_of', '') -%}
        {{ return({'materialized': 'table'}) }}
    {%- endif -%}
    {{ return(adapter.dispatch('incremental_by_month_config', 'btim')(month_column)) }}
{%- endmacro %}

{% macro default__incremental_by_month_config(month_column) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': month_column,
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{% macro spark__incremental_by_month_config(month_column) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'insert_overwrite',
        'partition_by': [month_column],
        'on_schema_change': 'fail',
    }) }}
{%- endmacro %}

{#- A 64-bit hash of the columns of one row (nulls included), summed exactly by input_fingerprint. -#}
{% macro row_hash(columns) -%}
    {{ return(adapter.dispatch('row_hash', 'btim')(columns)) }}
{%- endmacro %}

{% macro default__row_hash(columns) -%}
    hash({{ columns | join(', ') }})
{%- endmacro %}

{% macro spark__row_hash(columns) -%}
    xxhash64({{ columns | join(', ') }})
{%- endmacro %}

{#-
    The fingerprint aggregate of a group of input rows: '<rows>:<sum of row hashes>'. Use it in a
    select with `group by <month>` (one fingerprint per month) or without (a global input).
-#}
{% macro input_fingerprint(columns) -%}
    {{ dbt.concat([
        "cast(count(*) as " ~ dbt.type_string() ~ ")",
        "':'",
        "cast(coalesce(sum(cast(" ~ row_hash(columns) ~ " as decimal(38, 0))), 0) as " ~ dbt.type_string() ~ ")",
    ]) }}
{%- endmacro %}

{#-
    The months to build on this run, from a CTE `fingerprints` (one row per month: the month in
    month_column and its inputs' fingerprint in month_input_fingerprint). A full build takes
    every month; an incremental run the months whose fingerprint is new or changed, plus the
    lookback months. Renders a select of month_column.
-#}
{% macro months_to_build(fingerprints, month_column) -%}
    {%- if is_incremental() %}
    select {{ fingerprints }}.{{ month_column }}
    from {{ fingerprints }}
    left join (
        select distinct
            {{ month_column }},
            month_input_fingerprint
        from {{ this }}
    ) as built
        on
            {{ fingerprints }}.{{ month_column }} = built.{{ month_column }}
            and {{ fingerprints }}.month_input_fingerprint = built.month_input_fingerprint
    where
        built.{{ month_column }} is null
        or {{ fingerprints }}.{{ month_column }} >= (
            select {{ dbt.dateadd('month', -1 * (var('incremental_lookback_months') | int),
                                  'max(' ~ month_column ~ ')') }}
            from {{ this }}
        )
    {%- else %}
    select {{ month_column }} from {{ fingerprints }}
    {%- endif %}
{%- endmacro %}

{#-
    The per-month input fingerprints of an allocation layer: the month's parents (the cost the
    layer moves), the month's drivers, and what applies to every month (the drivers with a
    validity range, the rules, and any extra global relations named in extra_globals as
    {relation: [columns]}). Renders a select of fiscal_month and month_input_fingerprint.
-#}
{% macro allocation_input_fingerprints(parents, parent_columns, extra_globals={}) -%}
    {%- set driver_columns = ['to_layer', 'driver_name', 'fiscal_month', 'valid_from', 'valid_to',
                              'driver_scope', 'target_id', 'driver_value', 'driver_basis'] -%}
    {%- set rule_columns = ['rule_id', 'from_layer', 'from_node', 'cost_center_code', 'to_layer', 'step',
                            'method', 'driver_name', 'driver_scope', 'target_id', 'priority', 'valid_from',
                            'valid_to', 'residual_strategy'] -%}
    {%- set globals = ["(select " ~ input_fingerprint(driver_columns) ~ " from " ~ ref('int_allocation_drivers')
                           ~ " where fiscal_month is null)",
                       "(select " ~ input_fingerprint(rule_columns) ~ " from " ~ ref('int_allocation_rules') ~ ")"] -%}
    {%- for relation, columns in extra_globals.items() -%}
        {%- do globals.append("(select " ~ input_fingerprint(columns) ~ " from " ~ relation ~ ")") -%}
    {%- endfor -%}
    {%- set global_parts = [] -%}
    {%- for part in globals -%}
        {%- do global_parts.append(part) -%}
        {%- if not loop.last %}{% do global_parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    select
        parent_fingerprints.fiscal_month,
        {{ dbt.hash(dbt.concat([
            "parent_fingerprints.parents_fingerprint", "'|'",
            "coalesce(driver_fingerprints.drivers_fingerprint, '')", "'|'",
            dbt.concat(global_parts)
        ])) }} as month_input_fingerprint
    from (
        select
            fiscal_month,
            {{ input_fingerprint(parent_columns + ['amount_reporting']) }} as parents_fingerprint
        from {{ parents }}
        group by fiscal_month
    ) as parent_fingerprints
    left join (
        select
            fiscal_month,
            {{ input_fingerprint(driver_columns) }} as drivers_fingerprint
        from {{ ref('int_allocation_drivers') }}
        where fiscal_month is not null
        group by fiscal_month
    ) as driver_fingerprints
        on parent_fingerprints.fiscal_month = driver_fingerprints.fiscal_month
{%- endmacro %}

{#-
    The per-month input fingerprints of a fact read from source lines and converted at the
    month's FX rates: lines_fingerprints (a CTE of month_column and lines_fingerprint), the
    rates of fx_rates (a CTE of rate_month, from_currency_code, average_rate) for that month,
    and global_parts (SQL text expressions that apply to every month: fingerprints of seeds or
    master data, settings). Renders a select of month_column and month_input_fingerprint.
-#}
{% macro month_input_fingerprints(lines_fingerprints, month_column, fx_rates, global_parts) -%}
    {%- set parts = [lines_fingerprints ~ ".lines_fingerprint", "'|'", "coalesce(rates.rates_fingerprint, '')"] -%}
    {%- for part in global_parts -%}
        {%- do parts.extend(["'|'", part]) -%}
    {%- endfor -%}
    select
        {{ lines_fingerprints }}.{{ month_column }},
        {{ dbt.hash(dbt.concat(parts)) }} as month_input_fingerprint
    from {{ lines_fingerprints }}
    left join (
        select
            rate_month,
            {{ input_fingerprint(['from_currency_code', 'average_rate']) }} as rates_fingerprint
        from {{ fx_rates }}
        group by rate_month
    ) as rates
        on {{ lines_fingerprints }}.{{ month_column }} = rates.rate_month
{%- endmacro %}
