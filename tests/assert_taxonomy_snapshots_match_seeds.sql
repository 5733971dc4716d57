-- The current version in each snapshot equals the seed row. A difference means a row was
-- edited without moving changed_at forward, so the snapshot could not record the change (and
-- var as_of would not see it): bump changed_at and rebuild. One row per differing row.

with mapping_seed as (
    select * from {{ ref('gl_account_mappings') }}
),

mapping_snapshot as (
    select * from {{ ref('snap_mappings_gl_account_mappings') }}
    where dbt_valid_to is null
),

tag_seed as (
    select * from {{ ref('entity_tags') }}
),

tag_snapshot as (
    select * from {{ ref('snap_tags_entity_tags') }}
    where dbt_valid_to is null
),

{%- set mapping_columns = [
    'rule_type', 'account_code_from', 'account_code_to', 'cost_center_code', 'vendor_id', 'vendor_name',
    'description_keyword', 'treatment', 'sub_pool_id', 'priority', 'valid_from', 'valid_to', 'changed_at'
] %}
{%- set tag_columns = ['tag_value', 'valid_to', 'changed_at'] %}

differences as (

    select 'gl_account_mappings ' || coalesce(mapping_seed.mapping_rule_id, mapping_snapshot.mapping_rule_id) as seed_row
    from mapping_seed
    full outer join mapping_snapshot
        on mapping_seed.mapping_rule_id = mapping_snapshot.mapping_rule_id
    where
        mapping_seed.mapping_rule_id is null
        or mapping_snapshot.mapping_rule_id is null
    {%- for column in mapping_columns %}
    or not (
        mapping_seed.{{ column }} = mapping_snapshot.{{ column }}
        or (mapping_seed.{{ column }} is null and mapping_snapshot.{{ column }} is null)
    )
    {%- endfor %}

    union all

    select 'entity_tags ' || coalesce(tag_seed.entity_id, tag_snapshot.entity_id) || ' ' || coalesce(tag_seed.tag_key, tag_snapshot.tag_key) as seed_row
    from tag_seed
    full outer join tag_snapshot
        on
            tag_seed.entity_type = tag_snapshot.entity_type
            and tag_seed.entity_id = tag_snapshot.entity_id
            and tag_seed.tag_key = tag_snapshot.tag_key
            and tag_seed.valid_from = tag_snapshot.valid_from
    where
        tag_seed.entity_id is null
        or tag_snapshot.entity_id is null
    {%- for column in tag_columns %}
    or not (
        tag_seed.{{ column }} = tag_snapshot.{{ column }}
        or (tag_seed.{{ column }} is null and tag_snapshot.{{ column }} is null)
    )
    {%- endfor %}

)

select * from differences
