-- One row per cloud bill line that counts: every layout (AWS CUR 2.0 and legacy CUR, Azure EA
-- and MCA cost details, GCP billing export, FOCUS 1.0-1.3) in one FOCUS-1.2-shaped model
-- (snake_case: BilledCost -> billed_cost), mapped to the TBM taxonomy and an application,
-- converted to the reporting currency. The grain is one source line (x_charge_id).
--
-- What counts, so that nothing is counted twice:
--   * re-exports: per layout, export stream, billing account and billing period, only the
--     rows of the latest export version (macros/cloud_bill_columns.sql) are kept; an earlier
--     delivery of the same month is replaced, never added;
--   * Azure actual + amortized: where a billing account and period has an amortized export,
--     all its amortized rows count except commitment purchases and refunds, which come from
--     the actual rows instead, with EffectiveCost 0 (their cost is already spread over the
--     usage and unused-commitment rows of the amortized data). A period exported as actual
--     only counts all its actual rows (a purchase is then expensed when bought).
-- Mapping: ServiceCategory from the bill (FOCUS) or from seed cloud_service_categories;
-- marketplace lines whose service is unknown count as Business Applications (third-party
-- SaaS); anything else unknown is Other. Category -> sub-tower and sub-pool by seed
-- cloud_service_category_towers (an exact subcategory row first, then the category default).
-- Application: seed cloud_application_rules on merged tags and SubAccountId; none = 'untagged'.
-- Currency: billing currency -> reporting currency at the average rate of the billing month;
-- the original amounts are kept. A line without a rate keeps null reporting amounts and says
-- why in x_conversion_issue.

-- Incremental by billing month (macros/incremental_by_month.sql), unlike the folder's tables:
-- the bills run to tens of millions of lines a month. A month is rebuilt when any line of any
-- export of it, its rates or the mapping seeds changed.
{{ config(**incremental_by_month_config('x_fiscal_month')) }}

{% set layouts = ['stg_aws_cur2__charges', 'stg_aws_cur__charges', 'stg_azure__cost_details',
                  'stg_gcp__billing_export', 'stg_focus__charges',
                  'int_alibaba_cloud_charges_amortized'] %}

with
{% for model in layouts %}
{{ model }} as {{ not_materialized() }} (

    select * from {{ ref(model) }}

),
{% endfor %}

tag_sets as (

    select * from {{ ref('int_cloud_tag_sets_normalized') }}

),

tags as (

    select * from {{ ref('int_cloud_tags_normalized') }}

),

service_categories as (

    select * from {{ ref('cloud_service_categories') }}

),

category_towers as (

    select * from {{ ref('cloud_service_category_towers') }}

),

application_rules as (

    select * from {{ ref('cloud_application_rules') }}

),

fx_rates as (

    select * from {{ ref('stg_reference__fx_rates') }}
    where to_currency_code = '{{ var("reporting_currency") }}'

),

charges_unioned as {{ not_materialized() }} (

    {% for model in layouts %}
    select {{ cloud_charge_columns() | join(', ') }} from {{ model }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

line_fingerprints_by_month as (

    select
        {{ month_start('billing_period_start') }} as x_fiscal_month,
        {{ input_fingerprint(cloud_charge_columns()) }} as lines_fingerprint
    from charges_unioned
    group by {{ month_start('billing_period_start') }}

),

-- The mapping seeds apply to every month: a change to any of them rebuilds every month.
seeds_fingerprint as (

    select {{ dbt.concat([
        "(select " ~ input_fingerprint(['provider_name', 'service_key', 'service_category', 'service_subcategory'])
            ~ " from service_categories)", "'|'",
        "(select " ~ input_fingerprint(['service_category', 'service_subcategory', 'sub_tower_id', 'sub_pool_id'])
            ~ " from category_towers)", "'|'",
        "(select " ~ input_fingerprint(['rule_id', 'provider_name', 'match_on', 'tag_key', 'match_value',
            'application_id', 'priority']) ~ " from application_rules)"
    ]) }} as seeds_fingerprint

),

input_fingerprints as (

    {{ month_input_fingerprints('line_fingerprints_by_month', 'x_fiscal_month', 'fx_rates', [
        "(select seeds_fingerprint from seeds_fingerprint)",
        "'" ~ var('reporting_currency') ~ "'"
    ]) }}

),

months_to_build as (

    {{ months_to_build('input_fingerprints', 'x_fiscal_month') }}

),

charges_to_build as {{ not_materialized() }} (

    select charges_unioned.*
    from charges_unioned
    inner join months_to_build
        on {{ month_start('charges_unioned.billing_period_start') }} = months_to_build.x_fiscal_month

),

latest_exports as (

    select
        x_source_layout,
        x_export_stream,
        coalesce(billing_account_id, '') as billing_account_key,
        billing_period_start,
        max(x_export_version) as latest_export_version
    from charges_to_build
    group by 1, 2, 3, 4

),

charges_latest as {{ not_materialized() }} (

    select charges_to_build.*
    from charges_to_build
    inner join latest_exports
        on
            charges_to_build.x_source_layout = latest_exports.x_source_layout
            and charges_to_build.x_export_stream = latest_exports.x_export_stream
            and coalesce(charges_to_build.billing_account_id, '') = latest_exports.billing_account_key
            and charges_to_build.billing_period_start = latest_exports.billing_period_start
            and charges_to_build.x_export_version = latest_exports.latest_export_version

),

azure_amortized_periods as (

    select distinct
        billing_account_id,
        billing_period_start
    from charges_latest
    where x_source_layout = 'azure' and x_dataset = 'amortized'

),

charges_combined as {{ not_materialized() }} (

    select
        {{ star_except("charges_latest", ["effective_cost"]) }},
        case
            when charges_latest.x_dataset = 'actual' and azure_amortized_periods.billing_account_id is not null
                then cast(0 as decimal(38, 18))
            else charges_latest.effective_cost
        end as effective_cost
    from charges_latest
    left join azure_amortized_periods
        on
            charges_latest.x_source_layout = 'azure'
            and charges_latest.billing_account_id = azure_amortized_periods.billing_account_id
            and charges_latest.billing_period_start = azure_amortized_periods.billing_period_start
    where
        charges_latest.x_dataset is null
        or (charges_latest.x_dataset = 'amortized' and not charges_latest.x_is_commitment_purchase)
        or (charges_latest.x_dataset = 'actual' and azure_amortized_periods.billing_account_id is null)
        or (charges_latest.x_dataset = 'actual' and charges_latest.x_is_commitment_purchase)

),

charges_categorised as {{ not_materialized() }} (

    select
        charges_combined.*,
        coalesce(
            charges_combined.service_category,
            service_categories.service_category,
            case when charges_combined.x_is_marketplace then 'Business Applications' end,
            'Other'
        ) as service_category_mapped,
        case
            when charges_combined.service_category is not null then charges_combined.service_subcategory
            when service_categories.service_category is not null then service_categories.service_subcategory
        end as service_subcategory_mapped,
        case
            when charges_combined.service_category is not null then 'bill'
            when service_categories.service_category is not null then 'cloud_service_categories'
            when charges_combined.x_is_marketplace then 'marketplace default'
            else 'unknown service'
        end as x_service_category_source
    from charges_combined
    left join service_categories
        on
            charges_combined.provider_name = service_categories.provider_name
            and lower(charges_combined.x_service_key) = lower(service_categories.service_key)

),

charges_mapped as {{ not_materialized() }} (

    select
        charges_categorised.*,
        coalesce(exact_towers.sub_tower_id, default_towers.sub_tower_id) as sub_tower_id,
        coalesce(exact_towers.sub_pool_id, default_towers.sub_pool_id) as sub_pool_id
    from charges_categorised
    left join category_towers as exact_towers
        on
            charges_categorised.service_category_mapped = exact_towers.service_category
            and charges_categorised.service_subcategory_mapped = exact_towers.service_subcategory
    left join category_towers as default_towers
        on
            charges_categorised.service_category_mapped = default_towers.service_category
            and default_towers.service_subcategory is null

),

application_keys as (

    select distinct
        provider_name,
        sub_account_id,
        x_tags_json
    from charges_mapped

),

application_candidates as (

    select
        application_keys.provider_name,
        application_keys.sub_account_id,
        application_keys.x_tags_json,
        application_rules.rule_id,
        application_rules.application_id,
        row_number() over (
            partition by application_keys.provider_name, application_keys.sub_account_id, application_keys.x_tags_json
            order by application_rules.priority, application_rules.rule_id
        ) as match_rank
    from application_keys
    left join tags
        on application_keys.x_tags_json = tags.x_tags_json
    inner join application_rules
        on
            application_rules.provider_name in ('*', application_keys.provider_name)
            and (
                (
                    application_rules.match_on = 'tag'
                    and lower(application_rules.tag_key) = tags.tag_key
                    and lower(application_rules.match_value) = lower(tags.tag_value)
                )
                or (
                    application_rules.match_on = 'sub_account'
                    and lower(application_rules.match_value) = lower(application_keys.sub_account_id)
                )
            )

),

applications as (

    select * from application_candidates
    where match_rank = 1

),

charges_assigned as (

    select
        {{ dbt.hash(dbt.concat(["charges_mapped.x_source_layout", "'|'", "charges_mapped.x_source_file", "'|'",
            "cast(charges_mapped.x_source_line_number as " ~ dbt.type_string() ~ ")", "'|'",
            "coalesce(charges_mapped.x_provider_charge_type, '')", "'|'",
            "cast(charges_mapped.charge_period_start as " ~ dbt.type_string() ~ ")"])) }} as x_charge_id,
        charges_mapped.*,
        tag_sets.tags,
        tag_sets.merged_key_count as x_merged_tag_key_count,
        tag_sets.valueless_key_count as x_valueless_tag_key_count,
        coalesce(applications.application_id, 'untagged') as x_application_id,
        applications.rule_id as x_application_rule_id,
        case
            when applications.application_id is null then 'no tag or account rule matches the line'
        end as x_application_unassigned_reason,
        case
            when charges_mapped.sub_tower_id is null
                then 'service category ' || charges_mapped.service_category_mapped || ' is not mapped to a sub-tower'
        end as x_sub_tower_unassigned_reason,
        fx_rates.average_rate as x_fx_rate,
        case
            when fx_rates.average_rate is null
                then
                    'no FX rate for ' || charges_mapped.billing_currency || ' in '
                    || cast(charges_mapped.billing_period_start as {{ dbt.type_string() }})
        end as x_conversion_issue,
        input_fingerprints.month_input_fingerprint
    from charges_mapped
    inner join input_fingerprints
        on {{ month_start('charges_mapped.billing_period_start') }} = input_fingerprints.x_fiscal_month
    left join tag_sets
        on charges_mapped.x_tags_json = tag_sets.x_tags_json
    left join applications
        on
            charges_mapped.provider_name = applications.provider_name
            and coalesce(charges_mapped.sub_account_id, '') = coalesce(applications.sub_account_id, '')
            and charges_mapped.x_tags_json = applications.x_tags_json
    left join fx_rates
        on
            charges_mapped.billing_currency = fx_rates.from_currency_code
            and {{ month_start('charges_mapped.billing_period_start') }} = fx_rates.rate_month

),

final as (

    select
        x_charge_id,
        {{ month_start('billing_period_start') }} as x_fiscal_month,
        provider_name,
        billing_account_id,
        billing_account_name,
        sub_account_id,
        sub_account_name,
        publisher_name,
        invoice_issuer_name,
        billing_period_start,
        billing_period_end,
        charge_period_start,
        charge_period_end,
        charge_category,
        charge_class,
        charge_description,
        charge_frequency,
        service_name,
        service_category_mapped as service_category,
        service_subcategory_mapped as service_subcategory,
        resource_id,
        resource_name,
        region_id,
        commitment_discount_id,
        commitment_discount_type,
        commitment_discount_status,
        pricing_category,
        pricing_quantity,
        pricing_unit,
        consumed_quantity,
        consumed_unit,
        billing_currency,
        billed_cost,
        effective_cost,
        list_cost,
        contracted_cost,
        tags,
        '{{ var("reporting_currency") }}' as x_reporting_currency,
        x_fx_rate,
        -- The amount narrowed to 12 decimals first, so that the product keeps 10 on every engine
        -- (Spark drops decimals from a product wider than 38 digits; DuckDB does not).
        cast(round(cast(billed_cost as decimal(24, 12)) * x_fx_rate, 10) as decimal(28, 10)) as x_billed_cost_reporting,
        cast(round(cast(effective_cost as decimal(24, 12)) * x_fx_rate, 10) as decimal(28, 10)) as x_effective_cost_reporting,
        cast(round(cast(x_credit_amount as decimal(24, 12)) * x_fx_rate, 10) as decimal(28, 10)) as x_credit_amount_reporting,
        x_conversion_issue,
        x_credit_amount,
        x_is_marketplace,
        x_is_commitment_purchase,
        x_provider_charge_type,
        x_service_key,
        x_instance_type,
        x_service_category_source,
        sub_tower_id as x_sub_tower_id,
        sub_pool_id as x_sub_pool_id,
        x_sub_tower_unassigned_reason,
        x_application_id,
        x_application_rule_id,
        x_application_unassigned_reason,
        x_merged_tag_key_count,
        x_valueless_tag_key_count,
        x_source_layout,
        x_dataset,
        x_source_file,
        x_source_line_number,
        x_export_stream,
        x_export_version,
        month_input_fingerprint
    from charges_assigned

)

select * from final
