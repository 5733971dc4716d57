{#
    Provenance columns every base model carries: the file a row came from, relative to the raw
    folder (so two machines with different raw paths build identical marts), and its line in
    that file (line 1 is the header). Sources are read "with ordinality", which numbers rows in
    file order across the files of a folder; the first data row of each file is line 2.
    Assumes no quoted line breaks inside fields, which none of the supported exports write.
#}
{% macro raw_file_columns(filename_column='filename', ordinality_column='ordinality') -%}
    replace({{ filename_column }}, '{{ env_var("BTIM_RAW_PATH", "data/raw") }}/', '') as source_file,
    cast(
        {{ ordinality_column }} - min({{ ordinality_column }}) over (partition by {{ filename_column }}) + 2
        as bigint
    ) as source_line_number
{%- endmacro %}
