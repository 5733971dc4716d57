-- How much of the spend the mappings place, and what they miss, per fiscal month and layer.
-- Two kinds of rows, told apart by row_type (one grain: fiscal month x layer x row_type x
-- item_key):
--   layer_total    one row per month and layer (item_key '(layer total)'): the amount that
--                  entered the layer, the part mapped to a node of the layer, the part left
--                  unmapped, and the mapped share;
--   unmapped_item  one row per month, layer and item the layer could not place: at the
--                  cost-pool layer a GL account x cost centre x vendor no mapping rule holds for;
--                  at the tower layer a cost centre x sub-pool; at the solution layer a
--                  sub-tower x cost centre; at the consumer layer a solution. item_rank orders
--                  them by absolute amount, largest first (1), so analysts fix the biggest gaps
--                  first.
-- The cost-pool layer holds every IT-scope GL line (mapped or unmapped, opex and capex); the
-- later layers hold what the allocation moved into them (operating spend). Per month and
-- layer the items add up to the total's amount_unmapped (assert_taxonomy_mapping_coverage_adds_up).

with gl_lines as (

    select * from {{ ref('int_gl_lines_mapped_to_cost_pools') }}
    where ledger_status in ('mapped', 'unmapped')

),

vendors as (

    select * from {{ ref('stg_reference__vendors') }}

),

tower_costs as (

    select * from {{ ref('int_cost_pool_costs_allocated_to_towers') }}

),

solution_costs as (

    select * from {{ ref('int_tower_costs_allocated_to_solutions') }}

),

consumer_costs as (

    select * from {{ ref('int_solution_costs_allocated_to_consumers') }}

),

layer_totals as (

    select
        fiscal_month,
        'cost_pool' as layer,
        1 as layer_order,
        sum(amount_reporting) as amount_in,
        sum(case when ledger_status = 'mapped' then amount_reporting else 0 end) as amount_mapped
    from gl_lines
    group by 1

    {% for layer, layer_order, costs, target in [
        ('tower', 2, 'tower_costs', 'sub_tower_id'),
        ('solution', 3, 'solution_costs', 'solution_id'),
        ('consumer', 4, 'consumer_costs', 'consumer_id'),
    ] %}
    union all

    select
        fiscal_month,
        '{{ layer }}' as layer,
        {{ layer_order }} as layer_order,
        sum(amount_reporting) as amount_in,
        sum(case when {{ target }} is not null then amount_reporting else 0 end) as amount_mapped
    from {{ costs }}
    group by 1
    {% endfor %}

),

unmapped_gl_lines as (

    select
        gl_lines.fiscal_month,
        gl_lines.account_code,
        gl_lines.cost_center_code,
        coalesce(gl_lines.vendor_name, vendors.vendor_name) as vendor_name,
        gl_lines.line_description,
        gl_lines.amount_reporting
    from gl_lines
    left join vendors
        on gl_lines.vendor_id = vendors.vendor_id
    where gl_lines.ledger_status = 'unmapped'

),

unmapped_items as (

    select
        fiscal_month,
        'cost_pool' as layer,
        1 as layer_order,
        account_code || ' | ' || coalesce(cost_center_code, '(none)') || ' | ' || coalesce(vendor_name, '(none)')
            as item_key,
        account_code,
        cost_center_code,
        vendor_name,
        cast(null as {{ dbt.type_string() }}) as sub_pool_id,
        cast(null as {{ dbt.type_string() }}) as sub_tower_id,
        cast(null as {{ dbt.type_string() }}) as solution_id,
        'no mapping rule holds for the GL line' as unmapped_reason,
        min(line_description) as example_line_description,
        count(*) as gl_line_count,
        sum(amount_reporting) as amount_unmapped
    from unmapped_gl_lines
    group by 1, 2, 3, 4, 5, 6, 7

    union all

    select
        fiscal_month,
        'tower' as layer,
        2 as layer_order,
        cost_center_code || ' | ' || sub_pool_id as item_key,
        cast(null as {{ dbt.type_string() }}) as account_code,
        cost_center_code,
        cast(null as {{ dbt.type_string() }}) as vendor_name,
        sub_pool_id,
        cast(null as {{ dbt.type_string() }}) as sub_tower_id,
        cast(null as {{ dbt.type_string() }}) as solution_id,
        min(unallocated_reason) as unmapped_reason,
        cast(null as {{ dbt.type_string() }}) as example_line_description,
        cast(null as bigint) as gl_line_count,
        sum(amount_reporting) as amount_unmapped
    from tower_costs
    where sub_tower_id is null
    group by 1, 2, 3, 4, 6, 8

    union all

    select
        fiscal_month,
        'solution' as layer,
        3 as layer_order,
        sub_tower_id || ' | ' || cost_center_code as item_key,
        cast(null as {{ dbt.type_string() }}) as account_code,
        cost_center_code,
        cast(null as {{ dbt.type_string() }}) as vendor_name,
        cast(null as {{ dbt.type_string() }}) as sub_pool_id,
        sub_tower_id,
        cast(null as {{ dbt.type_string() }}) as solution_id,
        min(unallocated_reason) as unmapped_reason,
        cast(null as {{ dbt.type_string() }}) as example_line_description,
        cast(null as bigint) as gl_line_count,
        sum(amount_reporting) as amount_unmapped
    from solution_costs
    where solution_id is null
    group by 1, 2, 3, 4, 6, 9

    union all

    select
        fiscal_month,
        'consumer' as layer,
        4 as layer_order,
        solution_id as item_key,
        cast(null as {{ dbt.type_string() }}) as account_code,
        cast(null as {{ dbt.type_string() }}) as cost_center_code,
        cast(null as {{ dbt.type_string() }}) as vendor_name,
        cast(null as {{ dbt.type_string() }}) as sub_pool_id,
        cast(null as {{ dbt.type_string() }}) as sub_tower_id,
        solution_id,
        min(unallocated_reason) as unmapped_reason,
        cast(null as {{ dbt.type_string() }}) as example_line_description,
        cast(null as bigint) as gl_line_count,
        sum(amount_reporting) as amount_unmapped
    from consumer_costs
    where consumer_id is null
    group by 1, 2, 3, 4, 10

),

total_rows as (

    select
        fiscal_month,
        'layer_total' as row_type,
        layer,
        layer_order,
        '(layer total)' as item_key,
        cast(null as integer) as item_rank,
        cast(null as {{ dbt.type_string() }}) as account_code,
        cast(null as {{ dbt.type_string() }}) as cost_center_code,
        cast(null as {{ dbt.type_string() }}) as vendor_name,
        cast(null as {{ dbt.type_string() }}) as sub_pool_id,
        cast(null as {{ dbt.type_string() }}) as sub_tower_id,
        cast(null as {{ dbt.type_string() }}) as solution_id,
        cast(null as {{ dbt.type_string() }}) as unmapped_reason,
        cast(null as {{ dbt.type_string() }}) as example_line_description,
        cast(null as bigint) as gl_line_count,
        cast(amount_in as decimal(18, 2)) as amount_in,
        cast(amount_mapped as decimal(18, 2)) as amount_mapped,
        cast(amount_in - amount_mapped as decimal(18, 2)) as amount_unmapped,
        case
            when amount_in <> 0 then cast(round(amount_mapped / amount_in, 6) as decimal(18, 6))
        end as mapped_share
    from layer_totals

),

item_rows as (

    select
        fiscal_month,
        'unmapped_item' as row_type,
        layer,
        layer_order,
        item_key,
        cast(row_number() over (
            partition by fiscal_month, layer
            order by abs(amount_unmapped) desc, item_key
        ) as integer) as item_rank,
        account_code,
        cost_center_code,
        vendor_name,
        sub_pool_id,
        sub_tower_id,
        solution_id,
        unmapped_reason,
        example_line_description,
        cast(gl_line_count as bigint) as gl_line_count,
        cast(null as decimal(18, 2)) as amount_in,
        cast(null as decimal(18, 2)) as amount_mapped,
        cast(amount_unmapped as decimal(18, 2)) as amount_unmapped,
        cast(null as decimal(18, 6)) as mapped_share
    from unmapped_items

),

final as (

    select
        *,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from total_rows
    union all
    select
        *,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from item_rows

)

select * from final
