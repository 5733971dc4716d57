-- Where does the ERP money go? The ERP's total cost of ownership over every month with
-- actuals, by module (the solutions behind the ERP's applications), tower and cost pool, with
-- each module's share of the ERP. In the sample, order processing takes most of it.

with tco as (

    select * from {{ ref('fct_solution_tco_monthly') }}
    where application_family = 'ERP'

),

by_module_and_tower as (

    select
        solution_name as erp_module,
        tower_name,
        cost_pool_name,
        sum(amount_reporting) as amount_reporting
    from tco
    group by 1, 2, 3

),

final as (

    select
        erp_module,
        tower_name,
        cost_pool_name,
        amount_reporting,
        sum(amount_reporting) over (partition by erp_module) as module_total,
        sum(amount_reporting) over (partition by erp_module) / sum(amount_reporting) over () as module_share_of_erp
    from by_module_and_tower

)

select * from final
order by module_total desc, amount_reporting desc
