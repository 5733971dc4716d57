-- Every Yonyou U8 voucher line as read, parsed, with the reason it cannot be staged. U8 keeps
-- its auxiliary accounting (辅助核算) in their own columns: 部门编码 is the cost centre,
-- 项目编码 the project, 供应商编码/供应商名称 the vendor. Debit and credit are unsigned in two
-- columns in the account set's currency (a red-letter reversal is negative); 外币金额 is the
-- foreign-currency amount of a foreign-currency line, empty on a 本位币 line. The account set
-- (账套) is not a column of the export: it is read from the file name,
-- u8_voucher_<账套号>_<YYYYMM>.csv.

with source as (

    {{ cn_source_select('yonyou', 'vouchers', 'erp/yonyou') }}

),

parsed as (

    select
        {{ cn_raw_file_columns() }},
        nullif(regexp_extract(filename, 'u8_voucher_([0-9A-Za-z]+)_[0-9]{6}[.]csv$', 1), '') as account_set,
        {{ parse_date(adapter.quote('制单日期'), '%Y-%m-%d') }} as voucher_date,
        {{ dbt.safe_cast("trim(" ~ adapter.quote('会计年度') ~ ")", "integer") }} as fiscal_year,
        {{ dbt.safe_cast("trim(" ~ adapter.quote('会计期间') ~ ")", "integer") }} as posting_period,
        nullif(trim({{ adapter.quote('凭证类别') }}), '') as voucher_category,
        nullif(trim({{ adapter.quote('凭证号') }}), '') as voucher_number,
        nullif(trim({{ adapter.quote('行号') }}), '') as line_number,
        trim({{ adapter.quote('摘要') }}) as line_description,
        nullif(replace(trim({{ adapter.quote('科目编码') }}), '.', ''), '') as source_account_code,
        nullif(trim({{ adapter.quote('科目名称') }}), '') as source_account_name,
        nullif(trim({{ adapter.quote('币种') }}), '') as currency_text,
        coalesce({{ cn_currency_code(adapter.quote('币种')) }}, case when nullif(trim({{ adapter.quote('币种') }}), '') is null then '' end)
            as currency_code_or_blank,
        nullif(trim({{ adapter.quote('外币金额') }}), '') as foreign_amount_text,
        {{ cn_parse_amount(adapter.quote('外币金额')) }} as foreign_amount,
        nullif(trim({{ adapter.quote('借方金额') }}), '') as debit_text,
        nullif(trim({{ adapter.quote('贷方金额') }}), '') as credit_text,
        {{ cn_parse_amount(adapter.quote('借方金额')) }} as debit_amount,
        {{ cn_parse_amount(adapter.quote('贷方金额')) }} as credit_amount,
        nullif(trim({{ adapter.quote('部门编码') }}), '') as cost_center_code,
        nullif(trim({{ adapter.quote('项目编码') }}), '') as project_code,
        nullif(trim({{ adapter.quote('供应商编码') }}), '') as vendor_id,
        nullif(trim({{ adapter.quote('供应商名称') }}), '') as vendor_name
    from source

),

checked as (

    select
        *,
        {{ quarantine_reason([
            ["account_set is null", "file name does not carry the account set (u8_voucher_<账套号>_<YYYYMM>.csv)"],
            ["voucher_date is null", "date (制单日期) is not a valid YYYY-MM-DD date"],
            ["fiscal_year is null", "fiscal year (会计年度) is not a year"],
            ["posting_period is null or posting_period not between 1 and 12", "period (会计期间) is not 1-12"],
            ["voucher_category is null or voucher_number is null", "missing voucher category or number (凭证类别/凭证号)"],
            ["line_number is null", "missing line number (行号)"],
            ["source_account_code is null", "missing account (科目编码)"],
            ["debit_text is null and credit_text is null", "no amount (借方金额 and 贷方金额 both empty)"],
            ["(debit_text is not null and debit_amount is null) or (credit_text is not null and credit_amount is null)",
                "amount (借方金额/贷方金额) is not a number"],
            ["coalesce(debit_amount, 0) <> 0 and coalesce(credit_amount, 0) <> 0",
                "debit and credit (借方金额 and 贷方金额) both on one line"],
            ["currency_code_or_blank is null", "unknown currency (币种)"],
            ["foreign_amount_text is not null and foreign_amount is null", "foreign amount (外币金额) is not a number"],
            ["foreign_amount is not null and currency_code_or_blank = ''", "foreign amount (外币金额) without a currency (币种)"],
        ]) }} as quarantine_reason
    from parsed

)

select * from checked
