private let comma = UInt8(ascii: ",")
private let quote = UInt8(ascii: "\"")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// Streaming RFC 4180 reader (SPEC §3): quoted fields, `""` escapes, newlines
/// inside quotes, LF or CRLF line ends, a leading UTF-8 BOM ignored.
///
/// A row that breaks the format or a limit is reported as `CSVMalformedRow`
/// and reading goes on with the next row. Bytes of a rejected row are not kept,
/// so memory stays bounded by the limits whatever the input holds (a 1 GB field
/// or ten million columns included): at most `maxFieldBytes * maxFieldCount`
/// for a record plus one input chunk.
///
/// The header row is an ordinary record: read it with `readHeader()` or `next()`.
public struct CSVReader {
    public let maxFieldBytes: Int
    public let maxFieldCount: Int
    /// Whether lines with no bytes at all are skipped instead of being read as
    /// a record of one empty field (a one-column file then writes `""`).
    public let skipsBlankLines: Bool

    private var input: BufferedByteReader
    private var hasStarted = false
    /// Physical line of the next byte to read.
    private var line = 1
    // State of the row being read.
    private var problem: CSVMalformedRow.Reason?
    private var problemField: Int?
    private var fieldByteCount = 0
    // Sizes of the last record `next()` returned.
    private var previousByteCount = 0
    private var previousFieldCount = 0

    public init(
        _ stream: some ByteStream, maxFieldBytes: Int = 64 * 1024, maxFieldCount: Int = 512,
        skipsBlankLines: Bool = true
    ) {
        precondition(maxFieldBytes >= 0 && maxFieldCount > 0, "CSV limits must be positive")
        self.input = BufferedByteReader(stream)
        self.maxFieldBytes = maxFieldBytes
        self.maxFieldCount = maxFieldCount
        self.skipsBlankLines = skipsBlankLines
    }

    /// The next record or malformed row, or nil at the end of the input.
    /// Throws only what the underlying stream throws. Each record is a new
    /// value (two allocations); `read(into:)` avoids even those.
    public mutating func next() throws -> CSVReadResult? {
        var record = CSVRecord()
        // Sized like the previous record, so the arrays never grow while filling.
        record.reserveCapacity(byteCount: previousByteCount, fieldCount: previousFieldCount)
        switch try read(into: &record) {
        case .record:
            previousByteCount = record.bytes.count
            previousFieldCount = record.fieldCount
            return .record(record)
        case .malformed(let row): return .malformed(row)
        case .endOfInput: return nil
        }
    }

    /// Reads the first record as the header. Throws `CSVHeaderError` when the
    /// input is empty or the header row is malformed.
    public mutating func readHeader() throws -> CSVRecord {
        var record = CSVRecord()
        switch try read(into: &record) {
        case .record: return record
        case .malformed(let row): throw CSVHeaderError.malformed(row)
        case .endOfInput: throw CSVHeaderError.missing
        }
    }

    /// Reads the next row into `record`, reusing its storage. This is the fast
    /// path: a loop over a whole file allocates nothing per row.
    ///
    /// Most records are parsed in one pass inside the current chunk
    /// (`CSVInChunkParser`); the rest, including every malformed row, take the
    /// general byte-by-byte path below.
    public mutating func read(into record: inout CSVRecord) throws -> CSVReadStatus {
        if !hasStarted {
            hasStarted = true
            try input.skipByteOrderMark()
        }
        while true {
            record.removeAll()
            guard try input.hasByte() else { return .endOfInput }
            record.line = line
            let position = input.position
            let inChunk = input.chunk.withUnsafeBufferPointer { chunk in
                CSVInChunkParser.parseRecord(
                    in: chunk, from: position, into: &record, maxFieldBytes: maxFieldBytes,
                    maxFieldCount: maxFieldCount)
            }
            if let inChunk {
                input.position = inChunk.end
                line += inChunk.lineFeedCount
                let isBlankLine = record.fieldCount == 1 && record.bytes.isEmpty && !inChunk.isSingleQuotedField
                if isBlankLine && skipsBlankLines { continue }
                return .record
            }
            record.removeAll()
            problem = nil
            problemField = nil
            let endedWithQuotedField = try readFields(into: &record)
            if let problem {
                return .malformed(
                    CSVMalformedRow(line: record.line, reason: problem, fieldNumber: problemField))
            }
            let isBlankLine = record.fieldCount == 1 && record.bytes.isEmpty && !endedWithQuotedField
            if isBlankLine && skipsBlankLines { continue }
            if let (reason, field) = firstEncodingProblem(in: record) {
                return .malformed(CSVMalformedRow(line: record.line, reason: reason, fieldNumber: field))
            }
            return .record
        }
    }

    /// Reads fields up to the end of the record. Returns whether the only
    /// field was quoted (to tell `""` from a blank line).
    private mutating func readFields(into record: inout CSVRecord) throws -> Bool {
        var fieldWasQuoted = false
        while true {
            fieldByteCount = 0
            let fieldStart = record.bytes.count
            fieldWasQuoted = try input.peek() == quote
            let terminator: UInt8?
            if fieldWasQuoted {
                input.position += 1
                terminator = try readQuotedField(into: &record)
            } else {
                terminator = try readUnquotedField(into: &record)
            }
            endField(startingAt: fieldStart, in: &record)
            if terminator != comma { return fieldWasQuoted && record.fieldCount == 1 }
        }
    }

    /// Reads up to and including the field's terminator; returns the
    /// terminator (`,` or line feed) or nil at the end of the input.
    private mutating func readUnquotedField(into record: inout CSVRecord) throws -> UInt8? {
        while try input.hasByte() {
            let start = input.position
            let stop = input.chunk.withUnsafeBufferPointer { chunk in
                var index = start
                while index < chunk.count {
                    let byte = chunk[index]
                    if byte == comma || byte == lineFeed || byte == carriageReturn || byte == quote {
                        break
                    }
                    index += 1
                }
                return index
            }
            keep(start..<stop, into: &record)
            input.position = stop
            guard stop < input.chunk.count else { continue }
            let byte = input.chunk[stop]
            input.position += 1
            switch byte {
            case comma:
                return comma
            case lineFeed:
                line += 1
                return lineFeed
            case carriageReturn:
                if try input.peek() == lineFeed {
                    input.position += 1
                    line += 1
                    return lineFeed
                }
                report(.bareCarriageReturn, field: record.fieldCount)
            default:
                report(.quoteInUnquotedField, field: record.fieldCount)
            }
        }
        return nil
    }

    /// Reads after the opening quote up to and including the terminator that
    /// follows the closing quote.
    private mutating func readQuotedField(into record: inout CSVRecord) throws -> UInt8? {
        while try input.hasByte() {
            let start = input.position
            let stop = input.chunk.withUnsafeBufferPointer { chunk in
                var index = start
                while index < chunk.count && chunk[index] != quote && chunk[index] != lineFeed {
                    index += 1
                }
                return index
            }
            keep(start..<stop, into: &record)
            input.position = stop
            guard stop < input.chunk.count else { continue }
            input.position += 1
            if input.chunk[stop] == lineFeed {
                line += 1
                keepByte(lineFeed, into: &record)
                continue
            }
            // A quote: either an escaped quote or the end of the field.
            let following = try input.peek()
            if following == quote {
                input.position += 1
                keepByte(quote, into: &record)
                continue
            }
            if following == nil || following == comma || following == lineFeed
                || following == carriageReturn
            {
                return try readUnquotedField(into: &record)
            }
            // Text after the closing quote: reject, and read the rest of the
            // field as unquoted text to find where the record ends.
            report(.garbageAfterClosingQuote, field: record.fieldCount)
            return try readUnquotedField(into: &record)
        }
        report(.unterminatedQuote, field: record.fieldCount)
        return nil
    }

    @inline(__always)
    private mutating func keep(_ range: Range<Int>, into record: inout CSVRecord) {
        guard !range.isEmpty else { return }
        fieldByteCount += range.count
        guard problem == nil else { return }
        if fieldByteCount > maxFieldBytes {
            report(.fieldTooLong, field: record.fieldCount)
            return
        }
        record.bytes.append(contentsOf: input.chunk[range])
    }

    private mutating func keepByte(_ byte: UInt8, into record: inout CSVRecord) {
        fieldByteCount += 1
        guard problem == nil else { return }
        if fieldByteCount > maxFieldBytes {
            report(.fieldTooLong, field: record.fieldCount)
            return
        }
        record.bytes.append(byte)
    }

    private mutating func endField(startingAt start: Int, in record: inout CSVRecord) {
        guard problem == nil else { return }
        if record.fieldCount == maxFieldCount {
            report(.tooManyFields, field: nil)
            return
        }
        record.appendField(start..<record.bytes.count)
    }

    /// Records the first problem of the row; later ones add nothing useful.
    private mutating func report(_ reason: CSVMalformedRow.Reason, field index: Int?) {
        guard problem == nil else { return }
        problem = reason
        problemField = index.map { $0 + 1 }
    }

    /// Checks each field on its own: a sequence split across two fields would
    /// look valid in the concatenated bytes.
    private func firstEncodingProblem(in record: CSVRecord) -> (CSVMalformedRow.Reason, Int)? {
        record.bytes.withUnsafeBufferPointer { bytes in
            for index in 0..<record.fieldCount {
                let field = UnsafeBufferPointer(rebasing: bytes[record.fieldRange(index)])
                switch UTF8Validation.firstProblem(in: field) {
                case nil: continue
                case .nulByte: return (.nulByte, index + 1)
                case .invalidUTF8: return (.invalidUTF8, index + 1)
                }
            }
            return nil
        }
    }
}

/// Why a CSV file has no usable header row.
public enum CSVHeaderError: Error, Sendable, Equatable {
    case missing
    case malformed(CSVMalformedRow)
}
