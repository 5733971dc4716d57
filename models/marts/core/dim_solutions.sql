-- One row per TBM solution with its category and type, plus the member 'unallocated' for
-- cost that has not reached a solution. Standard v5.0.1 solutions and our custom ones
-- (seeds/taxonomy/ext_*.csv, is_extension = true) under a standard or custom category, each
-- custom category under a standard type. The industry category comes from the pack chosen by
-- var('industry_pack'); the tag columns hold the tags in force in the latest ledger month (or
-- the month of var('as_of')).

with solution_types as (

    select * from {{ ref('tbm_solution_types') }}

),

standard_categories as (

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

pack_categories as (

    select * from {{ ref('industry_pack_categories') }}
    where industry_pack = '{{ var("industry_pack") }}'

),

pack_solutions as (

    select * from {{ ref('industry_pack_solutions') }}
    where industry_pack = '{{ var("industry_pack") }}'

),

solution_tags as (

    select * from {{ ref('int_entity_tags_pivoted_by_month') }}
    where entity_type = 'solution' and is_latest_month

),

categories as (

    select
        solution_category_id,
        solution_type_id,
        solution_category_name,
        solution_category_name_zh,
        sort_order,
        false as is_extension
    from standard_categories
    union all
    select
        solution_category_id,
        solution_type_id,
        solution_category_name,
        solution_category_name_zh,
        900 + sort_order as sort_order,
        true as is_extension
    from extension_categories

),

solutions as (

    select
        solution_id,
        solution_category_id,
        solution_name,
        solution_name_zh,
        solution_description,
        sort_order,
        false as is_extension
    from standard_solutions
    union all
    select
        solution_id,
        solution_category_id,
        solution_name,
        solution_name_zh,
        solution_description,
        9000 + sort_order as sort_order,
        true as is_extension
    from extension_solutions

),

named_solutions as (

    select
        solutions.solution_id,
        solutions.solution_name,
        solutions.solution_name_zh,
        categories.solution_category_id,
        categories.solution_category_name,
        categories.solution_category_name_zh,
        solution_types.solution_type_id,
        solution_types.solution_type_name,
        solution_types.solution_type_name_zh,
        solutions.solution_description,
        solution_types.sort_order * 1000000 + categories.sort_order * 10000 + solutions.sort_order as sort_order,
        solutions.is_extension,
        pack_categories.industry_category_id,
        pack_categories.industry_category_name,
        pack_categories.industry_category_name_zh,
        coalesce(solution_tags.is_ai_enabled, false) as is_ai_enabled,
        solution_tags.data_classification,
        solution_tags.has_personal_data,
        solution_tags.run_grow_transform,
        solution_tags.project_id
    from solutions
    inner join categories
        on solutions.solution_category_id = categories.solution_category_id
    inner join solution_types
        on categories.solution_type_id = solution_types.solution_type_id
    left join pack_solutions
        on solutions.solution_id = pack_solutions.solution_id
    left join pack_categories
        on pack_solutions.industry_category_id = pack_categories.industry_category_id
    left join solution_tags
        on solutions.solution_id = solution_tags.entity_id

),

unallocated_member as (

    select
        'unallocated' as solution_id,
        'Unallocated' as solution_name,
        '未分配' as solution_name_zh,
        'unallocated' as solution_category_id,
        'Unallocated' as solution_category_name,
        '未分配' as solution_category_name_zh,
        'unallocated' as solution_type_id,
        'Unallocated' as solution_type_name,
        '未分配' as solution_type_name_zh,
        'Cost that has not reached a solution; the reason is in the allocation ledger.' as solution_description,
        999999999 as sort_order,
        false as is_extension,
        cast(null as {{ dbt.type_string() }}) as industry_category_id,
        cast(null as {{ dbt.type_string() }}) as industry_category_name,
        cast(null as {{ dbt.type_string() }}) as industry_category_name_zh,
        false as is_ai_enabled,
        cast(null as {{ dbt.type_string() }}) as data_classification,
        cast(null as boolean) as has_personal_data,
        cast(null as {{ dbt.type_string() }}) as run_grow_transform,
        cast(null as {{ dbt.type_string() }}) as project_id

),

final as (

    select
        *,
        '{{ var("industry_pack") }}' as industry_pack
    from named_solutions
    union all
    select
        *,
        '{{ var("industry_pack") }}' as industry_pack
    from unallocated_member

)

select * from final
