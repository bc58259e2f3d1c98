import Foundation

/// Byte classes and the UTF-8 check of ``CamtXMLTokenizer``. XML 1.0 allows
/// tab, LF, CR and U+0020 up (no U+D800–U+DFFF, no U+FFFE/U+FFFF); anything
/// else is refused, as libxml2 did.
enum CamtXMLCharacters {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == lineFeed || byte == carriageReturn || byte == tab
    }

    /// First byte of a name: letters, `_`, `:` and any non-ASCII character
    /// (the UTF-8 check has vetted it). Digits, `-` and `.` only follow.
    @inline(__always)
    static func isNameStart(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return (folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    @inline(__always)
    static func isNameCharacter(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    static func isXMLCharacter(_ scalar: UInt32) -> Bool {
        scalar == 0x09 || scalar == 0x0A || scalar == 0x0D || (0x20...0xD7FF).contains(scalar)
            || (0xE000...0xFFFD).contains(scalar) || (0x1_0000...0x10_FFFF).contains(scalar)
    }

    static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            bytes.append(UInt8(scalar))
        case ..<0x800:
            bytes.append(0xC0 | UInt8(scalar >> 6))
            bytes.append(0x80 | UInt8(scalar & 0x3F))
        case ..<0x1_0000:
            bytes.append(0xE0 | UInt8(scalar >> 12))
            bytes.append(0x80 | UInt8((scalar >> 6) & 0x3F))
            bytes.append(0x80 | UInt8(scalar & 0x3F))
        default:
            bytes.append(0xF0 | UInt8(scalar >> 18))
            bytes.append(0x80 | UInt8((scalar >> 12) & 0x3F))
            bytes.append(0x80 | UInt8((scalar >> 6) & 0x3F))
            bytes.append(0x80 | UInt8(scalar & 0x3F))
        }
    }

    /// `withUnsafeBytes` of `Data` and `Array` only rethrows `any Error`; this
    /// keeps the tokenizer's typed `StatementError`.
    static func withBytes(
        of bytes: some ContiguousBytes, _ body: (UnsafeRawBufferPointer) throws(StatementError) -> Void
    ) throws(StatementError) {
        var failure: StatementError?
        bytes.withUnsafeBytes { buffer in
            do throws(StatementError) { try body(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// ISO-8859-1 bytes are the code points U+0000–U+00FF: the tokenizer
    /// reads them as UTF-8 after this, so it has one code path.
    static func latin1ToUTF8(_ chunk: UnsafeRawBufferPointer, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(chunk.count * 2)
        for byte in chunk {
            if byte < 0x80 {
                bytes.append(byte)
            } else {
                bytes.append(0xC0 | (byte >> 6))
                bytes.append(0x80 | (byte & 0x3F))
            }
        }
    }
}

/// Checks UTF-8 one byte at a time, across chunk boundaries: overlong forms,
/// surrogates, code points over U+10FFFF and U+FFFE/U+FFFF are refused.
struct CamtUTF8Check {
    private var remaining = 0
    private var scalar: UInt32 = 0
    private var minimum: UInt32 = 0

    var isInsideSequence: Bool { remaining > 0 }

    /// False when `byte` cannot continue or start a valid sequence here.
    /// ASCII bytes are checked by the caller (control characters).
    @inline(__always)
    mutating func accept(_ byte: UInt8) -> Bool {
        if remaining > 0 {
            guard byte & 0xC0 == 0x80 else { return false }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
            remaining -= 1
            return remaining > 0 || (scalar >= minimum && CamtXMLCharacters.isXMLCharacter(scalar))
        }
        switch byte {
        case 0x00..<0x80: return true
        case 0xC2...0xDF: (remaining, scalar, minimum) = (1, UInt32(byte & 0x1F), 0x80)
        case 0xE0...0xEF: (remaining, scalar, minimum) = (2, UInt32(byte & 0x0F), 0x800)
        case 0xF0...0xF4: (remaining, scalar, minimum) = (3, UInt32(byte & 0x07), 0x1_0000)
        default: return false
        }
        return true
    }
}
