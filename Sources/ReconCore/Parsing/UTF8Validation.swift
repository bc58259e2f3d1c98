/// Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing
/// above U+10FFFF. Used on CSV fields and JSON strings before they become
/// `String`s, because `String(decoding:)` would silently replace bad bytes and a
/// signature must cover exactly what was sent.
enum UTF8Validation {
    enum Problem: Equatable {
        case invalidUTF8
        case nulByte
    }

    /// Returns the first problem in `bytes`, or nil if they are valid UTF-8
    /// without NUL.
    static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0 { return .nulByte }
                index += 1
                continue
            }
            guard let length = sequenceLength(bytes, at: index) else { return .invalidUTF8 }
            index += length
        }
        return nil
    }

    static func firstProblem(in bytes: ArraySlice<UInt8>) -> Problem? {
        bytes.withUnsafeBufferPointer { firstProblem(in: $0) }
    }

    /// Length of the valid multi-byte sequence starting at `index`, or nil.
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        let remaining = bytes.count - index
        func continuation(_ offset: Int) -> Bool {
            offset < remaining && bytes[index + offset] & 0xC0 == 0x80
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : nil
        case 0xE0...0xEF:
            guard continuation(1), continuation(2) else { return nil }
            let second = bytes[index + 1]
            if lead == 0xE0 && second < 0xA0 { return nil }  // overlong
            if lead == 0xED && second > 0x9F { return nil }  // UTF-16 surrogate
            return 3
        case 0xF0...0xF4:
            guard continuation(1), continuation(2), continuation(3) else { return nil }
            let second = bytes[index + 1]
            if lead == 0xF0 && second < 0x90 { return nil }  // overlong
            if lead == 0xF4 && second > 0x8F { return nil }  // above U+10FFFF
            return 4
        default:
            return nil
        }
    }
}
