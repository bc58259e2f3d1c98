import ReconCore
import ReconStore

/// `recon export settlements` (SPEC §6): one row per settlement group whose
/// settlement date is in [from, to], with where reconciliation left it.
///
/// Reads the maintained `settlement_groups` through its date (or merchant)
/// index and hands the rows over in batches as the server sends them, so
/// the cost follows the groups exported, not the transactions behind them,
/// and memory stays flat however many there are. Status is the one the
/// latest reconcile stored (``SettlementGroupsTable/export(from:to:merchant:source:)``).
public struct SettlementExporter {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Streams the rows to `body` in export order; with `source`, only that
    /// source's groups.
    public func forEachRow(
        from: CivilDate, to: CivilDate, merchant: String?, source: String?,
        _ body: (SettlementExportRow) throws -> Void
    ) throws {
        let connection = try database.connectReady()
        defer { connection.close() }
        func day(_ date: CivilDate) -> PostgresValue {
            .date(daysSince2000: Int32(date.daysSinceEpoch - CalendarMath.postgresEpochOffsetDays))
        }
        try connection.transaction {
            try connection.execute(SettlementGroupsTable.readOnly)
            try connection.forEachBatch(
                SettlementGroupsTable.export(from: day(from), to: day(to), merchant: merchant, source: source),
                batchSize: 10_000
            ) { result in
                for row in 0..<result.rowCount {
                    guard let group = SettlementGroupColumns.decode(result, row: row) else { continue }
                    let status = SettlementExportRow.Status(rawValue: result.string(row: row, column: 11)!) ?? .pending
                    try body(
                        SettlementExportRow(
                            group: group, status: status,
                            bookingDate: result.string(row: row, column: 12).flatMap(CivilDate.init(iso:)),
                            bankTxnID: result.string(row: row, column: 13)))
                }
            }
        }
    }

    /// Every row at once, for tests and small exports.
    public func rows(from: CivilDate, to: CivilDate, merchant: String?, source: String?) throws
        -> [SettlementExportRow]
    {
        var rows: [SettlementExportRow] = []
        try forEachRow(from: from, to: to, merchant: merchant, source: source) { rows.append($0) }
        return rows
    }
}
