-- Promise 1, conservation: for every fiscal month and layer, money in equals money allocated
-- plus the named unallocated amount, to the cent. Returns the months and layers that fail.

select
    fiscal_month,
    layer,
    amount_in,
    amount_allocated,
    amount_unallocated,
    difference
from {{ ref('fct_allocation_reconciliation') }}
where difference <> 0
