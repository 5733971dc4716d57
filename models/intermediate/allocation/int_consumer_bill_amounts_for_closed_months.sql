-- What each closed month's consumer bill amounts to as of this build, for the snapshot of
-- published bills (snapshots/snap_consumer_bills_published.yml). One row per closed fiscal
-- month x consumer (with 'unallocated') x solution ever allocated, zeros included, so that a
-- bill line a restatement removes is recorded as a change to 0.00 rather than lost.
-- first_open_month is the month an adjustment detected by this build is billed in.

with consumer_costs as (

    select * from {{ ref('int_solution_costs_allocated_to_consumers') }}

),

periods as (

    select * from {{ ref('dim_periods') }}

),

consumers as (

    select consumer_id from {{ ref('consumers') }}
    union all
    select 'unallocated' as consumer_id

),

closed_months as (

    select fiscal_month from periods
    where is_closed and has_actuals

),

first_open_month as (

    select
        coalesce(
            min(case when not periods.is_closed then periods.fiscal_month end),
            cast({{ dbt.dateadd('month', 1, 'max(periods.fiscal_month)') }} as date)
        ) as fiscal_month
    from periods

),

solutions as (

    select distinct solution_id from consumer_costs

),

current_amounts as (

    select
        fiscal_month,
        coalesce(consumer_id, 'unallocated') as consumer_id,
        solution_id,
        sum(amount_reporting) as amount_reporting
    from consumer_costs
    group by fiscal_month, coalesce(consumer_id, 'unallocated'), solution_id

),

final as (

    select
        closed_months.fiscal_month,
        consumers.consumer_id,
        solutions.solution_id,
        cast(coalesce(current_amounts.amount_reporting, 0) as decimal(18, 2)) as amount_reporting,
        first_open_month.fiscal_month as first_open_month
    from closed_months
    cross join consumers
    cross join solutions
    cross join first_open_month
    left join current_amounts
        on
            closed_months.fiscal_month = current_amounts.fiscal_month
            and consumers.consumer_id = current_amounts.consumer_id
            and solutions.solution_id = current_amounts.solution_id

)

select * from final
