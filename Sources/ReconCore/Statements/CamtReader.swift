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
        try parse(XMLParser(stream: InputStream(data: data)), fileName: fileName)
    }

    /// Reads the file in chunks: memory holds the statements' lines, not the
    /// file (a 50 MB camt file peaks near 20 MB plus its lines).
    public static func parse(contentsOf url: URL, fileName: String) throws(StatementError) -> [BankStatement] {
        guard let stream = InputStream(url: url) else {
            throw StatementError(.malformed, fileName: fileName, line: 1, "cannot open \(url.path) for reading")
        }
        return try parse(XMLParser(stream: stream), fileName: fileName)
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
