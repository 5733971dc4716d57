{#
    The raw files as source relations on engines that cannot read them in place.

    DuckDB reads each source's files where they lie, through its meta.external_location
    (read_csv / read_parquet / read_json ... with ordinality), so create_file_sources() does
    nothing there. On Spark it runs at the start of every dbt invocation (dbt_project.yml
    on-run-start) and makes each such source a view named as dbt's source() renders it
    (<schema>.<table>) with what DuckDB's reader returns:
      - every column of the files (CSV: as text; Parquet: as typed in the files; JSON: the
        columns the reader declares), columns matched by name across files (union_by_name);
      - `filename`: the file, as <BTIM_RAW_PATH>/<path under it> (what DuckDB reports);
      - `ordinality`: increasing in file order within each file, one step per row.
    The files are those the reader's glob matches (`**` at any depth), listed once per run. A
    source without any file becomes an empty view with its declared columns (the staging
    models of a provider or ERP that is not used then return no rows, as on DuckDB).

    Under each view lie unmanaged tables over the files (<table>__files_<n>, one per distinct
    CSV header): dropping them never deletes a raw file. A CSV file is read by a single task
    (profiles.yml sets spark.sql.files.maxPartitionBytes above any export), so that
    monotonically_increasing_id() numbers its rows consecutively in file order.

    `--vars '{spark_refresh_sources: false}'` keeps the views of the previous run (no file
    added, removed or re-exported since): a faster start when iterating on models.
#}
{% macro create_file_sources() -%}
    {{ return(adapter.dispatch('create_file_sources', 'btim')()) }}
{%- endmacro %}

{% macro default__create_file_sources() -%}
    {{ return('') }}
{%- endmacro %}

{% macro spark__create_file_sources() -%}
    {%- if not execute or not var('spark_refresh_sources', true) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set files = btim.spark_raw_files() -%}
    {#- Each file's size and modification time, for raw_file_signature_join. -#}
    {%- set raw = env_var('BTIM_RAW_PATH', 'data/raw').rstrip('/') -%}
    {%- do run_query('create schema if not exists btim_raw') -%}
    {%- do run_query('drop table if exists btim_raw.raw_files') -%}
    {%- do run_query("create table btim_raw.raw_files using parquet as select concat('" ~ raw ~ "/', substr("
        ~ "url_decode(replace(path, '+', '%2B')), " ~ (btim.spark_raw_uri() | length + 1) ~ ")) as filename, "
        ~ "concat(cast(length as string), '@', cast(modificationTime as string)) as file_signature "
        ~ "from btim_raw_file_inventory") -%}
    {%- set created = namespace(sources=0, files=0) -%}
    {%- set problems = [] -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- set reader = btim.file_source_reader(node) -%}
        {%- if reader is not none -%}
            {%- set pattern = btim.glob_regex(reader.glob) -%}
            {%- set matched = [] -%}
            {%- for path in files if modules.re.fullmatch(pattern, path) -%}
                {%- do matched.append(path) -%}
            {%- endfor -%}
            {%- do problems.extend(btim.spark_create_file_source(node, reader, matched)) -%}
            {%- set created.sources = created.sources + 1 -%}
            {%- set created.files = created.files + matched | length -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error('Raw files fail the landing contract (docs/raw_exports.md):\n  - ' ~ problems | join('\n  - ')) }}
    {%- endif -%}
    {%- do log('create_file_sources: ' ~ created.sources ~ ' source view(s) over ' ~ created.files ~ ' raw file(s)', info=true) -%}
    {{ return('') }}
{%- endmacro %}

{#- How DuckDB reads a source: {format, glob (relative to the raw folder), options text}, or none
    when the source is not read from files. -#}
{% macro file_source_reader(node) -%}
    {%- set meta = node.config.get('meta', {}) or node.get('meta', {}) -%}
    {%- set location = meta.get('external_location') -%}
    {%- if not location -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set filled = namespace(location=location | replace('{name}', node.name) | replace('{identifier}', node.identifier)) -%}
    {%- for key, value in meta.items() if value is string and key != 'external_location' -%}
        {%- set filled.location = filled.location | replace('${' ~ key ~ '}', value) | replace('$' ~ key, value) -%}
    {%- endfor -%}
    {%- set found = modules.re.match("\s*read_(csv|parquet|json)\('([^']*)'", filled.location) -%}
    {%- if found is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set raw = env_var('BTIM_RAW_PATH', 'data/raw') -%}
    {%- set glob = found.group(2) -%}
    {%- if glob.startswith(raw ~ '/') -%}
        {%- set glob = glob[raw | length + 1:] -%}
    {%- endif -%}
    {{ return({'format': found.group(1), 'glob': glob, 'location': filled.location, 'meta': meta}) }}
{%- endmacro %}

{#- A glob as DuckDB reads it (`*` and `?` within a folder, `**/` any folders) as a regular
    expression over paths relative to the raw folder. -#}
{% macro glob_regex(glob) -%}
    {%- set ns = namespace(out='', i=0) -%}
    {%- for _ in range(glob | length) if ns.i < glob | length -%}
        {%- set char = glob[ns.i] -%}
        {%- if glob[ns.i:ns.i + 3] == '**/' -%}
            {%- set ns.out = ns.out ~ '(?:.*/)?' -%}
            {%- set ns.i = ns.i + 3 -%}
        {%- elif glob[ns.i:ns.i + 2] == '**' -%}
            {%- set ns.out = ns.out ~ '.*' -%}
            {%- set ns.i = ns.i + 2 -%}
        {%- else -%}
            {%- set ns.out = ns.out ~ ('[^/]*' if char == '*' else '[^/]' if char == '?' else modules.re.escape(char)) -%}
            {%- set ns.i = ns.i + 1 -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(ns.out) }}
{%- endmacro %}

{#- The raw folder as Spark names its files (a URI prefix, ending in '/'). -#}
{% macro spark_raw_uri() -%}
    {%- set raw = env_var('BTIM_RAW_PATH', 'data/raw').rstrip('/') -%}
    {%- if '://' in raw or raw.startswith('dbfs:') -%}
        {{ return(raw ~ '/') }}
    {%- endif -%}
    {%- if not raw.startswith('/') -%}
        {%- set cwd = run_query("select reflect('java.lang.System', 'getProperty', 'user.dir')").columns[0].values()[0] -%}
        {%- set raw = cwd.rstrip('/') ~ '/' ~ (raw[2:] if raw.startswith('./') else raw) -%}
    {%- endif -%}
    {{ return('file:' ~ raw ~ '/') }}
{%- endmacro %}

{#- Every file under the raw folder (and its _utf8 copies, a folder Spark's listing would skip
    for its leading underscore), as paths relative to the raw folder, sorted. -#}
{% macro spark_raw_files() -%}
    {%- set raw = env_var('BTIM_RAW_PATH', 'data/raw').rstrip('/') -%}
    {%- set prefix = btim.spark_raw_uri() -%}
    {%- do run_query("create or replace temporary view btim_raw_file_inventory using binaryFile options (path '"
        ~ raw ~ "{,/_utf8}', recursiveFileLookup 'true')") -%}
    {%- set listed = run_query("select distinct url_decode(replace(path, '+', '%2B')) as path from btim_raw_file_inventory order by 1") -%}
    {%- set files = [] -%}
    {%- for path in listed.columns[0].values() if path.startswith(prefix) -%}
        {%- do files.append(path[prefix | length:]) -%}
    {%- endfor -%}
    {{ return(files) }}
{%- endmacro %}

{#- How many raw files match a DuckDB glob (absolute, or relative to the working folder as
    BTIM_RAW_PATH is): glob() on DuckDB, the listing above on Spark. -#}
{% macro raw_file_count(pattern) -%}
    {{ return(adapter.dispatch('raw_file_count', 'btim')(pattern)) }}
{%- endmacro %}

{% macro default__raw_file_count(pattern) -%}
    {{ return(run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0]) }}
{%- endmacro %}

{% macro spark__raw_file_count(pattern) -%}
    {%- set raw = env_var('BTIM_RAW_PATH', 'data/raw').rstrip('/') -%}
    {%- set relative = pattern[raw | length + 1:] if pattern.startswith(raw ~ '/') else pattern -%}
    {%- set regex = btim.glob_regex(relative) -%}
    {%- set ns = namespace(count=0) -%}
    {%- for path in btim.spark_raw_files() if modules.re.fullmatch(regex, path) -%}
        {%- set ns.count = ns.count + 1 -%}
    {%- endfor -%}
    {{ return(ns.count) }}
{%- endmacro %}

{#- A column type written as DuckDB writes it (STRUCT(a VARCHAR)[]), in the engine's SQL. -#}
{% macro engine_type(duckdb_type) -%}
    {{ return(adapter.dispatch('engine_type', 'btim')(duckdb_type)) }}
{%- endmacro %}

{% macro default__engine_type(duckdb_type) -%}
    {{ return(duckdb_type) }}
{%- endmacro %}

{% macro spark__engine_type(duckdb_type) -%}
    {{ return(btim.spark_type_from_duckdb(duckdb_type)) }}
{%- endmacro %}

{#- A DuckDB type of a read_json `columns` declaration in Spark's DDL. -#}
{% macro spark_type_from_duckdb(duckdb_type) -%}
    {%- set re = modules.re -%}
    {%- set ns = namespace(type=re.sub('\\bVARCHAR\\b', 'STRING', duckdb_type)) -%}
    {%- for _ in range(10) -%}
        {%- set ns.type = re.sub('STRUCT\\(([^()]*)\\)', 'STRUCT<\\1>', ns.type) -%}
        {%- set ns.type = re.sub('(STRING|STRUCT<[^<>]*>)\\[\\]', 'ARRAY<\\1>', ns.type) -%}
    {%- endfor -%}
    {{ return(ns.type) }}
{%- endmacro %}

{#- The column names of a CSV header line (comma-separated, optionally quoted). -#}
{% macro csv_header_columns(line) -%}
    {%- set columns = [] -%}
    {%- for cell in modules.re.findall('(?:^|,)("(?:[^"]|"")*"|[^,]*)', line.lstrip('\ufeff').rstrip('\r')) -%}
        {%- set name = cell[1:-1] | replace('""', '"') if cell.startswith('"') and cell.endswith('"') and cell | length > 1 else cell -%}
        {%- do columns.append(name) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{#- Create one source's view over its matched files; returns the landing-contract problems
    found (missing required columns of a CSV file, an empty file). -#}
{% macro spark_create_file_source(node, reader, matched) -%}
    {%- set raw = env_var('BTIM_RAW_PATH', 'data/raw').rstrip('/') -%}
    {%- set prefix = btim.spark_raw_uri() -%}
    {%- set schema = node.schema -%}
    {%- set view = schema ~ '.' ~ node.identifier -%}
    {%- set problems = [] -%}
    {%- set filename = "concat('" ~ raw ~ "/', substr(url_decode(replace(_metadata.file_path, '+', '%2B')), "
        ~ (prefix | length + 1) ~ "))" -%}
    {%- do run_query('create schema if not exists ' ~ schema) -%}
    {%- set groups = [] -%}
    {%- if matched | length == 0 -%}
        {%- do log('create_file_sources: warning: source ' ~ node.source_name ~ '.' ~ node.name
            ~ ' has no file matching ' ~ raw ~ '/' ~ reader.glob, info=true) -%}
        {%- set declared = reader.meta.get('layout_columns') or reader.meta.get('required_columns') or [] -%}
        {%- set columns = [] -%}
        {%- for column in declared -%}
            {%- do columns.append('cast(null as string) as `' ~ column ~ '`') -%}
        {%- endfor -%}
        {%- do run_query('create or replace view ' ~ view ~ ' as select ' ~ (columns + [
            'cast(null as string) as filename', 'cast(null as bigint) as ordinality']) | join(', ')
            ~ ' from (select 1 as no_file) as no_files where 1 = 0') -%}
        {{ return(problems) }}
    {%- endif -%}
    {%- if reader.format == 'csv' -%}
        {#- Group the files by header, so that each group is read with the right column names. -#}
        {%- set headers = {} -%}
        {%- set header_query -%}
            select file_path, min_by(value, line_id) as header_line
            from (
                select url_decode(replace(input_file_name(), '+', '%2B')) as file_path, value, monotonically_increasing_id() as line_id
                from text.`{{ raw }}/{{ '{' ~ matched | join(',') ~ '}' if matched | length > 1 else matched[0] }}`
            ) as lines
            group by file_path
        {%- endset -%}
        {%- for row in run_query(header_query).rows -%}
            {#- input_file_name() may write file:/// where the listing writes file:/ -#}
            {%- set raw_folder = prefix[5:] if prefix.startswith('file:') else prefix -%}
            {%- do headers.update({row[0].split(raw_folder, 1)[-1]: row[1]}) -%}
        {%- endfor -%}
        {%- set by_header = {} -%}
        {%- for path in matched -%}
            {%- set line = headers.get(path) -%}
            {%- if line is none -%}
                {%- do problems.append(node.source_name ~ '.' ~ node.name ~ ': file ' ~ raw ~ '/' ~ path ~ ' is empty (0 bytes, no header line); deliver the header at least') -%}
            {%- else -%}
                {%- do by_header.setdefault(line, []).append(path) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set required = reader.meta.get('required_columns') or [] -%}
        {%- for line, paths in by_header.items() -%}
            {%- set columns = btim.csv_header_columns(line) -%}
            {%- set lowered = columns | map('trim') | map('lower') | list -%}
            {%- set missing = [] -%}
            {%- for column in required if (column | trim | lower) not in lowered -%}
                {%- do missing.append(column) -%}
            {%- endfor -%}
            {%- if missing -%}
                {%- do problems.append(node.source_name ~ '.' ~ node.name ~ ': file(s) ' ~ paths | join(', ')
                    ~ ' lack required column(s) ' ~ missing | join(', ') ~ ' (the header has ' ~ columns | length
                    ~ ' column(s); is it comma-separated, complete, with one header line?)') -%}
            {%- endif -%}
            {%- do groups.append({'paths': paths, 'columns': columns, 'options':
                "header 'true', escape '\"', multiLine 'false', mode 'PERMISSIVE'"}) -%}
        {%- endfor -%}
    {%- elif reader.format == 'parquet' -%}
        {%- do groups.append({'paths': matched, 'columns': none, 'options': "mergeSchema 'true'"}) -%}
    {%- else -%}
        {%- set declared = [] -%}
        {%- for pair in modules.re.findall("'([^']+)'\s*:\s*'([^']+)'", reader.location) -%}
            {%- do declared.append('`' ~ pair[0] ~ '` ' ~ btim.spark_type_from_duckdb(pair[1])) -%}
        {%- endfor -%}
        {%- do groups.append({'paths': matched, 'columns': none, 'schema': declared, 'options': "mode 'PERMISSIVE'"}) -%}
    {%- endif -%}
    {%- if problems -%}
        {{ return(problems) }}
    {%- endif -%}
    {#- One unmanaged table per group, then the view: every column of every group by name. -#}
    {%- set all_columns = [] -%}
    {%- set seen = {} -%}
    {%- for group in groups -%}
        {%- set table = schema ~ '.' ~ node.identifier ~ '__files_' ~ loop.index -%}
        {%- set path = raw ~ '/' ~ ('{' ~ group.paths | join(',') ~ '}' if group.paths | length > 1 else group.paths[0]) -%}
        {%- do run_query('drop table if exists ' ~ table) -%}
        {%- do run_query('create table ' ~ table
            ~ (' (' ~ group.schema | join(', ') ~ ')' if group.get('schema') else '')
            ~ ' using ' ~ reader.format ~ " options (path '" ~ path ~ "', " ~ group.options ~ ")") -%}
        {%- if group.columns is none -%}
            {%- set group_columns = run_query('select * from ' ~ table ~ ' limit 0').column_names -%}
        {%- else -%}
            {%- set group_columns = group.columns -%}
        {%- endif -%}
        {%- do group.update({'table': table, 'column_list': group_columns}) -%}
        {%- for column in group_columns if (column | lower) not in seen -%}
            {%- do seen.update({column | lower: column}) -%}
            {%- do all_columns.append(column) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set selects = [] -%}
    {%- for group in groups -%}
        {%- set present = group.column_list | map('lower') | list -%}
        {%- set columns = [] -%}
        {%- for column in all_columns -%}
            {%- if (column | lower) in present -%}
                {%- do columns.append('`' ~ group.column_list[present.index(column | lower)] ~ '` as `' ~ column ~ '`') -%}
            {%- else -%}
                {%- do columns.append('cast(null as string) as `' ~ column ~ '`') -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set ordinality = '_metadata.row_index' if reader.format == 'parquet' else 'monotonically_increasing_id()' -%}
        {%- do selects.append('select ' ~ (columns + [filename ~ ' as filename', 'cast(' ~ ordinality ~ ' as bigint) as ordinality']) | join(', ')
            ~ ' from ' ~ group.table) -%}
    {%- endfor -%}
    {%- do run_query('create or replace view ' ~ view ~ ' as ' ~ selects | join(' union all ')) -%}
    {{ return(problems) }}
{%- endmacro %}
