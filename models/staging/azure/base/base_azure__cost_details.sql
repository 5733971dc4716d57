-- Every row of the Azure cost-details exports (EA and MCA layouts; actual and amortized
-- datasets) as read, parsed into the FOCUS 1.2 shape, with the reason it cannot be staged
-- (null when it can). Azure's billing-period end date is inclusive; FOCUS ends are exclusive,
-- so one day is added (and a daily charge of `Date` runs to `Date` + 1 day).
-- Costs per dataset (int_cloud_charges combines the two without double counting):
--   actual     BilledCost = EffectiveCost = the row's cost (a commitment purchase is billed
--              when bought; commitment-covered usage costs 0)
--   amortized  EffectiveCost = the row's cost; BilledCost = 0 on commitment-covered usage and
--              on unused-commitment rows (nothing is invoiced for them), else the row's cost

{{ config(**incremental_by_file_config()) }}
-- Incremental by file (macros/cloud_bill_columns.sql, cloud_raw_files_to_load), unlike the
-- folder's tables: a landed bill file is parsed once, not again in every later run.

{% set azure_columns = [
    ['billing_account_id', ['BillingAccountId']],
    ['billing_account_name', ['BillingAccountName']],
    ['billing_profile_id', ['BillingProfileId']],
    ['sub_account_id', ['SubscriptionId', 'SubscriptionGuid']],
    ['sub_account_name', ['SubscriptionName']],
    ['billing_period_start', ['BillingPeriodStartDate']],
    ['billing_period_end', ['BillingPeriodEndDate']],
    ['usage_date', ['Date', 'UsageDate']],
    ['charge_type', ['ChargeType']],
    ['frequency', ['Frequency']],
    ['pricing_model', ['PricingModel']],
    ['consumed_service', ['ConsumedService']],
    ['meter_category', ['MeterCategory']],
    ['meter_name', ['MeterName']],
    ['product_name', ['ProductName', 'Product']],
    ['resource_id', ['ResourceId', 'InstanceId']],
    ['resource_name', ['ResourceName']],
    ['resource_location', ['ResourceLocation']],
    ['reservation_id', ['ReservationId']],
    ['benefit_id', ['benefitId']],
    ['quantity', ['Quantity']],
    ['unit_of_measure', ['UnitOfMeasure']],
    ['billing_currency', ['BillingCurrencyCode', 'BillingCurrency']],
    ['cost', ['CostInBillingCurrency', 'Cost', 'PreTaxCost']],
    ['payg_cost', ['paygCostInBillingCurrency']],
    ['payg_price', ['PayGPrice']],
    ['publisher_type', ['PublisherType']],
    ['publisher_name', ['PublisherName']],
    ['tags', ['Tags']],
    ['additional_info', ['AdditionalInfo']],
] %}

with actual_cost as (
    {{ cloud_raw_select('azure', 'actual_cost', azure_columns) }}
),

amortized_cost as (
    {{ cloud_raw_select('azure', 'amortized_cost', azure_columns) }}
),

source_rows as (

    select
        'actual' as x_dataset,
        {{ raw_file_columns() }},
        *
    from actual_cost
    union all
    select
        'amortized' as x_dataset,
        {{ raw_file_columns() }},
        *
    from amortized_cost

),

parsed as (

    select
        x_dataset,
        source_file,
        source_line_number,
        source_file_signature,
        {{ bill_text('billing_account_id') }} as billing_account_id,
        {{ bill_text('billing_account_name') }} as billing_account_name,
        {{ bill_text('sub_account_id') }} as sub_account_id,
        {{ bill_text('sub_account_name') }} as sub_account_name,
        cast({{ parse_bill_timestamp('billing_period_start') }} as date) as billing_period_start,
        cast({{ parse_bill_timestamp('billing_period_end') }} as date) as billing_period_end_inclusive,
        cast({{ parse_bill_timestamp('usage_date') }} as date) as usage_date,
        {{ bill_text('charge_type') }} as x_provider_charge_type,
        {{ bill_text('frequency') }} as frequency,
        {{ bill_text('pricing_model') }} as pricing_model,
        lower({{ bill_text('consumed_service') }}) as x_service_key,
        coalesce({{ bill_text('meter_category') }}, {{ bill_text('consumed_service') }}) as service_name,
        coalesce({{ bill_text('product_name') }}, {{ bill_text('meter_name') }}) as charge_description,
        {{ bill_text('resource_id') }} as resource_id,
        {{ bill_text('resource_name') }} as resource_name,
        {{ bill_text('resource_location') }} as region_id,
        -- VM size of a Virtual Machines row (AdditionalInfo.ServiceType, e.g. Standard_D2s_v3)
        {{ bill_text(json_text_field('additional_info', 'ServiceType')) }} as x_instance_type,
        coalesce({{ bill_text('benefit_id') }}, {{ bill_text('reservation_id') }}) as commitment_discount_id,
        {{ parse_bill_number(bill_text('quantity')) }} as quantity,
        {{ bill_text('unit_of_measure') }} as unit_of_measure,
        upper({{ bill_text('billing_currency') }}) as billing_currency,
        {{ parse_bill_number('cost') }} as cost,
        coalesce(
            {{ parse_bill_number(bill_text('payg_cost')) }},
            {{ parse_bill_number(bill_text('payg_price')) }} * {{ parse_bill_number(bill_text('quantity')) }}
        ) as list_cost,
        {{ bill_text('publisher_type') }} as publisher_type,
        {{ bill_text('publisher_name') }} as publisher_name,
        case
            when {{ bill_text('tags') }} is null then '{}'
            when left(trim(tags), 1) = chr(123) then trim(tags)
            else chr(123) || trim(tags) || chr(125)
        end as x_tags_json,
        cost as cost_raw
    from source_rows

),

mapped as (

    select
        'azure' as x_source_layout,
        source_file as x_source_file,
        source_line_number as x_source_line_number,
        source_file_signature,
        {{ cloud_export_stream('source_file') }} as x_export_stream,
        {{ cloud_export_version('source_file') }} as x_export_version,
        x_dataset,
        billing_account_id,
        billing_account_name,
        sub_account_id,
        sub_account_name,
        'Microsoft' as provider_name,
        case when publisher_type = 'Marketplace' then coalesce(publisher_name, 'Azure Marketplace') else 'Microsoft' end
            as publisher_name,
        'Microsoft' as invoice_issuer_name,
        billing_period_start,
        cast({{ dbt.dateadd('day', 1, 'billing_period_end_inclusive') }} as date) as billing_period_end,
        cast(usage_date as timestamp) as charge_period_start,
        cast({{ dbt.dateadd('day', 1, 'usage_date') }} as timestamp) as charge_period_end,
        case
            when x_provider_charge_type in ('Usage', 'UnusedReservation', 'UnusedSavingsPlan') then 'Usage'
            when x_provider_charge_type in ('Purchase', 'Refund') then 'Purchase'
            when x_provider_charge_type = 'Tax' then 'Tax'
            when x_provider_charge_type in ('RoundingAdjustment', 'Adjustment') then 'Adjustment'
            when x_provider_charge_type = 'Credit' then 'Credit'
        end as charge_category,
        case
            when x_provider_charge_type = 'Refund' then 'Correction'
            when usage_date < billing_period_start then 'Correction'
        end as charge_class,
        charge_description,
        case frequency
            when 'OneTime' then 'One-Time'
            when 'Recurring' then 'Recurring'
            else 'Usage-Based'
        end as charge_frequency,
        x_provider_charge_type,
        x_service_key,
        service_name,
        cast(null as {{ dbt.type_string() }}) as service_category,
        cast(null as {{ dbt.type_string() }}) as service_subcategory,
        resource_id,
        resource_name,
        region_id,
        commitment_discount_id,
        case
            when pricing_model = 'Reservation' then 'Reservation'
            when pricing_model = 'SavingsPlan' then 'Savings Plan'
        end as commitment_discount_type,
        case
            when x_provider_charge_type in ('UnusedReservation', 'UnusedSavingsPlan') then 'Unused'
            when x_provider_charge_type = 'Usage' and pricing_model in ('Reservation', 'SavingsPlan') then 'Used'
        end as commitment_discount_status,
        case
            when pricing_model in ('Reservation', 'SavingsPlan') then 'Committed'
            when pricing_model = 'Spot' then 'Dynamic'
            else 'Standard'
        end as pricing_category,
        quantity as pricing_quantity,
        unit_of_measure as pricing_unit,
        case when x_provider_charge_type = 'Usage' then quantity end as consumed_quantity,
        case when x_provider_charge_type = 'Usage' then unit_of_measure end as consumed_unit,
        billing_currency,
        case
            when
                x_dataset = 'amortized'
                and (
                    x_provider_charge_type in ('UnusedReservation', 'UnusedSavingsPlan')
                    or (x_provider_charge_type = 'Usage' and pricing_model in ('Reservation', 'SavingsPlan'))
                )
                then 0
            else cost
        end as billed_cost,
        cost as effective_cost,
        list_cost,
        cast(null as decimal(38, 18)) as contracted_cost,
        case when x_provider_charge_type in ('Refund', 'Credit') then cost else 0 end as x_credit_amount,
        coalesce(publisher_type = 'Marketplace', false) as x_is_marketplace,
        coalesce(
            x_provider_charge_type in ('Purchase', 'Refund')
            and (commitment_discount_id is not null or pricing_model in ('Reservation', 'SavingsPlan')),
            false
        ) as x_is_commitment_purchase,
        x_tags_json,
        x_instance_type,
        cost_raw
    from parsed

),

checked as (

    select
        *,
        x_source_file as source_file,
        x_source_line_number as source_line_number,
        {{ quarantine_reason([
            ["billing_account_id is null", "missing BillingAccountId"],
            ["billing_period_start is null or billing_period_end is null",
                "BillingPeriodStartDate or BillingPeriodEndDate is not a date"],
            ["charge_period_start is null", "Date is not a date"],
            ["charge_category is null", "ChargeType is not Usage, Purchase, Refund, UnusedReservation, UnusedSavingsPlan, Tax, Credit or RoundingAdjustment"],
            ["effective_cost is null", "CostInBillingCurrency is not a number"],
            ["billing_currency is null or length(billing_currency) <> 3",
                "BillingCurrencyCode is not a three-letter code"],
            ["not coalesce(" ~ json_is_valid('x_tags_json') ~ ", false)", "Tags is not a list of JSON key-value pairs"],
        ]) }} as quarantine_reason
    from mapped

)

select * from checked
