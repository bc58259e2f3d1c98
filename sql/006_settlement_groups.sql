-- Settlement groups, open bank lines and first sightings as maintained state,
-- so that a night costs what the night brings, not what the history holds.
-- Forward-only: never edit once applied; add a new file.
--
--   settlement_groups    one row per (source, merchant_id, settlement_ref,
--                        currency): sums kept exact by the transaction that
--                        settles a batch, reconciliation state by reconcile.
--   open_bank_lines      the bank lines no group claims, narrow, with what
--                        matching looks up; filled at import, emptied by
--                        reconcile as lines are claimed.
--   mismatch_first_seen  the first run date each mismatch was reported on.
--
-- Built from the existing rows below (the backfill), in this transaction.
-- Run it while no recon command runs (≈ a few seconds per million rows).

create table settlement_groups (
    id              bigserial primary key,
    source          text collate "C" not null,
    merchant_id     text collate "C" not null,
    settlement_ref  text collate "C" not null,
    currency        text collate "C" not null,
    net             bigint  not null,
    payments        bigint  not null,
    refunds         bigint  not null,
    chargebacks     bigint  not null,
    fees            bigint  not null,
    adjustments     bigint  not null,
    txn_count       bigint  not null check (txn_count > 0),
    -- The latest settlement date of the group's transactions.
    settlement_date date    not null,
    -- What the latest reconcile decided (SPEC §6 export status; one truth
    -- for the export, the summary and the reports).
    status          text    not null default 'pending'
                    check (status in ('pending', 'matched', 'mismatched')),
    -- A clean match holds the group at net_at_match; it is not examined
    -- again while its net stays so (a late transaction reopens it).
    closed          boolean not null default false,
    net_at_match    bigint,
    match_rule      text,
    matched_on      date,
    -- Every bank line the group claims (its recon_matches rows), and those of
    -- them that match cleanly (null when none does).
    bank_line_ids   bigint[],
    clean_line_ids  bigint[],
    check (net = payments + refunds + chargebacks + fees + adjustments),
    check (not closed or (net_at_match is not null and bank_line_ids is not null)),
    unique (source, merchant_id, settlement_ref, currency)
);
-- What reconcile reads every night: the groups that can change.
create index settlement_groups_open on settlement_groups (source) where not closed or net <> net_at_match;
-- What a rerun of an earlier date undoes.
create index settlement_groups_matched_on on settlement_groups (source, matched_on) where matched_on is not null;
-- What the export reads, in its own order.
create index settlement_groups_by_date on settlement_groups (settlement_date, merchant_id, settlement_ref, currency);
create index settlement_groups_by_merchant on settlement_groups (merchant_id, settlement_date);

create table open_bank_lines (
    bank_line_id bigint primary key,   -- bank_lines.id
    job          text   not null,
    reference    text,
    amount       bigint not null,
    currency     text   not null,
    booking_date date   not null
);
create index open_bank_lines_job on open_bank_lines (job);

create table mismatch_first_seen (
    job        text not null,
    identity   text not null,
    first_seen date not null,
    primary key (job, identity)
);

-- Net settled per batch and currency, written with the batch: a run's
-- totals read these instead of the batch's rows (transactions has no index
-- on batch_id, so reading them back scanned every partition).
create table batch_currency_totals (
    batch_id bigint not null,  -- batches.id
    currency text   not null,
    net      bigint not null,
    primary key (batch_id, currency)
);
insert into batch_currency_totals (batch_id, currency, net)
select batch_id, currency, sum(amount) from transactions group by batch_id, currency;

-- Statistics: a night's bulk writes are a large share of these tables, so
-- autovacuum analyses them after 2% changed rather than 10%.
alter table settlement_groups set (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_scale_factor = 0.05);
alter table open_bank_lines set (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_scale_factor = 0.05);
alter table transaction_keys set (autovacuum_analyze_scale_factor = 0.02);

-- Backfill: the groups from every settled transaction.
insert into settlement_groups (source, merchant_id, settlement_ref, currency, net, payments, refunds, chargebacks,
                               fees, adjustments, txn_count, settlement_date)
select source, merchant_id, settlement_ref, currency, sum(amount),
       coalesce(sum(amount) filter (where type = 'payment'), 0),
       coalesce(sum(amount) filter (where type = 'refund'), 0),
       coalesce(sum(amount) filter (where type = 'chargeback'), 0),
       coalesce(sum(amount) filter (where type = 'fee'), 0),
       coalesce(sum(amount) filter (where type = 'adjustment'), 0),
       count(*), max(settlement_date)
from transactions
group by source, merchant_id, settlement_ref, currency;

-- Their reconciliation state from the matches (a job reconciles the source
-- its batches were registered for).
with job_sources as (
    select distinct job, source from batches
), claims as (
    select s.source, m.merchant_id, m.settlement_ref, m.currency,
           array_agg(m.bank_line_id order by l.booking_date, l.id) as line_ids,
           array_agg(m.bank_line_id order by l.booking_date, l.id) filter (where m.kind is null) as clean_ids,
           bool_and(m.kind is null) as clean, bool_or(m.kind is null) as settled_clean,
           bool_or(m.kind in ('AMOUNT_MISMATCH', 'DATE_OUT_OF_WINDOW')) as settled_with_mismatch,
           max(m.net_at_match) as net_at_match,
           max(m.matched_on) as matched_on, min(m.rule) filter (where m.kind is null) as rule
    from recon_matches m
    join job_sources s on s.job = m.job
    join bank_lines l on l.id = m.bank_line_id
    group by s.source, m.merchant_id, m.settlement_ref, m.currency
)
update settlement_groups g
set bank_line_ids = c.line_ids, clean_line_ids = c.clean_ids, net_at_match = c.net_at_match, matched_on = c.matched_on, match_rule = c.rule,
    closed = c.clean,
    -- As the Reconciler counts a group (one truth for export and summary):
    -- matched when the lines that settle it match cleanly, even with a
    -- duplicate line beside them; pending when a late transaction changed
    -- its net since; else mismatched.
    status = case when c.settled_with_mismatch or not c.settled_clean then 'mismatched'
                  when c.net_at_match = g.net then 'matched' else 'pending' end
from claims c
where g.source = c.source and g.merchant_id = c.merchant_id collate "C"
  and g.settlement_ref = c.settlement_ref collate "C" and g.currency = c.currency collate "C";

-- Groups the latest run of their job reported (MISSING_IN_BANK and the like).
with job_sources as (
    select distinct job, source from batches
), latest as (
    select job, max(run_date) as run_date from recon_mismatches group by job
), reported as (
    select distinct s.source, split_part(r.identity, E'\x1f', 2) as merchant_id,
           split_part(r.identity, E'\x1f', 3) as settlement_ref, split_part(r.identity, E'\x1f', 4) as currency
    from recon_mismatches r
    join latest l on l.job = r.job and l.run_date = r.run_date
    join job_sources s on s.job = r.job
)
update settlement_groups g set status = 'mismatched'
from reported r
where g.status = 'pending' and g.source = r.source and g.merchant_id = r.merchant_id collate "C"
  and g.settlement_ref = r.settlement_ref collate "C" and g.currency = r.currency collate "C";

insert into open_bank_lines (bank_line_id, job, reference, amount, currency, booking_date)
select l.id, l.job, l.reference, l.amount, l.currency, l.booking_date
from bank_lines l
where not exists (select 1 from recon_matches m where m.bank_line_id = l.id);

insert into mismatch_first_seen (job, identity, first_seen)
select job, identity, min(first_seen) from recon_mismatches group by job, identity;

-- Partitions for every month that data brings (not only around today):
-- the ensure function now also creates the months found in the default
-- partition, so rows settled before their month existed move out.
create or replace function public.recon_ensure_transaction_partitions()
    returns integer
    language plpgsql
    security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    created integer;
    month   date;
begin
    created := public.recon_create_transaction_partitions(
        (current_date - interval '3 months')::date, (current_date + interval '3 months')::date);
    for month in select distinct date_trunc('month', settlement_date)::date from public.transactions_default order by 1 loop
        created := created + public.recon_create_transaction_partitions(month, month);
    end loop;
    return created;
end
$$;

-- Grants. 003's default privileges already gave recon_app SELECT/INSERT/
-- UPDATE/DELETE and recon_readonly SELECT on these tables; recon_app never
-- deletes a group.
revoke delete on settlement_groups from recon_app;
grant usage on sequence settlement_groups_id_seq to recon_app;
