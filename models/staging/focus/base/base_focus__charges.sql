-- Every row of the FOCUS exports (CSV and Parquet, FOCUS 1.0 to 1.3) as read, parsed into the
-- FOCUS 1.2 shape, with the reason it cannot be staged (null when it can). Columns a version
-- does not have read as null: ServiceSubcategory (before 1.2), ChargeClass (1.0),
-- ProviderName (replaced by ServiceProviderName in 1.3). A file without BillingCurrency (the
-- FOCUS specification's own examples) is taken to be in var('cloud_default_billing_currency').

{{ config(**incremental_by_file_config()) }}
-- Incremental by file (macros/cloud_bill_columns.sql, cloud_raw_files_to_load), unlike the
-- folder's tables: a landed bill file is parsed once, not again in every later run.

{% set focus_columns = [
    ['billing_account_id', ['BillingAccountId']],
    ['billing_account_name', ['BillingAccountName']],
    ['sub_account_id', ['SubAccountId']],
    ['sub_account_name', ['SubAccountName']],
    ['provider_name', ['ServiceProviderName', 'ProviderName']],
    ['publisher_name', ['PublisherName']],
    ['invoice_issuer_name', ['InvoiceIssuerName']],
    ['billing_period_start', ['BillingPeriodStart']],
    ['billing_period_end', ['BillingPeriodEnd']],
    ['charge_period_start', ['ChargePeriodStart']],
    ['charge_period_end', ['ChargePeriodEnd']],
    ['charge_category', ['ChargeCategory']],
    ['charge_class', ['ChargeClass']],
    ['charge_description', ['ChargeDescription']],
    ['charge_frequency', ['ChargeFrequency']],
    ['service_name', ['ServiceName']],
    ['service_category', ['ServiceCategory']],
    ['service_subcategory', ['ServiceSubcategory']],
    ['resource_id', ['ResourceId']],
    ['resource_name', ['ResourceName']],
    ['region_id', ['RegionId']],
    ['commitment_discount_id', ['CommitmentDiscountId']],
    ['commitment_discount_type', ['CommitmentDiscountType']],
    ['commitment_discount_status', ['CommitmentDiscountStatus']],
    ['pricing_category', ['PricingCategory']],
    ['pricing_quantity', ['PricingQuantity']],
    ['pricing_unit', ['PricingUnit']],
    ['consumed_quantity', ['ConsumedQuantity']],
    ['consumed_unit', ['ConsumedUnit']],
    ['billing_currency', ['BillingCurrency']],
    ['billed_cost', ['BilledCost']],
    ['effective_cost', ['EffectiveCost']],
    ['list_cost', ['ListCost']],
    ['contracted_cost', ['ContractedCost']],
    ['tags', ['Tags']],
    ['sku_price_details', ['SkuPriceDetails']],
] %}

with focus_csv as (
    {{ cloud_raw_select('focus', 'focus_csv', focus_columns) }}
),

focus_parquet as (
    {{ cloud_raw_select('focus', 'focus_parquet', focus_columns) }}
),

csv_rows as (

    select
        {{ raw_file_columns() }},
        *
    from focus_csv

),

parquet_rows as (

    select
        {{ raw_row_columns() }},
        *
    from focus_parquet

),

source_rows as (

    select * from csv_rows
    union all
    select * from parquet_rows

),

parsed as (

    select
        'focus' as x_source_layout,
        source_file as x_source_file,
        source_line_number as x_source_line_number,
        source_file_signature,
        {{ cloud_export_stream('source_file') }} as x_export_stream,
        {{ cloud_export_version('source_file') }} as x_export_version,
        cast(null as {{ dbt.type_string() }}) as x_dataset,
        {{ bill_text('billing_account_id') }} as billing_account_id,
        {{ bill_text('billing_account_name') }} as billing_account_name,
        {{ bill_text('sub_account_id') }} as sub_account_id,
        {{ bill_text('sub_account_name') }} as sub_account_name,
        coalesce({{ bill_text('provider_name') }}, 'unknown') as provider_name,
        {{ bill_text('publisher_name') }} as publisher_name,
        {{ bill_text('invoice_issuer_name') }} as invoice_issuer_name,
        cast({{ parse_bill_timestamp('billing_period_start') }} as date) as billing_period_start,
        cast({{ parse_bill_timestamp('billing_period_end') }} as date) as billing_period_end,
        {{ parse_bill_timestamp('charge_period_start') }} as charge_period_start,
        {{ parse_bill_timestamp('charge_period_end') }} as charge_period_end,
        {{ bill_text('charge_category') }} as charge_category,
        {{ bill_text('charge_class') }} as charge_class_raw,
        {{ bill_text('charge_description') }} as charge_description,
        {{ bill_text('charge_frequency') }} as charge_frequency,
        {{ bill_text('charge_category') }} as x_provider_charge_type,
        {{ bill_text('service_name') }} as x_service_key,
        {{ bill_text('service_name') }} as service_name,
        {{ bill_text('service_category') }} as service_category,
        {{ bill_text('service_subcategory') }} as service_subcategory,
        {{ bill_text('resource_id') }} as resource_id,
        {{ bill_text('resource_name') }} as resource_name,
        {{ bill_text('region_id') }} as region_id,
        {{ bill_text('commitment_discount_id') }} as commitment_discount_id,
        {{ bill_text('commitment_discount_type') }} as commitment_discount_type,
        {{ bill_text('commitment_discount_status') }} as commitment_discount_status,
        {{ bill_text('pricing_category') }} as pricing_category,
        {{ parse_bill_number(bill_text('pricing_quantity')) }} as pricing_quantity,
        {{ bill_text('pricing_unit') }} as pricing_unit,
        {{ parse_bill_number(bill_text('consumed_quantity')) }} as consumed_quantity,
        {{ bill_text('consumed_unit') }} as consumed_unit,
        upper(coalesce(
            {{ bill_text('billing_currency') }}, '{{ var("cloud_default_billing_currency", var("reporting_currency")) }}'
        )) as billing_currency,
        {{ parse_bill_number('billed_cost') }} as billed_cost,
        {{ parse_bill_number('effective_cost') }} as effective_cost,
        {{ parse_bill_number(bill_text('list_cost')) }} as list_cost,
        {{ parse_bill_number(bill_text('contracted_cost')) }} as contracted_cost,
        coalesce({{ bill_text('tags') }}, '{}') as x_tags_json,
        -- SkuPriceDetails (FOCUS 1.1+): the FOCUS-defined InstanceType property (F_InstanceType in
        -- drafts after 1.2); null when the SKU price has no instance type
        coalesce(
            {{ bill_text(json_text_field('sku_price_details', 'InstanceType')) }},
            {{ bill_text(json_text_field('sku_price_details', 'F_InstanceType')) }}
        ) as x_instance_type,
        billed_cost as billed_cost_raw,
        effective_cost as effective_cost_raw
    from source_rows

),

derived as (

    select
        *,
        coalesce(
            charge_class_raw,
            case when charge_period_start < cast(billing_period_start as timestamp) then 'Correction' end
        ) as charge_class,
        case when charge_category = 'Credit' then billed_cost else 0 end as x_credit_amount,
        coalesce(publisher_name <> provider_name, false) as x_is_marketplace,
        coalesce(charge_category = 'Purchase' and commitment_discount_id is not null, false)
            as x_is_commitment_purchase
    from parsed

),

checked as (

    select
        *,
        x_source_file as source_file,
        x_source_line_number as source_line_number,
        {{ quarantine_reason([
            ["billing_period_start is null or billing_period_end is null",
                "BillingPeriodStart or BillingPeriodEnd is not a date-time"],
            ["charge_period_start is null or charge_period_end is null",
                "ChargePeriodStart or ChargePeriodEnd is not a date-time"],
            ["charge_period_end < charge_period_start", "ChargePeriodEnd is before ChargePeriodStart"],
            ["charge_category is null or charge_category not in ('Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment')",
                "ChargeCategory is not Usage, Purchase, Tax, Credit or Adjustment"],
            ["billed_cost is null", "BilledCost is not a number"],
            ["effective_cost is null", "EffectiveCost is not a number"],
            ["length(billing_currency) <> 3", "BillingCurrency is not a three-letter code"],
        ]) }} as quarantine_reason
    from derived

)

select * from checked
