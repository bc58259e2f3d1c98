-- Settled history append-only for the runtime role, and a hash chain over the
-- settled batches of each source (issue 15; README "Least privilege" and
-- "Tamper evidence"). Forward-only: never edit once applied; add a new file.
--
-- Until now recon_app held SELECT/INSERT/UPDATE/DELETE on every table (003's
-- default privileges): a stolen runtime password could multiply a settled
-- amount or delete batches, rejects and mismatches. From here on:
--
--   settled history   transactions (and every partition), transaction_keys,
--                     rejected_records, batch_currency_totals, bank_files,
--                     bank_statements, bank_lines, bank_statement_repeats,
--                     batch_row_fingerprints: INSERT and SELECT only
--                     (bank_files' two count columns excepted, written once
--                     at import); batch_chain and archived_transaction_months
--                     SELECT only (links through recon_chain_batch()).
--   batches           INSERT of a new file's identity only; its status moves
--                     through three SECURITY DEFINER functions below, none of
--                     which touches a settled batch. No DELETE.
--   maintained state  settlement_groups, open_bank_lines, recon_matches,
--                     recon_mismatches, statement_gaps, mismatch_first_seen,
--                     recon_exceptions, recon_report_runs (exit_code only):
--                     what settle/reconcile/exceptions must change, no more.
--                     `recon db check` recomputes the derived part from the
--                     history above.
--
-- What else is needed (archiving months, restoring them, repairs) is done by
-- the owner role, which ran the migrations (ops/RUNBOOK.md).
--
-- Run while no recon command runs: the backfill at the end reads every
-- settled transaction once (about 2 s per million rows).

-- ---------------------------------------------------------------------------
-- Privileges

revoke update, delete, truncate on transactions, transactions_default, transaction_keys, rejected_records,
    batch_currency_totals, bank_statements, bank_lines, bank_statement_repeats from recon_app;
revoke delete, truncate on bank_files from recon_app;
revoke update on bank_files from recon_app;
grant update (statements, lines_new) on bank_files to recon_app;

revoke insert, update, delete, truncate on batches from recon_app;
grant insert (source, job, file_sha256, file_name, file_path) on batches to recon_app;

revoke update, truncate on recon_matches, recon_mismatches, open_bank_lines, statement_gaps from recon_app;
revoke delete, truncate on settlement_groups, mismatch_first_seen, recon_exceptions, recon_report_runs from recon_app;
revoke update on recon_report_runs from recon_app;
grant update (exit_code) on recon_report_runs to recon_app;

-- A partition is a table of its own: rights on it are checked when it is
-- named directly (update transactions_2026_11 ...). Every existing month ...
do $$
declare
    part regclass;
begin
    for part in select inhrelid::regclass from pg_catalog.pg_inherits where inhparent = 'public.transactions'::regclass loop
        execute format('revoke update, delete, truncate on %s from recon_app', part);
    end loop;
end
$$;

-- ... and every month created later: the partition function (004) creates
-- tables as the owner, whose default privileges (003) would give recon_app
-- UPDATE and DELETE on them. The 004 function stays as it is, under another
-- name, and the public name now also takes those rights away again.
alter function public.recon_create_transaction_partitions(date, date)
    rename to recon_create_transaction_partitions_004;
revoke all on function public.recon_create_transaction_partitions_004(date, date) from public, recon_app;

create function public.recon_create_transaction_partitions(first_day date, last_day date)
    returns integer
    language plpgsql
    security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    created integer;
    part    regclass;
begin
    created := public.recon_create_transaction_partitions_004(first_day, last_day);
    if created > 0 then
        for part in select inhrelid::regclass from pg_catalog.pg_inherits where inhparent = 'public.transactions'::regclass loop
            execute format('revoke update, delete, truncate on %s from recon_app', part);
        end loop;
    end if;
    return created;
end
$$;
revoke all on function public.recon_create_transaction_partitions(date, date) from public;
grant execute on function public.recon_create_transaction_partitions(date, date) to recon_app;

-- Batch status, the only changes recon_app makes to a batch. None of them
-- changes a settled batch: its counts and status are history.
create function public.recon_batch_processing(batch bigint)
    returns boolean
    language sql
    security definer
    set search_path = pg_catalog, pg_temp
as $$
    with changed as (
        update public.batches set status = 'processing', attempts = attempts + 1, started_at = now(), error = null
        where id = batch and status <> 'settled'
        returning 1
    )
    select exists (select 1 from changed)
$$;

create function public.recon_batch_failed(batch bigint, message text)
    returns boolean
    language sql
    security definer
    set search_path = pg_catalog, pg_temp
as $$
    with changed as (
        update public.batches set status = 'failed', error = left(message, 2000), finished_at = now()
        where id = batch and status <> 'settled'
        returning 1
    )
    select exists (select 1 from changed)
$$;

-- Settles the batch's counts and its net per currency, once.
create function public.recon_batch_settled(
    batch bigint, records_read bigint, settled bigint, duplicates bigint, rejected bigint,
    currencies text[], nets bigint[])
    returns void
    language plpgsql
    security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    update public.batches b
    set status = 'settled', records_read = recon_batch_settled.records_read, settled = recon_batch_settled.settled,
        duplicates = recon_batch_settled.duplicates, rejected = recon_batch_settled.rejected,
        finished_at = now(), error = null
    where b.id = batch and b.status <> 'settled';
    if not found then
        raise exception 'batch % is unknown or already settled', batch;
    end if;
    insert into public.batch_currency_totals (batch_id, currency, net)
    select batch, t.currency, t.net from unnest(currencies, nets) as t(currency, net);
end
$$;

revoke all on function public.recon_batch_processing(bigint) from public;
revoke all on function public.recon_batch_failed(bigint, text) from public;
revoke all on function public.recon_batch_settled(bigint, bigint, bigint, bigint, bigint, text[], bigint[]) from public;
grant execute on function public.recon_batch_processing(bigint) to recon_app;
grant execute on function public.recon_batch_failed(bigint, text) to recon_app;
grant execute on function public.recon_batch_settled(bigint, bigint, bigint, bigint, bigint, text[], bigint[]) to recon_app;

-- ---------------------------------------------------------------------------
-- The batch chain

-- A settled transaction's digest over its stored fields (the signed message
-- is not stored, so content_sha256 itself cannot be recomputed; it is one of
-- the fields). Every text is its UTF-8 bytes after a 4-byte length, every
-- number big-endian: txn_id, merchant_id, type, amount, currency, created_at
-- (microseconds since 1970), settlement_date (days since 1970),
-- settlement_ref, key_id, content_sha256, line. `extra` is left out: jsonb
-- keeps no byte form to hash again, and it is covered by content_sha256.
-- ReconEngine's BatchChainDigest computes the same bytes while a batch is
-- verified; the tests hold the two equal.
create function public.recon_digest_text(value text)
    returns bytea
    language sql immutable strict parallel safe
as $$
    select pg_catalog.int4send(pg_catalog.octet_length(pg_catalog.convert_to(value, 'UTF8')))
        || pg_catalog.convert_to(value, 'UTF8')
$$;

create function public.recon_transaction_digest(
    txn_id text, merchant_id text, type text, amount bigint, currency text, created_at timestamptz,
    settlement_date date, settlement_ref text, key_id text, content_sha256 bytea, line integer)
    returns bytea
    language sql immutable strict parallel safe
as $$
    select pg_catalog.sha256(
        public.recon_digest_text(txn_id) || public.recon_digest_text(merchant_id) || public.recon_digest_text(type)
        || pg_catalog.int8send(amount) || public.recon_digest_text(currency)
        || pg_catalog.int8send((extract(epoch from created_at) * 1000000)::bigint)
        || pg_catalog.int4send(settlement_date - date '1970-01-01')
        || public.recon_digest_text(settlement_ref) || public.recon_digest_text(key_id)
        || pg_catalog.int4send(pg_catalog.octet_length(content_sha256)) || content_sha256
        || pg_catalog.int4send(line))
$$;

-- A chain link: the previous link of the source (none for the first), the
-- batch's place and identity, its counts as `batches` holds them, and the
-- digest of its rows.
create function public.recon_batch_chain_digest(
    previous bytea, chain_position bigint, batch bigint, source text, file_sha256 bytea,
    records_read bigint, settled bigint, duplicates bigint, rejected bigint, rows_sha256 bytea)
    returns bytea
    language sql immutable parallel safe
as $$
    select pg_catalog.sha256(
        pg_catalog.convert_to('recon batch chain v1', 'UTF8')
        || pg_catalog.int4send(coalesce(pg_catalog.octet_length(previous), 0)) || coalesce(previous, ''::bytea)
        || pg_catalog.int8send(chain_position) || pg_catalog.int8send(batch) || public.recon_digest_text(source)
        || file_sha256 || pg_catalog.int8send(records_read) || pg_catalog.int8send(settled)
        || pg_catalog.int8send(duplicates) || pg_catalog.int8send(rejected) || rows_sha256)
$$;

-- One link per settled batch, in the order batches of a source settled.
--   rows_sha256  SHA-256 of the batch's row digests in line order
--   chain_sha256 recon_batch_chain_digest() over the link before it
create table batch_chain (
    batch_id         bigint primary key,   -- batches.id
    source           text   not null,
    chain_position   bigint not null check (chain_position > 0),
    row_count        bigint not null,
    rows_sha256      bytea  not null check (octet_length(rows_sha256) = 32),
    chain_sha256     bytea  not null check (octet_length(chain_sha256) = 32),
    chained_at       timestamptz not null default now(),
    -- Backfilled by this migration (from the rows as they were then).
    backfilled       boolean not null default false,
    unique (source, chain_position)
);

-- Per settled row of a batch, in line order: its line (4 bytes) and the
-- first 4 bytes of its digest, so that `recon db check` can name the row
-- that changed (the link's rows_sha256 proves it). Written by the settling
-- transaction with a binary COPY before the link (8 MB per million rows,
-- streamed: no statement parameter of that size is built in memory);
-- recon_app may add a batch's row, never change one.
create table batch_row_fingerprints (
    batch_id     bigint primary key,   -- batches.id
    fingerprints bytea  not null
);
-- Fingerprints do not compress (half of each is digest bytes): trying to
-- compress 8 MB cost 0.35 s at commit (measured), storing it as it is 0.07 s.
alter table batch_row_fingerprints alter column fingerprints set storage external;

-- The months the owner archived (ops/RUNBOOK.md "Archive an old month"),
-- written before their partition is detached: `recon db check` takes the
-- missing rows of these months as archived, not removed, and every other
-- missing row as removed.
create table archived_transaction_months (
    month       date        primary key check (extract(day from month) = 1),
    row_count   bigint      not null,
    archived_at timestamptz not null default now(),
    archived_by text        not null default current_user,
    note        text
);
revoke insert, update, delete, truncate on archived_transaction_months from recon_app;
grant select on archived_transaction_months to recon_app, recon_readonly;

-- Links a settled batch, in its settling transaction, after
-- recon_batch_settled and its fingerprints. Links of one source serialize on
-- an advisory lock held to commit, so positions follow commit order.
create function public.recon_chain_batch(batch bigint, rows_sha256 bytea)
    returns bytea
    language plpgsql
    security definer
    set search_path = pg_catalog, pg_temp
as $$
declare
    b               record;
    fingerprinted   bigint;
    previous_chain  bytea;
    last_position   bigint;
    chain           bytea;
begin
    select id, source, status, file_sha256, records_read, settled, duplicates, rejected into b
    from public.batches where id = batch;
    if not found or b.status <> 'settled' then
        raise exception 'recon_chain_batch: batch % is not settled', batch;
    end if;
    select octet_length(f.fingerprints) / 8 into fingerprinted from public.batch_row_fingerprints f where f.batch_id = batch;
    if fingerprinted is distinct from b.settled then
        raise exception 'recon_chain_batch: batch % settled % rows but has % fingerprints', batch, b.settled, fingerprinted;
    end if;
    -- "rcnc": recon chain (two-int advisory key space, as the job and partition locks).
    perform pg_catalog.pg_advisory_xact_lock(1919119971, pg_catalog.hashtext(b.source));
    select c.chain_position, c.chain_sha256 into last_position, previous_chain
    from public.batch_chain c where c.source = b.source order by c.chain_position desc limit 1;
    chain := public.recon_batch_chain_digest(previous_chain, coalesce(last_position, 0) + 1, b.id, b.source,
        b.file_sha256, b.records_read, b.settled, b.duplicates, b.rejected, rows_sha256);
    insert into public.batch_chain (batch_id, source, chain_position, row_count, rows_sha256, chain_sha256)
    values (b.id, b.source, coalesce(last_position, 0) + 1, b.settled, rows_sha256, chain);
    return chain;
end
$$;
revoke all on function public.recon_chain_batch(bigint, bytea) from public;
grant execute on function public.recon_chain_batch(bigint, bytea) to recon_app;

revoke insert, update, delete, truncate on batch_chain from recon_app;
revoke update, delete, truncate on batch_row_fingerprints from recon_app;
grant select on batch_chain, batch_row_fingerprints to recon_app, recon_readonly;
grant insert on batch_row_fingerprints to recon_app;

-- Backfill: every batch settled before this migration, per source in the
-- order they finished, over the rows as they are now (a month already
-- archived is not in them).
create temporary table chain_backfill_rows as
select batch_id,
       pg_catalog.sha256(string_agg(digest, ''::bytea order by line)) as rows_sha256,
       string_agg(pg_catalog.int4send(line) || substr(digest, 1, 4), ''::bytea order by line) as fingerprints,
       count(*) as row_count
from (select batch_id, line, public.recon_transaction_digest(txn_id, merchant_id, type, amount, currency, created_at,
             settlement_date, settlement_ref, key_id, content_sha256, line) as digest
      from transactions) t
group by batch_id;

do $$
declare
    b        record;
    previous bytea;
    link_position bigint := 0;
    current_source text;
    rows_hash bytea;
begin
    for b in
        select x.id, x.source, x.file_sha256, x.records_read, x.settled, x.duplicates, x.rejected,
               coalesce(r.rows_sha256, pg_catalog.sha256(''::bytea)) as rows_sha256,
               coalesce(r.fingerprints, ''::bytea) as fingerprints, coalesce(r.row_count, 0) as row_count
        from batches x left join chain_backfill_rows r on r.batch_id = x.id
        where x.status = 'settled'
        order by x.source, x.finished_at nulls first, x.id
    loop
        if current_source is distinct from b.source then
            current_source := b.source;
            previous := null;
            link_position := 0;
        end if;
        link_position := link_position + 1;
        previous := public.recon_batch_chain_digest(previous, link_position, b.id, b.source, b.file_sha256,
            b.records_read, b.settled, b.duplicates, b.rejected, b.rows_sha256);
        insert into batch_row_fingerprints (batch_id, fingerprints) values (b.id, b.fingerprints);
        insert into batch_chain (batch_id, source, chain_position, row_count, rows_sha256, chain_sha256, backfilled)
        values (b.id, b.source, link_position, b.row_count, b.rows_sha256, previous, true);
    end loop;
end
$$;
drop table chain_backfill_rows;
