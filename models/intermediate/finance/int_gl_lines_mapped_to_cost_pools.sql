-- One row per GL line with its place in the cost-pool layer. The mapping rules in force
-- (int_gl_account_mapping_rules_in_force: the seed now, or the snapshot as of var('as_of'))
-- decide: a rule holds for a line when every condition it fills holds (account range, cost
-- centre, vendor id, vendor name, description keyword) and the line's fiscal month is within
-- the rule's validity months; among those, the lowest priority number wins, then the lowest
-- rule id. The winning rule's id and type are kept on the line. ledger_status says what
-- happens to the line:
--   mapped       IT spend mapped to a sub-pool
--   unmapped     no rule holds: IT scope, unallocated at the cost-pool layer
--   excluded     the winning rule marks the line as not IT spend (balance sheet, revenue, non-IT)
--   quarantined  the line could not be converted to the reporting currency
-- With var('as_of') set, only lines posted on or before that date and of fiscal months up to
-- its month are kept: the ledger as it stood then.

-- Incremental by fiscal month (macros/incremental_by_month.sql), as the converted lines it
-- reads: a month is rebuilt when its lines (their own month fingerprint), the mapping rules in
-- force, the vendors, the sub-pools or var('as_of') changed.

{{ config(**incremental_by_month_config('fiscal_month')) }}
{%- set as_of = var('as_of') %}

with gl_lines as {{ not_materialized() }} (

    select * from {{ ref('int_gl_lines_converted_to_reporting_currency') }}
    {% if as_of %}
    where
        posting_date <= cast('{{ as_of }}' as date)
        and fiscal_month <= {{ month_start("cast('" ~ as_of ~ "' as date)") }}
    {% endif %}

),

mapping_rules as (

    select * from {{ ref('int_gl_account_mapping_rules_in_force') }}

),

vendors as (

    select * from {{ ref('stg_reference__vendors') }}

),

sub_pools as (

    select * from {{ ref('tbm_sub_pools') }}

),

line_fingerprints_by_month as (

    select distinct
        fiscal_month,
        month_input_fingerprint as lines_fingerprint
    from gl_lines

),

global_fingerprints as (

    select {{ dbt.concat([
        "(select " ~ input_fingerprint(['mapping_rule_id', 'rule_type', 'account_code_from', 'account_code_to',
            'cost_center_code', 'vendor_id', 'vendor_name_lower', 'description_keyword_lower', 'treatment',
            'sub_pool_id', 'priority', 'valid_from_month', 'valid_to_month']) ~ " from mapping_rules)", "'|'",
        "(select " ~ input_fingerprint(['vendor_id', 'vendor_name']) ~ " from vendors)", "'|'",
        "(select " ~ input_fingerprint(['sub_pool_id', 'cost_pool_id', 'spend_type']) ~ " from sub_pools)"
    ]) }} as globals_fingerprint

),

input_fingerprints as (

    select
        line_fingerprints_by_month.fiscal_month,
        {{ dbt.hash(dbt.concat([
            "line_fingerprints_by_month.lines_fingerprint", "'|'",
            "global_fingerprints.globals_fingerprint", "'|'",
            "'" ~ as_of ~ "'"
        ])) }} as month_input_fingerprint
    from line_fingerprints_by_month
    cross join global_fingerprints

),

months_to_build as (

    {{ months_to_build('input_fingerprints', 'fiscal_month') }}

),

gl_lines_to_build as {{ not_materialized() }} (

    select gl_lines.*
    from gl_lines
    inner join months_to_build
        on gl_lines.fiscal_month = months_to_build.fiscal_month

),

gl_lines_with_vendor_names as (

    select
        gl_lines.gl_line_id,
        gl_lines.fiscal_month,
        {{ dbt.safe_cast('gl_lines.account_code', dbt.type_bigint()) }} as account_number,
        gl_lines.cost_center_code,
        gl_lines.vendor_id,
        lower(coalesce(gl_lines.vendor_name, vendors.vendor_name)) as vendor_name_lower,
        lower(gl_lines.line_description) as line_description_lower
    from gl_lines_to_build as gl_lines
    left join vendors
        on gl_lines.vendor_id = vendors.vendor_id

),

rule_candidates as (

    select
        gl_lines_with_vendor_names.gl_line_id,
        mapping_rules.mapping_rule_id,
        mapping_rules.rule_type,
        mapping_rules.treatment,
        mapping_rules.sub_pool_id,
        row_number() over (
            partition by gl_lines_with_vendor_names.gl_line_id
            order by mapping_rules.priority, mapping_rules.mapping_rule_id
        ) as match_rank
    from gl_lines_with_vendor_names
    inner join mapping_rules
        on
            (
                mapping_rules.account_code_from is null
                or gl_lines_with_vendor_names.account_number
                between mapping_rules.account_code_from and mapping_rules.account_code_to
            )
            and (
                mapping_rules.cost_center_code is null
                or gl_lines_with_vendor_names.cost_center_code = mapping_rules.cost_center_code
            )
            and (
                mapping_rules.vendor_id is null
                or gl_lines_with_vendor_names.vendor_id = mapping_rules.vendor_id
            )
            and (
                mapping_rules.vendor_name_lower is null
                or gl_lines_with_vendor_names.vendor_name_lower = mapping_rules.vendor_name_lower
            )
            and (
                mapping_rules.description_keyword_lower is null
                or gl_lines_with_vendor_names.line_description_lower
                like '%' || mapping_rules.description_keyword_lower || '%'
            )
            and (
                mapping_rules.valid_from_month is null
                or gl_lines_with_vendor_names.fiscal_month >= mapping_rules.valid_from_month
            )
            and (
                mapping_rules.valid_to_month is null
                or gl_lines_with_vendor_names.fiscal_month <= mapping_rules.valid_to_month
            )

),

winning_rules as (

    select * from rule_candidates
    where match_rank = 1

),

gl_lines_mapped as (

    select
        {{ star_except('gl_lines', ['month_input_fingerprint']) }},
        input_fingerprints.month_input_fingerprint,
        winning_rules.mapping_rule_id,
        winning_rules.rule_type as mapping_rule_type,
        case when winning_rules.treatment = 'it_spend' then winning_rules.sub_pool_id end as sub_pool_id,
        sub_pools.cost_pool_id,
        sub_pools.spend_type,
        case
            when gl_lines.conversion_issue is not null then 'quarantined'
            when winning_rules.treatment = 'excluded' then 'excluded'
            when winning_rules.treatment = 'it_spend' then 'mapped'
            else 'unmapped'
        end as ledger_status
    from gl_lines_to_build as gl_lines
    inner join input_fingerprints
        on gl_lines.fiscal_month = input_fingerprints.fiscal_month
    left join winning_rules
        on gl_lines.gl_line_id = winning_rules.gl_line_id
    left join sub_pools
        on winning_rules.treatment = 'it_spend' and winning_rules.sub_pool_id = sub_pools.sub_pool_id

)

select * from gl_lines_mapped
