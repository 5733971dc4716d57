{#
    Helpers for the cloud-bill staging models (issue 3), whose exports vary by provider, by
    export version and by the options a customer ticked: a column may be missing from every file
    of a folder, and a provider may not be used at all (an empty folder).

    cloud_raw_columns(source_name, table_name)
        At execution time: the source's columns (lower-cased name -> DuckDB type), or none when no
        file matches the source's `meta.raw_files` glob (relative to the raw folder). At parse
        time: an empty list. Reads only file headers / footers (DuckDB `describe`).

    cloud_raw_select(source_name, table_name, columns)
        The body of a staging model's import CTE. columns is a list of
        [alias, [raw name, alternative raw name, ...]]; each alias becomes the first raw name
        present in the files (coalesced when several are present, e.g. EA `BillingCurrencyCode`
        and MCA `billingCurrency`), or a typed null when none is. When the folder holds no file,
        the select returns no row with the same columns, so a provider that is not used does not
        break the build. The source() call is always made, so lineage stays complete.
#}
{% macro cloud_raw_columns(source_name, table_name, relation=none) -%}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set pattern = btim.cloud_raw_pattern(source_name, table_name) -%}
    {%- set matched = btim.raw_file_count(pattern) -%}
    {%- if matched == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set described = run_query('describe select * from ' ~ (relation or source(source_name, table_name))) -%}
    {%- set columns = {} -%}
    {%- for row in described.rows -%}
        {%- do columns.update({row[0] | lower: row[1] | upper}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{% macro cloud_raw_select(source_name, table_name, columns, null_type=none) -%}
    {%- set null_type = null_type or dbt.type_string() -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- set files = btim.cloud_raw_files_to_load(source_name, table_name) -%}
    {%- if files is not none and files | length > 0 -%}
        {%- set relation = btim.cloud_raw_relation_over_files(source_name, table_name, relation, files) -%}
    {%- endif -%}
    {%- set present = none if files is not none and files | length == 0
        else btim.cloud_raw_columns(source_name, table_name, relation) -%}
    {%- if present is none %}
    select
        cast(null as {{ dbt.type_string() }}) as filename,
        cast(null as bigint) as ordinality,
        cast(null as {{ dbt.type_string() }}) as source_file_signature,
        {%- for column in columns %}
        cast(null as {{ btim.engine_type(column[2]) if column | length > 2 else null_type }}) as {{ column[0] }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (select 1 as no_file) as no_files
    where 1 = 0
    {%- else %}
    select
        filename,
        ordinality,
        landed_files.source_file_signature,
        {%- for column in columns %}
        {%- set found = [] %}
        {%- set wanted_type = column[2] if column | length > 2 else null_type %}
        {%- for raw_name in column[1] %}
            {%- if raw_name | lower in present %}
                {%- set present_type = present[raw_name | lower] %}
                {%- if wanted_type != dbt.type_string() %}
                    {%- do found.append(adapter.quote(raw_name)) %}
                {%- elif present_type.startswith('MAP') or present_type.startswith('STRUCT') %}
                    {%- do found.append('cast(to_json(' ~ adapter.quote(raw_name) ~ ') as ' ~ dbt.type_string() ~ ')') %}
                {%- elif present_type in ('VARCHAR', 'STRING') %}
                    {%- do found.append(adapter.quote(raw_name)) %}
                {%- else %}
                    {%- do found.append('cast(' ~ adapter.quote(raw_name) ~ ' as ' ~ dbt.type_string() ~ ')') %}
                {%- endif %}
            {%- endif %}
        {%- endfor %}
        {%- if found | length == 0 %}
        cast(null as {{ btim.engine_type(wanted_type) }}) as {{ column[0] }}
        {%- elif found | length == 1 %}
        {{ found[0] }} as {{ column[0] }}
        {%- else %}
        coalesce({{ found | join(', ') }}) as {{ column[0] }}
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    from (select * from {{ relation }}) as raw_rows
    {{ btim.raw_file_signature_join('raw_rows.filename', btim.cloud_raw_pattern(source_name, table_name)) }}
    {%- endif %}
{%- endmacro %}

{#- The source's file pattern: the raw folder and the source's `meta.raw_files` glob. -#}
{% macro cloud_raw_pattern(source_name, table_name) -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
    {%- set meta = node.config.meta if node.config.meta else node.meta -%}
    {{ return(env_var('BTIM_RAW_PATH', 'data/raw') ~ '/' ~ meta['raw_files']) }}
{%- endmacro %}

{#-
    Incremental by file, for the base models of the cloud bills (config: incremental_by_file_config).
    A landed bill file is read once: an incremental run reads only the files that are new or whose
    size or modification time differ from those recorded with their rows (source_file_signature),
    and replaces the rows of exactly those files. Returns the list of files to read, or none
    (read every file) on a full build or where the engine keeps no signature.
    Deleting a file does not delete its rows: run with --full-refresh after removing a delivery.
-#}
{% macro cloud_raw_files_to_load(source_name, table_name) -%}
    {{ return(adapter.dispatch('cloud_raw_files_to_load', 'btim')(source_name, table_name)) }}
{%- endmacro %}

{% macro default__cloud_raw_files_to_load(source_name, table_name) -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set pattern = btim.cloud_raw_pattern(source_name, table_name) -%}
    {%- set query -%}
        select landed.filename
        from read_blob('{{ pattern }}') as landed
        left join (
            select distinct
                source_file,
                source_file_signature
            from {{ this }}
        ) as loaded
            on
                replace(landed.filename, '{{ env_var("BTIM_RAW_PATH", "data/raw") }}/', '') = loaded.source_file
                and {{ btim.blob_signature('landed') }} = loaded.source_file_signature
        where loaded.source_file is null
        order by landed.filename
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{%- endmacro %}

{#- The source relation restricted to the given files: its reader over a list instead of the glob. -#}
{% macro cloud_raw_relation_over_files(source_name, table_name, relation, files) -%}
    {%- set pattern = btim.cloud_raw_pattern(source_name, table_name) -%}
    {%- set rendered = relation | string -%}
    {%- if ("'" ~ pattern ~ "'") not in rendered -%}
        {{ exceptions.raise_compiler_error("source " ~ source_name ~ "." ~ table_name
            ~ ": its external_location must read '" ~ pattern ~ "' to be read file by file") }}
    {%- endif -%}
    {%- set quoted = [] -%}
    {%- for file in files -%}
        {%- do quoted.append("'" ~ file | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {{ return(rendered | replace("'" ~ pattern ~ "'", "[" ~ quoted | join(', ') ~ "]")) }}
{%- endmacro %}

{#- Size and modification time of a landed file, from a read_blob row. -#}
{% macro blob_signature(blob_relation) -%}
    {{ dbt.concat(["cast(" ~ blob_relation ~ ".size as " ~ dbt.type_string() ~ ")", "'@'",
                   "cast(" ~ blob_relation ~ ".last_modified as " ~ dbt.type_string() ~ ")"]) }}
{%- endmacro %}

{#- Joins each row to its file's signature (see cloud_raw_files_to_load) as landed_files. -#}
{% macro raw_file_signature_join(filename_column, pattern) -%}
    {{ return(adapter.dispatch('raw_file_signature_join', 'btim')(filename_column, pattern)) }}
{%- endmacro %}

{% macro default__raw_file_signature_join(filename_column, pattern) -%}
    left join (
        select
            landed.filename as landed_filename,
            {{ btim.blob_signature('landed') }} as source_file_signature
        from read_blob('{{ pattern }}') as landed
    ) as landed_files
        on {{ filename_column }} = landed_files.landed_filename
{%- endmacro %}

{% macro spark__raw_file_signature_join(filename_column, pattern) -%}
    {#- The listing taken at the start of the run (macros/spark_sources.sql). -#}
    left join (
        select
            filename as landed_filename,
            file_signature as source_file_signature
        from btim_raw.raw_files
    ) as landed_files
        on {{ filename_column }} = landed_files.landed_filename
{%- endmacro %}

{#- Provider tag columns of a legacy CUR (`resourceTags/user:App`) as [raw column, tag key]. -#}
{% macro cloud_prefixed_columns(source_name, table_name, prefix) -%}
    {%- set present = btim.cloud_raw_columns(source_name, table_name) -%}
    {%- set found = [] -%}
    {%- if present is not none and execute -%}
        {%- set described = run_query('describe select * from ' ~ source(source_name, table_name)) -%}
        {%- set names = described.columns[0].values() -%}
        {%- set lower_names = names | map('lower') | list -%}
        {%- for name in names -%}
            {%- if (name | lower).startswith(prefix | lower) -%}
                {%- set key = name[prefix | length:] -%}
                {#- DuckDB renames a second header that differs only in case (`user:app` beside
                    `user:App`) to `user:app_1`: give the tag its key back. -#}
                {%- set parts = key.rsplit('_', 1) -%}
                {%- if parts | length == 2 and parts[1].isdigit()
                    and (prefix ~ parts[0]) | lower in lower_names
                    and (prefix ~ parts[0]) not in names -%}
                    {%- set key = parts[0] -%}
                {%- endif -%}
                {%- do found.append([name, key]) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return(found) }}
{%- endmacro %}

{#-
    Sum of one numeric field over a list of structs (GCP `credits[].amount`), 0 for an empty or
    null list. Lambda syntax differs between engines.
-#}
{% macro list_sum_field(list_column, field) -%}
    {{ return(adapter.dispatch('list_sum_field', 'btim')(list_column, field)) }}
{%- endmacro %}

{% macro default__list_sum_field(list_column, field) -%}
    coalesce(list_sum(list_transform({{ list_column }}, lambda item: item.{{ field }})), 0)
{%- endmacro %}

{% macro spark__list_sum_field(list_column, field) -%}
    coalesce(aggregate({{ list_column }}, cast(0 as decimal(38, 18)), (acc, item) -> acc + item.{{ field }}), 0)
{%- endmacro %}

{#-
    Parse a bill timestamp into a UTC timestamp, or null. Accepts ISO 8601 with or without `T`,
    fraction and `Z` (`2023-11-01T00:00:00.000Z`), and the US month-first dates of Azure cost
    details and of the FOCUS SaaS examples (`9/2/2023`, `4/1/25`, optionally with a time).
    Hours past 23 roll over into the next day: the FOCUS specification's own examples write
    `2023-02-01T30:00:00Z` for 06:00 the next day.
-#}
{% macro parse_bill_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_bill_timestamp', 'btim')(column)) }}
{%- endmacro %}

{% macro default__parse_bill_timestamp(column) -%}
    case
        when regexp_matches(trim({{ column }}), '^\d{1,2}/\d{1,2}/\d{4}')
            then coalesce(
                -- Each format matches only its own shape; the commonest (a date) first, since
                -- a failed attempt costs more than a match (8x at scale M).
                try_strptime(trim({{ column }}), '%m/%d/%Y'),
                try_strptime(trim({{ column }}), '%m/%d/%Y %H:%M:%S'),
                try_strptime(trim({{ column }}), '%m/%d/%Y %H:%M')
            )
        when regexp_matches(trim({{ column }}), '^\d{1,2}/\d{1,2}/\d{2}$')
            then try_strptime(trim({{ column }}), '%m/%d/%y')
        when regexp_matches(trim({{ column }}), '^\d{4}-\d{2}-\d{2}')
            then coalesce(
                try_cast(replace(replace(replace(trim({{ column }}), ' UTC', ''), 'T', ' '), 'Z', '') as timestamp),
                try_cast(substr(trim({{ column }}), 1, 10) as date)
                + to_hours(try_cast(regexp_extract(trim({{ column }}), '^\d{4}-\d{2}-\d{2}[T ](\d{2}):', 1) as integer))
                + to_minutes(try_cast(regexp_extract(trim({{ column }}), '^\d{4}-\d{2}-\d{2}[T ]\d{2}:(\d{2})', 1) as integer))
            )
    end
{%- endmacro %}

{% macro spark__parse_bill_timestamp(column) -%}
    {#- The same rules in Spark's datetime patterns (M and d take one or two digits). -#}
    case
        when {{ btim.regexp_matches('trim(' ~ column ~ ')', '^\\d{1,2}/\\d{1,2}/\\d{4}') }}
            then coalesce(
                try_to_timestamp(trim({{ column }}), 'M/d/yyyy'),
                try_to_timestamp(trim({{ column }}), 'M/d/yyyy H:mm:ss'),
                try_to_timestamp(trim({{ column }}), 'M/d/yyyy H:mm')
            )
        when {{ btim.regexp_matches('trim(' ~ column ~ ')', '^\\d{1,2}/\\d{1,2}/\\d{2}$') }}
            then try_to_timestamp(trim({{ column }}), 'M/d/yy')
        when {{ btim.regexp_matches('trim(' ~ column ~ ')', '^\\d{4}-\\d{2}-\\d{2}') }}
            then coalesce(
                try_cast(replace(replace(replace(trim({{ column }}), ' UTC', ''), 'T', ' '), 'Z', '') as timestamp),
                timestampadd(
                    minute,
                    60 * try_cast({{ btim.regexp_extract('trim(' ~ column ~ ')', '^\\d{4}-\\d{2}-\\d{2}[T ](\\d{2}):', 1) }} as integer)
                    + try_cast({{ btim.regexp_extract('trim(' ~ column ~ ')', '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:(\\d{2})', 1) }} as integer),
                    cast(try_cast(substr(trim({{ column }}), 1, 10) as date) as timestamp)
                )
            )
    end
{%- endmacro %}

{#-
    Parse a cost or quantity at full precision (decimal(38, 18): Azure writes up to 15 significant digits), or null. Accepts
    E notation (`5.64902E-05`, Azure) and spreadsheet-formatted money as the FOCUS SaaS examples
    write it (`$50,000.00 `): a leading `$` and thousands separators in groups of three are
    removed; any other comma makes the value invalid rather than misread.
-#}
{% macro parse_bill_number(column) -%}
    {%- set text = "trim(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "))" -%}
    {%- set unsigned = btim.regexp_replace_anchored(text, '^(-?)\\$', '\\1') -%}
    {{ dbt.safe_cast(
        "case when " ~ btim.regexp_matches(unsigned, '^-?\d{1,3}(,\d{3})+(\.\d+)?$') ~ " then replace("
        ~ unsigned ~ ", ',', '') else nullif(" ~ unsigned ~ ", '') end",
        "decimal(38, 18)"
    ) }}
{%- endmacro %}
{#-
    The columns every cloud staging model (stg_<layout>__charges) returns, in this order, so
    that int_cloud_charges unions them by name. FOCUS 1.2 columns in snake_case
    (BilledCost -> billed_cost), plus x_ columns of our own.
-#}
{% macro cloud_charge_columns() -%}
    {{ return([
        'x_source_layout', 'x_source_file', 'x_source_line_number', 'x_export_stream', 'x_export_version', 'x_dataset',
        'billing_account_id', 'billing_account_name', 'sub_account_id', 'sub_account_name',
        'provider_name', 'publisher_name', 'invoice_issuer_name',
        'billing_period_start', 'billing_period_end', 'charge_period_start', 'charge_period_end',
        'charge_category', 'charge_class', 'charge_description', 'charge_frequency', 'x_provider_charge_type',
        'x_service_key', 'service_name', 'service_category', 'service_subcategory',
        'resource_id', 'resource_name', 'region_id',
        'commitment_discount_id', 'commitment_discount_type', 'commitment_discount_status',
        'pricing_category', 'pricing_quantity', 'pricing_unit', 'consumed_quantity', 'consumed_unit',
        'billing_currency', 'billed_cost', 'effective_cost', 'list_cost', 'contracted_cost', 'x_credit_amount',
        'x_is_marketplace', 'x_is_commitment_purchase', 'x_tags_json',
        'x_instance_type',
    ]) }}
{%- endmacro %}

{#-
    Re-exports. A provider may deliver the same billing period again (AWS refreshes a closed
    month for weeks; Azure and FOCUS exports are re-run). Land each delivery in its own folder
    named by its export time in ISO basic format, e.g.
    `cloud/aws_cur2/meridian/BILLING_PERIOD=2025-01/20250203T040000Z/part-0001.parquet`.
      x_export_version: the last folder of the path named like `YYYYMMDDTHHMMSSZ`, or '' when
                        the file is not in such a folder (then it is the only version);
      x_export_stream:  the path before that folder: the deliveries that replace one another.
    int_cloud_charges keeps, per layout, export stream, billing account and billing period, only
    the rows of the greatest version: a later delivery replaces an earlier one, never adds to it.
-#}
{% macro cloud_export_version(source_file_column) -%}
    coalesce({{ btim.regexp_extract(source_file_column, '/(\d{8}T\d{6}Z)/[^/]*$', 1) }}, '')
{%- endmacro %}

{% macro cloud_export_stream(source_file_column) -%}
    case
        when {{ btim.regexp_matches(source_file_column, '/\d{8}T\d{6}Z/[^/]*$') }}
            then {{ btim.regexp_extract(source_file_column, '^(.*)/\d{8}T\d{6}Z/[^/]*$', 1) }}
        else {{ btim.regexp_extract(source_file_column, '^(.*)/[^/]*$', 1) }}
    end
{%- endmacro %}

{#- Provenance of a row of a Parquet or JSON-lines file: its 1-based row number in the file. -#}
{% macro raw_row_columns(filename_column='filename', ordinality_column='ordinality') -%}
    replace({{ filename_column }}, '{{ env_var("BTIM_RAW_PATH", "data/raw") }}/', '') as source_file,
    cast(
        {{ ordinality_column }} - min({{ ordinality_column }}) over (partition by {{ filename_column }}) + 1
        as bigint
    ) as source_line_number
{%- endmacro %}

{#- A text field of a bill: trimmed, with empty strings and the literal `null` as null. -#}
{% macro bill_text(column) -%}
    case when lower(trim({{ column }})) in ('', 'null') then null else trim({{ column }}) end
{%- endmacro %}

{#- The config of a base model read file by file (cloud_raw_files_to_load): on DuckDB the rows of
    each file reloaded are replaced (delete+insert keyed by source_file); Spark rebuilds the table. -#}
{% macro incremental_by_file_config() -%}
    {{ return(adapter.dispatch('incremental_by_file_config', 'btim')()) }}
{%- endmacro %}

{% macro default__incremental_by_file_config() -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': 'source_file',
        'on_schema_change': 'fail',
        'pre_hook': ["{{ btim.delete_rows_of_removed_files() }}"],
    }) }}
{%- endmacro %}

{#-
    pre-hook of a base model read file by file: before an incremental run, delete the rows of
    files that are no longer in the raw folder (a delivery withdrawn, or landed again under
    another name), so that the table holds exactly the rows of the files there, as a full
    build would, and a renamed file is never counted twice.
-#}
{% macro delete_rows_of_removed_files() -%}
    {%- if not execute or not is_incremental() -%}
        {{ return('') }}
    {%- endif -%}
    {%- set raw = env_var('BTIM_RAW_PATH', 'data/raw') -%}
    {%- set landed = [] -%}
    {%- for node_id in model.depends_on.nodes if node_id.startswith('source.') -%}
        {%- set node = graph.sources[node_id] -%}
        {%- set meta = node.config.meta if node.config.meta else node.meta -%}
        {%- if meta.get('raw_files') -%}
            {%- do landed.append("select replace(file, '" ~ raw ~ "/', '') as source_file from glob('"
                ~ raw ~ "/" ~ meta['raw_files'] ~ "')") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if landed | length == 0 -%}
        {{ return('') }}
    {%- endif -%}
    delete from {{ this }}
    where source_file not in ({{ landed | join(' union all ') }})
{%- endmacro %}

{% macro spark__incremental_by_file_config() -%}
    {{ return({'materialized': 'table'}) }}
{%- endmacro %}
