{{ config(materialized='view') }}
-- A view, not a table (the folder default): a thin filter of the GL that the tower layer
-- aggregates and scripts/trace.py reads back, so storing a second copy of the lines buys nothing.
-- One row per GL line in the allocation's scope (operating IT spend mapped to a sub-pool) with
-- the keys every layer keeps: fiscal month, sub-pool, cost centre ('(none)' when blank) and,
-- only for sub-pools that a cost-pool rule splits by cloud provider, the provider of the
-- line's vendor (seeds/mappings/cloud_provider_vendors.csv: SAP vendor id or NetSuite name).

with gl_lines as (

    select * from {{ ref('int_gl_lines_mapped_to_cost_pools') }}
    where ledger_status = 'mapped' and spend_type = 'opex'

),

cloud_provider_vendors as (

    select * from {{ ref('cloud_provider_vendors') }}

),

rules as (

    select * from {{ ref('allocation_rules') }}

),

provider_split_sub_pools as (

    select distinct from_node as sub_pool_id
    from rules
    where from_layer = 'cost_pool' and driver_scope = '{provider}'

),

final as (

    select
        gl_lines.gl_line_id,
        gl_lines.fiscal_month,
        gl_lines.sub_pool_id,
        coalesce(gl_lines.cost_center_code, '(none)') as cost_center_code,
        case
            when provider_split_sub_pools.sub_pool_id is not null
                then coalesce(vendors_by_id.provider_name, vendors_by_name.provider_name, '(unknown provider)')
        end as cloud_provider_name,
        gl_lines.amount_reporting,
        gl_lines.source_system,
        gl_lines.entity_id,
        gl_lines.document_number,
        gl_lines.document_line,
        gl_lines.posting_date,
        gl_lines.account_code,
        gl_lines.vendor_id,
        gl_lines.vendor_name,
        gl_lines.line_description,
        gl_lines.source_file,
        gl_lines.source_line_number
    from gl_lines
    left join provider_split_sub_pools
        on gl_lines.sub_pool_id = provider_split_sub_pools.sub_pool_id
    left join cloud_provider_vendors as vendors_by_id
        on gl_lines.vendor_id = vendors_by_id.vendor_key
    left join cloud_provider_vendors as vendors_by_name
        on gl_lines.vendor_name = vendors_by_name.vendor_key

)

select * from final
