-- One row per distinct tag set (the x_tags_json of a bill line) with its tags merged by our
-- rule, so the rule runs once per distinct set rather than once per bill line.
--
-- The merge rule (tag keys that differ only in case, `App` / `app` / `APP`):
--   1. keys are compared trimmed and lower-cased, and the merged key is that lower-case form;
--   2. of the spellings of one key on a line, a spelling with a value wins over a valueless one
--      (empty string or null); among several with values, the spelling that sorts first in
--      binary order wins (`APP` < `App` < `app`);
--   3. a key whose every spelling is valueless is kept with a null value (FOCUS: a tag without
--      a value), and never assigns an application.

with charges as (

    {% for model in ['stg_aws_cur2__charges', 'stg_aws_cur__charges', 'stg_azure__cost_details',
                     'stg_gcp__billing_export', 'stg_focus__charges',
                  'int_alibaba_cloud_charges_amortized'] %}
    select x_tags_json from {{ ref(model) }}
    {% if not loop.last %}union{% endif %}
    {% endfor %}

),

tag_sets as (

    -- charges is a union, so its tag sets are already distinct (and Spark cannot distinct a map).
    select
        x_tags_json,
        {{ json_text_to_map('x_tags_json') }} as tag_map
    from charges

),

tag_entries as (

    select
        x_tags_json,
        {{ map_entries_unnested('tag_map', 'tag_key_raw', 'tag_value_raw') }}
    from tag_sets

),

tag_entries_ranked as (

    select
        x_tags_json,
        lower(trim(tag_key_raw)) as tag_key,
        tag_key_raw,
        case when trim(coalesce(tag_value_raw, '')) = '' then null else trim(tag_value_raw) end as tag_value,
        row_number() over (
            partition by x_tags_json, lower(trim(tag_key_raw))
            order by case when trim(coalesce(tag_value_raw, '')) = '' then 1 else 0 end, tag_key_raw
        ) as spelling_rank,
        count(*) over (partition by x_tags_json, lower(trim(tag_key_raw))) as spelling_count
    from tag_entries
    where trim(coalesce(tag_key_raw, '')) <> ''

),

merged as (

    select
        x_tags_json,
        {{ json_object_agg_sorted('tag_key', 'tag_value') }} as tags,
        sum(case when spelling_count > 1 then 1 else 0 end) as merged_key_count,
        sum(case when tag_value is null then 1 else 0 end) as valueless_key_count
    from tag_entries_ranked
    where spelling_rank = 1
    group by x_tags_json

),

final as (

    select
        tag_sets.x_tags_json,
        coalesce(merged.tags, '{}') as tags,
        coalesce(merged.merged_key_count, 0) as merged_key_count,
        coalesce(merged.valueless_key_count, 0) as valueless_key_count,
        tag_sets.tag_map is null and tag_sets.x_tags_json <> '{}' as is_unreadable
    from tag_sets
    left join merged
        on tag_sets.x_tags_json = merged.x_tags_json

)

select * from final
