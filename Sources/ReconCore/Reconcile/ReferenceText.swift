/// How a bank line's text is compared with a `settlement_ref` (SPEC §5.1).
///
/// Both comparisons are case-insensitive and ignore surrounding whitespace:
///
/// - **Reference field**: the line's `reference`, trimmed and lowercased, must
///   equal the group's `settlement_ref`, trimmed and lowercased.
/// - **Description token**: text is cut into *tokens*, the maximal runs of
///   letters, digits, `-`, `_`, `/`, `.` and any non-ASCII character; every
///   other ASCII character (space, `,` `;` `:` `#` `(` `)` `'` `"` …) separates
///   tokens, and `.` at either end of a token is dropped (sentence punctuation:
///   "paid PO-1." names `PO-1`). A `settlement_ref` matches when its own token
///   sequence appears as a contiguous run of the description's tokens. So
///   `PO-1` is found in "Payout PO-1, thanks" and "ref:po-1" but not in
///   "PO-12" or "XPO-1"; a ref with inner separators ("ACME 42") matches the
///   same words with any separators between them.
///
/// Keeping `-`, `_`, `/`, `.` inside tokens is what makes `PO-1` differ from
/// `PO-12` and from `PO-1-A`: those characters are how references are built.
public enum ReferenceText {
    /// Trimmed and lowercased: the form two references are compared in.
    public static func normalized(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while start < end, isASCIIWhitespace(bytes[start]) { start += 1 }
            while end > start, isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
            return lowercased(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        }
    }

    /// The lowercased tokens of `text`, in order (see the type's documentation).
    public static func tokens(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var tokens: [String] = []
            var position = 0
            while position < bytes.count {
                while position < bytes.count, !isTokenByte(bytes[position]) { position += 1 }
                var start = position
                while position < bytes.count, isTokenByte(bytes[position]) { position += 1 }
                var end = position
                while start < end, bytes[start] == UInt8(ascii: ".") { start += 1 }
                while end > start, bytes[end - 1] == UInt8(ascii: ".") { end -= 1 }
                if start < end { tokens.append(lowercased(UnsafeBufferPointer(rebasing: bytes[start..<end]))) }
            }
            return tokens
        }
    }

    /// Whether `text` cuts into exactly one token, without building it.
    public static func hasOneToken(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { hasOneToken(UnsafeRawBufferPointer($0)) }
    }

    /// ``hasOneToken(_:)`` of raw UTF-8.
    public static func hasOneToken(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var count = 0
        var position = 0
        while position < bytes.count {
            while position < bytes.count, !isTokenByte(bytes[position]) { position += 1 }
            var hasContent = false
            while position < bytes.count, isTokenByte(bytes[position]) {
                if bytes[position] != UInt8(ascii: ".") { hasContent = true }
                position += 1
            }
            if hasContent { count += 1 }
        }
        return count == 1
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "/"), UInt8(ascii: "."):
            return true
        default:
            return byte >= 0x80
        }
    }

    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// ASCII is lowered byte by byte (the common case, and fast at a million
    /// lines); anything else goes through the Unicode mapping.
    private static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return String(decoding: bytes, as: UTF8.self).lowercased() }
        return String(unsafeUninitializedCapacity: bytes.count) { target in
            for (offset, byte) in bytes.enumerated() {
                target[offset] = (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
            }
            return bytes.count
        }
    }
}
