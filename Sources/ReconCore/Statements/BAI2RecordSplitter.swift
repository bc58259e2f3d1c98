/// One BAI2 record as written: its two-digit code and the bytes after `NN,`
/// up to the record's end (its `/` delimiter or the end of the physical line),
/// with trailing padding removed.
struct BAI2Record {
    var code: String
    var body: [UInt8]
    /// 1-based physical line where the record starts.
    var line: Int
}

/// A record with the 88 continuation records that follow it: one logical
/// record. Its fields run on from one segment to the next.
struct BAI2LogicalRecord {
    var code: String
    /// The record itself, then each of its 88 continuations.
    var segments: [BAI2Record]

    var line: Int { segments[0].line }
    /// What the 49/98/99 trailers count: the record and its 88s.
    var physicalCount: Int { segments.count }
}

/// Cuts BAI2 text into records.
///
/// Most banks write one record per line ending in `/`, but the samples also
/// show: several records on one line (`.../ 16,...`), records without their
/// final `/` (end of line or end of file ends them), fixed-width padding after
/// `/`, and a 16 text wrapped onto a next line that starts with no record code.
/// A 16 record's text (and the 88s that continue it) may hold `,` and `/`, so
/// such a record ends only at a `/` followed by nothing or by another record.
struct BAI2RecordSplitter {
    static let recordCodes: Set<String> = ["01", "02", "03", "16", "49", "88", "98", "99"]
    private static let slash = UInt8(ascii: "/")
    private static let comma = UInt8(ascii: ",")
    private static let space = UInt8(ascii: " ")

    let fileName: String
    /// The logical record being read: handed on when the next record other
    /// than 88 starts, or at the end. Memory: this one record, at most
    /// ``StatementLimits/elementTextBytesMax`` (its segments count too).
    private var logical: BAI2LogicalRecord?
    /// Bytes of `logical` as the limit counts them.
    private var lastBytes = 0
    /// The last record other than 88 is a 16: its 88s continue its text.
    private var continuesText = false
    /// The last record is text that did not end with '/': a next line
    /// without a record code is more of that text.
    private var textIsOpen = false

    init(fileName: String) { self.fileName = fileName }

    /// Reads the records on one physical line.
    mutating func add(_ physical: StatementPhysicalLine, _ emit: (BAI2LogicalRecord) throws -> Void) throws {
        let lineNumber = physical.number
        let line = physical.bytes[...]
        if physical.isOverLimit {
            throw StatementError(
                .limitExceeded, fileName: fileName, line: lineNumber,
                "line is \(physical.byteCount) bytes, over the limit of "
                    + "\(StatementLimits.describe(bytes: StatementLimits.physicalLineBytesMax)) per line"
                    + (Self.recordCode(line, at: line.startIndex).map { " (record \($0))" } ?? ""))
        }
        var position = line.startIndex
        var atLineStart = true
        while true {
            while position < line.endIndex, Self.isBlank(line[position]) { position += 1 }
            guard position < line.endIndex else { break }
            if let code = Self.recordCode(line, at: position) {
                guard Self.recordCodes.contains(code) else {
                    throw StatementError(
                        .malformed, fileName: fileName, line: lineNumber,
                        "unknown record type '\(code)': BAI2 records are 01, 02, 03, 16, 49, 88, 98 and 99")
                }
                let isText = code == "16" || (code == "88" && continuesText)
                let bodyStart = position + 3
                let end = isText ? Self.textEnd(line, from: bodyStart) : line[bodyStart...].firstIndex(of: Self.slash)
                let body = Self.trimmingTrailingBlanks(line[bodyStart..<(end ?? line.endIndex)])
                try start(BAI2Record(code: code, body: Array(body), line: lineNumber), emit)
                if code != "88" { continuesText = code == "16" }
                textIsOpen = isText && end == nil
                position = end.map { $0 + 1 } ?? line.endIndex
            } else if atLineStart, textIsOpen, logical != nil {
                // A bank that wraps a long 16 text onto the next line
                // without writing 88 (moov-io sample3): the trailer's
                // record count shows the line is no record of its own.
                let end = Self.textEnd(line, from: position)
                let more = Self.trimmingTrailingBlanks(line[position..<(end ?? line.endIndex)])
                if !more.isEmpty { try grow(by: [Self.space] + more) }
                textIsOpen = end == nil
                position = end.map { $0 + 1 } ?? line.endIndex
            } else {
                let shown = String(decoding: line[position...].prefix(24), as: UTF8.self)
                throw StatementError(
                    .malformed, fileName: fileName, line: lineNumber,
                    "'\(shown)' is not a BAI2 record: a record starts with a two-digit record code and a comma")
            }
            atLineStart = false
        }
    }

    mutating func finish(_ emit: (BAI2LogicalRecord) throws -> Void) throws {
        if let record = logical { try emit(record) }
        logical = nil
    }

    /// A new record: an 88 continues the logical record, any other ends it
    /// (which is then complete and handed on) and begins the next.
    private mutating func start(_ record: BAI2Record, _ emit: (BAI2LogicalRecord) throws -> Void) throws {
        // Segments count too: a million empty 88s are no record anyone writes.
        lastBytes = (record.code == "88" ? lastBytes : 0) + record.body.count + 4
        if record.code == "88" {
            guard logical != nil else {
                throw StatementError(
                    .malformed, fileName: fileName, line: record.line,
                    "88 continuation record with no record before it to continue")
            }
            logical!.segments.append(record)
        } else {
            if let complete = logical { try emit(complete) }
            logical = BAI2LogicalRecord(code: record.code, segments: [record])
        }
        try checkLimit()
    }

    /// Wrapped text on a line of its own, added to the last record.
    private mutating func grow(by more: [UInt8]) throws {
        logical!.segments[logical!.segments.count - 1].body += more
        lastBytes += more.count
        try checkLimit()
    }

    private func checkLimit() throws {
        guard let last = logical, lastBytes > StatementLimits.elementTextBytesMax else { return }
        throw StatementError(
            .limitExceeded, fileName: fileName, line: last.line,
            "\(last.code) record with its 88 continuations is longer than the limit of "
                + "\(StatementLimits.describe(bytes: StatementLimits.elementTextBytesMax)) per record "
                + "(at line \(last.segments[last.segments.count - 1].line))")
    }

    /// `NN,` at `position`: the record code.
    private static func recordCode(_ line: ArraySlice<UInt8>, at position: Int) -> String? {
        guard line.endIndex - position >= 3, isDigit(line[position]), isDigit(line[position + 1]),
            line[position + 2] == comma
        else { return nil }
        return String(decoding: line[position..<position + 2], as: UTF8.self)
    }

    /// The `/` that ends a text record: one followed (after blanks) by the end
    /// of the line or by another record. Nil when the text runs to the line's end.
    private static func textEnd(_ line: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start
        while let candidate = line[index...].firstIndex(of: slash) {
            var next = candidate + 1
            while next < line.endIndex, isBlank(line[next]) { next += 1 }
            if next == line.endIndex { return candidate }
            if let code = recordCode(line, at: next), recordCodes.contains(code) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    static func trimmingTrailingBlanks(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var end = bytes.endIndex
        while end > bytes.startIndex, isBlank(bytes[end - 1]) { end -= 1 }
        return bytes[bytes.startIndex..<end]
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
