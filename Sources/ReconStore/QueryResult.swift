import CLibPQ

/// The rows of one statement, read from libpq's result in text format.
///
/// Accessors return `nil` for SQL NULL. Asking for a row or column that does
/// not exist, or `int64` of a value that is not an integer, is a programming
/// error and traps.
public struct QueryResult: Sendable {
    let handle: ResultHandle

    init(handle: ResultHandle) {
        self.handle = handle
    }

    public var rowCount: Int { Int(PQntuples(handle.pointer)) }

    public var columnCount: Int { Int(PQnfields(handle.pointer)) }

    /// Rows inserted/updated/deleted/copied, from the command tag; nil for
    /// commands that report none (`CREATE TABLE`).
    public var affectedRowCount: Int64? {
        Int64(String(cString: PQcmdTuples(handle.pointer)))
    }

    /// The command tag, e.g. `INSERT 0 3`, `COMMIT`, `ROLLBACK`.
    public var commandTag: String { String(cString: PQcmdStatus(handle.pointer)) }

    public func columnName(_ column: Int) -> String {
        precondition(column >= 0 && column < columnCount, "column \(column) out of range")
        return String(cString: PQfname(handle.pointer, Int32(column)))
    }

    /// Index of the column with this name, if any.
    public func columnIndex(named name: String) -> Int? {
        let index = Int(PQfnumber(handle.pointer, "\"\(name.replacing("\"", with: "\"\""))\""))
        return index < 0 ? nil : index
    }

    public func isNull(row: Int, column: Int) -> Bool {
        checkBounds(row: row, column: column)
        return PQgetisnull(handle.pointer, Int32(row), Int32(column)) == 1
    }

    public func string(row: Int, column: Int) -> String? {
        guard !isNull(row: row, column: column) else { return nil }
        return String(cString: PQgetvalue(handle.pointer, Int32(row), Int32(column)))
    }

    public func int64(row: Int, column: Int) -> Int64? {
        guard let text = string(row: row, column: column) else { return nil }
        guard let value = Int64(text) else {
            preconditionFailure("column \(columnName(column)) is not an integer")
        }
        return value
    }

    public func int32(row: Int, column: Int) -> Int32? {
        guard let text = string(row: row, column: column) else { return nil }
        guard let value = Int32(text) else {
            preconditionFailure("column \(columnName(column)) is not a 32-bit integer")
        }
        return value
    }

    public func bool(row: Int, column: Int) -> Bool? {
        guard let text = string(row: row, column: column) else { return nil }
        switch text {
        case "t": return true
        case "f": return false
        default: preconditionFailure("column \(columnName(column)) is not a boolean")
        }
    }

    /// The bytes of a `bytea` value (decoded from its text form); for any other
    /// type, the UTF-8 bytes of its text.
    public func bytes(row: Int, column: Int) -> [UInt8]? {
        guard !isNull(row: row, column: column) else { return nil }
        let value = PQgetvalue(handle.pointer, Int32(row), Int32(column))!
        let length = Int(PQgetlength(handle.pointer, Int32(row), Int32(column)))
        let byteaTypeOID: Oid = 17
        guard PQftype(handle.pointer, Int32(column)) == byteaTypeOID else {
            return value.withMemoryRebound(to: UInt8.self, capacity: length) {
                Array(UnsafeBufferPointer(start: $0, count: length))
            }
        }
        var decodedLength = 0
        let decoded = value.withMemoryRebound(to: UInt8.self, capacity: length + 1) {
            PQunescapeBytea($0, &decodedLength)
        }
        return withLibPQMemory(UnsafeMutableRawPointer(decoded)) { pointer in
            guard let pointer else { preconditionFailure("libpq could not decode bytea (out of memory)") }
            return Array(UnsafeRawBufferPointer(start: pointer, count: decodedLength))
        }
    }

    private func checkBounds(row: Int, column: Int) {
        precondition(row >= 0 && row < rowCount, "row \(row) out of range 0..<\(rowCount)")
        precondition(column >= 0 && column < columnCount, "column \(column) out of range 0..<\(columnCount)")
    }
}
