private let lineFeed = UInt8(ascii: "\n")

/// Streaming reader of JSON Lines / NDJSON (SPEC §3): one JSON value per line.
///
/// Blank (whitespace-only) lines are skipped. A line that does not parse is a
/// malformed record and reading goes on. A line longer than `maxLineBytes` is
/// malformed too and is skipped without being buffered, so memory stays at one
/// line of at most `maxLineBytes` plus one input chunk.
public struct JSONLinesReader {
    public let maxLineBytes: Int
    public let parser: JSONParser

    private var input: BufferedByteReader
    private var hasStarted = false
    private var nextLine = 1
    private var recordCount = 0
    private var lineBytes: [UInt8] = []

    public init(_ stream: some ByteStream, maxLineBytes: Int = 1024 * 1024, parser: JSONParser = JSONParser()) {
        precondition(maxLineBytes > 0, "maxLineBytes must be positive")
        self.input = BufferedByteReader(stream)
        self.maxLineBytes = maxLineBytes
        self.parser = parser
    }

    /// The next record, or nil at the end. Throws only what the stream throws.
    public mutating func next() throws -> JSONRecordResult? {
        if !hasStarted {
            hasStarted = true
            try input.skipByteOrderMark()
        }
        while try input.hasByte() {
            let line = nextLine
            nextLine += 1
            let fitsLimit = try readLine()
            guard fitsLimit else {
                recordCount += 1
                return JSONRecordResult(
                    line: line, index: recordCount,
                    content: .malformed(detail: "line longer than \(maxLineBytes) bytes"))
            }
            if lineBytes.allSatisfy(isJSONLinesWhitespace) { continue }
            recordCount += 1
            return JSONRecordResult.parsing(lineBytes, line: line, index: recordCount, parser: parser)
        }
        return nil
    }

    /// Reads up to and including the next line feed into `lineBytes`.
    /// Returns false, with the line consumed but not kept, when it is too long.
    private mutating func readLine() throws -> Bool {
        lineBytes.removeAll(keepingCapacity: lineBytes.capacity <= 64 * 1024)
        var byteCount = 0
        while try input.hasByte() {
            let start = input.position
            let chunk = input.chunk
            let stop = chunk[start...].firstIndex(of: lineFeed) ?? chunk.count
            byteCount += stop - start
            if byteCount <= maxLineBytes {
                lineBytes.append(contentsOf: chunk[start..<stop])
            }
            input.position = stop
            if stop < chunk.count {
                input.position += 1
                break
            }
        }
        if byteCount > maxLineBytes {
            lineBytes.removeAll()
            return false
        }
        return true
    }
}

/// JSON whitespace other than the line feed that ends the line.
private func isJSONLinesWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D
}
