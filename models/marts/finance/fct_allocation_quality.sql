-- One row per fiscal month: how mature the allocation is. The share of operating IT spend that
-- reaches a consumer (the transparency target is 95%), how the amount that reached consumers
-- was moved (direct key matches, measured consumption, or assumptions such as agreed weights,
-- even and proportional splits; a path counts as assumption if any of its steps assumed), and
-- what stayed unallocated, by reason, over every layer.

with reconciliation as (

    select * from {{ ref('fct_allocation_reconciliation') }}

),

tower_costs as (

    select * from {{ ref('int_cost_pool_costs_allocated_to_towers') }}
    where sub_tower_id is null

),

solution_costs as (

    select * from {{ ref('int_tower_costs_allocated_to_solutions') }}
    where solution_id is null

),

consumer_costs as (

    select * from {{ ref('int_solution_costs_allocated_to_consumers') }}

),

spend as (

    select
        fiscal_month,
        amount_in as opex_it_spend,
        amount_unallocated as unallocated_unmapped_account
    from reconciliation
    where layer = 'cost_pool'

),

reached_consumers as (

    select
        fiscal_month,
        sum(case when consumer_id is not null then amount_reporting else 0 end) as amount_to_consumers,
        sum(case when consumer_id is not null and allocation_basis = 'direct' then amount_reporting else 0 end)
            as amount_direct,
        sum(case when consumer_id is not null and allocation_basis = 'consumption' then amount_reporting else 0 end)
            as amount_by_consumption,
        sum(case when consumer_id is not null and allocation_basis = 'assumption' then amount_reporting else 0 end)
            as amount_by_assumption
    from consumer_costs
    group by fiscal_month

),

unallocated_lines as (

    select
        fiscal_month,
        unallocated_reason,
        amount_reporting
    from tower_costs
    union all
    select
        fiscal_month,
        unallocated_reason,
        amount_reporting
    from solution_costs
    union all
    select
        fiscal_month,
        unallocated_reason,
        amount_reporting
    from consumer_costs
    where consumer_id is null

),

unallocated_by_reason as (

    select
        fiscal_month,
        sum(case when unallocated_reason = 'no allocation rule' then amount_reporting else 0 end)
            as unallocated_no_rule,
        sum(case when unallocated_reason like '%driver missing or zero%' then amount_reporting else 0 end)
            as unallocated_driver_missing_or_zero,
        sum(case when unallocated_reason like '%driver negative%' then amount_reporting else 0 end)
            as unallocated_driver_negative,
        sum(
            case
                when
                    unallocated_reason = 'no allocation rule'
                    or unallocated_reason like '%driver missing or zero%'
                    or unallocated_reason like '%driver negative%'
                    then 0
                else amount_reporting
            end
        ) as unallocated_other
    from unallocated_lines
    group by fiscal_month

),

final as (

    select
        spend.fiscal_month,
        cast(spend.opex_it_spend as decimal(18, 2)) as opex_it_spend,
        cast(coalesce(reached_consumers.amount_to_consumers, 0) as decimal(18, 2)) as amount_to_consumers,
        cast(
            case
                when spend.opex_it_spend <> 0
                    then coalesce(reached_consumers.amount_to_consumers, 0) / spend.opex_it_spend
            end as decimal(9, 4)
        ) as share_to_consumers,
        coalesce(
            coalesce(reached_consumers.amount_to_consumers, 0) >= 0.95 * spend.opex_it_spend, false
        ) as is_transparency_target_met,
        cast(coalesce(reached_consumers.amount_direct, 0) as decimal(18, 2)) as amount_direct,
        cast(coalesce(reached_consumers.amount_by_consumption, 0) as decimal(18, 2)) as amount_by_consumption,
        cast(coalesce(reached_consumers.amount_by_assumption, 0) as decimal(18, 2)) as amount_by_assumption,
        cast(
            case
                when reached_consumers.amount_to_consumers <> 0
                    then reached_consumers.amount_by_consumption / reached_consumers.amount_to_consumers
            end as decimal(9, 4)
        ) as share_by_consumption,
        cast(
            case
                when reached_consumers.amount_to_consumers <> 0
                    then reached_consumers.amount_by_assumption / reached_consumers.amount_to_consumers
            end as decimal(9, 4)
        ) as share_by_assumption,
        cast(spend.unallocated_unmapped_account as decimal(18, 2)) as unallocated_unmapped_account,
        cast(coalesce(unallocated_by_reason.unallocated_no_rule, 0) as decimal(18, 2)) as unallocated_no_rule,
        cast(coalesce(unallocated_by_reason.unallocated_driver_missing_or_zero, 0) as decimal(18, 2))
            as unallocated_driver_missing_or_zero,
        cast(coalesce(unallocated_by_reason.unallocated_driver_negative, 0) as decimal(18, 2))
            as unallocated_driver_negative,
        cast(coalesce(unallocated_by_reason.unallocated_other, 0) as decimal(18, 2)) as unallocated_other,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from spend
    left join reached_consumers
        on spend.fiscal_month = reached_consumers.fiscal_month
    left join unallocated_by_reason
        on spend.fiscal_month = unallocated_by_reason.fiscal_month

)

select * from final
