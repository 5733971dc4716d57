-- One row per fiscal month x Run/Grow/Transform category: the operating IT spend of the cost
-- model (the cost-pool layer's amount in) split into keeping the lights on (run), growing the
-- business (grow) and transforming it (transform).
-- The classification comes from the analysts' Run/Grow/Transform tags in force that month
-- (seeds/tags/entity_tags.csv), else from the documented defaults in
-- seeds/reference/run_grow_transform_defaults.csv: a solution's tag, then its default, then the
-- sub-tower's tag, then its default; cost nothing classifies (including cost not yet allocated
-- to a tower or solution) is run.

with solution_costs as (

    select * from {{ ref('int_tower_costs_allocated_to_solutions') }}

),

tower_costs as (

    select * from {{ ref('int_cost_pool_costs_allocated_to_towers') }}
    where sub_tower_id is null

),

gl_lines as (

    select * from {{ ref('int_gl_lines_mapped_to_cost_pools') }}
    where ledger_status = 'unmapped'

),

defaults as (

    select * from {{ ref('run_grow_transform_defaults') }}

),

tags as (

    select
        fiscal_month,
        entity_type,
        entity_id,
        lower(run_grow_transform) as run_grow_transform
    from {{ ref('int_entity_tags_pivoted_by_month') }}
    where run_grow_transform is not null

),

operating_costs as (

    select
        fiscal_month,
        sub_tower_id,
        solution_id,
        amount_reporting
    from solution_costs
    union all
    select
        fiscal_month,
        sub_tower_id,
        cast(null as {{ dbt.type_string() }}) as solution_id,
        amount_reporting
    from tower_costs
    union all
    select
        fiscal_month,
        cast(null as {{ dbt.type_string() }}) as sub_tower_id,
        cast(null as {{ dbt.type_string() }}) as solution_id,
        amount_reporting
    from gl_lines

),

costs_classified as (

    select
        operating_costs.fiscal_month,
        coalesce(
            solution_tags.run_grow_transform,
            solution_defaults.run_grow_transform,
            sub_tower_tags.run_grow_transform,
            sub_tower_defaults.run_grow_transform,
            'run'
        ) as run_grow_transform,
        case
            when solution_tags.run_grow_transform is not null then 'solution_tag'
            when solution_defaults.run_grow_transform is not null then 'solution_default'
            when sub_tower_tags.run_grow_transform is not null then 'sub_tower_tag'
            when sub_tower_defaults.run_grow_transform is not null then 'sub_tower_default'
            else 'unclassified_is_run'
        end as classification_basis,
        operating_costs.amount_reporting
    from operating_costs
    left join tags as solution_tags
        on
            solution_tags.entity_type = 'solution'
            and operating_costs.solution_id = solution_tags.entity_id
            and operating_costs.fiscal_month = solution_tags.fiscal_month
    left join tags as sub_tower_tags
        on
            sub_tower_tags.entity_type = 'sub_tower'
            and operating_costs.sub_tower_id = sub_tower_tags.entity_id
            and operating_costs.fiscal_month = sub_tower_tags.fiscal_month
    left join defaults as solution_defaults
        on
            solution_defaults.scope = 'solution'
            and operating_costs.solution_id = solution_defaults.element_id
    left join defaults as sub_tower_defaults
        on
            sub_tower_defaults.scope = 'sub_tower'
            and operating_costs.sub_tower_id = sub_tower_defaults.element_id

),

by_category as (

    select
        fiscal_month,
        run_grow_transform,
        sum(amount_reporting) as amount_reporting,
        sum(case when classification_basis = 'unclassified_is_run' then amount_reporting else 0 end)
            as amount_unclassified,
        sum(case when classification_basis in ('solution_tag', 'sub_tower_tag') then amount_reporting else 0 end)
            as amount_tagged
    from costs_classified
    group by 1, 2

),

final as (

    select
        fiscal_month,
        run_grow_transform,
        case run_grow_transform when 'run' then 1 when 'grow' then 2 else 3 end as sort_order,
        cast(amount_reporting as decimal(18, 2)) as amount_reporting,
        cast(amount_unclassified as decimal(18, 2)) as amount_unclassified,
        cast(
            case
                when sum(amount_reporting) over (partition by fiscal_month) <> 0
                    then amount_reporting / sum(amount_reporting) over (partition by fiscal_month)
            end as decimal(9, 4)
        ) as share_of_it_opex,
        case
            when amount_tagged = amount_reporting then 'tags'
            when amount_tagged = 0 then 'default_seed'
            else 'tags_and_default_seed'
        end as classification_source,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from by_category

)

select * from final
