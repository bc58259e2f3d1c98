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
        try checkEncoding(prolog: data.prefix(prologByteCount), fileName: fileName)
        var scan = ProcessingInstructionScan(prolog: data.prefix(prologByteCount))
        scan.feed(data)
        try scan.check(fileName: fileName)
        return try parse(XMLParser(stream: InputStream(data: data)), fileName: fileName)
    }

    /// Reads the file in chunks: memory holds the statements' lines, not the
    /// file (a 50 MB camt file peaks near 20 MB plus its lines).
    public static func parse(contentsOf url: URL, fileName: String) throws(StatementError) -> [BankStatement] {
        guard let stream = InputStream(url: url) else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "cannot open \(url.path) for reading")
        }
        let prolog = (try? FileHandle(forReadingFrom: url)).flatMap { handle in
            defer { try? handle.close() }
            return try? handle.read(upToCount: prologByteCount)
        }
        try checkEncoding(prolog: prolog ?? Data(), fileName: fileName)
        // A second, chunked pass over the file: memory stays one chunk.
        var scan = ProcessingInstructionScan(prolog: prolog ?? Data())
        if let handle = try? FileHandle(forReadingFrom: url) {
            defer { try? handle.close() }
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { scan.feed(chunk) }
        }
        try scan.check(fileName: fileName)
        return try parse(XMLParser(stream: stream), fileName: fileName)
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

    private static func parse(_ parser: XMLParser, fileName: String) throws(StatementError) -> [BankStatement] {
        // External entities are never needed in camt and would let a file read others.
        parser.shouldResolveExternalEntities = false
        let handler = CamtParserDelegate(fileName: fileName)
        parser.delegate = handler
        let succeeded = parser.parse()
        if let failure = handler.failure { throw failure }
        guard succeeded, parser.parserError == nil else {
            let reason = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "unknown reason"
            throw StatementError(
                .malformed, fileName: fileName, location: "line \(parser.lineNumber)", "not well-formed XML: \(reason)")
        }
        guard handler.sawDocument else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "no camt.053 <Document> element")
        }
        guard !handler.statements.isEmpty else {
            throw StatementError(
                .missingField, fileName: fileName, location: "Document/BkToCstmrStmt",
                "camt.053 document holds no <Stmt>")
        }
        return handler.statements
    }
}

/// Finds processing instructions (`<?target ...?>`) other than the XML
/// declaration. camt.053 never needs one, and FoundationXML's callback for a
/// processing instruction without data (`<?xm?>`) calls `strlen(NULL)`: SEGV,
/// found by ops/fuzz (ops/fuzz/regressions/camt/crash-9f7cf5af...). A `<?`
/// inside a comment or CDATA section is refused too (never seen in camt).
struct ProcessingInstructionScan {
    private var offset = 0
    private var previousWasLessThan = false
    private let declarationOffset: Int?
    private(set) var firstOffset: Int?

    init(prolog: Data) {
        let start = prolog.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let rest = prolog.dropFirst(start)
        let isDeclaration =
            rest.starts(with: Array("<?xml".utf8))
            && rest.dropFirst(5).first.map { [0x20, 0x09, 0x0A, 0x0D].contains($0) } == true
        declarationOffset = isDeclaration ? start : nil
    }

    mutating func feed(_ chunk: Data) {
        guard firstOffset == nil else { return }
        for byte in chunk {
            if previousWasLessThan && byte == UInt8(ascii: "?") && offset - 1 != declarationOffset {
                firstOffset = offset - 1
                return
            }
            previousWasLessThan = byte == UInt8(ascii: "<")
            offset += 1
        }
    }

    func check(fileName: String) throws(StatementError) {
        if let firstOffset {
            throw StatementError(
                .malformed, fileName: fileName, location: "byte \(firstOffset + 1)",
                "processing instruction '<?...?>' other than the XML declaration: not allowed in camt.053")
        }
    }
}
