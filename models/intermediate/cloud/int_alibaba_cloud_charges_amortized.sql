-- Alibaba Cloud bill details in the common cloud-charge shape (cloud_charge_columns(): FOCUS
-- 1.2 in snake_case), ready for int_cloud_charges. Unlike the other stg_*__charges models this
-- one derives rows, because Alibaba Cloud exports neither credits nor amortisation as lines:
--   * a pay-as-you-go line (后付费/按量付费) is one Usage row at list price (官网价), billed and
--     effective in its month;
--   * a prepaid line (预付费/包年包月: new, renewal, upgrade) is a Purchase row at list price
--     (effective cost 0) plus one amortisation row per month of its service period (billed 0,
--     effective = an equal share of what the purchase costs after discount and vouchers, exact
--     at full precision: the shares add up to the net cost), like a commitment purchase;
--   * the discount (优惠金额) and the voucher deduction (代金券抵扣) of a line are Credit rows
--     (negative), effective when the line is (in its month, or through the amortisation);
--   * refunds (退款) are Credit rows and adjustments (调账) Adjustment rows, as exported.
-- So billed cost adds up to what Alibaba Cloud invoices (list - discount - vouchers = cash,
-- prepaid card and outstanding), and effective cost over a prepaid term to the same amount.
-- Products map to FOCUS ServiceCategory by seeds/mappings/cn_alibaba_cloud_services.csv
-- ('Other' when not listed). Grain: one row per bill line x row kind (x amortisation month).

with bill_lines as (

    select * from {{ ref('stg_alibaba_cloud__bill_lines') }}

),

services as (

    select * from {{ ref('cn_alibaba_cloud_services') }}

),

digits as (

    select 0 as digit
    union all
    select 1
    union all
    select 2
    union all
    select 3
    union all
    select 4
    union all
    select 5
    union all
    select 6
    union all
    select 7
    union all
    select 8
    union all
    select 9

),

month_offsets as (

    select tens.digit * 10 + ones.digit as month_offset
    from digits as tens
    cross join digits as ones

),

lines_prepared as (

    select
        bill_lines.*,
        coalesce(services.service_category, 'Other') as service_category,
        services.service_subcategory,
        coalesce(bill_lines.list_amount, bill_lines.payable_amount + coalesce(bill_lines.discount_amount, 0))
            as list_cost,
        coalesce(bill_lines.discount_amount, 0) as discount_cost,
        coalesce(bill_lines.voucher_amount, 0) as voucher_cost,
        bill_lines.payable_amount - coalesce(bill_lines.voucher_amount, 0) as net_cost,
        bill_lines.payment_model = 'prepaid' and bill_lines.bill_kind = 'charge' as is_prepaid_purchase,
        case
            when bill_lines.payment_model = 'prepaid' and bill_lines.bill_kind = 'charge'
                then greatest({{ dbt.datediff('bill_lines.service_start_at', 'bill_lines.service_end_at', 'month') }}, 1)
        end as term_months,
        {{ cloud_export_stream('bill_lines.source_file') }} as export_stream,
        {{ cloud_export_version('bill_lines.source_file') }} as export_version,
        {{ cn_tags_json('bill_lines.instance_tags') }} as tags_json,
        {{ month_start('bill_lines.service_start_at') }} as service_start_month
    from bill_lines
    left join services
        on bill_lines.product_code = services.product_code

),

charge_rows as (

    select
        *,
        case
            when bill_kind = 'refund' then 'Credit'
            when bill_kind = 'adjustment' then 'Adjustment'
            when is_prepaid_purchase then 'Purchase'
            else 'Usage'
        end as charge_category,
        case when bill_kind = 'charge' and not is_prepaid_purchase then 'Usage-Based' else 'One-Time' end
            as charge_frequency,
        coalesce(service_start_at, cast(billing_period_start as timestamp)) as charge_period_start,
        coalesce(service_end_at, cast({{ dbt.dateadd('month', 1, 'billing_period_start') }} as timestamp))
            as charge_period_end,
        cast(case when bill_kind = 'charge' then list_cost else payable_amount end as decimal(28, 10)) as billed_cost,
        cast(
            case
                when bill_kind <> 'charge' then payable_amount
                when is_prepaid_purchase then 0
                else list_cost
            end as decimal(28, 10)
        ) as effective_cost,
        cast(list_cost as decimal(28, 10)) as row_list_cost,
        cast(payable_amount as decimal(28, 10)) as row_contracted_cost,
        product_detail as row_description,
        'charge' as row_kind
    from lines_prepared

),

{%- for credit in [
    {'name': 'discount', 'column': 'discount_cost', 'description': '优惠金额 discount'},
    {'name': 'voucher', 'column': 'voucher_cost', 'description': '代金券抵扣 voucher'},
] %}

{{ credit.name }}_credit_rows as (

    select
        *,
        'Credit' as charge_category,
        'One-Time' as charge_frequency,
        coalesce(service_start_at, cast(billing_period_start as timestamp)) as charge_period_start,
        coalesce(service_end_at, cast({{ dbt.dateadd('month', 1, 'billing_period_start') }} as timestamp))
            as charge_period_end,
        cast(-{{ credit.column }} as decimal(28, 10)) as billed_cost,
        cast(case when is_prepaid_purchase then 0 else -{{ credit.column }} end as decimal(28, 10)) as effective_cost,
        cast(0 as decimal(28, 10)) as row_list_cost,
        cast(0 as decimal(28, 10)) as row_contracted_cost,
        '{{ credit.description }}' as row_description,
        'credit' as row_kind
    from lines_prepared
    where bill_kind = 'charge' and {{ credit.column }} <> 0

),
{%- endfor %}

amortisation_rows as (

    select
        lines_prepared.*,
        'Usage' as charge_category,
        'Recurring' as charge_frequency,
        cast(
            {{ dbt.dateadd('month', 'month_offsets.month_offset', 'lines_prepared.service_start_month') }} as timestamp
        ) as charge_period_start,
        cast(
            {{ dbt.dateadd('month', 'month_offsets.month_offset + 1', 'lines_prepared.service_start_month') }} as timestamp
        ) as charge_period_end,
        cast(0 as decimal(28, 10)) as billed_cost,
        cast(
            round(lines_prepared.net_cost * (month_offsets.month_offset + 1) / lines_prepared.term_months, 10)
            - round(lines_prepared.net_cost * month_offsets.month_offset / lines_prepared.term_months, 10)
            as decimal(28, 10)
        ) as effective_cost,
        cast(0 as decimal(28, 10)) as row_list_cost,
        cast(0 as decimal(28, 10)) as row_contracted_cost,
        '包年包月 amortisation' as row_description,
        'amortisation' as row_kind
    from lines_prepared
    inner join month_offsets
        on
            lines_prepared.is_prepaid_purchase
            and month_offsets.month_offset < lines_prepared.term_months

),

all_rows as (

    select * from charge_rows
    union all
    select * from discount_credit_rows
    union all
    select * from voucher_credit_rows
    union all
    select * from amortisation_rows

),

final as (

    select
        'alibaba_cloud' as x_source_layout,
        source_file as x_source_file,
        source_line_number as x_source_line_number,
        export_stream as x_export_stream,
        export_version as x_export_version,
        cost_unit as x_dataset,
        billing_account_id,
        billing_account_name,
        owner_account_name as sub_account_id,
        owner_account_name as sub_account_name,
        'Alibaba Cloud' as provider_name,
        'Alibaba Cloud' as publisher_name,
        'Alibaba Cloud' as invoice_issuer_name,
        billing_period_start,
        cast({{ dbt.dateadd('month', 1, 'billing_period_start') }} as date) as billing_period_end,
        charge_period_start,
        charge_period_end,
        charge_category,
        cast(null as {{ dbt.type_string() }}) as charge_class,
        row_description as charge_description,
        charge_frequency,
        {{ dbt.concat(["consumption_type", "'/'", "coalesce(bill_type, '')", "'/'", "row_kind"]) }} as x_provider_charge_type,
        product_code as x_service_key,
        product_name as service_name,
        service_category,
        service_subcategory,
        instance_id as resource_id,
        instance_name as resource_name,
        region as region_id,
        case when is_prepaid_purchase then record_id end as commitment_discount_id,
        case when is_prepaid_purchase then 'Subscription' end as commitment_discount_type,
        case when row_kind = 'amortisation' then 'Used' end as commitment_discount_status,
        case when payment_model = 'prepaid' then 'Committed' else 'Standard' end as pricing_category,
        cast(null as decimal(28, 10)) as pricing_quantity,
        cast(null as {{ dbt.type_string() }}) as pricing_unit,
        cast(null as decimal(28, 10)) as consumed_quantity,
        cast(null as {{ dbt.type_string() }}) as consumed_unit,
        billing_currency,
        billed_cost,
        effective_cost,
        row_list_cost as list_cost,
        row_contracted_cost as contracted_cost,
        case when charge_category = 'Credit' then billed_cost else cast(0 as decimal(28, 10)) end as x_credit_amount,
        false as x_is_marketplace,
        row_kind = 'charge' and is_prepaid_purchase as x_is_commitment_purchase,
        tags_json as x_tags_json,
        -- the Alibaba bill details read here carry no instance specification
        cast(null as {{ dbt.type_string() }}) as x_instance_type
    from all_rows

)

select * from final
