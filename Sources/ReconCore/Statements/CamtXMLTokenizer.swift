/// What ``CamtXMLTokenizer`` reports, in document order. A class, so the
/// tokenizer (a struct) and the reader share one handler without copies.
protocol CamtXMLHandler: AnyObject {
    /// `localName` is the name without its namespace prefix (`ns2:Amt` → `Amt`);
    /// `attributes` keep their qualified names (`xmlns:ns2`), as written.
    func startElement(localName: String, attributes: [CamtXMLAttribute], line: Int) throws(StatementError)
    /// `text` is the element's character data since the last tag (entities and
    /// CDATA resolved, line ends normalised to LF), valid only during the call.
    func endElement(text: UnsafeBufferPointer<UInt8>, line: Int) throws(StatementError)
}

/// What the XML declaration says the bytes are (``CamtReader/checkEncoding(prolog:fileName:)``).
enum CamtXMLEncoding { case utf8, latin1 }

struct CamtXMLAttribute: Equatable, Sendable {
    var name: String
    var value: String
}

/// A streaming XML tokenizer for exactly what camt.053 needs (issue 14: the
/// binary no longer needs libxml2 through FoundationXML). One pass over the
/// bytes in chunks of any size, constant work per byte and memory bounded by
/// ``StatementLimits`` (one element's text, one tag, 64 open element names),
/// so time is linear and memory flat in the file's size.
///
/// Reads the XML declaration, elements with attributes (either quote),
/// namespace prefixes, text with the five predefined entities and character
/// references, CDATA and comments. Refuses, with the line: DTDs, processing
/// instructions, undefined entities, invalid UTF-8 or XML characters,
/// mismatched or unclosed tags, text or a second element outside the root,
/// duplicate attributes, and every limit of ``StatementLimits`` for camt.
///
/// State lives in internal properties so `CamtXMLTokenizer+Markup.swift`
/// (comments, CDATA, declaration, references) can share it.
struct CamtXMLTokenizer<Handler: CamtXMLHandler> {
    enum State {
        case content
        /// After `<`, before the byte that says what the markup is.
        case markupOpen
        case startName
        /// Inside a start tag, where an attribute, `/>` or `>` may come.
        case inStartTag
        case attributeName
        case afterAttributeName
        case beforeAttributeValue
        case attributeValue
        case afterAttributeValue
        /// After `/` in a start tag: only `>` may follow.
        case emptyElementEnd
        case endName
        case afterEndName
        /// After `<!`: a comment, CDATA or a refused DTD declaration.
        case bang
        case comment
        case cdata
        /// `<?...?>` at the very start: the XML declaration (anything else is refused).
        case declaration
        /// After `&`, in text or an attribute value, up to `;`.
        case reference
    }

    let handler: Handler
    let fileName: String
    let encoding: CamtXMLEncoding

    var state = State.content
    var line = 1
    var offset = 0
    var previousWasCarriageReturn = false
    var utf8 = CamtUTF8Check()
    /// Bytes of a UTF-8 byte order mark matched at the start (0 to 3).
    var byteOrderMarkBytes = 0

    var markupStartLine = 1
    var markupBytes = 0
    var name: [UInt8] = []
    var attributeName: [UInt8] = []
    var attributeValue: [UInt8] = []
    var attributeQuote: UInt8 = 0
    var attributes: [CamtXMLAttribute] = []
    var text: [UInt8] = []
    /// `]` seen in a row, in text (`]]>` is not allowed there) or CDATA (its end).
    var closingBrackets = 0
    /// The open elements' qualified names, back to back; `openEnds` says where each ends.
    var openNames: [UInt8] = []
    var openEnds: [Int] = []
    var sawRoot = false
    var rootClosed = false

    var bangBytes: [UInt8] = []
    var dashes = 0
    var markupText: [UInt8] = []
    var reference: [UInt8] = []
    var referenceReturnState = State.content
    /// Where the `?` of `<?` is, for the message when it is not the declaration.
    var instructionOffset = 0
    var latin1Scratch: [UInt8] = []

    init(handler: Handler, fileName: String, encoding: CamtXMLEncoding) {
        self.handler = handler
        self.fileName = fileName
        self.encoding = encoding
        text.reserveCapacity(256)
    }

    /// Reads the next bytes of the document; chunk boundaries may fall anywhere.
    mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(StatementError) {
        if encoding == .latin1 {
            var scratch = latin1Scratch
            latin1Scratch = []
            CamtXMLCharacters.latin1ToUTF8(chunk, into: &scratch)
            defer { latin1Scratch = scratch }
            try CamtXMLCharacters.withBytes(of: scratch) { (bytes) throws(StatementError) in try feedUTF8(bytes) }
        } else {
            try feedUTF8(chunk)
        }
    }

    private mutating func feedUTF8(_ bytes: UnsafeRawBufferPointer) throws(StatementError) {
        var index = 0
        let count = bytes.count
        while index < count {
            if state == .content && !openEnds.isEmpty {
                // The common case, a run of plain text, without the per-byte dispatch.
                let start = index
                while index < count, Self.isPlainText(bytes[index]) { index += 1 }
                if index > start {
                    try appendText(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                    offset += index - start
                    previousWasCarriageReturn = false
                    closingBrackets = 0
                    if index == count { break }
                }
            }
            try step(bytes[index])
            index += 1
        }
    }

    @inline(__always)
    private static func isPlainText(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x80 && byte != UInt8(ascii: "<") && byte != UInt8(ascii: "&")
            && byte != UInt8(ascii: "]") && byte != UInt8(ascii: ">")
    }

    /// After the last chunk: the document must be complete.
    mutating func finish() throws(StatementError) {
        if utf8.isInsideSequence { throw malformed("the file ends inside a UTF-8 character") }
        if byteOrderMarkBytes == 1 || byteOrderMarkBytes == 2 { throw notUTF8(0xEF) }
        guard state == .content else {
            throw malformed(
                "the file ends inside markup (a tag, comment or CDATA section starting on line \(markupStartLine))")
        }
        if !openEnds.isEmpty {
            throw malformed("the file ends before </\(openQualifiedName(openEnds.count - 1))> (element not closed)")
        }
    }

    mutating func step(_ byte: UInt8) throws(StatementError) {
        if offset < 3 && byteOrderMarkBytes == offset && byte == [0xEF, 0xBB, 0xBF][offset] {
            byteOrderMarkBytes += 1
            offset += 1
            return
        }
        if byteOrderMarkBytes == 1 || byteOrderMarkBytes == 2 { throw notUTF8(0xEF) }
        if byte >= 0x80 || utf8.isInsideSequence {
            guard utf8.accept(byte) else { throw notUTF8(byte) }
        } else if byte < 0x20 && !CamtXMLCharacters.isWhitespace(byte) {
            throw malformed(
                "control character U+00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16, uppercase: true)) "
                    + "is not allowed in XML")
        }
        switch state {
        case .content: try content(byte)
        case .markupOpen: try markupOpen(byte)
        case .startName, .inStartTag, .attributeName, .afterAttributeName, .beforeAttributeValue, .attributeValue,
            .afterAttributeValue, .emptyElementEnd:
            try startTag(byte)
        case .endName, .afterEndName: try endTag(byte)
        case .bang: try bang(byte)
        case .comment: try comment(byte)
        case .cdata: try cdata(byte)
        case .declaration: try declaration(byte)
        case .reference: try referenceByte(byte)
        }
        offset += 1
        if byte == CamtXMLCharacters.carriageReturn || (byte == CamtXMLCharacters.lineFeed && !previousWasCarriageReturn) {
            line += 1
        }
        previousWasCarriageReturn = byte == CamtXMLCharacters.carriageReturn
    }

    private mutating func content(_ byte: UInt8) throws(StatementError) {
        if byte == UInt8(ascii: "<") {
            state = .markupOpen
            markupStartLine = line
            markupBytes = 1
            closingBrackets = 0
            return
        }
        guard !openEnds.isEmpty else {
            if CamtXMLCharacters.isWhitespace(byte) { return }
            throw malformed(
                sawRoot ? "text after the root element's end tag" : "text before the root element (is this an XML file?)")
        }
        if byte == UInt8(ascii: "&") {
            state = .reference
            referenceReturnState = .content
            reference.removeAll(keepingCapacity: true)
            return
        }
        if byte == UInt8(ascii: ">") && closingBrackets >= 2 {
            throw malformed("']]>' in text (it only ends a CDATA section; write ']]&gt;')")
        }
        closingBrackets = byte == UInt8(ascii: "]") ? closingBrackets + 1 : 0
        try appendTextByte(byte)
    }

    private mutating func markupOpen(_ byte: UInt8) throws(StatementError) {
        try countMarkup()
        switch byte {
        case UInt8(ascii: "/"):
            state = .endName
            name.removeAll(keepingCapacity: true)
        case UInt8(ascii: "!"):
            state = .bang
            bangBytes.removeAll(keepingCapacity: true)
        case UInt8(ascii: "?"):
            instructionOffset = offset
            guard offset - 1 == byteOrderMarkBytes else { throw processingInstruction() }
            state = .declaration
            markupText.removeAll(keepingCapacity: true)
        case _ where CamtXMLCharacters.isNameStart(byte):
            state = .startName
            name.removeAll(keepingCapacity: true)
            name.append(byte)
        default:
            throw malformed("'<' is not followed by a tag name (write '&lt;' for a '<' in text)")
        }
    }

    // MARK: Text

    @inline(__always)
    mutating func appendTextByte(_ byte: UInt8) throws(StatementError) {
        if byte == CamtXMLCharacters.carriageReturn {
            text.append(CamtXMLCharacters.lineFeed)  // CR LF and a lone CR are one LF (XML 1.0 §2.11)
        } else if byte == CamtXMLCharacters.lineFeed && previousWasCarriageReturn {
            return
        } else {
            text.append(byte)
        }
        if text.count > StatementLimits.elementTextBytesMax { throw textTooLong() }
    }

    private mutating func appendText(_ bytes: UnsafeRawBufferPointer) throws(StatementError) {
        text.append(contentsOf: bytes)
        if text.count > StatementLimits.elementTextBytesMax { throw textTooLong() }
    }

    mutating func countMarkup() throws(StatementError) {
        markupBytes += 1
        if markupBytes > StatementLimits.markupBytesMax {
            throw StatementError(
                .limitExceeded, fileName: fileName, location: "line \(markupStartLine), \(openPath)",
                "markup (a tag with its attributes, a comment or a CDATA section) starting on line \(markupStartLine) "
                    + "is longer than the limit of \(StatementLimits.describe(bytes: StatementLimits.markupBytesMax))")
        }
    }

    // MARK: Open elements

    func openQualifiedName(_ index: Int) -> String {
        let start = index == 0 ? 0 : openEnds[index - 1]
        return String(decoding: openNames[start..<openEnds[index]], as: UTF8.self)
    }

    static func localName<Bytes: BidirectionalCollection<UInt8>>(_ qualified: Bytes) -> String {
        let local = qualified.lastIndex(of: UInt8(ascii: ":")).map { qualified[qualified.index(after: $0)...] }
        return String(decoding: local ?? qualified[...], as: UTF8.self)
    }

    /// The open elements' local names for messages, shortened in the middle
    /// when deep (`Document/BkToCstmrStmt/Stmt/Ntry/…(57 more)…/a/a/a/a`).
    var openPath: String {
        if openEnds.isEmpty { return "(outside the root element)" }
        let names = openEnds.indices.map { Self.localName(Array(openQualifiedName($0).utf8)) }
        if names.count <= 12 { return names.joined(separator: "/") }
        return (names.prefix(4) + ["…(\(names.count - 8) more)…"] + names.suffix(4)).joined(separator: "/")
    }

    // MARK: Errors

    func malformed(_ message: String) -> StatementError {
        StatementError(.malformed, fileName: fileName, location: "line \(line), \(openPath)", "not well-formed XML: " + message)
    }

    func notUTF8(_ byte: UInt8) -> StatementError {
        malformed(
            "byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8 here "
                + "(camt.053 must be encoded in UTF-8)")
    }

    func processingInstruction() -> StatementError {
        StatementError(
            .malformed, fileName: fileName, location: "byte \(instructionOffset), line \(line), \(openPath)",
            "processing instruction '<?...?>' other than the XML declaration: not allowed in camt.053")
    }

    func textTooLong() -> StatementError {
        let element = openEnds.isEmpty ? "?" : Self.localName(Array(openQualifiedName(openEnds.count - 1).utf8))
        return StatementError(
            .limitExceeded, fileName: fileName, location: "line \(line), \(openPath)",
            "text of element \(element) is longer than the limit of "
                + "\(StatementLimits.describe(bytes: StatementLimits.elementTextBytesMax)) per element")
    }
}
