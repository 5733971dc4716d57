-- Every GL mapping rule can be read one way only. One row per breach: no condition at all; the
-- condition its rule_type names is empty; an account range with one end only or reversed; an
-- it_spend rule without a sub-pool or an excluded rule with one; valid_to before valid_from.

with mapping_rules as (
    select * from {{ ref('gl_account_mappings') }}
),

checked as (

    select
        mapping_rule_id,
        case
            when
                account_code_from is null and account_code_to is null
                and nullif(trim(cost_center_code), '') is null and nullif(trim(vendor_id), '') is null
                and nullif(trim(vendor_name), '') is null and nullif(trim(description_keyword), '') is null
                then 'rule has no condition'
            when (account_code_from is null) <> (account_code_to is null)
                then 'account range needs both ends'
            when account_code_from > account_code_to
                then 'account range is reversed'
            when rule_type = 'account_range' and account_code_from is null
                then 'account_range rule without an account range'
            when
                rule_type = 'account_range'
                and coalesce(
                    nullif(trim(cost_center_code), ''), nullif(trim(vendor_id), ''),
                    nullif(trim(vendor_name), ''), nullif(trim(description_keyword), '')
                ) is not null
                then 'account_range rule with other conditions: give it the type of its most specific one'
            when rule_type = 'cost_center' and nullif(trim(cost_center_code), '') is null
                then 'cost_center rule without a cost centre'
            when rule_type = 'vendor' and nullif(trim(vendor_id), '') is null and nullif(trim(vendor_name), '') is null
                then 'vendor rule without a vendor id or name'
            when rule_type = 'description_keyword' and nullif(trim(description_keyword), '') is null
                then 'description_keyword rule without a keyword'
            when treatment = 'it_spend' and sub_pool_id is null
                then 'it_spend rule without a sub-pool'
            when treatment = 'excluded' and sub_pool_id is not null
                then 'excluded rule with a sub-pool'
            when valid_to < valid_from
                then 'valid_to is before valid_from'
        end as breach
    from mapping_rules

)

select * from checked
where breach is not null
