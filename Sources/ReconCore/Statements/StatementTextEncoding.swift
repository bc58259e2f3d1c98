/// How MT940 and BAI2 bytes become text. SWIFT text is ASCII, but banks send
/// UTF-8 or ISO 8859-1 for umlauts: a file that is valid UTF-8 throughout is
/// read as UTF-8, anything else as Latin-1 (every byte one character, so no
/// input is lost or traps). The choice is the whole file's, as it was when
/// the file was decoded in one piece: a first pass over the chunks decides
/// it, so a Latin-1 byte near the end still changes how line 1 reads.
enum StatementTextEncoding {
    case utf8
    case latin1

    /// One pass over `source`; memory: one chunk and at most 3 carried bytes.
    static func of(_ source: StatementByteSource, fileName: String) throws -> StatementTextEncoding {
        var validator = UTF8ChunkValidator()
        do {
            try source.forEachChunk(fileName: fileName) { chunk in
                if !validator.feed(chunk) { throw Latin1Found() }
            }
        } catch is Latin1Found {
            return .latin1
        }
        return validator.finish() ? .utf8 : .latin1
    }

    private struct Latin1Found: Error {}

    /// Appends `bytes` decoded to UTF-8: as they are, or each byte of 0x80
    /// and above as its two-byte Latin-1 character.
    func append(_ bytes: some Collection<UInt8>, to decoded: inout [UInt8]) {
        switch self {
        case .utf8: decoded.append(contentsOf: bytes)
        case .latin1:
            for byte in bytes { Self.appendLatin1(byte, to: &decoded) }
        }
    }

    /// Bytes one raw byte becomes: 1, or 2 for a Latin-1 byte of 0x80 and above.
    func decodedCount(of byte: UInt8) -> Int { self == .latin1 && byte >= 0x80 ? 2 : 1 }

    static func appendLatin1(_ byte: UInt8, to decoded: inout [UInt8]) {
        if byte < 0x80 {
            decoded.append(byte)
        } else {
            decoded.append(0xC0 | (byte >> 6))
            decoded.append(0x80 | (byte & 0x3F))
        }
    }
}

/// Validates UTF-8 arriving in chunks: a sequence cut at a chunk's end is
/// carried into the next chunk.
struct UTF8ChunkValidator {
    private var carry: [UInt8] = []

    /// False as soon as the bytes so far cannot be valid UTF-8.
    mutating func feed(_ chunk: ArraySlice<UInt8>) -> Bool {
        var bytes = carry
        bytes += chunk
        let cut = Self.incompleteTail(bytes)
        carry = Array(bytes[cut...])
        return String(validating: bytes[..<cut], as: UTF8.self) != nil
    }

    /// True when the stream ended on a whole sequence.
    func finish() -> Bool { carry.isEmpty }

    /// Where a multi-byte sequence that the chunk's end cuts off begins (the
    /// end when none is cut off). Looks back at most 3 bytes for its lead byte.
    static func incompleteTail(_ bytes: [UInt8]) -> Int {
        var index = bytes.count - 1
        while index >= 0, index >= bytes.count - 3 {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 {
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return bytes.count - index < length ? index : bytes.count
            }
            index -= 1
        }
        return bytes.count
    }
}
