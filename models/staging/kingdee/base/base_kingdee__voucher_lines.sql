-- Every Kingdee K/3 Cloud voucher entry line as read, parsed, with the reason it cannot be
-- staged. Debit (借方金额) and credit (贷方金额) arrive unsigned in two columns, in the account
-- book's currency; a red-letter (红字) reversal writes a negative amount in the same column.
-- The auxiliary accounting dimensions (核算维度) arrive as one text such as
-- "部门:IT100 信息技术部;项目:P001 ERP升级;供应商:S001 阿里云计算有限公司": the department is
-- the cost centre, the supplier the vendor.

with source as (

    {{ cn_source_select('kingdee', 'vouchers', 'erp/kingdee') }}

),

parsed as (

    select
        {{ cn_raw_file_columns() }},
        nullif(trim({{ adapter.quote('账簿') }}), '') as account_book,
        {{ parse_date(adapter.quote('日期'), '%Y-%m-%d') }} as voucher_date,
        {{ dbt.safe_cast("trim(" ~ adapter.quote('会计年度') ~ ")", "integer") }} as fiscal_year,
        {{ dbt.safe_cast("trim(" ~ adapter.quote('期间') ~ ")", "integer") }} as posting_period,
        nullif(trim({{ adapter.quote('凭证字') }}), '') as voucher_word,
        nullif(trim({{ adapter.quote('凭证号') }}), '') as voucher_number,
        nullif(trim({{ adapter.quote('分录号') }}), '') as entry_number,
        trim({{ adapter.quote('摘要') }}) as line_description,
        nullif(trim({{ adapter.quote('科目编码') }}), '') as source_account_code,
        nullif(trim({{ adapter.quote('科目名称') }}), '') as source_account_name,
        nullif({{ cn_ascii_punctuation(adapter.quote('核算维度')) }}, '') as dimensions,
        nullif(trim({{ adapter.quote('币别') }}), '') as currency_text,
        {{ cn_currency_code(adapter.quote('币别')) }} as transaction_currency_code,
        nullif(trim({{ adapter.quote('原币金额') }}), '') as original_amount_text,
        {{ cn_parse_amount(adapter.quote('原币金额')) }} as original_amount,
        nullif(trim({{ adapter.quote('借方金额') }}), '') as debit_text,
        nullif(trim({{ adapter.quote('贷方金额') }}), '') as credit_text,
        {{ cn_parse_amount(adapter.quote('借方金额')) }} as debit_amount,
        {{ cn_parse_amount(adapter.quote('贷方金额')) }} as credit_amount
    from source

),

dimensions_parsed as (

    select
        *,
        nullif(regexp_extract(dimensions, '部门:([^ ;/]+)', 1), '') as cost_center_code,
        nullif(regexp_extract(dimensions, '项目:([^ ;/]+)', 1), '') as project_code,
        nullif(regexp_extract(dimensions, '供应商:([^ ;/]+)', 1), '') as vendor_id,
        nullif(trim(regexp_extract(dimensions, '供应商:[^ ;/]+ ?([^;]*)', 1)), '') as vendor_name
    from parsed

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["account_book is null", "missing account book (账簿)"],
            ["voucher_date is null", "date (日期) is not a valid YYYY-MM-DD date"],
            ["fiscal_year is null", "fiscal year (会计年度) is not a year"],
            ["posting_period is null or posting_period not between 1 and 16", "period (期间) is not 1-16"],
            ["voucher_word is null or voucher_number is null", "missing voucher word or number (凭证字/凭证号)"],
            ["entry_number is null", "missing entry number (分录号)"],
            ["source_account_code is null", "missing account (科目编码)"],
            ["debit_text is null and credit_text is null", "no amount (借方金额 and 贷方金额 both empty)"],
            ["(debit_text is not null and debit_amount is null) or (credit_text is not null and credit_amount is null)",
                "amount (借方金额/贷方金额) is not a number"],
            ["coalesce(debit_amount, 0) <> 0 and coalesce(credit_amount, 0) <> 0",
                "debit and credit (借方金额 and 贷方金额) both on one line"],
            ["transaction_currency_code is null", "unknown currency (币别)"],
            ["original_amount_text is null", "missing original amount (原币金额)"],
            ["original_amount is null", "original amount (原币金额) is not a number"],
        ]) }} as quarantine_reason
    from dimensions_parsed

)

select * from checked
