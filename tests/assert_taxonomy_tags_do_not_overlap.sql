-- An element holds at most one value of a tag key in any month: two usable rows of the same
-- element and key whose validity months overlap are returned.

with tags as (
    select * from {{ ref('int_entity_tags_normalized') }}
    where tag_issue is null
)

select
    earlier.entity_type,
    earlier.entity_id,
    earlier.tag_key,
    earlier.valid_from as first_valid_from,
    later.valid_from as second_valid_from
from tags as earlier
inner join tags as later
    on
        earlier.entity_type = later.entity_type
        and earlier.entity_id = later.entity_id
        and earlier.tag_key = later.tag_key
        and earlier.valid_from < later.valid_from
where earlier.valid_to_month is null or earlier.valid_to_month >= later.valid_from_month
