-- The finance view and the reconciliation tell the same story: operating spend in
-- finance.fct_cost_pool_monthly equals the cost-pool layer's amount_in every month.

with cost_pool_mart as (

    select
        fiscal_month,
        sum(amount_reporting) as amount_reporting
    from {{ ref('fct_cost_pool_monthly') }}
    where spend_type = 'opex'
    group by 1

),

reconciliation as (

    select
        fiscal_month,
        amount_in
    from {{ ref('fct_allocation_reconciliation') }}
    where layer = 'cost_pool'

)

select
    coalesce(cost_pool_mart.fiscal_month, reconciliation.fiscal_month) as fiscal_month,
    cost_pool_mart.amount_reporting,
    reconciliation.amount_in
from cost_pool_mart
full outer join reconciliation
    on cost_pool_mart.fiscal_month = reconciliation.fiscal_month
where coalesce(cost_pool_mart.amount_reporting, 0) <> coalesce(reconciliation.amount_in, 0)
