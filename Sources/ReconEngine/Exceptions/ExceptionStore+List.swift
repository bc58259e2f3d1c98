import ReconCore
import ReconStore

extension ExceptionStore {
    /// `recon exceptions list`: the filtered exceptions, largest at_stake
    /// first (``ExceptionListRow/largestFirst(_:_:)``). `today` (in the job's
    /// time zone) gives each its age.
    public func list(_ filter: ExceptionFilter, today: CivilDate) throws -> [ExceptionListRow] {
        let latest = filter.minimumAgeDays.flatMap { today.adding(days: -$0) }
        let result = try connection.execute(
            ExceptionsTable.list(
                job: job, states: filter.states.map(\.rawValue).sorted(), kind: filter.kind?.rawValue,
                merchantID: filter.merchantID, firstSeenOnOrBefore: latest.map(Self.date)))
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
        let result = try connection.execute(ExceptionsTable.history(job: job, exceptionID: id.text))
        return (0..<result.rowCount).map { row in
            AuditEntry(
                at: result.string(row: row, column: 0)!, by: result.string(row: row, column: 1)!,
                action: result.string(row: row, column: 2)!, fromState: result.string(row: row, column: 3),
                toState: result.string(row: row, column: 4), note: result.string(row: row, column: 5))
        }
    }
}
