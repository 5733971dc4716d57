{#
    The allocation engine: move the amounts of one layer to the next by the rules of
    seeds/allocation/allocation_rules.csv (through int_allocation_rules), exactly to the cent.

    Renders CTE definitions for the caller's WITH list (no leading `with`, no trailing comma):
    helper CTEs named `<name>__...` and the result, a CTE named `<name>`. On Spark the passes are
    materialised as tables (spark_stage markers, macros/spark_stages.sql); DuckDB plans the whole
    list as one query.

    parents: a relation or CTE with the columns in parent_columns (which identify a row and
             include fiscal_month, cost_center_code and node_column), cloud_provider_name and
             amount_reporting (decimal, 2 places).
    node_column: the parent's node in from_layer (sub_pool_id, sub_tower_id or solution_id).
    from_layer, to_layer, step: which rules apply (tower-to-tower rules run step by step).
    unmatched: 'unallocated' (a parent no rule matches stays unallocated, 'no allocation rule')
               or 'passthrough' (it stays on its node: for tower-to-tower steps).

    For each parent the best matching rule is chosen (a rule naming the node beats '*', one
    naming the cost centre beats one that does not, then priority, then rule_id; only rules
    valid in the parent's month). Then, in three passes over allocate_by_weights:
      1. direct, fixed_weights, even, usage and cost_center_mapping rules, weighted by
         int_allocation_drivers (or the rule's target for direct);
      2. proportional rules, weighted by what pass 1 (and, for tower steps, the cost that stays
         put) placed on each node of to_layer in the month, positive holdings only, never on a
         node a proportional rule of the same step empties;
      3. residual strategies: what passes 1 and 2 could not move (driver missing, zero or
         negative) is spread evenly over every node of to_layer ('even') or in proportion to
         what passes 1 and 2 placed ('proportional'); 'residual_pool' leaves it unallocated.

    Returns one row per parent x target: the parent's columns, target_id (null when
    unallocated), amount_reporting, allocation_rule_id, allocation_method (the rule's method, or
    residual_even / residual_proportional), allocation_basis (direct, consumption or
    assumption) and unallocated_reason. A passed-through parent has target_id = its node and a
    null rule.
#}
{% macro allocate_by_rules(name, parents, parent_columns, node_column, from_layer, to_layer, step=1, unmatched='unallocated') -%}
{%- set string_type = dbt.type_string() -%}
{%- set prefix = name ~ '__' -%}
{%- set carried = ['allocation_rule_id', 'allocation_method', 'residual_strategy', 'rule_key'] -%}
{{ prefix }}layer_rules as (

    select * from {{ ref('int_allocation_rules') }}
    where
        from_layer = '{{ from_layer }}'
        and to_layer = '{{ to_layer }}'
        and step = {{ step }}

),

{{ prefix }}layer_drivers as (

    select * from {{ ref('int_allocation_drivers') }}
    where to_layer = '{{ to_layer }}'

),

{{ prefix }}node_keys as (

    select distinct
        {{ node_column }} as node_id,
        cost_center_code,
        fiscal_month
    from {{ parents }}

),

{{ prefix }}node_rules as (

    select
        node_keys.node_id,
        node_keys.cost_center_code,
        node_keys.fiscal_month,
        layer_rules.rule_id,
        layer_rules.method,
        layer_rules.driver_name,
        layer_rules.driver_scope,
        layer_rules.target_id as rule_target_id,
        layer_rules.residual_strategy,
        row_number() over (
            partition by node_keys.node_id, node_keys.cost_center_code, node_keys.fiscal_month
            order by
                case when layer_rules.from_node = '*' then 1 else 0 end,
                case when layer_rules.cost_center_code is null then 1 else 0 end,
                layer_rules.priority,
                layer_rules.rule_id
        ) as rule_rank
    from {{ prefix }}node_keys as node_keys
    inner join {{ prefix }}layer_rules as layer_rules
        on
            (layer_rules.from_node = node_keys.node_id or layer_rules.from_node = '*')
            and (layer_rules.cost_center_code is null or layer_rules.cost_center_code = node_keys.cost_center_code)
            and node_keys.fiscal_month between layer_rules.valid_from and layer_rules.valid_to

),

{{ prefix }}parents_ruled as (

    select
        {% for column in parent_columns %}parent_rows.{{ column }},
        {% endfor -%}
        parent_rows.{{ node_column }} as node_id,
        parent_rows.amount_reporting,
        node_rules.rule_id as allocation_rule_id,
        node_rules.method as allocation_method,
        node_rules.driver_name,
        node_rules.rule_target_id,
        node_rules.residual_strategy,
        case node_rules.driver_scope
            when '{node}' then parent_rows.{{ node_column }}
            when '{provider}' then coalesce(parent_rows.cloud_provider_name, '(none)')
            when '{cost_center}' then parent_rows.cost_center_code
            else node_rules.driver_scope
        end as driver_scope_value
    from {{ parents }} as parent_rows
    left join {{ prefix }}node_rules as node_rules
        on
            parent_rows.{{ node_column }} = node_rules.node_id
            and parent_rows.cost_center_code = node_rules.cost_center_code
            and parent_rows.fiscal_month = node_rules.fiscal_month
            and node_rules.rule_rank = 1

),

{{ prefix }}parents_keyed as (

    {{ btim.spark_stage() }}
    select
        *,
        case
            when allocation_rule_id is not null
                then allocation_rule_id
                    || '|' || cast(fiscal_month as {{ string_type }})
                    || '|' || coalesce(driver_scope_value, '*')
        end as allocation_key,
        case
            when allocation_rule_id is not null
                then allocation_rule_id
                    || '|' || cast(fiscal_month as {{ string_type }})
                    || '|' || coalesce(driver_scope_value, '*')
        end as rule_key
    from {{ prefix }}parents_ruled as parents_ruled

),

{{ prefix }}rule_keys as (

    select distinct
        allocation_key,
        allocation_method,
        driver_name,
        driver_scope_value,
        fiscal_month,
        rule_target_id
    from {{ prefix }}parents_keyed as parents_keyed
    where allocation_key is not null

),

{{ prefix }}weights_first_pass as (

    select
        rule_keys.allocation_key,
        layer_drivers.target_id,
        layer_drivers.driver_value as weight,
        layer_drivers.driver_basis
    from {{ prefix }}rule_keys as rule_keys
    inner join {{ prefix }}layer_drivers as layer_drivers
        on
            rule_keys.driver_name = layer_drivers.driver_name
            and rule_keys.driver_scope_value = layer_drivers.driver_scope
            and rule_keys.fiscal_month = layer_drivers.fiscal_month
    where rule_keys.allocation_method not in ('direct', 'proportional')

    union all

    select
        rule_keys.allocation_key,
        layer_drivers.target_id,
        layer_drivers.driver_value as weight,
        layer_drivers.driver_basis
    from {{ prefix }}rule_keys as rule_keys
    inner join {{ prefix }}layer_drivers as layer_drivers
        on
            rule_keys.driver_name = layer_drivers.driver_name
            and rule_keys.driver_scope_value = layer_drivers.driver_scope
            and layer_drivers.fiscal_month is null
            and rule_keys.fiscal_month between layer_drivers.valid_from and layer_drivers.valid_to
    where rule_keys.allocation_method not in ('direct', 'proportional')

    union all

    select
        allocation_key,
        rule_target_id as target_id,
        cast(1 as decimal(28, 6)) as weight,
        'direct' as driver_basis
    from {{ prefix }}rule_keys as rule_keys
    where allocation_method = 'direct' and rule_target_id is not null

),

{{ prefix }}parents_first_pass as (

    select * from {{ prefix }}parents_keyed as parents_keyed
    where
        coalesce(allocation_method, '') <> 'proportional'
        {% if unmatched == 'passthrough' %}and allocation_rule_id is not null{% endif %}

),

{{ btim.allocate_by_weights(
    prefix ~ 'first_pass', prefix ~ 'parents_first_pass', prefix ~ 'weights_first_pass', parent_columns, carry_columns=carried
) }},

{% if unmatched == 'passthrough' %}
{{ prefix }}passed_through as (

    select
        {% for column in parent_columns %}{{ column }},
        {% endfor -%}
        node_id as target_id,
        amount_reporting,
        cast(null as {{ string_type }}) as allocation_rule_id,
        cast(null as {{ string_type }}) as allocation_method,
        cast(null as {{ string_type }}) as allocation_basis,
        cast(null as {{ string_type }}) as unallocated_reason
    from {{ prefix }}parents_keyed as parents_keyed
    where allocation_rule_id is null

),
{% endif %}

{{ prefix }}emptied_nodes as (

    select distinct from_node as node_id
    from {{ prefix }}layer_rules as layer_rules
    where method = 'proportional'

),

{{ prefix }}first_pass_holdings as (

    select
        fiscal_month,
        target_id,
        sum(amount_reporting) as amount_held
    from (
        select
            fiscal_month,
            target_id,
            amount_reporting
        from {{ prefix }}first_pass as first_pass
        where target_id is not null
        {% if unmatched == 'passthrough' %}
        union all
        select
            fiscal_month,
            target_id,
            amount_reporting
        from {{ prefix }}passed_through as passed_through
        {% endif %}
    ) as held
    group by fiscal_month, target_id

),

{{ prefix }}weights_second_pass as (

    select
        rule_keys.allocation_key,
        first_pass_holdings.target_id,
        first_pass_holdings.amount_held as weight
    from {{ prefix }}rule_keys as rule_keys
    inner join {{ prefix }}first_pass_holdings as first_pass_holdings
        on rule_keys.fiscal_month = first_pass_holdings.fiscal_month
    where
        rule_keys.allocation_method = 'proportional'
        and first_pass_holdings.amount_held > 0
        and first_pass_holdings.target_id not in (select emptied_nodes.node_id from {{ prefix }}emptied_nodes as emptied_nodes)

),

{{ prefix }}parents_second_pass as (

    select * from {{ prefix }}parents_keyed as parents_keyed
    where allocation_method = 'proportional'

),

{{ btim.allocate_by_weights(
    prefix ~ 'second_pass', prefix ~ 'parents_second_pass', prefix ~ 'weights_second_pass', parent_columns, carry_columns=carried
) }},

{{ prefix }}moved_passes as (

    select * from {{ prefix }}first_pass as first_pass
    union all
    select * from {{ prefix }}second_pass as second_pass

),

{{ prefix }}residual_parents as (

    select
        {% for column in parent_columns %}{{ column }},
        {% endfor -%}
        amount_reporting,
        allocation_rule_id,
        'residual_' || residual_strategy as allocation_method,
        residual_strategy,
        rule_key,
        'residual_' || residual_strategy || '|' || cast(fiscal_month as {{ string_type }}) as allocation_key
    from {{ prefix }}moved_passes as moved_passes
    where
        target_id is null
        and unallocated_reason in ('driver missing or zero', 'driver negative')
        and residual_strategy in ('even', 'proportional')

),

{{ prefix }}all_holdings as (

    select
        fiscal_month,
        target_id,
        sum(amount_reporting) as amount_held
    from (
        select
            fiscal_month,
            target_id,
            amount_held as amount_reporting
        from {{ prefix }}first_pass_holdings as first_pass_holdings
        union all
        select
            fiscal_month,
            target_id,
            amount_reporting
        from {{ prefix }}second_pass as second_pass
        where target_id is not null
    ) as held
    group by fiscal_month, target_id

),

{{ prefix }}residual_keys as (

    select distinct
        allocation_key,
        residual_strategy,
        fiscal_month
    from {{ prefix }}residual_parents as residual_parents

),

{{ prefix }}weights_residual as (

    select
        residual_keys.allocation_key,
        layer_drivers.target_id,
        layer_drivers.driver_value as weight
    from {{ prefix }}residual_keys as residual_keys
    inner join {{ prefix }}layer_drivers as layer_drivers
        on
            layer_drivers.driver_name = 'even'
            and layer_drivers.driver_scope = '*'
            and layer_drivers.fiscal_month is null
            and residual_keys.fiscal_month between layer_drivers.valid_from and layer_drivers.valid_to
    where residual_keys.residual_strategy = 'even'

    union all

    select
        residual_keys.allocation_key,
        all_holdings.target_id,
        all_holdings.amount_held as weight
    from {{ prefix }}residual_keys as residual_keys
    inner join {{ prefix }}all_holdings as all_holdings
        on residual_keys.fiscal_month = all_holdings.fiscal_month
    where
        residual_keys.residual_strategy = 'proportional'
        and all_holdings.amount_held > 0
        and all_holdings.target_id not in (select emptied_nodes.node_id from {{ prefix }}emptied_nodes as emptied_nodes)

),

{{ btim.allocate_by_weights(
    prefix ~ 'residual_pass', prefix ~ 'residual_parents', prefix ~ 'weights_residual', parent_columns, carry_columns=carried
) }},

{{ prefix }}key_basis as (

    select
        allocation_key,
        max(driver_basis) as driver_basis
    from {{ prefix }}weights_first_pass as weights_first_pass
    group by allocation_key

),

{{ prefix }}first_pass_labelled as (

    select
        first_pass.*,
        key_basis.driver_basis
    from {{ prefix }}first_pass as first_pass
    left join {{ prefix }}key_basis as key_basis
        on first_pass.rule_key = key_basis.allocation_key

),

{{ prefix }}results as (

    select
        {% for column in parent_columns %}{{ column }},
        {% endfor -%}
        target_id,
        amount_reporting,
        allocation_rule_id,
        allocation_method,
        case when target_id is not null then driver_basis end as allocation_basis,
        unallocated_reason,
        residual_strategy
    from {{ prefix }}first_pass_labelled as first_pass_labelled

    union all

    select
        {% for column in parent_columns %}{{ column }},
        {% endfor -%}
        target_id,
        amount_reporting,
        allocation_rule_id,
        allocation_method,
        case when target_id is not null then 'assumption' end as allocation_basis,
        unallocated_reason,
        residual_strategy
    from {{ prefix }}second_pass as second_pass

),

{{ name }} as (

    {{ btim.spark_stage() }}
    -- Rows moved by passes 1 and 2, and those they could not move where no residual strategy
    -- applies; then the residual pass; then what a tower step leaves where it is.
    select
        {% for column in parent_columns %}{{ column }},
        {% endfor -%}
        target_id,
        amount_reporting,
        allocation_rule_id,
        allocation_method,
        allocation_basis,
        unallocated_reason
    from {{ prefix }}results as results
    where not (
        target_id is null
        and coalesce(unallocated_reason, '') in ('driver missing or zero', 'driver negative')
        and coalesce(residual_strategy, '') in ('even', 'proportional')
    )

    union all

    select
        {% for column in parent_columns %}{{ column }},
        {% endfor -%}
        target_id,
        amount_reporting,
        allocation_rule_id,
        allocation_method,
        case when target_id is not null then 'assumption' end as allocation_basis,
        case
            when target_id is null then 'residual ' || residual_strategy || ': ' || unallocated_reason
        end as unallocated_reason
    from {{ prefix }}residual_pass as residual_pass

    {% if unmatched == 'passthrough' %}
    union all

    select * from {{ prefix }}passed_through as passed_through
    {% endif %}

)
{%- endmacro %}


{#- Null-safe equality for joins on keys that may be null (a GL line without a cloud provider). -#}
{% macro null_safe_equal(left, right) -%}
    {{ return(adapter.dispatch('null_safe_equal', 'btim')(left, right)) }}
{%- endmacro %}

{% macro default__null_safe_equal(left, right) -%}
    {{ left }} is not distinct from {{ right }}
{%- endmacro %}

{% macro spark__null_safe_equal(left, right) -%}
    {{ left }} <=> {{ right }}
{%- endmacro %}


{#- The basis of an amount moved by several steps: assumption if any step assumed, else
    consumption if any step measured consumption, else direct. -#}
{% macro combine_allocation_basis(earlier, later) -%}
    case
        when {{ earlier }} = 'assumption' or {{ later }} = 'assumption' then 'assumption'
        when {{ earlier }} = 'consumption' or {{ later }} = 'consumption' then 'consumption'
        when {{ earlier }} = 'direct' or {{ later }} = 'direct' then 'direct'
    end
{%- endmacro %}


{#- A rule path with one more step: 'CP-001 > TT-010', a residual step as 'SC-001 (residual_even)'.
    A null rule leaves the path as it is. -#}
{% macro allocation_path_step(path, rule_id, method) -%}
    case
        when {{ rule_id }} is null then {{ path }}
        else
            case when {{ path }} is null then '' else {{ path }} || ' > ' end
            || {{ rule_id }}
            || case when {{ method }} like 'residual_%' then ' (' || {{ method }} || ')' else '' end
    end
{%- endmacro %}
