-- The adapter the var carbon_cloud_usage_model names (the default): the cloud bills as the
-- columns int_cloud_usage_for_carbon reads, one row per fiscal month x provider x region x
-- usage kind x sub-tower x solution. Only the lines int_cloud_charges_classified_for_carbon
-- could classify; the others stay there with their carbon_exclusion_reason. The bills carry
-- no instance type, architecture or utilisation, so those are null and the method applies the
-- provider's median watts per vCPU, CCF's 50 % utilisation and no embodied emissions.

with classified_charges as (

    select * from {{ ref('int_cloud_charges_classified_for_carbon') }}

),

usage_summed as (

    select
        fiscal_month,
        provider,
        region_id,
        usage_kind,
        cast(null as {{ dbt.type_string() }}) as instance_type,
        cast(null as {{ dbt.type_string() }}) as architecture,
        cast(null as double) as cpu_utilisation,
        sum(usage_quantity) as usage_quantity,
        coalesce(sub_tower_id, 'unallocated') as sub_tower_id,
        coalesce(solution_id, 'unallocated') as solution_id,
        count(*) as charge_lines
    from classified_charges
    where carbon_exclusion_reason is null
    group by
        fiscal_month,
        provider,
        region_id,
        usage_kind,
        coalesce(sub_tower_id, 'unallocated'),
        coalesce(solution_id, 'unallocated')

)

select * from usage_summed
