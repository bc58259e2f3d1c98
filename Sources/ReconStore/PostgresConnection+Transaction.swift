import CLibPQ

extension PostgresConnection {
    /// Runs `body` inside `BEGIN … COMMIT`; any error from `body` rolls back
    /// and is rethrown unchanged.
    ///
    /// If a statement failed inside `body` but `body` swallowed the error, the
    /// server turns COMMIT into ROLLBACK; that is reported as an error
    /// (SQLSTATE 25P02) rather than as a silent success. Not reentrant: a
    /// nested call is a programming error and traps.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let connection = try livePointer()
        let state = PQtransactionStatus(connection)
        precondition(
            state != PQTRANS_INTRANS && state != PQTRANS_INERROR,
            "transaction(_:) called inside a transaction")
        try execute("BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        let commit = try execute("COMMIT")
        if commit.commandTag == "ROLLBACK" {
            throw DatabaseError.query(
                sqlState: "25P02",
                message: "the transaction was rolled back because a statement inside it failed",
                serverDetail: ServerErrorDetail())
        }
        return value
    }

    /// True between BEGIN and COMMIT/ROLLBACK.
    public var isInTransaction: Bool {
        guard let pointer = handle.pointer else { return false }
        let state = PQtransactionStatus(pointer)
        return state == PQTRANS_INTRANS || state == PQTRANS_INERROR || state == PQTRANS_ACTIVE
    }

    /// After a failure the original error matters; a failing ROLLBACK (dead
    /// session) changes nothing the server has not already undone.
    func rollbackQuietly() {
        guard let pointer = handle.pointer, PQstatus(pointer) == CONNECTION_OK else { return }
        _ = try? execute("ROLLBACK")
    }
}
