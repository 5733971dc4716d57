-- One row per TBM solution with its category and type, plus the member 'unallocated' for
-- cost that has not reached a solution.

with solution_types as (

    select * from {{ ref('tbm_solution_types') }}

),

solution_categories as (

    select * from {{ ref('tbm_solution_categories') }}

),

solutions as (

    select * from {{ ref('tbm_solutions') }}

),

standard_solutions as (

    select
        solutions.solution_id,
        solutions.solution_name,
        solutions.solution_name_zh,
        solution_categories.solution_category_id,
        solution_categories.solution_category_name,
        solution_categories.solution_category_name_zh,
        solution_types.solution_type_id,
        solution_types.solution_type_name,
        solution_types.solution_type_name_zh,
        solutions.solution_description,
        solution_types.sort_order * 10000 + solution_categories.sort_order * 100 + solutions.sort_order
            as sort_order
    from solutions
    inner join solution_categories
        on solutions.solution_category_id = solution_categories.solution_category_id
    inner join solution_types
        on solution_categories.solution_type_id = solution_types.solution_type_id

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
        999999 as sort_order

)

select * from standard_solutions
union all
select * from unallocated_member
