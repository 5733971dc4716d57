-- One row per TBM sub-tower with its tower and domain, plus the member 'unallocated' for
-- cost that has not reached a tower. The tag columns hold the sub-tower's tags in force in the
-- latest ledger month (or the month of var('as_of')); custom sub-tower elements are in
-- dim_sub_tower_elements.

with domains as (

    select * from {{ ref('tbm_domains') }}

),

towers as (

    select * from {{ ref('tbm_towers') }}

),

sub_towers as (

    select * from {{ ref('tbm_sub_towers') }}

),

sub_tower_tags as (

    select * from {{ ref('int_entity_tags_pivoted_by_month') }}
    where entity_type = 'sub_tower' and is_latest_month

),

standard_sub_towers as (

    select
        sub_towers.sub_tower_id,
        sub_towers.sub_tower_name,
        sub_towers.sub_tower_name_zh,
        towers.tower_id,
        towers.tower_name,
        towers.tower_name_zh,
        domains.domain_id,
        domains.domain_name,
        domains.domain_name_zh,
        sub_towers.sub_tower_description,
        domains.sort_order * 10000 + towers.sort_order * 100 + sub_towers.sort_order as sort_order,
        coalesce(sub_tower_tags.is_ai_enabled, false) as is_ai_enabled,
        sub_tower_tags.run_grow_transform
    from sub_towers
    inner join towers
        on sub_towers.tower_id = towers.tower_id
    inner join domains
        on towers.domain_id = domains.domain_id
    left join sub_tower_tags
        on sub_towers.sub_tower_id = sub_tower_tags.entity_id

),

unallocated_member as (

    select
        'unallocated' as sub_tower_id,
        'Unallocated' as sub_tower_name,
        '未分配' as sub_tower_name_zh,
        'unallocated' as tower_id,
        'Unallocated' as tower_name,
        '未分配' as tower_name_zh,
        'unallocated' as domain_id,
        'Unallocated' as domain_name,
        '未分配' as domain_name_zh,
        'Cost that has not reached a tower; the reason is in the allocation ledger.' as sub_tower_description,
        999999 as sort_order,
        false as is_ai_enabled,
        cast(null as {{ dbt.type_string() }}) as run_grow_transform

)

select * from standard_sub_towers
union all
select * from unallocated_member
