import Foundation

/// The tokenizer's handler for ``CamtReader``. Keeps the element path and
/// hands each finished leaf to the builder of the innermost open `Stmt`,
/// `Bal`, `Ntry` or `TxDtls`, matched by the path below that element.
final class CamtParserDelegate: CamtXMLHandler {
    let fileName: String
    private let onStatement: (BankStatement) -> Void
    private(set) var statementCount = 0
    private(set) var sawDocument = false

    private var path: [String] = []
    private var currencyAttribute: String?
    private var statement: CamtStatementBuilder?
    private var statementDepth = 0
    private var balance: CamtBalanceBuilder?
    private var balanceDepth = 0
    private var entry: CamtEntryBuilder?
    private var entryDepth = 0
    private var detail: CamtTransactionDetail?
    private var detailDepth = 0

    init(fileName: String, onStatement: @escaping (BankStatement) -> Void) {
        self.fileName = fileName
        self.onStatement = onStatement
    }

    func startElement(localName name: String, attributes: [CamtXMLAttribute], line: Int) throws(StatementError) {
        path.append(name)
        currencyAttribute = attributes.first { $0.name == "Ccy" }?.value
        if path.count == 1 {
            try checkDocument(name, attributes: attributes, line: line)
            return
        }
        let location = CamtLocation(line: line, path: path)
        switch name {
        case "Stmt" where path.count == 3:
            statement = CamtStatementBuilder(fileName: fileName, location: location)
            statementDepth = path.count
        case "Bal" where statement != nil && entry == nil:
            balance = CamtBalanceBuilder(location: location)
            balanceDepth = path.count
        case "Ntry" where statement != nil:
            entry = CamtEntryBuilder(location: location)
            entryDepth = path.count
        case "TxDtls" where entry != nil:
            detail = CamtTransactionDetail(location: location)
            detailDepth = path.count
        default:
            break
        }
    }

    func endElement(text: UnsafeBufferPointer<UInt8>, line: Int) throws(StatementError) {
        defer { path.removeLast() }
        let depth = path.count
        let closesBuilder =
            (detail != nil && depth == detailDepth) || (entry != nil && depth == entryDepth)
            || (balance != nil && depth == balanceDepth) || (statement != nil && depth == statementDepth)
        // An empty leaf says nothing to any builder: ignored elements cost no
        // more than this, and no String is made for them.
        if !closesBuilder && text.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return }
        let value = Self.trimmed(String(decoding: text, as: UTF8.self))
        try route(value: value, location: CamtLocation(line: line, path: path))
    }

    private func route(value: String, location: CamtLocation) throws(StatementError) {
        let depth = path.count
        if detail != nil {
            if depth == detailDepth {
                entry!.details.append(detail!)
                detail = nil
            } else {
                detail!.take(relativePath(from: detailDepth), value: value, currency: currencyAttribute)
            }
        } else if entry != nil {
            if depth == entryDepth {
                try statement!.add(entry!, fileName: fileName)
                entry = nil
            } else {
                entry!.take(relativePath(from: entryDepth), value: value, currency: currencyAttribute, location: location)
            }
        } else if balance != nil {
            if depth == balanceDepth {
                try statement!.add(balance!, fileName: fileName)
                balance = nil
            } else {
                balance!.take(relativePath(from: balanceDepth), value: value, currency: currencyAttribute, location: location)
            }
        } else if statement != nil {
            if depth == statementDepth {
                onStatement(try statement!.finish())
                statementCount += 1
                statement = nil
            } else {
                statement!.take(relativePath(from: statementDepth), value: value)
            }
        }
    }

    /// `text` without leading and trailing white space, as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` gives it, without
    /// Foundation's cost (a fifth of a camt file's time) for the usual ASCII case.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        guard let first = utf8.first, let last = utf8.last else { return text }
        if first < 0x80 && last < 0x80 && !isBlank(first) && !isBlank(last) { return text }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isBlank(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isBlank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        let ascii = String(text[start..<end])
        if let head = ascii.utf8.first, let tail = ascii.utf8.last, head >= 0x80 || tail >= 0x80 {
            return ascii.trimmingCharacters(in: .whitespacesAndNewlines)  // U+00A0, U+2028 and the like
        }
        return ascii
    }

    /// The open path below the element at `depth` (1-based), e.g. `BookgDt/Dt`.
    /// Empty when it is longer than any path a builder reads (4 elements), so
    /// every element costs the same however deep it is nested.
    private func relativePath(from depth: Int) -> String {
        path.count - depth > 5 ? "" : path[depth...].joined(separator: "/")
    }

    private func checkDocument(_ name: String, attributes: [CamtXMLAttribute], line: Int) throws(StatementError) {
        let namespace =
            attributes.first(where: {
                $0.name == "xmlns" || $0.name.hasPrefix("xmlns:") && $0.value.hasPrefix(CamtReader.namespacePrefix)
            })?.value ?? ""
        guard name == "Document" else {
            throw failure(line, "root element is <\(name)>, expected camt.053 <Document>")
        }
        let version = Int(namespace.dropFirst(CamtReader.namespacePrefix.count))
        guard namespace.hasPrefix(CamtReader.namespacePrefix), let version,
            CamtReader.supportedVersions.contains(version)
        else {
            throw failure(line, "namespace '\(namespace)' is not camt.053.001.02 to camt.053.001.13")
        }
        sawDocument = true
    }

    private func failure(_ line: Int, _ message: String) -> StatementError {
        StatementError(.malformed, fileName: fileName, location: CamtLocation(line: line, path: path).description, message)
    }
}

/// Where an element is: line and element path, for error messages.
struct CamtLocation: CustomStringConvertible {
    var line: Int
    var path: [String]
    var description: String { "line \(line), \(path.joined(separator: "/"))" }
}
