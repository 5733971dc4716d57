-- One row per fiscal month x tagged element (entity_type, entity_id): the tags in force in
-- that month as one column per tag key, for the marts to carry as filterable columns. A tag
-- counts for every month from the month of its valid_from to the month of its valid_to. The
-- months are those of the ledger (up to the month of var('as_of') when it is set). Rows with a
-- tag_issue are left out (and fail assert_taxonomy_tags_use_allowed_values).

{%- set as_of = var('as_of') %}

with gl_lines as (

    select * from {{ ref('int_gl_lines_converted_to_reporting_currency') }}

),

tags as (

    select * from {{ ref('int_entity_tags_normalized') }}
    where tag_issue is null

),

months as (

    select distinct fiscal_month
    from gl_lines
    {% if as_of %}
    where fiscal_month <= {{ month_start("cast('" ~ as_of ~ "' as date)") }}
    {% endif %}

),

latest_month as (

    select max(fiscal_month) as fiscal_month from months

),

tags_by_month as (

    select
        months.fiscal_month,
        tags.entity_type,
        tags.entity_id,
        tags.tag_key,
        tags.tag_value
    from months
    inner join tags
        on
            months.fiscal_month >= tags.valid_from_month
            and (tags.valid_to_month is null or months.fiscal_month <= tags.valid_to_month)

),

pivoted as (

    select
        fiscal_month,
        entity_type,
        entity_id,
        max(case when tag_key = 'ai_enabled' then tag_value end) as ai_enabled,
        max(case when tag_key = 'data_classification' then tag_value end) as data_classification,
        max(case when tag_key = 'personal_data_gdpr' then tag_value end) as personal_data_gdpr,
        max(case when tag_key = 'run_grow_transform' then tag_value end) as run_grow_transform,
        max(case when tag_key = 'project_id' then tag_value end) as project_id
    from tags_by_month
    group by 1, 2, 3

),

final as (

    select
        pivoted.fiscal_month,
        pivoted.entity_type,
        pivoted.entity_id,
        coalesce(pivoted.ai_enabled = 'yes', false) as is_ai_enabled,
        pivoted.data_classification,
        case pivoted.personal_data_gdpr when 'yes' then true when 'no' then false end as has_personal_data,
        pivoted.run_grow_transform,
        pivoted.project_id,
        pivoted.fiscal_month = latest_month.fiscal_month as is_latest_month
    from pivoted
    cross join latest_month

)

select * from final
