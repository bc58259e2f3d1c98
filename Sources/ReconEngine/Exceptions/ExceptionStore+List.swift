import ReconCore
import ReconStore

extension ExceptionStore {
    /// `recon exceptions list`: the filtered exceptions, largest at_stake
    /// first (``ExceptionListRow/largestFirst(_:_:)``). `today` (in the job's
    /// time zone) gives each its age.
    public func list(_ filter: ExceptionFilter, today: CivilDate) throws -> [ExceptionListRow] {
        let states = "{" + filter.states.map(\.rawValue).sorted().joined(separator: ",") + "}"
        var parameters: [PostgresValue?] = [
            .text(job), .text(states), filter.kind.map { .text($0.rawValue) }, filter.merchantID.map { .text($0) },
        ]
        var ageCondition = ""
        if let days = filter.minimumAgeDays, let latest = today.adding(days: -days) {
            parameters.append(Self.date(latest))
            ageCondition = " and first_seen <= $5"
        }
        let result = try connection.execute(
            "select \(Self.recordColumns) from recon_exceptions where job = $1 and state = any($2::text[])"
                + " and ($3::text is null or kind = $3) and ($4::text is null or merchant_id = $4)" + ageCondition,
            parameters)
        let rows = Self.records(result).map { record in
            ExceptionListRow(
                exceptionID: record.exceptionID, kind: record.kind, state: record.state, owner: record.owner,
                settlementRef: record.settlementRef, merchantID: record.merchantID, currency: record.currency,
                atStake: record.atStake, firstSeen: record.firstSeen,
                ageDays: today.daysSinceEpoch - record.firstSeen.daysSinceEpoch, bankTxnID: record.bankTxnID,
                lastNote: record.lastNote)
        }
        return rows.filter(filter.admits).sorted(by: ExceptionListRow.largestFirst)
    }

    /// One audit log entry, oldest first in ``history(_:)``.
    public struct AuditEntry: Sendable, Equatable {
        public var at: String
        public var by: String
        public var action: String
        public var fromState: String?
        public var toState: String?
        public var note: String?
    }

    /// The audit log of one exception, in the order it was written.
    public func history(_ id: ExceptionID) throws -> [AuditEntry] {
        let result = try connection.execute(
            """
            select to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), by_name, action, from_state, to_state, note
            from recon_audit_log where job = $1 and exception_id = $2 order by id
            """, [.text(job), .text(id.text)])
        return (0..<result.rowCount).map { row in
            AuditEntry(
                at: result.string(row: row, column: 0)!, by: result.string(row: row, column: 1)!,
                action: result.string(row: row, column: 2)!, fromState: result.string(row: row, column: 3),
                toState: result.string(row: row, column: 4), note: result.string(row: row, column: 5))
        }
    }
}
