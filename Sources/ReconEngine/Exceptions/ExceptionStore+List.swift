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
        // Only the listed columns: at 100,000 rows every column read costs.
        let result = try connection.execute(
            "select exception_id, kind, state, owner, settlement_ref, merchant_id, currency, at_stake,"
                + " first_seen - date '2000-01-01', bank_txn_id, last_note"
                + " from recon_exceptions where job = $1 and state = any($2::text[])"
                + " and ($3::text is null or kind = $3) and ($4::text is null or merchant_id = $4)" + ageCondition,
            parameters)
        let todayNumber = today.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays
        var rows: [ExceptionListRow] = []
        rows.reserveCapacity(result.rowCount)
        for row in 0..<result.rowCount {
            guard let kind = MismatchKind(rawValue: result.string(row: row, column: 1) ?? ""),
                let state = ExceptionState(rawValue: result.string(row: row, column: 2) ?? ""),
                let firstSeenNumber = result.int32(row: row, column: 8),
                let firstSeen = CivilDate(daysSinceEpoch: Int(firstSeenNumber) + CalendarMath.postgresEpochOffsetDays)
            else { continue }
            rows.append(ExceptionListRow(
                exceptionID: ExceptionID(stored: result.string(row: row, column: 0)!), kind: kind, state: state,
                owner: result.string(row: row, column: 3), settlementRef: result.string(row: row, column: 4),
                merchantID: result.string(row: row, column: 5), currency: result.string(row: row, column: 6),
                atStake: result.int64(row: row, column: 7), firstSeen: firstSeen,
                ageDays: todayNumber - Int(firstSeenNumber), bankTxnID: result.string(row: row, column: 9),
                lastNote: result.string(row: row, column: 10)))
        }
        return ExceptionListRow.sortedLargestFirst(filter.minimumAmount == nil ? rows : rows.filter(filter.admits))
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
