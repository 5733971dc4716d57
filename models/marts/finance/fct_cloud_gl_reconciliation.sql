-- One row per cloud provider and fiscal month: the GL's cloud postings (the book of record)
-- against the provider's bills, and what explains the difference. Promise 5, no double
-- counting: the bills never add to the GL; they explain it (and drive its allocation).
--   gl_amount        GL lines of the Cloud Services cost pool whose vendor is the provider
--                    (seed cloud_provider_vendors), in the reporting currency; cloud-pool lines
--                    of a vendor that is no provider show as provider 'unmatched vendor'
--   billed_amount    BilledCost of the month's bills (billing period), reporting currency
--   effective_amount EffectiveCost (amortised commitments), reporting currency
--   difference       gl_amount - billed_amount
-- explanation, the first that fits (tolerance 0.01, or 0.1 % of the GL amount when a bill or
-- a GL line is in another currency than the reporting one: "fx" is then named too):
--   matched; unbilled (GL, no bill); timing: billed, not yet posted (bill, no GL);
--   tax (the bill's tax is posted outside the cloud account); credits (the GL is gross of
--   the bill's credits); timing: corrections to an earlier period; fx; unexplained.

with gl_lines as (

    select * from {{ ref('int_gl_lines_mapped_to_cost_pools') }}
    where ledger_status = 'mapped' and cost_pool_id = 'cloud_services'

),

provider_vendors as (

    select * from {{ ref('cloud_provider_vendors') }}

),

charges as (

    select * from {{ ref('int_cloud_charges') }}

),

gl_by_provider as (

    select
        coalesce(by_id.provider_name, by_name.provider_name, 'unmatched vendor') as provider_name,
        gl_lines.fiscal_month,
        sum(gl_lines.amount_reporting) as gl_amount,
        sum(case when gl_lines.local_currency_code <> '{{ var("reporting_currency") }}' then 1 else 0 end)
            as foreign_currency_line_count
    from gl_lines
    left join provider_vendors as by_id
        on gl_lines.vendor_id = by_id.vendor_key
    left join provider_vendors as by_name
        on gl_lines.vendor_id is null and lower(gl_lines.vendor_name) = lower(by_name.vendor_key)
    group by 1, 2

),

bills_by_provider as (

    select
        provider_name,
        x_fiscal_month as fiscal_month,
        sum(x_billed_cost_reporting) as billed_amount,
        sum(x_effective_cost_reporting) as effective_amount,
        sum(case when charge_category = 'Tax' then x_billed_cost_reporting else 0 end) as tax_amount,
        sum(x_credit_amount_reporting) as credit_amount,
        sum(case when charge_class = 'Correction' then x_billed_cost_reporting else 0 end) as correction_amount,
        sum(case when x_is_marketplace then x_billed_cost_reporting else 0 end) as marketplace_amount,
        sum(case when billing_currency <> '{{ var("reporting_currency") }}' then 1 else 0 end)
            as foreign_currency_line_count,
        sum(case when x_conversion_issue is not null then 1 else 0 end) as lines_without_fx_rate
    from charges
    group by 1, 2

),

joined as (

    select
        coalesce(gl_by_provider.provider_name, bills_by_provider.provider_name) as provider_name,
        coalesce(gl_by_provider.fiscal_month, bills_by_provider.fiscal_month) as fiscal_month,
        coalesce(gl_by_provider.gl_amount, 0) as gl_amount,
        coalesce(bills_by_provider.billed_amount, 0) as billed_amount,
        coalesce(bills_by_provider.effective_amount, 0) as effective_amount,
        coalesce(bills_by_provider.tax_amount, 0) as tax_amount,
        coalesce(bills_by_provider.credit_amount, 0) as credit_amount,
        coalesce(bills_by_provider.correction_amount, 0) as correction_amount,
        coalesce(bills_by_provider.marketplace_amount, 0) as marketplace_amount,
        gl_by_provider.provider_name is not null as has_gl_postings,
        bills_by_provider.provider_name is not null as has_bill,
        coalesce(bills_by_provider.lines_without_fx_rate, 0) as lines_without_fx_rate,
        coalesce(gl_by_provider.foreign_currency_line_count, 0)
        + coalesce(bills_by_provider.foreign_currency_line_count, 0) > 0 as involves_other_currency
    from gl_by_provider
    full outer join bills_by_provider
        on
            gl_by_provider.provider_name = bills_by_provider.provider_name
            and gl_by_provider.fiscal_month = bills_by_provider.fiscal_month

),

measured as (

    select
        *,
        gl_amount - billed_amount as difference,
        case
            when involves_other_currency then greatest(0.01, abs(gl_amount) * 0.001)
            else 0.01
        end as tolerance
    from joined

),

explained as (

    select
        provider_name,
        fiscal_month,
        gl_amount,
        billed_amount,
        effective_amount,
        difference,
        tax_amount,
        credit_amount,
        correction_amount,
        marketplace_amount,
        lines_without_fx_rate,
        case
            when lines_without_fx_rate > 0 then 'unexplained: bill lines without an FX rate'
            when not has_bill then 'unbilled: posted to the GL, no bill for the month'
            when not has_gl_postings then 'timing: billed, not yet posted to the GL'
            when abs(difference) < 0.01 then 'matched'
            when abs(difference) <= tolerance then 'fx: bill converted at the month''s average rate'
            when tax_amount <> 0 and abs(difference + tax_amount) <= tolerance
                then case
                    when abs(difference + tax_amount) < 0.01 then 'tax: the bill''s tax is posted outside the cloud account'
                    else 'tax and fx: the bill''s tax is posted outside the cloud account; rates differ'
                end
            when credit_amount <> 0 and abs(difference + credit_amount) <= tolerance
                then 'credits: the GL is gross of the bill''s credits'
            when correction_amount <> 0 and abs(difference + correction_amount) <= tolerance
                then 'timing: the bill corrects an earlier period'
            else 'unexplained'
        end as explanation,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from measured

),

final as (

    select
        cast(provider_name as {{ dbt.type_string() }}) as provider_name,
        cast(fiscal_month as date) as fiscal_month,
        cast(round(gl_amount, 2) as decimal(18, 2)) as gl_amount,
        cast(round(billed_amount, 2) as decimal(18, 2)) as billed_amount,
        cast(round(effective_amount, 2) as decimal(18, 2)) as effective_amount,
        cast(round(gl_amount, 2) - round(billed_amount, 2) as decimal(18, 2)) as difference,
        cast(round(tax_amount, 2) as decimal(18, 2)) as tax_amount,
        cast(round(credit_amount, 2) as decimal(18, 2)) as credit_amount,
        cast(round(correction_amount, 2) as decimal(18, 2)) as correction_amount,
        cast(round(marketplace_amount, 2) as decimal(18, 2)) as marketplace_amount,
        cast(lines_without_fx_rate as bigint) as lines_without_fx_rate,
        cast(explanation as {{ dbt.type_string() }}) as explanation,
        cast(reporting_currency_code as {{ dbt.type_string() }}) as reporting_currency_code
    from explained

)

select * from final
