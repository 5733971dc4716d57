{#
    The columns together identify a row: no combination of their values occurs twice.
    Our own version of the dbt_utils test (dbt Hub packages cannot be installed here).
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with grouped as (

    select
        {{ combination_of_columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}

)

select * from grouped
where row_count > 1

{% endtest %}
