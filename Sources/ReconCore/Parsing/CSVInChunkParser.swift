private let comma = UInt8(ascii: ",")
private let quote = UInt8(ascii: "\"")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// Bit flags per byte value: which bytes end a run of plain field text.
private let endsUnquotedRun: UInt8 = 1
private let endsQuotedRun: UInt8 = 2
private let byteClasses: [UInt8] = (0...255).map { value -> UInt8 in
    let byte = UInt8(value)
    var flags: UInt8 = 0
    // NUL and non-ASCII need checking; the rest are CSV syntax.
    if byte == 0 || byte >= 0x80 || byte == quote || byte == lineFeed { flags |= endsUnquotedRun | endsQuotedRun }
    if byte == comma || byte == carriageReturn { flags |= endsUnquotedRun }
    return flags
}

/// Where a record parsed by `CSVInChunkParser` ends.
struct CSVInChunkRecord {
    /// Chunk index just past the record's line end.
    let end: Int
    let lineFeedCount: Int
    /// The record is a single quoted field (`""` is a record, a blank line is not).
    let isSingleQuotedField: Bool
}

/// The fast path of `CSVReader`: parses one well-formed record that lies
/// entirely inside the current chunk in a single pass, checking UTF-8 as it
/// goes. Returns nil for anything else (the record crosses the chunk end, ends
/// the file without a line end, breaks the format or a limit, has a NUL or
/// invalid UTF-8); the reader then re-reads the record on its general path,
/// which handles and reports every case. Records are far smaller than a
/// chunk, so almost every record takes this path.
enum CSVInChunkParser {
    static func parseRecord(
        in chunk: UnsafeBufferPointer<UInt8>, from start: Int, into record: inout CSVRecord,
        maxFieldBytes: Int, maxFieldCount: Int
    ) -> CSVInChunkRecord? {
        byteClasses.withUnsafeBufferPointer { classes in
            parseRecord(
                in: chunk, from: start, into: &record, classes: classes, maxFieldBytes: maxFieldBytes,
                maxFieldCount: maxFieldCount)
        }
    }

    /// Finds the fields first, then copies the record's bytes in one piece
    /// (one copy per record instead of one per field), then removes `""`
    /// escapes in place in the rare fields that have them.
    private static func parseRecord(
        in chunk: UnsafeBufferPointer<UInt8>, from start: Int, into record: inout CSVRecord,
        classes: UnsafeBufferPointer<UInt8>, maxFieldBytes: Int, maxFieldCount: Int
    ) -> CSVInChunkRecord? {
        var index = start
        var lineFeedCount = 0
        var hasEscapedQuotes = false
        while true {
            guard index < chunk.count else { return nil }
            let isQuoted = chunk[index] == quote
            let contentStart = isQuoted ? index + 1 : index
            let contentEnd: Int
            if isQuoted {
                guard let closingQuote = scanQuotedField(
                    chunk, from: contentStart, classes: classes, lineFeedCount: &lineFeedCount,
                    hasEscapedQuotes: &hasEscapedQuotes)
                else { return nil }
                contentEnd = closingQuote
                index = closingQuote + 1
            } else {
                guard let end = scanUnquotedField(chunk, from: contentStart, classes: classes) else { return nil }
                contentEnd = end
                index = end
            }
            // An escaped field may still fit once unescaped: the general path decides.
            guard contentEnd - contentStart <= maxFieldBytes, record.fieldCount < maxFieldCount,
                index < chunk.count
            else { return nil }
            record.appendField(contentStart - start..<contentEnd - start)
            let terminator = chunk[index]
            if terminator == comma {
                index += 1
                continue
            }
            let lineEndCount: Int
            if terminator == lineFeed {
                lineEndCount = 1
            } else if terminator == carriageReturn && index + 1 < chunk.count && chunk[index + 1] == lineFeed {
                lineEndCount = 2
            } else {
                return nil
            }
            record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<index]))
            if hasEscapedQuotes { removeEscapedQuotes(in: &record) }
            return CSVInChunkRecord(
                end: index + lineEndCount, lineFeedCount: lineFeedCount + 1,
                isSingleQuotedField: isQuoted && record.fieldCount == 1)
        }
    }

    /// Returns the index of the unquoted field's terminator.
    @inline(__always)
    private static func scanUnquotedField(
        _ chunk: UnsafeBufferPointer<UInt8>, from start: Int, classes: UnsafeBufferPointer<UInt8>
    ) -> Int? {
        var index = start
        while index < chunk.count {
            let byte = chunk[index]
            if classes[Int(byte)] & endsUnquotedRun == 0 {
                index += 1
            } else if byte >= 0x80 {
                guard let length = UTF8Validation.sequenceLength(chunk, at: index) else { return nil }
                index += length
            } else {
                return index
            }
        }
        return nil
    }

    /// Scans a quoted field after its opening quote; returns the index of the
    /// closing quote.
    @inline(__always)
    private static func scanQuotedField(
        _ chunk: UnsafeBufferPointer<UInt8>, from start: Int, classes: UnsafeBufferPointer<UInt8>,
        lineFeedCount: inout Int, hasEscapedQuotes: inout Bool
    ) -> Int? {
        var index = start
        while index < chunk.count {
            let byte = chunk[index]
            if classes[Int(byte)] & endsQuotedRun == 0 {
                index += 1
            } else if byte == quote {
                guard index + 1 < chunk.count else { return nil }
                guard chunk[index + 1] == quote else { return index }
                hasEscapedQuotes = true
                index += 2
            } else if byte == lineFeed {
                lineFeedCount += 1
                index += 1
            } else if byte >= 0x80 {
                guard let length = UTF8Validation.sequenceLength(chunk, at: index) else { return nil }
                index += length
            } else {
                return nil  // NUL
            }
        }
        return nil
    }

    /// Turns each `""` inside quoted fields into `"`, shifting the rest of the
    /// field left. Unquoted fields cannot contain quotes here.
    private static func removeEscapedQuotes(in record: inout CSVRecord) {
        for field in 0..<record.fieldCount {
            let range = record.fieldRange(field)
            var write = range.lowerBound
            var read = range.lowerBound
            record.bytes.withUnsafeMutableBufferPointer { bytes in
                while read < range.upperBound {
                    bytes[write] = bytes[read]
                    // Inside a field, a quote always comes doubled.
                    read += bytes[read] == quote ? 2 : 1
                    write += 1
                }
            }
            record.setFieldEnd(field, to: write)
        }
    }
}
