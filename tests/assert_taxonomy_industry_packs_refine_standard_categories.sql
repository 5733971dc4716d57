-- An industry pack only refines the standard Business categories: every solution a pack places
-- sits, in the standard taxonomy (or as a custom solution), in the standard category its
-- industry category refines; and var('industry_pack') names a pack the seed holds. One row per
-- breach.

with pack_categories as (
    select * from {{ ref('industry_pack_categories') }}
),

pack_solutions as (
    select * from {{ ref('industry_pack_solutions') }}
),

solutions as (
    select
        solution_id,
        solution_category_id
    from {{ ref('tbm_solutions') }}
    union all
    select
        solution_id,
        solution_category_id
    from {{ ref('ext_solutions') }}
),

breaches as (

    select
        'solution ' || pack_solutions.solution_id || ' in pack ' || pack_solutions.industry_pack
        || ' is not in the standard category its industry category refines' as breach
    from pack_solutions
    left join pack_categories
        on
            pack_solutions.industry_category_id = pack_categories.industry_category_id
            and pack_solutions.industry_pack = pack_categories.industry_pack
    left join solutions
        on pack_solutions.solution_id = solutions.solution_id
    where
        pack_categories.industry_category_id is null
        or solutions.solution_id is null
        or solutions.solution_category_id <> pack_categories.solution_category_id

    union all

    select 'var industry_pack names no pack in industry_pack_categories: {{ var("industry_pack") }}' as breach
    from (
        select count(*) as category_count from pack_categories
        where industry_pack = '{{ var("industry_pack") }}'
    ) as chosen
    where chosen.category_count = 0

)

select * from breaches
