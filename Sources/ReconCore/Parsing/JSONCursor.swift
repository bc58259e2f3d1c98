private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")

/// The recursive-descent state of `JSONParser` over one buffer.
struct JSONCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let firstLine: Int
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int, maxDepth: Int) {
        self.bytes = bytes
        self.firstLine = firstLine
        self.maxDepth = maxDepth
    }

    func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let position = min(offset ?? index, bytes.count)
        var line = firstLine
        for byte in bytes[0..<position] where byte == UInt8(ascii: "\n") { line += 1 }
        return JSONParseError(line: line, offset: position, message: message)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case quote: return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw error("invalid literal") }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == quote else { throw error("expected a member name") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object") }
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: "}") { return .object(members) }
            guard separator == UInt8(ascii: ",") else { throw error("expected ',' or '}'", at: index - 1) }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array") }
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: "]") { return .array(elements) }
            guard separator == UInt8(ascii: ",") else { throw error("expected ',' or ']'", at: index - 1) }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            skipDigits()
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
            skipDigits()
        }
        if index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while index < bytes.count && isDigit(bytes[index]) { index += 1 }
    }

    /// Parses a string starting at its opening quote.
    mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: plain ASCII without escapes needs no copy into a scratch buffer.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                index += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
            }
            if byte == backslash || byte < 0x20 || byte >= 0x80 { break }
            index += 1
        }
        var decoded = Array(bytes[start..<index])
        try parseStringSlowPath(into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    private mutating func parseStringSlowPath(into decoded: inout [UInt8]) throws(JSONParseError) {
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case quote:
                index += 1
                return
            case backslash:
                try parseEscape(into: &decoded)
            case 0..<0x20:
                throw error("control character in string")
            case 0x80...:
                guard let length = UTF8Validation.sequenceLength(bytes, at: index) else {
                    throw error("invalid UTF-8")
                }
                decoded.append(contentsOf: bytes[index..<index + length])
                index += length
            default:
                decoded.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseEscape(into decoded: inout [UInt8]) throws(JSONParseError) {
        index += 1
        guard index < bytes.count else { throw error("unterminated string") }
        let escaped = bytes[index]
        index += 1
        switch escaped {
        case quote, backslash, UInt8(ascii: "/"): decoded.append(escaped)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"): try parseUnicodeEscape(into: &decoded)
        default: throw error("invalid escape", at: index - 1)
        }
    }

    /// After `\u`: four hex digits, joined with a following low surrogate
    /// escape when they are a high surrogate. Lone surrogates are rejected.
    private mutating func parseUnicodeEscape(into decoded: inout [UInt8]) throws(JSONParseError) {
        let unit = try parseHexQuad()
        var scalarValue = UInt32(unit)
        if (0xDC00...0xDFFF).contains(unit) {
            throw error("lone low surrogate escape")
        }
        if (0xD800...0xDBFF).contains(unit) {
            guard bytes.count - index >= 2, bytes[index] == backslash, bytes[index + 1] == UInt8(ascii: "u")
            else { throw error("lone high surrogate escape") }
            index += 2
            let low = try parseHexQuad()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("lone high surrogate escape") }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        }
        appendUTF8(scalarValue, to: &decoded)
    }

    /// Encodes a scalar value already known not to be a surrogate.
    private func appendUTF8(_ value: UInt32, to decoded: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            decoded.append(UInt8(value))
        case 0x80..<0x800:
            decoded.append(UInt8(0xC0 | value >> 6))
            decoded.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            decoded.append(UInt8(0xE0 | value >> 12))
            decoded.append(UInt8(0x80 | value >> 6 & 0x3F))
            decoded.append(UInt8(0x80 | value & 0x3F))
        default:
            decoded.append(UInt8(0xF0 | value >> 18))
            decoded.append(UInt8(0x80 | value >> 12 & 0x3F))
            decoded.append(UInt8(0x80 | value >> 6 & 0x3F))
            decoded.append(UInt8(0x80 | value & 0x3F))
        }
    }

    private mutating func parseHexQuad() throws(JSONParseError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw error("invalid \\u escape") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
