-- 015: open settlement groups found by a predicate the planner can estimate.
--
-- A group is open (decided again by the night) when it is not closed. Until
-- now that was `not closed or net <> net_at_match`: a late transaction left
-- the group closed and only its net moved. PostgreSQL has no statistics for
-- a comparison of two columns and estimates `net <> net_at_match` at 99.5 %
-- of the rows, so with a million matched groups it planned the nightly
-- release as a walk over every group of the source (0.3 s at 100,000
-- groups, growing with history). Settlement now clears `closed` when it adds
-- to a group, `not closed` is estimated from the column's statistics, and
-- the partial index carries the key, so the release reads the open groups
-- in the key order it locks them in.

-- A manual match (sql/011) stays closed: only `recon unmatch` undoes it.
update settlement_groups set closed = false
where closed and net <> net_at_match and match_rule is distinct from 'manual';

drop index settlement_groups_open;
create index settlement_groups_open on settlement_groups (source, merchant_id, settlement_ref, currency) where not closed;
