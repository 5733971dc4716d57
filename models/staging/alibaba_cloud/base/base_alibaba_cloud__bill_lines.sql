-- Every Alibaba Cloud bill detail line (明细账单) as read, parsed, with the reason it cannot be
-- staged. Amounts as Alibaba Cloud defines them: 官网价 list price; 优惠金额 discount;
-- 应付金额 payable = list - discount; 代金券抵扣 the part of the payable paid by vouchers; the
-- rest is paid by 储值卡, 现金 or still 未结清. 消费类型 says prepaid (预付费, 包年包月,
-- Subscription) or pay-as-you-go (后付费, 按量付费, PayAsYouGo); 账单类型 new purchase, renewal,
-- upgrade, refund (退款) or adjustment (调账). Instance tags arrive as "key:value;key:value".

with source as (

    {{ cn_source_select('alibaba_cloud', 'bill_details', 'cloud/alibaba_cloud') }}

),

parsed as (

    select
        {{ cn_raw_file_columns() }},
        {{ parse_date(dbt.concat(["trim(" ~ adapter.quote('账期') ~ ")", "'-01'"]), '%Y-%m-%d') }} as billing_period_start,
        nullif(trim({{ adapter.quote('财务单元') }}), '') as cost_unit,
        nullif(trim({{ adapter.quote('账号ID') }}), '') as billing_account_id,
        nullif(trim({{ adapter.quote('账号') }}), '') as billing_account_name,
        nullif(trim({{ adapter.quote('Owner账号') }}), '') as owner_account_name,
        nullif(trim({{ adapter.quote('产品') }}), '') as product_name,
        lower(nullif(trim({{ adapter.quote('产品Code') }}), '')) as product_code,
        nullif(trim({{ adapter.quote('产品明细') }}), '') as product_detail,
        nullif(trim({{ adapter.quote('消费类型') }}), '') as consumption_type,
        case
            when trim({{ adapter.quote('消费类型') }}) in ('预付费', '包年包月', 'Subscription') then 'prepaid'
            when trim({{ adapter.quote('消费类型') }}) in ('后付费', '按量付费', 'PayAsYouGo') then 'pay_as_you_go'
        end as payment_model,
        nullif(trim({{ adapter.quote('账单类型') }}), '') as bill_type,
        case
            when trim({{ adapter.quote('账单类型') }}) in ('退款', 'Refund') then 'refund'
            when trim({{ adapter.quote('账单类型') }}) in ('调账', 'Adjustment') then 'adjustment'
            else 'charge'
        end as bill_kind,
        nullif(trim({{ adapter.quote('订单号/账单号') }}), '') as record_id,
        {{ dbt.safe_cast("trim(" ~ adapter.quote('服务开始时间') ~ ")", "timestamp") }} as service_start_at,
        {{ dbt.safe_cast("trim(" ~ adapter.quote('服务结束时间') ~ ")", "timestamp") }} as service_end_at,
        nullif(trim({{ adapter.quote('实例ID') }}), '') as instance_id,
        nullif(trim({{ adapter.quote('实例昵称') }}), '') as instance_name,
        nullif(trim({{ adapter.quote('资源组') }}), '') as resource_group,
        nullif(trim({{ adapter.quote('实例标签') }}), '') as instance_tags,
        nullif(trim({{ adapter.quote('地域') }}), '') as region,
        nullif(trim({{ adapter.quote('官网价') }}), '') as list_text,
        nullif(trim({{ adapter.quote('优惠金额') }}), '') as discount_text,
        nullif(trim({{ adapter.quote('应付金额') }}), '') as payable_text,
        nullif(trim({{ adapter.quote('代金券抵扣') }}), '') as voucher_text,
        {{ parse_number("replace(" ~ adapter.quote('官网价') ~ ", ',', '')", "decimal(28, 10)") }} as list_amount,
        {{ parse_number("replace(" ~ adapter.quote('优惠金额') ~ ", ',', '')", "decimal(28, 10)") }} as discount_amount,
        {{ parse_number("replace(" ~ adapter.quote('应付金额') ~ ", ',', '')", "decimal(28, 10)") }} as payable_amount,
        {{ parse_number("replace(" ~ adapter.quote('代金券抵扣') ~ ", ',', '')", "decimal(28, 10)") }} as voucher_amount,
        coalesce(upper(nullif(trim({{ adapter.quote('币种') }}), '')), 'CNY') as billing_currency
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["billing_period_start is null", "billing period (账期) is not YYYY-MM"],
            ["billing_account_id is null", "missing account id (账号ID)"],
            ["product_code is null", "missing product code (产品Code)"],
            ["payment_model is null", "unknown consumption type (消费类型)"],
            ["payable_text is null or payable_amount is null", "payable (应付金额) is missing or not a number"],
            ["(list_text is not null and list_amount is null) or (discount_text is not null and discount_amount is null) or (voucher_text is not null and voucher_amount is null)",
                "amount (官网价/优惠金额/代金券抵扣) is not a number"],
            ["payment_model = 'prepaid' and bill_kind = 'charge' and (service_start_at is null or service_end_at is null or service_end_at <= service_start_at)",
                "prepaid line without a valid service period (服务开始时间/服务结束时间)"],
            ["payment_model = 'prepaid' and bill_kind = 'charge' and " ~ dbt.datediff('service_start_at', 'service_end_at', 'month') ~ " > 100",
                "prepaid service period (服务开始时间/服务结束时间) longer than 100 months"],
            ["not " ~ cn_tag_keys_are_unique('instance_tags'), "instance tags (实例标签) repeat a key"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
