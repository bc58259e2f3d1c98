import ReconStore

/// `recon db check`: recomputes the maintained state (settlement groups,
/// their claims, the open bank lines) from the raw transactions, bank
/// lines and matches, and the batch chain (sql/013) from the settled rows,
/// and lists every difference. A clean database has none; tests run it
/// after every scenario they build.
public struct DriftCheck {
    public struct Difference: Sendable, Equatable, CustomStringConvertible {
        public var check: String
        public var kind: String
        public var item: String
        public var found: String
        public var expected: String

        public var description: String { "\(kind): \(item): found \(found), expected \(expected)" }
    }

    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Every difference, at most `limit` per check.
    public func run(limit: Int = 1000) throws -> [Difference] {
        let connection = try database.connectReady()
        defer { connection.close() }
        var differences: [Difference] = []
        try connection.transaction {
            try connection.execute(LocalSettings.readOnlySnapshot)
            for (name, sql) in DriftQueries.checks(limit: limit) {
                let rows = try connection.execute(sql)
                for row in 0..<rows.rowCount {
                    differences.append(
                        Difference(
                            check: name, kind: rows.string(row: row, column: 0) ?? "",
                            item: rows.string(row: row, column: 1) ?? "", found: rows.string(row: row, column: 2) ?? "",
                            expected: rows.string(row: row, column: 3) ?? ""))
                }
            }
        }
        return differences
    }

    /// The newest link of each source's chain (source, position, batch,
    /// chain digest): kept outside the database, it shows whether the
    /// newest batches were removed together with their links.
    public func chainHeads() throws -> [(source: String, position: Int64, batchID: Int64, digest: String)] {
        let connection = try database.connectReady()
        defer { connection.close() }
        let rows = try connection.execute(BatchChainTable.heads)
        return (0..<rows.rowCount).map { row in
            (rows.string(row: row, column: 0) ?? "", rows.int64(row: row, column: 1) ?? 0,
             rows.int64(row: row, column: 2) ?? 0, rows.string(row: row, column: 3) ?? "")
        }
    }
}
