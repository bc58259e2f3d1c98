import ReconCore
import ReconStore

/// Rows of `recon batches`: status, attempts, counts and errors per batch.
public struct BatchListing: Sendable {
    public struct Row: Sendable, Codable {
        public var id: Int64
        public var file: String
        public var status: String
        public var attempts: Int64
        public var read: Int64?
        public var settled: Int64?
        public var duplicates: Int64?
        public var rejected: Int64?
        public var registeredAt: String
        public var finishedAt: String?
        public var error: String?
    }

    public static func load(database: Database, source: String, status: String?) throws -> [Row] {
        let connection = try database.connectReady()
        let result = try connection.execute(
            """
            select id, file_name, status, attempts, records_read, settled, duplicates, rejected,
                   to_char(registered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   to_char(finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), error
            from batches where source = $1 and ($2::text is null or status = $2)
            order by id
            """, [.text(source), status.map { .text($0) }])
        return (0..<result.rowCount).map { row in
            Row(
                id: result.int64(row: row, column: 0)!, file: result.string(row: row, column: 1)!,
                status: result.string(row: row, column: 2)!, attempts: Int64(result.int32(row: row, column: 3) ?? 0),
                read: result.int64(row: row, column: 4), settled: result.int64(row: row, column: 5),
                duplicates: result.int64(row: row, column: 6), rejected: result.int64(row: row, column: 7),
                registeredAt: result.string(row: row, column: 8)!, finishedAt: result.string(row: row, column: 9),
                error: result.string(row: row, column: 10))
        }
    }
}
