{#
    on-run-start hook (dbt_project.yml): check every raw file before any model reads it.

    For every source table that declares
        config:
          meta:
            required_columns: [RBUKRS, BELNR, ...]
    and reads files through meta.external_location (read_csv('<glob>', ...)), each file matching
    the glob is opened with the same read_csv options as the source, and the build stops with one
    error listing every file that
      - is empty (0 bytes: not even a header line);
      - is not UTF-8 (with the first line and column DuckDB could not decode, e.g. a Latin-1
        export): re-export it as UTF-8;
      - lacks required columns (matched by name, case-insensitively, surrounding spaces ignored),
        naming the missing ones and the columns the header does have, which shows a wrong
        delimiter at a glance (one column named "RCLNT;RLDNR;...").
    A folder without any file is reported as a warning only: the source's own read then fails
    if a model needs it.

    The encoding check reads each file once as a blob (compressed files are left to DuckDB's
    reader); files above var
    `required_columns_encoding_check_max_bytes` (256 MB by default) are skipped, and DuckDB's own
    reader error (which names the file and line) applies to them.
#}
{% macro check_required_columns() -%}
    {{ return(adapter.dispatch('check_required_columns', 'btim')()) }}
{%- endmacro %}

{% macro default__check_required_columns() -%}
    {%- do log('check_required_columns: only implemented for DuckDB file sources; skipped on ' ~ target.type, info=true) -%}
{%- endmacro %}

{% macro duckdb__check_required_columns() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set max_bytes = var('required_columns_encoding_check_max_bytes', 268435456) | int -%}
    {%- set problems = [] -%}
    {%- set checked = namespace(files=0, sources=0) -%}
    {%- for node in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- set meta = node.config.get('meta', {}) or node.get('meta', {}) -%}
        {%- set required = meta.get('required_columns') or node.get('meta', {}).get('required_columns') -%}
        {%- set location = meta.get('external_location') or node.get('meta', {}).get('external_location') -%}
        {%- if required and location and 'read_csv(' in location -%}
            {%- set checked.sources = checked.sources + 1 -%}
            {%- set filled = namespace(location=location | replace('{name}', node.name) | replace('{identifier}', node.identifier)) -%}
            {#- dbt-duckdb's `formatter: template` fills $key / ${key} from the meta. -#}
            {%- for key, value in meta.items() if value is string and key != 'external_location' -%}
                {%- set filled.location = filled.location | replace('${' ~ key ~ '}', value) | replace('$' ~ key, value) -%}
            {%- endfor -%}
            {%- set location = filled.location -%}
            {%- set pattern = location.split("'")[1] -%}
            {%- set source_label = node.source_name ~ '.' ~ node.name -%}
            {%- set files = run_query("select file from glob('" ~ pattern ~ "') order by file").rows -%}
            {%- if files | length == 0 -%}
                {%- do log('check_required_columns: warning: source ' ~ source_label ~ ' has no file matching ' ~ pattern, info=true) -%}
            {%- endif -%}
            {%- for file_row in files -%}
                {%- set path = file_row[0] -%}
                {%- set checked.files = checked.files + 1 -%}
                {%- set sql_path = path | replace("'", "''") -%}
                {%- set size = run_query("select size from read_blob('" ~ sql_path ~ "')").rows[0][0] -%}
                {%- if size == 0 -%}
                    {%- do problems.append(source_label ~ ': file ' ~ path ~ ' is empty (0 bytes, no header line); deliver the header at least') -%}
                {%- elif size <= max_bytes and not (path | lower).endswith(('.gz', '.zst', '.bz2', '.xz'))
                    and run_query("select try(decode(content)) is null from read_blob('" ~ sql_path ~ "')").rows[0][0] -%}
                    {%- set where = btim.first_encoding_error(sql_path) -%}
                    {%- do problems.append(source_label ~ ': file ' ~ path ~ ' is not UTF-8 encoded' ~ where ~ '; re-export it as UTF-8') -%}
                {%- else -%}
                    {%- set reader = location.split(' with ordinality')[0] | replace("'" ~ pattern ~ "'", "'" ~ sql_path ~ "'") -%}
                    {%- set described = run_query('describe select * from ' ~ reader).rows -%}
                    {%- set found = [] -%}
                    {%- for column in described -%}
                        {%- if column[0] not in ('filename', 'ordinality') -%}
                            {%- do found.append(column[0] | trim | lower) -%}
                        {%- endif -%}
                    {%- endfor -%}
                    {%- set missing = [] -%}
                    {%- for column in required -%}
                        {%- if (column | trim | lower) not in found -%}
                            {%- do missing.append(column) -%}
                        {%- endif -%}
                    {%- endfor -%}
                    {%- if missing -%}
                        {%- set shown = found[:8] | join(', ') ~ (', ...' if found | length > 8 else '') -%}
                        {%- do problems.append(source_label ~ ': file ' ~ path ~ ' lacks required column(s) '
                            ~ missing | join(', ') ~ ' (its header has ' ~ found | length ~ ' column(s): ' ~ shown
                            ~ '; is it comma-separated, complete, with one header line?)') -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error('Raw files fail the landing contract (docs/raw_exports.md):\n  - ' ~ problems | join('\n  - ')) }}
    {%- endif -%}
    {%- do log('check_required_columns: ' ~ checked.files ~ ' file(s) of ' ~ checked.sources ~ ' source(s) have their required columns', info=true) -%}
    {{ return('') }}
{%- endmacro %}

{#- ' (line N, column C)' for the first byte sequence DuckDB cannot decode as UTF-8, or ''.
    Every column is read (a count(*) would skip decoding them and find nothing). -#}
{% macro first_encoding_error(sql_path) -%}
    {%- do run_query(
        "select max(length(concat_ws('|', columns(*)))) from read_csv('" ~ sql_path ~ "', all_varchar = true, header = true,"
        ~ " null_padding = true, ignore_errors = true, store_rejects = true,"
        ~ " rejects_table = 'btim_encoding_rejects', rejects_scan = 'btim_encoding_reject_scans')") -%}
    {%- set first = run_query("select line, column_name from btim_encoding_rejects order by line limit 1").rows -%}
    {%- if first | length > 0 -%}
        {{ return(' (line ' ~ first[0][0] ~ ', column ' ~ first[0][1] ~ ')') }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
