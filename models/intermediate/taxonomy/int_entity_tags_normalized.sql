-- One row per tag row in force: the rows of seeds/tags/entity_tags.csv as they are now, or,
-- when var('as_of') is set, the versions the snapshot snap_tags_entity_tags held at the end of
-- that day. The key is normalised (lowercase; spaces, '-', '/' and '.' to '_'; brackets
-- dropped: "Personal Data (GDPR)" -> personal_data_gdpr) and the value takes its stored form
-- from tag_allowed_values (matched without regard to case). tag_issue says why a row cannot be
-- used (unknown key, value not allowed, unknown element, valid_to before valid_from); such
-- rows fail assert_taxonomy_tags_use_allowed_values and never reach the marts.
-- depends_on: {{ ref('snap_tags_entity_tags') }}

{%- set as_of = var('as_of') %}
{%- if as_of and not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', as_of | string) %}
    {{ exceptions.raise_compiler_error("var as_of must be a date YYYY-MM-DD (or empty), got '" ~ as_of ~ "'") }}
{%- endif %}

with entity_tags as (

    {% if as_of %}
    select * from {{ ref('snap_tags_entity_tags') }}
    where
        dbt_valid_from < {{ dbt.dateadd('day', 1, "cast('" ~ as_of ~ "' as date)") }}
        and (
            dbt_valid_to is null
            or dbt_valid_to >= {{ dbt.dateadd('day', 1, "cast('" ~ as_of ~ "' as date)") }}
        )
    {% else %}
    select * from {{ ref('entity_tags') }}
    {% endif %}

),

allowed_values as (

    select * from {{ ref('tag_allowed_values') }}

),

solutions as (

    select solution_id as entity_id from {{ ref('tbm_solutions') }}
    union all
    select solution_id as entity_id from {{ ref('ext_solutions') }}

),

sub_towers as (

    select sub_tower_id as entity_id from {{ ref('tbm_sub_towers') }}

),

known_entities as (

    select
        'solution' as entity_type,
        entity_id
    from solutions
    union all
    select
        'sub_tower' as entity_type,
        entity_id
    from sub_towers

),

allowed_keys as (

    select distinct tag_key
    from allowed_values

),

tags_keyed as (

    select
        lower(trim(entity_type)) as entity_type,
        trim(entity_id) as entity_id,
        tag_key as tag_key_raw,
        tag_value as tag_value_raw,
        replace(replace(replace(replace(replace(replace(replace(replace(replace(
            lower(trim(tag_key)),
            '&', 'and'
        ), '(', ''), ')', ''), '-', ' '), '/', ' '), '.', ' '), ' ', '_'), '__', '_'), '__', '_')
            as tag_key,
        trim(tag_value) as tag_value_trimmed,
        valid_from,
        valid_to,
        changed_by,
        changed_at,
        change_reason
    from entity_tags

),

tags_checked as (

    select
        tags_keyed.entity_type,
        tags_keyed.entity_id,
        tags_keyed.tag_key_raw,
        tags_keyed.tag_value_raw,
        tags_keyed.tag_key,
        allowed_values.allowed_value as tag_value,
        tags_keyed.valid_from,
        tags_keyed.valid_to,
        {{ month_start('tags_keyed.valid_from') }} as valid_from_month,
        {{ month_start('tags_keyed.valid_to') }} as valid_to_month,
        tags_keyed.changed_by,
        tags_keyed.changed_at,
        tags_keyed.change_reason,
        case
            when allowed_keys.tag_key is null
                then 'unknown tag key ' || tags_keyed.tag_key_raw
            when allowed_values.allowed_value is null
                then 'value ' || tags_keyed.tag_value_raw || ' is not allowed for ' || tags_keyed.tag_key
            when known_entities.entity_id is null
                then 'unknown ' || tags_keyed.entity_type || ' ' || tags_keyed.entity_id
            when tags_keyed.valid_to < tags_keyed.valid_from
                then 'valid_to is before valid_from'
        end as tag_issue
    from tags_keyed
    left join allowed_keys
        on tags_keyed.tag_key = allowed_keys.tag_key
    left join allowed_values
        on
            tags_keyed.tag_key = allowed_values.tag_key
            and upper(tags_keyed.tag_value_trimmed) = upper(allowed_values.allowed_value)
    left join known_entities
        on
            tags_keyed.entity_type = known_entities.entity_type
            and tags_keyed.entity_id = known_entities.entity_id

)

select * from tags_checked
