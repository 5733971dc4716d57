-- Every tag row in force has a known key, an allowed value, a known element and a sane validity
-- period; a row that does not is returned with the reason (and is kept out of the marts).

select
    entity_type,
    entity_id,
    tag_key_raw,
    tag_value_raw,
    valid_from,
    tag_issue
from {{ ref('int_entity_tags_normalized') }}
where tag_issue is not null
