/// Reads SWIFT MT940 customer statements (and tolerates MT942 interim
/// reports): any number of statements per file, each from `:20:` to the next.
public enum MT940Reader {
    public static func parse(_ data: [UInt8], fileName: String) throws(StatementError) -> [BankStatement] {
        let text = decode(data)
        var statements: [BankStatement] = []
        var builder: MT940StatementBuilder?
        for field in try MT940Field.fields(in: text, fileName: fileName) {
            if field.tag == "20" || builder == nil {
                if let finished = try builder?.finish() { statements.append(finished) }
                builder = MT940StatementBuilder(fileName: fileName, startLine: field.line)
            }
            try builder!.add(field)
        }
        if let finished = try builder?.finish() { statements.append(finished) }
        guard !statements.isEmpty else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "no MT940 statement found (no :20: ... :62F: block)")
        }
        return statements
    }

    /// SWIFT text is ASCII, but banks send UTF-8 or ISO 8859-1 for umlauts.
    /// Valid UTF-8 is taken as such; anything else is read as Latin-1, which
    /// maps every byte to a character, so no input is lost or traps.
    static func decode(_ data: [UInt8]) -> String {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }
}
