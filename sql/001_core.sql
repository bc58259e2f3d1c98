-- recon core schema: batches, settled transactions, rejected records.
-- Forward-only: never edit this file once applied; add a new one.

-- One row per transaction file, identified by the SHA-256 of its bytes.
-- A batch is claimed by a session-level advisory lock on its id while it is
-- worked on, so a crashed worker leaves nothing stuck: status 'processing'
-- with no lock held simply means "claimable again".
create table batches (
    id             bigserial primary key,
    source         text        not null,
    job            text        not null,
    file_sha256    bytea       not null check (octet_length(file_sha256) = 32),
    file_name      text        not null,
    file_path      text        not null,
    status         text        not null default 'queued'
                   check (status in ('queued', 'processing', 'settled', 'failed')),
    attempts       integer     not null default 0,
    error          text,
    records_read   bigint,
    settled        bigint,
    duplicates     bigint,
    rejected       bigint,
    registered_at  timestamptz not null default now(),
    started_at     timestamptz,
    finished_at    timestamptz,
    unique (source, file_sha256),
    -- Conservation (SPEC §3.3), enforced by the database itself.
    check (status <> 'settled' or records_read = settled + duplicates + rejected)
);
create index batches_status on batches (status) where status <> 'settled';

-- Settled transactions. (source, txn_id) is the idempotency key; the content
-- hash (SHA-256 of the signed canonical message) tells a replay from a conflict.
-- Only the primary key is indexed: every index is paid for on every COPY row.
create table transactions (
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
    line            integer     not null,
    primary key (source, txn_id)
);

-- Every rejected record with its reason code (SPEC §3.3), file and line.
create table rejected_records (
    batch_id  bigint  not null references batches (id),
    line      integer not null,
    txn_id    text,
    reason    text    not null,
    detail    text    not null
);
create index rejected_records_batch on rejected_records (batch_id);
