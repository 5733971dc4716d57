-- One row per staged Kingdee or Yonyou GL line, in the common GL shape with its Chinese account
-- mapped to the group chart, so that the rest of the flow (conversion, cost pools) treats the
-- Chinese ledgers like SAP and NetSuite.
--   Account: the cn_account_crosswalk row whose code is the longest prefix of the line's code
--     (dots removed, so Kingdee's 6602.03.01 and Yonyou's 66020301 match the same row). A code
--     no row matches passes through unchanged: it matches no group mapping rule and stays
--     unmapped (IT scope, unallocated), visible rather than lost.
--   Input VAT (进项税额, crosswalk is_input_vat): recoverable VAT is a receivable, not cost,
--     and maps to the group's input-VAT account, which the group mapping excludes. For the
--     legal entities listed in var input_vat_as_cost_entities (VAT they cannot deduct, e.g. a
--     small-scale taxpayer 小规模纳税人) the VAT line takes the account and cost centre of its
--     voucher's largest expense line, so it is cost wherever that expense is.
--   Currency: a Yonyou line without a currency (币种) is in the entity's functional currency.
-- One row per line: the key is (source_system, source_entity_key, fiscal_year, document_line).

{%- set vat_entities = var('input_vat_as_cost_entities', []) %}

with kingdee_gl_lines as (

    select * from {{ ref('stg_kingdee__gl_lines') }}

),

yonyou_gl_lines as (

    select * from {{ ref('stg_yonyou__gl_lines') }}

),

account_crosswalk as (

    select
        cn_account_code,
        replace(cn_account_code, '.', '') as account_prefix,
        account_code,
        is_input_vat
    from {{ ref('cn_account_crosswalk') }}

),

legal_entities as (

    select * from {{ ref('stg_reference__legal_entities') }}

),

cn_gl_lines as (

    select * from kingdee_gl_lines
    union all
    select * from yonyou_gl_lines

),

accounts_in_ledger as (

    select distinct
        account_code as source_account_code,
        replace(account_code, '.', '') as account_digits
    from cn_gl_lines

),

crosswalk_candidates as (

    select
        accounts_in_ledger.source_account_code,
        account_crosswalk.cn_account_code,
        account_crosswalk.account_code,
        account_crosswalk.is_input_vat,
        row_number() over (
            partition by accounts_in_ledger.source_account_code
            order by length(account_crosswalk.account_prefix) desc
        ) as match_rank
    from accounts_in_ledger
    inner join account_crosswalk
        on accounts_in_ledger.account_digits like {{ dbt.concat(["account_crosswalk.account_prefix", "'%'"]) }}

),

crosswalk_matches as (

    select * from crosswalk_candidates
    where match_rank = 1

),

gl_lines_crosswalked as (

    select
        cn_gl_lines.*,
        coalesce(crosswalk_matches.account_code, cn_gl_lines.account_code) as group_account_code,
        crosswalk_matches.cn_account_code as crosswalk_account_code,
        coalesce(crosswalk_matches.is_input_vat, false) as is_input_vat,
        legal_entities.entity_id,
        legal_entities.functional_currency_code
    from cn_gl_lines
    left join crosswalk_matches
        on cn_gl_lines.account_code = crosswalk_matches.source_account_code
    left join legal_entities
        on
            cn_gl_lines.source_system = legal_entities.erp_system
            and cn_gl_lines.source_entity_key = legal_entities.source_entity_key

),

voucher_expense_lines as (

    select
        source_system,
        source_entity_key,
        fiscal_year,
        document_number,
        group_account_code,
        cost_center_code,
        row_number() over (
            partition by source_system, source_entity_key, fiscal_year, document_number
            order by abs(amount_local) desc, document_line
        ) as expense_rank
    from gl_lines_crosswalked
    where
        not is_input_vat
        and substr(group_account_code, 1, 1) in ('6', '7')

),

voucher_main_expenses as (

    select * from voucher_expense_lines
    where expense_rank = 1

),

gl_lines_vat_treated as (

    select
        gl_lines_crosswalked.*,
        voucher_main_expenses.group_account_code as voucher_expense_account_code,
        voucher_main_expenses.cost_center_code as voucher_expense_cost_center_code,
        case
            when not gl_lines_crosswalked.is_input_vat then cast(null as {{ dbt.type_string() }})
            {%- if vat_entities | length > 0 %}
            when gl_lines_crosswalked.entity_id in ('{{ vat_entities | join("', '") }}')
                and voucher_main_expenses.group_account_code is not null
                then 'input VAT as cost'
            when gl_lines_crosswalked.entity_id in ('{{ vat_entities | join("', '") }}')
                then 'input VAT excluded: voucher has no expense line'
            {%- endif %}
            else 'input VAT excluded'
        end as input_vat_treatment
    from gl_lines_crosswalked
    left join voucher_main_expenses
        on
            gl_lines_crosswalked.is_input_vat
            and gl_lines_crosswalked.source_system = voucher_main_expenses.source_system
            and gl_lines_crosswalked.source_entity_key = voucher_main_expenses.source_entity_key
            and gl_lines_crosswalked.fiscal_year = voucher_main_expenses.fiscal_year
            and gl_lines_crosswalked.document_number = voucher_main_expenses.document_number

),

gl_lines_mapped as (

    select
        source_system,
        source_entity_key,
        fiscal_year,
        posting_period,
        fiscal_month,
        posting_date,
        document_number,
        document_line,
        document_type,
        case
            when input_vat_treatment = 'input VAT as cost' then voucher_expense_account_code
            else group_account_code
        end as account_code,
        case
            when input_vat_treatment = 'input VAT as cost'
                then coalesce(cost_center_code, voucher_expense_cost_center_code)
            else cost_center_code
        end as cost_center_code,
        vendor_id,
        vendor_name,
        line_description,
        amount_local,
        local_currency_code,
        amount_transaction,
        coalesce(transaction_currency_code, functional_currency_code) as transaction_currency_code,
        is_reversal,
        source_file,
        source_line_number,
        account_code as source_account_code,
        source_account_name,
        crosswalk_account_code,
        project_code,
        is_input_vat,
        input_vat_treatment
    from gl_lines_vat_treated

)

select * from gl_lines_mapped
