import CLibPQ

// The only owners of libpq pointers in this module: each pointer is held by
// exactly one small final class and freed in its deinit (swift-crypto's
// `Backing` pattern). Nothing here is public.

/// Owns one `PGconn *`. `close()` frees it early; afterwards `pointer` is nil.
final class ConnectionHandle {
    private(set) var pointer: OpaquePointer?

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    func close() {
        if let pointer { PQfinish(pointer) }
        pointer = nil
    }

    deinit {
        close()
    }
}

/// Owns one `PGresult *`. A PGresult is read-only once libpq hands it over, and
/// libpq documents it as safe to read from several threads; hence Sendable.
final class ResultHandle: @unchecked Sendable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQclear(pointer)
    }

    var status: ExecStatusType { PQresultStatus(pointer) }

    func errorField(_ code: UInt8) -> String? {
        guard let value = PQresultErrorField(pointer, Int32(code)) else { return nil }
        return String(cString: value)
    }

    /// The server's error as a `DatabaseError`. `connectionIsBad` comes from
    /// `PQstatus` after the call: a dead session is a connection failure even
    /// when the server had no chance to send an SQLSTATE.
    func databaseError(connectionIsBad: Bool, fallbackMessage: String) -> DatabaseError {
        let sqlState = errorField(UInt8(ascii: "C"))
        let primary = errorField(UInt8(ascii: "M")) ?? Self.trimmed(fallbackMessage)
        if connectionIsBad || DatabaseError.isConnectionFailure(sqlState: sqlState) {
            return .connectionLost(sqlState: sqlState, message: primary)
        }
        let detail = ServerErrorDetail(
            detail: errorField(UInt8(ascii: "D")),
            hint: errorField(UInt8(ascii: "H")),
            schemaName: errorField(UInt8(ascii: "s")),
            tableName: errorField(UInt8(ascii: "t")),
            columnName: errorField(UInt8(ascii: "c")),
            constraintName: errorField(UInt8(ascii: "n")))
        return .query(sqlState: sqlState, message: primary, serverDetail: detail)
    }

    /// libpq writes multi-line messages (one line per attempted host, indented
    /// hints such as "This probably means the server terminated abnormally");
    /// one line reads better in a log.
    static func trimmed(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingPrefix(while: \.isWhitespace) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}

/// Frees memory that libpq allocated for us (`PQescapeIdentifier`,
/// `PQunescapeBytea`, error strings) with `PQfreemem`.
func withLibPQMemory<Result>(
    _ pointer: UnsafeMutableRawPointer?, _ body: (UnsafeMutableRawPointer?) -> Result
) -> Result {
    defer { if let pointer { PQfreemem(pointer) } }
    return body(pointer)
}
