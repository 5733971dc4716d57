-- One row per GL mapping rule in force: the rows of seeds/mappings/gl_account_mappings.csv as
-- they are now, or, when var('as_of') is set (YYYY-MM-DD), the versions the snapshot
-- snap_mappings_gl_account_mappings held at the end of that day. Conditions are prepared for
-- matching: vendor names and keywords lowercased, validity dates turned into months.
-- depends_on: {{ ref('snap_mappings_gl_account_mappings') }}

{%- set as_of = var('as_of') %}
{%- if as_of and not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', as_of | string) %}
    {{ exceptions.raise_compiler_error("var as_of must be a date YYYY-MM-DD (or empty), got '" ~ as_of ~ "'") }}
{%- endif %}

with mapping_rules as (

    {% if as_of %}
    select * from {{ ref('snap_mappings_gl_account_mappings') }}
    where
        dbt_valid_from < {{ dbt.dateadd('day', 1, "cast('" ~ as_of ~ "' as date)") }}
        and (
            dbt_valid_to is null
            or dbt_valid_to >= {{ dbt.dateadd('day', 1, "cast('" ~ as_of ~ "' as date)") }}
        )
    {% else %}
    select * from {{ ref('gl_account_mappings') }}
    {% endif %}

),

rules_prepared as (

    select
        mapping_rule_id,
        rule_type,
        account_code_from,
        account_code_to,
        nullif(trim(cost_center_code), '') as cost_center_code,
        nullif(trim(vendor_id), '') as vendor_id,
        lower(nullif(trim(vendor_name), '')) as vendor_name_lower,
        lower(nullif(trim(description_keyword), '')) as description_keyword_lower,
        treatment,
        sub_pool_id,
        priority,
        {{ month_start('valid_from') }} as valid_from_month,
        {{ month_start('valid_to') }} as valid_to_month,
        changed_by,
        changed_at,
        change_reason
    from mapping_rules

)

select * from rules_prepared
