-- One row per budget line (version x month x entity x cost centre x account), mapped to its
-- sub-pool by the same mapping rules as the GL, those a budget line can meet (account range,
-- cost centre and validity month; a budget has no vendor or text, so vendor and keyword rules
-- do not apply; the lowest priority number wins) and converted to the reporting currency at the month's
-- average rate, rounded per line. ledger_status as in int_gl_lines_mapped_to_cost_pools:
-- mapped, unmapped (IT scope, no rule) or excluded (not IT spend); quarantined when there is
-- no rate for the line's currency and month.

with budget_lines as (

    select * from {{ ref('stg_reference__budget_lines') }}

),

account_mappings as (

    select * from {{ ref('int_gl_account_mapping_rules_in_force') }}
    where
        vendor_id is null
        and vendor_name_lower is null
        and description_keyword_lower is null

),

sub_pools as (

    select * from {{ ref('tbm_sub_pools') }}

),

fx_rates as (

    select * from {{ ref('stg_reference__fx_rates') }}
    where to_currency_code = '{{ var("reporting_currency") }}'

),

budget_keys as (

    select distinct
        account_code,
        coalesce(cost_center_code, '') as cost_center_key,
        {{ month_start('budget_month') }} as fiscal_month
    from budget_lines

),

account_rule_candidates as (

    select
        budget_keys.account_code,
        budget_keys.cost_center_key,
        budget_keys.fiscal_month,
        account_mappings.mapping_rule_id,
        account_mappings.treatment,
        account_mappings.sub_pool_id,
        row_number() over (
            partition by budget_keys.account_code, budget_keys.cost_center_key, budget_keys.fiscal_month
            order by account_mappings.priority, account_mappings.mapping_rule_id
        ) as match_rank
    from budget_keys
    inner join account_mappings
        on
            {{ dbt.safe_cast('budget_keys.account_code', dbt.type_bigint()) }}
            between account_mappings.account_code_from and account_mappings.account_code_to
            and (
                account_mappings.cost_center_code is null
                or account_mappings.cost_center_code = budget_keys.cost_center_key
            )
            and (
                account_mappings.valid_from_month is null
                or budget_keys.fiscal_month >= account_mappings.valid_from_month
            )
            and (
                account_mappings.valid_to_month is null
                or budget_keys.fiscal_month <= account_mappings.valid_to_month
            )

),

account_rules as (

    select * from account_rule_candidates
    where match_rank = 1

),

final as (

    select
        budget_lines.budget_version,
        {{ month_start('budget_lines.budget_month') }} as fiscal_month,
        budget_lines.entity_id,
        budget_lines.cost_center_code,
        budget_lines.account_code,
        budget_lines.amount_local,
        budget_lines.currency_code,
        account_rules.mapping_rule_id,
        case when account_rules.treatment = 'it_spend' then account_rules.sub_pool_id end as sub_pool_id,
        sub_pools.spend_type,
        fx_rates.average_rate as fx_rate,
        cast(round(budget_lines.amount_local * fx_rates.average_rate, 2) as decimal(18, 2)) as amount_reporting,
        case
            when fx_rates.average_rate is null then 'quarantined'
            when account_rules.treatment = 'excluded' then 'excluded'
            when account_rules.treatment = 'it_spend' then 'mapped'
            else 'unmapped'
        end as ledger_status,
        budget_lines.source_file,
        budget_lines.source_line_number
    from budget_lines
    left join account_rules
        on
            budget_lines.account_code = account_rules.account_code
            and coalesce(budget_lines.cost_center_code, '') = account_rules.cost_center_key
            and {{ month_start('budget_lines.budget_month') }} = account_rules.fiscal_month
    left join sub_pools
        on account_rules.treatment = 'it_spend' and account_rules.sub_pool_id = sub_pools.sub_pool_id
    left join fx_rates
        on
            {{ month_start('budget_lines.budget_month') }} = fx_rates.rate_month
            and budget_lines.currency_code = fx_rates.from_currency_code

)

select * from final
