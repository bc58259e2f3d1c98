-- transactions partitioned by settlement_date (monthly), with a key registry
-- that keeps (source, txn_id) unique across all partitions.
-- Forward-only: never edit this file once applied; add a new one.
--
-- Why a registry: a unique index on a partitioned table must contain the
-- partition key, so (source, txn_id) can no longer be the primary key of
-- `transactions`. `transaction_keys` is an ordinary table whose primary key is
-- the exactly-once arbiter (SPEC §3): settlement COPYs the narrow key rows into
-- it in the same transaction as the wide rows (README, "Exactly once"). It
-- also keeps the content hash, batch and line, so a replay is still told from
-- a conflict after the month of the original was archived (ops/RUNBOOK.md,
-- "Archive old months"). The partitions themselves carry no index: nothing
-- reads them by key, and every index is paid for on every COPY row.
--
-- Partitions are named transactions_YYYY_MM and created ahead by
-- recon_create_transaction_partitions() (below), which `recon db migrate` and
-- every run, ingest, rerun and worker call for a window around today. A
-- DEFAULT partition catches any other settlement date, so no row ever fails or
-- is lost; when a month's partition is created later, its rows are moved out
-- of the default partition.
--
-- Converting a populated table: the rows are copied into the new table and
-- counted before the old one is dropped, all in this migration's transaction,
-- which holds an exclusive lock on `transactions` meanwhile (about 5 s per
-- million rows): run it while no recon command runs.

ALTER TABLE transactions RENAME TO transactions_unpartitioned;
ALTER INDEX transactions_pkey RENAME TO transactions_unpartitioned_pkey;
ALTER TABLE transactions_unpartitioned RENAME CONSTRAINT transactions_type_check TO transactions_unpartitioned_type_check;

-- Same columns as 001, same order (readers and COPY column lists unchanged).
CREATE TABLE transactions (
    source          text        not null,
    txn_id          text        not null,
    merchant_id     text        not null,
    type            text        not null
                    check (type in ('payment', 'refund', 'chargeback', 'fee', 'adjustment')),
    amount          bigint      not null,
    currency        text        not null,
    created_at      timestamptz not null,
    settlement_date date        not null,
    settlement_ref  text        not null,
    key_id          text        not null,
    extra           jsonb,
    content_sha256  bytea       not null,
    batch_id        bigint      not null,
    line            integer     not null
) PARTITION BY RANGE (settlement_date);

CREATE TABLE transactions_default PARTITION OF transactions DEFAULT;

-- One row per settled transaction, kept when its month is archived.
-- Its primary key is checked on every settled row, so it is made cheap: the
-- key columns compare bytewise (COLLATE "C"; equality is the same under
-- every deterministic collation) and txn_id comes first, so most comparisons
-- are decided by one column instead of two (source mostly repeats). Server
-- CPU for 1M keys, measured: 2.4 s with (source, txn_id) in the database
-- collation, 2.05 s with COLLATE "C", 1.7 s with (txn_id, source). The
-- fixed-width columns come first so that no padding is stored (8% smaller).
CREATE TABLE transaction_keys (
    batch_id        bigint  not null,
    line            integer not null,
    settlement_date date    not null,
    source          text collate "C" not null,
    txn_id          text collate "C" not null,
    content_sha256  bytea   not null,
    primary key (txn_id, source)
);

-- Creates the monthly partitions for every month from first_day's month to
-- last_day's month that has none yet, moving the rows of that month out of
-- the default partition; returns how many it created.
--
-- SECURITY DEFINER so that recon_app, which has no DDL rights, can call it at
-- the start of each run; it runs as the owner of `transactions` (the role
-- that migrates). The search_path is pinned and every name qualified, so a
-- caller cannot substitute objects. At most 120 months per call.
--
-- Concurrency: callers serialize on an exclusive transaction-level advisory
-- lock, which settlement takes in shared mode for each batch (BatchSettlement),
-- so a partition never appears in the middle of a batch's COPY (whose rows
-- for that month would otherwise be refused by the default partition's new
-- constraint). recon calls it with a lock_timeout and treats a timeout as
-- "try next time", since the default partition holds the rows meanwhile.
CREATE FUNCTION public.recon_create_transaction_partitions(first_day date, last_day date)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    month_start date;
    month_end   date;
    last_month  date;
    partition_name text;
    created     integer := 0;
    locked      boolean := false;
BEGIN
    IF first_day IS NULL OR last_day IS NULL OR last_day < first_day THEN
        RAISE EXCEPTION 'recon_create_transaction_partitions: need first_day <= last_day, got % and %', first_day, last_day;
    END IF;
    month_start := date_trunc('month', first_day)::date;
    last_month := date_trunc('month', last_day)::date;
    IF last_month > month_start + interval '119 months' THEN
        RAISE EXCEPTION 'recon_create_transaction_partitions: at most 120 months per call (% to %)', first_day, last_day;
    END IF;
    WHILE month_start <= last_month LOOP
        month_end := (month_start + interval '1 month')::date;
        partition_name := 'transactions_' || to_char(month_start, 'YYYY_MM');
        IF NOT EXISTS (
            SELECT 1 FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.transactions'::regclass AND c.relname = partition_name)
        THEN
            IF NOT locked THEN
                -- "rcnp": recon partitions (two-int advisory key space, as the job locks).
                PERFORM pg_catalog.pg_advisory_xact_lock(1919118960, 0);
                -- Nothing writes the default partition while rows move out of it.
                LOCK TABLE public.transactions_default IN ACCESS EXCLUSIVE MODE;
                locked := true;
            END IF;
            IF EXISTS (
                SELECT 1 FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'public.transactions'::regclass AND c.relname = partition_name)
            THEN
                NULL;  -- created by a concurrent caller while this one waited
            ELSIF to_regclass('public.' || quote_ident(partition_name)) IS NOT NULL THEN
                -- e.g. a month detached for archiving and not dropped yet
                RAISE WARNING 'table public.% exists but is not a partition of transactions: month % left to the default partition',
                    partition_name, to_char(month_start, 'YYYY-MM');
            ELSE
                EXECUTE format('CREATE TABLE public.%I (LIKE public.transactions INCLUDING ALL)', partition_name);
                -- Lets ATTACH skip scanning the new table.
                EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I CHECK (settlement_date >= %L::date AND settlement_date < %L::date)',
                    partition_name, partition_name || '_month', to_char(month_start, 'YYYY-MM-DD'), to_char(month_end, 'YYYY-MM-DD'));
                EXECUTE format(
                    'WITH moved AS (DELETE FROM public.transactions_default WHERE settlement_date >= $1 AND settlement_date < $2 RETURNING *) '
                    'INSERT INTO public.%I SELECT * FROM moved', partition_name)
                    USING month_start, month_end;
                EXECUTE format('ALTER TABLE public.transactions ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)',
                    partition_name, to_char(month_start, 'YYYY-MM-DD'), to_char(month_end, 'YYYY-MM-DD'));
                EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', partition_name, partition_name || '_month');
                created := created + 1;
            END IF;
        END IF;
        month_start := month_end;
    END LOOP;
    RETURN created;
END
$$;

-- The window recon keeps ready: three months back to three months ahead.
CREATE FUNCTION public.recon_ensure_transaction_partitions()
    RETURNS integer
    LANGUAGE sql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT public.recon_create_transaction_partitions(
        (current_date - interval '3 months')::date, (current_date + interval '3 months')::date)
$$;

-- Functions are executable by PUBLIC by default; these only by the app.
REVOKE ALL ON FUNCTION public.recon_create_transaction_partitions(date, date) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.recon_ensure_transaction_partitions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.recon_create_transaction_partitions(date, date) TO recon_app;
GRANT EXECUTE ON FUNCTION public.recon_ensure_transaction_partitions() TO recon_app;

-- 003's default privileges grant these when the role that ran 003 runs this
-- file; granted explicitly so that another owner role works too. Partitions
-- created later by the function (as this owner) get the default privileges.
GRANT SELECT, INSERT, UPDATE, DELETE ON transactions, transactions_default, transaction_keys TO recon_app;
GRANT SELECT ON transactions, transactions_default, transaction_keys TO recon_readonly;

-- Convert: keys first, then a partition for every month that holds rows (and
-- the window), then the rows, counted before the old table goes.
INSERT INTO transaction_keys (batch_id, line, settlement_date, source, txn_id, content_sha256)
SELECT batch_id, line, settlement_date, source, txn_id, content_sha256 FROM transactions_unpartitioned;

SELECT public.recon_create_transaction_partitions(month, month)
FROM (SELECT DISTINCT date_trunc('month', settlement_date)::date AS month FROM transactions_unpartitioned) months;
SELECT public.recon_ensure_transaction_partitions();

INSERT INTO transactions (source, txn_id, merchant_id, type, amount, currency, created_at, settlement_date,
                          settlement_ref, key_id, extra, content_sha256, batch_id, line)
SELECT source, txn_id, merchant_id, type, amount, currency, created_at, settlement_date,
       settlement_ref, key_id, extra, content_sha256, batch_id, line
FROM transactions_unpartitioned;

DO $$
DECLARE
    before bigint := (SELECT count(*) FROM transactions_unpartitioned);
    after  bigint := (SELECT count(*) FROM transactions);
    keys   bigint := (SELECT count(*) FROM transaction_keys);
BEGIN
    IF before <> after OR before <> keys THEN
        RAISE EXCEPTION 'converting transactions lost rows: % before, % after, % keys', before, after, keys;
    END IF;
END
$$;

DROP TABLE transactions_unpartitioned;
