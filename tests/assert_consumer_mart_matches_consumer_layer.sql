-- What the consumer view shows per month equals what entered the consumer layer.

with consumer_mart as (

    select
        fiscal_month,
        sum(amount_reporting) as amount_reporting
    from {{ ref('fct_consumer_cost_monthly') }}
    group by 1

),

reconciliation as (

    select
        fiscal_month,
        amount_in
    from {{ ref('fct_allocation_reconciliation') }}
    where layer = 'consumer'

)

select
    reconciliation.fiscal_month,
    consumer_mart.amount_reporting,
    reconciliation.amount_in
from reconciliation
left join consumer_mart
    on reconciliation.fiscal_month = consumer_mart.fiscal_month
where coalesce(consumer_mart.amount_reporting, 0) <> reconciliation.amount_in
