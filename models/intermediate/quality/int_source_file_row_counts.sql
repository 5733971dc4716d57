-- One row per source file: rows read, rows staged, rows quarantined in staging. Promise 3
-- (nothing lost) is rows_read = rows_staged + rows_quarantined, tested per file.

with
{% for staged_source in staged_sources() %}
{{ staged_source.base }}_counts as (

    select
        '{{ staged_source.source }}' as source_name,
        source_file,
        count(*) as rows_read,
        sum(case when quarantine_reason is not null then 1 else 0 end) as rows_quarantined
    from {{ ref(staged_source.base) }}
    group by 1, 2

),

{{ staged_source.staged }}_counts as (

    select
        source_file,
        count(*) as rows_staged
    from {{ ref(staged_source.staged) }}
    group by 1

),
{% endfor %}

unioned as (

    {% for staged_source in staged_sources() %}
    select
        {{ staged_source.base }}_counts.source_name,
        {{ staged_source.base }}_counts.source_file,
        {{ staged_source.base }}_counts.rows_read,
        coalesce({{ staged_source.staged }}_counts.rows_staged, 0) as rows_staged,
        {{ staged_source.base }}_counts.rows_quarantined
    from {{ staged_source.base }}_counts
    left join {{ staged_source.staged }}_counts
        on {{ staged_source.base }}_counts.source_file = {{ staged_source.staged }}_counts.source_file
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned
