import Foundation

/// Reads ISO 20022 camt.053 (BankToCustomerStatement), versions 001.02 to
/// 001.13, with recon's own streaming tokenizer (``CamtXMLTokenizer``): memory
/// grows with one statement's lines, never with a document tree or the file.
public enum CamtReader {
    public static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
    public static let supportedVersions = 2...13

    public static func parse(_ data: Data, fileName: String) throws(StatementError) -> [BankStatement] {
        var statements: [BankStatement] = []
        try forEachStatement(in: data, fileName: fileName) { statements.append($0) }
        return statements
    }

    /// Hands each statement to `body` as soon as its `</Stmt>` is read, so a
    /// caller that does not keep them (statement show) holds one statement at
    /// a time. A refusal further on is thrown after the statements before it.
    public static func forEachStatement(
        in data: Data, fileName: String, _ body: (BankStatement) -> Void
    ) throws(StatementError) {
        let encoding = try checkEncoding(prolog: data.prefix(prologByteCount), fileName: fileName)
        try read(fileName: fileName, encoding: encoding, body) { (feed: (UnsafeRawBufferPointer) throws(StatementError) -> Void) throws(StatementError) in
            try CamtXMLCharacters.withBytes(of: data, feed)
        }
    }

    /// Reads the file in chunks: memory holds the statements' lines, not the file.
    public static func parse(contentsOf url: URL, fileName: String) throws(StatementError) -> [BankStatement] {
        var statements: [BankStatement] = []
        try forEachStatement(contentsOf: url, fileName: fileName) { statements.append($0) }
        return statements
    }

    /// ``forEachStatement(in:fileName:_:)`` reading the file in 1 MiB chunks:
    /// memory holds one chunk and one statement, whatever the file's size.
    public static func forEachStatement(
        contentsOf url: URL, fileName: String, _ body: (BankStatement) -> Void
    ) throws(StatementError) {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "cannot open \(url.path) for reading")
        }
        defer { try? handle.close() }
        var chunk = (try? handle.read(upToCount: chunkByteCount)) ?? Data()
        let encoding = try checkEncoding(prolog: chunk.prefix(prologByteCount), fileName: fileName)
        try read(fileName: fileName, encoding: encoding, body) { (feed: (UnsafeRawBufferPointer) throws(StatementError) -> Void) throws(StatementError) in
            while !chunk.isEmpty {
                try CamtXMLCharacters.withBytes(of: chunk, feed)
                do {
                    chunk = try handle.read(upToCount: chunkByteCount) ?? Data()
                } catch {
                    throw StatementError(
                        .malformed, fileName: fileName, line: 1, "cannot read \(url.path): \(error.localizedDescription)")
                }
            }
        }
    }

    private static let chunkByteCount = 1 << 20

    /// Runs the tokenizer over what `produce` feeds it, then checks the
    /// document had a camt root and at least one statement.
    private static func read(
        fileName: String, encoding: CamtXMLEncoding, _ body: (BankStatement) -> Void,
        produce: ((UnsafeRawBufferPointer) throws(StatementError) -> Void) throws(StatementError) -> Void
    ) throws(StatementError) {
        let (sawDocument, statementCount) = try withoutActuallyEscaping(body) { (escapable) throws(StatementError) in
            let handler = CamtParserDelegate(fileName: fileName, onStatement: escapable)
            var tokenizer = CamtXMLTokenizer(handler: handler, fileName: fileName, encoding: encoding)
            try produce { (bytes) throws(StatementError) in try tokenizer.feed(bytes) }
            try tokenizer.finish()
            return (handler.sawDocument, handler.statementCount)
        }
        guard sawDocument else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "no camt.053 <Document> element")
        }
        guard statementCount > 0 else {
            throw StatementError(
                .missingField, fileName: fileName, location: "Document/BkToCstmrStmt",
                "camt.053 document holds no <Stmt>")
        }
    }

    private static let prologByteCount = 512
    /// The encodings the tokenizer reads: UTF-8 and ISO-8859-1 (some banks' exports).
    private static let latin1Names: Set<String> = ["iso-8859-1", "latin1", "iso_8859-1"]
    private static let utf8Names: Set<String> = ["utf-8", "utf8"]

    /// camt.053 is UTF-8 (ISO 20022); ISO-8859-1 is read where the declaration
    /// says so. Anything else (UTF-16, UCS-4, EBCDIC, another declared
    /// encoding) is refused before reading: a bank never sends it, and each
    /// would need its own decoder (with libxml2 these were crashes found by
    /// ops/fuzz, ops/fuzz/regressions/camt/).
    static func checkEncoding(
        prolog: Data, fileName: String
    ) throws(StatementError) -> CamtXMLEncoding {
        var bytes = prolog[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let head = Array(bytes.prefix(4))
        // UTF-16/UCS-4 (BOM or a NUL among the first bytes) and EBCDIC: not bytes the tokenizer reads.
        if head.contains(0) || head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE])
            || head == [0x4C, 0x6F, 0xA7, 0x94]
        {
            throw StatementError(
                .malformed, fileName: fileName, line: 1, "not UTF-8 XML: camt.053 must be encoded in UTF-8")
        }
        guard bytes.starts(with: Array("<?xml".utf8)) else { return .utf8 }
        // Up to the first '>'; fail closed on what cannot be read.
        let declaration = bytes.prefix { $0 != UInt8(ascii: ">") }
        guard let key = declaration.firstRange(of: Array("encoding".utf8)) else { return .utf8 }
        let rest = declaration[key.upperBound...].drop { [0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: "=")].contains($0) }
        var name = ""
        if let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            name = String(decoding: rest.dropFirst().prefix { $0 != quote }, as: UTF8.self)
        }
        if latin1Names.contains(name.lowercased()) { return .latin1 }
        guard utf8Names.contains(name.lowercased()) else {
            throw StatementError(
                .malformed, fileName: fileName, line: 1,
                "XML declaration says encoding \"\(name)\": camt.053 must be encoded in UTF-8")
        }
        return .utf8
    }
}
