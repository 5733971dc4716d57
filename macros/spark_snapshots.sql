{#
    Snapshots on Spark over plain Parquet tables.

    dbt-spark's snapshot materialisation merges into the snapshot (MERGE INTO), which only Delta,
    Iceberg and Hudi tables support; their jars are not part of pyspark and cannot be fetched on an
    offline machine. This materialisation keeps dbt's snapshot semantics (the same strategies, the
    same staging query: dbt's snapshot_staging_table, so check and timestamp strategies, hard
    deletes and the dbt_ columns behave as on DuckDB) and applies the changes by rewriting the
    table instead of merging into it:

        every existing version, its dbt_valid_to closed where the staging rows update or delete
        it (only while it is still open), plus the staging rows to insert

    written to `<snapshot>__dbt_merged`, which then replaces the snapshot (drop and rename). The
    replacement is not atomic: a reader between the drop and the rename finds no table. It
    rewrites whatever the file format; on a cluster with Delta or Iceberg, deleting this file
    gives dbt-spark's MERGE back.
#}
{% materialization snapshot, adapter='spark' %}
    {%- set file_format = config.get('file_format') or 'parquet' -%}
    {%- set target_table = model.get('alias', model.get('name')) -%}
    {%- set target_exists, target_relation = get_or_create_relation(
        database=none, schema=model.schema, identifier=target_table, type='table') -%}
    {%- if not adapter.check_schema_exists(model.database, model.schema) -%}
        {%- do create_schema(model.schema) -%}
    {%- endif -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- set strategy_macro = strategy_dispatch(config.get('strategy')) -%}
    {%- set strategy = strategy_macro(model, 'snapshotted_data', 'source_data', model['config'], target_exists) -%}

    {%- if not target_exists -%}
        {%- set final_sql = create_table_as(False, target_relation, build_snapshot_table(strategy, model['compiled_code'])) -%}
        {%- call statement('main') -%}
            {{ final_sql }}
        {%- endcall -%}
    {%- else -%}
        {%- set columns = config.get('snapshot_table_column_names') or get_snapshot_table_column_names() -%}
        {{ adapter.valid_snapshot_target(target_relation, columns) }}
        {%- set staging = spark_build_snapshot_staging_table(strategy, sql, target_relation) -%}
        {#- the staging query's own columns: dbt_change_type and dbt_unique_key[_1, _2, ...] -#}
        {%- set missing = [] -%}
        {%- for column in adapter.get_missing_columns(staging, target_relation) -%}
            {%- if not (column.name | lower).startswith('dbt_unique_key') and column.name | lower != 'dbt_change_type' -%}
                {%- do missing.append(column) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do create_columns(target_relation, missing) -%}
        {%- set target_columns = adapter.get_columns_in_relation(target_relation) | map(attribute='name') | list -%}
        {%- set merged = api.Relation.create(
            schema=target_relation.schema, identifier=target_relation.identifier ~ '__dbt_merged', type='table') -%}
        {%- do adapter.drop_relation(merged) -%}
        {%- call statement('main') -%}
            create table {{ merged }} using {{ file_format }} as
            select
                {%- for column in target_columns %}
                {% if column == columns.dbt_valid_to -%}
                case
                    when existing.{{ columns.dbt_valid_to }} is null and changes.dbt_scd_id is not null
                        then changes.{{ columns.dbt_valid_to }}
                    else existing.{{ columns.dbt_valid_to }}
                end as {{ column }}
                {%- else -%}
                existing.{{ column }}
                {%- endif %}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ target_relation }} as existing
            left join (
                select
                    {{ columns.dbt_scd_id }} as dbt_scd_id,
                    {{ columns.dbt_valid_to }}
                from {{ staging }}
                where dbt_change_type in ('update', 'delete')
            ) as changes
                on existing.{{ columns.dbt_scd_id }} = changes.dbt_scd_id
            union all
            select {{ target_columns | join(', ') }}
            from {{ staging }}
            where dbt_change_type = 'insert'
        {%- endcall -%}
        {%- do adapter.drop_relation(target_relation) -%}
        {%- do adapter.rename_relation(merged, target_relation) -%}
        {%- do post_snapshot(staging) -%}
    {%- endif -%}

    {%- do persist_docs(target_relation, model) -%}
    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
