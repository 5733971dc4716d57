-- Promise 3, nothing lost: per source file, rows read = rows staged + rows quarantined.
-- Returns the files that fail.

select
    source_name,
    source_file,
    rows_read,
    rows_staged,
    rows_quarantined
from {{ ref('int_source_file_row_counts') }}
where rows_read <> rows_staged + rows_quarantined
