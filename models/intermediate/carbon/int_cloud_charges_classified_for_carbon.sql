-- One row per cloud bill line (x_charge_id of int_cloud_charges): the usage the Cloud Carbon
-- Footprint method can measure in it, or why it has none. CCF classifies usage by its unit and
-- service (cloudcarbonfootprint.org, methodology: "Using billing data for cloud usage"):
--   compute      instance-hours of Compute, Databases and AI and Machine Learning services
--                x vCPUs per instance-hour (seeds/reference/carbon_cloud_usage_assumptions.csv:
--                an ASSUMPTION, the bills carry no instance type or vCPU count) = vCPU-hours
--   storage_*    GB-months of any service / 1000 x hours of the month = TB-hours; Block and
--                File Storage are SSD, all other storage the provider's default (HDD, as CCF
--                classifies object and backup storage)
--   network      GB of Networking services (CCF counts data moved between data centres only;
--                the bills do not say where the bytes went, so all of it counts: an upper bound)
-- Units are read through seeds/reference/carbon_cloud_usage_units.csv (case-insensitive).
-- Left out, with carbon_exclusion_reason: lines without a positive consumed quantity (tax,
-- credits, purchases), providers CCF has no coefficients for, units the method does not
-- measure (tokens, metrics, TB scanned) and hours of services that are not instances.

with charges as (

    select * from {{ ref('int_cloud_charges') }}

),

assumptions as (

    select * from {{ ref('carbon_cloud_usage_assumptions') }}

),

units as (

    select * from {{ ref('carbon_cloud_usage_units') }}

),

application_solutions as (

    select * from {{ ref('application_solutions') }}

),

charges_with_units as (

    select
        charges.x_charge_id,
        charges.x_fiscal_month as fiscal_month,
        charges.provider_name,
        assumptions.provider,
        charges.region_id,
        charges.service_category,
        charges.service_subcategory,
        charges.consumed_quantity,
        charges.consumed_unit,
        units.usage_measure,
        charges.x_sub_tower_id as sub_tower_id,
        charges.x_application_id as application_id,
        application_solutions.solution_id,
        assumptions.vcpus_per_instance_hour,
        assumptions.default_storage_kind,
        charges.consumed_quantity * units.units_per_consumed_unit as measured_quantity,
        {{ dbt.datediff('charges.x_fiscal_month', dbt.dateadd('month', 1, 'charges.x_fiscal_month'), 'day') }}
        * 24 as hours_in_month
    from charges
    left join assumptions
        on charges.provider_name = assumptions.provider_name
    left join units
        on lower(trim(charges.consumed_unit)) = units.consumed_unit
    left join application_solutions
        on charges.x_application_id = application_solutions.application_id

),

charges_classified as (

    select
        *,
        case
            when consumed_quantity is null or consumed_quantity <= 0 then null
            when provider is null then null
            when
                usage_measure = 'instance_hours'
                and service_category in ('Compute', 'Databases', 'AI and Machine Learning')
                then 'compute'
            when usage_measure = 'gb_months' and service_subcategory in ('Block Storage', 'File Storage')
                then 'storage_ssd'
            when usage_measure = 'gb_months' then default_storage_kind
            when usage_measure = 'gb' and service_category = 'Networking' then 'network'
        end as usage_kind,
        case
            when consumed_quantity is null or consumed_quantity <= 0 then 'no positive consumed quantity'
            when provider is null then 'provider has no Cloud Carbon Footprint coefficients'
            when usage_measure is null then 'unit ' || coalesce(consumed_unit, '(none)') || ' is not measured by the method'
            when usage_measure = 'instance_hours' and service_category not in ('Compute', 'Databases', 'AI and Machine Learning')
                then 'hours of a ' || service_category || ' service are not instance-hours'
            when usage_measure = 'gb' and service_category <> 'Networking'
                then 'GB of a ' || service_category || ' service are not network transfer'
        end as carbon_exclusion_reason
    from charges_with_units

),

usage_measured as (

    select
        x_charge_id,
        fiscal_month,
        provider_name,
        provider,
        region_id,
        service_category,
        service_subcategory,
        consumed_quantity,
        consumed_unit,
        usage_kind,
        case
            when carbon_exclusion_reason is not null then null
            when usage_kind = 'compute' then measured_quantity * vcpus_per_instance_hour
            when usage_kind in ('storage_hdd', 'storage_ssd') then measured_quantity / 1000 * hours_in_month
            when usage_kind = 'network' then measured_quantity
        end as usage_quantity,
        sub_tower_id,
        application_id,
        solution_id,
        carbon_exclusion_reason
    from charges_classified

)

select * from usage_measured
