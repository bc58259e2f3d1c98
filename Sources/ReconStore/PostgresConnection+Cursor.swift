extension PostgresConnection {
    /// Runs a query through a server-side cursor and hands over the rows in
    /// batches, so a million-row result never sits in memory at once (a plain
    /// query makes libpq buffer the whole result). Must run inside a
    /// transaction, like any cursor.
    public func forEachBatch(
        _ sql: String, _ parameters: [PostgresValue?] = [], batchSize: Int = 50_000,
        _ body: (QueryResult) throws -> Void
    ) throws {
        precondition(isInTransaction, "forEachBatch needs an open transaction (cursors live in one)")
        let cursor = "recon_cursor_\(UInt32.random(in: 0...UInt32.max))"
        try execute("declare \(cursor) no scroll cursor for \(sql)", parameters)
        defer { _ = try? execute("close \(cursor)") }
        while true {
            let batch = try execute("fetch forward \(batchSize) from \(cursor)")
            if batch.rowCount == 0 { break }
            try body(batch)
        }
    }
}
