-- sqlfluff reads struct fields (invoice.month) and lambda parameters (tag.key) as table
-- qualifiers and then asks every other column to be qualified: RF03 does not apply here.
-- noqa: disable=RF03
-- Every legacy CUR line as read, parsed into the FOCUS 1.2 shape, with the reason it cannot be
-- staged (null when it can). BilledCost is lineItem/UnblendedCost. EffectiveCost follows the
-- line item type, as AWS's own FOCUS export does:
--   DiscountedUsage             reservation/EffectiveCost (the amortised reservation)
--   RIFee                       reservation/UnusedAmortizedUpfrontFeeForBillingPeriod
--                               + reservation/UnusedRecurringFee (the unused part)
--   SavingsPlanCoveredUsage     savingsPlan/SavingsPlanEffectiveCost
--   SavingsPlanRecurringFee     savingsPlan/TotalCommitmentToDate - savingsPlan/UsedCommitment
--   SavingsPlanNegation, SavingsPlanUpfrontFee, and Fee lines buying a reservation: 0
--   anything else               lineItem/UnblendedCost
-- Tags: every `resourceTags/<key>` column, `user:` prefix removed, empty cells left out.

{{ config(**incremental_by_file_config()) }}
-- Incremental by file (macros/cloud_bill_columns.sql, cloud_raw_files_to_load), unlike the
-- folder's tables: a landed bill file is parsed once, not again in every later run.

{% set cur_columns = [
    ['billing_period_start', ['bill/BillingPeriodStartDate']],
    ['billing_period_end', ['bill/BillingPeriodEndDate']],
    ['payer_account_id', ['bill/PayerAccountId']],
    ['billing_entity', ['bill/BillingEntity']],
    ['invoicing_entity', ['bill/InvoicingEntity']],
    ['usage_account_id', ['lineItem/UsageAccountId']],
    ['line_item_type', ['lineItem/LineItemType']],
    ['usage_start', ['lineItem/UsageStartDate']],
    ['usage_end', ['lineItem/UsageEndDate']],
    ['product_code', ['lineItem/ProductCode']],
    ['usage_type', ['lineItem/UsageType']],
    ['resource_id', ['lineItem/ResourceId']],
    ['usage_amount', ['lineItem/UsageAmount']],
    ['currency_code', ['lineItem/CurrencyCode']],
    ['unblended_cost', ['lineItem/UnblendedCost']],
    ['line_item_description', ['lineItem/LineItemDescription']],
    ['product_name', ['product/ProductName']],
    ['region_code', ['product/regionCode', 'product/region']],
    ['instance_type', ['product/instanceType']],
    ['pricing_unit', ['pricing/unit']],
    ['public_on_demand_cost', ['pricing/publicOnDemandCost']],
    ['pricing_term', ['pricing/term']],
    ['reservation_arn', ['reservation/ReservationARN']],
    ['reservation_effective_cost', ['reservation/EffectiveCost']],
    ['reservation_unused_upfront', ['reservation/UnusedAmortizedUpfrontFeeForBillingPeriod']],
    ['reservation_unused_recurring', ['reservation/UnusedRecurringFee']],
    ['savings_plan_arn', ['savingsPlan/SavingsPlanARN']],
    ['savings_plan_effective_cost', ['savingsPlan/SavingsPlanEffectiveCost']],
    ['savings_plan_total_commitment', ['savingsPlan/TotalCommitmentToDate']],
    ['savings_plan_used_commitment', ['savingsPlan/UsedCommitment']],
] %}
{% set tag_columns = cloud_prefixed_columns('aws_cur', 'cur', 'resourceTags/') %}
{% set tag_select = [] %}
{% set tag_entries = [] %}
{% for tag in tag_columns %}
{% do tag_select.append(['tag_' ~ loop.index, [tag[0]]]) %}
{% set tag_key = tag[1][5:] if tag[1].lower().startswith('user:') else tag[1] %}
{% do tag_entries.append([sql_string(tag_key), bill_text('tag_' ~ loop.index)]) %}
{% endfor %}

with cur as (
    {{ cloud_raw_select('aws_cur', 'cur', cur_columns + tag_select) }}
),

parsed as (

    select
        'aws_cur' as x_source_layout,
        {{ raw_file_columns() }},
        source_file_signature,
        cast({{ parse_bill_timestamp('billing_period_start') }} as date) as billing_period_start,
        cast({{ parse_bill_timestamp('billing_period_end') }} as date) as billing_period_end,
        {{ bill_text('payer_account_id') }} as billing_account_id,
        {{ bill_text('usage_account_id') }} as sub_account_id,
        {{ bill_text('line_item_type') }} as x_provider_charge_type,
        {{ parse_bill_timestamp('usage_start') }} as charge_period_start,
        {{ parse_bill_timestamp('usage_end') }} as charge_period_end,
        {{ bill_text('product_code') }} as x_service_key,
        coalesce({{ bill_text('product_name') }}, {{ bill_text('product_code') }}) as service_name,
        {{ bill_text('resource_id') }} as resource_id,
        {{ bill_text('region_code') }} as region_id,
        {{ bill_text('instance_type') }} as x_instance_type,
        {{ bill_text('line_item_description') }} as charge_description,
        {{ bill_text('billing_entity') }} as billing_entity,
        {{ bill_text('invoicing_entity') }} as invoice_issuer_name,
        {{ bill_text('pricing_term') }} as pricing_term,
        coalesce({{ bill_text('reservation_arn') }}, {{ bill_text('savings_plan_arn') }}) as commitment_discount_id,
        case
            when {{ bill_text('reservation_arn') }} is not null then 'Reservation'
            when {{ bill_text('savings_plan_arn') }} is not null then 'Savings Plan'
        end as commitment_discount_type,
        {{ parse_bill_number(bill_text('usage_amount')) }} as usage_amount,
        {{ bill_text('pricing_unit') }} as pricing_unit,
        upper({{ bill_text('currency_code') }}) as billing_currency,
        {{ parse_bill_number('unblended_cost') }} as billed_cost,
        {{ parse_bill_number(bill_text('public_on_demand_cost')) }} as list_cost,
        coalesce({{ parse_bill_number(bill_text('reservation_effective_cost')) }}, 0) as reservation_effective_cost,
        coalesce({{ parse_bill_number(bill_text('reservation_unused_upfront')) }}, 0)
        + coalesce({{ parse_bill_number(bill_text('reservation_unused_recurring')) }}, 0) as reservation_unused_cost,
        coalesce({{ parse_bill_number(bill_text('savings_plan_effective_cost')) }}, 0) as savings_plan_effective_cost,
        coalesce({{ parse_bill_number(bill_text('savings_plan_total_commitment')) }}, 0)
        - coalesce({{ parse_bill_number(bill_text('savings_plan_used_commitment')) }}, 0) as savings_plan_unused_cost,
        {% if tag_entries %}
        {{ json_object_from_entries(tag_entries) }} as x_tags_json,
        {% else %}
        '{}' as x_tags_json,
        {% endif %}
        unblended_cost as billed_cost_raw
    from cur

),

mapped as (

    select
        x_source_layout,
        source_file as x_source_file,
        source_line_number as x_source_line_number,
        source_file_signature,
        {{ cloud_export_stream('source_file') }} as x_export_stream,
        {{ cloud_export_version('source_file') }} as x_export_version,
        cast(null as {{ dbt.type_string() }}) as x_dataset,
        billing_account_id,
        cast(null as {{ dbt.type_string() }}) as billing_account_name,
        sub_account_id,
        cast(null as {{ dbt.type_string() }}) as sub_account_name,
        'AWS' as provider_name,
        case when billing_entity = 'AWS Marketplace' then 'AWS Marketplace' else 'AWS' end as publisher_name,
        coalesce(invoice_issuer_name, 'AWS') as invoice_issuer_name,
        {{ aws_line_item_focus_columns() }}
    from parsed

),

checked as (

    select
        *,
        x_source_file as source_file,
        x_source_line_number as source_line_number,
        {{ quarantine_reason([
            ["billing_period_start is null or billing_period_end is null",
                "bill/BillingPeriodStartDate or bill/BillingPeriodEndDate is not a date-time"],
            ["billing_account_id is null", "missing bill/PayerAccountId"],
            ["x_provider_charge_type is null", "missing lineItem/LineItemType"],
            ["charge_period_start is null or charge_period_end is null",
                "lineItem/UsageStartDate or lineItem/UsageEndDate is not a date-time"],
            ["charge_period_end < charge_period_start", "lineItem/UsageEndDate is before lineItem/UsageStartDate"],
            ["billed_cost is null", "lineItem/UnblendedCost is not a number"],
            ["billing_currency is null or length(billing_currency) <> 3",
                "lineItem/CurrencyCode is not a three-letter code"],
        ]) }} as quarantine_reason
    from mapped

)

select * from checked
