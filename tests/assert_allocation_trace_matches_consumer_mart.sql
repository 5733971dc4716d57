-- Promise 2, traceability: the trace holds every consumer figure, to the cent. Summed per
-- month, consumer and solution, consumer.fct_consumer_cost_trace equals
-- consumer.fct_consumer_cost_monthly. Returns the figures that differ.

with trace as (

    select
        fiscal_month,
        consumer_id,
        solution_id,
        sum(amount_reporting) as amount_reporting
    from {{ ref('fct_consumer_cost_trace') }}
    group by fiscal_month, consumer_id, solution_id

),

consumer_mart as (

    select * from {{ ref('fct_consumer_cost_monthly') }}

)

select
    coalesce(trace.fiscal_month, consumer_mart.fiscal_month) as fiscal_month,
    coalesce(trace.consumer_id, consumer_mart.consumer_id) as consumer_id,
    coalesce(trace.solution_id, consumer_mart.solution_id) as solution_id,
    trace.amount_reporting as traced_amount,
    consumer_mart.amount_reporting as mart_amount
from trace
full outer join consumer_mart
    on
        trace.fiscal_month = consumer_mart.fiscal_month
        and trace.consumer_id = consumer_mart.consumer_id
        and trace.solution_id = consumer_mart.solution_id
where coalesce(trace.amount_reporting, 0) <> coalesce(consumer_mart.amount_reporting, 0)
