-- The maturity figures account for every cent: each month's operating IT spend equals what
-- reached consumers plus every unallocated column, and what reached consumers equals its
-- split into direct, consumption and assumption. Returns the months that fail.

select
    fiscal_month,
    opex_it_spend,
    amount_to_consumers
from {{ ref('fct_allocation_quality') }}
where
    opex_it_spend <> amount_to_consumers + unallocated_unmapped_account + unallocated_no_rule
    + unallocated_driver_missing_or_zero + unallocated_driver_negative + unallocated_other
    or amount_to_consumers <> amount_direct + amount_by_consumption + amount_by_assumption
