/// RFC 8785 JSON Canonicalization Scheme: the exact bytes a record signature
/// covers (SPEC §3.1).
///
/// Objects are written with members sorted by the UTF-16 code units of their
/// names, no whitespace, strings escaped minimally, numbers in ECMAScript form.
public enum JCS {
    /// The canonical UTF-8 bytes of `value`. Throws `JCSError` for duplicate
    /// keys and for numbers that overflow to infinity.
    public static func canonicalize(_ value: JSONValue) throws -> [UInt8] {
        var output: [UInt8] = []
        try append(value, into: &output)
        return output
    }

    /// The canonical bytes of an object without some of its top-level members:
    /// SPEC §3.1 signs a record without its `signature` member. Names match
    /// by exact text. A non-object is canonicalized whole.
    public static func canonicalize(_ value: JSONValue, omittingMembers names: Set<String>) throws -> [UInt8] {
        guard case .object(let members) = value else { return try canonicalize(value) }
        let omitted = names.map { Array($0.utf8) }
        let kept = members.filter { member in !omitted.contains { member.key.utf8.elementsEqual($0) } }
        return try canonicalize(.object(kept))
    }

    /// Appends the canonical form of `value` to `output`, so a caller can reuse
    /// one buffer for many records.
    public static func append(_ value: JSONValue, into output: inout [UInt8]) throws {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .number(let text):
            try appendNumber(text, into: &output)
        case .string(let text):
            appendString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                try append(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            try appendObject(members, into: &output)
        }
    }

    private static func appendObject(
        _ members: [(key: String, value: JSONValue)], into output: inout [UInt8]
    ) throws {
        // Producers often write members in canonical order already; checking
        // costs one pass, and sorting is skipped then. Otherwise indices are
        // sorted, which is cheaper than moving the members themselves.
        var order = Array(members.indices)
        let isSorted = zip(order, order.dropFirst()).allSatisfy {
            precedesInUTF16Order(members[$0].key, members[$1].key)
        }
        if !isSorted { order.sort { precedesInUTF16Order(members[$0].key, members[$1].key) } }
        output.append(UInt8(ascii: "{"))
        for (position, memberIndex) in order.enumerated() {
            let member = members[memberIndex]
            if position > 0 {
                // Sorted, so a duplicate sits right after its twin.
                if !isSorted && !precedesInUTF16Order(members[order[position - 1]].key, member.key) {
                    throw JCSError.duplicateKey(member.key)
                }
                output.append(UInt8(ascii: ","))
            }
            appendString(member.key, into: &output)
            output.append(UInt8(ascii: ":"))
            try append(member.value, into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// RFC 8785 §3.2.3: member names compare as arrays of UTF-16 code units.
    public static func precedesInUTF16Order(_ left: String, _ right: String) -> Bool {
        let fromUTF8 = left.utf8.withContiguousStorageIfAvailable { leftBytes in
            right.utf8.withContiguousStorageIfAvailable { rightBytes in
                precedesInUTF16Order(utf8: leftBytes, rightBytes)
            }
        }
        // Strings not stored as UTF-8 (bridged ones) take the slow, obvious way.
        return (fromUTF8 ?? nil) ?? left.utf16.lexicographicallyPrecedes(right.utf16)
    }

    /// UTF-16 order computed on UTF-8 bytes, without transcoding. The two
    /// orders agree except between U+E000…U+FFFF (UTF-8 lead byte EE or EF)
    /// and supplementary characters (lead byte F0…F4), which UTF-16 writes as
    /// surrogates D800…DFFF and so sorts first. Equal prefixes put both sides
    /// at the same point of a character, so the first differing byte decides.
    static func precedesInUTF16Order(utf8 left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        let commonCount = min(left.count, right.count)
        var index = 0
        while index < commonCount {
            let leftByte = left[index]
            let rightByte = right[index]
            if leftByte != rightByte {
                if leftByte >= 0xF0 && (rightByte == 0xEE || rightByte == 0xEF) { return true }
                if rightByte >= 0xF0 && (leftByte == 0xEE || leftByte == 0xEF) { return false }
                return leftByte < rightByte
            }
            index += 1
        }
        return left.count < right.count
    }

    /// Appends `text` as a JSON string, escaped per RFC 8785 §3.2.2.2.
    public static func appendString(_ text: String, into output: inout [UInt8]) {
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { appendString(utf8: $0, into: &output) }
        if written == nil {
            // Bridged strings have no contiguous UTF-8; make a native copy.
            var native = text
            native.withUTF8 { appendString(utf8: $0, into: &output) }
        }
    }

    /// Same, from UTF-8 bytes the caller has already validated.
    static func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            appendEscape(for: byte, into: &output)
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            let hexDigits = Array("0123456789abcdef".utf8)
            output.append(contentsOf: "u00".utf8)
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0F)])
        }
    }
}
