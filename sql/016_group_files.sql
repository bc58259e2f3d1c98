-- 016: what each file brought to each settlement group, maintained by the
-- settling transaction, so `recon show` reads a group's transactions by
-- file and type without an index on `transactions`. Forward-only: never
-- edit once applied; add a new file.
--
-- 011 gave every partition of `transactions` an index on settlement_ref for
-- `recon show`. Every settled row paid for it: `ops/bench ingest` went from
-- 0.96 to 1.31-1.37 x `psql \copy` (1M rows, 2026-12-03; without the index
-- 0.93-0.95 in the same runs). The rows of this table are one per group,
-- file and type (a nightly file of 1M transactions in 62,500 groups writes
-- 62,500 of them), written by COPY beside the group deltas, and hold what
-- `recon show` prints: count, sum, the first 50 lines, the date range.
--
-- Run while no recon command runs: the backfill reads every settled
-- transaction once.

create table settlement_group_files (
    group_id              bigint not null,
    batch_id              bigint not null,
    type                  text not null,
    txn_count             bigint not null check (txn_count > 0),
    amount                bigint not null,
    -- The group's first 50 lines in the file (ascending): what `recon show` lists.
    first_lines           integer[] not null,
    first_settlement_date date not null,
    last_settlement_date  date not null,
    primary key (group_id, batch_id, type)
);

-- Settled history: the runtime role adds rows, never changes them (013).
revoke all on settlement_group_files from recon_app;
grant select, insert on settlement_group_files to recon_app;

insert into settlement_group_files
select g.id, t.batch_id, t.type, count(*), sum(t.amount),
       (array_agg(t.line order by t.line))[1:50], min(t.settlement_date), max(t.settlement_date)
from transactions t
join settlement_groups g on g.source = t.source and g.merchant_id = t.merchant_id
     and g.settlement_ref = t.settlement_ref and g.currency = t.currency
group by g.id, t.batch_id, t.type;

analyze settlement_group_files;

-- Nothing reads `transactions` by reference any more.
drop index transactions_group;
