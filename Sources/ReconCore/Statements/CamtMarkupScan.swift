import Foundation

/// One linear pass over a camt.053 file's bytes before the XML parser sees
/// them, enforcing what libxml2 and FoundationXML do not (issue 15):
///
/// - no `DOCTYPE` (camt.053 carries no DTD; entities would be expanded or
///   silently dropped) and no processing instruction besides the XML
///   declaration (FoundationXML's callback for `<?xm?>` calls `strlen(NULL)`,
///   found by ops/fuzz: ops/fuzz/regressions/camt/crash-9f7cf5af...);
/// - element depth at most ``StatementLimits/elementDepthMax`` (100,000 nested
///   elements took 545 s and were accepted);
/// - text of one element at most ``StatementLimits/elementTextBytesMax``
///   (a 200 MB text node cost 1.46 GB);
/// - one tag, comment or CDATA section at most ``StatementLimits/markupBytesMax``
///   (libxml2 buffers a whole start tag before it reports it).
///
/// It is a tokenizer only as far as these need: tags with quoted attribute
/// values, comments, CDATA, declarations. Anything it cannot place is left to
/// the XML parser, which refuses malformed input itself. Memory: the open
/// element names, at most ``StatementLimits/elementDepthMax`` of them.
struct CamtMarkupScan {
    private enum State {
        case text
        /// After `<`, before the first byte that says what the markup is.
        case open
        case tag
        case quoted(UInt8)
        /// After `<!`: a comment, CDATA or declaration, told apart by its first bytes.
        case bang
        case comment
        case cdata
        case instruction
    }

    private var state = State.text
    private var offset = 0
    private var line = 1
    private let declarationOffset: Int?
    private var names: [String] = []
    private var name: [UInt8] = []
    private var isReadingName = false
    private var isClosingTag = false
    private var previousByte: UInt8 = 0
    private var beforePreviousByte: UInt8 = 0
    private var markupStartLine = 1
    private var markupBytes = 0
    private var textBytes = 0
    private var attributeCount = 0
    private var bangBytes: [UInt8] = []
    private(set) var failure: StatementError?
    let fileName: String

    init(prolog: Data, fileName: String) {
        self.fileName = fileName
        let start = prolog.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let rest = prolog.dropFirst(start)
        let isDeclaration =
            rest.starts(with: Array("<?xml".utf8))
            && rest.dropFirst(5).first.map { [0x20, 0x09, 0x0A, 0x0D].contains($0) } == true
        declarationOffset = isDeclaration ? start : nil
    }

    mutating func feed(_ chunk: Data) {
        guard failure == nil else { return }
        chunk.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            for byte in buffer {
                step(byte)
                if failure != nil { return }
            }
        }
    }

    func check() throws(StatementError) {
        if let failure { throw failure }
    }

    private var path: String {
        if names.isEmpty { return "(outside the root element)" }
        if names.count <= 12 { return names.joined(separator: "/") }
        return (names.prefix(4) + ["…(\(names.count - 8) more)…"] + names.suffix(4)).joined(separator: "/")
    }

    private mutating func fail(_ message: String, line failureLine: Int? = nil) {
        failure = StatementError(
            .limitExceeded, fileName: fileName, location: "line \(failureLine ?? line), \(path)", message)
    }

    private mutating func step(_ byte: UInt8) {
        defer {
            offset += 1
            if byte == 0x0A { line += 1 }
            beforePreviousByte = previousByte
            previousByte = byte
        }
        switch state {
        case .text:
            if byte == UInt8(ascii: "<") {
                state = .open
                markupStartLine = line
                markupBytes = 1
            } else if !names.isEmpty {
                textBytes += 1
                if textBytes > StatementLimits.elementTextBytesMax {
                    fail(
                        "text of element \(names.last!) is longer than the limit of "
                            + "\(StatementLimits.describe(bytes: StatementLimits.elementTextBytesMax)) per element")
                }
            }
        case .open:
            countMarkup()
            switch byte {
            case UInt8(ascii: "?"):
                if offset - 1 != declarationOffset {
                    failure = StatementError(
                        .malformed, fileName: fileName, location: "byte \(offset), line \(line), \(path)",
                        "processing instruction '<?...?>' other than the XML declaration: not allowed in camt.053")
                }
                state = .instruction
            case UInt8(ascii: "!"):
                state = .bang
                bangBytes = []
            case UInt8(ascii: "/"):
                state = .tag
                isClosingTag = true
                isReadingName = true
                name = []
            default:
                state = .tag
                isClosingTag = false
                isReadingName = true
                attributeCount = 0
                name = [byte]
            }
        case .tag:
            countMarkup()
            if isReadingName {
                if Self.endsName(byte) {
                    isReadingName = false
                } else if name.count < 256 {
                    name.append(byte)
                }
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                state = .quoted(byte)
            } else if byte == UInt8(ascii: "=") {
                attributeCount += 1
                if attributeCount > StatementLimits.attributesPerElementMax {
                    fail(
                        "element <\(Self.localName(name))> has more than \(StatementLimits.attributesPerElementMax) "
                            + "attributes, over the limit (camt.053 elements carry one or two)",
                        line: markupStartLine)
                }
            } else if byte == UInt8(ascii: ">") {
                endTag(selfClosing: previousByte == UInt8(ascii: "/"))
            }
        case .quoted(let quote):
            countMarkup()
            if byte == quote { state = .tag }
        case .bang:
            countMarkup()
            bangBytes.append(byte)
            if bangBytes == Array("--".utf8) {
                state = .comment
            } else if bangBytes == Array("[CDATA[".utf8) {
                state = .cdata
            } else if !Array("[CDATA[".utf8).starts(with: bangBytes) && !Array("--".utf8).starts(with: bangBytes) {
                // DOCTYPE, ENTITY, ELEMENT, ATTLIST: declarations of a DTD.
                // Its keyword is read to the end, for the message.
                let isLetter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                if !isLetter || bangBytes.count > 16 {
                    let keyword = String(decoding: bangBytes.dropLast(isLetter ? 0 : 1), as: UTF8.self)
                    failure = StatementError(
                        .limitExceeded, fileName: fileName, location: "line \(line), \(path)",
                        "camt.053 files carry no DTD: '<!\(keyword)' is refused")
                }
            }
        case .comment:
            countMarkup()
            if byte == UInt8(ascii: ">") && previousByte == UInt8(ascii: "-") && beforePreviousByte == UInt8(ascii: "-")
                && markupBytes >= 7
            {
                state = .text
            }
        case .cdata:
            countMarkup()
            if byte == UInt8(ascii: ">") && previousByte == UInt8(ascii: "]") && beforePreviousByte == UInt8(ascii: "]") {
                textBytes += markupBytes - 12
                state = .text
                if textBytes > StatementLimits.elementTextBytesMax {
                    fail(
                        "text of element \(names.last ?? "?") is longer than the limit of "
                            + "\(StatementLimits.describe(bytes: StatementLimits.elementTextBytesMax)) per element")
                }
            }
        case .instruction:
            countMarkup()
            if byte == UInt8(ascii: ">") && previousByte == UInt8(ascii: "?") { state = .text }
        }
    }

    private mutating func countMarkup() {
        markupBytes += 1
        if markupBytes > StatementLimits.markupBytesMax {
            fail(
                "markup (a tag with its attributes, a comment or a CDATA section) starting on line \(markupStartLine) "
                    + "is longer than the limit of \(StatementLimits.describe(bytes: StatementLimits.markupBytesMax))",
                line: markupStartLine)
        }
    }

    private mutating func endTag(selfClosing: Bool) {
        state = .text
        let local = Self.localName(name)
        if isClosingTag {
            if !names.isEmpty { names.removeLast() }
            textBytes = 0
            return
        }
        textBytes = 0
        if selfClosing { return }
        names.append(local)
        if names.count > StatementLimits.elementDepthMax {
            fail(
                "element <\(local)> is nested \(names.count) deep, over the limit of "
                    + "\(StatementLimits.elementDepthMax) (camt.053 needs about 14)")
        }
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: ">")
    }

    private static func localName(_ bytes: [UInt8]) -> String {
        let local = bytes.lastIndex(of: UInt8(ascii: ":")).map { bytes[($0 + 1)...] } ?? bytes[...]
        return String(decoding: local, as: UTF8.self)
    }
}
