-- A comparison's members in creation order (0 = the leader, which produces the shared stages:
-- iteration 0's evaluation and iteration 1's training samples); null for a run of its own.
alter table runs add column comparison_index int;
update runs r set comparison_index = m.position
from (select id, row_number() over (partition by comparison_id order by created_at, id) - 1 as position
      from runs where comparison_id is not null) m
where r.id = m.id;

-- A request copied from another member of the comparison (never published for this run):
-- the request it was copied from.
alter table generation_requests add column copied_from uuid;
