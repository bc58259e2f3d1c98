/// The input every reader in recon takes: a source of bytes read in chunks.
///
/// Files, gzip streams and in-memory buffers all conform, so the CSV and JSON
/// readers never know where their bytes come from and never need the whole
/// input in memory.
public protocol ByteStream {
    /// Appends up to `maxCount` bytes to `buffer` and returns how many were
    /// appended. Returning 0 means the stream is at its end.
    mutating func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int
}

/// A `ByteStream` over bytes already in memory (tests, small inputs).
public struct ByteArrayStream: ByteStream, Sendable {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public init(_ text: String) {
        self.bytes = Array(text.utf8)
    }

    public mutating func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        let count = min(maxCount, bytes.count - position)
        guard count > 0 else { return 0 }
        buffer.append(contentsOf: bytes[position..<position + count])
        position += count
        return count
    }
}
