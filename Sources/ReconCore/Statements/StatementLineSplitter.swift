/// One physical line of an MT940 or BAI2 file, decoded to UTF-8.
struct StatementPhysicalLine {
    /// 1-based, counting every LF, CRLF and lone CR.
    var number: Int
    /// The decoded bytes; only the first ``StatementLimits/physicalLineBytesMax``
    /// (and a little) of a longer line are kept.
    var bytes: [UInt8]
    /// The decoded length of the whole line, also when it was not all kept.
    var byteCount: Int

    var isOverLimit: Bool { byteCount > StatementLimits.physicalLineBytesMax }
}

/// Cuts raw chunks into physical lines as they arrive, with the line numbers
/// the whole-file split gave: LF, CRLF (also across a chunk boundary) or a
/// lone CR end a line, a final line end is optional. Byte order marks at the
/// file's start are dropped. Memory: one line, at most the line limit, however
/// long the line is (a longer one is only counted).
struct StatementLineSplitter {
    let encoding: StatementTextEncoding
    /// Byte order marks still to drop at the start (BAI2 drops two: one when
    /// decoding, one when splitting, as the whole-file reader did).
    private var marksToDrop: Int
    private var head: [UInt8] = []
    private var current: [UInt8] = []
    private var currentCount = 0
    private var hasOpenLine = false
    private var lineNumber = 0
    /// The last byte was a CR: an LF right after it belongs to the same line end.
    private var afterCR = false
    private static let keepLimit = StatementLimits.physicalLineBytesMax + 4

    init(encoding: StatementTextEncoding, byteOrderMarks: Int) {
        self.encoding = encoding
        self.marksToDrop = byteOrderMarks
    }

    mutating func feed(_ chunk: ArraySlice<UInt8>, _ emit: (StatementPhysicalLine) throws -> Void) throws {
        if marksToDrop > 0 {
            head += chunk
            guard dropMarks(atEnd: false) else { return }
            let bytes = head
            head = []
            try split(bytes[...], emit)
        } else {
            try split(chunk, emit)
        }
    }

    mutating func finish(_ emit: (StatementPhysicalLine) throws -> Void) throws {
        if marksToDrop > 0 {
            _ = dropMarks(atEnd: true)
            let bytes = head
            head = []
            try split(bytes[...], emit)
        }
        if hasOpenLine { try emitLine(emit) }
    }

    /// False while fewer than 3 bytes are known and a mark may still follow.
    private mutating func dropMarks(atEnd: Bool) -> Bool {
        while marksToDrop > 0 {
            if head.count < 3 && !atEnd { return false }
            guard head.starts(with: [0xEF, 0xBB, 0xBF]) else { break }
            head.removeFirst(3)
            marksToDrop -= 1
        }
        marksToDrop = 0
        return true
    }

    private mutating func split(_ chunk: ArraySlice<UInt8>, _ emit: (StatementPhysicalLine) throws -> Void) throws {
        var index = chunk.startIndex
        if afterCR, index < chunk.endIndex {
            afterCR = false
            if chunk[index] == 0x0A { index += 1 }
        }
        while index < chunk.endIndex {
            var end = index
            while end < chunk.endIndex, chunk[end] != 0x0A, chunk[end] != 0x0D { end += 1 }
            append(chunk[index..<end])
            guard end < chunk.endIndex else { return }
            try emitLine(emit)
            if chunk[end] == 0x0D {
                if end + 1 < chunk.endIndex {
                    if chunk[end + 1] == 0x0A { end += 1 }
                } else {
                    afterCR = true
                }
            }
            index = end + 1
        }
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return }
        hasOpenLine = true
        if encoding == .utf8 {
            currentCount += bytes.count
            if current.count < Self.keepLimit { current += bytes.prefix(Self.keepLimit - current.count) }
            return
        }
        for byte in bytes {
            currentCount += encoding.decodedCount(of: byte)
            if current.count < Self.keepLimit { StatementTextEncoding.appendLatin1(byte, to: &current) }
        }
    }

    private mutating func emitLine(_ emit: (StatementPhysicalLine) throws -> Void) throws {
        lineNumber += 1
        let line = StatementPhysicalLine(number: lineNumber, bytes: current, byteCount: currentCount)
        current.removeAll(keepingCapacity: true)
        currentCount = 0
        hasOpenLine = false
        try emit(line)
    }
}
