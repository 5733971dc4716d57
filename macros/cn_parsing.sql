{#
    Parsing helpers for the Chinese exports (Kingdee, Yonyou, Alibaba Cloud): see docs/china.md.
#}

{#-
    Provenance columns of a Chinese export. The sources read the UTF-8 copies that
    scripts/normalise_encodings.py writes under <raw>/_utf8/; source_file names the original
    file (relative to the raw folder), so an auditor opens the file the user exported. The copy
    keeps every line, so the line numbers are those of the original.
-#}
{% macro cn_raw_file_columns(filename_column='filename', ordinality_column='ordinality') -%}
    replace({{ filename_column }}, '{{ env_var("BTIM_RAW_PATH", "data/raw") }}/_utf8/', '') as source_file,
    cast(
        {{ ordinality_column }} - min({{ ordinality_column }}) over (partition by {{ filename_column }}) + 2
        as bigint
    ) as source_line_number
{%- endmacro %}

{#-
    A money string of a Chinese export as decimal(18, 2), or null. Chinese exports write a point
    for decimals and may write a comma for thousands ("1,250.00", what Excel shows), which is
    never ambiguous there, so commas are removed before parsing. Full-width digits are not
    accepted.
-#}
{% macro cn_parse_amount(column) -%}
    {{ parse_amount("replace(" ~ column ~ ", ',', '')") }}
{%- endmacro %}

{#- True when an amount text is absent: empty, or zero as some exports write the unused side. -#}
{% macro cn_amount_is_empty(text_column, amount_column) -%}
    ({{ text_column }} is null or {{ amount_column }} = 0)
{%- endmacro %}

{#-
    A currency as the Chinese ERPs write it (币别/币种: a name such as 人民币 or 美元, or an ISO
    code) as its ISO 4217 code; null when it is not recognised.
-#}
{% macro cn_currency_code(column) -%}
    case
        when upper(trim({{ column }})) in ('人民币', 'RMB', 'CNY', '本位币') then 'CNY'
        when upper(trim({{ column }})) in ('美元', 'USD') then 'USD'
        when upper(trim({{ column }})) in ('欧元', 'EUR') then 'EUR'
        when upper(trim({{ column }})) in ('港币', '港元', 'HKD') then 'HKD'
        when upper(trim({{ column }})) in ('日元', 'JPY') then 'JPY'
        when upper(trim({{ column }})) in ('英镑', 'GBP') then 'GBP'
        when upper(trim({{ column }})) in ('新加坡元', 'SGD') then 'SGD'
    end
{%- endmacro %}

{#-
    Full-width punctuation that Chinese input methods type in free-text dimension fields
    (：；，) turned into its ASCII form, so one pattern parses both.
-#}
{% macro cn_ascii_punctuation(column) -%}
    replace(replace(replace(trim({{ column }}), '：', ':'), '；', ';'), '，', ',')
{%- endmacro %}

{#-
    The columns of the common GL shape, in the order of stg_sap_s4hana__journal_lines and
    stg_netsuite__gl_lines, so the Chinese ledgers join their union by position. The Chinese
    model carries more columns (its Chinese account, project, VAT treatment) after these.
-#}
{% macro cn_gl_line_columns(relation_name=none) -%}
    {%- set columns = [
        'source_system', 'source_entity_key', 'fiscal_year', 'posting_period', 'fiscal_month',
        'posting_date', 'document_number', 'document_line', 'document_type', 'account_code',
        'cost_center_code', 'vendor_id', 'vendor_name', 'line_description', 'amount_local',
        'local_currency_code', 'amount_transaction', 'transaction_currency_code', 'is_reversal',
        'source_file', 'source_line_number'
    ] -%}
    {%- for column in columns -%}
        {%- if relation_name %}{{ relation_name }}.{% endif %}{{ column }}{% if not loop.last %},
        {% endif %}
    {%- endfor -%}
{%- endmacro %}

{#-
    Alibaba Cloud instance tags (实例标签), written "key1:value1;key2:value2", as a JSON object
    text ('{}' when there is none). A pair without a colon is a key with an empty value; the
    value is everything after the first colon, so values may hold colons (URLs). Keys are kept
    as written (case included). Callers check cn_tag_keys_are_unique first: a map cannot hold
    one key twice.
-#}
{% macro cn_tags_json(column) -%}
    {{ return(adapter.dispatch('cn_tags_json', 'btim')(column)) }}
{%- endmacro %}

{% macro default__cn_tags_json(column) -%}
    cast(to_json(map_from_entries(list_transform(
        list_filter(string_split(coalesce({{ column }}, ''), ';'), lambda pair: trim(pair) <> ''),
        lambda pair: {
            'key': trim(case when strpos(pair, ':') > 0 then substr(pair, 1, strpos(pair, ':') - 1) else pair end),
            'value': trim(case when strpos(pair, ':') > 0 then substr(pair, strpos(pair, ':') + 1) else '' end)
        }
    ))) as {{ dbt.type_string() }})
{%- endmacro %}

{% macro spark__cn_tags_json(column) -%}
    to_json(str_to_map(coalesce({{ column }}, ''), ';', ':'))
{%- endmacro %}

{% macro cn_tag_keys_are_unique(column) -%}
    {{ return(adapter.dispatch('cn_tag_keys_are_unique', 'btim')(column)) }}
{%- endmacro %}

{% macro default__cn_tag_keys_are_unique(column) -%}
    (
        len(list_distinct(list_transform(
            list_filter(string_split(coalesce({{ column }}, ''), ';'), lambda pair: trim(pair) <> ''),
            lambda pair: trim(case when strpos(pair, ':') > 0 then substr(pair, 1, strpos(pair, ':') - 1) else pair end)
        )))
        = len(list_filter(string_split(coalesce({{ column }}, ''), ';'), lambda pair: trim(pair) <> ''))
    )
{%- endmacro %}

{% macro spark__cn_tag_keys_are_unique(column) -%}
    (
        size(array_distinct(transform(
            filter(split(coalesce({{ column }}, ''), ';'), pair -> trim(pair) <> ''),
            pair -> trim(split(pair, ':')[0])
        )))
        = size(filter(split(coalesce({{ column }}, ''), ';'), pair -> trim(pair) <> ''))
    )
{%- endmacro %}

{#-
    The import select of a Chinese layout's base model. The source reads the UTF-8 copies that
    scripts/normalise_encodings.py writes under <raw>/_utf8/<folder>/. At execution time:
      * copies exist: read the source;
      * no copy, and no export in <raw>/<folder>/ either (a group without this product): a select
        of no rows with the layout's columns (source meta `layout_columns`), so the build goes on;
      * no copy but exports in <raw>/<folder>/: stop with a message saying to run the pre-step
        (DuckDB alone would say only that no file matches, or nothing at all).
    At parse time it is the source select, so lineage is complete.
-#}
{% macro cn_source_select(source_name, table_name, folder) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if execute -%}
        {%- set raw = env_var('BTIM_RAW_PATH', 'data/raw') -%}
        {%- set copies = btim.raw_file_count(raw ~ "/_utf8/" ~ folder ~ "/*.csv") -%}
        {%- if copies == 0 -%}
            {%- set exports = btim.raw_file_count(raw ~ "/" ~ folder ~ "/*.csv") -%}
            {%- if exports > 0 -%}
                {{ exceptions.raise_compiler_error(
                    "The " ~ folder ~ " exports under " ~ raw ~ "/" ~ folder ~ " have no UTF-8 copies in "
                    ~ raw ~ "/_utf8/" ~ folder ~ ": run `python -m scripts.normalise_encodings --raw " ~ raw
                    ~ "` before dbt build (it detects GBK/UTF-8 and writes them; see docs/china.md)") }}
            {%- endif -%}
            {%- set node = graph.sources['source.' ~ project_name ~ '.' ~ source_name ~ '.' ~ table_name] -%}
            {%- set meta = node.config.meta if node.config.meta else node.meta -%}
    select
        cast(null as {{ dbt.type_string() }}) as filename,
        cast(null as bigint) as ordinality,
        {%- for column in meta['layout_columns'] %}
        cast(null as {{ dbt.type_string() }}) as {{ adapter.quote(column) }}{{ ',' if not loop.last }}
        {%- endfor %}
    from (select 1 as no_file) as no_files
    where 1 = 0
            {%- else %}
    select * from {{ relation }}
            {%- endif -%}
    {%- else %}
    select * from {{ relation }}
    {%- endif -%}
{%- endmacro %}
