/// A chunk buffer in front of a `ByteStream`.
///
/// Readers scan `chunk` directly by index (that is what keeps the CSV inner
/// loop fast) and call `refill()` when `position` reaches the end. Memory is
/// one chunk, whatever the size of the input.
///
/// The stream is held as an existential on purpose: readers are then plain
/// (non-generic) types whose byte loops are compiled and optimized once in this
/// module, instead of running unspecialized when instantiated from another
/// module. The dynamic call happens once per chunk, not per byte.
struct BufferedByteReader {
    private var stream: any ByteStream
    private let chunkByteCount: Int
    private(set) var isAtEnd = false
    /// The current chunk. Bytes before `position` are consumed.
    private(set) var chunk: [UInt8] = []
    var position = 0
    /// Offset in the whole stream of `chunk[0]`.
    private var chunkStartOffset = 0

    /// Offset in the whole stream of the byte at `position`.
    var byteOffset: Int { chunkStartOffset + position }

    init(_ stream: any ByteStream, chunkByteCount: Int = 64 * 1024) {
        precondition(chunkByteCount > 0, "chunkByteCount must be positive")
        self.stream = stream
        self.chunkByteCount = chunkByteCount
        chunk.reserveCapacity(chunkByteCount)
    }

    /// Whether a byte is available at `position`, reading the next chunk when
    /// the current one is used up. False only at the end of the stream.
    @inline(__always)
    mutating func hasByte() throws -> Bool {
        if position < chunk.count { return true }
        return try refill()
    }

    /// Replaces the used-up chunk with the next one. Returns false at the end.
    mutating func refill() throws -> Bool {
        guard !isAtEnd else { return false }
        chunkStartOffset += chunk.count
        chunk.removeAll(keepingCapacity: true)
        position = 0
        // A stream may legally return fewer bytes than asked; only 0 is the end.
        let count = try stream.read(into: &chunk, maxCount: chunkByteCount)
        if count == 0 { isAtEnd = true }
        return count > 0
    }

    /// Returns the byte at `position` without consuming it, or nil at the end.
    mutating func peek() throws -> UInt8? {
        try hasByte() ? chunk[position] : nil
    }

    /// Consumes and returns the next byte, or nil at the end.
    mutating func next() throws -> UInt8? {
        guard try hasByte() else { return nil }
        defer { position += 1 }
        return chunk[position]
    }

    /// Skips a UTF-8 byte order mark if the stream starts with one. Call before
    /// reading anything else. SPEC §3: a leading BOM is ignored.
    mutating func skipByteOrderMark() throws {
        // Gather three bytes even if the stream hands them out one at a time.
        while chunk.count - position < 3 && !isAtEnd {
            let kept = Array(chunk[position...])
            chunkStartOffset += position
            chunk = kept
            position = 0
            if try stream.read(into: &chunk, maxCount: chunkByteCount) == 0 { isAtEnd = true }
        }
        if chunk.count - position >= 3, chunk[position] == 0xEF, chunk[position + 1] == 0xBB,
            chunk[position + 2] == 0xBF
        {
            position += 3
        }
    }
}
