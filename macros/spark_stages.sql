{#
    Materialised steps on Spark for models whose WITH list is too deep for Spark's planner.

    Spark inlines every deterministic CTE at each place it is read, so a chain of CTEs that read
    earlier ones several times (the allocation engine's passes: macros/allocate_by_rules.sql)
    grows exponentially before it is planned, and Spark's analyzer does not finish (DuckDB plans
    the same SQL in milliseconds). A CTE whose body carries the spark_stage() marker is
    therefore written to a table of its own on Spark, `<model>__<cte>` in the model's schema,
    before the model's statement, and the model's statement (and each later step) reads that
    table instead: no plan holds more than one step. The SQL itself is the same on both engines;
    on DuckDB the marker is a comment and the WITH list runs as one query.

    The step tables are Parquet, replaced on every run; they are working tables of the model,
    not part of the published marts.
#}

{#- The marker, as the first line of a CTE body; has_spark_stage() finds it. -#}
{% macro spark_stage() -%}
-- spark_stage: written to a table of its own on Spark (macros/spark_stages.sql)
{%- endmacro %}

{% macro has_spark_stage(sql) -%}
    {{ return('-- spark_stage:' in sql) }}
{%- endmacro %}

{#- On Spark, a table or incremental model's SQL has its marked CTEs materialised first. -#}
{% macro spark__create_table_as(temporary, relation, compiled_code, language='sql') -%}
    {%- if language == 'sql' and btim.has_spark_stage(compiled_code) -%}
        {%- set compiled_code = btim.materialise_spark_stages(compiled_code, this.schema ~ '.' ~ this.identifier) -%}
    {%- endif -%}
    {{ return(dbt.spark__create_table_as(temporary, relation, compiled_code, language)) }}
{%- endmacro %}

{#- A unit test of such a model runs its SQL over the fixtures: the same steps, in tables of the test's own. -#}
{% macro spark__get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names) -%}
    {%- if btim.has_spark_stage(main_sql) -%}
        {%- set main_sql = btim.materialise_spark_stages(main_sql, this.schema ~ '.unit_test__' ~ this.identifier) -%}
    {%- endif -%}
    {{ return(dbt.default__get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names)) }}
{%- endmacro %}

{#-
    Splits a query `[prefix] with a as (...), b as (...) select ...` into its top-level CTEs.
    Returns {'prefix': text before `with`, 'ctes': [[name, body], ...], 'final': the closing
    select}, or none when the query has no top-level WITH. Quotes and comments are skipped, so
    parentheses inside them do not count.
-#}
{% macro split_top_level_ctes(sql) -%}
    {%- set re = modules.re -%}
    {%- set lexeme = re.compile("'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\\n]*|/\\*.*?\\*/|\\bwith\\b|[(),]", re.I + re.S) -%}
    {%- set cte_head = re.compile("^\\s*(\\w+)\\s+as\\s*$", re.I) -%}
    {%- set comments = re.compile("--[^\\n]*|/\\*.*?\\*/", re.S) -%}
    {%- set state = namespace(depth=0, started=false, prefix_end=none, segment_start=0, name=none,
                              body_start=0, last_end=none) -%}
    {%- set ctes = [] -%}
    {%- for match in lexeme.finditer(sql) -%}
        {%- set text = match.group(0) -%}
        {%- if text[0] in ("'", '"') or text.startswith('--') or text.startswith('/*') -%}
            {#- skipped: a literal, a quoted name or a comment -#}
        {%- elif text | lower == 'with' -%}
            {%- if state.depth == 0 and not state.started -%}
                {%- set state.started = true -%}
                {%- set state.prefix_end = match.start() -%}
                {%- set state.segment_start = match.end() -%}
            {%- endif -%}
        {%- elif text == '(' -%}
            {%- if state.depth == 0 and state.started and state.name is none -%}
                {%- set head = cte_head.match(comments.sub('', sql[state.segment_start:match.start()])) -%}
                {%- if head -%}
                    {%- set state.name = head.group(1) -%}
                    {%- set state.body_start = match.end() -%}
                {%- endif -%}
            {%- endif -%}
            {%- set state.depth = state.depth + 1 -%}
        {%- elif text == ')' -%}
            {%- set state.depth = state.depth - 1 -%}
            {%- if state.depth == 0 and state.name is not none -%}
                {%- do ctes.append([state.name, sql[state.body_start:match.start()]]) -%}
                {%- set state.name = none -%}
                {%- set state.last_end = match.end() -%}
                {%- set state.segment_start = match.end() -%}
            {%- endif -%}
        {%- elif text == ',' and state.depth == 0 and state.started -%}
            {%- set state.segment_start = match.end() -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if not state.started or ctes | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({'prefix': sql[:state.prefix_end], 'ctes': ctes, 'final': sql[state.last_end:]}) }}
{%- endmacro %}

{#- Renders a WITH list from [[name, body], ...] and the closing select. -#}
{% macro join_ctes(ctes, final) -%}
with
{% for cte in ctes -%}
{{ cte[0] }} as ({{ cte[1] }}){{ ',' if not loop.last }}
{% endfor -%}
{{ final }}
{%- endmacro %}

{#- The query's columns without its rows (dbt asks for them before a unit test and for contracts):
    the steps are written empty, which types them without computing them. -#}
{% macro spark__get_empty_subquery_sql(select_sql, select_sql_header=none) -%}
    {%- if btim.has_spark_stage(select_sql) -%}
        {%- set select_sql = btim.materialise_spark_stages(select_sql, this.schema ~ '.empty__' ~ this.identifier, empty=true) -%}
    {%- endif -%}
    {{ return(dbt.default__get_empty_subquery_sql(select_sql, select_sql_header)) }}
{%- endmacro %}

{#- Writes every marked CTE of compiled_code to its table `<table_prefix>__<cte>`, in order (with no
    rows when empty), and returns the query reading them. -#}
{% macro materialise_spark_stages(compiled_code, table_prefix, empty=false) -%}
    {%- set query = btim.split_top_level_ctes(compiled_code) -%}
    {%- if query is none or not execute -%}
        {{ return(compiled_code) }}
    {%- endif -%}
    {%- set staged = [] -%}
    {%- for cte in query.ctes -%}
        {%- if btim.has_spark_stage(cte[1]) -%}
            {%- set stage = table_prefix ~ '__' ~ cte[0] -%}
            {%- do run_query('drop table if exists ' ~ stage) -%}
            {%- do run_query('create table ' ~ stage ~ ' using parquet as\n'
                             ~ btim.join_ctes(staged + [cte], 'select * from ' ~ cte[0] ~ (' limit 0' if empty else ''))) -%}
            {%- do staged.append([cte[0], '\n    select * from ' ~ stage ~ '\n']) -%}
        {%- else -%}
            {%- do staged.append(cte) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(query.prefix ~ btim.join_ctes(staged, query.final)) }}
{%- endmacro %}
