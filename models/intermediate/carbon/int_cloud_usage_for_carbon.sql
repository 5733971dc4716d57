-- The cloud usage the carbon method reads, one row per fiscal month x provider x region x
-- usage kind x instance type x sub-tower x solution. This model is the interface between the cloud bill
-- models and the Cloud Carbon Footprint method:
--   usage_kind        compute (usage_quantity = vCPU-hours), storage_hdd / storage_ssd
--                     (TB-hours), network (GB between data centres) or memory (GB-hours)
--   architecture      CPU micro-architecture when known (else the provider's median applies)
--   cpu_utilisation   measured average CPU utilisation 0-1 when known (else CCF's 50 %)
-- The var carbon_cloud_usage_model names the model with these columns: by default
-- int_cloud_charges_prepared_for_carbon, the adapter over int_cloud_charges (FOCUS
-- ConsumedQuantity/ConsumedUnit, RegionId, ServiceCategory, x_instance_type: vCPUs and memory of
-- the instance type, vCPUs per instance-hour assumed when it is unknown).
-- Set it to another adapter (e.g. one that knows the SKUs' vCPUs), or to '' to leave this model
-- empty and the carbon footprint with its on-premises part only.

{% set usage_model = var('carbon_cloud_usage_model', '') %}

{% if usage_model %}

with cloud_usage as (

    select * from {{ ref(usage_model) }}

),

usage_for_carbon as (

    select
        cast(fiscal_month as date) as fiscal_month,
        lower(provider) as provider,
        region_id,
        usage_kind,
        instance_type,
        architecture,
        cast(cpu_utilisation as double) as cpu_utilisation,
        cast(usage_quantity as double) as usage_quantity,
        coalesce(sub_tower_id, 'unallocated') as sub_tower_id,
        coalesce(solution_id, 'unallocated') as solution_id
    from cloud_usage

)

select * from usage_for_carbon

{% else %}

with no_usage as (

    select
        cast(null as date) as fiscal_month,
        cast(null as {{ dbt.type_string() }}) as provider,
        cast(null as {{ dbt.type_string() }}) as region_id,
        cast(null as {{ dbt.type_string() }}) as usage_kind,
        cast(null as {{ dbt.type_string() }}) as instance_type,
        cast(null as {{ dbt.type_string() }}) as architecture,
        cast(null as double) as cpu_utilisation,
        cast(null as double) as usage_quantity,
        cast(null as {{ dbt.type_string() }}) as sub_tower_id,
        cast(null as {{ dbt.type_string() }}) as solution_id

)

select * from no_usage
where fiscal_month is not null

{% endif %}
