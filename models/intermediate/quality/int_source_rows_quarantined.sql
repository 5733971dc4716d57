-- One row per source row that did not make it into the ledger, with where it came from and
-- why: rows that failed parsing or validation in staging, and staged GL lines that could not
-- be converted to the reporting currency. Nothing is dropped silently: every row read is
-- either staged or here (tests/assert_rows_read_equal_staged_plus_quarantined.sql).
-- The CTEs are generated from macros/staged_sources.sql, one per base model.

with
{% for staged_source in staged_sources() %}
{{ staged_source.base }} as (

    select
        '{{ staged_source.source }}' as source_name,
        source_file,
        source_line_number,
        'staging' as quarantine_stage,
        quarantine_reason,
        cast(null as decimal(18, 2)) as amount_local
    from {{ ref(staged_source.base) }}
    where quarantine_reason is not null

),
{% endfor %}

gl_lines_not_converted as (

    select
        case
            when source_system = 'sap_s4hana' then 'sap_s4hana.acdoca'
            when source_system = 'netsuite' then 'netsuite.gl_detail'
            when source_system = 'kingdee' then 'kingdee.vouchers'
            when source_system = 'yonyou' then 'yonyou.vouchers'
            else source_system
        end as source_name,
        source_file,
        source_line_number,
        'currency conversion' as quarantine_stage,
        conversion_issue as quarantine_reason,
        amount_local
    from {{ ref('int_gl_lines_converted_to_reporting_currency') }}
    where conversion_issue is not null

),

unioned as (

    {% for staged_source in staged_sources() %}
    select * from {{ staged_source.base }}
    union all
    {% endfor %}
    select * from gl_lines_not_converted

)

select * from unioned
