{#
    Split amounts over targets by weights, exactly to the cent.

    Renders CTE definitions to place in a WITH list (no leading `with`, no trailing comma): helper
    CTEs named `<name>__...` and the result, `<name>`. Top-level CTEs rather than a nested WITH, so
    that Spark can materialise a pass as a table (macros/spark_stages.sql); DuckDB reads them as
    one query.

    parents: a relation or CTE with the columns in parent_columns, `allocation_key` (which weight
             set applies; null when no rule matched) and `amount_reporting` (decimal, 2 places).
             parent_columns must identify a parent row uniquely.
    weights: a relation or CTE with `allocation_key`, `target_id` and `weight` (any numeric).

    Returns one row per parent x target with the parent's columns, `target_id`,
    `amount_reporting` (the share) and `unallocated_reason` null; or, for a parent that cannot be
    split, one row with `target_id` null, the whole amount and the reason:
      - no_rule_reason             allocation_key is null (default 'no allocation rule');
      - 'driver missing or zero'   no weight, or every weight is zero;
      - 'driver negative'          some weight of the set is negative.
    Never a division by zero.

    carry_columns: further columns of `parents` copied onto every output row (not part of the
                   parent's identity: the rule that applies, its residual strategy, ...).

    Method: each amount is taken in whole cents; every target gets the floor of its exact share
    and the cents left over go one each to the targets with the largest remainders (ties by
    target_id), so the shares always add up to the parent. Negative amounts (credits,
    reversals) are split by their absolute value and keep their sign.
#}
{% macro allocate_by_weights(name, parents, weights, parent_columns, no_rule_reason='no allocation rule', carry_columns=[]) -%}
{%- set wide = btim.wide_integer_type() -%}
{%- set parent_key = parent_columns | join(', ') -%}
{%- set prefix = name ~ '__' -%}
{{ prefix }}weight_units as (

    select
        allocation_key,
        target_id,
        cast(round(weight * 1000000) as {{ wide }}) as weight_units,
        weight
    from {{ weights }}

),

{{ prefix }}weight_sets as (

    select
        allocation_key,
        sum(case when weight < 0 then 1 else 0 end) as negative_weight_count,
        sum(case when weight_units > 0 then weight_units else 0 end) as total_units
    from {{ prefix }}weight_units as weight_units
    group by allocation_key

),

{{ prefix }}parents_checked as (

    select
        {% for column in parent_columns %}{{ parents }}.{{ column }},
        {% endfor -%}
        {% for column in carry_columns %}{{ parents }}.{{ column }},
        {% endfor -%}
        {{ parents }}.allocation_key,
        {{ parents }}.amount_reporting,
        weight_sets.total_units,
        case
            when {{ parents }}.allocation_key is null then '{{ no_rule_reason }}'
            when weight_sets.negative_weight_count > 0 then 'driver negative'
            when coalesce(weight_sets.total_units, 0) <= 0 then 'driver missing or zero'
        end as unallocated_reason
    from {{ parents }}
    left join {{ prefix }}weight_sets as weight_sets
        on {{ parents }}.allocation_key = weight_sets.allocation_key

),

{{ prefix }}shares as (

    select
        {% for column in parent_columns + carry_columns %}parents_checked.{{ column }},
        {% endfor -%}
        weight_units.target_id,
        case when parents_checked.amount_reporting < 0 then -1 else 1 end as amount_sign,
        cast(abs(parents_checked.amount_reporting) * 100 as {{ wide }}) as parent_cents,
        {{ btim.integer_divide(
            "cast(abs(parents_checked.amount_reporting) * 100 as " ~ wide ~ ") * weight_units.weight_units",
            "parents_checked.total_units") }} as floor_cents,
        (cast(abs(parents_checked.amount_reporting) * 100 as {{ wide }}) * weight_units.weight_units)
            % parents_checked.total_units as remainder_units
    from {{ prefix }}parents_checked as parents_checked
    inner join {{ prefix }}weight_units as weight_units
        on parents_checked.allocation_key = weight_units.allocation_key
    where
        parents_checked.unallocated_reason is null
        and weight_units.weight_units > 0

),

{{ prefix }}shares_ranked as (

    select
        *,
        parent_cents - sum(floor_cents) over (partition by {{ parent_key }}) as cents_left,
        row_number() over (
            partition by {{ parent_key }}
            order by remainder_units desc, target_id
        ) as remainder_rank
    from {{ prefix }}shares as shares

),

{{ prefix }}allocated as (

    select
        {% for column in parent_columns + carry_columns %}{{ column }},
        {% endfor -%}
        target_id,
        cast(
            cast(
                amount_sign * (floor_cents + case when remainder_rank <= cents_left then 1 else 0 end)
                as decimal(18, 0)
            ) * 0.01
            as decimal(18, 2)
        ) as amount_reporting,
        cast(null as {{ dbt.type_string() }}) as unallocated_reason
    from {{ prefix }}shares_ranked as shares_ranked

),

{{ prefix }}unallocated as (

    select
        {% for column in parent_columns + carry_columns %}{{ column }},
        {% endfor -%}
        cast(null as {{ dbt.type_string() }}) as target_id,
        amount_reporting,
        unallocated_reason
    from {{ prefix }}parents_checked as parents_checked
    where unallocated_reason is not null

),

{{ name }} as (

    {{ btim.spark_stage() }}
    select * from {{ prefix }}allocated
    union all
    select * from {{ prefix }}unallocated

)
{%- endmacro %}
