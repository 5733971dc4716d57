-- One row per fiscal month x sub-pool: IT spend by TBM cost pool and sub-pool, operating and
-- capital (spend_type), in the reporting currency. IT spend on accounts without a mapping
-- sits in sub-pool 'unallocated'. Non-IT and quarantined lines are not here.

with gl_lines as (

    select * from {{ ref('int_gl_lines_mapped_to_cost_pools') }}
    where ledger_status in ('mapped', 'unmapped')

),

cost_pools as (

    select * from {{ ref('dim_cost_pools') }}

),

spend_by_sub_pool as (

    select
        fiscal_month,
        coalesce(sub_pool_id, 'unallocated') as sub_pool_id,
        sum(amount_reporting) as amount_reporting,
        count(*) as gl_line_count
    from gl_lines
    group by 1, 2

),

final as (

    select
        spend_by_sub_pool.fiscal_month,
        cost_pools.cost_pool_id,
        cost_pools.cost_pool_name,
        spend_by_sub_pool.sub_pool_id,
        cost_pools.sub_pool_name,
        cost_pools.spend_type,
        cast(spend_by_sub_pool.amount_reporting as decimal(18, 2)) as amount_reporting,
        '{{ var("reporting_currency") }}' as reporting_currency_code,
        cast(spend_by_sub_pool.gl_line_count as bigint) as gl_line_count
    from spend_by_sub_pool
    inner join cost_pools
        on spend_by_sub_pool.sub_pool_id = cost_pools.sub_pool_id

)

select * from final
