/// RFC 4648 §4 base64 (standard alphabet), strict on input.
///
/// Signatures (SPEC §3) must have exactly one encoding, so decoding accepts
/// only the canonical form: padding required, no whitespace or line breaks,
/// length a multiple of 4, and the unused bits before padding zero.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Byte → 6-bit value, 0xFF for bytes outside the alphabet.
    private static let decodingTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, symbol) in alphabet.enumerated() { table[Int(symbol)] = UInt8(value) }
        return table
    }()

    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let remaining = input.count - index
            let first = UInt32(input[index])
            let second = remaining > 1 ? UInt32(input[index + 1]) : 0
            let third = remaining > 2 ? UInt32(input[index + 2]) : 0
            let group = first << 16 | second << 8 | third
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(remaining > 1 ? alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "="))
            output.append(remaining > 2 ? alphabet[Int(group & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The decoded bytes, or nil if `text` is not canonical base64.
    public static func decodeStrict(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decodeStrict(symbols: $0) }
    }

    /// Same, from the encoded bytes (e.g. a CSV field read in place).
    public static func decodeStrict(_ bytes: UnsafeRawBufferPointer) -> [UInt8]? {
        decodeStrict(symbols: bytes.assumingMemoryBound(to: UInt8.self))
    }

    private static func decodeStrict(symbols: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard symbols.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(symbols.count / 4 * 3)
        let isValid = decodingTable.withUnsafeBufferPointer { table in
            var index = 0
            while index < symbols.count {
                let isLastGroup = index + 4 == symbols.count
                guard decodeGroup(symbols, at: index, table: table, allowsPadding: isLastGroup, into: &output)
                else { return false }
                index += 4
            }
            return true
        }
        return isValid ? output : nil
    }

    /// Decodes four symbols into 1 to 3 bytes. Padding may only end the input:
    /// `xx==` or `xxx=`, with the bits the padding drops all zero.
    @inline(__always)
    private static func decodeGroup(
        _ symbols: UnsafeBufferPointer<UInt8>, at start: Int, table: UnsafeBufferPointer<UInt8>,
        allowsPadding: Bool, into output: inout [UInt8]
    ) -> Bool {
        var paddingCount = 0
        if allowsPadding && symbols[start + 3] == UInt8(ascii: "=") {
            paddingCount = symbols[start + 2] == UInt8(ascii: "=") ? 2 : 1
        }
        var group: UInt32 = 0
        for offset in 0..<(4 - paddingCount) {
            let value = table[Int(symbols[start + offset])]
            guard value != 0xFF else { return false }
            group |= UInt32(value) << (18 - 6 * offset)
        }
        let droppedBitsMask: UInt32 = paddingCount == 2 ? 0xFFFF : paddingCount == 1 ? 0xFF : 0
        guard group & droppedBitsMask == 0 else { return false }
        output.append(UInt8(group >> 16 & 0xFF))
        if paddingCount < 2 { output.append(UInt8(group >> 8 & 0xFF)) }
        if paddingCount < 1 { output.append(UInt8(group & 0xFF)) }
        return true
    }
}
