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

    public static func parse(_ data: Data, fileName: String) throws(StatementError) -> [BankStatement] {
        let parser = XMLParser(data: data)
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
