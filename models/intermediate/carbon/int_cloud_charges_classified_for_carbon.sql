-- One row per cloud bill line (x_charge_id of int_cloud_charges): the usage the Cloud Carbon
-- Footprint method can measure in it, how it is estimated, or why it is left out. CCF classifies
-- usage by its unit and service (cloudcarbonfootprint.org, methodology: "Using billing data for
-- cloud usage"):
--   compute      instance-hours of Compute, Databases and AI and Machine Learning services
--                x the vCPUs of the line's instance type (seeds/reference/carbon_cloud_instance_types.csv,
--                CCF's instance lists) = vCPU-hours, and x its memory = memory GB-hours (all of
--                it, as CCF counts GCP's memory; for AWS and Azure CCF counts only the memory
--                above its reference servers' per CPU, which needs CPUs per platform the lists
--                lack: an upper bound there).
--                A line without an instance type the list knows (none on the bill, or a type
--                newer than the list) falls back to the provider's ASSUMED vCPUs per
--                instance-hour (seeds/reference/carbon_cloud_usage_assumptions.csv) and gets no
--                memory term: carbon_estimate_method says which. SKUs billed per vCPU-hour
--                (GCP Core SKUs: vcpu_hour_sku_pattern of the assumptions seed) are vCPU-hours
--                as they are; their memory is billed on its own lines (below)
--   memory       GB-hours (GCP Ram SKUs, GiB-hours) of the same services, as CCF reads them
--   storage_*    GB-months of any service / 1000 x hours of the month = TB-hours; Block and
--                File Storage are SSD, all other storage the provider's default (HDD, as CCF
--                classifies object and backup storage)
--   network      GB of Networking services (CCF counts data moved between data centres only;
--                the bills do not say where the bytes went, so all of it counts: an upper bound)
-- Units are read through seeds/reference/carbon_cloud_usage_units.csv (case-insensitive).
-- Instance types are matched as CCF spells them: Azure's `Standard_D2s_v3` is CCF's `D2s v3`,
-- and a SageMaker `ml.m5.xlarge` runs on the EC2 `m5.xlarge` it names.
-- Spend fallback: a Usage line of a compute, storage or network service (the categories the
-- method measures) with a positive cost but no usage the method can read (unit not measured,
-- no quantity) is estimated from its cost, at the kgCO2e per currency unit of the lines of the
-- same provider and service category that month that were measured
-- (int_cloud_spend_emissions_estimated), instead of being left out; it needs such lines.
-- Left out, with carbon_exclusion_reason: lines without a positive consumed quantity that the
-- spend fallback cannot take (tax, credits, purchases), providers CCF has no coefficients for,
-- units the method does not measure (tokens, metrics, TB scanned) and hours of services that
-- are not instances.

{% set measured_categories = ['Compute', 'Databases', 'AI and Machine Learning', 'Storage', 'Networking'] %}

with charges as (

    select * from {{ ref('int_cloud_charges') }}

),

assumptions as (

    select * from {{ ref('carbon_cloud_usage_assumptions') }}

),

units as (

    select * from {{ ref('carbon_cloud_usage_units') }}

),

instance_types as (

    select * from {{ ref('carbon_cloud_instance_types') }}

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
        charges.charge_category,
        charges.charge_description,
        charges.service_category,
        charges.service_subcategory,
        charges.consumed_quantity,
        charges.consumed_unit,
        charges.x_effective_cost_reporting as cost_reporting,
        charges.x_instance_type,
        units.usage_measure,
        charges.x_sub_tower_id as sub_tower_id,
        charges.x_application_id as application_id,
        application_solutions.solution_id,
        assumptions.vcpus_per_instance_hour as assumed_vcpus_per_instance_hour,
        assumptions.default_storage_kind,
        coalesce(
            {{ dbt.length("assumptions.vcpu_hour_sku_pattern") }} > 0
            and {{ matches_pattern('charges.charge_description', 'assumptions.vcpu_hour_sku_pattern') }},
            false
        ) as is_vcpu_hour_sku,
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

charges_with_instance_types as (

    select
        charges_with_units.*,
        instance_types.instance_type as known_instance_type,
        instance_types.vcpus as instance_vcpus,
        instance_types.memory_gb as instance_memory_gb,
        nullif(instance_types.architecture, '') as architecture
    from charges_with_units
    left join instance_types
        on
            charges_with_units.provider = instance_types.provider
            and lower(instance_types.instance_type) = lower(
                case charges_with_units.provider
                    when 'azure'
                        then replace(
                            regexp_replace(charges_with_units.x_instance_type, '^(Standard|Basic)_', ''), '_', ' '
                        )
                    when 'aws' then regexp_replace(charges_with_units.x_instance_type, '^ml\.', '')
                    else charges_with_units.x_instance_type
                end
            )

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
            when
                usage_measure = 'gb_hours'
                and service_category in ('Compute', 'Databases', 'AI and Machine Learning')
                then 'memory'
        end as usage_kind,
        case
            when consumed_quantity is null or consumed_quantity <= 0 then 'no positive consumed quantity'
            when provider is null then 'provider has no Cloud Carbon Footprint coefficients'
            when usage_measure is null then 'unit ' || coalesce(consumed_unit, '(none)') || ' is not measured by the method'
            when usage_measure = 'instance_hours' and service_category not in ('Compute', 'Databases', 'AI and Machine Learning')
                then 'hours of a ' || service_category || ' service are not instance-hours'
            when usage_measure = 'gb' and service_category <> 'Networking'
                then 'GB of a ' || service_category || ' service are not network transfer'
            when
                usage_measure = 'gb_hours'
                and service_category not in ('Compute', 'Databases', 'AI and Machine Learning')
                then 'GB-hours of a ' || service_category || ' service are not memory of instances'
        end as usage_exclusion_reason
    from charges_with_instance_types

),

spend_candidates as (

    select
        *,
        usage_kind is null
        and provider is not null
        and charge_category = 'Usage'
        and service_category in ('{{ measured_categories | join("', '") }}')
        and cost_reporting > 0 as is_spend_candidate,
        -- the spend fallback prices a line at the kgCO2e per currency unit of the measured lines
        -- of its provider and service category that month, so it needs such lines with cost
        sum(case when usage_kind is not null then cost_reporting else 0 end)
            over (partition by fiscal_month, provider, service_category) as measured_cost_reporting
    from charges_classified

),

usage_measured as (

    select
        x_charge_id,
        fiscal_month,
        provider_name,
        provider,
        region_id,
        charge_category,
        service_category,
        service_subcategory,
        consumed_quantity,
        consumed_unit,
        cost_reporting,
        x_instance_type,
        coalesce(known_instance_type, x_instance_type) as instance_type,
        case when usage_kind = 'compute' then architecture end as architecture,
        usage_kind,
        case
            when usage_kind = 'compute' and is_vcpu_hour_sku then 'usage'
            when usage_kind = 'compute' and instance_vcpus is not null then 'usage_instance_type'
            when usage_kind = 'compute' then 'usage_assumed_vcpus'
            when usage_kind is not null then 'usage'
            when is_spend_candidate and measured_cost_reporting > 0 then 'spend'
        end as carbon_estimate_method,
        case
            when usage_kind = 'compute' and is_vcpu_hour_sku then 1
            when usage_kind = 'compute' then coalesce(instance_vcpus, assumed_vcpus_per_instance_hour)
        end as vcpus_per_instance_hour,
        case
            when usage_kind = 'compute' and is_vcpu_hour_sku then measured_quantity
            when usage_kind = 'compute'
                then measured_quantity * coalesce(instance_vcpus, assumed_vcpus_per_instance_hour)
            when usage_kind in ('storage_hdd', 'storage_ssd') then measured_quantity / 1000 * hours_in_month
            when usage_kind in ('network', 'memory') then measured_quantity
        end as usage_quantity,
        case
            when usage_kind = 'compute' and not is_vcpu_hour_sku then measured_quantity * instance_memory_gb
        end as memory_gb_hours,
        sub_tower_id,
        application_id,
        solution_id,
        case
            when usage_kind is not null then null
            when is_spend_candidate and measured_cost_reporting > 0 then null
            when is_spend_candidate
                then
                    usage_exclusion_reason || '; no measured ' || service_category
                    || ' lines of the provider that month to estimate its spend from'
            else usage_exclusion_reason
        end as carbon_exclusion_reason
    from spend_candidates

)

select * from usage_measured
