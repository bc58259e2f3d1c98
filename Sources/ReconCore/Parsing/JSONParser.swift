/// Strict RFC 8259 parser producing `JSONValue`.
///
/// Decisions where RFC 8259 leaves room:
/// - Input must be UTF-8; invalid UTF-8 anywhere is an error, and so is a
///   byte order mark (the file readers skip a leading BOM before parsing).
/// - A `\u` escape of a lone UTF-16 surrogate is rejected: the grammar allows
///   it, but it names no Unicode character, Swift `String` cannot hold it, and
///   JCS (RFC 8785) needs valid Unicode to canonicalize.
/// - Numbers are checked against the grammar and kept as source text, so
///   huge exponents are accepted here (JCS rejects those that overflow).
/// - Nesting deeper than `maxDepth` is an error. Parsing recurses once per
///   level, so the depth bound is also the stack bound; it is capped at 1024
///   so that even a thread with a small stack cannot overflow.
public struct JSONParser: Sendable {
    public let maxDepth: Int

    public init(maxDepth: Int = 64) {
        precondition(maxDepth > 0 && maxDepth <= 1024, "maxDepth must be in 1...1024")
        self.maxDepth = maxDepth
    }

    /// Parses exactly one JSON value (with optional surrounding whitespace).
    /// `firstLine` is the line of the first byte, so errors name file lines.
    /// Throws `JSONParseError`.
    public func parse(_ bytes: [UInt8], firstLine: Int = 1) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try parse($0, firstLine: firstLine) }
    }

    public func parse(_ text: String) throws -> JSONValue {
        try parse(Array(text.utf8))
    }

    public func parse(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) throws -> JSONValue {
        var cursor = JSONCursor(bytes: bytes, firstLine: firstLine, maxDepth: maxDepth)
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 0)
        cursor.skipWhitespace()
        if cursor.index < bytes.count {
            throw cursor.error("unexpected text after the JSON value")
        }
        return value
    }
}
