-- One row per fiscal month x consumer x solution x source group x rule path: where each
-- consumer figure of consumer.fct_consumer_cost_monthly comes from. A source group is the GL
-- lines of one month, sub-pool, cost centre and (for cloud sub-pools) provider: the grain the
-- allocation runs at, so the trace never holds a row per GL line and consumer. source_amount
-- and gl_line_count describe the whole group; amount_reporting is the part of it that reached
-- this consumer and solution by allocation_rule_path. scripts/trace.py lists the GL lines of
-- a group from intermediate.int_gl_lines_prepared_for_allocation by the same keys.

with consumer_costs as (

    select * from {{ ref('int_solution_costs_allocated_to_consumers') }}

),

gl_lines as (

    select * from {{ ref('int_gl_lines_prepared_for_allocation') }}

),

source_groups as (

    select
        fiscal_month,
        sub_pool_id,
        cost_center_code,
        cloud_provider_name,
        sum(amount_reporting) as source_amount,
        count(*) as gl_line_count
    from gl_lines
    group by fiscal_month, sub_pool_id, cost_center_code, cloud_provider_name

),

traced as (

    select
        fiscal_month,
        coalesce(consumer_id, 'unallocated') as consumer_id,
        solution_id,
        sub_pool_id,
        cost_center_code,
        cloud_provider_name,
        sub_tower_id,
        allocation_rule_path,
        allocation_basis,
        unallocated_reason,
        sum(amount_reporting) as amount_reporting
    from consumer_costs
    group by
        fiscal_month, coalesce(consumer_id, 'unallocated'), solution_id, sub_pool_id, cost_center_code,
        cloud_provider_name, sub_tower_id, allocation_rule_path, allocation_basis, unallocated_reason

),

final as (

    select
        traced.fiscal_month,
        traced.consumer_id,
        traced.solution_id,
        traced.sub_pool_id,
        traced.cost_center_code,
        traced.cloud_provider_name,
        traced.sub_tower_id,
        traced.allocation_rule_path,
        traced.allocation_basis,
        traced.unallocated_reason,
        cast(traced.amount_reporting as decimal(18, 2)) as amount_reporting,
        cast(source_groups.source_amount as decimal(18, 2)) as source_amount,
        cast(source_groups.gl_line_count as bigint) as gl_line_count,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from traced
    left join source_groups
        on
            traced.fiscal_month = source_groups.fiscal_month
            and traced.sub_pool_id = source_groups.sub_pool_id
            and traced.cost_center_code = source_groups.cost_center_code
            and {{ null_safe_equal('traced.cloud_provider_name', 'source_groups.cloud_provider_name') }}

)

select * from final
