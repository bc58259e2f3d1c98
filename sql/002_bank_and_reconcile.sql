-- Bank statements, bank lines and the persistent state of reconciliation.
-- Forward-only: never edit once applied; add a new file.

-- Each statement file imported for a job, by content.
create table bank_files (
    id          bigserial primary key,
    job         text        not null,
    file_sha256 bytea       not null,
    file_name   text        not null,
    statements  integer     not null,
    lines_new   integer     not null,
    imported_at timestamptz not null default now(),
    unique (job, file_sha256)
);

create table bank_statements (
    id              bigserial primary key,
    job             text    not null,
    bank_file_id    bigint  not null references bank_files (id),
    account         text    not null,
    currency        text,
    sequence        text,
    opening_balance bigint,
    closing_balance bigint,
    opening_date    date,
    closing_date    date,
    source_line     integer not null
);
create index bank_statements_account on bank_statements (job, account);

-- One row per booked line. line_key identifies the line across overlapping
-- statements: the bank's own id where there is one, else a hash of its
-- content and its occurrence number within the statement.
create table bank_lines (
    id           bigserial primary key,
    job          text    not null,
    account      text    not null,
    line_key     text    not null,
    booking_date date    not null,
    value_date   date,
    amount       bigint  not null,
    currency     text    not null,
    reference    text,
    description  text    not null,
    bank_txn_id  text,
    statement_id bigint  not null references bank_statements (id),
    source_line  integer not null,
    unique (job, account, line_key)
);

-- Sequence gaps and balance breaks between consecutive statements of an
-- account (SPEC §4), found at import and reported as STATEMENT_GAP.
create table statement_gaps (
    id          bigserial primary key,
    job         text not null,
    account     text not null,
    detail      text not null,
    found_on    date not null,
    unique (job, account, detail)
);

-- Which bank lines a settlement group claimed, and by which rule. A line is
-- claimed at most once per job (primary key). Decisions of run date D are
-- made again when D is reconciled again.
create table recon_matches (
    job            text   not null,
    bank_line_id   bigint not null,  -- bank_lines.id; no foreign key: checking one per row doubles the COPY
    merchant_id    text   not null,
    settlement_ref text   not null,
    currency       text   not null,
    rule           text   not null,
    kind           text,
    net_at_match   bigint not null,
    matched_on     date   not null,
    primary key (job, bank_line_id)
);
create index recon_matches_group on recon_matches (job, merchant_id, settlement_ref, currency);

-- The mismatch rows reported for each run date, with the date each was first
-- reported: the source of first_seen and of new/resolved counts.
create table recon_mismatches (
    job         text  not null,
    run_date    date  not null,
    identity    text  not null,
    kind        text  not null,
    first_seen  date  not null,
    detail      text  not null,
    primary key (job, run_date, identity)
);

create table recon_runs (
    job         text        not null,
    run_date    date        not null,
    finished_at timestamptz not null default now(),
    summary     jsonb       not null,
    primary key (job, run_date)
);

