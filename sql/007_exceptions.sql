-- Exceptions people work on, their append-only audit log, and the runs of each
-- report date (SPEC §6 reruns, §9). Forward-only: never edit once applied.

-- One row per problem (a mismatch identity), kept across nights. The id is
-- derived from the identity (kind and items, ReconCore ExceptionID), so it is
-- not unique by construction: two identities whose 50-bit ids collide share an
-- id, and commands refuse an ambiguous id instead of changing the wrong row.
-- The items are kept as columns so that manual matches and `recon show` can
-- find an item's exceptions: a group by (merchant_id, settlement_ref,
-- currency), a bank line by bank_line_id or (bank_account, bank_txn_id).
create table recon_exceptions (
    job             text    not null,
    identity        text    not null,
    exception_id    text    not null check (exception_id ~ '^EX-[0-9A-Z]{10}$'),
    kind            text    not null,
    merchant_id     text,
    settlement_ref  text,
    currency        text,
    bank_account    text,
    bank_txn_id     text,
    bank_line_id    bigint,
    state           text    not null default 'open'
                    check (state in ('open', 'acknowledged', 'resolved', 'cleared')),
    owner           text,
    resolution      text    check (resolution in ('write_off', 'explained', 'fixed_upstream', 'manual_match')),
    -- The mismatch as last reported while open, or as it was when a person
    -- resolved it: a resolved exception whose mismatch differs is reopened.
    expected_amount bigint,
    bank_amount     bigint,
    difference      bigint,
    at_stake        bigint,
    txn_count       integer,
    settlement_date date,
    booking_date    date,
    detail          text    not null,
    first_seen      date    not null,
    last_note       text,
    -- Optimistic versioning: every change adds one; a command that read
    -- version v changes the row only where it is still v.
    version         bigint  not null default 1,
    changed_at      timestamptz not null default now(),
    changed_by      text    not null,
    primary key (job, identity),
    check ((state = 'resolved') = (resolution is not null)),
    check (state <> 'acknowledged' or owner is not null)
);
create index recon_exceptions_id on recon_exceptions (job, exception_id);
create index recon_exceptions_listed on recon_exceptions (job, state, at_stake desc);
create index recon_exceptions_group on recon_exceptions (job, merchant_id, settlement_ref, currency);
create index recon_exceptions_line on recon_exceptions (job, bank_line_id) where bank_line_id is not null;

-- Append-only: every ack, resolve, reopen (and later match/unmatch), and the
-- automatic transitions recon makes itself (by 'recon').
create table recon_audit_log (
    id            bigserial   primary key,
    at            timestamptz not null default now(),
    by_name       text        not null,
    action        text        not null,
    job           text        not null,
    exception_id  text,
    identity      text,
    -- The items concerned, as JSON ({"merchant_id": …, "settlement_ref": …}).
    items         jsonb       not null default '{}',
    from_state    text,
    to_state      text,
    note          text
);
create index recon_audit_log_exception on recon_audit_log (job, exception_id, id);

-- 003 grants UPDATE and DELETE on every new table to recon_app by default
-- privileges: operators may add to the log, never change or remove entries.
revoke update, delete, truncate on recon_audit_log from recon_app;
revoke update, delete, truncate on recon_audit_log from public;

-- Every run of a report date with what it ingested itself: the reports of D
-- cover all of them (SPEC §6), so a rerun never loses what a night reported.
create table recon_report_runs (
    id          bigserial   primary key,
    job         text        not null,
    run_date    date        not null,
    started_at  timestamptz not null,
    finished_at timestamptz not null default now(),
    -- Every batch this run registered (settled, failed, duplicate).
    batch_ids   bigint[]    not null default '{}',
    -- Batches and records counts of this run alone (summary.json shape).
    ingested    jsonb       not null,
    exit_code   integer     not null
);
create index recon_report_runs_date on recon_report_runs (job, run_date, id);
