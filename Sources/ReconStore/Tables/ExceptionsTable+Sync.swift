/// The nightly sync of the exceptions with tonight's mismatches (SPEC §9):
/// tonight's identities and the changes go through temporary tables, so the
/// sync is a few set statements whatever the number of exceptions.
extension ExceptionsTable {
    public static let createTonight: SQL = "create temporary table exception_sync_tonight (identity text) on commit drop"
    public static let copyTonight = "copy exception_sync_tonight (identity) from stdin with (format binary)"

    /// The columns ``lockForSync(job:)`` returns, in this order.
    public static let syncColumns = ColumnList(
        "identity", "exception_id", "state", "owner", "expected_amount", "bank_amount", "difference", "txn_count",
        "settlement_date::text", "booking_date::text", "detail")

    /// The exceptions tonight can change (the listed ones, which may clear,
    /// and every one reported tonight), locked until the sync commits.
    public static func lockForSync(job: String) -> SQL {
        """
        select \(columns: syncColumns.qualified(by: "e")) from recon_exceptions e
        where e.job = \(job)
          and (e.state in ('open', 'acknowledged') or e.identity in (select identity from exception_sync_tonight))
        for update
        """
    }

    /// A new exception's columns: the identity, then the facts in the order
    /// ReconEngine's `ExceptionStore.appendFacts` writes them, then who.
    public static let newColumns = ColumnList(
        "job", "identity", "exception_id", "kind", "merchant_id", "settlement_ref", "currency", "bank_account",
        "bank_txn_id", "bank_line_id", "expected_amount", "bank_amount", "difference", "at_stake", "txn_count",
        "settlement_date", "booking_date", "detail", "first_seen", "changed_by")
    public static let copyNew = "copy recon_exceptions (\(newColumns.sql)) from stdin with (format binary)"

    /// Refreshes, reopenings and clearings: one row each, the facts (when
    /// `has_facts`) in `appendFacts` order without the items.
    public static let createChanges: SQL = """
        create temporary table exception_sync_changes (
            identity text, state text, has_facts boolean, expected_amount bigint, bank_amount bigint,
            difference bigint, at_stake bigint, txn_count integer, settlement_date date, booking_date date,
            detail text, first_seen date, note text, from_state text) on commit drop
        """
    public static let changeFieldCount: Int16 = 14
    public static let copyChanges = "copy exception_sync_changes from stdin with (format binary)"

    public static func applyChanges(job: String, by name: String) -> SQL {
        """
        update recon_exceptions e set
            state = c.state,
            owner = case when c.state = 'open' then null else e.owner end,
            resolution = null,
            expected_amount = case when c.has_facts then c.expected_amount else e.expected_amount end,
            bank_amount = case when c.has_facts then c.bank_amount else e.bank_amount end,
            difference = case when c.has_facts then c.difference else e.difference end,
            at_stake = case when c.has_facts then c.at_stake else e.at_stake end,
            txn_count = case when c.has_facts then c.txn_count else e.txn_count end,
            settlement_date = case when c.has_facts then c.settlement_date else e.settlement_date end,
            booking_date = case when c.has_facts then c.booking_date else e.booking_date end,
            detail = case when c.has_facts then c.detail else e.detail end,
            first_seen = least(e.first_seen, coalesce(c.first_seen, e.first_seen)),
            last_note = coalesce(c.note, e.last_note),
            version = e.version + 1, changed_at = now(), changed_by = \(name)
        from exception_sync_changes c
        where e.job = \(job) and e.identity = c.identity
        """
    }

    /// The audit entries of the reopenings and clearings (a refresh has no note).
    public static func auditChanges(job: String, by name: String) -> SQL {
        """
        insert into recon_audit_log (by_name, action, job, exception_id, identity, items, from_state, to_state, note)
        select \(name), case when c.state = 'cleared' then 'clear' else 'reopen' end, \(job), e.exception_id, e.identity,
               \(sql: ManualMatchesTable.itemsOfChanged), c.from_state, c.state, c.note
        from exception_sync_changes c join recon_exceptions e on e.job = \(job) and e.identity = c.identity
        where c.note is not null
        order by e.exception_id
        """
    }
}
