-- One row per staged GL line of either ERP, joined to its legal entity and converted to the
-- reporting currency at the month's average rate (P&L convention). Lines whose entity or rate
-- is unknown keep a null reporting amount and say why in conversion_issue; they are
-- quarantined downstream rather than dropped.
-- Personal data (people's names in line texts and counterparty names) is masked here, so that
-- every model downstream is masked, unless var allow_personal_data is true: see
-- macros/mask_personal_data.sql for the rule.
-- Incremental by fiscal month (macros/incremental_by_month.sql), unlike the folder's tables:
-- this is the largest fact of the ledger, and a new month should not convert every earlier one
-- again. A month is rebuilt when its lines, its rates, the legal entities or the masking
-- settings changed.
-- depends_on: {{ ref('stg_reference__cost_centers') }}
-- depends_on: {{ ref('stg_reference__vendors') }}
{{ config(**incremental_by_month_config('fiscal_month')) }}
{%- set personal_names = personal_names() %}
{%- set gl_line_columns = cn_gl_line_columns().split(',') | map('trim') | list %}
{%- set settings_fingerprint = local_md5(
    (personal_names | join('|')) ~ '|' ~ var('allow_personal_data') ~ '|' ~ var('reporting_currency')) %}

with sap_journal_lines as {{ not_materialized() }} (

    select * from {{ ref('stg_sap_s4hana__journal_lines') }}

),

netsuite_gl_lines as {{ not_materialized() }} (

    select * from {{ ref('stg_netsuite__gl_lines') }}

),

cn_gl_lines as {{ not_materialized() }} (

    -- Kingdee and Yonyou, mapped to the group chart (docs/china.md)
    select {{ cn_gl_line_columns() }}
    from {{ ref('int_cn_gl_lines_mapped_to_group_accounts') }}

),

legal_entities as (

    select * from {{ ref('stg_reference__legal_entities') }}

),

fx_rates as (

    select * from {{ ref('stg_reference__fx_rates') }}
    where to_currency_code = '{{ var("reporting_currency") }}'

),

gl_lines_unioned as {{ not_materialized() }} (

    select * from sap_journal_lines
    union all
    select * from netsuite_gl_lines
    union all
    select * from cn_gl_lines

),

line_fingerprints_by_month as (

    select
        fiscal_month,
        {{ input_fingerprint(gl_line_columns) }} as lines_fingerprint
    from gl_lines_unioned
    group by fiscal_month

),

entities_fingerprint as (

    select
        {{ input_fingerprint(['erp_system', 'source_entity_key', 'entity_id', 'functional_currency_code']) }}
            as entities_fingerprint
    from legal_entities

),

-- Everything a month's rows are computed from: its lines and rates, the legal entities, the
-- names to mask and the settings (the same for every month).
input_fingerprints as (

    {{ month_input_fingerprints('line_fingerprints_by_month', 'fiscal_month', 'fx_rates', [
        "(select entities_fingerprint from entities_fingerprint)",
        "'" ~ settings_fingerprint ~ "'"
    ]) }}

),

months_to_build as (

    {{ months_to_build('input_fingerprints', 'fiscal_month') }}

),

gl_lines_to_build as (

    select gl_lines_unioned.*
    from gl_lines_unioned
    inner join months_to_build
        on gl_lines_unioned.fiscal_month = months_to_build.fiscal_month

),

gl_lines_joined_to_entities as (

    select
        gl_lines_to_build.*,
        legal_entities.entity_id,
        legal_entities.functional_currency_code
    from gl_lines_to_build
    left join legal_entities
        on
            gl_lines_to_build.source_system = legal_entities.erp_system
            and gl_lines_to_build.source_entity_key = legal_entities.source_entity_key

),

gl_lines_converted as (

    select
        {{ dbt.hash(dbt.concat([
            "gl_lines_joined_to_entities.source_system", "'|'",
            "gl_lines_joined_to_entities.source_entity_key", "'|'",
            "cast(gl_lines_joined_to_entities.fiscal_year as " ~ dbt.type_string() ~ ")", "'|'",
            "gl_lines_joined_to_entities.document_number", "'|'",
            "gl_lines_joined_to_entities.document_line"
        ])) }} as gl_line_id,
        gl_lines_joined_to_entities.source_system,
        gl_lines_joined_to_entities.entity_id,
        gl_lines_joined_to_entities.source_entity_key,
        gl_lines_joined_to_entities.fiscal_month,
        gl_lines_joined_to_entities.fiscal_year,
        gl_lines_joined_to_entities.posting_period,
        gl_lines_joined_to_entities.posting_date,
        gl_lines_joined_to_entities.document_number,
        gl_lines_joined_to_entities.document_line,
        gl_lines_joined_to_entities.document_type,
        gl_lines_joined_to_entities.account_code,
        gl_lines_joined_to_entities.cost_center_code,
        gl_lines_joined_to_entities.vendor_id,
        {{ mask_personal_data('gl_lines_joined_to_entities.vendor_name', personal_names) }} as vendor_name,
        {{ mask_personal_data('gl_lines_joined_to_entities.line_description', personal_names) }}
            as line_description,
        gl_lines_joined_to_entities.is_reversal,
        gl_lines_joined_to_entities.amount_local,
        coalesce(
            gl_lines_joined_to_entities.local_currency_code,
            gl_lines_joined_to_entities.functional_currency_code
        ) as local_currency_code,
        gl_lines_joined_to_entities.amount_transaction,
        gl_lines_joined_to_entities.transaction_currency_code,
        fx_rates.average_rate as fx_rate,
        cast(round(gl_lines_joined_to_entities.amount_local * fx_rates.average_rate, 2) as decimal(18, 2))
            as amount_reporting,
        '{{ var("reporting_currency") }}' as reporting_currency_code,
        case
            when gl_lines_joined_to_entities.entity_id is null
                then 'unknown legal entity ' || gl_lines_joined_to_entities.source_entity_key
            when
                gl_lines_joined_to_entities.local_currency_code is not null
                and gl_lines_joined_to_entities.local_currency_code
                <> gl_lines_joined_to_entities.functional_currency_code
                then
                    'local currency ' || gl_lines_joined_to_entities.local_currency_code
                    || ' differs from the entity currency ' || gl_lines_joined_to_entities.functional_currency_code
            when fx_rates.average_rate is null
                then 'no FX rate for ' || coalesce(
                    gl_lines_joined_to_entities.local_currency_code,
                    gl_lines_joined_to_entities.functional_currency_code
                ) || ' in ' || cast(gl_lines_joined_to_entities.fiscal_month as {{ dbt.type_string() }})
        end as conversion_issue,
        gl_lines_joined_to_entities.source_file,
        gl_lines_joined_to_entities.source_line_number,
        input_fingerprints.month_input_fingerprint
    from gl_lines_joined_to_entities
    inner join input_fingerprints
        on gl_lines_joined_to_entities.fiscal_month = input_fingerprints.fiscal_month
    left join fx_rates
        on
            gl_lines_joined_to_entities.fiscal_month = fx_rates.rate_month
            and coalesce(
                gl_lines_joined_to_entities.local_currency_code,
                gl_lines_joined_to_entities.functional_currency_code
            ) = fx_rates.from_currency_code

)

select * from gl_lines_converted
