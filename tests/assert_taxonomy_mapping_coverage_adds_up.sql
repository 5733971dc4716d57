-- fct_mapping_coverage adds up: per month and layer the unmapped items sum to the total's
-- amount_unmapped, amount_in = amount_mapped + amount_unmapped, and the cost-pool layer's
-- amount_in equals the IT spend of fct_cost_pool_monthly. One row per month and layer that does not.

with coverage as (
    select * from {{ ref('fct_mapping_coverage') }}
),

cost_pool_spend as (
    select
        fiscal_month,
        sum(amount_reporting) as amount_reporting
    from {{ ref('fct_cost_pool_monthly') }}
    group by 1
),

totals as (
    select * from coverage
    where row_type = 'layer_total'
),

items as (
    select
        fiscal_month,
        layer,
        sum(amount_unmapped) as amount_unmapped
    from coverage
    where row_type = 'unmapped_item'
    group by 1, 2
)

select
    totals.fiscal_month,
    totals.layer,
    totals.amount_in,
    totals.amount_mapped,
    totals.amount_unmapped,
    items.amount_unmapped as items_unmapped,
    cost_pool_spend.amount_reporting as cost_pool_mart_spend
from totals
left join items
    on totals.fiscal_month = items.fiscal_month and totals.layer = items.layer
left join cost_pool_spend
    on totals.fiscal_month = cost_pool_spend.fiscal_month
where
    totals.amount_unmapped <> coalesce(items.amount_unmapped, 0)
    or totals.amount_in <> totals.amount_mapped + totals.amount_unmapped
    or (totals.layer = 'cost_pool' and totals.amount_in <> coalesce(cost_pool_spend.amount_reporting, 0))
