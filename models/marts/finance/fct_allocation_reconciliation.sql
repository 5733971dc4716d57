-- One row per fiscal month x layer (cost_pool, tower, solution, consumer): the money that
-- entered the layer, what the layer allocated to its nodes, what stayed unallocated, and the
-- difference, which must be 0.00 (promise 1, conservation).
-- Each layer's amount_in is taken from the layer before it (the cost-pool layer from the GL
-- lines in the cost model's scope: operating IT spend, mapped or not), so a cent lost
-- between layers shows as a difference rather than disappearing.

with gl_lines as (

    select * from {{ ref('int_gl_lines_mapped_to_cost_pools') }}
    where ledger_status in ('mapped', 'unmapped') and coalesce(spend_type, 'opex') = 'opex'

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

periods as (

    select * from {{ ref('dim_periods') }}

),

cost_pool_layer as (

    select
        fiscal_month,
        'cost_pool' as layer,
        1 as layer_order,
        sum(amount_reporting) as amount_in,
        sum(case when ledger_status = 'mapped' then amount_reporting else 0 end) as amount_allocated,
        sum(case when ledger_status = 'unmapped' then amount_reporting else 0 end) as amount_unallocated
    from gl_lines
    group by 1

),

{% for layer, layer_order, costs, target in [
    ('tower', 2, 'tower_costs', 'sub_tower_id'),
    ('solution', 3, 'solution_costs', 'solution_id'),
    ('consumer', 4, 'consumer_costs', 'consumer_id'),
] %}
{{ layer }}_layer_out as (

    select
        fiscal_month,
        sum(case when {{ target }} is not null then amount_reporting else 0 end) as amount_allocated,
        sum(case when {{ target }} is null then amount_reporting else 0 end) as amount_unallocated
    from {{ costs }}
    group by 1

),

{% endfor %}

layers as (

    select * from cost_pool_layer

    union all

    {% for layer, previous_layer, layer_order in [
        ('tower', 'cost_pool_layer', 2),
        ('solution', 'tower_layer', 3),
        ('consumer', 'solution_layer', 4),
    ] %}
    {%- set previous_relation = 'cost_pool_layer' if previous_layer == 'cost_pool_layer' else previous_layer ~ '_out' %}
    select
        periods.fiscal_month,
        '{{ layer }}' as layer,
        {{ layer_order }} as layer_order,
        coalesce({{ previous_layer }}_in.amount_allocated, 0) as amount_in,
        coalesce({{ layer }}_layer_out.amount_allocated, 0) as amount_allocated,
        coalesce({{ layer }}_layer_out.amount_unallocated, 0) as amount_unallocated
    from periods
    left join {{ previous_relation }} as {{ previous_layer }}_in
        on periods.fiscal_month = {{ previous_layer }}_in.fiscal_month
    left join {{ layer }}_layer_out
        on periods.fiscal_month = {{ layer }}_layer_out.fiscal_month
    where periods.has_actuals
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        fiscal_month,
        layer,
        layer_order,
        cast(amount_in as decimal(18, 2)) as amount_in,
        cast(amount_allocated as decimal(18, 2)) as amount_allocated,
        cast(amount_unallocated as decimal(18, 2)) as amount_unallocated,
        cast(amount_in - amount_allocated - amount_unallocated as decimal(18, 2)) as difference,
        '{{ var("reporting_currency") }}' as reporting_currency_code
    from layers

)

select * from final
