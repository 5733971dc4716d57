{#
    The FOCUS 1.2 columns of an AWS line item, the same for the legacy CUR and CUR 2.0 (their base
    models first rename each export's columns to the same names: x_provider_charge_type,
    usage_amount, reservation_effective_cost, ...). ChargeCategory, ChargeFrequency,
    CommitmentDiscountStatus and PricingCategory follow the line item type; EffectiveCost follows
    it as AWS's own FOCUS export does (amortised reservation and savings-plan cost, 0 for the
    negations and upfront fees that amortisation spreads). A select list, from billing_period_start
    to billed_cost_raw.
#}
{% macro aws_line_item_focus_columns() -%}
billing_period_start,
        billing_period_end,
        charge_period_start,
        charge_period_end,
        case
            when x_provider_charge_type = 'Tax' then 'Tax'
            when x_provider_charge_type in ('Credit', 'Refund') then 'Credit'
            when x_provider_charge_type in ('Fee', 'RIFee', 'SavingsPlanRecurringFee', 'SavingsPlanUpfrontFee')
                then 'Purchase'
            when x_provider_charge_type is not null then 'Usage'
        end as charge_category,
        case when charge_period_start < cast(billing_period_start as timestamp) then 'Correction' end as charge_class,
        charge_description,
        case
            when x_provider_charge_type in ('RIFee', 'SavingsPlanRecurringFee') then 'Recurring'
            when x_provider_charge_type in ('Fee', 'SavingsPlanUpfrontFee', 'Tax', 'Credit', 'Refund') then 'One-Time'
            else 'Usage-Based'
        end as charge_frequency,
        x_provider_charge_type,
        x_service_key,
        service_name,
        cast(null as {{ dbt.type_string() }}) as service_category,
        cast(null as {{ dbt.type_string() }}) as service_subcategory,
        resource_id,
        cast(null as {{ dbt.type_string() }}) as resource_name,
        region_id,
        commitment_discount_id,
        commitment_discount_type,
        case
            when x_provider_charge_type in ('DiscountedUsage', 'SavingsPlanCoveredUsage') then 'Used'
            when x_provider_charge_type in ('RIFee', 'SavingsPlanRecurringFee') then 'Unused'
        end as commitment_discount_status,
        case
            when x_provider_charge_type in ('DiscountedUsage', 'SavingsPlanCoveredUsage') then 'Committed'
            when pricing_term = 'Spot' then 'Dynamic'
            else 'Standard'
        end as pricing_category,
        usage_amount as pricing_quantity,
        pricing_unit,
        case when x_provider_charge_type like '%Usage' then usage_amount end as consumed_quantity,
        case when x_provider_charge_type like '%Usage' then pricing_unit end as consumed_unit,
        billing_currency,
        billed_cost,
        case
            when x_provider_charge_type = 'DiscountedUsage' then reservation_effective_cost
            when x_provider_charge_type = 'RIFee' then reservation_unused_cost
            when x_provider_charge_type = 'SavingsPlanCoveredUsage' then savings_plan_effective_cost
            when x_provider_charge_type = 'SavingsPlanRecurringFee' then savings_plan_unused_cost
            when x_provider_charge_type in ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') then 0
            when x_provider_charge_type = 'Fee' and commitment_discount_id is not null then 0
            else billed_cost
        end as effective_cost,
        list_cost,
        cast(null as decimal(38, 18)) as contracted_cost,
        case when x_provider_charge_type in ('Credit', 'Refund') then billed_cost else 0 end as x_credit_amount,
        coalesce(billing_entity = 'AWS Marketplace', false) as x_is_marketplace,
        coalesce(
            x_provider_charge_type in ('Fee', 'SavingsPlanUpfrontFee') and commitment_discount_id is not null,
            false
        ) as x_is_commitment_purchase,
        x_tags_json,
        x_instance_type,
        billed_cost_raw
{%- endmacro %}
