-- Extensions never rename, split or merge a standard TBM element. Returns one row per breach:
--   * an extension reuses a standard id (it would rename or replace the element);
--   * an extension repeats a standard name at its level (it would split the element in two);
--   * an extension has no parent, or its parent chain does not reach a standard element;
--   * the standard rows of dim_solutions / dim_towers differ from the standard seeds (an element
--     missing, renamed, moved to another parent or merged into another).

with standard_categories as (
    select * from {{ ref('tbm_solution_categories') }}
),

extension_categories as (
    select * from {{ ref('ext_solution_categories') }}
),

standard_solutions as (
    select * from {{ ref('tbm_solutions') }}
),

extension_solutions as (
    select * from {{ ref('ext_solutions') }}
),

standard_sub_towers as (
    select * from {{ ref('tbm_sub_towers') }}
),

sub_tower_elements as (
    select * from {{ ref('ext_sub_tower_elements') }}
),

solution_types as (
    select * from {{ ref('tbm_solution_types') }}
),

dim_solutions as (
    select * from {{ ref('dim_solutions') }}
    where not is_extension and solution_id <> 'unallocated'
),

dim_towers as (
    select * from {{ ref('dim_towers') }}
    where sub_tower_id <> 'unallocated'
),

breaches as (

    select 'category id reused: ' || extension_categories.solution_category_id as breach
    from extension_categories
    inner join standard_categories
        on extension_categories.solution_category_id = standard_categories.solution_category_id

    union all

    select 'category name repeats a standard one: ' || extension_categories.solution_category_name as breach
    from extension_categories
    inner join standard_categories
        on
            lower(trim(extension_categories.solution_category_name)) = lower(trim(standard_categories.solution_category_name))
            and extension_categories.solution_type_id = standard_categories.solution_type_id

    union all

    select 'category without a standard solution type: ' || extension_categories.solution_category_id as breach
    from extension_categories
    left join solution_types
        on extension_categories.solution_type_id = solution_types.solution_type_id
    where solution_types.solution_type_id is null

    union all

    select 'solution id reused: ' || extension_solutions.solution_id as breach
    from extension_solutions
    inner join standard_solutions
        on extension_solutions.solution_id = standard_solutions.solution_id

    union all

    select 'solution name repeats a standard one: ' || extension_solutions.solution_name as breach
    from extension_solutions
    inner join standard_solutions
        on lower(trim(extension_solutions.solution_name)) = lower(trim(standard_solutions.solution_name))

    union all

    select 'solution without a standard or custom category: ' || extension_solutions.solution_id as breach
    from extension_solutions
    left join standard_categories
        on extension_solutions.solution_category_id = standard_categories.solution_category_id
    left join extension_categories
        on extension_solutions.solution_category_id = extension_categories.solution_category_id
    where standard_categories.solution_category_id is null and extension_categories.solution_category_id is null

    union all

    select 'sub-tower element id reuses a sub-tower id: ' || sub_tower_elements.sub_tower_element_id as breach
    from sub_tower_elements
    inner join standard_sub_towers
        on sub_tower_elements.sub_tower_element_id = standard_sub_towers.sub_tower_id

    union all

    select 'sub-tower element named like its sub-tower: ' || sub_tower_elements.sub_tower_element_id as breach
    from sub_tower_elements
    inner join standard_sub_towers
        on
            sub_tower_elements.sub_tower_id = standard_sub_towers.sub_tower_id
            and lower(trim(sub_tower_elements.sub_tower_element_name)) = lower(trim(standard_sub_towers.sub_tower_name))

    union all

    select 'standard solution changed in dim_solutions: ' || coalesce(standard_solutions.solution_id, dim_solutions.solution_id) as breach
    from standard_solutions
    full outer join dim_solutions
        on standard_solutions.solution_id = dim_solutions.solution_id
    where
        standard_solutions.solution_id is null
        or dim_solutions.solution_id is null
        or standard_solutions.solution_name <> dim_solutions.solution_name
        or standard_solutions.solution_category_id <> dim_solutions.solution_category_id

    union all

    select 'standard sub-tower changed in dim_towers: ' || coalesce(standard_sub_towers.sub_tower_id, dim_towers.sub_tower_id) as breach
    from standard_sub_towers
    full outer join dim_towers
        on standard_sub_towers.sub_tower_id = dim_towers.sub_tower_id
    where
        standard_sub_towers.sub_tower_id is null
        or dim_towers.sub_tower_id is null
        or standard_sub_towers.sub_tower_name <> dim_towers.sub_tower_name
        or standard_sub_towers.tower_id <> dim_towers.tower_id

)

select * from breaches
