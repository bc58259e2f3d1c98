/// The tamper checks of `recon db check` (sql/013): each recomputes part of
/// the batch chain from the stored rows and returns one row per finding, as
/// `(what, item, found, expected)` text, like ``DriftQueries``. Whole-table
/// scans, as there: this is the audit, not the nightly path.
///
/// A month archived by the runbook (registered in
/// `archived_transaction_months`, then its partition detached) is not a
/// removal: the missing rows of such a month are taken as archived, and
/// their batch's rows digest is not recomputed (it cannot be). Any other
/// missing row is named as removed.
public enum BatchChainQueries {
    public static let all: [(name: String, sql: String)] = [
        ("chain links", links),
        ("chained rows", rows),
        ("batch rows digest", rowsDigest),
        ("unchained rows", unchainedRows),
        ("runtime role rights", runtimeRoleRights),
    ]

    /// Keys of the months the owner archived (archived_transaction_months), by batch and line.
    static let archivedKeys = """
        archived_keys as (
            select k.batch_id, k.line, k.txn_id from transaction_keys k
            where date_trunc('month', k.settlement_date)::date in (select month from archived_transaction_months)
        )
        """

    static let digest = BatchChainTable.rowDigest(of: "t").text

    /// Each link against the one before it and the batch it names; a missing
    /// position is a removed batch; a settled batch without a link was
    /// settled around the chain.
    static let links = """
        select case when b.id is null then 'batch removed'
                    when b.status <> 'settled' then 'batch status altered'
                    else 'batch chain broken' end,
               'batch ' || c.batch_id || ' (' || c.source || ' #' || c.chain_position || ')',
               case when b.id is null then 'no batches row'
                    else 'chain ' || coalesce(encode(recon_batch_chain_digest(p.chain_sha256, c.chain_position, c.batch_id,
                        c.source, b.file_sha256, b.records_read, b.settled, b.duplicates, b.rejected, c.rows_sha256), 'hex'), 'incomplete')
                        || ' from its batch, rows digest and link #' || (c.chain_position - 1) end,
               'chain ' || encode(c.chain_sha256, 'hex')
        from batch_chain c
        left join batch_chain p on p.source = c.source and p.chain_position = c.chain_position - 1
        left join batches b on b.id = c.batch_id
        where b.id is null or b.status <> 'settled'
           or recon_batch_chain_digest(p.chain_sha256, c.chain_position, c.batch_id, c.source, b.file_sha256,
                  b.records_read, b.settled, b.duplicates, b.rejected, c.rows_sha256) is distinct from c.chain_sha256
        union all
        select 'batch removed', c.source || ' #' || (c.chain_position - 1), 'no chain link',
               'the link before batch ' || c.batch_id || ' (' || c.source || ' #' || c.chain_position || ')'
        from batch_chain c
        where c.chain_position > 1
          and not exists (select 1 from batch_chain p where p.source = c.source and p.chain_position = c.chain_position - 1)
        union all
        select 'batch not chained', 'batch ' || b.id || ' (' || b.source || ', ' || b.file_name || ')',
               'settled without a chain link', 'a link in batch_chain'
        from batches b
        where b.status = 'settled' and not exists (select 1 from batch_chain c where c.batch_id = b.id)
        order by 2
        """

    /// Every row of a chained batch against its fingerprint: altered, removed
    /// (not archived) or added.
    static let rows = """
        with \(archivedKeys), expected as (
            select f.batch_id, ('x' || encode(substr(f.fingerprints, i * 8 + 1, 4), 'hex'))::bit(32)::int as line,
                   substr(f.fingerprints, i * 8 + 5, 4) as fingerprint
            from batch_chain c join batch_row_fingerprints f on f.batch_id = c.batch_id
            cross join lateral generate_series(0, octet_length(f.fingerprints) / 8 - 1) i
        ), actual as (
            select t.batch_id, t.line, t.txn_id, t.amount, substr(\(digest), 1, 4) as fingerprint
            from transactions t where t.batch_id in (select batch_id from batch_chain)
        )
        select case when a.line is null then 'row removed' when e.line is null then 'row added' else 'row altered' end,
               'batch ' || coalesce(e.batch_id, a.batch_id) || ' line ' || coalesce(e.line, a.line)
                   || coalesce(' txn_id ' || coalesce(a.txn_id, k.txn_id), ''),
               case when a.line is null then 'no row'
                    else 'amount ' || a.amount || ', row digest ' || encode(a.fingerprint, 'hex') || '…' end,
               case when e.line is null then 'no such row in the batch''s chain link'
                    else 'row digest ' || encode(e.fingerprint, 'hex') || '…' end
        from expected e
        full join actual a on a.batch_id = e.batch_id and a.line = e.line
        left join transaction_keys k on a.line is null and k.batch_id = e.batch_id and k.line = e.line
        where (a.line is null and not exists (select 1 from archived_keys x where x.batch_id = e.batch_id and x.line = e.line))
           or e.line is null or a.fingerprint <> e.fingerprint
        order by 2
        """

    /// Each chained batch's rows digested again, in line order: proves what
    /// a 4-byte fingerprint only points at.
    static let rowsDigest = """
        with \(archivedKeys), recomputed as (
            select t.batch_id, sha256(string_agg(\(digest), ''::bytea order by t.line)) as rows_sha256, count(*) as row_count
            from transactions t where t.batch_id in (select batch_id from batch_chain)
            group by t.batch_id
        )
        select 'batch rows differ', 'batch ' || c.batch_id || ' (' || c.source || ' #' || c.chain_position || ')',
               'rows digest ' || encode(coalesce(r.rows_sha256, sha256(''::bytea)), 'hex') || ' over ' || coalesce(r.row_count, 0) || ' rows',
               'rows digest ' || encode(c.rows_sha256, 'hex') || ' over ' || c.row_count || ' rows'
        from batch_chain c left join recomputed r on r.batch_id = c.batch_id
        where coalesce(r.rows_sha256, sha256(''::bytea)) <> c.rows_sha256
          and not exists (select 1 from archived_keys x where x.batch_id = c.batch_id)
        order by 2
        """

    /// Settled rows that belong to no chained batch (written around
    /// settlement, or a batch id changed).
    static let unchainedRows = """
        select 'row outside the chain', 'batch ' || t.batch_id || ' line ' || t.line || ' txn_id ' || t.txn_id,
               'amount ' || t.amount || ', batch without a chain link', 'a row of a chained batch'
        from transactions t
        where not exists (select 1 from batch_chain c where c.batch_id = t.batch_id)
        order by 2
        """

    /// sql/013's promise kept: recon_app holds no UPDATE, DELETE or TRUNCATE
    /// on a history table or any partition of transactions (a grant given
    /// back by hand, a month created by another owner).
    static let runtimeRoleRights = """
        select 'runtime role may rewrite history', c.oid::regclass::text,
               'recon_app holds ' || string_agg(p.privilege, ', ' order by p.privilege), 'SELECT and INSERT only'
        from pg_catalog.pg_class c
        cross join unnest(array['DELETE', 'TRUNCATE', 'UPDATE']) as p(privilege)
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
          and exists (select 1 from pg_catalog.pg_roles where rolname = 'recon_app')
          and (c.relname in ('transactions', 'transaction_keys', 'rejected_records', 'batch_currency_totals', 'batches',
                             'bank_files', 'bank_statements', 'bank_lines', 'bank_statement_repeats', 'recon_audit_log',
                             'batch_chain', 'batch_row_fingerprints', 'archived_transaction_months',
                             'settlement_group_files')
               or c.oid in (select inhrelid from pg_catalog.pg_inherits where inhparent = 'public.transactions'::regclass))
          and has_table_privilege('recon_app', c.oid, p.privilege)
        group by c.oid
        order by 2
        """
}
