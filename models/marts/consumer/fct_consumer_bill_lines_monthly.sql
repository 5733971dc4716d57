-- One row per fiscal month x consumer x solution: the line items of each business unit's
-- monthly IT bill, for every solution that cost something in the month.
-- Showback is the cost the allocation moved to the consumer (consumer.fct_consumer_cost_monthly).
-- Chargeback is units x rate: the units are the consumer's quantity of the solution's bill
-- unit (seeds/reference/bill_units.csv: a usage metric of the solution's applications used by
-- the business unit, or the unit's employees), and the rate is the solution's rate in
-- seeds/reference/chargeback_rates.csv in force for that unit and month, else the cost-based
-- rate (the solution's showback for the month over the units of every consumer). A cost-based
-- line is charged its pro-rata share of the showback, showback x units / all units, rounded to
-- the cent, so the lines recover the cost to within half a cent each (the rate is shown to 6
-- places). Charges are computed in whole cents and micro-units with exact integer arithmetic
-- (rounded_integer_divide): the same cent on every engine.
-- recovery_difference = chargeback - showback: over (positive) or under (negative) recovery.
-- Cost that reached no consumer is not billed: it is in finance.fct_allocation_reconciliation.

with consumer_costs as (

    select * from {{ ref('fct_consumer_cost_monthly') }}
    where consumer_id <> 'unallocated'

),

bill_units as (

    select * from {{ ref('bill_units') }}

),

rates as (

    select * from {{ ref('chargeback_rates') }}
    where currency_code = '{{ var("reporting_currency") }}'

),

consumers as (

    select * from {{ ref('dim_consumers') }}
    where consumer_id <> 'unallocated'

),

solutions as (

    select * from {{ ref('dim_solutions') }}

),

application_solutions as (

    select * from {{ ref('application_solutions') }}

),

usage_metrics as (

    select * from {{ ref('stg_reference__usage_metrics') }}

),

headcount as (

    select * from {{ ref('stg_reference__headcount') }}

),

cost_centers as (

    select * from {{ ref('stg_reference__cost_centers') }}

),

billed_solution_months as (

    select
        fiscal_month,
        solution_id,
        sum(amount_reporting) as solution_showback
    from consumer_costs
    group by 1, 2

),

solution_bill_units as (

    select
        billed_solution_months.fiscal_month,
        billed_solution_months.solution_id,
        coalesce(own_unit.unit_source, default_unit.unit_source) as unit_source,
        coalesce(own_unit.unit_source_key, default_unit.unit_source_key) as unit_source_key,
        coalesce(own_unit.unit_name, default_unit.unit_name) as unit_name
    from billed_solution_months
    left join bill_units as own_unit
        on billed_solution_months.solution_id = own_unit.solution_id
    left join bill_units as default_unit
        on default_unit.solution_id = '*'

),

usage_units as (

    select
        usage_metrics.usage_month as fiscal_month,
        consumers.consumer_id,
        application_solutions.solution_id,
        usage_metrics.metric_name,
        sum(usage_metrics.metric_value) as unit_quantity
    from usage_metrics
    inner join application_solutions
        on usage_metrics.application_id = application_solutions.application_id
    inner join consumers
        on usage_metrics.business_unit_code = consumers.business_unit_code
    group by 1, 2, 3, 4

),

headcount_units as (

    select
        headcount.headcount_month as fiscal_month,
        consumers.consumer_id,
        sum(headcount.headcount) as unit_quantity
    from headcount
    inner join cost_centers
        on headcount.cost_center_code = cost_centers.cost_center_code
    inner join consumers
        on cost_centers.business_unit_code = consumers.business_unit_code
    group by 1, 2

),

lines as (

    select
        solution_bill_units.fiscal_month,
        consumers.consumer_id,
        solution_bill_units.solution_id,
        solution_bill_units.unit_name,
        coalesce(consumer_costs.amount_reporting, 0) as showback_amount,
        coalesce(
            case
                when solution_bill_units.unit_source = 'usage_metric' then usage_units.unit_quantity
                else headcount_units.unit_quantity
            end,
            0
        ) as unit_quantity
    from solution_bill_units
    cross join consumers
    left join consumer_costs
        on
            solution_bill_units.fiscal_month = consumer_costs.fiscal_month
            and solution_bill_units.solution_id = consumer_costs.solution_id
            and consumers.consumer_id = consumer_costs.consumer_id
    left join usage_units
        on
            solution_bill_units.unit_source = 'usage_metric'
            and solution_bill_units.fiscal_month = usage_units.fiscal_month
            and solution_bill_units.solution_id = usage_units.solution_id
            and solution_bill_units.unit_source_key = usage_units.metric_name
            and consumers.consumer_id = usage_units.consumer_id
    left join headcount_units
        on
            solution_bill_units.unit_source = 'headcount'
            and solution_bill_units.fiscal_month = headcount_units.fiscal_month
            and consumers.consumer_id = headcount_units.consumer_id

),

lines_with_content as (

    select
        *,
        {{ scaled_integer('cast(unit_quantity as decimal(28, 6))', 6) }} as unit_quantity_micro
    from lines
    where showback_amount <> 0 or unit_quantity <> 0

),

rate_candidates as (

    select
        solution_bill_units.fiscal_month,
        solution_bill_units.solution_id,
        rates.rate_per_unit,
        row_number() over (
            partition by solution_bill_units.fiscal_month, solution_bill_units.solution_id
            order by rates.valid_from_month desc
        ) as rate_rank
    from solution_bill_units
    inner join rates
        on
            solution_bill_units.solution_id = rates.solution_id
            and solution_bill_units.unit_name = rates.unit_name
            and rates.valid_from_month <= solution_bill_units.fiscal_month

),

cost_based_rates as (

    select
        lines_with_content.fiscal_month,
        lines_with_content.solution_id,
        {{ scaled_integer('max(billed_solution_months.solution_showback)', 2) }} as showback_cents,
        sum(lines_with_content.unit_quantity_micro) as all_units_micro
    from lines_with_content
    inner join billed_solution_months
        on
            lines_with_content.fiscal_month = billed_solution_months.fiscal_month
            and lines_with_content.solution_id = billed_solution_months.solution_id
    group by 1, 2
    having sum(lines_with_content.unit_quantity_micro) > 0

),

lines_rated as (

    select
        lines_with_content.*,
        coalesce(
            rate_candidates.rate_per_unit,
            {{ rounded_integer_divide('cost_based_rates.showback_cents * 10000000000', 'cost_based_rates.all_units_micro') }}
            * 0.000001,
            0
        ) as rate_per_unit,
        case
            when rate_candidates.rate_per_unit is not null
                then round(
                    cast(lines_with_content.unit_quantity as decimal(19, 6))
                    * cast(rate_candidates.rate_per_unit as decimal(18, 6)),
                    2
                )
            when cost_based_rates.all_units_micro is not null
                then {{ rounded_integer_divide(
                    'cost_based_rates.showback_cents * lines_with_content.unit_quantity_micro',
                    'cost_based_rates.all_units_micro') }} * 0.01
            else 0
        end as chargeback_amount,
        case
            when rate_candidates.rate_per_unit is not null then 'rates_seed'
            when cost_based_rates.all_units_micro is not null then 'cost_based'
            else 'no_units'
        end as rate_source
    from lines_with_content
    left join rate_candidates
        on
            lines_with_content.fiscal_month = rate_candidates.fiscal_month
            and lines_with_content.solution_id = rate_candidates.solution_id
            and rate_candidates.rate_rank = 1
    left join cost_based_rates
        on
            lines_with_content.fiscal_month = cost_based_rates.fiscal_month
            and lines_with_content.solution_id = cost_based_rates.solution_id

),

final as (

    select
        lines_rated.fiscal_month,
        lines_rated.consumer_id,
        consumers.consumer_name,
        lines_rated.solution_id,
        solutions.solution_name,
        solutions.solution_type_name,
        lines_rated.unit_name,
        cast(lines_rated.unit_quantity as decimal(28, 6)) as unit_quantity,
        cast(round(lines_rated.rate_per_unit, 6) as decimal(18, 6)) as rate_per_unit,
        lines_rated.rate_source,
        cast(lines_rated.showback_amount as decimal(18, 2)) as showback_amount,
        cast(lines_rated.chargeback_amount as decimal(18, 2)) as chargeback_amount,
        cast(lines_rated.chargeback_amount - lines_rated.showback_amount as decimal(18, 2)) as recovery_difference,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from lines_rated
    inner join consumers
        on lines_rated.consumer_id = consumers.consumer_id
    inner join solutions
        on lines_rated.solution_id = solutions.solution_id

)

select * from final
