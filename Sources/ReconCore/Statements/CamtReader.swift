import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads ISO 20022 camt.053 (BankToCustomerStatement), versions 001.02 to
/// 001.13, with `XMLParser`'s streaming callbacks: memory grows with one
/// statement's lines, never with a document tree, so a 50 MB file is fine.
public enum CamtReader {
    public static let namespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
    public static let supportedVersions = 2...13

    /// The parser is fed through a stream on purpose: given the whole `Data`
    /// at once, libxml2 refuses inputs over 10 MB ("huge input lookup",
    /// XMLParser error 1) after reading them completely.
    public static func parse(_ data: Data, fileName: String) throws(StatementError) -> [BankStatement] {
        var statements: [BankStatement] = []
        try forEachStatement(in: data, fileName: fileName) { statements.append($0) }
        return statements
    }

    /// Hands each statement to `body` as soon as its `</Stmt>` is read, so a
    /// caller that does not keep them (statement show) holds one statement at
    /// a time. Limits and refusals are the same as ``parse(_:fileName:)``'s.
    public static func forEachStatement(
        in data: Data, fileName: String, _ body: (BankStatement) -> Void
    ) throws(StatementError) {
        try checkEncoding(prolog: data.prefix(prologByteCount), fileName: fileName)
        var scan = CamtMarkupScan(prolog: data.prefix(prologByteCount), fileName: fileName)
        scan.feed(data)
        try scan.check()
        try parse(XMLParser(stream: InputStream(data: data)), fileName: fileName, body)
    }

    /// Reads the file in chunks: memory holds the statements' lines, not the
    /// file (a 50 MB camt file peaks near 20 MB plus its lines).
    public static func parse(contentsOf url: URL, fileName: String) throws(StatementError) -> [BankStatement] {
        var statements: [BankStatement] = []
        try forEachStatement(contentsOf: url, fileName: fileName) { statements.append($0) }
        return statements
    }

    /// ``forEachStatement(in:fileName:_:)`` reading the file in chunks: memory
    /// holds one chunk and one statement, whatever the file's size.
    public static func forEachStatement(
        contentsOf url: URL, fileName: String, _ body: (BankStatement) -> Void
    ) throws(StatementError) {
        guard let stream = InputStream(url: url) else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "cannot open \(url.path) for reading")
        }
        let prolog = (try? FileHandle(forReadingFrom: url)).flatMap { handle in
            defer { try? handle.close() }
            return try? handle.read(upToCount: prologByteCount)
        }
        try checkEncoding(prolog: prolog ?? Data(), fileName: fileName)
        // A second, chunked pass over the file: memory stays one chunk.
        var scan = CamtMarkupScan(prolog: prolog ?? Data(), fileName: fileName)
        if let handle = try? FileHandle(forReadingFrom: url) {
            defer { try? handle.close() }
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                scan.feed(chunk)
                if scan.failure != nil { break }
            }
        }
        try scan.check()
        try parse(XMLParser(stream: stream), fileName: fileName, body)
    }

    private static let prologByteCount = 512
    /// Encodings libxml2 decodes itself and that cannot hold an invalid byte.
    private static let acceptedEncodings: Set<String> = ["utf-8", "utf8", "iso-8859-1", "latin1", "iso_8859-1"]

    /// camt.053 is UTF-8 (ISO 20022). Any other encoding is refused before
    /// libxml2 sees the file: when libxml2 converts an encoding (through iconv,
    /// or UTF-16/UCS-4) and meets an invalid byte, the error callback's
    /// `abortParsing()` leaves it dereferencing NULL in `xmlParseChunk` (SEGV,
    /// found by ops/fuzz: `encoding="UTF-7"`, ops/fuzz/regressions/camt/). The
    /// callback must keep aborting: parsing on after an invalid byte hands
    /// FoundationXML a non-UTF-8 element name, which it traps on.
    static func checkEncoding(prolog: Data, fileName: String) throws(StatementError) {
        var bytes = prolog[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let head = Array(bytes.prefix(4))
        // UTF-16/UCS-4 (BOM or a NUL among the first bytes) and EBCDIC: libxml2 would switch decoders.
        if head.contains(0) || head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0xFF, 0xFE])
            || head == [0x4C, 0x6F, 0xA7, 0x94]
        {
            throw StatementError(
                .malformed, fileName: fileName, line: 1, "not UTF-8 XML: camt.053 must be encoded in UTF-8")
        }
        guard bytes.starts(with: Array("<?xml".utf8)) else { return }
        // Up to the first '>' (libxml2 reads the declaration even when it
        // does not end in "?>"); fail closed on what cannot be read.
        let declaration = bytes.prefix { $0 != UInt8(ascii: ">") }
        guard let key = declaration.firstRange(of: Array("encoding".utf8)) else { return }
        let rest = declaration[key.upperBound...].drop { [0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: "=")].contains($0) }
        var name = ""
        if let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            name = String(decoding: rest.dropFirst().prefix { $0 != quote }, as: UTF8.self)
        }
        if !acceptedEncodings.contains(name.lowercased()) {
            throw StatementError(
                .malformed, fileName: fileName, line: 1,
                "XML declaration says encoding \"\(name)\": camt.053 must be encoded in UTF-8")
        }
    }

    private static func parse(
        _ parser: XMLParser, fileName: String, _ body: (BankStatement) -> Void
    ) throws(StatementError) {
        // External entities are never needed in camt and would let a file read
        // others (a DOCTYPE is refused before the parser runs anyway).
        parser.shouldResolveExternalEntities = false
        let outcome = withoutActuallyEscaping(body) { escapable in
            let handler = CamtParserDelegate(fileName: fileName, onStatement: escapable)
            parser.delegate = handler
            defer { parser.delegate = nil }
            return (parser.parse(), handler.failure, handler.sawDocument, handler.statementCount)
        }
        let (parsed, failure, sawDocument, statementCount) = outcome
        if let failure { throw failure }
        guard parsed, parser.parserError == nil else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown reason"
            throw StatementError(
                .malformed, fileName: fileName, location: "line \(parser.lineNumber)", "not well-formed XML: \(reason)")
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
}
