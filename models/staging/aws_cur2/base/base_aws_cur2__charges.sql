-- sqlfluff reads struct fields (invoice.month) and lambda parameters (tag.key) as table
-- qualifiers and then asks every other column to be qualified: RF03 does not apply here.
-- noqa: disable=RF03
-- Every CUR 2.0 line (Parquet and CSV deliveries) as read, parsed into the FOCUS 1.2 shape,
-- with the reason it cannot be staged (null when it can). The columns are those of the legacy
-- CUR in snake_case (bill_payer_account_id, line_item_unblended_cost, ...), and the same rules
-- apply (see base_aws_cur__charges): BilledCost is line_item_unblended_cost, EffectiveCost
-- follows the line item type as AWS's own FOCUS export does.
-- Tags: the resource_tags map (a JSON object in CSV deliveries), `user_` / `user:` prefix
-- removed from user-defined keys.

{{ config(**incremental_by_file_config()) }}
-- Incremental by file (macros/cloud_bill_columns.sql, cloud_raw_files_to_load), unlike the
-- folder's tables: a landed bill file is parsed once, not again in every later run.

{% set cur2_columns = [
    ['billing_period_start', ['bill_billing_period_start_date']],
    ['billing_period_end', ['bill_billing_period_end_date']],
    ['payer_account_id', ['bill_payer_account_id']],
    ['payer_account_name', ['bill_payer_account_name']],
    ['billing_entity', ['bill_billing_entity']],
    ['invoicing_entity', ['bill_invoicing_entity']],
    ['usage_account_id', ['line_item_usage_account_id']],
    ['usage_account_name', ['line_item_usage_account_name']],
    ['line_item_type', ['line_item_line_item_type']],
    ['usage_start', ['line_item_usage_start_date']],
    ['usage_end', ['line_item_usage_end_date']],
    ['product_code', ['line_item_product_code']],
    ['resource_id', ['line_item_resource_id']],
    ['usage_amount', ['line_item_usage_amount']],
    ['currency_code', ['line_item_currency_code']],
    ['unblended_cost', ['line_item_unblended_cost']],
    ['line_item_description', ['line_item_line_item_description']],
    ['product_name', ['product_product_name']],
    ['region_code', ['product_region_code', 'product_region']],
    ['instance_type', ['product_instance_type']],
    ['pricing_unit', ['pricing_unit']],
    ['public_on_demand_cost', ['pricing_public_on_demand_cost']],
    ['pricing_term', ['pricing_term']],
    ['reservation_arn', ['reservation_reservation_a_r_n']],
    ['reservation_effective_cost', ['reservation_effective_cost']],
    ['reservation_unused_upfront', ['reservation_unused_amortized_upfront_fee_for_billing_period']],
    ['reservation_unused_recurring', ['reservation_unused_recurring_fee']],
    ['savings_plan_arn', ['savings_plan_savings_plan_a_r_n']],
    ['savings_plan_effective_cost', ['savings_plan_savings_plan_effective_cost']],
    ['savings_plan_total_commitment', ['savings_plan_total_commitment_to_date']],
    ['savings_plan_used_commitment', ['savings_plan_used_commitment']],
    ['resource_tags', ['resource_tags']],
] %}

with cur2_parquet as (
    {{ cloud_raw_select('aws_cur2', 'cur2_parquet', cur2_columns) }}
),

cur2_csv as (
    {{ cloud_raw_select('aws_cur2', 'cur2_csv', cur2_columns) }}
),

source_rows as (

    select
        {{ raw_row_columns() }},
        *
    from cur2_parquet
    union all
    select
        {{ raw_file_columns() }},
        *
    from cur2_csv

),

parsed as (

    select
        'aws_cur2' as x_source_layout,
        source_file,
        source_line_number,
        source_file_signature,
        cast({{ parse_bill_timestamp('billing_period_start') }} as date) as billing_period_start,
        cast({{ parse_bill_timestamp('billing_period_end') }} as date) as billing_period_end,
        {{ bill_text('payer_account_id') }} as billing_account_id,
        {{ bill_text('payer_account_name') }} as billing_account_name,
        {{ bill_text('usage_account_id') }} as sub_account_id,
        {{ bill_text('usage_account_name') }} as sub_account_name,
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
        case
            when {{ bill_text('resource_tags') }} is null then '{}'
            else {{ json_object_strip_key_pattern('resource_tags', '^user[_:]') }}
        end as x_tags_json,
        unblended_cost as billed_cost_raw
    from source_rows

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
        billing_account_name,
        sub_account_id,
        sub_account_name,
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
                "bill_billing_period_start_date or bill_billing_period_end_date is not a date-time"],
            ["billing_account_id is null", "missing bill_payer_account_id"],
            ["x_provider_charge_type is null", "missing line_item_line_item_type"],
            ["charge_period_start is null or charge_period_end is null",
                "line_item_usage_start_date or line_item_usage_end_date is not a date-time"],
            ["charge_period_end < charge_period_start", "line_item_usage_end_date is before line_item_usage_start_date"],
            ["billed_cost is null", "line_item_unblended_cost is not a number"],
            ["billing_currency is null or length(billing_currency) <> 3",
                "line_item_currency_code is not a three-letter code"],
            ["x_tags_json is null", "resource_tags is not a map of text keys and values"],
        ]) }} as quarantine_reason
    from mapped

)

select * from checked
