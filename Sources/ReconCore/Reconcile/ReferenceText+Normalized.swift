/// ``ReferenceText/normalized(_:)`` without building the normalized string:
/// the prematch hashes and compares a million references a night, and the
/// ASCII ones (nearly all) need no allocation for either.
extension ReferenceText {
    /// FNV-1a over the UTF-8 of `normalized(text)`.
    public static func normalizedHash(_ text: String) -> UInt64 {
        var text = text
        let ascii: UInt64? = text.withUTF8 { bytes in
            let trimmed = trimmedRange(bytes)
            var hash = fnvOffsetBasis
            for offset in trimmed {
                let byte = bytes[offset]
                guard byte < 0x80 else { return nil }
                hash = (hash ^ UInt64(lowered(byte))) &* fnvPrime
            }
            return hash
        }
        return ascii ?? fnv1a(normalized(text))
    }

    /// `normalized(a) == normalized(b)`.
    public static func haveSameNormalized(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        let ascii: Bool? = a.withUTF8 { left in
            b.withUTF8 { right in
                let leftRange = trimmedRange(left)
                let rightRange = trimmedRange(right)
                guard leftRange.count == rightRange.count else {
                    // Unequal lengths settle it unless Unicode lowercasing
                    // could change a length.
                    return leftRange.allSatisfy { left[$0] < 0x80 } && rightRange.allSatisfy { right[$0] < 0x80 }
                        ? false : nil
                }
                for (l, r) in zip(leftRange, rightRange) {
                    guard left[l] < 0x80, right[r] < 0x80 else { return nil }
                    if lowered(left[l]) != lowered(right[r]) { return false }
                }
                return true
            }
        }
        return ascii ?? (normalized(a) == normalized(b))
    }

    /// FNV-1a over the UTF-8 bytes.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash = fnvOffsetBasis
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* fnvPrime }
        return hash
    }

    private static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    private static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
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
