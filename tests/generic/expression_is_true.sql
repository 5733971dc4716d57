{#-
    Rows for which a boolean expression over the model's columns is not true (false or null):
    for invariants between columns, e.g. a line has an estimate method exactly when it has no
    exclusion reason. An expression that is null counts as a failure, so write it null-safe.
-#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)

{% endtest %}
