-- One row per TBM sub-tower with its tower and domain, plus the member 'unallocated' for
-- cost that has not reached a tower.

with domains as (

    select * from {{ ref('tbm_domains') }}

),

towers as (

    select * from {{ ref('tbm_towers') }}

),

sub_towers as (

    select * from {{ ref('tbm_sub_towers') }}

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
        domains.sort_order * 10000 + towers.sort_order * 100 + sub_towers.sort_order as sort_order
    from sub_towers
    inner join towers
        on sub_towers.tower_id = towers.tower_id
    inner join domains
        on towers.domain_id = domains.domain_id

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
        999999 as sort_order

)

select * from standard_sub_towers
union all
select * from unallocated_member
