-- One row per driver, scope, target and month (or validity range): every weight a rule can
-- use, in one shape. to_layer says which layer's nodes the targets are; driver_scope which
-- slice of the driver a rule reads (an application family, a solution, a cost centre, a cloud
-- provider, a rule, or '*' for all); fiscal_month is null for drivers that hold over a range
-- (valid_from..valid_to) rather than per month. driver_basis says whether the weight measures
-- consumption, is an assumption (agreed weights, even splits) or is a direct key match.

with usage_metrics as (

    select * from {{ ref('stg_reference__usage_metrics') }}

),

applications as (

    select * from {{ ref('stg_reference__applications') }}

),

application_solutions as (

    select * from {{ ref('application_solutions') }}

),

consumers as (

    select * from {{ ref('consumers') }}

),

headcount as (

    select * from {{ ref('stg_reference__headcount') }}

),

cost_centers as (

    select * from {{ ref('stg_reference__cost_centers') }}

),

cost_center_towers as (

    select * from {{ ref('cost_center_towers') }}

),

sub_towers as (

    select * from {{ ref('tbm_sub_towers') }}

),

tower_driver_values as (

    select * from {{ ref('tower_driver_values') }}

),

fixed_weights as (

    select * from {{ ref('fixed_weights') }}

),

rules as (

    select * from {{ ref('allocation_rules') }}

),

cloud_bill_drivers as (

    select * from {{ ref('int_cloud_bill_drivers') }}

),

application_usage as (

    select
        usage_metrics.usage_month as fiscal_month,
        usage_metrics.metric_name,
        usage_metrics.business_unit_code,
        usage_metrics.metric_value,
        application_solutions.solution_id,
        upper(applications.application_family) as application_family
    from usage_metrics
    inner join application_solutions
        on usage_metrics.application_id = application_solutions.application_id
    left join applications
        on usage_metrics.application_id = applications.application_id

),

solution_usage as (

    -- Tower -> solution: a solution's usage, within one application family or over all.
    select
        'solution' as to_layer,
        metric_name as driver_name,
        fiscal_month,
        coalesce(application_family, '(none)') as driver_scope,
        solution_id as target_id,
        sum(metric_value) as driver_value,
        'consumption' as driver_basis
    from application_usage
    group by metric_name, fiscal_month, coalesce(application_family, '(none)'), solution_id

    union all

    select
        'solution' as to_layer,
        metric_name as driver_name,
        fiscal_month,
        '*' as driver_scope,
        solution_id as target_id,
        sum(metric_value) as driver_value,
        'consumption' as driver_basis
    from application_usage
    group by metric_name, fiscal_month, solution_id

),

consumer_usage as (

    -- Solution -> consumer: each business unit's usage of the solution's applications.
    select
        'consumer' as to_layer,
        application_usage.metric_name as driver_name,
        application_usage.fiscal_month,
        application_usage.solution_id as driver_scope,
        consumers.consumer_id as target_id,
        sum(application_usage.metric_value) as driver_value,
        'consumption' as driver_basis
    from application_usage
    inner join consumers
        on application_usage.business_unit_code = consumers.business_unit_code
    group by application_usage.metric_name, application_usage.fiscal_month, application_usage.solution_id, consumers.consumer_id

),

consumer_headcount as (

    select
        'consumer' as to_layer,
        'headcount' as driver_name,
        headcount.headcount_month as fiscal_month,
        '*' as driver_scope,
        consumers.consumer_id as target_id,
        sum(headcount.headcount) as driver_value,
        'consumption' as driver_basis
    from headcount
    inner join cost_centers
        on headcount.cost_center_code = cost_centers.cost_center_code
    inner join consumers
        on cost_centers.business_unit_code = consumers.business_unit_code
    group by headcount.headcount_month, consumers.consumer_id

),

cloud_bill_mix as (

    select
        'tower' as to_layer,
        driver_name,
        fiscal_month,
        driver_scope,
        target_id,
        sum(driver_value) as driver_value,
        'consumption' as driver_basis
    from cloud_bill_drivers
    where driver_name = 'cloud_effective_cost_by_sub_tower'
    group by driver_name, fiscal_month, driver_scope, target_id

),

monthly_drivers as (

    select * from solution_usage
    union all
    select * from consumer_usage
    union all
    select * from consumer_headcount
    union all
    select * from cloud_bill_mix

),

cost_center_tower_counts as (

    select
        cost_center_code,
        count(*) as sub_tower_count
    from cost_center_towers
    group by cost_center_code

),

ranged_drivers as (

    select
        'tower' as to_layer,
        'cost_center_towers' as driver_name,
        cost_center_towers.cost_center_code as driver_scope,
        cost_center_towers.sub_tower_id as target_id,
        cast(cost_center_towers.weight as decimal(28, 6)) as driver_value,
        case when cost_center_tower_counts.sub_tower_count = 1 then 'direct' else 'assumption' end as driver_basis,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from cost_center_towers
    inner join cost_center_tower_counts
        on cost_center_towers.cost_center_code = cost_center_tower_counts.cost_center_code

    union all

    select
        'tower' as to_layer,
        driver_name,
        '*' as driver_scope,
        sub_tower_id as target_id,
        driver_value,
        driver_basis,
        valid_from,
        valid_to
    from tower_driver_values

    union all

    select
        rules.to_layer,
        'fixed_weights' as driver_name,
        fixed_weights.rule_id as driver_scope,
        fixed_weights.target_id,
        fixed_weights.weight as driver_value,
        'assumption' as driver_basis,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from fixed_weights
    inner join rules
        on fixed_weights.rule_id = rules.rule_id

    -- Even splits: every node of the layer within the scope counts once.
    union all

    select
        'tower' as to_layer,
        'even' as driver_name,
        tower_id as driver_scope,
        sub_tower_id as target_id,
        1 as driver_value,
        'assumption' as driver_basis,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from sub_towers

    union all

    select
        'tower' as to_layer,
        'even' as driver_name,
        '*' as driver_scope,
        sub_tower_id as target_id,
        1 as driver_value,
        'assumption' as driver_basis,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from sub_towers

    union all

    select distinct
        'solution' as to_layer,
        'even' as driver_name,
        coalesce(upper(applications.application_family), '(none)') as driver_scope,
        application_solutions.solution_id as target_id,
        1 as driver_value,
        'assumption' as driver_basis,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from application_solutions
    left join applications
        on application_solutions.application_id = applications.application_id

    union all

    select distinct
        'solution' as to_layer,
        'even' as driver_name,
        '*' as driver_scope,
        solution_id as target_id,
        1 as driver_value,
        'assumption' as driver_basis,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from application_solutions

    union all

    select
        'consumer' as to_layer,
        'even' as driver_name,
        '*' as driver_scope,
        consumer_id as target_id,
        1 as driver_value,
        'assumption' as driver_basis,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to
    from consumers

),

final as (

    select
        to_layer,
        driver_name,
        fiscal_month,
        cast(null as date) as valid_from,
        cast(null as date) as valid_to,
        driver_scope,
        target_id,
        cast(driver_value as decimal(28, 6)) as driver_value,
        driver_basis
    from monthly_drivers

    union all

    select
        to_layer,
        driver_name,
        cast(null as date) as fiscal_month,
        coalesce(valid_from, cast('1900-01-01' as date)) as valid_from,
        coalesce(valid_to, cast('9999-12-31' as date)) as valid_to,
        driver_scope,
        target_id,
        cast(driver_value as decimal(28, 6)) as driver_value,
        driver_basis
    from ranged_drivers

)

select * from final
