-- One row per distinct tag set and merged tag key: the long form of
-- int_cloud_tag_sets_normalized, which the application rules match against.

with tag_sets as (

    select * from {{ ref('int_cloud_tag_sets_normalized') }}

),

entries as (

    select
        x_tags_json,
        {{ map_entries_unnested(json_text_to_map('tags'), 'tag_key', 'tag_value') }}
    from tag_sets

)

select * from entries
