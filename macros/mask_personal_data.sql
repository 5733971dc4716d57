{#
    Personal data in GL texts: the rule.

    GL line texts and counterparty names can hold the names of people: "Travel reimbursement
    Anna Schmidt", "Expense report Rajesh Kumar", a NetSuite expense report whose Name is the
    employee. Unless var `allow_personal_data` is true, int_gl_lines_converted_to_reporting_currency
    (and so everything downstream of it, every mart included) masks:

      1. every known person's name, anywhere in line_description or vendor_name, case-insensitive:
         cost-centre owners (stg_reference__cost_centers.owner_name), vendors of category
         `employee` (stg_reference__vendors) and the counterparties of expense reports
         (NetSuite lines of type `Expense Report`);
      2. whatever follows a reimbursement keyword and a separator ("reimbursement", "expense
         report", "expense claim", "报销"), since an ERP like SAP names the employee only in
         the text: "Travel reimbursement Jennifer Lee" -> "Travel reimbursement [personal data]".

    The mask is the text `[personal data]`. Amounts, keys and every other column are untouched,
    so masking never changes a total. Staging keeps the texts as delivered (it is not public).

    The names are read when the model runs and inlined as one constant pattern: a pattern read
    from a column is recompiled on every row (measured: minutes for 100k rows on DuckDB, against
    0.2 s for the constant). So the compiled SQL under target/ holds the names: keep target/
    private (it is git-ignored).
#}

{% macro personal_data_mask() -%}
[personal data]
{%- endmacro %}

{% macro personal_data_keywords_pattern() -%}
(?i)((?:reimbursement|expense report|expense claim|报销)(?: for| of| to)?[ :：-]+)[^ ].*$
{%- endmacro %}

{#- Escape a name for a regular expression without backslashes (Spark SQL treats a backslash in
    a string literal as an escape): metacharacters go in a one-character class, and the few that
    cannot (] [ \ ^) become a dot that matches any character. Quotes are doubled for SQL. -#}
{% macro regex_literal(text) -%}
    {%- set specials = {'.': '[.]', '(': '[(]', ')': '[)]', '*': '[*]', '+': '[+]', '?': '[?]',
        '|': '[|]', '$': '[$]', '{': '[{]', '}': '[}]', '[': '.', ']': '.', '\\': '.', '^': '.'} -%}
    {%- set ns = namespace(out='') -%}
    {%- for char in text -%}
        {%- set ns.out = ns.out ~ specials.get(char, char) -%}
    {%- endfor -%}
    {{- ns.out | replace("'", "''") -}}
{%- endmacro %}

{#- The names to mask, longest first (so "Anna Schmidt-Weber" wins over "Anna Schmidt"), read from
    the staged master data and ledger. Empty at parse time and when the relations do not exist yet
    (dbt compile on an empty warehouse). -#}
{% macro personal_names() -%}
    {%- if not execute or var('allow_personal_data', false) -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set cost_centers = load_relation(ref('stg_reference__cost_centers')) -%}
    {%- set vendors = load_relation(ref('stg_reference__vendors')) -%}
    {%- set netsuite_lines = load_relation(ref('stg_netsuite__gl_lines')) -%}
    {%- set selects = [] -%}
    {%- if cost_centers is not none -%}
        {%- do selects.append('select owner_name as person_name from ' ~ cost_centers) -%}
    {%- endif -%}
    {%- if vendors is not none -%}
        {%- do selects.append('select vendor_name as person_name from ' ~ vendors
            ~ " where lower(vendor_category) = 'employee'") -%}
    {%- endif -%}
    {%- if netsuite_lines is not none -%}
        {%- do selects.append('select vendor_name as person_name from ' ~ netsuite_lines
            ~ " where document_type = 'Expense Report'") -%}
    {%- endif -%}
    {%- if selects | length == 0 -%}
        {{- return([]) -}}
    {%- endif -%}
    {%- set query -%}
        select distinct trim(person_name) as person_name
        from ({{ selects | join(' union all ') }}) as people
        where person_name is not null and length(trim(person_name)) >= 3
        order by length(trim(person_name)) desc, 1
    {%- endset -%}
    {%- set result = run_query(query) -%}
    {{- return(result.columns[0].values() | list) -}}
{%- endmacro %}

{#- A SQL expression: `column` with the personal data masked (or as is when allowed). -#}
{% macro mask_personal_data(column, names) -%}
    {%- if var('allow_personal_data', false) -%}
        {{ column }}
    {%- else -%}
        {%- set masked = btim.regexp_replace_all(column, personal_data_keywords_pattern(), '\\1' ~ personal_data_mask()) -%}
        {%- if names | length > 0 -%}
            {%- set alternatives = [] -%}
            {%- for name in names -%}
                {%- do alternatives.append(btim.regex_literal(name)) -%}
            {%- endfor -%}
            {%- set masked = btim.regexp_replace_all(masked, '(?i)(' ~ alternatives | join('|') ~ ')', personal_data_mask()) -%}
        {%- endif -%}
        {{ masked }}
    {%- endif -%}
{%- endmacro %}

{#- Replace every match. `replacement` writes back-references as \1; Spark wants $1. -#}
{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'btim')(expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement | replace('\\', '$') }}')
{%- endmacro %}
