extension PostgresConnection {
    /// Takes the session-level advisory lock `key` if it is free. Held until
    /// `advisoryUnlock(key:)` or until the session ends (including a crash:
    /// the server releases it when the connection drops).
    public func tryAdvisoryLock(key: Int64) throws(DatabaseError) -> Bool {
        let result = try execute("SELECT pg_try_advisory_lock($1)", [.int64(key)])
        return result.bool(row: 0, column: 0) ?? false
    }

    /// Waits for the session-level advisory lock `key`.
    public func advisoryLock(key: Int64) throws(DatabaseError) {
        try execute("SELECT pg_advisory_lock($1)", [.int64(key)])
    }

    /// Releases one hold of the session-level lock `key`; false when this
    /// session did not hold it.
    @discardableResult
    public func advisoryUnlock(key: Int64) throws(DatabaseError) -> Bool {
        let result = try execute("SELECT pg_advisory_unlock($1)", [.int64(key)])
        return result.bool(row: 0, column: 0) ?? false
    }
}
