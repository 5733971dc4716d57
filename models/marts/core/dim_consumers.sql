-- One row per consumer (business unit) with its TBM consumer type, plus the member
-- 'unallocated' for cost that has not reached a consumer.

with consumers as (

    select * from {{ ref('consumers') }}

),

consumer_types as (

    select * from {{ ref('tbm_consumer_types') }}

),

named_consumers as (

    select
        consumers.consumer_id,
        consumers.consumer_name,
        consumers.consumer_name_zh,
        consumers.business_unit_code,
        consumer_types.consumer_type_id,
        consumer_types.consumer_type_name,
        consumers.consumer_description
    from consumers
    inner join consumer_types
        on consumers.consumer_type_id = consumer_types.consumer_type_id

),

unallocated_member as (

    select
        'unallocated' as consumer_id,
        'Unallocated' as consumer_name,
        '未分配' as consumer_name_zh,
        cast(null as {{ dbt.type_string() }}) as business_unit_code,
        'unallocated' as consumer_type_id,
        'Unallocated' as consumer_type_name,
        'Cost that has not reached a consumer; the reason is in the allocation ledger.' as consumer_description

)

select * from named_consumers
union all
select * from unallocated_member
