{#
    The staged sources of the warehouse: for each, the source it reads, its base model (every
    row read, with quarantine_reason) and its staging model (the valid rows). The quality
    models loop over this list, so a new source is added here once.
#}
{% macro staged_sources() -%}
    {{ return([
        {'source': 'sap_s4hana.acdoca', 'base': 'base_sap_s4hana__journal_lines', 'staged': 'stg_sap_s4hana__journal_lines'},
        {'source': 'netsuite.gl_detail', 'base': 'base_netsuite__gl_lines', 'staged': 'stg_netsuite__gl_lines'},
        {'source': 'kingdee.vouchers', 'base': 'base_kingdee__voucher_lines', 'staged': 'stg_kingdee__gl_lines'},
        {'source': 'yonyou.vouchers', 'base': 'base_yonyou__voucher_lines', 'staged': 'stg_yonyou__gl_lines'},
        {'source': 'alibaba_cloud.bill_details', 'base': 'base_alibaba_cloud__bill_lines', 'staged': 'stg_alibaba_cloud__bill_lines'},
        {'source': 'aws_cur2.cur2', 'base': 'base_aws_cur2__charges', 'staged': 'stg_aws_cur2__charges'},
        {'source': 'aws_cur.cur', 'base': 'base_aws_cur__charges', 'staged': 'stg_aws_cur__charges'},
        {'source': 'azure.cost_details', 'base': 'base_azure__cost_details', 'staged': 'stg_azure__cost_details'},
        {'source': 'gcp.billing_export', 'base': 'base_gcp__billing_export', 'staged': 'stg_gcp__billing_export'},
        {'source': 'focus.focus', 'base': 'base_focus__charges', 'staged': 'stg_focus__charges'},
        {'source': 'reference.legal_entities', 'base': 'base_reference__legal_entities', 'staged': 'stg_reference__legal_entities'},
        {'source': 'reference.chart_of_accounts', 'base': 'base_reference__accounts', 'staged': 'stg_reference__accounts'},
        {'source': 'reference.cost_centers', 'base': 'base_reference__cost_centers', 'staged': 'stg_reference__cost_centers'},
        {'source': 'reference.vendors', 'base': 'base_reference__vendors', 'staged': 'stg_reference__vendors'},
        {'source': 'reference.fx_rates', 'base': 'base_reference__fx_rates', 'staged': 'stg_reference__fx_rates'},
        {'source': 'reference.asset_register', 'base': 'base_reference__assets', 'staged': 'stg_reference__assets'},
        {'source': 'reference.hr_headcount', 'base': 'base_reference__headcount', 'staged': 'stg_reference__headcount'},
        {'source': 'reference.applications', 'base': 'base_reference__applications', 'staged': 'stg_reference__applications'},
        {'source': 'reference.usage_metrics', 'base': 'base_reference__usage_metrics', 'staged': 'stg_reference__usage_metrics'},
        {'source': 'reference.business_kpis', 'base': 'base_reference__business_kpis', 'staged': 'stg_reference__business_kpis'},
        {'source': 'reference.budgets', 'base': 'base_reference__budget_lines', 'staged': 'stg_reference__budget_lines'},
        {'source': 'reference.capacity', 'base': 'base_reference__capacity', 'staged': 'stg_reference__capacity'},
    ]) }}
{%- endmacro %}
