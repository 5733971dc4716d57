-- One row per fiscal month x on-premises or colocation site: the power the site used and its
-- location-based emissions. Two ways to know the power (seeds/reference/carbon_data_center_sites.csv):
--   tariff           the month's power bill on the site's account and cost centre / price per kWh
--                    (the facility meter includes cooling, so no PUE is applied)
--   contracted_load  contracted IT load (kW) x hours in the month x the facility's PUE
-- Emissions = kWh x the grid factor of the site's grid (a CCF cloud-region factor on that grid).

with gl_lines as (

    select * from {{ ref('int_gl_lines_mapped_to_cost_pools') }}

),

sites as (

    select * from {{ ref('carbon_data_center_sites') }}

),

grid_factors as (

    select * from {{ ref('carbon_grid_emission_factors') }}

),

ledger_months as (

    select distinct fiscal_month
    from gl_lines
    where ledger_status = 'mapped'

),

power_bills as (

    select
        gl_lines.fiscal_month,
        sites.site_id,
        sum(gl_lines.amount_reporting) as power_cost_reporting
    from gl_lines
    inner join sites
        on
            gl_lines.account_code = sites.account_code
            and gl_lines.cost_center_code = sites.cost_center_code
    where
        sites.power_basis = 'tariff'
        and gl_lines.ledger_status = 'mapped'
    group by gl_lines.fiscal_month, sites.site_id

),

site_months as (

    select
        ledger_months.fiscal_month,
        sites.site_id,
        sites.site_name,
        sites.power_basis,
        sites.tariff_per_kwh,
        sites.contracted_it_load_kw,
        sites.pue,
        sites.grid_provider,
        sites.grid_region_id,
        {{ dbt.datediff('ledger_months.fiscal_month', dbt.dateadd('month', 1, 'ledger_months.fiscal_month'), 'day') }}
        * 24 as hours_in_month
    from ledger_months
    cross join sites

),

power_estimated as (

    select
        site_months.fiscal_month,
        site_months.site_id,
        site_months.site_name,
        site_months.power_basis,
        power_bills.power_cost_reporting,
        case
            when site_months.power_basis = 'tariff' and site_months.tariff_per_kwh > 0
                then cast(power_bills.power_cost_reporting as double) / site_months.tariff_per_kwh
            when site_months.power_basis = 'contracted_load'
                then site_months.contracted_it_load_kw * site_months.hours_in_month * coalesce(site_months.pue, 1)
        end as energy_kwh,
        grid_factors.kgco2e_per_kwh
    from site_months
    left join power_bills
        on
            site_months.fiscal_month = power_bills.fiscal_month
            and site_months.site_id = power_bills.site_id
    left join grid_factors
        on
            site_months.grid_provider = grid_factors.provider
            and site_months.grid_region_id = grid_factors.region_id

),

emissions as (

    select
        fiscal_month,
        site_id,
        site_name,
        power_basis,
        power_cost_reporting,
        round(coalesce(energy_kwh, 0), 6) as energy_kwh,
        kgco2e_per_kwh,
        round(coalesce(energy_kwh, 0) * kgco2e_per_kwh, 6) as operational_kgco2e
    from power_estimated
    where coalesce(energy_kwh, 0) > 0

)

select * from emissions
