-- One row per billing month x consumer x solution x line type x original month: the consumer
-- bills as published. A closed month's charges are the amounts first snapshotted when it
-- closed (snapshots/snap_consumer_bills_published.yml) and never change; when a later build
-- finds a closed month's amount restated, the difference is billed as an adjustment line in
-- the first open month of that build, referring to the original month. Open months show their
-- current charges (not yet published). Zero lines are left out.

with bill_versions as (

    select * from {{ ref('snap_consumer_bills_published') }}

),

consumer_costs as (

    select * from {{ ref('int_solution_costs_allocated_to_consumers') }}

),

periods as (

    select * from {{ ref('dim_periods') }}

),

versions_ordered as (

    select
        fiscal_month,
        consumer_id,
        solution_id,
        amount_reporting,
        first_open_month,
        lag(amount_reporting) over (
            partition by fiscal_month, consumer_id, solution_id
            order by dbt_valid_from
        ) as previous_amount,
        row_number() over (
            partition by fiscal_month, consumer_id, solution_id
            order by dbt_valid_from
        ) as version_number,
        dbt_valid_from,
        -- When the month was published: its first snapshot. A line first seen later (a
        -- restatement added it) is an adjustment from zero, not a change to the published bill.
        min(dbt_valid_from) over (partition by fiscal_month) as published_at
    from bill_versions

),

published_charges as (

    select
        fiscal_month as billing_month,
        consumer_id,
        solution_id,
        'charge' as line_type,
        fiscal_month as original_month,
        amount_reporting
    from versions_ordered
    where version_number = 1 and dbt_valid_from = published_at

),

adjustments as (

    select
        first_open_month as billing_month,
        consumer_id,
        solution_id,
        'adjustment' as line_type,
        fiscal_month as original_month,
        amount_reporting - coalesce(previous_amount, 0) as amount_reporting
    from versions_ordered
    where version_number > 1 or dbt_valid_from > published_at

),

open_charges as (

    select
        consumer_costs.fiscal_month as billing_month,
        coalesce(consumer_costs.consumer_id, 'unallocated') as consumer_id,
        consumer_costs.solution_id,
        'charge' as line_type,
        consumer_costs.fiscal_month as original_month,
        consumer_costs.amount_reporting
    from consumer_costs
    inner join periods
        on consumer_costs.fiscal_month = periods.fiscal_month
    where not periods.is_closed

),

bill_lines as (

    select * from published_charges
    union all
    select * from adjustments
    union all
    select * from open_charges

),

final as (

    select
        bill_lines.billing_month,
        bill_lines.consumer_id,
        bill_lines.solution_id,
        bill_lines.line_type,
        bill_lines.original_month,
        cast(sum(bill_lines.amount_reporting) as decimal(18, 2)) as amount_reporting,
        coalesce(max(case when periods.is_closed then 1 else 0 end) = 1, false) as is_published,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from bill_lines
    left join periods
        on bill_lines.billing_month = periods.fiscal_month
    group by
        bill_lines.billing_month,
        bill_lines.consumer_id,
        bill_lines.solution_id,
        bill_lines.line_type,
        bill_lines.original_month
    having sum(bill_lines.amount_reporting) <> 0

)

select * from final
