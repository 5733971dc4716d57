-- The cost model has IT mapping rules to work with. Empty when var as_of is set to a date before
-- the snapshot's first version (the history does not reach back that far) or when the seed lost
-- its rules; then every GL line would be unmapped, so the build fails here instead.

select count(*) as it_spend_rules_in_force
from {{ ref('int_gl_account_mapping_rules_in_force') }}
where treatment = 'it_spend'
having count(*) = 0
