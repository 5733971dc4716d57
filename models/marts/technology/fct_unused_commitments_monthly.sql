-- Idle spend on cloud commitments. One row per fiscal month x provider x commitment
-- (reservation or savings plan): the amortised cost of the commitment that workloads used, the
-- part nobody used (FOCUS CommitmentDiscountStatus = 'Unused'), and the utilisation. The unused
-- part is money paid for capacity that did no work: the FinOps "unused commitment" waste.

with cloud_charges as (

    select * from {{ ref('int_cloud_charges') }}
    where
        commitment_discount_id is not null
        and commitment_discount_status in ('Used', 'Unused')
        and x_conversion_issue is null

),

commitments_by_month as (

    select
        x_fiscal_month as fiscal_month,
        provider_name,
        commitment_discount_id,
        max(commitment_discount_type) as commitment_discount_type,
        sum(case when commitment_discount_status = 'Used' then x_effective_cost_reporting else 0 end)
            as used_amount,
        sum(case when commitment_discount_status = 'Unused' then x_effective_cost_reporting else 0 end)
            as unused_amount
    from cloud_charges
    group by 1, 2, 3

),

final as (

    select
        fiscal_month,
        provider_name,
        commitment_discount_id,
        commitment_discount_type,
        cast(used_amount as decimal(18, 2)) as amount_used_reporting,
        cast(unused_amount as decimal(18, 2)) as amount_unused_reporting,
        cast(
            case
                when used_amount + unused_amount <> 0 then used_amount / (used_amount + unused_amount)
            end as decimal(9, 4)
        ) as utilisation_ratio,
        unused_amount > 0 as is_partly_unused,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from commitments_by_month

)

select * from final
