private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
private let comma = UInt8(ascii: ",")
private let lineFeed = UInt8(ascii: "\n")

/// Streaming reader of a file that is one top-level JSON array (SPEC §3
/// `*.json`), yielding the elements one by one.
///
/// Memory is bounded by the largest element (at most `maxElementBytes`) plus
/// one input chunk, never the whole array. An element that does not parse, or
/// is too large, is a malformed record and reading goes on. A break in the
/// array itself (no `[`, a missing `,`, an unterminated array or string, text
/// after `]`) is thrown as `JSONParseError` naming the line: the rest of the
/// file cannot be trusted, and the caller decides what that means for the file.
public struct JSONArrayReader {
    public let maxElementBytes: Int
    public let parser: JSONParser

    private enum Position {
        case beforeArray
        case beforeFirstElement
        case afterElement
        case finished
    }

    private var input: BufferedByteReader
    private var position = Position.beforeArray
    private var line = 1
    private var elementCount = 0
    private var elementBytes: [UInt8] = []

    public init(_ stream: some ByteStream, maxElementBytes: Int = 16 * 1024 * 1024, parser: JSONParser = JSONParser()) {
        precondition(maxElementBytes > 0, "maxElementBytes must be positive")
        self.input = BufferedByteReader(stream)
        self.maxElementBytes = maxElementBytes
        self.parser = parser
    }

    /// The next element, or nil after the closing `]`. Throws `JSONParseError`
    /// when the array structure is broken, and whatever the stream throws.
    public mutating func next() throws -> JSONRecordResult? {
        do {
            return try nextElement()
        } catch {
            // Nothing after a broken structure can be trusted: stay at the end.
            position = .finished
            throw error
        }
    }

    private mutating func nextElement() throws -> JSONRecordResult? {
        switch position {
        case .finished:
            return nil
        case .beforeArray:
            try input.skipByteOrderMark()
            guard try skipWhitespace() == UInt8(ascii: "[") else { throw structureError("expected '[' to start the array") }
            input.position += 1
            position = .beforeFirstElement
            if try skipWhitespace() == UInt8(ascii: "]") { return try finish() }
        case .beforeFirstElement:
            break
        case .afterElement:
            let separator = try skipWhitespace()
            if separator == UInt8(ascii: "]") { return try finish() }
            guard separator == comma else { throw structureError("expected ',' or ']' after an element") }
            input.position += 1
        }
        guard let first = try skipWhitespace() else { throw structureError("unterminated array") }
        guard first != comma && first != UInt8(ascii: "]") else { throw structureError("expected an element") }
        let elementLine = line
        let fitsLimit = try readElement()
        position = .afterElement
        elementCount += 1
        guard fitsLimit else {
            return JSONRecordResult(
                line: elementLine, index: elementCount,
                content: .malformed(detail: "element longer than \(maxElementBytes) bytes"))
        }
        return JSONRecordResult.parsing(elementBytes, line: elementLine, index: elementCount, parser: parser)
    }

    /// After the closing `]`: only whitespace may follow.
    private mutating func finish() throws -> JSONRecordResult? {
        input.position += 1
        position = .finished
        if try skipWhitespace() != nil { throw structureError("text after the closing ']'") }
        return nil
    }

    /// Collects the bytes of one element: a string up to its closing quote, an
    /// object or array up to the bracket that returns to depth 0, anything else
    /// up to whitespace, `,`, `]` or `}`. Brackets are only counted here; whether
    /// they pair up is the element parser's job, and a mismatch makes that
    /// element malformed. Returns false when the element was too long (its
    /// bytes are then not kept).
    private mutating func readElement() throws -> Bool {
        elementBytes.removeAll(keepingCapacity: elementBytes.capacity <= 1024 * 1024)
        var scanner = JSONElementScanner()
        var byteCount = 0
        while try input.hasByte() {
            let start = input.position
            let (stop, isComplete) = input.chunk.withUnsafeBufferPointer { scanner.scan($0, from: start) }
            byteCount += stop - start
            if byteCount <= maxElementBytes {
                elementBytes.append(contentsOf: input.chunk[start..<stop])
            }
            input.position = stop
            if isComplete {
                line += scanner.lineFeedCount
                guard byteCount <= maxElementBytes else {
                    elementBytes.removeAll()
                    return false
                }
                return true
            }
        }
        line += scanner.lineFeedCount
        throw structureError(scanner.isInString ? "unterminated string" : "unterminated array")
    }

    /// Skips JSON whitespace and returns the next byte without consuming it.
    private mutating func skipWhitespace() throws -> UInt8? {
        while let byte = try input.peek() {
            switch byte {
            case 0x20, 0x09, 0x0D: input.position += 1
            case lineFeed:
                line += 1
                input.position += 1
            default: return byte
            }
        }
        return nil
    }

    private func structureError(_ message: String) -> JSONParseError {
        JSONParseError(line: line, offset: input.byteOffset, message: message)
    }
}

/// Finds where one array element ends, across as many chunks as it spans.
struct JSONElementScanner {
    private(set) var isInString = false
    private(set) var lineFeedCount = 0
    private var depth = 0
    private var isAfterBackslash = false

    /// Scans from `start`; returns the end of the element's bytes in this
    /// chunk and whether the element is complete (else it continues in the
    /// next chunk).
    mutating func scan(_ chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Bool) {
        var index = start
        while index < chunk.count {
            let byte = chunk[index]
            if byte == lineFeed { lineFeedCount += 1 }
            if isInString {
                if isAfterBackslash {
                    isAfterBackslash = false
                } else if byte == backslash {
                    isAfterBackslash = true
                } else if byte == quote {
                    isInString = false
                    if depth == 0 { return (index + 1, true) }
                }
            } else {
                switch byte {
                case quote:
                    isInString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if depth == 0 { return (index, true) }
                    depth -= 1
                    if depth == 0 { return (index + 1, true) }
                case comma, 0x20, 0x09, 0x0D, lineFeed:
                    if depth == 0 {
                        if byte == lineFeed { lineFeedCount -= 1 }  // not part of the element
                        return (index, true)
                    }
                default:
                    break
                }
            }
            index += 1
        }
        return (index, false)
    }
}
