import ReconCore
import ReconStore

/// The exceptions of one job in PostgreSQL (`recon_exceptions`, SPEC §9):
/// the nightly sync, the changes people make, the list. Every change a
/// person makes goes through ``apply(_:to:by:)`` with the audit log entry in
/// the same transaction.
public struct ExceptionStore {
    let connection: PostgresConnection
    let job: String

    public init(connection: PostgresConnection, job: String) {
        self.connection = connection
        self.job = job
    }

    /// Who recon itself is in the audit log and `changed_by`.
    static let reconName = "recon"

    static func date(_ date: CivilDate) -> PostgresValue {
        .date(daysSince2000: Int32(date.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays))
    }

    /// One stored exception as commands and lists read it.
    public struct Record: Sendable, Equatable {
        public var identity: String
        public var exceptionID: ExceptionID
        public var kind: MismatchKind
        public var state: ExceptionState
        public var owner: String?
        public var resolution: ResolutionReason?
        public var settlementRef: String?
        public var merchantID: String?
        public var currency: String?
        public var bankTxnID: String?
        public var atStake: Int64?
        public var firstSeen: CivilDate
        public var lastNote: String?
        public var version: Int64
        /// UTC, to the second.
        public var changedAt: String
        public var changedBy: String
    }

    /// Decodes rows of `ExceptionsTable.recordColumns`.
    static func records(_ result: QueryResult) -> [Record] {
        (0..<result.rowCount).compactMap { row in
            guard let kind = MismatchKind(rawValue: result.string(row: row, column: 2) ?? ""),
                let state = ExceptionState(rawValue: result.string(row: row, column: 3) ?? ""),
                let id = result.string(row: row, column: 1).map(ExceptionID.init(stored:)),
                let firstSeen = CivilDate(iso: result.string(row: row, column: 11) ?? "")
            else { return nil }
            return Record(
                identity: result.string(row: row, column: 0)!, exceptionID: id, kind: kind, state: state,
                owner: result.string(row: row, column: 4),
                resolution: result.string(row: row, column: 5).flatMap(ResolutionReason.init(rawValue:)),
                settlementRef: result.string(row: row, column: 6), merchantID: result.string(row: row, column: 7),
                currency: result.string(row: row, column: 8), bankTxnID: result.string(row: row, column: 9),
                atStake: result.int64(row: row, column: 10), firstSeen: firstSeen,
                lastNote: result.string(row: row, column: 12), version: result.int64(row: row, column: 13)!,
                changedAt: result.string(row: row, column: 14)!, changedBy: result.string(row: row, column: 15)!)
        }
    }

    /// The exceptions with this id (normally one; see ``ExceptionID``).
    public func find(_ id: ExceptionID) throws -> [Record] {
        Self.records(try connection.execute(ExceptionsTable.find(job: job, exceptionID: id.text)))
    }
}
