-- One row per distinct tag set and merged tag key: the long form of
-- int_cloud_tag_sets_normalized, which the application rules match against.

with tag_sets as (

    select * from {{ ref('int_cloud_tag_sets_normalized') }}

),

entries as (

    select
        x_tags_json,
        unnest(map_keys(try_cast(try_cast(tags as json) as map (varchar, varchar)))) as tag_key,
        unnest(map_values(try_cast(try_cast(tags as json) as map (varchar, varchar)))) as tag_value
    from tag_sets

)

select * from entries
