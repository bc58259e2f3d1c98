/// ``ReferenceText/normalized(_:)`` without building the normalized string,
/// on raw UTF-8: the prematch hashes and compares a million references a
/// night straight from the database's buffers, and the ASCII ones (nearly
/// all) need no allocation for either.
extension ReferenceText {
    /// FNV-1a over the UTF-8 of `normalized(text)`.
    public static func normalizedHash(_ text: UnsafeRawBufferPointer) -> UInt64 {
        let trimmed = trimmedRange(text)
        var hash = fnvOffsetBasis
        for offset in trimmed {
            let byte = text[offset]
            guard byte < 0x80 else { return fnv1a(normalized(String(decoding: text, as: UTF8.self))) }
            hash = (hash ^ UInt64(lowered(byte))) &* fnvPrime
        }
        return hash
    }

    public static func normalizedHash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { normalizedHash(UnsafeRawBufferPointer($0)) }
    }

    /// `normalized(a) == normalized(b)`.
    public static func haveSameNormalized(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let left = trimmedRange(a)
        let right = trimmedRange(b)
        if left.count == right.count {
            var ascii = true
            for (l, r) in zip(left, right) {
                guard a[l] < 0x80, b[r] < 0x80 else {
                    ascii = false
                    break
                }
                if lowered(a[l]) != lowered(b[r]) { return false }
            }
            if ascii { return true }
        } else if left.allSatisfy({ a[$0] < 0x80 }) && right.allSatisfy({ b[$0] < 0x80 }) {
            // ASCII lowercasing keeps lengths; only Unicode could change one.
            return false
        }
        return normalized(String(decoding: a, as: UTF8.self)) == normalized(String(decoding: b, as: UTF8.self))
    }

    public static func haveSameNormalized(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { left in b.withUTF8 { haveSameNormalized(UnsafeRawBufferPointer(left), UnsafeRawBufferPointer($0)) } }
    }

    /// FNV-1a over the UTF-8 bytes.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash = fnvOffsetBasis
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* fnvPrime }
        return hash
    }

    private static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    private static func trimmedRange(_ bytes: UnsafeRawBufferPointer) -> Range<Int> {
        var start = 0
        var end = bytes.count
        while start < end, isASCIIWhitespace(bytes[start]) { start += 1 }
        while end > start, isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }
}
