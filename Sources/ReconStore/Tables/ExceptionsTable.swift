/// `recon_exceptions` and `recon_audit_log` (sql/011, SPEC §9): what people
/// read and change. Every change of a person goes with its audit entry, in
/// the caller's transaction.
public enum ExceptionsTable {
    /// One exception as commands read it (ReconEngine's `ExceptionStore.Record`).
    public static let recordColumns = ColumnList(
        "identity", "exception_id", "kind", "state", "owner", "resolution", "settlement_ref", "merchant_id",
        "currency", "bank_txn_id", "at_stake", "first_seen::text", "last_note", "version",
        #"to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#, "changed_by")

    public static func find(job: String, exceptionID: String) -> SQL {
        "select \(columns: recordColumns) from recon_exceptions where job = \(job) and exception_id = \(exceptionID)"
    }

    /// A person's change, written only where the row's version is still
    /// `version` (optimistic versioning): no row back means someone else
    /// changed it first.
    public static func applyChange(
        job: String, identity: String, version: Int64, state: String, owner: String?, resolution: String?, note: String?,
        by person: String
    ) -> SQL {
        """
        update recon_exceptions set state = \(state), owner = \(owner), resolution = \(resolution),
            last_note = coalesce(\(note), last_note), version = version + 1, changed_at = now(), changed_by = \(person)
        where job = \(job) and identity = \(identity) and version = \(version)
        returning version
        """
    }

    /// The audit entry of a person's change, from the row as changed.
    public static func auditChange(
        job: String, identity: String, by person: String, action: String, fromState: String, owner: String?,
        reason: String?, note: String?
    ) -> SQL {
        """
        insert into recon_audit_log (by_name, action, job, exception_id, identity, items, from_state, to_state, note)
        select \(person), \(action), e.job, e.exception_id, e.identity,
               \(sql: ManualMatchesTable.itemsOfChanged)
                   || jsonb_strip_nulls(jsonb_build_object('owner', \(owner)::text, 'reason', \(reason)::text)),
               \(fromState), e.state, \(note)
        from recon_exceptions e where e.job = \(job) and e.identity = \(identity)
        """
    }

    /// The columns of ``list(job:states:kind:merchantID:firstSeenOnOrBefore:)``;
    /// first_seen as days since 2000-01-01.
    public static let listColumns = ColumnList(
        "exception_id", "kind", "state", "owner", "settlement_ref", "merchant_id", "currency", "at_stake",
        "first_seen - date '2000-01-01'", "bank_txn_id", "last_note")

    /// `recon exceptions list`: only the listed columns (at 100,000 rows
    /// every column read costs); the caller sorts.
    public static func list(
        job: String, states: [String], kind: String?, merchantID: String?, firstSeenOnOrBefore latest: PostgresValue?
    ) -> SQL {
        """
        select \(columns: listColumns) from recon_exceptions
        where job = \(job) and state = any(\(array: states)::text[])
          and (\(kind)::text is null or kind = \(kind)) and (\(merchantID)::text is null or merchant_id = \(merchantID))
          and (\(latest)::date is null or first_seen <= \(latest))
        """
    }

    /// The audit log of one exception, in the order it was written.
    public static func history(job: String, exceptionID: String) -> SQL {
        """
        select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), by_name, action, from_state, to_state, note
        from recon_audit_log where job = \(job) and exception_id = \(exceptionID) order by id
        """
    }
}
