-- Which purchases duplicate each other? Two signals:
-- 1. the same capability in the asset register more than once where one is expected
--    (technology.fct_duplicate_capabilities: in the sample, two backup storage arrays);
-- 2. the same cloud or SaaS vendor paid by more than one cost centre in the same month, in
--    the GL's cloud and SaaS sub-pools (shadow IT buying what a central team already buys).
-- Cloud bill detail (resource-level duplicates, unused commitments) will add a third signal
-- when the cloud model lands.

with duplicate_assets as (

    select * from {{ ref('fct_duplicate_capabilities') }}
    where group_asset_count > 1

),

gl_lines as (

    select * from {{ ref('int_gl_lines_mapped_to_cost_pools') }}
    where
        ledger_status = 'mapped'
        and (sub_pool_id like 'cloud_services%' or sub_pool_id = 'software_and_saas__saas')
        and vendor_name is not null

),

vendor_buyers as (

    select
        fiscal_month,
        vendor_name,
        count(distinct cost_center_code) as buying_cost_centers,
        count(distinct entity_id) as buying_entities,
        sum(amount_reporting) as amount_reporting
    from gl_lines
    group by 1, 2
    having count(distinct cost_center_code) > 1

),

final as (

    select
        'asset_register' as signal,
        capability_name as what,
        asset_id || ' ' || asset_description as detail,
        cast(in_service_date as {{ dbt.type_string() }}) as period,
        depreciation_latest_month as amount_reporting,
        is_duplicate as is_probable_duplicate
    from duplicate_assets

    union all

    select
        'gl_vendor' as signal,
        vendor_name as what,
        cast(buying_cost_centers as {{ dbt.type_string() }}) || ' cost centres in '
        || cast(buying_entities as {{ dbt.type_string() }}) || ' entities' as detail,
        cast(fiscal_month as {{ dbt.type_string() }}) as period,
        amount_reporting,
        true as is_probable_duplicate
    from vendor_buyers

)

select * from final
order by signal, amount_reporting desc
