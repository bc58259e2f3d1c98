-- 017: a batch's row fingerprints (013) in parts, one per settlement
-- segment. Forward-only: never edit once applied; add a new file.
--
-- 013 stored them as one bytea per batch, copied after the batch's last row:
-- 8 MB at 1M rows, 0.2 s of the server's time at the end of the settling
-- transaction, when nothing else runs (the client waits), and held in the
-- client's memory (or a temporary file) until then. A part is written after
-- each segment's rows and keys (16,384 rows, 128 KB), while the verifying
-- workers prepare the next segment. Each fingerprint carries its line, so
-- `recon db check` reads the parts as it read the whole. The careful path
-- still writes one part (0).

alter table batch_row_fingerprints add column part integer not null default 0;
alter table batch_row_fingerprints drop constraint batch_row_fingerprints_pkey;
alter table batch_row_fingerprints add primary key (batch_id, part);

-- The same function as 013's, counting the fingerprints of every part.
create or replace function public.recon_chain_batch(batch bigint, rows_sha256 bytea)
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
    select sum(pg_catalog.octet_length(f.fingerprints)) / 8 into fingerprinted
    from public.batch_row_fingerprints f where f.batch_id = batch;
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
