{#
    Provenance columns every base model carries: the file a row came from, relative to the raw
    folder (so two machines with different raw paths build identical marts), and its line in
    that file (line 1 is the header). Sources expose `filename` and an `ordinality` that
    increases in file order within each file (DuckDB: read "with ordinality"); numbering the
    rows of each file by it gives the line whatever the engine's numbering across files.
    Assumes no quoted line breaks inside fields, which none of the supported exports write.
#}
{% macro raw_file_columns(filename_column='filename', ordinality_column='ordinality') -%}
    replace({{ filename_column }}, '{{ env_var("BTIM_RAW_PATH", "data/raw") }}/', '') as source_file,
    cast(
        row_number() over (partition by {{ filename_column }} order by {{ ordinality_column }}) + 1
        as bigint
    ) as source_line_number
{%- endmacro %}
