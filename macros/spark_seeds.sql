{#
    Seeds on Spark. dbt-spark's session method formats seed values into the SQL without escaping:
    an empty cell arrives as the text 'None', a quote inside a value ("the project's own figure")
    breaks the statement, and numbers pass through a float. This renders each value as a SQL
    literal instead: null, the exact decimal text, or an escaped string (Spark reads a backslash
    in a literal as an escape, so backslashes and quotes are escaped with one).
#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- do types.append(column_override.get(col_name, adapter.convert_type(agate_table, loop.index0))) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    cast({{ btim.spark_seed_literal(value) }} as {{ types[loop.index0] }})
                    {%- if not loop.last %},{% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is sameas true -%}
        true
    {%- elif value is sameas false -%}
        false
    {%- elif value is number -%}
        '{{ value }}'
    {%- elif value.strftime is defined and value.hour is defined -%}
        '{{ value.strftime('%Y-%m-%d %H:%M:%S.%f') }}'
    {%- elif value.strftime is defined -%}
        '{{ value.strftime('%Y-%m-%d') }}'
    {%- else -%}
        '{{ value | string | replace('\\', '\\\\') | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
