/// One comma-separated field of a BAI2 record.
struct BAI2Field {
    var bytes: ArraySlice<UInt8>
    var line: Int
    /// The last field of its segment (the record or one of its 88s).
    var endsSegment: Bool

    /// The field without surrounding blanks (fixed-width files pad fields).
    var text: String {
        var start = bytes.startIndex
        while start < bytes.endIndex, BAI2RecordSplitter.isBlank(bytes[start]) { start += 1 }
        return String(decoding: BAI2RecordSplitter.trimmingTrailingBlanks(bytes[start...]), as: UTF8.self)
    }

    var isBlank: Bool { bytes.allSatisfy(BAI2RecordSplitter.isBlank) }

    /// A field the record leaves out: BAI2 lets `/` end a record early, and
    /// the fields it leaves out are defaulted (blank).
    static func defaulted(line: Int) -> BAI2Field { BAI2Field(bytes: [], line: line, endsSegment: true) }
}

/// Reads the fields of a logical record in order, running on from the record
/// into its 88 continuations: an 88 starts with the next field.
struct BAI2FieldReader {
    private let segments: [BAI2Record]
    private var segmentIndex = 0
    /// Unread bytes of the current segment; nil once its last field is read.
    private var rest: ArraySlice<UInt8>?

    init(_ record: BAI2LogicalRecord) {
        segments = record.segments
        rest = segments[0].body[...]
    }

    /// The line of the segment being read, for errors.
    var line: Int { segments[min(segmentIndex, segments.count - 1)].line }

    /// Nil when every segment is read.
    mutating func next() -> BAI2Field? {
        while rest == nil {
            segmentIndex += 1
            guard segmentIndex < segments.count else { return nil }
            rest = segments[segmentIndex].body[...]
        }
        let unread = rest!
        let line = segments[segmentIndex].line
        if let comma = unread.firstIndex(of: UInt8(ascii: ",")) {
            rest = unread[(comma + 1)...]
            return BAI2Field(bytes: unread[..<comma], line: line, endsSegment: false)
        }
        rest = nil
        return BAI2Field(bytes: unread, line: line, endsSegment: true)
    }

    /// The next field, or a defaulted one when the record has ended.
    mutating func field() -> BAI2Field { next() ?? .defaulted(line: line) }

    /// Everything not read yet, as text: the rest of the current segment
    /// (commas included) and every later segment, each trimmed, joined with
    /// one space. This is how a 16 record's text runs on through its 88s.
    mutating func remainingText() -> String {
        var parts: [ArraySlice<UInt8>] = []
        if let rest { parts.append(rest) }
        rest = nil
        while segmentIndex + 1 < segments.count {
            segmentIndex += 1
            parts.append(segments[segmentIndex].body[...])
        }
        return parts.map { BAI2Field(bytes: $0, line: 0, endsSegment: true).text }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}

/// Field values of BAI2, checked, with errors that name the file and line.
struct BAI2Values {
    let fileName: String

    func error(_ kind: StatementError.Kind, line: Int, _ message: String) -> StatementError {
        StatementError(kind, fileName: fileName, line: line, message)
    }

    /// Whole minor units as BAI2 writes them: digits only, no decimal point,
    /// an optional `+`/`-` where `signed` (balances and control totals). Nil
    /// for a blank (defaulted) field.
    func amount(_ field: BAI2Field, _ what: String, signed: Bool) throws(StatementError) -> Int64? {
        let text = field.text
        guard !text.isEmpty else { return nil }
        var digits = Substring(text)
        var negative = false
        if let first = digits.first, first == "+" || first == "-" {
            guard signed else {
                throw error(
                    .invalidField, line: field.line,
                    "\(what) '\(text)' has a sign: detail amounts are unsigned, the type code gives the direction")
            }
            negative = first == "-"
            digits = digits.dropFirst()
        }
        if digits.contains(".") || digits.contains(",") {
            throw error(
                .invalidField, line: field.line,
                "\(what) '\(text)' has a decimal separator: BAI2 amounts are whole minor units of the currency")
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw error(.invalidField, line: field.line, "\(what) '\(text)' is not a whole number")
        }
        guard let magnitude = Int64(digits) else {
            throw error(.invalidField, line: field.line, "\(what) '\(text)' does not fit in 64 bits")
        }
        return negative ? -magnitude : magnitude
    }

    /// A count (items, records, accounts, groups): digits, nil when blank.
    func count(_ field: BAI2Field, _ what: String) throws(StatementError) -> Int? {
        let text = field.text
        guard !text.isEmpty else { return nil }
        guard text.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text) else {
            throw error(.invalidField, line: field.line, "\(what) '\(text)' is not a whole number")
        }
        return value
    }

    func requiredCount(_ field: BAI2Field, _ what: String) throws(StatementError) -> Int {
        guard let value = try count(field, what) else {
            throw error(.missingField, line: field.line, "\(what) is missing")
        }
        return value
    }

    /// `YYMMDD`, the years read as MT940 reads them (00-79 are 20YY).
    func date(_ field: BAI2Field, _ what: String) throws(StatementError) -> CivilDate {
        let text = field.text
        guard !text.isEmpty else { throw error(.missingField, line: field.line, "\(what) is missing") }
        guard let date = MT940Dates.date(yymmdd: text) else {
            throw error(.invalidField, line: field.line, "\(what) '\(text)' is not a YYMMDD calendar date")
        }
        return date
    }

    /// An ISO 4217 code; nil when blank (the default applies).
    func currency(_ field: BAI2Field, _ what: String) throws(StatementError) -> Currency? {
        let text = field.text
        guard !text.isEmpty else { return nil }
        guard let currency = Currency(code: text) else {
            throw error(.invalidField, line: field.line, "\(what) '\(text)' is not an ISO 4217 code")
        }
        return currency
    }

    /// Adds to a control total, refusing overflow rather than wrapping.
    func add(_ amount: Int64, to total: inout Int64, line: Int, _ what: String) throws(StatementError) {
        let (sum, overflow) = total.addingReportingOverflow(amount)
        guard !overflow else {
            throw error(.invalidField, line: line, "the sum of the amounts of \(what) does not fit in 64 bits")
        }
        total = sum
    }
}
