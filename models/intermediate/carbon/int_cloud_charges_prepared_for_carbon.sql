-- The adapter the var carbon_cloud_usage_model names (the default): the cloud bills as the
-- columns int_cloud_usage_for_carbon reads, one row per fiscal month x provider x region x
-- usage kind x instance type x sub-tower x solution. Only the lines
-- int_cloud_charges_classified_for_carbon measured by their usage (the others are estimated
-- from their spend, or stay there with their carbon_exclusion_reason). A compute line gives
-- two rows: its vCPU-hours (usage kind compute, with the instance type and its CPU
-- architecture, for the watts and the embodied share) and, when its instance type is known,
-- its memory GB-hours (usage kind memory). The bills carry no utilisation: CCF's 50 % applies.

with classified_charges as {{ not_materialized() }} (

    select * from {{ ref('int_cloud_charges_classified_for_carbon') }}

),

measured_charges as {{ not_materialized() }} (

    select * from classified_charges
    where carbon_estimate_method in ('usage_instance_type', 'usage_assumed_vcpus', 'usage')

),

usage_rows as (

    select
        fiscal_month,
        provider,
        region_id,
        usage_kind,
        case when usage_kind = 'compute' then instance_type end as instance_type,
        architecture,
        usage_quantity,
        sub_tower_id,
        solution_id
    from measured_charges

    union all

    select
        fiscal_month,
        provider,
        region_id,
        'memory' as usage_kind,
        instance_type,
        cast(null as {{ dbt.type_string() }}) as architecture,
        memory_gb_hours as usage_quantity,
        sub_tower_id,
        solution_id
    from measured_charges
    where memory_gb_hours is not null

),

usage_summed as (

    select
        fiscal_month,
        provider,
        region_id,
        usage_kind,
        instance_type,
        architecture,
        cast(null as double) as cpu_utilisation,
        sum(usage_quantity) as usage_quantity,
        coalesce(sub_tower_id, 'unallocated') as sub_tower_id,
        coalesce(solution_id, 'unallocated') as solution_id,
        count(*) as charge_lines
    from usage_rows
    group by
        fiscal_month,
        provider,
        region_id,
        usage_kind,
        instance_type,
        architecture,
        coalesce(sub_tower_id, 'unallocated'),
        coalesce(solution_id, 'unallocated')

)

select * from usage_summed
