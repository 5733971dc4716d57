-- One row per valid Alibaba Cloud bill detail line, as parsed by the base model (already named
-- in English). int_alibaba_cloud_charges_amortized turns these lines into cloud-charge rows; this model
-- is the 1:1 staged set that the row counts (rows read = staged + quarantined) are tested on.

with bill_lines as (

    select * from {{ ref('base_alibaba_cloud__bill_lines') }}
    where quarantine_reason is null

)

select * from bill_lines
