-- sqlfluff reads struct fields (invoice.month) and lambda parameters (tag.key) as table
-- qualifiers and then asks every other column to be qualified: RF03 does not apply here.
-- noqa: disable=RF03
-- Every row of the GCP billing export as read, parsed into the FOCUS 1.2 shape, with the
-- reason it cannot be staged (null when it can). One row per export row: the nested credits
-- (sustained-use and committed-use discounts, promotions, free tier) are summed into the row,
-- so BilledCost = cost + sum(credits.amount), the net amount Google invoices, and
-- x_credit_amount keeps the credits' part. Billing period: invoice.month (YYYYMM).
-- Tags: the resource labels, plus the project labels whose key the resource does not set.

{{ config(**incremental_by_file_config()) }}
-- Incremental by file (macros/cloud_bill_columns.sql, cloud_raw_files_to_load), unlike the
-- folder's tables: a landed bill file is parsed once, not again in every later run.

{% set struct_label = 'STRUCT(key VARCHAR, value VARCHAR)[]' %}
{% set gcp_columns = [
    ['billing_account_id', ['billing_account_id']],
    ['service', ['service'], 'STRUCT(id VARCHAR, description VARCHAR)'],
    ['sku', ['sku'], 'STRUCT(id VARCHAR, description VARCHAR)'],
    ['usage_start_time', ['usage_start_time']],
    ['usage_end_time', ['usage_end_time']],
    ['project', ['project'], 'STRUCT(id VARCHAR, number VARCHAR, name VARCHAR, labels ' ~ struct_label ~ ')'],
    ['labels', ['labels'], struct_label],
    ['location', ['location'], 'STRUCT(location VARCHAR, country VARCHAR, region VARCHAR, zone VARCHAR)'],
    ['resource', ['resource'], 'STRUCT(name VARCHAR, global_name VARCHAR)'],
    ['cost', ['cost']],
    ['cost_at_list', ['cost_at_list']],
    ['currency', ['currency']],
    ['usage', ['usage'], 'STRUCT(amount VARCHAR, unit VARCHAR, amount_in_pricing_units VARCHAR, pricing_unit VARCHAR)'],
    ['credits', ['credits'], 'STRUCT(name VARCHAR, amount VARCHAR, full_name VARCHAR, id VARCHAR, type VARCHAR)[]'],
    ['invoice', ['invoice'], 'STRUCT(month VARCHAR, publisher_type VARCHAR)'],
    ['cost_type', ['cost_type']],
    ['seller_name', ['seller_name']],
    ['system_labels', ['system_labels'], struct_label],
] %}

with billing_export as (
    {{ cloud_raw_select('gcp', 'billing_export', gcp_columns) }}
),

parsed as (

    select
        {{ raw_row_columns() }},
        source_file_signature,
        {{ bill_text('billing_account_id') }} as billing_account_id,
        {{ bill_text('project.id') }} as sub_account_id,
        {{ bill_text('project.name') }} as sub_account_name,
        {{ parse_date("invoice.month || '01'", '%Y%m%d') }} as billing_period_start,
        {{ parse_bill_timestamp('usage_start_time') }} as charge_period_start,
        {{ parse_bill_timestamp('usage_end_time') }} as charge_period_end,
        lower({{ bill_text('cost_type') }}) as x_provider_charge_type,
        {{ bill_text('service.description') }} as service_name,
        {{ bill_text('sku.description') }} as charge_description,
        coalesce({{ bill_text('resource.global_name') }}, {{ bill_text('resource.name') }}) as resource_id,
        {{ bill_text('resource.name') }} as resource_name,
        coalesce({{ bill_text('location.region') }}, {{ bill_text('location.location') }}) as region_id,
        -- machine type of a Compute Engine row, from the system label Google sets on it
        {{ bill_text(label_list_value('system_labels', 'compute.googleapis.com/machine_spec')) }} as x_instance_type,
        {{ parse_bill_number(bill_text('usage.amount_in_pricing_units')) }} as pricing_quantity,
        {{ bill_text('usage.pricing_unit') }} as pricing_unit,
        {{ parse_bill_number(bill_text('usage.amount')) }} as consumed_quantity,
        {{ bill_text('usage.unit') }} as consumed_unit,
        upper({{ bill_text('currency') }}) as billing_currency,
        {{ parse_bill_number('cost') }} as cost,
        {{ parse_bill_number(bill_text('cost_at_list')) }} as list_cost,
        {{ list_count_where('credits', 'credit', parse_bill_number('credit.amount') ~ ' is null') }}
            as invalid_credit_count,
        coalesce({{ list_sum_of('credits', 'credit', parse_bill_number('credit.amount'), 'decimal(38, 18)') }}, 0)
            as credit_amount,
        coalesce(invoice.publisher_type = 'Marketplace', false)
        or coalesce(seller_name not in ('Google', 'Google LLC', 'Google Cloud'), false) as is_marketplace,
        seller_name,
        {{ json_object_from_label_lists('labels', 'project.labels') }} as x_tags_json,
        cost as cost_raw
    from billing_export

),

mapped as (

    select
        'gcp' as x_source_layout,
        source_file as x_source_file,
        source_line_number as x_source_line_number,
        source_file_signature,
        {{ cloud_export_stream('source_file') }} as x_export_stream,
        {{ cloud_export_version('source_file') }} as x_export_version,
        cast(null as {{ dbt.type_string() }}) as x_dataset,
        billing_account_id,
        cast(null as {{ dbt.type_string() }}) as billing_account_name,
        sub_account_id,
        sub_account_name,
        'Google Cloud' as provider_name,
        case when is_marketplace then coalesce(seller_name, 'Google Cloud Marketplace') else 'Google Cloud' end
            as publisher_name,
        'Google Cloud' as invoice_issuer_name,
        billing_period_start,
        cast({{ dbt.dateadd('month', 1, 'billing_period_start') }} as date) as billing_period_end,
        charge_period_start,
        charge_period_end,
        case
            when x_provider_charge_type = 'tax' then 'Tax'
            when x_provider_charge_type in ('adjustment', 'rounding_error') then 'Adjustment'
            when x_provider_charge_type = 'regular' or x_provider_charge_type is null then 'Usage'
        end as charge_category,
        case
            when x_provider_charge_type = 'adjustment' then 'Correction'
            when charge_period_start < cast(billing_period_start as timestamp) then 'Correction'
        end as charge_class,
        charge_description,
        'Usage-Based' as charge_frequency,
        x_provider_charge_type,
        service_name as x_service_key,
        service_name,
        cast(null as {{ dbt.type_string() }}) as service_category,
        cast(null as {{ dbt.type_string() }}) as service_subcategory,
        resource_id,
        resource_name,
        region_id,
        cast(null as {{ dbt.type_string() }}) as commitment_discount_id,
        cast(null as {{ dbt.type_string() }}) as commitment_discount_type,
        cast(null as {{ dbt.type_string() }}) as commitment_discount_status,
        'Standard' as pricing_category,
        pricing_quantity,
        pricing_unit,
        consumed_quantity,
        consumed_unit,
        billing_currency,
        cost + credit_amount as billed_cost,
        cost + credit_amount as effective_cost,
        list_cost,
        cast(null as decimal(38, 18)) as contracted_cost,
        credit_amount as x_credit_amount,
        is_marketplace as x_is_marketplace,
        false as x_is_commitment_purchase,
        x_tags_json,
        x_instance_type,
        cost_raw,
        invalid_credit_count
    from parsed

),

checked as (

    select
        *,
        x_source_file as source_file,
        x_source_line_number as source_line_number,
        {{ quarantine_reason([
            ["billing_account_id is null", "missing billing_account_id"],
            ["billing_period_start is null", "invoice.month is not YYYYMM"],
            ["charge_period_start is null or charge_period_end is null",
                "usage_start_time or usage_end_time is not a timestamp"],
            ["charge_period_end < charge_period_start", "usage_end_time is before usage_start_time"],
            ["charge_category is null", "cost_type is not regular, tax, adjustment or rounding_error"],
            ["billed_cost is null", "cost is not a number"],
            ["coalesce(invalid_credit_count, 0) > 0", "a credits[].amount is not a number"],
            ["billing_currency is null or length(billing_currency) <> 3", "currency is not a three-letter code"],
        ]) }} as quarantine_reason
    from mapped

)

select * from checked
