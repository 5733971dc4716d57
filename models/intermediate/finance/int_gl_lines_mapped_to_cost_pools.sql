-- One row per GL line with its place in the cost-pool layer. The account mapping decides:
-- the rule with the lowest priority number whose account range holds the account wins, and
-- its id is kept on the line. ledger_status says what happens to the line:
--   mapped       IT spend mapped to a sub-pool
--   unmapped     no rule holds the account: IT scope, unallocated at the cost-pool layer
--   excluded     a rule marks the account as not IT spend (balance sheet, revenue, non-IT)
--   quarantined  the line could not be converted to the reporting currency

with gl_lines as (

    select * from {{ ref('int_gl_lines_converted_to_reporting_currency') }}

),

account_mappings as (

    select * from {{ ref('gl_account_mappings') }}

),

sub_pools as (

    select * from {{ ref('tbm_sub_pools') }}

),

accounts_in_ledger as (

    select distinct account_code
    from gl_lines

),

account_rule_candidates as (

    select
        accounts_in_ledger.account_code,
        account_mappings.mapping_rule_id,
        account_mappings.treatment,
        account_mappings.sub_pool_id,
        row_number() over (
            partition by accounts_in_ledger.account_code
            order by account_mappings.priority, account_mappings.mapping_rule_id
        ) as match_rank
    from accounts_in_ledger
    inner join account_mappings
        on {{ dbt.safe_cast('accounts_in_ledger.account_code', dbt.type_bigint()) }}
            between account_mappings.account_code_from and account_mappings.account_code_to

),

account_rules as (

    select * from account_rule_candidates
    where match_rank = 1

),

gl_lines_mapped as (

    select
        gl_lines.*,
        account_rules.mapping_rule_id,
        case when account_rules.treatment = 'it_spend' then account_rules.sub_pool_id end as sub_pool_id,
        sub_pools.cost_pool_id,
        sub_pools.spend_type,
        case
            when gl_lines.conversion_issue is not null then 'quarantined'
            when account_rules.treatment = 'excluded' then 'excluded'
            when account_rules.treatment = 'it_spend' then 'mapped'
            else 'unmapped'
        end as ledger_status
    from gl_lines
    left join account_rules
        on gl_lines.account_code = account_rules.account_code
    left join sub_pools
        on account_rules.treatment = 'it_spend' and account_rules.sub_pool_id = sub_pools.sub_pool_id

)

select * from gl_lines_mapped
