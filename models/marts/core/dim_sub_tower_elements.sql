-- One row per custom sub-tower element (seeds/taxonomy/ext_sub_tower_elements.csv), a level
-- below the standard sub-towers, e.g. Compute / Servers / Public Cloud, with its standard
-- sub-tower, tower and domain.

with elements as (

    select * from {{ ref('ext_sub_tower_elements') }}

),

towers as (

    select * from {{ ref('dim_towers') }}

),

final as (

    select
        elements.sub_tower_element_id,
        elements.sub_tower_element_name,
        elements.sub_tower_element_name_zh,
        towers.sub_tower_id,
        towers.sub_tower_name,
        towers.tower_id,
        towers.tower_name,
        towers.domain_id,
        towers.domain_name,
        elements.sub_tower_element_description,
        towers.sort_order * 100 + elements.sort_order as sort_order
    from elements
    inner join towers
        on elements.sub_tower_id = towers.sub_tower_id

)

select * from final
