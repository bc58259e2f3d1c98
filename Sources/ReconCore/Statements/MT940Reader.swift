/// Reads SWIFT MT940 customer statements (and tolerates MT942 interim
/// reports): any number of statements per file, each from `:20:` to the next.
public enum MT940Reader {
    public static func parse(_ data: [UInt8], fileName: String) throws(StatementError) -> [BankStatement] {
        var statements: [BankStatement] = []
        do {
            try forEachStatement(.bytes(data), fileName: fileName) { statements.append($0) }
        } catch let error as StatementError {
            throw error
        } catch {
            preconditionFailure("in-memory MT940 read failed with \(error)")
        }
        return statements
    }

    /// Reads `source` in chunks and hands each statement to `body` as soon as
    /// its last field is read: memory holds one chunk, one field and one
    /// statement (bounded by ``StatementLimits``), whatever the file's size.
    /// Throws the reader's `StatementError` or `body`'s own error.
    public static func forEachStatement(
        _ source: StatementByteSource, fileName: String, _ body: (BankStatement) throws -> Void
    ) throws {
        let encoding = try StatementTextEncoding.of(source, fileName: fileName)
        var lines = StatementLineSplitter(encoding: encoding, byteOrderMarks: 1)
        var fields = MT940FieldSplitter(fileName: fileName)
        var builder: MT940StatementBuilder?
        var found = false
        func add(_ field: MT940Field) throws {
            if field.tag == "20" || builder == nil {
                if let finished = try builder?.finish() {
                    found = true
                    try body(finished)
                }
                builder = MT940StatementBuilder(fileName: fileName, startLine: field.line)
            }
            try builder!.add(field)
        }
        try source.forEachChunk(fileName: fileName) { chunk in
            try lines.feed(chunk) { line in try fields.add(line, add) }
        }
        try lines.finish { line in try fields.add(line, add) }
        try fields.finish(add)
        if let finished = try builder?.finish() {
            found = true
            try body(finished)
        }
        guard found else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "no MT940 statement found (no :20: ... :62F: block)")
        }
    }
}
